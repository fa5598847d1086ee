"""Cross-table checks of an instance, each a small named function returning located problems."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from operator import attrgetter

from netopt.schema.base import DAY_MINUTES, MAX_EXAMS, MIN_TASK_MINUTES
from netopt.schema.errors import InputProblem
from netopt.schema.rules import Known, duplicates
from netopt.schema.staffing_checks import STAFFING_CHECKS
from netopt.schema.tables import NETWORK_OWNER, AgeProfile, InstanceTables, TravelMethod
from netopt.schema.workforce_checks import WORKFORCE_CHECKS

SHARE_TOLERANCE = 1e-6


def check_unique_ids(inst: InstanceTables) -> list[InputProblem]:
    out: list[InputProblem] = []
    for table in ("trusts", "sites", "modalities", "exam_types", "catalogue", "assets"):
        out += duplicates(table, getattr(inst, table), attrgetter("id"), "id")
    keyed = (
        ("budgets", ("trust", "year")),
        ("revenue_budgets", ("trust", "year")),
        ("rooms", ("site", "modality")),
        ("demand", ("site", "exam_type", "year")),
        ("age_profiles", ("profile", "age")),
        ("travel_matrix", ("origin", "destination")),
        ("discount_tiers", ("model", "min_units")),
        ("outsourcing_limits", ("exam_type", "year")),
    )
    for table, fields in keyed:
        out += duplicates(table, getattr(inst, table), attrgetter(*fields), " and ".join(fields))
    out += duplicates(
        "travel_limits",
        inst.travel_limits,
        lambda r: (r.origin, r.modality, r.exam_type or "(every exam type)"),
        "origin, modality and exam_type",
    )
    return out


def check_references(inst: InstanceTables) -> list[InputProblem]:
    trusts = [t.id for t in inst.trusts]
    sites = Known("site", (s.id for s in inst.sites))
    modalities = Known("modality", (m.id for m in inst.modalities))
    exam_types = Known("exam type", (e.id for e in inst.exam_types))
    models = Known("catalogue model", (k.id for k in inst.catalogue))
    profiles = Known("age profile", (p.profile for p in inst.age_profiles))
    owners = Known("owner (a trust id or 'network')", [*trusts, NETWORK_OWNER])
    out: list[InputProblem] = []

    budget_trusts = Known("trust", trusts)
    for i, b in enumerate(inst.budgets):
        budget_trusts.check(("budgets", i, "trust"), b.trust, out)
    for i, revenue in enumerate(inst.revenue_budgets):
        budget_trusts.check(("revenue_budgets", i, "trust"), revenue.trust, out)
    for i, s in enumerate(inst.sites):
        owners.check(("sites", i, "owner"), s.owner, out)
    for i, r in enumerate(inst.rooms):
        sites.check(("rooms", i, "site"), r.site, out)
        modalities.check(("rooms", i, "modality"), r.modality, out)
    for table in ("travel_links", "travel_matrix"):
        for i, link in enumerate(getattr(inst, table)):
            sites.check((table, i, "origin"), link.origin, out)
            sites.check((table, i, "destination"), link.destination, out)
    for i, m in enumerate(inst.modalities):
        profiles.check(("modalities", i, "default_age_profile"), m.default_age_profile, out)
    for i, e in enumerate(inst.exam_types):
        modalities.check(("exam_types", i, "modality"), e.modality, out)
    for i, limit in enumerate(inst.outsourcing_limits):
        exam_types.check(("outsourcing_limits", i, "exam_type"), limit.exam_type, out)
    for i, row in enumerate(inst.travel_limits):
        sites.check(("travel_limits", i, "origin"), row.origin, out)
        modalities.check(("travel_limits", i, "modality"), row.modality, out)
        exam_types.check(("travel_limits", i, "exam_type"), row.exam_type, out)
    for i, d in enumerate(inst.demand):
        sites.check(("demand", i, "site"), d.site, out)
        exam_types.check(("demand", i, "exam_type"), d.exam_type, out)
    for i, k in enumerate(inst.catalogue):
        modalities.check(("catalogue", i, "modality"), k.modality, out)
        profiles.check(("catalogue", i, "age_profile"), k.age_profile, out)
        for j, site in enumerate(k.sites):
            sites.check(("catalogue", i, "sites", j), site, out)
    for i, t in enumerate(inst.discount_tiers):
        models.check(("discount_tiers", i, "model"), t.model, out)
    modality_by_id = {m.id: m for m in inst.modalities}
    for i, a in enumerate(inst.assets):
        sites.check(("assets", i, "site"), a.site, out)
        modalities.check(("assets", i, "modality"), a.modality, out)
        profiles.check(("assets", i, "age_profile"), a.age_profile, out)
        owners.check(("assets", i, "owner"), a.owner, out)
        modality = modality_by_id.get(a.modality)
        if a.age_profile is None and modality is not None and modality.default_age_profile is None:
            out.append(
                InputProblem(
                    ("assets", i, "age_profile"),
                    f"no age profile: give one here or a default_age_profile for {a.modality}",
                )
            )
    for i, c in enumerate(inst.committed_purchases):
        sites.check(("committed_purchases", i, "site"), c.site, out)
        models.check(("committed_purchases", i, "model"), c.model, out)
    return out


def check_capital_shares(inst: InstanceTables) -> list[InputProblem]:
    total = sum(t.capital_share for t in inst.trusts)
    if abs(total - 100.0) > SHARE_TOLERANCE:
        shares = ", ".join(f"{t.id} {t.capital_share:g}" for t in inst.trusts)
        return [
            InputProblem(
                ("trusts",),
                f"capital_share must sum to 100 (percent); they sum to {total:g} ({shares})",
            )
        ]
    return []


def check_age_profiles_start_at_zero(inst: InstanceTables) -> list[InputProblem]:
    first_row: dict[str, int] = {}
    ages: dict[str, set[int]] = defaultdict(set)
    for i, p in enumerate(inst.age_profiles):
        first_row.setdefault(p.profile, i)
        ages[p.profile].add(p.age)
    out = []
    for profile, got in ages.items():
        missing = sorted(set(range(max(got) + 1)) - got)
        if missing:
            out.append(
                InputProblem(
                    ("age_profiles", first_row[profile], "age"),
                    f"age profile '{profile}' must give every age from 0 to {max(got)}; "
                    f"missing {missing[:10]}",
                )
            )
    return out


AGE_PROFILE_MONEY = (
    ("maintenance", "maintenance_cost", "maintenance_fraction"),
    ("resale", "resale_value", "resale_fraction"),
    ("residual", "residual_value", "residual_fraction"),
)
"""The money an age profile gives by age: (what, its GBP field, its fraction-of-price field)."""
OPTIONAL_MONEY = frozenset({"residual"})
"""The money an age profile's rows may leave out (then the policy's rule applies)."""


def _money_form(row: AgeProfile, gbp: str, fraction: str) -> str | None:
    """The field a row gives one kind of money in (None: neither, or both)."""
    given = [f for f in (gbp, fraction) if getattr(row, f) is not None]
    return given[0] if len(given) == 1 else None


def check_age_profile_money(inst: InstanceTables) -> list[InputProblem]:
    """Each row gives exactly one of each pair (GBP or a fraction of the price), the residual
    pair at most one. A kind no row gives (a column left out) is one problem, of the table."""
    out: list[InputProblem] = []
    rows = inst.age_profiles
    kinds = []
    for what, gbp, fraction in AGE_PROFILE_MONEY:
        given = any(getattr(r, f) is not None for r in rows for f in (gbp, fraction))
        if given or what in OPTIONAL_MONEY:
            kinds.append((what, gbp, fraction))
        else:
            out.append(
                InputProblem(
                    ("age_profiles",),
                    f"no {what}: give a column {gbp} (GBP) or {fraction} (of the purchase price)",
                )
            )
    for i, row in enumerate(rows):
        for what, gbp, fraction in kinds:
            if getattr(row, gbp) is not None and getattr(row, fraction) is not None:
                out.append(
                    InputProblem(
                        ("age_profiles", i, fraction),
                        f"give {gbp} (GBP) or {fraction} (of the purchase price), not both",
                    )
                )
            elif _money_form(row, gbp, fraction) is None and what not in OPTIONAL_MONEY:
                out.append(
                    InputProblem(
                        ("age_profiles", i, gbp),
                        f"no {what}: give {gbp} (GBP) or {fraction} (of the purchase price)",
                    )
                )
    return out


def check_age_profile_forms(inst: InstanceTables) -> list[InputProblem]:
    """A profile gives each kind of money in one form on every row (the residual on every row
    or none): all GBP or all fractions of the purchase price, kind by kind. The first row that
    differs from the profile's first row is reported."""
    first: dict[tuple[str, str], str | None] = {}
    reported: set[tuple[str, str]] = set()
    out: list[InputProblem] = []
    for i, row in enumerate(inst.age_profiles):
        for what, gbp, fraction in AGE_PROFILE_MONEY:
            key, form = (row.profile, what), _money_form(row, gbp, fraction)
            both = getattr(row, gbp) is not None and getattr(row, fraction) is not None
            if both or (form is None and what not in OPTIONAL_MONEY):
                continue  # check_age_profile_money's problem
            earlier = first.setdefault(key, form)
            if form == earlier or key in reported:
                continue
            reported.add(key)
            out.append(
                InputProblem(
                    ("age_profiles", i, form or gbp),
                    f"age profile '{row.profile}' gives {form or f'no {what}'} here but "
                    f"{earlier or f'no {what}'} in its first row: give the {what} in one form "
                    "(GBP or a fraction of the purchase price) on every row",
                )
            )
    return out


def fraction_profiles(inst: InstanceTables) -> frozenset[str]:
    """The age profiles that give some money as a fraction of the purchase price."""
    fractions = [fraction for _, _, fraction in AGE_PROFILE_MONEY]
    return frozenset(
        row.profile
        for row in inst.age_profiles
        if any(getattr(row, f) is not None for f in fractions)
    )


def check_purchase_prices(inst: InstanceTables) -> list[InputProblem]:
    """An existing scanner whose age profile gives fractions of the purchase price needs its
    ``purchase_price`` (a catalogue model always has its ``price``)."""
    fractions = fraction_profiles(inst)
    defaults = {m.id: m.default_age_profile for m in inst.modalities}
    out = []
    for i, a in enumerate(inst.assets):
        profile = a.age_profile or defaults.get(a.modality)
        if a.purchase_price is None and profile in fractions:
            out.append(
                InputProblem(
                    ("assets", i, "purchase_price"),
                    f"no purchase_price: its age profile '{profile}' gives costs or values as "
                    "fractions of the purchase price",
                )
            )
    return out


def check_travel(inst: InstanceTables) -> list[InputProblem]:
    method = inst.travel.method
    out = []
    if method is TravelMethod.LINKS and not inst.travel_links:
        out.append(
            InputProblem(
                ("travel", "method"), "travel.method is 'links' but no travel_links are given"
            )
        )
    if method is TravelMethod.MATRIX and not inst.travel_matrix:
        out.append(
            InputProblem(
                ("travel", "method"), "travel.method is 'matrix' but no travel_matrix is given"
            )
        )
    if method is not TravelMethod.LINKS and inst.travel_links:
        out.append(
            InputProblem(
                ("travel", "method"),
                f"travel_links are given but travel.method is '{method}'; set it to 'links'",
            )
        )
    if method is not TravelMethod.MATRIX and inst.travel_matrix:
        out.append(
            InputProblem(
                ("travel", "method"),
                f"travel_matrix is given but travel.method is '{method}'; set it to 'matrix'",
            )
        )
    for i, link in enumerate(inst.travel_links):
        if link.origin == link.destination:
            out.append(
                InputProblem(("travel_links", i), f"a link from site '{link.origin}' to itself")
            )
    return out


def check_years(inst: InstanceTables) -> list[InputProblem]:
    years = inst.years
    first, last = years[0], years[-1]
    out = []

    def within(loc: tuple[str | int, ...], year: int) -> None:
        if not first <= year <= last:
            out.append(InputProblem(loc, f"year {year} is outside the plan {first}-{last}"))

    for i, b in enumerate(inst.budgets):
        within(("budgets", i, "year"), b.year)
    for i, revenue in enumerate(inst.revenue_budgets):
        within(("revenue_budgets", i, "year"), revenue.year)
    for i, c in enumerate(inst.committed_purchases):
        within(("committed_purchases", i, "year"), c.year)
    for i, limit in enumerate(inst.outsourcing_limits):
        within(("outsourcing_limits", i, "year"), limit.year)
    for i, a in enumerate(inst.assets):
        if a.install_year > first:
            out.append(
                InputProblem(
                    ("assets", i, "install_year"),
                    f"install year {a.install_year} is after the first plan year {first}; "
                    "planned purchases belong in committed_purchases",
                )
            )
    for i, k in enumerate(inst.catalogue):
        if k.first_year is not None and k.last_year is not None and k.first_year > k.last_year:
            out.append(
                InputProblem(("catalogue", i, "last_year"), "last_year is before first_year")
            )
    earliest: dict[tuple[str, str], tuple[int, int]] = {}
    for i, d in enumerate(inst.demand):
        key = (d.site, d.exam_type)
        if key not in earliest or d.year < earliest[key][0]:
            earliest[key] = (d.year, i)
    for (site, exam), (year, i) in earliest.items():
        if year > first:
            out.append(
                InputProblem(
                    ("demand", i, "year"),
                    f"demand for {exam} at {site} starts in {year}, after the first plan year "
                    f"{first}: give a row for {first} or earlier",
                )
            )
    return out


def check_fleet_fits_rooms(inst: InstanceTables) -> list[InputProblem]:
    rooms = {(r.site, r.modality): r.rooms for r in inst.rooms}
    count: Counter[tuple[str, str]] = Counter()
    first_row: dict[tuple[str, str], int] = {}
    for i, a in enumerate(inst.assets):
        key = (a.site, a.modality)
        count[key] += 1
        first_row.setdefault(key, i)
    out = []
    for key, n in count.items():
        have = rooms.get(key)
        if have is None:
            out.append(
                InputProblem(
                    ("assets", first_row[key], "site"),
                    f"no rooms row for {key[1]} at site '{key[0]}', which has {n} {key[1]} scanner(s)",
                )
            )
        elif n > have:
            out.append(
                InputProblem(
                    ("assets", first_row[key], "site"),
                    f"site '{key[0]}' has {n} {key[1]} scanners but only {have} {key[1]} room(s)",
                )
            )
    return out


def check_exam_types_scannable(inst: InstanceTables) -> list[InputProblem]:
    """Every exam type must be scannable by some catalogue model or existing scanner."""
    caps: dict[str, set[str | None]] = defaultdict(set)
    scanners = [(k.modality, k.capabilities) for k in inst.catalogue]
    scanners += [(a.modality, a.capabilities) for a in inst.assets]
    for modality_id, capabilities in scanners:
        caps[modality_id].add(None)
        caps[modality_id].update(capabilities)
    out = []
    for i, e in enumerate(inst.exam_types):
        if e.capability not in caps.get(e.modality, set()):
            need = f"{e.modality} scanner" + (
                f" with capability '{e.capability}'" if e.capability else ""
            )
            out.append(
                InputProblem(
                    ("exam_types", i, "capability" if e.capability else "modality"),
                    f"no catalogue model or existing scanner can scan {e.id}: it needs a {need}",
                )
            )
    return out


def _growth_end(year: int, following: int | None, last: int) -> int:
    """The last plan year a demand row given for ``year`` sets (rows of later years take over
    from the year they are given)."""
    return last if following is None else min(following - 1, last)


def check_demand_growth(inst: InstanceTables) -> list[InputProblem]:
    """Demand grown to the plan years stays within MAX_EXAMS a year: a 100% growth rate from
    a base year long before the plan, or over a long horizon, would give the models right-hand
    sides of 1e20 and more."""
    growth = {e.id: e.growth_rate for e in inst.exam_types}
    rows: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, d in enumerate(inst.demand):
        rows[(d.site, d.exam_type)].append(i)
    last = inst.years[-1]
    out = []
    for indices in rows.values():
        ordered = sorted(indices, key=lambda i: inst.demand[i].year)
        for i, following in zip(ordered, [*ordered[1:], None], strict=True):
            d = inst.demand[i]
            rate = growth.get(d.exam_type, 0.0) if d.growth_rate is None else d.growth_rate
            later = None if following is None else inst.demand[following].year
            end = _growth_end(d.year, later, last)
            if rate <= 0 or d.exams <= 0 or end <= d.year:
                continue
            log_peak = math.log10(d.exams) + (end - d.year) * math.log10(1 + rate)
            if log_peak > math.log10(MAX_EXAMS):
                out.append(
                    InputProblem(
                        ("demand", i),
                        f"{d.exams:g} {d.exam_type} exams at {d.site} in {d.year}, growing "
                        f"{rate:.1%} a year, reach {10**log_peak:.2g} by {end}; at most "
                        f"{MAX_EXAMS:,.0f} exams of one type at one site a year are allowed: "
                        "check exams, year and growth_rate",
                    )
                )
    return out


def check_report_minutes(inst: InstanceTables) -> list[InputProblem]:
    """report_minutes 0 means the exam type has no reporting time of its own; a positive value
    must be at least MIN_TASK_MINUTES, as minutes per report are."""
    return [
        InputProblem(
            ("exam_types", i, "report_minutes"),
            f"must be 0 or from {MIN_TASK_MINUTES:g} to {DAY_MINUTES:,}, got {e.report_minutes:g}",
        )
        for i, e in enumerate(inst.exam_types)
        if 0 < e.report_minutes < MIN_TASK_MINUTES
    ]


def check_outsourcing_limits(inst: InstanceTables) -> list[InputProblem]:
    """A limit on outsourced exams (``outsourcing_capacity`` or an ``outsourcing_limits`` row)
    only means something for an exam type that may be outsourced (has an ``outsourcing_cost``);
    on any other it is a mistake worth saying (the exam type or the limit is wrong)."""
    priced = {e.id for e in inst.exam_types if e.outsourcing_cost is not None}
    out = [
        InputProblem(
            ("exam_types", i, "outsourcing_capacity"),
            f"{e.id} has an outsourcing_capacity but no outsourcing_cost: it cannot be "
            "outsourced; give its price or leave the capacity empty",
        )
        for i, e in enumerate(inst.exam_types)
        if e.outsourcing_capacity is not None and e.id not in priced
    ]
    known = {e.id for e in inst.exam_types}
    out += [
        InputProblem(
            ("outsourcing_limits", i, "exam_type"),
            f"a limit on outsourced {limit.exam_type} exams, but {limit.exam_type} has no "
            "outsourcing_cost: it cannot be outsourced",
        )
        for i, limit in enumerate(inst.outsourcing_limits)
        if limit.exam_type in known and limit.exam_type not in priced
    ]
    return out


def check_travel_limits(inst: InstanceTables) -> list[InputProblem]:
    """A ``travel_limits`` row naming an exam type must name that exam type's modality (the
    row would otherwise silently apply to nothing); the access target needs both its minutes
    and its share (one alone is a target half given)."""
    modality_of = {e.id: e.modality for e in inst.exam_types}
    out = [
        InputProblem(
            ("travel_limits", i, "exam_type"),
            f"exam type {row.exam_type} is a {modality_of[row.exam_type]} exam, not "
            f"{row.modality}: give its modality, {modality_of[row.exam_type]}",
        )
        for i, row in enumerate(inst.travel_limits)
        if row.exam_type in modality_of and modality_of[row.exam_type] != row.modality
    ]
    policy = inst.policy
    if (policy.access_minutes is None) != (policy.access_share is None):
        given, missing = (
            ("access_minutes", "access_share")
            if policy.access_share is None
            else ("access_share", "access_minutes")
        )
        out.append(
            InputProblem(
                ("policy", missing),
                f"the access target needs both access_minutes and access_share: {given} is "
                f"given, {missing} is not",
            )
        )
    return out


CHECKS: tuple[Callable[[InstanceTables], list[InputProblem]], ...] = (
    check_unique_ids,
    check_references,
    check_capital_shares,
    check_age_profiles_start_at_zero,
    check_age_profile_money,
    check_age_profile_forms,
    check_purchase_prices,
    check_travel,
    check_years,
    check_fleet_fits_rooms,
    check_exam_types_scannable,
    check_demand_growth,
    check_report_minutes,
    check_outsourcing_limits,
    check_travel_limits,
    *WORKFORCE_CHECKS,
    *STAFFING_CHECKS,
)


def check_instance(inst: InstanceTables) -> list[InputProblem]:
    """Run every cross-table check; return all problems found (empty when consistent)."""
    problems: list[InputProblem] = []
    for check in CHECKS:
        problems += check(inst)
    return problems
