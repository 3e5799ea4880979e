"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

from library_docstrings.layers.masked_average import MaskedAverage
from library_docstrings.layers.masked_conv1d import MaskedConv1D

# Keras's default (0.99) lets the moving mean and variance of batch normalization lag for
# hundreds of steps; 0.9 settles them within a few dozen, so validation scores on small
# data sets are right from the first epochs.
BN_MOMENTUM = 0.9


def embedding_block(x, dim, *, vocabulary_size, name):
    """Token ids -> one learned vector per token: `(batch, steps)` -> `(batch, steps, dim)`.

    The padding (token 0) is masked: later layers leave it out.

    Args:
        x: Token ids, `(batch, steps)`; 0 is padding.
        dim: Size of each token's vector.
        vocabulary_size: Token ids are below this.
        name: Prefix for every layer name in the block.
    """
    return layers.Embedding(vocabulary_size, dim, mask_zero=True, name=f"{name}_tokens")(x)


def conv1d_block(x, filters, *, kernel_size=5, pool=True, name):
    """Conv1D and ReLU over the steps, then 2x max pooling: `(batch, steps, features)` in and out.

    When the steps carry a padding mask (a text's tokens do), it passes through
    (`MaskedConv1D`), so the layers after it leave the padding out.

    Args:
        x: Input tensor, `(batch, steps, features)`.
        filters: Output features.
        kernel_size: Steps each filter reads.
        pool: Halve the steps with max pooling.
        name: Prefix for every layer name in the block.
    """
    return MaskedConv1D(filters, kernel_size, pool_size=2 if pool else 1, name=f"{name}_conv")(x)


def sequence_pool(x, *, name):
    """Average each feature over the steps, padding left out: `(batch, steps, f)` -> `(batch, f)`.

    Args:
        x: Input tensor, `(batch, steps, features)`.
        name: The layer's name.
    """
    return MaskedAverage(name=name)(x)


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
