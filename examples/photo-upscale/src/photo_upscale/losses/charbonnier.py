"""`CharbonnierLoss`: the Charbonnier loss, a smooth L1."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="photo_upscale")
class CharbonnierLoss(keras.losses.Loss):
    """Charbonnier loss: a smooth L1 that stays differentiable at zero error.

    Per sample: the mean over the last axis of `sqrt((y_pred - y_true) ** 2 + epsilon ** 2)`.
    Robust to outliers like the absolute error, smooth near zero like the squared error.

    Example:

    >>> loss = CharbonnierLoss(epsilon=1e-3)
    >>> target = keras.ops.array([[0.0, 1.0]])
    >>> float(loss(target, target))  # a perfect prediction costs epsilon
    0.001

    Args:
        epsilon: Keeps the gradient finite at zero error. Defaults to `0.001`.
        name, reduction, dtype: As in `keras.losses.Loss`.
    """

    def __init__(self, epsilon=0.001, name="charbonnier", reduction="sum_over_batch_size", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.epsilon = epsilon

    def call(self, y_true, y_pred):
        y_true = ops.cast(y_true, y_pred.dtype)
        return ops.mean(ops.sqrt(ops.square(y_pred - y_true) + self.epsilon**2), axis=-1)

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
