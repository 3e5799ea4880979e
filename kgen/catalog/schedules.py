"""Learning-rate schedules."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import Param, by_name


@dataclass(frozen=True)
class Schedule:
    """How the learning rate changes over the epochs."""

    name: str
    help: str
    params: tuple[Param, ...] = ()


SCHEDULES: dict[str, Schedule] = by_name(
    Schedule(
        name="constant",
        help="Constant rate, halved when the validation loss stops improving (at most down to 1/100)",
        params=(
            Param(
                name="reduce_lr_patience",
                kind="int",
                default=4,
                help="epochs without improvement before the rate is halved",
                minimum=1,
            ),
        ),
    ),
    Schedule(
        name="step_decay",
        help="Halve the rate every N epochs",
        params=(Param(name="decay_every", kind="int", default=10, help="epochs between halvings", minimum=1),),
    ),
    Schedule(
        name="cosine",
        help="Cosine decay from the initial rate to zero over the epochs",
    ),
)
