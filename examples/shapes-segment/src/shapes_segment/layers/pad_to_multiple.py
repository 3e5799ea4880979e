"""`PadToMultiple`: pad images so their height and width are multiples of a number."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="shapes_segment")
class PadToMultiple(keras.layers.Layer):
    """Pads images with zeros at the bottom and right, up to a multiple of `multiple` in height and width.

    What an encoder that halves the size `n` times needs (`multiple = 2 ** n`), for images of
    any size; `CropLike` cuts the decoder's output back to the input's size.

    Example:

    >>> layer = PadToMultiple(multiple=4)
    >>> layer(keras.ops.ones((1, 5, 7, 3))).shape
    (1, 8, 8, 3)

    Args:
        multiple: What the height and width are padded up to a multiple of.
            Defaults to `4`.
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, multiple=4, **kwargs):
        super().__init__(**kwargs)
        self.multiple = int(multiple)

    def call(self, inputs):
        _, height, width, _ = ops.shape(inputs)
        rows, columns = (-height) % self.multiple, (-width) % self.multiple
        return ops.pad(inputs, ((0, 0), (0, rows), (0, columns), (0, 0)))

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        grow = lambda length: None if length is None else -(-length // self.multiple) * self.multiple  # noqa: E731
        return (batch, grow(height), grow(width), channels)

    def get_config(self):
        return {**super().get_config(), "multiple": self.multiple}
