"""Worklists replayed as queues: ``worklist_balance`` and ``turnaround`` of ``models/workforce.md``."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, Tally
from netopt.verify.words import num
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import DAYS, WorkforceTables, place_text

WARM_UP_WEEKS = 2
"""Weeks a worklist is replayed before its exams are timed (one week reaches the steady
state of a cyclic first-in first-out queue)."""


@dataclass(frozen=True)
class Waiting:
    """Exams of one day's arrivals at a worklist still unreported when their time is up."""

    day: str
    """Weekday the exams arrived (were acquired)."""
    exams: float
    """How many of them are still waiting at the end of their last day."""
    arrived: float
    """How many arrived that day."""


def replay_worklist(
    arrivals: list[float], reports: list[float], turnaround_days: int, allowed: float
) -> list[Waiting]:
    """Replay a worklist as a first-in first-out queue, the week repeating: each day its
    arrivals join the queue and its reports take the oldest exams first (reports beyond the
    queue are lost: in the cyclic plan they would not exist). After ``WARM_UP_WEEKS`` weeks (the
    steady state), each day's arrivals of the next week must be reported by the end of their
    day + ``turnaround_days`` - 1; returns those that are not (beyond ``allowed`` exams)."""
    horizon = turnaround_days - 1
    first, last = 7 * WARM_UP_WEEKS, 7 * (WARM_UP_WEEKS + 1)
    queue: deque[list[float]] = deque()  # [arrival day, exams left]
    out: list[Waiting] = []
    for t in range(last + horizon):
        a = arrivals[t % 7]
        if a > 0:
            queue.append([t, a])
        capacity = reports[t % 7]
        while capacity > 0 and queue:
            take = min(capacity, queue[0][1])
            queue[0][1] -= take
            capacity -= take
            if queue[0][1] <= 0:
                queue.popleft()
        for arrival, left in queue:
            if arrival + horizon > t:
                break
            if arrival + horizon == t and first <= arrival < last and left > allowed:
                day = int(arrival)
                out.append(Waiting(DAYS[day % 7], left, arrivals[day % 7]))
    return out


def check_worklists(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``worklist_balance`` and ``turnaround`` for each worklist (place, exam type): in the
    week as many exams are reported from it (``reporting.csv``) as are routed to it
    (``reporting_flows.csv``), so that a cyclic queue exists; replayed first-in first-out
    (:func:`replay_worklist`), every exam is reported within ``turnaround_days``."""
    arrivals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * 7)
    reports: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * 7)
    slack: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for f in plan.routed:
        arrivals[(f.place, f.exam_type)][DAYS.index(f.day)] += f.exams
        slack[(f.place, f.exam_type)].add(0.0)
    for r in plan.reporting:
        reports[(r.place, r.exam_type)][DAYS.index(r.day)] += r.reports
        slack[(r.place, r.exam_type)].add(0.0)
    days = ref.instance.workforce.turnaround_days
    out = []
    for key in sorted({*arrivals, *reports}):
        place, exam = key
        where: Where = {"place": place, "exam_type": exam}
        arrived, reported = sum(arrivals[key]), sum(reports[key])
        weeks = WARM_UP_WEEKS + 1 + days / 7
        allowed = CELL + slack[key].slack + tolerance * max(1.0, arrived, reported)
        if abs(reported - arrived) > allowed:
            grows = arrived > reported
            out.append(
                Violation(
                    "worklist_balance",
                    where,
                    f"{num(arrived)} {exam} exams a week reach the worklist at {place_text(place)} "
                    f"but {num(reported)} are reported from it: "
                    + (
                        f"{num(arrived - reported)} a week would pile up"
                        if grows
                        else f"{num(reported - arrived)} reports a week have no exam to report"
                    ),
                )
            )
            if grows:
                continue
        for w in replay_worklist(arrivals[key], reports[key], days, allowed * weeks):
            deadline = DAYS[(DAYS.index(w.day) + days - 1) % 7]
            out.append(
                Violation(
                    "turnaround",
                    {**where, "day": w.day},
                    f"of the {num(w.arrived)} {exam} exams reaching the worklist at "
                    f"{place_text(place)} on {w.day}, {num(w.exams)} are still unreported at the "
                    f"end of {deadline if days > 1 else 'that day'}, beyond the {days}-day "
                    "turnaround standard (reporting first in, first out)",
                )
            )
    return out
