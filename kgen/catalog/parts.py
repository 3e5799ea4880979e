"""Ready-made custom parts: the bodies `kgen add-layer`, `add-loss` and `add-metric` write."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import Param, by_name


@dataclass(frozen=True)
class Part:
    """A ready-made body for `kgen add-layer`, `add-loss` or `add-metric` (`--from NAME`).

    The body is `templates/parts/<kind>/<name>.py.jinja`; one test template per kind
    (`templates/parts/<kind>/test.py.jinja`) checks it, reading the expectations below.

    Args:
        kind: `layer`, `loss` or `metric`.
        name: The `--from` value.
        help: One line for `--help`.
        params: Constructor arguments; each is a flag, and its value becomes the default.
        class_name: The class name when the project template itself writes this body.
        sample_shape: Layers and metrics: the shape of the test batches.
        has_weights: Layers: whether the layer has trainable weights (gradients are checked).
        targets: Losses: `real` (any numbers) or `binary` (labels 0/1, predicted probabilities).
        minimum: Losses: the value at a perfect prediction, as a Python expression of `loss`.
        known: Metrics: `(true value, predicted value, result)` for constant batches.
    """

    kind: str
    name: str
    help: str
    params: tuple[Param, ...] = ()
    class_name: str = ""
    sample_shape: tuple[int, ...] = (2, 5)
    has_weights: bool = False
    targets: str = "real"
    minimum: str = "0.0"
    known: tuple[float, float, float] | None = None

    def context(self, module: str, class_name: str, values: dict[str, object] | None = None) -> dict[str, object]:
        """What the body and test templates read as `part`.

        Args:
            module: The module (file) name, snake_case; also the default `name=` of the object.
            class_name: The class name, CamelCase.
            values: Parameter values; those left out take their defaults.
        """
        values = values or {}
        return {
            "kind": self.kind,
            "folder": PART_FOLDERS[self.kind],
            "body": self.name,
            "module": module,
            "class_name": class_name,
            "params": {param.name: values.get(param.name, param.default) for param in self.params},
            "defaults": {param.name: param.default for param in self.params},
            "sample_shape": list(self.sample_shape),
            "has_weights": self.has_weights,
            "targets": self.targets,
            "minimum": self.minimum,
            "known": list(self.known) if self.known else None,
        }


_IMAGES = (2, 8, 8, 3)
_ROWS = (4, 8)  # the batches a loss is tested on, unless it reads images
_EPSILON_HELP = "keeps the gradient finite at zero error"

# Each kind of part and the project folder (a package) that holds its modules.
PART_FOLDERS = {"layer": "layers", "loss": "losses", "metric": "metrics"}

PARTS: dict[str, dict[str, Part]] = {
    "layer": by_name(
        Part(
            kind="layer",
            name="resize",
            help="Resize images by a scale factor (bilinear, bicubic or nearest)",
            class_name="Resize",
            params=(
                Param(name="scale", kind="float", default=2.0, help="factor applied to height and width", minimum=0.01),
                Param(
                    name="method",
                    kind="str",
                    default="bilinear",
                    help="interpolation",
                    choices=("bilinear", "bicubic", "nearest"),
                ),
            ),
            sample_shape=_IMAGES,
        ),
        Part(
            kind="layer",
            name="scale",
            help="Multiply by learned weights, one per feature or one in all",
            class_name="Scale",
            params=(
                Param(name="initial_value", kind="float", default=1.0, help="starting value of the weights"),
                Param(
                    name="per_channel",
                    kind="bool",
                    default=True,
                    help="one weight per feature (last axis) instead of one in all",
                ),
            ),
            sample_shape=_IMAGES,
            has_weights=True,
        ),
        Part(
            kind="layer",
            name="standardize",
            help="Subtract the mean and divide by the standard deviation, per sample",
            params=(
                Param(name="axis", kind="int", default=-1, help="axis along which the mean and deviation are taken"),
                Param(
                    name="epsilon",
                    kind="float",
                    default=1e-6,
                    help="added to the variance before the square root",
                    minimum=0.0,
                ),
            ),
            sample_shape=(2, 6),
        ),
        Part(
            kind="layer",
            name="fill_missing",
            help="Replace NaN (empty cells) with each feature's training mean, and flag where they were",
            class_name="FillMissing",
            sample_shape=(4, 3),
        ),
        Part(
            kind="layer",
            name="position_embedding",
            help="Add a learned vector per position to a sequence (what a transformer needs to read order)",
            params=(
                Param(name="sequence_length", kind="int", default=200, help="the most steps a sequence has", minimum=1),
            ),
            class_name="PositionEmbedding",
            sample_shape=(2, 6, 4),
            has_weights=True,
        ),
        Part(
            kind="layer",
            name="masked_conv1d",
            help="Conv1D with ReLU and max pooling that keeps the padding mask of an Embedding(mask_zero=True)",
            params=(
                Param(name="filters", kind="int", default=32, help="output features", minimum=1),
                Param(name="kernel_size", kind="int", default=5, help="steps each filter reads", minimum=1),
                Param(name="pool_size", kind="int", default=2, help="steps merged by max pooling (1: none)", minimum=1),
            ),
            class_name="MaskedConv1D",
            sample_shape=(2, 6, 4),
            has_weights=True,
        ),
        Part(
            kind="layer",
            name="masked_average",
            help="Average a sequence over its unmasked steps; all padding averages to zeros, not NaN",
            class_name="MaskedAverage",
            sample_shape=(2, 6, 4),
        ),
        Part(
            kind="layer",
            name="normalize_spaces",
            help="Turn each run of whitespace in strings, line breaks of any kind included, into one space",
            class_name="NormalizeSpaces",
        ),
        Part(
            kind="layer",
            name="pixel_shuffle",
            help="Sub-pixel upsampling (depth to space): channels laid out as blocks of pixels, as in ESPCN",
            class_name="PixelShuffle",
            params=(
                Param(
                    name="block_size",
                    kind="int",
                    default=2,
                    help="height and width of each block of pixels: the upscaling factor",
                    minimum=1,
                ),
            ),
            sample_shape=(2, 3, 3, 8),
        ),
        Part(
            kind="layer",
            name="bicubic_upscale",
            help="Bicubic upscaling by a whole factor, for images of any size (a super-resolution skip connection)",
            params=(
                Param(
                    name="factor",
                    kind="int",
                    default=2,
                    help="how many times larger the output is, in height and width",
                    minimum=1,
                ),
            ),
            class_name="BicubicUpscale",
            sample_shape=(2, 5, 7, 3),
        ),
        Part(
            kind="layer",
            name="pad_to_multiple",
            help="Pad images with zeros up to a multiple in height and width (before an encoder that halves them)",
            params=(
                Param(
                    name="multiple",
                    kind="int",
                    default=4,
                    help="pad height and width up to a multiple of it",
                    minimum=1,
                ),
            ),
            class_name="PadToMultiple",
            sample_shape=(2, 5, 7, 3),
        ),
        Part(
            kind="layer",
            name="crop_like",
            help="Crop images to the height and width of a reference (after PadToMultiple); two inputs",
            class_name="CropLike",
            sample_shape=(2, 8, 8, 4),
        ),
        Part(
            kind="layer",
            name="blank",
            help="An identity layer with every method in place, to edit",
            sample_shape=(2, 6),
        ),
    ),
    "loss": by_name(
        Part(
            kind="loss",
            name="charbonnier",
            help="Charbonnier: a smooth L1, differentiable at zero error",
            params=(Param(name="epsilon", kind="float", default=1e-3, help=_EPSILON_HELP, minimum=0.0),),
            class_name="CharbonnierLoss",
            minimum="loss.epsilon",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="quartic",
            help="Mean quartic error: punishes large errors more than the squared error",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="dice",
            help="Soft Dice loss for masks: 1 - overlap / size, on probabilities (0/1 labels, or class indices)",
            class_name="DiceLoss",
            params=(
                Param(
                    name="smooth",
                    kind="float",
                    default=1.0,
                    help="added to both sides of the ratio; keeps empty masks finite",
                    minimum=0.0,
                ),
            ),
            targets="binary",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="focal",
            help="Focal loss: cross-entropy that down-weights easy examples (0/1 labels, or class indices)",
            class_name="FocalLoss",
            params=(
                Param(
                    name="gamma",
                    kind="float",
                    default=2.0,
                    help="focusing power; 0 gives weighted cross-entropy",
                    minimum=0.0,
                ),
                Param(name="alpha", kind="float", default=0.25, help="weight of the positive class", minimum=0.0),
            ),
            targets="binary",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="ssim",
            help="One minus the structural similarity of images (uniform window), per image",
            class_name="StructuralSimilarityLoss",
            params=(
                Param(
                    name="max_value",
                    kind="float",
                    default=1.0,
                    help="largest possible value (1 for data in [0, 1])",
                    minimum=0.0,
                ),
                Param(
                    name="window_size", kind="int", default=7, help="height and width of the sliding window", minimum=1
                ),
            ),
            sample_shape=(4, 8, 8, 1),
        ),
        Part(
            kind="loss", name="blank", help="Mean squared error with every method in place, to edit", sample_shape=_ROWS
        ),
    ),
    "metric": by_name(
        Part(
            kind="metric",
            name="psnr",
            help="Peak signal-to-noise ratio in dB, averaged over samples",
            params=(
                Param(
                    name="max_value",
                    kind="float",
                    default=1.0,
                    help="largest possible value (1 for data in [0, 1])",
                    minimum=0.0,
                ),
            ),
            class_name="PeakSignalToNoiseRatio",
            sample_shape=(2, 4, 4, 1),
            known=(0.0, 0.1, 20.0),  # mean squared error 0.01 -> 10 * log10(1 / 0.01)
        ),
        Part(
            kind="metric",
            name="ssim",
            help="Structural similarity of images (uniform window), averaged over samples",
            class_name="StructuralSimilarity",
            params=(
                Param(
                    name="max_value",
                    kind="float",
                    default=1.0,
                    help="largest possible value (1 for data in [0, 1])",
                    minimum=0.0,
                ),
                Param(
                    name="window_size", kind="int", default=7, help="height and width of the sliding window", minimum=1
                ),
            ),
            sample_shape=(2, 8, 8, 1),
            # constant images a = 0.2, b = 0.4: (2ab + c1) / (a^2 + b^2 + c1), c1 = (0.01 * 1)^2
            known=(0.2, 0.4, (2 * 0.2 * 0.4 + 1e-4) / (0.2**2 + 0.4**2 + 1e-4)),
        ),
        Part(
            kind="metric",
            name="blank",
            help="Mean absolute error, averaged over samples, with every method in place, to edit",
            known=(0.0, 0.5, 0.5),
        ),
    ),
}
