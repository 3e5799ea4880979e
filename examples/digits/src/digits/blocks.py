"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

# Keras's default (0.99) lets the moving mean and variance of batch normalization lag for
# hundreds of steps; 0.9 settles them within a few dozen, so validation scores on small
# data sets are right from the first epochs.
BN_MOMENTUM = 0.9


def conv_block(x, filters, *, kernel_size=3, pool=True, name):
    """Conv2D, batch normalization and ReLU, then optional 2x2 max pooling.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        filters: Output channels.
        kernel_size: Height and width of the convolution kernel.
        pool: Whether to halve height and width with max pooling.
        name: Prefix for every layer name in the block.
    """
    x = layers.Conv2D(filters, kernel_size, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    if pool and x.shape[1] > 1 and x.shape[2] > 1:  # tiny feature maps are not pooled further
        x = layers.MaxPooling2D(2, name=f"{name}_pool")(x)
    return x


def residual_block(x, filters, *, strides=1, name):
    """Two 3x3 convolutions plus a shortcut (ResNet basic block).

    The shortcut gets a 1x1 projection when the block changes the channel
    count or the spatial size, so the two branches can be added.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        filters: Output channels.
        strides: Stride of the first convolution; `2` halves height and width.
        name: Prefix for every layer name in the block.
    """
    shortcut = x
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False, name=f"{name}_conv1")(x)
    x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{name}_bn1")(x)
    x = layers.Activation("relu", name=f"{name}_relu1")(x)
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv2")(x)
    x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{name}_bn2")(x)
    if strides != 1 or shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides, use_bias=False, name=f"{name}_proj")(shortcut)
        shortcut = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{name}_proj_bn")(shortcut)
    x = layers.Add(name=f"{name}_add")([x, shortcut])
    return layers.Activation("relu", name=f"{name}_out")(x)


def global_pool(x, *, name):
    """Average each feature map over height and width: `(batch, h, w, c)` -> `(batch, c)`.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        name: The layer's name.
    """
    return layers.GlobalAveragePooling2D(name=name)(x)


def dense_block(x, units, *, dropout=0.0, batch_norm=True, name):
    """Dense layer, batch normalization (unless turned off), ReLU and dropout: one layer of an MLP.

    Args:
        x: Input tensor, `(batch, features)`.
        units: Output features.
        dropout: Fraction of the outputs dropped while training.
        batch_norm: Normalize the dense layer's outputs over each batch before the ReLU.
            A table of a few hundred rows scores better without it (its default there).
        name: Prefix for every layer name in the block.
    """
    if batch_norm:
        x = layers.Dense(units, use_bias=False, name=f"{name}_dense")(x)
        x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{name}_bn")(x)
        x = layers.Activation("relu", name=f"{name}_relu")(x)
    else:
        x = layers.Dense(units, activation="relu", name=f"{name}_dense")(x)
    if dropout:
        x = layers.Dropout(dropout, name=f"{name}_dropout")(x)
    return x
