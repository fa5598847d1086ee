"""Result files never carry live formulas (issue 10, finding 4): ids and names that begin like a
formula are text in ``plan.xlsx`` and neutralised in the CSV files, and the plan still
verifies."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook

from netopt import load_instance, solve_capital, verify, write_capital_plan
from netopt.io.cells import escape_text, restore_text
from tests.verify.networks import with_cdc

REPO = Path(__file__).resolve().parents[2]
HOSTILE = {
    "owner": '=HYPERLINK("http://example.com")',
    "Car owner": "+cmd|' /C calc'!A0",
    "home": "@SUM(1+1)*cmd|' /C calc'!A0",
    "Home": "-2+3",
    "new-car": "=1+1",
    "driving": "'quoted",
}


def hostile(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: hostile(v) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile(v) for v in value]
    return HOSTILE.get(value, value) if isinstance(value, str) else value


def test_escaping_round_trips_and_only_touches_formula_starts() -> None:
    for text in ["=1+1", "+1", "-x", "@a", "\tx", "\rx", "'x", "''", "plain", "", "a=b"]:
        assert restore_text(escape_text(text)) == text
        assert escape_text(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert escape_text("plain") == "plain" and escape_text("a=b") == "a=b"


def test_no_formula_in_the_workbook_or_the_csv_files(tmp_path: Path) -> None:
    data = hostile(yaml.safe_load((REPO / "instances/textbook/winston_car.yaml").read_text()))
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    instance = load_instance(path)
    out = write_capital_plan(solve_capital(instance), instance, tmp_path / "out")

    book = load_workbook(out / "plan.xlsx")
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    texts = {c.value for s in book.worksheets for r in s.iter_rows() for c in r}
    assert '=HYPERLINK("http://example.com")' in texts and "=1+1" in texts

    cells = [
        cell
        for file in out.glob("*.csv")
        for row in csv.reader(file.open(encoding="utf-8"))
        for cell in row
    ]
    live = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert live == []
    assert "'=1+1" in cells and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    negative = [c for c in cells if c.startswith("-")]  # numbers stay numbers
    assert negative and all(float(c) < 0 for c in negative)
    assert verify(instance, out).ok


def test_workbook_reads_like_a_committee_paper(tmp_path: Path) -> None:
    """plan.xlsx opens on a README (every sheet and column, with units); table sheets have a
    bold frozen header with filters, readable widths, number formats by unit and names next to
    site and trust ids, and their values are the CSV's, unrounded (so the plan still
    verifies)."""
    instance = with_cdc()
    plan = solve_capital(instance)
    out = write_capital_plan(plan, instance, tmp_path / "out")
    book = load_workbook(out / "plan.xlsx")
    assert book.sheetnames[:2] == ["README", "summary"]
    readme = list(book["README"].iter_rows(values_only=True))
    assert any(row[:3] == ("purchases", "unit_price", "GBP") for row in readme)
    sheet = book["purchases"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:M")
    header = [cell for cell in next(sheet.iter_rows(max_row=1))]
    assert all(cell.font.b for cell in header)
    formats = {h.value: sheet.cell(2, h.column).number_format for h in header}
    assert formats["unit_price"] == "#,##0" and formats["year"] == "0"
    assert formats["discount"] == "0.0%" and formats["units"] == "General"
    assert sheet.column_dimensions["A"].width >= len("site")
    cost = next(h.column for h in header if h.value == "cost")
    assert sheet.cell(2, cost).value == plan.purchases["cost"].iloc[0]  # not rounded
    # names next to ids: the site's name after its id (the CSV file keeps ids only)
    assert [h.value for h in header[:2]] == ["site", "site_name"]
    names = dict(zip(plan.sites["site"], plan.sites["name"], strict=True))
    assert sheet.cell(2, 2).value == names[sheet.cell(2, 1).value]
    assert any(row[:2] == ("purchases", "site_name") for row in readme)
    assert "site_name" not in (out / "purchases.csv").read_text(encoding="utf-8")
    assert verify(instance, out).ok


def test_employer_ids_are_named_like_trusts() -> None:
    """A joint plan's ``employer`` and ``works_for`` columns hold trust ids (or ``network``,
    which no site row names): in ``plan.xlsx`` each is followed by the trust's name."""
    import pandas as pd

    from netopt.report.writer import with_names

    sites = pd.DataFrame(
        {"site": ["S1"], "name": ["Maidstone"], "trust": ["T1"], "trust_name": ["MTW"]}
    )
    passports = pd.DataFrame({"employer": ["T1", "network"], "works_for": ["network", "T1"]})
    named = with_names("staff_passports", passports, {"sites": sites})
    assert list(named.columns) == ["employer", "employer_name", "works_for", "works_for_name"]
    assert named["employer_name"].iloc[0] == "MTW" and pd.isna(named["employer_name"].iloc[1])
    assert pd.isna(named["works_for_name"].iloc[0]) and named["works_for_name"].iloc[1] == "MTW"
