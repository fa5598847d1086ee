"""Input problems located by field path.

Every problem with an instance, whether a type error found by pydantic or a cross-table
check, is an :class:`InputProblem` whose ``loc`` is a path into the instance such as
``("sites", 3, "owner")``. The file readers translate that path into the place a person
edits (YAML line, Excel sheet and row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Loc = tuple[str | int, ...]

MAX_ECHO = 80
"""Most characters of a key or value from the input that a message or place repeats."""
MAX_TEXT = 1000
"""Most characters of a problem's message or place (a safety net: inputs are echoed shortened)."""
SHOWN_PROBLEMS = 50
"""Problems an error message lists; the rest are counted."""


def shorten(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` cut to ``limit`` characters, ending in ``...`` when cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class InputProblem:
    """One problem with the input: where it is and what is wrong."""

    loc: Loc
    message: str
    place: str = ""
    """Where a person finds it (file, sheet and row); filled in by the readers."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", shorten(self.message, MAX_TEXT))
        object.__setattr__(self, "place", shorten(self.place, MAX_TEXT))

    def path(self) -> str:
        """The field path in the instance, e.g. ``sites[3].owner`` (long keys shortened)."""
        out = ""
        for part in self.loc:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                name = shorten(part)
                out += f".{name}" if out else name
        return out or "(instance)"

    def __str__(self) -> str:
        where = self.place or self.path()
        return f"{where}: {self.message}"


class InstanceError(Exception):
    """Raised when an instance cannot be read or is invalid; holds every problem found.

    Deliberately not a ``ValueError``: pydantic lets it propagate unchanged out of validators,
    so the structured locations survive.
    """

    def __init__(self, problems: Sequence[InputProblem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self, limit: int = SHOWN_PROBLEMS) -> str:
        """The first ``limit`` problems, one a line, and a count of the rest."""
        head = f"invalid instance{f' {self.source}' if self.source else ''}"
        count = len(self.problems)
        lines = [f"{head}: {count:,} problem{'' if count == 1 else 's'}"]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if count > limit:
            rest = count - limit
            lines.append(f"  ... and {rest:,} more problem{'' if rest == 1 else 's'}")
        return "\n".join(lines)
