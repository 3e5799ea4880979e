"""`MaskedAverage`: the average over the steps of a sequence, padding left out."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="library_docstrings")
class MaskedAverage(keras.layers.Layer):
    """Averages a sequence `(batch, steps, features)` over its unmasked steps: `(batch, features)`.

    Like `GlobalAveragePooling1D` with a padding mask, except that a sequence that is all
    padding (an empty text) averages to zeros instead of NaN.

    Example:

    >>> MaskedAverage()(keras.ops.ones((2, 5, 3))).shape
    (2, 3)

    Args:
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return ops.mean(inputs, axis=1)
        keep = ops.expand_dims(ops.cast(mask, inputs.dtype), -1)
        return ops.sum(inputs * keep, axis=1) / ops.maximum(ops.sum(keep, axis=1), 1.0)

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[2])
