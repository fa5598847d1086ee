"""Result tables of the joint plan's workforce years, one function per table
(``docs/results.md``, "Joint plans")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import pandas as pd
import pyomo.environ as pyo

from netopt.models.capital.results import extract_tables
from netopt.models.common import clean
from netopt.models.joint.costs import StaffCost, staff_revenue_terms
from netopt.models.joint.data import JointData
from netopt.schema import Tier

STAFFING_COLUMNS = [
    "employer",
    "role",
    "tier",
    "year",
    "wte",
    "hires",
    "leavers",
    "trained_in",
    "trained_out",
    "trainees_started",
    "in_training",
    "clinical_hours",
    "scanning_hours",
    "reports",
    "reporting_hours",
    "supervision_hours",
    "study_hours",
    "agency_hours",
    "utilisation",
    "salaries",
]
SCANNER_STAFFING_COLUMNS = [
    "employer",
    "modality",
    "year",
    "scanner_hours",
    "staff_hours_needed",
    "own_staff_hours",
    "other_employers_hours",
    "assistant_hours",
    "agency_share",
]
REPORTING_COLUMNS = [
    "employer",
    "exam_type",
    "year",
    "exams_scanned",
    "reported_by_own_staff",
    "reported_by_other_employers",
    "reports_outsourced",
]
TRAINING_COLUMNS = [
    "employer",
    "pathway",
    "from_role",
    "to_role",
    "year",
    "trainees",
    "completing_year",
]
PASSPORT_COLUMNS = [
    "employer",
    "role",
    "works_for",
    "year",
    "wte_holding",
    "wte_granted",
    "scanning_hours",
    "reports",
    "reporting_hours",
]
STAFF_COST_COLUMNS = ["component", "npv"]

Row = dict[str, object]


def _frame(rows: Iterable[Mapping[str, object]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=columns)
    return frame


def _value(x: object) -> float:
    return clean(float(pyo.value(x)))


def staffing_table(m: pyo.ConcreteModel, data: JointData) -> pd.DataFrame:
    """Each employer, role and year: WTE, how it changed, its hours and what they were spent
    on."""
    st = data.staffing
    y0 = st.years[0]
    scanning: dict[tuple[str, str, int], float] = defaultdict(float)
    reports: dict[tuple[str, str, int], float] = defaultdict(float)
    reporting: dict[tuple[str, str, int], float] = defaultdict(float)
    for em, ro, em2, mo, y in st.scan_work:
        scanning[(em, ro, y)] += _value(m.scan_work[em, ro, em2, mo, y])
    for em, ro, em2, e, y in st.report_work:
        made = _value(m.report_work[em, ro, em2, e, y])
        reports[(em, ro, y)] += made
        reporting[(em, ro, y)] += st.report_hours[(ro, e)] * made
    started: dict[tuple[str, str, int], float] = defaultdict(float)
    in_training: dict[tuple[str, str, int], float] = defaultdict(float)
    trained_in: dict[tuple[str, str, int], float] = defaultdict(float)
    trained_out: dict[tuple[str, str, int], float] = defaultdict(float)
    supervision: dict[tuple[str, str, int], float] = defaultdict(float)
    study: dict[tuple[str, str, int], float] = defaultdict(float)
    for em, pw, y in m.training_years:
        p = st.pathways[pw]
        done = _value(m.completing[em, pw, y])
        busy = _value(m.in_training[em, pw, y])
        trained_in[(em, p.to_role, y)] += done
        supervision[(em, p.supervisor_role, y)] += p.supervision_hours * busy
        if p.from_role is not None:
            trained_out[(em, p.from_role, y)] += done
            in_training[(em, p.from_role, y)] += busy
            study[(em, p.from_role, y)] += (
                p.study_share * st.roles[p.from_role].clinical_hours * busy
            )
        if (em, pw, y) in m.train_keys and p.from_role is not None:
            started[(em, p.from_role, y)] += _value(m.trainees[em, pw, y])
    rows: list[Row] = []
    for em, ro, y in m.staff_years:
        role = st.roles[ro]
        wte = _value(m.wte[em, ro, y])
        before = st.in_post.get((em, ro), 0.0) if y == y0 else _value(m.wte[em, ro, y - 1])
        leavers = 0.0 if y == y0 else role.attrition * before
        hires = _value(m.hires[em, ro, y]) if (em, ro, y) in m.hire_keys else 0.0
        agency = _value(m.agency[em, ro, y]) if (em, ro, y) in m.agency_keys else 0.0
        key = (em, ro, y)
        hours = role.clinical_hours * wte
        work = scanning[key] + reporting[key] + supervision[key]
        available = hours - study[key] + agency
        if not (wte or hires or agency or work or before):
            continue
        rows.append(
            {
                "employer": em,
                "role": ro,
                "tier": role.tier.value,
                "year": y,
                "wte": wte,
                "hires": hires,
                "leavers": clean(leavers),
                "trained_in": clean(trained_in[key]),
                "trained_out": clean(trained_out[key]),
                "trainees_started": clean(started[key]),
                "in_training": clean(in_training[key]),
                "clinical_hours": clean(hours),
                "scanning_hours": clean(scanning[key]),
                "reports": clean(reports[key]),
                "reporting_hours": clean(reporting[key]),
                "supervision_hours": clean(supervision[key]),
                "study_hours": clean(study[key]),
                "agency_hours": agency,
                "utilisation": clean(work / available) if available > 0 else None,
                "salaries": clean(role.salary * wte),
            }
        )
    return _frame(rows, STAFFING_COLUMNS)


def scanner_staffing_table(m: pyo.ConcreteModel, data: JointData) -> pd.DataFrame:
    """Each employer, modality and year: the scanner hours run and who staffed them (also where
    staff scan with no scanner hours to staff, so that every scanning hour of ``staffing`` is
    in a row)."""
    st = data.staffing
    own: dict[tuple[str, str, int], float] = defaultdict(float)
    other: dict[tuple[str, str, int], float] = defaultdict(float)
    assistants: dict[tuple[str, str, int], float] = defaultdict(float)
    for em, ro, em2, mo, y in st.scan_work:
        hours = _value(m.scan_work[em, ro, em2, mo, y])
        (own if em == em2 else other)[(em2, mo, y)] += hours
        if st.roles[ro].tier is Tier.ASSISTANT_PRACTITIONER:
            assistants[(em2, mo, y)] += hours
    agency_share = _agency_share(m, data)
    rows: list[Row] = []
    for em2, mo, y in m.staffed:
        hours = _value(m.staffed_hours[em2, mo, y])
        key = (em2, mo, y)
        if not (hours or own[key] or other[key]):
            continue
        rows.append(
            {
                "employer": em2,
                "modality": mo,
                "year": y,
                "scanner_hours": hours,
                "staff_hours_needed": clean(st.staff_per_scanner.get(mo, 1.0) * hours),
                "own_staff_hours": clean(own[key]),
                "other_employers_hours": clean(other[key]),
                "assistant_hours": clean(assistants[key]),
                "agency_share": agency_share.get((em2, y)),
            }
        )
    return _frame(rows, SCANNER_STAFFING_COLUMNS)


def _agency_share(m: pyo.ConcreteModel, data: JointData) -> dict[tuple[str, int], float]:
    """(employer, year) -> agency hours over all clinical hours worked for the employer's
    roles (its own staff's and its agency's)."""
    st = data.staffing
    hours: dict[tuple[str, int], float] = defaultdict(float)
    agency: dict[tuple[str, int], float] = defaultdict(float)
    for em, ro, y in m.staff_years:
        hours[(em, y)] += st.roles[ro].clinical_hours * _value(m.wte[em, ro, y])
    for em, ro, y in m.agency_keys:
        a = _value(m.agency[em, ro, y])
        agency[(em, y)] += a
        hours[(em, y)] += a
    return {k: clean(agency[k] / h) for k, h in hours.items() if h > 0}


def reporting_table(m: pyo.ConcreteModel, data: JointData) -> pd.DataFrame:
    """Each employer, exam type and year: exams scanned at its sites and who reported them."""
    st = data.staffing
    own: dict[tuple[str, str, int], float] = defaultdict(float)
    other: dict[tuple[str, str, int], float] = defaultdict(float)
    for em, ro, em2, e, y in st.report_work:
        reports = _value(m.report_work[em, ro, em2, e, y])
        (own if em == em2 else other)[(em2, e, y)] += reports
    rows: list[Row] = []
    for em2, e, y in m.reported:
        scanned = _value(m.scanned_exams[em2, e, y])
        if not scanned:
            continue
        out = (
            _value(m.reports_outsourced[em2, e, y]) if (em2, e, y) in m.report_outsourcing else 0.0
        )
        key = (em2, e, y)
        rows.append(
            {
                "employer": em2,
                "exam_type": e,
                "year": y,
                "exams_scanned": scanned,
                "reported_by_own_staff": clean(own[key]),
                "reported_by_other_employers": clean(other[key]),
                "reports_outsourced": out,
            }
        )
    return _frame(rows, REPORTING_COLUMNS)


def training_table(m: pyo.ConcreteModel, data: JointData) -> pd.DataFrame:
    """Trainees started by employer, pathway and year."""
    st = data.staffing
    rows: list[Row] = []
    for em, pw, y in m.train_keys:
        n = round(_value(m.trainees[em, pw, y]))
        if n:
            p = st.pathways[pw]
            rows.append(
                {
                    "employer": em,
                    "pathway": pw,
                    "from_role": p.from_role,
                    "to_role": p.to_role,
                    "year": y,
                    "trainees": n,
                    "completing_year": y + p.years,
                }
            )
    return _frame(rows, TRAINING_COLUMNS)


def passport_table(m: pyo.ConcreteModel, data: JointData) -> pd.DataFrame:
    """WTE of each employer's role holding passports to work for another employer, by year,
    and the work they do for it: hours scanning at its sites, and its exams reported (with
    their reporting hours)."""
    st = data.staffing
    scanning: dict[tuple[str, str, str, int], float] = defaultdict(float)
    reports: dict[tuple[str, str, str, int], float] = defaultdict(float)
    reporting: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for em, ro, em2, mo, y in st.scan_work:
        if em2 != em:
            scanning[(em, ro, em2, y)] += _value(m.scan_work[em, ro, em2, mo, y])
    for em, ro, em2, e, y in st.report_work:
        if em2 != em:
            made = _value(m.report_work[em, ro, em2, e, y])
            reports[(em, ro, em2, y)] += made
            reporting[(em, ro, em2, y)] += st.report_hours[(ro, e)] * made
    rows: list[Row] = []
    for em, ro, em2, y in m.passport_keys:
        holding = _value(m.passports[em, ro, em2, y])
        if holding:
            key = (em, ro, em2, y)
            rows.append(
                {
                    "employer": em,
                    "role": ro,
                    "works_for": em2,
                    "year": y,
                    "wte_holding": holding,
                    "wte_granted": _value(m.passports_granted[em, ro, em2, y]),
                    "scanning_hours": clean(scanning[key]),
                    "reports": clean(reports[key]),
                    "reporting_hours": clean(reporting[key]),
                }
            )
    return _frame(rows, PASSPORT_COLUMNS)


def staff_cost_table(m: pyo.ConcreteModel) -> pd.DataFrame:
    """The workforce's net present cost by component (GBP, present value)."""
    rows = [{"component": c.value, "npv": _value(m.staff_cost[c.value])} for c in StaffCost]
    return _frame(rows, STAFF_COST_COLUMNS)


def staff_running_costs(m: pyo.ConcreteModel, data: JointData) -> dict[tuple[str, int], float]:
    """(trust, plan year) -> the workforce's running costs it pays (GBP, cash): the terms of
    ``revenue_spend`` the joint plan adds, for every trust and year."""
    cap = data.capital
    trust_years = {(t, y) for t in cap.trusts for y in cap.years}
    terms = staff_revenue_terms(m, data, trust_years)
    return {key: clean(sum(_value(term) for term in terms.get(key, []))) for key in trust_years}


def extract_staffing_tables(m: pyo.ConcreteModel, data: JointData) -> dict[str, pd.DataFrame]:
    """Every workforce table of a solved joint model, by name."""
    return {
        "staffing": staffing_table(m, data),
        "scanner_staffing": scanner_staffing_table(m, data),
        "reports": reporting_table(m, data),
        "training": training_table(m, data),
        "staff_passports": passport_table(m, data),
        "staff_costs": staff_cost_table(m),
    }


def extract_joint_tables(m: pyo.ConcreteModel, data: JointData) -> dict[str, pd.DataFrame]:
    """Every table of a solved joint model, by name: the capital model's (with the workforce's
    running costs in ``revenue``), then the workforce's."""
    capital = extract_tables(m, data.capital, staff=staff_running_costs(m, data))
    return {**capital, **extract_staffing_tables(m, data)}
