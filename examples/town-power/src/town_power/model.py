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
    x = layers.Normalization(name="normalize")(inputs)
    x = blocks.conv1d_block(x, filters=32, kernel_size=3, pool=False, name="conv1d_1")
    x = blocks.flatten_steps(x, name="flatten")
    x = blocks.dense_block(x, units=64, dropout=0.0, name="dense_2")
    x = layers.Dense(config.horizon, name="standardized")(x)
    outputs = layers.Normalization(invert=True, name="to_target_units")(x)
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
    # The last layer maps standardized predictions to the target's own units: it learns the
    # mean and variance of the training targets, so the untrained model predicts their mean.
    model.get_layer("to_target_units").adapt(dataset.map(lambda inputs, targets: targets))


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
        loss=keras.losses.MeanSquaredError(),
        metrics=[
            keras.metrics.MeanAbsoluteError(name="mae"),
            keras.metrics.RootMeanSquaredError(name="rmse"),
        ],
    )
