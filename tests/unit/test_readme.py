"""The README's catalog tables name every catalog entry, once, so a copy cannot drift from the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgen import catalog

README = Path(__file__).resolve().parents[2] / "README.md"

TABLES = {
    "Preprocessing": catalog.STEMS,
    "Tasks": catalog.TASKS,
    "Blocks": catalog.BLOCKS,
    "Losses": catalog.LOSSES,
    "Metrics": catalog.METRICS,
    "Optimizers": catalog.OPTIMIZERS,
    "Learning-rate schedules": catalog.SCHEDULES,
    "Data sources": catalog.DATA_SOURCES,
}


def _rows(title: str) -> list[list[str]]:
    """The cells of each row of the table after the bold paragraph `**title**`, header left out."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(f"**{title}**"))
    table = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    cells = [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in table]
    header, rule, *rows = cells
    assert all(set(cell) <= set("-: ") for cell in rule), title
    assert all(len(row) == len(header) for row in rows), f"a row of the {title} table has a cell too many or too few"
    return rows


@pytest.mark.parametrize("title", TABLES)
def test_each_readme_table_names_every_catalog_entry_once(title):
    names = [row[0].strip("`") for row in _rows(title)]
    assert sorted(names) == sorted(TABLES[title]), title


def test_the_task_table_gives_each_task_its_default_data_source():
    for row in _rows("Tasks"):
        task = catalog.TASKS[row[0].strip("`")]
        assert row[2].startswith(f"`{task.default_data_source}`"), task.name
