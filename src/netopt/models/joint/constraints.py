"""Variables and constraint families of the joint plan's workforce years, one function each.

The mathematics, with the same names, is in ``models/joint.md``. They are added to a built
capital model (its ``flow`` variables are the exams scanned), so the staff and the scanners
are chosen together; with the capital decisions fixed they staff a given capital plan.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyomo.environ as pyo

from netopt.models.capital.constraints import add_revenue_budget as add_capital_revenue_budget
from netopt.models.joint.costs import staff_revenue_terms
from netopt.models.joint.data import JointData, assistant_staffed
from netopt.schema import Tier


def add_staffing_variables(m: pyo.ConcreteModel, data: JointData) -> None:
    """Staffing decisions (WTE, people, hours, reports), each over its sparse index set.

    - ``wte[em, ro, y]``: whole-time equivalents of role ro employed by em in year y;
    - ``hires[em, ro, y]``: WTE recruited, starting in post in year y;
    - ``trainees[em, pw, y]`` (integer people): trainees starting pathway pw in year y;
    - ``agency[em, ro, y]``: agency or locum hours of role ro em buys in year y, at most the
      role's ``max_agency_hours_per_year``;
    - ``scan_work[em, ro, em2, mo, y]``: hours em's staff of role ro scan mo at em2's sites;
    - ``report_work[em, ro, em2, e, y]``: reports of exam type e scanned at em2's sites that
      em's staff of role ro make;
    - ``reports_outsourced[em, e, y]``: reports of e scanned at em's sites that are outsourced;
    - ``passports[em, ro, em2, y]`` and ``passports_granted[em, ro, em2, y]``: WTE of em's role
      ro holding (granted that year) a passport to work for em2.
    """
    st = data.staffing
    m.staff_keys = pyo.Set(initialize=st.staff_keys, dimen=2, ordered=True)
    m.staff_years = pyo.Set(
        initialize=[(em, ro, y) for em, ro in st.staff_keys for y in st.years],
        dimen=3,
        ordered=True,
    )
    m.wte = pyo.Var(m.staff_years, domain=pyo.NonNegativeReals)
    m.hire_keys = pyo.Set(initialize=st.hire_keys, dimen=3, ordered=True)
    m.hires = pyo.Var(m.hire_keys, domain=pyo.NonNegativeReals)
    m.train_keys = pyo.Set(initialize=st.train_keys, dimen=3, ordered=True)
    m.trainees = pyo.Var(m.train_keys, domain=pyo.NonNegativeIntegers)
    m.agency_keys = pyo.Set(initialize=st.agency_keys, dimen=3, ordered=True)
    m.agency = pyo.Var(
        m.agency_keys,
        domain=pyo.NonNegativeReals,
        bounds=lambda _, em, ro, y: (0, st.roles[ro].max_agency_hours_per_year),
    )
    m.scan_work_keys = pyo.Set(initialize=st.scan_work, dimen=5, ordered=True)
    m.scan_work = pyo.Var(m.scan_work_keys, domain=pyo.NonNegativeReals)
    m.report_work_keys = pyo.Set(initialize=st.report_work, dimen=5, ordered=True)
    m.report_work = pyo.Var(m.report_work_keys, domain=pyo.NonNegativeReals)
    outsourcable = [k for k in st.reported if k[1] in st.report_outsourcing_cost]
    m.report_outsourcing = pyo.Set(initialize=outsourcable, dimen=3, ordered=True)
    m.reports_outsourced = pyo.Var(m.report_outsourcing, domain=pyo.NonNegativeReals)
    m.passport_keys = pyo.Set(initialize=st.passport_keys, dimen=4, ordered=True)
    m.passports = pyo.Var(m.passport_keys, domain=pyo.NonNegativeReals)
    m.passports_granted = pyo.Var(m.passport_keys, domain=pyo.NonNegativeReals)


def add_staffing_shortfall_variables(m: pyo.ConcreteModel, data: JointData) -> None:
    """Shortfalls of the elastic model (empty sets in the strict model):

    - ``unstaffed_hours[em, mo, y]`` (hours) of staff that em's scanners of mo lack in y;
    - ``assistant_hours_over[em, mo, y]`` (hours) of assistant practitioners' scanning beyond
      the skill mix;
    - ``unreported[em, e, y]`` (exams) scanned at em's sites and neither reported in house
      nor outsourced.
    """
    st = data.staffing
    elastic = st.shortfall is not None
    m.unstaffed_keys = pyo.Set(initialize=st.staffed if elastic else [], dimen=3, ordered=True)
    m.unstaffed_hours = pyo.Var(m.unstaffed_keys, domain=pyo.NonNegativeReals)
    over = assistant_staffed(st) if elastic else []
    m.assistant_over_keys = pyo.Set(initialize=over, dimen=3, ordered=True)
    m.assistant_hours_over = pyo.Var(m.assistant_over_keys, domain=pyo.NonNegativeReals)
    m.unreported_keys = pyo.Set(initialize=st.reported if elastic else [], dimen=3, ordered=True)
    m.unreported = pyo.Var(m.unreported_keys, domain=pyo.NonNegativeReals)


def add_staffing_expressions(m: pyo.ConcreteModel, data: JointData) -> None:
    """Shared expressions:

    - ``in_training[em, pw, y]``: trainees of pw at em in their training years (started in
      ``y - years + 1 .. y``);
    - ``completing[em, pw, y]``: trainees joining ``to_role`` in year y
      (``completion_rate * trainees[em, pw, y - years]``);
    - ``staffed_hours[em, mo, y]``: hours em's sites run scanners of mo: the exams' scan hours
      over the site's utilisation ceiling (a scanner is staffed for its whole session, of which
      only the ceiling is booked);
    - ``scanned_exams[em, e, y]``: exams of e scanned at em's sites.
    """
    st = data.staffing
    cap = data.capital
    starts: dict[tuple[str, str], dict[int, Any]] = defaultdict(dict)
    for em, pw, y in st.train_keys:
        starts[(em, pw)][y] = m.trainees[em, pw, y]
    keys = [(em, pw, y) for (em, pw) in starts for y in st.years]
    m.training_years = pyo.Set(initialize=keys, dimen=3, ordered=True)

    def in_training(_: Any, em: str, pw: str, y: int) -> Any:
        years = st.pathways[pw].years
        return sum(v for start, v in starts[(em, pw)].items() if start <= y < start + years)

    def completing(_: Any, em: str, pw: str, y: int) -> Any:
        p = st.pathways[pw]
        started = starts[(em, pw)].get(y - p.years)
        return 0 if started is None else p.completion_rate * started

    m.in_training = pyo.Expression(m.training_years, rule=in_training)
    m.completing = pyo.Expression(m.training_years, rule=completing)

    hours: dict[tuple[str, str, int], Any] = defaultdict(float)
    exams: dict[tuple[str, str, int], Any] = defaultdict(float)
    for o, s, e, y in cap.flows:
        em = st.site_employer[s]
        mo = cap.exam_modality[e]
        ceiling = cap.utilisation_ceiling.get((s, mo), 1.0)
        hours[(em, mo, y)] += cap.scan_hours[e] / ceiling * m.flow[o, s, e, y]
        exams[(em, e, y)] += m.flow[o, s, e, y]
    m.staffed = pyo.Set(initialize=st.staffed, dimen=3, ordered=True)
    m.reported = pyo.Set(initialize=st.reported, dimen=3, ordered=True)
    m.staffed_hours = pyo.Expression(m.staffed, rule=lambda _, *k: hours.get(k, 0.0))
    m.scanned_exams = pyo.Expression(m.reported, rule=lambda _, *k: exams.get(k, 0.0))


def add_headcount_balance(m: pyo.ConcreteModel, data: JointData) -> None:
    """``wte[em, ro, y] = carried + hires[em, ro, y] + sum_{pw into ro} completing[em, pw, y]
    - sum_{pw from ro} completing[em, pw, y]``, where carried is the WTE in post for the first
    plan year and ``(1 - attrition_ro) * wte[em, ro, y - 1]`` after it."""
    st = data.staffing
    y0 = st.years[0]
    into: dict[str, list[str]] = defaultdict(list)
    out_of: dict[str, list[str]] = defaultdict(list)
    for p in st.pathways.values():
        into[p.to_role].append(p.id)
        if p.from_role is not None:
            out_of[p.from_role].append(p.id)

    def rule(m: pyo.ConcreteModel, em: str, ro: str, y: int) -> Any:
        role = st.roles[ro]
        if y == y0:
            carried: Any = st.in_post.get((em, ro), 0.0)
        else:
            carried = (1 - role.attrition) * m.wte[em, ro, y - 1]
        hired = m.hires[em, ro, y] if (em, ro, y) in m.hire_keys else 0
        joined = sum(m.completing[em, pw, y] for pw in into[ro] if (em, pw, y) in m.training_years)
        left = sum(m.completing[em, pw, y] for pw in out_of[ro] if (em, pw, y) in m.training_years)
        return m.wte[em, ro, y] == carried + hired + joined - left

    m.headcount_balance = pyo.Constraint(m.staff_years, rule=rule)


def add_recruitment_limit(m: pyo.ConcreteModel, data: JointData) -> None:
    """``hires[em, ro, y] <= max_hires_per_year_ro`` for roles with a limit."""
    roles = data.staffing.roles
    keys = [k for k in data.staffing.hire_keys if roles[k[1]].max_hires_per_year is not None]
    m.recruitment_limited = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.recruitment_limit = pyo.Constraint(
        m.recruitment_limited,
        rule=lambda m, em, ro, y: m.hires[em, ro, y] <= roles[ro].max_hires_per_year,
    )


def add_training_places(m: pyo.ConcreteModel, data: JointData) -> None:
    """``trainees[em, pw, y] <= max_starts_per_year_pw`` for pathways with a limit."""
    pathways = data.staffing.pathways
    keys = [k for k in data.staffing.train_keys if pathways[k[1]].max_starts_per_year is not None]
    m.training_limited = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.training_places = pyo.Constraint(
        m.training_limited,
        rule=lambda m, em, pw, y: m.trainees[em, pw, y] <= pathways[pw].max_starts_per_year,
    )


def _training_from(data: JointData) -> dict[tuple[str, str], list[str]]:
    """(employer, role) -> pathways whose trainees come from that role there."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for em, pw in {(em, pw) for em, pw, _ in data.staffing.train_keys}:
        source = data.staffing.pathways[pw].from_role
        if source is not None:
            out[(em, source)].append(pw)
    return out


def add_training_intake(m: pyo.ConcreteModel, data: JointData) -> None:
    """``sum_{pw from ro} in_training[em, pw, y] <= wte[em, ro, y]``: trainees come from the
    staff in post."""
    sources = _training_from(data)
    keys = [(em, ro, y) for (em, ro), _ in sorted(sources.items()) for y in data.staffing.years]
    m.training_sources = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.training_intake = pyo.Constraint(
        m.training_sources,
        rule=lambda m, em, ro, y: (
            sum(m.in_training[em, pw, y] for pw in sources[(em, ro)]) <= m.wte[em, ro, y]
        ),
    )


def add_clinical_hours(m: pyo.ConcreteModel, data: JointData) -> None:
    """Work fits the clinical hours of the WTE in post, less trainees' study time, plus agency:
    ``sum scan_work + sum report_hours * report_work + supervision <= H_ro * (wte[em, ro, y] -
    sum_{pw from ro} study_share_pw * in_training[em, pw, y]) + agency[em, ro, y]``, where
    supervision is ``sum_{pw supervised by ro} supervision_hours_pw * in_training[em, pw, y]``."""
    st = data.staffing
    work: dict[tuple[str, str, int], Any] = defaultdict(float)
    for em, ro, em2, mo, y in st.scan_work:
        work[(em, ro, y)] += m.scan_work[em, ro, em2, mo, y]
    for em, ro, em2, e, y in st.report_work:
        work[(em, ro, y)] += st.report_hours[(ro, e)] * m.report_work[em, ro, em2, e, y]
    sources = _training_from(data)
    supervisors: dict[tuple[str, str], list[str]] = defaultdict(list)
    for em, pw in {(em, pw) for em, pw, _ in st.train_keys}:
        supervisors[(em, st.pathways[pw].supervisor_role)].append(pw)

    def rule(m: pyo.ConcreteModel, em: str, ro: str, y: int) -> Any:
        role = st.roles[ro]
        studying = sum(
            st.pathways[pw].study_share * m.in_training[em, pw, y] for pw in sources[(em, ro)]
        )
        supervising = sum(
            st.pathways[pw].supervision_hours * m.in_training[em, pw, y]
            for pw in supervisors[(em, ro)]
        )
        agency = m.agency[em, ro, y] if (em, ro, y) in m.agency_keys else 0
        used = work.get((em, ro, y), 0.0) + supervising
        if isinstance(used, float) and used == 0.0:
            return pyo.Constraint.Skip
        return used <= role.clinical_hours * (m.wte[em, ro, y] - studying) + agency

    m.clinical_hours = pyo.Constraint(m.staff_years, rule=rule)


def add_scanner_staffing(m: pyo.ConcreteModel, data: JointData) -> None:
    """``sum_{em, ro scans mo} scan_work[em, ro, em2, mo, y] (+ unstaffed_hours[em2, mo, y]) >=
    phi_mo * staffed_hours[em2, mo, y]``: every scanner hour run has its staff
    (``unstaffed_hours`` in the elastic model only)."""
    st = data.staffing
    work: dict[tuple[str, str, int], list[Any]] = defaultdict(list)
    for em, ro, em2, mo, y in st.scan_work:
        work[(em2, mo, y)].append(m.scan_work[em, ro, em2, mo, y])

    def rule(m: pyo.ConcreteModel, em2: str, mo: str, y: int) -> Any:
        short = m.unstaffed_hours[em2, mo, y] if (em2, mo, y) in m.unstaffed_keys else 0
        need = st.staff_per_scanner.get(mo, 1.0) * m.staffed_hours[em2, mo, y]
        return sum(work[(em2, mo, y)]) + short >= need

    m.scanner_staffing = pyo.Constraint(m.staffed, rule=rule)


def add_skill_mix(m: pyo.ConcreteModel, data: JointData) -> None:
    """``sum_{ro assistant} scan_work[em, ro, em2, mo, y] <= alpha_mo * staffed_hours[em2, mo,
    y] (+ assistant_hours_over[em2, mo, y])``: assistant practitioners fill at most
    ``alpha_mo`` of a scanner's staff places (``assistant_hours_over`` in the elastic model
    only)."""
    st = data.staffing
    work: dict[tuple[str, str, int], list[Any]] = defaultdict(list)
    for em, ro, em2, mo, y in st.scan_work:
        if st.roles[ro].tier is Tier.ASSISTANT_PRACTITIONER:
            work[(em2, mo, y)].append(m.scan_work[em, ro, em2, mo, y])
    m.assistant_staffed = pyo.Set(initialize=assistant_staffed(st), dimen=3, ordered=True)

    def rule(m: pyo.ConcreteModel, em2: str, mo: str, y: int) -> Any:
        over = m.assistant_hours_over[em2, mo, y] if (em2, mo, y) in m.assistant_over_keys else 0
        allowed = st.max_assistants_per_scanner.get(mo, 0.0) * m.staffed_hours[em2, mo, y]
        return sum(work[(em2, mo, y)]) <= allowed + over

    m.skill_mix = pyo.Constraint(m.assistant_staffed, rule=rule)


def add_exam_reporting(m: pyo.ConcreteModel, data: JointData) -> None:
    """``sum_{em, ro reports e} report_work[em, ro, em2, e, y] + reports_outsourced[em2, e, y]
    (+ unreported[em2, e, y]) = scanned_exams[em2, e, y]``: every exam scanned in the network
    is reported, in house or by an outsourcing company (exams outsourced for scanning come back
    reported); ``unreported`` in the elastic model only."""
    st = data.staffing
    work: dict[tuple[str, str, int], list[Any]] = defaultdict(list)
    for em, ro, em2, e, y in st.report_work:
        work[(em2, e, y)].append(m.report_work[em, ro, em2, e, y])

    def rule(m: pyo.ConcreteModel, em2: str, e: str, y: int) -> Any:
        out = m.reports_outsourced[em2, e, y] if (em2, e, y) in m.report_outsourcing else 0
        short = m.unreported[em2, e, y] if (em2, e, y) in m.unreported_keys else 0
        return sum(work[(em2, e, y)]) + out + short == m.scanned_exams[em2, e, y]

    m.exam_reporting = pyo.Constraint(m.reported, rule=rule)


def add_report_outsourcing_limit(m: pyo.ConcreteModel, data: JointData) -> None:
    """``sum_{em, e (of the limit)} reports_outsourced[em, e, y] <= max_reports`` for each row
    of ``report_outsourcing_limits`` (an exam type, or all of them)."""
    limits = data.staffing.report_outsourcing_limits
    m.report_outsourcing_limits = pyo.Set(initialize=range(len(limits)), ordered=True)

    def rule(m: pyo.ConcreteModel, i: int) -> Any:
        exam_type, year, most = limits[i]
        out = [
            m.reports_outsourced[em, e, y]
            for em, e, y in m.report_outsourcing
            if y == year and exam_type in (None, e)
        ]
        return pyo.Constraint.Feasible if not out else sum(out) <= most

    m.report_outsourcing_limit = pyo.Constraint(m.report_outsourcing_limits, rule=rule)


def add_passport_cover(m: pyo.ConcreteModel, data: JointData) -> None:
    """Work for another employer needs passports: ``scan_work (+ report hours when remote
    reporting needs a passport) of em's ro for em2 in y <= H_ro * passports[em, ro, em2, y]``."""
    st = data.staffing
    work: dict[tuple[str, str, str, int], Any] = defaultdict(float)
    for em, ro, em2, mo, y in st.scan_work:
        if em2 != em:
            work[(em, ro, em2, y)] += m.scan_work[em, ro, em2, mo, y]
    if st.remote_reporting_passport:
        for em, ro, em2, e, y in st.report_work:
            if em2 != em:
                hours = st.report_hours[(ro, e)]
                work[(em, ro, em2, y)] += hours * m.report_work[em, ro, em2, e, y]
    m.passport_cover = pyo.Constraint(
        m.passport_keys,
        rule=lambda m, em, ro, em2, y: (
            work[(em, ro, em2, y)] <= st.roles[ro].clinical_hours * m.passports[em, ro, em2, y]
        ),
    )


def add_passport_holders(m: pyo.ConcreteModel, data: JointData) -> None:
    """``passports[em, ro, em2, y] = passports[em, ro, em2, y - 1] + passports_granted[em, ro,
    em2, y]``: a passport, once granted, is held (none before the first plan year)."""
    y0 = data.staffing.years[0]

    def rule(m: pyo.ConcreteModel, em: str, ro: str, em2: str, y: int) -> Any:
        before = m.passports[em, ro, em2, y - 1] if y > y0 else 0
        return m.passports[em, ro, em2, y] == before + m.passports_granted[em, ro, em2, y]

    m.passport_holders = pyo.Constraint(m.passport_keys, rule=rule)


def add_revenue_budget(m: pyo.ConcreteModel, data: JointData) -> None:
    """``revenue_budget``: the capital model's family, its ``revenue_spend[t, y]`` counting
    also the workforce's running costs trust t pays in year y (GBP, cash, undiscounted):
    salaries, recruitment (in the year the hire is decided), training, agency hours, reports
    outsourced and passport onboarding, each paid by its employer (``network``'s by capital
    share; :func:`~netopt.models.joint.costs.staff_revenue_terms`)."""
    budgeted = data.capital.revenue_budget
    add_capital_revenue_budget(m, data.capital, staff_revenue_terms(m, data, budgeted))
