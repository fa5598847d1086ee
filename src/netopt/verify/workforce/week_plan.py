"""What rostering a capital or joint plan's year changes in the week, re-derived from the plan's
folder without the model code (``models/workforce.md``, "Rostering a capital or joint plan's
year"), and compared with the week the plan was solved for (family ``week``).

- **Reporting demand**: the exams each site scans in the year (``flows.csv``) / ``W`` a week.
- **Scanner sessions**: for each site and modality with ``n > 0`` scanners in service in the
  year (``fleet.csv``), the site's own weekly pattern of the instance (its sessions with
  scanners) with ``max(1, round(N n / peak))`` scanners each, else ``n`` in every scanning
  session of the template; nothing elsewhere.
- **A joint plan's staff** (``staffing.csv``): each staff row with a ``role`` counted
  ``max(1, round(n wte[Y] / wte[y0]))`` (at most 1000) when its role had WTE at its employer in
  the first year ``y0``; for each employer and role the plan employs in ``Y`` that the week
  cannot scale, a row ``<employer>-<role>-joint`` of ``people(wte) - people in its rows``
  people; for agency hours ``H``, a row ``<employer>-<role>-agency`` with no contract, ``X =
  ceil(H / W / h)`` extra sessions a week over ``ceil(X / 21)`` people, each at
  ``agency_hour_cost x h``, no ``session_pay``. A row is added only where the instance has a
  row of the role to copy and the employer a site to base it at (otherwise the command warned
  it was left out). The job plan an added row copies (tier, scans, skills) and the site it is
  based at are not re-derived: only that the site is its employer's and that it holds no
  passport.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from netopt.io.capital_plan import WEEK_FILE, CapitalPlanTables
from netopt.schema import Instance, Staff
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import NOISE, agree
from netopt.verify.words import num

WEEK = "week"
"""The verifier's family of the week a workforce plan was rostered for."""
MAX_COHORT = 1000
"""People in one staff row, at most (the schema's limit)."""
MAX_WEEK_SESSIONS = 21
"""Extra sessions one person may work in a week, at most (the schema's limit)."""
SHOWN_SESSIONS = 4
"""Sessions a message lists before counting the rest."""


def week_violation(message: str, **where: str | int) -> Violation:
    """A violation of the week, located in ``week.yaml`` (and by ``where``)."""
    place: Where = {"file": WEEK_FILE, **where}
    return Violation(WEEK, place, message)


def check_week_against_plan(
    instance: Instance, week: Instance, plan: CapitalPlanTables, year: int
) -> list[Violation]:
    """``week``: the week's reporting demand, scanner sessions and (from a joint plan) staff
    are those the plan's folder gives ``year`` (see the module docstring)."""
    return [
        *check_reporting_demand(week, plan, year),
        *check_scanner_sessions(instance, week, plan, year),
        *check_joint_staff(instance, week, plan, year),
    ]


def check_reporting_demand(week: Instance, plan: CapitalPlanTables, year: int) -> list[Violation]:
    """The exams each site acquires a week are those it scans in ``year`` / ``W``."""
    scanned: dict[tuple[str, str], float] = defaultdict(float)
    for row in plan.flows:
        if row.year == year:
            scanned[(row.site, row.exam_type)] += row.exams
    weeks = week.workforce.weeks_per_year
    acquired: dict[tuple[str, str], float] = defaultdict(float)
    for d in week.reporting_demand:
        acquired[(d.site, d.exam_type)] += d.exams_per_week
    out = []
    for site, exam in sorted({*acquired, *(k for k, x in scanned.items() if x > 0)}):
        expected = max(scanned[(site, exam)], 0.0) / weeks
        written = acquired[(site, exam)]
        if not agree(written, expected, NOISE, NOISE):
            out.append(
                week_violation(
                    f"{WEEK_FILE} has {num(written)} {exam} exams a week acquired at {site}; the "
                    f"plan's flows.csv makes it {num(expected)} ({num(scanned[(site, exam)])} "
                    f"scanned there in {year} / {weeks:g} weeks)",
                    table="reporting_demand",
                    site=site,
                    exam_type=exam,
                )
            )
    return out


Slot = tuple[str, str]
"""A session of the template: (day, session)."""


def expected_scanner_sessions(
    instance: Instance, plan: CapitalPlanTables, year: int
) -> dict[tuple[str, str], dict[Slot, int]]:
    """(site, modality) -> the scanners running in each session of the week of ``year``."""
    units: dict[tuple[str, str], int] = defaultdict(int)
    for row in plan.fleet:
        if row.year == year:
            units[(row.site, row.modality)] += row.units
    pattern: dict[tuple[str, str], dict[Slot, int]] = defaultdict(dict)
    for r in instance.scanner_sessions:
        if r.scanners > 0:
            pattern[(r.site, r.modality)][(r.day.value, r.session)] = r.scanners
    scanning = [(s.day.value, s.session) for s in instance.sessions if s.scanning]
    out = {}
    for key, n in units.items():
        if n <= 0:
            continue
        own = pattern.get(key)
        if own:
            peak = max(own.values())
            out[key] = {slot: max(1, round(k * n / peak)) for slot, k in own.items()}
        else:
            out[key] = dict.fromkeys(scanning, n)
    return out


def _sessions(running: dict[Slot, int]) -> str:
    """``2 scanners in mon am, mon pm`` or ``mon am 2, mon pm 1, ...``."""
    if not running:
        return "no scanner"
    slots = sorted(running)
    listed = slots[:SHOWN_SESSIONS]
    more = f" and {len(slots) - len(listed)} more" if len(slots) > len(listed) else ""
    counts = set(running.values())
    if len(counts) == 1:
        (n,) = counts
        where = ", ".join(f"{d} {t}" for d, t in listed)
        return f"{n} scanner{'' if n == 1 else 's'} in {where}{more}"
    return ", ".join(f"{d} {t}: {running[(d, t)]}" for d, t in listed) + more


def check_scanner_sessions(
    instance: Instance, week: Instance, plan: CapitalPlanTables, year: int
) -> list[Violation]:
    """The week runs the plan's scanners of ``year``, in the site's pattern or every scanning
    session."""
    expected = expected_scanner_sessions(instance, plan, year)
    running: dict[tuple[str, str], dict[Slot, int]] = defaultdict(dict)
    for r in week.scanner_sessions:
        if r.scanners > 0:
            slot = (r.day.value, r.session)
            running[(r.site, r.modality)][slot] = running[(r.site, r.modality)].get(slot, 0) + (
                r.scanners
            )
    in_service: dict[tuple[str, str], int] = defaultdict(int)
    for row in plan.fleet:
        if row.year == year:
            in_service[(row.site, row.modality)] += row.units
    out = []
    for site, modality in sorted({*expected, *running}):
        key = (site, modality)
        written, wanted = running.get(key, {}), expected.get(key, {})
        if written != wanted:
            out.append(
                week_violation(
                    f"{WEEK_FILE} runs {_sessions(written)} of {modality} at {site}; the plan's "
                    f"fleet.csv has {in_service[key]} in service there in {year}, which makes "
                    f"it {_sessions(wanted)}",
                    table="scanner_sessions",
                    site=site,
                    modality=modality,
                )
            )
    return out


def people(wte: float) -> int:
    """WTE as people: rounded half up, at most :data:`MAX_COHORT`."""
    return min(math.floor(wte + 0.5), MAX_COHORT)


@dataclass(frozen=True)
class AddedRow:
    """A staff row a joint plan's workforce adds to the week, as far as it is re-derived."""

    employer: str
    role: str
    kind: str
    """``joint`` (people of a role new to the employer) or ``agency`` (agency hours)."""
    count: int
    job: dict[str, float | int]
    """Fields of an agency row's job plan (sessions, extra sessions, their cost, pay)."""
    why: str
    """Where the row comes from, in words."""

    def names(self, staff_id: str) -> bool:
        """Whether ``staff_id`` is this row's id: ``<employer>-<role>-<kind>``, with ``-2``,
        ``-3``, ... when the instance has that id."""
        base = f"{self.employer}-{self.role}-{self.kind}"
        rest = staff_id.removeprefix(base)
        return staff_id.startswith(base) and (
            rest == "" or (rest[:1] == "-" and rest[1:].isdigit())
        )


def _session_hours(instance: Instance) -> float | None:
    minutes = [s.minutes for s in instance.sessions if not s.on_call]
    return sum(minutes) / len(minutes) / 60 if minutes else None


def check_joint_staff(
    instance: Instance, week: Instance, plan: CapitalPlanTables, year: int
) -> list[Violation]:
    """A joint plan's workforce of ``year``: the instance's staff rows counted as their role's
    WTE has grown, and the rows added for roles new to an employer and for agency hours."""
    if not plan.staffing:
        return []
    first = min(r.year for r in plan.staffing)
    wte: dict[tuple[str, str, int], float] = defaultdict(float)
    for r in plan.staffing:
        wte[(r.employer, r.role, r.year)] += r.wte
    owner = {s.id: s.owner for s in instance.sites}
    counts = {p.id: p.count for p in week.staff}
    out = []
    in_week: dict[tuple[str, str], int] = defaultdict(int)
    for person in instance.staff:
        count = person.count
        if person.role is not None:
            employer = owner[person.home_site]
            before, now = wte[(employer, person.role, first)], wte[(employer, person.role, year)]
            if before > 0:
                count = max(1, min(round(person.count * now / before), MAX_COHORT))
                if counts.get(person.id, count) != count:
                    out.append(
                        week_violation(
                            f"{WEEK_FILE} counts {counts[person.id]} people in staff row "
                            f"'{person.id}'; the plan's staffing.csv makes it {count} "
                            f"({person.count} x {num(now)} WTE of {person.role} at {employer} "
                            f"in {year} / {num(before)} in {first})",
                            table="staff",
                            id=person.id,
                        )
                    )
            in_week[(employer, person.role)] += count
    expected = _added_rows(instance, plan, year, first, wte, in_week)
    return out + _check_added(instance, week, expected, owner, year)


def _added_rows(
    instance: Instance,
    plan: CapitalPlanTables,
    year: int,
    first: int,
    wte: dict[tuple[str, str, int], float],
    in_week: dict[tuple[str, str], int],
) -> list[AddedRow]:
    """The rows the joint plan's workforce of ``year`` adds (see the module docstring)."""
    roles = {r.id: r for r in instance.staff_roles}
    copied = {p.role for p in instance.staff if p.role is not None}
    employers = {s.owner for s in instance.sites}
    weeks, hours = instance.workforce.weeks_per_year, _session_hours(instance)
    out = []
    for row in plan.staffing:
        role = roles.get(row.role)
        if row.year != year or role is None:
            continue
        if row.role not in copied or row.employer not in employers:
            continue  # left out, with a warning when the week was rostered
        key = (row.employer, row.role)
        scaled = in_week[key] > 0 and wte[(*key, first)] > 0
        count = people(row.wte) - in_week[key]
        if not scaled and count >= 1:
            why = f"{num(row.wte)} WTE of {row.role} at {row.employer} in {year}"
            out.append(AddedRow(row.employer, row.role, "joint", count, {}, why))
        if row.agency_hours > 0 and role.agency_hour_cost is not None and hours is not None:
            sessions = math.ceil(row.agency_hours / weeks / hours - 1e-9)
            agents = min(math.ceil(sessions / MAX_WEEK_SESSIONS), MAX_COHORT)
            job: dict[str, float | int] = {
                "sessions": 0,
                "max_extra_sessions": min(math.ceil(sessions / agents), MAX_WEEK_SESSIONS),
                "extra_session_cost": role.agency_hour_cost * hours,
                "session_pay": 0.0,
            }
            why = (
                f"{num(row.agency_hours)} agency hours of {row.role} at {row.employer} in "
                f"{year}: {sessions} sessions a week"
            )
            out.append(AddedRow(row.employer, row.role, "agency", agents, job, why))
    return out


def _check_added(
    instance: Instance,
    week: Instance,
    expected: Iterable[AddedRow],
    owner: dict[str, str],
    year: int,
) -> list[Violation]:
    """Each added row of the week is one the plan adds, as the plan says; none is missing."""
    original = {p.id for p in instance.staff}
    added = [p for p in week.staff if p.id not in original]
    out = []
    found: set[str] = set()
    for row in expected:
        mine = [p for p in added if p.role == row.role and row.names(p.id)]
        if not mine:
            out.append(
                week_violation(
                    f"{WEEK_FILE} lacks the staff row {row.employer}-{row.role}-{row.kind} the "
                    f"joint plan adds ({row.why})",
                    table="staff",
                )
            )
            continue
        for person in mine:
            found.add(person.id)
            out += _added_row_problems(person, row, owner)
    for person in added:
        if person.id not in found:
            out.append(
                week_violation(
                    f"{WEEK_FILE} has the staff row '{person.id}', which is neither the "
                    f"instance's nor one the joint plan's {year} workforce adds",
                    table="staff",
                    id=person.id,
                )
            )
    return out


def _added_row_problems(person: Staff, row: AddedRow, owner: dict[str, str]) -> list[Violation]:
    wrong = []
    if owner.get(person.home_site) != row.employer:
        wrong.append(f"is based at {person.home_site}, not a site of {row.employer}")
    if person.passports:
        wrong.append(f"holds passports ({', '.join(person.passports)}); an added row holds none")
    if person.count != row.count:
        wrong.append(f"counts {person.count} people; the plan makes it {row.count} ({row.why})")
    for name, value in row.job.items():
        written = getattr(person, name)
        if not agree(float(written), float(value), NOISE, NOISE):
            wrong.append(f"has {name} {num(written)}; the plan makes it {num(value)} ({row.why})")
    return [
        week_violation(f"{WEEK_FILE} staff row '{person.id}' {w}", table="staff", id=person.id)
        for w in wrong
    ]


__all__ = [
    "WEEK",
    "AddedRow",
    "check_joint_staff",
    "check_reporting_demand",
    "check_scanner_sessions",
    "check_week_against_plan",
    "expected_scanner_sessions",
    "people",
    "week_violation",
]
