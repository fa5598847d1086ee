"""The week a workforce plan rostered from a capital or joint plan's year was solved for, checked
before the plan is checked against it.

``netopt solve workforce INSTANCE --capital-plan DIR --year Y`` solves a week made from INSTANCE
and the plan in DIR (``models/workforce.md``, "Rostering a capital or joint plan's year"),
writes that week into the result folder as ``week.yaml`` and says where it came from in
``summary.json`` (``capital_plan``: DIR as given, the plan's model, Y, the week's hash). The
verifier checks the plan against that week, once the week itself holds up (family ``week``):

1. **It is the week solved.** ``week.yaml`` is in the folder, reads as an instance, and its
   hash is ``capital_plan.week_sha256``. Without a readable week the plan cannot be checked.
2. **It is INSTANCE, but for what rostering changes.** Every table but ``scanner_sessions``,
   ``reporting_demand``, ``staff`` and ``staff_reporting`` is INSTANCE's, and so are the
   workforce settings but ``year`` (Y) and ``scanner_sessions_from_fleet`` (off). From a
   capital plan the staff and their reporting skills are INSTANCE's too; from a joint plan
   every staff row of INSTANCE is there with all but its ``count`` unchanged, with its
   reporting skills, and the rows added have skills only of their own.
3. **What it changes is what the plan's folder says**, when DIR is still there (read as
   ``netopt solve workforce`` reads it, :func:`netopt.io.capital_plan.read_capital_plan`,
   and re-derived here without the model code, :mod:`netopt.verify.workforce.week_plan`).
   When DIR is gone (moved, deleted, or a relative path verified from another folder) or
   cannot be read, the report says the week was checked against INSTANCE alone.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netopt.io.capital_plan import WEEK_FILE, read_capital_plan
from netopt.io.files import instance_hash, load_instance
from netopt.schema import Instance, InstanceError
from netopt.verify.report import Violation
from netopt.verify.summary import Summary, WeekSource
from netopt.verify.workforce.week_plan import WEEK, check_week_against_plan, week_violation

ROSTERED_TABLES = ("scanner_sessions", "reporting_demand")
"""The tables rostering replaces from the plan's folder (checked against it)."""
STAFF_TABLES = ("staff", "staff_reporting")
"""The tables a joint plan's workforce changes (a capital plan's week keeps INSTANCE's)."""
ROSTERED_SETTINGS = ("year", "scanner_sessions_from_fleet")
"""The workforce settings rostering sets: the plan year, and the sessions given (not the
fleet's)."""
SHOWN = 5
"""Differences shown per table; the rest are counted."""
WIDEST_VALUE = 80
"""Most characters of a value a message shows."""


@dataclass(frozen=True)
class WeekCheck:
    """The week checked: the instance to check the plan against, the violations of the week,
    and what the plan is checked against, in words."""

    week: Instance | None
    """The week read from ``week.yaml``; None when there is none to read."""
    violations: list[Violation]
    checked_against: str | None
    """What the plan is checked against, in words; None when it cannot be checked."""


def check_rostered_week(instance: Instance, folder: Path, summary: Summary) -> WeekCheck:
    """Read and check the week of a workforce plan whose ``summary.json`` says it was rostered
    from a capital or joint plan's year (see the module docstring)."""
    source = summary.week_source or WeekSource(None, None, None, None)
    what = source.described()
    path = folder / WEEK_FILE
    if not path.is_file():
        why = "is missing from" if not path.exists() else "is not a file of"
        message = (
            f"{WEEK_FILE} {why} the result folder: summary.json says the plan was solved for "
            f"the week of {what}, which netopt writes there as {WEEK_FILE}; without it the "
            "plan cannot be checked (solve it again to write it)"
        )
        return WeekCheck(None, [week_violation(message)], None)
    try:
        week = load_instance(path)
    except InstanceError as error:
        found = [
            week_violation(f"{WEEK_FILE} is not a valid instance: {p}")
            for p in error.problems[:SHOWN]
        ]
        if len(error.problems) > SHOWN:
            rest = len(error.problems) - SHOWN
            found.append(week_violation(f"{WEEK_FILE}: {rest} more problem(s) of the instance"))
        return WeekCheck(None, found, None)
    out = check_week_file(week, source)
    joint = source.model == "joint"
    out += check_unchanged(instance, week, joint)
    basis = f"{WEEK_FILE}, the week of {what} (itself checked against the instance"
    plan_folder = None if source.folder is None else Path(source.folder)
    if plan_folder is None or not plan_folder.is_dir():
        changed = "scanner sessions and reporting demand" + (" and staff" if joint else "")
        missing = "is not named" if plan_folder is None else "is not there"
        return WeekCheck(
            week,
            out,
            f"{basis} only: the plan's folder {missing}, so the week's {changed} were not "
            "checked against the plan)",
        )
    try:
        plan = read_capital_plan(plan_folder)
    except InstanceError as error:
        first = error.problems[0] if error.problems else "unreadable"
        return WeekCheck(
            week,
            out,
            f"{basis} only: the plan's folder cannot be read ({first}), so the week was not "
            "checked against the plan)",
        )
    year = source.year if source.year is not None else week.workforce.year
    if year is not None:
        out += check_week_against_plan(instance, week, plan, year)
    return WeekCheck(week, out, f"{basis} and the plan's folder)")


def check_week_file(week: Instance, source: WeekSource) -> list[Violation]:
    """``week``: the week is the one solved (its hash) and of the year rostered, with the
    scanner sessions given (not the fleet's)."""
    out = []
    if source.week_sha256 is not None and instance_hash(week) != source.week_sha256:
        out.append(
            week_violation(
                f"{WEEK_FILE} is not the week the plan was solved for (summary.json "
                f"capital_plan.week_sha256 {source.week_sha256[:12]}...; {WEEK_FILE}'s is "
                f"{instance_hash(week)[:12]}...): it was changed after netopt wrote it"
            )
        )
    if source.year is not None and week.workforce.year != source.year:
        out.append(
            week_violation(
                f"{WEEK_FILE} is of the year {week.workforce.year}; summary.json says the "
                f"week of {source.year} was rostered",
                table="workforce",
            )
        )
    if week.workforce.scanner_sessions_from_fleet:
        out.append(
            week_violation(
                f"{WEEK_FILE} takes its scanner sessions from the instance's fleet "
                "(scanner_sessions_from_fleet); a rostered week runs the plan's",
                table="workforce",
            )
        )
    return out


def check_unchanged(instance: Instance, week: Instance, joint: bool) -> list[Violation]:
    """``week``: every part of the week rostering does not change is ``instance``'s (see the
    module docstring); from a joint plan, its staff rows but their counts."""
    given, solved = instance.model_dump(mode="json"), week.model_dump(mode="json")
    out = []
    for table in type(instance).model_fields:
        if table in ROSTERED_TABLES or (joint and table in STAFF_TABLES):
            continue
        ours, theirs = given[table], solved[table]
        if table == "workforce":
            ours = {k: v for k, v in ours.items() if k not in ROSTERED_SETTINGS}
            theirs = {k: v for k, v in theirs.items() if k not in ROSTERED_SETTINGS}
        out += _shown(table, _differences(table, ours, theirs))
    if joint:
        out += _shown("staff", _staff_differences(given["staff"], solved["staff"]))
        out += _shown("staff_reporting", _skill_differences(instance, week))
    return out


Difference = tuple[str | None, str]
"""A difference in a table: the id of the row it is in (None: none), and what differs."""


def _shown(table: str, found: Sequence[Difference]) -> list[Violation]:
    """The first :data:`SHOWN` differences of ``table`` as violations, the rest counted."""
    out = []
    for row, message in found[:SHOWN]:
        extra = {} if row is None else {"id": row}
        out.append(week_violation(message, table=table, **extra))
    if len(found) > SHOWN:
        rest = len(found) - SHOWN
        out.append(
            week_violation(
                f"{WEEK_FILE} {table}: {rest} more difference(s) from the instance", table=table
            )
        )
    return out


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= WIDEST_VALUE else text[: WIDEST_VALUE - 3] + "..."


def _differences(table: str, ours: Any, theirs: Any) -> list[Difference]:
    """How ``table`` of the week (``theirs``) differs from the instance's (``ours``)."""
    if ours == theirs:
        return []
    if isinstance(ours, Mapping) and isinstance(theirs, Mapping):
        return [(None, message) for message in _field_differences(table, ours, theirs)]
    if isinstance(ours, list) and isinstance(theirs, list):
        if all(isinstance(r, Mapping) and "id" in r for r in [*ours, *theirs]):
            return _row_differences(table, ours, theirs)
        return _record_differences(table, ours, theirs)
    return [(None, f"{WEEK_FILE} {table} is {_value(theirs)}; the instance has {_value(ours)}")]


def _field_differences(where: str, ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[str]:
    """``where.field is X in week.yaml; the instance has Y``, one per differing field."""
    out = []
    for key in sorted({*ours, *theirs}):
        if ours.get(key) != theirs.get(key):
            out.append(
                f"{WEEK_FILE} {where}: {key} is {_value(theirs.get(key))}; the instance has "
                f"{_value(ours.get(key))}"
            )
    return out


def _row_differences(
    table: str, ours: list[Mapping[str, Any]], theirs: list[Mapping[str, Any]]
) -> list[Difference]:
    """Rows with an ``id``, compared by id: missing, added, or a field changed."""
    mine = {str(r["id"]): r for r in ours}
    week = {str(r["id"]): r for r in theirs}
    out: list[Difference] = []
    for row, record in mine.items():
        if row not in week:
            out.append((row, f"{WEEK_FILE} lacks the instance's {table} row '{row}'"))
        elif week[row] != record:
            out += [(row, m) for m in _field_differences(f"{table} '{row}'", record, week[row])]
    for row in week:
        if row not in mine:
            out.append((row, f"{WEEK_FILE} has a {table} row '{row}' the instance does not have"))
    return out


def _record_differences(table: str, ours: list[Any], theirs: list[Any]) -> list[Difference]:
    """Rows without an id, compared as a bag of records: missing, or added."""
    mine = Counter(json.dumps(r, sort_keys=True) for r in ours)
    week = Counter(json.dumps(r, sort_keys=True) for r in theirs)
    out: list[Difference] = []
    for record in mine - week:
        out.append(
            (None, f"{WEEK_FILE} lacks the instance's {table} row {_value(json.loads(record))}")
        )
    for record in week - mine:
        out.append(
            (
                None,
                f"{WEEK_FILE} has a {table} row {_value(json.loads(record))} the instance does not have",
            )
        )
    return out


def _staff_differences(
    ours: list[Mapping[str, Any]], theirs: list[Mapping[str, Any]]
) -> list[Difference]:
    """From a joint plan: each of the instance's staff rows is in the week with all but its
    ``count`` unchanged (the count is checked against the plan's folder); rows the plan adds
    are checked there."""
    week = {str(r["id"]): r for r in theirs}
    out: list[Difference] = []
    for record in ours:
        row = str(record["id"])
        if row not in week:
            out.append((row, f"{WEEK_FILE} lacks the instance's staff row '{row}'"))
            continue
        mine = {k: v for k, v in record.items() if k != "count"}
        solved = {k: v for k, v in week[row].items() if k != "count"}
        out += [(row, m) for m in _field_differences(f"staff '{row}'", mine, solved)]
    return out


def _skill_differences(instance: Instance, week: Instance) -> list[Difference]:
    """From a joint plan: the instance's reporting skills are all in the week, and the week's
    other skills are of the staff rows the plan adds."""
    ours = Counter(
        json.dumps(r.model_dump(mode="json"), sort_keys=True) for r in instance.staff_reporting
    )
    theirs = Counter(
        json.dumps(r.model_dump(mode="json"), sort_keys=True) for r in week.staff_reporting
    )
    original = {p.id for p in instance.staff}
    out: list[Difference] = []
    for record in ours - theirs:
        row = json.loads(record)
        out.append(
            (row["staff"], f"{WEEK_FILE} lacks the instance's staff_reporting row {_value(row)}")
        )
    for record in theirs - ours:
        row = json.loads(record)
        if row["staff"] in original:
            out.append(
                (
                    row["staff"],
                    f"{WEEK_FILE} gives the instance's staff row '{row['staff']}' a reporting "
                    f"skill the instance does not: {_value(row)}",
                )
            )
    return out


__all__ = ["WEEK", "WeekCheck", "check_rostered_week", "check_unchanged", "check_week_file"]
