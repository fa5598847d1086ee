"""The workforce diagnosis names the scanner sessions that cannot be staffed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netopt import diagnose_workforce
from netopt.models.diagnosis import ShortfallKind
from netopt.schema import Instance, PassportPolicy
from tests.workforce.builders import EXACT, staff, tiny


def short_instance() -> dict:
    """B runs two CT scanners on Monday PM (4 staff places); only 3 radiographers exist."""
    return tiny(
        scanner_sessions=[
            {"site": "B", "modality": "CT", "day": "mon", "session": "pm", "scanners": 2}
        ],
        staff=[staff("r", "A", "radiographer", scans=["CT"], count=3, passports=["B"])],
    )


def test_diagnosis_names_the_short_session() -> None:
    diagnosis = diagnose_workforce(Instance.model_validate(short_instance()), EXACT)
    assert not diagnosis.feasible
    (finding,) = diagnosis.findings
    assert finding.kind is ShortfallKind.STAFFING
    assert finding.where == {"site": "B", "modality": "CT", "sessions": "mon pm"}
    assert finding.amount == pytest.approx(1.0)
    assert "CT at B: 1 of the 4 staff places a week cannot be filled" in finding.message
    assert "Monday pm 1 of 4" in finding.message
    assert diagnosis.conflict == ["scanner_staffing[B,CT,mon,pm]"]
    words = ["the CT scanner session at B, Monday pm, has the staff it needs"]
    assert diagnosis.conflict_words == words
    rendered = diagnosis.render()
    assert words[0] in rendered and "scanner_staffing[" not in rendered


def test_feasible_instance_needs_no_shortfall() -> None:
    """Elastic has zero shortfall when the strict model is feasible (here, with a fourth
    radiographer)."""
    data = short_instance()
    data["staff"][0]["count"] = 4
    diagnosis = diagnose_workforce(Instance.model_validate(data), EXACT, PassportPolicy.NONE)
    assert diagnosis.feasible
    assert diagnosis.findings == []


def test_cli_writes_the_diagnosis(tmp_path: Path) -> None:
    import yaml

    path = tmp_path / "short.yaml"
    path.write_text(yaml.safe_dump(short_instance()), encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "netopt", "solve", "workforce", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "CT at B: 1 of the 4 staff places a week cannot be filled" in run.stderr
    saved = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert saved["findings"][0]["kind"] == "staffing"
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["status"] == "infeasible"
