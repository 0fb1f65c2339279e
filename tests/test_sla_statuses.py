"""Custom statuses (issue 18, item 2): a desk's own statuses, each in a category."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError
from servicekit.sla import (
    BEHAVIOURS,
    CATEGORIES,
    STATUS_METRICS,
    STATUSES,
    CustomStatus,
    Policy,
    StatusMap,
    Target,
    TicketEvent,
    evaluate,
    evaluate_many,
)
from strategies_sla import full_policies, tickets

UTC = timezone.utc
T = datetime(2026, 11, 16, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
ALL_STATUS_CLOCKS = [Target(m, 8 * H) for m in STATUS_METRICS]


def _policy(statuses: StatusMap, targets=None) -> Policy:
    return Policy("p", {"normal": targets or ALL_STATUS_CLOCKS}, statuses=statuses)


def _log(*steps: tuple[int, str]) -> list[TicketEvent]:
    """Created at T, then (hours after T, status) steps."""
    return [
        TicketEvent(T, "created", priority="normal"),
        *(TicketEvent(T + h * H, "status", status=s) for h, s in steps),
    ]


class TestCustomStatus:
    """The value and its checks."""

    def test_category_and_overrides(self):
        """A status behaves as its category unless a metric is overridden."""
        s = CustomStatus("awaiting_vendor", "on_hold", {"resolution": "pause"})
        assert ("run", "pause", "pause") == tuple(s.behaviour(m) for m in STATUS_METRICS)
        assert {"category": "on_hold", "clocks": {"resolution": "pause"}} == s.to_dict()
        assert "pending" == CustomStatus("waiting", "pending").to_dict()
        assert CustomStatus("x", "open", (("resolution", "stop"),)) == CustomStatus(
            "x", "open", {"resolution": "stop"}
        )

    @pytest.mark.parametrize(
        ("args", "path", "words"),
        [
            (("", "open"), "name", "empty"),
            (("limbo", "nowhere"), "category", "no category"),
            (("new", "new"), "name", "redeclared"),
            (("pending", "open"), "category", "own category"),
            (("x", "open", {"first_reply": "pause"}), "clocks.first_reply", "does not follow"),
            (("x", "open", {"resolution": "halt"}), "clocks.resolution", "unknown behaviour"),
        ],
    )
    def test_config_errors(self, args, path, words):
        """Each wrong value names its field."""
        with pytest.raises(ConfigError) as info:
            CustomStatus(*args)
        assert path == info.value.path
        assert words in str(info.value)

    @pytest.mark.parametrize(
        "args",
        [(1, "open"), ("x", 1), ("x", "open", ["resolution"]), ("x", "open", (("a",),))],
    )
    def test_type_errors(self, args):
        """A value of the wrong type is a TypeError."""
        with pytest.raises(TypeError):
            CustomStatus(*args)

    def test_clock_pairs_of_wrong_type(self):
        """Clock names and behaviours are strings."""
        with pytest.raises(TypeError):
            CustomStatus("x", "open", {"resolution": 1})


class TestStatusMap:
    """The map, its dicts and its errors."""

    def test_standard_statuses_are_always_known(self):
        """The standard statuses keep their categories and clocks; unknown is None."""
        desk = StatusMap()
        assert all(desk.category(s) == s for s in STATUSES)
        assert desk.category("limbo") is None
        assert "run" == desk.behaviour("on_hold", "requester_wait")
        assert {} == desk.to_dict()

    def test_from_dict_and_back(self):
        """Both spellings read back; a standard status may get other clocks."""
        data = {
            "awaiting_vendor": "on_hold",
            "pending": {"category": "pending", "clocks": {"resolution": "pause"}},
        }
        desk = StatusMap.from_dict(data)
        assert data == desk.to_dict()
        assert "pause" == desk.behaviour("pending", "resolution")
        assert desk == StatusMap.from_dict(json.loads(json.dumps(desk.to_dict())))

    def test_every_problem_at_once(self):
        """from_dict lists every bad entry, each with its path."""
        with pytest.raises(ConfigError) as info:
            StatusMap.from_dict(
                {
                    "limbo": "nowhere",
                    "ok": "open",
                    "later": {"category": "pending", "clocks": {"resolution": "halt"}},
                    "odd": {"category": "open", "colour": "red"},
                    "bad": {"category": "open", "clocks": {"resolution": 3}},
                    "new": "new",
                    1: "open",
                }
            )
        paths = [p.path for p in info.value.problems]
        assert [
            "statuses.limbo",
            "statuses.later.clocks.resolution",
            "statuses.odd.colour",
            "statuses.bad.clocks",
            "statuses.new",
            "statuses.1",
        ] == paths
        assert "statuses.limbo" == info.value.path
        assert "6 problems" in str(info.value)
        assert "'nowhere'" in str(info.value)

    def test_one_problem_is_itself(self):
        """A single problem is raised as it is, with its path."""
        with pytest.raises(ConfigError) as info:
            StatusMap.from_dict({"limbo": {"clocks": {}}}, path="desk")
        assert "desk.limbo.category" == info.value.path
        assert (info.value,) == info.value.problems

    def test_not_a_mapping(self):
        """A list is not a status map."""
        with pytest.raises(ConfigError) as info:
            StatusMap.from_dict(["open"])
        assert "statuses" == info.value.path

    @pytest.mark.parametrize("value", ["open", {"open": "open"}, 3, ["open"]])
    def test_constructor_types(self, value):
        """The constructor takes CustomStatus values only."""
        with pytest.raises(TypeError):
            StatusMap(value)

    def test_declared_twice(self):
        """A name is declared once."""
        with pytest.raises(ConfigError) as info:
            StatusMap([CustomStatus("x", "open"), CustomStatus("x", "pending")])
        assert "statuses[1]" == info.value.path


class TestPolicy:
    """Statuses as part of a policy."""

    def test_round_trip_and_paths(self):
        """A policy writes its statuses and reads them back; errors carry the path."""
        policy = _policy(StatusMap.from_dict({"awaiting_vendor": "on_hold"}))
        data = policy.to_dict()
        assert {"awaiting_vendor": "on_hold"} == data["statuses"]
        assert policy == Policy.from_dict(json.loads(json.dumps(data)))
        assert "statuses" not in _policy(StatusMap()).to_dict()
        data["statuses"] = {"awaiting_vendor": "waiting"}
        with pytest.raises(ConfigError) as info:
            Policy.from_dict(data)
        assert "statuses.awaiting_vendor" == info.value.path

    def test_round_trip_with_named_calendar(self):
        """Statuses and named calendars are written side by side and read back."""
        data = {
            "name": "desk",
            "calendars": {"office": {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}}},
            "targets": {
                "normal": [{"metric": "resolution", "within": "PT8H", "calendar": "office"}]
            },
            "statuses": {
                "awaiting_vendor": {"category": "on_hold", "clocks": {"resolution": "pause"}}
            },
        }
        policy = Policy.from_dict(data)
        again = policy.to_dict()
        assert "office" == again["targets"]["normal"][0]["calendar"]
        assert data["statuses"] == again["statuses"]
        assert policy == Policy.from_dict(again)

    def test_statuses_must_be_a_status_map(self):
        """A plain dict is refused by the constructor."""
        with pytest.raises(TypeError):
            Policy("p", {}, statuses={"x": "open"})


class TestClocks:
    """How declared statuses drive the clocks."""

    def test_zendesk_worked_example(self):
        """Zendesk's "In Progress" (open) and an "Awaiting vendor" (on-hold) status.

        Created Monday 09:00, in progress 10:00, awaiting the vendor 12:00-14:00, then
        in progress again: agent work pauses while on hold, requester wait runs.
        """
        desk = StatusMap.from_dict({"in_progress": "open", "awaiting_vendor": "on_hold"})
        events = _log((1, "in_progress"), (3, "awaiting_vendor"), (5, "in_progress"))
        report = evaluate(_policy(desk), events, now=T + 6 * H)
        assert "in_progress" == report.status
        assert (6 * H, 4 * H, 6 * H) == tuple(report[m].current.elapsed for m in STATUS_METRICS)
        work = report["agent_work"].current
        assert ["awaiting_vendor"] == [p.status for p in work.paused]
        assert T + 10 * H == work.deadline
        assert T + 8 * H == report["requester_wait"].deadline

    def test_same_clocks_as_the_category(self):
        """A custom status without overrides counts exactly as its category does."""
        desk = StatusMap.from_dict({"waiting_on_customer": "pending"})
        custom = evaluate(_policy(desk), _log((2, "waiting_on_customer")), T + 5 * H)
        standard = evaluate(_policy(desk), _log((2, "pending")), T + 5 * H)
        for m in STATUS_METRICS:
            assert custom[m].current.elapsed == standard[m].current.elapsed
            assert custom[m].deadline == standard[m].deadline

    def test_pending_pauses_resolution_like_freshdesk(self):
        """A desk may let pending pause resolution too (Freshdesk's timer off)."""
        desk = StatusMap.from_dict(
            {"pending": {"category": "pending", "clocks": {"resolution": "pause"}}}
        )
        events = _log((2, "pending"))
        assert (
            5 * H == evaluate(_policy(StatusMap()), events, T + 5 * H)["resolution"].current.elapsed
        )
        paused = evaluate(_policy(desk), events, T + 5 * H)["resolution"].current
        assert (2 * H, "paused", None) == (paused.elapsed, paused.status, paused.deadline)

    def test_solved_category_stops_every_clock(self):
        """A custom solved status stops reply and status clocks; closed ends the ticket."""
        desk = StatusMap.from_dict({"fixed": "solved", "archived": "closed"})
        targets = [*ALL_STATUS_CLOCKS, Target("first_reply", 8 * H)]
        events = [*_log((2, "fixed"), (3, "archived")), TicketEvent(T + 4 * H, "agent_reply")]
        report = evaluate(_policy(desk, targets), events, T + 5 * H)
        assert "fixed" == report["first_reply"].cycles[0].stop_reason
        assert all(report[m].cycles[0].stop == T + 2 * H for m in STATUS_METRICS)
        assert ["after_closed"] == [p.code for p in report.problems]

    def test_stop_for_one_metric(self):
        """A status may stop one clock only; leaving it, the clock runs on (a pause)."""
        desk = StatusMap.from_dict(
            {"resolved_pending_qa": {"category": "open", "clocks": {"resolution": "stop"}}}
        )
        events = [
            *_log((2, "resolved_pending_qa")),
            TicketEvent(T + 3 * H, "priority", priority="high"),
        ]
        policy = Policy(
            "p", {"normal": ALL_STATUS_CLOCKS, "high": [Target("resolution", H)]}, statuses=desk
        )
        report = evaluate(policy, events, T + 5 * H)
        resolution = report["resolution"].cycles[0]
        stopped = (resolution.stop, resolution.stop_reason, resolution.priority, resolution.status)
        assert (T + 2 * H, "resolved_pending_qa", "normal", "met") == stopped
        assert "agent_work" not in report  # high has no agent_work target, none ran
        reopened = evaluate(
            policy, [*events, TicketEvent(T + 4 * H, "status", status="open")], T + 5 * H
        )
        cycle = reopened["resolution"].current
        assert ["resolved_pending_qa"] == [p.status for p in cycle.paused]
        assert ("breached", "high") == (cycle.status, cycle.priority)

    def test_unknown_status_is_reported_and_ignored(self):
        """A status the policy does not declare is a problem, never a silent guess."""
        events = _log((1, "waiting_on_customer"), (2, "pending"))
        report = evaluate(_policy(StatusMap()), events, T + 5 * H)
        assert ["unknown_status"] == [p.code for p in report.problems]
        assert "'waiting_on_customer'" in report.problems[0].message
        assert 1 == report.problems[0].index
        assert 2 * H == report["agent_work"].current.elapsed

    def test_batch_agrees(self):
        """evaluate_many honours the policy's statuses as evaluate does."""
        desk = StatusMap.from_dict({"awaiting_vendor": "on_hold", "fixed": "solved"})
        policy = _policy(desk)
        logs = {
            "a": _log((1, "awaiting_vendor")),
            "b": _log((1, "fixed")),
            "c": _log((1, "limbo")),
        }
        batch = evaluate_many(policy, logs.items(), T + 5 * H, reports=True)
        for key, events in logs.items():
            assert evaluate(policy, events, T + 5 * H) == batch.reports[key]


# ------------------------------------------------------------------- properties
status_maps = st.lists(
    st.one_of(
        st.builds(
            CustomStatus,
            st.sampled_from(("awaiting_vendor", "in_progress", "x")),
            st.sampled_from(CATEGORIES),
            st.dictionaries(st.sampled_from(STATUS_METRICS), st.sampled_from(BEHAVIOURS)),
        ),
        st.builds(
            lambda name, clocks: CustomStatus(name, name, clocks),
            st.sampled_from(STATUSES[1:]),
            st.dictionaries(st.sampled_from(STATUS_METRICS), st.sampled_from(BEHAVIOURS)),
        ),
    ),
    max_size=4,
    unique_by=lambda s: s.name,
).map(StatusMap)


@given(status_maps)
def test_round_trip(desk):
    """Every status map survives its dict through strict JSON, alone and in a policy."""
    text = json.dumps(desk.to_dict(), allow_nan=False)
    assert desk == StatusMap.from_dict(json.loads(text))
    policy = _policy(desk)
    assert policy == Policy.from_dict(json.loads(json.dumps(policy.to_dict(), allow_nan=False)))


def _rename(events, names):
    return [
        TicketEvent(e.at, "status", status=names.get(e.status, e.status))
        if e.kind == "status"
        else e
        for e in events
    ]


@settings(max_examples=60, deadline=None)
@given(
    full_policies(),
    tickets(priority_changes=False),
    st.sampled_from(STATUS_METRICS),
    st.sampled_from(CATEGORIES[1:5]),
    st.dictionaries(st.sampled_from(STATUS_METRICS), st.sampled_from(BEHAVIOURS)),
)
def test_pause_never_moves_a_deadline_earlier(policy, events, metric, category, clocks):
    """Pausing instead of running never makes a deadline earlier nor adds time.

    The exact property: take a custom status ``x`` in ``category`` with ``clocks``,
    once with ``metric: "run"`` (ticket A) and once with ``metric: "pause"`` (ticket
    B), and the same log in which every change to one open/pending/on-hold status is
    a change to ``x``. Then, for ``metric``, B's elapsed time is at most A's, and if
    B's cycle has a deadline, so has A's and A's is no later.
    """
    replaced = next((e.status for e in events if e.status in CATEGORIES[1:4]), "open")
    log = _rename(events, {replaced: "x"})
    now = max(e.at for e in events) + timedelta(days=2)
    results = []
    for how in ("run", "pause"):
        desk = StatusMap([CustomStatus("x", category, {**clocks, metric: how})])
        p = Policy(policy.name, policy.targets, statuses=desk)
        results.append(evaluate(p, log, now)[metric].cycles[0])
    ran, paused = results
    assert paused.elapsed <= ran.elapsed
    if paused.deadline is not None:
        assert ran.deadline is not None
        assert ran.deadline <= paused.deadline


@settings(max_examples=60, deadline=None)
@given(full_policies(), tickets(), st.integers(0, 3 * 24 * 60))
def test_renamed_statuses_count_as_their_category(policy, events, minutes):
    """Declaring "my_<s>" in category s and using it for s changes no clock."""
    names = {s: f"my_{s}" for s in STATUSES[1:]}
    desk = StatusMap([CustomStatus(n, s) for s, n in names.items()])
    now = events[0].at + timedelta(minutes=minutes)
    standard = evaluate(policy, events, now)
    custom = evaluate(
        Policy(policy.name, policy.targets, statuses=desk), _rename(events, names), now
    )
    assert names.get(standard.status, standard.status) == custom.status
    for a, b in zip(standard, custom, strict=True):
        assert a.status == b.status
        assert [(c.start, c.stop, c.deadline, c.elapsed, c.status) for c in a.cycles] == [
            (c.start, c.stop, c.deadline, c.elapsed, c.status) for c in b.cycles
        ]
