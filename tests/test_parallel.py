"""Independent solves in spawned worker processes give the same plans as solving one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

import netopt

REPO = Path(__file__).resolve().parents[1]


def test_networks_solved_in_processes_match_serial_solves() -> None:
    car = netopt.load_instance(REPO / "instances/textbook/winston_car.yaml")
    cheaper = car.model_copy(
        update={"catalogue": [car.catalogue[0].model_copy(update={"price": 10000.0})]}
    )
    options = netopt.SolveOptions(mip_gap=0.0)
    parallel = netopt.solve_capital_networks([car, cheaper], options, workers=2)
    serial = [netopt.solve_capital(i, options) for i in (car, cheaper)]
    assert [p.objective for p in parallel] == pytest.approx([p.objective for p in serial])
    assert parallel[0].objective == pytest.approx(31000)
    assert parallel[1].objective < parallel[0].objective
    assert parallel[0].purchases.equals(serial[0].purchases)
