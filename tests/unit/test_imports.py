from __future__ import annotations

import subprocess
import sys

HEAVY = ("copier", "jinja2", "yaml", "numpy", "keras", "tensorflow", "pydantic")


def imported_modules(statement: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement], capture_output=True, text=True, check=True
    )
    lines = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in lines}


def test_importing_the_cli_loads_nothing_heavy():
    loaded = imported_modules("import kgen.cli")
    assert "click" in loaded
    assert not loaded & set(HEAVY), f"`import kgen.cli` loads {sorted(loaded & set(HEAVY))}"


def test_building_the_help_loads_nothing_heavy():
    statement = "import kgen.cli; kgen.cli.cli.get_command(None, 'new').get_help(kgen.cli.click.Context(kgen.cli.cli))"
    assert not imported_modules(statement) & set(HEAVY)
