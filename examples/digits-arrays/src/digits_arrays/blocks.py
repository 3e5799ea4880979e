"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

# Keras's default (0.99) lets the moving mean and variance of batch normalization lag for
# hundreds of steps; 0.9 settles them within a few dozen, so validation scores on small
# data sets are right from the first epochs.
BN_MOMENTUM = 0.9


def inception_block(x, filters, *, merge="concatenate", name):
    """Inception branches (1x1, 3x3, 5x5 and 3x3 max pooling) merged into one tensor.

    Each branch ends with `filters` channels, so `add`, `average` and
    `maximum` can merge them as well as `concatenate`.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        filters: Output channels of each branch.
        merge: `concatenate` (4 * filters channels), `add`, `average` or `maximum`.
        name: Prefix for every layer name in the block.
    """
    branches = [
        _conv_bn_relu(x, filters, 1, name=f"{name}_1x1"),
        _conv_bn_relu(_conv_bn_relu(x, filters, 1, name=f"{name}_3x3_reduce"), filters, 3, name=f"{name}_3x3"),
        _conv_bn_relu(_conv_bn_relu(x, filters, 1, name=f"{name}_5x5_reduce"), filters, 5, name=f"{name}_5x5"),
        _conv_bn_relu(
            layers.MaxPooling2D(3, strides=1, padding="same", name=f"{name}_pool")(x),
            filters,
            1,
            name=f"{name}_pool_proj",
        ),
    ]
    merge_layers = {
        "concatenate": layers.Concatenate,
        "add": layers.Add,
        "average": layers.Average,
        "maximum": layers.Maximum,
    }
    return merge_layers[merge](name=f"{name}_{merge}")(branches)


def _conv_bn_relu(x, filters, kernel_size, *, name):
    x = layers.Conv2D(filters, kernel_size, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{name}_bn")(x)
    return layers.Activation("relu", name=f"{name}_relu")(x)


def densenet_block(x, num_layers, growth_rate, *, name):
    """DenseNet block: each layer's output is concatenated to everything before it.

    Every layer is BN-ReLU-Conv3x3 with `growth_rate` filters, so the block
    adds `num_layers * growth_rate` channels and keeps height and width.

    Args:
        x: Input tensor, `(batch, height, width, channels)`.
        num_layers: Number of BN-ReLU-Conv layers.
        growth_rate: Channels each layer adds.
        name: Prefix for every layer name in the block.
    """
    for index in range(1, num_layers + 1):
        y = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{name}_{index}_bn")(x)
        y = layers.Activation("relu", name=f"{name}_{index}_relu")(y)
        y = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False, name=f"{name}_{index}_conv")(y)
        x = layers.Concatenate(name=f"{name}_{index}_concat")([x, y])
    return x


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
