"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import re

import keras
from keras import layers

from digits_table import blocks
from digits_table.config import ModelConfig, TrainConfig
from digits_table.layers.fill_missing import FillMissing


def build_model(config: ModelConfig) -> keras.Model:
    """Feature vectors -> class probabilities.

    The preprocessing is part of the model (`adapt` fits it to the training split),
    so the saved model takes raw inputs.
    """
    names = layer_names([*config.numeric_columns, *config.categorical_columns])
    inputs = {column: keras.Input(shape=(1,), name=names[column]) for column in config.numeric_columns}
    numbers = layers.Concatenate(name="numbers")([inputs[column] for column in config.numeric_columns])
    flagged = [config.numeric_columns.index(column) for column in config.columns_with_gaps]
    numbers = FillMissing(flagged, name="fill_missing")(numbers)  # an empty cell reads as NaN
    numbers = layers.Normalization(name="normalize", dtype="float32")(numbers)  # adapts in float32 under any precision
    x = layers.Concatenate(name="encoded")([numbers])
    x = blocks.dense_block(x, units=128, dropout=0.2, batch_norm=True, name="dense_1")
    x = blocks.dense_block(x, units=64, dropout=0.0, batch_norm=True, name="dense_2")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    outputs = layers.Dense(config.num_classes, activation="softmax", name="probabilities", dtype="float32")(x)
    return keras.Model(inputs, outputs, name="digits_table")


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


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.AdamW(learning_rate=config.learning_rate, weight_decay=config.weight_decay),
        loss=keras.losses.CategoricalCrossentropy(),
        metrics=[
            keras.metrics.CategoricalAccuracy(name="accuracy"),
            keras.metrics.F1Score(average="macro", name="f1"),
        ],
        jit_compile=config.jit_compile,
    )


OWN_LAYERS = (
    "numbers",
    "fill_missing",
    "normalize",
    "encoded",
    "lookup",
    "dense",
    "probability",
    "probabilities",
    "standardized",
    "to_target_units",
)
"""The names of the model's own layers, alone or as the first word of one (`lookup_colour`, `dense_1_bn`)."""


def layer_names(columns: list[str]) -> dict[str, str]:
    """Each CSV column's name for its layers: unique, and as Keras names layers (letters, digits, `_`, `.`, `-`).

    A name an earlier column took, or one the model's own layers use (`OWN_LAYERS`), gets
    `column_` in front: columns `a b` and `a_b` name layers `a_b` and `column_a_b`, and a column
    `numbers` names `column_numbers`. The targets come first, so their names never depend on the features.
    """
    names: dict[str, str] = {}
    for column in columns:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", column)
        name, count = safe, 1
        while name in names.values() or any(name == own or name.startswith(f"{own}_") for own in OWN_LAYERS):
            name = f"column_{safe}" if count == 1 else f"column{count}_{safe}"
            count += 1
        names[column] = name
    return names
