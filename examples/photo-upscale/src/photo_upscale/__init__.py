"""photo-upscale: a Keras 3 model for super resolution.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from photo_upscale import layers, losses, metrics  # noqa: F401
