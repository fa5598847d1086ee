"""Cross-table checks of an instance, each a small named function returning located problems."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from netopt.schema.errors import InputProblem
from netopt.schema.workforce_checks import WORKFORCE_CHECKS

if TYPE_CHECKING:
    from netopt.schema.instance import Instance

SHARE_TOLERANCE = 1e-6


def _known(kind: str, value: str, known: Iterable[str]) -> str:
    names = sorted(known)
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f"unknown {kind} '{value}' (known: {shown or 'none'})"


def _show_key(key: Hashable) -> str:
    """A key as the planner wrote it: 'CT-head' or 'mon am'."""
    if isinstance(key, tuple):
        return "'" + " ".join(str(part) for part in key) + "'"
    return repr(key)


def _duplicates(
    table: str, rows: Sequence[Any], key: Callable[[Any], Hashable], what: str
) -> list[InputProblem]:
    seen: dict[Hashable, int] = {}
    problems = []
    for i, row in enumerate(rows):
        k = key(row)
        if k in seen:
            problems.append(
                InputProblem(
                    (table, i),
                    f"duplicate {what} {_show_key(k)} (first given in record {seen[k] + 1} of "
                    f"{table})",
                )
            )
        else:
            seen[k] = i
    return problems


def check_unique_ids(inst: Instance) -> list[InputProblem]:
    out: list[InputProblem] = []
    for table in ("trusts", "sites", "modalities", "exam_types", "catalogue", "assets"):
        out += _duplicates(table, getattr(inst, table), attrgetter("id"), "id")
    keyed = (
        ("budgets", ("trust", "year")),
        ("rooms", ("site", "modality")),
        ("demand", ("site", "exam_type", "year")),
        ("age_profiles", ("profile", "age")),
        ("travel_matrix", ("origin", "destination")),
        ("discount_tiers", ("model", "min_units")),
    )
    for table, fields in keyed:
        out += _duplicates(table, getattr(inst, table), attrgetter(*fields), " and ".join(fields))
    return out


def check_references(inst: Instance) -> list[InputProblem]:
    trusts = {t.id for t in inst.trusts}
    sites = {s.id for s in inst.sites}
    modalities = {m.id for m in inst.modalities}
    exam_types = {e.id for e in inst.exam_types}
    models = {k.id for k in inst.catalogue}
    profiles = {p.profile for p in inst.age_profiles}
    out: list[InputProblem] = []

    def ref(loc: tuple[str | int, ...], kind: str, value: str | None, known: set[str]) -> None:
        if value is not None and value not in known:
            out.append(InputProblem(loc, _known(kind, value, known)))

    for i, b in enumerate(inst.budgets):
        ref(("budgets", i, "trust"), "trust", b.trust, trusts)
    from netopt.schema.instance import NETWORK_OWNER

    for i, s in enumerate(inst.sites):
        ref(
            ("sites", i, "owner"),
            "owner (a trust id or 'network')",
            s.owner,
            trusts | {NETWORK_OWNER},
        )
    for i, r in enumerate(inst.rooms):
        ref(("rooms", i, "site"), "site", r.site, sites)
        ref(("rooms", i, "modality"), "modality", r.modality, modalities)
    for table in ("travel_links", "travel_matrix"):
        for i, link in enumerate(getattr(inst, table)):
            ref((table, i, "origin"), "site", link.origin, sites)
            ref((table, i, "destination"), "site", link.destination, sites)
    for i, m in enumerate(inst.modalities):
        ref(
            ("modalities", i, "default_age_profile"), "age profile", m.default_age_profile, profiles
        )
    for i, e in enumerate(inst.exam_types):
        ref(("exam_types", i, "modality"), "modality", e.modality, modalities)
    for i, d in enumerate(inst.demand):
        ref(("demand", i, "site"), "site", d.site, sites)
        ref(("demand", i, "exam_type"), "exam type", d.exam_type, exam_types)
    for i, k in enumerate(inst.catalogue):
        ref(("catalogue", i, "modality"), "modality", k.modality, modalities)
        ref(("catalogue", i, "age_profile"), "age profile", k.age_profile, profiles)
        for j, site in enumerate(k.sites):
            ref(("catalogue", i, "sites", j), "site", site, sites)
    for i, t in enumerate(inst.discount_tiers):
        ref(("discount_tiers", i, "model"), "catalogue model", t.model, models)
    modality_by_id = {m.id: m for m in inst.modalities}
    for i, a in enumerate(inst.assets):
        ref(("assets", i, "site"), "site", a.site, sites)
        ref(("assets", i, "modality"), "modality", a.modality, modalities)
        ref(("assets", i, "age_profile"), "age profile", a.age_profile, profiles)
        modality = modality_by_id.get(a.modality)
        if a.age_profile is None and modality is not None and modality.default_age_profile is None:
            out.append(
                InputProblem(
                    ("assets", i, "age_profile"),
                    f"no age profile: give one here or a default_age_profile for {a.modality}",
                )
            )
    for i, c in enumerate(inst.committed_purchases):
        ref(("committed_purchases", i, "site"), "site", c.site, sites)
        ref(("committed_purchases", i, "model"), "catalogue model", c.model, models)
    return out


def check_capital_shares(inst: Instance) -> list[InputProblem]:
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


def check_age_profiles_start_at_zero(inst: Instance) -> list[InputProblem]:
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


def check_travel(inst: Instance) -> list[InputProblem]:
    from netopt.schema.instance import TravelMethod

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


def check_years(inst: Instance) -> list[InputProblem]:
    years = inst.years
    first, last = years[0], years[-1]
    out = []

    def within(loc: tuple[str | int, ...], year: int) -> None:
        if not first <= year <= last:
            out.append(InputProblem(loc, f"year {year} is outside the plan {first}-{last}"))

    for i, b in enumerate(inst.budgets):
        within(("budgets", i, "year"), b.year)
    for i, c in enumerate(inst.committed_purchases):
        within(("committed_purchases", i, "year"), c.year)
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


def check_fleet_fits_rooms(inst: Instance) -> list[InputProblem]:
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


def check_exam_types_scannable(inst: Instance) -> list[InputProblem]:
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


CHECKS: tuple[Callable[[Instance], list[InputProblem]], ...] = (
    check_unique_ids,
    check_references,
    check_capital_shares,
    check_age_profiles_start_at_zero,
    check_travel,
    check_years,
    check_fleet_fits_rooms,
    check_exam_types_scannable,
    *WORKFORCE_CHECKS,
)


def check_instance(inst: Instance) -> list[InputProblem]:
    """Run every cross-table check; return all problems found (empty when consistent)."""
    problems: list[InputProblem] = []
    for check in CHECKS:
        problems += check(inst)
    return problems
