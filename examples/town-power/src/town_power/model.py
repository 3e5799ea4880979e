"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import keras
from keras import layers

from town_power import blocks
from town_power.config import ModelConfig, TrainConfig


def build_model(config: ModelConfig) -> keras.Model:
    """Windows of past values -> the target's next `horizon` values.

    The preprocessing is part of the model (`adapt` fits it to the training split),
    so the saved model takes raw inputs and predicts in the target's own units.
    """
    inputs = keras.Input(shape=config.input_shape, name="series")
    x = layers.Normalization(name="normalize", dtype="float32")(inputs)  # adapts in float32 under any precision
    x = blocks.conv1d_block(x, filters=32, kernel_size=3, pool=False, name="conv1d_1")
    x = blocks.flatten_steps(x, name="flatten")
    x = blocks.dense_block(x, units=64, dropout=0.0, batch_norm=True, name="dense_2")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    # The forecast is the window's last target value (the last column) plus a change per step:
    # an untrained model starts as persistence, and learns the changes standardized.
    x = layers.Dense(config.horizon, name="standardized", dtype="float32")(x)
    change = layers.Normalization(invert=True, name="to_target_units", dtype="float32")(x)
    outputs = layers.Add(name="forecast", dtype="float32")([inputs[:, -1:, -1], change])
    return keras.Model(inputs, outputs, name="town_power")


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
    # The last layers map standardized changes to the target's own units: they learn the mean
    # and variance of each step's change from the window's last value, in the training split.
    model.get_layer("to_target_units").adapt(dataset.map(lambda inputs, targets: targets - inputs[:, -1:, -1]))


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
        loss=keras.losses.MeanSquaredError(),
        metrics=[
            keras.metrics.MeanAbsoluteError(name="mae"),
            keras.metrics.RootMeanSquaredError(name="rmse"),
        ],
        jit_compile=config.jit_compile,
    )
