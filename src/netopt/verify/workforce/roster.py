"""Who works where: the ``roster`` index set and ``one_place_per_session``, ``contracted_sessions``,
``passport_required``, ``scanner_staffing`` and ``skill_mix`` of ``models/workforce.md``."""

from __future__ import annotations

from collections import Counter, defaultdict

from netopt.schema import Tier
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, Tally, within
from netopt.verify.words import count, num
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import (
    DAYS,
    HOME,
    REPORT,
    SCAN,
    PassportRow,
    RosterRow,
    WorkforceTables,
    place_text,
)

# --------------------------------------------------------------------------- roster


def _roster_problem(ref: WorkforceReference, row: RosterRow) -> tuple[str, bool]:
    """What is wrong with a roster row (empty when nothing), and whether the row is still
    usable by the other checks (a known person in a known session and place)."""
    k = ref.staff.get(row.staff)
    if k is None:
        return f"unknown staff '{row.staff}'", False
    if not 1 <= row.person <= k.count:
        return (
            f"{row.staff} has {count(k.count, 'person')} (numbered 1 to {k.count}); the roster "
            f"names person {row.person}",
            False,
        )
    if (row.day, row.session) not in ref.minutes:
        return f"{row.who} works in {row.slot}, which is not a session of the template", False
    if row.place != HOME and row.place not in ref.sites:
        return f"{row.who} works at '{row.place}', which is neither a site nor home", False
    if row.activity == SCAN:
        m = row.modality
        if row.place == HOME:
            return f"{row.who} scans {m} at home in {row.slot}", True
        if not m or m not in k.scans:
            what = f"scans {m}" if m else "scans no named modality"
            skills = ", ".join(k.scans) or "nothing"
            return f"{row.who} {what} at {row.place} in {row.slot} but scans {skills}", True
        if (row.place, m, row.day, row.session) not in ref.scanners:
            return (
                f"{row.who} scans {m} at {row.place} in {row.slot}, but no {m} scanner runs "
                "there then",
                True,
            )
        return "", True
    if row.activity == REPORT:
        if row.modality:
            return (
                f"{row.who} reports in {row.slot} but the row names the modality {row.modality}",
                True,
            )
        if not ref.skills.get(row.staff):
            return (
                f"{row.who} reports at {place_text(row.place)} in {row.slot} but reports no exam type",
                True,
            )
        if row.place == HOME and not k.home_reporting:
            return f"{row.who} reports from home in {row.slot} but does not report from home", True
        return "", True
    return (
        f"{row.who} has activity '{row.activity}' in {row.slot}: it must be scan or report",
        False,
    )


def check_roster(
    ref: WorkforceReference, plan: WorkforceTables
) -> tuple[list[Violation], list[RosterRow]]:
    """``roster`` (the index set ``assignments``): each row names a known staff member, a
    person 1..count of the cohort, a session of the template and a site or home; scanning is
    of a modality the staff member scans, at a site (not home) where a scanner of it runs in
    that session; reporting is by someone who reports some exam type, from home only for those
    who report from home. Returns the rows the other checks can use (known person, session,
    place and activity; a skill problem is reported but its row kept)."""
    out: list[Violation] = []
    usable: list[RosterRow] = []
    for row in plan.roster:
        problem, ok = _roster_problem(ref, row)
        if problem:
            where: Where = {"staff": row.staff, "person": row.person, "day": row.day}
            out.append(Violation("roster", {**where, "session": row.session}, problem))
        if ok:
            usable.append(row)
    return out, usable


def _skilled_scan(ref: WorkforceReference, row: RosterRow) -> bool:
    """A scanning row by someone trained in the modality, where a scanner of it runs."""
    return (
        row.activity == SCAN
        and row.modality is not None
        and row.modality in ref.staff[row.staff].scans
        and (row.place, row.modality, row.day, row.session) in ref.scanners
    )


def check_one_place_per_session(rows: list[RosterRow]) -> list[Violation]:
    """``one_place_per_session``: a person appears at most once in each session."""
    seen: dict[tuple[str, int, str, str], list[RosterRow]] = defaultdict(list)
    for row in rows:
        seen[(row.staff, row.person, row.day, row.session)].append(row)
    out = []
    for (staff, person, day, session), found in seen.items():
        if len(found) > 1:
            doing = "; ".join(
                f"{r.activity}{' ' + r.modality if r.modality else ''} at {place_text(r.place)}"
                for r in found
            )
            out.append(
                Violation(
                    "one_place_per_session",
                    {"staff": staff, "person": person, "day": day, "session": session},
                    f"{staff} person {person} is rostered {len(found)} times in {day} {session}: "
                    f"{doing}",
                )
            )
    return out


def check_contracted_sessions(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``contracted_sessions``: a cohort's rostered sessions in the week are at most its
    people x contracted sessions plus the extra sessions of ``insourced.csv`` (sessions covered
    on call count in neither); those are between 0 and people x ``max_extra_sessions``."""
    out: list[Violation] = []
    worked = Counter(row.staff for row in rows if (row.day, row.session) not in ref.on_call)
    extra: dict[str, Tally] = defaultdict(Tally)
    for row in plan.insourced:
        k = ref.staff[row.staff]
        extra[row.staff].add(row.extra_sessions)
        where: Where = {"staff": row.staff}
        cap = k.count * k.max_extra_sessions
        if row.extra_sessions < -CELL:
            out.append(
                Violation(
                    "contracted_sessions",
                    where,
                    f"{row.staff} has {num(row.extra_sessions)} extra sessions: cannot be negative",
                )
            )
        elif not within(row.extra_sessions, cap, tolerance):
            out.append(
                Violation(
                    "contracted_sessions",
                    where,
                    f"{row.staff} works {num(row.extra_sessions)} extra sessions a week, above "
                    f"{count(k.count, 'person')} x {k.max_extra_sessions} extra sessions "
                    f"= {num(cap)}",
                )
            )
    for staff, n in sorted(worked.items()):
        k = ref.staff[staff]
        contracted = k.count * k.sessions
        bought = extra.get(staff, Tally())
        allowed = contracted + bought.value
        if not within(n, allowed, tolerance, CELL + bought.slack):
            out.append(
                Violation(
                    "contracted_sessions",
                    {"staff": staff},
                    f"{staff} ({count(k.count, 'person')} x {k.sessions} contracted sessions + "
                    f"{num(bought.value)} extra) works {count(n, 'session')} a week, "
                    f"{num(n - allowed)} more than {num(allowed)}",
                )
            )
    return out


def _passport_problems(ref: WorkforceReference, p: PassportRow) -> list[str]:
    """What is wrong with a row of ``passports.csv`` under ``passport_required``."""
    k = ref.staff[p.staff]
    if p.status != "granted":
        if p.site in k.passports:
            return []
        held = ", ".join(k.passports) or "none"
        return [
            f"passports.csv says {p.staff} holds a passport to {p.site}; the instance gives "
            f"them {held}"
        ]
    out = []
    if p.site not in ref.grantable[p.staff]:
        why = (
            "which they may already work at"
            if p.site in ref.held(p.staff)
            else f"which passport policy '{ref.policy.value}' does not allow"
        )
        out.append(f"{p.staff} (based at {k.home_site}) is granted a passport to {p.site}, {why}")
    if ref.instance.workforce.passports_per_person:
        if not 1 <= p.people <= k.count:
            out.append(
                f"the passport of {p.staff} to {p.site} is granted to "
                f"{count(p.people, 'person')}; the cohort has {k.count}"
            )
    elif p.people != k.count:
        out.append(
            f"the passport of {p.staff} to {p.site} is granted to {count(p.people, 'person')}; "
            f"the cohort has {k.count} and a passport is granted to all of them"
        )
    return out


def check_passports(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow]
) -> list[Violation]:
    """``passport_required``: every site a person works at is their home site, a passport
    they hold, or one granted to their cohort in ``passports.csv``; a granted passport is one
    the passport policy allows (``grantable``) and covers the whole cohort (with
    ``passports_per_person``: 1 to all of its people, and no more different people of the
    cohort work at the site in the week than were granted it); a held row is a passport of the
    instance."""
    out: list[Violation] = []
    granted: dict[tuple[str, str], int] = {}
    for p in plan.passports:
        if p.status == "granted":
            granted[(p.staff, p.site)] = p.people
        where: Where = {"staff": p.staff, "site": p.site}
        out += [Violation("passport_required", where, m) for m in _passport_problems(ref, p)]
    sessions: dict[tuple[str, str], list[str]] = defaultdict(list)
    people: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in rows:
        if row.place == HOME or row.place in ref.held(row.staff):
            continue
        if (row.staff, row.place) not in granted:
            sessions[(row.staff, row.place)].append(f"person {row.person} {row.slot}")
        else:
            people[(row.staff, row.place)].add(row.person)
    for (staff, site), who in sorted(people.items()):
        if len(who) > granted[(staff, site)]:
            out.append(
                Violation(
                    "passport_required",
                    {"staff": staff, "site": site},
                    f"{len(who)} people of {staff} (persons {', '.join(map(str, sorted(who)))}) "
                    f"work at {site}, but the passport there is granted to "
                    f"{granted[(staff, site)]} of them",
                )
            )
    for (staff, site), worked in sorted(sessions.items()):
        k = ref.staff[staff]
        held = ", ".join(k.passports) or "none"
        shown = ", ".join(worked[:3]) + (f" and {len(worked) - 3} more" if len(worked) > 3 else "")
        out.append(
            Violation(
                "passport_required",
                {"staff": staff, "site": site},
                f"{staff} (based at {k.home_site}; passports held: {held}) works at {site} in "
                f"{count(len(worked), 'session')} ({shown}) without a passport granted there",
            )
        )
    return out


# --------------------------------------------------------------------------- acquisition


def scanners_run(
    ref: WorkforceReference, rows: list[RosterRow]
) -> dict[tuple[str, str, str, str], int]:
    """Scanners running in each scanner session: all of them; with ``scan_from_sessions``, as
    many as the staff rostered to scan there (trained in it) can run, ``staff_per_scanner``
    each (the most the roster allows: more scanners only ease ``skill_mix`` and
    ``scan_capacity``)."""
    if not ref.instance.workforce.scan_from_sessions:
        return dict(ref.scanners)
    staffed: Counter[tuple[str, str, str, str]] = Counter()
    for row in rows:
        if _skilled_scan(ref, row):
            staffed[(row.place, str(row.modality), row.day, row.session)] += 1
    out = {}
    for key, n in ref.scanners.items():
        rule = ref.rules.get(key[1])
        out[key] = n if rule is None else min(n, staffed[key] // rule.staff_per_scanner)
    return out


def check_scanner_staffing(ref: WorkforceReference, rows: list[RosterRow]) -> list[Violation]:
    """``scanner_staffing`` and ``skill_mix``: in every running scanner session, the staff
    rostered to scan that modality there (trained in it) are at least ``staff_per_scanner`` x
    scanners, and the assistant practitioners among them at most
    ``max_assistants_per_scanner`` x scanners (with ``scan_from_sessions``: the scanners the
    roster can run, :func:`scanners_run`)."""
    running = scanners_run(ref, rows)
    staffed: Counter[tuple[str, str, str, str]] = Counter()
    assistants: Counter[tuple[str, str, str, str]] = Counter()
    for row in rows:
        if not _skilled_scan(ref, row):
            continue
        key = (row.place, str(row.modality), row.day, row.session)
        staffed[key] += 1
        if ref.staff[row.staff].tier is Tier.ASSISTANT_PRACTITIONER:
            assistants[key] += 1
    out = []
    for key in sorted(ref.scanners):
        site, m, day, session = key
        rule = ref.rules.get(m)
        if rule is None:
            continue
        n = running[key]
        where: Where = {"site": site, "modality": m, "day": day, "session": session}
        scanners = count(n, "scanner")
        need = rule.staff_per_scanner * n
        if staffed[key] < need:
            out.append(
                Violation(
                    "scanner_staffing",
                    where,
                    f"{m} at site {site}, {day} {session}: {staffed[key]} staff rostered, "
                    f"{need} needed ({scanners} x {rule.staff_per_scanner} staff)",
                )
            )
        most = rule.max_assistants_per_scanner * n
        if assistants[key] > most:
            out.append(
                Violation(
                    "skill_mix",
                    where,
                    f"{m} at site {site}, {day} {session}: {assistants[key]} assistant "
                    f"practitioners rostered, at most {most} allowed ({scanners} x "
                    f"{rule.max_assistants_per_scanner})",
                )
            )
    return out


# --------------------------------------------------------------------------- each person's day


def check_sessions_per_day(ref: WorkforceReference, rows: list[RosterRow]) -> list[Violation]:
    """``sessions_per_day``: nobody works more than ``max_sessions_per_day`` sessions a day."""
    most = ref.instance.workforce.max_sessions_per_day
    if most is None:
        return []
    per_day: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for row in rows:
        per_day[(row.staff, row.person, row.day)].add(row.session)
    return [
        Violation(
            "sessions_per_day",
            {"staff": staff, "person": person, "day": day},
            f"{staff} person {person} works {count(len(sessions), 'session')} on {day} "
            f"({', '.join(sorted(sessions))}); at most {most} a day",
        )
        for (staff, person, day), sessions in sorted(per_day.items())
        if len(sessions) > most
    ]


def check_minimum_rest(ref: WorkforceReference, rows: list[RosterRow]) -> list[Violation]:
    """``minimum_rest``: nobody works two sessions of different days less than
    ``min_rest_hours`` apart (the week taken as a cycle)."""
    if not ref.too_close:
        return []
    worked: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
    for row in rows:
        worked[(row.staff, row.person)].add((row.day, row.session))
    hours = ref.instance.workforce.min_rest_hours
    out = []
    for (staff, person), slots in sorted(worked.items()):
        ordered = sorted(
            slots, key=lambda s: (DAYS.index(s[0]), ref.day_sessions[s[0]].index(s[1]))
        )
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if (a, b) in ref.too_close:
                    out.append(
                        Violation(
                            "minimum_rest",
                            {"staff": staff, "person": person, "day": b[0], "session": b[1]},
                            f"{staff} person {person} works {a[0]} {a[1]} and {b[0]} {b[1]}, "
                            f"less than {num(float(hours or 0))} hours' rest apart",
                        )
                    )
    return out


def check_scan_capacity(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``scan_capacity``: with ``scan_from_sessions``, the exams a site scans of a modality on
    a day (acquired less ``unscanned.csv``) take no more scan minutes than the sessions the
    roster runs (:func:`scanners_run`) hold; ``unscanned.csv`` is empty without it, and
    between 0 and the exams acquired with it."""
    out: list[Violation] = []
    unscanned: dict[tuple[str, str, str], float] = defaultdict(float)
    for u in plan.unscanned:
        unscanned[(u.site, u.exam_type, u.day)] += u.exams
    if not ref.instance.workforce.scan_from_sessions:
        return [
            Violation(
                "scan_capacity",
                {"site": o, "exam_type": e, "day": d},
                f"unscanned.csv leaves {num(x)} {e} exams at {o} on {d} unscanned, but "
                "scan_from_sessions is off: every exam acquired is scanned",
            )
            for (o, e, d), x in sorted(unscanned.items())
            if abs(x) > CELL
        ]
    for (o, e, d), x in sorted(unscanned.items()):
        acquired = ref.acquired.get((o, e, d), 0.0)
        if x < -CELL or not within(x, acquired, tolerance):
            out.append(
                Violation(
                    "scan_capacity",
                    {"site": o, "exam_type": e, "day": d},
                    f"{num(x)} {e} exams at {o} on {d} are unscanned, of {num(acquired)} acquired",
                )
            )
    minutes_needed: dict[tuple[str, str, str], float] = defaultdict(float)
    for (o, e, d), acquired in ref.acquired.items():
        exam = ref.exam_types[e]
        scanned = max(acquired - unscanned.get((o, e, d), 0.0), 0.0)
        minutes_needed[(o, exam.modality, d)] += exam.scan_minutes * scanned
    held: dict[tuple[str, str, str], float] = defaultdict(float)
    for (site, m, day, session), n in scanners_run(ref, rows).items():
        held[(site, m, day)] += n * ref.minutes[(day, session)]
    for (o, m, d), need in sorted(minutes_needed.items()):
        if not within(need, held[(o, m, d)], tolerance, CELL * 100):
            out.append(
                Violation(
                    "scan_capacity",
                    {"site": o, "modality": m, "day": d},
                    f"{o} scans {num(need)} minutes of {m} exams on {d}, but the {m} sessions "
                    f"the roster runs there hold {num(held[(o, m, d)])} minutes",
                )
            )
    return out
