"""Why no roster exists, in the workforce lead's words.

Reporting can always fall back on outsourcing or the backlog, so a workforce instance is
infeasible only when some running scanner session cannot be staffed. The elastic model lets
each scanner session go short of staff at a penalty; its least-shortfall roster names the
sessions, how many staff places stay empty, and who could have filled them.
"""

from __future__ import annotations

import time
from collections import defaultdict

import pyomo.environ as pyo

from netopt.models.diagnosis import (
    Diagnosis,
    Finding,
    ShortfallKind,
    positive_entries,
    relaxation_conflict,
)
from netopt.models.workforce.build import build_workforce_model
from netopt.models.workforce.data import WorkforceData, build_workforce_data
from netopt.models.workforce.plan import with_passport_policy
from netopt.models.workforce.results import extract_tables
from netopt.schema import Instance, PassportPolicy, Tier
from netopt.solve.highs import SolveOptions, solve_model


def _who_could(data: WorkforceData, site: str, modality: str) -> str:
    """The staff rows that scan the modality and may work at the site."""
    able = [
        k
        for k in data.cohorts.values()
        if modality in k.scans and site in k.sites and k.tier is not Tier.ASSISTANT_PRACTITIONER
    ]
    if not able:
        return f"no radiographer who scans {modality} may work at {site}"
    names = ", ".join(
        f"{k.id} ({k.count} x {k.sessions} sessions, up to {k.max_extra_sessions} extra)"
        for k in able[:5]
    )
    return f"those who may: {names}{', ...' if len(able) > 5 else ''}"


def _staffing_findings(m: pyo.ConcreteModel, data: WorkforceData) -> list[Finding]:
    """One finding per site and modality: the staff places a week left empty, by session."""
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
            f"{d} {t} {p:g} of {data.staff_per_scanner[mo] * data.scanner_sessions[(s, mo, d, t)]}"
            for d, t, p in sessions[:6]
        ) + (", ..." if len(sessions) > 6 else "")
        message = (
            f"{mo} at {s}: {total:g} of the {need} staff places a week cannot be filled "
            f"(contracts, extra sessions, skill mix, passports and travel allow no more), in "
            f"{len(sessions)} session(s): {detail}; {_who_could(data, s, mo)}."
        )
        where: dict[str, str | int] = {
            "site": s,
            "modality": mo,
            "sessions": "; ".join(f"{d} {t}" for d, t, _ in sessions),
        }
        out.append(Finding(ShortfallKind.STAFFING, where, total, "staff places a week", message))
    return out


def diagnose_workforce(
    instance: Instance,
    options: SolveOptions | None = None,
    passport: PassportPolicy | None = None,
) -> Diagnosis:
    """Solve the elastic workforce model and explain each scanner session it leaves short."""
    start = time.perf_counter()
    if passport is not None:
        instance = with_passport_policy(instance, passport)
    conflict = relaxation_conflict(build_workforce_model(build_workforce_data(instance)))
    data = build_workforce_data(instance, elastic=True)
    model = build_workforce_model(data)
    report = solve_model(model, options or SolveOptions())
    if not report.status.has_plan:
        return Diagnosis(False, [], conflict, report, time.perf_counter() - start)
    findings = _staffing_findings(model, data)
    tables = extract_tables(model, data)
    return Diagnosis(not findings, findings, conflict, report, time.perf_counter() - start, tables)
