"""The workforce model's data, builder by builder: each index set from a small instance."""

from __future__ import annotations

import pytest

from netopt.models.workforce.data import REPORT, Activity, ActivityKind


def test_activities_read_and_order_as_the_roster_and_pyomo_show_them() -> None:
    """Reporting comes before scanning, and scanning by modality: the order of the text
    ``report`` < ``scan:CT`` < ``scan:MR`` (the roster's rows of one session follow it)."""
    ct, mr = Activity.scan("CT"), Activity.scan("MR")
    assert sorted([mr, ct, REPORT]) == [REPORT, ct, mr]
    assert [str(a) for a in (REPORT, ct)] == ["report", "scan:CT"]
    assert (ct.kind, ct.modality, REPORT.kind, REPORT.modality) == (
        ActivityKind.SCAN,
        "CT",
        ActivityKind.REPORT,
        None,
    )
    assert ct == Activity(ActivityKind.SCAN, "CT") and hash(ct) == hash(Activity.scan("CT"))


def test_an_activity_has_a_modality_exactly_when_it_scans() -> None:
    with pytest.raises(ValueError, match="scan takes a modality"):
        Activity(ActivityKind.SCAN)
    with pytest.raises(ValueError, match="report takes no modality"):
        Activity(ActivityKind.REPORT, "CT")
