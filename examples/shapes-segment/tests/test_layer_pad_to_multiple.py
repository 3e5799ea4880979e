"""`PadToMultiple`: its output shape, mixed precision, its config, saving and loading."""

import keras
import numpy as np
import pytest

from shapes_segment.layers.pad_to_multiple import PadToMultiple

SAMPLE_SHAPE = (2, 5, 7, 3)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = PadToMultiple()
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
    layer, reference = PadToMultiple(), PadToMultiple(dtype="float32")
    outputs = layer(sample())
    reference(sample())  # builds its weights, then takes the other layer's
    reference.set_weights(layer.get_weights())
    expected = reference(sample())
    assert keras.backend.standardize_dtype(outputs.dtype) == layer.compute_dtype == "bfloat16"
    assert keras.backend.standardize_dtype(expected.dtype) == "float32"
    assert all(keras.backend.standardize_dtype(weight.dtype) == "float32" for weight in layer.weights)
    np.testing.assert_allclose(as_float32(outputs), as_float32(expected), rtol=2e-2, atol=2e-2)


def test_config_round_trip():
    layer = PadToMultiple(name="pad_to_multiple")
    restored = PadToMultiple.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, PadToMultiple) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, PadToMultiple(name="pad_to_multiple")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("pad_to_multiple"), PadToMultiple)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def test_pads_zeros_at_the_bottom_and_right_up_to_the_multiple():
    images = np.ones((1, 5, 8, 2), "float32")
    padded = keras.ops.convert_to_numpy(PadToMultiple(multiple=4)(images))
    assert padded.shape == (1, 8, 8, 2)
    np.testing.assert_array_equal(padded[:, :5], images)
    assert not padded[:, 5:].any()


def test_reads_images_of_any_size_in_one_model():
    inputs = keras.Input((None, None, 1))
    model = keras.Model(inputs, PadToMultiple(multiple=4)(inputs))
    for height, width, expected in ((3, 9, (4, 12)), (8, 4, (8, 4))):
        assert model.predict(np.ones((1, height, width, 1), "float32"), verbose=0).shape[1:3] == expected
