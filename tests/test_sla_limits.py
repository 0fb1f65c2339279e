"""Regression tests for issue 14 in servicekit.sla: batches, bounds, round trips, copies."""

from __future__ import annotations

import json
import pickle
import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import (
    ConfigError,
    InfeasibleError,
    NoBusinessTimeError,
    OutOfRangeError,
)
from servicekit.hours import BusinessCalendar
from servicekit.sla import (
    ERROR_CODES,
    MAX_DURATION,
    PROBLEM_CODES,
    FollowUpRule,
    Policy,
    Target,
    TicketError,
    TicketEvent,
    evaluate,
    evaluate_many,
    faq_answer_check,
    reply_window,
    satisfaction_check,
    schedule_follow_ups,
    upcoming_breaches,
)
from servicekit.sla._clock import (
    _MAX_COMPILED_US,
    _PAD_US,
    CALENDAR_END_US,
    CALENDAR_FIRST_US,
    UNREACHABLE,
    CompiledMeter,
    Meter,
    instant_to_us,
)
from strategies_sla import CALENDARS, NIGHT_SHIFT, OFFICE, full_policies, policies, tickets

UTC = timezone.utc
H = timedelta(hours=1)
T = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday
LATE = datetime(9999, 12, 31, 20, tzinfo=UTC)
HUGE = "PT99999999999999999999H"
#: Open only one hour in 2020: from 2026 on it has no open time within its horizon.
GONE = BusinessCalendar.from_dict(
    {"timezone": "UTC", "hours": {}, "overrides": {"2020-01-06": ["09:00-10:00"]}}
)
POLICY = Policy(
    "p",
    {
        "normal": [Target("first_reply", 4 * H), Target("resolution", 24 * H)],
        "office": [Target("first_reply", 4 * H, OFFICE)],
        "gone": [Target("first_reply", 4 * H, GONE)],
    },
)


def created(at: datetime = T, priority: str = "normal") -> TicketEvent:
    """A created event."""
    return TicketEvent(at, "created", priority=priority)


class _Failing:
    """A calendar whose every question fails with ``error``."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def _fail(self, *_args: object) -> Any:
        raise self.error

    add = elapsed = is_open = next_open = intervals = _fail

    def to_dict(self) -> dict[str, Any]:
        return {}


class TestBatchKeepsGoing:
    """One bad ticket is an error row; every other ticket is evaluated."""

    def test_each_way_a_ticket_can_fail(self):
        """Every failure of one ticket becomes a TicketError with a stable code."""
        batch: list[tuple[object, object]] = [
            ("ok-1", [created()]),
            ("gone", [created(priority="gone")]),
            ("year-1", [created(datetime(1, 1, 1, 9, tzinfo=UTC), "office")]),
            ("none", [TicketEvent(T, "agent_reply")]),
            ("future", [created(T + 48 * H)]),
            ("not-events", [created(), "agent_reply"]),
            ("not-iterable", 3),
            ("ok-1", [created()]),
            ("ok-2", [created(), TicketEvent(T + H, "agent_reply")]),
        ]
        report = evaluate_many(POLICY, batch, T + 5 * H)
        codes = {ticket: error.code for ticket, error in report.errors.items()}
        assert {
            "gone": "no_business_time",
            "year-1": "out_of_range",
            "none": "no_created_event",
            "future": "created_after_now",
            "not-events": "invalid_events",
            "not-iterable": "invalid_events",
            "ok-1": "duplicate_ticket",
        } == codes
        assert set(codes.values()) <= set(ERROR_CODES)
        assert {"ok-1", "ok-2"} == {r["ticket"] for r in report.rows}
        assert 4 == len(report.rows)  # the first ok-1 once, not twice

    def test_error_rows_carry_no_ticket_data(self):
        """Error rows: ticket, code, field, message; the message names no id or text."""
        report = evaluate_many(
            POLICY, {"ana.rossi@example.com": [TicketEvent(T, "agent_reply")]}, T
        )
        rows = report.error_rows()
        assert [
            {
                "ticket": "ana.rossi@example.com",
                "code": "no_created_event",
                "field": "events",
                "message": "no 'created' event; a ticket's clocks start when it is created",
            }
        ] == rows
        assert "ana" not in str(report.errors["ana.rossi@example.com"])
        json.dumps(rows, allow_nan=False)

    def test_other_documented_errors_are_invalid_ticket(self):
        """A calendar failing with another documented error: code invalid_ticket."""
        policy = Policy(
            "p",
            {
                "a": [Target("first_reply", H, _Failing(ConfigError("broken", "hours")))],
                "b": [Target("first_reply", H, _Failing(InfeasibleError("cannot")))],
                "c": [Target("first_reply", H, _Failing(ConfigError("broken", "")))],
            },
        )
        report = evaluate_many(
            policy, {p: [created(priority=p)] for p in "abc"}, T + H, reports=True
        )
        assert {
            "a": TicketError("invalid_ticket", "broken", "hours"),
            "b": TicketError("invalid_ticket", "cannot", "events"),
            "c": TicketError("invalid_ticket", "broken", "events"),
        } == report.errors
        assert {} == report.reports

    def test_single_evaluate_raises_the_documented_error(self):
        """evaluate() of the bad tickets raises what its docstring says (and it pickles)."""
        with pytest.raises(NoBusinessTimeError):
            evaluate(POLICY, [created(priority="gone")], T)
        with pytest.raises(ConfigError, match="outside the years its calendar supports") as err:
            evaluate(POLICY, [created(datetime(1, 1, 1, 9, tzinfo=UTC), "office")], T)
        assert "events" == err.value.path
        again = pickle.loads(pickle.dumps(err.value))  # noqa: S301 - our own value
        assert (str(err.value), "out_of_range") == (str(again), again.code)

    def test_error_str_and_dict(self):
        """A TicketError prints as field: message, as the CLI shows it."""
        error = TicketError("no_created_event", "no 'created' event", "events")
        assert "events: no 'created' event" == str(error)
        assert {
            "code": "no_created_event",
            "field": "events",
            "message": "no 'created' event",
        } == error.to_dict()

    def test_upcoming_breaches_refuses_wrong_types(self):
        """upcoming_breaches() checks its arguments' types."""
        report = evaluate_many(POLICY, {"a": [created()]}, T)
        with pytest.raises(TypeError, match="report"):
            upcoming_breaches({})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="within"):
            upcoming_breaches(report, within=3)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="limit"):
            upcoming_breaches(report, limit=True)
        assert 2 == len(upcoming_breaches(report, within=timedelta.max, limit=10**400))


class TestDurations:
    """Durations are bounded at 100 years and never overflow."""

    @pytest.mark.parametrize("text", [HUGE, "P99999999999999999999D", "PT" + "9" * 400 + "S"])
    def test_huge_duration_strings(self, text):
        """Every sla duration field refuses a duration no timedelta holds, naming itself."""
        with pytest.raises(ConfigError) as err:
            Target.from_dict({"metric": "first_reply", "within": text}, path="t")
        assert "t.within" == err.value.path
        with pytest.raises(ConfigError) as err:
            Policy.from_dict(
                {"name": "p", "targets": {"normal": [{"metric": "first_reply", "within": text}]}}
            )
        assert "targets.normal[0].within" == err.value.path
        with pytest.raises(ConfigError) as err:
            FollowUpRule.from_dict({"name": "x", "after": text, "trigger": "solved"}, path="r")
        assert "r.after" == err.value.path

    def test_longest_duration(self):
        """100 years are accepted; a microsecond more is refused, naming the field."""
        assert MAX_DURATION == Target("resolution", MAX_DURATION).within
        more = MAX_DURATION + timedelta(microseconds=1)
        with pytest.raises(ConfigError, match="at most 'P36525D'") as err:
            Target("resolution", more)
        assert "within" == err.value.path
        with pytest.raises(ConfigError) as err:
            Target.from_dict({"metric": "first_reply", "within": "P999999999D"})
        assert "within" == err.value.path
        with pytest.raises(ConfigError) as err:
            FollowUpRule("x", more, "solved")
        assert "after" == err.value.path
        for field in ("within", "cooldown"):
            with pytest.raises(ConfigError) as err:
                reply_window(T, **{field: more})
            assert field == err.value.path
        with pytest.raises(ConfigError, match="negative") as err:
            FollowUpRule("x", -H, "solved")
        assert "after" == err.value.path

    def test_deadline_past_9999_is_none(self):
        """A deadline no datetime holds is None: the target cannot run out."""
        policy = Policy(
            "p",
            {
                "normal": [Target("first_reply", MAX_DURATION)],
                "office": [Target("first_reply", 4 * H, OFFICE)],
            },
        )
        for priority in ("normal", "office"):
            events = [created(datetime(9997, 12, 31, 23, tzinfo=UTC), priority)]
            now = datetime(9997, 12, 31, 23, 30, tzinfo=UTC)
            cycle = evaluate(policy, events, now)["first_reply"].cycles[0]
            assert (None, "on_track") == (cycle.deadline, cycle.status)
            batch = evaluate_many(policy, {"a": events}, now)
            assert (None, "on_track") == (batch.rows[0]["deadline"], batch.rows[0]["status"])
            assert [] == upcoming_breaches(batch)
            assert batch.errors == {}

    def test_report_zone_near_the_ends_of_time(self):
        """Instants that now's zone cannot hold (year 0 or 10000 there) are given in UTC."""
        policy = Policy("p", {"normal": [Target("first_reply", 2 * H)]})
        west = timezone(timedelta(hours=-5))
        early = [created(datetime(1, 1, 1, 1, tzinfo=UTC))]
        cycle = evaluate(policy, early, datetime(1, 1, 2, 3, tzinfo=UTC).astimezone(west))[
            "first_reply"
        ].cycles[0]
        assert (UTC, UTC, "breached") == (cycle.start.tzinfo, cycle.deadline.tzinfo, cycle.status)
        east = timezone(timedelta(hours=14))
        late = [created(datetime(9999, 12, 31, 9, tzinfo=UTC))]
        now = datetime(9999, 12, 31, 9, 30, tzinfo=UTC).astimezone(east)
        cycle = evaluate(policy, late, now)["first_reply"].cycles[0]
        assert (east, UTC) == (cycle.start.tzinfo, cycle.deadline.tzinfo)
        assert datetime(9999, 12, 31, 11, tzinfo=UTC) == cycle.deadline

    def test_instants_utc_cannot_hold(self):
        """An instant whose UTC reading is in year 0 or 10000 is refused where it enters."""
        year_zero = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
        with pytest.raises(ConfigError, match="0001-9999") as err:
            TicketEvent(year_zero, "agent_reply")
        assert "at" == err.value.path
        with pytest.raises(ConfigError) as err:
            TicketEvent.from_dict(
                {"at": "0001-01-01T00:00:00+05:00", "kind": "agent_reply"}, path="e"
            )
        assert "e.at" == err.value.path
        with pytest.raises(ConfigError) as err:
            reply_window(year_zero)
        assert "received_at" == err.value.path
        assert not reply_window(T).contains(year_zero)  # compared, not converted to UTC

    def test_reply_window_past_9999(self):
        """A window that would end after 9999 is refused, naming the field."""
        with pytest.raises(ConfigError, match="beyond the last instant") as err:
            reply_window(LATE, within=timedelta(days=2))
        assert "within" == err.value.path
        with pytest.raises(ConfigError) as err:
            reply_window(
                datetime(9997, 12, 31, 20, tzinfo=UTC), within=timedelta(days=2), calendar=OFFICE
            )
        assert "cooldown" == err.value.path  # no open time left: not even the first instant
        with pytest.raises(TypeError, match="calendar"):
            reply_window(T, calendar="office")  # type: ignore[arg-type]

    def test_follow_ups_past_9999_are_left_out(self):
        """A follow-up that could only fall due after 9999 is never due: left out."""
        events = [
            created(datetime(9999, 12, 30, tzinfo=UTC)),
            TicketEvent(datetime(9999, 12, 30, 1, tzinfo=UTC), "status", status="solved"),
            TicketEvent(datetime(9999, 12, 30, 2, tzinfo=UTC), "status", status="open"),
            TicketEvent(datetime(9999, 12, 30, 3, tzinfo=UTC), "status", status="solved"),
        ]
        rules = [
            satisfaction_check(),
            satisfaction_check(calendar=OFFICE),
            FollowUpRule("soon", H, "solved"),
        ]
        found = schedule_follow_ups(rules, events, LATE)
        assert [("soon", "due"), ("soon", "due")] == [(f.rule, f.status) for f in found]
        with pytest.raises(TypeError, match="rules"):
            schedule_follow_ups("rules", events, LATE)  # type: ignore[arg-type]


class TestLongSpans:
    """A compiled meter holds at most about two years of intervals."""

    def test_long_spans_go_to_the_calendar(self):
        """A 30-year span is measured by the calendar, not compiled."""
        meter = CompiledMeter(OFFICE)
        a = instant_to_us(datetime(2000, 1, 3, tzinfo=UTC))
        b = instant_to_us(datetime(2030, 1, 3, tzinfo=UTC))
        expected = OFFICE.elapsed(
            datetime(2000, 1, 3, tzinfo=UTC), datetime(2030, 1, 3, tzinfo=UTC)
        )
        assert expected // timedelta(microseconds=1) == meter.elapsed(a, b)
        assert meter._hi < meter._lo  # nothing compiled
        meter.elapsed(a, a + 3_600_000_000)
        meter.elapsed(b, b + 3_600_000_000)  # 30 years on: merged, a few thousand intervals
        assert meter._lo < a < b < meter._hi
        c = instant_to_us(datetime(2100, 1, 4, tzinfo=UTC))
        meter.elapsed(c, c + 3_600_000_000)  # a century away: compiled anew, not merged
        assert meter._lo < c < meter._hi
        assert meter._hi - meter._lo <= _MAX_COMPILED_US

    def test_dense_calendars_are_not_merged(self):
        """Half of every hour open: ranges 15 years apart (131,000 intervals) stay apart."""
        slots = [f"{h:02d}:00-{h:02d}:30" for h in range(24)]
        dense = BusinessCalendar.from_dict({"timezone": "UTC", "hours": {"mon-sun": slots}})
        meter = CompiledMeter(dense)
        a = instant_to_us(datetime(2026, 1, 1, tzinfo=UTC))
        b = instant_to_us(datetime(2041, 1, 1, tzinfo=UTC))
        assert 1_800_000_000 == meter.elapsed(a, a + 3_600_000_000)
        assert 1_800_000_000 == meter.elapsed(b, b + 3_600_000_000)
        assert meter._lo < b < meter._hi
        assert not meter._lo < a < meter._hi  # replaced, not merged

    @pytest.mark.timeout(30)
    def test_batch_across_millennia_agrees_with_evaluate(self):
        """Tickets centuries apart on one calendar: the batch agrees with evaluate.

        The batch used to compile every year between them (93 s for these four).
        """
        policy = Policy("p", {"office": [Target("first_reply", 4 * H, OFFICE)]})
        logs = {
            year: [
                created(datetime(year, 6, 2, 8, tzinfo=UTC), "office"),
                TicketEvent(datetime(year, 6, 3, 9, tzinfo=UTC), "agent_reply"),
            ]
            for year in (2, 1000, 2026, 9997)
        }
        now = datetime(9997, 12, 1, tzinfo=UTC)
        batch = evaluate_many(policy, logs, now)
        assert {} == batch.errors
        for row in batch.rows:
            cycle = evaluate(policy, logs[row["ticket"]], now)["first_reply"].cycles[0]
            assert (cycle.deadline, cycle.status) == (row["deadline"], row["status"])

    def test_compile_near_the_supported_edge(self):
        """Near year 9997 the padding stops at the end of the supported years."""
        compiled, direct = CompiledMeter(OFFICE), Meter(OFFICE)
        a = instant_to_us(datetime(9997, 12, 20, 9, tzinfo=UTC))
        b = a + 5 * 86_400_000_000
        assert direct.elapsed(a, b) == compiled.elapsed(a, b) > 0
        # the calendar's compiled view: whole UTC years, up to the end of the supported ones
        assert compiled._lo <= a - _PAD_US
        assert CALENDAR_END_US == compiled._hi
        assert direct.add(a, 3_600_000_000) == compiled.add(a, 3_600_000_000)
        assert (
            UNREACHABLE
            == compiled.add(a, 10 * 86_400_000_000)
            == direct.add(a, 10 * 86_400_000_000)
        )


def _json(value: object) -> object:
    return json.loads(json.dumps(value, allow_nan=False))


named_policies = st.builds(
    lambda base, names, extra: Policy(
        base.name,
        base.targets,
        calendars=tuple(zip(names, extra, strict=False)),
    ),
    policies(),
    st.lists(st.sampled_from(("office", "night", "calendar1", "x")), unique=True, max_size=3),
    st.lists(st.sampled_from([c for c in CALENDARS if c is not None]), max_size=3),
)


class TestRoundTrips:
    """Every sla value comes back equal through strict JSON."""

    def test_inline_calendar(self):
        """The issue's example: an inline calendar is not given an invented name."""
        policy = Policy("p", {"normal": [Target("first_reply", H, OFFICE)]})
        data = _json(policy.to_dict())
        assert "calendars" not in data
        assert policy == Policy.from_dict(data)

    @settings(max_examples=60)
    @given(st.one_of(policies(), full_policies(), named_policies))
    def test_every_policy(self, policy):
        """Policy.from_dict(p.to_dict()) == p, also through strict JSON."""
        again = Policy.from_dict(_json(policy.to_dict()))
        assert policy == again
        assert policy.calendars == again.calendars

    @settings(max_examples=40)
    @given(policies(), tickets())
    def test_reports_are_strict_json(self, policy, events):
        """Reports, rows and summaries hold no NaN or infinity."""
        now = max(e.at for e in events) + H
        _json(evaluate(policy, events, now).to_dict())
        batch = evaluate_many(policy, {"a": events}, now)
        _json(batch.summary_rows())
        _json(batch.error_rows())
        for event in events:
            assert event == TicketEvent.from_dict(_json(event.to_dict()))

    @pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), 10**400])
    def test_warn_at_must_be_finite(self, bad):
        """NaN and infinity are refused as warn_at, naming the field."""
        with pytest.raises(ConfigError) as err:
            Target("first_reply", H, warn_at=bad)
        assert "warn_at" == err.value.path
        with pytest.raises(ConfigError) as err:
            Target.from_dict({"metric": "first_reply", "within": "PT1H", "warn_at": bad}, path="t")
        assert "t.warn_at" == err.value.path

    def test_rules_round_trip(self):
        """Follow-up rules come back equal, calendars included."""
        for rule in (satisfaction_check(), faq_answer_check(calendar=NIGHT_SHIFT)):
            assert rule == FollowUpRule.from_dict(_json(rule.to_dict()))

    def test_calendar_names(self):
        """A calendar name given twice, or empty, is refused."""
        with pytest.raises(ConfigError, match="twice"):
            Policy("p", {}, calendars=(("a", OFFICE), ("a", NIGHT_SHIFT)))
        with pytest.raises(ConfigError, match="empty"):
            Policy("p", {}, calendars={"": OFFICE})
        with pytest.raises(TypeError, match="got None"):
            Policy("p", {}, calendars={"office": None})  # type: ignore[dict-item]
        with pytest.raises(TypeError, match="pairs"):
            Policy("p", {}, calendars=(("a", OFFICE, 1),))  # type: ignore[arg-type]


class TestDuplicateEvents:
    """At-least-once delivery: a log sent twice gives the same clocks."""

    POLICY = Policy("p", {"normal": [Target("periodic_update", H)]})

    def test_log_sent_twice(self):
        """The issue's example: attainment stays 0.0, and the copies are reported."""
        log = [
            created(),
            TicketEvent(T + H, "agent_reply"),
            TicketEvent(T + 5 * H, "agent_reply"),
        ]
        once = evaluate_many(self.POLICY, {"a": log}, T + 6 * H)
        twice = evaluate_many(self.POLICY, {"a": log + log}, T + 6 * H)
        assert 0.0 == once.summary[-1].attainment == twice.summary[-1].attainment
        assert once.rows == twice.rows
        assert ["duplicate_event"] * 3 == [p.code for p in twice.problems["a"]]
        assert "duplicate_event" in PROBLEM_CODES

    def test_zero_length_update_cycles_are_not_met(self):
        """Two different replies at one instant make no zero-length update cycle."""
        log = [
            created(),
            TicketEvent(T + H, "agent_reply"),
            TicketEvent(T + 5 * H, "agent_reply"),
            TicketEvent(T + 5 * H, "agent_reply", tags=("faq",)),
        ]
        report = evaluate(self.POLICY, log, T + 6 * H)
        assert ["missed", "at_risk"] == [c.status for c in report["periodic_update"].cycles]

    @settings(max_examples=60)
    @given(full_policies(), tickets(), st.data())
    def test_copies_never_change_the_clocks(self, policy, events, data):
        """Copies of any events, delivered after their originals, change only the problems."""
        noisy = list(events)
        for j in data.draw(st.lists(st.integers(0, len(events) - 1), max_size=5)):
            after = noisy.index(events[j]) + 1  # a copy is delivered after its original
            noisy.insert(data.draw(st.integers(after, len(noisy))), events[j])
        now = max(e.at for e in events) + timedelta(minutes=data.draw(st.integers(-600, 600)))
        now = max(now, events[0].at)
        one = evaluate(policy, events, now)
        two = evaluate(policy, noisy, now)
        assert (one.metrics, one.status, one.priority, one.ignored) == (
            two.metrics,
            two.status,
            two.priority,
            two.ignored,
        )
        assert {(p.code, p.at) for p in one.problems if p.code != "duplicate_event"} == {
            (p.code, p.at) for p in two.problems if p.code != "duplicate_event"
        }
        rules = [satisfaction_check(), faq_answer_check(), FollowUpRule("n", H, "agent_reply")]
        assert schedule_follow_ups(rules, events, now) == schedule_follow_ups(rules, noisy, now)


class TestThreads:
    """sla keeps no shared mutable cache: threads get the same answers."""

    def test_batches_in_threads(self):
        """Eight threads evaluating one batch on shared calendars agree."""
        policy = Policy(
            "p",
            {"normal": [Target("first_reply", 4 * H, OFFICE), Target("resolution", 8 * H)]},
        )
        logs = {
            i: [created(T + i * timedelta(minutes=7)), TicketEvent(T + i * H, "agent_reply")]
            for i in range(200)
        }
        results: list[list[dict[str, Any]]] = []
        barrier = threading.Barrier(8)

        def run() -> None:
            barrier.wait()
            results.append(evaluate_many(policy, logs, T + 300 * H).rows)

        threads = [threading.Thread(target=run) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert 8 == len(results)
        assert all(rows == results[0] for rows in results)


H_US = 3_600_000_000
#: Open one hour in 9950 only: from 9961 on it has no open time within its horizon,
#: which ends before the supported years do.
GONE_LATE = BusinessCalendar.from_dict(
    {"timezone": "UTC", "hours": {}, "overrides": {"9950-01-06": ["09:00-10:00"]}}
)
LATE_T = datetime(9961, 1, 3, 9, tzinfo=UTC)


class TestOutOfRange:
    """Only a result beyond the supported years (OutOfRangeError) is "out of range".

    sla used to catch the calendar's OverflowError; a calendar now says ConfigError
    for an instant outside its years and OutOfRangeError for a result outside them.
    sla checks instants against the public bounds itself and catches exactly
    OutOfRangeError, so a genuine configuration error or a calendar without open time
    keeps its own error.
    """

    def test_meter_asks_only_about_supported_instants(self):
        """Instants outside hours.MIN_YEAR..MAX_YEAR never reach the calendar."""
        late, early = CALENDAR_END_US, CALENDAR_FIRST_US - 1
        for meter in (
            Meter(_Failing(AssertionError("asked"))),
            CompiledMeter(_Failing(AssertionError("asked"))),
        ):
            assert UNREACHABLE == meter.add(late, H_US) == meter.add(late, 0)
            for call in (
                lambda m=meter: m.add(early, H_US),
                lambda m=meter: m.elapsed(early, early + H_US),
                lambda m=meter: m.elapsed(late - H_US, late),
            ):
                with pytest.raises(ConfigError, match="0002-9997") as caught:
                    call()
                assert ("out_of_range", "events") == (caught.value.code, caught.value.path)

    def test_only_out_of_range_is_unreachable(self):
        """The calendar's OutOfRangeError is an unreachable deadline; nothing else is."""
        t = instant_to_us(T)
        assert UNREACHABLE == Meter(_Failing(OutOfRangeError("too far"))).add(t, H_US)
        for error in (NoBusinessTimeError("none"), ConfigError("too long", "duration")):
            with pytest.raises(type(error)):
                Meter(_Failing(error)).add(t, H_US)
            with pytest.raises(type(error)):
                reply_window(T, calendar=_Failing(error))

    def test_no_open_time_near_the_end_is_not_none(self):
        """A calendar without open time in 9961 is no_business_time, not a None deadline."""
        policy = Policy("p", {"normal": [Target("first_reply", 4 * H, GONE_LATE)]})
        with pytest.raises(NoBusinessTimeError) as caught:
            evaluate(policy, [created(LATE_T)], LATE_T + H)
        assert not isinstance(caught.value, OutOfRangeError)
        report = evaluate_many(policy, {"a": [created(LATE_T)]}, LATE_T + H)
        assert "no_business_time" == report.errors["a"].code
        rule = FollowUpRule("soon", H, "created", calendar=GONE_LATE)
        with pytest.raises(NoBusinessTimeError):
            schedule_follow_ups([rule], [created(LATE_T)], LATE_T + H)
        with pytest.raises(NoBusinessTimeError):
            reply_window(LATE_T, calendar=GONE_LATE)

    def test_follow_up_triggers_outside_the_calendar(self):
        """After the supported years: left out; before them: out_of_range ConfigError."""
        rule = FollowUpRule("soon", H, "created", calendar=OFFICE)
        late = [created(datetime(9998, 1, 2, 9, tzinfo=UTC))]
        assert () == schedule_follow_ups([rule], late, LATE)
        early = [created(datetime(1, 6, 1, 9, tzinfo=UTC))]
        with pytest.raises(ConfigError, match="0002-9997") as caught:
            schedule_follow_ups([rule], early, T)
        assert "events" == caught.value.path
        assert 1 == len(schedule_follow_ups([FollowUpRule("soon", H, "created")], early, T))

    @pytest.mark.parametrize(
        "at", [datetime(1, 6, 1, 9, tzinfo=UTC), datetime(9998, 1, 2, 9, tzinfo=UTC)]
    )
    def test_reply_window_outside_the_calendar(self, at):
        """received_at outside the calendar's years: ConfigError received_at (24/7 works)."""
        with pytest.raises(ConfigError, match="0002-9997") as caught:
            reply_window(at, calendar=OFFICE)
        assert "received_at" == caught.value.path
        assert reply_window(at).within == timedelta(days=1)
