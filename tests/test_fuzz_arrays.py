"""Fuzz business time on arrays: any input returns or raises a documented error.

Hypothesis feeds arbitrary JSON-like values, numpy arrays of every kind (ints,
floats, strings, objects, datetimes and timedeltas of any unit including extreme
values and NaT) and Arrow arrays to ``elapsed_many``, ``add_many``, ``is_open_many``
and ``compiled``; only :class:`ServicekitError` and ``TypeError`` may escape.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from servicekit.exceptions import ServicekitError
from servicekit.hours import BusinessCalendar

DOCUMENTED = (ServicekitError, TypeError)
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
CAL = BusinessCalendar.from_dict(
    {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-17:00"], "sat": ["22:00-02:00"]},
        "holidays": ["2026-12-25"],
    }
)
TEAM = CAL | BusinessCalendar("Asia/Tokyo", {"mon-fri": ["09:00-17:00"]})

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, -(2**63)])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([5e-324, 1e308])
    | st.text(max_size=5)
    | st.sampled_from(
        [
            "P99999999999999999999D",
            "PT99999999999999999999H",
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)
UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns"]


@st.composite
def numpy_arrays(draw: st.DrawFn) -> np.ndarray:
    """Arrays of any kind; datetime-like ones with extreme values and NaT."""
    kind = draw(st.sampled_from(["M", "m", "M", "m", "i8", "f8", "U3", "O"]))
    if kind in {"M", "m"}:
        dtype = np.dtype(f"{kind}8[{draw(st.sampled_from(UNITS))}]")
        ints = draw(
            st.lists(
                st.integers(-(2**63), 2**63 - 1)
                | st.integers(-(10**6), 10**6)
                | st.sampled_from([-(2**63), 0, 1]),
                max_size=6,
            )
        )
        return np.array(ints, dtype=np.int64).view(dtype)
    if kind == "O":
        return np.array(
            draw(
                st.lists(
                    st.sampled_from(
                        [None, datetime(2026, 3, 2), datetime(2026, 3, 2, tzinfo=timezone.utc)]  # noqa: DTZ001
                    ),
                    max_size=3,
                )
            ),
            dtype=object,
        )
    return draw(hnp.arrays(np.dtype(kind), st.integers(0, 4)))


@st.composite
def arrow_arrays(draw: st.DrawFn) -> object:
    """Arrow timestamp/duration/int arrays in any unit and zone (or none)."""
    unit = draw(st.sampled_from(["s", "ms", "us", "ns"]))
    typ = draw(
        st.sampled_from(
            [
                pa.timestamp(unit, "UTC"),
                pa.timestamp(unit, "Europe/Berlin"),
                pa.timestamp(unit),
                pa.duration(unit),
                pa.int64(),
            ]
        )
    )
    values = draw(st.lists(st.none() | st.integers(-(2**63) + 1, 2**63 - 1), max_size=5))
    array = pa.array(values, typ)
    return pa.chunked_array([array]) if draw(st.booleans()) else array


ANYTHING = JSON | numpy_arrays() | arrow_arrays()


def documented(call: object, *args: object) -> None:
    """Documented."""
    with contextlib.suppress(*DOCUMENTED):
        call(*args)  # type: ignore[operator]


@SLOW
@given(st.sampled_from([CAL, TEAM]), ANYTHING, ANYTHING)
def test_elapsed_many(cal, starts, ends):
    """Elapsed many."""
    documented(cal.elapsed_many, starts, ends)


@SLOW
@given(st.sampled_from([CAL, TEAM]), ANYTHING, ANYTHING)
def test_add_many(cal, starts, durations):
    """Add many."""
    documented(cal.add_many, starts, durations)


@SLOW
@given(st.sampled_from([CAL, TEAM]), ANYTHING)
def test_is_open_many(cal, instants):
    """Is open many."""
    documented(cal.is_open_many, instants)


@SLOW
@given(JSON, JSON)
def test_compiled(start, end):
    """Compiled."""
    documented(CAL.compiled, start, end)


@SLOW
@given(
    st.lists(st.integers(-(10**4), 10**4), min_size=1, max_size=5),
    st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=5),
)
def test_add_many_hostile_durations(days, micros):
    """Durations from tiny to hundreds of millennia: a result or a documented error."""
    n = min(len(days), len(micros))
    base = np.datetime64("2026-03-02T12:00", "us")
    starts = base + np.array(days[:n], "m8[D]")
    documented(CAL.add_many, starts, np.array(micros[:n], "m8[us]"))
    documented(CAL.add_many, starts, timedelta(days=1))
