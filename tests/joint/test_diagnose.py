"""Why no joint plan exists: the elastic joint model's least shortfalls, in planners' words.

Unless a test says otherwise (``tests/joint/builders.py``): one site A ("Alpha Hospital") of
trust T1 ("Kent Trust") with the existing CT (free to keep, 10 hours a year), 10 one-hour CT
exams in 2030 that cannot be outsourced for scanning, no discounting; one radiographer role
whose WTE gives 10 clinical hours a year; one staff member per running scanner, so the scanner
needs 10 hours of staff in 2030; reports outsourced free.
"""

from __future__ import annotations

from typing import Any

import pytest

from netopt import JointShortfall, SolveStatus, diagnose_joint, solve_joint
from netopt.models.diagnosis import (
    ConflictOutcome,
    Diagnosis,
    ShortfallKind,
    Verdict,
)
from netopt.models.joint.build import build_joint_model
from netopt.models.joint.data import build_joint_data
from netopt.schema import Instance, InstanceError
from netopt.solve.highs import SolveOptions, no_time_report
from tests.capital.builders import EXACT
from tests.joint.builders import no_outsourced_scanning, role, solve, tiny_joint

TWO_YEARS = {"name": "t", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0}
HOURS = 1e-3
"""Tolerance on hours and reports: the least-shortfall plan may sit within the penalty cap."""


def diagnose(data: dict[str, Any], **kwargs: Any) -> Diagnosis:
    """The strict joint plan has none (proven); the diagnosis says infeasible."""
    instance = Instance.model_validate(data)
    assert solve_joint(instance, EXACT).status is SolveStatus.INFEASIBLE
    diagnosis = diagnose_joint(instance, EXACT, **kwargs)
    assert diagnosis.verdict is Verdict.INFEASIBLE and not diagnosis.feasible
    return diagnosis


def in_words_only(diagnosis: Diagnosis) -> None:
    """Nothing a planner reads holds a raw constraint or variable name."""
    text = diagnosis.render()
    assert "[" not in text and "unstaffed" not in text and "revenue_overrun" not in text
    assert len(diagnosis.conflict_words) == len(diagnosis.conflict)


# --------------------------------------------------------------------------- (a) staff hours


def test_a_scanner_its_employer_cannot_staff() -> None:
    """0.5 WTE in post gives 5 of the 10 hours; no hires (capped at 0), agency capped at 2
    hours: 10 - 5 - 2 = 3 hours short, at Kent Trust's CT scanners in 2030."""
    staff = role(max_hires_per_year=0, agency_hour_cost=8, max_agency_hours_per_year=2)
    data = no_outsourced_scanning(
        staff_roles=[staff], staff_in_post=[{"employer": "T1", "role": "rad", "wte": 0.5}]
    )
    diagnosis = diagnose(data)
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.STAFFING
    assert finding.where == {"employer": "T1", "modality": "CT", "year": 2030}
    assert finding.amount == pytest.approx(3, abs=HOURS)
    assert finding.unit == "staff hours"
    assert finding.message == (
        "The CT scanners of Kent Trust (T1) at Alpha Hospital (A) need 10 hours of staff time "
        "in 2030 (1 staff per scanner for every hour it runs); its staff who scan CT (rad: 0.5 "
        "WTE in post of 10 clinical hours a year, no hires, agency capped at 2 hours a year) "
        "give at most 7: 3 hours short."
    )
    assert diagnosis.conflict_outcome is ConflictOutcome.FOUND
    assert "scanner_staffing[T1,CT,2030]" in diagnosis.conflict
    assert (
        "every hour the CT scanners of Kent Trust (T1) run in 2030 has its staff (1 per scanner)"
        in diagnosis.conflict_words
    )
    in_words_only(diagnosis)


def test_hires_after_a_lead_time_come_too_late_for_the_first_year() -> None:
    """Two years, 10 hours needed in each, no one in post, no agency; hires capped at 0.5 WTE
    a year after a 1-year lead: 2030 gets none (10 short), 2031 gets 0.5 WTE, 5 hours (5
    short)."""
    data = no_outsourced_scanning(
        network=TWO_YEARS,
        demand=[{"site": "A", "exam_type": "ct", "year": y, "exams": 10} for y in (2030, 2031)],
        staff_roles=[role(max_hires_per_year=0.5, hire_lead_years=1)],
    )
    diagnosis = diagnose(data)
    short = {f.where["year"]: f.amount for f in diagnosis.findings}
    assert short == pytest.approx({2030: 10, 2031: 5}, abs=HOURS)
    assert all(f.kind is ShortfallKind.STAFFING for f in diagnosis.findings)
    assert "hires capped at 0.5 WTE a year after a 1-year lead" in diagnosis.findings[0].message


def test_a_modality_no_role_scans_is_a_finding_not_an_input_error() -> None:
    """The strict joint plan refuses the instance (no staff role scans CT); the diagnosis names
    the 10 hours the scanner needs as short and searches no IIS (the strict model cannot be
    built)."""
    data = no_outsourced_scanning(staff_roles=[role(scans=[])])
    instance = Instance.model_validate(data)
    with pytest.raises(InstanceError, match="no staff role scans CT"):
        solve_joint(instance, EXACT)
    diagnosis = diagnose_joint(instance, EXACT)
    assert diagnosis.verdict is Verdict.INFEASIBLE
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.STAFFING
    assert finding.amount == pytest.approx(10, abs=HOURS)
    assert "no staff role scans CT: 10 hours short" in finding.message
    assert diagnosis.conflict == [] and diagnosis.conflict_outcome is ConflictOutcome.NOT_RUN


def test_skill_mix() -> None:
    """Two staff per scanner (20 hours), at most one an assistant practitioner; 2 WTE of
    assistants in post, no radiographer to be had: assistants may give 10 hours, 10 more would
    break the skill mix (penalised at half a missing hour, so it is the finding)."""
    data = no_outsourced_scanning(
        staff_roles=[
            role(max_hires_per_year=0),
            role("ap", tier="assistant_practitioner", max_hires_per_year=0),
        ],
        staff_in_post=[{"employer": "T1", "role": "ap", "wte": 2}],
        staffing_rules=[
            {"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 1}
        ],
    )
    diagnosis = diagnose(data)
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.SKILL_MIX
    assert finding.where == {"employer": "T1", "modality": "CT", "year": 2030}
    assert finding.amount == pytest.approx(10, abs=HOURS)
    assert "beyond the skill mix (at most 1 of the 2 staff per scanner: 10 of the 20 hours)" in (
        finding.message
    )
    assert "its other staff who scan CT (none in post, no hires, no agency)" in finding.message
    in_words_only(diagnosis)


# --------------------------------------------------------------------------- (b) reporting


@pytest.mark.parametrize(("consultant_wte", "short"), [(0.0, 10.0), (0.5, 5.0)])
def test_reports_neither_made_nor_outsourced(consultant_wte: float, short: float) -> None:
    """At most 0 reports outsourced in 2030. With no reporter all 10 exams go unreported; with
    half a consultant in post (10 clinical hours a WTE, one-hour reports, no hires) 5 are
    reported in house: 5 short."""
    roles = [role()]
    in_post = [{"employer": "T1", "role": "rad", "wte": 1}]
    if consultant_wte:
        roles.append(
            role(
                "cons",
                tier="consultant_radiologist",
                scans=[],
                reports=["ct"],
                max_hires_per_year=0,
            )
        )
        in_post.append({"employer": "T1", "role": "cons", "wte": consultant_wte})
    data = no_outsourced_scanning(
        staff_roles=roles,
        staff_in_post=in_post,
        report_outsourcing_limits=[{"year": 2030, "max_reports": 0}],
    )
    diagnosis = diagnose(data)
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.REPORTING
    assert finding.where == {"employer": "T1", "exam_type": "ct", "year": 2030}
    assert finding.amount == pytest.approx(short, abs=HOURS)
    assert finding.unit == "reports"
    assert "at most 0 reports of all exam types may be outsourced in 2030" in finding.message
    if consultant_wte:
        assert "its reporters (cons: 0.5 WTE in post" in finding.message
        assert "make 5;" in finding.message
    else:
        assert "no staff role reports ct" in finding.message
    assert any("report outsourcing limit" in line for line in diagnosis.conflict_words)
    in_words_only(diagnosis)


# --------------------------------------------------------------------------- (c) revenue


def test_a_revenue_budget_below_the_salaries_of_the_staff_in_post() -> None:
    """2 WTE in post at a salary of 50 cost 100 in 2030 (nobody is made redundant); the
    revenue budget is 60: 40 short, all of it staff."""
    data = no_outsourced_scanning(
        staff_roles=[role(salary=50)],
        staff_in_post=[{"employer": "T1", "role": "rad", "wte": 2}],
        revenue_budgets=[{"trust": "T1", "year": 2030, "revenue_budget": 60}],
    )
    diagnosis = diagnose(data)
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.REVENUE
    assert finding.where == {"trust": "T1", "year": 2030}
    assert finding.amount == pytest.approx(40)
    assert finding.message == (
        "Trust Kent Trust (T1) is GBP 40 short of revenue in 2030: the plan's running costs are "
        "GBP 100 against GBP 60 budgeted: GBP 100 for staff (GBP 100 of it the salaries of the "
        "staff in post, who leave only by attrition)."
    )
    assert "the revenue budget of Kent Trust (T1) in 2030 (running costs, staff included)" in (
        diagnosis.conflict_words
    )
    in_words_only(diagnosis)


# --------------------------------------------------------------------------- feasible


def test_a_feasible_instance_is_not_called_infeasible() -> None:
    """The scanner's staff can be hired: a plan exists (150, ``test_families.py``) and the
    diagnosis proves it, with no findings and no IIS search."""
    data = tiny_joint(staff_roles=[role(salary=50)])
    assert solve(data).objective == pytest.approx(150)
    diagnosis = diagnose_joint(Instance.model_validate(data), EXACT)
    assert diagnosis.verdict is Verdict.FEASIBLE and diagnosis.feasible
    assert diagnosis.findings == [] and diagnosis.conflict == []
    assert diagnosis.to_dict()["feasible"] is True
    assert "feasible" in diagnosis.render()


def test_a_given_capital_plan_is_diagnosed_as_it_is() -> None:
    """With the capital decisions of a plan (keep the existing CT) fixed, the diagnosis is that
    of test (a): 3 hours short."""
    staff = role(max_hires_per_year=0, agency_hour_cost=8, max_agency_hours_per_year=2)
    data = no_outsourced_scanning(
        staff_roles=[staff], staff_in_post=[{"employer": "T1", "role": "rad", "wte": 0.5}]
    )
    plentiful = no_outsourced_scanning()  # hires without a cap: a plan exists
    capital = solve(plentiful)
    assert capital.purchases.empty
    diagnosis = diagnose_joint(Instance.model_validate(data), EXACT, capital_plan=capital)
    [finding] = diagnosis.findings
    assert finding.amount == pytest.approx(3, abs=HOURS)


# --------------------------------------------------------------------------- the elastic model


def test_the_elastic_model_has_a_shortfall_for_each_family_that_can_fail() -> None:
    """The strict model has no shortfall variables; the elastic one has staff hours and reports
    short for every (employer, modality or exam type, year), assistant hours over where
    assistants scan, the capital model's revenue overrun, and the two objectives."""
    data = no_outsourced_scanning(
        revenue_budgets=[{"trust": "T1", "year": 2030, "revenue_budget": 60}]
    )
    instance = Instance.model_validate(data)
    strict = build_joint_model(build_joint_data(instance))
    assert len(strict.unstaffed_hours) == len(strict.unreported) == 0
    assert not hasattr(strict, "shortfall_plan_cost") and strict.joint_cost.active
    elastic = build_joint_model(build_joint_data(instance, JointShortfall()))
    assert list(elastic.unstaffed_hours) == [("T1", "CT", 2030)]
    assert list(elastic.unreported) == [("T1", "ct", 2030)]
    assert len(elastic.assistant_hours_over) == 0
    assert list(elastic.revenue_overrun) == [("T1", 2030)]
    assert not hasattr(elastic, "joint_cost") and not elastic.least_shortfall.active


def test_an_iis_not_found_in_time_is_said() -> None:
    """When HiGHS finds no IIS in the time it was given, the diagnosis says so, with that
    time, instead of listing nothing."""
    diagnosis = Diagnosis(
        Verdict.INFEASIBLE,
        [],
        [],
        no_time_report(SolveOptions(), "solving"),
        1.0,
        conflict_outcome=ConflictOutcome.NOT_FOUND,
        conflict_seconds=12.0,
    )
    assert "found no set of rules in conflict within the 12 s" in diagnosis.render()
    assert diagnosis.to_dict()["conflict_search"] == {"outcome": "not_found", "seconds": 12.0}
