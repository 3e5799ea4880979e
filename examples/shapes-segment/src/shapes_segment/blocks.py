"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

from shapes_segment.layers.crop_like import CropLike
from shapes_segment.layers.pad_to_multiple import PadToMultiple

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


def unet_block(x, filters, *, depth=2, merge="concatenate", name):
    """U-Net: an encoder that halves the size `depth` times, a decoder that doubles it back,
    and a skip connection from each encoder level to the decoder level of its size.

    Images of any size: the input is padded to a multiple of `2 ** depth` (zeros at the
    bottom and right) and the output cropped back to the input's size.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        filters: Channels at full size; each level down doubles them.
        depth: How many times the encoder halves the size.
        merge: How a skip meets the decoder: `concatenate` (U-Net) or `add`.
        name: Prefix for every layer name in the block.
    """
    skips = []
    y = PadToMultiple(2**depth, name=f"{name}_pad")(x)
    for level in range(depth):
        y = _double_conv(y, filters * 2**level, name=f"{name}_down{level + 1}")
        skips.append(y)
        y = layers.MaxPooling2D(2, name=f"{name}_pool{level + 1}")(y)
    y = _double_conv(y, filters * 2**depth, name=f"{name}_bottom")
    for level in reversed(range(depth)):
        y = layers.Conv2DTranspose(filters * 2**level, 2, strides=2, name=f"{name}_up{level + 1}")(y)
        merged = layers.Concatenate if merge == "concatenate" else layers.Add
        y = merged(name=f"{name}_merge{level + 1}")([y, skips[level]])
        y = _double_conv(y, filters * 2**level, name=f"{name}_decode{level + 1}")
    return CropLike(name=f"{name}_crop")([y, x])


def _double_conv(x, filters, *, name):
    """Two 3x3 convolutions with ReLU, the size kept."""
    x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv1")(x)
    return layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv2")(x)
