"""The verifier's own derivations, on hand-checked numbers (no solver)."""

from __future__ import annotations

import pytest

from netopt.verify.capital.capacity import ANY, split_shortfall
from netopt.verify.capital.money import entitled_discount
from netopt.verify.capital.reference import AgeCurve, build_reference
from netopt.verify.demand import demand_by_year
from tests.verify.networks import two_trusts


def test_age_curve_past_last_row_takes_last_row() -> None:
    curve = AgeCurve(maintenance=(1.0, 2.0), resale=(10.0, 5.0), downtime=(0.0, 0.1))
    assert curve.maintenance_at(0) == 1.0
    assert curve.maintenance_at(7) == 2.0
    assert curve.resale_at(1) == 5.0
    assert curve.downtime_at(30) == 0.1


def test_demand_grows_from_latest_earlier_given_year() -> None:
    """SA ct-gen: 12000 in 2025 at 3%, 13500 given for 2027 (3% after it); SB ct-cardiac from
    a 2024 base of 500 at its own 10%."""
    demand = demand_by_year(two_trusts(), range(2025, 2029))
    assert demand[("SA", "ct-gen", 2025)] == 12000
    assert demand[("SA", "ct-gen", 2026)] == pytest.approx(12360)
    assert demand[("SA", "ct-gen", 2027)] == 13500
    assert demand[("SA", "ct-gen", 2028)] == pytest.approx(13905)
    assert demand[("SB", "ct-cardiac", 2025)] == pytest.approx(550)
    assert demand[("SB", "ct-cardiac", 2028)] == pytest.approx(500 * 1.1**4)
    assert ("CDC", "ct-gen", 2025) not in demand


def test_reference_discounting_payers_and_budgets() -> None:
    ref = build_reference(two_trusts())
    assert ref.end == 2029
    assert ref.df(2025) == 1.0
    assert ref.df(2029) == pytest.approx(1.035**-4)
    assert ref.payers["CDC"] == {"A": 0.6, "B": 0.4}
    assert ref.payers["SA"] == {"A": 1.0}
    assert ref.budgets[("B", 2028)] == 200_000
    assert ref.budgets[("B", 2027)] == 1_000_000
    assert ref.minutes["SA"]["SB"] == 60
    assert ref.can_host("CDC", "CT") and not ref.can_host("CDC", "MRI")


def test_entitled_discount_is_the_best_tier_reached() -> None:
    tiers = ((1, 0.02), (2, 0.08), (5, 0.05))
    assert entitled_discount(tiers, 0) == (0.0, 0)
    assert entitled_discount(tiers, 1) == (0.02, 1)
    assert entitled_discount(tiers, 6) == (0.08, 2)


def test_split_shortfall_respects_capabilities() -> None:
    plain: frozenset[str] = frozenset()
    cardiac = frozenset({"cardiac"})
    # enough in total and in cardiac hours: general exams go to the plain scanner
    assert split_shortfall({ANY: 100, "cardiac": 100}, {plain: 100, cardiac: 100}) == 0
    # 200 h in total, but only 50 h can do cardiac work
    assert split_shortfall({ANY: 100, "cardiac": 100}, {plain: 150, cardiac: 50}) == 50
    # no scanner at all
    assert split_shortfall({ANY: 10}, {}) == 10


def test_verifier_is_independent_of_the_model() -> None:
    """No module of netopt.verify (its subpackages included) imports Pyomo or the model
    code."""
    import ast
    import importlib
    from pathlib import Path

    # netopt.verify, the attribute, is the API function; the package is in sys.modules.
    package = importlib.import_module("netopt.verify")
    paths = sorted(Path(str(package.__file__)).parent.rglob("*.py"))
    assert len(paths) > 20  # the capital and workforce packages are walked too
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert not name.startswith(("pyomo", "netopt.models")), (path.name, name)
