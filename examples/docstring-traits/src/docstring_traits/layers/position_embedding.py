"""`PositionEmbedding`: a learned vector per position, added to a sequence."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="docstring_traits")
class PositionEmbedding(keras.layers.Layer):
    """Adds a learned vector for each position to a sequence `(batch, steps, features)`.

    Attention treats its inputs as a set; adding where each token stands lets a transformer
    read word order. Sequences may be shorter than `sequence_length`, never longer.

    Example:

    >>> layer = PositionEmbedding(sequence_length=4)
    >>> layer(keras.ops.zeros((2, 3, 8))).shape
    (2, 3, 8)

    Args:
        sequence_length: The most steps a sequence has.
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, sequence_length=200, **kwargs):
        super().__init__(**kwargs)
        self.sequence_length = int(sequence_length)
        self.supports_masking = True  # the padding mask of the tokens passes through

    def build(self, input_shape):
        self.positions = self.add_weight(
            name="positions", shape=(self.sequence_length, input_shape[-1]), initializer="glorot_uniform"
        )

    def call(self, inputs):
        steps = ops.shape(inputs)[1]
        return inputs + ops.cast(self.positions[None, :steps, :], inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "sequence_length": self.sequence_length}
