"""The bad-input corpus through the ``netopt solve capital`` command (in process).

Each file must give exit code 2, a message naming its place, no traceback and no output folder.
``tests/io/test_bad_inputs.py`` runs every file through io; here a sample runs by default (the
first file of each kind and every fifth), the rest with ``-m slow``. The subprocess path (a
real console script) is covered for one case in ``tests/cli/test_commands.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netopt.cli import app
from tests.io.test_bad_inputs import CORPUS, expected


def cases() -> list[object]:
    """Every corpus case; all but a sample marked slow."""
    out: list[object] = []
    kinds: set[str] = set()
    for number, case in enumerate(expected()):
        kind = case["file"].split("_", 1)[0]
        sample = kind not in kinds or number % 5 == 0
        kinds.add(kind)
        marks = () if sample else (pytest.mark.slow,)
        out.append(pytest.param(case, marks=marks, id=case["file"]))
    return out


@pytest.mark.parametrize("case", cases())
def test_bad_input_through_cli(case: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["solve", "capital", str(CORPUS / case["file"]), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert case["place"] in result.output and case["message"] in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
