"""flow.check(): likely mistakes in a valid flow (issue 19, item 4)."""

from __future__ import annotations

from datetime import timedelta

from servicekit.onboarding import CHECK_CODES, Finding, Flow, Guard, State, Timer, Transition
from servicekit.onboarding.flows import complaint, downline_member, investment, nested_investment

HOUR = timedelta(hours=1)
GUARDS = {name: Guard(lambda _j, _d: True, name) for name in ("a", "b", "c")}


def codes(flow: Flow) -> list[tuple[str, str]]:
    """The (code, path) of each finding."""
    return [(f.code, f.path) for f in flow.check()]


def test_built_in_flows() -> None:
    """The built-in flows: only the deliberate guard orders are reported."""
    assert codes(downline_member()) == []
    assert codes(nested_investment()) == []
    assert {c for c, _ in codes(investment())} <= {"guard-overlap"}
    assert {c for c, _ in codes(complaint())} <= {"guard-overlap"}
    assert all(f.code in CHECK_CODES for f in investment().check())


def test_shadowed_and_overlapping_guards_and_what_they_cut_off() -> None:
    """An unguarded (or less guarded) earlier transition shadows a later one."""
    flow = Flow(
        "g",
        1,
        states=[
            State("s"),
            # the shorter timer's event is guarded: it may not leave, so no finding
            State("t", timers=[Timer("quick", HOUR, "poke"), Timer("slow", 2 * HOUR, "end")]),
            State("only_shadowed"),
            State("z", final=True),
        ],
        transitions=[
            Transition("s", "go", "t", guards=["a"]),
            Transition("s", "go", "z", guards=["b"]),
            Transition("s", "go", "only_shadowed", guards=["a", "c"]),
            Transition("s", "end", "z"),
            Transition("s", "end", "t", guards=["c"]),
            Transition("t", "end", "z"),
            Transition("t", "poke", "t", guards=["a"]),
            Transition("only_shadowed", "end", "z"),
        ],
        guards=GUARDS,
    )
    found = flow.check()
    assert [(f.code, f.path) for f in found] == [
        ("guard-overlap", "transitions[1]"),
        ("shadowed", "transitions[2]"),
        ("shadowed", "transitions[4]"),
        ("unreachable", "states[2]"),
    ]
    assert isinstance(found[0], Finding)
    assert found[0].message.startswith("guards ['a'] of transition 0 and ['b'] of transition 1")


def test_region_conflicts_dead_ends_and_timers() -> None:
    """Regions sharing an event, a state without a way out, a timer always beaten."""
    flow = Flow(
        "r",
        1,
        states=[
            State(
                "p",
                parallel=True,
                timers=[Timer("soon", HOUR, "tick")],
                states=[
                    State("left", states=[State("l1"), State("l2")]),
                    State(
                        "right",
                        states=[
                            State(
                                "r1",
                                timers=[
                                    Timer("quick", HOUR / 2, "peek"),
                                    Timer("late", 2 * HOUR, "tock"),
                                    Timer("other", 2 * HOUR, "tock", calendar="office"),
                                ],
                            )
                        ],
                    ),
                ],
            ),
            State("stuck"),
            State("z", final=True),
        ],
        transitions=[
            Transition("l1", "go", "l2"),
            Transition("r1", "go", "z"),
            Transition("p", "tick", "p"),
            Transition("r1", "tock", "r1"),
            Transition("r1", "peek", "r1", guards=["a"]),
            Transition("l2", "jam", "stuck"),
        ],
        calendars={"office": _Calendar()},
        guards=GUARDS,
    )
    assert codes(flow) == [
        ("region-conflict", "transitions[1]"),
        ("dead-end", "states[1]"),
        ("timer-never-fires", "states[0].states[1].states[0].timers[1]"),
    ]


class _Calendar:
    """A stand-in business calendar."""

    def add(self, start, duration):
        return start + duration
