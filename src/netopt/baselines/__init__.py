"""Baseline policies: the plans capital committees make today, costed like the optimiser's.

``age:N`` replaces every scanner like for like at a fixed age; ``priority`` funds ranked
like-for-like replacements within each trust's budget. Both are evaluated with the capital
model's own cost accounting and written in the same result format (see
:mod:`netopt.baselines.capital`).
"""

from netopt.baselines.capital import (
    DEFAULT_POLICIES,
    BaselinePlan,
    baseline_capital,
    baseline_plans,
    compare_with_baselines,
    comparison_frame,
    policy_decisions,
    practice_decisions,
    priority_decisions,
)
from netopt.baselines.policy import DEFAULT_PRIORITY_AGE, Baseline, BaselinePolicy

__all__ = [
    "DEFAULT_POLICIES",
    "DEFAULT_PRIORITY_AGE",
    "Baseline",
    "BaselinePlan",
    "BaselinePolicy",
    "baseline_capital",
    "baseline_plans",
    "compare_with_baselines",
    "comparison_frame",
    "policy_decisions",
    "practice_decisions",
    "priority_decisions",
]
