"""The model: shapes, preprocessing, learning, and saving."""

import dataclasses
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from digits_table.model import adapt, build_model, compile_model


def _ready_model(config, inputs, targets):
    model = build_model(config.model)
    adapt(model, tf.data.Dataset.from_tensors((inputs, targets)))
    compile_model(model, config.train)
    return model


def test_model_maps_each_example_to_class_probabilities(config, batch):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    assert model.output_shape == (None, config.model.num_classes)
    outputs = model.predict(inputs, verbose=0)
    assert outputs.shape == (len(targets), config.model.num_classes)
    np.testing.assert_allclose(outputs.sum(axis=-1), 1.0, rtol=1e-5)


def test_the_model_takes_one_input_per_column_named_as_in_the_csv(config, batch):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    assert sorted(model.input) == sorted(inputs) == sorted(config.data.feature_columns)
    assert all(np.isfinite(array).all() for array in keras.tree.flatten(model.predict(inputs, verbose=0)))


def test_empty_cells_and_unseen_categories_give_finite_predictions(config, batch):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    odd = {
        column: tf.fill(tf.shape(value), "never seen" if value.dtype == tf.string else np.nan)
        for column, value in inputs.items()
    }
    assert all(np.isfinite(array).all() for array in keras.tree.flatten(model.predict(odd, verbose=0)))


@pytest.mark.filterwarnings("ignore:When providing `inputs` as a dict")  # a key differs from its layer's name
def test_columns_named_alike_or_like_the_models_own_layers_get_layer_names_of_their_own(config):
    model = build_model(config.model)
    own = [layer.name for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    numeric = [*own, "a b", "a_b", "a?b", "column_a_b", "(x)"]  # alike once made Keras-safe
    renamed = dataclasses.replace(config.model, numeric_columns=numeric, columns_with_gaps=[])
    rebuilt = build_model(renamed)  # Keras refuses a model with a layer name used twice
    assert sorted(rebuilt.input) == sorted([*numeric, *config.model.categorical_columns])


@pytest.mark.slow
def test_model_can_overfit_a_tiny_batch(config, batch):
    """The architecture and the loss learn one batch: a check of the gradients, not of the optimizer.

    Adam at 0.01 stands in for the project's optimizer, whose rate may be tuned for long
    runs; the losses are measured in inference mode, without dropout's noise. The bar (a
    fifth off) leaves room for heavy dropout in small blocks and for L1-like losses.
    """
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=model.loss)
    before = model.evaluate(inputs, targets, verbose=0, return_dict=True)["loss"]
    steps = tf.data.Dataset.from_tensors((inputs, targets)).repeat(200)  # one epoch: no per-epoch overhead
    model.fit(steps, shuffle=False, verbose=0)
    after = model.evaluate(inputs, targets, verbose=0, return_dict=True)["loss"]
    assert np.isfinite(after) and after < 0.8 * before, f"loss went from {before:.4f} to {after:.4f}"


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
        import digits_table  # registers the custom objects, if any
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
