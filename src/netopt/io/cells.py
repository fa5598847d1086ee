"""Text cells that a spreadsheet would execute, neutralised in written CSV files.

A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (CSV injection). Every *text* cell netopt writes
to a CSV file that begins with one of those characters, or with the quote itself, gets one
leading apostrophe (``'``), the usual convention: a spreadsheet shows the text, and
:func:`restore_text` gives back the original exactly. Numbers are never escaped (``-12.5`` stays a
number). Workbooks (``.xlsx``) need no escaping: their text cells are stored as text.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet evaluate a cell."""

QUOTE = "'"


def escape_text(text: str) -> str:
    """``text`` as written to a CSV cell: with a leading apostrophe when it begins like a
    formula or with an apostrophe (so the escaping can always be undone)."""
    if text and (text[0] in FORMULA_STARTS or text[0] == QUOTE):
        return QUOTE + text
    return text


def restore_text(cell: str) -> str:
    """The text a CSV cell written with :func:`escape_text` stands for."""
    return cell[1:] if cell.startswith(QUOTE) else cell
