"""Staff travel: ``travel_limit`` and ``session_continuity`` of ``models/workforce.md``."""

from __future__ import annotations

import math

from netopt.verify.report import Violation, Where
from netopt.verify.words import num
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import RosterRow, place_text

DayPath = list[str | None]
"""A person's places in the sessions of one day (None: off)."""


def day_paths(
    ref: WorkforceReference, rows: list[RosterRow]
) -> dict[tuple[str, int, str], DayPath]:
    """Each person's day: their place in each session of the day in start order (None: off;
    the first row of a session when there are several)."""
    paths: dict[tuple[str, int, str], DayPath] = {}
    for row in rows:
        sessions = ref.day_sessions[row.day]
        path = paths.setdefault((row.staff, row.person, row.day), [None] * len(sessions))
        g = sessions.index(row.session)
        if path[g] is None:
            path[g] = row.place
    return paths


def check_travel(
    ref: WorkforceReference, paths: dict[tuple[str, int, str], DayPath]
) -> tuple[list[Violation], float]:
    """``travel_limit``: between two consecutive sessions of a day a person works at places
    the shortest travel minutes (home counting as the home site) are within
    ``max_travel_minutes_between_sessions``. ``session_continuity``: when travel is costed or
    limited, every leg of each person's day (from the home site to the first place, between
    places, back to the home site; off counting as the home site) has a route. Returns the
    violations and the roster's travel minutes in a week."""
    settings = ref.instance.workforce
    limit = settings.max_travel_minutes_between_sessions
    matters = settings.travel_cost_per_minute > 0 or limit is not None
    out: list[Violation] = []
    minutes = 0.0
    for (staff, person, day), path in sorted(paths.items()):
        sessions = ref.day_sessions[day]
        where: Where = {"staff": staff, "person": person, "day": day}
        legs = [None, *path, None]
        for g in range(len(legs) - 1):
            a, b = legs[g], legs[g + 1]
            tau = ref.tau(staff, a, b)
            working = a is not None and b is not None
            if not math.isinf(tau):
                minutes += tau
            if working and limit is not None and tau > limit:
                beyond = (
                    "there is no route" if math.isinf(tau) else f"the trip takes {num(tau)} minutes"
                )
                out.append(
                    Violation(
                        "travel_limit",
                        {**where, "session": sessions[g]},
                        f"{staff} person {person} works at {place_text(str(a))} in {day} "
                        f"{sessions[g - 1]} and at {place_text(str(b))} in {day} {sessions[g]}: "
                        f"{beyond}, beyond the limit of {num(limit)} minutes between sessions",
                    )
                )
            elif math.isinf(tau) and matters:
                frm, to = ref.where(staff, a), ref.where(staff, b)
                out.append(
                    Violation(
                        "session_continuity",
                        where,
                        f"{staff} person {person}'s {day} needs a trip from {frm} to {to}, "
                        "but there is no travel route between them",
                    )
                )
    return out, minutes
