"""What the verifier derives from the instance alone, written independently of the model code.

The conventions are those of ``models/capital.md``: plan years ``y0 .. y0 + H - 1`` and
``end = y0 + H``; a unit that leaves service "in year r" serves the years before r, ``r = end``
meaning it is still in service at the horizon end; its age in year y is y minus the year it
entered service; money in year y is discounted by ``(1 + rate) ** -(y - y0)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from netopt.graph.travel import TravelMinutes, travel_minutes
from netopt.schema import (
    NETWORK_OWNER,
    AgeProfile,
    Asset,
    CatalogueModel,
    ExamType,
    Instance,
    Modality,
    ResidualValueRule,
    Room,
    Site,
)
from netopt.verify.demand import demand_by_year


@dataclass(frozen=True)
class AgeCurve:
    """One age profile: values by age, ages past the last row taking the last row. Money is
    GBP, or (``*_of_price``) fractions of the unit's purchase price: the schema has a profile
    give each kind of money in one form on every row."""

    maintenance: tuple[float, ...]
    resale: tuple[float, ...]
    downtime: tuple[float, ...]
    residual: tuple[float, ...] = ()
    """The profile's own residual value by age; empty: the policy's rule."""
    maintenance_of_price: bool = False
    resale_of_price: bool = False
    residual_of_price: bool = False

    @staticmethod
    def from_rows(rows: Iterable[AgeProfile]) -> AgeCurve:
        ordered = sorted(rows, key=lambda row: row.age)

        def column(gbp: str, fraction: str) -> tuple[tuple[float, ...], bool]:
            """A money column of the profile, and whether it is in fractions of the price."""
            of_price = any(getattr(row, fraction) is not None for row in ordered)
            name = fraction if of_price else gbp
            values = (getattr(row, name) for row in ordered)
            return tuple(v for v in values if v is not None), of_price

        maintenance, maintenance_of_price = column("maintenance_cost", "maintenance_fraction")
        resale, resale_of_price = column("resale_value", "resale_fraction")
        residual, residual_of_price = column("residual_value", "residual_fraction")
        return AgeCurve(
            maintenance,
            resale,
            tuple(row.downtime_fraction for row in ordered),
            residual,
            maintenance_of_price,
            resale_of_price,
            residual_of_price,
        )

    @staticmethod
    def _at(values: tuple[float, ...], age: int) -> float:
        return values[max(0, min(age, len(values) - 1))]

    @staticmethod
    def _money(value: float, of_price: bool, price: float | None) -> float:
        if not of_price:
            return value
        assert price is not None  # the schema requires a purchase price for fractions
        return value * price

    def maintenance_at(self, age: int, price: float | None = None) -> float:
        """Maintenance for a year begun at ``age`` (GBP) of a unit bought at ``price``."""
        return self._money(self._at(self.maintenance, age), self.maintenance_of_price, price)

    def resale_at(self, age: int, price: float | None = None) -> float:
        """Value when leaving service within the plan at ``age`` (GBP)."""
        return self._money(self._at(self.resale, age), self.resale_of_price, price)

    def own_residual_at(self, age: int, price: float | None = None) -> float | None:
        """The profile's own value at the horizon end at ``age`` (GBP); None: it gives none."""
        if not self.residual:
            return None
        return self._money(self._at(self.residual, age), self.residual_of_price, price)

    def downtime_at(self, age: int) -> float:
        """Fraction of hours lost in a year begun at ``age``."""
        return self._at(self.downtime, age)


@dataclass(frozen=True)
class UnitValues:
    """What one unit costs and is worth by age (GBP): its age curve read against its purchase
    price, and the policy's residual value rule."""

    curve: AgeCurve
    price: float | None
    """Purchase price (a model's ``price``, an asset's ``purchase_price``); None: not given."""
    life: int
    """Economic life: a model's ``lifetime_years``, an asset's maximum age."""
    straight_line: bool
    """``policy.residual_value`` is ``straight_line`` (else ``resale``)."""

    def maintenance(self, age: int) -> float:
        """Maintenance for a year begun at ``age``."""
        return self.curve.maintenance_at(age, self.price)

    def resale(self, age: int) -> float:
        """Value when leaving service within the plan at ``age``."""
        return self.curve.resale_at(age, self.price)

    def residual(self, age: int) -> float:
        """Value when still in service at the horizon end at ``age``: the profile's own
        residual value if it gives one; else under ``straight_line`` with a price, the price
        less ``age / life`` of it (not below 0); else the resale value."""
        own = self.curve.own_residual_at(age, self.price)
        if own is not None:
            return own
        if self.straight_line and self.price is not None:
            return self.price * max(0.0, 1.0 - age / self.life)
        return self.resale(age)

    def exit_value(self, age: int, kept: bool) -> float:
        """The residual value when ``kept`` to the horizon end, else the resale value."""
        return self.residual(age) if kept else self.resale(age)


@dataclass(frozen=True)
class Reference:
    """Instance data in the form the checks look up."""

    instance: Instance
    years: tuple[int, ...]
    first: int
    end: int
    """The year after the last plan year: leaving "in" it means kept to the horizon end."""
    rate: float
    curves: dict[str, AgeCurve]
    sites: dict[str, Site]
    modalities: dict[str, Modality]
    exam_types: dict[str, ExamType]
    models: dict[str, CatalogueModel]
    assets: dict[str, Asset]
    rooms: dict[tuple[str, str], Room]
    demand: dict[tuple[str, str, int], float]
    """(origin site, exam type, plan year) -> exams, positive entries only."""
    minutes: TravelMinutes
    """origin -> site -> shortest travel minutes (no cutoff)."""
    payers: dict[str, dict[str, float]]
    """site -> trust -> fraction of the site's capital costs the trust pays."""
    budgets: dict[tuple[str, int], float]
    carry_over: frozenset[str]
    tiers: dict[str, tuple[tuple[int, float], ...]]
    """model -> (min units, discount), in increasing min units."""
    committed: dict[tuple[str, str, int], int]
    outsourcing_limits: dict[tuple[str, int], float]
    """(exam type, plan year) -> most exams of that type outsourced network-wide that year:
    the ``outsourcing_limits`` row, else the exam type's ``outsourcing_capacity`` (absent: no
    limit)."""

    origin_limits: dict[tuple[str, str], float]
    """(origin, modality) -> the ``travel_limits`` row's minutes without an exam type: it
    replaces the modality's limit for that origin's patients."""
    origin_exam_limits: dict[tuple[str, str], float]
    """(origin, exam type) -> the ``travel_limits`` row's minutes for the exam type: it
    replaces every other limit for those patients."""

    def max_travel(self, origin: str, exam_type: ExamType) -> tuple[float | None, str]:
        """The longest ``origin``'s patients may travel for an exam of ``exam_type`` (None: no
        limit), and whose limit it is, for a message."""
        specific = self.origin_exam_limits.get((origin, exam_type.id))
        if specific is not None:
            return specific, f"{origin}'s {exam_type.id} travel limit"
        modality = exam_type.modality
        limit = self.origin_limits.get((origin, modality))
        whose = f"{origin}'s {modality} travel limit"
        if limit is None:
            limit = self.modalities[modality].max_travel_minutes
            whose = f"{modality} limit"
        own = exam_type.max_travel_minutes
        if own is not None and (limit is None or own < limit):
            return own, f"{exam_type.id} limit"
        return limit, whose

    def df(self, year: int) -> float:
        """Discount factor of money in ``year``."""
        return float((1.0 + self.rate) ** -(year - self.first))

    def asset_curve(self, asset: Asset) -> AgeCurve:
        """The asset's age profile, or its modality's default."""
        name = asset.age_profile or self.modalities[asset.modality].default_age_profile
        assert name is not None  # the schema rejects assets with neither
        return self.curves[name]

    def asset_values(self, asset: Asset) -> UnitValues:
        """The asset's money by age: its curve, ``purchase_price`` and maximum age."""
        return UnitValues(
            self.asset_curve(asset), asset.purchase_price, self.asset_max_age(asset), self.linear
        )

    def model_values(self, model: CatalogueModel) -> UnitValues:
        """A catalogue model's money by age: its curve, ``price`` and ``lifetime_years``."""
        curve = self.curves[model.age_profile]
        return UnitValues(curve, model.price, model.lifetime_years, self.linear)

    @property
    def linear(self) -> bool:
        """Whether residual values are straight-line (``policy.residual_value``)."""
        return self.instance.policy.residual_value is ResidualValueRule.STRAIGHT_LINE

    def asset_owner(self, asset: Asset) -> str:
        """Who owns the asset: its ``owner``, else its site's owner."""
        return asset.owner or self.sites[asset.site].owner

    def owner_payers(self, owner: str) -> dict[str, float]:
        """trust -> fraction of the money of the scanners ``owner`` owns (maintenance, resale,
        residual value) the trust pays or receives: a trust all of its own, ``network`` every
        trust by capital share (as the capital of a network site)."""
        if owner == NETWORK_OWNER:
            return {
                t.id: t.capital_share / 100.0 for t in self.instance.trusts if t.capital_share > 0
            }
        return {owner: 1.0}

    def asset_max_age(self, asset: Asset) -> int:
        """The asset's maximum age, or its modality's default."""
        return asset.max_age_years or self.modalities[asset.modality].max_age_years

    def asset_kind(self, asset: Asset) -> str:
        """The asset's scanner kind, e.g. ``CT+cardiac``."""
        return kind_id(asset.modality, asset.capabilities)

    def model_kind(self, model: CatalogueModel) -> str:
        """A catalogue model's scanner kind."""
        return kind_id(model.modality, model.capabilities)

    def _room_or_modality(
        self,
        site: str,
        modality: str,
        of_room: Callable[[Room], float | None],
        of_modality: Callable[[Modality], float],
    ) -> float:
        """A setting of the rooms row of ``modality`` at ``site``, else of the modality."""
        room = self.rooms.get((site, modality))
        value = None if room is None else of_room(room)
        return of_modality(self.modalities[modality]) if value is None else value

    def utilisation_ceiling(self, site: str, modality: str) -> float:
        """Share of available hours a plan may book at ``site`` for ``modality``: the rooms
        row's ``target_utilisation``, else the modality's."""
        return self._room_or_modality(
            site, modality, lambda r: r.target_utilisation, lambda m: m.target_utilisation
        )

    def installation_works(self, site: str, modality: str) -> float:
        """Enabling works to install one scanner of ``modality`` at ``site`` (GBP): the rooms
        row's ``installation_works_cost``, else the modality's."""
        return self._room_or_modality(
            site,
            modality,
            lambda r: r.installation_works_cost,
            lambda m: m.installation_works_cost,
        )

    def installation_weeks(self, site: str, modality: str) -> float:
        """Weeks a new scanner at ``site`` does not scan in its first year of service: the
        rooms row's ``installation_weeks``, else the modality's."""
        return self._room_or_modality(
            site, modality, lambda r: r.installation_weeks, lambda m: m.installation_weeks
        )

    def can_host(self, site: str, modality: str) -> bool:
        """Whether a unit of ``modality`` may ever stand at ``site`` (rooms + new rooms > 0)."""
        room = self.rooms.get((site, modality))
        return room is not None and room.rooms + room.max_new_rooms > 0


def kind_id(modality: str, capabilities: Iterable[str]) -> str:
    """A scanner kind as the tables name it: the modality and its sorted capabilities joined
    by ``+`` (``CT+cardiac``; ``CT`` without capabilities)."""
    return "+".join([modality, *sorted(set(capabilities))])


def payer_shares(instance: Instance) -> dict[str, dict[str, float]]:
    """Who pays a site's capital costs: its owner, or every trust by capital share (percent)
    for a network site."""
    shares = {t.id: t.capital_share / 100.0 for t in instance.trusts if t.capital_share > 0}
    return {
        s.id: dict(shares) if s.owner == NETWORK_OWNER else {s.owner: 1.0} for s in instance.sites
    }


def budgets_by_year(instance: Instance) -> dict[tuple[str, int], float]:
    """Capital budget of each trust in each plan year: the ``budgets`` row, else the trust's
    ``capital_budget``."""
    rows = {(b.trust, b.year): b.capital_budget for b in instance.budgets}
    return {
        (t.id, y): rows.get((t.id, y), t.capital_budget)
        for t in instance.trusts
        for y in instance.years
    }


def outsourcing_limits_by_year(instance: Instance) -> dict[tuple[str, int], float]:
    """The limit on outsourced exams of each type in each plan year, where there is one: the
    year's ``outsourcing_limits`` row, else the exam type's ``outsourcing_capacity``."""
    rows = {(r.exam_type, r.year): r.max_exams for r in instance.outsourcing_limits}
    limits: dict[tuple[str, int], float] = {}
    for e in instance.exam_types:
        for y in instance.years:
            limit = rows.get((e.id, y), e.outsourcing_capacity)
            if limit is not None:
                limits[(e.id, y)] = limit
    return limits


def build_reference(instance: Instance) -> Reference:
    """Derive everything the checks need from the instance."""
    years = tuple(instance.years)
    rows: dict[str, list[AgeProfile]] = defaultdict(list)
    for row in instance.age_profiles:
        rows[row.profile].append(row)
    tiers: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for tier in instance.discount_tiers:
        tiers[tier.model].append((tier.min_units, tier.discount))
    committed: dict[tuple[str, str, int], int] = defaultdict(int)
    for commit in instance.committed_purchases:
        committed[(commit.site, commit.model, commit.year)] += commit.units
    return Reference(
        instance=instance,
        years=years,
        first=years[0],
        end=years[-1] + 1,
        rate=instance.network.discount_rate,
        curves={name: AgeCurve.from_rows(r) for name, r in rows.items()},
        sites={s.id: s for s in instance.sites},
        modalities={m.id: m for m in instance.modalities},
        exam_types={e.id: e for e in instance.exam_types},
        models={k.id: k for k in instance.catalogue},
        assets={a.id: a for a in instance.assets},
        rooms={(r.site, r.modality): r for r in instance.rooms},
        demand=demand_by_year(instance, years),
        minutes=travel_minutes(instance),
        payers=payer_shares(instance),
        budgets=budgets_by_year(instance),
        carry_over=frozenset(t.id for t in instance.trusts if t.carry_over),
        tiers={k: tuple(sorted(t)) for k, t in tiers.items()},
        committed=dict(committed),
        outsourcing_limits=outsourcing_limits_by_year(instance),
        origin_limits={
            (r.origin, r.modality): r.max_travel_minutes
            for r in instance.travel_limits
            if r.exam_type is None
        },
        origin_exam_limits={
            (r.origin, r.exam_type): r.max_travel_minutes
            for r in instance.travel_limits
            if r.exam_type is not None
        },
    )
