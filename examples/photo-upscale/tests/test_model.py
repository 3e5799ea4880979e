"""The model: shapes, preprocessing, learning, and saving."""

import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from photo_upscale.model import adapt, build_model, compile_model


def _ready_model(config, inputs, targets):
    model = build_model(config.model)
    adapt(model, tf.data.Dataset.from_tensors((inputs, targets)))
    compile_model(model, config.train)
    return model


def test_outputs_are_scale_times_larger_for_odd_sizes(config):
    model = build_model(config.model)
    scale, channels = config.model.scale, config.model.channels
    for height, width in ((7, 9), (5, 4)):
        images = np.random.default_rng(height).random((2, height, width, channels), dtype="float32")
        assert model.predict(images, verbose=0).shape == (2, height * scale, width * scale, channels)


def test_the_skip_alone_is_bicubic_upscaling(config, batch):
    from photo_upscale.evaluate import upscale_bicubic

    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    model.fit(inputs, targets, epochs=1, verbose=0)  # the detail convolution moves off zero
    detail = model.get_layer("detail")
    detail.set_weights([np.zeros_like(weight) for weight in detail.get_weights()])
    expected = upscale_bicubic(inputs, config.model.scale)
    np.testing.assert_allclose(model.predict(inputs, verbose=0), expected, atol=2e-3)


def test_the_model_reads_images_of_any_size_with_the_configured_channels(config, batch):
    inputs, targets = batch
    model = build_model(config.model)
    assert model.input_shape == (None, None, None, config.model.channels)
    assert inputs.shape[-1] == config.model.channels and inputs.dtype == "float32"


def test_pixels_are_centered_on_zero_inside_the_model(config):
    model = build_model(config.model)
    pixels = np.stack([np.zeros((4, 4, config.model.channels)), np.ones((4, 4, config.model.channels))])
    centered = np.asarray(model.get_layer("center")(pixels.astype("float32")))
    assert centered.min() == -0.5 and centered.max() == 0.5


@pytest.mark.slow
def test_model_can_overfit_a_tiny_batch(config, batch):
    """The blocks and the loss learn one batch: a check of the gradients, not of the optimizer.

    An untrained model is its skip connection, which upscales each input by bicubic interpolation: it is
    close to the true targets already and leaves the blocks little to learn on them. So the
    blocks learn the targets' negatives instead, which the skip gets all wrong. Adam at
    0.001 stands in for the project's optimizer (at 0.003, one SSIM run in three stalled
    at a constant output); the bar (half the skip's loss) leaves room for small blocks and for L1-like losses.
    """
    inputs, targets = batch
    negatives = 1.0 - targets
    model = _ready_model(config, inputs, negatives)
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss=model.loss)
    before = model.evaluate(inputs, negatives, verbose=0, return_dict=True)["loss"]
    steps = tf.data.Dataset.from_tensors((inputs, negatives)).repeat(200)  # one epoch: no per-epoch overhead
    model.fit(steps, shuffle=False, verbose=0)
    after = model.evaluate(inputs, negatives, verbose=0, return_dict=True)["loss"]
    assert np.isfinite(after) and after < 0.5 * before, f"loss went from {before:.4f} to {after:.4f}"


def test_saved_model_loads_with_identical_predictions(config, batch, tmp_path):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    model.fit(inputs, targets, epochs=1, verbose=0)
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")
    _assert_same_predictions(restored.predict(inputs, verbose=0), model.predict(inputs, verbose=0))
    configs = [keras.tree.map_structure(lambda loss: loss.get_config(), m.loss) for m in (restored, model)]
    assert configs[0] == configs[1]


def test_saved_model_loads_in_a_fresh_process_that_imports_only_the_package(config, batch, tmp_path):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    model.fit(inputs, targets, epochs=1, verbose=0)
    model.save(tmp_path / "model.keras")
    tf.data.Dataset.from_tensors(inputs).save(str(tmp_path / "inputs"))
    script = textwrap.dedent(
        f"""
        import keras, numpy as np, tensorflow as tf
        import photo_upscale  # registers the custom objects, if any
        model = keras.models.load_model({str(tmp_path / "model.keras")!r})
        inputs = tf.data.Dataset.load({str(tmp_path / "inputs")!r})
        np.savez({str(tmp_path / "restored.npz")!r}, *keras.tree.flatten(model.predict(inputs, verbose=0)))
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    with np.load(tmp_path / "restored.npz") as restored:
        _assert_same_predictions(list(restored.values()), keras.tree.flatten(model.predict(inputs, verbose=0)))


@pytest.fixture
def mixed_bfloat16():
    """Make layers under the `mixed_bfloat16` dtype policy in one test, then put back the policy before."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy(previous)


def test_outputs_and_loss_are_float32_under_mixed_precision(config, batch, mixed_bfloat16):
    # Under a 16-bit policy the layers compute in bfloat16, but the output layers in float32,
    # so predictions keep their range and the loss its precision.
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    assert keras.config.dtype_policy().name == "mixed_bfloat16"
    assert {np.asarray(output).dtype for output in keras.tree.flatten(model.predict(inputs, verbose=0))} == {
        np.dtype("float32")
    }
    history = model.fit(inputs, targets, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def _assert_same_predictions(actual, expected):
    """Equal up to float noise: one array, or one per head."""
    for left, right in zip(keras.tree.flatten(actual), keras.tree.flatten(expected), strict=True):
        np.testing.assert_allclose(left, right, rtol=1e-5, atol=1e-6)
