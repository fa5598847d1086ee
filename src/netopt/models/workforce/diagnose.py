"""Why no roster exists, in the workforce lead's words.

Reporting can always fall back on outsourcing or the backlog, so a workforce instance is
infeasible only when some running scanner session cannot be staffed. The elastic model lets
each scanner session go short of staff at a penalty; its least-shortfall roster names the
sessions, how many staff places stay empty, and who could have filled them.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

import pyomo.environ as pyo

from netopt.models.diagnosis import (
    NOT_SEARCHED,
    Describer,
    Diagnosis,
    Finding,
    ShortfallKind,
    Verdict,
    positive_entries,
    solve_least_shortfall,
    strict_conflict,
)
from netopt.models.workforce.build import build_workforce_model
from netopt.models.workforce.data import WorkforceData, build_workforce_data
from netopt.models.workforce.objective import UNSTAFFED_PENALTY
from netopt.models.workforce.plan import with_passport_policy
from netopt.models.workforce.results import extract_tables
from netopt.schema import Instance, PassportPolicy, Tier
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, no_time_report


def staff_names(instance: Instance) -> dict[str, str]:
    """Staff row id -> its name and id (``CT radiographers, Maidstone Hospital (RWF03-ct-rad)``),
    or the id alone when the row has no name."""
    return {k.id: f"{k.name} ({k.id})" if k.name else k.id for k in instance.staff}


def _who_could(data: WorkforceData, site: str, modality: str, names: dict[str, str]) -> str:
    """The staff rows that scan the modality and may work at the site, by name."""
    able = [
        k
        for k in data.cohorts.values()
        if modality in k.scans and site in k.sites and k.tier is not Tier.ASSISTANT_PRACTITIONER
    ]
    if not able:
        return f"no radiographer who scans {modality} may work at {site}"
    listed = "; ".join(
        f"{names.get(k.id, k.id)}: {k.count} x {k.sessions} sessions, up to "
        f"{k.max_extra_sessions} extra"
        for k in able[:5]
    )
    return f"those who may: {listed}{'; ...' if len(able) > 5 else ''}"


def _staffing_findings(
    m: pyo.ConcreteModel, data: WorkforceData, instance: Instance
) -> list[Finding]:
    """One finding per site and modality: the staff places a week left empty, by session
    (sites by name and id, days in full)."""
    names = {
        site.id: f"{site.name} ({site.id})" if site.name else site.id for site in instance.sites
    }
    staff = staff_names(instance)
    short: dict[tuple[str, str], list[tuple[str, str, float]]] = defaultdict(list)
    for (s, mo, d, t), places in positive_entries(m.unstaffed):
        short[(s, mo)].append((d, t, places))
    out = []
    for (s, mo), sessions in sorted(short.items()):
        total = sum(p for _, _, p in sessions)
        need = sum(
            data.staff_per_scanner[mo] * n
            for (site, modality, _, _), n in data.scanner_sessions.items()
            if (site, modality) == (s, mo)
        )
        detail = ", ".join(
            f"{DAYS.get(d, d)} {t} {p:g} of "
            f"{data.staff_per_scanner[mo] * data.scanner_sessions[(s, mo, d, t)]}"
            for d, t, p in sessions[:6]
        ) + (", ..." if len(sessions) > 6 else "")
        message = (
            f"{mo} at {names.get(s, s)}: {total:g} of the {need} staff places a week cannot be "
            "filled "
            "(contracts, extra sessions, skill mix, passports, travel, day limits and rest allow "
            f"no more), in "
            f"{len(sessions)} session(s): {detail}; {_who_could(data, s, mo, staff)}."
        )
        where: dict[str, str | int] = {
            "site": s,
            "modality": mo,
            "sessions": "; ".join(f"{d} {t}" for d, t, _ in sessions),
        }
        out.append(Finding(ShortfallKind.STAFFING, where, total, "staff places a week", message))
    return out


ZERO_PENALTY = UNSTAFFED_PENALTY * 1e-3
"""A least-shortfall penalty at most this (a thousandth of a staff place) counts as none."""


def diagnose_workforce(
    instance: Instance,
    options: SolveOptions | None = None,
    passport: PassportPolicy | None = None,
    *,
    deadline: Deadline | None = None,
    known_infeasible: bool = False,
) -> Diagnosis:
    """Settle whether a roster exists and, when none does, name the scanner sessions left short
    (see :func:`netopt.models.capital.diagnose.diagnose_capital` for the verdict's rules)."""
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    began = time.perf_counter()
    if passport is not None:
        instance = with_passport_policy(instance, passport)
    try:
        with deadline.enforce("building the elastic model"):
            data = build_workforce_data(instance, elastic=True)
            model = build_workforce_model(data, deadline)
    except TimeLimitReached as reached:
        report = no_time_report(options, reached.stage)
        return Diagnosis(Verdict.UNDECIDED, [], [], report, time.perf_counter() - began)
    solved = solve_least_shortfall(
        model, options, deadline, ZERO_PENALTY, known_infeasible=known_infeasible
    )
    if solved.verdict is Verdict.FEASIBLE or not solved.has_plan:
        return Diagnosis(solved.verdict, [], [], solved.report, time.perf_counter() - began)
    findings = _staffing_findings(model, data, instance)
    tables = extract_tables(model, data)
    conflict = NOT_SEARCHED
    if solved.verdict is Verdict.INFEASIBLE:
        strict = build_workforce_model(build_workforce_data(instance))
        conflict = strict_conflict(strict, deadline)
    seconds = time.perf_counter() - began
    return Diagnosis(
        solved.verdict,
        findings,
        report=solved.report,
        seconds=seconds,
        tables=tables,
        **conflict.diagnosis_fields(conflict_words(instance)),
    )


DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
"""Day ids of the session template, in words."""


def conflict_words(instance: Instance) -> dict[str, Describer]:
    """The workforce model's families in a planner's words, by family (see
    :func:`netopt.models.diagnosis.conflict_in_words`): sites by name, days in full."""
    sites = {s.id: f"{s.name} ({s.id})" if s.name else s.id for s in instance.sites}
    staff = staff_names(instance)

    def who(x: Any) -> str:
        return staff.get(str(x), str(x))

    def site(x: Any) -> str:
        return sites.get(str(x), str(x))

    def when(d: Any, t: Any) -> str:
        return f"{DAYS.get(str(d), str(d))} {t}"

    return {
        "scanner_staffing": lambda i: (
            f"the {i[1]} scanner session at {site(i[0])}, {when(i[2], i[3])}, has the staff it "
            "needs"
        ),
        "skill_mix": lambda i: (
            f"at most the allowed assistant practitioners in the {i[1]} session at "
            f"{site(i[0])}, {when(i[2], i[3])}"
        ),
        "contracted_sessions": lambda i: (
            f"staff group {who(i[0])} works no more sessions than contracted (with the extra "
            "sessions allowed)"
        ),
        "one_place_per_session": lambda i: (
            f"each of staff group {who(i[0])} is in one place at a time, {when(i[1], i[2])}"
        ),
        "passport_required": lambda i: (
            f"staff group {who(i[0])} works at {site(i[1])} ({when(i[2], i[3])}) only with a "
            "passport"
        ),
        "sessions_per_day": lambda i: (
            f"nobody in staff group {who(i[0])} works more than the sessions allowed a day on "
            f"{DAYS.get(str(i[1]), str(i[1]))}"
        ),
        "minimum_rest": lambda i: (
            f"nobody in staff group {who(i[0])} works both {when(i[1], i[2])} and "
            f"{when(i[3], i[4])} (minimum rest)"
        ),
        "scan_capacity": lambda i: (
            f"the {i[1]} exams scanned at {site(i[0])} on {DAYS.get(str(i[2]), str(i[2]))} fit "
            "the sessions run"
        ),
    }
