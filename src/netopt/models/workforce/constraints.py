"""Variables and constraint families of the workforce model, one function each.

The mathematics, with the same names and the index letters of ``models/glossary.md``, is in
``models/workforce.md``. Every family builds its
index from the sparse sets of :class:`WorkforceData` and adds nothing when that index is empty.
Units: people, sessions and exams per week; minutes; studies per day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import pyomo.environ as pyo

from netopt.models.workforce.data import (
    HOME,
    OFF,
    REPORT,
    Assignment,
    WorkforceData,
)
from netopt.schema import Tier

K = TypeVar("K")
G = TypeVar("G", bound=Hashable)


def _group(keys: Iterable[K], by: Callable[[K], G]) -> dict[G, list[K]]:
    """Index keys by a part of them (e.g. assignments by cohort)."""
    out: dict[G, list[K]] = defaultdict(list)
    for key in keys:
        out[by(key)].append(key)
    return out


def add_variables(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """Decision variables, each over its sparse index set:

    - ``assign[k, l, d, t, a]`` (integer people) of cohort k at place l in session (d, t)
      doing activity a (an :class:`Activity`: ``report``, or ``scan(mo)`` scanning modality mo);
    - ``passport[k, s]`` (binary) granted to the whole cohort k for site s; with
      ``passports_per_person``, the people of k (integer, 0..n_k) granted one;
    - ``extra_sessions[k]`` (sessions/week) insourced, at most ``n_k x_k``;
    - ``reports[k, l, p, e]`` (reports) of exam type e by k at place l in reporting period p
      (a day, or the week);
    - ``reports_from[k, l, e, r]`` (reports/week) of exams acquired at trust r's sites, with
      ``remote_reporting_passport`` required only;
    - ``routed[o, l, e, d]`` (exams/day) acquired at o and sent to place l's worklist;
    - ``transfer[i, j, s, d]`` (studies/day) over arc (i, j) on their way to site s;
    - ``outsourced[o, e, d]`` and ``late[o, e, d]`` (exams/day);
    - ``queue[l, e, d]`` (exams) waiting in a worklist at the end of day d;
    - ``move[k, d, g, l, l']`` (people) changing place at step g of day d;
    - ``run[s, mo, d, t]`` (scanners) running and ``unscanned[o, e, d]`` (exams/day) left
      unscanned, with ``scan_from_sessions`` only;
    - ``unstaffed[s, mo, d, t]`` (staff places) left empty, in the elastic model only.
    """
    cohorts = data.cohorts
    m.assignments = pyo.Set(initialize=data.assignments, dimen=5, ordered=True)
    m.assign = pyo.Var(
        m.assignments,
        domain=pyo.NonNegativeIntegers,
        bounds=lambda _, k, *rest: (0, cohorts[k].count),
    )
    grants = [(k.id, s) for k in cohorts.values() for s in k.grantable]
    m.grantable = pyo.Set(initialize=grants, dimen=2, ordered=True)
    if data.passports_per_person:
        m.passport = pyo.Var(
            m.grantable,
            domain=pyo.NonNegativeIntegers,
            bounds=lambda _, k, s: (0, cohorts[k].count),
        )
    else:
        m.passport = pyo.Var(m.grantable, domain=pyo.Binary)
    m.staff = pyo.Set(initialize=list(cohorts), ordered=True)
    m.extra_sessions = pyo.Var(
        m.staff,
        domain=pyo.NonNegativeReals,
        bounds=lambda _, k: (0, cohorts[k].count * cohorts[k].max_extra_sessions),
    )
    m.report_work = pyo.Set(initialize=data.report_work, dimen=4, ordered=True)
    m.reports = pyo.Var(m.report_work, domain=pyo.NonNegativeReals)
    m.report_origins = pyo.Set(initialize=_report_origins(data), dimen=4, ordered=True)
    m.reports_from = pyo.Var(m.report_origins, domain=pyo.NonNegativeReals)
    m.routes = pyo.Set(initialize=data.routes, dimen=4, ordered=True)
    m.routed = pyo.Var(m.routes, domain=pyo.NonNegativeReals)
    m.transfers = pyo.Set(initialize=data.transfers, dimen=4, ordered=True)
    m.transfer = pyo.Var(m.transfers, domain=pyo.NonNegativeReals)
    m.acquired = pyo.Set(initialize=sorted(data.acquired), dimen=3, ordered=True)
    outsourcable = [key for key in sorted(data.acquired) if key[1] in data.outsourcing_price]
    m.outsourcing = pyo.Set(initialize=outsourcable, dimen=3, ordered=True)
    m.outsourced = pyo.Var(m.outsourcing, domain=pyo.NonNegativeReals)
    m.late = pyo.Var(m.acquired, domain=pyo.NonNegativeReals)
    queues = (
        []
        if data.weekly_reporting
        else [(place, e, d) for (place, e) in data.worklists for d in data.days]
    )
    m.queues = pyo.Set(initialize=queues, dimen=3, ordered=True)
    m.queue = pyo.Var(m.queues, domain=pyo.NonNegativeReals)
    m.moves = pyo.Set(initialize=data.moves, dimen=5, ordered=True)
    m.move = pyo.Var(m.moves, domain=pyo.NonNegativeReals)
    m.scanner_sessions = pyo.Set(initialize=sorted(data.scanner_sessions), dimen=4, ordered=True)
    # With scan_from_sessions: scanners run in each session, and exams left unscanned.
    optional = sorted(data.scanner_sessions) if data.scans_from_sessions else []
    m.optional_sessions = pyo.Set(initialize=optional, dimen=4, ordered=True)
    m.run = pyo.Var(
        m.optional_sessions,
        domain=pyo.NonNegativeIntegers,
        bounds=lambda _, *key: (0, data.scanner_sessions[key]),
    )
    m.scannable = pyo.Set(
        initialize=sorted(data.acquired) if data.scans_from_sessions else [],
        dimen=3,
        ordered=True,
    )
    m.unscanned = pyo.Var(
        m.scannable, domain=pyo.NonNegativeReals, bounds=lambda _, *key: (0, data.acquired[key])
    )
    # The elastic model (diagnosis) lets scanner sessions go short of staff.
    m.short_sessions = pyo.Set(
        initialize=sorted(data.scanner_sessions) if data.elastic else [], dimen=4, ordered=True
    )
    m.unstaffed = pyo.Var(m.short_sessions, domain=pyo.NonNegativeReals)


# --------------------------------------------------------------------------- each person's week


def add_one_place_per_session(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``one_place_per_session`` (people): sum_{l, a} assign[k, l, d, t, a] <= n_k for every
    cohort k and session (d, t) it may work."""
    cohorts = data.cohorts
    per_session = _group(data.assignments, lambda a: (a[0], a[2], a[3]))
    m.staff_sessions = pyo.Set(initialize=sorted(per_session), dimen=3, ordered=True)
    m.one_place_per_session = pyo.Constraint(
        m.staff_sessions,
        rule=lambda m, k, d, t: (
            sum(m.assign[a] for a in per_session[(k, d, t)]) <= cohorts[k].count
        ),
    )


def add_contracted_sessions(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``contracted_sessions`` (sessions): sum_{l, d, t, a} assign[k, l, d, t, a] <= n_k sigma_k +
    extra_sessions[k] for every cohort k that may work, over the sessions not covered on call."""
    cohorts = data.cohorts
    by_cohort = _group(
        (a for a in data.assignments if (a[2], a[3]) not in data.on_call), lambda a: a[0]
    )
    m.working_staff = pyo.Set(initialize=sorted(by_cohort), ordered=True)
    m.contracted_sessions = pyo.Constraint(
        m.working_staff,
        rule=lambda m, k: (
            sum(m.assign[a] for a in by_cohort[k])
            <= cohorts[k].count * cohorts[k].sessions + m.extra_sessions[k]
        ),
    )


def add_passport_required(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``passport_required`` (people): sum_a assign[k, s, d, t, a] <= n_k passport[k, s] for s
    in G_k (held passports are free); with ``passports_per_person``, <= passport[k, s]."""
    cohorts = data.cohorts
    per_site_session = _group(
        (a for a in data.assignments if a[1] in cohorts[a[0]].grantable),
        lambda a: (a[0], a[1], a[2], a[3]),
    )
    m.passport_sessions = pyo.Set(initialize=sorted(per_site_session), dimen=4, ordered=True)
    m.passport_required = pyo.Constraint(
        m.passport_sessions,
        rule=lambda m, k, s, d, t: (
            sum(m.assign[a] for a in per_site_session[(k, s, d, t)])
            <= data.people_per_passport(k) * m.passport[k, s]
        ),
    )


# --------------------------------------------------------------------------- scanner sessions


def _scanning(data: WorkforceData) -> dict[tuple[str, str, str, str], list[Assignment]]:
    """(s, mo, d, t) -> the assignments scanning modality mo at site s in session (d, t)."""
    staffing: dict[tuple[str, str, str, str], list[Assignment]] = defaultdict(list)
    for key in data.assignments:
        _, place, day, session, activity = key
        if activity.modality is not None:
            staffing[(place, activity.modality, day, session)].append(key)
    return staffing


def _running(m: pyo.ConcreteModel, data: WorkforceData, key: tuple[str, str, str, str]) -> Any:
    """Scanners running in a scanner session: ``run[s, mo, d, t]`` with
    ``scan_from_sessions``, else all of them, ``N[s, mo, d, t]``."""
    return m.run[key] if key in m.optional_sessions else data.scanner_sessions[key]


def add_scanner_staffing(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``scanner_staffing`` (people): sum_{k scans mo} assign[k, s, d, t, scan(mo)] (+
    unstaffed[s, mo, d, t] in the elastic model) >= phi_mo N[s, mo, d, t] (phi_mo run[s, mo,
    d, t] with ``scan_from_sessions``)."""
    staffing = _scanning(data)

    def staffed(m: pyo.ConcreteModel, s: str, mo: str, d: str, t: str) -> pyo.Expression:
        short = m.unstaffed[s, mo, d, t] if (s, mo, d, t) in m.short_sessions else 0
        return sum(m.assign[a] for a in staffing[(s, mo, d, t)]) + short >= data.staff_per_scanner[
            mo
        ] * _running(m, data, (s, mo, d, t))

    m.scanner_staffing = pyo.Constraint(m.scanner_sessions, rule=staffed)


def add_skill_mix(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``skill_mix`` (people): sum_{k assistant} assign[k, s, d, t, scan(mo)] <= alpha_mo
    N[s, mo, d, t] (alpha_mo run[s, mo, d, t] with ``scan_from_sessions``) for the scanner
    sessions assistant practitioners may staff."""
    staffing = _scanning(data)

    def assistants(s: str, mo: str, d: str, t: str) -> list[Assignment]:
        return [
            a
            for a in staffing[(s, mo, d, t)]
            if data.cohorts[a[0]].tier is Tier.ASSISTANT_PRACTITIONER
        ]

    mixed = [key for key in sorted(data.scanner_sessions) if assistants(*key)]
    m.skill_mix_sessions = pyo.Set(initialize=mixed, dimen=4, ordered=True)
    m.skill_mix = pyo.Constraint(
        m.skill_mix_sessions,
        rule=lambda m, s, mo, d, t: (
            sum(m.assign[a] for a in assistants(s, mo, d, t))
            <= data.max_assistants_per_scanner[mo] * _running(m, data, (s, mo, d, t))
        ),
    )


def add_scan_capacity(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``scan_capacity`` (minutes), with ``scan_from_sessions`` only: sum_{e of mo} s_e
    (A[o, e, d] - unscanned[o, e, d]) <= sum_{t in T_d} minutes[d, t] run[o, mo, d, t] for
    every site o, modality mo and day d with exams acquired."""
    if data.scan_minutes is None or data.modality_of is None:
        return
    modality_of = data.modality_of
    exams = _group(m.scannable, lambda key: (key[0], modality_of[key[1]], key[2]))
    runs = _group(m.optional_sessions, lambda key: (key[0], key[1], key[2]))
    scan_minutes = data.scan_minutes
    m.scan_days = pyo.Set(initialize=sorted(exams), dimen=3, ordered=True)
    m.scan_capacity = pyo.Constraint(
        m.scan_days,
        rule=lambda m, o, mo, d: (
            sum(
                scan_minutes[key[1]] * (data.acquired[key] - m.unscanned[key])
                for key in exams[(o, mo, d)]
            )
            <= sum(data.minutes[(key[2], key[3])] * m.run[key] for key in runs.get((o, mo, d), []))
        ),
    )


# --------------------------------------------------------------------------- reporting


def add_reporting_time(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``reporting_time`` (minutes): sum_e mu[k, e] reports[k, l, p, e] <= sum_{(d, t) in p}
    minutes[d, t] assign[k, l, d, t, report] for each reporting period p (a day, or the week
    when the turnaround standard is 8 days or more)."""
    cohorts = data.cohorts
    work = _group(data.report_work, lambda w: (w[0], w[1], w[2]))
    sessions = {
        (k, place, p): [(k, place, d, t, REPORT) for (d, t) in data.report_periods[p]]
        for (k, place, p) in work
    }
    m.reporting_periods = pyo.Set(initialize=sorted(work), dimen=3, ordered=True)
    m.reporting_time = pyo.Constraint(
        m.reporting_periods,
        rule=lambda m, k, place, p: (
            sum(
                cohorts[k].minutes_per_report[e] * m.reports[k, place, p, e]
                for (_, _, _, e) in work[(k, place, p)]
            )
            <= sum(data.minutes[(a[2], a[3])] * m.assign[a] for a in sessions[(k, place, p)])
        ),
    )


def add_exam_reporting(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``exam_reporting`` (exams): A[o, e, d] = sum_l routed[o, l, e, d] + outsourced[o, e, d] +
    late[o, e, d] (A[o, e, d] - unscanned[o, e, d] with ``scan_from_sessions``)."""
    by_origin = _group(data.routes, lambda r: (r[0], r[2], r[3]))

    def balance(m: pyo.ConcreteModel, o: str, e: str, d: str) -> pyo.Expression:
        out = m.outsourced[o, e, d] if (o, e, d) in m.outsourcing else 0
        sent = sum(m.routed[r] for r in by_origin[(o, e, d)])
        scanned = data.acquired[(o, e, d)] - (
            m.unscanned[o, e, d] if (o, e, d) in m.scannable else 0
        )
        return sent + out + m.late[o, e, d] == scanned

    m.exam_reporting = pyo.Constraint(m.acquired, rule=balance)


def _report_origins(data: WorkforceData) -> list[tuple[str, str, str, str]]:
    """(k, l, e, r): k may report exams of type e acquired at trust r's sites at place l (r is
    free for k or k may be granted a passport to one of r's sites), with
    ``remote_reporting_passport`` required only."""
    if not data.remote_reporting_passport:
        return []
    trusts_in: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o, place, e, _ in data.routes:
        trusts_in[(place, e)].add(data.trust_of[o])
    out = set()
    for k, place, _, e in data.report_work:
        may = data.free_trusts(k) | {data.trust_of[s] for s in data.cohorts[k].grantable}
        out |= {(k, place, e, r) for r in trusts_in[(place, e)] & may}
    return sorted(out)


def add_remote_reporting_passport(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``remote_reporting_passport`` (reports/week), when required: the week's reports of each
    worklist (l, e) are split by the trust r whose sites acquired them, ``reports_from[k, l, e,
    r]``: ("reporter") sum_r reports_from[k, l, e, r] = sum_p reports[k, l, p, e]; ("origin")
    sum_k reports_from[k, l, e, r] = sum_{o of r, d} routed[o, l, e, d]; ("passport") for r
    not in F_k, reports_from[k, l, e, r] <= (sum_{o of r, d} A[o, e, d]) sum_{s in G_k of r}
    passport[k, s]."""
    if not data.remote_reporting_passport:
        return
    by_reporter = _group(m.report_origins, lambda x: (x[0], x[1], x[2]))
    by_trust = _group(m.report_origins, lambda x: (x[1], x[2], x[3]))
    reported = _group(data.report_work, lambda w: (w[0], w[1], w[3]))
    arriving = _group(data.routes, lambda r: (r[1], r[2], data.trust_of[r[0]]))
    demand: dict[tuple[str, str], float] = defaultdict(float)
    for (o, e, _), exams in data.acquired.items():
        demand[(e, data.trust_of[o])] += exams
    grants = _group(m.grantable, lambda x: (x[0], data.trust_of[x[1]]))
    rows = [("reporter", k, place, e, "") for (k, place, e) in sorted(reported)]
    rows += [("origin", "", place, e, r) for (place, e, r) in sorted(arriving)]
    rows += [
        ("passport", k, place, e, r)
        for (k, place, e, r) in m.report_origins
        if r not in data.free_trusts(k)
    ]

    def rule(m: pyo.ConcreteModel, kind: str, k: str, place: str, e: str, r: str) -> Any:
        if kind == "reporter":
            return sum(m.reports_from[x] for x in by_reporter.get((k, place, e), [])) == sum(
                m.reports[w] for w in reported[(k, place, e)]
            )
        if kind == "origin":
            return sum(m.reports_from[x] for x in by_trust.get((place, e, r), [])) == sum(
                m.routed[x] for x in arriving[(place, e, r)]
            )
        return m.reports_from[k, place, e, r] <= demand[(e, r)] * sum(
            m.passport[g] for g in grants[(k, r)]
        )

    m.remote_reporting_rows = pyo.Set(initialize=rows, dimen=5, ordered=True)
    m.remote_reporting_passport = pyo.Constraint(m.remote_reporting_rows, rule=rule)


def add_outsourcing_capacity(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``outsourcing_capacity`` (reports/week): sum_{o, d} outsourced[o, e, d] <= cap_e."""
    by_exam = _group(sorted(m.outsourcing), lambda key: key[1])
    capped = sorted(e for e in data.outsourcing_capacity if e in by_exam)
    m.outsourcing_capped = pyo.Set(initialize=capped, ordered=True)
    m.outsourcing_capacity = pyo.Constraint(
        m.outsourcing_capped,
        rule=lambda m, e: (
            sum(m.outsourced[key] for key in by_exam.get(e, [])) <= data.outsourcing_capacity[e]
        ),
    )


# --------------------------------------------------------------------------- worklists


def add_worklist_balance(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``worklist_balance`` (exams, days taken as a cycle): queue[l, e, d] = queue[l, e, d - 1]
    + sum_o routed[o, l, e, d] - sum_k reports[k, l, d, e].

    With TAT >= 8 days it is exactly the weekly balance sum_{o, d} routed[o, l, e, d] =
    sum_k reports[k, l, week, e] (and ``turnaround`` has no rows): any daily pattern of
    reporting with that weekly total has a cyclic first-in first-out queue that never holds
    more than a week's arrivals, which the last TAT - 1 >= 7 days' arrivals cover."""
    if data.weekly_reporting:
        weekly_in = _group(data.routes, lambda r: (r[1], r[2]))
        weekly_out = _group(data.report_work, lambda w: (w[1], w[3]))
        m.weekly_worklists = pyo.Set(initialize=data.worklists, dimen=2, ordered=True)
        m.worklist_balance = pyo.Constraint(
            m.weekly_worklists,
            rule=lambda m, place, e: (
                sum(m.routed[r] for r in weekly_in[(place, e)])
                == sum(m.reports[w] for w in weekly_out.get((place, e), []))
            ),
        )
        return
    arriving = _group(data.routes, lambda r: (r[1], r[2], r[3]))
    reported = _group(data.report_work, lambda w: (w[1], w[3], w[2]))
    days = data.days
    previous = {d: days[i - 1] for i, d in enumerate(days)}
    m.worklist_balance = pyo.Constraint(
        m.queues,
        rule=lambda m, place, e, d: (
            m.queue[place, e, d]
            == m.queue[place, e, previous[d]]
            + sum(m.routed[r] for r in arriving.get((place, e, d), []))
            - sum(m.reports[w] for w in reported.get((place, e, d), []))
        ),
    )


def add_turnaround(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``turnaround`` (exams): queue[l, e, d] <= sum_{j = 0}^{TAT - 2} sum_o routed[o, l, e,
    d - j] (days cyclic); none with weekly reporting (see :func:`add_worklist_balance`)."""
    if data.weekly_reporting:
        return
    arriving = _group(data.routes, lambda r: (r[1], r[2], r[3]))
    days = data.days
    window = data.turnaround_days - 1

    def recent(place: str, e: str, d: str) -> list[tuple[str, str, str, str]]:
        at = days.index(d)
        out = []
        for j in range(window):
            out += arriving.get((place, e, days[(at - j) % len(days)]), [])
        return out

    m.turnaround = pyo.Constraint(
        m.queues,
        rule=lambda m, place, e, d: (
            m.queue[place, e, d] <= sum(m.routed[r] for r in recent(place, e, d))
        ),
    )


# --------------------------------------------------------------------------- image transfer


def add_transfer_routing(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``transfer_routing`` (studies/day): sum_j transfer[i, j, s, d] - sum_j transfer[j, i, s,
    d] = sum_e routed[i, s, e, d] for every site i != s of s's component."""
    if not data.transfers:
        return
    out_of = _group(data.transfers, lambda x: (x[0], x[2], x[3]))
    into = _group(data.transfers, lambda x: (x[1], x[2], x[3]))
    sent = _group(
        (r for r in data.routes if r[1] != HOME and r[1] != r[0]), lambda r: (r[0], r[1], r[3])
    )
    nodes = sorted({(i, s, d) for (i, _, s, d) in data.transfers} | set(sent))
    m.transfer_nodes = pyo.Set(initialize=nodes, dimen=3, ordered=True)
    m.transfer_routing = pyo.Constraint(
        m.transfer_nodes,
        rule=lambda m, i, s, d: (
            sum(m.transfer[a] for a in out_of.get((i, s, d), []))
            - sum(m.transfer[a] for a in into.get((i, s, d), []))
            == sum(m.routed[r] for r in sent.get((i, s, d), []))
        ),
    )


def add_link_capacity(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``link_capacity`` (studies/day): sum_s transfer[i, j, s, d] <= cap[i, j]."""
    if not data.transfers:
        return
    on_arc = _group(data.transfers, lambda x: (x[0], x[1], x[3]))
    capped = sorted(key for key in on_arc if key[:2] in data.link_capacity)
    m.capped_arcs = pyo.Set(initialize=capped, dimen=3, ordered=True)
    m.link_capacity = pyo.Constraint(
        m.capped_arcs,
        rule=lambda m, i, j, d: (
            sum(m.transfer[a] for a in on_arc[(i, j, d)]) <= data.link_capacity[(i, j)]
        ),
    )


# --------------------------------------------------------------------------- day paths


def add_session_continuity(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``session_continuity``: each person's day is a path of places (people).

    For cohort k, day d with sessions t_0..t_{G-1} and occ[k, l, d, t] = sum_a
    assign[k, l, d, t, a] (occ at OFF = n_k minus those working): the moves of step g (from
    session g - 1 into session g) leaving l sum to occ[k, l, d, t_{g-1}] ("out") and those
    entering l' sum to occ[k, l', d, t_g] ("in"). The day's first and last legs (from and back to OFF) are fixed by
    the assignments, so they have no moves. ``travel_limit`` lives in the index set: moves
    between places worked in consecutive sessions further apart than the limit do not exist.
    """
    if not data.moves:
        return
    leaving: dict[tuple[str, str, int, str], list[tuple[str, str, int, str, str]]] = defaultdict(
        list
    )
    entering: dict[tuple[str, str, int, str], list[tuple[str, str, int, str, str]]] = defaultdict(
        list
    )
    for move in data.moves:
        k, d, g, a, b = move
        leaving[(k, d, g, a)].append(move)
        entering[(k, d, g, b)].append(move)
    moving = set(data.moving_cohorts)
    occupied: dict[tuple[str, str, str, str], list[Assignment]] = defaultdict(list)
    working: dict[tuple[str, str, str], list[Assignment]] = defaultdict(list)
    for key in data.assignments:
        k, place, d, t, _ = key
        if k in moving:
            occupied[(k, place, d, t)].append(key)
            working[(k, d, t)].append(key)
    days_moving = sorted({(k, d) for (k, d, _, _, _) in data.moves})
    rows: list[tuple[str, str, int, str, str]] = []
    for k, d in days_moving:
        last = len(data.day_slots[d]) - 1
        for g, (_, t) in enumerate(data.day_slots[d]):
            places = {key[1] for key in working[(k, d, t)]} | {OFF}
            for place in sorted(places):
                if g > 0:
                    rows.append((k, d, g, place, "in"))
                if g < last:
                    rows.append((k, d, g, place, "out"))

    def occ(m: pyo.ConcreteModel, k: str, d: str, g: int, place: str) -> pyo.Expression:
        t = data.day_slots[d][g][1]
        if place == OFF:
            return data.cohorts[k].count - sum(m.assign[a] for a in working[(k, d, t)])
        return sum(m.assign[a] for a in occupied[(k, place, d, t)])

    def rule(m: pyo.ConcreteModel, k: str, d: str, g: int, place: str, way: str) -> pyo.Expression:
        moves = entering[(k, d, g, place)] if way == "in" else leaving[(k, d, g + 1, place)]
        return sum(m.move[x] for x in moves) == occ(m, k, d, g, place)

    m.continuity_points = pyo.Set(initialize=rows, dimen=5, ordered=True)
    m.session_continuity = pyo.Constraint(m.continuity_points, rule=rule)


__all__ = [
    "add_contracted_sessions",
    "add_exam_reporting",
    "add_link_capacity",
    "add_minimum_rest",
    "add_one_place_per_session",
    "add_outsourcing_capacity",
    "add_passport_required",
    "add_remote_reporting_passport",
    "add_reporting_time",
    "add_scan_capacity",
    "add_scanner_staffing",
    "add_session_continuity",
    "add_sessions_per_day",
    "add_skill_mix",
    "add_transfer_routing",
    "add_turnaround",
    "add_variables",
    "add_worklist_balance",
]


# --------------------------------------------------------------------------- each person's day


def _occupancy(data: WorkforceData) -> dict[tuple[str, str, str], list[Assignment]]:
    """(k, d, t) -> the assignments of cohort k in session (d, t) (occ[k, d, t] their sum)."""
    return _group(data.assignments, lambda a: (a[0], a[2], a[3]))


def add_sessions_per_day(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``sessions_per_day`` (sessions): sum_{l, t in T_d, a} assign[k, l, d, t, a] <= N n_k for
    every cohort k and day d with more than N sessions it may work (exact per person: see
    models/workforce.md)."""
    most = data.max_sessions_per_day
    per_session = _occupancy(data)
    by_day = _group(per_session, lambda key: (key[0], key[1]))
    rows = [] if most is None else sorted(key for key, s in by_day.items() if len(s) > most)
    m.staff_days = pyo.Set(initialize=rows, dimen=2, ordered=True)
    m.sessions_per_day = pyo.Constraint(
        m.staff_days,
        rule=lambda m, k, d: (
            sum(m.assign[a] for key in by_day[(k, d)] for a in per_session[key])
            <= (most or 0) * data.cohorts[k].count
        ),
    )


def add_minimum_rest(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``minimum_rest`` (people): occ[k, d, t] + occ[k, d', t'] <= n_k for every cohort k and
    pair of sessions (d, t), (d', t') of ``rest_conflicts`` (on different days, less than the
    minimum rest apart) that k may both work."""
    per_session = _occupancy(data)
    rows = sorted(
        (k, *first, *second)
        for k in data.cohorts
        for first, second in data.rest_conflicts
        if (k, *first) in per_session and (k, *second) in per_session
    )
    m.rest_pairs = pyo.Set(initialize=rows, dimen=5, ordered=True)
    m.minimum_rest = pyo.Constraint(
        m.rest_pairs,
        rule=lambda m, k, d, t, d2, t2: (
            sum(m.assign[a] for a in per_session[(k, d, t)])
            + sum(m.assign[a] for a in per_session[(k, d2, t2)])
            <= data.cohorts[k].count
        ),
    )
