"""Image transfers: ``transfer_routing`` and ``link_capacity`` of ``models/workforce.md``.

``link_flows.csv`` sums the model's per-destination flows, so the verifier checks what that sum
must satisfy: flows only over transfer links, within each link's capacity, and conserved at
every site and day (studies leaving a site net of those arriving equal the exams it sends to
other sites' worklists net of those it receives). Independently of ``link_flows.csv``, the exams
routed to each site's worklists on each day must fit the links on their own (a max flow per
destination). Whether all destinations fit the links *together* is a multi-commodity flow
problem that needs a linear-programming solver; the verifier does not re-solve it and relies on
the written (conserved, capacity-respecting) flows.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, within
from netopt.verify.words import num
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import HOME, WorkforceTables

Sent = dict[tuple[str, str, str], float]
"""(acquiring site, destination site, day) -> exams routed to the destination's worklists."""


def _net(studies: float) -> str:
    """``take a net 2 studies out of`` / ``bring a net 2 studies into`` (positive: out)."""
    way = "take a net {} studies out of" if studies >= 0 else "bring a net {} studies into"
    return way.format(num(abs(studies)))


def sent_to_sites(ref: WorkforceReference, plan: WorkforceTables) -> tuple[Sent, list[Violation]]:
    """``transfer_routing``: exams routed to another site's worklist need a path of transfer
    links. Returns what each site sends each day to other sites, and the violations."""
    out: list[Violation] = []
    sent: Sent = defaultdict(float)
    for f in plan.routed:
        if f.place in (HOME, f.site) or abs(f.exams) <= CELL:
            continue
        if not nx.has_path(ref.links, f.site, f.place):
            out.append(
                Violation(
                    "transfer_routing",
                    {"site": f.site, "place": f.place, "exam_type": f.exam_type, "day": f.day},
                    f"{num(f.exams)} {f.exam_type} exams acquired at {f.site} on {f.day} go to "
                    f"the worklist at site {f.place}, but no transfer links join {f.site} to "
                    f"{f.place}",
                )
            )
            continue
        sent[(f.site, f.place, f.day)] += f.exams
    return sent, out


def _link_flow_problems(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """Each written link flow is over a transfer link, not negative and within capacity."""
    out: list[Violation] = []
    for lf in plan.link_flows:
        where: Where = {"origin": lf.origin, "destination": lf.destination, "day": lf.day}
        arc = (lf.origin, lf.destination)
        if arc not in ref.capacity:
            out.append(
                Violation(
                    "transfer_routing",
                    where,
                    f"{num(lf.studies)} studies go from {lf.origin} to {lf.destination} on "
                    f"{lf.day}, but there is no transfer link between them",
                )
            )
            continue
        if lf.studies < -CELL:
            message = f"{num(lf.studies)} studies on a link: cannot be negative"
            out.append(Violation("transfer_routing", where, message))
        cap = ref.capacity[arc]
        if cap is not None and not within(lf.studies, cap, tolerance):
            out.append(
                Violation(
                    "link_capacity",
                    where,
                    f"the {lf.origin}-{lf.destination} link carries {num(lf.studies)} studies "
                    f"from {lf.origin} to {lf.destination} on {lf.day}, above its capacity of "
                    f"{num(cap)} a day",
                )
            )
    return out


def check_conservation(
    ref: WorkforceReference, plan: WorkforceTables, sent: Sent, tolerance: float
) -> list[Violation]:
    """``transfer_routing``: at every site and day, the studies the link flows take out net
    of those they bring in are the exams the site sends to other sites' worklists net of those
    it receives."""
    net: dict[tuple[str, str], float] = defaultdict(float)
    terms: Counter[tuple[str, str]] = Counter()
    for lf in plan.link_flows:
        if (lf.origin, lf.destination) in ref.capacity:
            net[(lf.origin, lf.day)] += lf.studies
            net[(lf.destination, lf.day)] -= lf.studies
            terms[(lf.origin, lf.day)] += 1
            terms[(lf.destination, lf.day)] += 1
    sends: dict[tuple[str, str], float] = defaultdict(float)
    receives: dict[tuple[str, str], float] = defaultdict(float)
    for (o, s, day), exams in sent.items():
        sends[(o, day)] += exams
        receives[(s, day)] += exams
        terms[(o, day)] += 1
        terms[(s, day)] += 1
    out = []
    for key in sorted({*net, *sends, *receives}):
        site, day = key
        flows, out_, in_ = net[key], sends[key], receives[key]
        allowed = (terms[key] + 1) * CELL + tolerance * max(1.0, out_ + in_, abs(flows))
        if abs(flows - (out_ - in_)) > allowed:
            out.append(
                Violation(
                    "transfer_routing",
                    {"site": site, "day": day},
                    f"on {day}, the link flows {_net(flows)} {site}, but {site} sends "
                    f"{num(out_)} exams to other sites' worklists and receives {num(in_)} "
                    f"from other sites: the links must {_net(out_ - in_)} it",
                )
            )
    return out


def check_destination_capacity(
    ref: WorkforceReference, sent: Sent, tolerance: float
) -> list[Violation]:
    """``link_capacity``: the exams routed to each site's worklists on each day fit the
    links' capacities on their own (a max flow from their acquiring sites)."""
    by_destination: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for (o, s, day), exams in sent.items():
        by_destination[(s, day)][o] = exams
    graph = nx.DiGraph()
    for (i, j), cap in ref.capacity.items():
        graph.add_edge(i, j, **({} if cap is None else {"capacity": cap}))
    out = []
    for (s, day), origins in sorted(by_destination.items()):
        total = sum(origins.values())
        network = graph.copy()
        for o, exams in origins.items():
            network.add_edge(("source",), o, capacity=exams)
        most = float(nx.maximum_flow_value(network, ("source",), s))
        if not within(total, most, tolerance, (len(origins) + 1) * CELL):
            parts = ", ".join(f"{num(e)} from {o}" for o, e in sorted(origins.items()))
            out.append(
                Violation(
                    "link_capacity",
                    {"site": s, "day": day},
                    f"on {day}, {num(total)} studies go to the worklists at site {s} ({parts}), "
                    f"but the transfer links can carry at most {num(most)} of them there",
                )
            )
    return out


def check_transfers(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``transfer_routing`` and ``link_capacity`` (see the module docstring)."""
    sent, out = sent_to_sites(ref, plan)
    return [
        *out,
        *_link_flow_problems(ref, plan, tolerance),
        *check_conservation(ref, plan, sent, tolerance),
        *check_destination_capacity(ref, sent, tolerance),
    ]
