"""``tables``: the workforce tables that total the plan (``utilisation_staff.csv``,
``utilisation_sites.csv``, ``volumes.csv``) and the ``plan`` figures of ``summary.json``,
re-derived from the roster, reporting, insourced, outsourced, passports and backlog tables and
the instance. A missing place or exam type counts as zeros; every staff row must be there."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.summary import Summary, check_plan_figures
from netopt.verify.tolerance import Tally
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.rows import GRANTED
from netopt.verify.workforce.tables import HOME, SCAN, RosterRow, WorkforceTables

Use = dict[str, dict[str, Tally]]
"""Key (staff, place or exam type) -> column -> value."""

STAFF_COLUMNS = (
    "people",
    "contracted_sessions",
    "worked_sessions",
    "extra_sessions",
    "scanning_sessions",
    "reporting_sessions",
    "reporting_minutes_used",
    "reporting_minutes_rostered",
)
SITE_COLUMNS = (
    "scanner_sessions",
    "scanning_staff_sessions_needed",
    "scanning_staff_sessions",
    "reporting_sessions",
    "reports",
)
VOLUME_COLUMNS = (
    "acquired",
    "unscanned",
    "reported_at_sites",
    "reported_at_home",
    "outsourced",
    "late",
)


def _table() -> Use:
    return defaultdict(lambda: defaultdict(Tally))


def staff_use(ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow]) -> Use:
    """``utilisation_staff.csv`` (all but tier and utilisation) as the tables make it."""
    use = _table()
    for k in ref.staff.values():
        use[k.id]["people"].add_exact(k.count)
        use[k.id]["contracted_sessions"].add_exact(k.count * k.sessions)
    for bought in plan.insourced:
        use[bought.staff]["extra_sessions"].add(bought.extra_sessions)
    for r in plan.reporting:
        use[r.staff]["reporting_minutes_used"].add(
            r.reports, ref.skills.get(r.staff, {}).get(r.exam_type, 0.0)
        )
    for row in rows:
        own = use[row.staff]
        own["worked_sessions"].add_exact(1)
        if row.activity == SCAN:
            own["scanning_sessions"].add_exact(1)
        else:
            own["reporting_sessions"].add_exact(1)
            own["reporting_minutes_rostered"].add_exact(ref.minutes[(row.day, row.session)])
    return use


def site_use(ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow]) -> Use:
    """``utilisation_sites.csv`` as the scanner sessions, roster and reports make it."""
    use = _table()
    for (site, m, _, _), n in ref.scanners.items():
        use[site]["scanner_sessions"].add_exact(n)
        rule = ref.rules.get(m)
        use[site]["scanning_staff_sessions_needed"].add_exact(
            n * (rule.staff_per_scanner if rule else 0)
        )
    for row in rows:
        column = "scanning_staff_sessions" if row.activity == SCAN else "reporting_sessions"
        use[row.place][column].add_exact(1)
    for r in plan.reporting:
        use[r.place]["reports"].add(r.reports)
    return use


def volumes(ref: WorkforceReference, plan: WorkforceTables) -> Use:
    """``volumes.csv``: per exam type and week, exams acquired, unscanned, reported at sites
    and at home, outsourced and late."""
    use = _table()
    for (_, exam, _), exams in ref.acquired.items():
        use[exam]["acquired"].add_exact(exams)
    for u in plan.unscanned:
        use[u.exam_type]["unscanned"].add(u.exams)
    for r in plan.reporting:
        where = "reported_at_home" if r.place == HOME else "reported_at_sites"
        use[r.exam_type][where].add(r.reports)
    for o in plan.outsourced:
        use[o.exam_type]["outsourced"].add(o.reports)
    for late in plan.backlog:
        use[late.exam_type]["late"].add(late.exams)
    return use


def _compare(
    cells: Cells,
    key_column: str,
    written: Sequence[Any],
    expected: Use,
    columns: Sequence[str],
    every: Sequence[str] = (),
) -> dict[str, Any]:
    """Each written row's columns against the expected ones (a key missing from ``written``
    counts as zeros, unless it is one of ``every``: then it must be there). Returns the
    written rows by key."""
    by_key: dict[str, Any] = {}
    for row in written:
        key = getattr(row, key_column)
        if key in by_key:
            cells.add(f"{cells.file} line {row.line} repeats {key}", row.line)
        by_key[key] = row
    why = "the plan's other tables"
    for key in sorted({*by_key, *expected}):
        row = by_key.get(key)
        want = expected.get(key, defaultdict(Tally))
        if row is None:
            if key in every or any(want[c].value for c in columns):
                cells.add(f"{cells.file} has no row for {key}")
            continue
        for column in columns:
            cells.number(row.line, column, float(getattr(row, column)), want[column], why)
    return by_key


def check_utilisation_tables(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``utilisation_staff.csv``: a row per staff row with its tier, people, contracted,
    worked, extra, scanning and reporting sessions, utilisation (worked / contracted) and
    reporting minutes used and rostered. ``utilisation_sites.csv``: per place, scanner
    sessions, scanning staff sessions needed and rostered, reporting sessions and reports.
    ``volumes.csv`` (see :func:`volumes`)."""
    staff = Cells("utilisation_staff.csv", tolerance)
    worked = staff_use(ref, plan, rows)
    written = _compare(staff, "staff", plan.utilisation_staff, worked, STAFF_COLUMNS, [*ref.staff])
    for k in ref.staff.values():
        row = written.get(k.id)
        if row is None:
            continue
        staff.text(row.line, "tier", row.tier, k.tier.value, f"the instance's staff {k.id}")
        contracted = k.count * k.sessions
        ratio = worked[k.id]["worked_sessions"].value / contracted if contracted else None
        staff.number(
            row.line, "utilisation", row.utilisation, ratio, "worked / contracted sessions"
        )
    sites = Cells("utilisation_sites.csv", tolerance)
    _compare(sites, "place", plan.utilisation_sites, site_use(ref, plan, rows), SITE_COLUMNS)
    exams = Cells("volumes.csv", tolerance)
    _compare(exams, "exam_type", plan.volumes, volumes(ref, plan), VOLUME_COLUMNS)
    return [*staff.out, *sites.out, *exams.out]


def plan_figures(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow]
) -> dict[str, Tally]:
    """The ``plan`` figures of ``summary.json``: people rostered, sessions worked, extra
    sessions a week, people granted a passport, and exams a week acquired, reported at sites
    and at home, outsourced and late."""
    totals = {name: Tally() for name in VOLUME_COLUMNS}
    for by_exam in volumes(ref, plan).values():
        for name, value in by_exam.items():
            totals[name].add(value.value, rounding=value.slack)
    extra = Tally()
    for bought in plan.insourced:
        extra.add(bought.extra_sessions)
    per_person = ref.instance.workforce.passports_per_person
    granted = sum(
        p.people if per_person else ref.staff[p.staff].count
        for p in plan.passports
        if p.status == GRANTED
    )
    return {
        "people_rostered": Tally(len({(row.staff, row.person) for row in plan.roster})),
        "sessions_worked": Tally(len(plan.roster)),
        "extra_sessions_per_week": extra,
        "passports_granted": Tally(granted),
        "exams_per_week": totals["acquired"],
        "reported_at_sites_per_week": totals["reported_at_sites"],
        "reported_at_home_per_week": totals["reported_at_home"],
        "outsourced_per_week": totals["outsourced"],
        "backlog_per_week": totals["late"],
    }


def check_plan_summary(
    summary: Summary,
    ref: WorkforceReference,
    plan: WorkforceTables,
    rows: list[RosterRow],
    tolerance: float,
) -> list[Violation]:
    """``tables``: ``summary.json``'s ``plan`` figures (see :func:`plan_figures`)."""
    return check_plan_figures(summary, plan_figures(ref, plan, rows), tolerance)
