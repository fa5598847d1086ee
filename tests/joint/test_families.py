"""Known-answer tests, one or more per constraint family of ``models/joint.md``.

Unless a test says otherwise (``tests/joint/builders.py``): one site A of trust T1 with CT
rooms, 10 one-hour CT exams a year in 2030, outsourced scanning GBP 20 an exam, a catalogue CT
of GBP 100 scanning 10 hours a year, no discounting; one radiographer role whose WTE gives 10
clinical hours a year, none in post, free to hire; one staff member per running scanner;
reports outsourced free.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netopt import SolveStatus, compare_with_sequential, solve_joint, solve_joint_and_sequential
from netopt.models.joint import plan as joint_plan
from netopt.models.joint.build import BUILD_STEPS, FAMILIES, build_joint_model
from netopt.models.joint.compare import sequential_comparison
from netopt.models.joint.data import build_joint_data
from netopt.schema import Instance, InstanceError
from tests.capital.builders import EXACT
from tests.joint.builders import role, solve, tiny_joint

REPO = Path(__file__).resolve().parents[2]
TWO_YEARS = {"name": "t", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0}
THREE_YEARS = {"name": "t", "first_year": 2030, "horizon_years": 3, "discount_rate": 0.0}


def demand(*years: int, exams: float = 10) -> list[dict[str, object]]:
    return [{"site": "A", "exam_type": "ct", "year": y, "exams": exams} for y in years]


def scanner(id: str = "old") -> dict[str, object]:
    """An existing CT at A, free to keep, 10 hours a year."""
    return {"id": id, "site": "A", "modality": "CT", "install_year": 2029, "hours_per_year": 10}


# --------------------------------------------------------------------------- staffing scanners


def test_scanner_staffing_makes_the_scanner_pay_for_its_staff() -> None:
    """Buying (100) and staffing (1 WTE at a salary of 50) costs 150, less than outsourcing
    (10 x 20 = 200): the joint plan buys and hires 1 WTE. At a salary of 150 the scanner would
    cost 250 with its staff: the joint plan outsources, 200."""
    plan = solve(tiny_joint(staff_roles=[role(salary=50)]))
    assert plan.objective == pytest.approx(150)
    assert plan.purchases["units"].sum() == 1
    assert plan.staffing.set_index("year").loc[2030, "hires"] == pytest.approx(1)
    assert plan.scanner_staffing.loc[0, "own_staff_hours"] == pytest.approx(10)
    plan = solve(tiny_joint(staff_roles=[role(salary=150)]))
    assert plan.objective == pytest.approx(200)
    assert plan.purchases.empty


def test_the_sequential_plan_buys_a_scanner_no_one_can_afford_to_staff() -> None:
    """The seed's point. Capital first: the scanner (100) beats outsourcing (200), so it is
    bought; staffing it then costs 150 more: 250. Chosen together: outsource, 200."""
    instance = Instance.model_validate(tiny_joint(staff_roles=[role(salary=150)]))
    joint = solve(tiny_joint(staff_roles=[role(salary=150)]))
    sequential, table = compare_with_sequential(instance, joint, EXACT)
    assert sequential.fixed_capital and sequential.objective == pytest.approx(250)
    rows = table.set_index("measure")
    assert rows.loc["joint_cost", "joint"] == pytest.approx(200)
    assert rows.loc["joint_cost", "difference"] == pytest.approx(-50)
    assert rows.loc["units_bought", "sequential"] == 1 and rows.loc["units_bought", "joint"] == 0


def test_joint_and_sequential_in_one_limit() -> None:
    """``solve_joint_and_sequential``: the joint plan starts from the sequential plan's capital
    decisions and finds the cheaper one (200 against 250)."""
    instance = Instance.model_validate(tiny_joint(staff_roles=[role(salary=150)]))
    joint, sequential, table = solve_joint_and_sequential(instance, EXACT)
    assert joint.objective == pytest.approx(200) and sequential.objective == pytest.approx(250)
    assert joint.report.start == "the capital plan solved on its own"
    assert table.set_index("measure").loc["joint_cost", "difference"] == pytest.approx(-50)


def test_a_given_capital_plan_is_staffed_as_it_is() -> None:
    """With the sequential plan's decisions given, the plan keeps its scanner (250), even
    though the joint plan would not buy it."""
    data = tiny_joint(staff_roles=[role(salary=150)])
    bought = solve(tiny_joint(staff_roles=[role(salary=1)]))
    assert bought.purchases["units"].sum() == 1
    plan = solve(data, capital_plan=bought)
    assert plan.fixed_capital and plan.objective == pytest.approx(250)


def test_utilisation_ceiling_staffs_the_whole_session() -> None:
    """At a ceiling of 50% a scanner of 20 hours books 10: its staff are there all 20 hours, 2
    WTE at 5 each: 100 + 10 = 110."""
    data = tiny_joint(staff_roles=[role(salary=5)])
    data["modalities"][0]["target_utilisation"] = 0.5
    data["catalogue"][0]["hours_per_year"] = 20
    plan = solve(data)
    assert plan.objective == pytest.approx(110)
    assert plan.scanner_staffing.loc[0, "scanner_hours"] == pytest.approx(20)


# --------------------------------------------------------------------------- recruitment


def test_recruitment_limit_and_agency() -> None:
    """At most 0.5 WTE can be hired (25 at a salary of 50): 5 of the 10 scanner hours. With
    agency at 8 an hour the rest costs 40: 100 + 25 + 40 = 165 < 200. With no agency, half the
    exams would be outsourced (100 + 25 + 100 = 225): outsourcing all is cheaper, 200."""
    plan = solve(
        tiny_joint(staff_roles=[role(salary=50, max_hires_per_year=0.5, agency_hour_cost=8)])
    )
    assert plan.objective == pytest.approx(165)
    row = plan.staffing.iloc[0]
    assert row["hires"] == pytest.approx(0.5) and row["agency_hours"] == pytest.approx(5)
    plan = solve(tiny_joint(staff_roles=[role(salary=50, max_hires_per_year=0.5)]))
    assert plan.objective == pytest.approx(200)
    limited = role(salary=50, max_hires_per_year=0.5, agency_hour_cost=8)
    limited["max_agency_hours_per_year"] = 2
    # 2 agency hours: 100 + 25 + 16 + 3 exams outsourced (60) = 201 > 200: outsource all
    assert solve(tiny_joint(staff_roles=[limited])).objective == pytest.approx(200)


def test_hiring_lead_time_and_cost() -> None:
    """Two years, the existing scanner is free; 1 WTE in post, so 2030 is staffed. Hires take a
    year (lead time 1) and cost 7 per WTE, paid when decided: the 2031 hires cover attrition
    (half leave): 0.5 x 7 = 3.5. Recruitment in 2030 for 2030 is impossible."""
    data = tiny_joint(
        network=TWO_YEARS,
        assets=[scanner()],
        demand=demand(2030, 2031),
        staff_roles=[role(attrition=0.5, hire_cost=7, hire_lead_years=1)],
        staff_in_post=[{"employer": "T1", "role": "rad", "wte": 1}],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(3.5)
    rows = plan.staffing.set_index("year")
    assert rows.loc[2031, "hires"] == pytest.approx(0.5)
    assert rows.loc[2031, "leavers"] == pytest.approx(0.5)


# --------------------------------------------------------------------------- headcount


def test_headcount_balance_with_attrition() -> None:
    """2 WTE in post, 25% attrition a year, a salary of 10: 2030 has 2 WTE (20), 2031 1.5
    (15), 2032 1.125 (11.25); the scanner needs 1 WTE a year, so no one is hired: 46.25."""
    data = tiny_joint(
        network=THREE_YEARS,
        assets=[scanner()],
        demand=demand(2030, 2031, 2032),
        staff_roles=[role(attrition=0.25, salary=10)],
        staff_in_post=[{"employer": "T1", "role": "rad", "wte": 2}],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(46.25)
    assert list(plan.staffing["wte"]) == pytest.approx([2, 1.5, 1.125])
    assert plan.staffing["hires"].sum() == 0


# --------------------------------------------------------------------------- training


def training_instance(**pathway: object) -> dict[str, object]:
    """Three years; the existing scanner; 2 radiographers in post (free); reports outsourced
    at 10 each (100 a year); a reporting radiographer role (none in post, none to hire) that
    reports 10 one-hour reports a year; training takes a year and costs 30."""
    data = tiny_joint(
        network=THREE_YEARS,
        assets=[scanner()],
        demand=demand(2030, 2031, 2032),
        staff_roles=[
            role(),
            role(
                "rr", tier="advanced_practitioner", scans=[], reports=["ct"], max_hires_per_year=0
            ),
        ],
        staff_in_post=[{"employer": "T1", "role": "rad", "wte": 2}],
        training_pathways=[
            {"id": "train", "from_role": "rad", "to_role": "rr", "years": 1, "cost_per_year": 30}
            | pathway
        ],
    )
    data["exam_types"][0]["report_outsourcing_cost"] = 10
    return data


def test_training_a_reporting_radiographer_pays() -> None:
    """Training one radiographer in 2030 (30, half their time studying, so clinical_hours
    leaves the other radiographer and the half still scanning 15 >= 10 hours) lets 2031 and 2032 be reported in house: 30 + 100
    for 2030's reports = 130 (no training: 300)."""
    plan = solve(training_instance(study_share=0.5))
    assert plan.objective == pytest.approx(130)
    assert list(plan.training["year"]) == [2030] and list(plan.training["trainees"]) == [1]
    rows = plan.staffing.set_index(["role", "year"])
    assert rows.loc[("rr", 2031), "wte"] == pytest.approx(1)
    assert rows.loc[("rad", 2031), "wte"] == pytest.approx(1)
    assert rows.loc[("rad", 2030), "study_hours"] == pytest.approx(5)


def test_training_places() -> None:
    """With no places (0 starts a year) all reports are outsourced: 300."""
    plan = solve(training_instance(max_starts_per_year=0))
    assert plan.objective == pytest.approx(300)
    assert plan.training.empty


def test_supervision_needs_a_supervisor() -> None:
    """Each trainee needs 5 hours of supervision from a reporting radiographer; there is none
    in post, so no one can be trained: 300."""
    assert solve(training_instance(supervision_hours=5)).objective == pytest.approx(300)


def test_supervision_by_another_role() -> None:
    """Supervised by the radiographers instead (``supervisor_role``), 5 hours of their 15 free
    hours in 2030 (10 scan): training pays again, 130."""
    plan = solve(training_instance(supervision_hours=5, supervisor_role="rad", study_share=0.5))
    assert plan.objective == pytest.approx(130)
    rows = plan.staffing.set_index(["role", "year"])
    assert rows.loc[("rad", 2030), "supervision_hours"] == pytest.approx(5)


def test_training_intake() -> None:
    """Only 1 radiographer in post (none to hire) and 2 reporting radiographers worth training
    (20 reports a year from two scanners; each reporter reports 10): without the intake limit
    two would train in 2030 (60 + 2030's 200 reports = 260); trainees come from the WTE in
    post, so one trains in 2030 and, with no radiographer left to train, 2031 and 2032
    outsource half: 30 + 200 + 100 + 100 = 430. Scanning is by a second role with 2 WTE."""
    data = training_instance()
    data["staff_roles"] = [
        role("rad", scans=[], max_hires_per_year=0),
        role("tech"),
        role("rr", tier="advanced_practitioner", scans=[], reports=["ct"], max_hires_per_year=0),
    ]
    data["staff_in_post"] = [
        {"employer": "T1", "role": "rad", "wte": 1},
        {"employer": "T1", "role": "tech", "wte": 2},
    ]
    data["assets"] = [scanner("a"), scanner("b")]
    data["demand"] = demand(2030, 2031, 2032, exams=20)
    plan = solve(data)
    assert plan.objective == pytest.approx(430)
    assert plan.training["trainees"].sum() == 1


# --------------------------------------------------------------------------- skill mix and reporting


def test_skill_mix() -> None:
    """Two staff per scanner, at most one an assistant practitioner (salary 10 per WTE; a
    radiographer 40): 1 of each, 50 + the scanner 100 = 150. With two assistants allowed:
    2 assistants, 120."""
    roles = [role(salary=40), role("ap", tier="assistant_practitioner", salary=10)]
    data = tiny_joint(
        staff_roles=roles,
        staffing_rules=[
            {"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 1}
        ],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(150)
    assert plan.scanner_staffing.loc[0, "assistant_hours"] == pytest.approx(10)
    data["staffing_rules"][0]["max_assistants_per_scanner"] = 2
    assert solve(data).objective == pytest.approx(120)


def report_instance(**limits: object) -> dict[str, object]:
    """The existing scanner, its radiographer in post (free); reports outsourced at 10; a
    consultant role (none in post) at a salary of 150 per WTE reporting 10 a year, at half a
    consultant's speed for the reporting radiographer role when a test adds it."""
    data = tiny_joint(
        assets=[scanner()],
        staff_roles=[
            role(),
            role("cons", tier="consultant_radiologist", scans=[], reports=["ct"], salary=150),
        ],
        staff_in_post=[{"employer": "T1", "role": "rad", "wte": 1}],
        **limits,
    )
    data["exam_types"][0]["report_outsourcing_cost"] = 10
    return data


def test_exam_reporting() -> None:
    """Every exam scanned is reported: outsourcing its 10 reports (100) beats hiring a
    consultant (150)."""
    plan = solve(report_instance())
    assert plan.objective == pytest.approx(100)
    assert plan.reports.loc[0, "reports_outsourced"] == pytest.approx(10)


def test_report_outsourcing_limit() -> None:
    """ "Stop outsourcing by 2030": with at most 0 reports outsourced in 2030 the consultant is
    hired: 150."""
    limits = [{"year": 2030, "max_reports": 0}]
    plan = solve(report_instance(report_outsourcing_limits=limits))
    assert plan.objective == pytest.approx(150)
    assert plan.reports.loc[0, "reported_by_own_staff"] == pytest.approx(10)


def test_report_outsourcing_limit_onwards() -> None:
    """Two years; 90% of consultants leave each year. With at most 0 reports outsourced in
    2030 only, a consultant is hired for 2030 (150); the 0.1 WTE left in 2031 (15) reports 1
    and the other 9 are outsourced (90): 255. With the limit ``onwards`` it holds in 2031 too:
    0.9 WTE more are hired for it, 150 + 150 = 300."""
    limit = {"year": 2030, "max_reports": 0}
    data = report_instance(
        network=TWO_YEARS, demand=demand(2030, 2031), report_outsourcing_limits=[limit]
    )
    data["staff_roles"][1]["attrition"] = 0.9
    plan = solve(data)
    assert plan.objective == pytest.approx(255)
    outsourced = plan.reports.set_index("year")["reports_outsourced"]
    assert outsourced.loc[2030] == pytest.approx(0) and outsourced.loc[2031] == pytest.approx(9)
    data["report_outsourcing_limits"][0]["onwards"] = True
    plan = solve(data)
    assert plan.objective == pytest.approx(300)
    assert plan.reports["reports_outsourced"].sum() == pytest.approx(0)


def test_report_minutes_factor() -> None:
    """A reporting radiographer (salary 40) twice as slow reports 5 a year per WTE: 2 WTE
    (80) beat both outsourcing (100) and the consultant (150)."""
    data = report_instance()
    data["staff_roles"].append(
        role(
            "rr",
            tier="advanced_practitioner",
            scans=[],
            reports=["ct"],
            salary=40,
            report_minutes_factor=2,
        )
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(80)


# --------------------------------------------------------------------------- passports


def two_trusts(**planning: object) -> dict[str, object]:
    """Two years. T1's site A has the scanner and no staff (none to hire); T2's site B has a
    radiographer (1 WTE) and a consultant (1 WTE reporting 10 a year), with nothing to do at B.
    Onboarding costs 5 per WTE; reports outsourced at 10."""
    data = tiny_joint(
        network=TWO_YEARS,
        trusts=[
            {"id": "T1", "capital_budget": 1000.0, "capital_share": 50},
            {"id": "T2", "capital_budget": 1000.0, "capital_share": 50},
        ],
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T2", "latitude": 52.1, "longitude": -1.0},
        ],
        assets=[scanner()],
        demand=demand(2030, 2031),
        staff_roles=[
            role(max_hires_per_year=0),
            role(
                "cons",
                tier="consultant_radiologist",
                scans=[],
                reports=["ct"],
                max_hires_per_year=0,
            ),
        ],
        staff_in_post=[
            {"employer": "T2", "role": "rad", "wte": 1},
            {"employer": "T2", "role": "cons", "wte": 1},
        ],
        workforce={"onboarding_cost": 5},
        staff_planning=planning,
    )
    data["exam_types"][0]["report_outsourcing_cost"] = 10
    return data


def test_passport_cover_and_holders() -> None:
    """T2's radiographer scans at A with a passport granted once (5), held in 2031; T2's
    consultant reports A's exams remotely with no passport needed: 5. Without passports across
    employers A's exams are outsourced (2 x 200); reporting stays free remotely: 400."""
    plan = solve(two_trusts())
    assert plan.objective == pytest.approx(5)
    held = plan.staff_passports.set_index("year")
    assert list(held["wte_holding"]) == [1, 1] and list(held["wte_granted"]) == [1, 0]
    assert plan.reports["reported_by_other_employers"].sum() == pytest.approx(20)
    plan = solve(two_trusts(cross_employer_passports=False))
    assert plan.objective == pytest.approx(400)


def test_remote_reporting_passport_required() -> None:
    """When reporting for another employer needs a passport, the consultant's costs 5 more:
    10 (still far below outsourcing 20 reports at 10)."""
    plan = solve(two_trusts(remote_reporting_passport="required"))
    assert plan.objective == pytest.approx(10)
    assert set(plan.staff_passports["role"]) == {"rad", "cons"}


# --------------------------------------------------------------------------- revenue budget


def agency_or_hire(*budgets: tuple[int, float]) -> dict[str, object]:
    """Two years, the existing scanner (free) and 10 exams in 2031 only: 1 WTE of staff that
    year. Agency hours cost 8 (10 hours: 80, paid in 2031); a hire costs 40, paid in 2030 when
    it is decided (a year's lead), and a salary of 50 in 2031: 90. ``budgets``: T1's revenue
    budget by year (``revenue_budgets`` rows)."""
    staff = role(salary=50, hire_cost=40, hire_lead_years=1, agency_hour_cost=8)
    rows = [{"trust": "T1", "year": y, "revenue_budget": amount} for y, amount in budgets]
    return tiny_joint(
        network=TWO_YEARS,
        assets=[scanner()],
        demand=[*demand(2030, exams=0), *demand(2031)],
        staff_roles=[staff],
        revenue_budgets=rows,
    )


def test_without_a_revenue_budget_agency_is_cheapest_and_nothing_changes() -> None:
    """No revenue budget: agency (80) beats a hire (90), as before revenue budgets counted
    staff; the model has no ``revenue_budget`` rows, the ``revenue`` table shows the 80 of
    agency in 2031 as ``staff``, with no budget; a budget above it (1000) changes nothing."""
    data = agency_or_hire()
    plan = solve(data)
    assert plan.objective == pytest.approx(80)
    staffing = plan.staffing.set_index("year")
    assert staffing.loc[2031, "agency_hours"] == pytest.approx(10)
    assert staffing.loc[2031, "hires"] == pytest.approx(0)
    revenue = plan.revenue.set_index("year")
    assert list(revenue["staff"]) == pytest.approx([0, 80])
    assert list(revenue["spend"]) == pytest.approx([0, 80])
    assert revenue["budget"].isna().all()
    model = build_joint_model(build_joint_data(Instance.model_validate(data)))
    assert len(model.revenue_budget) == 0
    assert solve(agency_or_hire((2031, 1000))).objective == pytest.approx(80)


def test_revenue_budget_counts_agency_hours_and_recruitment_when_decided() -> None:
    """T1's revenue budget of 65 in 2031: agency alone (80 that year) breaks it. Hiring x WTE
    costs 2031 50 x + 80 (1 - x) = 80 - 30 x <= 65, so x >= 0.5; the cost 90 x + 80 (1 - x) =
    80 + 10 x is least at x = 0.5: 85, with 5 agency hours. 2031's running costs are the salary
    25 + agency 40 = 65 (no headroom); the recruitment (20) is 2030's, when the hire is
    decided. A budget of 10 in 2030 too leaves no plan: the half WTE needed in 2031 costs 20 of
    recruitment in 2030."""
    plan = solve(agency_or_hire((2031, 65)))
    assert plan.objective == pytest.approx(85)
    staffing = plan.staffing.set_index("year")
    assert staffing.loc[2031, "hires"] == pytest.approx(0.5)
    assert staffing.loc[2031, "agency_hours"] == pytest.approx(5)
    revenue = plan.revenue.set_index("year")
    assert revenue.loc[2031, "staff"] == pytest.approx(65)
    assert revenue.loc[2031, "budget"] == 65 and revenue.loc[2031, "headroom"] == pytest.approx(0)
    assert revenue.loc[2030, "staff"] == pytest.approx(20)
    none = solve_joint(Instance.model_validate(agency_or_hire((2030, 10), (2031, 65))), EXACT)
    assert none.status is SolveStatus.INFEASIBLE


def test_staff_running_costs_go_to_the_employer_that_pays() -> None:
    """Passport onboarding is paid by the employer the passport is to: T2's radiographer's
    passport to scan at T1's site A costs T1 5 in 2030 (the plan of
    ``test_passport_cover_and_holders``). A network site's staff are paid by every trust by
    capital share: the network hires 1 WTE at a salary of 10 for its site A, 6 for T1 (60%)
    and 4 for T2 (40%)."""
    plan = solve(two_trusts())
    staff = plan.revenue.set_index(["trust", "year"])["staff"]
    assert staff.to_dict() == pytest.approx(
        {("T1", 2030): 5, ("T1", 2031): 0, ("T2", 2030): 0, ("T2", 2031): 0}
    )
    data = tiny_joint(
        trusts=[
            {"id": "T1", "capital_budget": 1000.0, "capital_share": 60},
            {"id": "T2", "capital_budget": 1000.0, "capital_share": 40},
        ],
        sites=[{"id": "A", "owner": "network", "latitude": 52.0, "longitude": -1.0}],
        assets=[scanner()],
        staff_roles=[role(salary=10)],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(10)
    assert plan.staffing.loc[0, "employer"] == "network"
    staff = plan.revenue.set_index("trust")["staff"]
    assert staff.to_dict() == pytest.approx({"T1": 6, "T2": 4})


# --------------------------------------------------------------------------- inputs


def test_a_joint_plan_needs_staff_roles_and_staffing_rules() -> None:
    data = tiny_joint(staff_roles=[], staffing_rules=[])
    with pytest.raises(InstanceError) as raised:
        solve(data)
    text = raised.value.render()
    assert "staff roles" in text and "staffing rule" in text


def test_an_exam_type_no_one_reports_and_that_cannot_be_outsourced_is_refused() -> None:
    data = tiny_joint()
    del data["exam_types"][0]["report_outsourcing_cost"]
    with pytest.raises(InstanceError, match="no staff role reports ct"):
        solve(data)


# --------------------------------------------------------------------------- the document


def test_every_family_of_the_document_is_built_in_its_order() -> None:
    """models/joint.md's families (### headings) are ``build.FAMILIES``, in order, each built
    by ``add_<family>`` and each named in this file's tests' docstrings or names."""
    text = (REPO / "models/joint.md").read_text(encoding="utf-8")
    section = text.split("## Constraint families", 1)[1].split("\n## ", 1)[0]
    families = re.findall(r"^### `([a-z_]+)`", section, flags=re.M)
    assert families == list(FAMILIES)
    assert all(add.__name__ == f"add_{name}" for name, add in FAMILIES.items())
    assert all(step in BUILD_STEPS for step in FAMILIES.values())
    tests = Path(__file__).read_text(encoding="utf-8")
    words = {"headcount_balance": "headcount", "passport_holders": "holders"}
    assert [f for f in FAMILIES if words.get(f, f) not in tests] == []


def test_the_comparison_with_a_sequential_plan_that_has_none() -> None:
    """A sequential plan that found no plan (its time ran out) leaves its figures empty."""
    data = tiny_joint(staff_roles=[role(salary=150)])
    joint = solve(data)
    none = joint_plan.solve_joint(
        Instance.model_validate(data), EXACT.model_copy(update={"time_limit": 0.0})
    )
    assert not none.status.has_plan
    table = sequential_comparison(joint, none).set_index("measure")
    assert table.loc["joint_cost", "joint"] == pytest.approx(200)
    assert table["sequential"].isna().all() and table["difference"].isna().all()


def test_a_role_listing_a_modality_twice_is_refused() -> None:
    data = tiny_joint(staff_roles=[role(scans=["CT", "CT"])])
    with pytest.raises(InstanceError, match="CT listed more than once"):
        Instance.model_validate(data)
