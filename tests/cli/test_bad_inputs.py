"""The whole bad-input corpus through the ``netopt solve capital`` command (in process).

Each file must give exit code 2, a message naming its place, no traceback and no output folder.
The subprocess path (a real console script) is covered for one case in ``test_cli.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netopt.cli import app
from tests.io.test_bad_inputs import CORPUS, expected


@pytest.mark.parametrize("case", expected(), ids=lambda case: case["file"])
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
