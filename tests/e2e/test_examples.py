"""The committed example projects are what kgen renders today from their answers files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_rendered_examples_match_their_answers_files() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_examples.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
