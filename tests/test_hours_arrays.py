"""Business time on arrays: ``elapsed_many``, ``add_many``, ``is_open_many`` and ``compiled``.

The property tests compare every array method element by element with the scalar
method on random calendars (DST zones, holidays, overrides, closures, overnight
intervals, combinations) and random instants.
"""

from __future__ import annotations

import threading
import warnings
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies_hours import CHANGE_DAYS, calendars

from servicekit import onboarding, replies, sla
from servicekit.exceptions import (
    ConfigError,
    NaiveDatetimeError,
    NoBusinessTimeError,
    OutOfRangeError,
)
from servicekit.hours import BusinessCalendar, CalendarLike, CombinedCalendar, CompiledHours
from servicekit.hours import _arrays as arrays_module

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
US = 10**6
DAY = 86_400 * US
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=40)
BERLIN = BusinessCalendar.from_dict(
    {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-17:00"], "sat": ["22:00-02:00"]},
        "holidays": ["2026-12-25"],
    }
)


def to_dt(u: int) -> datetime:
    """To dt."""
    return EPOCH + timedelta(microseconds=u)


def us(value: datetime) -> int:
    """Us."""
    delta = value - EPOCH
    return (delta.days * 86_400 + delta.seconds) * US + delta.microseconds


def m8(values: list[int]) -> np.ndarray:
    """M8."""
    return np.array(values, dtype=np.int64).view("M8[us]")


def m8d(values: list[int]) -> np.ndarray:
    """M8d."""
    return np.array(values, dtype=np.int64).view("m8[us]")


def scalar_add(cal, u: int, d: int) -> object:
    """Scalar add."""
    try:
        return us(cal.add(to_dt(u), timedelta(microseconds=d)))
    except NoBusinessTimeError:
        return NoBusinessTimeError


# ---------------------------------------------------------------------- properties
def _offsets(max_days: int) -> st.SearchStrategy[int]:
    """Offsets."""
    return st.integers(min_value=-max_days * 1440, max_value=max_days * 1440).map(
        lambda m: m * 60 * US
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[object, list[int], list[int], list[int]]:
    """A calendar (sometimes a combination) and instants, ends and durations near a DST day."""
    day = draw(st.sampled_from(CHANGE_DAYS))
    cal = draw(calendars(day))
    if draw(st.integers(0, 4)) == 0:
        other = draw(calendars(day))
        cal = draw(st.sampled_from([cal | other, cal & other, cal - other]))
    base = us(datetime(day.year, day.month, day.day, tzinfo=timezone.utc))
    n = draw(st.integers(1, 12))
    starts = [base + draw(_offsets(5)) for _ in range(n)]
    kinds = st.sampled_from(["near", "equal", "far"])
    ends, durations = [], []
    for s in starts:
        kind = draw(kinds)
        if kind == "equal":
            ends.append(s)
            durations.append(0)
        elif kind == "near":
            ends.append(s + draw(_offsets(6)))
            durations.append(draw(_offsets(3)))
        else:  # across years: the long-span path of the scalar method
            ends.append(s + draw(st.integers(-3, 3)) * 400 * DAY + draw(_offsets(2)))
            durations.append(draw(_offsets(400)))
    return cal, starts, ends, durations


@SLOW
@given(cases())
def test_elapsed_many_equals_elapsed(case):
    """``elapsed_many`` equals ``elapsed`` element-wise (negative when reversed)."""
    cal, starts, ends, _ = case
    try:
        expected = [cal.elapsed(to_dt(a), to_dt(b)) for a, b in zip(starts, ends, strict=True)]
    except NoBusinessTimeError:  # pragma: no cover - elapsed never needs open time
        return
    got = cal.elapsed_many(m8(starts), m8(ends))
    assert got.dtype == np.dtype("m8[us]")
    assert got.tolist() == expected


@SLOW
@given(cases())
def test_is_open_many_equals_is_open(case):
    """``is_open_many`` equals ``is_open`` element-wise."""
    cal, starts, ends, _ = case
    instants = starts + ends
    got = cal.is_open_many(m8(instants))
    assert got.dtype == np.dtype(bool)
    assert got.tolist() == [cal.is_open(to_dt(u)) for u in instants]


@SLOW
@given(cases())
def test_add_many_equals_add(case):
    """``add_many`` equals ``add`` element-wise, for zero and negative durations too."""
    cal, starts, _, durations = case
    expected = [scalar_add(cal, u, d) for u, d in zip(starts, durations, strict=True)]
    if NoBusinessTimeError in expected:
        with pytest.raises(NoBusinessTimeError):
            cal.add_many(m8(starts), m8d(durations))
        return
    got = cal.add_many(m8(starts), m8d(durations))
    assert got.dtype == np.dtype("M8[us]")
    assert got.view(np.int64).tolist() == expected


@SLOW
@given(cases(), st.data())
def test_arrow_input_equals_numpy(case, data):
    """Arrow timestamp arrays in any zone and unit give the numpy results."""
    cal, starts, ends, durations = case
    tz = data.draw(st.sampled_from(["UTC", "Europe/Berlin", "America/Sao_Paulo"]))
    a = pa.array(starts, pa.timestamp("us", tz))
    b = pa.chunked_array([pa.array(ends, pa.timestamp("us", "UTC"))])
    assert cal.elapsed_many(a, b).tolist() == cal.elapsed_many(m8(starts), m8(ends)).tolist()
    assert cal.is_open_many(a).tolist() == cal.is_open_many(m8(starts)).tolist()
    try:
        expected = cal.add_many(m8(starts), m8d(durations))
    except NoBusinessTimeError:
        return
    got = cal.add_many(a, pa.array(durations, pa.duration("us")))
    assert got.tolist() == expected.tolist()


# ---------------------------------------------------------------------- examples
class TestNaT:
    """NaT (or an Arrow null) in gives NaT (or False) out."""

    def test_numpy(self):
        """Numpy."""
        t = us(datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
        a = np.array([t, -(2**63)], dtype=np.int64).view("M8[us]")
        b = np.array([-(2**63), t + 3600 * US], dtype=np.int64).view("M8[us]")
        assert np.isnat(BERLIN.elapsed_many(a, b)).all()
        got = BERLIN.add_many(a, np.array([1, "NaT"], "m8[h]"))
        assert np.isnat(got).tolist() == [False, True]
        assert BERLIN.is_open_many(a).tolist() == [True, False]

    def test_all_nat_and_empty(self):
        """All nat and empty."""
        nat = np.array(["NaT", "NaT"], "M8[us]")
        assert np.isnat(BERLIN.elapsed_many(nat, nat)).all()
        assert np.isnat(BERLIN.add_many(nat, np.timedelta64(1, "h"))).all()
        assert BERLIN.is_open_many(nat).tolist() == [False, False]
        empty = np.array([], "M8[us]")
        assert BERLIN.elapsed_many(empty, empty).shape == (0,)

    def test_arrow_nulls(self):
        """Arrow nulls."""
        t = us(datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
        a = pa.array([t, None], pa.timestamp("us", "UTC"))
        assert BERLIN.is_open_many(a).tolist() == [True, False]


class TestUnits:
    """Other units convert exactly; a lossy conversion is refused."""

    def test_coarse_units(self):
        """Coarse units."""
        a = np.array(["2026-03-02T08:00"], "M8[m]")  # 09:00 in Berlin
        assert BERLIN.is_open_many(a).tolist() == [True]
        got = BERLIN.add_many(a, np.array([90], "m8[m]"))
        assert got.astype(str).tolist() == ["2026-03-02T09:30:00.000000"]

    def test_nanoseconds(self):
        """Nanoseconds."""
        exact = np.array(["2026-03-02T08:00:00.000001000"], "M8[ns]")
        assert BERLIN.is_open_many(exact).tolist() == [True]
        lossy = np.array(["2026-03-02T08:00:00.000000001", "NaT"], "M8[ns]")
        with pytest.raises(ConfigError) as caught:
            BERLIN.is_open_many(lossy)
        assert caught.value.path == "instants[0]"

    def test_arrow_units(self):
        """Arrow units."""
        seconds = pa.array([1772438400], pa.timestamp("s", "Europe/Berlin"))  # 08:00 UTC
        assert BERLIN.is_open_many(seconds).tolist() == [True]
        nanos = pa.array([1772438400 * 10**9 + 1], pa.timestamp("ns", "UTC"))
        with pytest.raises(ConfigError, match="without loss") as caught:
            BERLIN.is_open_many(nanos)
        assert caught.value.path == "instants"

    def test_arrow_zero_copy(self):
        """Arrow zero copy."""
        a = pa.array([1772438400 * US], pa.timestamp("us", "UTC"))
        assert BERLIN.is_open_many(a).tolist() == [True]

    def test_broadcast_single_duration(self):
        """Broadcast single duration."""
        a = np.array(["2026-03-02T08:00", "2026-03-02T15:00"], "M8[us]")
        got = BERLIN.add_many(a, np.timedelta64(2, "h"))
        assert got.astype(str).tolist() == [
            "2026-03-02T10:00:00.000000",
            "2026-03-03T09:00:00.000000",
        ]


class TestErrors:
    """Wrong inputs are TypeError or ConfigError naming the argument."""

    @pytest.mark.parametrize(
        "value",
        [
            np.array([1, 2]),
            np.array([1.5]),
            np.array(["2026-03-02"]),
            [1, 2],
            np.array(["2026-03-02"], "M8"),  # a unit is given: day
        ][:4],
    )
    def test_not_datetimes(self, value):
        """Not datetimes."""
        with pytest.raises(TypeError, match="instants"):
            BERLIN.is_open_many(value)

    def test_ragged(self):
        """Ragged."""
        with pytest.raises(TypeError, match="instants"):
            BERLIN.is_open_many([[1], [1, 2]])

    def test_generic_unit(self):
        """Generic unit."""
        with warnings.catch_warnings():  # numpy 2.5 deprecates the generic unit itself
            warnings.simplefilter("ignore", DeprecationWarning)
            generic = np.array(["NaT"], "M8")
        with pytest.raises(TypeError, match="no unit"):
            BERLIN.is_open_many(generic)

    def test_naive_datetimes(self):
        """Naive datetimes."""
        with pytest.raises(NaiveDatetimeError):
            BERLIN.is_open_many([datetime(2026, 3, 2)])  # noqa: DTZ001 - the point
        with pytest.raises(TypeError, match="instants"):
            BERLIN.is_open_many([datetime(2026, 3, 2, tzinfo=timezone.utc)])

    def test_arrow_errors(self):
        """Arrow errors."""
        with pytest.raises(NaiveDatetimeError):
            BERLIN.is_open_many(pa.array([0], pa.timestamp("us")))
        with pytest.raises(TypeError, match="timestamps"):
            BERLIN.is_open_many(pa.array([0], pa.int64()))
        with pytest.raises(TypeError, match="durations"):
            BERLIN.add_many(pa.array([0], pa.timestamp("us", "UTC")), pa.array([0], pa.int64()))
        with pytest.raises(TypeError, match="Arrow array"):
            BERLIN.is_open_many(pa.scalar(0, pa.timestamp("us", "UTC")))

    def test_durations_must_be_timedeltas(self):
        """Durations must be timedeltas."""
        a = np.array(["2026-03-02T08:00"], "M8[us]")
        with pytest.raises(TypeError, match="durations"):
            BERLIN.add_many(a, np.array([1]))

    def test_shapes(self):
        """Shapes."""
        a = np.array(["2026-03-02T08:00"] * 2, "M8[us]")
        b = np.array(["2026-03-02T08:00"] * 3, "M8[us]")
        with pytest.raises(ConfigError) as caught:
            BERLIN.elapsed_many(a, b)
        assert caught.value.path == "ends"

    @pytest.mark.parametrize("when", ["0001-06-01", "9998-01-01"])
    def test_outside_supported_years(self, when):
        """Outside supported years."""
        a = np.array(["2026-03-02T08:00", when], "M8[us]")
        with pytest.raises(ConfigError, match="supported years") as caught:
            BERLIN.is_open_many(a)
        assert caught.value.path == "instants[1]"
        with pytest.raises(ConfigError) as caught:
            BERLIN.elapsed_many(a[::-1], a)
        assert caught.value.path == "starts[0]"
        with pytest.raises(ConfigError) as caught:
            BERLIN.elapsed_many(a[:1], a[::-1])
        assert caught.value.path == "ends[0]"

    def test_result_outside_supported_years(self):
        """As the scalar method: OutOfRangeError (a NoBusinessTimeError)."""
        a = np.array(["9997-12-01T00:00", "2026-01-01"], "M8[us]")
        with pytest.raises(OutOfRangeError):
            BERLIN.add_many(a, np.array([365, 1], "m8[D]"))
        with pytest.raises(OutOfRangeError):
            BERLIN.add_many(a, np.array([40, 1], "m8[D]"))
        with pytest.raises(OutOfRangeError):
            BERLIN.add_many(a[::-1], np.array([1, -(10**7)], "m8[D]"))

    def test_no_open_time(self):
        """A calendar without open time raises the scalar method's error."""
        nothing = BERLIN - BERLIN
        a = np.array(["2026-03-02T08:00"], "M8[us]")
        assert nothing.is_open_many(a).tolist() == [False]
        assert nothing.elapsed_many(a, a + np.timedelta64(1, "D")).tolist() == [timedelta(0)]
        with pytest.raises(NoBusinessTimeError):
            nothing.add_many(a, np.array([1], "m8[h]"))

    def test_missing_numpy(self, monkeypatch):
        """Missing numpy."""
        import builtins  # noqa: PLC0415 - only here

        real = builtins.__import__

        def fake(name, *args, **kwargs):
            """Fake."""
            if name == "numpy":
                raise ImportError(name)
            return real(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", fake)
        with pytest.raises(ImportError, match=r"servicekit\[arrays\]"):
            arrays_module._numpy()


class TestLongSpans:
    """Windows of years far apart, and amounts beyond the compiled window."""

    def test_windows_far_apart(self):
        """Windows far apart."""
        years = [2026, 2090, 2300, 5000]
        t = [us(datetime(y, 3, 2, 12, tzinfo=timezone.utc)) for y in years]
        starts = [t[0], t[1], t[2], t[3], t[3]]
        ends = [t[1], t[2], t[0], t[0], t[3] + DAY]
        got = BERLIN.elapsed_many(m8(starts), m8(ends)).tolist()
        assert got == [
            BERLIN.elapsed(to_dt(a), to_dt(b)) for a, b in zip(starts, ends, strict=True)
        ]
        assert BERLIN.is_open_many(m8(t)).tolist() == [BERLIN.is_open(to_dt(u)) for u in t]

    def test_compiled_combination_far_apart(self):
        """A combination counts windows separately; a pair over 100 years is refused."""
        team = BERLIN | BusinessCalendar("Asia/Tokyo", {"mon-fri": ["09:00-17:00"]})
        t = [us(datetime(y, 3, 2, 12, tzinfo=timezone.utc)) for y in (2026, 2030, 2200, 2210)]
        starts, ends = [t[0], t[2]], [t[1], t[3]]
        got = team.elapsed_many(m8(starts), m8(ends)).tolist()
        assert got == [team.elapsed(to_dt(a), to_dt(b)) for a, b in zip(starts, ends, strict=True)]
        with pytest.raises(ConfigError, match="100 years"):
            team.elapsed_many(m8([t[0]]), m8([t[3]]))

    def test_add_far_beyond_window(self):
        """Decades of business time: answered by the scalar method, same result."""
        t = us(datetime(2026, 3, 2, 12, tzinfo=timezone.utc))
        durations = [200 * 365 * DAY, -150 * 365 * DAY, 5 * DAY, 0]
        got = BERLIN.add_many(m8([t] * 4), m8d(durations)).view(np.int64).tolist()
        assert got == [scalar_add(BERLIN, t, d) for d in durations]

    def test_add_in_windows_far_apart(self):
        """Add in windows far apart."""
        starts = [us(datetime(y, 3, 2, 12, tzinfo=timezone.utc)) for y in (2026, 2200, 2026)]
        durations = [DAY, -DAY, 0]
        got = BERLIN.add_many(m8(starts), m8d(durations)).view(np.int64).tolist()
        assert got == [scalar_add(BERLIN, u, d) for u, d in zip(starts, durations, strict=True)]

    def test_long_closure_goes_to_the_scalar_horizon_rule(self):
        """After 10 closed years the scalar method raises; so does add_many."""
        closed = {date(2030, 1, 1) + timedelta(days=n): [] for n in range(12 * 366)}
        cal = BusinessCalendar("UTC", {"mon-fri": ["09:00-17:00"]}, overrides=closed)
        t = us(datetime(2029, 12, 31, 18, tzinfo=timezone.utc))
        with pytest.raises(NoBusinessTimeError):
            cal.add(to_dt(t), timedelta(hours=1))
        with pytest.raises(NoBusinessTimeError):
            cal.add_many(m8([t]), m8d([3600 * US]))
        with pytest.raises(NoBusinessTimeError):
            cal.add_many(m8([t]), m8d([0]))
        # A window wide enough to hold the closure and the open time after it.
        with pytest.raises(NoBusinessTimeError):
            cal.add_many(m8([t, t]), m8d([30_000 * 3600 * US, 0]))
        for u in (
            datetime(2041, 12, 1, tzinfo=timezone.utc),
            datetime(2042, 3, 2, tzinfo=timezone.utc),
        ):
            expected = scalar_add(cal, us(u), -3600 * US)
            try:
                got = cal.add_many(m8([us(u)]), m8d([-3600 * US])).view(np.int64).tolist()[0]
            except NoBusinessTimeError:
                got = NoBusinessTimeError
            assert got == expected


class TestDenseCalendar:
    """Many short intervals: the index falls back to a binary search, same answers."""

    def test_five_minute_slots(self):
        """Twelve slots an hour, every weekday."""
        slots = [f"09:{m:02d}-09:{m + 5:02d}" for m in range(0, 60, 10)]
        slots += [f"10:{m:02d}-10:{m + 5:02d}" for m in range(0, 60, 10)]
        cal = BusinessCalendar("Europe/Berlin", {"mon-fri": slots})
        base = us(datetime(2026, 3, 27, 7, tzinfo=timezone.utc))
        starts = [base + k * 7 * 60 * US for k in range(40)]
        ends = [u + 3 * DAY + 11 * 60 * US for u in starts]
        durations = [(k - 20) * 13 * 60 * US for k in range(40)]
        assert cal.elapsed_many(m8(starts), m8(ends)).tolist() == [
            cal.elapsed(to_dt(a), to_dt(b)) for a, b in zip(starts, ends, strict=True)
        ]
        assert cal.is_open_many(m8(starts)).tolist() == [cal.is_open(to_dt(u)) for u in starts]
        got = cal.add_many(m8(starts), m8d(durations)).view(np.int64).tolist()
        assert got == [scalar_add(cal, u, d) for u, d in zip(starts, durations, strict=True)]


class TestCompiled:
    """The public compiled view."""

    def test_view_is_shared_and_frozen(self):
        """View is shared and frozen."""
        cal = BusinessCalendar("UTC", {"mon-fri": ["09:00-17:00"]})
        lo = us(datetime(2026, 1, 1, tzinfo=timezone.utc))
        view = cal.compiled(lo, lo + DAY)
        assert isinstance(view, CompiledHours)
        assert (view.first_year, view.last_year, view.lo) == (2026, 2026, lo)
        assert isinstance(view.starts, tuple)
        assert len(view.cumulative) == len(view.starts) + 1
        assert view.cumulative[-1] == 261 * 8 * 3600 * US
        assert view.open_before(view.lo) == 0
        assert view.open_before(view.hi) == view.cumulative[-1]
        assert cal.compiled(lo, lo) is view
        with pytest.raises(AttributeError):
            view.starts = ()  # type: ignore[misc]

    def test_errors(self):
        """Errors."""
        cal = BusinessCalendar("UTC", {"mon-fri": ["09:00-17:00"]})
        lo = us(datetime(2026, 1, 1, tzinfo=timezone.utc))
        with pytest.raises(TypeError, match="start_us"):
            cal.compiled(True, lo)
        with pytest.raises(TypeError, match="end_us"):
            cal.compiled(lo, 1.5)  # type: ignore[arg-type]
        with pytest.raises(ConfigError) as caught:
            cal.compiled(lo, 10**18)
        assert caught.value.path == "end_us"
        with pytest.raises(ConfigError) as caught:
            cal.compiled(lo, lo - 1)
        assert caught.value.path == "end_us"
        with pytest.raises(ConfigError, match="100 years"):
            (cal | cal).compiled(lo, lo + 200 * 366 * DAY)

    def test_threads_agree(self):
        """Eight threads compiling and querying at once see consistent views."""
        cal = BusinessCalendar.from_dict(BERLIN.to_dict())
        a = np.array(["2026-03-02T08:00", "2031-07-01T12:00", "2045-01-02T10:00"], "M8[us]")
        expected = BERLIN.is_open_many(a).tolist()
        results: list[object] = []
        barrier = threading.Barrier(8)

        def work() -> None:
            """Work."""
            barrier.wait()
            results.append(cal.is_open_many(a).tolist())

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [expected] * 8


class TestProtocol:
    """One calendar protocol; the old names are aliases."""

    def test_aliases(self):
        """Aliases."""
        assert sla.CalendarLike is CalendarLike
        assert onboarding.TimerCalendar is CalendarLike
        assert replies.Calendar is CalendarLike

    def test_calendars_satisfy_it(self):
        """Calendars satisfy it."""
        assert isinstance(BERLIN, CalendarLike)
        assert isinstance(BERLIN | BERLIN, CalendarLike)
        assert isinstance(BERLIN | BERLIN, CombinedCalendar)
        assert not isinstance(object(), CalendarLike)
