"""The independent joint verifier against real HiGHS plans: solved joint plans verify; tampered
folders fail with the right constraint family, at the right place, in a planner's words.

The main instance is ``tests.verify.joint_networks.rich_joint`` (the two-trust capital network
with a network CDC, staffed: in-house cost half staff pay, trainees, hires, passports between
employers, reports outsourced up to a limit); its variants need a passport to report for
another employer, or allow no passports at all. ``agency`` is the tiny instance of
``tests/joint`` whose plan buys agency hours. Plans are solved once per module (exact gap) and
written with :func:`netopt.write_plan`; each tampering test works on its own copy of the
folder and changes tables in their CSV file and ``plan.xlsx`` alike (``tests.verify.tamper``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import netopt
from netopt.cli import app
from netopt.io.files import save_instance
from netopt.schema import Instance
from netopt.verify import (
    JointVerificationReport,
    VerificationReport,
    summary_model,
    verify_capital,
    verify_joint,
)
from netopt.verify.words import num
from tests.capital.builders import EXACT
from tests.joint.builders import role, tiny_joint
from tests.joint.networks import staffed_cdc
from tests.verify.joint_networks import staffed
from tests.verify.tamper import (
    change_cell,
    edit_summary,
    read_summary,
    read_table,
    set_cell,
    set_workbook_cell,
    write_table,
)

PLANNING = {"in_house_cost_staff_share": 0.5}
INSTANCES: dict[str, Callable[[], dict[str, Any]]] = {
    "rich": staffed,
    "remote_passports": lambda: staffed(
        staff_planning={**PLANNING, "remote_reporting_passport": "required"}
    ),
    "no_passports": lambda: staffed(staff_planning={**PLANNING, "cross_employer_passports": False}),
    "staffed_cdc": lambda: staffed_cdc().model_dump(mode="json", exclude_unset=True),
    "agency": lambda: tiny_joint(
        staff_roles=[role(salary=50, max_hires_per_year=0.5, agency_hour_cost=8)]
    ),
}
"""Name -> the instance's data."""


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Instance, Path]]:
    """Each instance solved exactly and written to a result folder; ``sequential``: the
    agency instance's joint plan written with its comparison with the sequential plan."""
    out = {}
    for name, make in INSTANCES.items():
        instance = Instance.model_validate(make())
        plan = netopt.solve_joint(instance, EXACT)
        assert plan.status is netopt.SolveStatus.OPTIMAL, (name, plan.status)
        folder = tmp_path_factory.mktemp(name) / "plan"
        out[name] = (instance, netopt.write_plan(plan, instance, folder))
    instance = out["agency"][0]
    plan, _, table = netopt.solve_joint_and_sequential(instance, EXACT)
    folder = tmp_path_factory.mktemp("sequential") / "plan"
    written = netopt.write_plan(plan, instance, folder, extra_tables={"sequential": table})
    out["sequential"] = (instance, written)
    return out


def copy_of(solved: dict[str, tuple[Instance, Path]], name: str, tmp_path: Path) -> Path:
    folder = tmp_path / name
    shutil.copytree(solved[name][1], folder)
    return folder


def found(report: VerificationReport, family: str, message: str = "", **where: Any) -> bool:
    """Whether the report has a violation of ``family`` whose ``where`` holds ``where`` and
    whose message holds ``message``."""
    return any(
        v.constraint == family
        and all(v.where.get(k) == x for k, x in where.items())
        and message in v.message
        for v in report.violations
    )


def row_of(folder: Path, table: str, **key: Any) -> int:
    """The data row (from 0) of ``table`` with these cells."""
    frame = read_table(folder, table)
    match = frame.index[
        frame[list(key)].apply(lambda r: all(r[k] == str(v) for k, v in key.items()), axis=1)
    ]
    assert len(match) == 1, (table, key, list(match))
    return int(match[0])


def cell(folder: Path, table: str, row: int, column: str) -> float:
    return float(read_table(folder, table).loc[row, column])


# --------------------------------------------------------------------------- clean plans


@pytest.mark.parametrize("name", [*INSTANCES, "sequential"])
def test_solved_joint_plans_verify(solved: dict[str, tuple[Instance, Path]], name: str) -> None:
    instance, folder = solved[name]
    assert summary_model(folder) == "joint"
    report = netopt.verify(instance, folder)
    assert isinstance(report, JointVerificationReport)
    assert report.ok, report.render()
    assert report.objective_reported == pytest.approx(report.objective_recomputed, rel=1e-6)
    assert set(report.components) >= {"capital", "in_house_scanning", "salaries", "agency"}
    assert "Joint plan verification: OK" in report.render()


def test_the_rich_plan_uses_the_families_it_is_meant_to(
    solved: dict[str, tuple[Instance, Path]],
) -> None:
    """The rich plan trains, hires, grants passports and outsources reports up to its limit,
    so the checks of those families are checked on something; the agency plan buys agency
    hours; with passports needed to report remotely, some are held for reporting."""
    folder = solved["rich"][1]
    assert len(read_table(folder, "training")) > 0
    assert read_table(folder, "staffing")["hires"].astype(float).sum() > 0
    assert len(read_table(folder, "staff_passports")) > 0
    outsourced = read_table(folder, "reports")["reports_outsourced"].astype(float)
    assert outsourced.sum() > 0
    agency = read_table(solved["agency"][1], "staffing")["agency_hours"].astype(float)
    assert agency.sum() > 0
    remote = read_table(solved["remote_passports"][1], "staff_passports")
    assert remote["reports"].astype(float).sum() > 0
    assert read_table(solved["no_passports"][1], "staff_passports").empty


def test_the_in_house_cost_is_counted_less_its_staff_share(
    solved: dict[str, tuple[Instance, Path]],
) -> None:
    """Half the in-house cost is staff pay: the joint verifier counts the other half, which is
    what costs.csv holds."""
    instance, folder = solved["rich"]
    report = verify_joint(instance, folder)
    flows = read_table(folder, "flows")
    cost = {e.id: e.in_house_cost for e in instance.exam_types}
    rate = instance.network.discount_rate
    full = sum(
        float(f.exams) * cost[f.exam_type] * (1 + rate) ** -(int(f.year) - 2025)
        for f in flows.itertuples()
    )
    assert report.components["in_house_scanning"] == pytest.approx(0.5 * full)


def test_the_capital_verifier_does_not_take_a_joint_plan(
    solved: dict[str, tuple[Instance, Path]],
) -> None:
    report = verify_capital(*solved["rich"])
    assert found(report, "tables", "not of a capital plan", field="model")


def test_netopt_solve_joint_then_verify(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The commands end to end: ``netopt solve joint --compare-sequential`` writes a folder
    that ``netopt verify`` passes (exit 0), sequential.csv included."""
    instance, _ = solved["agency"]
    path = tmp_path / "instance.yaml"
    save_instance(instance, path)
    out = tmp_path / "plan"
    runner = CliRunner()
    solve = ["solve", "joint", str(path), "--out", str(out), "--compare-sequential"]
    result = runner.invoke(app, [*solve, "--mip-gap", "0", "--no-report"])
    assert result.exit_code == 0, result.output
    assert (out / "sequential.csv").is_file()
    result = runner.invoke(app, ["verify", str(path), str(out)])
    assert result.exit_code == 0, result.output
    assert "Joint plan verification: OK" in result.output


# --------------------------------------------------------------------------- headcount


def test_changed_wte_breaks_the_headcount_balance(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staffing", employer="B", role="ct-rad", year=2027)
    wte = cell(folder, "staffing", row, "wte") + 0.5
    set_cell(folder, "staffing", row, "wte", repr(wte))
    report = verify_joint(instance, folder)
    message = f"B has {num(wte)} WTE of ct-rad in 2027 (staffing.csv line {row + 2})"
    assert found(report, "headcount_balance", message, employer="B", year=2027), report.render()
    assert found(report, "headcount_balance", employer="B", role="ct-rad", year=2028)
    assert found(report, "objective", "salaries", component="salaries")
    line = row + 2
    assert found(report, "tables", file="staffing.csv", line=line, column="clinical_hours")


def test_a_missing_staffing_row_is_found(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    frame = read_table(folder, "staffing")
    row = row_of(folder, "staffing", employer="A", role="cons", year=2026)
    write_table(folder, "staffing", frame.drop(index=row))
    report = verify_joint(instance, folder)
    assert found(
        report, "headcount_balance", "no row in staffing.csv", employer="A", role="cons"
    ), report.render()


def test_hires_beyond_the_limit_and_before_the_lead_time(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The consultant takes a year to recruit and at most 1 WTE a year: hiring one into post
    in 2025 (decided in 2024) and two in 2026 are both found."""
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staffing", employer="B", role="cons", year=2025)
    change_cell(folder, "staffing", row, "hires", lambda x: x + 1)
    row = row_of(folder, "staffing", employer="B", role="cons", year=2026)
    change_cell(folder, "staffing", row, "hires", lambda x: x + 2)
    report = verify_joint(instance, folder)
    assert found(
        report, "recruitment_limit", "before the first plan year 2025", employer="B", year=2025
    ), report.render()
    assert found(report, "recruitment_limit", "max_hires_per_year", employer="B", year=2026)
    assert found(report, "headcount_balance", employer="B", role="cons", year=2025)
    assert found(report, "objective", component="recruitment")


# --------------------------------------------------------------------------- training


def test_trainees_beyond_the_places_and_the_staff(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """Two places a year, and trainees come from A's 3 WTE of radiographers in 2025: five
    trainees are beyond both, and the reporting radiographers of 2026 no longer add up."""
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "training", employer="A", pathway="reporting", year=2025)
    set_cell(folder, "training", row, "trainees", "5")
    report = verify_joint(instance, folder)
    assert found(report, "training_places", "above its 2 place(s)", employer="A", year=2025)
    assert found(report, "training_intake", "trainees come from the staff", year=2025)
    assert found(report, "headcount_balance", employer="A", role="rr", year=2026)
    assert found(report, "objective", component="training")
    assert found(report, "tables", file="staffing.csv", column="trainees_started")


def test_training_that_ends_after_the_plan(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "training", employer="A", pathway="reporting", year=2026)
    set_cell(folder, "training", row, "year", "2028")
    set_cell(folder, "training", row, "completing_year", "2029")
    report = verify_joint(instance, folder)
    assert found(
        report, "training_places", "after the last plan year 2028", employer="A", year=2028
    ), report.render()


# --------------------------------------------------------------------------- hours


def test_fewer_agency_hours_break_the_clinical_hours(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The agency plan hires 0.5 WTE (5 hours) and buys 5 agency hours for 10 scanner hours:
    with 2 agency hours its radiographers work 10 hours in 7."""
    instance, _ = solved["agency"]
    folder = copy_of(solved, "agency", tmp_path)
    set_cell(folder, "staffing", 0, "agency_hours", "2.0")
    report = verify_joint(instance, folder)
    assert found(
        report, "clinical_hours", "work 10 h in 2030", employer="T1", role="rad", year=2030
    ), report.render()
    assert found(report, "objective", "GBP 24 less than written", component="agency")
    assert found(report, "tables", file="scanner_staffing.csv", column="agency_share")


def test_agency_hours_where_there_are_none(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The consultant has agency staff, the assistant practitioner none."""
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staffing", employer="A", role="ap", year=2025)
    set_cell(folder, "staffing", row, "agency_hours", "10.0")
    report = verify_joint(instance, folder)
    assert found(report, "clinical_hours", "no agency_hour_cost", employer="A", role="ap")


def test_scanning_hours_must_be_the_hours_staffed(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staffing", employer="B", role="ct-rad", year=2028)
    change_cell(folder, "staffing", row, "scanning_hours", lambda x: x - 100)
    report = verify_joint(instance, folder)
    assert found(report, "tables", "staffing.csv gives B's staff", employer="B", year=2028), (
        report.render()
    )


# --------------------------------------------------------------------------- scanners


def test_a_consultant_does_not_scan(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staffing", employer="A", role="cons", year=2025)
    set_cell(folder, "staffing", row, "scanning_hours", "10.0")
    report = verify_joint(instance, folder)
    message = f"staffing.csv line {row + 2}: A's cons staff scan 10 h in 2025, but cons scans no"
    assert found(report, "scanner_staffing", message, role="cons"), report.render()
    assert found(report, "clinical_hours", employer="A", role="cons", year=2025)


def test_scanners_short_of_staff(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "scanner_staffing", employer="A", modality="CT", year=2025)
    change_cell(folder, "scanner_staffing", row, "own_staff_hours", lambda x: x - 500)
    report = verify_joint(instance, folder)
    assert found(
        report, "scanner_staffing", "need 2 staff each", employer="A", modality="CT", year=2025
    ), report.render()


def test_too_many_assistants(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "scanner_staffing", employer="A", modality="CT", year=2027)
    hours = cell(folder, "scanner_staffing", row, "scanner_hours")
    set_cell(folder, "scanner_staffing", row, "assistant_hours", repr(hours + 100))
    report = verify_joint(instance, folder)
    assert found(report, "skill_mix", "max_assistants_per_scanner", employer="A", year=2027)


def test_scanner_hours_are_re_derived_from_the_flows(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """A flow's exams changed: the capital checks find it, and so do the staffing checks, as
    the scanners now run longer than they are staffed and more exams are scanned than
    reported."""
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "flows", origin="SB", site="SB", exam_type="ct-gen", year=2026)
    change_cell(folder, "flows", row, "exams", lambda x: x + 500)
    report = verify_joint(instance, folder)
    assert found(report, "scanner_staffing", employer="B", modality="CT", year=2026)
    assert found(report, "exam_reporting", employer="B", exam_type="ct-gen", year=2026)
    assert found(report, "tables", file="scanner_staffing.csv", column="scanner_hours")


# --------------------------------------------------------------------------- reports


def test_a_changed_report_outsourced(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    frame = read_table(folder, "reports")
    row = int(frame.index[frame["reports_outsourced"].astype(float) > 0][0])
    key = frame.loc[row]
    change_cell(folder, "reports", row, "reports_outsourced", lambda x: x + 10)
    report = verify_joint(instance, folder)
    assert found(
        report,
        "exam_reporting",
        "reported:",
        employer=key["employer"],
        exam_type=key["exam_type"],
        year=int(key["year"]),
    ), report.render()
    assert found(report, "objective", component="report_outsourcing")
    assert found(report, "tables", file="summary.json", field="workforce.reports_outsourced")


def test_reports_outsourced_beyond_the_limit(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """At most 2,000 reports may be outsourced in 2025 (the plan outsources them all) and none
    in 2027: moving 100 reports made by other employers' staff to outsourcing breaks both
    limits (and the staff's reports no longer add up)."""
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    frame = read_table(folder, "reports")
    for year in (2025, 2027):
        rows = frame[frame["year"] == str(year)]
        row = int(rows.index[rows["reported_by_other_employers"].astype(float) > 100][0])
        change_cell(folder, "reports", row, "reported_by_other_employers", lambda x: x - 100)
        change_cell(folder, "reports", row, "reports_outsourced", lambda x: x + 100)
    report = verify_joint(instance, folder)
    message = "2,100 reports are outsourced in 2025 (reports.csv lines"
    assert found(report, "report_outsourcing_limit", message, limit=1, year=2025), report.render()
    message = "100 reports are outsourced in 2027"
    assert found(report, "report_outsourcing_limit", message, limit=2, year=2027)
    assert found(report, "tables", "reports.csv has", year=2025)


def test_reports_nobody_makes(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staffing", employer="A", role="cons", year=2027)
    change_cell(folder, "staffing", row, "reports", lambda x: x - 5000)
    report = verify_joint(instance, folder)
    assert found(report, "tables", "staffing.csv gives the staff", year=2027), report.render()
    message = "reports take"
    assert found(
        report, "tables", message, file="staffing.csv", line=row + 2, column="reporting_hours"
    )


# --------------------------------------------------------------------------- passports


def test_a_passport_dropped_in_a_later_year(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staff_passports", employer="B", role="ct-rad", works_for="A", year=2027)
    change_cell(folder, "staff_passports", row, "wte_holding", lambda x: x / 2)
    report = verify_joint(instance, folder)
    assert found(
        report, "passport_holders", "once granted is held", employer="B", works_for="A", year=2027
    ), report.render()
    assert found(report, "passport_cover", employer="B", works_for="A", year=2027)


def test_scanning_for_another_employer_without_a_passport(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    frame = read_table(folder, "staff_passports")
    keep = ~((frame["employer"] == "B") & (frame["works_for"] == "A"))
    write_table(folder, "staff_passports", frame[keep])
    report = verify_joint(instance, folder)
    assert found(report, "passport_cover", "needs a passport", employer="A", year=2026), (
        report.render()
    )
    assert found(report, "objective", component="passport_onboarding")


def test_reporting_for_another_employer_needs_a_passport_when_required(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["remote_passports"]
    folder = copy_of(solved, "remote_passports", tmp_path)
    frame = read_table(folder, "staff_passports")
    reporting = frame["reports"].astype(float) > 0
    works_for = frame.loc[reporting, "works_for"].iloc[0]
    write_table(folder, "staff_passports", frame[~reporting])
    report = verify_joint(instance, folder)
    assert found(
        report,
        "passport_cover",
        "reporting for another employer needs a passport",
        employer=works_for,
    ), report.render()


def test_no_passports_across_employers(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """A plan of the rich instance checked against the same instance allowing no passports:
    each passport it holds is one too many."""
    _, folder = solved["rich"]
    instance = Instance.model_validate(
        staffed(staff_planning={**PLANNING, "cross_employer_passports": False})
    )
    report = verify_joint(instance, folder)
    assert found(report, "passport_cover", "cross_employer_passports", employer="B")
    assert found(report, "instance")


# --------------------------------------------------------------------------- revenue budget


def test_staff_costs_that_break_a_revenue_budget(
    solved: dict[str, tuple[Instance, Path]],
) -> None:
    """The agency plan pays T1's staff 65 in 2030 (0.5 WTE hired at a salary of 50: 25, and 5
    agency hours at 8: 40), with no other running costs: checked against a revenue budget of
    60, the staff break it; of 65 they fit."""
    _, folder = solved["agency"]

    def budgeted(amount: float) -> Instance:
        data = INSTANCES["agency"]()
        data["trusts"][0]["revenue_budget"] = amount
        return Instance.model_validate(data)

    report = verify_joint(budgeted(60), folder)
    assert found(report, "revenue_budget", "staff GBP 65", trust="T1", year=2030), report.render()
    assert found(report, "tables", "no budget or headroom", file="revenue.csv")
    assert not found(verify_joint(budgeted(65), folder), "revenue_budget")


def test_staff_left_out_of_the_revenue_table(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """``revenue.csv`` with the staff's 65 taken out of ``staff`` and ``spend`` (a plan that
    would fit a revenue budget of 0): both cells are re-derived from the workforce tables."""
    instance, _ = solved["agency"]
    folder = copy_of(solved, "agency", tmp_path)
    assert cell(folder, "revenue", 0, "staff") == pytest.approx(65)
    set_cell(folder, "revenue", 0, "staff", "0.0")
    change_cell(folder, "revenue", 0, "spend", lambda x: x - 65)
    report = verify_joint(instance, folder)
    assert found(report, "tables", "is 65", file="revenue.csv", column="staff"), report.render()
    assert found(report, "tables", file="revenue.csv", column="spend")


def test_a_network_employers_staff_are_split_by_capital_share(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The rich plan's network CDC employs staff, paid by trusts A and B by capital share: a
    trust's ``staff`` cell changed by 1000 is found."""
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    assert any(row.startswith("network,") for row in _staffing_lines(folder))
    row = row_of(folder, "revenue", trust="B", year=2026)
    change_cell(folder, "revenue", row, "staff", lambda x: x + 1000)
    report = verify_joint(instance, folder)
    assert found(report, "tables", file="revenue.csv", column="staff"), report.render()


def _staffing_lines(folder: Path) -> list[str]:
    return (folder / "staffing.csv").read_text(encoding="utf-8").splitlines()[1:]


# --------------------------------------------------------------------------- objective


def test_a_changed_cost_in_the_summary(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)

    def more(data: dict[str, Any]) -> None:
        data["costs"]["salaries"] += 1000

    edit_summary(folder, more)
    report = verify_joint(instance, folder)
    assert found(
        report,
        "objective",
        "summary.json costs give salaries as",
        file="summary.json",
        field="costs.salaries",
    ), report.render()
    assert len(report.violations) == 1, report.render()


def test_a_changed_staff_cost_row_and_objective(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    row = row_of(folder, "staff_costs", component="training")
    change_cell(folder, "staff_costs", row, "npv", lambda x: x + 500)

    def more(data: dict[str, Any]) -> None:
        data["objective"] += 500

    edit_summary(folder, more)
    report = verify_joint(instance, folder)
    assert found(report, "objective", "staff_costs.csv gives training", component="training")
    assert found(report, "objective", "a joint cost", file="summary.json", field="objective")


def test_a_changed_workforce_figure(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)

    def more(data: dict[str, Any]) -> None:
        data["workforce"]["trainees"] += 1

    edit_summary(folder, more)
    report = verify_joint(instance, folder)
    assert found(report, "tables", "trainees", file="summary.json", field="workforce.trainees")
    assert len(report.violations) == 1, report.render()


# --------------------------------------------------------------------------- files


def test_unknown_ids_and_missing_tables(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    set_cell(folder, "staffing", 0, "role", "surgeon")
    (folder / "training.csv").unlink()
    report = verify_joint(instance, folder)
    assert found(report, "tables", "unknown staff role 'surgeon'", file="staffing.csv", line=2)
    assert found(report, "tables", "training.csv is missing", file="training.csv")


def test_a_staffing_sheet_changed_alone(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = copy_of(solved, "rich", tmp_path)
    set_workbook_cell(folder, "staffing", "E2", 99)
    report = verify_joint(instance, folder)
    assert found(report, "workbook", file="plan.xlsx", sheet="staffing"), report.render()


# --------------------------------------------------------------------------- no plan, and a known gap


def test_a_joint_plan_that_does_not_exist(tmp_path: Path) -> None:
    """No CT exam may be outsourced or its report outsourced, and no one reports: there is no
    plan, and the folder says so."""
    data = tiny_joint(
        outsourcing_limits=[{"exam_type": "ct", "year": 2030, "max_exams": 0}],
        report_outsourcing_limits=[{"year": 2030, "max_reports": 0}],
    )
    instance = Instance.model_validate(data)
    plan = netopt.solve_joint(instance, EXACT)
    assert not plan.status.has_plan
    folder = netopt.write_plan(plan, instance, tmp_path / "plan")
    report = netopt.verify(instance, folder)
    assert isinstance(report, JointVerificationReport)
    assert not report.ok and report.violations == [], report.render()
    assert report.render().startswith("Joint plan verification: NO PLAN")


def test_wte_of_the_first_plan_year_with_no_staff_yet(tmp_path: Path) -> None:
    """No one in post and recruiting takes a year: nobody works in 2030, so the first plan
    year's WTE is 0, whatever is hired for 2031."""
    data = tiny_joint(
        network={"name": "t", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0},
        demand=[{"site": "A", "exam_type": "ct", "year": y, "exams": 10} for y in (2030, 2031)],
        staff_roles=[role(salary=50, hire_lead_years=1)],
    )
    instance = Instance.model_validate(data)
    plan = netopt.solve_joint(instance, EXACT)
    folder = netopt.write_plan(plan, instance, tmp_path / "plan")
    report = netopt.verify(instance, folder)
    assert report.ok, report.render()


# --------------------------------------------------------------------------- the sequential plan


def test_the_comparison_with_the_sequential_plan(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """sequential.csv's joint column is this folder's plan, its difference joint - sequential:
    a changed joint cost and a changed difference are both found where they are."""
    instance, _ = solved["sequential"]
    folder = copy_of(solved, "sequential", tmp_path)
    assert "sequential.csv" in read_summary(folder)["result_files"]
    row = row_of(folder, "sequential", measure="joint_cost")
    change_cell(folder, "sequential", row, "joint", lambda x: x - 10)
    other = row_of(folder, "sequential", measure="hires")
    change_cell(folder, "sequential", other, "difference", lambda x: x + 1)
    report = verify_joint(instance, folder)
    assert found(
        report, "tables", "this folder's plan", file="sequential.csv", line=row + 2, column="joint"
    ), report.render()
    assert found(report, "tables", file="sequential.csv", line=other + 2, column="difference")
    assert len(report.violations) == 3, report.render()


def test_agency_hours_beyond_the_cap(solved: dict[str, tuple[Instance, Path]]) -> None:
    """The agency plan buys 5 agency hours; checked against the same instance where one
    employer can buy at most 2 a year, it buys too many (and was solved for another
    instance)."""
    _, folder = solved["agency"]
    data = INSTANCES["agency"]()
    data["staff_roles"][0]["max_agency_hours_per_year"] = 2
    report = verify_joint(Instance.model_validate(data), folder)
    assert found(report, "clinical_hours", "max_agency_hours_per_year", employer="T1", year=2030)
    assert found(report, "instance")
