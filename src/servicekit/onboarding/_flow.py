"""The compiled, validated flow definition and its operations (private)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from string import Formatter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from servicekit._calendar_like import CalendarLike
from servicekit._time import UTC, format_duration, require_aware
from servicekit.exceptions import ConfigError, OutOfRangeError, TransitionError
from servicekit.hours import MAX_YEAR, MIN_YEAR
from servicekit.i18n import DisplayNames
from servicekit.onboarding._chart import (
    EVENTLESS,
    BadConfiguration,
    Chart,
    Run,
    chart_problems,
    guard_problem,
    is_chart,
    reserved_guard_problems,
)
from servicekit.onboarding._migration import Migration
from servicekit.onboarding._model import (
    LARGEST,
    Cancel,
    Claim,
    Effect,
    EffectFactory,
    Guard,
    HistoryEntry,
    Journey,
    Log,
    Notify,
    Schedule,
    Send,
    State,
    Step,
    Timer,
    Transition,
    Verdict,
    _mapping_proxy,
    in_state,
    render,
    utc,
)

if TYPE_CHECKING:
    from servicekit.i18n import LocaleLike
    from servicekit.onboarding._analytics import Funnel
    from servicekit.onboarding._check import Finding

__all__ = ["Flow", "Rejection", "Replay", "TimerCalendar"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})
_NO_EVENTS: dict[str, tuple[Any, ...]] = {}
# Journeys, steps and history entries are named tuples: building one with the C-level
# tuple constructor (after checking the parts) is what keeps fire cheap.
_tuple_new = tuple.__new__
# The flow sets its compiled lookups once, in __attrs_post_init__ (it is frozen).
_set = object.__setattr__


#: Alias of :class:`servicekit.hours.CalendarLike`, kept for compatibility.
TimerCalendar = CalendarLike


_CALENDAR_FIRST = datetime(MIN_YEAR, 1, 1, tzinfo=UTC)
_CALENDAR_END = datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC)


def elapsed_add(
    at: datetime, after: timedelta, calendar: TimerCalendar | None, path: str = "at"
) -> datetime:
    """Add ``after`` to ``at``: business time on ``calendar``, else real elapsed time.

    Python's ``aware + timedelta`` adds wall-clock time within one zone, which is off
    by an hour across a DST change; real elapsed time is added in UTC instead.

    Raises:
        ConfigError: the result would fall after the year 9999 (at ``path``); on a
            calendar, ``at`` or the result outside the years calendars support
            (:data:`servicekit.hours.MIN_YEAR`-:data:`~servicekit.hours.MAX_YEAR`,
            0002-9997 UTC), also at ``path``.
    """
    if calendar is not None:
        if not _CALENDAR_FIRST <= at < _CALENDAR_END:
            raise ConfigError(
                f"{at.isoformat()} lies outside the years {MIN_YEAR:04d}-{MAX_YEAR} (UTC) "
                "that business calendars support; use an instant within them",
                path,
            )
        try:
            return calendar.add(at, after)
        except OutOfRangeError:  # the result only: a calendar without open time stays
            raise ConfigError(
                f"a timer of {format_duration(after)} after {at.isoformat()} would fall "
                f"after the year {MAX_YEAR}, the last its calendar supports; use an "
                "earlier instant or a shorter timer",
                path,
            ) from None
    try:
        return (at.astimezone(UTC) + after).astimezone(at.tzinfo)
    except OverflowError:
        raise ConfigError(
            f"a timer of {format_duration(after)} after {at.isoformat()} would fall after "
            "the year 9999; use an earlier instant or a shorter timer",
            path,
        ) from None


@attrs.frozen
class Rejection:
    """The first event :meth:`Flow.replay` could not apply.

    Attributes:
        index: its position in the replayed events.
        at: its time.
        event: its name.
        reasons: why the flow refused it.
    """

    index: int
    at: datetime
    event: str
    reasons: tuple[str, ...]


@attrs.frozen
class Replay:
    """The result of :meth:`Flow.replay`: the journey rebuilt up to the first rejection."""

    journey: Journey
    rejected: Rejection | None = None

    @property
    def ok(self) -> bool:
        """Whether every event was applied."""
        return self.rejected is None


class _Edge:
    """A compiled transition: everything ``fire`` needs, resolved once."""

    __slots__ = (
        "cancels",
        "checks",
        "counts",
        "effects",
        "entry",
        "event",
        "guards",
        "index",
        "plain",
        "schedules",
        "source",
        "static",
        "target",
    )

    def __init__(  # noqa: PLR0917 - private, called from one place
        self,
        index: int,
        transition: Transition,
        guards: tuple[tuple[str, Guard], ...],
        effects: tuple[Effect | EffectFactory, ...],
        cancels: tuple[Cancel, ...],
        schedules: tuple[tuple[Timer, TimerCalendar | None], ...],
    ) -> None:
        self.index = index
        self.source = transition.source
        self.event = transition.event
        self.target = transition.target
        self.guards = guards
        self.effects = effects
        self.counts = transition.counts
        self.cancels = cancels
        self.schedules = schedules
        self.checks = tuple(guard.check for _, guard in guards)
        self.entry = (self.event, self.source, self.target)
        # Without effect factories, everything but the timers is known in advance.
        literal = all(isinstance(e, Send | Notify | Log) for e in effects)
        self.static: tuple[Effect, ...] | None = (
            (*cancels, *effects) if literal else None  # type: ignore[arg-type]
        )
        # Nothing to compute but the new snapshot: no factories, timers or counters.
        self.plain = literal and not schedules and not self.counts


def _as_guard(name: str, value: object) -> Guard:
    if isinstance(value, Guard):
        return value
    if callable(value):
        return Guard(value, f"guard {name!r} holds")
    raise TypeError(f"guards[{name!r}] must be a Guard or a callable, got {type(value).__name__}")


def _registry(value: object, field: str) -> Mapping[str, Any]:
    if value is None:
        return _EMPTY
    if not isinstance(value, Mapping):
        raise TypeError(f"{field} must be a mapping of names, got {type(value).__name__}")
    return MappingProxyType(dict(value))


def _flat_guard(name: str, guards: Mapping[str, Guard]) -> Guard:
    """The registered guard ``name``, or the built-in ``In(<state>)`` of a flat flow."""
    named = in_state(name)
    if named is None:
        return guards[name]
    return Guard(lambda journey, _data: journey.state == named, f"the journey in state {named!r}")


def _guards(value: object) -> Mapping[str, Guard]:
    reg = _registry(value, "guards")
    return MappingProxyType({k: _as_guard(k, v) for k, v in reg.items()})


def _tuple_of(value: object, kind: type, field: str) -> tuple[Any, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{field} must be a sequence of {kind.__name__}, got {value!r}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, kind):
            raise TypeError(f"{field} must hold {kind.__name__} values, got {item!r}")
    return out


def _states(value: Iterable[State]) -> tuple[State, ...]:
    return _tuple_of(value, State, "states")


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return _tuple_of(value, Transition, "transitions")


def _claims(value: Iterable[Claim]) -> tuple[Claim, ...]:
    return _tuple_of(value, Claim, "claims")


def _effects(value: Mapping[str, EffectFactory] | None) -> Mapping[str, EffectFactory]:
    return _registry(value, "effects")


def _calendars(value: Mapping[str, TimerCalendar] | None) -> Mapping[str, TimerCalendar]:
    return _registry(value, "calendars")


def _bump(
    counters: tuple[tuple[str, int], ...], names: tuple[str, ...]
) -> tuple[tuple[str, int], ...]:
    found = dict(counters)
    for name in names:
        found[name] = found.get(name, 0) + 1
    return tuple(sorted(found.items()))


def _version_range(_instance: object, _attribute: object, value: int) -> None:
    if not -LARGEST < value < LARGEST:
        raise ConfigError("must be an integer below 2**63 in size", "version")


def _labels(value: object) -> DisplayNames:
    """Accept the flow's display names as :class:`DisplayNames` or their document form."""
    if isinstance(value, DisplayNames):
        return value
    return DisplayNames.from_dict(value, "labels")


@attrs.frozen
class Flow:
    """A validated, compiled journey definition.

    Guards, effect factories and business calendars are referenced by *name* and
    looked up in registries given beside the definition, so that a definition can be
    plain data (:meth:`from_dict`) while the code it needs stays code. Construction
    runs :meth:`validate` and raises one :class:`ConfigError` listing every problem.

    Args:
        name: the flow's name; journeys carry it.
        version: the definition's version; journeys carry it.
        states: the states; the first is the initial state unless ``initial`` says.
        transitions: the transitions, in priority order for guarded alternatives.
        initial: the initial state's name.
        guards: name -> :class:`Guard` (or a bare callable ``(journey, data) -> bool``).
        effects: name -> effect factory ``(journey, data, at) -> effects``.
        calendars: name -> business calendar with ``add(start, duration)``.
        claims: misconception checks defined beside the flow.
        labels: the team's own display names for the flow, its states, events and
            claims, per language (:class:`servicekit.i18n.DisplayNames`, or its
            document form ``{"states": {"verified": {"de": "Verifiziert"}}}``);
            reports show these, falling back to the catalog's names and then to the
            identifier (:func:`servicekit.i18n.display_name`).

    Raises:
        ConfigError: the definition has problems; ``.problems`` holds one
            :class:`ConfigError` per problem, each with its ``path``.
        TypeError: a field has the wrong type.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> flow = Flow(
        ...     "demo",
        ...     1,
        ...     states=[State("new"), State("done", final=True)],
        ...     transitions=[
        ...         Transition("new", "finish", "done", effects=[Send("Welcome aboard!")])
        ...     ],
        ... )
        >>> at = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> step = flow.fire(flow.start({}, at).journey, "finish", at)
        >>> step.journey.state, step.effects
        ('done', (Send(message_id='Welcome aboard!', to='customer', params=()),))
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    version: int = attrs.field(validator=[attrs.validators.instance_of(int), _version_range])
    states: tuple[State, ...] = attrs.field(kw_only=True, converter=_states)
    transitions: tuple[Transition, ...] = attrs.field(kw_only=True, converter=_transitions)
    initial: str | None = attrs.field(default=None, kw_only=True)
    claims: tuple[Claim, ...] = attrs.field(default=(), kw_only=True, converter=_claims)
    labels: DisplayNames = attrs.field(factory=DisplayNames, kw_only=True, converter=_labels)
    guards: Mapping[str, Guard] = attrs.field(
        default=None, kw_only=True, converter=_guards, eq=False, repr=False
    )
    effects: Mapping[str, EffectFactory] = attrs.field(
        default=None, kw_only=True, converter=_effects, eq=False, repr=False
    )
    calendars: Mapping[str, TimerCalendar] = attrs.field(
        default=None, kw_only=True, converter=_calendars, eq=False, repr=False
    )
    _table: dict[tuple[str, str], tuple[_Edge, ...]] = attrs.field(init=False, eq=False, repr=False)
    _per_state: dict[str, dict[str, tuple[_Edge, ...]]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _by_name: dict[str, State] = attrs.field(init=False, eq=False, repr=False)
    _claims: dict[str, Claim] = attrs.field(init=False, eq=False, repr=False)
    _plans: dict[Migration, _Plan] = attrs.field(init=False, eq=False, repr=False)
    _chart: Chart | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.initial is not None and not isinstance(self.initial, str):
            raise TypeError(f"initial must be a state name, got {self.initial!r}")
        raise_problems(self.name, problems(self))
        if self.initial is None:
            _set(self, "initial", self.states[0].name)
        _set(self, "_plans", {})
        if is_chart(self.states, self.transitions):
            # A nested flow: the statechart engine runs it; the flat tables stay empty
            # so that fire's fast path falls through to it.
            _set(self, "_by_name", {s.name: s for top in self.states for s in top.walk()})
            _set(self, "_table", {})
            _set(self, "_per_state", {})
            _set(self, "_claims", {c.name: c for c in self.claims})
            chart = Chart(
                self, self.states, self.transitions, self.initial_state, self.guards, self.effects
            )
            _set(self, "_chart", chart)
            return
        _set(self, "_chart", None)
        by_name = {s.name: s for s in self.states}
        table: dict[tuple[str, str], list[_Edge]] = {}
        for i, t in enumerate(self.transitions):
            source, target = by_name[t.source], by_name[t.target]
            effects: list[Effect | EffectFactory] = [
                self.effects[e] if isinstance(e, str) else e for e in t.effects
            ]
            edge = _Edge(
                i,
                t,
                tuple((g, _flat_guard(g, self.guards)) for g in t.guards),
                tuple(effects),
                tuple(Cancel(tm.name) for tm in source.timers),
                tuple(
                    (tm, None if tm.calendar is None else self.calendars[tm.calendar])
                    for tm in target.timers
                ),
            )
            table.setdefault((t.source, t.event), []).append(edge)
        _set(self, "_table", {k: tuple(v) for k, v in table.items()})
        per_state: dict[str, dict[str, tuple[_Edge, ...]]] = {st.name: {} for st in self.states}
        for (name, event), edges in self._table.items():
            per_state[name][event] = edges
        _set(self, "_per_state", per_state)
        _set(self, "_by_name", by_name)
        _set(self, "_claims", {c.name: c for c in self.claims})

    def __reduce__(self) -> tuple[Any, ...]:
        # Registries are read-only views, which do not pickle; rebuild from copies.
        return (
            _rebuild,
            (
                self.name,
                self.version,
                self.states,
                self.transitions,
                self.initial,
                self.claims,
                dict(self.guards),
                dict(self.effects),
                dict(self.calendars),
            ),
        )

    # ------------------------------------------------------------------ reading

    @property
    def initial_state(self) -> str:
        """The name of the state every journey starts in."""
        return self.initial  # type: ignore[return-value] # set on construction

    @property
    def events(self) -> tuple[str, ...]:
        """Every event the flow knows (from transitions and timers), in first-use order."""
        seen = dict.fromkeys(t.event for t in self.transitions)
        for s in self._by_name.values():
            seen.update(dict.fromkeys(tm.event for tm in s.timers))
        return tuple(seen)

    @property
    def finals(self) -> tuple[str, ...]:
        """The names of the final states."""
        return tuple(s.name for s in self.states if s.final)

    def state(self, name: str) -> State:
        """Return the state called ``name``.

        Raises:
            KeyError: no such state.
            TypeError: ``name`` is not a string.
        """
        if not isinstance(name, str):
            raise TypeError(f"a state name must be a string, got {type(name).__name__}")
        return self._by_name[name]

    def allowed(self, journey: Journey) -> tuple[str, ...]:
        """Return the events with a transition out of the journey's state (guards unchecked).

        In a nested flow: out of any active state, in document order.

        Raises:
            ConfigError: a nested flow's journey is in no configuration of it (path
                ``journey.state``).
            TypeError: ``journey`` is not a :class:`Journey`.
        """
        if not isinstance(journey, Journey):
            raise TypeError(f"journey must be a Journey, got {type(journey).__name__}")
        if self._chart is not None:
            active = self._chart.active(journey)
            return self._chart.allowed(frozenset(active))
        return tuple(e for (s, e) in self._table if s == journey.state)

    def configuration(self, journey: Journey) -> tuple[str, ...]:
        """Return the journey's active leaf states, sorted by name.

        In a flat flow that is the journey's state; in a nested flow the journey's
        ``state`` stores this tuple joined by ``|`` (one database column), followed
        by the history values (``history=state,...``), which are left out here.

        Raises:
            ConfigError: the journey follows another flow or version (path
                ``journey``), or its state is not one of this flow (path
                ``journey.state``).
            TypeError: ``journey`` is not a Journey.

        Example:
            >>> from datetime import datetime, timezone
            >>> from servicekit.onboarding.flows import nested_investment
            >>> flow = nested_investment()
            >>> j = flow.start({}, datetime(2026, 4, 1, 9, tzinfo=timezone.utc)).journey
            >>> flow.configuration(j)
            ('awaiting_money', 'checking_identity')
            >>> j.state
            'awaiting_money|checking_identity'
        """
        self._check_own(journey)
        if self._chart is None:
            return (journey.state,)
        return tuple(sorted(n.name for n in self._chart.active(journey) if n.leaf))

    def active(self, journey: Journey) -> tuple[str, ...]:
        """Return every active state of the journey, ancestors included, in document order.

        Raises:
            ConfigError: as :meth:`configuration`.
            TypeError: ``journey`` is not a Journey.

        Example:
            >>> from datetime import datetime, timezone
            >>> from servicekit.onboarding.flows import nested_investment
            >>> flow = nested_investment()
            >>> j = flow.start({}, datetime(2026, 4, 1, 9, tzinfo=timezone.utc)).journey
            >>> flow.active(j)
            ('onboarding', 'verification', 'checking_identity', 'funding', 'awaiting_money')
        """
        self._check_own(journey)
        if self._chart is None:
            return (journey.state,)
        return tuple(n.name for n in self._chart.active(journey))

    def guidance(self, journey: Journey, locale: LocaleLike | None = "en") -> str | None:
        """Return the localized guidance text of the journey's state, if it has one.

        Placeholders may name counters and plain context values (``{instalments}``).

        Raises:
            ConfigError: the guidance names a context value the journey lacks (or holds
                as something other than a string or number); the path is
                ``context.<name>``. The journey follows another flow (path
                ``journey``) or is in a state the flow does not have (path
                ``journey.state``).
            TypeError: ``journey`` is not a Journey.
        """
        self._check_own(journey)
        params = self._params(journey)
        texts = []
        for name in self.active(journey):
            message = self._by_name[name].guidance
            if message is not None:
                _require_params(message, params, journey, f"guidance of state {name!r}")
                texts.append(render(message, locale, 0, params))
        return "\n".join(texts) if texts else None

    # ------------------------------------------------------------------ moving

    def start(self, context: Mapping[str, Any] | None, at: datetime) -> Step:
        """Start a journey in the initial state at ``at``.

        Returns:
            The :class:`Step` with the new journey (version 0) and a :class:`Schedule`
            for each timer of the initial state. In a statechart, the initial states'
            entry actions run first, then eventless transitions and raised events
            until none is left (their effects come in the step, their transitions in
            the history).

        Raises:
            NaiveDatetimeError: ``at`` is naive.
            TransitionError: entering the initial states sets off more than the limit
                of transitions in a row (the flow loops; see :meth:`fire`).
            TypeError: ``context`` is not a mapping of JSON data.
            ConfigError: the context holds NaN, an infinity, a huge integer or deep
                nesting (path ``context.<key>``); ``at`` lies outside the years 1 to
                9999 in UTC, or a timer of the initial state would fall after the year
                9999 (path ``at``).
        """
        if type(at) is not datetime or at.tzinfo is not UTC:
            at = utc(at, "at")
        chart = self._chart
        journey = _tuple_new(
            Journey,
            (
                self.name,
                self.version,
                self.initial_state if chart is None else chart.initial,
                0,
                at,
                _mapping_proxy({} if context is None else context),
                (),
                (),
            ),
        )
        if chart is not None:
            return chart.begin(journey, at)
        timers = self._by_name[journey.state].timers
        effects = tuple(
            Schedule(tm.name, tm.event, elapsed_add(at, tm.after, self._calendar(tm)))
            for tm in timers
        )
        return _tuple_new(Step, (journey, effects))

    def fire(  # noqa: C901, PLR0912 - the fast path is inlined
        self,
        journey: Journey,
        event: str,
        at: datetime,
        data: Mapping[str, Any] | None = None,
        *,
        expected_version: int | None = None,
    ) -> Step:
        """Apply ``event`` at ``at`` and return the next journey with its effects.

        Args:
            journey: the current snapshot.
            event: the event's name.
            at: when it happened; aware, and not before the journey's last event.
            data: the event's data, given to guards and effect factories.
            expected_version: the version the caller read; a different
                ``journey.version`` means someone else moved it (optimistic locking).

        Returns:
            The :class:`Step`: the journey after the transition and the effects
            (cancels of the old state's timers, the transition's effects, schedules of
            the new state's timers), to carry out after saving the journey.

        Raises:
            TransitionError: the event is refused; ``.reasons`` lists why.
            NaiveDatetimeError: ``at`` is naive.
            TypeError: ``journey`` is not a Journey or ``data`` not a mapping.
            ConfigError: ``at`` lies outside the years 1 to 9999 in UTC, or a timer of
                the new state would fall after the year 9999 (path ``at``).
        """
        if type(at) is not datetime or at.tzinfo is not UTC:
            at = utc(at, "at")
        if data is None:
            data = _EMPTY
        # The fast path: the usual case, checked inline; anything unusual takes the
        # full check below, which also explains a refusal.
        if (
            type(journey) is Journey
            and (data is _EMPTY or type(data) is dict)
            and journey.flow == self.name
            and journey.flow_version == self.version
            and (expected_version is None or expected_version == journey.version)
        ):
            history = journey.history
            if at >= (history[-1][0] if history else journey.started_at):
                for fast in self._per_state.get(journey.state, _NO_EVENTS).get(event, ()):
                    for check in fast.checks:
                        if not check(journey, data):
                            break
                    else:
                        if not fast.plain:
                            return self._apply(journey, fast, at, data)
                        # The commonest transition, built inline (as _apply does).
                        flow, flow_version, _, version, started, context, counters, _ = journey
                        new = _tuple_new(
                            Journey,
                            (
                                flow,
                                flow_version,
                                fast.target,
                                version + 1,
                                started,
                                context,
                                counters,
                                (*history, _tuple_new(HistoryEntry, (at, *fast.entry))),
                            ),
                        )
                        return _tuple_new(Step, (new, fast.static))
                chart = self._chart
                if chart is not None:
                    step = chart.fast(journey, event, at, data)
                    if step is not None:
                        return step
        if self._chart is not None:
            return _tuple_new(Step, self._chart.fire(journey, event, at, data, expected_version))
        edge, reasons = self._select(journey, event, at, data, expected_version)
        if edge is None:
            raise TransitionError(event, journey.state, reasons)
        return self._apply(journey, edge, at, data)

    def why_not(
        self,
        journey: Journey,
        event: str,
        at: datetime | None = None,
        data: Mapping[str, Any] | None = None,
        *,
        expected_version: int | None = None,
    ) -> tuple[str, ...]:
        """Return why ``event`` would be refused; empty when it would be taken.

        ``at`` defaults to the journey's last event time (so time order is not checked).

        Example:
            >>> from datetime import datetime, timezone
            >>> from servicekit.onboarding.flows import investment
            >>> flow = investment()
            >>> j = flow.start({}, datetime(2026, 4, 1, 9, tzinfo=timezone.utc)).journey
            >>> flow.why_not(j, "verification_passed")
            ()
            >>> flow.why_not(j, "invest")[0]
            "no transition for 'invest' from 'registered'; allowed here: ..."
        """
        when = journey.entered_at if at is None and isinstance(journey, Journey) else at
        when = utc(when, "at")
        if self._chart is not None:
            return self._chart.why_not(
                journey, event, when, _EMPTY if data is None else data, expected_version
            )
        edge, reasons = self._select(
            journey, event, when, _EMPTY if data is None else data, expected_version
        )
        return () if edge is not None else reasons

    def _select(
        self,
        journey: Journey,
        event: str,
        when: datetime,
        data: object,
        expected_version: int | None,
    ) -> tuple[_Edge | None, tuple[str, ...]]:
        if type(journey) is not Journey:
            raise TypeError(f"journey must be a Journey, got {type(journey).__name__}")
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping, got {type(data).__name__}")
        refused = self._refused(journey, when, expected_version)
        if refused:
            return None, refused
        edges = self._table.get((journey.state, event))
        if edges is None:
            return None, (self._no_edge(journey, event),)
        reasons: list[str] = []
        for edge in edges:
            unmet = [
                f"requires {guard.requirement} (guard {name!r})"
                for name, guard in edge.guards
                if not guard.check(journey, data)
            ]
            if not unmet:
                return edge, ()
            reasons.extend(u for u in unmet if u not in reasons)
        return None, tuple(reasons)

    def _refused(
        self, journey: Journey, at: datetime, expected_version: int | None
    ) -> tuple[str, ...]:
        """Return why no event at all may be applied to ``journey`` at ``at``."""
        if journey.flow != self.name or journey.flow_version != self.version:
            return (self._foreign(journey),)
        if expected_version is not None and journey.version != expected_version:
            return (
                (
                    f"the journey is at version {journey.version}, not {expected_version}; "
                    "someone else moved it: reload it and try again"
                ),
            )
        if at < journey.entered_at:
            return (
                (
                    f"at {at.isoformat()} is before the journey's last event at "
                    f"{journey.entered_at.isoformat()}; events must be fired in time order"
                ),
            )
        return ()

    def _no_edge(self, journey: Journey, event: str) -> str:
        state = self._by_name.get(journey.state)
        if state is None:
            return f"state {journey.state!r} is not a state of this flow"
        if state.final:
            return f"state {journey.state!r} is final; no event leaves it"
        allowed = ", ".join(repr(e) for e in self.allowed(journey)) or "none"
        return f"no transition for {event!r} from {journey.state!r}; allowed here: {allowed}"

    def _apply(self, journey: Journey, edge: _Edge, at: datetime, data: Mapping[str, Any]) -> Step:
        new = _tuple_new(
            Journey,
            (
                journey.flow,
                journey.flow_version,
                edge.target,
                journey.version + 1,
                journey.started_at,
                journey.context,
                _bump(journey.counters, edge.counts) if edge.counts else journey.counters,
                (*journey.history, _tuple_new(HistoryEntry, (at, *edge.entry))),
            ),
        )
        effects: tuple[Effect, ...]
        if edge.static is not None:
            effects = edge.static
        else:
            found: list[Effect] = list(edge.cancels)
            for spec in edge.effects:
                if isinstance(spec, Send | Notify | Log):
                    found.append(spec)
                else:
                    found.extend(spec(new, data, at))  # type: ignore[operator]
            effects = tuple(found)
        if edge.schedules:
            effects += tuple(
                Schedule(timer.name, timer.event, elapsed_add(at, timer.after, calendar))
                for timer, calendar in edge.schedules
            )
        return _tuple_new(Step, (new, effects))

    # ------------------------------------------------------------------ timers

    def _calendar(self, timer: Timer) -> TimerCalendar | None:
        return None if timer.calendar is None else self.calendars[timer.calendar]

    def _check_own(self, journey: Journey) -> None:
        if type(journey) is not Journey:
            raise TypeError(f"journey must be a Journey, got {type(journey).__name__}")
        if journey.flow != self.name or journey.flow_version != self.version:
            raise ConfigError(self._foreign(journey), "journey")
        if self._chart is not None:
            self._chart.active(journey)
            return
        if journey.state not in self._by_name:
            raise ConfigError(
                f"{journey.state[:80]!r} is not a state of flow {self.name!r}; the journey "
                "data is corrupt or follows another definition",
                "journey.state",
            )

    def _foreign(self, journey: Journey) -> str:
        """Why a journey of another flow or version is refused, and what to do."""
        if journey.flow == self.name and journey.flow_version < self.version:
            return (
                f"the journey runs on version {journey.flow_version} of flow {self.name!r}, "
                f"older than this flow's version {self.version}; migrate it first with "
                "flow.migrate(journey, migration, previous=..., at=...)"
            )
        return (
            f"the journey follows flow {journey.flow!r} version {journey.flow_version}, "
            f"not {self.name!r} version {self.version}; load the matching flow"
        )

    def timers(self, journey: Journey) -> tuple[Schedule, ...]:
        """Return every timer running for the journey (its state's timers), soonest first.

        Raises:
            ConfigError: as :meth:`due`.
            TypeError: ``journey`` is not a Journey.
        """
        self._check_own(journey)
        chart = self._chart
        if chart is None:
            entered = journey.entered_at
            found = [
                Schedule(
                    tm.name, tm.event, elapsed_add(entered, tm.after, self._calendar(tm), "journey")
                )
                for tm in self._by_name[journey.state].timers
            ]
        else:
            timed = tuple(n for n in chart.active(journey) if n.timers)
            since = chart.entered_at(journey, timed)
            found = [
                Schedule(
                    tm.name,
                    tm.event,
                    elapsed_add(since[n], tm.after, self._calendar(tm), "journey"),
                )
                for n in timed
                for tm in n.timers
            ]
        return tuple(sorted(found, key=lambda s: (s.due_at, s.timer)))

    def due(self, journey: Journey, now: datetime) -> tuple[Schedule, ...]:
        """Return the timers that have fired by ``now`` (``due_at <= now``), soonest first.

        Timers are derived from the journey, not kept anywhere: a cron job can call
        this after a restart and fire each returned event. Once the event is fired the
        journey leaves (or re-enters) the state and the timer is no longer due. A
        later ``now`` never returns fewer timers.

        Raises:
            NaiveDatetimeError: ``now`` is naive.
            ConfigError: the journey follows another flow or version (path
                ``journey``), or is in a state the flow does not have (path
                ``journey.state``).
            ConfigError: a timer would fall after the year 9999 (path ``journey``).

        Example:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicekit.onboarding.flows import complaint
            >>> flow = complaint()
            >>> at = datetime(2026, 4, 1, 9, tzinfo=timezone.utc)
            >>> j = flow.fire(flow.start({"angry": True}, at).journey, "triage", at).journey
            >>> flow.due(j, at + timedelta(hours=1))
            ()
            >>> [(d.event, d.due_at.isoformat()) for d in flow.due(j, at + timedelta(hours=2))]
            [('cooled', '2026-04-01T11:00:00+00:00')]
        """
        require_aware(now, "now")
        return tuple(s for s in self.timers(journey) if s.due_at <= now)

    # ------------------------------------------------------------------ versions

    def _plan(self, migration: Migration, previous: Flow) -> _Plan:
        """The checked, compiled migration from ``previous`` to this flow (cached)."""
        plan = self._plans.get(migration)
        if plan is None or plan.previous is not previous:
            migration.check(previous, self)
            plan = _Plan(migration, previous, self)
            self._plans[migration] = plan
        return plan

    def _migrated(
        self, journey: Journey, plan: _Plan, state: str, history: tuple[HistoryEntry, ...]
    ) -> Journey:
        """The migrated journey: on this flow's version, in ``state``, context fields moved."""
        context = journey.context
        if plan.context and not plan.context.keys().isdisjoint(context):
            context = _moved(context, plan.context)
        return _tuple_new(
            Journey,
            (
                self.name,
                self.version,
                state,
                journey.version + 1,
                journey.started_at,
                context,
                journey.counters,
                history,
            ),
        )

    def migrate(
        self, journey: Journey, migration: Migration, *, at: datetime, previous: Flow
    ) -> Step:
        """Move a journey of ``previous`` (the old version) onto this flow at ``at``.

        The journey's state, history and context keys are renamed by ``migration``;
        its counters, start and context values stay; its ``flow_version`` becomes
        this flow's and its ``version`` increases by one (store it with the same
        conditional update as a fired event). The migration is checked against both
        flows once and then cached on this flow, so migrating many journeys costs a
        few microseconds each.

        Returns:
            The :class:`Step`: the migrated journey and the timer effects, cancels
            first: with ``"keep"``, a :class:`Cancel` for each running timer the new
            state lacks and a :class:`Schedule` for each timer of the new state that
            is new or now falls due at another time (counted from when the journey
            entered its state); with ``"replan"``, the cancels and a schedule for
            every timer of the new state counted from ``at``; with ``"cancel"``, a
            cancel for every running timer. :meth:`due` and :meth:`timers` count
            from when the journey entered its state, as ``"keep"`` does; hosts that
            replan or cancel keep their own timer store and follow the effects.

        Raises:
            TypeError: ``journey``, ``migration`` or ``previous`` has the wrong type.
            ConfigError: the migration does not fit the two flows (every problem in
                ``.problems``, each with its path); the journey does not follow
                ``previous`` (path ``journey``) or is in a state it lacks (path
                ``journey.state``); ``at`` is before the journey's last event (path
                ``at``); a renamed context key is already in the context (path
                ``context.<key>``); a timer would fall after the year 9999.
            NaiveDatetimeError: ``at`` is naive.

        Example:
            >>> from datetime import datetime, timezone
            >>> from servicekit.onboarding import Migration, State, Transition
            >>> old = Flow(
            ...     "demo",
            ...     1,
            ...     states=[State("new"), State("done", final=True)],
            ...     transitions=[Transition("new", "finish", "done")],
            ... )
            >>> new = Flow(
            ...     "demo",
            ...     2,
            ...     states=[State("fresh"), State("done", final=True)],
            ...     transitions=[Transition("fresh", "finish", "done")],
            ... )
            >>> at = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> j = old.start({}, at).journey
            >>> step = new.migrate(
            ...     j, Migration("demo", 1, 2, states={"new": "fresh"}), at=at, previous=old
            ... )
            >>> step.journey.state, step.journey.flow_version, step.effects
            ('fresh', 2, ())
        """
        if type(journey) is not Journey:
            raise TypeError(f"journey must be a Journey, got {type(journey).__name__}")
        if not isinstance(migration, Migration):
            raise TypeError(f"migration must be a Migration, got {type(migration).__name__}")
        if not isinstance(previous, Flow):
            raise TypeError(f"previous must be a Flow, got {type(previous).__name__}")
        if type(at) is not datetime or at.tzinfo is not UTC:
            at = utc(at, "at")
        plan = self._plan(migration, previous)
        if self._chart is not None or previous._chart is not None:
            return self._migrate_chart(journey, plan, at)
        old_state = journey.state
        if (
            journey.flow != previous.name
            or journey.flow_version != previous.version
            or old_state not in plan.states
        ):
            previous._check_own(journey)
        history = journey.history
        entered = history[-1][0] if history else journey.started_at
        if at < entered:
            raise ConfigError(
                f"{at.isoformat()} is before the journey's last event at "
                f"{entered.isoformat()}; migrate at a later instant",
                "at",
            )
        renamed = plan.renamed
        if renamed:
            get = renamed.get
            history = tuple(
                [
                    _tuple_new(
                        HistoryEntry, (when, event, get(source, source), get(target, target))
                    )
                    for when, event, source, target in history
                ]
            )
        state = plan.states[old_state]
        new = self._migrated(journey, plan, state, history)
        effects = (
            ()
            if old_state in plan.quiet
            else self._migrated_timers(plan, old_state, state, entered, at)
        )
        return _tuple_new(Step, (new, effects))

    def _migrate_chart(self, journey: Journey, plan: _Plan, at: datetime) -> Step:  # noqa: C901, PLR0912 - one pass per part
        """:meth:`migrate` where either version nests: map the configuration leaf by leaf.

        The mapped leaves are completed by default entry (a new region or compound
        state enters its initial state); history values whose states the new version
        cannot restore are dropped.
        """
        previous = plan.previous
        previous._check_own(journey)  # noqa: SLF001 - the same class
        entered = journey.entered_at
        if at < entered:
            raise ConfigError(
                f"{at.isoformat()} is before the journey's last event at "
                f"{entered.isoformat()}; migrate at a later instant",
                "at",
            )
        names = plan.states
        leaves = [names[n] for n in previous.configuration(journey)]
        old_chart, chart = previous._chart, self._chart  # noqa: SLF001
        if chart is None:
            state = leaves[0]
            if len(set(leaves)) != 1:
                raise ConfigError(
                    f"the journey's states map to {', '.join(sorted(set(leaves)))[:120]}, but "
                    f"version {self.version} is flat and has one state at a time; map them "
                    "onto one state",
                    "journey.state",
                )
        else:
            histories = {}
            for token in journey.state.split("|"):
                name, mark, values = token.partition("=")
                node = chart.nodes.get(names.get(name, name))
                if mark and node is not None and node.kind == "history":
                    found = chart.restorable(node, [names.get(v, v) for v in values.split(",")])
                    if found is not None:
                        histories[node] = found
            try:
                state = chart.complete([chart.nodes[n] for n in leaves], histories)
            except BadConfiguration as err:
                raise ConfigError(
                    f"the journey's states map to {', '.join(sorted(set(leaves)))[:120]}, which "
                    f"cannot be active together in version {self.version} ({err}); map them "
                    "onto states of one configuration",
                    "journey.state",
                ) from None
        renamed = plan.renamed
        history = journey.history
        if renamed:
            get = renamed.get
            history = tuple(
                _tuple_new(HistoryEntry, (when, event, get(source, source), get(target, target)))
                for when, event, source, target in history
            )
        new = self._migrated(journey, plan, state, history)
        # The timers running before, and when each old state was entered.
        if old_chart is None:
            since_old = {journey.state: journey.entered_at}
        else:
            timed = old_chart.active(journey)
            since_old = {n.name: t for n, t in old_chart.entered_at(journey, timed).items()}
        running = {
            tm.name: (
                tm.event,
                elapsed_add(since, tm.after, previous._calendar(tm), "journey"),  # noqa: SLF001
            )
            for name, since in since_old.items()
            for tm in previous._by_name[name].timers  # noqa: SLF001
        }
        sets: list[Schedule] = []
        if plan.policy != "cancel":
            for name in self.active(new):
                starts = [t for old, t in since_old.items() if names[old] == name]
                start = max(starts) if starts and plan.policy == "keep" else at
                sets.extend(
                    Schedule(
                        tm.name, tm.event, elapsed_add(start, tm.after, self._calendar(tm), "at")
                    )
                    for tm in self._by_name[name].timers
                )
        kept = {s.timer for s in sets}
        cancels = [Cancel(name) for name in running if name not in kept]
        if plan.policy == "keep":
            sets = [s for s in sets if running.get(s.timer) != (s.event, s.due_at)]
        return _tuple_new(Step, (new, (*cancels, *sets)))

    def _migrated_timers(
        self, plan: _Plan, old_state: str, state: str, entered: datetime, at: datetime
    ) -> tuple[Effect, ...]:
        """The timer effects of a migration from ``old_state`` to ``state``."""
        previous = plan.previous
        before = previous._by_name[old_state].timers  # noqa: SLF001 - the same class
        after = self._by_name[state].timers if plan.policy != "cancel" else ()
        running = {
            tm.name: (
                tm.event,
                elapsed_add(entered, tm.after, previous._calendar(tm), "journey"),  # noqa: SLF001
            )
            for tm in before
        }
        start = entered if plan.policy == "keep" else at
        sets = [
            Schedule(tm.name, tm.event, elapsed_add(start, tm.after, self._calendar(tm), "at"))
            for tm in after
        ]
        names = {s.timer for s in sets}
        cancels = [Cancel(name) for name in running if name not in names]
        if plan.policy == "keep":
            sets = [s for s in sets if running.get(s.timer) != (s.event, s.due_at)]
        return (*cancels, *sets)

    # ------------------------------------------------------------------ replay

    def replay(  # noqa: C901 - the per-event loop is inlined: replay is the hot path
        self,
        events: Iterable[HistoryEntry | tuple[Any, ...]],
        *,
        started_at: datetime,
        context: Mapping[str, Any] | None = None,
    ) -> Replay:
        """Rebuild a journey from stored events and report the first one refused.

        Args:
            events: ``(at, event)`` or ``(at, event, data)`` tuples, or
                :class:`HistoryEntry` items (a journey's ``history``), whose recorded
                source and target must match what the flow does.
            started_at: when the journey started.
            context: the context it started with.

        Returns:
            A :class:`Replay`: the journey after the last applied event and the first
            :class:`Rejection` (``None`` when all applied). Guards run again, so a
            guard that reads event data needs the data in the events. Effects are
            not computed (effect factories are not called).

        Cost: linear in the number of events for unguarded transitions, for flat and
        nested flows alike; an event whose transitions have guards (or, in a flat flow,
        that carries data) first builds the journey the guards see, which copies the
        history so far. In a nested flow each event runs its whole macrostep (raised
        events, eventless transitions); a stored history that begins with what
        starting the journey took is matched against the start.

        Raises:
            NaiveDatetimeError: ``started_at`` or an event time is naive.
            TypeError: an event is not such a tuple, its name is not a string, or its
                data is not a mapping.

        Example:
            >>> from datetime import datetime, timezone
            >>> from servicekit.onboarding.flows import investment
            >>> at = datetime(2026, 4, 1, 9, tzinfo=timezone.utc)
            >>> result = investment().replay(
            ...     [(at, "verification_passed"), (at, "top_up")], started_at=at
            ... )
            >>> result.journey.state, result.rejected.index, result.rejected.event
            ('verified', 1, 'top_up')
        """
        if self._chart is not None:
            return self._chart_replay(list(events), started_at, context)
        start = self.start(context, started_at).journey
        # The history grows in a list and a journey is built only when a guard must
        # see one (or at the end): firing event by event copies the history each time,
        # which is quadratic in the number of events (issue 14).
        state, counters, last = start.state, start.counters, start.started_at
        entries: list[HistoryEntry] = []
        snapshot: Journey | None = start

        def current() -> Journey:
            nonlocal snapshot
            if snapshot is None:
                snapshot = _tuple_new(
                    Journey,
                    (
                        start.flow,
                        start.flow_version,
                        state,
                        len(entries),
                        start.started_at,
                        start.context,
                        counters,
                        tuple(entries),
                    ),
                )
            return snapshot

        table = self._table
        for index, item in enumerate(events):
            size, at, event, data = _stored_event(index, item)
            # In time order and without data (the usual case): no full check needed.
            edge = None
            if at >= last and data is None:
                for candidate in table.get((state, event), ()):
                    checks = candidate.checks
                    if not checks or all(check(current(), _EMPTY) for check in checks):
                        edge = candidate
                        break
            if edge is None:
                edge, reasons = self._select(
                    current(), event, at, _EMPTY if data is None else data, None
                )
                if edge is None:
                    return Replay(current(), Rejection(index, at, event, reasons))
            if size == 4 and (edge.source, edge.target) != (item[2], item[3]):
                reason = (
                    f"recorded {item[2]!r} -> {item[3]!r}, but the flow goes "
                    f"{edge.source!r} -> {edge.target!r}"
                )
                return Replay(current(), Rejection(index, at, event, (reason,)))
            state = edge.target
            if edge.counts:
                counters = _bump(counters, edge.counts)
            entries.append(_tuple_new(HistoryEntry, (at, *edge.entry)))
            last, snapshot = at, None
        return Replay(current())

    def _chart_replay(  # noqa: C901 - the per-event loop, inlined
        self, items: list[Any], started_at: datetime, context: Mapping[str, Any] | None
    ) -> Replay:
        """:meth:`replay` for a nested flow, linear in the events.

        The history grows in a list and a journey is built only when a guard must see
        one, or at the end (as for a flat flow).
        """
        chart = self._chart
        assert chart is not None  # noqa: S101 - called for nested flows only
        start = self.start(context, started_at).journey
        state, counters, last = start.state, start.counters, start.entered_at
        history: list[HistoryEntry] = list(start.history)
        version = 0
        snapshot: Journey | None = start

        def current() -> Journey:
            nonlocal snapshot
            if snapshot is None:
                snapshot = _tuple_new(
                    Journey,
                    (
                        start.flow,
                        start.flow_version,
                        state,
                        version,
                        start.started_at,
                        start.context,
                        counters,
                        tuple(history),
                    ),
                )
            return snapshot

        i = 0
        # A stored history begins with what starting the journey took (eventless
        # transitions, raised events): those entries are the start's own.
        while (
            i < len(start.history)
            and i < len(items)
            and isinstance(items[i], tuple)
            and len(items[i]) == 4
            and items[i][1:] == start.history[i][1:]
        ):
            i += 1
        while i < len(items):
            size, at, event, data = _stored_event(i, items[i])
            if at < last or event == EVENTLESS:
                reasons = (
                    self._refused(current(), at, None) or chart.select(current(), event, _EMPTY)[1]
                )
                return Replay(current(), Rejection(i, at, event, reasons))
            given = _EMPTY if data is None else data
            enabled, reasons = chart.select_at(state, event, given, current)
            if not enabled:
                return Replay(current(), Rejection(i, at, event, reasons))
            run = Run(chart, start, state, history, counters, at, version + 1)
            try:
                run.take(event, chart.micro(state, enabled), given)
                run.settle()
            except TransitionError as err:
                return Replay(current(), Rejection(i, at, event, err.reasons))
            taken = run.entries
            if size == 4:
                # One event may take several transitions (parallel regions, done events):
                # the stored history holds one entry each.
                for k, entry in enumerate(taken):
                    item = items[i + k] if i + k < len(items) else None
                    if k and item is not None:
                        _stored_event(i + k, item)
                    if not (isinstance(item, tuple) and len(item) == 4 and item[1:] == entry[1:]):
                        reason = (
                            f"the flow takes {entry.source!r} -> {entry.target!r} on "
                            f"{entry.event!r}, which the stored history does not record here"
                        )
                        return Replay(current(), Rejection(i + k, at, event, (reason,)))
                i += len(taken)
            else:
                i += 1
            history.extend(taken)
            if run.bumps:
                counters = _bump(counters, tuple(run.bumps))
            state, last, snapshot = run.state, at, None
            version += 1
        return Replay(current())

    # ------------------------------------------------------------------ claims

    def _params(self, journey: Journey) -> dict[str, Any]:
        params: dict[str, Any] = {
            k: v for k, v in journey.context.items() if isinstance(v, str | int | float)
        }
        for t in self.transitions:
            params.update(dict.fromkeys(t.counts, 0))
        params.update(journey.counters)
        params["state"] = journey.state
        return params

    def check_claim(
        self, journey: Journey, claim: str, locale: LocaleLike | None = "en"
    ) -> Verdict:
        """Check what a customer believes (``claim``) against their journey.

        Returns:
            A :class:`Verdict`: whether the journey supports the claim and a
            localized sentence, either confirming it or saying what is still missing.

        Raises:
            ConfigError: ``claim`` is not a claim of this flow, or the journey
                follows another flow, or the claim's sentence names a context value the
                journey lacks (or holds as something other than a string or number),
                e.g. ``instalments_total`` of the investment flow; the path is
                ``context.<name>``. A missing context value is an input error of the
                caller's journey data, not something the customer can fix, so it is
                raised rather than folded into the verdict.

        Example:
            >>> from servicekit.onboarding.flows import investment
            >>> from datetime import datetime, timezone
            >>> flow = investment()
            >>> at = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> j = flow.start({"instalments_total": 6}, at).journey
            >>> flow.check_claim(j, "is_verified").supported
            False
        """
        self._check_own(journey)
        found = self._claims.get(claim) if isinstance(claim, str) else None
        if found is None:
            known = ", ".join(repr(c) for c in self._claims) or "none"
            raise ConfigError(f"unknown claim {claim!r}; this flow knows {known}", "claim")
        if self._chart is None:
            missing = tuple(r for r in found.requires if not r.met(journey))
            explain = dict(found.explain).get(journey.state)
        else:
            visited = self._chart.visited(journey)
            missing = tuple(
                r
                for r in found.requires
                if (r.state is not None and r.state not in visited)
                or (r.counter is not None and journey.count(r.counter) < r.at_least)
            )
            active = set(self.active(journey))
            explain = next((m for s, m in found.explain if s in active), None)
        params = self._params(journey)
        count = 0 if found.count_by is None else journey.count(found.count_by)
        message = found.holds if not missing else (explain or missing[0].missing)
        _require_params(message, params, journey, f"claim {claim!r}", plural_count=True)
        return Verdict(claim, not missing, missing, render(message, locale, count, params))

    # ------------------------------------------------------------------ model-based tests

    def test_paths(self) -> tuple[tuple[Transition, ...], ...]:
        """Return the shortest transition sequences that together take every transition.

        Model-based testing (as XState's graph tools do): each path starts in the
        initial state and ends with the transition it covers, reached by a shortest
        way (a breadth-first search); a path that is the start of another is left out.
        Fire each transition's ``event`` in turn: a guarded transition needs data or a
        context that makes its guards hold, and a timer's event stands for the timer
        going off.

        Cost: linear in the flow's size for the search, plus the total length of the
        paths returned (at most the number of transitions times the number of states).

        In a nested flow the search runs over configurations (at most 4,096), and a
        transition on a ``done.state.*`` event, which follows on its own, is covered
        by the path whose last transition sets it off.

        Example:
            >>> from servicekit.onboarding.flows import complaint
            >>> for path in complaint().test_paths()[:3]:
            ...     print(" -> ".join(t.event for t in path))
            reply_overdue
            triage -> cooled
            triage -> remind
        """
        if self._chart is not None:
            return self._chart.test_paths()
        start = self.initial_state
        into: dict[str, int] = {start: -1}
        todo = deque([start])
        while todo:
            for edges in self._per_state[todo.popleft()].values():
                for edge in edges:
                    if edge.target not in into:
                        into[edge.target] = edge.index
                        todo.append(edge.target)
        transitions = self.transitions

        def way(state: str) -> tuple[Transition, ...]:
            chain: list[Transition] = []
            while state != start:
                edge = transitions[into[state]]
                chain.append(edge)
                state = edge.source
            return tuple(reversed(chain))

        tree = set(into.values())
        return tuple(
            (*way(t.source), t)
            for i, t in enumerate(transitions)
            if not (i in tree and self._per_state[t.target])
        )

    # ------------------------------------------------------------------ diagrams

    def to_mermaid(self, funnel: Funnel | None = None) -> str:
        """Return a Mermaid ``stateDiagram-v2``, optionally annotated with funnel counts.

        Example:
            >>> from servicekit.onboarding.flows import downline_member
            >>> print(downline_member().to_mermaid())  # doctest: +ELLIPSIS
            stateDiagram-v2
                [*] --> invited
                invited --> welcomed : welcome
                invited --> invited : welcome_overdue (after P1D)
            ...
                active --> [*]
                left --> [*]
            <BLANKLINE>
        """
        from servicekit.onboarding._diagram import to_mermaid  # noqa: PLC0415 - cycle

        return to_mermaid(self, funnel)

    def to_dot(self, funnel: Funnel | None = None) -> str:
        """Return a Graphviz DOT digraph, optionally annotated with funnel counts.

        Example:
            >>> from servicekit.onboarding.flows import downline_member
            >>> print(downline_member().to_dot())  # doctest: +ELLIPSIS
            digraph "downline_member" {
                rankdir=LR;
            ...
                "active" [label="active", peripheries=2];
            ...
                "invited" -> "welcomed" [label="welcome"];
            ...
            }
            <BLANKLINE>
        """
        from servicekit.onboarding._diagram import to_dot  # noqa: PLC0415 - cycle

        return to_dot(self, funnel)

    # ------------------------------------------------------------------ data

    def to_scxml(self) -> str:
        """Return the flow as an SCXML document that :meth:`from_scxml` reads back.

        States, parallel states, history, initial and final states and transitions
        (``event``, ``cond`` naming guards joined by `` and ``, the built-in
        ``In(state)`` written as ``In('state')``, ``target``) are SCXML;
        the version, guidance, timers, effects, counters, the transitions' order and
        the claims go into elements and attributes of the ``sk`` namespace. See the
        docs page on standard formats.

        Raises:
            ConfigError: a name or text of the flow holds a character XML 1.0 cannot
                carry (a control character such as backspace); the path names where.

        Example:
            >>> from servicekit.onboarding.flows import nested_investment
            >>> text = nested_investment().to_scxml()
            >>> print(text.splitlines()[2])
              <parallel id="onboarding">
        """
        from servicekit.onboarding._formats import to_scxml  # noqa: PLC0415 - loaded on use

        return to_scxml(self)

    @classmethod
    def from_scxml(
        cls,
        text: str,
        *,
        guards: Mapping[str, Guard | Callable[..., bool]] | None = None,
        effects: Mapping[str, EffectFactory] | None = None,
        calendars: Mapping[str, TimerCalendar] | None = None,
    ) -> Flow:
        """Read an SCXML document in the subset :meth:`to_scxml` writes.

        The document is parsed with the standard library after refusing any DTD or
        entity declaration (no entity expansion, so no "billion laughs"), and may hold
        at most 1,000,000 characters. A ``cond`` holds guard names or SCXML's
        ``In('state')`` (or ``In("state")``), joined by `` and ``; other expressions
        are problems. Other SCXML elements (``<onentry>``,
        ``<datamodel>``, ``<raise>``, ``<send>``...) are problems, listed with the
        rest.

        Raises:
            TypeError: ``text`` is not a string.
            ConfigError: the document is too large, declares a DTD or entities, is not
                well-formed XML, or is no valid flow; ``.problems`` lists every problem
                with its path (``scxml/state[a]/onentry``, or as :meth:`from_dict`).

        Example:
            >>> from servicekit.onboarding.flows import nested_investment
            >>> flow = nested_investment()
            >>> Flow.from_scxml(flow.to_scxml(), guards=flow.guards, effects=flow.effects) == flow
            True
        """
        from servicekit.onboarding._formats import from_scxml  # noqa: PLC0415 - loaded on use

        return from_scxml(text, guards=guards, effects=effects, calendars=calendars)

    def to_xstate(self) -> dict[str, Any]:
        """Return the flow as an XState v5 machine configuration (plain JSON data).

        Every state node carries its name as ``id`` and targets are ``#name``;
        transitions are ``reenter: true`` (SCXML's external transitions); guards are
        named (several: ``xstate.and``), the built-in ``In(state)`` is XState's
        ``{"type": "xstate.stateIn", "stateValue": "#state"}``; effects and counters
        are named actions (``send``, ``notify``, ``count``, or the effect's name);
        timers are ``after`` delays in milliseconds that raise the timer's event;
        guidance is ``meta``.

        Example:
            >>> from servicekit.onboarding.flows import nested_investment
            >>> machine = nested_investment().to_xstate()
            >>> machine["states"]["onboarding"]["type"]
            'parallel'
            >>> machine["states"]["on_hold"]["on"]["resume"]
            [{'target': '#where_we_were', 'reenter': True}]
        """
        from servicekit.onboarding._formats import to_xstate  # noqa: PLC0415 - loaded on use

        return to_xstate(self)

    def check(self) -> tuple[Finding, ...]:
        """Return what in this (valid) flow is likely a mistake, each with a code and path.

        The codes: ``shadowed`` (a transition never taken: an earlier one on the same
        state and event needs no guard it lacks), ``guard-overlap`` (guards on one
        state and event that can hold together: only the order decides),
        ``region-conflict`` (two regions of a parallel state react to one event and one
        transition leaves it), ``dead-end`` (a non-final state no transition leaves),
        ``unreachable`` (a state entered only by shadowed transitions or, in a
        statechart, by no transition at all) and ``timer-never-fires`` (a shorter timer
        always takes the journey out first). Guards are judged by their names, except
        the built-in ``In(<state>)``, judged by the state it names (``In()`` guards of
        states never active together, or never with the source, do not overlap). Cost:
        quadratic in the transitions of one state and event, in their ``In()`` guards,
        and in the timers of one state and those around it.

        Example:
            >>> from servicekit.onboarding.flows import complaint
            >>> [(f.code, f.path) for f in complaint().check()][:1]
            [('guard-overlap', 'transitions[1]')]
        """
        from servicekit.onboarding._check import check  # noqa: PLC0415 - loaded on use

        return check(self)

    def validate(self) -> None:
        """Check the definition and raise one :class:`ConfigError` listing every problem.

        Construction already runs this, so a :class:`Flow` you hold is valid; the
        method is there for definitions whose registries may have changed.
        """
        raise_problems(self.name, problems(self))

    def to_dict(self) -> dict[str, Any]:
        """Return the definition as plain JSON data (registries stay out, by name)."""
        out: dict[str, Any] = {
            "name": self.name,
            "version": self.version,
            "initial": self.initial_state,
            "states": [s.to_dict() for s in self.states],
            "transitions": [t.to_dict() for t in self.transitions],
        }
        if self.claims:
            out["claims"] = [c.to_dict() for c in self.claims]
        if self.labels:
            out["labels"] = self.labels.to_dict()
        return out

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        guards: Mapping[str, Guard | Callable[..., bool]] | None = None,
        effects: Mapping[str, EffectFactory] | None = None,
        calendars: Mapping[str, TimerCalendar] | None = None,
    ) -> Flow:
        """Build a flow from plain data, reporting every problem at once.

        Raises:
            ConfigError: every structural and semantic problem, each with its path,
                in ``.problems``; the message lists them all.
            TypeError: ``data`` is not a mapping.

        Example:
            >>> flow = Flow.from_dict(
            ...     {
            ...         "name": "demo",
            ...         "version": 1,
            ...         "states": [{"name": "new"}, {"name": "done", "final": True}],
            ...         "transitions": [{"source": "new", "event": "finish", "target": "ghost"}],
            ...     }
            ... )
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: flow 'demo' has 3 problems:
              transitions[0].target: unknown state 'ghost'; expected one of 'new', 'done'
              states[0]: no way from 'new' to a final state
              states[1]: unreachable from the initial state 'new'
        """
        from servicekit.onboarding._data import parse  # noqa: PLC0415 - keeps this module short

        if not isinstance(data, Mapping):
            raise TypeError(f"flow data must be a mapping, got {type(data).__name__}")
        parts, found = parse(data)
        name = parts["name"] if isinstance(parts.get("name"), str) else "?"
        draft = _Draft(
            name=name,
            states=parts["states"],
            transitions=parts["transitions"],
            initial=parts["initial"],
            claims=parts["claims"],
            guards=_guards(guards),
            effects=_registry(effects, "effects"),
            calendars=_registry(calendars, "calendars"),
        )
        raise_problems(name, found + problems(draft))
        return cls(
            parts["name"],
            parts["version"],
            states=parts["states"],
            transitions=parts["transitions"],
            initial=parts["initial"],
            claims=parts["claims"],
            labels=parts["labels"],
            guards=guards,
            effects=effects,
            calendars=calendars,
        )


class _Plan:
    """A migration checked against its two flows, with its lookups resolved."""

    __slots__ = ("context", "policy", "previous", "quiet", "renamed", "states")

    def __init__(self, migration: Migration, previous: Flow, new: Flow) -> None:
        self.previous = previous
        self.states = {name: name for name in previous._by_name}  # noqa: SLF001
        self.states.update(migration.states)
        # Only the states whose name changes (history entries naming others stay).
        self.renamed = {k: v for k, v in self.states.items() if k != v}
        self.context = dict(migration.context)
        self.policy = migration.timers
        # Old states whose journeys never get timer effects: no timers on either side,
        # or (keeping them) the very same timers.
        self.quiet = {
            old
            for old, to in self.states.items()
            if _no_timer_change(previous.state(old).timers, new.state(to).timers, self.policy)
        }


def _no_timer_change(before: tuple[Timer, ...], after: tuple[Timer, ...], policy: str) -> bool:
    """Whether moving from a state with timers ``before`` to ``after`` never has effects."""
    if policy == "cancel":
        return not before
    if policy == "replan":
        return not before and not after
    return before == after


def _moved(context: Mapping[str, Any], moves: dict[str, str | None]) -> Mapping[str, Any]:
    """The context with its keys renamed (or dropped, for ``None``) by ``moves``.

    Raises:
        ConfigError: a key moves onto one the context keeps (path ``context.<key>``).
    """
    out: dict[str, Any] = {key: value for key, value in context.items() if key not in moves}
    for key, value in context.items():
        to = moves.get(key, key)
        if key in moves and to is not None:
            if to in out:
                raise ConfigError(
                    f"{key[:40]!r} moves to {to[:40]!r}, which the journey's context already "
                    "holds; drop or move that key in the migration too",
                    f"context.{to[:40]}",
                )
            out[to] = value
    return _mapping_proxy(out)


def _stored_event(index: int, item: object) -> tuple[int, datetime, str, Any]:
    """Check one event given to :meth:`Flow.replay`: its size, time, name and data."""
    size = len(item) if isinstance(item, tuple) else 0
    if size not in {2, 3, 4}:
        raise TypeError(f"events[{index}] must be (at, event[, data]), got {item!r}")
    at, event = item[0], item[1]  # type: ignore[index]
    if type(at) is not datetime or at.tzinfo is not UTC:
        at = utc(at, f"events[{index}][0]")
    if not isinstance(event, str):
        raise TypeError(f"events[{index}][1] must be an event name, got {event!r}")
    data = item[2] if size == 3 and item[2] is not None else None  # type: ignore[index]
    return size, at, event, data


def _rebuild(  # noqa: PLR0917 - the pickle protocol passes positional arguments
    name: str,
    version: int,
    states: tuple[State, ...],
    transitions: tuple[Transition, ...],
    initial: str | None,
    claims: tuple[Claim, ...],
    guards: dict[str, Guard],
    effects: dict[str, EffectFactory],
    calendars: dict[str, TimerCalendar],
) -> Flow:
    return Flow(
        name,
        version,
        states=states,
        transitions=transitions,
        initial=initial,
        claims=claims,
        guards=guards,
        effects=effects,
        calendars=calendars,
    )


@attrs.frozen
class _Draft:
    """The parts of a flow being checked before one is built."""

    name: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str | None
    claims: tuple[Claim, ...]
    guards: Mapping[str, Guard]
    effects: Mapping[str, Any]
    calendars: Mapping[str, Any]


def raise_problems(name: str, found: list[ConfigError]) -> None:
    """Raise one ConfigError listing ``found`` (with ``.problems``), if there are any."""
    if not found:
        return
    count = len(found)
    lines = "\n".join(f"  {p}" for p in found)
    message = f"flow {name!r} has {count} problem{'s' if count > 1 else ''}:\n{lines}"
    raise ConfigError(message, "", problems=found)


def problems(flow: Flow | _Draft) -> list[ConfigError]:  # noqa: C901, PLR0912, PLR0915 - one check per kind
    """Return every semantic problem of a definition, each a ConfigError with a path."""
    if is_chart(flow.states, flow.transitions):
        return _chart_problems(flow)
    out: list[ConfigError] = []

    def add(path: str, msg: str) -> None:
        out.append(ConfigError(msg, path))

    names = [s.name for s in flow.states]
    known = set(names)
    by_name = {s.name: s for s in reversed(flow.states)}
    reserved_guard_problems(flow.guards, add)
    expected = _expected(names)
    if not names:
        add("states", "a flow needs at least one state")
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if first.setdefault(name, i) != i:
            add(f"states[{i}].name", f"duplicate state {name!r}")
    initial = flow.initial if flow.initial is not None else (names[0] if names else None)
    if initial is not None and initial not in known:
        add("initial", f"unknown state {initial!r}; expected one of {expected}")
    finals = {s.name for s in flow.states if s.final}
    if names and not finals:
        add("states", "no state is final; mark at least one with final=True")
    outgoing: dict[str, set[str]] = {}
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for i, t in enumerate(flow.transitions):
        path = f"transitions[{i}]"
        for field in ("source", "target"):
            value = getattr(t, field)
            if value not in known:
                add(f"{path}.{field}", f"unknown state {value!r}; expected one of {expected}")
        if t.source in finals:
            add(f"{path}.source", f"state {t.source!r} is final; no transition may leave it")
        key = (t.source, t.event, t.guards)
        if key in seen:
            add(path, f"duplicate transition {t.source!r} --{t.event}--> with the same guards")
        seen.add(key)
        outgoing.setdefault(t.source, set()).add(t.target)
        for j, g in enumerate(t.guards):
            guard_problem(g, f"{path}.guards[{j}]", flow.guards, by_name, add)
        for j, e in enumerate(t.effects):
            if isinstance(e, str) and e not in flow.effects:
                add(f"{path}.effects[{j}]", f"effect {e!r} is not registered; pass it in effects=")
    events_from = {(t.source, t.event) for t in flow.transitions}
    for i, s in enumerate(flow.states):
        timer_names: set[str] = set()
        for j, tm in enumerate(s.timers):
            path = f"states[{i}].timers[{j}]"
            if tm.name in timer_names:
                add(f"{path}.name", f"duplicate timer {tm.name!r} in state {s.name!r}")
            timer_names.add(tm.name)
            if tm.after <= timedelta(0):
                add(f"{path}.after", f"must be positive, got {tm.after!r}")
            if (s.name, tm.event) not in events_from:
                add(
                    f"{path}.event",
                    f"timer fires {tm.event!r} but no transition leaves {s.name!r} on it",
                )
            if tm.calendar is not None and tm.calendar not in flow.calendars:
                add(
                    f"{path}.calendar",
                    f"calendar {tm.calendar!r} is not registered; pass it in calendars=",
                )
    if initial in known:
        reach = {initial}
        todo = [initial]
        while todo:
            for nxt in outgoing.get(todo.pop(), ()):
                if nxt not in reach:
                    reach.add(nxt)
                    todo.append(nxt)
        # Walk the transitions backwards from the final states (linear in the flow's
        # size; a fixed point over all states would be quadratic on a long chain).
        incoming: dict[str, set[str]] = {}
        for src, targets in outgoing.items():
            for target in targets:
                incoming.setdefault(target, set()).add(src)
        back = set(finals)
        todo = list(finals)
        while todo:
            for prev in incoming.get(todo.pop(), ()):
                if prev not in back:
                    back.add(prev)
                    todo.append(prev)
        for i, s in enumerate(flow.states):
            if finals and s.name not in back:
                add(f"states[{i}]", f"no way from {s.name!r} to a final state")
        for i, s in enumerate(flow.states):
            if s.name not in reach:
                add(f"states[{i}]", f"unreachable from the initial state {initial!r}")
    _claim_problems(flow, known, add)
    return out


def _chart_problems(flow: Flow | _Draft) -> list[ConfigError]:
    """Every problem of a nested flow (see :func:`chart_problems`), claims included."""
    out: list[ConfigError] = []

    def add(path: str, msg: str) -> None:
        out.append(ConfigError(msg, path))

    # A state no transition can enter is allowed in a statechart (SCXML allows it);
    # Flow.check reports it as an 'unreachable' finding.
    known = chart_problems(
        flow.states, flow.transitions, flow.initial, flow.guards, flow.effects, flow.calendars, add
    )
    _claim_problems(flow, known, add)
    return out


def _claim_problems(flow: Flow | _Draft, known: set[str], add: Callable[[str, str], None]) -> None:
    """Add the problems of the flow's claims (states and counters they name)."""
    counted = {c for t in flow.transitions for c in t.counts}
    claim_names: set[str] = set()
    for i, c in enumerate(flow.claims):
        if c.name in claim_names:
            add(f"claims[{i}].name", f"duplicate claim {c.name!r}")
        claim_names.add(c.name)
        for j, r in enumerate(c.requires):
            if r.state is not None and r.state not in known:
                add(f"claims[{i}].requires[{j}].state", f"unknown state {r.state!r}")
            if r.counter is not None and r.counter not in counted:
                add(f"claims[{i}].requires[{j}].counter", f"no transition counts {r.counter!r}")
        if c.count_by is not None and c.count_by not in counted:
            add(f"claims[{i}].count_by", f"no transition counts {c.count_by!r}")
        for state, _message in c.explain:
            if state not in known:
                add(f"claims[{i}].explain.{state}", f"unknown state {state!r}")


#: How many state names an "unknown state" message lists before it says how many more.
_LISTED = 10


def _expected(names: list[str]) -> str:
    """The known state names for an error message (the first few of a long list)."""
    listed = ", ".join(repr(n) for n in names[:_LISTED])
    more = len(names) - _LISTED
    return f"{listed} and {more:,} more" if more > 0 else listed


def _require_params(
    message: str | tuple[str, str],
    params: Mapping[str, Any],
    journey: Journey,
    what: str,
    *,
    plural_count: bool = False,
) -> None:
    """Raise a ConfigError at ``context.<name>`` for a placeholder no value fills."""
    texts = message if isinstance(message, tuple) else (message,)
    filled = set(params) | ({"count"} if plural_count and isinstance(message, tuple) else set())
    for text in texts:
        for _literal, field, _spec, _conversion in Formatter().parse(text):
            name = None if field is None else field.split(".")[0].split("[")[0]
            if name is None or name in filled:
                continue
            # The context may hold personal data: name the type, never the value.
            got = (
                f"a {type(journey.context[name]).__name__}"
                if name in journey.context
                else "nothing"
            )
            raise ConfigError(
                f"{what} needs a plain value {name!r} (a string or number) in the "
                f"journey's context; got {got}",
                f"context.{name}",
            )
