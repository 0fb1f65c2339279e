"""Tests for servicekit.exceptions: hierarchy, messages, attributes, pickling."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime

import pytest

from servicekit.exceptions import (
    ConfigError,
    InfeasibleError,
    NaiveDatetimeError,
    NoBusinessTimeError,
    ServicekitError,
    TransitionError,
    UnknownTimeZoneError,
)

NAIVE = datetime(2026, 3, 29, 2, 30)  # noqa: DTZ001 - the point of the test

EXAMPLES = [
    NaiveDatetimeError(NAIVE, "start"),
    UnknownTimeZoneError("Europe/Berln", "calendars.office.timezone"),
    ConfigError("'25:00' is not a time of day", "hours.mon[1]"),
    NoBusinessTimeError("no open time within 10 years after 2026-01-01T00:00:00+00:00"),
    InfeasibleError("a cool-down of 30:00:00 leaves no time inside the 24:00:00 promise"),
    TransitionError("invest", "registered", ["not verified", "no package chosen"]),
]


class TestHierarchy:
    """Every error is a ServicekitError and the builtin a caller expects."""

    @pytest.mark.parametrize(
        "cls",
        [
            NaiveDatetimeError,
            UnknownTimeZoneError,
            ConfigError,
            NoBusinessTimeError,
            InfeasibleError,
        ],
    )
    def test_value_errors(self, cls):
        """Bad-data errors can be caught as ValueError."""
        assert issubclass(cls, ServicekitError)
        assert issubclass(cls, ValueError)

    def test_transition_error_is_not_value_error(self):
        """A refused event is not bad data: it is only a ServicekitError."""
        assert issubclass(TransitionError, ServicekitError)
        assert not issubclass(TransitionError, ValueError)


class TestMessages:
    """Messages are lowercase, show the bad value and say how to fix it."""

    def test_naive(self):
        """The naive datetime and the field are named, with the fix."""
        err = NaiveDatetimeError(NAIVE, "start")
        assert (
            "start must be timezone-aware, got naive datetime.datetime(2026, 3, 29, 2, 30); "
            "attach a zone, e.g. dt.replace(tzinfo=ZoneInfo('Europe/Berlin'))"
        ) == str(err)
        assert (NAIVE, "start") == (err.value, err.field)

    def test_naive_default_field(self):
        """Without a field name the message says 'datetime'."""
        assert str(NaiveDatetimeError(NAIVE)).startswith("datetime must be timezone-aware")

    def test_unknown_zone(self):
        """The unknown key is shown with repr and an example of a good key."""
        err = UnknownTimeZoneError("Europe/Berln")
        assert (
            "timezone: unknown time zone 'Europe/Berln'; expected an IANA key like 'Europe/Berlin'"
        ) == str(err)
        assert ("Europe/Berln", "timezone") == (err.key, err.field)

    def test_config(self):
        """A config error starts with the path of the bad field."""
        err = ConfigError("'25:00' is not a time of day", "hours.mon[1]")
        assert "hours.mon[1]: '25:00' is not a time of day" == str(err)
        assert ("'25:00' is not a time of day", "hours.mon[1]") == (err.msg, err.path)

    def test_config_without_path(self):
        """A config error about the whole input has no path prefix."""
        assert "empty definition" == str(ConfigError("empty definition", ""))

    def test_transition(self):
        """A refused event lists the unmet requirements."""
        err = TransitionError("invest", "registered", ["not verified", "no package chosen"])
        assert (
            "event 'invest' is not allowed in state 'registered': not verified; no package chosen"
        ) == str(err)
        assert ("not verified", "no package chosen") == err.reasons
        assert ("invest", "registered") == (err.event, err.state)

    def test_transition_without_reasons(self):
        """With no reasons the message is just the refusal."""
        assert "event 'x' is not allowed in state 'done'" == str(TransitionError("x", "done"))

    @pytest.mark.parametrize("err", EXAMPLES, ids=lambda e: type(e).__name__)
    def test_lowercase(self, err):
        """No message starts with a capital letter."""
        assert str(err)[0] == str(err)[0].lower()


class TestPickle:
    """Errors survive pickling and copying with their attributes and message."""

    @pytest.mark.parametrize("err", EXAMPLES, ids=lambda e: type(e).__name__)
    def test_round_trip(self, err):
        """Pickle and deepcopy give an equal message and attributes."""
        for clone in (pickle.loads(pickle.dumps(err)), copy.deepcopy(err)):  # noqa: S301
            assert type(err) is type(clone)
            assert str(err) == str(clone)
            assert err.args == clone.args
            assert vars(err) == vars(clone)
