"""town-power: a Keras 3 model for series forecast.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`.
"""

from town_power import layers, losses, metrics  # noqa: F401
