"""A workforce plan rostered from a capital or joint plan's year is verified against the week it
was solved for (``week.yaml``), once that week is shown to be the instance but for what
rostering changes, and those changes what the plan's folder says
(:mod:`netopt.verify.workforce.week`).

The capital plan's folder is written by hand (``tests.workforce.test_from_capital``): site A
runs one CT scanner and scans 10 ct exams in 2030, so the week has A's scanner in both Monday
sessions (the instance has no scanner sessions) and 10 exams a week to report. Tampering with
the week as a careful person would (``week.yaml`` rewritten and its hash in ``summary.json``
with it, :func:`edit_week`) must still be caught by what the week is checked against.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import netopt
from netopt.io import instance_hash, load_instance
from netopt.io.yaml_format import dump_yaml
from netopt.schema import Instance
from netopt.verify import VerificationReport, Violation
from tests.verify.tamper import edit_summary, read_summary
from tests.workforce.builders import EXACT, staff
from tests.workforce.test_from_capital import (
    capital_and_workforce,
    capital_folder,
    joint_folder,
    joint_week,
)

YEAR = 2030


def edit_week(folder: Path, change: Callable[[dict[str, Any]], None], rehash: bool = True) -> None:
    """Rewrite ``week.yaml`` with ``change`` made to its content; with ``rehash``, also its hash
    in ``summary.json`` (and the workbook's summary sheet), so only the checks of the week's
    content can catch it."""
    data = load_instance(folder / "week.yaml").model_dump(mode="json")
    change(data)
    week = Instance.model_validate(data)
    (folder / "week.yaml").write_text(dump_yaml(week), encoding="utf-8")
    if rehash:
        edit_summary(folder, lambda s: s["capital_plan"].update(week_sha256=instance_hash(week)))


def week_violations(report: VerificationReport) -> list[Violation]:
    return [v for v in report.violations if v.constraint == "week"]


@pytest.fixture(scope="module")
def rostered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path, Path]:
    """The instance, the capital plan's folder and the result folder of its 2030 week."""
    root = tmp_path_factory.mktemp("rostered")
    instance = Instance.model_validate(capital_and_workforce())
    plan_folder = capital_folder(
        root / "capital", ["A,CT,CT,2030,existing,2020,10,1,100.0"], ["A,A,ct,CT,2030,10.0,3.3,0,0"]
    )
    week = netopt.capital_plan_week(instance, plan_folder, YEAR)
    plan = netopt.solve_workforce(week, EXACT)
    assert plan.week is week
    # 4 staff places for 2 radiographers; 10 reports, 4 in house, 6 outsourced at 100
    assert plan.objective == pytest.approx(600.0)
    return instance, plan_folder, netopt.write_plan(plan, instance, root / "week", report=False)


def copy_of(rostered: tuple[Instance, Path, Path], tmp_path: Path) -> Path:
    folder = tmp_path / "week"
    shutil.copytree(rostered[2], folder)
    return folder


def test_the_folder_holds_the_week_and_where_it_came_from(
    rostered: tuple[Instance, Path, Path],
) -> None:
    instance, plan_folder, folder = rostered
    week = load_instance(folder / "week.yaml")
    summary = read_summary(folder)
    assert summary["capital_plan"] == {
        "folder": str(plan_folder),
        "model": "capital",
        "year": YEAR,
        "week_file": "week.yaml",
        "week_sha256": instance_hash(week),
    }
    assert "week.yaml" in summary["result_files"]
    assert summary["instance_sha256"] == instance_hash(instance)  # the instance as written
    assert instance.scanner_sessions == []
    assert [(s.site, s.day.value, s.session, s.scanners) for s in week.scanner_sessions] == [
        ("A", "mon", "am", 1),
        ("A", "mon", "pm", 1),
    ]
    assert (
        (folder / "week.yaml")
        .read_text()
        .startswith(f'# The week netopt solved: 2030 of the capital plan in "{plan_folder}"')
    )


def test_the_week_verifies_against_the_instance_and_the_plans_folder(
    rostered: tuple[Instance, Path, Path],
) -> None:
    """Verified against the instance as written, the plan holds: it is checked against the week
    (which it did not before: scanner_staffing and exam_reporting failed on a week the instance
    does not have)."""
    instance, _, folder = rostered
    report = netopt.verify(instance, folder)
    assert report.ok, report.render()
    assert report.objective_recomputed == pytest.approx(600.0)
    assert report.checked_against is not None
    assert report.checked_against.endswith(
        "(itself checked against the instance and the plan's folder)"
    )
    assert "Checked against: week.yaml, the week of 2030 of the capital plan" in report.render()


def test_without_the_plans_folder_the_week_is_checked_against_the_instance_alone(
    rostered: tuple[Instance, Path, Path], tmp_path: Path
) -> None:
    instance, _, _ = rostered
    folder = copy_of(rostered, tmp_path)
    edit_summary(folder, lambda s: s["capital_plan"].update(folder=str(tmp_path / "moved")))
    report = netopt.verify(instance, folder)
    assert report.ok, report.render()
    assert report.checked_against is not None
    assert (
        "the instance only: the plan's folder is not there, so the week's scanner sessions and "
        "reporting demand were not checked against the plan" in report.checked_against
    )


def set_staff_count(data: dict[str, Any]) -> None:
    data["staff"][0]["count"] = 3


def rename_site(data: dict[str, Any]) -> None:
    data["sites"][0]["name"] = "Elsewhere General"


def more_demand(data: dict[str, Any]) -> None:
    data["reporting_demand"][0]["exams_per_week"] = 12.5


def more_scanners(data: dict[str, Any]) -> None:
    for row in data["scanner_sessions"]:
        row["scanners"] = 2


def another_year(data: dict[str, Any]) -> None:
    data["workforce"]["year"] = 2031
    data["network"]["horizon_years"] = 2


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (set_staff_count, {"table": "staff", "id": "r"}, "week.yaml staff 'r': count is 3; the "
         "instance has 2"),
        (rename_site, {"table": "sites", "id": "A"}, "week.yaml sites 'A': name is \"Elsewhere "
         "General\"; the instance has \"\""),
        (more_demand, {"table": "reporting_demand", "site": "A", "exam_type": "ct"}, "week.yaml "
         "has 12.50 ct exams a week acquired at A; the plan's flows.csv makes it 10 (10 scanned "
         "there in 2030 / 1 weeks)"),
        (more_scanners, {"table": "scanner_sessions", "site": "A", "modality": "CT"}, "week.yaml "
         "runs 2 scanners in mon am, mon pm of CT at A; the plan's fleet.csv has 1 in service "
         "there in 2030, which makes it 1 scanner in mon am, mon pm"),
        (another_year, {"table": "workforce"}, "week.yaml is of the year 2031; summary.json says "
         "the week of 2030 was rostered"),
    ],
    ids=["staff_count", "site_name", "demand", "scanners", "year"],
)  # fmt: skip
def test_a_week_changed_consistently_is_caught(
    rostered: tuple[Instance, Path, Path],
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    where: dict[str, Any],
    message: str,
) -> None:
    instance, _, _ = rostered
    folder = copy_of(rostered, tmp_path)
    edit_week(folder, change)
    report = netopt.verify(instance, folder)
    assert not report.ok
    caught = [
        v
        for v in week_violations(report)
        if all(v.where.get(k) == value for k, value in where.items()) and message in v.message
    ]
    assert caught, report.render()
    assert caught[0].where["file"] == "week.yaml"


def test_a_week_edited_alone_is_not_the_one_solved(
    rostered: tuple[Instance, Path, Path], tmp_path: Path
) -> None:
    """Edited without its hash in ``summary.json``: the week is not the one solved, besides
    differing from the instance."""
    instance, _, _ = rostered
    folder = copy_of(rostered, tmp_path)
    edit_week(folder, set_staff_count, rehash=False)
    messages = [v.message for v in week_violations(netopt.verify(instance, folder))]
    assert messages[0].startswith(
        "week.yaml is not the week the plan was solved for (summary.json capital_plan.week_sha256 "
    )
    assert messages[0].endswith("it was changed after netopt wrote it")
    assert "week.yaml staff 'r': count is 3; the instance has 2" in messages


def test_the_week_of_another_instance_is_caught(
    rostered: tuple[Instance, Path, Path],
) -> None:
    """Verified against another instance (a site renamed there): the summary's instance hash
    and the week's sites both say so."""
    instance, _, folder = rostered
    data = instance.model_dump(mode="json")
    data["sites"][1]["name"] = "Other"
    report = netopt.verify(Instance.model_validate(data), folder)
    assert {v.constraint for v in report.violations} >= {"instance", "week"}
    assert 'week.yaml sites \'B\': name is ""; the instance has "Other"' in report.render()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda f: (f / "week.yaml").unlink(),
            "week.yaml is missing from the result folder: summary.json says the plan was solved "
            "for the week of 2030 of the capital plan in",
        ),
        (
            lambda f: (f / "week.yaml").write_text("network: {name: x\n"),
            "week.yaml is not a valid instance: week.yaml line 2",
        ),
        (
            lambda f: (f / "week.yaml").write_text("network: {name: x}\n"),
            "week.yaml is not a valid instance: week.yaml",
        ),
    ],
    ids=["missing", "not_yaml", "not_an_instance"],
)
def test_without_a_readable_week_the_plan_is_not_checked(
    rostered: tuple[Instance, Path, Path],
    tmp_path: Path,
    damage: Callable[[Path], None],
    message: str,
) -> None:
    """No week to check the plan against: one clear violation, and the plan's rules are not
    checked against the instance as written (which would only repeat that it is not the
    week)."""
    instance, _, _ = rostered
    folder = copy_of(rostered, tmp_path)
    damage(folder)
    report = netopt.verify(instance, folder)
    assert not report.ok
    assert report.unchecked is not None
    assert {v.constraint for v in report.violations} == {"week"}
    assert message in report.violations[0].message
    text = report.render()
    assert "The plan was not checked: the week it was solved for cannot be read" in text
    assert "Objective" not in text


def test_a_bad_capital_plan_field_of_the_summary_is_located(
    rostered: tuple[Instance, Path, Path], tmp_path: Path
) -> None:
    instance, _, _ = rostered
    folder = copy_of(rostered, tmp_path)
    edit_summary(folder, lambda s: s["capital_plan"].update(model="baseline", year="2030"))
    report = netopt.verify(instance, folder)
    fields = {v.where.get("field"): v.message for v in report.violations}
    assert fields["capital_plan.model"] == (
        "summary.json capital_plan.model is 'baseline', not capital or joint"
    )
    assert fields["capital_plan.year"] == 'summary.json capital_plan.year is "2030", not a number'


def test_an_ordinary_workforce_folder_is_checked_against_the_instance(tmp_path: Path) -> None:
    """Without ``capital_plan`` the folder is as before: no week, checked against the
    instance, and the report says nothing about a week."""
    instance = Instance.model_validate(capital_and_workforce())
    plan = netopt.solve_workforce(instance, EXACT)
    assert plan.week is None
    folder = netopt.write_plan(plan, instance, tmp_path / "plain", report=False)
    summary = read_summary(folder)
    assert "capital_plan" not in summary
    assert "week.yaml" not in summary["result_files"]
    assert not (folder / "week.yaml").exists()
    report = netopt.verify(instance, folder)
    assert report.ok, report.render()
    assert report.checked_against is None
    assert "Checked against" not in report.render()


# --------------------------------------------------------------------------- a joint plan's week


@pytest.fixture(scope="module")
def joint_rostered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    """The network's CDC C runs one CT scanner on Monday AM and PM in 2031 (2 staff each). The
    joint plan employs 1 WTE of radiographers at the network (none in 2030: a row
    ``network-rad-joint`` of 1 person) and buys 8 agency hours of them (``network-rad-agency``:
    2 sessions a week of one person at 75 x 4); T1's 2 radiographers ``r`` at A are scaled
    from 2 to 3 WTE: 3 people. Solved: GBP 600, the agency's two sessions."""
    root = tmp_path_factory.mktemp("joint")
    data = joint_week(
        staff=[staff("r", "A", "radiographer", count=2, scans=["CT"], role="rad")],
        staff_reporting=[],
    )
    instance = Instance.model_validate(data)
    plan_folder = joint_folder(
        root / "joint",
        ["C,CT,2031,1"],
        [],
        ["network,rad,2030,0,0", "network,rad,2031,1,8", "T1,rad,2030,2,0", "T1,rad,2031,3,0"],
    )
    week = netopt.capital_plan_week(instance, plan_folder, 2031)
    assert {p.id: p.count for p in week.instance.staff} == {
        "r": 3,
        "network-rad-joint": 1,
        "network-rad-agency": 1,
    }
    plan = netopt.solve_workforce(week, EXACT)
    assert plan.objective == pytest.approx(600.0)
    return instance, netopt.write_plan(plan, instance, root / "week", report=False)


def test_a_joint_plans_week_verifies(joint_rostered: tuple[Instance, Path]) -> None:
    instance, folder = joint_rostered
    assert read_summary(folder)["capital_plan"]["model"] == "joint"
    report = netopt.verify(instance, folder)
    assert report.ok, report.render()
    assert report.objective_recomputed == pytest.approx(600.0)


def _staff_row(staff_id: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        (row,) = [r for r in data["staff"] if r["id"] == staff_id]
        row.update(fields)

    return change


def _add_staff(data: dict[str, Any]) -> None:
    data["staff"].append(
        {"id": "extra", "home_site": "A", "tier": "radiographer", "sessions": 10, "role": "rad"}
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_staff_row("r", count=5), "week.yaml counts 5 people in staff row 'r'; the plan's "
         "staffing.csv makes it 3 (2 x 3 WTE of rad at T1 in 2031 / 2 in 2030)"),
        (_staff_row("r", sessions=9), "week.yaml staff 'r': sessions is 9; the instance has 10"),
        (_staff_row("network-rad-joint", count=4), "week.yaml staff row 'network-rad-joint' "
         "counts 4 people; the plan makes it 1 (1 WTE of rad at network in 2031)"),
        (_staff_row("network-rad-agency", max_extra_sessions=9), "week.yaml staff row "
         "'network-rad-agency' has max_extra_sessions 9; the plan makes it 2 (8 agency hours of "
         "rad at network in 2031: 2 sessions a week)"),
        (_staff_row("network-rad-joint", home_site="A"), "week.yaml staff row "
         "'network-rad-joint' is based at A, not a site of network"),
        (_add_staff, "week.yaml has the staff row 'extra', which is neither the instance's nor "
         "one the joint plan's 2031 workforce adds"),
    ],
    ids=["scaled", "job_plan", "joint_row", "agency_row", "home_site", "added"],
)  # fmt: skip
def test_a_joint_plans_week_changed_is_caught(
    joint_rostered: tuple[Instance, Path],
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    instance, original = joint_rostered
    folder = tmp_path / "week"
    shutil.copytree(original, folder)
    edit_week(folder, change)
    report = netopt.verify(instance, folder)
    assert not report.ok
    assert message in [v.message for v in week_violations(report)], report.render()


def test_a_joint_row_missing_from_the_week_is_caught(
    joint_rostered: tuple[Instance, Path], tmp_path: Path
) -> None:
    instance, original = joint_rostered
    folder = tmp_path / "week"
    shutil.copytree(original, folder)

    def drop(data: dict[str, Any]) -> None:
        data["staff"] = [r for r in data["staff"] if r["id"] != "network-rad-agency"]

    edit_week(folder, drop)
    messages = [v.message for v in week_violations(netopt.verify(instance, folder))]
    assert (
        "week.yaml lacks the staff row network-rad-agency the joint plan adds (8 agency hours of "
        "rad at network in 2031: 2 sessions a week)" in messages
    )


def test_the_report_says_where_the_week_came_from_and_keeps_it(
    rostered: tuple[Instance, Path, Path], tmp_path: Path
) -> None:
    """``netopt report`` rewrites the folder with the week in it (netopt's file), so the plan
    still verifies; the report's subtitle names the plan the week came from."""
    instance, plan_folder, _ = rostered
    folder = copy_of(rostered, tmp_path)
    page = netopt.write_report(folder).read_text(encoding="utf-8")
    assert f"A typical week of 2030 of the capital plan in {plan_folder} (week.yaml)" in page
    assert "report.html" in read_summary(folder)["result_files"]
    assert netopt.verify(instance, folder).ok


def test_a_week_with_no_roster_keeps_its_week(tmp_path: Path) -> None:
    """The CDC's sessions of a joint plan's week with no agency hours cannot be staffed: no
    plan, but the folder still holds the week (what the plan was sought for) and the verifier
    finds nothing wrong with the folder, only no plan."""
    instance = Instance.model_validate(
        joint_week(staff=[staff("r", "A", "radiographer", scans=["CT"], role="rad")])
        | {"staff_reporting": []}
    )
    plan_folder = joint_folder(
        tmp_path / "joint", ["C,CT,2031,1"], [], ["network,rad,2030,0,0", "network,rad,2031,1,0"]
    )
    plan = netopt.solve_workforce(netopt.capital_plan_week(instance, plan_folder, 2031), EXACT)
    assert plan.status is netopt.SolveStatus.INFEASIBLE
    folder = netopt.write_plan(plan, instance, tmp_path / "week")
    assert "week.yaml" in read_summary(folder)["result_files"]
    report = netopt.verify(instance, folder)
    assert not report.has_plan and report.violations == [], report.render()
    assert report.checked_against is not None and "the plan's folder)" in report.checked_against
