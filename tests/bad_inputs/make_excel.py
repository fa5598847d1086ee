"""Regenerate the Excel files of the bad-input corpus: ``python tests/bad_inputs/make_excel.py``.

Each case saves the valid base instance (tests/io/data/mini_network.yaml) as a workbook with
netopt's own writer, then breaks it in one way. The ``x_wf_*`` cases start from the same
instance with the workforce tables of ``WORKFORCE`` added. The expected message and place of
each file are in EXPECTED.csv next to this script.

Give file names to regenerate only those (``python tests/bad_inputs/make_excel.py
x_wf_bad_tier.xlsx``): openpyxl stamps every workbook with the time it was written, so
regenerating a file changes its bytes even when its cells do not change.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from netopt.io import load_instance, save_instance
from netopt.schema import Instance

HERE = Path(__file__).parent
BASE = HERE.parent / "io" / "data" / "mini_network.yaml"

# The workforce tables added to the base for the x_wf_* cases; sheet rows are 2 + list index.
WORKFORCE: dict[str, Any] = {
    "workforce": {"year": 2027, "passport_policy": "list", "onboarding_cost": 500},
    "sessions": [
        {"day": "mon", "session": "am", "start": "08:00", "minutes": 240},
        {"day": "mon", "session": "pm", "start": "13:00", "minutes": 240},
        {"day": "tue", "session": "am", "start": "08:00", "minutes": 240, "scanning": False},
    ],
    "scanner_sessions": [
        {"site": "north", "modality": "CT", "day": "mon", "session": "am", "scanners": 2},
        {"site": "south", "modality": "CT", "day": "mon", "session": "pm"},
    ],
    "staffing_rules": [{"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 1}],
    "staff": [
        {
            "id": "rad-n",
            "count": 3,
            "home_site": "north",
            "tier": "radiographer",
            "sessions": 8,
            "scans": ["CT"],
            "passports": ["cdc"],
        },
        {
            "id": "ap-s",
            "home_site": "south",
            "tier": "assistant_practitioner",
            "sessions": 10,
            "scans": ["CT"],
        },
        {
            "id": "arp-n",
            "home_site": "north",
            "tier": "advanced_practitioner",
            "sessions": 10,
            "max_extra_sessions": 2,
            "extra_session_cost": 400,
            "scans": ["CT"],
        },
        {
            "id": "cons-s",
            "home_site": "south",
            "tier": "consultant_radiologist",
            "sessions": 10,
            "home_reporting": True,
        },
    ],
    "staff_reporting": [
        {"staff": "cons-s", "exam_type": "CT-head"},
        {"staff": "cons-s", "exam_type": "CT-cardiac", "minutes_per_report": 25},
        {"staff": "arp-n", "exam_type": "CT-head", "minutes_per_report": 12},
    ],
    "passport_options": [{"staff": "ap-s", "site": "cdc"}],
    "transfer_links": [
        {"origin": "north", "destination": "south", "studies_per_day": 200},
        {"origin": "south", "destination": "cdc"},
    ],
    "reporting_demand": [
        {"site": "north", "exam_type": "CT-head", "exams_per_week": 230},
        {"site": "south", "exam_type": "CT-cardiac", "exams_per_week": 30},
    ],
}

Workbook = Any  # openpyxl has no type hints
Break = Callable[[Workbook], None]


def column(ws: Any, name: str) -> int:
    """1-based index of the header ``name`` in row 1."""
    for cell in ws[1]:
        if cell.value == name:
            return int(cell.column)
    raise KeyError(name)


def setter(sheet: str, row: int, name: str, value: object) -> Break:
    """A break that puts ``value`` in the cell at ``row`` under the header ``name``."""

    def apply(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.cell(row=row, column=column(ws, name)).value = value  # cell(value=None) would keep it

    return apply


def both(*breaks: Break) -> Break:
    def apply(wb: Workbook) -> None:
        for b in breaks:
            b(wb)

    return apply


def add_row_copy(sheet: str, row: int) -> Break:
    def apply(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.append([c.value for c in ws[row]])

    return apply


def delete_row(sheet: str, row: int) -> Break:
    return lambda wb: wb[sheet].delete_rows(row)


def clear_rows(sheet: str) -> Break:
    """Keep only the header row."""
    return lambda wb: wb[sheet].delete_rows(2, wb[sheet].max_row)


def insert_blank_row(sheet: str, row: int) -> Break:
    return lambda wb: wb[sheet].insert_rows(row)


def delete_column(sheet: str, name: str) -> Break:
    def apply(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.delete_cols(column(ws, name))

    return apply


def rename_header(sheet: str, old: str, new: str) -> Break:
    def apply(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.cell(row=1, column=column(ws, old), value=new)

    return apply


def remove_sheet(sheet: str) -> Break:
    return lambda wb: wb.remove(wb[sheet])


def add_sheet(title: str, value: object) -> Break:
    def apply(wb: Workbook) -> None:
        wb.create_sheet(title)["A1"] = value

    return apply


def value_past_header(sheet: str, row: int, value: object) -> Break:
    def apply(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.cell(row=row, column=ws.max_column + 2, value=value)

    return apply


def duplicate_column(sheet: str, name: str) -> Break:
    def apply(wb: Workbook) -> None:
        ws = wb[sheet]
        source, target = column(ws, name), ws.max_column + 1
        for row in range(1, ws.max_row + 1):
            ws.cell(row=row, column=target, value=ws.cell(row=row, column=source).value)

    return apply


BROKEN: dict[str, Break] = {
    "x_wrong_type.xlsx": setter("trusts", 2, "capital_budget", "lots"),
    "x_negative_minutes.xlsx": setter("exam_types", 3, "scan_minutes", -5),
    "x_nan_text.xlsx": setter("demand", 3, "exams", "NaN"),
    "x_huge_number.xlsx": setter("demand", 2, "exams", 1e15),
    "x_horizon_zero.xlsx": setter("network", 2, "horizon_years", 0),
    "x_unknown_site.xlsx": setter("rooms", 4, "site", "west"),
    "x_bad_boolean.xlsx": setter("trusts", 3, "carry_over", "maybe"),
    "x_fractional_year.xlsx": setter("assets", 2, "install_year", 2016.5),
    "x_date_in_year.xlsx": setter("demand", 2, "year", dt.datetime(2026, 1, 1)),
    "x_tick_box_number.xlsx": setter("rooms", 2, "rooms", True),
    "x_missing_value.xlsx": setter("sites", 3, "latitude", None),
    "x_unknown_catalogue_site.xlsx": setter("catalogue", 3, "sites", "north, west"),
    "x_duplicate_ids.xlsx": setter("sites", 4, "id", "north"),
    "x_capital_shares.xlsx": setter("trusts", 3, "capital_share", 30),
    "x_matrix_without_matrix.xlsx": setter("travel", 2, "method", "matrix"),
    "x_blank_row_numbers.xlsx": both(
        setter("assets", 3, "install_year", 2030), insert_blank_row("assets", 3)
    ),
    "x_two_network_rows.xlsx": add_row_copy("network", 2),
    "x_empty_network.xlsx": delete_row("network", 2),
    "x_empty_required_sheet.xlsx": clear_rows("trusts"),
    "x_missing_sheet.xlsx": remove_sheet("sites"),
    "x_missing_column.xlsx": delete_column("sites", "owner"),
    "x_unknown_column.xlsx": rename_header("sites", "kind", "knd"),
    "x_duplicate_column.xlsx": duplicate_column("sites", "name"),
    "x_unknown_sheet.xlsx": add_sheet("Sheet1", "stray note"),
    "x_headless_value.xlsx": value_past_header("sites", 3, "orphan"),
    "x_huge_outsourcing_cost.xlsx": setter("exam_types", 2, "outsourcing_cost", 1e9),
}

BROKEN_WORKFORCE: dict[str, Break] = {
    "x_wf_negative_session_minutes.xlsx": setter("sessions", 4, "minutes", -30),
    "x_wf_bad_tier.xlsx": setter("staff", 5, "tier", "Consultant Radiologist"),
    "x_wf_unknown_scan_modality.xlsx": setter("staff", 3, "scans", "CT, MRI"),
    "x_wf_fractional_scanners.xlsx": setter("scanner_sessions", 3, "scanners", 1.5),
}


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def stale_dimensions(data: bytes, ref: str = "A1:B2") -> bytes:
    """The workbook with every sheet declaring the dimension ``ref`` whatever cells it holds,
    as files written by some other tools do."""
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                part = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), part)
            dst.writestr(info, part)
    return target.getvalue()


STALE: dict[str, Break] = {
    # a value out of range in a row and column past every sheet's declared dimension
    "x_stale_dimension.xlsx": setter("exam_types", 3, "growth_rate", 7),
}
"""Broken like BROKEN, then every sheet's declared dimension made stale."""


def raw_files(valid: bytes) -> dict[str, bytes]:
    """Files that are not workbooks at all, or damaged ones."""
    return {
        "x_empty_file.xlsx": b"",
        "x_not_a_workbook.xlsx": b"id,name\nRA1,North Trust\n",
        "x_old_xls.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "x_corrupt_zip.xlsx": _zip({"hello.txt": "a zip, but not a workbook"}),
        "x_truncated.xlsx": valid[: len(valid) // 2],
    }


def main(only: list[str]) -> None:
    """Write every workbook of the corpus, or only those named in ``only``."""
    instance = load_instance(BASE)
    workforce = Instance.model_validate({**instance.model_dump(), **WORKFORCE})
    unknown = set(only) - {*BROKEN, *BROKEN_WORKFORCE, *STALE, *raw_files(b"")}
    if unknown:
        raise SystemExit(f"not a generated workbook: {', '.join(sorted(unknown))}")
    wanted = set(only) if only else None
    written = 0
    with tempfile.TemporaryDirectory() as folder:
        valid = Path(folder) / "valid.xlsx"
        valid_workforce = Path(folder) / "valid_workforce.xlsx"
        save_instance(instance, valid)
        save_instance(workforce, valid_workforce)
        for base, breaks in ((valid, BROKEN), (valid_workforce, BROKEN_WORKFORCE)):
            for name, broken in breaks.items():
                if wanted is None or name in wanted:
                    wb = openpyxl.load_workbook(base)
                    broken(wb)
                    wb.save(HERE / name)
                    written += 1
        for name, broken in STALE.items():
            if wanted is None or name in wanted:
                wb = openpyxl.load_workbook(valid)
                broken(wb)
                buffer = io.BytesIO()
                wb.save(buffer)
                (HERE / name).write_bytes(stale_dimensions(buffer.getvalue()))
                written += 1
        for name, data in raw_files(valid.read_bytes()).items():
            if wanted is None or name in wanted:
                (HERE / name).write_bytes(data)
                written += 1
    print(f"wrote {written} workbooks to {HERE}")


if __name__ == "__main__":
    main(sys.argv[1:])
