"""Output kinds (what the model predicts: its head) and split kinds."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import by_name

# Output kinds with one target value per example (one CSV column, or one `y` entry).
ONE_TARGET = frozenset({"binary", "multiclass", "continuous"})


@dataclass(frozen=True)
class OutputKind:
    """What the model predicts: its head, its default loss and metrics, and its baseline.

    Args:
        name: What the head predicts (`binary`, `multiclass`, `forecast`, `mask`, ...).
        help: One line for `--help`.
        describe: The outputs, for the model's docstring.
        has_classes: Whether each target is a class name.
        named_outputs: Whether the data names what the outputs mean (class or label names,
            written to `classes.json` for `predict`).
        targets: How the target values are read (`templates/partials/targets/<targets>/`):
            `classes` (one class name per example), `values` (one number), `flags` (one 0/1
            column per label), `heads` (one column per named head, a class or a number) or
            `windows` (the target column's values after each window of a series).
        labels: The label encoding (`templates/partials/labels/<labels>/`) when the output kind
            fixes it; otherwise the loss's.
        default_loss: The loss a task with this output starts with.
        default_metrics: The metrics it starts with.
        baseline: What the trivial predictor `evaluate` compares with does, after "the baseline".
        model_note: Ends the sentence "the saved model takes raw inputs" in `build_model`'s docstring.
        more_scores: A call `evaluate` adds to its scores beside the model's and the baseline's
            (each label on its own; the naive forecasts), defined in the head's `evaluate.py`.
        more_help: What those scores are, in a phrase for `evaluate`'s docstring.
        plot: The figure of a few validation examples each training run saves, by file name
            (`plot_examples` in the head's `plot.py`); none when empty.
        baseline_scores: The call `evaluate` scores its baseline with, defined in the head's
            `evaluate.py`; empty for a constant prediction (`score_constant`).
        layers: Ready-made custom layers (`PARTS["layer"]`) the head uses.
        overfit_rate: Adam's learning rate in the generated test that overfits one batch: 0.01
            learns any head within 200 steps, but kills the ReLUs of a network that restores
            pixels (the loss stays at the skip connection's), which 0.003 trains.
    """

    name: str
    help: str
    describe: str
    has_classes: bool
    named_outputs: bool
    targets: str
    default_loss: str
    default_metrics: tuple[str, ...]
    baseline: str
    model_note: str = ""
    more_scores: str = ""
    more_help: str = ""
    plot: str = ""
    labels: str = ""
    baseline_scores: str = ""
    layers: tuple[str, ...] = ()
    overfit_rate: float = 0.01

    @property
    def family(self) -> str:
        """The data pipeline its targets go through (`templates/partials/families/<family>/`).

        `classes` (class names, label names or heads: the targets have names, written to
        `classes.json`), `values` (numbers), `windows` (a series' next values) or `pixels`
        (an image or a mask per example, decoded in the pipeline).
        """
        if self.named_outputs:
            return "classes"
        return {"images": "pixels", "masks": "pixels"}.get(self.targets, self.targets)


@dataclass(frozen=True)
class Split:
    """How examples are dealt into the train, validation and test splits."""

    name: str
    help: str


OUTPUT_KINDS: dict[str, OutputKind] = by_name(
    OutputKind(
        name="binary",
        help="One of two classes: one sigmoid unit",
        describe="the probability of the second class",
        has_classes=True,
        named_outputs=True,
        targets="classes",
        default_loss="binary_crossentropy",
        default_metrics=("accuracy", "auc"),
        baseline="always predicts the training split's class frequencies (the majority class)",
    ),
    OutputKind(
        name="multiclass",
        help="One of three or more classes: a softmax",
        describe="class probabilities",
        has_classes=True,
        named_outputs=True,
        targets="classes",
        default_loss="sparse_categorical_crossentropy",
        default_metrics=("accuracy",),
        baseline="always predicts the training split's class frequencies (the majority class)",
    ),
    OutputKind(
        name="continuous",
        help="A real number: one linear unit",
        describe="a real number",
        has_classes=False,
        named_outputs=False,
        targets="values",
        default_loss="mean_squared_error",
        default_metrics=("mae", "rmse"),
        baseline="always predicts the training split's mean",
        model_note=" and predicts in the target's own units",
    ),
    OutputKind(
        name="multilabel",
        help="Several yes/no labels at once: one sigmoid unit per 0/1 target column",
        describe="the probability of each label",
        has_classes=False,
        named_outputs=True,
        targets="flags",
        default_loss="binary_crossentropy",
        default_metrics=("accuracy", "auc"),
        baseline="always predicts each label's training frequency (its majority answer)",
        more_scores="score_each_label(model, datasets)",
        more_help="each label on its own, under `label <name>`",
    ),
    OutputKind(
        name="multi_output",
        help="Several targets at once, each a class or a number: one named head, loss and metrics per target",
        describe="one named output per target column",
        has_classes=False,
        named_outputs=True,
        targets="heads",
        labels="heads",
        # Each head takes its own kind's loss and metrics: sparse categorical cross-entropy and
        # accuracy for classes, mean squared error, MAE and RMSE (in the target's units) for
        # numbers. `loss` is not asked; its value, the numbers' loss, only keeps copier content.
        default_loss="mean_squared_error",
        default_metrics=(),
        baseline="always predicts each class target's majority class and each number's training mean",
        model_note=", and predicts each number in its own units",
    ),
    OutputKind(
        name="forecast",
        help="The target column's next `horizon` values: one linear unit per step",
        describe="the target's next `horizon` values",
        has_classes=False,
        named_outputs=False,
        targets="windows",
        default_loss="mean_squared_error",
        default_metrics=("mae", "rmse"),
        baseline="always predicts the training split's mean of each step",
        model_note=" and predicts in the target's own units",
        more_scores="score_naive_forecasts(datasets, config)",
        more_help="the naive forecasts: `persistence`, and `seasonal naive` when there is a period",
        plot="forecasts.png",
    ),
    OutputKind(
        name="upscaled",
        help="The image `scale` times larger: sub-pixel upsampling added to a bicubic upscaling of the input",
        describe="the images `scale` times larger",
        has_classes=False,
        named_outputs=False,
        targets="images",
        labels="images",
        default_loss="charbonnier",
        default_metrics=("psnr", "ssim"),
        baseline="upscales each input by bicubic interpolation",
        baseline_scores="score_bicubic(datasets.test, config)",
        plot="examples.png",
        layers=("pixel_shuffle", "bicubic_upscale"),
        overfit_rate=0.001,
    ),
    OutputKind(
        name="denoised",
        help="The clean image: a correction added to the noisy input",
        describe="the images without their noise",
        has_classes=False,
        named_outputs=False,
        targets="images",
        labels="images",
        default_loss="charbonnier",
        default_metrics=("psnr", "ssim"),
        baseline="returns each noisy input as it is",
        baseline_scores="score_noisy_inputs(datasets.test, config)",
        plot="examples.png",
        overfit_rate=0.001,
    ),
    OutputKind(
        name="mask",
        help="A class per pixel: a softmax over the mask's classes at every pixel",
        describe="class probabilities at every pixel",
        has_classes=False,
        named_outputs=False,
        targets="masks",
        labels="masks",
        default_loss="sparse_categorical_crossentropy",
        default_metrics=("accuracy", "mean_iou"),
        baseline="calls every pixel background (class 0)",
        baseline_scores="score_background(datasets.test, config)",
        plot="examples.png",
        overfit_rate=0.003,
    ),
)

# Output kinds that predict images, pixel for pixel.
IMAGE_OUTPUTS = frozenset({"upscaled", "denoised"})
PIXEL_OUTPUTS = IMAGE_OUTPUTS | {"mask"}  # ... and those that predict something per pixel

# Output kinds that predict several named targets, read from several CSV columns.
SEVERAL_TARGETS = frozenset({"multilabel", "multi_output"})

SPLITS: dict[str, Split] = by_name(
    Split(name="random", help="random: the examples are shuffled with a fixed seed and cut in the split fractions"),
    Split(
        name="stratified",
        help="stratified: each class is shuffled with a fixed seed and cut in the split fractions",
    ),
    Split(
        name="chronological",
        help="chronological: the first windows train, the next validate, the last test; no target row is in two splits",
    ),
)
