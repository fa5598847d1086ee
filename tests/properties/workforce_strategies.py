"""Hypothesis strategy for small random workforce instances (plain dicts, then validated).

Two or three sites of one or two trusts a few kilometres apart, a one- or two-day template of one
or two sessions, CT scanner sessions, two CT exam types with reporting demand, radiographers at
every scanning site (so most instances have a roster), optional assistants, consultants and a
reporting radiographer, random transfer links and policy settings.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SITES = ("A", "B", "C")
DAYS = ("mon", "tue")
SESSIONS = (("am", "08:00"), ("pm", "13:00"))


@st.composite
def workforce_data(draw: st.DrawFn) -> dict[str, Any]:
    n_sites = draw(st.integers(2, 3))
    sites = SITES[:n_sites]
    trust_of = {s: ("T1" if i == 0 or draw(st.booleans()) else "T2") for i, s in enumerate(sites)}
    trusts = sorted(set(trust_of.values()))
    days = DAYS[: draw(st.integers(1, 2))]
    sessions = SESSIONS[: draw(st.integers(1, 2))]
    slots = [(d, s) for d in days for s, _ in sessions]
    scanner_sessions = [
        {"site": site, "modality": "CT", "day": d, "session": s, "scanners": 1}
        for site in sites
        for d, s in slots
        if draw(st.booleans())
    ]
    staff: list[dict[str, Any]] = []
    reporting: list[dict[str, Any]] = []
    for site in sites:
        staff.append(
            {
                "id": f"rad-{site}",
                "home_site": site,
                "tier": "radiographer",
                "count": draw(st.integers(1, 3)),
                "sessions": draw(st.integers(1, 4)),
                "max_extra_sessions": draw(st.integers(0, 2)),
                "extra_session_cost": float(draw(st.integers(50, 300))),
                "scans": ["CT"],
            }
        )
        if draw(st.booleans()):
            staff.append(
                {
                    "id": f"ap-{site}",
                    "home_site": site,
                    "tier": "assistant_practitioner",
                    "count": draw(st.integers(1, 2)),
                    "sessions": draw(st.integers(1, 4)),
                    "scans": ["CT"],
                }
            )
        if draw(st.booleans()):
            staff.append(
                {
                    "id": f"con-{site}",
                    "home_site": site,
                    "tier": "consultant_radiologist",
                    "sessions": draw(st.integers(0, 3)),
                    "max_extra_sessions": draw(st.integers(0, 1)),
                    "extra_session_cost": float(draw(st.integers(100, 600))),
                    "home_reporting": draw(st.booleans()),
                }
            )
            reporting += [{"staff": f"con-{site}", "exam_type": e} for e in ("ct1", "ct2")]
    if draw(st.booleans()):
        site = draw(st.sampled_from(sites))
        staff.append(
            {
                "id": "rrad",
                "home_site": site,
                "tier": "advanced_practitioner",
                "sessions": draw(st.integers(1, 4)),
                "scans": ["CT"],
            }
        )
        reporting.append({"staff": "rrad", "exam_type": "ct1", "minutes_per_report": 45.0})
    links = [
        {
            "origin": a,
            "destination": b,
            "studies_per_day": draw(st.one_of(st.none(), st.integers(0, 8).map(float))),
        }
        for i, a in enumerate(sites)
        for b in sites[i + 1 :]
        if draw(st.booleans())
    ]
    demand = [
        {"site": site, "exam_type": e, "exams_per_week": float(draw(st.integers(0, 12)))}
        for site in sites
        for e in ("ct1", "ct2")
    ]
    limit = draw(st.one_of(st.none(), st.sampled_from([10.0, 30.0, 60.0])))
    return {
        "network": {"name": "random", "first_year": 2030, "horizon_years": 1},
        "trusts": [
            {"id": t, "capital_budget": 0.0, "capital_share": 100.0 / len(trusts)} for t in trusts
        ],
        "sites": [
            {"id": s, "owner": trust_of[s], "latitude": 52.0 + 0.1 * i, "longitude": -1.0}
            for i, s in enumerate(sites)
        ],
        "rooms": [{"site": s, "modality": "CT", "rooms": 1} for s in sites],
        "modalities": [{"id": "CT", "default_age_profile": "flat"}],
        "exam_types": [
            {
                "id": "ct1",
                "modality": "CT",
                "scan_minutes": 20.0,
                "report_minutes": float(draw(st.integers(10, 60))),
                "report_outsourcing_cost": float(draw(st.integers(20, 150))),
            },
            {
                "id": "ct2",
                "modality": "CT",
                "scan_minutes": 30.0,
                "report_minutes": float(draw(st.integers(10, 60))),
                "report_outsourcing_cost": float(draw(st.integers(20, 150))),
                "report_outsourcing_capacity": draw(st.one_of(st.none(), st.just(5.0))),
            },
        ],
        "age_profiles": [{"profile": "flat", "age": 0, "maintenance_cost": 0, "resale_value": 0}],
        "catalogue": [
            {
                "id": "ct-std",
                "modality": "CT",
                "price": 100.0,
                "hours_per_year": 10.0,
                "lifetime_years": 10,
                "age_profile": "flat",
            }
        ],
        "workforce": {
            "weeks_per_year": 1.0,
            "passport_policy": draw(st.sampled_from(["none", "trust", "network"])),
            "onboarding_cost": float(draw(st.integers(0, 100))),
            "travel_cost_per_minute": float(draw(st.sampled_from([0, 1, 2]))),
            "max_travel_minutes_between_sessions": limit,
            "turnaround_days": draw(st.sampled_from([1, 2, 7, 28])),
            "backlog_cost": 1000.0,
        },
        "sessions": [
            {"day": d, "session": s, "start": start, "minutes": 240.0}
            for d in days
            for s, start in sessions
        ],
        "scanner_sessions": scanner_sessions,
        "staffing_rules": [
            {"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 1}
        ],
        "staff": staff,
        "staff_reporting": reporting,
        "transfer_links": links,
        "reporting_demand": demand,
    }
