"""`MaskedAverage`: its output shape, mixed precision, its config, saving and loading."""

import keras
import numpy as np
import pytest

from docstring_traits.layers.masked_average import MaskedAverage

SAMPLE_SHAPE = (2, 6, 4)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = MaskedAverage()
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
    layer, reference = MaskedAverage(), MaskedAverage(dtype="float32")
    outputs = layer(sample())
    reference(sample())  # builds its weights, then takes the other layer's
    reference.set_weights(layer.get_weights())
    expected = reference(sample())
    assert keras.backend.standardize_dtype(outputs.dtype) == layer.compute_dtype == "bfloat16"
    assert keras.backend.standardize_dtype(expected.dtype) == "float32"
    assert all(keras.backend.standardize_dtype(weight.dtype) == "float32" for weight in layer.weights)
    np.testing.assert_allclose(as_float32(outputs), as_float32(expected), rtol=2e-2, atol=2e-2)


def test_config_round_trip():
    layer = MaskedAverage(name="masked_average")
    restored = MaskedAverage.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, MaskedAverage) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, MaskedAverage(name="masked_average")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("masked_average"), MaskedAverage)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def test_padding_is_left_out_and_all_padding_gives_zeros():
    tokens = keras.Input((None,), dtype="int32")
    embedded = keras.layers.Embedding(10, 2, mask_zero=True, embeddings_initializer="ones")(tokens)
    model = keras.Model(tokens, MaskedAverage()(embedded))
    np.testing.assert_allclose(model.predict(np.array([[3, 4, 0, 0], [0, 0, 0, 0]]), verbose=0), [[1, 1], [0, 0]])
