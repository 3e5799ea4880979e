"""`CropLike`: the crop, its output shape, mixed precision, its config, saving and loading."""

import keras
import numpy as np
import pytest

from shapes_segment.layers.crop_like import CropLike


def sample():
    """Images 8x8 with 4 channels, and a 5x7 reference with 3."""
    rng = np.random.default_rng(0)
    return [rng.random((2, 8, 8, 4), dtype="float32"), rng.random((2, 5, 7, 3), dtype="float32")]


def test_keeps_the_top_left_at_the_reference_size():
    images, reference = sample()
    cropped = keras.ops.convert_to_numpy(CropLike()([images, reference]))
    np.testing.assert_array_equal(cropped, images[:, :5, :7, :])


def test_output_shape_is_compute_output_shape():
    layer = CropLike()
    shapes = [array.shape for array in sample()]
    assert tuple(layer(sample()).shape) == tuple(layer.compute_output_shape(shapes))
    symbolic = layer([keras.Input((None, None, 4)), keras.Input((None, None, 3))])
    assert tuple(symbolic.shape) == (None, None, None, 4)


@pytest.fixture
def mixed_bfloat16():
    """The global dtype policy `mixed_bfloat16` for one test: computations in bfloat16."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy(previous)


def test_crops_in_bfloat16_under_mixed_bfloat16(mixed_bfloat16):
    images, reference = sample()
    cropped = CropLike()([images, reference])
    assert keras.backend.standardize_dtype(cropped.dtype) == "bfloat16"
    as_float32 = keras.ops.convert_to_numpy(keras.ops.cast(cropped, "float32"))
    np.testing.assert_allclose(as_float32, images[:, :5, :7, :], rtol=1e-2)


def test_config_round_trip():
    layer = CropLike(name="crop_like")
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, CropLike) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = [keras.Input((None, None, 4)), keras.Input((None, None, 3))]
    model = keras.Model(inputs, CropLike(name="crop_like")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    np.testing.assert_array_equal(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0))
