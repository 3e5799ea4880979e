"""`MaskedConv1D`: its output shape, mixed precision, its config, saving and loading, and its gradients."""

import keras
import numpy as np
import pytest

from library_docstrings.layers.masked_conv1d import MaskedConv1D

SAMPLE_SHAPE = (2, 6, 4)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = MaskedConv1D()
    outputs = layer(sample())
    assert tuple(outputs.shape) == tuple(layer.compute_output_shape(SAMPLE_SHAPE))
    symbolic = layer(keras.Input(SAMPLE_SHAPE[1:]))
    assert tuple(symbolic.shape) == tuple(layer.compute_output_shape((None, *SAMPLE_SHAPE[1:])))


@pytest.fixture
def mixed_bfloat16():
    """The global dtype policy `mixed_bfloat16` for one test: weights in float32, computations in bfloat16."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy(previous)


def as_float32(tensor):
    return keras.ops.convert_to_numpy(keras.ops.cast(tensor, "float32"))


def test_computes_in_bfloat16_under_mixed_bfloat16_close_to_float32(mixed_bfloat16):
    """Outputs in bfloat16 and weights in float32; with `dtype="float32"` the same layer gives float32's result."""
    layer, reference = MaskedConv1D(), MaskedConv1D(dtype="float32")
    outputs = layer(sample())
    reference(sample())  # builds its weights, then takes the other layer's
    reference.set_weights(layer.get_weights())
    expected = reference(sample())
    assert keras.backend.standardize_dtype(outputs.dtype) == layer.compute_dtype == "bfloat16"
    assert keras.backend.standardize_dtype(expected.dtype) == "float32"
    assert all(keras.backend.standardize_dtype(weight.dtype) == "float32" for weight in layer.weights)
    np.testing.assert_allclose(as_float32(outputs), as_float32(expected), rtol=2e-2, atol=2e-2)
    model = keras.Sequential([keras.Input(SAMPLE_SHAPE[1:]), layer])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mean_squared_error")
    loss = model.train_on_batch(sample(), np.full(layer.compute_output_shape(SAMPLE_SHAPE), 0.5, "float32"))
    assert np.isfinite(loss) and all(np.isfinite(as_float32(weight)).all() for weight in layer.trainable_weights)


def test_config_round_trip():
    layer = MaskedConv1D(name="masked_conv1d")
    restored = MaskedConv1D.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, MaskedConv1D) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, MaskedConv1D(name="masked_conv1d")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("masked_conv1d"), MaskedConv1D)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def test_one_training_step_moves_every_weight():
    """A gradient reaches each weight: one SGD step toward 0.5 changes it, and keeps it finite."""
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    layer = MaskedConv1D()
    model = keras.Model(inputs, layer(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mean_squared_error")
    before = [keras.ops.convert_to_numpy(weight).copy() for weight in layer.trainable_weights]
    assert before, "the layer has no trainable weights"
    model.train_on_batch(sample(), np.full(layer.compute_output_shape(SAMPLE_SHAPE), 0.5, "float32"))
    for weight, old in zip(layer.trainable_weights, before, strict=True):
        new = keras.ops.convert_to_numpy(weight)
        assert np.isfinite(new).all() and not np.array_equal(new, old), f"no gradient reaches {weight.path}"


def test_padding_changes_nothing_after_an_average_over_the_steps():
    tokens = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(10, 4, mask_zero=True)(tokens)
    x = MaskedConv1D(filters=3, kernel_size=3, pool_size=2)(x)
    model = keras.Model(tokens, keras.layers.GlobalAveragePooling1D()(x))
    short = model.predict(np.array([[4, 5, 6, 0]]), verbose=0)
    long = model.predict(np.array([[4, 5, 6, 0, 0, 0, 0, 0, 0, 0]]), verbose=0)
    np.testing.assert_allclose(short, long, rtol=1e-5, atol=1e-6)


def test_the_mask_is_pooled_with_the_steps():
    layer = MaskedConv1D(filters=2, kernel_size=3, pool_size=2)
    mask = np.array([[True, True, True, False, False, False]])
    pooled = keras.ops.convert_to_numpy(layer.compute_mask(np.zeros((1, 6, 4), "float32"), mask))
    assert pooled.tolist() == [[True, True, False]]
