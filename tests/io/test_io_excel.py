"""Excel workbooks: the documented layout, cell coercions, located problems, the template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from netopt.io import load_instance, save_instance, write_template
from netopt.io.excel_format import README, coerce
from netopt.io.tables import FieldKind, tables
from netopt.schema import Instance, InstanceError
from netopt.schema.errors import InputProblem

Rows = list[list[Any]]

WINSTON_SHEETS: dict[str, Rows] = {
    "network": [
        ["name", "first_year", "horizon_years", "discount_rate"],
        ["Winston car replacement", 2000, 5, 0],
    ],
    "trusts": [
        ["id", "name", "capital_budget", "capital_share"],
        ["owner", "Car owner", 1000000, 100],
    ],
    "sites": [["id", "name", "owner", "latitude", "longitude"], ["home", "Home", "owner", 0, 0]],
    "rooms": [["site", "modality", "rooms"], ["home", "car", 1]],
    "modalities": [["id", "name", "max_age_years"], ["car", "Car", 5]],
    "exam_types": [["id", "modality", "scan_minutes"], ["driving", "car", 60]],
    "demand": [["site", "exam_type", "year", "exams"], ["home", "driving", 2000, 1]],
    "age_profiles": [
        ["profile", "age", "maintenance_cost", "resale_value"],
        ["car", 0, 2000, 12000],
        ["car", 1, 4000, 7000],
        ["car", 2, 5000, 6000],
        ["car", 3, 9000, 2000],
        ["car", 4, 12000, 1000],
        ["car", 5, 12000, 0],
    ],
    "catalogue": [
        ["id", "modality", "price", "hours_per_year", "lifetime_years", "age_profile"],
        ["new-car", "car", 12000, 1, 5, "car"],
    ],
    "policy": [["residual_value"], ["resale"]],
}


def sheets(**changes: Rows | None) -> dict[str, Rows]:
    """The Winston sheets with some replaced (or removed, with None)."""
    out = {name: [list(r) for r in rows] for name, rows in WINSTON_SHEETS.items()}
    for name, rows in changes.items():
        if rows is None:
            out.pop(name)
        else:
            out[name] = rows
    return out


def workbook(tmp_path: Path, content: dict[str, Rows], name: str = "book.xlsx") -> Path:
    """Write sheets exactly as given (cell by cell, no netopt writer involved)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in content.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    path = tmp_path / name
    wb.save(path)
    return path


def problems(path: Path) -> list[InputProblem]:
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    assert all(p.place.startswith(path.name) for p in caught.value.problems)
    return caught.value.problems


def only(path: Path) -> InputProblem:
    (problem,) = problems(path)
    return problem


# --------------------------------------------------------------------------- layout


def test_hand_made_workbook(tmp_path: Path, winston: Instance) -> None:
    assert load_instance(workbook(tmp_path, sheets())) == winston


def test_cells_are_coerced(tmp_path: Path) -> None:
    content = sheets(
        network=[
            ["name", "first_year", "horizon_years", "discount_rate"],
            ["Winston car replacement", 2000.0, "5", "0.0"],
        ],
        trusts=[
            ["id", "name", "capital_budget", "carry_over", "capital_share"],
            ["owner", 123, "1000000", "Yes", 100.0],
        ],
        catalogue=[
            [
                "id",
                "modality",
                "price",
                "hours_per_year",
                "lifetime_years",
                "age_profile",
                "capabilities",
            ],
            ["new-car", "car", 12000, 1, 5.0, "car", " 4x4,towbar , "],
        ],
    )
    inst = load_instance(workbook(tmp_path, content))
    assert inst.network.first_year == 2000 and inst.network.horizon_years == 5
    assert inst.trusts[0].name == "123" and inst.trusts[0].carry_over is True
    assert inst.catalogue[0].capabilities == ["4x4", "towbar"]


def test_boolean_cells(tmp_path: Path) -> None:
    for value, expected in ((True, True), (False, False), ("no", False), ("TRUE", True), (1, True)):
        content = sheets(
            trusts=[
                ["id", "capital_budget", "capital_share", "carry_over"],
                ["owner", 1000000, 100, value],
            ]
        )
        inst = load_instance(workbook(tmp_path, content))
        assert inst.trusts[0].carry_over is expected, value


def test_names_ignore_case_and_spaces(tmp_path: Path, winston: Instance) -> None:
    content = sheets(sites=None)
    content[" Sites "] = [
        ["ID", "Name", " owner ", "LATITUDE", "longitude"],
        ["home", "Home", "owner", 0, 0],
    ]
    assert load_instance(workbook(tmp_path, content)) == winston


def test_notes_sheets_and_blank_rows_are_ignored(tmp_path: Path, winston: Instance) -> None:
    content = sheets()
    content["README"] = [["anything at all"]]
    content["_workings"] = [["x", "=1+1"]]
    content["Sheet1"] = []  # an empty default sheet is harmless
    content["age_profiles"].insert(3, [None, None, None, None])
    content["age_profiles"].append([None, " ", None, None])
    assert load_instance(workbook(tmp_path, content)) == winston


def test_optional_sheets_may_be_empty_or_absent(tmp_path: Path, winston: Instance) -> None:
    content = sheets(
        travel=[["method", "road_factor"]],
        budgets=[["trust", "year", "capital_budget"]],
        assets=[],
    )
    assert load_instance(workbook(tmp_path, content)) == winston


def test_columns_in_any_order_optional_ones_absent(tmp_path: Path, winston: Instance) -> None:
    content = sheets(
        sites=[["longitude", "latitude", "owner", "id", "name"], [0, 0, "owner", "home", "Home"]]
    )
    assert load_instance(workbook(tmp_path, content)) == winston


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (2030.0, FieldKind.INTEGER, 2030),
        (" 2030 ", FieldKind.INTEGER, 2030),
        ("2030.5", FieldKind.INTEGER, 2030.5),
        ("abc", FieldKind.INTEGER, "abc"),
        (True, FieldKind.INTEGER, "TRUE"),
        (False, FieldKind.NUMBER, "FALSE"),
        ("1e3", FieldKind.NUMBER, 1000.0),
        ("12,000", FieldKind.NUMBER, "12,000"),
        (7, FieldKind.TEXT, "7"),
        (7.0, FieldKind.TEXT, "7"),
        (7.5, FieldKind.TEXT, "7.5"),
        ("n", FieldKind.BOOLEAN, False),
        ("maybe", FieldKind.BOOLEAN, "maybe"),
        ("a, b,,c", FieldKind.TEXT_LIST, ["a", "b", "c"]),
        (12, FieldKind.TEXT_LIST, ["12"]),
    ],
)
def test_coerce(value: object, kind: FieldKind, expected: object) -> None:
    got = coerce(value, kind)
    assert got == expected and type(got) is type(expected)


def test_nan_text_is_located(tmp_path: Path) -> None:
    content = sheets(
        demand=[["site", "exam_type", "year", "exams"], ["home", "driving", 2000, "nan"]]
    )
    p = only(workbook(tmp_path, content))
    assert p.message == "must be a finite number, got nan"
    assert p.place == "book.xlsx, sheet 'demand', row 2, column 'exams' (cell D2)"


# --------------------------------------------------------------------------- problems


def test_field_problem_has_sheet_row_column(tmp_path: Path) -> None:
    content = sheets()
    content["age_profiles"][4][3] = -2000  # profile row for age 3, spreadsheet row 5
    p = only(workbook(tmp_path, content))
    assert p.message == "must be from 0 to 1,000,000,000, got -2000"
    assert p.loc == ("age_profiles", 3, "resale_value")
    assert p.place == "book.xlsx, sheet 'age_profiles', row 5, column 'resale_value' (cell D5)"


def test_row_numbers_count_blank_rows(tmp_path: Path) -> None:
    content = sheets()
    content["age_profiles"].insert(2, [])
    content["age_profiles"][5][2] = "lots"  # age 3 moved down to row 6
    p = only(workbook(tmp_path, content))
    assert p.place.startswith("book.xlsx, sheet 'age_profiles', row 6, column 'maintenance_cost'")


def test_cross_reference_problem(tmp_path: Path) -> None:
    content = sheets(sites=[["id", "owner", "latitude", "longitude"], ["home", "nobody", 0, 0]])
    p = only(workbook(tmp_path, content))
    assert p.message.startswith("unknown owner")
    assert p.place == "book.xlsx, sheet 'sites', row 2, column 'owner' (cell B2)"


def test_missing_required_sheet(tmp_path: Path) -> None:
    p = only(workbook(tmp_path, sheets(sites=None)))
    assert p.message == "required sheet 'sites' is missing"
    assert p.place == "book.xlsx, sheet 'sites'"


def test_unknown_sheet(tmp_path: Path) -> None:
    content = sheets()
    content["exam_type"] = [["id"], ["x"]]
    p = only(workbook(tmp_path, content))
    assert p.message.startswith("unknown sheet 'exam_type' (did you mean 'exam_types'?")
    assert p.place == "book.xlsx, sheet 'exam_type'"


def test_unknown_column(tmp_path: Path) -> None:
    content = sheets(rooms=[["site", "modality", "rooms", "colour"], ["home", "car", 1, "red"]])
    p = only(workbook(tmp_path, content))
    assert p.message.startswith("unknown column 'colour'")
    assert p.place == "book.xlsx, sheet 'rooms', column 'colour' (cell D1)"


def test_missing_column_reported_once(tmp_path: Path) -> None:
    rows = [["profile", "age", "resale_value"]] + [
        r[:2] + r[3:] for r in WINSTON_SHEETS["age_profiles"][1:]
    ]
    p = only(workbook(tmp_path, sheets(age_profiles=rows)))
    assert p.message == (
        "no maintenance: give a column maintenance_cost (GBP) or maintenance_fraction (of the "
        "purchase price)"
    )
    assert p.place == "book.xlsx, sheet 'age_profiles'"


def test_missing_required_cell(tmp_path: Path) -> None:
    content = sheets(sites=[["id", "owner", "latitude", "longitude"], ["home", "owner", None, 0]])
    p = only(workbook(tmp_path, content))
    assert p.message == "required field missing"
    assert p.place == "book.xlsx, sheet 'sites', row 2, column 'latitude' (cell C2)"


def test_section_takes_one_row(tmp_path: Path) -> None:
    network = WINSTON_SHEETS["network"]
    p = only(workbook(tmp_path, sheets(network=[*network, network[1]])))
    assert "exactly one data row, found 2" in p.message
    assert p.place == "book.xlsx, sheet 'network', row 3"


def test_section_without_row(tmp_path: Path) -> None:
    p = only(workbook(tmp_path, sheets(network=[WINSTON_SHEETS["network"][0]])))
    assert p.message.startswith("required: sheet 'network' needs a data row")


def test_data_without_header(tmp_path: Path) -> None:
    rows: Rows = [[None, None, None], ["home", "car", 1]]
    p = only(workbook(tmp_path, sheets(rooms=rows)))
    assert p.message == "row 1 must hold the column names; it is empty"
    assert p.place == "book.xlsx, sheet 'rooms', row 1"


def test_value_in_column_without_header(tmp_path: Path) -> None:
    rows: Rows = [["site", "modality", "rooms"], ["home", "car", 1, None, "stray"]]
    p = only(workbook(tmp_path, sheets(rooms=rows)))
    assert p.message == "value 'stray' in a column without a header"
    assert p.place == "book.xlsx, sheet 'rooms', row 2 (cell E2)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"site,modality\n", "not an Excel .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0" + bytes(100), "an old .xls workbook"),
        (b"PK\x03\x04" + bytes(100), "unreadable Excel workbook"),
    ],
)
def test_not_a_workbook(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    p = only(path)
    assert message in p.message and p.place == "bad.xlsx" and p.loc == ()


# --------------------------------------------------------------------------- template


def test_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [README, *(t.name for t in tables())]
    readme = " ".join(str(c) for row in wb[README].iter_rows(values_only=True) for c in row if c)
    for t in tables():
        ws = wb[t.name]
        assert ws.max_row == 1
        header = [c.value for c in ws[1]]
        assert header == list(t.fields)
        for cell in ws[1]:
            assert cell.comment is not None and len(cell.comment.text) > 10
        assert t.name in readme
        for name in t.fields:
            assert name in readme
    assert "required" in readme and "0.035" in readme  # required markers and defaults


def test_empty_template_fails_only_with_required(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    found = problems(path)
    required = {t.name for t in tables() if t.required}
    assert {p.loc[0] for p in found} == required
    assert all("required" in p.message for p in found)


def test_filled_template_loads(tmp_path: Path, winston: Instance) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    for title, rows in WINSTON_SHEETS.items():
        ws = wb[title]
        columns = {c.value: c.column for c in ws[1]}
        for r, row in enumerate(rows[1:], start=2):
            for name, value in zip(rows[0], row, strict=True):
                ws.cell(row=r, column=columns[name], value=value)
    wb.save(path)
    assert load_instance(path) == winston


def test_template_needs_xlsx(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="xlsx"):
        write_template(tmp_path / "template.yaml")


def test_saved_workbook_is_documented(tmp_path: Path, mini: Instance) -> None:
    path = tmp_path / "mini.xlsx"
    save_instance(mini, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == README
    assert wb["sites"]["A1"].comment is not None
    assert wb["trusts"]["D2"].value is True  # carry_over written as a TRUE cell
    assert wb["catalogue"]["F3"].value == "cardiac"


def test_date_cell_in_year(tmp_path: Path) -> None:
    content = sheets(
        demand=[
            ["site", "exam_type", "year", "exams"],
            ["home", "driving", dt.datetime(2000, 1, 1), 1],
        ]
    )
    p = only(workbook(tmp_path, content))
    assert p.message.startswith("expected a whole number, got a date/time")
