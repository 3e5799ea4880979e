"""digits-arrays: a Keras 3 model for image multiclass.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from digits_arrays import layers, losses, metrics  # noqa: F401
