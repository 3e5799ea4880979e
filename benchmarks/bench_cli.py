"""How fast the `kgen` command is, against references measured in the same run.

    python benchmarks/bench_cli.py [--runs N]

1. `kgen --help`: median wall time of N fresh processes, beside `python -c pass` (the
   interpreter's own start-up, which no CLI can beat).
2. `kgen new DEST --defaults --data-path X` on a tiny CSV, against `copier copy --defaults`
   of the same template version with the same answers (read from the `.copier-answers.yml`
   kgen wrote). Both read the template from the same git bundle of its versions, through
   the same `insteadOf` redirect; kgen is pointed at it with `KGEN_TEMPLATE_BUNDLE`, as an
   installed kgen reads the bundle its wheel ships (a checkout would otherwise rebuild the
   bundle from its git history on every run, about 80 ms). kgen's time includes what copier
   does not do: reading the data for defaults, validating, formatting the code and the
   first git commit.
3. `kgen update` of a project made at the first template version, against plain
   `copier update --defaults --skip-answered` of a copy of the same project. kgen adds its
   checks, the conflict scan and formatting of the files the update wrote.
4. Which heavy modules `import kgen.cli` loads (`python -X importtime`): it must load none
   of TensorFlow, Keras, NumPy or copier. This check, unlike the timings, sets the exit code.

Timings are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from kgen import git, render, source

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HEAVY = ("tensorflow", "keras", "numpy", "copier")


def wall_time(command: list[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    """Seconds one run of `command` takes; it must succeed."""
    started = time.perf_counter()
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, env=env)
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


def redirected(template: source.TemplateSource) -> dict[str, str]:
    """The environment in which plain copier reads the template URL from kgen's bundle."""
    return {
        **os.environ,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{template.bundle}.insteadOf",
        "GIT_CONFIG_VALUE_0": template.url,
        "COPIER_CACHE_DIR": str(template.cache),
    }


def files_of(project: Path) -> set[str]:
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()}


def bench_help(runs: int) -> None:
    # pip compiles an installed package's bytecode; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would recompile kgen on every run (about 40 ms more).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kgen")], check=True, capture_output=True)
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
    template = source.installed()
    copier_copy = [BIN / "copier", "copy", "--quiet", "--defaults", "--data-file", answers_file]
    copier_copy += ["--vcs-ref", answers["_commit"], template.url]

    installed = {**os.environ, "KGEN_TEMPLATE_BUNDLE": str(template.bundle), "KGEN_CACHE_DIR": str(work / "cache")}
    wall_time([*kgen_new[:2], work / "kgen-warm", *kgen_new[3:]], work, installed)  # fills kgen's clone cache
    kgen_times, copier_times = [], []
    for run in range(1, runs + 1):  # interleaved, so that drift affects both alike
        kgen_times.append(wall_time([*kgen_new[:2], work / f"kgen-{run}", *kgen_new[3:]], work, installed))
        copier_times.append(wall_time([*copier_copy, work / f"copier-{run}"], work, redirected(template)))
    kgen_median, copier_median = statistics.median(kgen_times), statistics.median(copier_times)
    same = {path for path in files_of(first) if not path.startswith(".git/")} == files_of(work / "copier-1")
    note = f"median of {runs}; reads the data, checks, renders, formats"
    row("kgen new --defaults", f"{kgen_median * 1000:.0f} ms", note)
    row("copier copy --defaults", f"{copier_median * 1000:.0f} ms", "same template and answers; renders only")
    row("  ratio", f"{kgen_median / copier_median:.2f}x", f"same files written: {'yes' if same else 'NO'}")


def bench_update(runs: int, work: Path) -> None:
    template = source.installed()
    if len(template.versions) < 2:
        row("kgen update", "skipped", "the template history has a single version")
        return
    data = write_table(work / "houses.csv")
    answers = {"project_name": "houses", "package": "houses", "task": "tabular_regression", "data_source": "csv"}
    answers |= {"data_path": str(data), "target_column": "price", "feature_columns": ["area", "rooms", "age"]}
    old = work / "old"
    render.render_version(old, answers, version=template.versions[0], source=template)
    render.format_code(old, "ruff")
    git.init_and_commit(old, "Start")
    kgen_update = [BIN / "kgen", "update"]
    copier_update = [BIN / "copier", "update", "--quiet", "--defaults", "--skip-answered"]
    copier_update += ["--vcs-ref", f"v{template.latest}"]

    kgen_times, copier_times = [], []
    for run in range(runs):
        for name, command, times, env in (
            ("kgen", kgen_update, kgen_times, None),
            ("copier", copier_update, copier_times, redirected(template)),
        ):
            project = work / f"{name}-update-{run}"
            shutil.copytree(old, project, symlinks=True)
            times.append(wall_time(command, project, env))
    kgen_median, copier_median = statistics.median(kgen_times), statistics.median(copier_times)
    versions = f"{template.versions[0]} -> {template.latest}"
    row("kgen update", f"{kgen_median * 1000:.0f} ms", f"median of {runs}; {versions}; checks, merges, scans")
    row("copier update", f"{copier_median * 1000:.0f} ms", "the same project and versions; merges only")
    row("  ratio", f"{kgen_median / copier_median:.2f}x")


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
        bench_update(max(3, args.runs // 2), Path(work))
    if not check_imports():
        raise SystemExit("`import kgen.cli` loads a heavy module: `kgen --help` pays for it on every run")


if __name__ == "__main__":
    main()
