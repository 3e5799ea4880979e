"""photo-denoise: a Keras 3 model for denoising.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from photo_denoise import layers, losses, metrics  # noqa: F401
