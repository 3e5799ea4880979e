"""Metrics: built-in and custom, and the label encodings each reads."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import by_name
from kgen.catalog.outputs import IMAGE_OUTPUTS


@dataclass(frozen=True)
class Metric:
    """A metric; `custom` ones are written into the project's `metrics.py`.

    Args:
        labels: The label encodings it reads (a loss's `labels`).
        outputs: The output kinds it fits; every one whose labels it reads when empty.
    """

    name: str
    help: str
    labels: frozenset[str]
    custom: bool = False
    outputs: frozenset[str] = frozenset()


METRICS: dict[str, Metric] = by_name(
    Metric(name="accuracy", help="Fraction of correct predictions", labels=frozenset({"binary", "sparse", "one_hot"})),
    Metric(name="auc", help="Area under the ROC curve", labels=frozenset({"binary", "one_hot"})),
    Metric(name="precision", help="Precision at threshold 0.5", labels=frozenset({"binary", "one_hot"})),
    Metric(name="recall", help="Recall at threshold 0.5", labels=frozenset({"binary", "one_hot"})),
    Metric(name="f1", help="F1 score (macro average over classes)", labels=frozenset({"binary", "one_hot"})),
    Metric(name="mae", help="Mean absolute error", labels=frozenset({"continuous"})),
    Metric(name="rmse", help="Root mean squared error", labels=frozenset({"continuous"})),
    # PSNR measures the error against the peak of a known range, [0, 1]: pixels, or a table's
    # target scaled to it; a forecast is in its series' own units (megawatts), with no such peak.
    Metric(
        name="psnr",
        help="Peak signal-to-noise ratio in dB (custom), for targets in [0, 1]",
        labels=frozenset({"continuous"}),
        custom=True,
        outputs=frozenset({"continuous"}) | IMAGE_OUTPUTS,
    ),
    Metric(
        name="mean_iou",
        help="Mean intersection over union of the classes (background included), from the most probable class",
        labels=frozenset({"sparse"}),
        outputs=frozenset({"mask"}),
    ),
    Metric(
        name="iou",
        help="Intersection over union of the object classes (all but background 0), averaged",
        labels=frozenset({"sparse"}),
        outputs=frozenset({"mask"}),
    ),
    Metric(
        name="ssim",
        help="Structural similarity of images (custom), 1 for identical ones",
        labels=frozenset({"continuous"}),
        custom=True,
        outputs=IMAGE_OUTPUTS,
    ),
)
