"""`Scale`: its output shape, mixed precision, its config, saving and loading, and its gradients."""

import keras
import numpy as np
import pytest

from photo_denoise.layers.scale import Scale

SAMPLE_SHAPE = (2, 8, 8, 3)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = Scale()
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
    layer, reference = Scale(), Scale(dtype="float32")
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
    layer = Scale(name="scale")
    restored = Scale.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, Scale) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, Scale(name="scale")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("scale"), Scale)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def test_one_training_step_moves_every_weight():
    """A gradient reaches each weight: one SGD step toward 0.5 changes it, and keeps it finite."""
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    layer = Scale()
    model = keras.Model(inputs, layer(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mean_squared_error")
    before = [keras.ops.convert_to_numpy(weight).copy() for weight in layer.trainable_weights]
    assert before, "the layer has no trainable weights"
    model.train_on_batch(sample(), np.full(layer.compute_output_shape(SAMPLE_SHAPE), 0.5, "float32"))
    for weight, old in zip(layer.trainable_weights, before, strict=True):
        new = keras.ops.convert_to_numpy(weight)
        assert np.isfinite(new).all() and not np.array_equal(new, old), f"no gradient reaches {weight.path}"


def test_starts_as_a_multiplication_by_initial_value():
    outputs = Scale(initial_value=0.5)(sample())
    np.testing.assert_allclose(keras.ops.convert_to_numpy(outputs), 0.5 * sample(), rtol=1e-6)
