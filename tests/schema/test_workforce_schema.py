"""The workforce tables of the schema (netopt.schema.workforce).

A mini plan that uses every workforce table and sets every optional field survives YAML, JSON
and Excel; the defaults are the documented ones; days number Monday 0 to Sunday 6; the
cross-table checks report every problem at its field; and instances without any workforce
table (capital-only files, older workbooks) stay valid. Bad workforce files, one break each,
are in the corpus (tests/bad_inputs/*_wf_*).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import BaseModel

from netopt.io import instance_hash, load_instance, save_instance
from netopt.schema import (
    Day,
    ExamType,
    Instance,
    InstanceError,
    PassportOption,
    PassportPolicy,
    ReportingDemand,
    ScannerSession,
    Session,
    Staff,
    StaffingRule,
    StaffReporting,
    Tier,
    TransferLink,
    WorkforceSettings,
)
from tests.conftest import MINI
from tests.io.test_io_roundtrip import SUFFIXES

WORKFORCE_TABLES: dict[str, type[BaseModel]] = {
    "workforce": WorkforceSettings,
    "sessions": Session,
    "scanner_sessions": ScannerSession,
    "staffing_rules": StaffingRule,
    "staff": Staff,
    "staff_reporting": StaffReporting,
    "passport_options": PassportOption,
    "transfer_links": TransferLink,
    "reporting_demand": ReportingDemand,
}
"""Every workforce table of an instance and its record model."""

# A small plan on the mini network (sites north, south, cdc; modality CT; exam types CT-head
# with report_minutes 10 and CT-cardiac with none) in which every optional field of every
# workforce record takes a value other than its default in some row.
WORKFORCE: dict[str, Any] = {
    "workforce": {
        "year": 2027,
        "weeks_per_year": 46.4,
        "passport_policy": "list",
        "onboarding_cost": 750.0,
        "remote_reporting_passport": "required",
        "passports_per_person": True,
        "max_travel_minutes_between_sessions": 45.0,
        "travel_cost_per_minute": 0.4,
        "turnaround_days": 14,
        "backlog_cost": 2500.0,
        "max_sessions_per_day": 2,
        "min_rest_hours": 11.0,
        "scan_from_sessions": True,
        "scanner_sessions_from_fleet": False,
    },
    "sessions": [
        {"day": "mon", "session": "am", "start": "08:00", "minutes": 240.0},
        {"day": "mon", "session": "pm", "start": "13:00", "minutes": 240.0},
        {
            "day": "mon",
            "session": "eve",
            "start": "17:30",
            "minutes": 150.5,
            "scanning": False,
            "premium": 0.075,
        },
        {
            "day": "sun",
            "session": "am",
            "start": "09:00",
            "minutes": 180.0,
            "premium": 0.6,
            "on_call": True,
        },
    ],
    "scanner_sessions": [
        {"site": "north", "modality": "CT", "day": "mon", "session": "am", "scanners": 2},
        {"site": "south", "modality": "CT", "day": "mon", "session": "pm"},
        {"site": "north", "modality": "CT", "day": "sun", "session": "am", "scanners": 0},
    ],
    "staffing_rules": [{"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 1}],
    "staff": [
        {
            "id": "rad-n",
            "name": "North radiographers, band 6",
            "count": 3,
            "home_site": "north",
            "tier": "radiographer",
            "sessions": 8,
            "max_extra_sessions": 2,
            "extra_session_cost": 420.5,
            "session_pay": 180.25,
            "scans": ["CT"],
            "passports": ["cdc", "south"],
            "role": "ct-radiographer",
        },
        {
            "id": "ap-s",
            "home_site": "south",
            "tier": "assistant_practitioner",
            "sessions": 10,
            "scans": ["CT"],
        },
        {
            "id": "arp-n",
            "home_site": "north",
            "tier": "advanced_practitioner",
            "sessions": 10,
            "scans": ["CT"],
        },
        {
            "id": "cons-s",
            "home_site": "south",
            "tier": "consultant_radiologist",
            "sessions": 10,
            "home_reporting": True,
        },
    ],
    "staff_reporting": [
        {"staff": "cons-s", "exam_type": "CT-head"},
        {"staff": "cons-s", "exam_type": "CT-cardiac", "minutes_per_report": 25.0},
        {"staff": "arp-n", "exam_type": "CT-head", "minutes_per_report": 12.5},
    ],
    "passport_options": [{"staff": "ap-s", "site": "cdc"}, {"staff": "arp-n", "site": "south"}],
    "transfer_links": [
        {"origin": "north", "destination": "south", "studies_per_day": 200.0},
        {"origin": "south", "destination": "cdc"},
    ],
    "reporting_demand": [
        {"site": "north", "exam_type": "CT-head", "exams_per_week": 230.5},
        {"site": "south", "exam_type": "CT-cardiac", "exams_per_week": 30.0},
    ],
    # the staff role of the joint plan a staff row may name (``staff.role``)
    "staff_roles": [{"id": "ct-radiographer", "tier": "radiographer", "scans": ["CT"]}],
}
REPORT_OUTSOURCING = {"report_outsourcing_cost": 32.5, "report_outsourcing_capacity": 120.0}
"""Set on exam type CT-head."""


def with_workforce(mini: Instance, **changes: Any) -> dict[str, Any]:
    """The mini network plus the WORKFORCE plan, as plain data; ``changes`` replace tables."""
    data: dict[str, Any] = mini.model_dump()
    data["exam_types"][0].update(REPORT_OUTSOURCING)
    data.update(json.loads(json.dumps(WORKFORCE)))  # a deep copy
    data.update(changes)
    return data


@pytest.fixture(scope="module")
def planned(mini: Instance) -> Instance:
    """The mini network with every workforce table."""
    return Instance.model_validate(with_workforce(mini))


def _default(model: type[BaseModel], field: str) -> Any:
    return model.model_fields[field].get_default(call_default_factory=True)


# --------------------------------------------------------------------------- round trip


def test_every_optional_field_is_exercised(planned: Instance) -> None:
    """The round trip below covers every field: each optional one differs from its default in
    some row (a field added to a workforce record must be added to WORKFORCE)."""
    for name, model in WORKFORCE_TABLES.items():
        value = getattr(planned, name)
        rows = value if isinstance(value, list) else [value]
        assert rows, name
        for field, info in model.model_fields.items():
            if not info.is_required():
                default = _default(model, field)
                assert any(getattr(r, field) != default for r in rows), f"{name}.{field}"
    head = planned.exam_types[0]
    for field, value in REPORT_OUTSOURCING.items():
        assert getattr(head, field) == value != _default(ExamType, field)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_workforce_round_trip(planned: Instance, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"planned{suffix}"
    save_instance(planned, path)
    again = load_instance(path)
    assert again == planned
    assert instance_hash(again) == instance_hash(planned)
    for name in WORKFORCE_TABLES:  # equal field by field, not only as a whole
        assert getattr(again, name) == getattr(planned, name), name


def test_workbook_has_a_sheet_per_workforce_table(planned: Instance, tmp_path: Path) -> None:
    path = tmp_path / "planned.xlsx"
    save_instance(planned, path)
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        assert set(WORKFORCE_TABLES) <= set(wb.sheetnames)
    finally:
        wb.close()


def test_start_times_stay_text(planned: Instance, tmp_path: Path) -> None:
    """'08:00' must not come back as a time, a number of minutes or a sexagesimal 480."""
    for suffix in SUFFIXES:
        path = tmp_path / f"planned{suffix}"
        save_instance(planned, path)
        starts = [s.start for s in load_instance(path).sessions]
        assert starts == ["08:00", "13:00", "17:30", "09:00"], suffix


def test_workforce_yaml_written_by_hand(tmp_path: Path) -> None:
    """The shapes a planner types: unquoted start times, flow lists, enum values as text."""
    text = MINI.read_text(encoding="utf-8") + (
        "workforce:\n"
        "  passport_policy: network\n"
        "sessions:\n"
        "  - {day: tue, session: am, start: 08:30, minutes: 240}\n"
        "  - {day: tue, session: pm, start: 13:00, minutes: 210}\n"
        "staff:\n"
        "  - {id: r1, home_site: south, tier: radiographer, sessions: 9, scans: [CT]}\n"
    )
    path = tmp_path / "typed.yaml"
    path.write_text(text, encoding="utf-8")
    inst = load_instance(path)
    assert [(s.day, s.session, s.start) for s in inst.sessions] == [
        (Day.TUE, "am", "08:30"),
        (Day.TUE, "pm", "13:00"),
    ]
    assert inst.workforce.passport_policy is PassportPolicy.NETWORK
    assert inst.staff[0].tier is Tier.RADIOGRAPHER
    assert inst.staff[0].scans == ["CT"]


# --------------------------------------------------------------------------- defaults


def test_settings_defaults() -> None:
    settings = WorkforceSettings()
    assert settings.year is None
    assert settings.weeks_per_year == 52.0
    assert settings.passport_policy is PassportPolicy.NONE
    assert settings.onboarding_cost == 0.0
    assert settings.max_travel_minutes_between_sessions is None
    assert settings.travel_cost_per_minute == 0.0
    assert settings.turnaround_days == 28
    assert settings.backlog_cost == 10000.0
    assert settings.scanner_sessions_from_fleet is True


def test_record_defaults() -> None:
    staff = Staff(id="r1", home_site="north", tier=Tier.RADIOGRAPHER, sessions=8)
    assert staff.count == 1
    assert staff.name == ""
    assert staff.max_extra_sessions == 0
    assert staff.extra_session_cost == 0.0
    assert staff.scans == [] and staff.passports == []
    assert staff.home_reporting is False
    session = Session(day=Day.MON, session="am", start="08:00", minutes=240.0)
    assert session.scanning is True
    assert ScannerSession(site="north", modality="CT", day=Day.MON, session="am").scanners == 1
    rule = StaffingRule(modality="CT", staff_per_scanner=2)
    assert rule.max_assistants_per_scanner == 0
    assert StaffReporting(staff="r1", exam_type="CT-head").minutes_per_report is None
    assert TransferLink(origin="north", destination="south").studies_per_day is None
    exam = ExamType(id="CT-head", modality="CT", scan_minutes=15.0)
    assert exam.report_outsourcing_cost is None
    assert exam.report_outsourcing_capacity is None


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_defaults_when_loaded(mini: Instance, tmp_path: Path, suffix: str) -> None:
    """Fields left out of a file take their defaults: count 1, passport_policy none,
    turnaround 28 days, one scanner."""
    data = mini.model_dump(mode="json", exclude_defaults=True)
    data["sessions"] = [{"day": "wed", "session": "am", "start": "08:00", "minutes": 240}]
    data["scanner_sessions"] = [{"site": "north", "modality": "CT", "day": "wed", "session": "am"}]
    data["staff"] = [{"id": "r1", "home_site": "north", "tier": "radiographer", "sessions": 8}]
    path = tmp_path / f"defaults{suffix}"
    # JSON text is also YAML (flow style), so one writer serves both formats
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    inst = load_instance(path)
    assert inst.workforce == WorkforceSettings()
    assert inst.workforce.passport_policy is PassportPolicy.NONE
    assert inst.workforce.turnaround_days == 28
    assert inst.staff[0].count == 1
    assert inst.scanner_sessions[0].scanners == 1
    assert inst.sessions[0].scanning is True


def test_empty_workforce_section_is_the_default(mini: Instance) -> None:
    data = mini.model_dump()
    data["workforce"] = {}
    assert Instance.model_validate(data).workforce == WorkforceSettings()


# --------------------------------------------------------------------------- days


@pytest.mark.parametrize(
    ("day", "number"),
    [("mon", 0), ("tue", 1), ("wed", 2), ("thu", 3), ("fri", 4), ("sat", 5), ("sun", 6)],
)
def test_day_number(day: str, number: int) -> None:
    assert Day(day).number == number


def test_days_are_the_week_in_order() -> None:
    assert [d.number for d in Day] == list(range(7))
    assert [d.value for d in sorted(Day, key=lambda d: d.number)] == [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
    assert Day.SUN.number - Day.MON.number == 6
    assert Day("fri") is Day.FRI and Day.FRI.value == "fri" and str(Day.FRI) == "fri"


# --------------------------------------------------------------------------- checks


def test_every_check_problem_is_reported_at_its_field(mini: Instance) -> None:
    """One instance with many workforce problems: all are found, each at its field."""
    data = with_workforce(mini)
    data["workforce"]["year"] = 2040
    data["workforce"]["passport_policy"] = "trust"
    data["sessions"].append({"day": "mon", "session": "late", "start": "13:00", "minutes": 60})
    data["scanner_sessions"][1]["session"] = "night"
    data["staffing_rules"][0]["max_assistants_per_scanner"] = 3
    data["staff"][0]["passports"] = ["north"]
    data["staff"][1]["home_site"] = "west"
    data["staff"][3]["scans"] = ["CT"]
    data["staff_reporting"].append({"staff": "ap-s", "exam_type": "CT-cardiac"})
    data["transfer_links"].append({"origin": "cdc", "destination": "cdc"})
    data["transfer_links"].append({"origin": "cdc", "destination": "south"})
    with pytest.raises(InstanceError) as caught:
        Instance.model_validate(data)
    found = {p.loc: p.message for p in caught.value.problems}
    assert set(found) == {
        ("workforce", "year"),
        ("workforce", "passport_policy"),
        ("sessions", 4, "start"),
        ("scanner_sessions", 1, "session"),
        ("staffing_rules", 0, "max_assistants_per_scanner"),
        ("staff", 0, "passports"),
        ("staff", 1, "home_site"),
        ("staff", 3, "scans"),
        ("staff_reporting", 3, "staff"),
        ("staff_reporting", 3, "minutes_per_report"),
        ("transfer_links", 2),
        ("transfer_links", 3),
    }
    assert "outside the plan 2026-2030" in found[("workforce", "year")]
    assert "'west'" in found[("staff", 1, "home_site")]
    assert "assistant practitioner" in found[("staff_reporting", 3, "staff")]
    assert "itself" in found[("transfer_links", 2)]
    assert "duplicate" in found[("transfer_links", 3)]  # south-cdc given again as cdc-south


def test_advanced_practitioner_may_scan_and_report(planned: Instance) -> None:
    arp = next(s for s in planned.staff if s.id == "arp-n")
    assert arp.tier is Tier.ADVANCED_PRACTITIONER and arp.scans == ["CT"]
    assert any(r.staff == "arp-n" for r in planned.staff_reporting)


def test_report_minutes_of_the_exam_type_are_enough(mini: Instance) -> None:
    """No minutes_per_report is needed where the exam type has report_minutes (CT-head: 10)."""
    inst = Instance.model_validate(
        with_workforce(mini, staff_reporting=[{"staff": "cons-s", "exam_type": "CT-head"}])
    )
    assert inst.staff_reporting[0].minutes_per_report is None


# --------------------------------------------------------------------------- capital only


def test_capital_only_instances_have_no_workforce(mini: Instance, winston: Instance) -> None:
    for inst in (mini, winston):
        assert inst.workforce == WorkforceSettings()
        for name in WORKFORCE_TABLES:
            if name != "workforce":
                assert getattr(inst, name) == [], name
        assert all(
            e.report_outsourcing_cost is None and e.report_outsourcing_capacity is None
            for e in inst.exam_types
        )


def test_capital_only_yaml_mentions_no_workforce(mini: Instance, tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    save_instance(mini, path)
    keys = {line.split(":")[0] for line in path.read_text(encoding="utf-8").splitlines()}
    assert not keys & set(WORKFORCE_TABLES)
    assert load_instance(path) == mini


def test_json_without_workforce_keys(mini: Instance, tmp_path: Path) -> None:
    path = tmp_path / "mini.json"
    save_instance(mini, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for name in WORKFORCE_TABLES:
        del data[name]
    for exam in data["exam_types"]:
        del exam["report_outsourcing_cost"], exam["report_outsourcing_capacity"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_instance(path) == mini


def test_workbook_without_workforce_sheets(mini: Instance, tmp_path: Path) -> None:
    """A workbook made before the workforce tables existed still loads."""
    path = tmp_path / "old.xlsx"
    save_instance(mini, path)
    wb = openpyxl.load_workbook(path)
    for name in WORKFORCE_TABLES:
        wb.remove(wb[name])
    ws = wb["exam_types"]
    for header in ("report_outsourcing_capacity", "report_outsourcing_cost"):
        (cell,) = (c for c in ws[1] if c.value == header)
        ws.delete_cols(cell.column)
    wb.save(path)
    assert load_instance(path) == mini


# Tables whose rows refer to the rows of another (they go when it goes).
REFERRING = {"sessions": ["scanner_sessions"], "staff": ["staff_reporting", "passport_options"]}


@pytest.mark.parametrize("name", list(WORKFORCE_TABLES))
def test_workforce_tables_are_optional_one_by_one(planned: Instance, name: str) -> None:
    """Any workforce table may be left out of an instance that has the others."""
    data = planned.model_dump()
    for gone in (name, *REFERRING.get(name, [])):
        del data[gone]
    if name == "workforce":  # passport_options need the policy 'list'
        del data["passport_options"]
    inst = Instance.model_validate(data)
    assert getattr(inst, name) == _default(Instance, name)


def test_an_excel_time_cell_is_a_start_time() -> None:
    """A planner typing 08:00 into Excel makes a time cell; it reads as the text "08:00"."""
    data = Path(__file__).parents[1] / "io" / "data" / "wf_start_as_time_cell.xlsx"
    instance = load_instance(data)
    assert instance.sessions[0].start == "08:00"
