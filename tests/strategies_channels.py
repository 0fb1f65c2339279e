"""Hypothesis strategies for servicekit.channels values."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from servicekit.channels import Demand, Email, Forum, LiveChat, Phone, SelfHelp, Tickets

__all__ = ["channel_models", "demands", "profiles"]

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


_durations = st.one_of(
    st.floats(min_value=1.0, max_value=7_200.0),
    st.integers(min_value=1, max_value=600).map(lambda m: timedelta(minutes=m)),
)
_fractions = st.floats(min_value=0.05, max_value=1.0)

channel_models = st.one_of(
    st.builds(
        Phone,
        handle_time=_durations,
        service_level=st.floats(min_value=0.05, max_value=0.99),
        patience=st.one_of(st.none(), _durations),
        resolution=_fractions,
    ),
    st.builds(
        LiveChat,
        handle_time=_durations,
        concurrency=st.floats(min_value=1.0, max_value=4.0),
        slowdown=st.floats(min_value=0.0, max_value=1.0),
    ),
    st.builds(Email, reply_within=_durations, business_time=st.booleans()),
    st.builds(Tickets, seat_cost=st.floats(min_value=0, max_value=200)),
    st.builds(Forum, community_share=st.floats(min_value=0.0, max_value=0.95)),
    st.builds(SelfHelp, findability=_fractions, success=_fractions, lifetime=_durations),
)
