"""README.md's catalog tables and ARCHITECTURE.md's module table are what `scripts/write_docs.py` writes."""

from __future__ import annotations

import importlib.util
import pkgutil
from pathlib import Path

import pytest

import kgen
from kgen import catalog

ROOT = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location("write_docs", ROOT / "scripts" / "write_docs.py")
write_docs = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(write_docs)


@pytest.mark.parametrize("filename", write_docs.TABLES)
def test_the_generated_tables_are_up_to_date(filename):
    old, new = write_docs.written()[ROOT / filename]
    assert old == new, (
        f"{filename}'s generated tables differ from the catalog and the package: run `{write_docs.COMMAND}`"
    )


def test_a_table_edited_by_hand_is_written_back():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    edited = text.replace("| `conv` |", "| `convolution` |", 1)
    assert edited != text
    assert write_docs.fill(edited, write_docs.TABLES["README.md"], "README.md") == text


def test_a_table_without_its_markers_is_refused():
    text = (ROOT / "README.md").read_text(encoding="utf-8").replace("<!-- generated: tasks -->", "", 1)
    with pytest.raises(SystemExit, match="tasks"):
        write_docs.fill(text, write_docs.TABLES["README.md"], "README.md")


def test_every_catalog_entry_has_a_row_once():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = {
        "stems": catalog.STEMS,
        "tasks": catalog.TASKS,
        "blocks": catalog.BLOCKS,
        "losses": catalog.LOSSES,
        "metrics": catalog.METRICS,
        "optimizers": catalog.OPTIMIZERS,
        "schedules": catalog.SCHEDULES,
        "data_sources": catalog.DATA_SOURCES,
        "backends": catalog.BACKENDS,
        "precisions": catalog.PRECISIONS,
        "distributions": catalog.DISTRIBUTIONS,
    }
    for name, entries in tables.items():
        block = text.split(f"<!-- generated: {name} -->\n")[1].split("<!-- end generated -->")[0]
        names = [line.split(" | ")[0].removeprefix("| ").strip("`") for line in block.splitlines()[2:]]
        assert names == list(entries), name


def test_every_note_belongs_to_a_catalog_entry():
    entries = {"stems": catalog.STEMS, "data_sources": catalog.DATA_SOURCES}
    assert [key for key in write_docs.NOTES if key[1] not in entries[key[0]]] == []


def test_the_module_table_has_every_module_and_package():
    rows = write_docs.modules()
    for module in pkgutil.walk_packages(kgen.__path__, "kgen."):
        parts = module.name.split(".")
        top = "/".join(parts[:2])
        assert f"`{top}/`" in rows if module.ispkg or len(parts) > 2 else f"`{top}.py`" in rows, module.name


@pytest.mark.parametrize(
    ("docstring", "sentence"),
    [
        ("One job.\n\nMore.", "One job"),
        ("A job that is\nwrapped over lines. And more.", "A job that is wrapped over lines"),
        ("Read `x.npy` files, e.g. headers.", "Read `x.npy` files, e.g. headers"),
    ],
)
def test_a_modules_job_is_its_docstrings_first_sentence(docstring, sentence):
    assert write_docs.first_sentence(docstring) == sentence
