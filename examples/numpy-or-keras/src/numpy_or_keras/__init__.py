"""numpy-or-keras: a Keras 3 model for text binary.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from numpy_or_keras import layers, losses, metrics  # noqa: F401
