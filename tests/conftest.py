"""Shared test configuration: Hypothesis profiles and test data paths."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

DATA = Path(__file__).parent / "data"

# Hypothesis loads its own "ci" profile when the CI variable is set. Locally the
# default profile runs; `--hypothesis-profile=fast` gives a quick smoke run.
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
if not os.environ.get("CI"):
    settings.register_profile("dev", deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
