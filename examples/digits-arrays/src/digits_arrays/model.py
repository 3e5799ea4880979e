"""The model, built with the functional API, and how it is compiled."""

import keras
from keras import layers

from digits_arrays import blocks
from digits_arrays.config import ModelConfig, TrainConfig


def build_model(config: ModelConfig) -> keras.Model:
    """Images -> class probabilities.

    The `normalize` layer learns the mean and variance of the training split
    (`train.py` calls its `adapt`), so the saved model takes raw inputs.
    """
    inputs = keras.Input(shape=config.input_shape, name="image")
    x = layers.Normalization(name="normalize")(inputs)
    x = blocks.inception_block(x, filters=16, merge="concatenate", name="inception_1")
    x = blocks.densenet_block(x, num_layers=3, growth_rate=12, name="dense_block_2")
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    x = blocks.dense_block(x, units=64, dropout=0.2, name="dense_3")
    outputs = layers.Dense(config.num_classes, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="digits_arrays")


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.SGD(
            learning_rate=config.learning_rate, momentum=config.momentum, nesterov=config.nesterov
        ),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
        ],
    )
