"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import keras
from keras import layers

from digits import blocks
from digits.config import ModelConfig, TrainConfig


def build_model(config: ModelConfig) -> keras.Model:
    """Images -> class probabilities.

    The preprocessing is part of the model (`adapt` fits it to the training split),
    so the saved model takes raw inputs.
    """
    inputs = keras.Input(shape=config.input_shape, name="image")
    x = layers.Normalization(name="normalize", dtype="float32")(inputs)  # adapts in float32 under any precision
    x = blocks.conv_block(x, filters=32, kernel_size=3, pool=True, name="conv_1")
    x = blocks.residual_block(x, filters=64, strides=2, name="residual_2")
    x = blocks.global_pool(x, name="pool")
    x = blocks.dense_block(x, units=64, dropout=0.2, batch_norm=True, name="dense_3")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    outputs = layers.Dense(config.num_classes, activation="softmax", name="probabilities", dtype="float32")(x)
    return keras.Model(inputs, outputs, name="digits")


def adapt(model: keras.Model, dataset) -> None:
    """Fit the layers that learn from the training split; `dataset` yields its `(inputs, targets)` batches."""
    normalize = model.get_layer("normalize")
    normalize.adapt(dataset.map(lambda inputs, targets: inputs))
    # Keras divides by max(std, 1e-7): a feature constant in training but not later would be
    # multiplied by ten million, so such features keep a variance of 1 instead.
    mean, variance, *count = normalize.get_weights()
    variance[variance <= 1e-6] = 1.0
    normalize.set_weights([mean, variance, *count])
    normalize.finalize_state()


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
