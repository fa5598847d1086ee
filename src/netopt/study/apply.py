"""Reading a study file and applying a scenario's changes to the base instance.

Changes are applied to the validated base instance's data, in order, and the result is
validated again as a whole instance, so a change that breaks any rule of the schema (a new site
owned by an unknown trust, a budget made negative) is an error that names the scenario, the
change and the rule. Every problem is placed at its line of the study file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from netopt.io import load_instance
from netopt.io.messages import problem_from_error
from netopt.io.tables import table as instance_table
from netopt.io.yaml_format import NodeLines, compose, located
from netopt.schema import Instance, InstanceError
from netopt.schema.errors import InputProblem, Loc
from netopt.study.spec import Between, Change, Scenario, Study

SHOWN_PROBLEMS = 20


class StudyError(Exception):
    """The study file cannot be read, or a scenario cannot be made; holds every problem, each
    placed in the study file."""

    def __init__(self, problems: Sequence[InputProblem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"invalid study{f' {self.source}' if self.source else ''}"
        lines = [f"{head}: {count:,} problem{'' if count == 1 else 's'}"]
        lines += [f"  - {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            lines.append(f"  ... and {count - SHOWN_PROBLEMS:,} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class StudyFile:
    """A study as read: its content, where it is, and its base instance."""

    study: Study
    path: Path
    base: Instance
    lines: NodeLines | None = None

    def place(self, loc: Loc) -> str:
        """Where ``loc`` of the study file is, for a message: ``study.yaml line 12 (...)``."""
        return located(self.path, self.lines, loc)

    def scenario_loc(self, scenario: Scenario) -> Loc:
        """Where a scenario is defined: its entry in ``scenarios`` or its sweep."""
        for i, s in enumerate(self.study.scenarios):
            if s.name == scenario.name:
                return ("scenarios", i)
        for i, sweep in enumerate(self.study.sweeps):
            if scenario.name.startswith(f"{sweep.name}-"):
                return ("sweeps", i)
        return ()


def read_study(path: str | Path) -> StudyFile:
    """Read and validate a study file (YAML or JSON) and its base instance; every problem is
    raised as a :class:`StudyError` (a bad base instance as the instance's own error)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StudyError([InputProblem((), "no such file", path.name)], str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise StudyError(
            [InputProblem((), f"cannot be read: {error}", path.name)], str(path)
        ) from None
    try:
        root, data, duplicates = compose(text, path)
    except InstanceError as error:
        raise StudyError(error.problems, str(path)) from None
    lines = NodeLines(root) if root is not None else None
    if not isinstance(data, dict):
        problem = InputProblem((), "the top level must be a mapping (base:, scenarios:, ...)")
        raise StudyError([*duplicates, problem], str(path))
    try:
        study = Study.model_validate(data)
    except ValidationError as error:
        problems = [problem_from_error(e) for e in error.errors(include_url=False)]
        placed = [p if p.place else _placed(p, path, lines) for p in [*duplicates, *problems]]
        raise StudyError(placed, str(path)) from None
    if duplicates:
        raise StudyError(duplicates, str(path))
    base_path = (path.parent / study.base).resolve()
    if not base_path.is_file():
        message = f"the base instance {study.base} is not a file (looked for {base_path})"
        raise StudyError(
            [InputProblem(("base",), message, located(path, lines, ("base",)))], str(path)
        )
    return StudyFile(study, path, load_instance(base_path), lines)


def _placed(problem: InputProblem, path: Path, lines: NodeLines | None) -> InputProblem:
    return InputProblem(problem.loc, problem.message, located(path, lines, problem.loc))


# --------------------------------------------------------------------------- changes


def _matches(row: dict[str, Any], where: dict[str, Any]) -> bool:
    for field, wanted in where.items():
        value = row.get(field)
        if isinstance(wanted, Between):
            if not isinstance(value, int | float) or not wanted.start <= value <= wanted.end:
                return False
        elif isinstance(wanted, list):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


class _ChangeProblem(Exception):
    """A change cannot be applied (its message says why)."""


def _check_fields(table: str, fields: dict[str, Any], where: str) -> None:
    known = instance_table(table)
    if known is None:
        return
    unknown = sorted(set(fields) - set(known.fields))
    if unknown:
        raise _ChangeProblem(
            f"{table} has no field {', '.join(unknown)} ({where}); its fields: "
            f"{', '.join(known.fields)}"
        )


def _apply(data: dict[str, Any], change: Change) -> None:
    """Apply one change to the instance's data (raising :class:`_ChangeProblem`)."""
    known = instance_table(change.table)
    if known is None:
        raise _ChangeProblem(f"the instance has no table {change.table!r}")
    _check_fields(change.table, change.where, "in where")
    if not known.is_list:
        if change.where or change.action in ("add", "remove"):
            raise _ChangeProblem(
                f"{change.table} is a single record: only set or scale its fields, with no where"
            )
        section = data.setdefault(change.table, {})
        rows = [section]
    else:
        table = data.setdefault(change.table, [])
        if change.add is not None:
            for row in change.add:
                _check_fields(change.table, row, "in add")
            table.extend(dict(row) for row in change.add)
            return
        rows = [row for row in table if _matches(row, change.where)]
        if not rows:
            chosen = ", ".join(f"{k} {_shown(v)}" for k, v in change.where.items())
            raise _ChangeProblem(f"no row of {change.table} has {chosen or 'any row'}")
        if change.remove:
            kept = [row for row in table if not _matches(row, change.where)]
            data[change.table] = kept
            return
    if change.set is not None:
        _check_fields(change.table, change.set, "in set")
        for row in rows:
            row.update(change.set)
    for action, amounts in (("scale", change.scale), ("shift", change.shift)):
        if amounts is not None:
            _check_fields(change.table, amounts, f"in {action}")
            for field, amount in amounts.items():
                _arithmetic(rows, action, field, amount)


def _arithmetic(rows: list[dict[str, Any]], action: str, field: str, amount: Any) -> None:
    """``field`` of each row multiplied (``scale``) or increased (``shift``) by ``amount``; an
    optional field left empty stays empty; a whole number stays whole when the result is; the
    result keeps 12 significant digits (1.5e6 x 1.15 is 1725000, not 1724999.9999999998)."""
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
        raise _ChangeProblem(f"{action} {field}: {amount!r} is not a number")
    for row in rows:
        value = row.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _ChangeProblem(f"{action} {field}: the field holds {value!r}, not a number")
        result = float(f"{value * amount if action == 'scale' else value + amount:.12g}")
        whole = isinstance(value, int) and result.is_integer()
        row[field] = int(result) if whole else result


def _shown(value: Any) -> str:
    if isinstance(value, Between):
        return f"from {value.start} to {value.end}"
    return repr(value)


def scenario_instance(study: StudyFile, scenario: Scenario) -> Instance:
    """The base instance with the scenario's changes applied and validated again
    (:class:`StudyError` naming the scenario and the change when one cannot be made)."""
    if not scenario.changes:
        return study.base
    data = study.base.model_dump(mode="python")
    origin = study.scenario_loc(scenario)
    for number, change in enumerate(scenario.changes):
        loc: Loc = (*origin, "changes", number) if origin else ()
        try:
            _apply(data, change)
        except _ChangeProblem as problem:
            message = f"scenario {scenario.name}, change {number + 1} ({change.action} {change.table}): {problem}"
            raise StudyError(
                [InputProblem(loc, message, study.place(loc))], str(study.path)
            ) from None
    try:
        return Instance.model_validate(data)
    except ValidationError as error:
        found = [problem_from_error(e) for e in error.errors(include_url=False)]
    except InstanceError as error:
        found = error.problems
    place = study.place(origin)
    problems = [
        InputProblem(
            origin,
            f"scenario {scenario.name} breaks a rule of the instance: {p.path()}: {p.message}",
            place,
        )
        for p in found
    ]
    raise StudyError(problems, str(study.path))
