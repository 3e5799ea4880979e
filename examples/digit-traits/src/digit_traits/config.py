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
    target_columns: list[str]
    feature_columns: list[str]
    categorical_columns: list[str]
    columns_with_gaps: list[str]
    delimiter: str
    seed: int = 42


@dataclasses.dataclass(frozen=True)
class ModelConfig:
    """What `build_model` needs to know about the inputs and outputs."""

    numeric_columns: list[str]
    categorical_columns: list[str]
    columns_with_gaps: list[str]
    max_categories: int
    num_labels: int


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """Optimizer, schedule and stopping, and what training runs on.

    `backend` records the Keras backend the project installs (the package sets it, and
    training warns when a `KERAS_BACKEND` from the shell chose another); `precision` is
    the Keras dtype policy of the model's layers; `jit_compile` is `true`, `false` or
    `"auto"`, as `model.compile` takes it.
    """

    epochs: int
    learning_rate: float
    reduce_lr_patience: int
    early_stopping_patience: int
    output_dir: Path
    backend: str
    precision: str
    jit_compile: bool | str


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
    numeric = [column for column in data["feature_columns"] if column not in data["categorical_columns"]]
    model = raw["model"] | {
        "numeric_columns": numeric,
        "categorical_columns": data["categorical_columns"],
        "columns_with_gaps": data["columns_with_gaps"],
        "num_labels": len(data["target_columns"]),
    }
    train = raw["train"] | {"output_dir": project_dir / raw["train"]["output_dir"]}
    check_runtime(train, path)
    return Config(DataConfig(**data), ModelConfig(**model), TrainConfig(**train), seed=raw["seed"])


BACKENDS = ("tensorflow", "jax", "torch")
PRECISIONS = ("float32", "mixed_float16", "mixed_bfloat16")


def check_runtime(train: dict, path: Path) -> None:
    """Refuse a `[train]` backend, precision or jit_compile that Keras does not take.

    Raises:
        ValueError: Naming the value, the file, and the values allowed.
    """
    if train["backend"] not in BACKENDS:
        raise ValueError(f"{path}: train.backend is {train['backend']!r}; expected one of {', '.join(BACKENDS)}")
    if train["precision"] not in PRECISIONS:
        raise ValueError(f"{path}: train.precision is {train['precision']!r}; expected one of {', '.join(PRECISIONS)}")
    if not (isinstance(train["jit_compile"], bool) or train["jit_compile"] == "auto"):
        raise ValueError(f'{path}: train.jit_compile is {train["jit_compile"]!r}; expected true, false or "auto"')
