"""`FillMissing`: its output shape, mixed precision, its config, saving and loading."""

import keras
import numpy as np
import pytest

from iris_two_heads.layers.fill_missing import FillMissing

SAMPLE_SHAPE = (4, 3)


def sample():
    return np.random.default_rng(0).random(SAMPLE_SHAPE, dtype="float32")


def test_output_shape_is_compute_output_shape():
    layer = FillMissing()
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
    layer, reference = FillMissing(), FillMissing(dtype="float32")
    outputs = layer(sample())
    reference(sample())  # builds its weights, then takes the other layer's
    reference.set_weights(layer.get_weights())
    expected = reference(sample())
    assert keras.backend.standardize_dtype(outputs.dtype) == layer.compute_dtype == "bfloat16"
    assert keras.backend.standardize_dtype(expected.dtype) == "float32"
    assert all(keras.backend.standardize_dtype(weight.dtype) == "float32" for weight in layer.weights)
    np.testing.assert_allclose(as_float32(outputs), as_float32(expected), rtol=2e-2, atol=2e-2)


def test_config_round_trip():
    layer = FillMissing(name="fill_missing")
    restored = FillMissing.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, FillMissing) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, FillMissing(name="fill_missing")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.get_layer("fill_missing"), FillMissing)
    np.testing.assert_allclose(restored.predict(sample(), verbose=0), model.predict(sample(), verbose=0), rtol=1e-6)


def test_gaps_are_filled_with_the_training_means_and_flagged():
    layer = FillMissing(flagged=[1])
    layer.adapt(np.array([[1.0, 2.0, 5.0], [3.0, np.nan, 7.0]], dtype="float32"))
    outputs = keras.ops.convert_to_numpy(layer(np.array([[np.nan, np.nan, 1.0], [4.0, 5.0, np.nan]], "float32")))
    np.testing.assert_allclose(outputs, [[2.0, 2.0, 1.0, 1.0], [4.0, 5.0, 6.0, 0.0]])


def test_adapt_reads_batches_and_a_feature_never_seen_gets_zero():
    layer = FillMissing()
    layer.adapt([np.array([[1.0, np.nan]], "float32"), np.array([[3.0, np.nan]], "float32")])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer.means), [2.0, 0.0])


def test_flags_survive_save_and_load(tmp_path):
    inputs = keras.Input((3,))
    layer = FillMissing(flagged=[0, 2], name="fill")
    model = keras.Model(inputs, layer(inputs))
    layer.adapt(np.array([[1.0, 2.0, 3.0]], "float32"))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")
    gaps = np.array([[np.nan, 1.0, np.nan]], "float32")
    np.testing.assert_allclose(restored.predict(gaps, verbose=0), [[1.0, 1.0, 3.0, 1.0, 1.0]])
