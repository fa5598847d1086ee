"""Procurement and money: ``committed_purchase``, ``discount_tier``, ``capital_budget`` and the
payments of ``models/capital.md``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import Tally, within
from netopt.verify.words import count, gbp

# --------------------------------------------------------------------------- procurement


def _bought(ref: Reference, plan: PlanTables) -> dict[tuple[str, str, int], int]:
    """Units bought per (site, model, year)."""
    units: dict[tuple[str, str, int], int] = defaultdict(int)
    for p in plan.purchases:
        units[(p.site, p.model, p.year)] += p.units
    return units


def check_committed(ref: Reference, plan: PlanTables) -> list[Violation]:
    """``committed_purchase``: at each committed site, model and year the plan buys at least
    the committed units (rows of the same key added up)."""
    bought = _bought(ref, plan)
    out = []
    for (site, model, year), units in sorted(ref.committed.items()):
        if bought.get((site, model, year), 0) < units:
            out.append(
                Violation(
                    "committed_purchase",
                    {"site": site, "model": model, "year": year},
                    f"{site} is committed to buying {units} {model} in {year} but the plan buys "
                    f"{bought.get((site, model, year), 0)}",
                )
            )
    return out


def entitled_discount(tiers: Iterable[tuple[int, float]], units: int) -> tuple[float, int]:
    """The best discount (and its tier's minimum units) earned by ``units`` bought
    network-wide in a year: the highest discount whose minimum is reached; (0, 0) for none."""
    reached = [(discount, least) for least, discount in tiers if least <= units]
    return max(reached) if reached else (0.0, 0)


def check_discount_tiers(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``discount_tier`` (the tier families of ``models/capital.md``): the units of each model
    bought network-wide in a year earn the best tier reached; each purchase row's unit price is
    at least list price x (1 - that discount), and no more than the list price."""
    network: dict[tuple[str, int], int] = defaultdict(int)
    for p in plan.purchases:
        network[(p.model, p.year)] += p.units
    out = []
    for p in plan.purchases:
        model = ref.models.get(p.model)
        if model is None:
            continue
        units = network[(p.model, p.year)]
        discount, least = entitled_discount(ref.tiers.get(p.model, ()), units)
        floor = model.price * (1.0 - discount)
        where: Where = {"site": p.site, "model": p.model, "year": p.year}
        claimed = 1.0 - p.unit_price / model.price if model.price else 0.0
        if not within(floor, p.unit_price, tolerance):
            verb = "earns" if units == 1 else "earn"
            earned = (
                f"{verb} {discount:.1%} (the tier from {count(least, 'unit')})"
                if discount
                else f"{verb} no discount"
            )
            out.append(
                Violation(
                    "discount_tier",
                    where,
                    f"{p.site} buys {p.model} in {p.year} at {gbp(p.unit_price)} a unit, "
                    f"{claimed:.1%} off the list price of {gbp(model.price)}, but the "
                    f"{count(units, 'unit')} of {p.model} bought network-wide that year {earned}",
                )
            )
        elif not within(p.unit_price, model.price, tolerance):
            out.append(
                Violation(
                    "discount_tier",
                    where,
                    f"{p.site} buys {p.model} in {p.year} at {gbp(p.unit_price)} a unit, above "
                    f"its list price of {gbp(model.price)}",
                )
            )
    return out


# --------------------------------------------------------------------------- money

PaymentKey = tuple[str, int, str, str, str]
"""(trust, year, site, item, model or modality)."""


def capital_payments(ref: Reference, plan: PlanTables) -> dict[PaymentKey, Tally]:
    """Who pays what, recomputed: each purchase row's units x unit price and x the site's
    installation works cost, and each new room's rooms x ``new_room_cost``, paid by the site's owner, or by every trust in proportion to its
    capital share at a network site (cash, in the year bought or built)."""
    out: dict[PaymentKey, Tally] = defaultdict(Tally)
    for p in plan.purchases:
        model = ref.models.get(p.model)
        works = ref.installation_works(p.site, model.modality) if model else 0.0
        for trust, share in ref.payers.get(p.site, {}).items():
            out[(trust, p.year, p.site, "purchase", p.model)].add(p.unit_price, share * p.units)
            if works:
                key = (trust, p.year, p.site, "installation_works", p.model)
                out[key].add_exact(share * p.units * works)
    for r in plan.new_rooms:
        room = ref.rooms.get((r.site, r.modality))
        cost = r.rooms * room.new_room_cost if room else 0.0
        for trust, share in ref.payers.get(r.site, {}).items():
            out[(trust, r.year, r.site, "new_room", r.modality)].add_exact(share * cost)
    return dict(out)


def capital_spend(payments: dict[PaymentKey, Tally]) -> dict[tuple[str, int], Tally]:
    """Each trust's capital spend in each year: its payments added up."""
    spend: dict[tuple[str, int], Tally] = defaultdict(Tally)
    for (trust, year, *_), amount in payments.items():
        spend[(trust, year)].add(amount.value, rounding=amount.slack)
    return dict(spend)


def check_capital_budget(
    ref: Reference, payments: dict[PaymentKey, Tally], tolerance: float
) -> list[Violation]:
    """``capital_budget``: each trust's capital spend in each year (its payments, recomputed)
    is within that year's budget (the ``budgets`` row, else ``capital_budget``) plus, for a
    trust with ``carry_over``, everything left unspent in earlier years (cash, undiscounted)."""
    spend = capital_spend(payments)
    out = []
    for member in ref.instance.trusts:
        carried = 0.0
        for year in ref.years:
            budget = ref.budgets[(member.id, year)]
            available = budget + carried
            spent = spend.get((member.id, year), Tally())
            if not within(spent.value, available, tolerance, spent.slack):
                out.append(
                    Violation(
                        "capital_budget",
                        {"trust": member.id, "year": year},
                        f"Trust {member.id} spends {gbp(spent.value)} in {year} against a budget "
                        f"of {gbp(budget)} (+{gbp(carried)} carried in)",
                    )
                )
            carried = max(0.0, available - spent.value) if member.id in ref.carry_over else 0.0
    for (trust, year), spent in sorted(spend.items()):
        if year not in ref.years and spent.value > 0:
            out.append(
                Violation(
                    "capital_budget",
                    {"trust": trust, "year": year},
                    f"Trust {trust} spends {gbp(spent.value)} in {year}, outside the plan years",
                )
            )
    return out


def check_payments(
    plan: PlanTables, payments: dict[PaymentKey, Tally], tolerance: float
) -> list[Violation]:
    """``payments``: ``payments.csv`` and the spend column of ``spend.csv`` agree with the
    payments recomputed from the purchases and new rooms."""
    written: dict[PaymentKey, float] = defaultdict(float)
    for row in plan.payments:
        written[(row.trust, row.year, row.site, row.item, row.model or row.modality)] += row.amount
    out = []
    for key in sorted({*payments, *written}):
        trust, year, site, item, name = key
        expected, found = payments.get(key, Tally()), written.get(key, 0.0)
        if not expected.agrees(found, tolerance):
            what = {
                "purchase": f"{name} bought",
                "installation_works": f"installing the {name} bought",
            }.get(item, f"new {name} rooms built")
            out.append(
                Violation(
                    "payments",
                    {"trust": trust, "year": year, "site": site, "item": item},
                    f"payments.csv has trust {trust} paying {gbp(found)} for {what} at {site} in "
                    f"{year}; the purchases and rooms of the plan make it {gbp(expected.value)}",
                )
            )
    spend = capital_spend(payments)
    for line in plan.spend:
        total = spend.get((line.trust, line.year), Tally())
        if not total.agrees(line.spend, tolerance):
            out.append(
                Violation(
                    "payments",
                    {"trust": line.trust, "year": line.year},
                    f"spend.csv has trust {line.trust} spending {gbp(line.spend)} in {line.year}; "
                    f"the purchases and rooms of the plan make it {gbp(total.value)}",
                )
            )
    return out
