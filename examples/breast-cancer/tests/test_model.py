"""The model: shapes, preprocessing, learning, and saving."""

import dataclasses
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from breast_cancer.model import adapt, build_model, compile_model


def _ready_model(config, inputs, targets):
    model = build_model(config.model)
    adapt(model, tf.data.Dataset.from_tensors((inputs, targets)))
    compile_model(model, config.train)
    return model


def test_model_maps_each_example_to_one_probability(config, batch):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    assert model.output_shape == (None, 1)
    outputs = model.predict(inputs, verbose=0)
    assert outputs.shape == (len(targets), 1)
    assert np.all((outputs >= 0) & (outputs <= 1))


def test_the_model_takes_one_input_per_column_named_as_in_the_csv(config, batch):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    assert sorted(tensor.name for tensor in model.inputs) == sorted(config.data.feature_columns)
    assert sorted(inputs) == sorted(config.data.feature_columns)
    assert np.isfinite(model.predict(inputs, verbose=0)).all()


def test_empty_cells_and_unseen_categories_give_finite_predictions(config, batch):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    odd = {
        column: tf.fill(tf.shape(value), "never seen" if value.dtype == tf.string else np.nan)
        for column, value in inputs.items()
    }
    assert np.isfinite(model.predict(odd, verbose=0)).all()


@pytest.mark.slow
def test_model_can_overfit_a_tiny_batch(config, batch):
    inputs, targets = batch
    faster = dataclasses.replace(config.train, learning_rate=config.train.learning_rate * 5)
    model = _ready_model(dataclasses.replace(config, train=faster), inputs, targets)
    history = model.fit(inputs, targets, batch_size=len(targets), epochs=60, shuffle=False, verbose=0)
    losses = history.history["loss"]
    assert np.isfinite(losses).all()
    assert min(losses[-5:]) < 0.6 * losses[0], f"loss went from {losses[0]:.4f} to {losses[-1]:.4f}"


def test_saved_model_loads_with_identical_predictions(config, batch, tmp_path):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    model.fit(inputs, targets, epochs=1, verbose=0)
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(
        restored.predict(inputs, verbose=0), model.predict(inputs, verbose=0), rtol=1e-5, atol=1e-6
    )
    assert restored.loss.get_config() == model.loss.get_config()


def test_saved_model_loads_in_a_fresh_process_that_imports_only_the_package(config, batch, tmp_path):
    inputs, targets = batch
    model = _ready_model(config, inputs, targets)
    model.fit(inputs, targets, epochs=1, verbose=0)
    model.save(tmp_path / "model.keras")
    tf.data.Dataset.from_tensors(inputs).save(str(tmp_path / "inputs"))
    script = textwrap.dedent(
        f"""
        import keras, numpy as np, tensorflow as tf
        import breast_cancer  # registers the custom objects, if any
        model = keras.models.load_model({str(tmp_path / "model.keras")!r})
        inputs = tf.data.Dataset.load({str(tmp_path / "inputs")!r})
        np.save({str(tmp_path / "restored.npy")!r}, model.predict(inputs, verbose=0))
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    np.testing.assert_allclose(
        np.load(tmp_path / "restored.npy"), model.predict(inputs, verbose=0), rtol=1e-5, atol=1e-6
    )
