"""`BicubicUpscale`: bicubic upscaling by a whole factor, for images of any size."""

import keras
import numpy as np
from keras import ops


@keras.saving.register_keras_serializable(package="photo_upscale")
class BicubicUpscale(keras.layers.Layer):
    """Upscales images `factor` times in height and width by bicubic interpolation.

    On every backend it gives what TensorFlow's and JAX's
    `keras.ops.image.resize(images, (h * factor, w * factor), interpolation="bicubic")` give
    (torch's own bicubic resize uses `a = -0.75`), and it reads images whose size is only known
    when they arrive, as a fully convolutional model does. For a whole factor, each output pixel
    of a block (row `i`, column `j`) weighs the same 5 x 5 input pixels around its source with
    fixed cubic weights (Keys, `a = -0.5`, half-pixel centers): one depthwise convolution gives
    every block's pixels as channels, and a reshape lays them out. Samples past the border get
    no weight, and the others are renormalized, as TensorFlow's bicubic resize does. No weights
    are learned; under mixed precision the cubic weights are cast to the compute dtype.

    Example:

    >>> layer = BicubicUpscale(factor=2)
    >>> layer(keras.ops.ones((1, 5, 7, 3))).shape
    (1, 10, 14, 3)

    Args:
        factor: How many times larger the output is, in height and width.
            Defaults to `2`.
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, factor=2, **kwargs):
        super().__init__(**kwargs)
        if int(factor) != factor or factor < 1:
            raise ValueError(f"Expected a whole `factor` of at least 1. Received: factor={factor}")
        self.factor = int(factor)

    def build(self, input_shape):
        weights = cubic_weights(self.factor)  # (factor, 5): each block row's weights of offsets -2..2
        kernel = np.einsum("ia,jb->abij", weights, weights).reshape(5, 5, 1, self.factor**2)
        self.channels = input_shape[-1]
        self.kernel = np.tile(kernel, (1, 1, self.channels, 1)).astype("float32")

    def call(self, inputs):
        kernel = ops.convert_to_tensor(self.kernel, dtype=inputs.dtype)
        blocks = ops.depthwise_conv(_pad(inputs), kernel, padding="valid")
        weight = ops.depthwise_conv(_pad(ops.ones_like(inputs[..., :1])), kernel[:, :, :1], padding="valid")
        blocks = blocks / ops.tile(weight, (1, 1, 1, self.channels))  # channel c * factor**2 + i * factor + j
        _, height, width, _ = ops.shape(inputs)
        size = self.factor
        blocks = ops.reshape(blocks, (-1, height, width, self.channels, size, size))
        rows = ops.transpose(blocks, (0, 1, 4, 2, 5, 3))  # (batch, h, i, w, j, c)
        return ops.reshape(rows, (-1, height * size, width * size, self.channels))

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        grow = lambda length: None if length is None else length * self.factor  # noqa: E731
        return (batch, grow(height), grow(width), channels)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def _pad(images):
    """Two rows and columns of zeros around each image: the taps past its border."""
    return ops.pad(images, ((0, 0), (2, 2), (2, 2), (0, 0)))


def cubic_weights(factor):
    """For each row `i` of a block, the weights of the input pixels at offsets -2..2 from its source pixel."""
    offsets = np.arange(-2, 3)
    centers = (np.arange(factor) + 0.5) / factor - 0.5  # where each output row samples, in input pixels
    return _keys(centers[:, None] - offsets[None, :])


def _keys(distance, a=-0.5):
    """The cubic convolution kernel of Keys (1981), as image libraries use for bicubic resizing."""
    t = np.abs(distance)
    near = (a + 2) * t**3 - (a + 3) * t**2 + 1
    far = a * t**3 - 5 * a * t**2 + 8 * a * t - 4 * a
    return np.where(t <= 1, near, np.where(t < 2, far, 0.0))
