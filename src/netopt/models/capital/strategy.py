"""How HiGHS is run on the capital model: the strategies a user can choose."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

import pyomo.environ as pyo

from netopt.models.capital.data import CapitalData
from netopt.models.capital.neighbourhoods import capital_neighbourhoods
from netopt.solve.highs import SolveOptions
from netopt.solve.lns import FixAndOptimize
from netopt.solve.progress import ProgressTracker

LNS_MIP_SHARE = 0.7
"""Share of the time the lns strategy gives first to HiGHS's branch and bound on the whole
model (its incumbent and dual bound), before the fix-and-optimize search polishes its plan.
Measured on the tutorial and England N04, N08, N10 at 60 s (``docs/benchmarks.md``): 0 (LNS
from the baseline start) was worse than a plain MIP on three of four; 0.4-0.5 won big on N04
and lost on the tutorial and N10; 0.7 was never much worse and twice better."""
LNS_MIP_MIN_SECONDS = 45.0
"""Time limits shorter than this skip the branch-and-bound stage (LNS from the start only): on
most networks HiGHS's root node alone takes that long. Measured on the tutorial and the 20
England networks, one seed: at 30 s LNS alone gave 9.8% cheaper plans in sum (14 of 21
networks), at 10 s 10%; at 60 s the 70% stage was better on all four tuning networks. The
threshold lies between the measurements (``docs/benchmarks.md``)."""
LNS_ITERATIONS_PER_SECOND = 20_000.0
"""The fix-and-optimize search's budget of simplex iterations per second of the time limit: a
fixed rate, so the same instance, limit and seed give the same plan on a busy machine as on an
idle one (the wall clock is only the safety net)."""


class CapitalStrategy(StrEnum):
    """How the capital model is solved."""

    MIP = "mip"
    """One HiGHS branch-and-bound run on the whole model (from the start plan, if any)."""
    LNS = "lns"
    """HiGHS's branch and bound on the whole model for most of the time (with limits of 45 s
    or more), then fix-and-optimize from its plan: sub-MIPs over neighbourhoods (a site and
    its nearest site; a modality over two years); the bound is the better of the LP
    relaxation's and the branch and bound's (``netopt.solve.lns``)."""


def capital_run(
    strategy: CapitalStrategy,
    model: pyo.ConcreteModel,
    data: CapitalData,
    options: SolveOptions,
    seconds: float,
    progress: ProgressTracker | None = None,
    also_free: tuple[Any, ...] = (),
) -> FixAndOptimize | None:
    """The run strategy for ``strategy`` on the built ``model`` with ``seconds`` to run (None:
    one plain HiGHS run); ``progress`` hears of its plans and bounds. ``also_free``: integer
    variables no neighbourhood fixes, besides the volume-discount tiers (e.g. the joint
    plan's trainees)."""
    if strategy is CapitalStrategy.MIP:
        return None
    limit = options.time_limit if options.time_limit is not None else seconds
    neighbourhoods = capital_neighbourhoods(model, data)
    return FixAndOptimize(
        neighbourhoods.groups,
        (*neighbourhoods.always_free, *also_free),
        seed=options.seed,
        iterations=LNS_ITERATIONS_PER_SECOND * limit if math.isfinite(limit) else math.inf,
        time_limit=seconds if math.isfinite(seconds) else None,
        mip_gap=options.mip_gap,
        mip_share=LNS_MIP_SHARE if limit >= LNS_MIP_MIN_SECONDS else 0.0,
        progress=progress,
    )
