"""Hypothesis strategies for servicekit.channels values."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from servicekit.channels import Demand

__all__ = ["demands", "profiles"]

profiles = st.one_of(
    st.just(()),
    st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=24, max_size=24).filter(any),
    st.lists(st.integers(min_value=0, max_value=50), min_size=168, max_size=168).filter(any),
)


@st.composite
def demands(draw):
    """Demands without a calendar: contacts, period, staffed hours and a profile."""
    weeks = draw(st.integers(min_value=1, max_value=2))
    hours = draw(st.one_of(st.none(), st.floats(min_value=5.0, max_value=60.0 * weeks)))
    return Demand(
        contacts=draw(st.floats(min_value=1.0, max_value=5_000.0)),
        period=timedelta(weeks=weeks),
        staffed_hours=hours,
        profile=draw(profiles),
    )
