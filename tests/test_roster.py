"""Names on the shifts: local availability across zones, contracts, rest and fairness."""

from __future__ import annotations

import itertools
import pickle
import sys
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

import pytest

from servicekit.channels import (
    Assignment,
    Person,
    Roster,
    ScheduledShift,
    ShiftTemplate,
    _shifts,
    assign_shifts,
    schedule_shifts,
)
from servicekit.exceptions import ConfigError, InfeasibleError
from servicekit.hours import BusinessCalendar

MONDAY = datetime(2026, 3, 2, tzinfo=timezone.utc)
OK = {"name": "A", "timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}}
HOUR = timedelta(hours=1)


def shift(template, day, hour, length=8, heads=1, breaks=()):  # noqa: PLR0917
    """A scheduled shift on day ``day`` of the week from 2 March 2026 (UTC)."""
    start = MONDAY + timedelta(days=day, hours=hour)
    return ScheduledShift(
        template=template,
        start=start,
        end=start + length * HOUR,
        heads=heads,
        breaks=tuple(breaks),
        cost=float(length * heads),
    )


def person(name, zone="UTC", hours=None, **kwargs):
    """A person available 24/7 (or in ``hours``) in ``zone``."""
    data = {"name": name, "timezone": zone, "hours": hours or {"mon-sun": ["00:00-24:00"]}}
    return Person.from_dict({**data, **kwargs})


class TestAssign:
    """Every shift gets its heads, inside each person's own hours."""

    def test_people_across_zones_get_shifts_in_their_local_hours(self):
        """A São Paulo morning and a Manila evening cover one UTC day between them."""
        early = shift("early", 0, 10, length=6)  # 07:00-13:00 in São Paulo
        late = shift("late", 0, 16, length=6)  # 00:00-06:00 Tuesday in Manila
        ana = person("Ana", "America/Sao_Paulo", {"mon-fri": ["07:00-13:00"]})
        bo = person("Bo", "Asia/Manila", {"tue-sat": ["00:00-06:00"]})
        roster = assign_shifts([early, late], [bo, ana])
        assert [("Ana", "early", time(7)), ("Bo", "late", time(0))] == [
            (a.person, a.template, a.start.time()) for a in roster.assignments
        ]
        assert roster.optimal
        assert "Asia/Manila" == str(roster.of("Bo")[0].start.tzinfo)

    def test_a_schedule_is_taken_as_it_is(self):
        """A ShiftSchedule's shifts are staffed, heads and all."""
        need = [(MONDAY + k * HOUR, 2) for k in range(4)]
        block = ShiftTemplate(name="block", length=4 * HOUR, starts=[(time(0), time(0))])
        schedule = schedule_shifts(need, [block], interval=HOUR)
        roster = assign_shifts(schedule, [person("A"), person("B"), person("C")])
        assert 2 == len(roster.assignments)
        assert 2 == len({a.person for a in roster.assignments})

    def test_rest_and_contracts(self):
        """Nobody works two shifts within 11 hours, nor beyond their contracted hours."""
        shifts = [shift("day", 0, 8), shift("night", 0, 20), shift("day", 1, 8)]
        people = [person("A", contracted_hours=16), person("B", contracted_hours=8)]
        roster = assign_shifts(shifts, people)
        a = [x.start.day for x in roster.of("A")]
        assert 2 == len(a)
        assert 1 == len(roster.of("B"))
        assert [2, 3] == sorted(a) or roster.of("B")[0].template == "night"
        for name in ("A", "B"):
            mine = sorted(roster.of(name), key=lambda x: x.start)
            for first, second in itertools.pairwise(mine):
                assert second.start - first.end >= timedelta(hours=11)

    def test_breaks_do_not_count_as_worked_hours(self):
        """A nine-hour shift with a one-hour break is eight hours of a contract."""
        lunch = (MONDAY + 12 * HOUR, MONDAY + 13 * HOUR)
        roster = assign_shifts(
            [shift("day", 0, 8, length=9, breaks=[lunch])], [person("A", contracted_hours=8)]
        )
        assert 1 == len(roster.assignments)

    def test_inconvenient_shifts_rotate(self):
        """Nights go to whoever had fewer so far."""
        nights = [shift("night", d, 22) for d in (0, 2, 4)]
        people = [
            person("A", inconvenient_so_far=5),
            person("B"),
            person("C", inconvenient_so_far=1),
        ]
        roster = assign_shifts(nights, people, inconvenient=["night"])
        counts = {p.name: len(roster.of(p.name)) for p in people}
        assert {"A": 0, "B": 2, "C": 1} == counts
        assert all(a.inconvenient for a in roster.assignments)

    def test_preferences_and_avoidances(self):
        """People get what they prefer and not what they avoid, where it costs nothing."""
        shifts = [shift("early", 0, 6), shift("late", 0, 14, length=8)]
        people = [
            person("A", prefers=["late"], avoids=["early"]),
            person("B", prefers=["early"]),
        ]
        roster = assign_shifts(shifts, people, min_rest=timedelta(0))
        assert {("A", "late"), ("B", "early")} == {
            (a.person, a.template) for a in roster.assignments
        }

    def test_days_off(self):
        """A day off in the person's own zone keeps them off shifts starting that day."""
        monday = shift("day", 0, 8)
        roster = assign_shifts([monday], [person("A", days_off=["2026-03-02"]), person("B")])
        assert ["B"] == [a.person for a in roster.assignments]

    def test_no_shifts(self):
        """No shifts give an empty roster."""
        assert () == assign_shifts([], [person("A")]).assignments

    def test_rows_and_frame(self):
        """The roster turns into rows and a DataFrame."""
        roster = assign_shifts([shift("day", 0, 8)], [person("A")])
        assert isinstance(roster, Roster)
        assert isinstance(roster.assignments[0], Assignment)
        assert ["A"] == roster.to_pandas()["person"].tolist()
        assert "day" == roster.to_rows()[0]["template"]
        assert roster == pickle.loads(pickle.dumps(roster))  # noqa: S301 - our own value

    def test_frame_without_pandas(self, monkeypatch):
        """Without pandas the frame names the extra."""
        roster = assign_shifts([shift("day", 0, 8)], [person("A")])
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match="pandas"):
            roster.to_pandas()


class TestInfeasible:
    """When shifts cannot be staffed, the error lists them and why."""

    def test_nobody_is_available(self):
        """A shift outside everyone's hours names the shift and the people outside."""
        night = shift("night", 0, 22)
        with pytest.raises(
            InfeasibleError, match=r"night 2026-03-02T22:00.*2 of 2 people are outside"
        ):
            assign_shifts(
                [night],
                [
                    person("A", hours={"mon-fri": ["09:00-17:00"]}),
                    person("B", hours={"mon-fri": ["09:00-17:00"]}),
                ],
            )

    def test_too_few_people(self):
        """Three heads for two people: one missing, and they are taken."""
        with pytest.raises(InfeasibleError, match="1 shifts cannot get their heads"):
            assign_shifts([shift("day", 0, 8, heads=3)], [person("A"), person("B")])

    def test_time_limit(self, monkeypatch):
        """A solver stopped without a roster says so."""
        real = _shifts._scipy()

        def milp(*args, **kwargs):
            return SimpleNamespace(status=1, x=None, message="Time limit reached.")

        monkeypatch.setattr(_shifts, "_scipy", lambda: (*real[:3], milp, real[4]))
        from servicekit.channels import _roster  # noqa: PLC0415

        monkeypatch.setattr(_roster, "_scipy", lambda: (*real[:3], milp, real[4]))
        with pytest.raises(InfeasibleError, match="time_limit"):
            assign_shifts([shift("day", 0, 8)], [person("A")])


class TestPeople:
    """People as values, and bad input."""

    def test_constructor(self):
        """A person from a calendar; the name stays out of repr."""
        cal = BusinessCalendar.from_dict(
            {"timezone": "Asia/Tokyo", "hours": {"mon-fri": ["09:00-18:00"]}}
        )
        p = Person(name="Kenji", availability=cal, days_off={date(2026, 3, 3)}, prefers={"early"})
        assert "Kenji" not in repr(p)
        assert "Asia/Tokyo" == p.zone.key
        assert p == pickle.loads(pickle.dumps(p))  # noqa: S301 - our own value

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}}, "p.name"),
            ({"name": "A", "timezone": "UTC", "hours": {}}, "p.hours"),
            ({"name": "A", "timezone": "UTC", "hours": []}, "p.hours"),
            ({"name": "A", "timezone": "UTC", "hours": {"mon": []}}, "p.hours"),
            ({"name": "A", "timezone": "UTC", "hours": {"mon": ["25:00-26:00"]}}, "p.hours.mon[0]"),
            ({**OK, "timezone": "Mars/Base"}, "p.timezone"),
            ({"name": "A", "timezone": 5, "hours": {"mon": ["09:00-17:00"]}}, "p.timezone"),
            ({"name": 5, "timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}}, "p.name"),
            ({"name": " ", "timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}}, "p.name"),
            ({**OK, "colour": 1}, "p.colour"),
            ({**OK, "contracted_hours": "40"}, "p.contracted_hours"),
            ({**OK, "contracted_hours": float("nan")}, "p.contracted_hours"),
            ({**OK, "contracted_hours": 10**6}, "p.contracted_hours"),
            ({**OK, "inconvenient_so_far": 1.5}, "p.inconvenient_so_far"),
            ({**OK, "inconvenient_so_far": -1}, "p.inconvenient_so_far"),
            ({**OK, "days_off": "2026-03-02"}, "p.days_off"),
            ({**OK, "days_off": ["soon"]}, "p.days_off[0]"),
            ({**OK, "days_off": [20260302]}, "p.days_off[0]"),
            ({**OK, "prefers": "early"}, "p.prefers"),
            ("A", "p"),
        ],
    )  # fmt: skip
    def test_bad_people_name_the_field(self, data, path):
        """from_dict names the field at fault; a person without hours is refused."""
        with pytest.raises(ConfigError) as info:
            Person.from_dict(data, "p")
        assert path == info.value.path

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"availability": {"mon": ["09:00-17:00"]}},
            {"contracted_hours": "8"},
            {"inconvenient_so_far": 1.0},
            {"days_off": "2026-03-02"},
            {"days_off": [datetime(2026, 3, 2, tzinfo=timezone.utc)]},
            {"prefers": "early"},
            {"prefers": [1]},
        ],
    )
    def test_wrong_types(self, kwargs):
        """Wrong types in the constructor are TypeErrors."""
        cal = BusinessCalendar.always()
        with pytest.raises(TypeError):
            Person(**{"name": "A", "availability": cal, **kwargs})

    @pytest.mark.parametrize(
        ("args", "kwargs", "path"),
        [
            (([],), {}, "people"),
            (([person("A"), person("A")],), {}, "people[1].name"),
            (([person("A")],), {"min_rest": timedelta(days=8)}, "min_rest"),
            (([person("A")],), {"time_limit": 0}, "time_limit"),
        ],
    )
    def test_bad_arguments(self, args, kwargs, path):
        """Bad arguments name themselves."""
        with pytest.raises(ConfigError) as info:
            assign_shifts([shift("day", 0, 8)], *args, **kwargs)
        assert path == info.value.path

    @pytest.mark.parametrize(
        ("shifts", "people", "kwargs"),
        [
            (["day"], [person("A")], {}),
            ([shift("day", 0, 8)], "A", {}),
            ([shift("day", 0, 8)], ["A"], {}),
            ([shift("day", 0, 8)], [person("A")], {"min_rest": 3600}),
            ([shift("day", 0, 8)], [person("A")], {"time_limit": "1"}),
            ([shift("day", 0, 8)], [person("A")], {"inconvenient": "night"}),
        ],
    )
    def test_wrong_types_of_arguments(self, shifts, people, kwargs):
        """Arguments of the wrong type are TypeErrors."""
        with pytest.raises(TypeError):
            assign_shifts(shifts, people, **kwargs)

    @pytest.mark.timeout(60)
    def test_too_many_pairs(self):
        """More than 200,000 person-shift pairs are refused before any work."""
        people = [person(f"p{k}") for k in range(501)]
        shifts = [shift("day", 0, 8)] * 400
        with pytest.raises(ConfigError) as info:
            assign_shifts(shifts, people)
        assert "people" == info.value.path
