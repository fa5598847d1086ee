"""How HiGHS is run on the capital model: the strategies a user can choose."""

from __future__ import annotations

from enum import StrEnum


class CapitalStrategy(StrEnum):
    """How the capital model is solved."""

    MIP = "mip"
    """One HiGHS branch-and-bound run on the whole model (from the start plan, if any)."""
