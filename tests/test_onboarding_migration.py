"""Versions and migration of stored journeys (issue 19, item 2)."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, ServicekitError, TransitionError
from servicekit.onboarding import (
    Cancel,
    Flow,
    Journey,
    Migration,
    Schedule,
    State,
    Timer,
    Transition,
)
from strategies_onboarding import journeys, json_values

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def old_flow() -> Flow:
    """Version 1: new (nudge after 1 day, remind after 2) -> checking -> done."""
    return Flow(
        "kyc",
        1,
        states=[
            State(
                "new",
                guidance="Welcome aboard!",
                timers=[Timer("nudge", DAY, "nudge"), Timer("remind", 2 * DAY, "remind")],
            ),
            State("checking"),
            State("done", final=True),
        ],
        transitions=[
            Transition("new", "nudge", "new"),
            Transition("new", "remind", "new"),
            Transition("new", "submit", "checking"),
            Transition("checking", "pass", "done"),
        ],
    )


def new_flow(nudge: timedelta = DAY) -> Flow:
    """Version 2: 'checking' is now 'verifying'; 'new' nudges and chases."""
    return Flow(
        "kyc",
        2,
        states=[
            State(
                "new",
                guidance="Welcome aboard!",
                timers=[Timer("nudge", nudge, "nudge"), Timer("chase", 3 * DAY, "chase")],
            ),
            State("verifying"),
            State("done", final=True),
        ],
        transitions=[
            Transition("new", "nudge", "new"),
            Transition("new", "chase", "new"),
            Transition("new", "submit", "verifying"),
            Transition("verifying", "pass", "done"),
        ],
    )


RENAME = Migration("kyc", 1, 2, states={"checking": "verifying"})


class TestMigrationValue:
    """Migration is a checked, plain-data value."""

    def test_pairs_are_sorted_and_hashable(self):
        """Mappings become sorted pairs; equal migrations are equal and hash alike."""
        a = Migration("kyc", 1, 2, states={"b": "x", "a": "y"}, context={"k": None})
        b = Migration("kyc", 1, 2, states=[("a", "y"), ("b", "x")], context=[("k", None)])
        assert a == b
        assert hash(a) == hash(b)
        assert a.states == (("a", "y"), ("b", "x"))
        assert a.timers == "keep"

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"states": "ab"}, "states must be a mapping"),
            ({"states": 3}, "states must be a mapping"),
            ({"states": [("a",)]}, "states must map names to names"),
            ({"states": {"a": None}}, "states must map names to names"),
            ({"context": {"a": 1}}, "context must map names to names"),
            ({"timers": 1}, "timers must be a policy name"),
        ],
    )
    def test_wrong_types(self, kwargs, message):
        """Wrong types are TypeErrors naming the field."""
        with pytest.raises(TypeError, match=message):
            Migration("kyc", 1, 2, **kwargs)

    def test_wrong_version_type(self):
        """A version that is not an int is a TypeError."""
        with pytest.raises(TypeError, match="source must be an int"):
            Migration("kyc", "1", 2)  # type: ignore[arg-type]

    def test_huge_version(self):
        """A version of 2**63 or more is a ConfigError at its path."""
        with pytest.raises(ConfigError) as err:
            Migration("kyc", 1, 2**63)
        assert err.value.path == "target"

    def test_unknown_policy(self):
        """An unknown timer policy is a ConfigError at ``timers``."""
        with pytest.raises(ConfigError) as err:
            Migration("kyc", 1, 2, timers="later")  # type: ignore[arg-type]
        assert err.value.path == "timers"


class TestChecks:
    """A migration is checked against both flows, every problem at once."""

    def test_fits(self):
        """The renaming migration fits; no problems."""
        assert RENAME.problems(old_flow(), new_flow()) == []
        RENAME.check(old_flow(), new_flow())
        later = Migration("kyc", 1, 3, states={"checking": "verifying"})
        assert [p.path for p in later.problems(old_flow(), new_flow())] == ["target"]

    def test_every_problem_listed_with_its_path(self):
        """Unmapped states, unknown states, wrong names and versions, context clashes."""
        bad = Migration(
            "other",
            2,
            2,
            states={"ghost": "new", "new": "nowhere"},
            context={"a": "x", "b": "x"},
        )
        with pytest.raises(ConfigError) as err:
            bad.check(old_flow(), new_flow())
        paths = [p.path for p in err.value.problems]  # type: ignore[attr-defined]
        assert paths == [
            "flow",
            "flow",
            "source",
            "target",
            "states.ghost",
            "states.new",
            "states.checking",
            "context.b",
        ]
        text = str(err.value)
        assert "state 'checking' is unmapped" in text
        assert "target state 'nowhere' is not a state of version 2" in text
        assert "has 8 problems" in text

    def test_migrate_checks_first(self):
        """flow.migrate refuses a migration that does not fit."""
        journey = old_flow().start({}, AT).journey
        with pytest.raises(ConfigError, match="unmapped"):
            new_flow().migrate(journey, Migration("kyc", 1, 2), at=AT, previous=old_flow())


class TestMigrate:
    """flow.migrate moves a journey and returns the timer effects as data."""

    def test_renames_state_and_history(self):
        """The state and the history are renamed; the version goes up by one."""
        old, new = old_flow(), new_flow()
        journey = old.fire(old.start({}, AT).journey, "submit", AT + DAY).journey
        step = new.migrate(journey, RENAME, at=AT + 2 * DAY, previous=old)
        moved = step.journey
        assert (moved.flow, moved.flow_version, moved.state) == ("kyc", 2, "verifying")
        assert moved.version == journey.version + 1
        assert [(e.source, e.target) for e in moved.history] == [("new", "verifying")]
        assert step.effects == ()
        assert new.fire(moved, "pass", AT + 3 * DAY).journey.state == "done"

    def test_keeps_unknown_history_states(self):
        """History entries naming states the old flow lacks stay as they are."""
        old, new = old_flow(), new_flow()
        journey = Journey("kyc", 1, "checking", 1, AT, history=[(AT, "x", "ancient", "checking")])
        moved = new.migrate(journey, RENAME, at=AT, previous=old).journey
        assert moved.history[0][2:] == ("ancient", "verifying")

    def test_keep_timers(self):
        """keep: cancel what the new state lacks, set what is new or moved."""
        old, new = old_flow(), new_flow()
        journey = old.start({}, AT).journey
        step = new.migrate(journey, RENAME, at=AT + DAY / 2, previous=old)
        assert step.effects == (Cancel("remind"), Schedule("chase", "chase", AT + 3 * DAY))
        assert new.timers(step.journey) == (
            Schedule("nudge", "nudge", AT + DAY),
            Schedule("chase", "chase", AT + 3 * DAY),
        )

    def test_keep_moved_timer(self):
        """keep: a timer of the same name that now falls due later is set again."""
        old, new = old_flow(), new_flow(nudge=2 * DAY)
        step = new.migrate(old.start({}, AT).journey, RENAME, at=AT, previous=old)
        assert Schedule("nudge", "nudge", AT + 2 * DAY) in step.effects

    def test_replan_timers(self):
        """replan: the new state's timers count from the migration."""
        old, new = old_flow(), new_flow()
        replan = Migration("kyc", 1, 2, states={"checking": "verifying"}, timers="replan")
        at = AT + DAY / 2
        step = new.migrate(old.start({}, AT).journey, replan, at=at, previous=old)
        assert step.effects == (
            Cancel("remind"),
            Schedule("nudge", "nudge", at + DAY),
            Schedule("chase", "chase", at + 3 * DAY),
        )

    def test_cancel_timers(self):
        """cancel: every running timer is cancelled, none is set."""
        old, new = old_flow(), new_flow()
        cancel = Migration("kyc", 1, 2, states={"checking": "verifying"}, timers="cancel")
        step = new.migrate(old.start({}, AT).journey, cancel, at=AT, previous=old)
        assert step.effects == (Cancel("nudge"), Cancel("remind"))

    def test_context_keys_move_and_drop(self):
        """Context keys are renamed or dropped; other keys stay."""
        old, new = old_flow(), new_flow()
        moves = Migration(
            "kyc",
            1,
            2,
            states={"checking": "verifying"},
            context={"nick": "name", "legacy": None},
        )
        journey = old.start({"nick": "Ann", "legacy": 1, "age": 40}, AT).journey
        moved = new.migrate(journey, moves, at=AT, previous=old).journey
        assert dict(moved.context) == {"name": "Ann", "age": 40}
        untouched = new.migrate(old.start({"age": 1}, AT).journey, moves, at=AT, previous=old)
        assert dict(untouched.journey.context) == {"age": 1}

    def test_context_clash(self):
        """A key moved onto one the context keeps is a ConfigError at that key."""
        old, new = old_flow(), new_flow()
        moves = Migration("kyc", 1, 2, states={"checking": "verifying"}, context={"a": "b"})
        journey = old.start({"a": 1, "b": 2}, AT).journey
        with pytest.raises(ConfigError) as err:
            new.migrate(journey, moves, at=AT, previous=old)
        assert err.value.path == "context.b"

    def test_refusals(self):
        """Wrong types, a journey of another flow, a time before its last event."""
        old, new = old_flow(), new_flow()
        journey = old.start({}, AT).journey
        with pytest.raises(TypeError, match="journey must be a Journey"):
            new.migrate(tuple(journey), RENAME, at=AT, previous=old)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="migration must be a Migration"):
            new.migrate(journey, {}, at=AT, previous=old)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="previous must be a Flow"):
            new.migrate(journey, RENAME, at=AT, previous=None)  # type: ignore[arg-type]
        with pytest.raises(ConfigError) as err:
            new.migrate(journey, RENAME, at=AT - DAY, previous=old)
        assert err.value.path == "at"
        with pytest.raises(ConfigError) as err:
            new.migrate(journey._replace(flow_version=0), RENAME, at=AT, previous=old)
        assert err.value.path == "journey"
        with pytest.raises(ConfigError) as err:
            new.migrate(journey._replace(state="ghost"), RENAME, at=AT, previous=old)
        assert err.value.path == "journey.state"
        moved = new.migrate(journey, RENAME, at=AT.astimezone(timezone(DAY / 24)), previous=old)
        assert moved.journey.flow_version == 2

    def test_plan_follows_previous(self):
        """The cached plan is rebuilt for another old flow of the same version."""
        new, first, second = new_flow(), old_flow(), old_flow()
        for old in (first, second, second):
            assert new.migrate(old.start({}, AT).journey, RENAME, at=AT, previous=old).journey


class TestRefusedUntilMigrated:
    """fire, due and guidance refuse a journey of an older or unknown version."""

    def test_older_version(self):
        """An older journey is refused with a hint to migrate it."""
        old, new = old_flow(), new_flow()
        journey = old.start({}, AT).journey
        with pytest.raises(TransitionError) as err:
            new.fire(journey, "submit", AT)
        assert "migrate it first" in err.value.reasons[0]
        for call in (lambda: new.due(journey, AT), lambda: new.guidance(journey)):
            with pytest.raises(ConfigError, match="older than this flow's version 2"):
                call()

    def test_unknown_version(self):
        """A journey of a newer (unknown) version asks for the matching flow."""
        old, new = old_flow(), new_flow()
        journey = new.start({}, AT).journey
        with pytest.raises(TransitionError) as err:
            old.fire(journey, "submit", AT)
        assert "load the matching flow" in err.value.reasons[0]
        with pytest.raises(ConfigError, match="load the matching flow"):
            old.due(journey, AT)


class TestData:
    """to_dict / from_dict."""

    @given(
        st.builds(
            Migration,
            st.text(max_size=5),
            st.integers(-(2**63) + 1, 2**63 - 1),
            st.integers(-(2**63) + 1, 2**63 - 1),
            states=st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=4),
            context=st.dictionaries(
                st.text(max_size=5), st.none() | st.text(max_size=5), max_size=4
            ),
            timers=st.sampled_from(["keep", "replan", "cancel"]),
        )
    )
    def test_round_trip(self, migration):
        """Migration.from_dict(to_dict()) through JSON gives an equal migration."""
        data = json.loads(json.dumps(migration.to_dict()))
        assert Migration.from_dict(data) == migration

    def test_every_problem(self):
        """Every malformed field is listed with its path."""
        with pytest.raises(ConfigError) as err:
            Migration.from_dict(
                {
                    "flow": 1,
                    "source": "1",
                    "target": 2**63,
                    "states": {"a": None},
                    "context": [],
                    "timers": "soon",
                }
            )
        paths = [p.path for p in err.value.problems]  # type: ignore[attr-defined]
        assert paths == ["flow", "source", "target", "states.a", "context", "timers"]
        with pytest.raises(ConfigError) as err:
            Migration.from_dict({"flow": "kyc", "source": 1, "target": 2, "context": {1: "a"}})
        assert "migration of 'kyc'" in str(err.value)
        with pytest.raises(TypeError):
            Migration.from_dict([])  # type: ignore[arg-type]

    def test_defaults(self):
        """States, context and timers may be left out."""
        assert Migration.from_dict({"flow": "kyc", "source": 1, "target": 2}) == Migration(
            "kyc", 1, 2
        )

    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "flow": json_values,
                "source": json_values | st.sampled_from([10**400, 2**63, 1]),
                "target": json_values | st.sampled_from([10**400, 2**63, 2]),
                "states": json_values,
                "context": json_values,
                "timers": json_values | st.sampled_from(["keep", "replan", "cancel"]),
            },
        )
        | json_values
    )
    def test_fuzz_from_dict(self, data):
        """Arbitrary JSON data gives a migration or a documented error."""
        # A mapping of any shape is a ConfigError; only a non-mapping is a TypeError.
        allowed = ServicekitError if isinstance(data, dict) else (ServicekitError, TypeError)
        with contextlib.suppress(allowed):
            Migration.from_dict(data)


def _next_version(flow: Flow) -> Flow:
    return Flow.from_dict(
        {**flow.to_dict(), "version": flow.version + 1},
        guards=flow.guards,
        effects=flow.effects,
        calendars=flow.calendars,
    )


class TestProperties:
    """Migration with the identity mapping, then replay, equals replay on the new version."""

    @given(journeys())
    @settings(deadline=None)
    def test_identity_migration_then_replay(self, case):
        """The migrated journey is the journey replayed on the new version (one write later)."""
        flow, journey = case
        new = _next_version(flow)
        identity = Migration(flow.name, flow.version, new.version)
        step = new.migrate(journey, identity, at=journey.entered_at, previous=flow)
        replayed = new.replay(
            journey.history, started_at=journey.started_at, context=journey.context
        )
        assert replayed.ok
        assert step.journey == replayed.journey._replace(version=replayed.journey.version + 1)
        assert step.effects == ()
        later = journey.entered_at + timedelta(days=30)
        assert new.due(step.journey, later) == flow.due(journey, later)
