"""`NormalizeSpaces`: what counts as whitespace, its output shape and dtype, its config, saving, loading."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from library_docstrings.layers.normalize_spaces import NormalizeSpaces

# Every character `str.isspace` accepts; `str.splitlines` splits at a part of them.
WHITESPACE = [chr(code) for code in range(0x110000) if chr(code).isspace()]


def sample():
    return tf.constant([[f"one{space}{space}two"] for space in WHITESPACE])


def test_every_run_of_whitespace_becomes_one_space():
    outputs = keras.ops.convert_to_numpy(NormalizeSpaces()(sample()))
    assert outputs.shape == (len(WHITESPACE), 1)
    assert set(outputs.ravel().tolist()) == {b"one two"}
    text = " Caf\u00e9\u00a0au lait,\u3000\u6771\u4eac\r\n"  # other characters stay as they are
    assert keras.ops.convert_to_numpy(NormalizeSpaces()(tf.constant([text])))[0] == " Café au lait, 東京 ".encode()


def test_output_shape_is_compute_output_shape():
    layer = NormalizeSpaces()
    assert tuple(layer(sample()).shape) == tuple(layer.compute_output_shape(tuple(sample().shape)))
    symbolic = layer(keras.Input((1,), dtype="string"))
    assert tuple(symbolic.shape) == (None, 1) and symbolic.dtype == "string"


@pytest.fixture
def mixed_bfloat16():
    """The global dtype policy `mixed_bfloat16` for one test."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy(previous)


def test_strings_stay_strings_under_mixed_bfloat16(mixed_bfloat16):
    outputs = keras.ops.convert_to_numpy(NormalizeSpaces()(sample()))
    assert set(outputs.ravel().tolist()) == {b"one two"}


def test_config_round_trip():
    layer = NormalizeSpaces(name="normalize_spaces")
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert isinstance(again, NormalizeSpaces) and again.get_config() == layer.get_config()


def test_a_model_using_it_survives_save_and_load(tmp_path):
    inputs = keras.Input((1,), dtype="string")
    model = keras.Model(inputs, NormalizeSpaces(name="normalize_spaces")(inputs))
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    # The layer itself, not `predict`: JAX and torch compute on numbers only, strings run in tf.data.
    layer, again = (m.get_layer("normalize_spaces") for m in (model, restored))
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(again(sample())), keras.ops.convert_to_numpy(layer(sample()))
    )
