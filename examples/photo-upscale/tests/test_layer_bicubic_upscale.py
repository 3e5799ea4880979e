"""`BicubicUpscale`: its output shape, its config, saving and loading."""

import keras
import numpy as np

from photo_upscale.layers.bicubic_upscale import BicubicUpscale

SAMPLE_SHAPE = (2, 5, 7, 3)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = BicubicUpscale()
    outputs = layer(sample())
    assert tuple(outputs.shape) == tuple(layer.compute_output_shape(SAMPLE_SHAPE))
    symbolic = layer(keras.Input(SAMPLE_SHAPE[1:]))
    assert tuple(symbolic.shape) == tuple(layer.compute_output_shape((None, *SAMPLE_SHAPE[1:])))


def test_config_round_trip():
    layer = BicubicUpscale(name="bicubic_upscale")
    restored = BicubicUpscale.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, BicubicUpscale) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, BicubicUpscale(name="bicubic_upscale")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("bicubic_upscale"), BicubicUpscale)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def test_matches_keras_bicubic_resize_for_odd_sizes():
    """Equal to Keras's own bicubic resize; TensorFlow tabulates the cubic weights, so a factor of 3 differs by 1e-3."""
    for factor in (1, 2, 3, 4):
        for height, width in ((5, 7), (8, 3)):
            images = np.random.default_rng(factor).random((2, height, width, 3), dtype="float32")
            upscaled = keras.ops.convert_to_numpy(BicubicUpscale(factor=factor)(images))
            size = (height * factor, width * factor)
            expected = keras.ops.convert_to_numpy(keras.ops.image.resize(images, size, interpolation="bicubic"))
            np.testing.assert_allclose(upscaled, expected, atol=1e-3)


def test_reads_images_of_any_size_in_one_model():
    inputs = keras.Input((None, None, 3))
    model = keras.Model(inputs, BicubicUpscale(factor=3)(inputs))
    for height, width in ((4, 6), (7, 5)):
        images = np.ones((1, height, width, 3), "float32")
        np.testing.assert_allclose(model.predict(images, verbose=0), np.ones((1, 3 * height, 3 * width, 3)), rtol=1e-5)


def test_a_factor_that_is_not_whole_is_refused():
    np.testing.assert_raises_regex(ValueError, "whole `factor`", BicubicUpscale, factor=1.5)
