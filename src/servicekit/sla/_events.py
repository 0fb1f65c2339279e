"""Ticket events: the input of every SLA clock (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit._time import parse_instant, require_aware
from servicekit.exceptions import ConfigError
from servicekit.sla._clock import check_utc

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["FIELDS", "KINDS", "STATUSES", "TicketEvent", "check_field_name"]

#: Event kinds, in the order the docs list them.
KINDS: Final = (
    "created",
    "customer_message",
    "agent_reply",
    "internal_note",
    "status",
    "priority",
    "due_date",
    "field",
    "tags",
)
#: The standard ticket fields a ``field`` event may change (and a policy set's
#: conditions may test); a desk's own fields are named ``custom.<name>``.
FIELDS: Final = (
    "priority",
    "channel",
    "group",
    "assignee",
    "organization",
    "requester_zone",
)
_CUSTOM = "custom."
#: Ticket statuses. The names and meanings follow Zendesk's ticket statuses
#: (new, open, pending, on-hold, solved, closed), the common help-desk vocabulary.
STATUSES: Final = ("new", "open", "pending", "on_hold", "solved", "closed")


def _check_name(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, got {type(value).__name__}")
    if not value:
        raise ConfigError("must not be empty", field)
    return value


def _strings(value: Iterable[str], field: str) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"{field} must be an iterable of strings, not a single string")
    if not isinstance(value, Iterable):
        raise TypeError(f"{field} must be an iterable of strings, got {type(value).__name__}")
    out = tuple(value)
    for tag in out:
        _check_name(tag, field)
    return out


def _tags(value: Iterable[str]) -> tuple[str, ...]:
    return _strings(value, "tags")


def _added(value: Iterable[str]) -> tuple[str, ...]:
    return _strings(value, "added")


def _removed(value: Iterable[str]) -> tuple[str, ...]:
    return _strings(value, "removed")


def check_field_name(name: object, path: str) -> str:
    """Return ``name`` if it is a standard field or ``custom.<name>`` (private helper).

    Raises:
        TypeError: not a string.
        ConfigError: any other name; the path is ``path``.
    """
    if not isinstance(name, str):
        raise TypeError(f"a field name must be a string, got {type(name).__name__}")
    if name in FIELDS or (name.startswith(_CUSTOM) and len(name) > len(_CUSTOM)):
        return name
    raise ConfigError(
        f"unknown field {name!r}; expected one of {FIELDS} or 'custom.<name>' for a "
        "desk's own field",
        path,
    )


def _check_value(value: object, path: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{path} must be a string or None, got {type(value).__name__}")
    if not value:
        raise ConfigError("must not be empty; give None (null) to clear the field", path)


def _fields(value: object) -> tuple[tuple[str, str], ...]:
    """Convert ``{name: value}`` to sorted ``(name, value)`` pairs, checking both."""
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise TypeError(f"fields must be a mapping of field name to value, got {value!r}")
    out = []
    for name, item in value.items():
        check_field_name(name, f"fields.{name}")
        if name == "priority":
            raise ConfigError(
                "a 'created' event gives the priority as its own 'priority', not in fields",
                "fields.priority",
            )
        _check_value(item, f"fields.{name}")
        out.append((name, item))
    return tuple(sorted(out))


_KEYS: Final = frozenset(
    {
        "at",
        "kind",
        "priority",
        "status",
        "tags",
        "metric",
        "due",
        "field",
        "value",
        "added",
        "removed",
        "fields",
    }
)


@attrs.frozen
class TicketEvent:
    """One entry of a ticket's event log.

    Attributes:
        at: when it happened (aware).
        kind: one of :data:`KINDS`: ``created`` (carries ``priority``),
            ``customer_message``, ``agent_reply`` (a public reply), ``internal_note``
            (ignored by the clocks), ``status`` (carries ``status``), ``priority``
            (carries the new ``priority``), ``due_date`` (carries ``metric`` and
            ``due``: a deadline set by hand for that metric's cycle running at ``at``,
            or the next one to start), ``field`` (carries ``field`` and ``value``: a
            ticket field changed, or cleared when ``value`` is ``None``), ``tags``
            (carries ``added`` and ``removed``: the ticket's tags changed).
        priority: the priority, for ``created`` and ``priority`` events only. A
            ``field`` event on ``priority`` acts exactly as a ``priority`` event.
        status: the new status, for ``status`` events only: one of :data:`STATUSES` or
            a status the policy declares (:class:`~servicekit.sla.StatusMap`); a status
            the policy does not know is reported when evaluated (``unknown_status``).
        tags: free labels, e.g. ``("faq",)`` on a reply that points to a help article;
            follow-up rules can match them. On a ``created`` event they are also the
            ticket's initial tags (what a policy set's ``has_tag`` tests).
        metric: the metric (one of :data:`~servicekit.sla.METRICS`), for
            ``due_date`` events only.
        due: the deadline set by hand (aware), for ``due_date`` events only.
        field: the ticket field a ``field`` event changes: one of :data:`FIELDS` or
            ``custom.<name>`` for a desk's own field.
        value: its new value (a non-empty string), or ``None`` when it was cleared
            (``priority`` cannot be cleared); ``field`` events only.
        added: the tags added to the ticket, for ``tags`` events only.
        removed: the tags removed from the ticket, for ``tags`` events only (a tag
            both added and removed by one event ends up removed).
        fields: the ticket's initial fields, ``{name: value}`` (names as for
            ``field``; not ``priority``, which ``created`` carries itself), for
            ``created`` events only; stored as sorted ``(name, value)`` pairs.

    Raises:
        NaiveDatetimeError: ``at`` is naive.
        ConfigError: an unknown kind, an empty or missing priority or status, a
            field that the kind does not carry, an unknown metric or ticket field, an
            empty field value or tag, or an ``at`` or
            ``due`` whose UTC reading lies outside the years 0001-9999; the path
            names the field.

    Example:
        >>> from datetime import datetime, timezone
        >>> e = TicketEvent(
        ...     datetime(2026, 11, 20, 9, tzinfo=timezone.utc), "created", priority="high"
        ... )
        >>> e.to_dict()
        {'at': '2026-11-20T09:00:00+00:00', 'kind': 'created', 'priority': 'high'}
    """

    at: datetime = attrs.field()
    kind: str = attrs.field()
    priority: str | None = attrs.field(default=None, kw_only=True)
    status: str | None = attrs.field(default=None, kw_only=True)
    tags: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_tags)
    metric: str | None = attrs.field(default=None, kw_only=True)
    due: datetime | None = attrs.field(default=None, kw_only=True)
    field: str | None = attrs.field(default=None, kw_only=True)
    value: str | None = attrs.field(default=None, kw_only=True)
    added: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_added)
    removed: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_removed)
    fields: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, converter=_fields)
    _us: int = attrs.field(init=False, repr=False, eq=False, hash=False)
    _due_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    @at.validator
    def _check_at(self, _attribute: attrs.Attribute[datetime], value: datetime) -> None:
        require_aware(value, "at")

    @kind.validator
    def _check_kind(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"kind must be a string, got {type(value).__name__}")
        if value not in KINDS:
            raise ConfigError(f"unknown event kind {value!r}; expected one of {KINDS}", "kind")

    def __attrs_post_init__(self) -> None:
        kind = self.kind
        if kind in ("created", "priority"):
            if self.priority is None:
                raise ConfigError(f"missing; a {kind!r} event carries the priority", "priority")
            _check_name(self.priority, "priority")
        elif self.priority is not None:
            raise ConfigError(
                f"a {kind!r} event carries no priority, got {self.priority!r}; "
                "use a 'priority' event to change it",
                "priority",
            )
        if kind == "status":
            if self.status is None:
                raise ConfigError(f"missing; expected one of {STATUSES}", "status")
            _check_name(self.status, "status")
        elif self.status is not None:
            raise ConfigError(
                f"a {kind!r} event carries no status, got {self.status!r}; "
                "use a 'status' event to change it",
                "status",
            )
        due_us = self._check_due()
        self._check_changes()
        object.__setattr__(self, "_us", check_utc(self.at, "at"))
        object.__setattr__(self, "_due_us", due_us)

    def _check_due(self) -> int:
        """Check ``metric`` and ``due`` (a ``due_date`` event's own fields)."""
        if self.kind != "due_date":
            for key in ("metric", "due"):
                if getattr(self, key) is not None:
                    raise ConfigError(
                        f"a {self.kind!r} event carries no {key}; a 'due_date' event does",
                        key,
                    )
            return 0
        from servicekit.sla._policy import METRICS  # noqa: PLC0415 - _policy imports events

        if self.metric is None:
            raise ConfigError(f"missing; expected one of {METRICS}", "metric")
        _check_name(self.metric, "metric")
        if self.metric not in METRICS:
            raise ConfigError(
                f"unknown metric {self.metric!r}; expected one of {METRICS}", "metric"
            )
        if self.due is None:
            raise ConfigError("missing; a 'due_date' event carries the deadline", "due")
        require_aware(self.due, "due")
        return check_utc(self.due, "due")

    def _check_changes(self) -> None:
        """Check the fields of ``field``, ``tags`` and ``created`` events."""
        kind = self.kind
        if kind == "field":
            self._check_field()
        else:
            for key in ("field", "value"):
                if getattr(self, key) is not None:
                    raise ConfigError(
                        f"a {kind!r} event carries no {key}; a 'field' event does", key
                    )
        if kind != "tags":
            for key in ("added", "removed"):
                if getattr(self, key):
                    raise ConfigError(
                        f"a {kind!r} event carries no {key}; a 'tags' event does", key
                    )
        if kind != "created" and self.fields:
            raise ConfigError(
                f"a {kind!r} event carries no fields; give them on 'created' or change "
                "one with a 'field' event",
                "fields",
            )

    def _check_field(self) -> None:
        """Check a ``field`` event's name and value."""
        if self.field is None:
            raise ConfigError(
                f"missing; a 'field' event names the field, one of {FIELDS} or 'custom.<name>'",
                "field",
            )
        check_field_name(self.field, "field")
        if self.value is not None:
            _check_value(self.value, "value")
        elif self.field == "priority":
            raise ConfigError("the priority cannot be cleared; give the new priority", "value")

    def to_dict(self) -> dict[str, Any]:
        """Return the event as plain JSON types (an ISO-8601 instant, only the set fields)."""
        out: dict[str, Any] = {"at": self.at.isoformat(), "kind": self.kind}
        if self.priority is not None:
            out["priority"] = self.priority
        if self.status is not None:
            out["status"] = self.status
        if self.tags:
            out["tags"] = list(self.tags)
        if self.metric is not None:
            out["metric"] = self.metric
        if self.due is not None:
            out["due"] = self.due.isoformat()
        if self.kind == "field":
            out["field"] = self.field
            out["value"] = self.value
        if self.kind == "tags":
            out["added"] = list(self.added)
            out["removed"] = list(self.removed)
        if self.fields:
            out["fields"] = dict(self.fields)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> TicketEvent:
        """Build an event from :meth:`to_dict` output.

        Args:
            data: ``{"at": ISO-8601 instant with offset, "kind": ..., "priority": ...,
                "status": ..., "tags": [...], "metric": ..., "due": ISO-8601 instant,
                "field": ..., "value": ... or null, "added": [...], "removed": [...],
                "fields": {name: value}}``.
            path: where ``data`` sits in a larger document, for error paths.

        Raises:
            ConfigError: a missing, unknown or malformed field; the path names it,
                e.g. ``events[3].status``.

        Example:
            >>> TicketEvent.from_dict(
            ...     {"at": "2026-11-20T10:00:00Z", "kind": "status", "status": "pending"}
            ... ).status
            'pending'
        """
        prefix = f"{path}." if path else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", path)
        unknown = sorted(str(k) for k in set(data) - _KEYS)
        if unknown:
            raise ConfigError(
                f"unknown field {unknown[0]!r}; expected at, kind, priority, status, tags, "
                "metric, due, field, value, added, removed, fields",
                prefix + unknown[0],
            )
        if "at" not in data:
            raise ConfigError("missing; give an ISO-8601 instant", f"{prefix}at")
        if "kind" not in data:
            raise ConfigError(f"missing; expected one of {KINDS}", f"{prefix}kind")
        at = parse_instant(data["at"], f"{prefix}at")
        tags = data.get("tags", ())
        if not isinstance(tags, (list, tuple)) or not all(isinstance(t, str) for t in tags):
            raise ConfigError(f"expected a list of strings, got {tags!r}", f"{prefix}tags")
        due = None if data.get("due") is None else parse_instant(data["due"], f"{prefix}due")
        for key in ("kind", "priority", "status", "metric", "field"):
            if key in data and not isinstance(data[key], str):
                raise ConfigError(f"expected a string, got {data[key]!r}", prefix + key)
        changes = _read_changes(data, prefix)
        try:
            return cls(
                at,
                data["kind"],
                priority=data.get("priority"),
                status=data.get("status"),
                tags=tags,
                metric=data.get("metric"),
                due=due,
                field=data.get("field"),
                **changes,
            )
        except ConfigError as err:
            raise ConfigError(err.msg, prefix + err.path) from None


def _read_changes(data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """Read ``value``, ``added``, ``removed`` and ``fields`` of an event's dict."""
    value = data.get("value")
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"expected a string or null, got {value!r}", f"{prefix}value")
    out: dict[str, Any] = {"value": value}
    for key in ("added", "removed"):
        got = data.get(key, ())
        if not isinstance(got, (list, tuple)) or not all(isinstance(t, str) for t in got):
            raise ConfigError(f"expected a list of strings, got {got!r}", prefix + key)
        out[key] = got
    fields = data.get("fields", {})
    if not isinstance(fields, Mapping):
        raise ConfigError(
            f"expected a mapping of field name to value, got {fields!r}", f"{prefix}fields"
        )
    for name, item in fields.items():
        if not isinstance(name, str) or not isinstance(item, str):
            raise ConfigError(
                f"expected a field name and a string value, got {item!r}",
                f"{prefix}fields.{name}",
            )
    out["fields"] = fields
    return out
