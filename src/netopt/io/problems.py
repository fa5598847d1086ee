"""Turning whatever went wrong into located :class:`InstanceError` problems."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from netopt.io.messages import problem_from_error
from netopt.schema import Instance
from netopt.schema.errors import InputProblem, InstanceError, Loc

Place = Callable[[Loc], str]
"""Maps a field path to where a person finds it in the file."""

Adjust = Callable[[InputProblem, str], InputProblem | None]
"""Rewrites (or drops, returning None) a problem; gets the pydantic error type or ``check``."""


def loc_path(loc: Loc) -> str:
    """``("sites", 3, "owner")`` -> ``sites[3].owner``."""
    return InputProblem(loc, "").path()


def fail(path: Path, message: str, place: str = "", loc: Loc = ()) -> NoReturn:
    """Raise for a whole-file problem (place defaults to the file name)."""
    raise InstanceError([InputProblem(loc, message, place or path.name)], source=str(path))


def _keep(problem: InputProblem, kind: str) -> InputProblem | None:
    return problem


def validate(
    data: Any,
    path: Path,
    place: Place,
    before: Sequence[InputProblem] = (),
    adjust: Adjust = _keep,
) -> Instance:
    """Build the instance, or raise every problem (``before`` ones first), each with a place.

    Problems that already have a place (found while reading the file) keep it.
    """
    found: list[tuple[InputProblem, str]] = []
    instance: Instance | None = None
    try:
        instance = Instance.model_validate(data)
    except ValidationError as error:
        found = [(problem_from_error(e), str(e["type"])) for e in error.errors(include_url=False)]
    except InstanceError as error:
        found = [(p, "check") for p in error.problems]
    adjusted = [q for p, kind in found if (q := adjust(p, kind)) is not None]
    problems = [*before, *adjusted]
    if instance is None and not problems:  # every problem adjusted away: still invalid
        problems = [InputProblem((), "invalid instance")]
    if problems or instance is None:
        raise InstanceError(
            [p if p.place else replace(p, place=place(p.loc)) for p in problems], source=str(path)
        )
    return instance
