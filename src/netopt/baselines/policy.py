"""Baseline policies by name: ``age:N``, ``priority`` and ``priority:N``, parsed and described."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEFAULT_PRIORITY_AGE = 10
"""Age from which ``priority`` may replace a scanner before its maximum age (years). Ten years is
the replacement age commonly used for NHS CT and MRI scanners (the 2020 Richards review of NHS
diagnostics recommended replacing equipment older than ten years)."""


class BaselinePolicy(StrEnum):
    """How a capital committee decides replacements without an optimiser."""

    AGE = "age"
    """Replace every scanner like for like at a fixed age (or its maximum age, if earlier),
    whatever the budget."""
    PRIORITY = "priority"
    """Each year, fund like-for-like replacements down a ranked list within each trust's budget."""


@dataclass(frozen=True)
class Baseline:
    """A parsed baseline policy: ``age:10`` is ``Baseline(AGE, 10)``; ``priority`` is
    ``Baseline(PRIORITY, 10)`` (``priority:N`` sets the age from which a scanner may be
    replaced before its maximum age)."""

    policy: BaselinePolicy
    years: int
    """``age``: replacement age; ``priority``: the age from which a scanner is a candidate."""

    @staticmethod
    def parse(text: str) -> Baseline:
        """``age:N`` or ``priority[:N]`` (N whole years, at least 1); raises ``ValueError``."""
        name, sep, raw = text.strip().partition(":")
        name = name.strip().lower()
        try:
            policy = BaselinePolicy(name)
        except ValueError:
            raise ValueError(
                f"unknown baseline policy '{text}': use age:N (e.g. age:10) or priority"
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
        if self.policy is BaselinePolicy.PRIORITY and self.years == DEFAULT_PRIORITY_AGE:
            return "priority"
        return f"{self.policy.value}:{self.years}"

    def describe(self) -> str:
        """The policy's rules in one paragraph (written to ``summary.json``)."""
        common = (
            "Like for like: the cheapest catalogue model of the same modality with at least the "
            "old scanner's capabilities that may be bought at its site that year, bought in the "
            "year the old scanner leaves (it enters service after its lead time). New units are "
            "kept to their lifetime and then replaced like for like. Committed purchases are made "
            "and each replaces the existing scanner of its modality at its site due first; no "
            "rooms are built; patients are then routed or outsourced at least cost."
        )
        if self.policy is BaselinePolicy.AGE:
            return (
                f"age:{self.years}: every existing scanner leaves at age {self.years} (or at its "
                f"maximum age, if earlier; in the first plan year if already older) and is "
                f"replaced like for like, whatever the budget. {common}"
            )
        return (
            f"{self}: each year, after committed purchases, scanners reaching their maximum age, "
            f"then existing scanners at least {self.years} years old, are ranked by score = "
            "age / maximum age + downtime fraction that year (age and condition) + maintenance "
            "that year / price of the replacement, highest first (must-replace scanners before "
            "the rest). Down the list, a replacement is funded when every paying trust (a network "
            "site's trusts by capital share) can pay its share at list price from that year's "
            "budget plus carry-over; otherwise it is skipped, and a scanner at its maximum age "
            f"then retires without replacement. {common}"
        )
