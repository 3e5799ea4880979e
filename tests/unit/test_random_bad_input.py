"""Random odd data and random flags: `kgen new` either accepts them or refuses them in one sentence.

Each seed writes a small data set in a real format with oddities users' files have (padded,
repeated, unicode or empty headers, empty cells, `NA`, text among numbers, one row, a byte order
mark, `;` delimiters, quoted newlines; broken, nested or mixed images; gaps and repeated times in
series; `.npz` arrays of various dtypes) and draws flags from the catalog, valid or not, for the
task or for another. `kgen new --defaults` then exits 0, or exits 2 with an `Error:` sentence and
a `hint:` and writes nothing; never a traceback. Rendering is left out (the matrix and the random
answer sets of the e2e suite render), so the probes, rules and summary run in a few milliseconds.
"""

from __future__ import annotations

import csv
import io
import random
import traceback
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from kgen import catalog, cli, render
from kgen.questions import BY_KEY

SEEDS = range(300)

_NAMES = ["a", "b", "x", "x ", " y", "é", "名前", "a b", "a_b", "", "target", "label", "id", "numbers", "𝛼", "NA"]
_CELLS = ["", "NA", "nan", "oops", "1e400", "-0", "1,5", "inf", " 3 ", "ß", '"', "\n", "0x1f", "١٢"]


def _header(rng: random.Random, count: int) -> list[str]:
    names = [f"c{index}" for index in range(count)]
    odd = rng.choice([0, 0.2, 0.5])
    for index in range(count):
        if rng.random() < odd:
            names[index] = rng.choice(_NAMES)
    return names


def _cell(rng: random.Random, row: int, column: int, kind: str, odd: float = 0.03) -> str:
    if rng.random() < odd:
        return rng.choice(_CELLS)
    if kind == "int":
        return str(row % 3 if column else row)
    if kind == "float":
        return f"{rng.gauss(0, 10):.3f}"
    if kind == "flag":
        return str(rng.randint(0, 1))
    if kind == "text":
        return " ".join(rng.choice(["good", "bad", "très", "ok\u0085", "😀", "a,b"]) for _ in range(rng.randint(0, 5)))
    return rng.choice(["red", "blue", "green"])


def _write_table(rng: random.Random, path: Path, kinds: list[str], rows: int) -> Path:
    header = _header(rng, len(kinds))
    odd = rng.choice([0, 0, 0.01, 0.05])
    delimiter = rng.choice([",", ",", ";", "\t"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if rng.random() > 0.05:
        writer.writerow(header)
    for row in range(rows):
        cells = [_cell(rng, row, column, kind, odd) for column, kind in enumerate(kinds)]
        if rng.random() < 0.03:
            cells = cells[: rng.randint(0, len(cells))] if rng.random() < 0.5 else [*cells, "extra"]
        writer.writerow(cells)
    text = buffer.getvalue()
    if rng.random() < 0.1:
        text = "\ufeff" + text
    if rng.random() < 0.05:
        text = text.replace("\r\n", "\n")
    data = text.encode("utf-8")
    if rng.random() < 0.03:
        data = data.replace(b"e", b"\xe9", 1)  # latin-1 byte
    path.write_bytes(data)
    return path


def _image(rng: random.Random, path: Path, size: tuple[int, int], mode: str) -> None:
    array = np.random.default_rng(rng.randrange(1 << 30)).integers(0, 256, (size[1], size[0], 4), dtype=np.uint8)
    picture = Image.fromarray(array, "RGBA").convert(mode)
    suffix = path.suffix.lower()
    if (suffix in (".jpg", ".jpeg") and mode not in ("L", "RGB")) or (suffix == ".bmp" and mode == "LA"):
        picture = picture.convert("RGB")
    picture.save(path, format={".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP", ".gif": "GIF"}[suffix])
    if rng.random() < 0.05:  # a file cut short, often inside its headers
        data = path.read_bytes()
        path.write_bytes(data[: rng.randint(0, min(len(data), 64) if rng.random() < 0.5 else len(data))])


def _images(rng: random.Random, folder: Path, count: int, *, stems: list[str] | None = None, mode: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    size = (rng.choice([1, 4, 8, 16, 33]), rng.choice([1, 4, 8, 16, 33]))
    for index in range(count):
        stem = stems[index] if stems else f"im{index}"
        suffix = rng.choice([".png", ".png", ".jpg", ".JPEG", ".bmp", ".gif"])
        where = folder / "sub" if rng.random() < 0.05 else folder
        where.mkdir(exist_ok=True)
        this_size = size if rng.random() > 0.1 else (rng.randint(1, 20), rng.randint(1, 20))
        _image(rng, where / f"{stem}{suffix}", this_size, mode or rng.choice(["RGB", "RGB", "L", "RGBA", "LA", "P"]))
    if rng.random() < 0.05:
        (folder / "notes.txt").write_text("not an image")


def _write_image_folders(rng: random.Random, root: Path) -> Path:
    for name in rng.sample(["cat", "dog", "é", " pad ", "3"], rng.randint(1, 3)):
        _images(rng, root / name, rng.choice([0, 1, 3, 8, 8]))
    return root


def _write_pairs(rng: random.Random, root: Path, first: str, second: str, masks: bool) -> Path:
    count = rng.choice([0, 1, 3, 8, 8])
    stems = [f"p{index}" for index in range(count)]
    _images(rng, root / first, count, stems=stems)
    if not masks:
        _images(rng, root / second, count - (rng.random() < 0.1), stems=stems)
        return root
    (root / second).mkdir(parents=True)
    for stem in stems:
        mode = rng.choice(["L", "L", "RGB", "P"])
        array = np.random.default_rng(rng.randrange(1 << 30)).integers(0, rng.choice([2, 3, 300]), (8, 8))
        picture = Image.fromarray(array.clip(0, 255).astype(np.uint8), "L").convert(mode)
        picture.save(root / second / f"{stem}.png")
    return root


def _write_texts(rng: random.Random, root: Path) -> Path:
    for name in rng.sample(["pos", "neg", "mid", "é"], rng.choice([1, 2, 2, 3])):
        (root / name).mkdir(parents=True)
        for index in range(rng.choice([0, 1, 6, 6])):
            suffix = rng.choice([".txt", ".txt", ".TXT", ".md"])
            words = ["good", "bad", "ok", "\u2028", "\x0c", "très"]
            text = " ".join(rng.choice(words) for _ in range(rng.choice([0, 5, 8])))
            data = text.encode("utf-8") if rng.random() > 0.1 else b"caf\xe9 " + text.encode()
            (root / name / f"t{index}{suffix}").write_bytes(data)
    return root


def _write_series(rng: random.Random, path: Path) -> Path:
    rows = rng.choice([0, 1, 2, 5, 30, 60, 100, 100])
    times = list(range(rows))
    if rng.random() < 0.2:
        rng.shuffle(times)
    if rng.random() < 0.2 and rows:
        times[rng.randrange(rows)] = times[0]
    header = ["time", *_header(rng, rng.randint(1, 3))]
    odd = rng.choice([0, 0, 0.01, 0.03])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=rng.choice([",", ";"]))
        writer.writerow(header)
        for time in times:
            stamp = f"2024-01-{time % 28 + 1:02d}T{time % 24:02d}:00" if rng.random() < 0.5 else str(time)
            writer.writerow([stamp, *(_cell(rng, time, 1, "float", odd) for _ in header[1:])])
    return path


def _write_npz(rng: random.Random, path: Path, images: bool, keys: tuple[str, str] = ("x", "y")) -> Path:
    numbers = np.random.default_rng(rng.randrange(1 << 30))
    count = rng.choice([0, 1, 3, 12, 12])
    shape = (count, 8, 8, rng.choice([1, 3])) if images else (count, rng.randint(1, 4))
    dtype = rng.choice(["uint8", "int64", "float32", "float64", "bool", "int8", "float16", "complex64"])
    high = rng.choice([1, 255, 1000])
    x = (numbers.random(shape) * high).astype(dtype)
    if rng.random() < 0.1:
        x = x.reshape(-1) if rng.random() < 0.5 else x[..., None]
    y_kind = rng.choice(["int", "float", "str", "image"])
    if y_kind == "image":
        y = (numbers.random((count, 16, 16, 1)) * high).astype(dtype)
    elif y_kind == "str":
        y = np.array([rng.choice(["a", "b"]) for _ in range(count)])
    else:
        y = numbers.integers(0, 3, count).astype(y_kind)
    arrays = {keys[0]: x, keys[1]: y}
    if rng.random() < 0.1:
        arrays.pop(rng.choice(list(arrays)))
    (np.savez_compressed if rng.random() < 0.3 else np.savez)(path, **arrays)
    odd = rng.random()
    if odd < 0.08:  # a damaged archive: bad checksum, or broken deflate data
        data = bytearray(path.read_bytes())
        at = rng.randrange(len(data))
        data[at : at + 16] = bytes(rng.randrange(256) for _ in range(16))
        path.write_bytes(bytes(data[: len(data)]))
    elif odd < 0.16:  # one array's `.npy` header or values cut short
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        name = rng.choice(list(members))
        members[name] = members[name][: rng.randrange(len(members[name]) + 1)]
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
    return path


_TARGETS = {"binary": ["flag"], "multiclass": ["category"], "multilabel": ["flag", "flag"]}
_TARGETS |= {"multi_output": ["category", "float"], "continuous": ["float"]}


def _write_data(rng: random.Random, task: str, source: str, root: Path) -> Path:
    targets = _TARGETS.get(catalog.TASKS[task].output, ["flag"])
    rows = rng.choice([0, 1, 2, 10, 40, 40, 40])
    if source == "csv":
        kinds = [rng.choice(["int", "float", "category", "flag"]) for _ in range(rng.randint(1, 5))]
        return _write_table(rng, root / "table.csv", [*kinds, *targets], rows)
    if source == "text_csv":
        kinds = [rng.choice(["text", "category", "flag"]) for _ in range(rng.randint(0, 2))]
        return _write_table(rng, root / "texts.csv", ["text", *kinds, *targets], rows)
    if source == "series_csv":
        return _write_series(rng, root / "series.csv")
    if source == "image_folders":
        return _write_image_folders(rng, root / "images")
    if source == "image_folder":
        _images(rng, root / "photos", rng.choice([0, 1, 3, 8, 8]))
        return root / "photos"
    if source == "paired_folders":
        return _write_pairs(rng, root / "pairs", "inputs", "targets", masks=False)
    if source == "mask_folders":
        return _write_pairs(rng, root / "scenes", "images", "masks", masks=True)
    if source == "text_folders":
        return _write_texts(rng, root / "texts")
    if source == "image_arrays":
        return _write_npz(rng, root / "pairs.npz", images=True, keys=("x", "y"))
    return _write_npz(rng, root / "arrays.npz", images=rng.random() < 0.3)


_BAD_VALUES = ["0", "-1", "1.5", "abc", "", " ", "1e9", "nan", "é", "a,,b", "=", "x=1", "#zz0000", "2,2"]


def _value(rng: random.Random, key: str, task: str) -> str:
    """A value for the question `key`: from its catalog choices or its kind, or a bad one."""
    question = BY_KEY[key]
    if rng.random() < 0.15:
        return rng.choice(_BAD_VALUES)
    if question.choices is not None:
        names = list(question.choices.entries)
        picked = rng.sample(names, rng.randint(1, 2)) if question.kind == "multichoice" else [rng.choice(names)]
        return ",".join(picked)
    if question.kind == "int":
        return str(rng.choice([1, 2, 3, 4, 8, 16, 64, 100000]))
    if question.kind == "float":
        return rng.choice(["0.1", "0.5", "0.9", "0.001", "1", "0", "nan", "inf", "1e400"])
    if question.kind == "bool":
        return rng.choice(["true", "false", "yes", "maybe"])
    if question.kind in ("columns", "column_subset"):
        return ",".join(rng.sample(["c0", "c1", "x", "a b", "é", "time", "target", "#000000", "#ffffff"], 2))
    if question.kind in ("counts", "weights"):
        return rng.choice(["c0=2", "c1=0.5", "c0=2,c1=3", "c0", "=1"])
    return rng.choice(["x", "y", "inputs", "targets", "images", "a b", "..", "/"])


def _block(rng: random.Random, task: str) -> str:
    names = catalog.blocks_for(task) if rng.random() < 0.8 else list(catalog.BLOCKS)
    name = rng.choice(names)
    params = rng.choice(["", "", "", ":units=8", ":filters=4", ":filters=0", ":rate=2", ":depth=1", ":nope=1"])
    return name + params


def _flags(rng: random.Random, task: str, source: str, data_path: Path) -> list[str]:
    flags = ["--task", task, "--data-source", source, "--data-path", str(data_path)]
    skip = {"project_name", "package", "task", "data_source", "data_path", "blocks"}
    known = {"task": task, "data_source": source, "optimizer": "sgd", "schedule": "step_decay"}
    keys = [key for key in BY_KEY if key not in skip and (rng.random() < 0.1 or BY_KEY[key].asked(known))]
    for key in rng.sample(keys, min(len(keys), rng.choice([0, 0, 0, 0, 1, 2, 3]))):
        flags += [BY_KEY[key].flag, _value(rng, key, task)]
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        flags += ["--block", _block(rng, task)]
    return flags


def _draw(rng: random.Random, root: Path) -> list[str]:
    task = rng.choice(list(catalog.TASKS))
    source = catalog.TASKS[task].default_data_source
    sources = [name for name in catalog.DATA_SOURCES if task in _tasks_of(name)] or [source]
    source = rng.choice(sources) if rng.random() < 0.9 else rng.choice(list(catalog.DATA_SOURCES))
    data_path = _write_data(rng, task, source, root)
    return _flags(rng, task, source, data_path)


def _tasks_of(source: str) -> list[str]:
    """The tasks whose answers offer `source`."""
    offered = BY_KEY["data_source"].choices
    return [task for task in catalog.TASKS if source in offered.names({"task": task})]


def _check(result, destination: Path, args: list[str]) -> None:
    shown = f"kgen {' '.join(repr(arg) if ' ' in arg or not arg else arg for arg in args)}\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"traceback from\n{shown}\n{trace}")
    assert result.exit_code in (0, 2), shown
    if result.exit_code == 2:
        assert "Error:" in result.output and "hint:" in result.output, shown
        assert not destination.exists(), shown


@pytest.fixture
def not_rendered(monkeypatch) -> None:
    monkeypatch.setattr(render, "new_project", lambda project, destination, **options: [Path("pyproject.toml")])


@pytest.mark.parametrize("seed", SEEDS)
def test_random_odd_data_and_flags_are_taken_or_refused_in_one_sentence(seed, tmp_path, not_rendered):
    rng = random.Random(seed)
    destination = tmp_path / "made"
    args = ["new", str(destination), *_draw(rng, tmp_path), "--defaults", "--no-git"]
    result = CliRunner().invoke(cli.cli, args)
    _check(result, destination, args)
