"""Tables in a terminal: drawn when every cell fits whole, plain when piped or too narrow, and
never a figure cut."""

from __future__ import annotations

import io

from rich.console import Console

from netopt.cli.common import TextTable


def shown(table: TextTable, width: int, terminal: bool) -> str:
    out = io.StringIO()
    table.show(Console(file=out, width=width, force_terminal=terminal, color_system=None))
    return out.getvalue()


def comparison() -> TextTable:
    table = TextTable("Compared", ("plan", "status", "net present cost"), right=frozenset({2}))
    table.add_row("optimised", "optimal", "GBP 60,532,832")
    table.add_row("age:10", "infeasible", "-")
    return table


def test_wide_terminal_draws_the_table() -> None:
    text = shown(comparison(), 120, terminal=True)
    assert "┃ plan" in text and "GBP 60,532,832" in text and "…" not in text


def test_narrow_terminal_falls_back_to_plain_lines() -> None:
    text = shown(comparison(), 30, terminal=True)
    assert text.splitlines() == [
        "Compared",
        "plan: optimised; status: optimal; net present cost: GBP 60,532,832",
        "plan: age:10; status: infeasible; net present cost: -",
    ]


def test_piped_output_is_plain_even_when_wide() -> None:
    table = TextTable("Capital plan: Tutorial")
    table.add_row("status", "feasible")
    table.add_row("quality", "costs at most 10.72% more than the best possible plan")
    assert shown(table, 200, terminal=False).splitlines() == [
        "Capital plan: Tutorial",
        "status:  feasible",
        "quality: costs at most 10.72% more than the best possible plan",
    ]
