"""Checks of a valid flow that point at likely mistakes (private): :meth:`Flow.check`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from servicekit.onboarding._chart import FINAL, HISTORY, PARALLEL, Chart, Edge, Node, state_paths
from servicekit.onboarding._model import in_state

if TYPE_CHECKING:
    from servicekit.onboarding._flow import Flow

__all__ = ["CHECK_CODES", "Finding", "check"]

#: The codes of :class:`Finding`, with what each means.
CHECK_CODES = {
    "shadowed": "an earlier transition on the same state and event needs no more guards, "
    "so this one is never taken",
    "guard-overlap": "two transitions on the same state and event have guards that can "
    "hold together; only their order decides",
    "region-conflict": "transitions in two regions of a parallel state react to one event "
    "and one leaves the parallel state; only document order decides",
    "dead-end": "a state that is not final and that no transition leaves",
    "unreachable": "a state no transition that can ever be taken makes active (a statechart "
    "may hold one, as SCXML allows; a flat flow with one is refused when built)",
    "timer-never-fires": "a timer that a shorter one always beats out of its state",
}


@attrs.frozen
class Finding:
    """One thing :meth:`Flow.check` found.

    Attributes:
        code: one of :data:`CHECK_CODES` (``"shadowed"``, ``"guard-overlap"``...).
        path: where, as in :meth:`Flow.from_dict` (``transitions[3]``,
            ``states[1].states[0]``, ``states[0].timers[1]``).
        message: what is wrong and how to fix it.
    """

    code: str
    path: str
    message: str


def check(flow: Flow) -> tuple[Finding, ...]:
    """Every finding of ``flow``, in the order of the codes above, then of paths."""
    chart = Chart(
        None, flow.states, flow.transitions, flow.initial_state, flow.guards, flow.effects
    )
    paths = state_paths(flow.states)
    found: list[Finding] = []
    shadowed = _guards(chart, found)
    _regions(chart, found)
    _dead_ends(chart, paths, found)
    _unreachable(chart, shadowed, paths, found)
    _timers(chart, paths, found)
    return tuple(found)


def _guards(chart: Chart, found: list[Finding]) -> set[int]:
    """Shadowed transitions and overlapping guards; return the shadowed indexes."""
    shadowed: set[int] = set()
    for edges in chart.by_source.values():
        for k, later in enumerate(edges):
            mine = set(later.transition.guards)
            for earlier in edges[:k]:
                theirs = set(earlier.transition.guards)
                if theirs <= mine:
                    shadowed.add(later.index)
                    found.append(
                        Finding(
                            "shadowed",
                            f"transitions[{later.index}]",
                            f"transition {later.index} ({later.transition.source!r} "
                            f"--{later.event}-->) is never taken: transition {earlier.index} "
                            "comes first and needs no guard it lacks; remove it or put it first",
                        )
                    )
                    break
                if theirs and not mine <= theirs and _can_hold(chart, later.source, theirs | mine):
                    found.append(
                        Finding(
                            "guard-overlap",
                            f"transitions[{later.index}]",
                            f"guards {sorted(theirs)} of transition {earlier.index} and "
                            f"{sorted(mine)} of transition {later.index} on "
                            f"{later.transition.source!r} --{later.event}--> can hold together; "
                            "then the first one is taken. Make them exclusive, or keep the "
                            "order on purpose",
                        )
                    )
    return shadowed


def _can_hold(chart: Chart, source: Node, guards: set[str]) -> bool:
    """Whether ``source`` and the states named by ``In()`` guards can all be active.

    The other guards are free conditions; ``In()`` guards hold together only when the
    states they name are pairwise on one branch or in different regions of a parallel
    state (pairwise is enough in a tree: each compound state holds one active child).
    """
    named = (in_state(g) for g in sorted(guards))
    nodes = [source, *(chart.nodes[n] for n in named if n is not None)]
    return all(_together(a, b) for i, a in enumerate(nodes) for b in nodes[:i])


def _together(a: Node, b: Node) -> bool:
    """Whether states ``a`` and ``b`` can be active at the same time."""
    if a is b or a in b.ancestors or b in a.ancestors:
        return True
    common = max(a.ancestors & b.ancestors, key=lambda n: n.depth)
    return common.kind == PARALLEL


def _regions(chart: Chart, found: list[Finding]) -> None:
    """Transitions in different regions of one parallel state on one event, one leaving."""
    for node in chart.nodes.values():
        if node.kind != PARALLEL:
            continue
        by_event: dict[str, list[tuple[Node, Edge]]] = {}
        for region in node.regions:
            inside = {n for n in chart.nodes.values() if n is region or region in n.ancestors}
            for edge in chart.edges:
                if edge.source in inside:
                    by_event.setdefault(edge.event, []).append((region, edge))
        for event, pairs in by_event.items():
            regions = {region for region, _ in pairs}
            leaving = [e for _, e in pairs if not (e.domain is node or node in e.domain.ancestors)]
            if len(regions) > 1 and leaving:
                edge = leaving[0]
                found.append(
                    Finding(
                        "region-conflict",
                        f"transitions[{edge.index}]",
                        f"{event!r} is handled in {len(regions)} regions of parallel state "
                        f"{node.name!r}, and transition {edge.index} leaves it: the regions' "
                        "transitions conflict and document order decides which is taken; use "
                        "separate events or leave from the parallel state itself",
                    )
                )


def _dead_ends(chart: Chart, paths: dict[str, str], found: list[Finding]) -> None:
    for node in chart.nodes.values():
        if not node.leaf or node.kind == FINAL:
            continue
        if not any(chart.from_node.get(n) for n in node.chain):
            found.append(
                Finding(
                    "dead-end",
                    paths[node.name],
                    f"state {node.name!r} is not final, but no transition leaves it or a "
                    "state around it; add a way out or make it final",
                )
            )


def _reached(chart: Chart, skip: set[int]) -> set[Node]:
    """The states transitions (but those in ``skip``) can make active, from the start."""
    active, _ = chart.enter_from_root(chart.nodes[chart.initial_name])
    reached = set(active)
    todo = list(active)
    while todo:
        node = todo.pop()
        for edge in chart.from_node.get(node, ()):
            if edge.index in skip:
                continue
            # A history state restores only states reached otherwise, or its default.
            enter, _ = chart._entry([(edge.target, edge.domain)], {})  # noqa: SLF001
            for n in (*enter, edge.target):
                for m in n.chain:
                    if m not in reached:
                        reached.add(m)
                        todo.append(m)
    return reached


def _unreachable(
    chart: Chart, shadowed: set[int], paths: dict[str, str], found: list[Finding]
) -> None:
    """States no transition makes active, or only shadowed ones (a statechart may hold them)."""
    live = _reached(chart, shadowed)
    anyway = _reached(chart, set()) if shadowed else live
    for name, node in chart.nodes.items():
        if node in live or node.kind == HISTORY:
            continue
        why = (
            "is entered only by transitions that are never taken (see the 'shadowed' findings)"
            if node in anyway
            else f"is never made active by a transition from the initial state "
            f"{chart.initial_name!r}; connect it or remove it"
        )
        found.append(Finding("unreachable", paths[name], f"state {name!r} {why}"))


def _timers(chart: Chart, paths: dict[str, str], found: list[Finding]) -> None:
    """Timers that a shorter timer of the same state (or around it) always beats."""
    for node in chart.nodes.values():
        running = [(n, j, tm) for n in reversed(node.chain) for j, tm in enumerate(n.timers)]
        for holder, j, timer in running:
            if holder is not node:
                continue
            for other_holder, _, other in running:
                if other is timer or other.calendar != timer.calendar or other.after >= timer.after:
                    continue
                # Does the other timer's event always take the journey out of ``node``?
                leaves = any(
                    not e.guards
                    for n in node.chain
                    for e in chart.by_source.get((n.name, other.event), ())
                )
                if leaves:
                    found.append(
                        Finding(
                            "timer-never-fires",
                            f"{paths[node.name]}.timers[{j}]",
                            f"timer {timer.name!r} of {node.name!r} never fires: timer "
                            f"{other.name!r} of {other_holder.name!r} is shorter and its event "
                            f"{other.event!r} always leaves {node.name!r} first; shorten it or "
                            "remove it",
                        )
                    )
                    break
