"""`FillMissing`: empty cells (NaN) filled with the training mean, and flagged where asked."""

import keras
import numpy as np
from keras import ops


@keras.saving.register_keras_serializable(package="iris_two_heads")
class FillMissing(keras.layers.Layer):
    """Replaces NaN with each feature's mean in the training data, and appends is-missing flags.

    A CSV reader turns an empty cell into NaN; with this layer first, the model takes rows
    with gaps as they are read. Call `adapt` on the training data before training: it
    learns the means, ignoring NaN (a feature never seen gets 0).

    Example:

    >>> layer = FillMissing(flagged=[1])
    >>> layer.adapt(np.array([[1.0, 2.0], [3.0, np.nan]]))
    >>> keras.ops.convert_to_numpy(layer(np.array([[np.nan, np.nan]])))
    array([[2., 2., 1.]], dtype=float32)

    Args:
        flagged: Indices (on the last axis) of the features that also get a 0/1 output,
            1 where the value was missing, appended after the filled features. Defaults to none.
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, flagged=(), **kwargs):
        super().__init__(**kwargs)
        self.flagged = [int(index) for index in flagged]

    def build(self, input_shape):
        self.means = self.add_weight(name="means", shape=(input_shape[-1],), initializer="zeros", trainable=False)

    def adapt(self, data):
        """Learn each feature's mean from `data`: an array, or batches of one (a `tf.data.Dataset`)."""
        values = np.asarray(data) if isinstance(data, np.ndarray) else np.concatenate([np.asarray(b) for b in data])
        values = values.reshape(-1, values.shape[-1]).astype("float64")
        if not self.built:
            self.build(values.shape)
        present = ~np.isnan(values)
        counts = present.sum(axis=0)
        sums = np.where(present, values, 0.0).sum(axis=0)
        self.means.assign(np.where(counts > 0, sums / np.maximum(counts, 1), 0.0))

    def call(self, inputs):
        missing = ops.isnan(inputs)
        filled = ops.where(missing, ops.cast(self.means, inputs.dtype), inputs)
        if not self.flagged:
            return filled
        flags = ops.take(ops.cast(missing, inputs.dtype), self.flagged, axis=-1)
        return ops.concatenate([filled, flags], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + len(self.flagged))

    def get_config(self):
        return {**super().get_config(), "flagged": self.flagged}
