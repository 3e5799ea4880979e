"""`CropLike`: crop images to the height and width of a reference."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="shapes_segment")
class CropLike(keras.layers.Layer):
    """Crops `[images, reference]` to the reference's height and width, keeping the top left.

    Undoes `PadToMultiple` after an encoder-decoder: the decoder's output, computed on the
    padded images, is cut back to the size of the images as they came in.

    Example:

    >>> layer = CropLike()
    >>> layer([keras.ops.ones((1, 8, 8, 16)), keras.ops.ones((1, 5, 7, 3))]).shape
    (1, 5, 7, 16)

    Args:
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def call(self, inputs):
        images, reference = inputs
        _, height, width, _ = ops.shape(reference)
        return images[:, :height, :width, :]

    def compute_output_shape(self, input_shapes):
        images, reference = input_shapes
        return (images[0], reference[1], reference[2], images[3])
