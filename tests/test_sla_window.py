"""Tests for servicekit.sla reply windows."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit._time import zone
from servicekit.exceptions import ConfigError, InfeasibleError, NaiveDatetimeError
from servicekit.hours import BusinessCalendar
from servicekit.sla import ReplyWindow, reply_window
from strategies import aware_datetimes, durations

BERLIN = zone("Europe/Berlin")
UTC = timezone.utc


def _real(a: datetime, b: datetime) -> timedelta:
    """Real elapsed time (same-zone subtraction in Python is wall-clock time)."""
    return b.astimezone(UTC) - a.astimezone(UTC)


class _RecordingCalendar:
    """A calendar that shifts every add() by a fixed offset and records its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[datetime, timedelta]] = []

    def add(self, start, duration):
        self.calls.append((start, duration))
        return start + duration + timedelta(days=1)


class TestTwentyFourSeven:
    """Without a calendar the window is real elapsed time."""

    def test_default_promise_is_24_hours(self):
        """The default promise is 24 hours and no cool-down."""
        t = datetime(2026, 11, 20, 9, tzinfo=UTC)
        w = reply_window(t)
        assert t == w.earliest
        assert datetime(2026, 11, 21, 9, tzinfo=UTC) == w.latest
        assert timedelta(hours=24) == w.within
        assert timedelta(0) == w.cooldown
        assert t == w.received_at

    def test_cooldown(self):
        """The cool-down moves the earliest reply; the promise stays."""
        t = datetime(2026, 11, 20, 9, tzinfo=UTC)
        w = reply_window(t, within=timedelta(hours=8), cooldown=timedelta(hours=1))
        assert datetime(2026, 11, 20, 10, tzinfo=UTC) == w.earliest
        assert datetime(2026, 11, 20, 17, tzinfo=UTC) == w.latest
        assert timedelta(hours=7) == w.span

    def test_dst_spring_forward_is_real_time(self):
        """Across the spring-forward night 24 hours end at 13:00 local, not 12:00."""
        t = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
        w = reply_window(t)
        assert datetime(2026, 3, 29, 13, tzinfo=BERLIN) == w.latest
        assert timedelta(hours=24) == _real(t, w.latest)
        assert BERLIN is w.latest.tzinfo

    def test_dst_fall_back_is_real_time(self):
        """Across the fall-back night 24 hours end at 11:00 local."""
        t = datetime(2026, 10, 24, 12, tzinfo=BERLIN)
        w = reply_window(t)
        assert datetime(2026, 10, 25, 11, tzinfo=BERLIN) == w.latest
        assert timedelta(hours=24) == _real(t, w.latest)

    def test_contains(self):
        """A reply is in the window from earliest to latest, both included."""
        t = datetime(2026, 11, 20, 9, tzinfo=UTC)
        w = reply_window(t, within=timedelta(hours=2), cooldown=timedelta(hours=1))
        assert not w.contains(t)
        assert w.contains(w.earliest)
        assert w.contains(w.latest)
        assert not w.contains(w.latest + timedelta(seconds=1))

    @settings(max_examples=50)
    @given(aware_datetimes(), durations(3), durations(3))
    def test_property_window_inside_promise(self, t, a, b):
        """Whenever the cool-down is shorter than the promise the window is non-empty."""
        cooldown, within = sorted((a, b))
        if cooldown == within:
            with pytest.raises(InfeasibleError):
                reply_window(t, within=within, cooldown=cooldown)
            return
        w = reply_window(t, within=within, cooldown=cooldown)
        assert _real(w.earliest, w.latest) > timedelta(0)
        assert cooldown == _real(t, w.earliest)
        assert within == _real(t, w.latest)


class TestCalendar:
    """With a calendar both ends are business time from the arrival."""

    def test_delegates_to_calendar_add(self):
        """The window runs from add(received, cooldown) to add(received, within)."""
        cal = _RecordingCalendar()
        t = datetime(2026, 11, 20, 9, tzinfo=UTC)
        w = reply_window(t, within=timedelta(hours=4), cooldown=timedelta(hours=1), calendar=cal)
        assert [(t, timedelta(hours=1)), (t, timedelta(hours=4))] == cal.calls
        assert datetime(2026, 11, 21, 10, tzinfo=UTC) == w.earliest
        assert datetime(2026, 11, 21, 13, tzinfo=UTC) == w.latest


class TestBusinessCalendar:
    """With the real BusinessCalendar the window is business time."""

    OFFICE = BusinessCalendar.from_dict(
        {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
    )

    def test_friday_afternoon(self):
        """Friday 16:30, 4 business hours, a 1-hour cool-down: Monday 09:30 to 12:30."""
        w = reply_window(
            datetime(2026, 11, 20, 16, 30, tzinfo=BERLIN),
            within=timedelta(hours=4),
            cooldown=timedelta(hours=1),
            calendar=self.OFFICE,
        )
        assert datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN) == w.earliest
        assert datetime(2026, 11, 23, 12, 30, tzinfo=BERLIN) == w.latest

    def test_no_cooldown_is_the_next_open_instant(self):
        """Without a cool-down a message on Saturday can be answered from Monday 09:00."""
        w = reply_window(datetime(2026, 11, 21, 10, tzinfo=BERLIN), calendar=self.OFFICE)
        assert datetime(2026, 11, 23, 9, tzinfo=BERLIN) == w.earliest
        assert datetime(2026, 11, 25, 17, tzinfo=BERLIN) == w.latest  # 3 days of 8 h

    def test_dst_weekend(self):
        """A message before the spring-forward weekend: business hours are unaffected."""
        w = reply_window(
            datetime(2026, 3, 27, 15, tzinfo=BERLIN),
            within=timedelta(hours=4),
            calendar=self.OFFICE,
        )
        assert datetime(2026, 3, 30, 11, tzinfo=BERLIN) == w.latest
        assert timedelta(hours=67) == _real(w.received_at, w.latest)  # one hour skipped


class TestErrors:
    """Bad input raises an error naming the field."""

    def test_naive(self):
        """A naive arrival is refused."""
        with pytest.raises(NaiveDatetimeError) as info:
            reply_window(datetime(2026, 11, 20, 9))  # noqa: DTZ001
        assert "received_at" == info.value.field

    @pytest.mark.parametrize("field", ["within", "cooldown"])
    def test_negative(self, field):
        """A negative duration is a ConfigError whose path names the field."""
        with pytest.raises(ConfigError) as info:
            reply_window(datetime(2026, 11, 20, 9, tzinfo=UTC), **{field: timedelta(hours=-1)})
        assert field == info.value.path
        assert "'-PT1H'" in str(info.value)

    @pytest.mark.parametrize("field", ["within", "cooldown"])
    def test_wrong_type(self, field):
        """A number instead of a timedelta is a TypeError naming the field."""
        with pytest.raises(TypeError, match=field):
            reply_window(datetime(2026, 11, 20, 9, tzinfo=UTC), **{field: 3600})

    @pytest.mark.parametrize(("cooldown", "within"), [(4, 4), (5, 4), (0, 0)])
    def test_infeasible(self, cooldown, within):
        """A cool-down as long as the promise, or longer, leaves no window."""
        with pytest.raises(InfeasibleError, match="cool-down"):
            reply_window(
                datetime(2026, 11, 20, 9, tzinfo=UTC),
                within=timedelta(hours=within),
                cooldown=timedelta(hours=cooldown),
            )

    def test_contains_naive(self):
        """contains() refuses a naive instant."""
        w = reply_window(datetime(2026, 11, 20, 9, tzinfo=UTC))
        with pytest.raises(NaiveDatetimeError):
            w.contains(datetime(2026, 11, 20, 10))  # noqa: DTZ001


class TestContract:
    """ReplyWindow is a frozen value."""

    def _window(self) -> ReplyWindow:
        return reply_window(datetime(2026, 11, 20, 9, tzinfo=BERLIN), cooldown=timedelta(hours=1))

    def test_eq_hash_repr(self):
        """Equal windows are equal, hash alike and show their fields."""
        a, b = self._window(), self._window()
        assert a == b
        assert hash(a) == hash(b)
        assert "earliest=" in repr(a)

    def test_frozen(self):
        """Fields cannot be reassigned."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            self._window().latest = datetime(2026, 1, 1, tzinfo=UTC)  # type: ignore[misc]

    @given(st.sampled_from([pickle, copy]))
    def test_pickle_copy(self, mod):
        """Pickle and deepcopy give an equal value."""
        w = self._window()
        clone = pickle.loads(pickle.dumps(w))  # noqa: S301 - our own data if mod is pickle else copy.deepcopy(w)
        assert w == clone


class TestClockHelpers:
    """The private 24/7 helpers measure real time."""

    def test_elapsed_none_is_real_time(self):
        """Elapsed with no calendar is real time, even across a DST change."""
        from servicekit.sla._clock import elapsed  # noqa: PLC0415

        a = datetime(2026, 3, 29, 1, tzinfo=BERLIN)
        b = datetime(2026, 3, 29, 4, tzinfo=BERLIN)
        assert timedelta(hours=2) == elapsed(None, a, b)

    def test_elapsed_calendar_delegates(self):
        """Elapsed with a calendar asks the calendar."""
        from servicekit.sla._clock import elapsed  # noqa: PLC0415

        class Cal:
            def elapsed(self, a, b):
                return timedelta(minutes=7)

        a = datetime(2026, 3, 29, 1, tzinfo=BERLIN)
        assert timedelta(minutes=7) == elapsed(Cal(), a, a)  # type: ignore[arg-type]
