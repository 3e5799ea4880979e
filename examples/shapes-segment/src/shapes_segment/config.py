"""Configuration: the TOML file in `configs/`, read into frozen dataclasses.

Change a value for one run with `dataclasses.replace`, as `train.py` does with its flags.
"""

import dataclasses
import tomllib
from pathlib import Path

DEFAULT_CONFIG = Path("configs/default.toml")


@dataclasses.dataclass(frozen=True)
class DataConfig:
    """Where the data is and how it is split and batched."""

    path: Path
    validation_split: float
    test_split: float
    batch_size: int
    channels: int
    patch_size: int
    crops_per_image: int
    mask_colors: list[str]
    seed: int = 42


@dataclasses.dataclass(frozen=True)
class ModelConfig:
    """What `build_model` needs to know about the inputs and outputs."""

    channels: int
    num_classes: int


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """Optimizer, schedule and stopping."""

    epochs: int
    learning_rate: float
    reduce_lr_patience: int
    early_stopping_patience: int
    output_dir: Path


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything one training run reads."""

    data: DataConfig
    model: ModelConfig
    train: TrainConfig
    seed: int


def load_config(path: Path = DEFAULT_CONFIG) -> Config:
    """Read a TOML config; relative paths in it are relative to the project folder."""
    path = Path(path).resolve()
    project_dir = path.parent.parent  # the config lives in <project>/configs/
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    data = raw["data"] | {"path": project_dir / raw["data"]["path"], "seed": raw["seed"]}
    model = raw["model"] | {"channels": data["channels"]}
    train = raw["train"] | {"output_dir": project_dir / raw["train"]["output_dir"]}
    return Config(DataConfig(**data), ModelConfig(**model), TrainConfig(**train), seed=raw["seed"])
