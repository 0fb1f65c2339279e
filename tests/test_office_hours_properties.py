"""Properties of office-hours planning, checked against slow, obviously right references."""

from __future__ import annotations

import itertools
import math
import pickle
from datetime import date, datetime, timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit._time import SECONDS_PER_DAY, UTC
from servicekit.hours import BusinessCalendar, Member, OfficeHours, plan_office_hours
from servicekit.hours._members import contains, utc_ranges
from servicekit.hours._spec import ALWAYS, format_weekly
from strategies import utc_instants
from strategies_office import members, office_hours, weeks_of

MINUTE = timedelta(minutes=1)


def open_at(member: Member, at: datetime) -> bool:
    """Reference membership: the local wall reading lies in an interval of its local date."""
    local = at.astimezone(member.timezone)
    week = member.availability
    assert isinstance(week, tuple)
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    today = local.weekday()
    yesterday = (today - 1) % 7
    return any(a <= seconds < b for a, b in week[today]) or any(
        seconds + SECONDS_PER_DAY < b for _, b in week[yesterday]
    )


def can_attend(member: Member, start: datetime, end: datetime) -> bool:
    """Reference: every minute of the slot is available (hours are quarter-hour aligned)."""
    # step in UTC: within one zone Python compares and adds by wall clock (PEP 495)
    t, end = start.astimezone(UTC), end.astimezone(UTC)
    while t < end:
        if not open_at(member, t):
            return False
        t += MINUTE
    return True


team = st.lists(members(), min_size=1, max_size=6)
hosts = st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"])
lengths = st.sampled_from([30, 60, 90]).map(lambda m: timedelta(minutes=m))


@settings(max_examples=40)
@given(team, hosts, weeks_of(), lengths)
def test_attendees_are_exactly_those_whose_hours_hold_the_slot(people, host, week, length):
    """Oracle: attendees == members available in every minute of the slot."""
    proposals = plan_office_hours(people, length, host=host, week_of=week, count=3, weeks=1)
    for p in proposals:
        start, end = p.start.astimezone(UTC), p.end.astimezone(UTC)
        expected = [id(m) for m in people if can_attend(m, start, end)]
        assert expected == [id(m) for m in p.attendees]
        assert len(people) == len(p.attendees) + len(p.absentees)
        assert end - start == length


@settings(max_examples=40)
@given(team, hosts, weeks_of(), st.randoms(use_true_random=False))
def test_ranking_independent_of_member_order(people, host, week, rnd):
    """Shuffling the members changes neither the slots nor their scores."""
    shuffled = list(people)
    rnd.shuffle(shuffled)
    a = plan_office_hours(people, timedelta(hours=1), host=host, week_of=week, count=2, weeks=1)
    b = plan_office_hours(shuffled, timedelta(hours=1), host=host, week_of=week, count=2, weeks=1)
    assert [(p.start, p.score, p.gain) for p in a] == [(p.start, p.score, p.gain) for p in b]
    for x, y in zip(a, b, strict=True):
        assert {id(m) for m in x.attendees} == {id(m) for m in y.attendees}


@settings(max_examples=100)
@given(members(), utc_instants())
def test_utc_ranges_agree_with_wall_clock_membership(member, at):
    """Oracle: the UTC ranges hold an instant iff its local wall reading is open."""
    t = int(at.timestamp())
    ranges = utc_ranges(member.availability, member.timezone, t - 3 * SECONDS_PER_DAY, t + 60)
    assert open_at(member, at) == contains(ranges, t, t + 1)


@settings(max_examples=40)
@given(members(), utc_instants(), st.integers(1, 9 * SECONDS_PER_DAY))
def test_weekly_hours_map_to_utc_like_a_calendar(member, at, length):
    """A member's weekly hours and a calendar with the same hours give the same UTC ranges.

    Both go through one wall-clock-to-UTC mapping, so gaps, folds and clipping agree.
    """
    week = member.availability
    cal = BusinessCalendar.from_dict(
        {"timezone": member.timezone.key, "hours": format_weekly(week)}
    )
    t = int(at.timestamp())
    assert utc_ranges(cal, member.timezone, t, t + length) == utc_ranges(
        week, member.timezone, t, t + length
    )


@given(members())
def test_member_round_trip(member):
    """to_dict/from_dict and pickle give back an equal member."""
    assert member == Member.from_dict(member.to_dict())
    assert member == pickle.loads(pickle.dumps(member))  # noqa: S301 - own data
    assert "name=" not in repr(member)


@given(office_hours(), utc_instants())
def test_occurrences_keep_wall_time_and_elapsed_length(slot, at):
    """Each occurrence starts at the slot's wall time (unless in a gap) and lasts the duration."""
    occs = slot.occurrences(at, at + timedelta(days=63))
    assert 8 <= len(occs) <= 10
    for occ in occs:
        assert slot.duration == occ.end.astimezone(UTC) - occ.start.astimezone(UTC)
        assert slot.weekday == occ.start.weekday()
        if occ.status == "gap":
            assert occ.start.time() > slot.start
        else:
            assert slot.start == occ.start.time()
    for before, after in itertools.pairwise(occs):
        assert timedelta(days=7) == after.start.date() - before.start.date()


def test_reference_sees_overnight():
    """The reference reads an overnight interval into the next day (guards the oracle)."""
    m = Member("x", "UTC", {"mon": ["22:00-02:00"]})
    assert open_at(m, datetime(2026, 6, 2, 1, 59, tzinfo=UTC))
    assert not open_at(m, datetime(2026, 6, 2, 2, 0, tzinfo=UTC))
    assert ALWAYS == Member("y", "UTC", "24/7").availability
    assert date(2026, 6, 1).weekday() == 0


def _reference_score(people: list[Member], start: datetime, end: datetime) -> float:
    # in UTC: Python compares and subtracts datetimes of one zone by wall clock (PEP 495)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    total = 0.0
    for m in people:
        if can_attend(m, start, end):
            liked = m.preferred is None or can_attend(
                attrs.evolve(m, availability=m.preferred), start, end
            )
            total += m.weight * (1.5 if liked else 1.0)
    return total


@settings(max_examples=12)
@given(st.lists(members(), min_size=1, max_size=3), hosts, weeks_of())
def test_best_slot_has_the_highest_reference_score(people, host, week):
    """Oracle: no hourly start of the week beats the first proposal by brute force."""
    (best,) = plan_office_hours(
        people, timedelta(hours=1), host=host, week_of=week, step=timedelta(hours=1), weeks=1
    )
    tz = best.slot.host
    monday = week - timedelta(days=week.weekday())
    scores = []
    for k in range(168):
        day = monday + timedelta(days=k // 24)
        occ = OfficeHours(tz, day.weekday(), f"{k % 24:02d}:00", timedelta(hours=1)).occurrence_on(
            day
        )
        scores.append(_reference_score(people, occ.start, occ.end))
    assert math.isclose(max(scores), best.score)
    assert math.isclose(
        _reference_score(people, best.start.astimezone(UTC), best.end.astimezone(UTC)), best.score
    )


@settings(max_examples=15)
@given(st.lists(members(), min_size=1, max_size=3), hosts, weeks_of())
def test_shift_runs_are_the_weeks_off_the_usual_local_time(people, host, week):
    """Oracle: DstShift runs list exactly the weeks whose local start differs from the mode."""
    (best,) = plan_office_hours(people, timedelta(hours=1), host=host, week_of=week, weeks=30)
    occs = [best.slot.occurrence_in_week(monday) for monday in best.weeks]
    for tz in {m.timezone for m in people}:
        faces = [(o.start.astimezone(tz).weekday(), o.start.astimezone(tz).time()) for o in occs]
        usual = max(set(faces), key=lambda f: (faces.count(f), -faces.index(f)))
        expected = [w for w, f in zip(best.weeks, faces, strict=True) if f != usual]
        reported = [w for s in best.shifts if s.timezone == tz for w in s.weeks]
        assert expected == sorted(reported)
        for shift in (s for s in best.shifts if s.timezone == tz):
            ref = faces.index(usual)
            for m in (m for m in people if m.timezone == tz):
                usually = can_attend(m, occs[ref].start, occs[ref].end)
                lost_any = any(
                    usually and not can_attend(m, occs[i].start, occs[i].end)
                    for i, w in enumerate(best.weeks)
                    if w in shift.weeks
                )
                assert lost_any == any(x is m for x in shift.lost)


@given(office_hours())
def test_office_hours_round_trip(slot):
    """to_dict/from_dict give back an equal slot."""
    assert slot == OfficeHours.from_dict(slot.to_dict())
