"""The verifier's tolerance rule: rounding of the written cells never fails a correct plan, and a
figure off by more than rounding does fail (see :mod:`netopt.verify.tolerance`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from netopt.api import write_workforce_plan
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance
from netopt.verify import verify_workforce
from netopt.verify.tolerance import CELL, Tally, agree, within
from tests.verify.tamper import read_table, write_table
from tests.workforce.builders import EXACT, staff, tiny


def test_agree_is_absolute_plus_relative() -> None:
    assert agree(1.0, 1.0 + 0.9e-6, 0.0)  # atol CELL
    assert not agree(1.0, 1.0 + 1.1e-6, 0.0)
    assert agree(1e6, 1e6 + 0.9, 1e-6, 0.0)  # rtol on the larger
    assert not agree(1e6, 1e6 + 1.1, 1e-6, 0.0)
    assert within(1.0 + 0.5e-6, 1.0, 0.0) and not within(1.1, 1.0, 1e-6)


def test_tally_carries_the_rounding_of_its_cells() -> None:
    """52 weeks x GBP 1 x a cell of reports written to 6 decimals may be off by 52 x 1e-6."""
    cost = Tally()
    cost.add(0.0377, 52.0)
    assert cost.value == pytest.approx(1.9604)
    assert cost.slack == pytest.approx(52 * CELL)
    assert cost.agrees(1.960425, 1e-6)  # the solver's 52 x 0.03770049
    assert not cost.agrees(1.9605, 1e-6)  # a tenth of a penny more is not rounding


def rounding_case() -> Instance:
    """One consultant reports 8 exams on Monday (480 minutes at 60); 8.03770049 arrive, so
    0.03770049 reports a week are outsourced at GBP 1 over 52 weeks: GBP 1.960425 a year.
    outsourced.csv holds the reports rounded to 0.0377, which cost GBP 1.9604: the written cost
    and the one recomputed from the written reports differ by 2.5e-5, 13 times the relative
    tolerance on so small a plan."""
    data = tiny(
        staff=[staff("c", "A", "consultant_radiologist", sessions=2)],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[{"site": "A", "exam_type": "ct", "exams_per_week": 8.03770049}],
        workforce={"weeks_per_year": 52.0},
    )
    data["exam_types"][0]["report_outsourcing_cost"] = 1.0
    return Instance.model_validate(data)


def test_rounded_reports_do_not_fail_the_outsourcing_cost(tmp_path: Path) -> None:
    """Regression (tests/properties/test_workforce_properties.py::test_every_plan_verifies
    found a plan whose outsourcing cost differed from the verifier's by GBP 4e-6 on GBP 1.96):
    the allowance is the rounding of the cells the cost is recomputed from."""
    instance = rounding_case()
    plan = solve_workforce(instance, EXACT)
    folder = write_workforce_plan(plan, instance, tmp_path / "plan")
    costs = pd.read_csv(folder / "costs.csv").set_index("component")["annual"]
    reports = pd.read_csv(folder / "outsourced.csv")["reports"].sum()
    assert reports == pytest.approx(0.0377, abs=1e-9)  # written to 6 decimals
    assert abs(costs["outsourcing"] - 52 * reports) > 1e-6 * costs.sum()  # beyond rtol alone
    report = verify_workforce(instance, folder)
    assert report.ok, report.render()


def test_more_than_rounding_fails(tmp_path: Path) -> None:
    """The same plan with the outsourced reports raised by 1e-4 (a hundred times the rounding
    of a cell): the outsourcing cost no longer matches."""
    instance = rounding_case()
    plan = solve_workforce(instance, EXACT)
    folder = write_workforce_plan(plan, instance, tmp_path / "plan")
    outsourced = read_table(folder, "outsourced")
    outsourced.loc[0, "reports"] = repr(float(outsourced.loc[0, "reports"]) + 1e-4)
    write_table(folder, "outsourced", outsourced)
    report = verify_workforce(instance, folder)
    assert not report.ok
    assert any(v.where == {"component": "outsourcing"} for v in report.violations)
