"""Reusable blocks: each takes a tensor and returns a tensor, adding named layers."""

from keras import layers

from numpy_or_keras.layers.masked_average import MaskedAverage
from numpy_or_keras.layers.position_embedding import PositionEmbedding

# Keras's default (0.99) lets the moving mean and variance of batch normalization lag for
# hundreds of steps; 0.9 settles them within a few dozen, so validation scores on small
# data sets are right from the first epochs.
BN_MOMENTUM = 0.9


def embedding_block(x, dim, *, positions, vocabulary_size, name):
    """Token ids -> one learned vector per token: `(batch, steps)` -> `(batch, steps, dim)`.

    The padding (token 0) is masked: later layers leave it out.

    Args:
        x: Token ids, `(batch, steps)`; 0 is padding.
        dim: Size of each token's vector.
        positions: Add a learned vector per position (set when a transformer follows:
            attention alone does not see the order of the tokens).
        vocabulary_size: Token ids are below this.
        name: Prefix for every layer name in the block.
    """
    x = layers.Embedding(vocabulary_size, dim, mask_zero=True, name=f"{name}_tokens")(x)
    if positions:
        x = PositionEmbedding(x.shape[1], name=f"{name}_positions")(x)
    return x


def transformer_block(x, heads, *, dim=32, ff_dim=64, dropout=0.1, name):
    """A transformer encoder layer: self-attention and a feed-forward layer, each with a residual
    connection and layer normalization. `(batch, steps, features)` in and out.

    Args:
        x: Input tensor, `(batch, steps, features)`.
        heads: Attention heads.
        dim: Size of each head's queries and keys.
        ff_dim: Units of the feed-forward layer's hidden layer.
        dropout: Fraction of the attention and feed-forward outputs dropped while training.
        name: Prefix for every layer name in the block.
    """
    features = x.shape[-1]
    attended = layers.MultiHeadAttention(heads, dim, dropout=dropout, name=f"{name}_attention")(x, x)
    x = layers.LayerNormalization(name=f"{name}_norm_1")(layers.Add(name=f"{name}_add_1")([x, attended]))
    hidden = layers.Dense(ff_dim, activation="relu", name=f"{name}_ff_1")(x)
    hidden = layers.Dense(features, name=f"{name}_ff_2")(layers.Dropout(dropout, name=f"{name}_dropout")(hidden))
    return layers.LayerNormalization(name=f"{name}_norm_2")(layers.Add(name=f"{name}_add_2")([x, hidden]))


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
