"""plan_office_hours in DST weeks and with exact scores: the defects of issue 21."""

from __future__ import annotations

import itertools
import json
import math
from datetime import date, datetime, time, timedelta

import pytest

from servicekit._time import UTC, zone
from servicekit.exceptions import ConfigError, InfeasibleError
from servicekit.hours import Member, plan_office_hours

HOUR = timedelta(hours=1)
HALF = timedelta(minutes=30)


def _utc(proposal):
    return proposal.start.astimezone(UTC), proposal.end.astimezone(UTC)


class TestCountInRealTime:
    """With count > 1, slots never share an instant, whatever the wall clock says."""

    def test_gap_start_and_its_real_wall_time_are_one_slot(self):
        """Berlin's 02:00 (in the gap) and 03:00 are both 03:00 CEST: only one is proposed."""
        team = [
            Member("A", "Europe/Berlin", {"sun": ["01:00-05:00"]}),
            Member("B", "Europe/Berlin", {"sun": ["03:00-03:30"]}),
        ]
        first, second = plan_office_hours(
            team, HALF, host="Europe/Berlin", week_of=date(2026, 3, 23), count=2
        )
        assert (6, time(3)) == (first.slot.weekday, first.slot.start)
        assert "2026-03-29T03:00:00+02:00" == first.start.isoformat()
        a, b = _utc(first)
        c, d = _utc(second)
        assert b <= c or d <= a
        assert "2026-03-29T01:00:00+01:00" == second.start.isoformat()

    def test_long_session_across_the_change(self):
        """Sun 00:00 for 12 hours ends at 13:00 CEST, so Sun 12:00 is blocked."""
        team = [Member("A", "Europe/Berlin", {"sun": ["00:00-24:00"]})]
        first, second = plan_office_hours(
            team,
            timedelta(hours=12),
            host="Europe/Berlin",
            week_of=date(2026, 3, 23),
            count=2,
            step=HOUR,
        )
        assert "2026-03-29T13:00:00+02:00" == first.end.isoformat()
        a, b = _utc(first)
        c, d = _utc(second)
        assert b <= c or d <= a
        assert time(12) != second.slot.start or second.slot.weekday != 6

    def test_session_past_sunday_blocks_next_monday(self):
        """A Sunday 23:00 two-hour session runs into next Monday 00:00: that start is blocked."""
        team = [
            Member("A", "UTC", {"sun": ["23:00-24:00"], "mon": ["00:00-01:00"]}, weight=3),
            Member("B", "UTC", {"mon": ["00:00-01:00"]}, weight=2),
        ]
        first, second = plan_office_hours(
            team, 2 * HOUR, host="UTC", week_of=date(2026, 6, 1), count=2, step=HOUR
        )
        assert (6, time(23)) == (first.slot.weekday, first.slot.start)
        assert (0, time(0)) != (second.slot.weekday, second.slot.start)
        assert not (0, time(0)) < (second.slot.weekday, second.slot.start) < (0, time(1))

    def test_next_week_sunday_blocked_by_monday_dst(self):
        """Real time across the week's end: Berlin's autumn Sunday is 25 hours long."""
        team = [Member("A", "Europe/Berlin", "24/7")]
        picks = plan_office_hours(
            team,
            timedelta(days=1),
            host="Europe/Berlin",
            week_of=date(2026, 10, 19),
            count=10,
            step=timedelta(hours=12),
            weeks=1,
        )
        spans = sorted(_utc(p) for p in picks)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start
        assert 7 == len(picks)


class TestOneRunPerShift:
    """A slot ending exactly at a clock change stays in its run of weeks."""

    def test_chicago_slot_ending_at_the_spring_change(self):
        """One run from 2026-10-26 to 2027-03-08, not two with the same change."""
        team = [Member("C", "America/Chicago", {"sun": ["02:30-03:00"]})]
        (p,) = plan_office_hours(team, HALF, host="UTC", week_of=date(2026, 6, 1), weeks=52)
        (shift,) = p.shifts
        assert (date(2026, 10, 26), date(2027, 3, 8)) == (shift.weeks[0], shift.weeks[-1])
        assert 20 == len(shift.weeks)
        assert -HOUR == shift.change
        assert time(1, 30) == shift.local_start.time()
        assert ["C"] == [m.name for m in shift.lost]


class TestGainedMembersCanAttend:
    """Attendance in a shift week is checked at that week's own clock-change instant."""

    P = Member("P", "UTC", {"sun": ["00:45-02:45"]}, weight=2)
    M = Member("M", "Africa/Casablanca", {"sun": ["01:45-06:30"]})

    def test_casablanca_change_inside_the_slot(self):
        """Week of 2026-09-14: Casablanca's clocks go back at 01:00 UTC, M cannot attend."""
        casablanca = zone("Africa/Casablanca")
        before = datetime(2026, 9, 20, 0, 45, tzinfo=UTC).astimezone(casablanca)
        after = datetime(2026, 9, 20, 2, 45, tzinfo=UTC).astimezone(casablanca)
        if before.utcoffset() == after.utcoffset():  # Morocco's rules changed in tzdata 2026
            pytest.skip("this tzdata has no Casablanca clock change on 2026-09-20")
        (p,) = plan_office_hours(
            [self.P, self.M], 2 * HOUR, host="UTC", week_of=date(2026, 2, 9), weeks=60
        )
        assert (6, time(0, 45)) == (p.slot.weekday, p.slot.start)
        week = date(2026, 9, 14)
        assert p.slot.for_member(self.M, week).can_attend is False
        (shift,) = [s for s in p.shifts if week in s.weeks]
        assert (week,) == shift.weeks
        assert () == shift.gained
        for s in p.shifts:  # every gain agrees with the member's own view of the slot
            assert all(any(p.slot.for_member(m, w).can_attend for w in s.weeks) for m in s.gained)
            assert all(not all(p.slot.for_member(m, w).can_attend for w in s.weeks) for m in s.lost)


class TestExactScores:
    """Scores are exact, so ties do not depend on float noise."""

    TEAM = (
        Member("a", "UTC", {"tue": ["06:00-07:00"]}, weight=0.7),
        Member("b", "UTC", {"mon": ["04:00-05:00"], "wed": ["06:00-07:00"]}, weight=0.7),
        Member(
            "c",
            "UTC",
            {"mon": ["05:00-08:00"], "tue": ["06:00-07:00"], "wed": ["00:00-07:00"]},
            weight=0.1,
        ),
        Member("d", "UTC", {"tue": ["00:00-02:00"], "wed": ["04:00-06:00"]}, weight=0.1),
    )

    def _plan(self, team):
        return plan_office_hours(
            team, HOUR, host="UTC", week_of=date(2026, 6, 1), weeks=1, step=HOUR, count=2
        )

    def test_removing_a_bystander_keeps_the_pick(self):
        """Member d attends neither tied slot; with or without d, Tuesday 06:00 is first."""
        with_d, without_d = self._plan(self.TEAM), self._plan(self.TEAM[:3])
        d = self.TEAM[3]
        assert not any(d is m for p in with_d for m in p.attendees)
        assert [p.start for p in with_d] == [p.start for p in without_d]
        assert datetime(2026, 6, 2, 6, tzinfo=UTC) == with_d[0].start

    def test_scores_are_the_decimal_values(self):
        """0.7 + 0.1 is 0.8 and the score 1.2, not 1.2000000000000002."""
        first, second = self._plan(self.TEAM)
        assert (1.2, 1.2) == (first.score, first.gain)
        assert (1.2, 1.05) == (second.score, second.gain)
        assert "available weight 0.8 + 0.5 x preferred weight 0.8 = 1.2" in first.explanation

    def test_huge_weights_do_not_overflow(self):
        """Two members of weight 1e308: exact ranking, the rounded score is inf."""
        team = [
            Member("a", "UTC", {"mon": ["09:00-10:00"]}, weight=1e308),
            Member("b", "UTC", {"mon": ["09:00-10:00"]}, weight=1e308),
            Member("c", "UTC", {"tue": ["09:00-10:00"]}, weight=1.7e308),
        ]
        first, second = plan_office_hours(
            team, HOUR, host="UTC", week_of=date(2026, 6, 1), weeks=1, count=2
        )
        assert ["a", "b"] == [m.name for m in first.attendees]
        assert math.inf == first.score
        assert ["c"] == [m.name for m in second.attendees]
        assert 1.7e308 * 1.5 == second.gain  # inf as well: beyond the float range
        assert json.dumps(first.to_dict())

    def test_tiny_weights_are_exact(self):
        """5e-324 counts: it breaks a tie that float sums would lose."""
        team = [
            Member("a", "UTC", {"mon": ["09:00-10:00"]}, weight=1.0),
            Member("b", "UTC", {"tue": ["09:00-10:00"]}, weight=1.0),
            Member("c", "UTC", {"tue": ["09:00-10:00"]}, weight=5e-324),
        ]
        (p,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 1), weeks=1)
        assert ["b", "c"] == [m.name for m in p.attendees]

    def test_float_subclass_weight(self):
        """A float subclass that prints otherwise (like numpy's float64) counts as its value."""

        class Tagged(float):
            def __repr__(self) -> str:
                return f"Tagged({float(self)!r})"

        team = [Member("a", "UTC", {"mon": ["09:00-10:00"]}, weight=Tagged(0.1))]
        (p,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 1), weeks=1)
        assert 0.15 == p.score

    @pytest.mark.parametrize(
        "weight",
        [10**400, -(10**5000), math.nan, math.inf, -1.0, 0],
        ids=["10**400", "-10**5000", "nan", "inf", "-1.0", "0"],
    )
    def test_bad_weights(self, weight):
        """Weights beyond the float range, nan, inf and non-positive ones are refused."""
        with pytest.raises(ConfigError, match="weight: weight must be a positive number"):
            Member("a", "UTC", "24/7", weight=weight)
        data = {"name": "a", "timezone": "UTC", "availability": "24/7", "weight": weight}
        with pytest.raises(ConfigError, match=r"^member\.weight: "):
            Member.from_dict(data)

    def test_huge_weight_message_stays_short(self):
        """An int of thousands of digits is described by its size, not printed."""
        with pytest.raises(ConfigError, match="got an int of 16610 bits"):
            Member("a", "UTC", "24/7", weight=10**5000)


class TestWrittenRules:
    """Rules of the explanation page that the reference test does not cover."""

    def test_no_window_only_without_a_long_enough_stretch(self):
        """A stretch that fits the session but no hourly start is outside_availability."""
        team = [
            Member("A", "UTC", {"mon": ["09:30-10:30"]}),
            Member("B", "UTC", {"tue": ["09:00-09:30"]}),
            Member("C", "UTC", {"wed": ["09:00-10:00"]}),
        ]
        (p,) = plan_office_hours(
            team, HOUR, host="UTC", week_of=date(2026, 6, 1), step=HOUR, weeks=1
        )
        assert ["C"] == [m.name for m in p.attendees]
        assert [("A", "outside_availability"), ("B", "no_window")] == [
            (a.member.name, a.reason) for a in p.absentees
        ]

    def test_shift_members_in_input_order(self):
        """members, lost and gained of a DstShift follow the input order."""
        team = [
            Member("Z", "America/New_York", {"tue": ["12:00-13:00"]}),
            Member("A", "America/New_York", {"tue": ["12:00-14:00"]}),
            Member("Y", "America/New_York", {"tue": ["13:00-14:00"]}),
            Member("Host", "Europe/Berlin", {"tue": ["18:00-19:00"]}, weight=10),
        ]
        (p,) = plan_office_hours(
            team, HOUR, host="Europe/Berlin", week_of=date(2026, 1, 5), weeks=12
        )
        (shift,) = [s for s in p.shifts if s.timezone.key == "America/New_York"]
        assert ["Z", "A", "Y"] == [m.name for m in shift.members]
        assert ["Z"] == [m.name for m in shift.lost]
        assert ["Y"] == [m.name for m in shift.gained]

    def test_usual_time_tie_goes_to_the_first_seen(self):
        """Two local times, equally frequent: the one of the earlier week is the usual one."""
        team = [Member("N", "America/New_York", "24/7")]
        (p,) = plan_office_hours(
            team, HOUR, host="Europe/Berlin", week_of=date(2026, 3, 2), weeks=2
        )
        # 2 Mar: Berlin and New York both on standard time; 9 Mar: New York on DST
        (shift,) = p.shifts
        assert (date(2026, 3, 9),) == shift.weeks
        assert p.start.astimezone(shift.timezone) == shift.usual_local_start


class TestHostMember:
    """Issue 17, item 4: a host given as a member is only proposed inside their hours."""

    TEAM = (
        Member("Jo", "America/New_York", {"mon-fri": ["09:00-17:00"]}),
        Member("Ravi", "Asia/Kolkata", {"mon-fri": ["18:00-22:00"]}),
    )
    HOST = Member("host", "Europe/Berlin", {"mon-fri": ["18:00-21:00"]})

    def test_not_before_the_host_is_free(self):
        """Without the host's hours 17:00 Berlin would win; with them, 18:00 or later."""
        picks = plan_office_hours(
            self.TEAM, HOUR, host=self.HOST, week_of=date(2026, 3, 2), count=3, weeks=1
        )
        assert 3 == len(picks)
        for p in picks:
            assert p.slot.weekday < 5
            assert time(18) <= p.slot.start <= time(20)
            assert p.slot.for_member(self.HOST, date(2026, 3, 2)).can_attend
        assert "2026-03-02T18:00:00+01:00" == picks[0].start.isoformat()

    def test_a_zone_alone_keeps_the_old_choice(self):
        """host="Europe/Berlin" ignores nobody's hours: 15:00 suits both members."""
        (p,) = plan_office_hours(
            self.TEAM, HOUR, host="Europe/Berlin", week_of=date(2026, 3, 2), weeks=1
        )
        assert "2026-03-02T15:00:00+01:00" == p.start.isoformat()

    def test_host_is_not_an_attendee_unless_a_member(self):
        """The host restricts the slots; only members are counted and listed."""
        (p,) = plan_office_hours(self.TEAM, HOUR, host=self.HOST, week_of=date(2026, 3, 2))
        assert ["Jo"] == [m.name for m in p.attendees]
        (q,) = plan_office_hours(
            (*self.TEAM, self.HOST), HOUR, host=self.HOST, week_of=date(2026, 3, 2)
        )
        assert ["Jo", "host"] == [m.name for m in q.attendees]

    def test_host_hours_too_short(self):
        """No session fits the host's hours: InfeasibleError saying how to fix it."""
        host = Member("h", "Europe/Berlin", {"mon": ["18:00-18:30"]})
        with pytest.raises(InfeasibleError, match="widen the host's hours"):
            plan_office_hours(self.TEAM, HOUR, host=host, week_of=date(2026, 3, 2))


class TestCountInEveryWeek:
    """Slots kept apart in the planned week must not meet in a later DST week either."""

    def test_spring_gap_would_merge_two_slots(self):
        """Sun 02:00 and 03:00 Berlin are apart on 7 March 2027 but one instant on the 28th."""
        team = [
            Member("A", "Europe/Berlin", {"sun": ["02:00-03:00"]}),
            Member("B", "Europe/Berlin", {"sun": ["03:00-04:00"]}),
        ]
        only_planned = plan_office_hours(
            team, HOUR, host="Europe/Berlin", week_of=date(2027, 3, 1), count=2, weeks=1
        )
        assert [time(2), time(3)] == sorted(p.slot.start for p in only_planned)
        first, second = plan_office_hours(
            team, HOUR, host="Europe/Berlin", week_of=date(2027, 3, 1), count=2, weeks=5
        )
        spring = [p.slot.occurrence_in_week(date(2027, 3, 22)) for p in (first, second)]
        a, b = (o.start.astimezone(UTC) for o in spring)
        assert abs(a - b) >= HOUR
        assert ["A"] == [m.name for m in first.attendees]
        # B's only start, Sun 03:00, meets A's slot on 28 March: B is left out
        assert (6, time(3)) != (second.slot.weekday, second.slot.start)
        assert not second.feasible
