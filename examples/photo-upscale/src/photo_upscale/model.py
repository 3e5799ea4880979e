"""The model, built with the functional API, how it adapts to the data, and how it is compiled."""

import keras
from keras import layers

from photo_upscale import blocks
from photo_upscale.config import ModelConfig, TrainConfig
from photo_upscale.layers.bicubic_upscale import BicubicUpscale
from photo_upscale.layers.pixel_shuffle import PixelShuffle
from photo_upscale.losses.charbonnier import CharbonnierLoss
from photo_upscale.metrics.psnr import PeakSignalToNoiseRatio
from photo_upscale.metrics.ssim import StructuralSimilarity


def build_model(config: ModelConfig) -> keras.Model:
    """Images of any size, pixel values in [0, 1] -> the images `scale` times larger.

    The loader scales pixel values to [0, 1], and the model reads and writes that range;
    it is fully convolutional, so it takes images of any size.
    """
    inputs = keras.Input(shape=(None, None, config.channels), name="image")
    x = layers.Rescaling(1.0, offset=-0.5, name="center")(inputs)  # ReLU features train faster from centered pixels
    x = blocks.feature_conv_block(x, filters=64, kernel_size=5, name="feature_conv_1")
    x = blocks.feature_conv_block(x, filters=32, kernel_size=3, name="feature_conv_2")
    # The output layers compute in float32 whatever `train.precision` is, so the loss does too.
    # Sub-pixel upsampling (ESPCN): a convolution gives `scale ** 2` values per output pixel and
    # channel, laid out as blocks of pixels, and the result is added to a bicubic upscaling of
    # the input. The convolution starts at zero, so an untrained model is bicubic upscaling,
    # and the network learns the detail bicubic misses.
    detail = layers.Conv2D(
        config.channels * config.scale**2, 3, padding="same", kernel_initializer="zeros", name="detail"
    )
    x = PixelShuffle(block_size=config.scale, name="pixel_shuffle")(detail(x))
    bicubic = BicubicUpscale(factor=config.scale, name="bicubic", dtype="float32")(inputs)
    outputs = layers.Add(name="upscaled", dtype="float32")([bicubic, x])
    return keras.Model(inputs, outputs, name="photo_upscale")


def adapt(model: keras.Model, dataset) -> None:
    """Fit the layers that learn from the training split; `dataset` yields its `(inputs, targets)` batches."""
    # Pixel values arrive in [0, 1] from the loader: nothing to learn from the inputs.
    # The head learns nothing from the data before training: it starts as bicubic upscaling.


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
