"""A corpus of tampered result folders: each is a real solved plan with one thing changed, and
the verifier must catch it with the right family at the right place (file, line, column,
field, sheet), never with a traceback.

The capital plan is the two-trust network with a CDC (``tests.verify.networks.with_cdc``: a
room built, a network site shared by two trusts, discounts, travel, outsourcing); the workforce
plan is ``tests.verify.workforce_networks.rich`` (every workforce family). Tables are changed in
their CSV file and in ``plan.xlsx`` alike (``tests.verify.tamper``) unless the case is about one
file alone.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import netopt
import netopt.api
from netopt.api import write_workforce_plan
from netopt.baselines import baseline_plans, comparison_frame
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance
from netopt.verify import VerificationReport, Violation, verify_capital, verify_workforce
from tests.baselines.test_policies import age_instance
from tests.verify.networks import with_cdc
from tests.verify.tamper import (
    change_cell,
    edit_summary,
    read_summary,
    read_table,
    set_cell,
    set_workbook_cell,
    write_summary,
    write_table,
)
from tests.verify.workforce_networks import rich
from tests.workforce.builders import EXACT

Tamper = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One tampered folder: what is done to it, and the violation it must give."""

    name: str
    tamper: Tamper
    family: str
    where: dict[str, Any] = field(default_factory=dict)
    """Keys the violation's ``where`` must hold (a subset)."""
    message: str = ""
    """Text the violation's message must hold."""
    instance: Callable[[Instance], Instance] | None = None
    """The instance to verify against instead of the one solved."""


def plus(x: float) -> Callable[[float], float]:
    return lambda value: value + x


def bump(value: float) -> float:
    """A clear change of a figure: 1% (at least 1), whole numbers staying whole, beyond any
    tolerance."""
    return value + max(1.0, round(abs(value) * 0.01))


def summary_field(path: str, value: Any) -> Tamper:
    """``summary.json`` (and its sheet) with a field set (``None``: removed)."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[key]
        if value is None:
            del node[last]
        else:
            node[last] = value

    return lambda folder: edit_summary(folder, change)


def summary_number(path: str, change: Callable[[float], float]) -> Tamper:
    def tamper(folder: Path) -> None:
        data = read_summary(folder)
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[key]
        node[last] = change(node[last])
        write_summary(folder, data)

    return tamper


def summary_text(replace: tuple[str, str]) -> Tamper:
    """``summary.json``'s text edited (what JSON can hold but netopt never writes)."""

    def tamper(folder: Path) -> None:
        path = folder / "summary.json"
        text = path.read_text(encoding="utf-8")
        assert replace[0] in text
        path.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")

    return tamper


def csv_bytes(table: str, change: Callable[[bytes], bytes]) -> Tamper:
    """A CSV file's bytes edited alone."""

    def tamper(folder: Path) -> None:
        path = folder / f"{table}.csv"
        path.write_bytes(change(path.read_bytes()))

    return tamper


def line_bytes(number: int, change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """Change one line (1 = the header) of a file's bytes."""

    def edit(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[number - 1] = change(lines[number - 1])
        return b"\n".join(lines)

    return edit


def list_files(change: Callable[[list[str]], list[str]]) -> Tamper:
    """``result_files`` of ``summary.json`` changed."""

    def tamper(folder: Path) -> None:
        data = read_summary(folder)
        data["result_files"] = change(data["result_files"])
        write_summary(folder, data)

    return tamper


def as_folder(name: str) -> Tamper:
    def tamper(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).mkdir()

    return tamper


def zero_table(table: str, *keys: str) -> Tamper:
    def tamper(folder: Path) -> None:
        frame = read_table(folder, table)
        for column in frame.columns:
            if column not in keys:
                frame[column] = "0"
        write_table(folder, table, frame)

    return tamper


def drop_column(table: str, column: str) -> Tamper:
    return lambda folder: write_table(folder, table, read_table(folder, table).drop(columns=column))


def add_column(table: str, column: str) -> Tamper:
    def tamper(folder: Path) -> None:
        frame = read_table(folder, table)
        frame[column] = "1"
        write_table(folder, table, frame)

    return tamper


def workbook_summary(field_name: str, value: Any) -> Tamper:
    """A field's value changed in the workbook's summary sheet only."""

    def tamper(folder: Path) -> None:
        book = openpyxl.load_workbook(folder / "plan.xlsx")
        sheet = book["summary"]
        (row,) = [r for r in sheet.iter_rows() if r[0].value == field_name]
        row[1].value = value
        book.save(folder / "plan.xlsx")

    return tamper


def workbook_sheets(change: Callable[[Any], None]) -> Tamper:
    def tamper(folder: Path) -> None:
        book = openpyxl.load_workbook(folder / "plan.xlsx")
        change(book)
        book.save(folder / "plan.xlsx")

    return tamper


def csv_alone(table: str, row: int, column: str, value: str) -> Tamper:
    """A table's CSV file changed, not the workbook."""

    def tamper(folder: Path) -> None:
        frame = read_table(folder, table)
        frame.loc[row, column] = value
        write_table(folder, table, frame, workbook=False)

    return tamper


def summary_alone(path: str, change: Callable[[float], float]) -> Tamper:
    def tamper(folder: Path) -> None:
        data = read_summary(folder)
        data[path] = change(data[path])
        write_summary(folder, data, workbook=False)

    return tamper


def unlink(name: str) -> Tamper:
    return lambda folder: (folder / name).unlink()


def write_text(name: str, text: str) -> Tamper:
    return lambda folder: (folder / name).write_text(text, encoding="utf-8")


def other_discount_rate(instance: Instance) -> Instance:
    network = instance.network.model_copy(update={"discount_rate": 0.05})
    return instance.model_copy(update={"network": network})


def changed_room(site: str, **fields: Any) -> Callable[[Instance], Instance]:
    """The instance with one site's CT rooms row changed (scanning realism)."""

    def change(instance: Instance) -> Instance:
        rooms = [
            r.model_copy(update=fields) if (r.site, r.modality) == (site, "CT") else r
            for r in instance.rooms
        ]
        return Instance.model_validate({**instance.model_dump(), "rooms": rooms})

    return change


def slower_asset(instance: Instance) -> Instance:
    """The instance with asset a2 scanning at the exam types' own speed (throughput 1)."""
    assets = [
        a.model_copy(update={"throughput_factor": 1.0}) if a.id == "a2" else a
        for a in instance.assets
    ]
    return Instance.model_validate({**instance.model_dump(), "assets": assets})


# --------------------------------------------------------------------------- shared cases


def file_cases(table: str, column: str, text_column: str) -> list[Case]:
    """Malformed files, the same for both models: ``table`` is a table with rows, ``column`` a
    numeric column of it, ``text_column`` a text column."""
    file = f"{table}.csv"
    return [
        Case(
            "non_utf8_byte",
            csv_bytes(table, line_bytes(3, lambda b: b[:2] + b"\xff" + b[3:])),
            "tables",
            {"file": file, "line": 3},
            "not UTF-8",
        ),
        Case("csv_missing", unlink(file), "tables", {"file": file}, "missing"),
        Case("csv_is_a_folder", as_folder(file), "tables", {"file": file}, "a folder"),
        Case("csv_empty", write_text(file, ""), "tables", {"file": file, "line": 1}, "empty"),
        Case(
            "csv_short_row",
            csv_bytes(table, line_bytes(2, lambda b: b.rsplit(b",", 1)[0])),
            "tables",
            {"file": file, "line": 2},
            "cells",
        ),
        Case(
            "csv_missing_column",
            drop_column(table, column),
            "tables",
            {"file": file, "line": 1},
            f"lacks the column(s) {column}",
        ),
        Case(
            "csv_unknown_column",
            add_column(table, "bonus"),
            "tables",
            {"file": file, "line": 1},
            "bonus",
        ),
        Case(
            "csv_text_number",
            lambda f: set_cell(f, table, 0, column, "abc"),
            "tables",
            {"file": file, "line": 2, "column": column},
            "not a number",
        ),
        Case(
            "csv_nan_number",
            lambda f: set_cell(f, table, 0, column, "nan"),
            "tables",
            {"file": file, "line": 2, "column": column},
            "not a finite number",
        ),
        Case(
            "csv_unescaped_formula",
            csv_alone(table, 0, text_column, "=HYPERLINK(1)"),
            "tables",
            {"file": file, "line": 2, "column": text_column},
            "begins like a formula",
        ),
        Case(
            "summary_objective_nan",
            summary_text(('"objective": ', '"objective": NaN, "was": ')),
            "tables",
            {"file": "summary.json", "field": "objective"},
            "not a finite number",
        ),
        Case(
            "summary_objective_infinity",
            summary_text(('"objective": ', '"objective": Infinity, "was": ')),
            "tables",
            {"file": "summary.json", "field": "objective"},
            "not a finite number",
        ),
        Case(
            "summary_objective_text",
            summary_field("objective", "cheap"),
            "tables",
            {"file": "summary.json", "field": "objective"},
            "not a number",
        ),
        Case(
            "summary_objective_boolean",
            summary_field("objective", True),
            "tables",
            {"file": "summary.json", "field": "objective"},
            "not a number",
        ),
        Case(
            "summary_bound_nan",
            summary_text(('"bound": ', '"bound": NaN, "was": ')),
            "tables",
            {"file": "summary.json", "field": "bound"},
        ),
        Case(
            "summary_timing_text",
            summary_field("timings.total_seconds", "fast"),
            "tables",
            {"file": "summary.json", "field": "timings.total_seconds"},
        ),
        Case(
            "summary_bad_json",
            summary_text(("{", "{{")),
            "tables",
            {"file": "summary.json", "line": 1},
            "not JSON",
        ),
        Case("summary_empty", write_text("summary.json", ""), "tables", {"file": "summary.json"}),
        Case(
            "summary_not_an_object",
            write_text("summary.json", "[1, 2]"),
            "tables",
            {"file": "summary.json"},
            "does not hold an object",
        ),
        Case(
            "summary_is_a_folder",
            as_folder("summary.json"),
            "tables",
            {"file": "summary.json"},
            "a folder",
        ),
        Case(
            "summary_unknown_status",
            summary_field("status", "great"),
            "tables",
            {"file": "summary.json", "field": "status"},
        ),
        Case(
            "summary_non_utf8",
            lambda f: (f / "summary.json").write_bytes(b'{"model": "\xff"}'),
            "tables",
            {"file": "summary.json", "line": 1},
            "not UTF-8",
        ),
    ]


def summary_cases(plan_figures: list[str], component: str) -> list[Case]:
    """``summary.json``'s own figures: the instance hash, objective, bound, gap, costs and plan
    figures, each changed alone (with the workbook's summary sheet)."""
    return [
        Case(
            "hash_changed",
            summary_field("instance_sha256", "0" * 64),
            "instance",
            {"file": "summary.json", "field": "instance_sha256"},
            "another instance",
        ),
        Case(
            "hash_missing",
            summary_field("instance_sha256", None),
            "instance",
            {"file": "summary.json", "field": "instance_sha256"},
            "no instance_sha256",
        ),
        Case(
            "objective_changed",
            summary_number("objective", plus(100.0)),
            "objective",
            {"file": "summary.json", "field": "objective"},
        ),
        Case(
            "objective_missing",
            summary_field("objective", None),
            "objective",
            {"file": "summary.json", "field": "objective"},
            "no objective",
        ),
        Case(
            "bound_above_objective",
            summary_number("bound", plus(100.0)),
            "objective",
            {"file": "summary.json", "field": "bound"},
            "above the objective",
        ),
        Case(
            "gap_changed",
            summary_number("gap", plus(0.1)),
            "objective",
            {"file": "summary.json", "field": "gap"},
        ),
        Case(
            "cost_changed",
            summary_number(f"costs.{component}", plus(100.0)),
            "objective",
            {"file": "summary.json", "field": f"costs.{component}"},
        ),
        Case(
            "cost_unknown",
            summary_field("costs.bribes", 0.0),
            "objective",
            {"file": "summary.json", "field": "costs.bribes"},
        ),
        Case(
            "plan_figures_missing",
            summary_field("plan", None),
            "tables",
            {"file": "summary.json", "field": "plan"},
        ),
        Case(
            "result_files_missing",
            summary_field("result_files", None),
            "tables",
            {"file": "summary.json", "field": "result_files"},
            "does not list",
        ),
        Case(
            "result_files_not_a_list",
            summary_field("result_files", "plan.xlsx"),
            "tables",
            {"file": "summary.json", "field": "result_files"},
        ),
        Case(
            "result_files_lists_a_missing_file",
            list_files(lambda names: [*names, "notes.txt"]),
            "tables",
            {"file": "summary.json", "field": "result_files"},
            "'notes.txt', which is missing",
        ),
        Case(
            "result_files_lists_an_unchecked_file",
            lambda f: (
                (f / "notes.txt").write_text("hi"),
                list_files(lambda n: [*n, "notes.txt"])(f),
            ),
            "tables",
            {"file": "summary.json", "field": "result_files"},
            "does not check",
        ),
        Case(
            "result_files_leaves_out_a_table",
            list_files(lambda names: [n for n in names if n != "costs.csv"]),
            "tables",
            {"file": "summary.json", "field": "result_files"},
            "costs.csv is in the folder but summary.json does not list it",
        ),
        Case(
            "time_limit_reached_text",
            summary_field("time_limit.reached", "no"),
            "tables",
            {"file": "summary.json", "field": "time_limit.reached"},
        ),
        *(
            Case(
                f"plan_{name}",
                summary_number(f"plan.{name}", bump),
                "tables",
                {"file": "summary.json", "field": f"plan.{name}"},
            )
            for name in plan_figures
        ),
    ]


def workbook_cases(sheet: str, cell: str, column: str, text_cell: str) -> list[Case]:
    """``plan.xlsx`` changed alone, and the CSV files or ``summary.json`` changed alone."""
    row = int(cell[1:])
    return [
        Case(
            "workbook_number",
            lambda f: set_workbook_cell(f, sheet, cell, 12345.5),
            "workbook",
            {"file": "plan.xlsx", "sheet": sheet, "row": row, "column": column},
        ),
        Case(
            "workbook_text",
            lambda f: set_workbook_cell(f, sheet, text_cell, "elsewhere"),
            "workbook",
            {"file": "plan.xlsx", "sheet": sheet, "row": int(text_cell[1:])},
        ),
        Case(
            "workbook_formula",
            lambda f: set_workbook_cell(f, sheet, cell, "=1+1"),
            "workbook",
            {"file": "plan.xlsx", "sheet": sheet},
            f"cell {cell} holds a formula",
        ),
        Case(
            "workbook_summary_sheet",
            workbook_summary("objective", 1.0),
            "workbook",
            {"file": "plan.xlsx", "sheet": "summary", "column": "value"},
            "objective",
        ),
        Case(
            "workbook_extra_sheet",
            workbook_sheets(lambda book: book.create_sheet("notes")),
            "workbook",
            {"file": "plan.xlsx", "sheet": "notes"},
        ),
        Case(
            "workbook_missing_sheet",
            workbook_sheets(lambda book: book.remove(book["costs"])),
            "workbook",
            {"file": "plan.xlsx", "sheet": "costs"},
        ),
        Case("workbook_missing", unlink("plan.xlsx"), "workbook", {"file": "plan.xlsx"}),
        Case(
            "workbook_not_a_workbook",
            write_text("plan.xlsx", "not a zip"),
            "workbook",
            {"file": "plan.xlsx"},
            "cannot be read",
        ),
        Case(
            "csv_alone",
            csv_alone(sheet, row - 2, column, "12345.5"),
            "workbook",
            {"file": "plan.xlsx", "sheet": sheet, "row": row, "column": column},
        ),
        Case(
            "summary_json_alone",
            summary_alone("objective", plus(100.0)),
            "workbook",
            {"file": "plan.xlsx", "sheet": "summary"},
        ),
    ]


# --------------------------------------------------------------------------- capital


def cap(table: str, row: int, column: str, change: Callable[[float], float] = bump) -> Tamper:
    return lambda folder: change_cell(folder, table, row, column, change)


def cap_text(table: str, row: int, column: str, value: str) -> Tamper:
    return lambda folder: set_cell(folder, table, row, column, value)


def drop_first_row(folder: Path, table: str) -> None:
    write_table(folder, table, read_table(folder, table).iloc[1:])


def column_case(
    table: str, row: int, column: str, tamper: Tamper | None = None, name: str = ""
) -> Case:
    """A derived column changed in one row: a ``tables`` violation at that cell."""
    return Case(
        name or f"{table}_{column}",
        tamper or cap(table, row, column),
        "tables",
        {"file": f"{table}.csv", "line": row + 2, "column": column},
    )


def site_cases() -> list[Case]:
    """``sites.csv``, the same in every plan: a name, trust name, coordinate or kind changed,
    a row dropped or an unknown site added."""
    return [
        column_case("sites", 0, "name", cap_text("sites", 0, "name", "Elsewhere")),
        column_case("sites", 0, "trust_name", cap_text("sites", 0, "trust_name", "Another")),
        column_case("sites", 0, "kind", cap_text("sites", 0, "kind", "other")),
        column_case("sites", 0, "latitude", cap("sites", 0, "latitude", plus(0.5))),
        column_case("sites", 0, "longitude", cap("sites", 0, "longitude", plus(0.5))),
        Case("sites_row_dropped", lambda f: drop_first_row(f, "sites"), "tables",
             {"file": "sites.csv"}, "has no row for site"),
        Case("sites_unknown_site", cap_text("sites", 0, "site", "ZZ"), "tables",
             {"file": "sites.csv", "line": 2}, "does not have"),
    ]  # fmt: skip


CAPITAL_CASES = [
    Case("capacity_zeroed", zero_table("capacity", "site", "modality", "year"), "tables",
         {"file": "capacity.csv", "line": 2}),
    *(column_case("capacity", 0, c) for c in (
        "scanners", "hours_available", "hours_used", "utilisation", "exams_scanned",
        "exams_demanded", "hours_demanded", "exams_outsourced")),
    *(column_case("spend", 1, c) for c in ("budget", "carried_in", "headroom")),
    column_case("asset_decisions", 0, "value"),
    column_case("asset_decisions", 0, "age"),
    column_case("asset_decisions", 0, "install_year"),
    column_case("asset_decisions", 0, "kind", cap_text("asset_decisions", 0, "kind", "CT+cardiac")),
    column_case("asset_decisions", 0, "site", cap_text("asset_decisions", 0, "site", "SB")),
    column_case("asset_decisions", 0, "owner", cap_text("asset_decisions", 0, "owner", "network")),
    column_case("asset_decisions", 0, "modality", cap_text("asset_decisions", 0, "modality", "MRI")),
    column_case("asset_decisions", 2, "replaced_by", cap_text("asset_decisions", 2, "replaced_by", "")),
    column_case("outsourced", 0, "cost"),
    column_case("outsourced", 0, "modality", cap_text("outsourced", 0, "modality", "MRI")),
    column_case("flows", 1, "travel_cost"),
    column_case("flows", 1, "travel_minutes"),
    column_case("flows", 1, "scan_hours"),
    column_case("flows", 1, "modality", cap_text("flows", 1, "modality", "MRI")),
    column_case("purchases", 0, "discount", cap("purchases", 0, "discount", plus(0.01))),
    column_case("purchases", 0, "list_price"),
    column_case("purchases", 0, "cost"),
    column_case("purchases", 0, "modality", cap_text("purchases", 0, "modality", "MRI")),
    column_case("payments", 0, "modality", cap_text("payments", 0, "modality", "MRI")),
    column_case("new_rooms", 0, "cost"),
    column_case("trust_costs", 0, "cash"),
    column_case("trust_costs", 0, "npv"),
    Case("trust_costs_row_dropped", lambda f: drop_first_row(f, "trust_costs"), "tables",
         {"file": "trust_costs.csv"}, "has no row for trust"),
    Case("trust_costs_unknown_trust", cap_text("trust_costs", 0, "trust", "Z"), "tables",
         {"file": "trust_costs.csv", "line": 2, "column": "trust"}),
    Case("revenue_staff_in_a_capital_plan", cap_text("revenue", 0, "staff", "10.0"), "tables",
         {"file": "revenue.csv", "line": 2, "column": "staff"}, "a capital plan (no staff)"),
    Case("fleet_hours", cap("fleet", 0, "hours"), "tables", {"file": "fleet.csv", "line": 2}),
    Case("fleet_age", cap("fleet", 0, "age"), "tables", {"file": "fleet.csv", "line": 2}),
    Case("fleet_kind", cap_text("fleet", 0, "kind", "CT"), "tables",
         {"file": "fleet.csv", "line": 2}),
    Case("payments_amount", cap("payments", 0, "amount"), "payments", {"trust": "A"}),
    Case("spend_spend", cap("spend", 0, "spend"), "payments", {"trust": "A"}),
    Case("costs_row", cap("costs", 0, "npv"), "objective", {"component": "capital"}),
    Case("costs_unknown_row", cap_text("costs", 0, "component", "bribes"), "objective",
         {"component": "bribes"}),
    Case("another_instance", lambda f: None, "instance", {"field": "instance_sha256"},
         instance=other_discount_rate),
    # scanning realism: the plan books 95% of SA's hours and SB's new CT loses 8 weeks in 2026
    Case("utilisation_ceiling_lowered", lambda f: None, "scan_capacity",
         {"site": "SA", "year": 2025}, "utilisation ceiling 90%",
         instance=changed_room("SA", target_utilisation=0.9)),
    Case("installation_weeks_longer", lambda f: None, "scan_capacity",
         {"site": "SB", "year": 2026}, instance=changed_room("SB", installation_weeks=12)),
    Case("installation_works_dearer", lambda f: None, "payments",
         {"site": "SB", "item": "installation_works"},
         instance=changed_room("SB", installation_works_cost=90_000)),
    Case("throughput_lower", lambda f: None, "scan_capacity", {"site": "SA", "year": 2025},
         instance=slower_asset),
    column_case("purchases", 0, "works_cost"),
    Case("fleet_exam_hours", cap("fleet", 0, "exam_hours"), "tables",
         {"file": "fleet.csv", "line": 2}, "exams"),
    Case("fleet_installation_hours", cap("fleet", 0, "installation_hours_lost"), "tables",
         {"file": "fleet.csv", "line": 2}, "installing"),
    column_case("capacity", 0, "utilisation_ceiling"),
    column_case("capacity", 0, "installation_hours_lost"),
    *summary_cases(
        ["units_bought", "capital_spend", "scanners_replaced", "scanners_retired",
         "rooms_built", "exams_outsourced"],
        "capital",
    ),
    *site_cases(),
    *workbook_cases("flows", "H2", "exams", "A2"),
    Case("workbook_site_name", lambda f: set_workbook_cell(f, "flows", "B2", "Elsewhere"),
         "workbook", {"file": "plan.xlsx", "sheet": "flows", "row": 2, "column": "origin_name"},
         "sites.csv names origin"),
    *file_cases("flows", "exams", "origin"),
]  # fmt: skip


@pytest.fixture(scope="module")
def capital_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    instance = with_cdc()
    plan = netopt.solve_capital(instance, netopt.SolveOptions(mip_gap=0.0))
    assert plan.status is netopt.SolveStatus.OPTIMAL
    folder = tmp_path_factory.mktemp("capital") / "plan"
    return instance, netopt.write_capital_plan(plan, instance, folder)


def _caught(report: VerificationReport, case: Case) -> list[Violation]:
    return [
        v
        for v in report.violations
        if v.constraint == case.family
        and all(v.where.get(k) == value for k, value in case.where.items())
        and case.message in v.message
    ]


def _assert_caught(plan: tuple[Instance, Path], case: Case, tmp_path: Path) -> None:
    """A copy of the capital plan's folder, tampered by ``case``, fails to verify (against
    ``case.instance`` when given) with the violation ``case`` names."""
    instance, original = plan
    folder = tmp_path / "plan"
    shutil.copytree(original, folder)
    case.tamper(folder)
    checked = case.instance(instance) if case.instance else instance
    report = verify_capital(checked, folder)
    text = report.render()
    print(text)
    assert not report.ok
    assert _caught(report, case), text


def test_untouched_capital_plan_verifies(capital_plan: tuple[Instance, Path]) -> None:
    report = verify_capital(*capital_plan)
    assert report.ok, report.render()


@pytest.mark.parametrize("case", CAPITAL_CASES, ids=lambda c: c.name)
def test_tampered_capital_folder_is_caught(
    capital_plan: tuple[Instance, Path], case: Case, tmp_path: Path
) -> None:
    _assert_caught(capital_plan, case, tmp_path)


COMPARISON_CASES = [
    column_case("baselines", 0, "objective", cap("baselines", 0, "objective", plus(100.0))),
    column_case("baselines", 0, "saving_vs_plan"),
    column_case("baselines", 0, "exams_outsourced"),
    column_case("baselines", 0, "demand_met_pct"),
    column_case("baselines", 0, "capital_spend"),
    column_case("baselines", 0, "status", cap_text("baselines", 0, "status", "feasible")),
    column_case("baselines", 1, "saving_vs_plan", name="baseline_saving"),
    column_case("baselines", 1, "saving_pct", name="baseline_saving_pct"),
    column_case("baselines", 1, "demand_met_pct", name="baseline_demand_met"),
    Case("baseline_unknown_status", cap_text("baselines", 1, "status", "great"), "tables",
         {"file": "baselines.csv", "line": 3, "column": "status"}),
    Case("baselines_without_optimised", cap_text("baselines", 0, "plan", "age:12"), "tables",
         {"file": "baselines.csv"}, "0 rows for the optimised plan"),
    Case("baselines_sheet_alone", lambda f: set_workbook_cell(f, "baselines", "B2", 1.0),
         "workbook", {"sheet": "baselines", "row": 2, "column": "objective"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def compared_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    """The capital plan written with its comparison with the baselines (baselines.csv), as
    ``netopt solve capital --compare-baselines`` writes it."""
    instance = with_cdc()
    options = netopt.SolveOptions(mip_gap=0.0)
    plan = netopt.solve_capital(instance, options)
    baselines = baseline_plans(instance, ("priority", "age:10"), options)
    assert any(b.status.has_plan for b in baselines)
    folder = tmp_path_factory.mktemp("compared") / "plan"
    extra = {"baselines": comparison_frame(plan, baselines)}
    return instance, netopt.api.write_plan(plan, instance, folder, extra_tables=extra)


def test_compared_plan_verifies(compared_plan: tuple[Instance, Path]) -> None:
    instance, folder = compared_plan
    assert "baselines.csv" in read_summary(folder)["result_files"]
    report = verify_capital(instance, folder)
    assert report.ok, report.render()


@pytest.mark.parametrize("case", COMPARISON_CASES, ids=lambda c: c.name)
def test_tampered_comparison_is_caught(
    compared_plan: tuple[Instance, Path], case: Case, tmp_path: Path
) -> None:
    _assert_caught(compared_plan, case, tmp_path)


# --------------------------------------------------------------------------- workforce


WORKFORCE_CASES = [
    column_case("link_flows", 0, "capacity"),
    column_case(
        "link_flows", 0, "capacity", cap_text("link_flows", 0, "capacity", ""), "link_unlimited"
    ),
    column_case("utilisation_staff", 0, "tier", cap_text("utilisation_staff", 0, "tier", "consultant_radiologist")),
    *(column_case("utilisation_staff", 0, c) for c in (
        "people", "contracted_sessions", "worked_sessions", "extra_sessions", "scanning_sessions",
        "reporting_sessions", "utilisation", "reporting_minutes_used",
        "reporting_minutes_rostered")),
    *(column_case("utilisation_sites", 0, c) for c in (
        "scanner_sessions", "scanning_staff_sessions_needed", "scanning_staff_sessions",
        "reporting_sessions", "reports")),
    *(column_case("volumes", 0, c) for c in (
        "acquired", "reported_at_sites", "reported_at_home", "outsourced", "late")),
    column_case("reporting", 0, "minutes"),
    column_case("outsourced", 0, "annual_cost"),
    column_case("insourced", 0, "annual_cost"),
    column_case("insourced", 0, "tier", cap_text("insourced", 0, "tier", "assistant_practitioner")),
    column_case("passports", 0, "people"),
    column_case("passports", 0, "cost"),
    Case("roster_report_with_modality", lambda f: _report_with_modality(f), "roster",
         {"staff": "c"}, "names the modality"),
    Case("costs_row", cap("costs", 1, "annual"), "objective", {"component": "insourcing"}),
    Case("summary_year", summary_number("year", plus(1)), "tables",
         {"file": "summary.json", "field": "year"}),
    Case("summary_passport_policy", summary_field("passport_policy", "anywhere"), "tables",
         {"file": "summary.json", "field": "passport_policy"}),
    *summary_cases(
        ["people_rostered", "sessions_worked", "extra_sessions_per_week", "passports_granted",
         "exams_per_week", "reported_at_sites_per_week", "reported_at_home_per_week",
         "outsourced_per_week", "backlog_per_week"],
        "insourcing",
    ),
    *site_cases(),
    *workbook_cases("reporting", "F2", "reports", "A2"),
    Case("workbook_place_name", lambda f: set_workbook_cell(f, "reporting", "C2", "Elsewhere"),
         "workbook", {"file": "plan.xlsx", "sheet": "reporting", "row": 2, "column": "place_name"},
         "sites.csv names place"),
    *file_cases("roster", "person", "staff"),
]  # fmt: skip


def _report_with_modality(folder: Path) -> None:
    roster = read_table(folder, "roster")
    row = roster.index[(roster["staff"] == "c") & (roster["activity"] == "report")][0]
    roster.loc[row, "modality"] = "CT"
    write_table(folder, "roster", roster)


@pytest.fixture(scope="module")
def workforce_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    instance = Instance.model_validate(rich())
    plan = solve_workforce(instance, EXACT)
    assert plan.status is netopt.SolveStatus.OPTIMAL
    folder = tmp_path_factory.mktemp("workforce") / "plan"
    return instance, write_workforce_plan(plan, instance, folder)


def test_untouched_workforce_plan_verifies(workforce_plan: tuple[Instance, Path]) -> None:
    report = verify_workforce(*workforce_plan)
    assert report.ok, report.render()


@pytest.mark.parametrize("case", WORKFORCE_CASES, ids=lambda c: c.name)
def test_tampered_workforce_folder_is_caught(
    workforce_plan: tuple[Instance, Path], case: Case, tmp_path: Path
) -> None:
    instance, original = workforce_plan
    folder = tmp_path / "plan"
    shutil.copytree(original, folder)
    case.tamper(folder)
    report = verify_workforce(instance, folder)
    text = report.render()
    print(text)
    assert not report.ok
    assert _caught(report, case), text


# --------------------------------------------------------------------------- every column


def _mutations(folder: Path) -> list[tuple[str, str]]:
    """(table, column) of every column of every table with a first row."""
    out = []
    for path in sorted(folder.glob("*.csv")):
        frame = read_table(folder, path.stem)
        if len(frame):
            out += [(path.stem, column) for column in frame.columns]
    return out


def _mutate(folder: Path, table: str, column: str) -> str:
    """The first row's cell changed: a number by 1000, text to an id nobody uses."""
    frame = read_table(folder, table)
    cell = str(frame.loc[0, column])
    try:
        value = repr(float(cell) + 1000) if cell else "1000"
        if cell and "." not in cell and "e" not in cell:
            value = str(int(cell) + 1000)
    except ValueError:
        value = "ZZZ"
    frame.loc[0, column] = value
    write_table(folder, table, frame, workbook=False)
    return f"{table}.{column}: {cell!r} -> {value!r}"


@pytest.mark.parametrize("model", ["capital", "compared", "workforce"])
def test_every_column_of_every_table_is_checked(
    model: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Change any one cell (of the first row) of any table: the plan no longer verifies, and
    not only because the CSV file and the workbook now disagree (a violation of another family
    is found). ``compared`` is the capital plan with baselines.csv."""
    instance, original = request.getfixturevalue(f"{model}_plan")
    verify = verify_workforce if model == "workforce" else verify_capital
    missed = []
    columns = _mutations(original)
    assert len(columns) > 60
    for i, (table, column) in enumerate(columns):
        folder = tmp_path / str(i)
        shutil.copytree(original, folder)
        what = _mutate(folder, table, column)
        report = verify(instance, folder)
        if report.ok or report.families() <= {"workbook"}:
            missed.append(what)
    assert not missed, missed


def test_summary_and_no_plan_figures_survive_json_round_trip(
    capital_plan: tuple[Instance, Path], tmp_path: Path
) -> None:
    """Guard for the corpus: rewriting summary.json and the workbook unchanged keeps the plan
    valid (the tampering helpers change only what a case says)."""
    instance, original = capital_plan
    folder = tmp_path / "plan"
    shutil.copytree(original, folder)
    write_summary(folder, json.loads((folder / "summary.json").read_text()))
    for table in ("flows", "capacity"):
        write_table(folder, table, read_table(folder, table))
    report = verify_capital(instance, folder)
    assert report.ok, report.render()


@pytest.fixture(scope="module")
def unfunded_baseline_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    """A plan compared with an ``age:10`` baseline that breaks only the budget: its row of
    baselines.csv has a cost and a saving "if funded" and no other figure."""
    data = age_instance()
    data["trusts"][0]["capital_budget"] = 50.0
    instance = Instance.model_validate(data)
    options = netopt.SolveOptions(mip_gap=0.0)
    plan = netopt.solve_capital(instance, options)
    baselines = baseline_plans(instance, ("age:10",), options)
    assert baselines[0].cost_without_budgets is not None
    folder = tmp_path_factory.mktemp("unfunded") / "plan"
    extra = {"baselines": comparison_frame(plan, baselines)}
    return instance, netopt.api.write_plan(plan, instance, folder, extra_tables=extra)


def test_unfunded_baseline_verifies(unfunded_baseline_plan: tuple[Instance, Path]) -> None:
    report = verify_capital(*unfunded_baseline_plan)
    assert report.ok, report.render()


@pytest.mark.parametrize(
    "case",
    [
        column_case("baselines", 1, "saving_if_funded", name="unfunded_saving"),
        Case("optimised_cost_if_funded", cap_text("baselines", 0, "cost_if_funded", "75.0"),
             "tables", {"file": "baselines.csv", "line": 2, "column": "cost_if_funded"}),
    ],
    ids=lambda c: c.name,
)  # fmt: skip
def test_tampered_unfunded_baseline_is_caught(
    unfunded_baseline_plan: tuple[Instance, Path], case: Case, tmp_path: Path
) -> None:
    _assert_caught(unfunded_baseline_plan, case, tmp_path)
