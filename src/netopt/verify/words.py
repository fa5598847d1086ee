"""Numbers and amounts in a verifier's messages, in a planner's words."""

from __future__ import annotations


def num(x: float) -> str:
    """A number for a message: whole when it is (to the cent), else two decimals; tiny
    non-zero numbers (differences) to three significant figures."""
    if 0 < abs(x) < 0.005:
        return f"{x:.3g}"
    return f"{round(x):,}" if abs(x - round(x)) < 0.005 else f"{x:,.2f}"


def exact(x: float) -> str:
    """A number as written in a table (up to 6 decimals, no separators), for cell messages."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def gbp(x: float) -> str:
    return f"GBP {num(x)}"


def hours_text(x: float) -> str:
    return f"{num(x)} h"


def count(n: float, what: str) -> str:
    """``1 session``, ``2 sessions``."""
    return f"{num(n)} {what}{'' if n == 1 else 's'}"


def difference(written: float, recomputed: float) -> str:
    """How a recomputed amount differs from a written one, in words."""
    gap = recomputed - written
    return f"{gbp(abs(gap))} {'more' if gap > 0 else 'less'} than written"
