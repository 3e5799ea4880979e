"""Losses: built-in and custom, the output kinds each trains and the labels it reads."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import by_name
from kgen.catalog.outputs import IMAGE_OUTPUTS


@dataclass(frozen=True)
class Loss:
    """A loss; `custom` ones are written into the project's `losses.py`."""

    name: str
    help: str
    outputs: frozenset[str]
    labels: str
    custom: bool = False


_NUMBERS = frozenset({"continuous", "forecast"})  # output kinds that predict real numbers
_RESTORED = _NUMBERS | IMAGE_OUTPUTS  # ... and those that predict pixel values

LOSSES: dict[str, Loss] = by_name(
    Loss(
        name="binary_crossentropy",
        help="Binary cross-entropy on sigmoid units (one, or one per label)",
        outputs=frozenset({"binary", "multilabel"}),
        labels="binary",
    ),
    Loss(
        name="binary_focal_crossentropy",
        help="Binary focal cross-entropy: down-weights easy examples (imbalanced classes or labels)",
        outputs=frozenset({"binary", "multilabel"}),
        labels="binary",
    ),
    Loss(
        name="sparse_categorical_crossentropy",
        help="Cross-entropy over a softmax, labels as class indices",
        outputs=frozenset({"multiclass", "mask"}),
        labels="sparse",
    ),
    Loss(
        name="categorical_crossentropy",
        help="Cross-entropy over a softmax, labels one-hot encoded",
        outputs=frozenset({"multiclass"}),
        labels="one_hot",
    ),
    Loss(
        name="categorical_focal_crossentropy",
        help="Focal cross-entropy over a softmax, labels one-hot (imbalanced classes)",
        outputs=frozenset({"multiclass"}),
        labels="one_hot",
    ),
    Loss(name="mean_squared_error", help="Mean squared error", outputs=_RESTORED, labels="continuous"),
    Loss(
        name="mean_absolute_error",
        help="Mean absolute error: robust to outliers",
        outputs=_RESTORED,
        labels="continuous",
    ),
    Loss(
        name="huber",
        help="Huber: squared near zero, absolute far from it",
        outputs=_NUMBERS,
        labels="continuous",
    ),
    Loss(
        name="mean_squared_logarithmic_error",
        help="Mean squared log error: for positive targets spanning magnitudes",
        outputs=frozenset({"continuous"}),
        labels="continuous",
    ),
    Loss(
        name="charbonnier",
        help="Charbonnier (custom): a smooth L1, differentiable at zero error",
        outputs=_RESTORED,
        labels="continuous",
        custom=True,
    ),
    Loss(
        name="ssim",
        help="One minus the structural similarity (custom): rewards structure, forgives small uniform shifts",
        outputs=IMAGE_OUTPUTS,
        labels="continuous",
        custom=True,
    ),
    Loss(
        name="dice",
        help="Soft Dice (custom): one minus the overlap of each class's predicted and true pixels, averaged",
        outputs=frozenset({"mask"}),
        labels="sparse",
        custom=True,
    ),
    Loss(
        name="focal",
        help="Focal cross-entropy (custom): down-weights pixels already right, for small objects on a large background",
        outputs=frozenset({"mask"}),
        labels="sparse",
        custom=True,
    ),
)
