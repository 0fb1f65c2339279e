"""plan_office_hours: ranking, coverage, rotation, DST-mismatch weeks, bad input."""

from __future__ import annotations

import json
import pickle
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest

from cldr import clock_range
from servicekit._time import UTC, zone
from servicekit.exceptions import ConfigError, NaiveDatetimeError, UnknownTimeZoneError
from servicekit.hours import BusinessCalendar, Member, SlotProposal, plan_office_hours

HOUR = timedelta(hours=1)

#: A Berlin host's team; each member's hours hold exactly the Berlin Tuesday 18:00-19:00
#: slot as it falls in January 2026 (both hemispheres' winter/summer as of then).
WORLD = (
    Member("Jo", "America/New_York", {"tue": ["12:00-13:00"]}),
    Member("Ana", "America/Sao_Paulo", {"tue": ["13:00-15:00"]}),
    Member("Ivan", "Europe/Moscow", {"tue": ["19:00-21:00"]}),
    Member("Ravi", "Asia/Kolkata", {"tue": ["21:30-23:30"]}),
    Member("Sita", "Asia/Kathmandu", {"tue": ["21:45-23:45"]}),
    Member("Liam", "Australia/Sydney", {"wed": ["02:00-05:00"]}),
    Member("Zoe", "Australia/Lord_Howe", {"wed": ["02:30-05:00"]}),
)


@pytest.fixture(scope="module")
def world_plan() -> SlotProposal:
    """The best slot for WORLD, followed through 2026 and 2027."""
    (best,) = plan_office_hours(
        WORLD, HOUR, host="Europe/Berlin", week_of=date(2026, 1, 5), weeks=104
    )
    return best


def _runs(proposal: SlotProposal, key: str) -> list[tuple[date, ...]]:
    return [s.weeks for s in proposal.shifts if s.timezone.key == key]


class TestWorldTeam:
    """Berlin host with members on five continents, across the 2026 and 2027 changes."""

    def test_best_slot(self, world_plan):
        """Tuesday 18:00 Berlin is the only slot every member can attend."""
        assert datetime(2026, 1, 6, 17, tzinfo=UTC) == world_plan.start
        assert (1, time(18)) == (world_plan.slot.weekday, world_plan.slot.start)
        assert len(WORLD) == len(world_plan.attendees)
        assert 1.5 * len(WORLD) == world_plan.score
        assert "score = available weight 7 + 0.5 x preferred weight 7 = 10.5" in (
            world_plan.explanation
        )

    def test_new_york_mismatch_weeks(self, world_plan):
        """New York moves an hour only while one side is on DST: 3+1 weeks in 2026, 2+1 in 2027."""
        assert [
            (date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)),
            (date(2026, 10, 26),),
            (date(2027, 3, 15), date(2027, 3, 22)),
            (date(2027, 11, 1),),
        ] == _runs(world_plan, "America/New_York")
        for shift in (s for s in world_plan.shifts if s.timezone.key == "America/New_York"):
            assert HOUR == shift.change
            assert time(13) == shift.local_start.time()
            assert time(12) == shift.usual_local_start.time()
            assert ["Jo"] == [m.name for m in shift.lost]
            assert () == shift.gained

    def test_no_dst_zones_follow_berlin(self, world_plan):
        """Kolkata, Kathmandu, Moscow and São Paulo shift in Berlin's winter weeks only."""
        winter_2026_27 = _runs(world_plan, "Asia/Kolkata")
        assert date(2026, 1, 5) == winter_2026_27[0][0]
        assert date(2026, 3, 23) == winter_2026_27[0][-1]
        assert date(2026, 10, 26) == winter_2026_27[1][0]
        assert date(2027, 3, 22) == winter_2026_27[1][-1]
        for key in ("Asia/Kathmandu", "Europe/Moscow", "America/Sao_Paulo"):
            assert winter_2026_27 == _runs(world_plan, key)
        kathmandu = [s for s in world_plan.shifts if s.timezone.key == "Asia/Kathmandu"]
        assert time(21, 45) == kathmandu[0].usual_local_start.time()
        assert time(22, 45) == kathmandu[0].local_start.time()
        # Sita's hours start at 21:45, so the usual (summer) time suits her as well.
        assert () == kathmandu[0].lost

    def test_lord_howe_half_hour(self, world_plan):
        """Lord Howe shows three local times: 02:30 usually, 03:00 and 04:00 in between."""
        shifts = [s for s in world_plan.shifts if s.timezone.key == "Australia/Lord_Howe"]
        assert {time(2, 30)} == {s.usual_local_start.time() for s in shifts}
        assert {timedelta(minutes=30), timedelta(minutes=90)} == {s.change for s in shifts}
        spring = next(s for s in shifts if date(2026, 3, 30) in s.weeks)
        assert (date(2026, 3, 30),) == spring.weeks
        assert time(3) == spring.local_start.time()
        assert "+11:00" == spring.local_start.isoformat()[-6:]

    def test_sydney(self, world_plan):
        """Sydney: 02:00 in the northern summer, 03:00 and 04:00 otherwise; Liam keeps it."""
        shifts = [s for s in world_plan.shifts if s.timezone.key == "Australia/Sydney"]
        assert {timedelta(hours=1), timedelta(hours=2)} == {s.change for s in shifts}
        assert all(s.lost == () for s in shifts)
        october = next(s for s in shifts if date(2026, 10, 5) in s.weeks)
        assert (date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19)) == october.weeks

    def test_lost_members(self, world_plan):
        """Only the New Yorker loses the slot in some week."""
        assert ["Jo"] == [m.name for m in world_plan.lost]
        assert 104 == len(world_plan.weeks)

    def test_to_dict(self, world_plan):
        """The proposal turns into plain JSON: ISO times, names, shifts with ISO durations."""
        data = json.loads(json.dumps(world_plan.to_dict()))
        assert "2026-01-06T18:00:00+01:00" == data["start"]
        assert [m.name for m in WORLD] == data["attendees"]
        assert [] == data["absentees"]
        ny = [s for s in data["shifts"] if s["timezone"] == "America/New_York"]
        assert ["2026-03-09", "2026-03-16", "2026-03-23"] == ny[0]["weeks"]
        assert ("PT1H", ["Jo"], ["Jo"]) == (ny[0]["change"], ny[0]["lost"], ny[0]["members"])
        assert "2026-03-10T13:00:00-04:00" == ny[0]["local_start"]
        assert 104 == len(data["weeks"])

    def test_values_pickle(self, world_plan):
        """A proposal is a value: it pickles and compares equal."""
        assert world_plan == pickle.loads(pickle.dumps(world_plan))  # noqa: S301 - own data


class TestClockChangeInsideTheSlot:
    """A week whose slot spans the member zone's own clock change."""

    def test_members_lose_the_spring_forward_week(self):
        """Sunday 00:30 UTC: Berlin's clocks jump during the slot on 29 March 2026."""
        weekly = Member("W", "Europe/Berlin", {"sun": ["02:00-04:00"]})
        calendar = Member(
            "C",
            "Europe/Berlin",
            BusinessCalendar.from_dict(
                {"timezone": "Europe/Berlin", "hours": {"sun": ["02:00-04:00"]}}
            ),
        )
        anchor = Member("U", "UTC", {"sun": ["00:30-01:30"]}, weight=5)
        (best,) = plan_office_hours(
            [weekly, calendar, anchor], HOUR, host="UTC", week_of=date(2026, 3, 23), weeks=10
        )
        assert (6, time(0, 30)) == (best.slot.weekday, best.slot.start)
        assert ["U"] == [m.name for m in best.attendees]
        (shift,) = best.shifts
        assert ((date(2026, 3, 23),), "Europe/Berlin") == (shift.weeks, shift.timezone.key)
        assert -HOUR == shift.change
        assert "2026-03-29T01:30:00+01:00" == shift.local_start.isoformat()
        assert ["W", "C"] == [m.name for m in shift.lost]


class TestRanking:
    """Score, preferred hours, weights and tie-breaks."""

    def test_preferred_hours_break_ties(self):
        """Of two slots everyone can attend, the one in preferred hours wins."""
        team = [
            Member("A", "UTC", {"mon": ["09:00-12:00"]}, preferred={"mon": ["11:00-12:00"]}),
            Member("B", "UTC", {"mon": ["09:00-12:00"]}),
        ]
        (best,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 1))
        assert time(11) == best.slot.start
        assert ["A", "B"] == [m.name for m in best.preferred]
        assert 3.0 == best.score

    def test_weight(self):
        """A heavier member outweighs a lighter one."""
        team = [
            Member("Light", "UTC", {"mon": ["09:00-10:00"]}),
            Member("Heavy", "UTC", {"tue": ["09:00-10:00"]}, weight=2.5),
        ]
        (best,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 1))
        assert ["Heavy"] == [m.name for m in best.attendees]
        assert 3.75 == best.score
        assert [("Light", "outside_availability")] == [
            (a.member.name, a.reason) for a in best.absentees
        ]

    def test_earliest_wins_a_tie(self):
        """Equal scores go to the earliest start of the week."""
        team = [Member("A", "UTC", "24/7")]
        (best,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 3))
        assert datetime(2026, 6, 1, tzinfo=UTC) == best.start

    def test_gap_start_prefers_the_real_wall_time(self):
        """Where 02:00 (in the gap) and 03:00 are the same instant, 03:00 is proposed."""
        team = [Member("A", "UTC", {"sun": ["01:00-02:00"]})]
        (best,) = plan_office_hours(team, HOUR, host="Europe/Berlin", week_of=date(2026, 3, 29))
        assert (6, time(3)) == (best.slot.weekday, best.slot.start)
        assert datetime(2026, 3, 29, 1, tzinfo=UTC) == best.start

    def test_step(self):
        """With hourly steps the half-hour window cannot hold a one-hour slot."""
        team = [Member("A", "UTC", {"mon": ["09:30-10:30"]})]
        (best,) = plan_office_hours(
            team, HOUR, host="UTC", week_of=date(2026, 6, 1), step=timedelta(hours=1)
        )
        assert not best.feasible
        (fine,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 1))
        assert time(9, 30) == fine.slot.start

    def test_calendar_availability_with_holiday(self):
        """A BusinessCalendar's holiday removes that week's hours."""
        cal = BusinessCalendar.from_dict(
            {"timezone": "UTC", "hours": {"mon-tue": ["09:00-10:00"]}, "holidays": ["2026-06-01"]}
        )
        team = [Member("A", "UTC", cal), Member("B", "UTC", {"mon": ["09:00-10:00"]})]
        (best,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 1), weeks=3)
        assert ["B"] == [m.name for m in best.attendees]
        assert (date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 15)) == best.weeks


class TestCoverage:
    """count > 1 covers the most members; rotate takes turns."""

    TEAM = (
        Member("Jo", "America/Los_Angeles", {"mon-fri": ["09:00-12:00"]}),
        Member("Al", "America/Denver", {"mon-fri": ["10:00-13:00"]}),
        Member("Ko", "Asia/Tokyo", {"mon-fri": ["09:00-11:00"]}),
        Member("Mi", "Asia/Seoul", {"mon-fri": ["09:00-11:00"]}),
        Member("Ra", "Asia/Kolkata", {"mon-fri": ["05:30-07:30"]}),
    )

    def test_two_sessions_cover_both_sides(self):
        """Two greedy picks serve the Americas and Asia; the second adds only new people."""
        first, second = plan_office_hours(
            self.TEAM, HOUR, host="Europe/Berlin", week_of=date(2026, 2, 2), count=2
        )
        names = {m.name for p in (first, second) for m in p.attendees}
        assert {"Jo", "Al", "Ko", "Mi", "Ra"} == names
        assert first.score >= second.score
        assert not {m.name for m in first.attendees} & {m.name for m in second.attendees}
        assert first.gain == first.score
        assert "greedy pick 2 of 2" in second.explanation
        assert second.rotation is None

    def test_slots_do_not_overlap(self):
        """Picks keep at least the session length apart, even when one slot suits all."""
        team = [Member("A", "UTC", {"mon": ["09:00-12:00"]})]
        picks = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 6, 1), count=3)
        starts = sorted(p.start for p in picks)
        assert all(b - a >= HOUR for a, b in pairwise(starts))
        assert [True, True, True] == [p.feasible for p in picks]

    def test_no_room_for_more(self):
        """A 1-day session leaves room for 7 picks in a week at most."""
        team = [Member("A", "UTC", "24/7")]
        picks = plan_office_hours(
            team,
            timedelta(days=1),
            host="UTC",
            week_of=date(2026, 6, 1),
            count=10,
            step=timedelta(hours=12),
            weeks=1,
        )
        assert 7 == len(picks)

    def test_rotation_needs_a_week_per_slot(self):
        """A rotation followed through fewer weeks than it has slots is refused, naming weeks."""
        with pytest.raises(ConfigError, match="needs weeks >= 2 so that each slot is held; got 1"):
            plan_office_hours(
                self.TEAM,
                HOUR,
                host="UTC",
                week_of=date(2026, 3, 2),
                count=2,
                rotate=True,
                weeks=1,
            )

    def test_rotation(self):
        """A rotation of three: both sides covered first, the third turn by diminishing returns."""
        picks = plan_office_hours(
            self.TEAM,
            HOUR,
            host="Europe/Berlin",
            week_of=date(2026, 2, 2),
            count=3,
            rotate=True,
            weeks=6,
        )
        assert [0, 1, 2] == [p.rotation for p in picks]
        assert [
            (date(2026, 2, 2), date(2026, 2, 23)),
            (date(2026, 2, 9), date(2026, 3, 2)),
            (date(2026, 2, 16), date(2026, 3, 9)),
        ] == [p.weeks for p in picks]
        first, second, third = picks
        assert not {m.name for m in first.attendees} & {m.name for m in second.attendees}
        assert {"Jo", "Al", "Ko", "Mi", "Ra"} == {
            m.name for p in (first, second) for m in p.attendees
        }
        assert "count 0" in second.explanation
        assert "1/(c+1)" in third.explanation
        assert third.feasible


class TestNobody:
    """When nobody can attend, the answer says so instead of raising."""

    def test_absentees_to_dict(self):
        """Absences store the name, the reason and the member's local times."""
        team = [Member("A", "Asia/Tokyo", {"mon": ["09:00-10:00"]})]
        (p,) = plan_office_hours(team, timedelta(hours=2), host="UTC", week_of=date(2026, 6, 1))
        assert [
            {
                "name": "A",
                "reason": "no_window",
                "start": "2026-06-01T09:00:00+09:00",
                "end": "2026-06-01T11:00:00+09:00",
            }
        ] == p.to_dict()["absentees"]
        assert p.to_dict()["rotation"] is None

    def test_absence_explained_to_the_member(self):
        """An absence is told to the member in their language and local time."""
        team = [
            Member("En", "America/New_York", {"mon": ["09:00-10:00"]}),
            Member("De", "Europe/Berlin", {"mon": ["09:00-10:00"]}, locale="de"),
            Member("It", "Europe/Rome", {"mon": ["09:00-10:00"]}, locale="it"),
            Member("Ru", "Europe/Moscow", {"mon": ["09:00-10:00"]}, locale="ru"),
            Member("Host", "UTC", {"mon": ["12:00-13:00"]}, weight=10),
        ]
        (p,) = plan_office_hours(team, HOUR, host="UTC", week_of=date(2026, 1, 5), weeks=1)
        assert [
            "Mon 7:00\u2009–\u20098:00\u202fAM your time is outside your available hours",
            "Mo 13:00–14:00 Uhr (Ihre Zeit) liegt außerhalb Ihrer verfügbaren Zeiten",
            "lun 13:00–14:00 (tua ora locale) è fuori dalla tua disponibilità",
            (
                f"пн {clock_range('ru', '15:00', '16:00')} по вашему времени — "
                "вне ваших доступных часов"
            ),
        ] == [a.render() for a in p.absentees]
        assert p.absentees[3].render("fr").startswith("Mon 3:00")

    def test_no_window_explained(self):
        """A member without a long enough stretch is told so, with the length."""
        team = [Member("A", "Asia/Tokyo", {"mon": ["09:00-10:00"]}, locale="ru")]
        (p,) = plan_office_hours(team, timedelta(hours=2), host="UTC", week_of=date(2026, 6, 1))
        assert (
            "в ваших доступных часах на этой неделе нет промежутка нужной длины (2 часа)"
            == p.absentees[0].render()
        )
        assert p.absentees[0].render("de").endswith("(2 Stunden)")

    def test_duration_longer_than_anyone(self):
        """A 3-hour session for members with 2-hour windows: everyone absent, with reasons."""
        team = [
            Member("A", "Asia/Tokyo", {"mon-fri": ["09:00-11:00"]}),
            Member("B", "America/Chicago", {"sat": ["10:00-12:00"]}),
        ]
        (p,) = plan_office_hours(team, timedelta(hours=3), host="UTC", week_of=date(2026, 6, 1))
        assert not p.feasible
        assert 0 == p.score
        assert p.explanation.startswith("nobody can attend")
        assert [("A", "no_window"), ("B", "no_window")] == [
            (a.member.name, a.reason) for a in p.absentees
        ]
        assert zone("Asia/Tokyo") == p.absentees[0].start.tzinfo


class TestBadInput:
    """Bad input raises the documented errors naming the field."""

    TEAM = (Member("A", "UTC", "24/7"),)

    def test_no_members(self):
        """An empty team is a ConfigError (a ValueError)."""
        with pytest.raises(ConfigError, match="members: no members"):
            plan_office_hours([], HOUR, host="UTC", week_of=date(2026, 6, 1))

    def test_naive_week_of(self):
        """A naive week_of is rejected."""
        with pytest.raises(NaiveDatetimeError, match="week_of"):
            plan_office_hours(self.TEAM, HOUR, host="UTC", week_of=datetime(2026, 6, 1))  # noqa: DTZ001

    def test_unknown_host_zone(self):
        """An unknown host zone names the field."""
        with pytest.raises(UnknownTimeZoneError, match="host"):
            plan_office_hours(self.TEAM, HOUR, host="Europe/Berln", week_of=date(2026, 6, 1))

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"step": timedelta(seconds=30)}, ConfigError, "step"),
            ({"step": timedelta(days=2)}, ConfigError, "step"),
            ({"step": 15}, TypeError, "step must be a timedelta"),
            ({"count": 0}, ConfigError, "count: must be from 1"),
            ({"count": 101}, ConfigError, "count: must be from 1 to 100"),
            ({"count": 1.0}, TypeError, "count must be an int"),
            ({"weeks": 0}, ConfigError, "weeks"),
            ({"weeks": 521}, ConfigError, "weeks"),
            ({"rotate": True}, ConfigError, "rotation needs count >= 2"),
            ({"rotate": 1, "count": 2}, TypeError, "rotate must be a bool"),
        ],
    )
    def test_bad_options(self, kwargs, error, match):
        """Options out of range or of the wrong type."""
        with pytest.raises(error, match=match):
            plan_office_hours(self.TEAM, HOUR, host="UTC", week_of=date(2026, 6, 1), **kwargs)

    def test_bad_duration(self):
        """Durations must be positive and at most a day."""
        with pytest.raises(ConfigError, match="duration"):
            plan_office_hours(self.TEAM, timedelta(0), host="UTC", week_of=date(2026, 6, 1))

    def test_bad_members(self):
        """Members must be an iterable of Member."""
        with pytest.raises(TypeError, match="members must be an iterable"):
            plan_office_hours("abc", HOUR, host="UTC", week_of=date(2026, 6, 1))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"members\[1\] must be a Member"):
            plan_office_hours(
                [self.TEAM[0], "B"],  # type: ignore[list-item]
                HOUR,
                host="UTC",
                week_of=date(2026, 6, 1),
            )

    def test_host_as_member(self):
        """A member may be the host: their zone anchors the slots."""
        host = Member("H", "Asia/Tokyo", "24/7")
        (p,) = plan_office_hours(self.TEAM, HOUR, host=host, week_of=date(2026, 6, 1))
        assert zone("Asia/Tokyo") == p.start.tzinfo
