"""Choose weekly office-hours slots for a team spread across the world (private).

How :func:`plan_office_hours` works, and what it costs (the rules themselves are
written down in ``docs/explanation/office-hours-planner.md``):

1. Candidates are the host-local wall-clock starts ``Monday 00:00 + k * step`` of the
   host week that holds ``week_of`` (672 of them at 15-minute steps), each resolved to
   an instant with the slot rule of :mod:`servicekit.hours._office`. With
   ``count > 1`` they are also resolved in every followed week with its own pattern of
   host clock changes (and in the week after it), to keep sessions apart in real time.
2. Members with the same zone and hours form one group. For each group the open time
   of the week is computed once as UTC ranges; a range ``[a, b)`` lets the group attend
   every candidate whose start ``s`` has ``a <= s <= b - duration``, which is a run of
   candidates found by bisection. Difference arrays over the candidates add up the
   weights, so the cost is ``O(groups * ranges * log(candidates) + candidates)``.
3. Score of a slot = weight of members who can attend + ``PREFERRED_BONUS`` * weight
   of those among them for whom the slot also lies in their preferred hours. Weights
   are exact: each is read as the decimal it prints as (``0.1`` is one tenth) and all
   are scaled to integers by their common denominator, so sums and ties are exact
   whatever the order of the members.
4. ``count > 1`` picks slots greedily (the classic greedy for maximum coverage, which
   reaches at least ``1 - 1/e`` of the best coverage; Nemhauser, Wolsey and Fisher
   1978): each next slot maximises the score of members no earlier slot covers.
   With ``rotate=True`` the slots take turns week by week: they are picked the same
   way until every member who can attend anywhere is covered, and any further turns
   go by diminishing returns (a member already served ``c`` times counts
   ``1 / (c + 1)``), so the region called at midnight in one turn gets a good slot in
   another instead of the majority's slot repeating.
5. Each chosen slot is then followed through ``weeks`` weeks in the host's wall time:
   the weeks in which a zone's local time differs from its usual one (because only one
   side changed DST) are listed, with the members who lose or gain the slot in them.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit._time import SECONDS_PER_DAY, UTC, ZoneInfo, format_clock, format_duration
from servicekit.exceptions import ConfigError, InfeasibleError
from servicekit.hours._compile import Segments, window_segments
from servicekit.hours._members import (
    Member,
    MemberHours,
    Ranges,
    contains,
    longest,
    utc_ranges,
    week_ranges,
)
from servicekit.hours._office import OfficeHours, _to_duration, _to_host, week_start
from servicekit.i18n import (
    N_,
    LocaleLike,
    format_clock_range,
    format_weekday,
    translate,
)
from servicekit.i18n import format_duration as format_duration_words

if TYPE_CHECKING:
    from servicekit.hours._spec import Weekly
    from servicekit.typing import ZoneLike

__all__ = ["PREFERRED_BONUS", "Absence", "DstShift", "SlotProposal", "plan_office_hours"]

#: Extra score, per unit of weight, for a slot inside a member's preferred hours. An
#: assumption of servicekit (attending at all matters most; preference breaks ties
#: between slots that the same people can attend).
PREFERRED_BONUS = 0.5
_WEEK = 7 * SECONDS_PER_DAY
_MAX_WEEKS = 520
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday is 0)
# An assumption: more than 100 sessions a week are not office hours, and the cap keeps
# the greedy picks (each a pass over all groups) well bounded.
_MAX_COUNT = 100

AbsenceReason = Literal["outside_availability", "no_window"]
_OUTSIDE = N_("{when} your time is outside your available hours")
_NO_WINDOW = N_("your available hours that week have no stretch of the right length ({duration})")
_DAY_HOURS = "{days} {times}"  # the message of servicekit.hours._availability


@attrs.frozen
class Absence:
    """A member who cannot attend a proposed slot, and why.

    Attributes:
        member: who.
        reason: ``no_window`` when the member's available time in the planned week
            (from the first candidate start to the end of a session at the last one)
            has no unbroken stretch as long as the session at all, so no slot could
            suit them; otherwise ``outside_availability``: a long enough stretch exists
            but the slot does not lie wholly inside it (also when no candidate start on
            the ``step`` grid fits the stretch).
        start: the slot's start in the member's zone.
        end: the slot's end in the member's zone.
    """

    member: Member
    reason: AbsenceReason
    start: datetime
    end: datetime

    def render(self, locale: LocaleLike | None = None) -> str:
        """Tell the member why they cannot attend, in their language and local time.

        Args:
            locale: defaults to the member's locale; unknown locales fall back to English.

        Example:
            >>> from datetime import date, timedelta
            >>> ko = Member("Ko", "Asia/Tokyo", {"mon": ["09:00-10:00"]}, locale="de")
            >>> jo = Member("Jo", "Europe/Berlin", {"mon": ["09:00-10:00"]}, weight=2)
            >>> (p,) = plan_office_hours(
            ...     [ko, jo], timedelta(hours=1), host="UTC", week_of=date(2026, 6, 1), weeks=1
            ... )
            >>> print(p.absentees[0].render())
            Mo 16:00–17:00 Uhr (Ihre Zeit) liegt außerhalb Ihrer verfügbaren Zeiten
        """
        if locale is None:
            locale = self.member.locale
        if self.reason == "no_window":
            length = self.end.astimezone(UTC) - self.start.astimezone(UTC)
            words = format_duration_words(length, locale=locale, threshold=2)
            return translate("hours", _NO_WINDOW, locale, duration=words)
        opens = self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        closes = self.end.hour * 3600 + self.end.minute * 60 + self.end.second
        when = translate(
            "hours",
            _DAY_HOURS,
            locale,
            days=format_weekday(self.start.weekday(), locale=locale, width="abbreviated"),
            times=format_clock_range(opens, closes, locale=locale),
        )
        return translate("hours", _OUTSIDE, locale, when=when)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: the member's name, the reason and local ISO times."""
        return {
            "name": self.member.name,
            "reason": self.reason,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


@attrs.frozen
class DstShift:
    """A run of weeks in which a zone's local time of the slot differs from its usual one.

    This happens when only one side changed its clocks: the host's zone and the
    members' zone switch DST on different dates, or only one of them has DST at all.

    The *local time* of a week is the weekday and wall-clock time at which the slot
    starts in ``timezone``. The *usual* one is the most frequent local time over the
    weeks the slot is held; when two are equally frequent, the one seen first. A run
    is a maximal stretch of consecutive held weeks that show the same unusual local
    time and the same clock changes of ``timezone`` during the session: a week whose
    session contains a change is a run of its own, while a change exactly at the
    session's end is not part of it and does not split a run. Weeks with the usual
    local time are never listed.

    Attributes:
        weeks: the Mondays (host-local) of the consecutive weeks with the same odd time.
        timezone: the members' zone.
        start: the first of these weeks' occurrences, in the host's zone.
        local_start: its start in ``timezone``.
        usual_local_start: the start in ``timezone`` in the first week that shows the
            usual (most frequent) local time; that week is the *usual week*.
        change: how far the local wall clock moved against the usual time.
        members: the members in ``timezone``, in input order.
        lost: members who can attend in the usual week but not in at least one of
            these weeks (in input order).
        gained: members who cannot attend in the usual week but can in at least one of
            these weeks (in input order). Attendance is checked week by week, with the
            zone's clock changes at their real instants.
    """

    weeks: tuple[date, ...]
    timezone: ZoneInfo
    start: datetime
    local_start: datetime
    usual_local_start: datetime
    change: timedelta
    members: tuple[Member, ...] = attrs.field(repr=False)
    lost: tuple[Member, ...] = attrs.field(repr=False)
    gained: tuple[Member, ...] = attrs.field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: ISO dates and times, the change as an ISO duration, names."""
        return {
            "weeks": [week.isoformat() for week in self.weeks],
            "timezone": self.timezone.key,
            "start": self.start.isoformat(),
            "local_start": self.local_start.isoformat(),
            "usual_local_start": self.usual_local_start.isoformat(),
            "change": format_duration(self.change),
            "members": [m.name for m in self.members],
            "lost": [m.name for m in self.lost],
            "gained": [m.name for m in self.gained],
        }


@attrs.frozen
class SlotProposal:
    """A proposed weekly slot with who can come, who cannot and why, and its score.

    Scores are computed exactly (each weight read as the decimal it prints as, so
    ``0.1 + 0.7`` is exactly ``0.8``) and ranked and tie-broken on the exact values;
    ``score`` and ``gain`` are those exact values rounded to the nearest float (a total
    beyond the float range, possible only with weights near ``1e308``, shows as
    ``inf``).

    Attributes:
        slot: the recurring slot (weekday and wall-clock start in the host's zone).
        start: the occurrence in the planned week, in the host's zone.
        end: ``start`` plus the duration of elapsed time.
        attendees: members whose available hours hold the whole slot in the planned
            week (input order).
        preferred: the attendees for whom it also lies in their preferred hours.
        absentees: everyone else, each with the reason.
        score: ``available weight + PREFERRED_BONUS * preferred weight``.
        gain: the score of the members this slot adds, which is what picked it (equal
            to ``score`` for the first slot).
        explanation: how ``score`` and ``gain`` were computed, in words.
        rotation: with ``rotate=True``, the slot is held in weeks ``j`` with
            ``j % count == rotation`` counting from the planned week; else ``None``.
        weeks: the host-week Mondays over which the slot was followed.
        shifts: the runs of weeks in which a zone's local time differs from its usual
            (most frequent) time, because only one side changed its clocks; ordered by
            their first week, then by zone name.
    """

    slot: OfficeHours
    start: datetime
    end: datetime
    attendees: tuple[Member, ...] = attrs.field(repr=False)
    preferred: tuple[Member, ...] = attrs.field(repr=False)
    absentees: tuple[Absence, ...] = attrs.field(repr=False)
    score: float
    gain: float
    explanation: str
    rotation: int | None
    weeks: tuple[date, ...] = attrs.field(repr=False)
    shifts: tuple[DstShift, ...] = attrs.field(repr=False)

    @property
    def feasible(self) -> bool:
        """Whether anybody at all can attend."""
        return bool(self.attendees)

    @property
    def lost(self) -> tuple[Member, ...]:
        """Members who lose the slot in at least one week of :attr:`shifts`.

        Each member once, in the order of :attr:`shifts` (then input order).
        """
        seen: dict[int, Member] = {}
        for shift in self.shifts:
            for member in shift.lost:
                seen.setdefault(id(member), member)
        return tuple(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """Return the proposal as plain JSON types, for storage or an API response.

        Members appear by name (personal data: store the result accordingly).

        Example:
            >>> from datetime import date, timedelta
            >>> team = [Member("Jo", "America/New_York", {"mon": ["09:00-10:00"]})]
            >>> (p,) = plan_office_hours(
            ...     team,
            ...     timedelta(hours=1),
            ...     host="Europe/Berlin",
            ...     week_of=date(2026, 3, 2),
            ...     weeks=1,
            ... )
            >>> data = p.to_dict()
            >>> data["start"], data["attendees"], data["slot"]["start"]
            ('2026-03-02T15:00:00+01:00', ['Jo'], '15:00')
        """
        return {
            "slot": self.slot.to_dict(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "attendees": [m.name for m in self.attendees],
            "preferred": [m.name for m in self.preferred],
            "absentees": [a.to_dict() for a in self.absentees],
            "score": self.score,
            "gain": self.gain,
            "explanation": self.explanation,
            "rotation": self.rotation,
            "weeks": [week.isoformat() for week in self.weeks],
            "shifts": [shift.to_dict() for shift in self.shifts],
        }


@attrs.frozen
class _Group:
    """Members sharing zone and hours; ``units`` is their exact weight in integer units."""

    zone: ZoneInfo
    availability: MemberHours
    preferred: MemberHours | None
    members: tuple[Member, ...]
    units: int
    ranges: Ranges
    runs: tuple[tuple[int, int], ...]  # candidate positions (sorted order), half-open
    preferred_runs: tuple[tuple[int, int], ...]


def _exact(value: float) -> Fraction:
    """A weight as an exact fraction: a float counts as the decimal it prints as."""
    # float.__repr__, not repr(): a float subclass (numpy's float64) may print otherwise
    return Fraction(value) if isinstance(value, int) else Fraction(float.__repr__(value))


def _to_float(value: Fraction) -> float:
    """The nearest float (``inf`` beyond the float range)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


_BONUS = _exact(PREFERRED_BONUS)


def _check_int(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ConfigError(f"must be from {low} to {high}, got {value!r}", field)
    return value


def _check_step(step: object) -> int:
    if not isinstance(step, timedelta):
        raise TypeError(f"step must be a timedelta, got {type(step).__name__}")
    seconds = step.total_seconds()
    if seconds <= 0 or seconds % 60 or seconds > SECONDS_PER_DAY:
        raise ConfigError(
            f"step must be a whole number of minutes from 1 minute to 1 day, got {step!r}", "step"
        )
    return int(seconds)


def _members(members: object) -> tuple[Member, ...]:
    if isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
        raise TypeError(f"members must be an iterable of Member, got {type(members).__name__}")
    out = tuple(members)
    for i, member in enumerate(out):
        if not isinstance(member, Member):
            raise TypeError(f"members[{i}] must be a Member, got {type(member).__name__}")
    if not out:
        raise ConfigError("no members; give at least one Member to plan for", "members")
    return out


def _resolve(monday: date, host: ZoneInfo, walls: list[int]) -> tuple[list[int], list[bool]]:
    """Instants (UTC seconds) of host-week wall times, and whether each fell in a gap."""
    base = datetime.combine(monday, time())
    week_a = int(base.replace(tzinfo=host).timestamp()) - SECONDS_PER_DAY
    host_starts, _, _ = window_segments(host, week_a, week_a + _WEEK + 2 * SECONDS_PER_DAY)
    if len(host_starts) == 1:  # no clock change near this week: one offset for all
        return [week_a + SECONDS_PER_DAY + wall for wall in walls], [False] * len(walls)
    instants, in_gap = [], []
    for wall in walls:
        # fold=0 is the "compatible" rule; in a gap its offset is the one before the
        # gap, which differs from the offset in force at the resulting instant
        first = (base + timedelta(seconds=wall)).replace(tzinfo=host)
        instant = int(first.timestamp())
        instants.append(instant)
        offset = datetime.fromtimestamp(instant, host).utcoffset()
        in_gap.append(first.utcoffset() != offset)
    return instants, in_gap


class _Sorted:
    """Candidate instants of one week, with their sorted order for range queries."""

    def __init__(self, instants: list[int]) -> None:
        self.instants = instants
        self.order = sorted(range(len(instants)), key=instants.__getitem__)
        self.keys = [instants[k] for k in self.order]

    def near(self, at: int, length: int) -> list[int]:
        """Candidates whose session of ``length`` shares an instant with one at ``at``."""
        lo = bisect_right(self.keys, at - length)
        hi = bisect_left(self.keys, at + length)
        return self.order[lo:hi]


def _week_pairs(
    monday: date, host: ZoneInfo, walls: list[int], weeks: int
) -> list[tuple[_Sorted, _Sorted]]:
    """Instants of the candidates in each followed week and in the week after it.

    Only distinct cases are returned: weeks whose host offsets (around the fortnight,
    relative to the week's start) are the same give the same distances between the
    candidates, so a year of weeks without clock changes is one case.
    """
    out: dict[tuple[tuple[int, int], ...], tuple[_Sorted, _Sorted]] = {}
    for j in range(weeks):
        week = monday + timedelta(days=7 * j)
        base = int(datetime.combine(week, time()).replace(tzinfo=host).timestamp())
        seg_starts, offsets, _ = window_segments(
            host, base - SECONDS_PER_DAY, base + 2 * _WEEK + 2 * SECONDS_PER_DAY
        )
        key = tuple((s - base, o) for s, o in zip(seg_starts, offsets, strict=True))
        if key not in out:
            out[key] = (
                _Sorted(_resolve(week, host, walls)[0]),
                _Sorted(_resolve(week + timedelta(days=7), host, walls)[0]),
            )
    return list(out.values())


def _runs(ranges: Ranges, starts: list[int], length: int) -> tuple[tuple[int, int], ...]:
    runs = []
    for a, b in ranges:
        if b - a >= length:
            lo, hi = bisect_left(starts, a), bisect_right(starts, b - length)
            if lo < hi:
                runs.append((lo, hi))
    return tuple(runs)


def _shifted_week(week: Weekly, offset: int, start: int, end: int) -> Ranges:
    """UTC ranges of weekly hours within ``[start, end)`` under one constant offset.

    The same as :func:`utc_ranges` when the zone keeps one offset over the range, but
    shifts one cached week of wall-clock ranges instead of building the days anew.
    """
    day = (start + offset) // SECONDS_PER_DAY
    monday = (day - (day + _EPOCH_WEEKDAY) % 7) * SECONDS_PER_DAY - offset
    ranges = week_ranges(week)
    out = []
    # ranges are sorted and disjoint, so their ends are sorted too
    for a, b in ranges[bisect_right(_ends(week), start - monday) :]:
        if monday + a >= end:
            break
        out.append((max(monday + a, start), min(monday + b, end)))
    return out


@functools.lru_cache(maxsize=4096)
def _ends(week: Weekly) -> list[int]:
    return [b for _, b in week_ranges(week)]


def _intersect(first: Ranges, second: Ranges) -> Ranges:
    out = []
    i = j = 0
    while i < len(first) and j < len(second):
        lo = max(first[i][0], second[j][0])
        hi = min(first[i][1], second[j][1])
        if lo < hi:
            out.append((lo, hi))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return out


def _sums(groups: list[_Group], factors: list[int], n: int) -> tuple[list[int], list[int]]:
    """Per sorted candidate position: available and preferred weight, in integer units.

    A group counts ``units * factor``; all exact integers, so no order of summing
    changes a sum.
    """
    avail = [0] * (n + 1)
    pref = [0] * (n + 1)
    for group, factor in zip(groups, factors, strict=True):
        w = group.units * factor
        if not w:
            continue
        for lo, hi in group.runs:
            avail[lo] += w
            avail[hi] -= w
        for lo, hi in group.preferred_runs:
            pref[lo] += w
            pref[hi] -= w
    out_a, out_p = [0] * n, [0] * n
    run_a = run_p = 0
    for p in range(n):
        run_a += avail[p]
        run_p += pref[p]
        out_a[p], out_p[p] = run_a, run_p
    return out_a, out_p


def _score(avail: int, pref: int) -> int:
    """``avail + PREFERRED_BONUS * pref``, times the bonus' denominator."""
    return avail * _BONUS.denominator + pref * _BONUS.numerator


def _holds(runs: tuple[tuple[int, int], ...], pos: int) -> bool:
    return any(lo <= pos < hi for lo, hi in runs)


def _fmt(value: Fraction) -> str:
    return f"{_to_float(value):.6g}"


def plan_office_hours(  # noqa: C901, PLR0912, PLR0915 - one pass, documented step by step
    members: Iterable[Member],
    duration: timedelta,
    *,
    host: ZoneLike | Member,
    week_of: date | datetime,
    step: timedelta = timedelta(minutes=15),
    count: int = 1,
    rotate: bool = False,
    weeks: int = 52,
) -> tuple[SlotProposal, ...]:
    """Propose weekly office-hours slots for members across the world, in pick order.

    Candidates are the host's wall-clock starts ``Monday 00:00 + k * step`` of the
    planned week, resolved like any slot (a start in a DST gap moves forward by the
    gap, one in a fold takes the first pass). A member can attend a candidate when
    their available hours hold all of its session in real time, with their zone's
    clock changes at their real instants. The rules in full:
    ``docs/explanation/office-hours-planner.md``.

    Ranking: each pick maximises its *gain* (the score of the members it adds: all of
    them for the first pick, so the first proposal has the best score of the week);
    ties go to the higher score, then to a start that is not in a DST gap (so when a
    gap makes 02:00 and 03:00 the same instant, 03:00 is reported), then to the
    earliest wall-clock start of the host week. Scores and gains are compared exactly.

    Non-overlapping: with ``count > 1`` no two proposed slots share an instant in real
    time in any of the ``weeks`` weeks followed, each week's sessions taken together
    with those of the week after it (so a session that runs past the end of Sunday
    blocks the Monday starts it runs into, and two slots that a spring-forward gap
    would make coincide in some week are never both proposed).

    Args:
        members: the team.
        duration: length of a session (elapsed time, more than 0, at most 1 day).
        host: the host's zone, or a :class:`Member` (their zone is used, and every
            proposal lies inside their available hours in the planned week; they count
            as an attendee only if also in ``members``). Slots repeat in the host
            zone's wall-clock time.
        week_of: a date or aware datetime in the host-local week to plan.
        step: spacing of candidate starts, a whole number of minutes (default 15).
        count: how many distinct, non-overlapping slots to return (1 to 100; fewer when
            the week has no room for more). With ``count > 1`` they are chosen greedily
            to cover the most members between them.
        rotate: the ``count`` slots take turns week by week instead of all being held
            every week, and are chosen so that each region gets a good slot in turn.
        weeks: how many weeks, from the planned one, each slot is followed through to
            find the DST-mismatch weeks, and in which ``count`` slots are kept apart
            (1 to 520, default 52: one year).

    Returns:
        Up to ``count`` proposals in the order they were picked (the first is the best
        slot; each later one adds the most to those before it). When nobody can
        attend any slot, the proposals say so (``feasible`` is false, every member is
        listed with the reason) rather than raising.

    Raises:
        ConfigError: no members, or a bad ``duration``/``step``/``count``/``weeks``.
        NaiveDatetimeError: ``week_of`` is a naive datetime.
        UnknownTimeZoneError: ``host`` is not an IANA zone.
        InfeasibleError: ``host`` is a member whose available hours hold no session
            at any candidate start of the planned week.
        TypeError: a wrong type anywhere.

    Example:
        >>> from datetime import date, timedelta
        >>> team = [
        ...     Member("Jo", "America/New_York", {"mon-fri": ["09:00-17:00"]}),
        ...     Member("Ravi", "Asia/Kolkata", {"mon-fri": ["18:00-22:00"]}),
        ... ]
        >>> best = plan_office_hours(
        ...     team, timedelta(hours=1), host="Europe/Berlin", week_of=date(2026, 3, 2)
        ... )[0]
        >>> best.start.isoformat(), len(best.attendees)
        ('2026-03-02T15:00:00+01:00', 2)
    """
    team = _members(members)
    length_td = _to_duration(duration)
    length = int(length_td.total_seconds())
    host_zone = _to_host(host)
    monday = week_start(week_of, host_zone)
    step_s = _check_step(step)
    n = math.ceil(_WEEK / step_s)
    count = _check_int(count, "count", 1, _MAX_COUNT)
    weeks = _check_int(weeks, "weeks", 1, _MAX_WEEKS)
    if not isinstance(rotate, bool):
        raise TypeError(f"rotate must be a bool, got {type(rotate).__name__}")
    if rotate and count < 2:
        raise ConfigError("a rotation needs count >= 2 slots to take turns", "count")
    if rotate and weeks < count:
        raise ConfigError(
            f"a rotation of {count} slots needs weeks >= {count} so that each slot is held; "
            f"got {weeks}",
            "weeks",
        )

    # 1. candidates in host wall time, resolved to instants in this week and the next
    walls = [k * step_s for k in range(n)]
    instants, in_gap = _resolve(monday, host_zone, walls)
    pairs = _week_pairs(monday, host_zone, walls, weeks) if count > 1 else []
    order = sorted(range(n), key=instants.__getitem__)
    starts = [instants[k] for k in order]
    window = (starts[0], starts[-1] + length)

    # 2. groups of members sharing zone and hours; exact weights as integer units
    memo: dict[float, Fraction] = {}  # teams repeat a few weights; parsing one is slow
    exact = [memo.get(m.weight) or memo.setdefault(m.weight, _exact(m.weight)) for m in team]
    scale = math.lcm(*(w.denominator for w in exact))
    by_key: dict[tuple[ZoneInfo, MemberHours, MemberHours | None], list[int]] = {}
    for i, member in enumerate(team):
        key = (member.timezone, member.availability, member.preferred)
        by_key.setdefault(key, []).append(i)
    range_cache: dict[tuple[object, ...], Ranges] = {}
    segment_cache: dict[ZoneInfo, Segments] = {}

    def ranges_of(hours: MemberHours, tz: ZoneInfo) -> Ranges:
        key = (hours, tz)
        found = range_cache.get(key)
        if found is None:
            segments = segment_cache.get(tz)
            if segments is None:
                segments = segment_cache[tz] = window_segments(tz, *window)
            if isinstance(hours, tuple) and len(segments[0]) == 1:
                found = _shifted_week(hours, segments[1][0], *window)
            else:
                found = utc_ranges(hours, tz, *window, segments=segments)
            range_cache[key] = found
        return found

    groups: list[_Group] = []
    group_of = [0] * len(team)
    for (tz, availability, preferred), indices in by_key.items():
        avail = ranges_of(availability, tz)
        pref = avail if preferred is None else _intersect(avail, ranges_of(preferred, tz))
        for i in indices:
            group_of[i] = len(groups)
        groups.append(
            _Group(
                zone=tz,
                availability=availability,
                preferred=preferred,
                members=tuple(team[i] for i in indices),
                units=sum(exact[i].numerator * (scale // exact[i].denominator) for i in indices),
                ranges=avail,
                runs=_runs(avail, starts, length),
                preferred_runs=_runs(pref, starts, length),
            )
        )
    too_short = [longest(group.ranges) < length_td for group in groups]

    # 3. plain scores per candidate, in units of 1 / (scale * bonus denominator)
    unit = scale * _BONUS.denominator
    plain_a, plain_p = _sums(groups, [1] * len(groups), n)
    score_at = [_score(a, b) for a, b in zip(plain_a, plain_p, strict=True)]
    rank_of = {k: p for p, k in enumerate(order)}
    total_weight = Fraction(sum(g.units for g in groups), scale)

    # 4. greedy picks; gains in units of 1 / (unit * turns), exact for every 1 / (c + 1)
    turns = math.lcm(*range(1, count + 1))
    served = [0] * len(groups)
    blocked = [False] * n
    if isinstance(host, Member):  # only starts whose session the host's hours hold
        host_runs = _runs(ranges_of(host.availability, host.timezone), starts, length)
        if not host_runs:
            raise InfeasibleError(
                f"the host's available hours hold no session of {format_duration(length_td)} "
                f"starting every {step_s // 60} minutes in the week of {monday.isoformat()}; "
                "widen the host's hours, shorten the duration or use a finer step"
            )
        blocked = [not _holds(host_runs, rank_of[k]) for k in range(n)]
    phases: list[str] = []
    chosen: list[int] = []  # candidate indices k (host wall order)
    gains: list[Fraction] = []
    for _ in range(count):
        # cover everyone who can attend anywhere first; then, in a rotation, share the
        # remaining turns with diminishing returns, else rank the rest by plain score
        uncovered = any(not c and g.runs for c, g in zip(served, groups, strict=True))
        if rotate and not uncovered:
            factors = [turns // (c + 1) for c in served]
        else:
            factors = [0 if c else turns for c in served]
        phases.append("coverage" if uncovered or not rotate else "turns")
        gain_a, gain_p = _sums(groups, factors, n)
        best: tuple[int, int, bool, int] | None = None
        best_k = -1
        for k in range(n):
            if blocked[k]:
                continue
            p = rank_of[k]
            rank = (-_score(gain_a[p], gain_p[p]), -score_at[p], in_gap[k], k)
            if best is None or rank < best:
                best, best_k = rank, k
        if best is None:
            break  # every start overlaps a chosen slot
        chosen.append(best_k)
        gains.append(Fraction(-best[0], unit * turns))
        # sessions must not overlap in any followed week, also across the week's end
        for this, after in pairs:
            at, nxt = this.instants[best_k], after.instants[best_k]
            for k in (*this.near(at, length), *after.near(at, length), *this.near(nxt, length)):
                blocked[k] = True
        pos = rank_of[best_k]
        for i, group in enumerate(groups):
            if _holds(group.runs, pos):
                served[i] += 1

    # 5. proposals, each followed through the weeks
    proposals = []
    for index, (k, gain) in enumerate(zip(chosen, gains, strict=True)):
        pos = rank_of[k]
        days, seconds = divmod(walls[k], SECONDS_PER_DAY)
        clock = time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        slot = OfficeHours(host_zone, days, clock, length_td)
        occ = slot.occurrence_on(monday + timedelta(days=days))
        attend = [_holds(group.runs, pos) for group in groups]
        prefer = [
            yes and _holds(g.preferred_runs, pos) for yes, g in zip(attend, groups, strict=True)
        ]
        attendees = tuple(m for m, g in zip(team, group_of, strict=True) if attend[g])
        preferred_members = tuple(m for m, g in zip(team, group_of, strict=True) if prefer[g])
        local: dict[ZoneInfo, tuple[datetime, datetime]] = {}
        absences = []
        for m, g in zip(team, group_of, strict=True):
            if attend[g]:
                continue
            when = local.get(m.timezone)
            if when is None:
                when = local[m.timezone] = (
                    occ.start.astimezone(m.timezone),
                    occ.end.astimezone(m.timezone),
                )
            reason: AbsenceReason = "no_window" if too_short[g] else "outside_availability"
            absences.append(Absence(m, reason, *when))
        absentees = tuple(absences)
        held = [
            monday + timedelta(days=7 * j) for j in range(weeks) if not rotate or j % count == index
        ]
        shifts = _shifts(slot, held, team, groups, group_of)
        score = Fraction(score_at[pos], unit)
        if attendees:
            text = (
                f"score = available weight {_fmt(Fraction(plain_a[pos], scale))} + "
                f"{PREFERRED_BONUS:g} x preferred weight {_fmt(Fraction(plain_p[pos], scale))}"
                f" = {_fmt(score)}; {len(attendees)} of {len(team)} members (weight "
                f"{_fmt(total_weight)}) can attend, {len(preferred_members)} in preferred hours"
            )
        else:
            text = (
                f"nobody can attend: no member's available hours hold a "
                f"{format_clock(length)} slot at this time; score = 0"
            )
        if count > 1:
            rule = (
                "members already served c times count 1/(c+1)"
                if phases[index] == "turns"
                else "members covered by earlier picks count 0"
            )
            text += f"; greedy pick {index + 1} of {count}: gain {_fmt(gain)} ({rule})"
        proposals.append(
            SlotProposal(
                slot=slot,
                start=occ.start,
                end=occ.end,
                attendees=attendees,
                preferred=preferred_members,
                absentees=absentees,
                score=_to_float(score),
                gain=_to_float(gain),
                explanation=text,
                rotation=index if rotate else None,
                weeks=tuple(held),
                shifts=shifts,
            )
        )
    return tuple(proposals)


def _changes(tz: ZoneInfo, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The zone's clock changes during ``[start, end)``, relative to the session.

    Each as (seconds after ``start``, offset minus the offset at ``start``); empty when
    one offset holds throughout. A change exactly at ``end`` is not part of the session.
    """
    seg_starts, offsets, _ = window_segments(tz, start, end)
    return tuple(
        (s - start, o - offsets[0])
        for s, o in zip(seg_starts[1:], offsets[1:], strict=True)
        if s < end
    )


def _shifts(  # noqa: C901, PLR0915 - one loop per zone, run and member
    slot: OfficeHours,
    held: list[date],
    team: tuple[Member, ...],
    groups: list[_Group],
    group_of: list[int],
) -> tuple[DstShift, ...]:
    """Follow ``slot`` through the ``held`` weeks and list each zone's odd weeks.

    A week's *face* in a zone is its local start (weekday and wall time); its *key*
    adds the zone's clock changes during the session (:func:`_changes`). Runs are
    maximal stretches of consecutive weeks with the same key and an unusual face.
    Weekly hours give the same attendance for the same key, so it is computed once
    per key; calendars, whose holidays vary, are checked in every week.
    """
    occs = [slot.occurrence_on(monday + timedelta(days=slot.weekday)) for monday in held]
    zones: dict[ZoneInfo, list[int]] = {}  # zone -> indices into team, input order
    for i, member in enumerate(team):
        zones.setdefault(member.timezone, []).append(i)
    stamps = [(int(o.start.timestamp()), int(o.end.timestamp())) for o in occs]
    length = stamps[0][1] - stamps[0][0]
    out = []
    for tz, indices in zones.items():
        locals_ = [occ.start.astimezone(tz) for occ in occs]
        faces = [(loc.weekday(), loc.time()) for loc in locals_]
        tally = Counter(faces)
        usual_face = max(tally, key=lambda face: (tally[face], -faces.index(face)))
        ref = faces.index(usual_face)
        keys = [
            (face, _changes(tz, *stamp) if face != usual_face or i == ref else ())
            for i, (face, stamp) in enumerate(zip(faces, stamps, strict=True))
        ]
        zone_groups = sorted({group_of[i] for i in indices})
        cache: dict[tuple[object, ...], bool] = {}

        def attends(
            g: int,
            i: int,
            tz: ZoneInfo = tz,
            keys: list[tuple[tuple[int, time], tuple[tuple[int, int], ...]]] = keys,
            cache: dict[tuple[object, ...], bool] = cache,
        ) -> bool:
            hours = groups[g].availability
            a, b = stamps[i]
            if not isinstance(hours, tuple):  # a calendar: holidays differ week by week
                return contains(utc_ranges(hours, tz, a - 1, b + 1), a, b)
            (day, clock), changes = keys[i]
            found = cache.get((hours, keys[i]))
            if found is None:
                if changes:
                    found = contains(utc_ranges(hours, tz, a - 1, b + 1), a, b)
                else:
                    # one offset throughout: the slot is a plain stretch of wall clock
                    at = day * SECONDS_PER_DAY + clock.hour * 3600
                    at += clock.minute * 60 + clock.second
                    found = contains(week_ranges(hours), at, at + length)
                cache[hours, keys[i]] = found
            return found

        j = 0
        while j < len(faces):
            if faces[j] == usual_face:
                j += 1
                continue
            end = j + 1
            while end < len(faces) and keys[end] == keys[j]:
                end += 1
            lost: set[int] = set()
            gained: set[int] = set()
            for g in zone_groups:
                before = attends(g, ref)
                # the weeks of a run share one key, so weekly hours answer once for all
                weekly = isinstance(groups[g].availability, tuple)
                for i in range(j, j + 1 if weekly else end):
                    now = attends(g, i)
                    if before and not now:
                        lost.add(g)
                    elif now and not before:
                        gained.add(g)
            wall_now = datetime.combine(locals_[j].date(), locals_[j].time())
            wall_ref = datetime.combine(locals_[ref].date(), locals_[ref].time())
            change = (wall_now - wall_ref) - (held[j] - held[ref])
            out.append(
                DstShift(
                    weeks=tuple(held[j:end]),
                    timezone=tz,
                    start=occs[j].start,
                    local_start=locals_[j],
                    usual_local_start=locals_[ref],
                    change=change,
                    members=tuple(team[i] for i in indices),
                    lost=tuple(team[i] for i in indices if group_of[i] in lost),
                    gained=tuple(team[i] for i in indices if group_of[i] in gained),
                )
            )
            j = end
    out.sort(key=lambda s: (s.weeks[0], s.timezone.key))
    return tuple(out)
