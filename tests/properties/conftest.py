"""Hypothesis profiles for the property tests.

``ci`` (the default): derandomised, few examples, so every run is repeatable and fits in CI's
time. ``dev`` (``HYPOTHESIS_PROFILE=dev``): random, more examples, for a developer who wants
Hypothesis to search further.
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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")
