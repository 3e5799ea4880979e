"""Rules between the answers and the data they name.

Each data source checks its own data (`check` of its `kgen.sources` module); the rules
here hold for every source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kgen import sources
from kgen.errors import InvalidAnswer

MOST_HELD_OUT = 0.7
"""The largest share of the data validation and test may take together."""
FEWEST_SAMPLES = 10
"""The fewest samples that training, validation and test splits can share."""


def check_data(answers: Mapping[str, Any], facts: Any) -> None:
    """Refuse answers the data cannot satisfy."""
    sources.get(answers["data_source"]).check(answers, facts)
    held_out = answers["validation_split"] + answers["test_split"]
    if held_out > MOST_HELD_OUT:
        raise InvalidAnswer(
            f"validation_split and test_split hold out {held_out:.0%} of the data, leaving too little to train on",
            hint=f"keep their sum at most {MOST_HELD_OUT}",
        )
    if facts.num_samples and facts.num_samples < FEWEST_SAMPLES:
        raise InvalidAnswer(
            f"the data has only {facts.num_samples} samples",
            hint=f"training, validation and test splits need at least {FEWEST_SAMPLES}",
        )
