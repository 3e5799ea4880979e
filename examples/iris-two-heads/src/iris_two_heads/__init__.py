"""iris-two-heads: a Keras 3 model for tabular multi output.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from iris_two_heads import layers, losses, metrics  # noqa: F401
