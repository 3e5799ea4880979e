"""diabetes: a Keras 3 model for tabular regression.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from diabetes import layers, losses, metrics  # noqa: F401
