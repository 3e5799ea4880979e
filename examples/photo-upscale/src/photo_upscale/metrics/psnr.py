"""`PeakSignalToNoiseRatio`: peak signal-to-noise ratio."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="photo_upscale")
class PeakSignalToNoiseRatio(keras.metrics.Metric):
    """Peak signal-to-noise ratio in dB, averaged over samples; higher is better.

    Per sample: `10 * log10(max_value ** 2 / mean((y_true - y_pred) ** 2))`, with
    the mean squared error floored at `1e-10` so a perfect match stays finite. Predictions
    are clipped to [0, max_value] first, as an image saved from them would be.

    Example:

    >>> metric = PeakSignalToNoiseRatio(max_value=1.0)
    >>> metric.update_state(keras.ops.array([[0.0, 0.0]]), keras.ops.array([[0.1, 0.1]]))  # mean squared error 0.01
    >>> float(metric.result())
    20.0

    Args:
        max_value: The largest possible value (`1.0` for data in [0, 1]).
            Defaults to `1.0`.
        name, dtype: As in `keras.metrics.Metric`.
    """

    def __init__(self, max_value=1.0, name="psnr", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.max_value = max_value
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(y_true, self.dtype)
        y_pred = ops.clip(ops.cast(y_pred, self.dtype), 0.0, self.max_value)
        axes = tuple(range(1, len(y_pred.shape)))
        mean_squared_error = ops.maximum(ops.mean(ops.square(y_true - y_pred), axis=axes), 1e-10)
        psnr = 10.0 * ops.log10(self.max_value**2 / mean_squared_error)
        if sample_weight is None:
            sample_weight = ops.ones_like(psnr)
        sample_weight = ops.cast(ops.reshape(sample_weight, ops.shape(psnr)), self.dtype)
        self.total.assign_add(ops.sum(psnr * sample_weight))
        self.count.assign_add(ops.sum(sample_weight))

    def result(self):
        return ops.divide_no_nan(self.total, self.count)

    def reset_state(self):
        self.total.assign(0.0)
        self.count.assign(0.0)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value}
