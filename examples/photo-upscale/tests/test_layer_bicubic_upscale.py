"""`BicubicUpscale`: its output shape, mixed precision, its config, saving and loading."""

import keras
import numpy as np
import pytest

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
    layer, reference = BicubicUpscale(), BicubicUpscale(dtype="float32")
    outputs = layer(sample())
    reference(sample())  # builds its weights, then takes the other layer's
    reference.set_weights(layer.get_weights())
    expected = reference(sample())
    assert keras.backend.standardize_dtype(outputs.dtype) == layer.compute_dtype == "bfloat16"
    assert keras.backend.standardize_dtype(expected.dtype) == "float32"
    assert all(keras.backend.standardize_dtype(weight.dtype) == "float32" for weight in layer.weights)
    np.testing.assert_allclose(as_float32(outputs), as_float32(expected), rtol=2e-2, atol=2e-2)


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


def bicubic(images, factor):
    """Keys's bicubic resize written out with NumPy: `a = -0.5`, half-pixel centers, taps past the border dropped."""

    def weights(length):
        rows = np.zeros((length * factor, length))
        for row in range(length * factor):
            source = (row + 0.5) / factor - 0.5
            for tap in range(int(np.floor(source)) - 1, int(np.floor(source)) + 3):
                t = abs(source - tap)
                if 0 <= tap < length and t < 2:
                    rows[row, tap] = 1.5 * t**3 - 2.5 * t**2 + 1 if t <= 1 else -0.5 * t**3 + 2.5 * t**2 - 4 * t + 2
        return rows / rows.sum(axis=1, keepdims=True)  # the remaining taps renormalized

    _, height, width, _ = images.shape
    return np.einsum("ih,bhwc,jw->bijc", weights(height), images, weights(width)).astype("float32")


def test_matches_bicubic_resize_for_odd_sizes():
    """Equal to the NumPy resize above, and to Keras's own on TensorFlow (which tabulates the weights: 1e-3) and JAX."""
    for factor in (1, 2, 3, 4):
        for height, width in ((5, 7), (8, 3)):
            images = np.random.default_rng(factor).random((2, height, width, 3), dtype="float32")
            upscaled = keras.ops.convert_to_numpy(BicubicUpscale(factor=factor)(images))
            np.testing.assert_allclose(upscaled, bicubic(images, factor), atol=1e-5)
            if keras.backend.backend() != "torch":  # torch's bicubic resize uses a = -0.75
                size = (height * factor, width * factor)
                expected = keras.ops.image.resize(images, size, interpolation="bicubic")
                np.testing.assert_allclose(upscaled, keras.ops.convert_to_numpy(expected), atol=1e-3)


def test_reads_images_of_any_size_in_one_model():
    inputs = keras.Input((None, None, 3))
    model = keras.Model(inputs, BicubicUpscale(factor=3)(inputs))
    for height, width in ((4, 6), (7, 5)):
        images = np.ones((1, height, width, 3), "float32")
        np.testing.assert_allclose(model.predict(images, verbose=0), np.ones((1, 3 * height, 3 * width, 3)), rtol=1e-5)


def test_a_factor_that_is_not_whole_is_refused():
    np.testing.assert_raises_regex(ValueError, "whole `factor`", BicubicUpscale, factor=1.5)
