"""Hypothesis profiles for the property tests.

``ci`` (loaded when the environment variable ``CI`` is set): derandomised, few examples, so the
suite is repeatable and fits in CI's time. ``dev`` (otherwise): random, more examples. Either
can be forced with ``HYPOTHESIS_PROFILE=ci|dev``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=20,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "dev",
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
