"""`MaskedConv1D`: a 1-D convolution and max pooling that keep a padding mask, if any."""

import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="library_docstrings")
class MaskedConv1D(keras.layers.Layer):
    """Conv1D with ReLU over a sequence `(batch, steps, features)`, then max pooling, with its mask.

    A sequence without a mask (a window of a series) goes through a plain `Conv1D` and
    `MaxPooling1D`. A padded one, such as texts embedded by `Embedding(mask_zero=True)`,
    carries a mask that Keras's own `Conv1D` drops: the layers after it (an average over the
    steps) would also read the padding, and a short text would read as mostly padding. This
    layer zeroes the padded steps before and after the convolution and hands on the mask,
    pooled like the steps.

    Example:

    >>> layer = MaskedConv1D(filters=8, kernel_size=3, pool_size=2)
    >>> layer(keras.ops.zeros((2, 6, 4))).shape
    (2, 3, 8)

    Args:
        filters: Output features.
        kernel_size: Steps each filter reads.
        pool_size: Steps merged by max pooling (1: none).
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, filters=32, kernel_size=5, pool_size=2, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.kernel_size, self.pool_size = int(filters), int(kernel_size), int(pool_size)
        # The inner layers take this layer's dtype policy, not the global one: `dtype="float32"` holds for them too.
        policy = self.dtype_policy
        self.conv = layers.Conv1D(self.filters, self.kernel_size, padding="same", activation="relu", dtype=policy)
        self.pool = layers.MaxPooling1D(self.pool_size, padding="same", dtype=policy)
        self.supports_masking = True

    def build(self, input_shape):
        self.conv.build(input_shape)

    def call(self, inputs, mask=None):
        if mask is None:
            return self.pool(self.conv(inputs))
        keep = ops.expand_dims(ops.cast(mask, inputs.dtype), -1)
        return self.pool(self.conv(inputs * keep) * keep)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        pooled = self.pool(ops.expand_dims(ops.cast(mask, "float32"), -1))
        return ops.squeeze(pooled, -1) > 0

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else -(-input_shape[1] // self.pool_size)
        return (input_shape[0], steps, self.filters)

    def get_config(self):
        config = {"filters": self.filters, "kernel_size": self.kernel_size, "pool_size": self.pool_size}
        return {**super().get_config(), **config}
