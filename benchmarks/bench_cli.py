"""How fast the `kgen` command is, against references measured in the same run.

    python benchmarks/bench_cli.py [--runs N]

1. `kgen --help`: median wall time of N fresh processes, beside `python -c pass` (the
   interpreter's own start-up, which no CLI can beat).
2. `kgen new DEST --defaults --data-path X` on a tiny CSV, against `copier copy --defaults`
   of the same template with the same answers (read from the `.copier-answers.yml` kgen
   wrote). copier gets a plain staged copy of `copier.yml` and `templates/`, as kgen
   renders from, so neither run clones the repository. kgen's time includes what copier
   does not do: reading the data for defaults, validating, and formatting the code.
3. Which heavy modules `import kgen.cli` loads (`python -X importtime`): it must load none
   of TensorFlow, Keras, NumPy or copier. This check, unlike the timings, sets the exit code.

Timings are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HEAVY = ("tensorflow", "keras", "numpy", "copier")


def wall_time(command: list[str | Path], cwd: Path | None = None) -> float:
    """Seconds one run of `command` takes; it must succeed."""
    started = time.perf_counter()
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"`{' '.join(map(str, command))}` failed:\n{result.stdout}{result.stderr}")
    return elapsed


def row(label: str, value: str, note: str = "") -> None:
    print(f"{label:<24}{value:>9}  {note}".rstrip())


def median_time(command: list[str | Path], runs: int, cwd: Path | None = None) -> float:
    return statistics.median(wall_time(command, cwd) for _ in range(runs))


def write_table(path: Path, rows: int = 60) -> Path:
    """A tiny regression CSV: three features and a target."""
    rng = random.Random(0)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area", "rooms", "age", "price"])
        for _ in range(rows):
            area, rooms, age = rng.uniform(30, 200), rng.randint(1, 6), rng.uniform(0, 80)
            writer.writerow([f"{area:.1f}", rooms, f"{age:.1f}", f"{area * 3 - age + rooms * 10:.2f}"])
    return path


def stage_template(destination: Path) -> Path:
    """A plain copy of the template (not a git repository), so copier renders it in place."""
    ignored = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "templates", destination / "templates", ignore=ignored)
    shutil.copy2(ROOT / "copier.yml", destination / "copier.yml")
    return destination


def files_of(project: Path) -> set[str]:
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()}


def bench_help(runs: int) -> None:
    python = median_time([sys.executable, "-c", "pass"], runs)
    kgen_help = median_time([BIN / "kgen", "--help"], runs)
    row("kgen --help", f"{kgen_help * 1000:.0f} ms", f"median of {runs}")
    row("python -c pass", f"{python * 1000:.0f} ms", "the interpreter's start-up alone")
    row("  ratio", f"{kgen_help / python:.2f}x")


def bench_new(runs: int, work: Path) -> None:
    data = write_table(work / "houses.csv")
    kgen_new = [BIN / "kgen", "new", "DEST", "--task", "tabular_regression", "--data-path", data, "--defaults"]
    first = work / "kgen-0"
    wall_time([*kgen_new[:2], first, *kgen_new[3:]], work)
    answers = yaml.safe_load((first / ".copier-answers.yml").read_text())
    answers_file = work / "answers.yml"
    answers_file.write_text(yaml.safe_dump({key: value for key, value in answers.items() if key[0] != "_"}))
    template = stage_template(work / "template")
    copier_copy = [BIN / "copier", "copy", "--quiet", "--defaults", "--data-file", answers_file, template]

    kgen_times, copier_times = [], []
    for run in range(1, runs + 1):  # interleaved, so that drift affects both alike
        kgen_times.append(wall_time([*kgen_new[:2], work / f"kgen-{run}", *kgen_new[3:]], work))
        copier_times.append(wall_time([*copier_copy, work / f"copier-{run}"], work))
    kgen_median, copier_median = statistics.median(kgen_times), statistics.median(copier_times)
    same = files_of(first) == files_of(work / "copier-1")
    note = f"median of {runs}; reads the data, checks, renders, formats"
    row("kgen new --defaults", f"{kgen_median * 1000:.0f} ms", note)
    row("copier copy --defaults", f"{copier_median * 1000:.0f} ms", "same template and answers; renders only")
    row("  ratio", f"{kgen_median / copier_median:.2f}x", f"same files written: {'yes' if same else 'NO'}")


def check_imports() -> bool:
    """Whether `import kgen.cli` stays clear of the heavy modules; prints what it loads."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import kgen.cli"], capture_output=True, text=True, check=True
    )
    loaded: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if cumulative.isdigit():
            loaded[name] = int(cumulative)
    heavy = sorted(name for name in loaded if name.split(".")[0] in HEAVY)
    top = {name.split(".")[0] for name in loaded}
    third_party = sorted(top & {"click", "yaml", "jinja2", "pydantic", *HEAVY})
    row("import kgen.cli", f"{loaded.get('kgen.cli', 0) / 1000:.0f} ms", f"{len(loaded)} modules, -X importtime")
    print(f"  third-party packages: {', '.join(third_party) or 'none'}")
    print(f"  heavy modules: {', '.join(heavy) if heavy else 'none of ' + ', '.join(HEAVY)}")
    return not heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (default: %(default)s)")
    args = parser.parse_args()
    bench_help(args.runs)
    with tempfile.TemporaryDirectory(prefix="kgen-bench-") as work:
        bench_new(max(3, args.runs // 2), Path(work))
    if not check_imports():
        raise SystemExit("`import kgen.cli` loads a heavy module: `kgen --help` pays for it on every run")


if __name__ == "__main__":
    main()
