"""Roster the fleet and the exams of a capital plan: scanner sessions and reporting demand of
one plan year, read from the plan's result folder.

Planners ask both questions in turn: which scanners (capital plan), then who runs them and
reports their exams (workforce plan). The capital plan's ``fleet.csv`` says how many scanners of
each modality stand at each site in each year; every one of them runs every scanning session of
the template. Its ``flows.csv`` says how many exams of each type each site scans; divided by
``weeks_per_year`` they are the weekly reporting demand of the scanning site.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from netopt.schema import (
    InputProblem,
    Instance,
    InstanceError,
    ReportingDemand,
    ScannerSession,
)

FLEET_COLUMNS = ("site", "modality", "year", "units")
FLOW_COLUMNS = ("site", "exam_type", "year", "exams")


def _read(folder: Path, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    path = folder / name
    if not path.is_file():
        raise InstanceError(
            [InputProblem((), f"{path}: no such file; give a capital plan's result folder")]
        )
    try:
        frame = pd.read_csv(path, dtype={"site": str, "modality": str, "exam_type": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InstanceError([InputProblem((), f"{path}: not a readable CSV ({error})")]) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing and not frame.empty:
        raise InstanceError([InputProblem((), f"{path}: missing column(s) {', '.join(missing)}")])
    return frame


def _scanner_sessions(
    instance: Instance, units: dict[tuple[str, str], int]
) -> list[ScannerSession]:
    """The plan's scanners in the week: where the instance already gives a site's weekly
    pattern for the modality, that pattern scaled to the plan's number of scanners (at least
    one in each session it runs); elsewhere every scanning session of the template."""
    pattern: dict[tuple[str, str], list[ScannerSession]] = defaultdict(list)
    for row in instance.scanner_sessions:
        if row.scanners > 0:
            pattern[(row.site, row.modality)].append(row)
    scanning = [s for s in instance.sessions if s.scanning]
    out = []
    for (site, m), n in sorted(units.items()):
        if n <= 0:
            continue
        rows = pattern.get((site, m))
        if rows:
            peak = max(r.scanners for r in rows)
            out += [
                r.model_copy(update={"scanners": max(1, round(r.scanners * n / peak))})
                for r in rows
            ]
        else:
            out += [
                ScannerSession(site=site, modality=m, day=s.day, session=s.session, scanners=n)
                for s in scanning
            ]
    return out


def workforce_from_capital_plan(
    instance: Instance, folder: str | Path, year: int | None = None
) -> Instance:
    """``instance`` with its scanner sessions and reporting demand taken from the capital plan
    in ``folder`` for ``year`` (default: the workforce year, else the first plan year)."""
    folder = Path(folder)
    year = year or instance.workforce.year or instance.years[0]
    if year not in instance.years:
        raise InstanceError(
            [
                InputProblem(
                    (),
                    f"year {year} is outside the plan {instance.years[0]}-{instance.years[-1]}",
                )
            ]
        )
    fleet = _read(folder, "fleet.csv", FLEET_COLUMNS)
    flows = _read(folder, "flows.csv", FLOW_COLUMNS)
    units: dict[tuple[str, str], int] = defaultdict(int)
    if not fleet.empty:
        rows = fleet[fleet["year"] == year]
        for site, m, n in zip(rows["site"], rows["modality"], rows["units"], strict=True):
            units[(str(site), str(m))] += int(n)
    sessions = _scanner_sessions(instance, units)
    exams: dict[tuple[str, str], float] = defaultdict(float)
    if not flows.empty:
        rows = flows[flows["year"] == year]
        for site, e, x in zip(rows["site"], rows["exam_type"], rows["exams"], strict=True):
            exams[(str(site), str(e))] += float(x)
    weeks = instance.workforce.weeks_per_year
    demand = [
        ReportingDemand(site=site, exam_type=e, exams_per_week=x / weeks)
        for (site, e), x in sorted(exams.items())
        if x > 0
    ]
    settings = instance.workforce.model_copy(
        update={"year": year, "scanner_sessions_from_fleet": False}
    )
    data = instance.model_dump()
    data.update(
        workforce=settings.model_dump(),
        scanner_sessions=[s.model_dump() for s in sessions],
        reporting_demand=[d.model_dump() for d in demand],
    )
    return Instance.model_validate(data)
