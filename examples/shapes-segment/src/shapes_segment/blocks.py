"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

from shapes_segment.layers.scale import Scale

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


def edsr_block(x, filters, *, residual_scale=0.1, name):
    """EDSR residual block: conv, ReLU, conv, scaled by a learned factor, plus a shortcut.

    No batch normalization (EDSR showed it hurts restoration). The residual starts scaled
    down, so a deep stack begins close to the identity and trains stably. The shortcut gets a
    1x1 projection when the block changes the channel count.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        filters: Output channels.
        residual_scale: Starting value of the learned factor on the residual.
        name: Prefix for every layer name in the block.
    """
    shortcut = x
    if shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, name=f"{name}_proj")(shortcut)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv1")(x)
    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv2")(x)
    x = Scale(initial_value=residual_scale, per_channel=False, name=f"{name}_scale")(x)
    return layers.Add(name=f"{name}_add")([shortcut, x])
