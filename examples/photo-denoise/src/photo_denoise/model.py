"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import keras
from keras import layers

from photo_denoise import blocks
from photo_denoise.config import ModelConfig, TrainConfig
from photo_denoise.losses.charbonnier import CharbonnierLoss
from photo_denoise.metrics.psnr import PeakSignalToNoiseRatio
from photo_denoise.metrics.ssim import StructuralSimilarity


def build_model(config: ModelConfig) -> keras.Model:
    """Images of any size, pixel values in [0, 1] -> the images without their noise.

    The loader scales pixel values to [0, 1], and the model reads and writes that range;
    it is fully convolutional, so it takes images of any size.
    """
    inputs = keras.Input(shape=(None, None, config.channels), name="image")
    x = layers.Rescaling(1.0, offset=-0.5, name="center")(inputs)  # ReLU features train faster from centered pixels
    x = blocks.feature_conv_block(x, filters=32, kernel_size=3, name="feature_conv_1")
    x = blocks.edsr_block(x, filters=32, residual_scale=0.1, name="edsr_2")
    x = blocks.edsr_block(x, filters=32, residual_scale=0.1, name="edsr_3")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    # The network predicts a correction added to its input: the noise, negated. The last
    # convolution starts at zero, so an untrained model returns its input unchanged.
    x = layers.Conv2D(config.channels, 3, padding="same", kernel_initializer="zeros", name="correction")(x)
    outputs = layers.Add(name="denoised", dtype="float32")([inputs, x])
    return keras.Model(inputs, outputs, name="photo_denoise")


def adapt(model: keras.Model, dataset) -> None:
    """Fit the layers that learn from the training split; `dataset` yields its `(inputs, targets)` batches."""
    # Pixel values arrive in [0, 1] from the loader: nothing to learn from the inputs.
    # The head learns nothing from the data before training: it starts returning its input.


def compile_model(model: keras.Model, config: TrainConfig) -> None:
    """Attach the optimizer, loss and metrics chosen for this project."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
        loss=CharbonnierLoss(),
        metrics=[
            PeakSignalToNoiseRatio(max_value=1.0, name="psnr"),
            StructuralSimilarity(max_value=1.0, name="ssim"),
        ],
        jit_compile=config.jit_compile,
    )
