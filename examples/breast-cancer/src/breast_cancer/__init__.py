"""breast-cancer: a Keras 3 model for tabular binary.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from breast_cancer import layers, losses, metrics  # noqa: F401
