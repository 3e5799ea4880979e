"""Cached virtualenvs for generated projects, one per backend and set of pinned dependencies.

A project on JAX or torch cannot run its tests in kgen's own environment (TensorFlow only),
so it gets a virtualenv of its own, filled the way its README says: `pip install -e '.[dev]'`.
Building one downloads and installs the backend (minutes); the venv is kept under
`${KGEN_E2E_CACHE:-~/.cache/kgen-e2e}/venvs/<backend>-<hash>` and reused while the project's
pinned dependency lines stay the same, so a later run only adds the editable project.
A file lock keeps two pytest-xdist workers from building or installing into one venv at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from contextlib import contextmanager
from pathlib import Path

READY = ".kgen-ready.json"
"""Written last when a venv is complete: it records how long the cold build took."""


def cache_root() -> Path:
    return Path(os.environ.get("KGEN_E2E_CACHE") or Path.home() / ".cache" / "kgen-e2e")


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment minus what would leak kgen's virtualenv (or a backend choice) in."""
    leaking = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "KERAS_BACKEND")
    env = {key: value for key, value in os.environ.items() if key not in leaking}
    return env | {"PIP_NO_INPUT": "1", "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"} | extra


def run(command: list[str | Path], cwd: Path, timeout: float = 1800, **env: str) -> subprocess.CompletedProcess[str]:
    """Run in a clean environment; fail with the end of the output when the command fails."""
    command = [str(part) for part in command]
    result = subprocess.run(command, cwd=cwd, env=clean_env(**env), capture_output=True, text=True, timeout=timeout)
    output = f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    assert result.returncode == 0, f"`{' '.join(command)}` exited {result.returncode} in {cwd}:\n{output}"
    return result


def pinned(project: Path) -> list[str]:
    """The project's dependency lines, its dev extra's included: what decides a venv's content."""
    metadata = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    return [*metadata["dependencies"], *metadata.get("optional-dependencies", {}).get("dev", [])]


def venv_path(project: Path, backend: str) -> Path:
    lines = [f"python {sys.version_info.major}.{sys.version_info.minor}", *sorted(pinned(project))]
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:10]
    return cache_root() / "venvs" / f"{backend}-{digest}"


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def install(project: Path, backend: str) -> Path:
    """`pip install -e '<project>[dev]'` into the backend's cached venv; returns the venv's `bin` folder.

    The first time, pip installs every dependency (the cold build); later, they are there and
    pip only adds the project. Installs are serialized per venv, the tests that follow are not.
    Projects sharing a venv need distinct package names: an editable install replaces another
    of the same name.
    """
    venv = venv_path(project, backend)
    bin_dir = venv / "bin"
    with _locked(venv.with_name(venv.name + ".lock")):
        if not (venv / READY).is_file():
            shutil.rmtree(venv, ignore_errors=True)  # what a build cut short left
            started = time.perf_counter()
            run([sys.executable, "-m", "venv", venv], project)
            run([bin_dir / "python", "-m", "pip", "install", "--quiet", "-e", f"{project}[dev]"], project)
            seconds = round(time.perf_counter() - started)
            (venv / READY).write_text(
                json.dumps({"backend": backend, "cold_build_s": seconds, "pinned": pinned(project)})
            )
        else:
            run([bin_dir / "python", "-m", "pip", "install", "--quiet", "-e", f"{project}[dev]"], project)
    return bin_dir


def cold_build_seconds(bin_dir: Path) -> int:
    return json.loads((bin_dir.parent / READY).read_text())["cold_build_s"]
