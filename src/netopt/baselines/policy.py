"""Baseline policies by name: ``age:N``, ``priority`` and ``priority:N``, parsed and described."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEFAULT_PRIORITY_AGE = 10
"""Age from which ``priority`` may replace a scanner before its maximum age (years). Ten years is
the replacement age commonly used for NHS CT and MRI scanners (the 2020 Richards review of NHS
diagnostics recommended replacing equipment older than ten years)."""

GROWTH_THRESHOLD = 0.05
"""``practice`` adds a scanner of a modality when its demand in the year the scanner would enter
service exceeds the hours the fleet may book by more than this share of the demand (5%: a
shortfall a capital committee would see in its activity figures, not day-to-day noise)."""


class BaselinePolicy(StrEnum):
    """How a capital committee decides replacements without an optimiser."""

    AGE = "age"
    """Replace every scanner like for like at a fixed age (or its maximum age, if earlier),
    whatever the budget."""
    PRIORITY = "priority"
    """Each year, fund like-for-like replacements down a ranked list within each trust's budget."""
    PRACTICE = "practice"
    """``priority``, and each year a new scanner (in an empty room, else a room built) where
    demand exceeds what the fleet may book by more than :data:`GROWTH_THRESHOLD`, funded from
    what the budget has left: what capital planners do."""


@dataclass(frozen=True)
class Baseline:
    """A parsed baseline policy: ``age:10`` is ``Baseline(AGE, 10)``; ``priority`` is
    ``Baseline(PRIORITY, 10)`` (``priority:N`` sets the age from which a scanner may be
    replaced before its maximum age); ``practice[:N]`` likewise, with growth."""

    policy: BaselinePolicy
    years: int
    """``age``: replacement age; ``priority``: the age from which a scanner is a candidate."""

    @staticmethod
    def parse(text: str) -> Baseline:
        """``age:N``, ``priority[:N]`` or ``practice[:N]`` (N whole years, at least 1); raises
        ``ValueError``."""
        name, sep, raw = text.strip().partition(":")
        name = name.strip().lower()
        try:
            policy = BaselinePolicy(name)
        except ValueError:
            raise ValueError(
                f"unknown baseline policy '{text}': use practice, priority or age:N (e.g. age:10)"
            ) from None
        if not sep:
            if policy is BaselinePolicy.AGE:
                raise ValueError(f"'{text}': give the replacement age, e.g. age:10")
            return Baseline(policy, DEFAULT_PRIORITY_AGE)
        try:
            years = int(raw.strip())
        except ValueError:
            raise ValueError(
                f"'{text}': the age after ':' must be whole years, e.g. age:10"
            ) from None
        if years < 1:
            raise ValueError(f"'{text}': the age must be at least 1 year")
        return Baseline(policy, years)

    def __str__(self) -> str:
        if self.policy is not BaselinePolicy.AGE and self.years == DEFAULT_PRIORITY_AGE:
            return self.policy.value
        return f"{self.policy.value}:{self.years}"

    def describe(self) -> str:
        """The policy's rules in one paragraph (written to ``summary.json``)."""
        common = (
            "Like for like: the cheapest catalogue model of the same modality with at least the "
            "old scanner's capabilities that may be bought at its site that year, bought in the "
            "year the old scanner leaves (it enters service after its lead time). New units are "
            "kept to their lifetime and then replaced like for like. Committed purchases are made "
            "and each replaces the existing scanner of its modality at its site due first; "
            "patients are then routed or outsourced at least cost."
        )
        no_rooms = "No rooms are built."
        if self.policy is BaselinePolicy.AGE:
            return (
                f"age:{self.years}: every existing scanner leaves at age {self.years} (or at its "
                f"maximum age, if earlier; in the first plan year if already older) and is "
                f"replaced like for like, whatever the budget. {common} {no_rooms}"
            )
        ranked = self._ranked()
        if self.policy is BaselinePolicy.PRIORITY:
            return f"{self}: {ranked} {common} {no_rooms}"
        return (
            f"{self}: {ranked} Then, for each modality, while the demand of the year a new "
            "scanner would enter service (after its lead time) exceeds by more than "
            f"{GROWTH_THRESHOLD:.0%} the hours the fleet may book then (every scanner's hours "
            "after downtime x throughput x the site's utilisation ceiling; scanners due to leave "
            "by then counted as replaced), a scanner of the cheapest model of the modality that "
            "may be bought there is bought for an empty room at the site whose nearest patients "
            "are shortest of hours, or, where no empty room can be funded, for a room built "
            "where one may be (room and scanner funded together), when its paying trusts can pay "
            "from what the year's budget has left after replacements; otherwise nothing more is "
            f"added that year. {common}"
        )

    def _ranked(self) -> str:
        """The ranked replacements of ``priority`` and ``practice``."""
        return (
            "each year, after committed purchases, scanners reaching their maximum age, "
            f"then existing scanners at least {self.years} years old, are ranked by score = "
            "age / maximum age + downtime fraction that year (age and condition) + maintenance "
            "that year / price of the replacement, highest first (must-replace scanners before "
            "the rest). Down the list, a replacement is funded when every paying trust (a network "
            "site's trusts by capital share) can pay its share at list price (with the "
            "installation works) from that year's budget plus carry-over; otherwise it is "
            "skipped, and a scanner at its maximum age then retires without replacement."
        )
