"""The diff of two plans against plans whose changes are known: real solves of the small
two-trust network (``tests/verify/networks.py``), and the purchase matching on hand-made
tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import netopt
from netopt.report.charts import money
from netopt.schema import Instance
from netopt.study.diff import (
    OUTSOURCED_COLUMNS,
    PURCHASE_COLUMNS,
    SPEND_COLUMNS,
    TRAVEL_COLUMNS,
    diff_plans,
    match_purchases,
    purchase_sentences,
    year_ranges,
)
from tests.verify.networks import with_cdc
from tests.verify.workforce_networks import rich

EXACT = netopt.SolveOptions(mip_gap=0.0)


def variant(
    instance: Instance, budgets: float = 1.0, committed_year: int | None = None
) -> Instance:
    """``instance`` with every budget times ``budgets`` and its committed purchase moved."""
    data = instance.model_dump()
    for row in [*data["trusts"], *data["budgets"]]:
        row["capital_budget"] *= budgets
    if committed_year is not None:
        data["committed_purchases"][0]["year"] = committed_year
    return Instance.model_validate(data)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """base: the CDC network (buys ct-std at SA and SB in 2026, ct-std and ct-cardiac at the CDC
    in 2025); budgets-10: every budget 10% lower, so the CDC's ct-std is not bought; later: the
    committed purchase at SB a year later, so SA's and SB's ct-std (bought together for the
    volume discount) both move to 2027; budgets-40: proven infeasible."""
    root = tmp_path_factory.mktemp("diff")
    base = with_cdc(realism=False)
    instances = {
        "base": base,
        "budgets-10": variant(base, budgets=0.9),
        "later": variant(base, committed_year=2027),
        "budgets-40": variant(base, budgets=0.6),
    }
    return {
        name: netopt.write_plan(netopt.solve_capital(i, EXACT), i, root / name, report=False)
        for name, i in instances.items()
    }


def summary(folder: Path) -> dict[str, Any]:
    return dict(json.loads((folder / "summary.json").read_text(encoding="utf-8")))


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype={"trust": str, "site": str, "origin": str})


def purchases(folder: Path) -> list[tuple[str, str, int, int]]:
    p = table(folder, "purchases")
    return sorted(
        (str(r.site), str(r.model), int(r.year), int(r.units)) for r in p.itertuples(index=False)
    )


def test_the_plans_are_those_the_tests_expect(plans: dict[str, Path]) -> None:
    assert purchases(plans["base"]) == [
        ("CDC", "ct-cardiac", 2025, 1),
        ("CDC", "ct-std", 2025, 1),
        ("SA", "ct-std", 2026, 1),
        ("SB", "ct-std", 2026, 1),
    ]
    assert purchases(plans["budgets-10"]) == [
        ("CDC", "ct-cardiac", 2025, 1),
        ("SA", "ct-std", 2026, 1),
        ("SB", "ct-std", 2026, 1),
    ]
    assert purchases(plans["later"]) == [
        ("CDC", "ct-cardiac", 2025, 1),
        ("CDC", "ct-std", 2025, 1),
        ("SA", "ct-std", 2027, 1),
        ("SB", "ct-std", 2027, 1),
    ]
    assert summary(plans["budgets-40"])["status"] == "infeasible"


def test_the_first_sentence_is_the_change_in_net_present_cost(plans: dict[str, Path]) -> None:
    diff = diff_plans(plans["base"], plans["budgets-10"], "base", "budgets-10")
    a = summary(plans["base"])["objective"]
    b = summary(plans["budgets-10"])["objective"]
    assert b > a
    pct = 100 * (b - a) / a
    assert diff.sentences[0] == (
        f"Net present cost: {money(a)} in base, {money(b)} in budgets-10 "
        f"(+{money(b - a)}, +{pct:.1f}%)."
    )
    back = diff_plans(plans["budgets-10"], plans["base"], "budgets-10", "base")
    assert back.sentences[0] == (
        f"Net present cost: {money(b)} in budgets-10, {money(a)} in base "
        f"({money(a - b)}, {-100 * (b - a) / b:.1f}%)."
    )


def test_a_purchase_left_out_is_removed(plans: dict[str, Path]) -> None:
    diff = diff_plans(plans["base"], plans["budgets-10"], "base", "budgets-10")
    assert list(diff.purchases.columns) == list(PURCHASE_COLUMNS)
    rows = diff.purchases.astype(object).where(diff.purchases.notna(), None)
    assert rows.to_dict("records") == [
        {
            "site_a": "CDC",
            "site_b": None,
            "model": "ct-std",
            "modality": "CT",
            "year_a": 2025,
            "year_b": None,
            "units_a": 1,
            "units_b": 0,
            "change": "removed",
        }
    ]
    assert "budgets-10 buys 1 fewer scanner (3 against 4): 1 fewer CT." in diff.sentences
    assert "1 CT purchase is removed in budgets-10: ct-std at CDC in 2025." in diff.sentences
    # the CDC's room is built a year later, when the ct-cardiac bought in 2025 enters service
    assert "Rooms in budgets-10: CT room at CDC moved from 2025 to 2026." in diff.sentences


def test_purchases_bought_a_year_later_move_in_time(plans: dict[str, Path]) -> None:
    diff = diff_plans(plans["base"], plans["later"], "base", "later")
    moved = diff.purchases[["site_a", "site_b", "year_a", "year_b", "change"]]
    assert moved.values.tolist() == [
        ["SA", "SA", 2026, 2027, "moved in time"],
        ["SB", "SB", 2026, 2027, "moved in time"],
    ]
    assert (
        "2 CT purchases move later in later: ct-std at SA from 2026 to 2027; "
        "ct-std at SB from 2026 to 2027."
    ) in diff.sentences
    assert not any("buys" in s for s in diff.sentences)  # as many scanners


def test_spend_outsourcing_and_travel_tables_hold_both_plans(plans: dict[str, Path]) -> None:
    a, b = plans["base"], plans["budgets-10"]
    diff = diff_plans(a, b, "base", "budgets-10")
    assert list(diff.spend.columns) == list(SPEND_COLUMNS)
    assert list(diff.outsourced.columns) == list(OUTSOURCED_COLUMNS)
    assert list(diff.travel.columns) == list(TRAVEL_COLUMNS)
    spend_a = table(a, "spend").set_index(["trust", "year"])["spend"]
    spend_b = table(b, "spend").set_index(["trust", "year"])["spend"]
    spend = diff.spend.set_index(["trust", "year"])
    assert spend["spend_a"].to_dict() == spend_a.to_dict()
    assert spend["spend_b"].to_dict() == spend_b.to_dict()
    assert (spend["difference"] == spend["spend_b"] - spend["spend_a"]).all()
    out_a, out_b = table(a, "outsourced")["exams"].sum(), table(b, "outsourced")["exams"].sum()
    assert diff.outsourced["exams_a"].sum() == pytest.approx(out_a)
    assert diff.outsourced["exams_b"].sum() == pytest.approx(out_b)
    flows_a, flows_b = table(a, "flows"), table(b, "flows")
    away_a = flows_a.loc[flows_a["origin"] != flows_a["site"], "exams"].sum()
    away_b = flows_b.loc[flows_b["origin"] != flows_b["site"], "exams"].sum()
    assert diff.travel["exams_a"].sum() == pytest.approx(away_a)
    assert diff.travel["exams_b"].sum() == pytest.approx(away_b)
    assert sorted(diff.travel["year"]) == [2025, 2026, 2027, 2028]
    # the CDC's scanner not bought: more outsourced, fewer patients travel to the CDC
    rise = out_b - out_a
    assert rise > 0
    npc = summary(b)["costs"]["outsourcing"] - summary(a)["costs"]["outsourcing"]
    assert (
        f"Outsourcing rises by {rise:,.0f} exams ({out_b:,.0f} in budgets-10 against "
        f"{out_a:,.0f} in base), {money(npc)} more in present value: CT {rise:,.0f} more in "
        "2025."
    ) in diff.sentences
    assert (
        f"Patients travelling to another site: {away_a - away_b:,.0f} exams fewer in "
        f"budgets-10 ({away_b:,.0f} against {away_a:,.0f} in base)."
    ) in diff.sentences
    total = diff.spend["difference"].sum()
    assert total < 0
    assert any(s.startswith(f"Capital spend falls by {money(-total)}") for s in diff.sentences)


def test_a_plan_against_itself_changes_nothing(plans: dict[str, Path]) -> None:
    diff = diff_plans(plans["base"], plans["base"], "base", "base again")
    cost = money(summary(plans["base"])["objective"])
    assert diff.sentences == (
        f"Nothing changed between base and base again: the same net present cost ({cost}), "
        "purchases, rooms, scanner decisions, capital spend, outsourcing and patient travel.",
    )
    assert diff.purchases.empty
    for frame in (diff.spend, diff.outsourced, diff.travel):
        assert not frame.empty
        assert (frame["difference"] == 0).all()


def test_a_plan_that_does_not_exist_is_said_so(plans: dict[str, Path]) -> None:
    diff = diff_plans(plans["base"], plans["budgets-40"], "base", "budgets-40")
    cost = money(summary(plans["base"])["objective"])
    assert diff.sentences == (
        "budgets-40 has no plan (status infeasible), so there is nothing to compare with "
        f"base's plan (net present cost {cost}).",
    )
    assert diff.purchases.empty and list(diff.purchases.columns) == list(PURCHASE_COLUMNS)
    assert diff.spend.empty and diff.outsourced.empty and diff.travel.empty
    both = diff_plans(plans["budgets-40"], plans["budgets-40"], "x", "y")
    assert both.sentences == (
        "Neither x (infeasible) nor y (infeasible) has a plan, so there is nothing to compare.",
    )


def test_a_plan_not_proven_optimal_is_flagged(plans: dict[str, Path], tmp_path: Path) -> None:
    """The plan of ``later`` with its summary saying it was stopped short of proof: with a bound
    below ``base``'s cost nothing is proven; with its own (optimal) bound, that it costs more."""
    folder = tmp_path / "stopped"
    folder.mkdir()
    for file in plans["later"].iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    s = summary(folder)
    base = summary(plans["base"])
    caveat = (
        "stopped's plan is not proven optimal (gap: stopped 25.0%), so some of these "
        "differences may be the solver's rather than the scenario's; a longer time limit "
        "narrows the gap."
    )
    weak = s | {"status": "feasible", "gap": 0.25, "bound": 0.75 * s["objective"]}
    (folder / "summary.json").write_text(json.dumps(weak), encoding="utf-8")
    diff = diff_plans(plans["base"], folder, "base", "stopped")
    assert diff.sentences[1] == caveat
    strong = s | {"status": "feasible", "gap": 0.25}
    (folder / "summary.json").write_text(json.dumps(strong), encoding="utf-8")
    diff = diff_plans(plans["base"], folder, "base", "stopped")
    proven = s["bound"] - base["objective"]
    assert proven > 0
    assert diff.sentences[1] == (
        f"{caveat} Even so, stopped costs at least {money(proven)} more: no stopped plan costs "
        f"less than {money(s['bound'])} (its bound), and base's plan costs "
        f"{money(base['objective'])}."
    )


def test_plans_of_different_models_are_refused(plans: dict[str, Path], tmp_path: Path) -> None:
    instance = Instance.model_validate(rich())
    roster = netopt.solve_workforce(instance, EXACT)
    folder = netopt.write_plan(roster, instance, tmp_path / "roster", report=False)
    with pytest.raises(ValueError, match="cannot compare a capital plan"):
        diff_plans(plans["base"], folder, "base", "roster")
    same = diff_plans(folder, folder, "a", "b")
    assert same.sentences == (f"Annual cost: {money(roster.objective)} in both a and b.",)


# --- purchase matching on hand-made tables ----------------------------------------------------


def bought(*rows: tuple[str, str, int, int]) -> pd.DataFrame:
    """A purchases table: (site, model, year, units); the model's modality is its prefix."""
    return pd.DataFrame(
        [
            {"site": s, "model": m, "modality": m.split("-")[0].upper(), "year": y, "units": n}
            for s, m, y, n in rows
        ],
        columns=["site", "model", "modality", "year", "units"],
    )


def changes(a: pd.DataFrame, b: pd.DataFrame) -> list[tuple[Any, ...]]:
    frame = match_purchases(a, b).astype(object)
    frame = frame.where(frame.notna(), None)
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_the_same_purchases_change_nothing() -> None:
    a = bought(("S1", "ct-64", 2028, 2), ("S2", "mri-15t", 2030, 1))
    assert changes(a, a) == []
    # split over rows (e.g. by retire year): units are summed by site, model and year
    split = bought(("S1", "ct-64", 2028, 1), ("S2", "mri-15t", 2030, 1), ("S1", "ct-64", 2028, 1))
    assert changes(a, split) == []


def test_each_kind_of_change() -> None:
    a = bought(
        ("S1", "ct-64", 2028, 1),  # moves to 2031
        ("S2", "ct-64", 2029, 1),  # moves to S3
        ("S1", "mri-15t", 2030, 1),  # removed
        ("S4", "ct-64", 2030, 3),  # 2 bought in b
        ("S5", "ct-64", 2032, 1),  # 2 bought in b
    )
    b = bought(
        ("S1", "ct-64", 2031, 1),
        ("S3", "ct-64", 2029, 1),
        ("S4", "ct-64", 2030, 2),
        ("S5", "ct-64", 2032, 2),
        ("S2", "mri-15t", 2027, 1),  # added (no mri-15t at S2 in a, nor in 2027)
    )
    assert changes(a, b) == [
        ("S1", None, "mri-15t", "MRI", 2030, None, 1, 0, "removed"),
        (None, "S2", "mri-15t", "MRI", None, 2027, 0, 1, "added"),
        ("S2", "S3", "ct-64", "CT", 2029, 2029, 1, 1, "moved place"),
        ("S1", "S1", "ct-64", "CT", 2028, 2031, 1, 1, "moved in time"),
        ("S4", "S4", "ct-64", "CT", 2030, 2030, 3, 2, "fewer units"),
        ("S5", "S5", "ct-64", "CT", 2032, 2032, 1, 2, "more units"),
    ]


def test_moves_in_time_match_the_nearest_year_first() -> None:
    a = bought(("S1", "ct-64", 2028, 1), ("S1", "ct-64", 2033, 1))
    b = bought(("S1", "ct-64", 2029, 1), ("S1", "ct-64", 2035, 1))
    assert changes(a, b) == [
        ("S1", "S1", "ct-64", "CT", 2028, 2029, 1, 1, "moved in time"),
        ("S1", "S1", "ct-64", "CT", 2033, 2035, 1, 1, "moved in time"),
    ]
    # a year's surplus moves before "more units" is said: 2 in 2028 become 1 in 2028, 1 in 2030
    assert changes(
        bought(("S1", "ct-64", 2028, 2)), bought(*[("S1", "ct-64", y, 1) for y in (2028, 2030)])
    ) == [("S1", "S1", "ct-64", "CT", 2028, 2030, 1, 1, "moved in time")]


def test_moving_in_time_comes_before_moving_place() -> None:
    a = bought(("S1", "ct-64", 2028, 1))
    b = bought(("S1", "ct-64", 2034, 1), ("S2", "ct-64", 2028, 1))
    assert changes(a, b) == [
        (None, "S2", "ct-64", "CT", None, 2028, 0, 1, "added"),
        ("S1", "S1", "ct-64", "CT", 2028, 2034, 1, 1, "moved in time"),
    ]


def test_units_moved_are_not_counted_again_as_fewer_units() -> None:
    a = bought(("S1", "ct-64", 2028, 3))
    b = bought(("S1", "ct-64", 2028, 1), ("S1", "ct-64", 2030, 1))
    assert changes(a, b) == [
        ("S1", "S1", "ct-64", "CT", 2028, 2030, 1, 1, "moved in time"),
        ("S1", "S1", "ct-64", "CT", 2028, 2028, 2, 1, "fewer units"),
    ]


def test_matching_does_not_depend_on_row_order() -> None:
    a = bought(*[(f"S{i % 3}", "ct-64", 2027 + i, 1) for i in range(8)])
    b = bought(*[(f"S{(i + 1) % 3}", "ct-64", 2028 + i, 1) for i in range(7)])
    shuffled_a = a.sample(frac=1.0, random_state=1)
    shuffled_b = b.sample(frac=1.0, random_state=2)
    assert changes(a, b) == changes(shuffled_a, shuffled_b)
    frame = match_purchases(a, b)
    moved = frame["units_a"].sum() - frame["units_b"].sum()
    assert moved == len(a) - len(b)


def test_with_an_empty_table_everything_is_added_or_removed() -> None:
    a = bought(("S1", "ct-64", 2028, 2))
    empty = pd.DataFrame()
    assert changes(a, empty) == [("S1", None, "ct-64", "CT", 2028, None, 2, 0, "removed")]
    assert changes(empty, a) == [(None, "S1", "ct-64", "CT", None, 2028, 0, 2, "added")]
    assert changes(empty, empty) == []


def test_purchase_sentences_name_each_kind_of_change() -> None:
    a = bought(
        ("S1", "ct-64", 2030, 1),
        ("S2", "ct-64", 2029, 1),
        ("S4", "ct-64", 2030, 3),
        ("S5", "ct-64", 2032, 1),
        *[(f"M{i}", "mri-15t", 2030, 1) for i in range(6)],
    )
    b = bought(
        ("S1", "ct-64", 2028, 1),
        ("S3", "ct-64", 2029, 1),
        ("S4", "ct-64", 2030, 2),
        ("S5", "ct-64", 2032, 2),
        ("S2", "mri-15t", 2027, 2),
    )
    assert purchase_sentences(match_purchases(a, b), "base", "cut") == [
        "6 MRI purchases are removed in cut: mri-15t at M0 in 2030; mri-15t at M1 in 2030; "
        "mri-15t at M2 in 2030; mri-15t at M3 in 2030; and 2 more.",
        "2 MRI purchases are added in cut: 2 x mri-15t at S2 in 2027.",
        "1 CT purchase moves to another site in cut: ct-64 from S2 to S3 in 2029.",
        "1 CT purchase moves earlier in cut: ct-64 at S1 from 2030 to 2028.",
        "cut buys 1 CT scanner fewer where base buys the same model at the same site and year: "
        "ct-64 at S4 in 2030 (2 against 3).",
        "cut buys 1 CT scanner more where base buys the same model at the same site and year: "
        "ct-64 at S5 in 2032 (2 against 1).",
    ]


def test_year_ranges() -> None:
    assert year_ranges([2031, 2028, 2032, 2033, 2034]) == "2028, 2031-2034"
    assert year_ranges([2025]) == "2025"
    assert year_ranges([]) == ""
