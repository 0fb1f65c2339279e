"""Values of the onboarding package: journeys, effects, definitions (private)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

import attrs

from servicekit._fields import as_tuple
from servicekit._time import (
    UTC,
    format_duration,
    parse_instant,
    require_aware,
)
from servicekit.exceptions import ConfigError
from servicekit.i18n import template_fields, translate, translate_plural

if TYPE_CHECKING:
    from servicekit.i18n import LocaleLike

__all__ = [
    "Cancel",
    "Claim",
    "Effect",
    "Guard",
    "HistoryEntry",
    "Journey",
    "Log",
    "Notify",
    "Raise",
    "Requirement",
    "Schedule",
    "Send",
    "State",
    "Step",
    "Timer",
    "Transition",
    "Verdict",
]

DOMAIN = "onboarding"


def _freeze_params(value: object) -> tuple[tuple[str, Any], ...]:
    """Normalise message parameters to a sorted tuple of ``(name, value)`` pairs."""
    items: Iterable[object]
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, tuple):
        items = value
    else:
        raise TypeError(f"params must be a mapping, got {type(value).__name__}")
    out = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise TypeError(f"params must map names to values, got {item!r}")
        out.append(item)
    return tuple(sorted(out))


def _str_tuple(value: object, field: str) -> tuple[str, ...]:
    out = as_tuple(value, field, "a list of names")
    for index, item in enumerate(out):
        if not isinstance(item, str):
            raise TypeError(f"{field}[{index}] must be a name (a string), got {shown(item)}")
    return out


def _to_guards(value: object) -> tuple[str, ...]:
    return _str_tuple(value, "guards")


def _to_counts(value: object) -> tuple[str, ...]:
    return _str_tuple(value, "counts")


def _to_raises(value: object) -> tuple[str, ...]:
    return _str_tuple(value, "raises")


def _timers(value: Iterable[Timer]) -> tuple[Timer, ...]:
    out = as_tuple(value, "timers", "a list of Timer values")
    for item in out:
        if not isinstance(item, Timer):
            raise TypeError(f"timers must be Timer values, got {item!r}")
    return out


def _requirements(value: Iterable[Requirement]) -> tuple[Requirement, ...]:
    out = as_tuple(value, "requires", "a list of Requirement values")
    for item in out:
        if not isinstance(item, Requirement):
            raise TypeError(f"requires must hold Requirement values, got {item!r}")
    return out


def shown(value: object) -> str:
    """A wrong value for an error message, cut short (and safe for huge integers)."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to write out
        return f"an {type(value).__name__} too large to show"
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text):,} characters)"


_str = attrs.validators.instance_of(str)
_opt_str = attrs.validators.optional(_str)


def check_template(message: str | tuple[str, str], path: str) -> None:
    """Check that a message (or each of a plural pair) has plain ``{name}`` placeholders.

    Raises:
        ConfigError: a placeholder has a format spec, conversion, attribute or index,
            or a brace is unmatched (at ``path``).
    """
    for text in (message,) if isinstance(message, str) else message:
        template_fields(text, path)


def _template(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, str | tuple):
        check_template(value, attribute.name)


def _explain_templates(_instance: object, _attribute: object, value: object) -> None:
    for state, message in value:  # type: ignore[attr-defined]
        check_template(message, f"explain.{state}")


# --------------------------------------------------------------------------- effects


@attrs.frozen
class Send:
    """Send the customer (or ``to``) the message ``message_id`` of the onboarding catalog.

    Attributes:
        message_id: the English message, also the catalog key.
        to: who receives it (``"customer"`` by default; ``"partner"``, ``"sponsor"``...).
        params: values for the message's ``{placeholders}``, as sorted pairs.
    """

    message_id: str = attrs.field(validator=[_str, _template])
    to: str = attrs.field(default="customer", kw_only=True, validator=_str)
    params: tuple[tuple[str, Any], ...] = attrs.field(
        default=(), kw_only=True, converter=_freeze_params
    )

    def text(self, locale: LocaleLike | None = "en") -> str:
        """Return the message in ``locale`` with its placeholders filled.

        Example:
            >>> Send("Welcome aboard!").text("de")
            'Willkommen an Bord!'
        """
        return translate(DOMAIN, self.message_id, locale, **dict(self.params))


@attrs.frozen
class Notify:
    """Tell a team member (``recipient``: partner, sponsor, team...) about the journey.

    Attributes:
        recipient: the role to notify.
        message_id: the English message, also the catalog key.
        params: values for the message's ``{placeholders}``, as sorted pairs.
    """

    recipient: str = attrs.field(validator=_str)
    message_id: str = attrs.field(validator=[_str, _template])
    params: tuple[tuple[str, Any], ...] = attrs.field(
        default=(), kw_only=True, converter=_freeze_params
    )

    def text(self, locale: LocaleLike | None = "en") -> str:
        """Return the message in ``locale`` with its placeholders filled."""
        return translate(DOMAIN, self.message_id, locale, **dict(self.params))


@attrs.frozen
class Schedule:
    """Set the timer ``timer`` to fire ``event`` at ``due_at`` (replacing one of that name)."""

    timer: str
    event: str
    due_at: datetime


@attrs.frozen
class Cancel:
    """Cancel the timer ``timer`` (it may already have fired; then do nothing)."""

    timer: str


@attrs.frozen
class Log:
    """A log record (SCXML ``<log label expr>``), returned to the caller as an effect.

    servicekit evaluates no expressions: ``expr`` is carried as written.

    Attributes:
        label: what the record is about (may be empty).
        expr: the logged text or expression, as written.

    Example:
        >>> Log("Outcome", "'pass'").to_dict()
        {'log': 'Outcome', 'expr': "'pass'"}
    """

    label: str = attrs.field(default="", validator=_str)
    expr: str = attrs.field(default="", validator=_str)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""
        return {"log": self.label, "expr": self.expr}


@attrs.frozen
class Raise:
    """Raise the internal event ``event`` (SCXML ``<raise>``) in a state's entry or exit.

    Internal events are processed after the current microstep, before any event from
    outside (SCXML's internal queue); they are not effects and are never returned.

    Example:
        >>> Raise("checked").to_dict()
        {'raise': 'checked'}
    """

    event: str = attrs.field(validator=_str)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""
        return {"raise": self.event}


Effect: TypeAlias = Send | Notify | Schedule | Cancel | Log

# --------------------------------------------------------------------------- journeys


class HistoryEntry(NamedTuple):
    """One taken transition: when, which event, from which state, to which state."""

    at: datetime
    event: str
    source: str
    target: str


def utc(value: object, field: str) -> datetime:
    """Return an aware datetime as the same instant in UTC.

    Journeys keep instants in UTC: equality, JSON round trips and replays are then
    exact, even for wall-clock readings in a DST gap or fold (which Python compares
    unequal to every other zone's reading of the same instant, PEP 495).

    Raises:
        TypeError: not a datetime.
        NaiveDatetimeError: a naive datetime.
        ConfigError: the instant is before the year 1 or after the year 9999 in UTC
            (e.g. ``0001-01-01T00:00+01:00``), which a datetime cannot hold.
    """
    at = require_aware(value, field)
    if at.tzinfo is UTC:
        return at
    try:
        return at.astimezone(UTC)
    except OverflowError:
        raise ConfigError(
            f"{at.isoformat()} is outside the years 1 to 9999 in UTC; give a later or "
            "earlier instant",
            field,
        ) from None


def _utc_started(value: object) -> datetime:
    return utc(value, "started_at")


#: The one empty context every journey without context shares (saves ~230 bytes each).
_NO_CONTEXT: Mapping[str, Any] = MappingProxyType({})


#: Versions and counters stay below this size (a 64-bit integer in other systems).
LARGEST = 2**63
#: How deeply a context may nest lists and mappings (JSON writers recurse).
CONTEXT_DEPTH = 100
#: The largest integer a context may hold, in bits (JSON readers refuse integers of
#: more than 4,300 digits; 14,000 bits are about 4,200 digits).
CONTEXT_INT_BITS = 14_000


def _number(value: object, path: str) -> bool:
    """Whether ``value`` is a number (checked for strict JSON)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(
            "is NaN or infinite, which strict JSON cannot hold; give a finite number", path
        )
    if isinstance(value, int) and value.bit_length() > CONTEXT_INT_BITS:
        raise ConfigError(
            f"is an integer of more than {CONTEXT_INT_BITS:,} bits; store it as a string", path
        )
    return isinstance(value, int | float)


def check_context(context: Mapping[Any, Any]) -> None:
    """Check that a context is plain JSON data that strict JSON can write and read back.

    Values are null, true/false, integers, finite floats, strings, lists and mappings
    with string keys, nested at most :data:`CONTEXT_DEPTH` deep. The error names the
    key, never the value (a context may hold personal data).

    Raises:
        TypeError: a key is not a string, or a value is not JSON data (a datetime, a
            set, an object).
        ConfigError: a float is NaN or infinite, an integer has more than
            :data:`CONTEXT_INT_BITS` bits, or the nesting is deeper than
            :data:`CONTEXT_DEPTH` (the path is ``context.<key>``).
    """
    todo: list[tuple[object, str, int]] = [(context, "context", 0)]
    while todo:
        value, path, depth = todo.pop()
        if value is None or isinstance(value, str | bool) or _number(value, path):
            continue
        if depth >= CONTEXT_DEPTH and isinstance(value, Mapping | list | tuple):
            raise ConfigError(f"nests more than {CONTEXT_DEPTH} levels deep", path)
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise TypeError(f"{path} keys must be strings, got {type(key).__name__}")
                todo.append((item, f"{path}.{key[:40]}", depth + 1))
        elif isinstance(value, list | tuple):
            todo.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        else:
            raise TypeError(
                f"{path} must be JSON data (null, true/false, numbers, strings, lists, "
                f"mappings), got {type(value).__name__}"
            )


def _mapping_proxy(value: object) -> Mapping[str, Any]:
    """Return a read-only view of a checked copy of ``value`` (shared when empty)."""
    if isinstance(value, MappingProxyType) and value is _NO_CONTEXT:
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"context must be a mapping, got {type(value).__name__}")
    check_context(value)
    if type(value) is dict:
        return MappingProxyType(value.copy()) if value else _NO_CONTEXT
    if isinstance(value, MappingProxyType):
        return value or _NO_CONTEXT
    return MappingProxyType(dict(value)) if value else _NO_CONTEXT


def _counters(value: object) -> tuple[tuple[str, int], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable):
        raise TypeError(f"counters must be a mapping of names to ints, got {value!r}")
    out = []
    for item in items:
        name, count = item
        if not isinstance(name, str) or type(count) is not int:
            raise TypeError(f"counters must map names to ints, got {item!r}")
        out.append((name, count))
    return tuple(sorted(out))


def _history(value: object) -> tuple[HistoryEntry, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(f"history must be a sequence of entries, got {value!r}")
    out = []
    for item in value:
        entry = item if isinstance(item, HistoryEntry) else HistoryEntry(*item)
        out.append(entry._replace(at=utc(entry.at, "history.at")))
    return tuple(out)


class _JourneyFields(NamedTuple):
    flow: str
    flow_version: int
    state: str
    version: int
    started_at: datetime
    context: Mapping[str, Any]
    counters: tuple[tuple[str, int], ...]
    history: tuple[HistoryEntry, ...]


class Journey(_JourneyFields):
    """A frozen snapshot of one customer's progress through a :class:`Flow`.

    Build one with :meth:`Flow.start`; move it on with :meth:`Flow.fire`. It is small
    (tuples, not dicts of dicts) so that millions fit in memory and JSON storage.

    A journey is a named tuple rather than an attrs class: it is the one value built
    on every transition, and a tuple is built in a single step (see
    ``benchmarks/bench_onboarding.py``). It keeps the value contract: immutable,
    equal and hashed by value (the context takes part in equality, not in the hash),
    pickles, and its ``repr`` leaves out the context. Change one with ``_replace``.

    Attributes:
        flow: the name of the flow it follows.
        flow_version: the version of that flow.
        state: the current state.
        version: increases by one with every taken transition (optimistic locking).
        started_at: when the journey started. Instants are kept in UTC (see
            :func:`utc`); convert them to a zone for display.
        context: plain data given at the start (read-only; hidden from ``repr`` because
            it may hold personal data).
        counters: sorted ``(name, count)`` pairs, e.g. ``("instalments", 2)``.
        history: the taken transitions, oldest first.

    Raises:
        TypeError: a field has the wrong type; the context holds something other
            than JSON data (nested mappings, lists, strings, numbers, booleans and ``None``).
        NaiveDatetimeError: ``started_at`` or a history time is naive.
        ConfigError: the context holds NaN, an infinity, a huge integer or deep
            nesting (path ``context.<key>``); an instant lies outside the years 1 to
            9999 in UTC.
    """

    __slots__ = ()

    def __new__(  # noqa: PLR0917, PYI034 - the fields in order; Self needs Python 3.11
        cls,
        flow: str,
        flow_version: int,
        state: str,
        version: int,
        started_at: datetime,
        context: Mapping[str, Any] | None = None,
        counters: Iterable[tuple[str, int]] | Mapping[str, int] = (),
        history: Iterable[HistoryEntry | tuple[Any, ...]] = (),
    ) -> Journey:
        for name, value, kind in (
            ("flow", flow, str),
            ("flow_version", flow_version, int),
            ("state", state, str),
            ("version", version, int),
        ):
            if not isinstance(value, kind):
                raise TypeError(f"{name} must be {kind.__name__}, got {value!r}")
        fields = (
            flow,
            flow_version,
            state,
            version,
            _utc_started(started_at),
            _mapping_proxy({} if context is None else context),
            _counters(counters),
            _history(history),
        )
        return tuple.__new__(cls, fields)

    def __repr__(self) -> str:
        return (
            f"Journey(flow={self.flow!r}, flow_version={self.flow_version!r}, "
            f"state={self.state!r}, version={self.version!r}, "
            f"started_at={self.started_at!r}, counters={self.counters!r}, "
            f"history={self.history!r})"
        )

    def __hash__(self) -> int:
        # The context is a read-only mapping, which has no hash: leave it out.
        return hash(
            (
                self.flow,
                self.flow_version,
                self.state,
                self.version,
                self.started_at,
                self.counters,
                self.history,
            )
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The read-only context view does not pickle; a dict copy does.
        return (
            Journey,
            (
                self.flow,
                self.flow_version,
                self.state,
                self.version,
                self.started_at,
                dict(self.context),
                self.counters,
                self.history,
            ),
        )

    @property
    def entered_at(self) -> datetime:
        """When the journey entered its current state."""
        return self.history[-1].at if self.history else self.started_at

    @property
    def last_at(self) -> datetime:
        """The time of the latest recorded event (or the start)."""
        return self.entered_at

    def count(self, name: str) -> int:
        """Return the counter ``name`` (0 when never counted)."""
        for key, value in self.counters:
            if key == name:
                return value
        return 0

    def visited(self) -> tuple[str, ...]:
        """Return every state the journey has been in, in order of first entry."""
        seen = [self.history[0].source] if self.history else [self.state]
        for entry in self.history:
            if entry.target not in seen:
                seen.append(entry.target)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data (ISO-8601 instants) that :meth:`from_dict` reads back.

        Example:
            >>> from datetime import datetime, timezone
            >>> j = Journey("demo", 1, "new", 0, datetime(2026, 1, 5, 9, tzinfo=timezone.utc))
            >>> j.to_dict()["started_at"]
            '2026-01-05T09:00:00+00:00'
        """
        return {
            "flow": self.flow,
            "flow_version": self.flow_version,
            "state": self.state,
            "version": self.version,
            "started_at": self.started_at.isoformat(),
            "context": dict(self.context),
            "counters": dict(self.counters),
            "history": [[e.at.isoformat(), e.event, e.source, e.target] for e in self.history],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Journey:  # noqa: C901 - one check per field
        """Read a journey written by :meth:`to_dict`.

        Instants come back with fixed UTC offsets (what ISO-8601 stores).

        Raises:
            TypeError: ``data`` is not a mapping.
            ConfigError: a field is missing or malformed (the path names it), the
                context is not strict JSON data, or an instant lies outside the years
                1 to 9999 in UTC.
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"journey data must be a mapping, got {type(data).__name__}")
        for key in ("flow", "state"):
            if not isinstance(data.get(key), str):
                raise ConfigError(f"expected a string, got {shown(data.get(key))}", key)
        for key in ("flow_version", "version"):
            if type(data.get(key)) is not int or not -LARGEST < data[key] < LARGEST:
                raise ConfigError(
                    f"expected an integer below 2**63 in size, got {shown(data.get(key))}", key
                )
        context = data.get("context", {})
        if not isinstance(context, Mapping):
            raise ConfigError(f"expected a mapping, got a {type(context).__name__}", "context")
        counters = data.get("counters", {})
        if not isinstance(counters, Mapping) or not all(
            isinstance(k, str) and type(v) is int and 0 <= v < LARGEST for k, v in counters.items()
        ):
            raise ConfigError(
                f"expected a mapping of names to ints, got {shown(counters)}", "counters"
            )
        raw_history = data.get("history", [])
        if not isinstance(raw_history, list):
            raise ConfigError(f"expected a list, got {shown(raw_history)}", "history")
        history = []
        for i, item in enumerate(raw_history):
            path = f"history[{i}]"
            if not (
                isinstance(item, list | tuple)
                and len(item) == 4
                and all(isinstance(x, str) for x in item)
            ):
                raise ConfigError(f"expected [at, event, source, target], got {shown(item)}", path)
            history.append(HistoryEntry(parse_instant(item[0], f"{path}[0]"), *item[1:]))
        return cls(
            flow=data["flow"],
            flow_version=data["flow_version"],
            state=data["state"],
            version=data["version"],
            started_at=parse_instant(_text(data.get("started_at"), "started_at"), "started_at"),
            context=context,
            counters=counters,
            history=tuple(history),
        )


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"expected an ISO-8601 instant string, got {shown(value)}", path)
    return value


class Step(NamedTuple):
    """The result of starting or firing: the new journey and the effects to carry out.

    Carry the effects out *after* saving the journey, in order (cancels come first,
    then the transition's own effects, then new timers). A named tuple, so
    ``journey, effects = flow.fire(...)`` works.
    """

    journey: Journey
    effects: tuple[Effect, ...] = ()


# --------------------------------------------------------------------------- definitions


@attrs.frozen
class Guard:
    """A named precondition: ``check(journey, data) -> bool`` and what it requires.

    Attributes:
        check: called with the journey before the transition and the event data (a
            mapping, empty when none was given).
        requirement: a short sentence for refusals, e.g. ``"the identity check passed"``.
    """

    check: Callable[[Journey, Mapping[str, Any]], bool]
    requirement: str = attrs.field(validator=_str)


#: How the built-in guard ``In(<state>)`` starts and ends (SCXML's ``In()`` predicate).
IN_PREFIX, IN_SUFFIX = "In(", ")"


def in_state(guard: str) -> str | None:
    """The state a built-in ``In(<state>)`` guard names; ``None`` for any other name.

    Example:
        >>> in_state("In(verified)"), in_state("verified")
        ('verified', None)
    """
    if guard.startswith(IN_PREFIX) and guard.endswith(IN_SUFFIX):
        return guard[len(IN_PREFIX) : -len(IN_SUFFIX)]
    return None


#: An effect factory: ``(journey after the transition, event data, at)`` -> effects.
EffectFactory: TypeAlias = Callable[[Journey, Mapping[str, Any], datetime], Iterable[Effect]]


@attrs.frozen
class Timer:
    """Fire ``event`` once the journey has stayed ``after`` in the state that holds it.

    Attributes:
        name: the timer's name, unique within its state.
        after: how long after entering the state (positive).
        event: the event it fires.
        calendar: the name of a registered business calendar, so that ``after`` counts
            business time only; ``None`` counts real elapsed time.
    """

    name: str = attrs.field(validator=_str)
    after: timedelta = attrs.field(validator=attrs.validators.instance_of(timedelta))
    event: str = attrs.field(validator=_str)
    calendar: str | None = attrs.field(default=None, kw_only=True, validator=_opt_str)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""
        out: dict[str, Any] = {
            "name": self.name,
            "after": format_duration(self.after),
            "event": self.event,
        }
        if self.calendar is not None:
            out["calendar"] = self.calendar
        return out


#: The kinds of history state: the children last active, or the leaves last active.
HISTORY_KINDS = ("shallow", "deep")


#: What a state's entry or exit does: an effect name, a literal effect or a raised event.
Action: TypeAlias = "str | Send | Notify | Log | Raise"


def _entry_specs(value: object) -> tuple[Action, ...]:
    return _action_specs(value, "entry")


def _exit_specs(value: object) -> tuple[Action, ...]:
    return _action_specs(value, "exit")


def _children(value: object) -> tuple[State, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"states must be a sequence of State, got {value!r}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, State):
            raise TypeError(f"states must hold State values, got {item!r}")
    return out


def _history_kind(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - checked here
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"history must be 'shallow', 'deep' or None, got {value!r}")
    if value not in HISTORY_KINDS:
        raise ConfigError(
            f"unknown history kind {shown(value)}; expected 'shallow' or 'deep'", "history"
        )


@attrs.frozen
class State:
    """A state of a flow: atomic, compound (with child states), parallel or history.

    A state with child ``states`` is *compound*: while it is active exactly one child
    is active, ``initial`` (or the first child) when it is entered. With
    ``parallel=True`` its children are *regions*, all active at once. A state with
    ``history="shallow"`` or ``"deep"`` is a history pseudo-state inside a compound or
    parallel state: a transition to it re-enters the children (shallow) or the leaves
    (deep) its parent had when last left, or the parent's initial children the first
    time. See the statechart semantics page of the docs.

    Attributes:
        name: unique within the whole flow (nested states included).
        final: no transition leaves a final state; entering a final child completes
            its parent (the event ``done.state.<parent>``).
        guidance: the message id of the text that tells the person what to do next.
        timers: timers that run while the journey is in this state.
        states: the child states (empty for an atomic state).
        initial: the child entered first (the first child when ``None``).
        parallel: the children are parallel regions.
        history: ``"shallow"`` or ``"deep"`` for a history state, else ``None``; its
            ``initial`` is then the state it enters before the parent was ever left
            (SCXML's default history transition; the parent's initial when ``None``).
        entry: what entering the state does, in order (SCXML ``<onentry>``):
            registered effect names, :class:`Send`, :class:`Notify`, :class:`Log`
            (returned as effects) and :class:`Raise` (an internal event). A flow with
            entry or exit actions is run by the statechart engine.
        exit: what leaving the state does, in order (SCXML ``<onexit>``), the same kinds.

    Example:
        >>> State("welcome", entry=[Send("Welcome aboard!"), Raise("greeted")]).to_dict()["entry"]
        [{'send': 'Welcome aboard!', 'to': 'customer'}, {'raise': 'greeted'}]

    Raises:
        TypeError: a field has the wrong type.
        ConfigError: ``history`` is neither ``"shallow"`` nor ``"deep"``.
    """

    name: str = attrs.field(validator=_str)
    final: bool = attrs.field(default=False, kw_only=True)
    guidance: str | None = attrs.field(default=None, kw_only=True, validator=[_opt_str, _template])
    timers: tuple[Timer, ...] = attrs.field(default=(), kw_only=True, converter=_timers)
    states: tuple[State, ...] = attrs.field(default=(), kw_only=True, converter=_children)
    initial: str | None = attrs.field(default=None, kw_only=True, validator=_opt_str)
    parallel: bool = attrs.field(
        default=False, kw_only=True, validator=attrs.validators.instance_of(bool)
    )
    history: str | None = attrs.field(default=None, kw_only=True, validator=_history_kind)
    entry: tuple[Action, ...] = attrs.field(default=(), kw_only=True, converter=_entry_specs)
    exit: tuple[Action, ...] = attrs.field(default=(), kw_only=True, converter=_exit_specs)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""
        out: dict[str, Any] = {"name": self.name}
        if self.entry:
            out["entry"] = [effect_spec_to_dict(a) for a in self.entry]
        if self.exit:
            out["exit"] = [effect_spec_to_dict(a) for a in self.exit]
        if self.final:
            out["final"] = True
        if self.guidance is not None:
            out["guidance"] = self.guidance
        if self.timers:
            out["timers"] = [t.to_dict() for t in self.timers]
        if self.history is not None:
            out["history"] = self.history
        if self.parallel:
            out["parallel"] = True
        if self.initial is not None:
            out["initial"] = self.initial
        if self.states:
            out["states"] = [s.to_dict() for s in self.states]
        return out

    def walk(self) -> tuple[State, ...]:
        """Return this state and all its descendants, in document order.

        Example:
            >>> State("a", states=[State("b"), State("c")]).walk()[2].name
            'c'
        """
        out: list[State] = []
        todo = [self]
        while todo:
            state = todo.pop()
            out.append(state)
            todo.extend(reversed(state.states))
        return tuple(out)


def _effect_specs(value: object) -> tuple[str | Send | Notify | Log, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"effects must be a sequence, got {value!r}")
    out = tuple(value)
    for index, item in enumerate(out):
        if not isinstance(item, str | Send | Notify | Log):
            raise TypeError(
                f"effects[{index}] must be a registered name, a Send, a Notify or a Log, "
                f"got {shown(item)}"
            )
    return out


def _action_specs(value: object, field: str) -> tuple[Action, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{field} must be a sequence, got {shown(value)}")
    out = tuple(value)
    for index, item in enumerate(out):
        if not isinstance(item, str | Send | Notify | Log | Raise):
            raise TypeError(
                f"{field}[{index}] must be a registered effect name, a Send, a Notify, a Log "
                f"or a Raise, got {shown(item)}"
            )
    return out


def effect_spec_to_dict(spec: str | Send | Notify | Log | Raise) -> str | dict[str, Any]:
    """Return the JSON form of an effect spec (or entry/exit action)."""
    if isinstance(spec, str):
        return spec
    if isinstance(spec, Log | Raise):
        return spec.to_dict()
    params = {"params": dict(spec.params)} if spec.params else {}
    if isinstance(spec, Send):
        return {"send": spec.message_id, "to": spec.to, **params}
    return {"notify": spec.recipient, "message": spec.message_id, **params}


@attrs.frozen
class Transition:
    """``source --event[guards]--> target``, with effects and counters.

    When several transitions share a source and an event, the first whose guards all
    hold is taken (guarded alternatives). Every taken transition leaves and re-enters
    its states, so a self-transition restarts the state's timers.

    Attributes:
        source: the state it leaves.
        event: the event that triggers it; ``"*"`` matches every event (in a
            statechart) and ``""`` makes the transition *eventless*: it is taken as soon
            as its source is active and its guards hold (SCXML's transition without
            ``event``), before internal or outside events.
        target: the state it enters.
        guards: names of registered guards that must all hold, or the built-in
            ``"In(<state>)"``, true while that state is active (SCXML's ``In()``
            predicate; in a flat flow, while the journey is in that state).
        effects: registered effect names, or literal :class:`Send`/:class:`Notify`/
            :class:`Log`.
        counts: counters to increase by one.
        raises: events raised when it is taken (SCXML ``<raise>``), processed in the
            same step after it, before any event from outside; a flow that raises
            events is run by the statechart engine.
    """

    source: str = attrs.field(validator=_str)
    event: str = attrs.field(validator=_str)
    target: str = attrs.field(validator=_str)
    guards: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_to_guards)
    effects: tuple[str | Send | Notify | Log, ...] = attrs.field(
        default=(), kw_only=True, converter=_effect_specs
    )
    counts: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_to_counts)
    raises: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_to_raises)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""
        out: dict[str, Any] = {"source": self.source, "event": self.event, "target": self.target}
        if self.raises:
            out["raises"] = list(self.raises)
        if self.guards:
            out["guards"] = list(self.guards)
        if self.effects:
            out["effects"] = [effect_spec_to_dict(e) for e in self.effects]
        if self.counts:
            out["counts"] = list(self.counts)
        return out


Message: TypeAlias = "str | tuple[str, str]"


def _message(value: object, field: str) -> str | tuple[str, str]:
    if isinstance(value, str):
        return value
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, str) for v in value)
    ):
        return (value[0], value[1])
    raise TypeError(
        f"{field} must be a message: a string or a (singular, plural) pair, got {shown(value)}"
    )


def _to_missing(value: object) -> str | tuple[str, str]:
    return _message(value, "missing")


def _to_holds(value: object) -> str | tuple[str, str]:
    return _message(value, "holds")


@attrs.frozen
class Requirement:
    """What a claim needs: a state reached at some point, and/or a counter at a minimum.

    Attributes:
        state: a state the journey must have been in.
        counter: a counter that must be at least ``at_least``.
        at_least: the minimum for ``counter``.
        missing: the message explaining what is missing when the requirement fails; a
            ``(singular, plural)`` pair is counted by ``counter``.
    """

    missing: str | tuple[str, str] = attrs.field(converter=_to_missing, validator=_template)
    state: str | None = attrs.field(default=None, kw_only=True, validator=_opt_str)
    counter: str | None = attrs.field(default=None, kw_only=True, validator=_opt_str)
    at_least: int = attrs.field(
        default=1, kw_only=True, validator=attrs.validators.instance_of(int)
    )

    def met(self, journey: Journey) -> bool:
        """Return whether ``journey`` meets this requirement."""
        if self.state is not None and self.state not in journey.visited():
            return False
        return self.counter is None or journey.count(self.counter) >= self.at_least

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""
        out: dict[str, Any] = {
            "missing": self.missing if isinstance(self.missing, str) else list(self.missing)
        }
        if self.state is not None:
            out["state"] = self.state
        if self.counter is not None:
            out["counter"] = self.counter
            out["at_least"] = self.at_least
        return out


def _explain(value: object) -> tuple[tuple[str, str | tuple[str, str]], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable):
        raise TypeError(f"explain must map states to messages, got {value!r}")
    out = []
    for item in items:
        if not isinstance(item, tuple | list) or len(item) != 2 or not isinstance(item[0], str):
            raise TypeError(f"explain must map state names to messages, got {shown(item)}")
        state, message = item
        out.append((state, _message(message, f"explain[{state!r}]")))
    return tuple(out)


@attrs.frozen
class Claim:
    """Something a customer may believe about their journey, and what makes it true.

    Attributes:
        name: e.g. ``"owns_shares"``.
        requires: the requirements that must all be met.
        holds: the message confirming the claim.
        explain: ``(state, message)`` pairs: a more precise explanation while the
            journey is in that state (e.g. "topped up, but nothing bought yet").
        count_by: the counter that picks the plural form of ``(singular, plural)``
            messages (its value is ``{count}``); ``None`` counts 0.
    """

    name: str = attrs.field(validator=_str)
    requires: tuple[Requirement, ...] = attrs.field(converter=_requirements)
    holds: str | tuple[str, str] = attrs.field(
        kw_only=True, converter=_to_holds, validator=_template
    )
    explain: tuple[tuple[str, str | tuple[str, str]], ...] = attrs.field(
        default=(), kw_only=True, converter=_explain, validator=_explain_templates
    )
    count_by: str | None = attrs.field(default=None, kw_only=True, validator=_opt_str)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data."""

        def msg(m: str | tuple[str, str]) -> str | list[str]:
            return m if isinstance(m, str) else list(m)

        out: dict[str, Any] = {
            "name": self.name,
            "requires": [r.to_dict() for r in self.requires],
            "holds": msg(self.holds),
        }
        if self.explain:
            out["explain"] = {s: msg(m) for s, m in self.explain}
        if self.count_by is not None:
            out["count_by"] = self.count_by
        return out


@attrs.frozen
class Verdict:
    """The answer to :meth:`Flow.check_claim`.

    Attributes:
        claim: the claim's name.
        supported: whether the journey supports it.
        missing: the unmet requirements (empty when supported).
        explanation: a localized sentence: the confirmation, or what is still missing.
    """

    claim: str
    supported: bool
    missing: tuple[Requirement, ...]
    explanation: str


def render(
    message: str | tuple[str, str], locale: LocaleLike | None, count: int, params: Mapping[str, Any]
) -> str:
    """Translate a message (or plural pair, counted by ``count``) and fill it."""
    if isinstance(message, str):
        return translate(DOMAIN, message, locale, **params)
    rest = {k: v for k, v in params.items() if k != "count"}
    return translate_plural(DOMAIN, message, count, locale, **rest)
