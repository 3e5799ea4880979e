"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import keras
from keras import layers

from digits_3_8 import blocks
from digits_3_8.config import ModelConfig, TrainConfig


def build_model(config: ModelConfig) -> keras.Model:
    """Images -> the probability of the second class.

    The preprocessing is part of the model (`adapt` fits it to the training split),
    so the saved model takes raw inputs.
    """
    inputs = keras.Input(shape=config.input_shape, name="image")
    x = layers.Rescaling(1.0 / 255, name="rescale")(inputs)
    x = blocks.conv_block(x, filters=16, kernel_size=3, pool=True, name="conv_1")
    x = blocks.conv_block(x, filters=32, kernel_size=3, pool=True, name="conv_2")
    x = blocks.global_pool(x, name="pool")
    x = blocks.dense_block(x, units=32, dropout=0.2, batch_norm=True, name="dense_3")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    outputs = layers.Dense(1, activation="sigmoid", name="probability", dtype="float32")(x)
    return keras.Model(inputs, outputs, name="digits_3_8")


def adapt(model: keras.Model, dataset) -> None:
    """Fit the layers that learn from the training split; `dataset` yields its `(inputs, targets)` batches."""
    # `rescale` divides by 255, a fixed factor: nothing to learn from the inputs.


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=[
            keras.metrics.BinaryAccuracy(name="accuracy"),
            keras.metrics.AUC(name="auc"),
        ],
        jit_compile=config.jit_compile,
    )
