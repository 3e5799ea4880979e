"""shapes-segment: a Keras 3 model for segmentation.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from shapes_segment import layers, losses, metrics  # noqa: F401
