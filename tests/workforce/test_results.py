"""The workforce plan's result tables, each from a hand-made solution (no solver)."""

from __future__ import annotations

from netopt.models.workforce.data import HOME, REPORT, Activity, build_workforce_data
from netopt.models.workforce.plan import TABLES
from netopt.models.workforce.results import (
    RESULT_TABLES,
    Solution,
    backlog_table,
    link_flows_table,
    site_utilisation_table,
    volumes_table,
)
from netopt.schema import Instance
from tests.verify.workforce_networks import rich

DATA = build_workforce_data(Instance.model_validate(rich()))


def solution(**values: dict) -> Solution:
    """A solution with nothing in it but ``values``."""
    empty: dict = {}
    fields = dict.fromkeys(Solution.__dataclass_fields__, empty)
    return Solution(**{**fields, **values})


def test_every_table_of_the_plan_has_its_builder_in_order() -> None:
    # ``sites`` comes from the instance, not the solution (``netopt.models.common.site_table``)
    assert (*RESULT_TABLES, "sites") == TABLES


def test_late_and_outsourced_exams_in_the_backlog_and_volumes() -> None:
    late = {("A", "ct", "mon"): 2.0, ("B", "ct", "tue"): 0.5}
    reports = {("c", "A", "mon", "ct"): 4.0, ("d", HOME, "mon", "ct"): 1.5}
    sol = solution(late=late, outsourced={("A", "ct", "mon"): 3.0}, reports=reports)
    backlog = backlog_table(sol, DATA)
    assert list(backlog.itertuples(index=False, name=None)) == [
        ("A", "ct", "mon", 2.0),
        ("B", "ct", "tue", 0.5),
    ]
    (row,) = volumes_table(sol, DATA).to_dict("records")
    assert row == {
        "exam_type": "ct",
        "acquired": 25.0,
        "unscanned": 0.0,
        "reported_at_sites": 4.0,
        "reported_at_home": 1.5,
        "outsourced": 3.0,
        "late": 2.5,
    }


def test_link_flows_add_up_the_destinations_of_an_arc() -> None:
    transfer = {
        ("A", "B", "B", "mon"): 1.0,
        ("A", "B", "C", "mon"): 0.5,
        ("B", "C", "C", "mon"): 0.5,
    }
    table = link_flows_table(solution(transfer=transfer), DATA)
    assert list(table.itertuples(index=False, name=None))[:1] == [("A", "B", "mon", 1.5, 2.0)]
    assert table["capacity"].isna().tolist() == [False, True]


def test_site_utilisation_counts_scanning_and_reporting_apart() -> None:
    counts = {
        ("ra", "A", "mon", "am", Activity.scan("CT")): 2,
        ("c", "A", "mon", "pm", REPORT): 1,
        ("d", HOME, "mon", "am", REPORT): 1,
    }
    table = site_utilisation_table(solution(counts=counts), DATA).set_index("place")
    assert table.loc["A", "scanning_staff_sessions"] == 2
    assert table.loc["A", "reporting_sessions"] == 1
    assert table.loc[HOME, "reporting_sessions"] == 1
    assert table.loc["A", "scanning_staff_sessions_needed"] == 4  # 2 sessions x 2 staff
