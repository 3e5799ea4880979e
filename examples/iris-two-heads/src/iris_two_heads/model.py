"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import re

import keras
from keras import layers

from iris_two_heads import blocks
from iris_two_heads.config import ModelConfig, TrainConfig
from iris_two_heads.layers.fill_missing import FillMissing


def build_model(config: ModelConfig) -> keras.Model:
    """Feature vectors -> one named output per target column.

    The preprocessing is part of the model (`adapt` fits it to the training split),
    so the saved model takes raw inputs, and predicts each number in its own units.
    """
    inputs = {column: keras.Input(shape=(1,), name=layer_name(column)) for column in config.numeric_columns}
    numbers = layers.Concatenate(name="numbers")([inputs[column] for column in config.numeric_columns])
    flagged = [config.numeric_columns.index(column) for column in config.columns_with_gaps]
    numbers = FillMissing(flagged, name="fill_missing")(numbers)  # an empty cell reads as NaN
    numbers = layers.Normalization(name="normalize")(numbers)
    x = layers.Concatenate(name="encoded")([numbers])
    x = blocks.dense_block(x, units=32, dropout=0.0, name="dense_1")
    x = blocks.dense_block(x, units=16, dropout=0.0, name="dense_2")
    outputs = {layer_name(column): target_head(x, column, config) for column in config.target_columns}
    return keras.Model(inputs, outputs, name="iris_two_heads")


def adapt(model: keras.Model, dataset) -> None:
    """Fit the layers that learn from the training split; `dataset` yields its `(inputs, targets)` batches."""
    features = dataset.map(lambda inputs, targets: inputs)
    numbers = keras.Model(model.input, model.get_layer("numbers").output).predict(features, verbose=0)
    fill_missing = model.get_layer("fill_missing")
    fill_missing.adapt(numbers)
    normalize = model.get_layer("normalize")
    normalize.adapt(keras.ops.convert_to_numpy(fill_missing(numbers)))
    # Keras divides by max(std, 1e-7): a feature constant in training but not later would be
    # multiplied by ten million, so such features keep a variance of 1 instead.
    mean, variance, *count = normalize.get_weights()
    variance[variance <= 1e-6] = 1.0
    normalize.set_weights([mean, variance, *count])
    normalize.finalize_state()
    for layer in model.layers:
        if isinstance(layer, layers.Normalization) and layer.invert:  # a number's head learns its target's units
            layer.adapt(dataset.map(lambda inputs, targets, name=layer.name: targets[name]))


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, and a loss and metrics per head, summed with the config's loss weights.

    A head of one unit predicts a number: mean squared error, and MAE and RMSE in its units.
    A wider one predicts class probabilities: sparse categorical cross-entropy, and accuracy.
    """
    numbers = {name for name, output in model.output.items() if output.shape[-1] == 1}
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
        loss={
            name: keras.losses.MeanSquaredError() if name in numbers else keras.losses.SparseCategoricalCrossentropy()
            for name in model.output
        },
        loss_weights={layer_name(column): weight for column, weight in config.loss_weights.items()},
        metrics={
            name: [keras.metrics.MeanAbsoluteError(name="mae"), keras.metrics.RootMeanSquaredError(name="rmse")]
            if name in numbers
            else [keras.metrics.SparseCategoricalAccuracy(name="accuracy")]
            for name in model.output
        },
    )


def layer_name(column: str) -> str:
    """A CSV column's name as Keras names its layers: letters, digits, `_`, `.` and `-`."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", column)


def target_head(x, column: str, config: ModelConfig):
    """The output named after one target column: class probabilities, or a number in its own units.

    A number's linear unit learns the standardized target; the `Normalization` after it, adapted
    to the training targets, maps it back to the column's units.
    """
    name = layer_name(column)
    if column in config.class_targets:
        return layers.Dense(config.class_targets[column], activation="softmax", name=name)(x)
    x = layers.Dense(1, name=f"{name}_standardized")(x)
    return layers.Normalization(invert=True, name=name)(x)
