"""Statecharts: compound, parallel, history and final states with SCXML semantics (private).

A flow whose states nest is run by a :class:`Chart`, compiled once from the flow. It
follows the algorithm of the SCXML recommendation (W3C, 2015, appendix D): the
*optimal enabled transition set* (document order, descendants before ancestors,
conflicts between parallel regions resolved in favour of the earlier or deeper
source), exit in reverse document order with history recorded first, transition
content, entry in document order, and ``done.state.<id>`` events raised on entering a
final state and processed in the same macrostep.

A journey's configuration is one string (one database column): the names of its
active leaf states, sorted, joined by ``|``, followed by the recorded history values
as ``history=state,state`` (also sorted). Every result that depends only on the
configuration and the chosen transitions is computed once and kept in a per-flow
table (bounded; see :data:`CACHE_LIMIT`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from servicekit.exceptions import ConfigError, TransitionError
from servicekit.onboarding._model import (
    Cancel,
    Effect,
    EffectFactory,
    Guard,
    HistoryEntry,
    Journey,
    Log,
    Notify,
    Raise,
    Schedule,
    Send,
    State,
    Step,
    Timer,
    Transition,
    in_state,
)

if TYPE_CHECKING:
    from servicekit._calendar_like import CalendarLike
    from servicekit.onboarding._flow import Flow

__all__ = [
    "ANY",
    "CACHE_LIMIT",
    "EVENTLESS",
    "MAX_MICROSTEPS",
    "BadConfiguration",
    "Chart",
    "Edge",
    "Micro",
    "Node",
    "chart_problems",
    "is_chart",
    "state_paths",
]

ATOMIC, COMPOUND, PARALLEL, FINAL, HISTORY = "atomic", "compound", "parallel", "final", "history"
#: Separates the leaves (and history values) of a stored configuration.
SEP = "|"
#: Characters a state of a nested flow may not have in its name (they encode it).
RESERVED = ("|", "=", ",")
#: How deeply states may nest.
MAX_DEPTH = 32
#: How many configurations (and transition choices) a flow remembers the results of.
CACHE_LIMIT = 4096
#: The event of an eventless transition (SCXML's transition without ``event``).
EVENTLESS = ""
#: The event descriptor that matches every event (not eventless transitions).
ANY = "*"
#: The fewest microsteps one macrostep may take before the flow is deemed to loop; a
#: chart allows more when it has more states and transitions (see :meth:`Chart.fire`).
MAX_MICROSTEPS = 1000
_EMPTY: Mapping[str, Any] = {}
_tuple_new = tuple.__new__


def is_chart(states: tuple[State, ...], transitions: tuple[Transition, ...] = ()) -> bool:
    """Whether a flow with these states and transitions needs the statechart engine."""
    return any(
        s.states
        or s.parallel
        or s.history is not None
        or s.initial is not None
        or s.entry
        or s.exit
        for s in states
    ) or any(t.raises or t.event in {EVENTLESS, ANY} for t in transitions)


class Node:
    """A compiled state: its place in the tree and what entering or leaving it does."""

    __slots__ = (
        "ancestors",
        "chain",
        "children",
        "default",
        "depth",
        "entry",
        "exit",
        "histories",
        "initial",
        "kind",
        "name",
        "order",
        "parent",
        "regions",
        "state",
        "timers",
    )

    def __init__(self, state: State | None, parent: Node | None, order: int) -> None:
        self.state = state
        self.name = "" if state is None else state.name
        self.parent = parent
        self.order = order
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.children: tuple[Node, ...] = ()
        self.regions: tuple[Node, ...] = ()  # children that are not history states
        self.histories: tuple[Node, ...] = ()
        self.initial: Node | None = None
        self.default: Node | None = None  # a history state's default target
        # Compiled actions: Raise, Send, Notify, Log or an effect factory.
        self.entry: tuple[Any, ...] = ()
        self.exit: tuple[Any, ...] = ()
        self.timers: tuple[Timer, ...] = () if state is None else state.timers
        if state is None:
            self.kind = COMPOUND
        elif state.history is not None:
            self.kind = HISTORY
        elif state.final:
            self.kind = FINAL
        elif state.parallel:
            self.kind = PARALLEL
        elif state.states:
            self.kind = COMPOUND
        else:
            self.kind = ATOMIC
        # (self, parent, ..., top-level state); proper ancestors include the root.
        if parent is None:
            self.chain: tuple[Node, ...] = (self,)
            self.ancestors: frozenset[Node] = frozenset()
        else:
            self.chain = (self,) if parent.parent is None else (self, *parent.chain)
            self.ancestors = frozenset(self.chain[1:]) | {_root_of(parent)}

    def __repr__(self) -> str:
        return f"Node({self.name!r})"

    @property
    def leaf(self) -> bool:
        return self.kind in {ATOMIC, FINAL}


def _root_of(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def below(node: Node, ancestor: Node) -> bool:
    """Whether ``node`` is a proper descendant of ``ancestor``."""
    return ancestor in node.ancestors


class Edge:
    """A compiled transition of a chart."""

    __slots__ = (
        "checks",
        "counts",
        "domain",
        "effects",
        "event",
        "guards",
        "index",
        "literal",
        "source",
        "target",
        "transition",
    )

    def __init__(
        self,
        index: int,
        transition: Transition,
        nodes: Mapping[str, Node],
        guards: tuple[tuple[str, Guard], ...],
        effects: tuple[Effect | EffectFactory, ...],
    ) -> None:
        self.index = index
        self.transition = transition
        self.event = transition.event
        self.source = nodes[transition.source]
        self.target = nodes[transition.target]
        self.domain = domain(self.source, self.target)
        self.guards = guards
        self.checks = tuple(g.check for _, g in guards)
        self.effects = effects
        self.literal = all(isinstance(e, Send | Notify | Log) for e in effects)
        self.counts = transition.counts


def domain(source: Node, target: Node) -> Node:
    """The transition domain of an external transition (SCXML ``findLCCA``).

    That is the source's nearest compound proper ancestor (or the root) that also
    holds the target.
    """
    node = source.parent
    while node is not None:
        if node.kind == COMPOUND and (node.parent is None or below(target, node)):
            return node
        node = node.parent
    raise AssertionError  # pragma: no cover - the root is compound and holds everything


class Micro:
    """The result of one microstep from one configuration with one set of transitions."""

    __slots__ = (
        "after",
        "before",
        "cancels",
        "done",
        "edges",
        "entered",
        "entries",
        "exited",
        "plain",
        "raised",
        "state",
        "static",
    )

    def __init__(
        self,
        state: str,
        edges: tuple[Edge, ...],
        exited: tuple[Node, ...],
        entered: tuple[Node, ...],
        raised: tuple[str, ...],
        *,
        done: bool,
        settles: bool = True,
    ) -> None:
        self.state = state
        self.edges = edges
        self.exited = exited
        self.entered = entered
        self.raised = raised
        self.done = done
        # Exit actions (exit order) and entry actions (entry order) that are effects.
        self.before = tuple(a for n in exited for a in n.exit if not isinstance(a, Raise))
        self.after = tuple(a for n in entered for a in n.entry if not isinstance(a, Raise))
        self.cancels = tuple(Cancel(tm.name) for node in exited for tm in node.timers)
        self.entries = tuple((e.event, e.transition.source, e.transition.target) for e in edges)
        # The usual microstep: nothing follows, nothing is counted or scheduled, and
        # the effects are known in advance (fire's fast path builds it inline). A '*'
        # transition records the event that took it, so it takes the full path.
        self.plain = (
            settles
            and not raised
            and not self.before
            and not self.after
            and all(e.literal and not e.counts and e.event != ANY for e in edges)
            and not any(n.timers for n in entered)
        )
        self.static: tuple[Effect, ...] = (
            *self.cancels,
            *(spec for e in edges for spec in e.effects),  # type: ignore[arg-type]
        )


class BadConfiguration(Exception):  # noqa: N818 - private, always turned into a documented error
    """A stored configuration that is not one of this chart (the reason is the message)."""


Active = frozenset[Node]
Histories = dict[Node, tuple[Node, ...]]


class Chart:
    """A flow's states compiled into a tree, with the SCXML algorithm over it."""

    def __init__(  # noqa: PLR0917 - the parts of a flow, also of one being checked
        self,
        flow: Flow | None,
        states: tuple[State, ...],
        transitions: tuple[Transition, ...],
        initial: str,
        guards: Mapping[str, Guard],
        effects: Mapping[str, Any],
    ) -> None:
        self.flow: Flow = flow  # type: ignore[assignment] # None only while checking a draft
        self.name = "?" if flow is None else flow.name
        self.initial_name = initial
        self.root = Node(None, None, -1)
        self.nodes: dict[str, Node] = {}
        order = 0

        def build(parent: Node, states: tuple[State, ...]) -> tuple[Node, ...]:
            nonlocal order
            made = []
            for s in states:
                node = Node(s, parent, order)
                order += 1
                self.nodes[s.name] = node
                node.children = build(node, s.states)
                made.append(node)
            for node in made:
                node.regions = tuple(c for c in node.children if c.kind != HISTORY)
                node.histories = tuple(c for c in node.children if c.kind == HISTORY)
                if node.kind == COMPOUND:
                    name = node.state.initial if node.state is not None else None
                    node.initial = self.nodes[name] if name is not None else node.regions[0]
            return tuple(made)

        self.root.children = build(self.root, states)
        self.root.regions = self.root.children
        for node in self.nodes.values():
            st = node.state
            assert st is not None  # noqa: S101 - only the root has no state
            node.entry = tuple(effects[a] if isinstance(a, str) else a for a in st.entry)
            node.exit = tuple(effects[a] if isinstance(a, str) else a for a in st.exit)
            if node.kind == HISTORY and st.initial is not None:
                node.default = self.nodes[st.initial]
        #: Whether any transition is eventless (then no microstep is plain).
        self.eventless = any(t.event == EVENTLESS for t in transitions)
        self.limit = max(MAX_MICROSTEPS, len(self.nodes) + len(transitions))
        self.order = {n: n.order for n in self.nodes.values()}
        self.by_source: dict[tuple[str, str], tuple[Edge, ...]] = {}
        edges: list[Edge] = []
        for i, t in enumerate(transitions):
            edge = Edge(
                i,
                t,
                self.nodes,
                tuple((g, self.guard(g, guards)) for g in t.guards),
                tuple(effects[e] if isinstance(e, str) else e for e in t.effects),
            )
            edges.append(edge)
            self.by_source[t.source, t.event] = (*self.by_source.get((t.source, t.event), ()), edge)
        self.edges = tuple(edges)
        self.from_node: dict[Node, tuple[Edge, ...]] = {}
        for edge in edges:
            self.from_node[edge.source] = (*self.from_node.get(edge.source, ()), edge)
        self.selections: dict[tuple[str, str], tuple[tuple[Edge, ...], ...]] = {}
        self.micros: dict[tuple[str, tuple[int, ...]], Micro] = {}
        start = self.nodes[initial]
        active, entered = self.enter_from_root(start)
        self.initial = self.encode(active, {})
        self.initial_entered = entered
        # Entering the initial configuration: its raised events and effects.
        self.initial_micro = Micro(self.initial, (), (), entered, self._raised(entered), done=False)
        self.domains: dict[tuple[str, str], Node] = {}

    # ------------------------------------------------------------ configurations

    def guard(self, name: str, guards: Mapping[str, Guard]) -> Guard:
        """The registered guard ``name``, or the built-in ``In(<state>)`` over this chart."""
        named = in_state(name)
        if named is None:
            return guards[name]
        node, nodes = self.nodes[named], self.nodes

        def check(journey: Journey, _data: Mapping[str, Any]) -> bool:
            # The stored configuration lists the active leaves (and history marks,
            # which name no state); ``node`` is active when it is one or holds one.
            for token in journey.state.split(SEP):
                leaf = nodes.get(token)
                if leaf is not None and (leaf is node or node in leaf.ancestors):
                    return True
            return False

        return Guard(check, f"the journey in state {named!r}")

    def encode(self, active: Active | set[Node], histories: Histories) -> str:
        leaves = sorted(n.name for n in active if n.leaf)
        marks = sorted(
            f"{h.name}={','.join(sorted(v.name for v in values))}"
            for h, values in histories.items()
        )
        return SEP.join(leaves + marks)

    def decode(self, state: str) -> tuple[Active, Histories]:
        """Read a stored configuration back, checking that it is one of this chart.

        Raises:
            BadConfiguration: it is not (the message says why).
        """
        active: set[Node] = set()
        histories: Histories = {}
        for token in state.split(SEP):
            name, mark, values = token.partition("=")
            node = self.nodes.get(name)
            if mark:
                if node is None or node.kind != HISTORY:
                    raise BadConfiguration(f"{name[:80]!r} is not a history state of this flow")
                found = self.restorable(node, values.split(","))
                if found is None:
                    raise BadConfiguration(
                        f"history {name!r} remembers {values[:80]!r}, which are not states it "
                        "can restore"
                    )
                histories[node] = found
            elif node is None or not node.leaf:
                raise BadConfiguration(f"{name[:80]!r} is not a leaf state of this flow")
            else:
                active.add(node)
                active.update(node.ancestors - {self.root})
        for node in [self.root, *sorted(active, key=self.order.__getitem__)]:
            inside = [c for c in node.regions if c in active]
            if node.kind == COMPOUND and len(inside) != 1:
                raise BadConfiguration(
                    f"{len(inside)} states are active in {node.name or 'the flow'!r}, "
                    "which takes exactly one"
                )
            if node.kind == PARALLEL and len(inside) != len(node.regions):
                raise BadConfiguration(f"a region of parallel state {node.name!r} is not active")
        if self.encode(active, histories) != state:
            raise BadConfiguration("the names are not sorted or appear twice")
        return frozenset(active), histories

    def restorable(self, history: Node, names: list[str]) -> tuple[Node, ...] | None:
        """The states ``names`` if the history state ``history`` can restore them."""
        parent = history.parent
        assert parent is not None  # noqa: S101 - a history state has a parent
        found = tuple(self.nodes.get(v) for v in names)
        for v in found:
            if v is None or not below(v, parent):
                return None
            if not (v.parent is parent if history.state.history == "shallow" else v.leaf):  # type: ignore[union-attr]
                return None
        return found  # type: ignore[return-value]

    def in_final(self, node: Node, active: Active | set[Node]) -> bool:
        if node.kind == COMPOUND:
            return any(c.kind == FINAL and c in active for c in node.regions)
        if node.kind == PARALLEL:
            return all(self.in_final(c, active) for c in node.regions)
        return False

    # ------------------------------------------------------------ entry sets (SCXML D)

    def _entry(  # noqa: C901 - SCXML's entry-set procedures, kept together
        self, targets: list[tuple[Node, Node]], histories: Histories
    ) -> tuple[set[Node], set[Node]]:
        """The states to enter for ``(target, domain)`` pairs, with default entries."""
        enter: set[Node] = set()
        defaults: set[Node] = set()

        def restore(history: Node) -> tuple[Node, ...]:
            parent = history.parent
            assert parent is not None  # noqa: S101
            if history in histories:
                return histories[history]
            if history.default is not None:
                return (history.default,)
            if parent.kind == COMPOUND:
                return (parent.initial,)  # type: ignore[return-value]
            return parent.regions

        def descendants(node: Node) -> None:
            if node.kind == HISTORY:
                # All descendants first, then the ancestors (SCXML's order matters for
                # parallel states: a restored leaf must be known before its region).
                for s in restore(node):
                    descendants(s)
                for s in restore(node):
                    ancestors(s, node.parent)  # type: ignore[arg-type]
                return
            enter.add(node)
            if node.kind == COMPOUND:
                defaults.add(node)
                descendants(node.initial)  # type: ignore[arg-type]
                ancestors(node.initial, node)  # type: ignore[arg-type]
            elif node.kind == PARALLEL:
                # (SCXML skips regions already entered; one target per transition and
                # no conflicting transitions in a microstep mean none is, here.)
                for child in node.regions:
                    descendants(child)

        def ancestors(node: Node, stop: Node) -> None:
            for anc in node.chain[1:]:
                if anc is stop:
                    return
                enter.add(anc)
                if anc.kind == PARALLEL:
                    for child in anc.regions:
                        if not any(below(s, child) for s in enter):
                            descendants(child)

        for target, dom in targets:
            descendants(target)
            for s in restore(target) if target.kind == HISTORY else (target,):
                ancestors(s, dom)
        return enter, defaults

    def enter_from_root(self, target: Node) -> tuple[Active, tuple[Node, ...]]:
        enter, _ = self._entry([(target, self.root)], {})
        return frozenset(enter), tuple(sorted(enter, key=self.order.__getitem__))

    # ------------------------------------------------------------ microsteps

    def _exit_set(self, edge: Edge, active: Active) -> frozenset[Node]:
        dom = edge.domain
        return frozenset(n for n in active if below(n, dom))

    def micro(self, state: str, enabled: tuple[Edge, ...]) -> Micro:  # noqa: C901, PLR0912 - SCXML microstep
        """The microstep taking ``enabled`` from ``state`` (computed once, then looked up)."""
        key = (state, tuple(e.index for e in enabled))
        found = self.micros.get(key)
        if found is not None:
            return found
        active, histories = self.decode(state)
        # The optimal enabled transition set: an earlier transition wins a conflict
        # unless the later one's source lies inside the earlier one's.
        chosen: list[tuple[Edge, frozenset[Node]]] = []
        for edge in enabled:
            mine = self._exit_set(edge, active)
            beaten: list[tuple[Edge, frozenset[Node]]] = []
            for other in chosen:
                if mine & other[1]:
                    if below(edge.source, other[0].source):
                        beaten.append(other)
                    else:
                        break
            else:
                chosen = [c for c in chosen if c not in beaten]
                chosen.append((edge, mine))
        leaving: set[Node] = set()
        for _, mine in chosen:
            leaving |= mine
        exited = tuple(sorted(leaving, key=self.order.__getitem__, reverse=True))
        histories = dict(histories)
        for node in exited:
            for h in node.histories:
                if h.state.history == "deep":  # type: ignore[union-attr]
                    kept = tuple(n for n in active if n.leaf and below(n, node))
                else:
                    kept = tuple(n for n in node.regions if n in active)
                histories[h] = kept
        edges = tuple(e for e, _ in chosen)
        enter, _ = self._entry([(e.target, e.domain) for e in edges], histories)
        # SCXML order: exit actions, the transitions' content, then per entered state
        # its entry actions and the done events it sets off.
        raised: list[str] = [a.event for n in exited for a in n.exit if isinstance(a, Raise)]
        raised += [name for e in edges for name in e.transition.raises]
        after = (active - leaving) | enter
        entered = tuple(sorted(enter, key=self.order.__getitem__))
        raised += self._raised(entered, after)
        done = any(n.kind == FINAL and n.parent is self.root for n in entered)
        result = Micro(
            self.encode(after, histories),
            edges,
            exited,
            entered,
            tuple(raised),
            done=done,
            settles=not self.eventless,
        )
        if len(self.micros) >= CACHE_LIMIT:
            self.micros.clear()
        self.micros[key] = result
        return result

    def _raised(
        self, entered: tuple[Node, ...], after: Active | set[Node] | None = None
    ) -> tuple[str, ...]:
        """The events entering ``entered`` raises: entry actions, then done events."""
        raised: list[str] = []
        for node in entered:
            raised.extend(a.event for a in node.entry if isinstance(a, Raise))
            if node.kind != FINAL or after is None:
                continue
            parent = node.parent
            if parent is self.root:
                continue
            raised.append(f"done.state.{parent.name}")  # type: ignore[union-attr]
            grand = parent.parent  # type: ignore[union-attr]
            if grand.kind == PARALLEL and all(self.in_final(c, after) for c in grand.regions):  # type: ignore[union-attr]
                raised.append(f"done.state.{grand.name}")  # type: ignore[union-attr]
        return tuple(raised)

    def candidates(self, state: str, event: str) -> tuple[tuple[Edge, ...], ...]:
        """Per active leaf (document order), the transitions on ``event`` to try in order.

        Raises:
            BadConfiguration: ``state`` is not a configuration of this chart.
        """
        key = (state, event)
        found = self.selections.get(key)
        if found is not None:
            return found
        active, _ = self.decode(state)
        out = []
        for leaf in sorted((n for n in active if n.leaf), key=self.order.__getitem__):
            tries: tuple[Edge, ...] = ()
            for node in leaf.chain:
                mine = self.by_source.get((node.name, event), ())
                if event not in {EVENTLESS, ANY} and (node.name, ANY) in self.by_source:
                    mine = tuple(
                        sorted((*mine, *self.by_source[node.name, ANY]), key=lambda e: e.index)
                    )
                tries += mine
            if tries:
                out.append(tries)
        result = tuple(out)
        if len(self.selections) >= CACHE_LIMIT:
            self.selections.clear()
        self.selections[key] = result
        return result

    # ------------------------------------------------------------ firing

    def fast(  # noqa: C901, PLR0912 - the hot path, inlined
        self, journey: Journey, event: str, at: datetime, data: Mapping[str, Any]
    ) -> Step | None:
        """The usual step, or ``None`` when the full path must run.

        The caller has checked the journey, its flow and version, the data and the
        time. The step is taken here when the configuration and event were seen
        before, the chosen transitions too, and their microstep is plain (nothing
        follows, nothing is counted or scheduled, the effects are known).
        """
        state = journey.state
        tries = self.selections.get((state, event))
        if not tries:
            return None
        history = journey.history
        if len(tries) == 1:
            # One active leaf handles the event (the usual case): no merging needed.
            for edge in tries[0]:
                for check in edge.checks:
                    if not check(journey, data):
                        break
                else:
                    single = self.micros.get((state, (edge.index,)))
                    if single is None or not single.plain:
                        return None
                    entry = _tuple_new(HistoryEntry, (at, *single.entries[0]))
                    new = _tuple_new(
                        Journey,
                        (
                            journey.flow,
                            journey.flow_version,
                            single.state,
                            journey.version + 1,
                            journey.started_at,
                            journey.context,
                            journey.counters,
                            (*history, entry),
                        ),
                    )
                    return _tuple_new(Step, (new, single.static))
            return None
        chosen: list[int] = []
        for options in tries:
            for edge in options:
                for check in edge.checks:
                    if not check(journey, data):
                        break
                else:
                    if edge.index not in chosen:
                        chosen.append(edge.index)
                    break
        micro = self.micros.get((state, tuple(chosen)))
        if micro is None or not micro.plain:
            return None
        new = _tuple_new(
            Journey,
            (
                journey.flow,
                journey.flow_version,
                micro.state,
                journey.version + 1,
                journey.started_at,
                journey.context,
                journey.counters,
                (*history, *[_tuple_new(HistoryEntry, (at, *e)) for e in micro.entries]),
            ),
        )
        return _tuple_new(Step, (new, micro.static))

    def fire(
        self,
        journey: Journey,
        event: str,
        at: datetime,
        data: Mapping[str, Any],
        expected_version: int | None,
        *,
        effects: bool = True,
    ) -> tuple[Journey, tuple[Effect, ...]]:
        """Run the macrostep for ``event``: the journey after it and the effects.

        The transitions ``event`` enables are taken, then eventless transitions and
        internal events (raised by actions, transitions and final states) until none
        is left, eventless transitions first (SCXML's macrostep). A macrostep that takes
        more than :attr:`limit` microsteps (:data:`MAX_MICROSTEPS`, or the number of
        states and transitions when larger) is refused: the flow loops without waiting
        for an event.

        Raises:
            TransitionError: the event is refused (``.reasons`` says why).
        """
        flow = self.flow
        if type(journey) is not Journey:
            raise TypeError(f"journey must be a Journey, got {type(journey).__name__}")
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping, got {type(data).__name__}")
        refused = flow._refused(journey, at, expected_version)  # noqa: SLF001 - its engine
        if refused:
            raise TransitionError(event, journey.state, refused)
        enabled, reasons = self.select(journey, event, data)
        if not enabled:
            raise TransitionError(event, journey.state, reasons)
        run = Run(
            self, journey, journey.state, journey.history, journey.counters, at, journey.version + 1
        )
        run.take(event, self.micro(journey.state, enabled), data)
        run.settle()
        new = run.view()
        return new, (self.effects_of(run.steps, new, at) if effects else ())

    def effects_of(
        self, steps: list[tuple[Micro, Mapping[str, Any]]], new: Journey, at: datetime
    ) -> tuple[Effect, ...]:
        """The effects of a macrostep's microsteps, in order."""
        out: list[Effect] = []
        for step, step_data in steps:
            out.extend(step.cancels)
            _realize(out, step.before, new, step_data, at)
            for edge in step.edges:
                _realize(out, edge.effects, new, step_data, at)
            _realize(out, step.after, new, step_data, at)
            out.extend(self.schedules(step.entered, at))
        return tuple(out)

    def begin(self, journey: Journey, at: datetime) -> Step:
        """Start ``journey`` (in the initial configuration): entry actions, then settle.

        Raises:
            TransitionError: the first macrostep does not settle (see :meth:`fire`).
        """
        first = self.initial_micro
        if not (first.raised or first.after or self.eventless):
            return _tuple_new(Step, (journey, tuple(self.schedules(first.entered, at))))
        out = Run(self, journey, journey.state, (), (), at, 0)
        out.steps.append((first, _EMPTY))
        out.queue.extend(first.raised)
        out.settle()
        new = out.view()
        return _tuple_new(Step, (new, self.effects_of(out.steps, new, at)))

    def why_not(
        self,
        journey: Journey,
        event: str,
        when: datetime,
        data: Mapping[str, Any],
        expected_version: int | None,
    ) -> tuple[str, ...]:
        """Why ``event`` would be refused (empty when it would be taken)."""
        if type(journey) is not Journey:
            raise TypeError(f"journey must be a Journey, got {type(journey).__name__}")
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping, got {type(data).__name__}")
        refused = self.flow._refused(journey, when, expected_version)  # noqa: SLF001
        if refused:
            return refused
        enabled, reasons = self.select(journey, event, data)
        return () if enabled else reasons

    def test_paths(self) -> tuple[tuple[Transition, ...], ...]:
        """Shortest transition sequences covering every transition (guards unchecked).

        A breadth-first search over configurations (at most :data:`CACHE_LIMIT` of
        them), from the one a journey starts in (after its first macrostep).
        Transitions on ``done.state.*`` events and eventless transitions follow on
        their own, so they are covered by the path whose last transition sets them off,
        and never appear in a path.
        """
        start = self._follow(self.initial, None, self.initial_micro.raised)
        into: dict[str, tuple[str, Edge] | None] = {start: None}
        todo = deque([start])
        covered: dict[int, tuple[str, Edge]] = {}
        wanted = sum(1 for e in self.edges if not _follows(e))
        while todo and len(covered) < wanted:
            state = todo.popleft()
            active, _ = self.decode(state)
            for node in sorted(active, key=self.order.__getitem__):
                for edge in self.from_node.get(node, ()):
                    if _follows(edge):
                        continue
                    after = self._follow(state, edge)
                    covered.setdefault(edge.index, (state, edge))
                    if after not in into and len(into) < CACHE_LIMIT:
                        into[after] = (state, edge)
                        todo.append(after)

        def way(state: str) -> tuple[Transition, ...]:
            chain: list[Transition] = []
            step = into[state]
            while step is not None:
                chain.append(step[1].transition)
                step = into[step[0]]
            return tuple(reversed(chain))

        paths = [(*way(state), edge.transition) for _, (state, edge) in sorted(covered.items())]
        prefixes = {p[:k] for p in paths for k in range(1, len(p))}
        return tuple(dict.fromkeys(p for p in paths if p not in prefixes))

    def _follow(self, state: str, edge: Edge | None, raised: tuple[str, ...] = ()) -> str:
        """The configuration after taking ``edge`` (or raising ``raised``) and settling.

        Guards are not checked: the first candidate of each leaf is taken. Stops after
        as many microsteps as the chart has states and transitions (a looping flow).
        """
        queue = deque(raised)
        if edge is not None:
            micro = self.micro(state, (edge,))
            queue.extend(micro.raised)
            state = micro.state
        for _ in range(len(self.nodes) + len(self.edges)):
            chosen: tuple[Edge, ...] = ()
            if self.eventless:
                chosen = tuple(dict.fromkeys(o[0] for o in self.candidates(state, EVENTLESS)))
            while not chosen and queue:
                tries = self.candidates(state, queue.popleft())
                chosen = tuple(dict.fromkeys(o[0] for o in tries))
            if not chosen:
                break
            micro = self.micro(state, chosen)
            queue.extend(micro.raised)
            state = micro.state
        return state

    def schedules(self, entered: tuple[Node, ...], at: datetime) -> list[Schedule]:
        flow = self.flow
        if not any(n.timers for n in entered):
            return []
        from servicekit.onboarding._flow import elapsed_add  # noqa: PLC0415 - cycle

        return [
            Schedule(tm.name, tm.event, elapsed_add(at, tm.after, flow._calendar(tm)))  # noqa: SLF001
            for node in entered
            for tm in node.timers
        ]

    def select(
        self, journey: Journey, event: str, data: Mapping[str, Any]
    ) -> tuple[tuple[Edge, ...], tuple[str, ...]]:
        """The enabled transitions for ``event`` (document order), or why there are none."""
        if event == EVENTLESS:
            return (), (
                "an event needs a name; eventless transitions are taken by the flow itself",
            )
        return self.select_at(journey.state, event, data, lambda: journey)

    def select_at(  # noqa: C901 - document order, guards checked once each
        self, state: str, event: str, data: Mapping[str, Any], view: Callable[[], Journey]
    ) -> tuple[tuple[Edge, ...], tuple[str, ...]]:
        """:meth:`select` from ``state``; guards see ``view()``, built only if needed."""
        try:
            tries = self.candidates(state, event)
        except BadConfiguration as err:
            return (), (f"state {state[:80]!r} is not a configuration of this flow: {err}",)
        enabled: list[Edge] = []
        reasons: list[str] = []
        checked: dict[int, bool] = {}
        journey: Journey | None = None
        for options in tries:
            for edge in options:
                ok = checked.get(edge.index)
                if ok is None:
                    ok = True
                    for name, guard in edge.guards:
                        if journey is None:
                            journey = view()
                        if not guard.check(journey, data):
                            ok = False
                            why = f"requires {guard.requirement} (guard {name!r})"
                            if why not in reasons:
                                reasons.append(why)
                    checked[edge.index] = ok
                if ok:
                    if edge not in enabled:
                        enabled.append(edge)
                    break
        if not enabled and not tries:
            reasons.append(self.no_edge(state, event))
        return tuple(enabled), tuple(reasons)

    def no_edge(self, state: str, event: str) -> str:
        active, _ = self.decode(state)
        if any(n.kind == FINAL and n.parent is self.root for n in active):
            return f"state {state!r} is final; no event leaves it"
        allowed = ", ".join(repr(e) for e in self.allowed(active)) or "none"
        return f"no transition for {event!r} from {state!r}; allowed here: {allowed}"

    def allowed(self, active: Active) -> tuple[str, ...]:
        """The events of transitions leaving an active state, in document order.

        ``done.state.*`` events are left out: the flow raises them itself.
        """
        nodes = sorted(active, key=self.order.__getitem__)
        return tuple(
            dict.fromkeys(
                e.event
                for n in nodes
                for e in self.from_node.get(n, ())
                if e.event and not e.event.startswith("done.state.")
            )
        )

    # ------------------------------------------------------------ reading a journey

    def active(self, journey: Journey) -> tuple[Node, ...]:
        """The journey's active states in document order.

        Raises:
            ConfigError: its state is not a configuration of this flow (path
                ``journey.state``).
        """
        try:
            active, _ = self.decode(journey.state)
        except BadConfiguration as err:
            raise ConfigError(
                f"{journey.state[:80]!r} is not a configuration of flow {self.name!r}: "
                f"{err}; the journey data is corrupt or follows another definition",
                "journey.state",
            ) from None
        return tuple(sorted(active, key=self.order.__getitem__))

    def node_domain(self, source: str, target: str) -> Node:
        key = (source, target)
        found = self.domains.get(key)
        if found is None:
            src, dst = self.nodes.get(source), self.nodes.get(target)
            if src is None or dst is None or src.kind == HISTORY:
                raise ConfigError(
                    f"the history names a transition {source[:40]!r} -> {target[:40]!r} "
                    f"that flow {self.name!r} does not have",
                    "journey.history",
                )
            found = domain(src, dst)
            if len(self.domains) >= CACHE_LIMIT:
                self.domains.clear()
            self.domains[key] = found
        return found

    def entered_at(self, journey: Journey, nodes: tuple[Node, ...]) -> dict[Node, datetime]:
        """When each of ``nodes`` (active states) was last entered.

        A state that is active after a transition and lies inside its domain was
        (re-)entered by it; walking the history backwards, the first such transition is
        the last entry. Cost: linear in the history, stopping once all are found.

        Raises:
            ConfigError: the history names a transition the flow does not have (path
                ``journey.history``).
        """
        out: dict[Node, datetime] = {}
        todo = list(nodes)
        for entry in reversed(journey.history):
            if not todo:
                break
            dom = self.node_domain(entry[2], entry[3])
            for node in [n for n in todo if below(n, dom)]:
                out[node] = entry[0]
                todo.remove(node)
        for node in todo:
            out[node] = journey.started_at
        return out

    def visited(self, journey: Journey) -> set[str]:
        """Every state the journey has been in (nested and default entries included).

        Raises:
            ConfigError: the history names a transition the flow does not have.
        """
        active, _ = self.enter_from_root(self.nodes[self.initial_name])
        seen = {n.name for n in active}
        for entry in journey.history:
            self.node_domain(entry[2], entry[3])
            target = self.nodes[entry[3]]
            seen.update(n.name for n in target.chain)
            if target.kind == HISTORY:
                seen.update(n.name for n in target.parent.regions)  # type: ignore[union-attr]
            else:
                enter, _ = self._entry([(target, target)], {})
                seen.update(n.name for n in enter)
        return seen

    def configurations(self, journey: Journey) -> list[tuple[datetime, Active]]:
        """The journey's active states from its start on, after each history entry.

        Each recorded transition is taken on its own from the configuration before it
        (transitions of one microstep leave disjoint states, so one at a time ends in
        the same configuration). Cost: linear in the history.

        Raises:
            BadConfiguration: an entry names a transition the flow does not have, or
                one whose source is not active then, or the history does not lead to
                the journey's state.
        """
        state = self.initial
        active, _ = self.decode(state)
        out = [(journey.started_at, active)]
        for entry in journey.history:
            source, target = self.nodes.get(entry[2]), self.nodes.get(entry[3])
            edge = next(
                (
                    e
                    for e in self.from_node.get(source, ())  # type: ignore[arg-type]
                    if e.target is target and e.event in {entry[1], ANY}
                ),
                None,
            )
            if edge is None or source not in active:
                raise BadConfiguration(
                    f"the history takes {entry[2][:40]!r} -> {entry[3][:40]!r} on "
                    f"{entry[1][:40]!r}, which flow {self.name!r} cannot take there"
                )
            state = self.micro(state, (edge,)).state
            active, _ = self.decode(state)
            out.append((entry[0], active))
        if state != journey.state:
            raise BadConfiguration(
                f"the history leads to {state[:80]!r}, not to the journey's state "
                f"{journey.state[:80]!r}"
            )
        return out

    def complete(self, leaves: list[Node], histories: Histories) -> str:
        """The configuration holding ``leaves`` (states of this chart), completed.

        Active compound states without an active child enter their initial child, and
        parallel states their missing regions (SCXML default entry).

        Raises:
            BadConfiguration: the states cannot be active together.
        """
        active: set[Node] = set()
        for node in leaves:
            if node.kind == HISTORY:
                raise BadConfiguration(f"{node.name!r} is a history state")
            active.add(node)
            active.update(node.ancestors - {self.root})
        todo = [self.root, *active]
        while todo:
            node = todo.pop()
            inside = [c for c in node.regions if c in active]
            missing: list[Node] = []
            if node.kind == COMPOUND and not inside:
                missing = [node.initial]  # type: ignore[list-item]
            elif node.kind == PARALLEL:
                missing = [c for c in node.regions if c not in active]
            for child in missing:
                enter, _ = self._entry([(child, node)], {})
                active |= enter
                todo.extend(enter)
        state = self.encode(active, histories)
        self.decode(state)
        return state


def _realize(
    out: list[Effect],
    specs: tuple[Any, ...],
    new: Journey,
    data: Mapping[str, Any],
    at: datetime,
) -> None:
    """Append the effects of ``specs``: literal ones as they are, factories called."""
    for spec in specs:
        if isinstance(spec, Send | Notify | Log):
            out.append(spec)
        else:
            out.extend(spec(new, data, at))


class Run:
    """One macrostep in progress: its microsteps, internal queue, history and counters.

    Journeys are built only when a guard needs one (:meth:`view`) and at the end, so a
    replay of many events does not copy the history at each one.
    """

    __slots__ = (
        "at",
        "base",
        "bumps",
        "chart",
        "counters",
        "entries",
        "history",
        "queue",
        "state",
        "steps",
        "version",
    )

    def __init__(  # noqa: PLR0917 - where the macrostep starts
        self,
        chart: Chart,
        base: Journey,
        state: str,
        history: tuple[HistoryEntry, ...] | list[HistoryEntry],
        counters: tuple[tuple[str, int], ...],
        at: datetime,
        version: int,
    ) -> None:
        self.chart = chart
        self.base = base  # its flow, version, start and context; the rest is here
        self.version = version
        self.history = history
        self.counters = counters
        self.at = at
        self.state = state
        self.bumps: list[str] = []
        self.entries: list[HistoryEntry] = []
        self.queue: deque[str] = deque()
        self.steps: list[tuple[Micro, Mapping[str, Any]]] = []

    def take(self, event: str, micro: Micro, data: Mapping[str, Any]) -> None:
        """Record the microstep ``micro`` taken on ``event``."""
        chart = self.chart
        if len(self.steps) >= chart.limit:
            raise TransitionError(
                event,
                self.state,
                (
                    (
                        f"more than {chart.limit} transitions follow one another on "
                        "eventless transitions, raised or done.state events; the flow loops "
                        "without waiting for an event"
                    ),
                ),
            )
        self.steps.append((micro, data))
        self.queue.extend(micro.raised)
        self.bumps.extend(c for e in micro.edges for c in e.counts)
        at = self.at
        self.entries.extend(
            _tuple_new(HistoryEntry, (at, event, *entry[1:])) for entry in micro.entries
        )
        self.state = micro.state

    def view(self) -> Journey:
        """The journey as it stands (guards see it; after :meth:`settle`, the result)."""
        base = self.base
        return _tuple_new(
            Journey,
            (
                base.flow,
                base.flow_version,
                self.state,
                self.version,
                base.started_at,
                base.context,
                _bump(self.counters, self.bumps) if self.bumps else self.counters,
                (*self.history, *self.entries),
            ),
        )

    def settle(self) -> None:
        """Take eventless transitions and internal events until none is left.

        Raises:
            TransitionError: more than the chart's limit of microsteps.
        """
        chart = self.chart
        queue = self.queue
        while True:
            event = EVENTLESS
            chosen: tuple[Edge, ...] = ()
            if chart.eventless:
                chosen, _ = chart.select_at(self.state, EVENTLESS, _EMPTY, self.view)
            while not chosen and queue:
                event = queue.popleft()
                chosen, _ = chart.select_at(self.state, event, _EMPTY, self.view)
            if not chosen:
                return
            self.take(event, chart.micro(self.state, chosen), _EMPTY)


def _follows(edge: Edge) -> bool:
    """Whether ``edge`` is taken on the flow's own (eventless, or on a done event)."""
    return edge.event == EVENTLESS or edge.event.startswith("done.state.")


def _bump(counters: tuple[tuple[str, int], ...], names: list[str]) -> tuple[tuple[str, int], ...]:
    found = dict(counters)
    for name in names:
        found[name] = found.get(name, 0) + 1
    return tuple(sorted(found.items()))


# --------------------------------------------------------------------------- checks


def chart_problems(  # noqa: C901, PLR0912, PLR0915, PLR0917 - one check per kind
    states: tuple[State, ...],
    transitions: tuple[Transition, ...],
    initial: str | None,
    guards: Mapping[str, Any],
    effects: Mapping[str, Any],
    calendars: Mapping[str, CalendarLike],
    add: Callable[[str, str], None],
) -> set[str]:
    """Check the structure of a nested flow; return the names of its states.

    Each problem goes to ``add(path, message)``; state paths are
    ``states[i].states[j]...``.
    """
    paths: dict[str, str] = {}
    info: dict[str, tuple[State, State | None, int]] = {}
    todo: list[tuple[State, State | None, str, int]] = [
        (s, None, f"states[{i}]", 1) for i, s in reversed(list(enumerate(states)))
    ]
    timer_names: dict[str, str] = {}
    while todo:
        s, parent, path, depth = todo.pop()
        if s.name in paths:
            add(f"{path}.name", f"duplicate state {s.name!r} (also at {paths[s.name]})")
            continue
        paths[s.name] = path
        info[s.name] = (s, parent, depth)
        bad = [c for c in RESERVED if c in s.name]
        if bad or not s.name:
            add(
                f"{path}.name",
                f"state {s.name!r} is empty or holds {''.join(bad)!r}; a nested flow stores "
                "its configuration with '|', '=' and ',', so its names may not hold them",
            )
        if depth > MAX_DEPTH:
            add(path, f"states nest more than {MAX_DEPTH} levels deep; flatten the flow")
            continue
        kinds = [k for k, v in (("final", s.final), ("parallel", s.parallel)) if v]
        if s.history is not None:
            if parent is None:
                add(
                    f"{path}.history",
                    f"history state {s.name!r} is outside a compound state; put it among the "
                    "children of the state whose history it keeps",
                )
            if kinds or s.states or s.timers or s.guidance is not None or s.entry or s.exit:
                add(
                    path,
                    f"history state {s.name!r} may not be final or parallel, nor have "
                    "children, timers, guidance or entry or exit actions",
                )
            if s.initial is not None and parent is not None:
                deep = s.history == "deep"
                allowed = [
                    c.name
                    for c in (parent.walk()[1:] if deep else parent.states)
                    if c.history is None
                ]
                if s.initial not in allowed:
                    add(
                        f"{path}.initial",
                        f"history state {s.name!r} restores {s.initial!r} by default, which "
                        f"is not a {'descendant' if deep else 'child'} of {parent.name!r}; "
                        f"name one of {', '.join(repr(a) for a in allowed[:10])}",
                    )
        for field in ("entry", "exit"):
            for j, action in enumerate(getattr(s, field)):
                if isinstance(action, str) and action not in effects:
                    add(
                        f"{path}.{field}[{j}]",
                        f"effect {action!r} is not registered; pass it in effects=",
                    )
                elif isinstance(action, Raise) and not action.event:
                    add(f"{path}.{field}[{j}].raise", "a raised event needs a name")
        if s.final and (s.states or s.parallel):
            add(path, f"final state {s.name!r} may not have children or be parallel")
        regions = [c for c in s.states if c.history is None]
        if s.parallel and len(regions) < 2:
            add(
                f"{path}.states",
                f"parallel state {s.name!r} has {len(regions)} region"
                f"{'s' if len(regions) != 1 else ''}; give it at least two, or make it a "
                "compound state (parallel=False)",
            )
        if s.parallel and s.initial is not None:
            add(
                f"{path}.initial", f"parallel state {s.name!r} enters all its regions; drop initial"
            )
        if not s.parallel and s.states and not regions:
            add(f"{path}.states", f"compound state {s.name!r} has only history states")
        if s.initial is not None and not s.parallel and s.history is None:
            child = next((c for c in s.states if c.name == s.initial), None)
            if child is None or child.history is not None:
                choices = ", ".join(repr(c.name) for c in regions) or "none"
                add(
                    f"{path}.initial",
                    f"initial state {s.initial!r} is not a child of {s.name!r}; "
                    f"expected one of {choices}",
                )
            elif child.final:
                add(
                    f"{path}.initial",
                    f"initial state {s.initial!r} of {s.name!r} is final; it would be done "
                    "before anything happened",
                )
        elif s.states and not s.parallel and regions and regions[0].final and s.history is None:
            add(
                f"{path}.states",
                f"the first child of {s.name!r} is final and would be entered first; "
                "name another in initial",
            )
        for j, tm in enumerate(s.timers):
            where = timer_names.setdefault(tm.name, f"{path}.timers[{j}]")
            if where != f"{path}.timers[{j}]":
                add(
                    f"{path}.timers[{j}].name",
                    f"duplicate timer {tm.name!r} (also at {where}); timers of a nested flow "
                    "need names unique in the flow, since effects name them",
                )
        todo.extend(
            (c, s, f"{path}.states[{j}]", depth + 1) for j, c in reversed(list(enumerate(s.states)))
        )
    names = set(paths)
    by_name = {name: entry[0] for name, entry in info.items()}
    reserved_guard_problems(guards, add)
    expected = ", ".join(repr(n) for n in list(paths)[:10]) + (
        f" and {len(paths) - 10:,} more" if len(paths) > 10 else ""
    )
    if initial is not None and initial not in names:
        add("initial", f"unknown state {initial!r}; expected one of {expected}")
    elif initial is not None and info[initial][0].history is not None:
        add("initial", f"initial state {initial!r} is a history state")
    top_finals = [s for s in states if s.final]
    if not top_finals:
        add("states", "no top-level state is final; mark at least one with final=True")
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    handled: set[tuple[str, str]] = set()
    for i, t in enumerate(transitions):
        path = f"transitions[{i}]"
        for field in ("source", "target"):
            value = getattr(t, field)
            if value not in names:
                add(f"{path}.{field}", f"unknown state {value!r}; expected one of {expected}")
        if t.source in info:
            source = info[t.source][0]
            if source.final:
                add(f"{path}.source", f"state {t.source!r} is final; no transition may leave it")
            if source.history is not None:
                add(
                    f"{path}.source",
                    f"state {t.source!r} is a history state; transitions go to it, not from it",
                )
        key = (t.source, t.event, t.guards)
        if key in seen:
            add(path, f"duplicate transition {t.source!r} --{t.event}--> with the same guards")
        seen.add(key)
        handled.add((t.source, t.event))
        for j, g in enumerate(t.guards):
            guard_problem(g, f"{path}.guards[{j}]", guards, by_name, add)
        for j, e in enumerate(t.effects):
            if isinstance(e, str) and e not in effects:
                add(f"{path}.effects[{j}]", f"effect {e!r} is not registered; pass it in effects=")
        for j, raised in enumerate(t.raises):
            if not raised:
                add(f"{path}.raises[{j}]", "a raised event needs a name")
    for name, (s, _parent, _depth) in info.items():
        for j, tm in enumerate(s.timers):
            path = f"{paths[name]}.timers[{j}]"
            if tm.after <= timedelta(0):
                add(f"{path}.after", f"must be positive, got {tm.after!r}")
            # The timer's event may be handled by the state, an ancestor or a descendant.
            family = {c.name for c in s.walk()} | _ancestor_names(name, info)
            if not any((n, tm.event) in handled or (n, ANY) in handled for n in family):
                add(
                    f"{path}.event",
                    f"timer fires {tm.event!r} but no transition leaves {name!r}, its "
                    "ancestors or its children on it",
                )
            if tm.calendar is not None and tm.calendar not in calendars:
                add(
                    f"{path}.calendar",
                    f"calendar {tm.calendar!r} is not registered; pass it in calendars=",
                )
    return names


def guard_problem(
    name: str,
    path: str,
    guards: Mapping[str, Any],
    states: Mapping[str, State],
    add: Callable[[str, str], None],
) -> None:
    """Report a guard that is neither registered nor ``In()`` of a state that can be active."""
    named = in_state(name)
    if named is None:
        if name not in guards:
            add(path, f"guard {name!r} is not registered; pass it in guards=")
        return
    state = states.get(named)
    if state is None:
        known = ", ".join(repr(n) for n in list(states)[:10]) or "none"
        add(path, f"In() names an unknown state {named!r}; expected one of {known}")
    elif state.history is not None:
        add(
            path,
            f"In() names history state {named!r}, which is never active; name its parent",
        )


def reserved_guard_problems(guards: Mapping[str, Any], add: Callable[[str, str], None]) -> None:
    """Report registered guards named like the built-in ``In(<state>)``."""
    for name in guards:
        if in_state(name) is not None:
            add(
                f"guards.{name}",
                f"guard name {name!r} is reserved for the built-in In(<state>) condition; "
                "rename the guard",
            )


def _ancestor_names(name: str, info: Mapping[str, tuple[State, State | None, int]]) -> set[str]:
    out: set[str] = set()
    parent = info[name][1]
    while parent is not None:
        out.add(parent.name)
        parent = info[parent.name][1]
    return out


def state_paths(states: tuple[State, ...]) -> dict[str, str]:
    """Each state's path in the definition (``states[i].states[j]``), first one kept."""
    out: dict[str, str] = {}
    todo = [(s, f"states[{i}]") for i, s in reversed(list(enumerate(states)))]
    while todo:
        s, path = todo.pop()
        out.setdefault(s.name, path)
        todo.extend((c, f"{path}.states[{j}]") for j, c in reversed(list(enumerate(s.states))))
    return out
