"""`NormalizeSpaces`: every run of whitespace in a text, line breaks of any kind included, becomes one space."""

import keras
import tensorflow as tf

# Every character Python's `str.isspace` accepts: ASCII whitespace, the separators
# U+001C-U+001F, U+0085 (next line), and Unicode's spaces and line and paragraph separators.
WHITESPACE = r"[\t-\r\x1c-\x1f\x{85}\p{Z}]+"


@keras.saving.register_keras_serializable(package="docstring_traits")
class NormalizeSpaces(keras.layers.Layer):
    r"""Replaces each run of whitespace in strings with one ASCII space; the shape stays.

    A `TextVectorization` splits words at ASCII whitespace only, so a word may hold U+0085,
    U+2028 or U+001C. Its saved vocabulary is one word a line, read back with
    `str.splitlines`, which splits such a word in two: the reloaded model's token ids shift,
    or loading fails with "repeated term". Put before the vectorization (and in what its
    `adapt` reads), this layer leaves no word holding a line break of any kind.

    Example:

    >>> layer = NormalizeSpaces()
    >>> layer(tf.constant([["one\u2028two\x0c three"]])).numpy()
    array([[b'one two three']], dtype=object)

    Args:
        **kwargs: Base layer arguments such as `name`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Strings stay strings, as in Keras's own string layers: on JAX or torch, the layer
        # runs in tf.data and must not convert its input to the backend's (numeric) arrays.
        self._convert_input_args = False
        self._allow_non_tensor_positional_args = True

    def build(self, input_shape):
        pass  # no weights

    def call(self, inputs):
        return tf.strings.regex_replace(inputs, WHITESPACE, " ")

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, inputs):
        return keras.KerasTensor(inputs.shape, dtype="string")  # strings in, strings out

    def get_config(self):
        return super().get_config()
