"""plan_office_hours against a brute-force reference of its written rules.

The reference below implements ``docs/explanation/office-hours-planner.md`` from
scratch with plain :mod:`datetime` and :mod:`zoneinfo` and no planner code: it resolves
every candidate start with ``fold=0``, checks attendance quarter hour by quarter hour
of real time, scores with exact fractions, picks greedily, blocks overlapping sessions
in real time and follows each slot week by week. Quarter hours are exact here because
every hour spec, step, duration, UTC offset and clock change of the zones used lies on
a quarter hour of UTC (:func:`test_changes_lie_on_quarter_hours` guards that).
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit._time import zone
from servicekit.exceptions import InfeasibleError
from servicekit.hours import Member, SlotProposal, plan_office_hours
from strategies_office import PLANNER_ZONES, change_weeks, planner_members, weekly_hours

Q = 900  # a quarter hour, in seconds
DAY = 86400
WEEK = 7 * DAY
BONUS = Fraction(1, 2)
UTC_TZ = timezone.utc


def open_at(week: tuple[tuple[tuple[int, int], ...], ...], tz, t: int) -> bool:
    """Whether the local wall reading of instant ``t`` lies in an interval of its date."""
    local = datetime.fromtimestamp(t, UTC_TZ).astimezone(tz)
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    today = local.weekday()
    return any(a <= seconds < b for a, b in week[today]) or any(
        seconds + DAY < b for _, b in week[(today - 1) % 7]
    )


class Reference:
    """The planner's rules, by brute force over quarter hours of real time."""

    def __init__(self, *, team, length, host, week_of, step, count, rotate, weeks, host_member):
        self.team = list(team)
        self.length = int(length.total_seconds())
        self.host = zone(host)
        self.monday = week_of - timedelta(days=week_of.weekday())
        self.step = int(step.total_seconds())
        self.count = count
        self.rotate = rotate
        self.weeks = weeks
        self.host_member = host_member
        self.open = functools.cache(self._open)

    def _open(self, i: int, which: str, t: int) -> bool:
        member = self.team[i]
        week = member.availability if which == "a" else member.preferred
        return open_at(week, member.timezone, t)

    def attends(self, i: int, start: int, which: str = "a") -> bool:
        """Every quarter hour of ``[start, start + length)`` is open."""
        return all(self.open(i, which, t) for t in range(start, start + self.length, Q))

    def resolve(self, monday: date, wall: int) -> tuple[int, bool]:
        """The instant of a host wall time (fold=0: gap moves forward, fold takes first)."""
        naive = datetime.combine(monday, time()) + timedelta(seconds=wall)
        instant = int(naive.replace(tzinfo=self.host).timestamp())
        back = datetime.fromtimestamp(instant, self.host).replace(tzinfo=None)
        return instant, back != naive

    def weight(self, i: int) -> Fraction:
        """The exact weight: a float counts as the decimal it prints as."""
        w = self.team[i].weight
        return Fraction(w) if isinstance(w, int) else Fraction(repr(w))

    def plan(self):  # noqa: C901 - the rules in one place, step by step
        """The proposals, in the planner's order, as plain values."""
        walls = list(range(0, WEEK, self.step))
        now = [self.resolve(self.monday, w) for w in walls]
        # every followed week's instants, and the week's after the last
        followed = [
            [self.resolve(self.monday + timedelta(days=7 * j), w)[0] for w in walls]
            for j in range(self.weeks + 1)
        ]
        inst = [t for t, _ in now]
        members = range(len(self.team))
        att = [[self.attends(i, t) for t in inst] for i in members]
        liked = [
            [
                att[i][k] and (self.team[i].preferred is None or self.attends(i, t, "p"))
                for k, t in enumerate(inst)
            ]
            for i in members
        ]

        def value(i: int, k: int) -> Fraction:
            return self.weight(i) * (1 + BONUS * liked[i][k]) if att[i][k] else Fraction(0)

        score = [sum((value(i, k) for i in members), Fraction(0)) for k in range(len(walls))]
        served = [0] * len(self.team)
        blocked = [False] * len(walls)
        if self.host_member is not None:  # the host's hours must hold the session
            week, tz = self.host_member.availability, self.host_member.timezone
            blocked = [
                not all(open_at(week, tz, t) for t in range(s, s + self.length, Q)) for s in inst
            ]
            if all(blocked):
                return None
        picks = []
        for _ in range(self.count):
            uncovered = any(served[i] == 0 and any(att[i]) for i in members)
            turns = self.rotate and not uncovered

            def factor(i: int, turns: bool = turns) -> Fraction:
                if turns:
                    return Fraction(1, served[i] + 1)
                return Fraction(int(served[i] == 0))

            best = None
            for k in range(len(walls)):
                if blocked[k]:
                    continue
                gain = sum((value(i, k) * factor(i) for i in members), Fraction(0))
                rank = (-gain, -score[k], now[k][1], k)
                if best is None or rank < best:
                    best = rank
            if best is None:
                break
            c = best[3]
            picks.append((c, -best[0]))
            for k in range(len(walls)):
                for this, after in itertools.pairwise(followed):
                    pairs = ((this[k], this[c]), (after[k], this[c]), (this[k], after[c]))
                    if any(a < b + self.length and b < a + self.length for a, b in pairs):
                        blocked[k] = True
            for i in members:
                served[i] += att[i][c]
        lo, hi = min(inst), max(inst) + self.length
        too_short = [self.longest(i, lo, hi) < self.length for i in members]
        return [
            self.proposal(
                n,
                walls[c],
                inst[c],
                gain=gain,
                score=score[c],
                att=att,
                liked=liked,
                too_short=too_short,
            )
            for n, (c, gain) in enumerate(picks)
        ]

    def longest(self, i: int, lo: int, hi: int) -> int:
        """The longest unbroken open stretch of member ``i`` within ``[lo, hi)``."""
        best = run = 0
        for t in range(lo, hi, Q):
            run = run + Q if self.open(i, "a", t) else 0
            best = max(best, run)
        return best

    def proposal(self, n, wall, start, *, gain, score, att, liked, too_short):
        """One proposal: attendees, reasons, exact score and gain rounded, shifts."""
        k = wall // self.step
        held = [
            self.monday + timedelta(days=7 * j)
            for j in range(self.weeks)
            if not self.rotate or j % self.count == n
        ]
        members = range(len(self.team))
        return {
            "wall": (wall // DAY, wall % DAY),
            "start": start,
            "attendees": [i for i in members if att[i][k]],
            "preferred": [i for i in members if liked[i][k]],
            "absentees": [
                (i, "no_window" if too_short[i] else "outside_availability")
                for i in members
                if not att[i][k]
            ],
            "score": float(score),
            "gain": float(gain),
            "weeks": held,
            "shifts": self.shifts(wall, held),
        }

    def changes(self, tz, start: int) -> tuple[tuple[int, timedelta], ...]:
        """The zone's offset changes during the session, relative to its start."""
        first = datetime.fromtimestamp(start, tz).utcoffset()
        out = []
        previous = first
        for t in range(start + Q, start + self.length, Q):
            offset = datetime.fromtimestamp(t, tz).utcoffset()
            if offset != previous:
                out.append((t - start, offset - first))
                previous = offset
        return tuple(out)

    def shifts(self, wall: int, held: list[date]):
        """The runs of weeks with an unusual local start, per zone, as plain values."""
        day, clock = divmod(wall, DAY)
        starts = [self.resolve(monday + timedelta(days=day), clock)[0] for monday in held]
        zones: dict[object, list[int]] = {}
        for i, m in enumerate(self.team):
            zones.setdefault(m.timezone, []).append(i)
        out = []
        for tz, indices in zones.items():
            local = [datetime.fromtimestamp(s, tz) for s in starts]
            faces = [(x.weekday(), x.time()) for x in local]
            tally = Counter(faces)
            top = max(tally.values())
            usual = next(f for f in faces if tally[f] == top)
            ref = faces.index(usual)
            keys = [(f, self.changes(tz, s)) for f, s in zip(faces, starts, strict=True)]
            j = 0
            while j < len(faces):
                if faces[j] == usual:
                    j += 1
                    continue
                end = j + 1
                while end < len(faces) and keys[end] == keys[j]:
                    end += 1
                before = {i: self.attends(i, starts[ref]) for i in indices}
                now = {i: [self.attends(i, starts[w]) for w in range(j, end)] for i in indices}
                wall_now = local[j].replace(tzinfo=None)
                wall_ref = local[ref].replace(tzinfo=None)
                out.append(
                    {
                        "weeks": held[j:end],
                        "zone": tz.key,
                        "start": starts[j],
                        "local_start": wall_now,
                        "usual_local_start": wall_ref,
                        "change": (wall_now - wall_ref) - (held[j] - held[ref]),
                        "members": indices,
                        "lost": [i for i in indices if before[i] and not all(now[i])],
                        "gained": [i for i in indices if not before[i] and any(now[i])],
                    }
                )
                j = end
        out.sort(key=lambda s: (s["weeks"][0], s["zone"]))
        return out


def observed(p: SlotProposal, team: list[Member]) -> dict[str, object]:
    """The planner's proposal in the reference's terms (members by input position)."""

    def at(members) -> list[int]:
        # positions of the given member objects; a member object may repeat in the team
        out: list[int] = []
        for m in members:
            out.append(next(i for i, x in enumerate(team) if x is m and i not in out))
        return out

    return {
        "wall": (p.slot.weekday, p.slot.start.hour * 3600 + p.slot.start.minute * 60),
        "start": int(p.start.timestamp()),
        "attendees": at(p.attendees),
        "preferred": at(p.preferred),
        "absentees": [
            (i, a.reason)
            for i, a in zip(at(a.member for a in p.absentees), p.absentees, strict=True)
        ],
        "score": p.score,
        "gain": p.gain,
        "weeks": list(p.weeks),
        "shifts": [
            {
                "weeks": list(s.weeks),
                "zone": s.timezone.key,
                "start": int(s.start.timestamp()),
                "local_start": s.local_start.replace(tzinfo=None),
                "usual_local_start": s.usual_local_start.replace(tzinfo=None),
                "change": s.change,
                "members": at(s.members),
                "lost": at(s.lost),
                "gained": at(s.gained),
            }
            for s in p.shifts
        ],
    }


@st.composite
def plans(draw: st.DrawFn) -> dict[str, object]:
    """Arguments of plan_office_hours around the clock changes of 2026-27."""
    count = draw(st.integers(1, 3))
    rotate = count > 1 and draw(st.booleans())
    host = draw(st.sampled_from(PLANNER_ZONES))
    hours = draw(st.none() | weekly_hours())
    return {
        "team": draw(st.lists(planner_members(), min_size=1, max_size=5)),
        "length": timedelta(minutes=draw(st.sampled_from([15, 30, 45, 60, 90, 120, 180]))),
        "host": host,
        "host_member": None if hours is None else Member("host", host, hours),
        "week_of": draw(change_weeks()),
        "step": timedelta(minutes=draw(st.sampled_from([30, 45, 60, 90, 120]))),
        "count": count,
        "rotate": rotate,
        "weeks": draw(st.integers(count if rotate else 1, 8)),
    }


@settings(max_examples=60, deadline=None)
@given(plans())
def test_planner_agrees_with_the_reference(case):
    """Slots, attendees, reasons, scores, gains and DST shifts all match the reference.

    A host given as a member restricts the candidates to sessions their hours hold.
    """
    team = case["team"]
    expected = Reference(**case).plan()
    try:
        proposals = plan_office_hours(
            team,
            case["length"],
            host=case["host_member"] or case["host"],
            week_of=case["week_of"],
            step=case["step"],
            count=case["count"],
            rotate=case["rotate"],
            weeks=case["weeks"],
        )
    except InfeasibleError:
        assert expected is None  # the host's hours hold no candidate session
    else:
        assert expected == [observed(p, team) for p in proposals]


def test_changes_lie_on_quarter_hours():
    """Guard of the reference: offsets and clock changes of the zones are quarter-aligned."""
    start = int(datetime(2025, 12, 1, tzinfo=UTC_TZ).timestamp())
    end = int(datetime(2028, 2, 1, tzinfo=UTC_TZ).timestamp())
    for key in PLANNER_ZONES:
        tz = zone(key)

        def offset(t: int, tz=tz) -> timedelta:
            return datetime.fromtimestamp(t, tz).utcoffset()

        previous = offset(start)
        assert previous.total_seconds() % Q == 0
        for t in range(start + 3600, end, 3600):
            current = offset(t)
            if current == previous:
                continue
            lo, hi = t - 3600, t  # the change lies in (lo, hi]
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if offset(mid) == previous else (lo, mid)
            assert hi % Q == 0, (key, hi)
            assert current.total_seconds() % Q == 0
            previous = current
