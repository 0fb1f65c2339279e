"""Value contract of the hours calendar types: repr, eq/hash, frozen, pickle, copy."""

from __future__ import annotations

import copy
import pickle
from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

from servicekit.hours import (
    BusinessCalendar,
    CombinedCalendar,
    CountedInterval,
    Explanation,
    HolidayRule,
    SkippedDay,
)

UTC = timezone.utc
BERLIN = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})


def values():
    """One example of each value type, and a different one."""
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    counted = CountedInterval(
        start, start + timedelta(hours=1), date(2026, 3, 2), "hours", "09:00-17:00"
    )
    skipped = SkippedDay(date(2026, 3, 3), "holiday", ("09:00-17:00",), "Day")
    return [
        (BERLIN, BusinessCalendar.always()),
        (BERLIN | BusinessCalendar.always(), BERLIN & BusinessCalendar.always()),
        (HolidayRule(country="DE", subdivision="BY"), HolidayRule(country="DE")),
        (counted, attrs.evolve(counted, rule="override")),
        (skipped, attrs.evolve(skipped, name=None)),
        (
            Explanation(start, start, timedelta(0), (counted,), (skipped,)),
            Explanation(start, start, timedelta(0), ()),
        ),
    ]


@pytest.mark.parametrize(("value", "other"), values(), ids=lambda v: type(v).__name__)
class TestContract:
    """Each value type behaves as a value."""

    def test_eq_and_hash(self, value, other):
        """Equal values hash alike; different ones differ."""
        twin = copy.deepcopy(value)
        assert value == twin
        assert hash(value) == hash(twin)
        assert value != other

    def test_repr_names_the_type(self, value, other):
        """Repr starts with the class name."""
        assert repr(value).startswith(type(value).__name__ + "(")

    def test_frozen(self, value, other):
        """Fields cannot be set."""
        name = attrs.fields(type(value))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, name, None)

    def test_pickle_and_copy(self, value, other):
        """Pickles and copies are equal."""
        assert value == pickle.loads(pickle.dumps(value))  # noqa: S301 - our own data
        assert value == copy.copy(value)


def test_combined_type_is_exported():
    """The operators build the exported CombinedCalendar type."""
    assert isinstance(BERLIN - BERLIN, CombinedCalendar)
