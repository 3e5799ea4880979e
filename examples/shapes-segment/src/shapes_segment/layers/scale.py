"""`Scale`: a layer that multiplies its input by learned weights."""

import keras


@keras.saving.register_keras_serializable(package="shapes_segment")
class Scale(keras.layers.Layer):
    """Multiplies its input by learned weights, element-wise.

    Starting the weights small lets a residual branch begin close to the
    identity and grow in as training finds it useful.

    Example:

    >>> layer = Scale(initial_value=0.1, per_channel=True)
    >>> layer(keras.ops.ones((2, 8, 8, 3))).shape
    (2, 8, 8, 3)

    Args:
        initial_value: Starting value of the weights. Defaults to `1.0`.
        per_channel: If `True`, one weight per feature (the last axis); otherwise
            one weight for the whole input. Defaults to `True`.
        **kwargs: Base layer arguments such as `name` and `dtype`.
    """

    def __init__(self, initial_value=1.0, per_channel=True, **kwargs):
        super().__init__(**kwargs)
        self.initial_value = initial_value
        self.per_channel = per_channel

    def build(self, input_shape):
        self.scale = self.add_weight(
            name="scale",
            shape=(input_shape[-1],) if self.per_channel else (),
            initializer=keras.initializers.Constant(self.initial_value),
        )

    def call(self, inputs):
        return inputs * self.scale

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "initial_value": self.initial_value, "per_channel": self.per_channel}
