"""digits-3-8: a Keras 3 model for image binary.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from digits_3_8 import layers, losses, metrics  # noqa: F401
