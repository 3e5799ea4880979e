"""`PixelShuffle`: its output shape, mixed precision, its config, saving and loading."""

import keras
import numpy as np
import pytest

from photo_upscale.layers.pixel_shuffle import PixelShuffle

SAMPLE_SHAPE = (2, 3, 3, 8)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = PixelShuffle()
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
    layer, reference = PixelShuffle(), PixelShuffle(dtype="float32")
    outputs = layer(sample())
    reference(sample())  # builds its weights, then takes the other layer's
    reference.set_weights(layer.get_weights())
    expected = reference(sample())
    assert keras.backend.standardize_dtype(outputs.dtype) == layer.compute_dtype == "bfloat16"
    assert keras.backend.standardize_dtype(expected.dtype) == "float32"
    assert all(keras.backend.standardize_dtype(weight.dtype) == "float32" for weight in layer.weights)
    np.testing.assert_allclose(as_float32(outputs), as_float32(expected), rtol=2e-2, atol=2e-2)


def test_config_round_trip():
    layer = PixelShuffle(name="pixel_shuffle")
    restored = PixelShuffle.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, PixelShuffle) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, PixelShuffle(name="pixel_shuffle")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("pixel_shuffle"), PixelShuffle)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def depth_to_space(array, size):
    """The rearrangement written out with NumPy slices: block row `i`, column `j` takes one group of channels."""
    batch, height, width, channels = array.shape
    out = channels // size**2
    result = np.empty((batch, height * size, width * size, out), array.dtype)
    for i in range(size):
        for j in range(size):
            group = (i * size + j) * out
            result[:, i::size, j::size, :] = array[..., group : group + out]
    return result


def test_lays_each_group_of_channels_out_as_a_block_of_pixels():
    for size in (1, 2):
        outputs = PixelShuffle(block_size=size)(sample())
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(outputs), depth_to_space(sample(), size))


def test_channels_that_do_not_fill_the_blocks_are_refused():
    np.testing.assert_raises_regex(ValueError, "not a multiple of block_size", PixelShuffle(block_size=3), sample())
