"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import keras
from keras import layers

from library_docstrings import blocks
from library_docstrings.config import ModelConfig, TrainConfig
from library_docstrings.layers.normalize_spaces import NormalizeSpaces


def build_model(config: ModelConfig) -> keras.Model:
    """Texts -> class probabilities.

    The preprocessing is part of the model (`adapt` fits it to the training split),
    so the saved model takes raw inputs.
    """
    inputs = keras.Input(shape=(1,), dtype="string", name="text")
    # Line breaks of every kind become spaces, so no word holds one: the saved vocabulary
    # is one word a line, and a word split in two there would shift the reloaded token ids.
    x = NormalizeSpaces(name="spaces")(inputs)
    x = layers.TextVectorization(
        max_tokens=config.max_tokens,
        output_sequence_length=config.sequence_length,  # longer texts are cut, shorter ones padded with 0
        standardize=None if config.standardize == "none" else config.standardize,
        name="vectorize",
    )(x)
    x = blocks.embedding_block(x, dim=32, vocabulary_size=config.max_tokens, name="embedding_1")
    x = blocks.conv1d_block(x, filters=32, kernel_size=5, pool=True, name="conv1d_2")
    x = blocks.sequence_pool(x, name="sequence_pool")
    x = blocks.dense_block(x, units=32, dropout=0.3, batch_norm=True, name="dense_3")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    outputs = layers.Dense(config.num_classes, activation="softmax", name="probabilities", dtype="float32")(x)
    return keras.Model(inputs, outputs, name="library_docstrings")


def adapt(model: keras.Model, dataset) -> None:
    """Fit the layers that learn from the training split; `dataset` yields its `(inputs, targets)` batches."""
    spaces = model.get_layer("spaces")  # the vocabulary of training, read as the model reads the texts
    model.get_layer("vectorize").adapt(dataset.map(lambda inputs, targets: spaces(inputs)))


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
        ],
        jit_compile=config.jit_compile,
    )
