"""Cross-table checks of the workforce tables (see :mod:`netopt.schema.workforce`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from netopt.schema.errors import InputProblem
from netopt.schema.rules import Known, duplicates, repeated_entries
from netopt.schema.tables import InstanceTables
from netopt.schema.workforce import RESERVED_PLACES, PassportPolicy, Tier


def check_workforce_unique(inst: InstanceTables) -> list[InputProblem]:
    out = duplicates("staff", inst.staff, lambda s: s.id, "id")
    keyed: tuple[tuple[str, Callable[..., object], str], ...] = (
        ("sessions", lambda r: (r.day.value, r.session), "day and session"),
        (
            "scanner_sessions",
            lambda r: (r.site, r.modality, r.day.value, r.session),
            "site, modality, day and session",
        ),
        ("staffing_rules", lambda r: r.modality, "modality"),
        ("staff_reporting", lambda r: (r.staff, r.exam_type), "staff and exam_type"),
        ("passport_options", lambda r: (r.staff, r.site), "staff and site"),
        (
            "transfer_links",
            lambda r: tuple(sorted((r.origin, r.destination))),
            "link between sites (links work both ways; give each pair once):",
        ),
        ("reporting_demand", lambda r: (r.site, r.exam_type), "site and exam_type"),
    )
    for table, key, what in keyed:
        out += duplicates(table, getattr(inst, table), key, what)
    by_day: dict[str, list[int]] = {}
    for i, s in enumerate(inst.sessions):
        by_day.setdefault(s.day.value, []).append(i)
    for day, rows in by_day.items():
        ordered = sorted(rows, key=lambda i: (inst.sessions[i].start_minute, i))
        for before, after in itertools.pairwise(ordered):
            a, b = inst.sessions[before], inst.sessions[after]
            if a.start == b.start:
                out.append(
                    InputProblem(
                        ("sessions", after, "start"),
                        f"sessions '{a.session}' and '{b.session}' on {day} both start at "
                        f"{b.start}; sessions of a day need different start times",
                    )
                )
            elif a.start_minute + a.minutes > b.start_minute:
                out.append(
                    InputProblem(
                        ("sessions", before, "minutes"),
                        f"session '{a.session}' on {day} ({a.start}, {a.minutes:g} minutes) "
                        f"runs into session '{b.session}' at {b.start}",
                    )
                )
    out += repeated_entries("staff", inst.staff, ("scans", "passports"))
    return out


def check_workforce_references(inst: InstanceTables) -> list[InputProblem]:
    sites = Known("site", (s.id for s in inst.sites))
    modalities = Known("modality", (m.id for m in inst.modalities))
    exam_types = Known("exam type", (e.id for e in inst.exam_types))
    staff = Known("staff", (s.id for s in inst.staff))
    template = {(s.day.value, s.session) for s in inst.sessions}
    day_sessions = {
        day: Known(f"session on {day}", sorted(s for d, s in template if d == day))
        for day in {d for d, _ in template} | {r.day.value for r in inst.scanner_sessions}
    }
    out: list[InputProblem] = []

    for i, r in enumerate(inst.scanner_sessions):
        sites.check(("scanner_sessions", i, "site"), r.site, out)
        modalities.check(("scanner_sessions", i, "modality"), r.modality, out)
        day_sessions[r.day.value].check(("scanner_sessions", i, "session"), r.session, out)
    for i, rule in enumerate(inst.staffing_rules):
        modalities.check(("staffing_rules", i, "modality"), rule.modality, out)
    for i, s in enumerate(inst.staff):
        sites.check(("staff", i, "home_site"), s.home_site, out)
        for j, m in enumerate(s.scans):
            modalities.check(("staff", i, "scans", j), m, out)
        for j, site in enumerate(s.passports):
            sites.check(("staff", i, "passports", j), site, out)
    for i, skill in enumerate(inst.staff_reporting):
        staff.check(("staff_reporting", i, "staff"), skill.staff, out)
        exam_types.check(("staff_reporting", i, "exam_type"), skill.exam_type, out)
    for i, p in enumerate(inst.passport_options):
        staff.check(("passport_options", i, "staff"), p.staff, out)
        sites.check(("passport_options", i, "site"), p.site, out)
    for i, link in enumerate(inst.transfer_links):
        sites.check(("transfer_links", i, "origin"), link.origin, out)
        sites.check(("transfer_links", i, "destination"), link.destination, out)
        if link.origin == link.destination:
            out.append(
                InputProblem(("transfer_links", i), f"a link from site '{link.origin}' to itself")
            )
    for i, d in enumerate(inst.reporting_demand):
        sites.check(("reporting_demand", i, "site"), d.site, out)
        exam_types.check(("reporting_demand", i, "exam_type"), d.exam_type, out)
    return out


def check_workforce_rules(inst: InstanceTables) -> list[InputProblem]:
    """Tier rules, the plan year, report minutes and the passport policy."""
    out: list[InputProblem] = []
    year = inst.workforce.year
    if year is not None and year not in inst.years:
        out.append(
            InputProblem(
                ("workforce", "year"),
                f"year {year} is outside the plan {inst.years[0]}-{inst.years[-1]}",
            )
        )
    for i, site in enumerate(inst.sites):
        if inst.staff and site.id in RESERVED_PLACES:
            out.append(
                InputProblem(
                    ("sites", i, "id"),
                    f"'{site.id}' names a place of the workforce plan (reporting from home, not "
                    "working); rename the site",
                )
            )
    tier = {s.id: s.tier for s in inst.staff}
    for i, s in enumerate(inst.staff):
        if s.tier is Tier.CONSULTANT_RADIOLOGIST and s.scans:
            out.append(
                InputProblem(
                    ("staff", i, "scans"),
                    f"'{s.id}' is a consultant radiologist, who does not staff scanner "
                    "sessions; leave scans empty",
                )
            )
        if s.home_site in s.passports:
            out.append(
                InputProblem(
                    ("staff", i, "passports"),
                    f"'{s.id}' lists their home site '{s.home_site}' as a passport",
                )
            )
    report_minutes = {e.id: e.report_minutes for e in inst.exam_types}
    for i, r in enumerate(inst.staff_reporting):
        if tier.get(r.staff) in (Tier.ASSISTANT_PRACTITIONER, Tier.RADIOGRAPHER):
            out.append(
                InputProblem(
                    ("staff_reporting", i, "staff"),
                    f"'{r.staff}' is an {tier[r.staff].value.replace('_', ' ')}; only advanced "
                    "(reporting) practitioners and consultant radiologists report"
                    if tier[r.staff] is Tier.ASSISTANT_PRACTITIONER
                    else f"'{r.staff}' is a radiographer; only advanced (reporting) practitioners "
                    "and consultant radiologists report: make them an advanced_practitioner",
                )
            )
        if r.minutes_per_report is None and report_minutes.get(r.exam_type, 1.0) <= 0:
            out.append(
                InputProblem(
                    ("staff_reporting", i, "minutes_per_report"),
                    f"no minutes per report: give them here or a report_minutes for "
                    f"exam type {r.exam_type}",
                )
            )
    policy = inst.workforce.passport_policy
    if inst.passport_options and policy is not PassportPolicy.LIST:
        out.append(
            InputProblem(
                ("workforce", "passport_policy"),
                f"passport_options are given but passport_policy is '{policy}'; set it to 'list'",
            )
        )
    for i, e in enumerate(inst.exam_types):
        if e.report_outsourcing_capacity is not None and e.report_outsourcing_cost is None:
            out.append(
                InputProblem(
                    ("exam_types", i, "report_outsourcing_capacity"),
                    f"a report outsourcing capacity but no report_outsourcing_cost for {e.id}",
                )
            )
    rooms = {(r.site, r.modality): r.rooms + r.max_new_rooms for r in inst.rooms}
    for i, row in enumerate(inst.scanner_sessions):
        have = rooms.get((row.site, row.modality), 0)
        if row.scanners > have:
            out.append(
                InputProblem(
                    ("scanner_sessions", i, "scanners"),
                    f"{row.scanners} {row.modality} scanners at site '{row.site}' but it has "
                    f"{have} {row.modality} room(s) (rooms table, new rooms included)",
                )
            )
    for i, rule in enumerate(inst.staffing_rules):
        if rule.max_assistants_per_scanner > rule.staff_per_scanner:
            out.append(
                InputProblem(
                    ("staffing_rules", i, "max_assistants_per_scanner"),
                    f"{rule.max_assistants_per_scanner} assistants per scanner is more than "
                    f"the {rule.staff_per_scanner} staff per scanner",
                )
            )
    return out


WORKFORCE_CHECKS = (
    check_workforce_unique,
    check_workforce_references,
    check_workforce_rules,
)
