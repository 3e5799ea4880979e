"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import keras
from keras import layers

from shapes_segment import blocks
from shapes_segment.config import ModelConfig, TrainConfig


def build_model(config: ModelConfig) -> keras.Model:
    """Images of any size, pixel values in [0, 1] -> class probabilities at every pixel.

    The loader scales pixel values to [0, 1], and the model reads and writes that range;
    it is fully convolutional, so it takes images of any size.
    """
    inputs = keras.Input(shape=(None, None, config.channels), name="image")
    x = layers.Rescaling(1.0, offset=-0.5, name="center")(inputs)  # ReLU features train faster from centered pixels
    x = blocks.feature_conv_block(x, filters=16, kernel_size=3, name="feature_conv_1")
    x = blocks.unet_block(x, filters=16, depth=2, merge="concatenate", name="unet_2")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    # One score per class at every pixel, turned into class probabilities.
    x = layers.Conv2D(config.num_classes, 1, name="class_scores")(x)
    outputs = layers.Softmax(name="mask", dtype="float32")(x)
    return keras.Model(inputs, outputs, name="shapes_segment")


def adapt(model: keras.Model, dataset) -> None:
    """Fit the layers that learn from the training split; `dataset` yields its `(inputs, targets)` batches."""
    # Pixel values arrive in [0, 1] from the loader: nothing to learn from the inputs.
    # The head learns nothing from the data before training.


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
            keras.metrics.MeanIoU(model.output_shape[-1], sparse_y_pred=False, name="mean_iou"),
            keras.metrics.IoU(
                model.output_shape[-1], list(range(1, model.output_shape[-1])), sparse_y_pred=False, name="iou"
            ),
        ],
        jit_compile=config.jit_compile,
    )
