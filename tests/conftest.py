"""Fixtures shared by the tests: the textbook and mini instances."""

from __future__ import annotations

from pathlib import Path

import pytest

from netopt.io import load_instance
from netopt.schema import Instance

REPO = Path(__file__).resolve().parents[1]
WINSTON = REPO / "instances" / "textbook" / "winston_car.yaml"
MINI = REPO / "tests" / "io" / "data" / "mini_network.yaml"


@pytest.fixture(scope="session")
def winston() -> Instance:
    """The textbook car replacement instance."""
    return load_instance(WINSTON)


@pytest.fixture(scope="session")
def mini() -> Instance:
    """A small two-trust CT network using every table but the travel graph and matrix."""
    return load_instance(MINI)


@pytest.fixture
def winston_text() -> str:
    return WINSTON.read_text(encoding="utf-8")
