"""Optimizers and the parameters kgen asks for beside the learning rate."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import Param, by_name
from kgen.catalog.outputs import OUTPUT_KINDS


@dataclass(frozen=True)
class Optimizer:
    """A Keras optimizer and the parameters kgen asks for beside the learning rate.

    Args:
        learning_rate: The default rate: what works for this optimizer on small models.
        outputs: The output kinds it can train.
        unfit: Why it cannot train the other output kinds, for the refusal.
    """

    name: str
    help: str
    params: tuple[Param, ...] = ()
    learning_rate: float = 0.001
    outputs: frozenset[str] = frozenset(OUTPUT_KINDS)
    unfit: str = ""


OPTIMIZERS: dict[str, Optimizer] = by_name(
    Optimizer(name="adam", help="Adam: adaptive moments; a safe first choice"),
    Optimizer(
        name="adamw",
        help="AdamW: Adam with decoupled weight decay",
        params=(Param(name="weight_decay", kind="float", default=0.004, help="decoupled weight decay", minimum=0.0),),
    ),
    Optimizer(name="nadam", help="Nadam: Adam with Nesterov momentum"),
    Optimizer(
        name="sgd",
        help="SGD with momentum, optionally Nesterov (classification)",
        learning_rate=0.01,
        outputs=frozenset({"binary", "multiclass", "multilabel"}),
        unfit=(
            "its steps grow with the square of the target's units, and a regression's loss is in the target's own "
            "units, so it diverges on targets in the hundreds"
        ),
        params=(
            Param(name="momentum", kind="float", default=0.9, help="momentum", minimum=0.0),
            Param(name="nesterov", kind="bool", default=False, help="use Nesterov momentum"),
        ),
    ),
    Optimizer(name="rmsprop", help="RMSprop: divides by a running RMS of the gradients"),
    # Keras starts Adagrad's accumulators at 0.1, which shrinks early steps where gradients
    # are small (MSLE, focal losses): 0.001 barely moves them, 0.01 is Adagrad's usual rate.
    Optimizer(name="adagrad", help="Adagrad: per-parameter rates that shrink with use", learning_rate=0.01),
    Optimizer(
        name="lion",
        help="Lion: sign-based updates; its rate is 3-10x smaller than Adam's",
        learning_rate=0.0003,
        params=(Param(name="weight_decay", kind="float", default=0.004, help="decoupled weight decay", minimum=0.0),),
    ),
)
