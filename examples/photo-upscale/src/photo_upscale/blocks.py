"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

# Keras's default (0.99) lets the moving mean and variance of batch normalization lag for
# hundreds of steps; 0.9 settles them within a few dozen, so validation scores on small
# data sets are right from the first epochs.
BN_MOMENTUM = 0.9


def feature_conv_block(x, filters, *, kernel_size=3, name):
    """Conv2D and ReLU, the size kept: no batch normalization, no pooling.

    Restoration models keep the scale of their features: batch normalization would
    standardize away the brightness and contrast the output must reproduce.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        filters: Output channels.
        kernel_size: Height and width of the convolution kernel.
        name: Prefix for every layer name in the block.
    """
    return layers.Conv2D(filters, kernel_size, padding="same", activation="relu", name=f"{name}_conv")(x)
