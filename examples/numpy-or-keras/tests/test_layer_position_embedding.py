"""`PositionEmbedding`: its output shape, mixed precision, its config, saving and loading, and its gradients."""

import keras
import numpy as np
import pytest

from numpy_or_keras.layers.position_embedding import PositionEmbedding

SAMPLE_SHAPE = (2, 6, 4)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = PositionEmbedding()
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
    layer, reference = PositionEmbedding(), PositionEmbedding(dtype="float32")
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
    layer = PositionEmbedding(name="position_embedding")
    restored = PositionEmbedding.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, PositionEmbedding) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, PositionEmbedding(name="position_embedding")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("position_embedding"), PositionEmbedding)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def test_one_training_step_moves_every_weight():
    """A gradient reaches each weight: one SGD step toward 0.5 changes it, and keeps it finite."""
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    layer = PositionEmbedding()
    model = keras.Model(inputs, layer(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mean_squared_error")
    before = [keras.ops.convert_to_numpy(weight).copy() for weight in layer.trainable_weights]
    assert before, "the layer has no trainable weights"
    model.train_on_batch(sample(), np.full(layer.compute_output_shape(SAMPLE_SHAPE), 0.5, "float32"))
    for weight, old in zip(layer.trainable_weights, before, strict=True):
        new = keras.ops.convert_to_numpy(weight)
        assert np.isfinite(new).all() and not np.array_equal(new, old), f"no gradient reaches {weight.path}"


def test_each_position_gets_its_own_vector_the_same_in_every_example():
    layer = PositionEmbedding(sequence_length=5)
    outputs = keras.ops.convert_to_numpy(layer(np.zeros((2, 4, 3), "float32")))
    assert outputs.shape == (2, 4, 3)
    np.testing.assert_allclose(outputs[0], outputs[1])
    assert not np.allclose(outputs[0, 0], outputs[0, 1])


def test_positions_are_learned():
    layer = PositionEmbedding(sequence_length=3)
    inputs = keras.Input((3, 2))
    model = keras.Model(inputs, layer(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    before = keras.ops.convert_to_numpy(layer.positions).copy()
    model.fit(np.zeros((4, 3, 2), "float32"), np.ones((4, 3, 2), "float32"), epochs=5, verbose=0)
    assert np.abs(keras.ops.convert_to_numpy(layer.positions) - 1.0).mean() < np.abs(before - 1.0).mean()


def test_positions_survive_save_and_load(tmp_path):
    inputs = keras.Input((4, 3))
    model = keras.Model(inputs, PositionEmbedding(sequence_length=4, name="positions")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")
    sample = np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32")
    np.testing.assert_allclose(restored.predict(sample, verbose=0), model.predict(sample, verbose=0), rtol=1e-6)
