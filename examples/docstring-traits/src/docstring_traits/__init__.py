"""docstring-traits: a Keras 3 model for text multilabel.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from docstring_traits import layers, losses, metrics  # noqa: F401
