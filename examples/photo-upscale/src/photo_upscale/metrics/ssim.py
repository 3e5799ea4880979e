"""`StructuralSimilarity`: structural similarity of images."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="photo_upscale")
class StructuralSimilarity(keras.metrics.Metric):
    """Structural similarity (SSIM) of images, averaged over samples; 1 is identical.

    For `(batch, height, width, channels)` images. Means, variances and the
    covariance are taken over a sliding `window_size` square (a uniform window,
    not the Gaussian of the original paper), then
    `((2 mu_x mu_y + c1) (2 cov_xy + c2)) / ((mu_x^2 + mu_y^2 + c1) (var_x + var_y + c2))`
    with `c1 = (0.01 max_value) ** 2` and `c2 = (0.03 max_value) ** 2`, averaged over
    windows and channels. Predictions are clipped to [0, max_value] first, as an image saved
    from them would be. Images must be at least `window_size` high and wide.

    Example:

    >>> metric = StructuralSimilarity(window_size=3)
    >>> image = keras.ops.ones((1, 8, 8, 1)) * 0.5
    >>> metric.update_state(image, image)
    >>> float(metric.result())
    1.0

    Args:
        max_value: The largest possible value (`1.0` for data in [0, 1]).
            Defaults to `1.0`.
        window_size: Height and width of the sliding window. Defaults to `7`.
        name, dtype: As in `keras.metrics.Metric`.
    """

    def __init__(self, max_value=1.0, window_size=7, name="ssim", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.max_value = max_value
        self.window_size = window_size
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def _local_mean(self, images):
        return ops.average_pool(images, pool_size=self.window_size, strides=1, padding="valid")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(y_true, self.dtype)
        y_pred = ops.clip(ops.cast(y_pred, self.dtype), 0.0, self.max_value)
        c1 = (0.01 * self.max_value) ** 2
        c2 = (0.03 * self.max_value) ** 2
        mean_true, mean_pred = self._local_mean(y_true), self._local_mean(y_pred)
        var_true = self._local_mean(y_true * y_true) - mean_true * mean_true
        var_pred = self._local_mean(y_pred * y_pred) - mean_pred * mean_pred
        covariance = self._local_mean(y_true * y_pred) - mean_true * mean_pred
        ssim_map = ((2 * mean_true * mean_pred + c1) * (2 * covariance + c2)) / (
            (mean_true * mean_true + mean_pred * mean_pred + c1) * (var_true + var_pred + c2)
        )
        ssim = ops.mean(ssim_map, axis=(1, 2, 3))
        if sample_weight is None:
            sample_weight = ops.ones_like(ssim)
        sample_weight = ops.cast(ops.reshape(sample_weight, ops.shape(ssim)), self.dtype)
        self.total.assign_add(ops.sum(ssim * sample_weight))
        self.count.assign_add(ops.sum(sample_weight))

    def result(self):
        return ops.divide_no_nan(self.total, self.count)

    def reset_state(self):
        self.total.assign(0.0)
        self.count.assign(0.0)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value, "window_size": self.window_size}
