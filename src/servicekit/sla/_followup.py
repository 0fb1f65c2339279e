"""Follow-ups scheduled from a ticket's events (private).

A follow-up rule says "``after`` this long after an event of this kind, do something,
unless one of these events happens first". Scheduling is a pure function of the
events and ``now``: it returns every follow-up the rules produce, with its due instant
and whether it is still scheduled, due, cancelled or superseded. Sending it (and
remembering that it was sent, by its :attr:`FollowUp.key`) is the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit._fields import as_tuple
from servicekit._time import UTC, format_duration, parse_duration, require_aware
from servicekit.exceptions import ConfigError
from servicekit.sla._clock import MAX_US, CalendarLike, Meter, instant_to_us, us_to_instant
from servicekit.sla._engine import _check_events, _fields
from servicekit.sla._events import KINDS, STATUSES, TicketEvent
from servicekit.sla._policy import _check_calendar, _read_calendar, check_duration

if TYPE_CHECKING:
    from servicekit.typing import FollowUpStatus

__all__ = [
    "FOLLOW_UP_STATUSES",
    "TRIGGERS",
    "FollowUp",
    "FollowUpRule",
    "faq_answer_check",
    "satisfaction_check",
    "schedule_follow_ups",
]

#: What can start or cancel a follow-up: an event kind, a status the ticket enters
#: (``"solved"`` matches a status event that sets *solved* on a ticket that was not),
#: or ``"reopened"`` (a solved ticket set back to an unsolved status). A ``field``
#: event on ``priority`` matches both ``"field"`` and ``"priority"``.
TRIGGERS: Final = tuple(k for k in KINDS if k != "status") + STATUSES + ("reopened",)
#: ``scheduled`` (due after ``now``), ``due`` (due at or before ``now``: send it
#: unless already sent), ``cancelled`` (an ``unless`` event came first),
#: ``superseded`` (the trigger happened again before it was due; the newer one counts).
FOLLOW_UP_STATUSES: Final = ("scheduled", "due", "cancelled", "superseded")

_STOPPED = frozenset({"solved", "closed"})


def _check_trigger(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{path} must be a string, got {type(value).__name__}")
    if value not in TRIGGERS:
        raise ConfigError(f"unknown trigger {value!r}; expected one of {TRIGGERS}", path)
    return value


def _to_words(value: Iterable[str], field: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return as_tuple(value, field, "a name or a list of names")


def _to_unless(value: Iterable[str]) -> tuple[str, ...]:
    return _to_words(value, "unless")


def _to_tags(value: Iterable[str]) -> tuple[str, ...]:
    return _to_words(value, "tags")


def _check_after(value: object) -> timedelta:
    return check_duration(value, "after")


@attrs.frozen
class FollowUpRule:
    """Do something ``after`` a trigger event, unless a cancelling event comes first.

    Attributes:
        name: what to do, e.g. ``"satisfaction_check"``; the caller maps it to an action.
        after: how long after the trigger (business time on ``calendar``).
        trigger: one of :data:`TRIGGERS`.
        calendar: a business calendar, or ``None`` for 24/7 time.
        unless: triggers that cancel a pending follow-up when they happen after its
            trigger and before it is due.
        tags: if given, only trigger events carrying one of these tags count.

    Raises:
        ConfigError: an unknown trigger, or an ``after`` that is negative or longer
            than :data:`~servicekit.sla.MAX_DURATION` (100 years); the path names it.

    Example:
        >>> from datetime import timedelta
        >>> FollowUpRule(
        ...     "nudge", timedelta(days=3), "pending", unless=("customer_message",)
        ... ).to_dict()
        {'name': 'nudge', 'after': 'P3D', 'trigger': 'pending', 'unless': ['customer_message']}
    """

    name: str = attrs.field()
    after: timedelta = attrs.field(validator=lambda _s, _a, v: _check_after(v))
    trigger: str = attrs.field(validator=lambda _s, _a, v: _check_trigger(v, "trigger"))
    calendar: CalendarLike | None = attrs.field(
        default=None, kw_only=True, validator=lambda _s, _a, v: _check_calendar(v)
    )
    unless: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_to_unless)
    tags: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_to_tags)

    @name.validator
    def _check_name(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"name must be a string, got {type(value).__name__}")
        if not value:
            raise ConfigError("must not be empty", "name")

    @unless.validator
    def _check_unless(
        self, _attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        for i, word in enumerate(value):
            _check_trigger(word, f"unless[{i}]")

    @tags.validator
    def _check_tags(
        self, _attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        for i, tag in enumerate(value):
            if not isinstance(tag, str) or not tag:
                raise ConfigError(f"expected a non-empty tag, got {tag!r}", f"tags[{i}]")

    def to_dict(self) -> dict[str, Any]:
        """Return the rule as plain JSON types (an inline calendar dict if it has one)."""
        out: dict[str, Any] = {
            "name": self.name,
            "after": format_duration(self.after),
            "trigger": self.trigger,
        }
        if self.calendar is not None:
            out["calendar"] = self.calendar.to_dict()
        if self.unless:
            out["unless"] = list(self.unless)
        if self.tags:
            out["tags"] = list(self.tags)
        return out

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        calendars: Mapping[str, CalendarLike] | None = None,
        path: str = "",
    ) -> FollowUpRule:
        """Build a rule from :meth:`to_dict` output; ``calendar`` may name one of ``calendars``.

        Raises:
            ConfigError: a missing, unknown or malformed field; the path names it.
        """
        prefix = f"{path}." if path else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", path)
        known = {"name", "after", "trigger", "calendar", "unless", "tags"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                f"unknown field {unknown[0]!r}; expected {', '.join(sorted(known))}",
                prefix + str(unknown[0]),
            )
        for key in ("name", "after", "trigger"):
            if key not in data:
                raise ConfigError("missing", prefix + key)
        for key in ("name", "trigger"):
            if not isinstance(data[key], str):
                raise ConfigError(f"expected a string, got {data[key]!r}", prefix + key)
        for key in ("unless", "tags"):
            words = data.get(key, [])
            if not isinstance(words, (list, tuple)) or not all(isinstance(w, str) for w in words):
                raise ConfigError(f"expected a list of strings, got {words!r}", prefix + key)
        after = parse_duration(data["after"], f"{prefix}after")
        calendar = _read_calendar(data.get("calendar"), calendars or {}, f"{prefix}calendar")
        try:
            return cls(
                data["name"],
                after,
                data["trigger"],
                calendar=calendar,
                unless=tuple(data.get("unless", ())),
                tags=tuple(data.get("tags", ())),
            )
        except ConfigError as err:
            raise ConfigError(err.msg, prefix + err.path) from None


@attrs.frozen
class FollowUp:
    """One follow-up produced by a rule.

    Attributes:
        rule: the rule's name.
        trigger_at: the instant of the event that started it.
        due: when it is due (``after`` past ``trigger_at``, on the rule's calendar).
        status: one of :data:`FOLLOW_UP_STATUSES`.
        ended_at: for ``cancelled`` and ``superseded``, the instant of the event that
            ended it; else ``None``.
        ended_by: that event's trigger word (e.g. ``"reopened"``), or ``None``.
    """

    rule: str
    trigger_at: datetime
    due: datetime
    status: FollowUpStatus
    ended_at: datetime | None = None
    ended_by: str | None = None

    @property
    def key(self) -> str:
        """A stable identity, ``"<rule>@<trigger instant in UTC>"``, to remember what was sent."""
        return f"{self.rule}@{self.trigger_at.astimezone(UTC).isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        """Return the follow-up as plain JSON types."""
        return {
            "rule": self.rule,
            "key": self.key,
            "trigger_at": self.trigger_at.isoformat(),
            "due": self.due.isoformat(),
            "status": self.status,
            "ended_at": None if self.ended_at is None else self.ended_at.isoformat(),
            "ended_by": self.ended_by,
        }


def _words(event: TicketEvent, previous: str) -> tuple[str, ...]:
    """The trigger words an event matches, given the status before it.

    A ``field`` event on ``priority`` acts as a ``priority`` event, so it matches both.
    """
    if event.kind == "field" and event.field == "priority":
        return ("field", "priority")
    if event.kind != "status":
        return (event.kind,)
    new = event.status or ""
    if new == previous:
        return ()
    if previous == "solved" and new not in _STOPPED:
        return (new, "reopened")
    return (new,)


def schedule_follow_ups(  # noqa: C901, PLR0912 - one walk per rule
    rules: Iterable[FollowUpRule], events: Iterable[TicketEvent], now: datetime
) -> tuple[FollowUp, ...]:
    """Return the follow-ups that ``rules`` produce from a ticket's events at ``now``.

    Events are taken in time order (equal instants keep their given order); events
    after ``now`` are not counted yet. For each rule, every matching trigger event
    schedules a follow-up due ``after`` later (business time on the rule's calendar).
    An ``unless`` event before it is due cancels it; a new trigger before it is due
    supersedes it, so a customer is not asked twice. An event that both cancels and
    triggers (a rule whose trigger is also in its ``unless``) first cancels, then
    schedules anew. Exact duplicate events (same instant, kind, priority, status and
    tags, as at-least-once webhooks deliver) count once. A follow-up that would fall
    due after 9999-12-31 UTC, or beyond the years its calendar supports, can never be
    due and is left out.

    Args:
        rules: the follow-up rules.
        events: the ticket's event log.
        now: the instant of evaluation (aware); instants come back in its zone.

    Returns:
        Every follow-up, ordered by due instant, then rule order.

    Raises:
        NaiveDatetimeError: ``now`` is naive.
        NoBusinessTimeError: a rule's calendar has no open time within its search
            horizon after a trigger (open time only beyond the calendar's supported
            years leaves the follow-up out instead).
        ConfigError: a trigger on a rule with a calendar lies before the years the
            calendar supports (year 1 UTC; path ``events``).
        TypeError: ``rules`` is not an iterable of FollowUpRule or ``events`` not one
            of TicketEvent.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> events = [
        ...     TicketEvent(t, "created", priority="normal"),
        ...     TicketEvent(t + timedelta(hours=2), "status", status="solved"),
        ... ]
        >>> [
        ...     (f.rule, f.status, f.due.isoformat())
        ...     for f in schedule_follow_ups([satisfaction_check()], events, t + timedelta(days=3))
        ... ]
        [('satisfaction_check', 'due', '2026-11-22T11:00:00+00:00')]
    """
    require_aware(now, "now")
    if not isinstance(rules, Iterable) or isinstance(rules, (str, bytes, Mapping)):
        raise TypeError(f"rules must be an iterable of FollowUpRule, got {type(rules).__name__}")
    rules = tuple(rules)
    for i, rule in enumerate(rules):
        if not isinstance(rule, FollowUpRule):
            raise TypeError(f"rules[{i}] must be a FollowUpRule, got {type(rule).__name__}")
    checked = _check_events(events)
    now_us = instant_to_us(now)
    order = _distinct(checked)
    tz = now.tzinfo or UTC
    out: list[tuple[int, int, FollowUp]] = []
    for r, rule in enumerate(rules):
        unless = frozenset(rule.unless)
        tags = frozenset(rule.tags)
        pending: list[tuple[int, int]] = []  # (trigger, due), not yet due or ended
        previous = "new"
        for i in order:
            event = checked[i]
            t = event._us  # noqa: SLF001 - the package's own cached instant
            if t > now_us:
                break
            words = _words(event, previous)
            if event.kind == "status":
                previous = event.status or previous
            hit = unless.intersection(words)
            if pending and (hit or rule.trigger in words):
                reason: FollowUpStatus = "cancelled" if hit else "superseded"
                end = min(hit) if hit else rule.trigger
                for start, due in pending:
                    if due > MAX_US:  # never due: left out
                        continue
                    if due <= t:
                        out.append((due, r, _follow_up(rule, start, due, "due", tz)))
                    else:
                        out.append((due, r, _follow_up(rule, start, due, reason, tz, t, end)))
                pending = []
            if rule.trigger in words and (not tags or tags.intersection(event.tags)):
                due = _due(rule, t)
                pending.append((t, due))
        for start, due in pending:
            if due > MAX_US:  # never due: left out
                continue
            status: FollowUpStatus = "due" if due <= now_us else "scheduled"
            out.append((due, r, _follow_up(rule, start, due, status, tz)))
    out.sort(key=lambda item: (item[0], item[1]))
    return tuple(f for _, _, f in out)


def _distinct(events: list[TicketEvent]) -> list[int]:
    """The positions of the events in time order, exact duplicates left out."""
    order = sorted(range(len(events)), key=lambda i: events[i]._us)  # noqa: SLF001
    seen: set[tuple[object, ...]] = set()
    out = []
    for i in order:
        key = (events[i]._us, *_fields(events[i]))  # noqa: SLF001
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _due(rule: FollowUpRule, t: int) -> int:
    """The due instant in microseconds; past :data:`MAX_US` when it cannot be placed.

    On a calendar: past :data:`MAX_US` when the trigger or the due instant lies after
    the calendar's supported years (the calendar's ``OutOfRangeError``).

    Raises:
        ConfigError: the trigger lies before the calendar's supported years.
    """
    after = rule.after // timedelta(microseconds=1)
    if rule.calendar is None:
        return t + after
    return Meter(rule.calendar).add(t, after)


def _follow_up(  # noqa: PLR0917 - private constructor helper
    rule: FollowUpRule,
    start: int,
    due: int,
    status: FollowUpStatus,
    tz: Any,  # noqa: ANN401 - any tzinfo
    ended: int | None = None,
    ended_by: str | None = None,
) -> FollowUp:
    return FollowUp(
        rule=rule.name,
        trigger_at=us_to_instant(start, tz),
        due=us_to_instant(due, tz),
        status=status,
        ended_at=None if ended is None else us_to_instant(ended, tz),
        ended_by=ended_by,
    )


#: Ask for satisfaction 48 hours after solving. The 48 hours are the issue's figure
#: (issue 4: "we follow up 48 hours after we solved it"); Zendesk's default
#: "Request customer satisfaction rating" automation waits 24 hours after solved, and
#: its default automation closes solved tickets after 4 days, so both fit before that.
SATISFACTION_DELAY = timedelta(hours=48)
#: Check that a help-article answer helped 24 hours after it was sent. Assumption,
#: modelled on Zendesk's default "Pending notification 24 hours" automation, the
#: usual first reminder when a ticket waits on the customer; tune it per team.
FAQ_CHECK_DELAY = timedelta(hours=24)


def satisfaction_check(
    after: timedelta = SATISFACTION_DELAY, *, calendar: CalendarLike | None = None
) -> FollowUpRule:
    """Ask the customer whether they are satisfied ``after`` the ticket was solved.

    Cancelled when the ticket is reopened before it is due (the customer is not
    satisfied yet, and the next solve schedules a new one).

    Example:
        >>> satisfaction_check().to_dict()
        {'name': 'satisfaction_check', 'after': 'P2D', 'trigger': 'solved', 'unless': ['reopened']}
    """
    return FollowUpRule(
        "satisfaction_check", after, "solved", calendar=calendar, unless=("reopened",)
    )


def faq_answer_check(
    after: timedelta = FAQ_CHECK_DELAY,
    *,
    tags: Iterable[str] = ("faq", "kb"),
    calendar: CalendarLike | None = None,
) -> FollowUpRule:
    """Check that an answer pointing to a help article actually helped.

    Triggered by an agent reply tagged with one of ``tags`` (mark replies that link
    to an FAQ or knowledge-base article); cancelled when the customer writes back
    (their message answers the question) or the ticket is closed.

    Example:
        >>> faq_answer_check().to_dict()["unless"]
        ['customer_message', 'closed']
    """
    return FollowUpRule(
        "faq_answer_check",
        after,
        "agent_reply",
        calendar=calendar,
        unless=("customer_message", "closed"),
        tags=tuple(tags),
    )
