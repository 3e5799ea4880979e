"""`PixelShuffle`: sub-pixel upsampling, channels laid out as blocks of pixels."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="photo_upscale")
class PixelShuffle(keras.layers.Layer):
    """Rearranges channels into space: `(batch, h, w, c * b**2)` -> `(batch, h * b, w * b, c)`, `b` the block size.

    The sub-pixel convolution of ESPCN: a convolution at low resolution makes `b ** 2` values
    for each output channel, and this layer lays them out as a `b` x `b` block of pixels, in
    the order of TensorFlow's `depth_to_space` (channels `(i * b + j) * c` to
    `(i * b + j + 1) * c` go to row `i`, column `j` of each block). It has no weights: the
    convolution before it learns the upsampling.

    Example:

    >>> layer = PixelShuffle(block_size=2)
    >>> layer(keras.ops.zeros((1, 4, 4, 12))).shape
    (1, 8, 8, 3)

    Args:
        block_size: Height and width of each block, the upscaling factor; the channels must be
            a multiple of its square. Defaults to `2`.
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, block_size=2, **kwargs):
        super().__init__(**kwargs)
        self.block_size = int(block_size)

    def build(self, input_shape):
        if input_shape[-1] % self.block_size**2:
            raise ValueError(f"{input_shape[-1]} channels are not a multiple of block_size ** 2 = {self.block_size**2}")

    def call(self, inputs):
        _, height, width, channels = ops.shape(inputs)
        size, outputs = self.block_size, channels // self.block_size**2
        blocks = ops.reshape(inputs, (-1, height, width, size, size, outputs))
        rows = ops.transpose(blocks, (0, 1, 3, 2, 4, 5))  # (batch, h, i, w, j, c)
        return ops.reshape(rows, (-1, height * size, width * size, outputs))

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        grow = lambda length: None if length is None else length * self.block_size  # noqa: E731
        return (batch, grow(height), grow(width), channels // self.block_size**2)

    def get_config(self):
        return {**super().get_config(), "block_size": self.block_size}
