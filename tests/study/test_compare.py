"""The study comparison (one row per scenario) against the result folders it reads: real solves
of the small two-trust network (``tests/verify/networks.py``) and of a workforce network."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import netopt
from netopt.report.charts import money
from netopt.schema import Instance
from netopt.study.compare import (
    CAPITAL_COLUMNS,
    CAPITAL_COMPONENTS,
    TRUST_COLUMN,
    WORKFORCE_COLUMNS,
    WORKFORCE_COMPONENTS,
    best_capital_value,
    comparison_frame,
    comparison_text_rows,
)
from tests.verify.networks import with_cdc
from tests.verify.workforce_networks import rich

EXACT = netopt.SolveOptions(mip_gap=0.0)


def scaled_budgets(instance: Instance, factor: float) -> Instance:
    """``instance`` with every capital budget times ``factor``."""
    data = instance.model_dump()
    for row in [*data["trusts"], *data["budgets"]]:
        row["capital_budget"] *= factor
    return Instance.model_validate(data)


def solved(instance: Instance, folder: Path) -> Path:
    plan = netopt.solve_capital(instance, EXACT)
    return netopt.write_plan(plan, instance, folder, report=False)


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """base (the CDC network), budgets-10 (every budget 10% lower: the plan changes),
    budgets-40 (proven infeasible: no plan)."""
    root = tmp_path_factory.mktemp("study")
    base = with_cdc(realism=False)
    return {
        "base": solved(base, root / "base"),
        "budgets-10": solved(scaled_budgets(base, 0.9), root / "budgets-10"),
        "budgets-40": solved(scaled_budgets(base, 0.6), root / "budgets-40"),
    }


def summary(folder: Path) -> dict[str, Any]:
    return dict(json.loads((folder / "summary.json").read_text(encoding="utf-8")))


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype={"trust": str, "site": str, "origin": str})


def test_the_study_solves_as_the_tests_expect(study: dict[str, Path]) -> None:
    statuses = {name: summary(folder)["status"] for name, folder in study.items()}
    assert statuses == {"base": "optimal", "budgets-10": "optimal", "budgets-40": "infeasible"}
    assert summary(study["base"])["objective"] < summary(study["budgets-10"])["objective"]


def test_one_row_per_scenario_in_order_with_the_documented_columns(
    study: dict[str, Path],
) -> None:
    frame = comparison_frame(study)
    assert list(frame["scenario"]) == ["base", "budgets-10", "budgets-40"]
    documented = [c for c, _, _ in CAPITAL_COLUMNS]
    at = documented.index(TRUST_COLUMN)
    assert list(frame.columns) == [
        *documented[:at],
        "capital_A",
        "capital_B",
        *documented[at + 1 :],
    ]
    assert [c for c, _, _ in CAPITAL_COLUMNS if c.startswith("npc_")] == [
        f"npc_{c}" for c in CAPITAL_COMPONENTS
    ]


@pytest.mark.parametrize("name", ["base", "budgets-10"])
def test_a_row_holds_the_figures_of_its_folder(study: dict[str, Path], name: str) -> None:
    folder = study[name]
    s = summary(folder)
    row = comparison_frame(study).set_index("scenario").loc[name]
    assert row["status"] == "optimal"
    assert row["objective"] == s["objective"]
    assert row["bound"] == s["bound"]
    assert row["gap"] == s["gap"]
    costs = table(folder, "costs").set_index("component")["npv"]
    for component in CAPITAL_COMPONENTS:
        assert row[f"npc_{component}"] == costs[component]
    npc = sum(row[f"npc_{c}"] for c in CAPITAL_COMPONENTS)
    assert npc == pytest.approx(s["objective"], rel=1e-9)
    spend = table(folder, "spend").groupby("trust")["spend"].sum()
    assert row["capital_A"] == spend["A"]
    assert row["capital_B"] == spend["B"]
    assert row["capital_A"] + row["capital_B"] == pytest.approx(row["capital_spend"])
    plan = s["plan"]
    assert row["capital_spend"] == pytest.approx(plan["capital_spend"])
    for column in ("units_bought", "scanners_replaced", "scanners_retired", "rooms_built"):
        assert row[column] == plan[column]
    assert row["exams_outsourced"] == pytest.approx(plan["exams_outsourced"])
    flows = table(folder, "flows")
    away = flows.loc[flows["origin"] != flows["site"], "exams"].sum()
    assert away > 0  # patients travel to the CDC
    assert row["patient_travel_exams"] == pytest.approx(away)
    values = table(folder, "spend")
    best = values["value_per_gbp"].max()
    assert row["value_per_gbp_best"] == best
    top = values[values["value_per_gbp"] == best].iloc[0]
    assert row["value_per_gbp_where"] == (f"{top.trust} {top.year}" if best > 0 else "-")


def test_the_best_value_of_capital_names_its_trust_and_year() -> None:
    spend = pd.DataFrame(
        {"trust": ["A", "A", "B"], "year": [2030, 2031, 2030], "value_per_gbp": [0.5, 2.0, 1.0]}
    )
    assert best_capital_value(spend) == {"value_per_gbp_best": 2.0, "value_per_gbp_where": "A 2031"}
    spend["value_per_gbp"] = 0.0
    assert best_capital_value(spend) == {"value_per_gbp_best": 0.0, "value_per_gbp_where": "-"}
    spend["value_per_gbp"] = math.nan
    blank = best_capital_value(spend)
    assert math.isnan(blank["value_per_gbp_best"]) and blank["value_per_gbp_where"] == ""


def test_vs_first_is_the_objective_less_the_first_scenarios(study: dict[str, Path]) -> None:
    frame = comparison_frame(study).set_index("scenario")
    base = summary(study["base"])["objective"]
    cut = summary(study["budgets-10"])["objective"]
    assert frame.loc["base", "vs_first"] == 0
    assert frame.loc["budgets-10", "vs_first"] == pytest.approx(cut - base)
    assert frame.loc["budgets-10", "vs_first_pct"] == pytest.approx(100 * (cut - base) / base)
    assert frame.loc["budgets-10", "vs_first"] > 0


def test_a_scenario_with_no_plan_has_its_status_and_empty_figures(
    study: dict[str, Path],
) -> None:
    row = comparison_frame(study).set_index("scenario").loc["budgets-40"]
    assert row["status"] == "infeasible"
    figures = row.drop("status")
    assert figures.isna().all(), figures[figures.notna()]


def test_the_first_scenario_without_a_plan_leaves_vs_first_empty(
    study: dict[str, Path],
) -> None:
    frame = comparison_frame({"none": study["budgets-40"], "base": study["base"]})
    assert frame["vs_first"].isna().all()
    assert frame.loc[1, "objective"] == summary(study["base"])["objective"]


def test_a_hand_written_infeasible_summary(study: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "by-hand"
    folder.mkdir()
    text = json.dumps({"model": "capital", "status": "no_solution", "result_files": []})
    (folder / "summary.json").write_text(text, encoding="utf-8")
    frame = comparison_frame({"base": study["base"], "by-hand": folder})
    row = frame.set_index("scenario").loc["by-hand"]
    assert row["status"] == "no_solution"
    assert row.drop("status").isna().all()


def test_the_terminal_rows_name_money_in_words(study: dict[str, Path]) -> None:
    frame = comparison_frame(study)
    rows = comparison_text_rows(frame)
    assert rows[0] == ("figure", "base", "budgets-10", "budgets-40")
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert len(by_label) == len(frame.columns) - 1
    cost = by_label["net present cost"]
    assert cost[0] == money(frame.loc[0, "objective"])
    assert cost[0].startswith("GBP ") and cost[2] == "-"
    assert by_label["status"] == ("optimal", "optimal", "infeasible")
    assert by_label["against the first"][1].startswith("+GBP ")
    assert by_label["scanners bought"] == (
        str(frame.loc[0, "units_bought"]),
        str(frame.loc[1, "units_bought"]),
        "-",
    )
    assert by_label["  paid by A"][2] == "-"


def test_an_empty_study_has_the_capital_columns() -> None:
    frame = comparison_frame({})
    assert frame.empty
    assert "objective" in frame.columns and "vs_first" in frame.columns


# --- workforce ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workforce_study(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """today (the rich workforce network) and busier (reporting demand 50% up)."""
    root = tmp_path_factory.mktemp("workforce")
    data = rich()
    busier = copy.deepcopy(data)
    for row in busier["reporting_demand"]:
        row["exams_per_week"] *= 1.5
    folders = {}
    for name, d in (("today", data), ("busier", busier)):
        instance = Instance.model_validate(d)
        plan = netopt.solve_workforce(instance, EXACT)
        folders[name] = netopt.write_plan(plan, instance, root / name, report=False)
    return folders


def test_a_workforce_study_has_the_workforce_headline(
    workforce_study: dict[str, Path],
) -> None:
    frame = comparison_frame(workforce_study)
    assert list(frame.columns) == [c for c, _, _ in WORKFORCE_COLUMNS]
    for row in frame.to_dict("records"):
        s = summary(workforce_study[row["scenario"]])
        assert row["status"] == "optimal"
        assert row["objective"] == s["objective"]
        costs = table(workforce_study[row["scenario"]], "costs").set_index("component")
        for component in WORKFORCE_COMPONENTS:
            assert row[f"annual_{component}"] == costs.loc[component, "annual"]
        annual = sum(row[f"annual_{c}"] for c in WORKFORCE_COMPONENTS)
        assert annual == pytest.approx(s["objective"])
        plan = s["plan"]
        assert row["people_rostered"] == plan["people_rostered"]
        assert row["extra_sessions_per_week"] == plan["extra_sessions_per_week"]
        assert row["passports_granted"] == plan["passports_granted"]
        assert row["exams_outsourced_per_week"] == plan["outsourced_per_week"]
        assert row["exams_late_per_week"] == plan["backlog_per_week"]
    busier = frame.set_index("scenario").loc["busier"]
    today = summary(workforce_study["today"])["objective"]
    assert busier["vs_first"] == pytest.approx(busier["objective"] - today)
    assert busier["vs_first"] > 0
    rows = comparison_text_rows(frame)
    assert [r[0] for r in rows][:3] == ["figure", "status", "annual cost"]


def test_a_study_mixing_capital_and_workforce_plans_is_refused(
    study: dict[str, Path], workforce_study: dict[str, Path]
) -> None:
    with pytest.raises(ValueError, match="mix"):
        comparison_frame({"base": study["base"], "today": workforce_study["today"]})


def test_missing_figures_are_nan_not_zero(study: dict[str, Path]) -> None:
    value = comparison_frame(study).set_index("scenario").loc["budgets-40", "capital_spend"]
    assert math.isnan(value)


def test_the_comparison_is_printed_in_blocks_that_fit_and_cut_nothing() -> None:
    from netopt.cli.study import side_by_side

    rows = [
        ("figure", "base", "budgets-20", "a-long-scenario-name"),
        ("net present cost", "GBP 60.5m", "GBP 118.0m", "GBP 1,234.5m"),
        ("gap", "6.9%", "12.5%", "-"),
    ]
    blocks = side_by_side(rows, width=45)
    assert len(blocks) == 2  # the third scenario does not fit beside the first two
    for block in blocks:
        assert all(len(line) <= 45 for line in block.splitlines())
    text = "".join(blocks)
    for row in rows:
        for cell in row:
            assert cell in text
    (single,) = side_by_side(rows, width=10)[:1]  # one scenario per block at least
    assert "GBP 60.5m" in single


def test_only_trusts_are_shown_as_paying(study: dict[str, Path]) -> None:
    """Columns of the value of capital are not mistaken for a trust's capital column."""
    rows = comparison_text_rows(comparison_frame(study))
    paying = [row[0] for row in rows if "paid by" in row[0]]
    assert paying == ["  paid by A", "  paid by B"]
    assert any(row[0].startswith("value of GBP 1 more") for row in rows)
