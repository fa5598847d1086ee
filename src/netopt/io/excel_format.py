"""Excel workbooks (.xlsx): one sheet per table of the instance.

Layout rules (the README sheet of every written workbook and docs/file-formats.md say the same):

1. Each table of the instance is a sheet named like the table (``sites``, ``exam_types``);
   sheet names and column headers are matched ignoring case and surrounding spaces.
2. Row 1 is the header: field names, in any order. A column whose header is not a field of
   the table is an error; a required field's column must be there; optional columns may be
   left out.
3. List tables (``trusts``, ``sites``, ``rooms``, ...): one record per row from row 2; blank
   rows are skipped. Places in messages use the row numbers Excel shows.
4. Sections (``network``, ``travel``, ``policy``): the header row and exactly one data row.
   With no data row the section is not given (its defaults apply; ``network`` is required).
5. An empty cell means the field is not given: its default applies (or it is reported
   missing when required).
6. Lists of ids (``capabilities``, the ``sites`` of a catalogue model) are written in one cell,
   separated by commas: ``cardiac, paediatric``.
7. True/false fields take TRUE/FALSE cells, or the text yes/no/true/false (also 1/0).
8. Whole-number fields accept numbers Excel stores as 2030.0, and numbers typed as text;
   text fields accept numbers (an id typed as 123 is read as "123").
9. Sheets named ``README`` or whose name starts with ``_`` are documentation and ignored, as
   are empty sheets with other names; any other sheet that is not a table is an error.
10. Required sheets: the tables without a default (``network``, ``trusts``, ``sites``,
    ``modalities``, ``exam_types``, ``age_profiles``); the others may be absent.
11. Formula cells are read as the value Excel last calculated (save the file in Excel first).
"""

from __future__ import annotations

import difflib
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic.fields import FieldInfo

from netopt.io.archive import check_unpacked_size
from netopt.io.atomic import atomic_path
from netopt.io.messages import show
from netopt.io.problems import fail, validate
from netopt.io.tables import (
    FieldKind,
    Table,
    choices,
    default_label,
    description,
    field_kind,
    table,
    tables,
    type_label,
)
from netopt.io.text import OLE_MAGIC, ZIP_MAGIC
from netopt.schema import Instance
from netopt.schema.errors import InputProblem, Loc, shorten

README = "README"
LAYOUT_RULES = (
    "One sheet per table, named like the table; sheet names and headers ignore case.",
    "Row 1 is the header of field names (any order); unknown columns are errors.",
    "List tables: one record per row from row 2; blank rows are skipped.",
    "Sections (network, travel, policy): exactly one data row under the header.",
    "An empty cell means the field is not given: its default applies.",
    "Lists of ids (capabilities, sites) go in one cell, separated by commas.",
    "True/false fields: TRUE/FALSE, or yes/no.",
    "Sheets named README or starting with _ are ignored (use them for notes).",
    "Required sheets have at least one row; the others may be deleted or left empty.",
    "Formula cells are read as the value Excel last calculated.",
)

TRUE_TEXT = frozenset({"true", "yes", "y", "1"})
FALSE_TEXT = frozenset({"false", "no", "n", "0"})
MAX_ROW = 1_048_576
MAX_CELLS = 20_000_000
"""Most cells read from a workbook's table sheets, counting the empty cells left of each row's
last value (a row is read as wide as its last cell): ten times an England-wide travel matrix.
A few bytes placed far to the right cost thousands of cells each."""

# what openpyxl and the zip/XML layers raise for a damaged or foreign file
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    EOFError,
    OSError,
)


# --------------------------------------------------------------------------- cells


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _has_values(row: Iterable[object]) -> bool:
    return any(not _blank(v) for v in row if v is not None)


def _as_text(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _as_integer(value: object) -> object:
    if isinstance(value, str):
        try:
            value = float(value.strip()) if "." in value or "e" in value.lower() else int(value)
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _as_number(value: object) -> object:
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return value
    return value


def _as_boolean(value: object) -> object:
    if isinstance(value, bool):
        return value
    text = str(_as_text(value)).strip().lower()
    if text in TRUE_TEXT:
        return True
    if text in FALSE_TEXT:
        return False
    return value


def _as_list(value: object) -> object:
    return [item.strip() for item in str(_as_text(value)).split(",") if item.strip()]


def coerce(value: object, kind: FieldKind) -> object:
    """A non-empty cell value as the schema expects it; anything unreadable is passed through
    unchanged so that validation reports it at its cell."""
    if isinstance(value, bool) and kind in (FieldKind.INTEGER, FieldKind.NUMBER):
        return "TRUE" if value else "FALSE"  # never read a tick box as 1
    if kind in (FieldKind.TEXT, FieldKind.CHOICE):
        return _as_text(value)
    if kind is FieldKind.INTEGER:
        return _as_integer(value)
    if kind is FieldKind.NUMBER:
        return _as_number(value)
    if kind is FieldKind.BOOLEAN:
        return _as_boolean(value)
    return _as_list(value)


# --------------------------------------------------------------------------- reading


@dataclass
class _Sheet:
    """Where a table's data sits in the workbook."""

    title: str
    columns: dict[str, int] = field(default_factory=dict)
    """Field name -> 1-based column index."""
    rows: list[int] = field(default_factory=list)
    """Spreadsheet row of each record."""
    missing: set[str] = field(default_factory=set)
    """Required fields without a column (reported once, not per row)."""


class _Reader:
    """Collects the data, the sheet layout and the structural problems of a workbook."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {}
        self.sheets: dict[str, _Sheet] = {}
        self.problems: list[InputProblem] = []
        self.cells = 0
        """Cells read so far (see MAX_CELLS)."""

    def _problem(self, loc: Loc, message: str, place: str) -> None:
        self.problems.append(InputProblem(loc, message, f"{self.path.name}, {place}"))

    def read_sheet(self, title: str, rows: Iterator[tuple[object, ...]]) -> None:
        if title.strip().upper() == README or title.startswith("_"):
            return
        t = table(title.strip().lower())
        rows = self._counted(title, rows)
        header = next(rows, ())
        if t is None:
            if _has_values(header) or any(_has_values(r) for r in rows):
                self._unknown_sheet(title)
            return
        if t.name in self.sheets:
            self._problem((t.name,), f"a second sheet for table '{t.name}'", f"sheet '{title}'")
            return
        sheet = self.sheets[t.name] = _Sheet(title)
        named = self._header(t, sheet, header)
        records = list(self._records(t, sheet, rows, named))
        if records and not named:
            self._problem(
                (t.name,),
                "row 1 must hold the column names; it is empty",
                f"sheet '{title}', row 1",
            )
            sheet.missing = {f for f, i in t.fields.items() if i.is_required()}
        self._store(t, sheet, records)

    def _counted(
        self, title: str, rows: Iterator[tuple[object, ...]]
    ) -> Iterator[tuple[object, ...]]:
        for row in rows:
            self.cells += len(row)
            if self.cells > MAX_CELLS:
                fail(
                    self.path,
                    f"more than {MAX_CELLS:,} cells to read, counting the empty cells left of "
                    "each row's last value: delete stray values far right of or below the data",
                    place=f"{self.path.name}, sheet '{shorten(title)}'",
                )
            yield row

    def _unknown_sheet(self, title: str) -> None:
        names = [t.name for t in tables()]
        title = shorten(title)
        close = difflib.get_close_matches(title.strip().lower(), names, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        self._problem(
            (),
            f"unknown sheet '{title}' ({hint}tables: {', '.join(names)}; "
            "name notes sheets README or start them with _)",
            f"sheet '{title}'",
        )

    def _header(self, t: Table, sheet: _Sheet, header: tuple[object, ...]) -> set[int]:
        """Fill ``sheet.columns``; return the indices of every named column (known or not)."""
        by_name = {name.lower(): name for name in t.fields}
        named = set()
        for index, cell in enumerate(header, start=1):
            if _blank(cell):
                continue
            named.add(index)
            text = shorten(str(_as_text(cell)).strip())
            name = by_name.get(text.lower())
            where = f"sheet '{sheet.title}', column '{text}' (cell {get_column_letter(index)}1)"
            if name is None:
                close = difflib.get_close_matches(text.lower(), list(t.fields), n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                message = f"unknown column '{text}' ({hint}columns: {', '.join(t.fields)})"
                self._problem((t.name,), message, where)
            elif name in sheet.columns:
                self._problem((t.name, name), f"column '{name}' appears twice", where)
            else:
                sheet.columns[name] = index
        if named:
            sheet.missing = {
                f for f, i in t.fields.items() if i.is_required() and f not in sheet.columns
            }
            for name in sorted(sheet.missing, key=list(t.fields).index):
                self._problem(
                    (t.name,), f"required column '{name}' is missing", f"sheet '{sheet.title}'"
                )
        return named

    def _records(
        self, t: Table, sheet: _Sheet, rows: Iterator[tuple[object, ...]], named: set[int]
    ) -> Iterator[dict[str, Any]]:
        fields = {index: name for name, index in sheet.columns.items()}
        kinds = {name: field_kind(info) for name, info in t.fields.items()}
        headless: set[int] = set()
        for number, row in enumerate(rows, start=2):
            if not _has_values(row):
                continue
            record: dict[str, Any] = {}
            for index, value in enumerate(row, start=1):
                if value is None or _blank(value):
                    continue
                name = fields.get(index)
                if name is not None:
                    record[name] = coerce(value, kinds[name])
                elif named and index not in named and index not in headless:
                    headless.add(index)
                    cell = f"{get_column_letter(index)}{number}"
                    self._problem(
                        (t.name,),
                        f"value {show(value)} in a column without a header",
                        f"sheet '{sheet.title}', row {number} (cell {cell})",
                    )
            sheet.rows.append(number)
            yield record

    def _store(self, t: Table, sheet: _Sheet, records: list[dict[str, Any]]) -> None:
        if t.is_list:
            self.data[t.name] = records
            return
        if len(records) > 1:
            self._problem(
                (t.name,),
                f"sheet '{sheet.title}' takes exactly one data row, found {len(records)}",
                f"sheet '{sheet.title}', row {sheet.rows[1]}",
            )
        if records:
            self.data[t.name] = records[0]

    def place(self, loc: Loc) -> str:
        """``file.xlsx, sheet 'sites', row 5, column 'owner' (cell D5)``."""
        if not loc or not isinstance(loc[0], str):
            return self.path.name
        t, sheet = table(loc[0]), self.sheets.get(loc[0])
        out = f"{self.path.name}, sheet '{sheet.title if sheet else loc[0]}'"
        rest = loc[1:]
        row = None
        if t is not None and t.is_list and rest and isinstance(rest[0], int):
            row = sheet.rows[rest[0]] if sheet and rest[0] < len(sheet.rows) else None
            rest = rest[1:]
        elif t is not None and not t.is_list and rest and sheet and sheet.rows:
            row = sheet.rows[0]
        if row is not None:
            out += f", row {row}"
        if rest and isinstance(rest[0], str):
            out += f", column '{rest[0]}'"
            column = sheet.columns.get(rest[0]) if sheet else None
            if row is not None and column is not None:
                out += f" (cell {get_column_letter(column)}{row})"
        return out

    def adjust(self, problem: InputProblem, kind: str) -> InputProblem | None:
        """Say 'sheet' where YAML says 'table'; drop per-row 'missing' for a missing column."""
        loc = problem.loc
        if kind != "missing" or not loc or not isinstance(loc[0], str):
            return problem
        sheet = self.sheets.get(loc[0])
        if len(loc) == 1:
            if sheet is None:
                return replace(problem, message=f"required sheet '{loc[0]}' is missing")
            return replace(
                problem,
                message=f"required: sheet '{sheet.title}' needs a data row below the header",
            )
        if sheet is not None and loc[-1] in sheet.missing:
            return None
        return problem


def _open(path: Path) -> Any:
    with path.open("rb") as file:
        head = file.read(len(ZIP_MAGIC))
    if not head:
        fail(path, "the file is empty")
    if head.startswith(OLE_MAGIC):
        fail(
            path,
            "an old .xls workbook or a password-protected file; save it in Excel as .xlsx without a password",
        )
    if head != ZIP_MAGIC:
        fail(
            path,
            "not an Excel .xlsx workbook (it looks like a text or other file); check the file extension",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about Excel features it drops
        try:
            check_unpacked_size(path)
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
        except UNREADABLE as error:
            fail(path, f"unreadable Excel workbook ({type(error).__name__}: {error})")


def read_excel(path: Path) -> Instance:
    """Load an instance from a workbook laid out as the module docstring says."""
    workbook = _open(path)
    reader = _Reader(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for sheet in workbook.worksheets:
                # The <dimension> a sheet declares is often stale in files other tools wrote;
                # read every cell there is instead (rows and columns outside it included).
                sheet.reset_dimensions()
                reader.read_sheet(str(sheet.title), sheet.iter_rows(values_only=True))
    except UNREADABLE as error:  # read-only workbooks parse sheets lazily
        fail(path, f"unreadable Excel workbook ({type(error).__name__}: {error})")
    finally:
        workbook.close()
    return validate(
        reader.data, path, place=reader.place, before=reader.problems, adjust=reader.adjust
    )


# --------------------------------------------------------------------------- writing

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: object, name: str) -> object:
    if isinstance(value, list):
        if any("," in str(item) for item in value):
            raise ValueError(
                f"{name}: ids containing a comma cannot be written to an Excel list cell"
            )
        return ", ".join(str(item) for item in value)
    return value


def _write_header(ws: Any, t: Table) -> None:
    for index, (name, info) in enumerate(t.fields.items(), start=1):
        cell = ws.cell(row=1, column=index, value=name)
        cell.font, cell.fill = BOLD, HEADER_FILL
        note = f"{description(info)}\n\n{type_label(info)}; {default_label(info)}"
        cell.comment = Comment(note, "netopt", width=320, height=160)
        ws.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 4)
        _add_validation(ws, info, index)
    ws.freeze_panes = "A2"


def _add_validation(ws: Any, info: FieldInfo, index: int) -> None:
    """A drop-down for choice and true/false columns (typing other text stays possible)."""
    kind = field_kind(info)
    if kind is FieldKind.CHOICE:
        options = choices(info)
    elif kind is FieldKind.BOOLEAN:
        options = ["TRUE", "FALSE"]
    else:
        return
    validation = DataValidation(type="list", formula1=f'"{",".join(options)}"', allow_blank=True)
    letter = get_column_letter(index)
    validation.add(f"{letter}2:{letter}{MAX_ROW}")
    ws.add_data_validation(validation)


def _write_records(ws: Any, t: Table, records: list[dict[str, Any]]) -> None:
    for row, record in enumerate(records, start=2):
        for column, name in enumerate(t.fields, start=1):
            value = record.get(name)
            if value is None:
                continue
            cell = ws.cell(row=row, column=column, value=_cell_value(value, f"{t.name}.{name}"))
            if cell.data_type == "f":  # text starting with '=' is data, not a formula
                cell.data_type = "s"


def _write_readme(ws: Any) -> None:
    ws.append(["netopt instance workbook"])
    ws["A1"].font = Font(bold=True, size=14)
    for rule in LAYOUT_RULES:
        ws.append([rule])
    ws.append([])
    ws.append(["table / field", "type", "required / default", "meaning"])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for t in tables():
        shape = "one row per record" if t.is_list else "one data row"
        ws.append([t.name, shape, "required sheet" if t.required else "optional sheet", t.title])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
        for name, info in t.fields.items():
            ws.append([f"  {name}", type_label(info), default_label(info), description(info)])
            ws.cell(row=ws.max_row, column=4).alignment = WRAP
    for letter, width in zip("ABCD", (28, 34, 18, 90), strict=True):
        ws.column_dimensions[letter].width = width


def write_workbook(path: Path, instance: Instance | None) -> None:
    """Write the documented workbook layout, with the instance's records if given."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _write_readme(workbook.create_sheet(README))
    data = instance.model_dump(mode="json") if instance is not None else {}
    for t in tables():
        ws = workbook.create_sheet(t.name)
        _write_header(ws, t)
        value = data.get(t.name)
        records = value if t.is_list else [value] if value is not None else []
        _write_records(ws, t, records or [])
    with atomic_path(path) as tmp:
        workbook.save(tmp)
