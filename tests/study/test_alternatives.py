"""A study asking for near-optimal alternatives (``options: {alternatives: K, slack: S}``):
each scenario's alternatives go to verifiable folders beside its own, with ``alternatives.csv``
in its folder; a rerun reuses them.

The base is the two-site network of ``tests/capital/test_alternatives.py``: the best plan buys
at A (GBP 100); within 15% the only other plan buys at B, a minute away (GBP 110). Travel at
GBP 2 a minute makes that plan 20% dearer: no alternative within 15%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

import netopt
from netopt.study.apply import StudyError, read_study, scenario_instance
from netopt.study.run import STUDY_FILE, run_study
from tests.capital.test_alternatives import two_sites

STUDY = """\
name: two sites
base: net.yaml
options: {time_limit: 30, mip_gap: 0, alternatives: 2, slack: 0.15, consistent: false}
scenarios:
  - name: dear-travel
    changes:
      - {table: policy, set: {travel_cost_per_minute: 2.0}}
"""


@pytest.fixture()
def study_file(tmp_path: Path) -> Path:
    (tmp_path / "net.yaml").write_text(yaml.safe_dump(two_sites()), encoding="utf-8")
    path = tmp_path / "study.yaml"
    path.write_text(STUDY, encoding="utf-8")
    return path


def test_each_scenario_has_its_alternatives_beside_it(study_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_study(read_study(study_file), out, workers=1)
    assert not result.failed
    found = {o.name: o.alternatives for o in result.outcomes}
    assert found == {"base": 1, "dear-travel": 0}
    scenarios = out / "scenarios"
    assert sorted(p.name for p in scenarios.iterdir()) == [
        "base",
        "base-alternative-1",
        "dear-travel",
    ]
    study = read_study(study_file)
    base = scenario_instance(study, study.study.all_scenarios()[0])
    for folder in ("base", "base-alternative-1"):
        report = netopt.verify(base, scenarios / folder)
        assert report.ok, report.render()
    table = pd.read_csv(scenarios / "base" / "alternatives.csv", keep_default_na=False)
    assert table["folder"].tolist() == ["", "base-alternative-1"]
    assert table["objective"].tolist() == pytest.approx([100.0, 110.0])
    assert pd.read_csv(scenarios / "dear-travel" / "alternatives.csv")["plan"].tolist() == ["best"]
    record = json.loads((out / STUDY_FILE).read_text(encoding="utf-8"))
    assert [s["alternatives"] for s in record["scenarios"]] == [1, 0]
    again = run_study(read_study(study_file), out, workers=1)
    assert all(o.reused for o in again.outcomes)
    assert [o.alternatives for o in again.outcomes] == [1, 0]


def test_alternatives_are_for_capital_studies_and_free_names(tmp_path: Path) -> None:
    (tmp_path / "net.yaml").write_text(yaml.safe_dump(two_sites()), encoding="utf-8")
    path = tmp_path / "study.yaml"
    path.write_text(
        STUDY.replace("name: dear-travel", "name: base-alternative-1"), encoding="utf-8"
    )
    with pytest.raises(StudyError) as error:
        read_study(path)
    assert "alternative" in str(error.value)
    path.write_text(
        STUDY.replace("alternatives: 2", "alternatives: 2, model: workforce"), encoding="utf-8"
    )
    with pytest.raises(StudyError) as error:
        read_study(path)
    assert "capital plans only" in str(error.value)
