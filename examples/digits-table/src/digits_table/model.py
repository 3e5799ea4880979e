"""The model, built with the functional API, and how it is compiled."""

import keras
from keras import layers

from digits_table import blocks
from digits_table.config import ModelConfig, TrainConfig


def build_model(config: ModelConfig) -> keras.Model:
    """Feature vectors -> class probabilities.

    The `normalize` layer learns the mean and variance of the training split
    (`train.py` calls its `adapt`), so the saved model takes raw inputs.
    """
    inputs = keras.Input(shape=config.input_shape, name="features")
    x = layers.Normalization(name="normalize")(inputs)
    x = blocks.dense_block(x, units=128, dropout=0.2, name="dense_1")
    x = blocks.dense_block(x, units=64, dropout=0.0, name="dense_2")
    outputs = layers.Dense(config.num_classes, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="digits_table")


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.AdamW(learning_rate=config.learning_rate, weight_decay=config.weight_decay),
        loss=keras.losses.CategoricalCrossentropy(),
        metrics=[
            keras.metrics.CategoricalAccuracy(name="accuracy"),
            keras.metrics.F1Score(average="macro", name="f1"),
        ],
    )
