"""The workforce instance that uses every family of ``models/workforce.md`` (``rich``): see the
docstring of ``tests/verify/test_workforce_verify.py``."""

from __future__ import annotations

from typing import Any

from tests.workforce.builders import staff, tiny

TWO_DAYS = [
    {"day": d, "session": s, "start": start, "minutes": 240}
    for d in ("mon", "tue")
    for s, start in (("am", "08:00"), ("pm", "13:00"))
]


def ct(site: str, day: str, session: str, scanners: int = 1) -> dict[str, Any]:
    return {"site": site, "modality": "CT", "day": day, "session": session, "scanners": scanners}


def rich(**workforce: Any) -> dict[str, Any]:
    """The instance of the module docstring (``workforce`` settings override its own)."""
    data = tiny(
        sessions=TWO_DAYS,
        scanner_sessions=[
            ct("A", "mon", "am"),
            ct("A", "tue", "am"),
            ct("B", "mon", "pm"),
            ct("C", "tue", "pm"),
        ],
        staff=[
            staff("ra", "A", "radiographer", count=2, scans=["CT"]),
            staff("rb", "A", "radiographer", scans=["CT"], passports=["B"]),
            staff("ap", "B", "assistant_practitioner", scans=["CT"]),
            staff(
                "rc",
                "C",
                "radiographer",
                scans=["CT"],
                sessions=1,
                max_extra_sessions=1,
                extra_session_cost=500,
            ),
            staff(
                "c",
                "A",
                "consultant_radiologist",
                sessions=3,
                max_extra_sessions=1,
                extra_session_cost=150,
            ),
            staff("d", "C", "consultant_radiologist", sessions=1, home_reporting=True),
        ],
        staff_reporting=[
            {"staff": "c", "exam_type": "ct"},
            {"staff": "d", "exam_type": "ct", "minutes_per_report": 40},
        ],
        reporting_demand=[
            {"site": "A", "exam_type": "ct", "exams_per_week": 12},
            {"site": "B", "exam_type": "ct", "exams_per_week": 10},
            {"site": "C", "exam_type": "ct", "exams_per_week": 3},
        ],
        transfer_links=[
            {"origin": "A", "destination": "B", "studies_per_day": 2},
            {"origin": "B", "destination": "C"},
        ],
        workforce={
            "passport_policy": "network",
            "onboarding_cost": 50,
            "travel_cost_per_minute": 1.0,
            "max_travel_minutes_between_sessions": 45,
            "turnaround_days": 2,
            "backlog_cost": 1000,
            **workforce,
        },
    )
    data["sites"] = [*data["sites"], {"id": "C", "owner": "T1", "latitude": 52.2, "longitude": -1}]
    data["rooms"] = [{"site": s, "modality": "CT", "rooms": 2} for s in "ABC"]
    data["travel_matrix"] = [
        {"origin": o, "destination": d, "minutes": m}
        for a, b, m in (("A", "B", 30), ("A", "C", 60), ("B", "C", 40))
        for o, d in ((a, b), (b, a))
    ]
    data["exam_types"][0]["report_outsourcing_capacity"] = 3
    return data
