"""The capital replacement and placement model (mathematics in ``models/capital.md``)."""

from netopt.models.capital.plan import CapitalPlan, solve_capital

__all__ = ["CapitalPlan", "solve_capital"]
