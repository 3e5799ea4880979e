"""Render every `examples/*.yml` into `examples/<name>/`, writing their data first if needed.

    python scripts/render_examples.py            # re-render all examples
    python scripts/render_examples.py --check    # exit 1 if a rendered example is out of date

The rendered projects are committed so that the output of kgen can be read without running
it; `tests/e2e/test_examples.py` runs the check.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATA = ROOT / "demo" / "data"
# Data file -> the script that writes it and its argument.
DATA_FILES = {
    "digits": ("write_digits.py", "images"),
    "digits-3-8": ("write_digits.py", "pairs"),
    "digits.csv": ("write_digits.py", "csv"),
    "digits.npz": ("write_digits.py", "npz"),
    "breast_cancer.csv": ("write_tables.py", "breast-cancer"),
    "diabetes.csv": ("write_tables.py", "diabetes"),
    "digit_traits.csv": ("write_tables.py", "digit-traits"),
    "iris.csv": ("write_tables.py", "iris"),
    "docstrings.csv": ("write_texts.py", "docstrings-csv"),
    "docstring-pairs": ("write_texts.py", "docstring-pairs"),
    "docstring-traits.csv": ("write_texts.py", "docstring-traits"),
    "town_power.csv": ("write_series.py", "town-power"),
    "photo-tiles": ("write_images.py", "tiles"),
    "photo-noisy": ("write_images.py", "noisy-pairs"),
    "shapes": ("write_images.py", "shapes"),
}
IGNORED_LINES = ("_src_path:",)  # where the template was on the rendering machine


def write_data() -> None:
    for name, (script, kind) in DATA_FILES.items():
        if not (DATA / name).exists():
            subprocess.run([sys.executable, str(ROOT / "scripts" / script), kind, str(DATA / name)], check=True)


def render(answers: Path, destination: Path) -> None:
    command = [sys.executable, "-m", "kgen", "new", str(destination), "--answers", str(answers), "--defaults"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"`kgen new` failed for {answers.name}:\n{result.stderr}")


def differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths whose content differs (ignoring machine-specific lines), or that one side lacks."""
    names = {p.relative_to(d).as_posix() for d in (expected, actual) for p in d.rglob("*") if p.is_file()}
    return sorted(name for name in names if not _same(expected / name, actual / name))


def _same(left: Path, right: Path) -> bool:
    if not (left.is_file() and right.is_file()):
        return False
    if filecmp.cmp(left, right, shallow=False):
        return True
    keep = lambda path: [line for line in path.read_text().splitlines() if not line.startswith(IGNORED_LINES)]  # noqa: E731
    return keep(left) == keep(right)


def main(check: bool) -> int:
    write_data()
    stale = []
    for answers in sorted(EXAMPLES.glob("*.yml")):
        target = EXAMPLES / answers.stem
        # Render beside the target, at the same depth, so relative data paths come out the same.
        with tempfile.TemporaryDirectory(dir=EXAMPLES, prefix=".render-") as scratch:
            fresh = Path(scratch)
            render(answers, fresh)
            if check:
                stale += (
                    [f"{answers.stem}/{name}" for name in differences(target, fresh)]
                    if target.exists()
                    else [answers.stem]
                )
            else:
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(fresh, target)
                print(f"rendered {target.relative_to(ROOT)}")
    if stale:
        print("out of date: " + ", ".join(stale) + "\nrun `python scripts/render_examples.py`", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(check="--check" in sys.argv[1:]))
