"""The helpers the cross-table checks share (``netopt.schema.rules``) and the checks' shape."""

from __future__ import annotations

from operator import attrgetter

from netopt.schema import InputProblem, Instance, InstanceTables
from netopt.schema.checks import CHECKS, check_instance
from netopt.schema.rules import Known, duplicates
from netopt.schema.workforce_checks import WORKFORCE_CHECKS


def test_known_names_the_unknown_id_and_a_few_known_ones() -> None:
    sites = Known("site", [f"s{i:02d}" for i in range(20)])
    assert "s03" in sites and "west" not in sites
    message = sites.message("west")
    assert message.startswith("unknown site 'west' (known: s00, s01,") and message.endswith(
        ", ...)"
    )
    problems: list[InputProblem] = []
    sites.check(("demand", 4, "site"), "west", problems)
    sites.check(("demand", 5, "site"), "s01", problems)
    sites.check(("demand", 6, "site"), None, problems)
    assert [p.loc for p in problems] == [("demand", 4, "site")]
    assert Known("site", []).message("x").endswith("(known: none)")


def test_duplicates_point_at_the_repeat_and_the_first() -> None:
    class Row:
        def __init__(self, site: str, modality: str) -> None:
            self.site, self.modality = site, modality

    rows = [Row("a", "CT"), Row("b", "CT"), Row("a", "CT"), Row("a", "MRI")]
    [problem] = duplicates("rooms", rows, attrgetter("site", "modality"), "site and modality")
    assert problem.loc == ("rooms", 2)
    assert (
        "duplicate site and modality 'a CT' (first given in record 1 of rooms)" in problem.message
    )


def test_every_check_takes_the_tables_and_a_valid_instance_passes_them_all(
    mini: Instance, winston: Instance
) -> None:
    assert WORKFORCE_CHECKS and set(WORKFORCE_CHECKS) <= set(CHECKS)
    for instance in (mini, winston):
        assert isinstance(instance, InstanceTables)
        assert check_instance(instance) == []
