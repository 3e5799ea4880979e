"""library-docstrings: a Keras 3 model for text multiclass.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from library_docstrings import layers, losses, metrics  # noqa: F401
