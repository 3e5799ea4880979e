"""Where a project trains: its Keras backend, its floating-point precision and how it spreads over devices."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import by_name

KERAS = "keras==3.15.1"
"""The Keras every project pins, whatever its backend."""
TENSORFLOW = "2.21.0"
"""The TensorFlow release projects pin: the backend itself, or the `tf.data` input pipeline of the others."""
DATA_PACKAGES = (
    f"tensorflow-cpu=={TENSORFLOW}; sys_platform == 'linux'",
    f"tensorflow=={TENSORFLOW}; sys_platform != 'linux'",
)
"""What a JAX or torch project installs to read its files with `tf.data`: TensorFlow's CPU build, never its GPU one."""


@dataclass(frozen=True)
class Backend:
    """A Keras backend a project runs on.

    Args:
        name: The `KERAS_BACKEND` value.
        help: One line for prompts and `--help`.
        packages: The pinned requirement lines of `pyproject.toml` (besides Keras), on a CPU.
        gpu_packages: The `gpu` extra: what `pip install -e '.[gpu]'` adds for an NVIDIA GPU.
        jit_compile: The config's default `jit_compile`: `"auto"` lets Keras choose (XLA on a GPU).
        jit_note: Why that default, for the generated config.
        cpu_note: What the generated README says of installing on a machine without a GPU.
        strings_in_model: Whether layers that read strings (`TextVectorization`, `StringLookup`) run
            inside the model; on JAX and torch, Keras computes on numbers only, so they run in the
            tf.data pipeline instead (the model's `fit`, `evaluate` and `predict` map the batches through them).
    """

    name: str
    help: str
    packages: tuple[str, ...]
    gpu_packages: tuple[str, ...]
    jit_compile: bool | str
    jit_note: str
    cpu_note: str = ""
    strings_in_model: bool = True


BACKENDS: dict[str, Backend] = by_name(
    Backend(
        name="tensorflow",
        help="TensorFlow: one package for the model and its tf.data input pipeline",
        packages=(f"tensorflow=={TENSORFLOW}",),
        gpu_packages=(f"tensorflow[and-cuda]=={TENSORFLOW}; sys_platform == 'linux'",),
        jit_compile="auto",
        jit_note='"auto": XLA on a GPU, none on a CPU, where it compiles for longer than it saves',
    ),
    Backend(
        name="jax",
        help="JAX: compiled with XLA, the fastest on a GPU; TensorFlow's CPU build reads the files",
        packages=("jax==0.10.2", *DATA_PACKAGES),
        gpu_packages=("jax[cuda12]==0.10.2; sys_platform == 'linux'",),
        jit_compile=True,
        jit_note="true: JAX runs op by op without it, many times slower",
        strings_in_model=False,
    ),
    Backend(
        name="torch",
        help="PyTorch: runs eagerly, easy to debug; TensorFlow's CPU build reads the files",
        packages=("torch==2.13.0", *DATA_PACKAGES),
        gpu_packages=("torch==2.13.0",),
        jit_compile=False,
        jit_note="false: torch.compile spends longer compiling than a short run saves",
        strings_in_model=False,
        cpu_note=(
            "PyPI's torch for Linux is its CUDA build (several GB). On a machine without a GPU, install the"
            " CPU build first: `pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu`."
        ),
    ),
)
"""The backends, the default first."""


@dataclass(frozen=True)
class Precision:
    """A Keras dtype policy: the type layers compute in (the variables stay float32)."""

    name: str
    help: str


PRECISIONS: dict[str, Precision] = by_name(
    Precision(name="float32", help="Everything in float32: the reference, and the fastest on most CPUs"),
    Precision(
        name="mixed_float16",
        help="Compute in float16 with a loss scaler, variables in float32: NVIDIA GPUs with tensor cores",
    ),
    Precision(
        name="mixed_bfloat16",
        help="Compute in bfloat16, variables in float32, no loss scaling: recent GPUs, TPUs and some CPUs",
    ),
)


@dataclass(frozen=True)
class Distribution:
    """How training spreads over the devices of one machine, or over several machines.

    Args:
        backends: The backends that can do it.
        unfit: Why the other backends cannot, for the refusal.
    """

    name: str
    help: str
    backends: tuple[str, ...]
    unfit: str = ""


DISTRIBUTIONS: dict[str, Distribution] = by_name(
    Distribution(name="none", help="One device: the first GPU, or the CPU", backends=tuple(BACKENDS)),
    Distribution(
        name="data_parallel",
        help=(
            "Every device holds the model and takes a slice of each batch (tf.distribute on TensorFlow,"
            " keras.distribution on JAX); also across machines"
        ),
        backends=("tensorflow", "jax"),
        unfit=(
            "Keras 3.15 spreads training over devices with tf.distribute on TensorFlow and keras.distribution"
            " on JAX, and has no data parallelism for torch"
        ),
    ),
)
