"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

# Keras's default (0.99) lets the moving mean and variance of batch normalization lag for
# hundreds of steps; 0.9 settles them within a few dozen, so validation scores on small
# data sets are right from the first epochs.
BN_MOMENTUM = 0.9


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
