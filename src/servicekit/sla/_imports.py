"""Help-desk exports (Zendesk, Freshdesk, Jira Service Management) as event logs (private).

Each reader takes the parsed JSON of a vendor's public API response and returns an
:class:`ImportResult`: the events per ticket, every record that could not be mapped
as an :class:`ImportProblem` (with its path in the document and the reason), and a
tally of the vendor records that were read and deliberately not mapped (notifications,
subject changes, ...). Nothing is dropped silently. The mapping, field by field, is in
``docs/reference/vendor-exports.md``; the sources are the vendors' API references:

* Zendesk Ticket Audits, https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
  and its events reference, https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference
* Zendesk incremental ticket event export,
  https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
* Freshdesk API v2 tickets and conversations, https://developers.freshdesk.com/api/#tickets
* Jira Cloud REST API v3 changelogs,
  https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Final

import attrs

from servicekit.exceptions import ConfigError
from servicekit.sla._events import TicketEvent, check_field_name

__all__ = [
    "FRESHDESK_FIELDS",
    "FRESHDESK_PRIORITIES",
    "FRESHDESK_STATUSES",
    "IMPORT_PROBLEM_CODES",
    "JIRA_CATEGORIES",
    "JIRA_STATUSES",
    "VENDORS",
    "ZENDESK_FIELDS",
    "ZENDESK_STATUSES",
    "ImportProblem",
    "ImportResult",
    "import_export",
    "import_freshdesk",
    "import_jira",
    "import_zendesk",
    "parse_vendor_time",
]

#: The vendors whose exports can be read, in the order the docs list them.
VENDORS: Final = ("zendesk", "freshdesk", "jira")

#: The codes of :class:`ImportProblem`, in the order the docs list them.
IMPORT_PROBLEM_CODES: Final = (
    "bad_record",
    "bad_time",
    "unknown_status",
    "unknown_author",
    "no_created_event",
)

#: Zendesk's ticket statuses (and custom-status categories) as servicekit statuses;
#: Zendesk's "hold" is servicekit's "on_hold".
ZENDESK_STATUSES: Final[Mapping[str, str]] = {
    "new": "new",
    "open": "open",
    "pending": "pending",
    "hold": "on_hold",
    "on-hold": "on_hold",
    "solved": "solved",
    "closed": "closed",
}
#: Freshdesk's built-in numeric statuses (API v2: 2 Open, 3 Pending, 4 Resolved,
#: 5 Closed) and their names as the activities export writes them.
FRESHDESK_STATUSES: Final[Mapping[str, str]] = {
    "2": "open",
    "3": "pending",
    "4": "solved",
    "5": "closed",
    "open": "open",
    "pending": "pending",
    "resolved": "solved",
    "closed": "closed",
}
#: Freshdesk's numeric priorities (API v2: 1 Low, 2 Medium, 3 High, 4 Urgent).
FRESHDESK_PRIORITIES: Final[Mapping[str, str]] = {
    "1": "low",
    "2": "medium",
    "3": "high",
    "4": "urgent",
}
#: The statuses of Jira Service Management's default service-request workflows.
JIRA_STATUSES: Final[Mapping[str, str]] = {
    "open": "open",
    "to do": "new",
    "reopened": "open",
    "waiting for support": "open",
    "in progress": "open",
    "work in progress": "open",
    "escalated": "open",
    "waiting for customer": "pending",
    "pending": "pending",
    "resolved": "solved",
    "done": "solved",
    "completed": "solved",
    "closed": "closed",
    "canceled": "closed",
    "cancelled": "closed",
    "declined": "closed",
}
#: Jira's status categories (``statusCategory.key``) as servicekit statuses.
JIRA_CATEGORIES: Final[Mapping[str, str]] = {
    "new": "new",
    "indeterminate": "open",
    "done": "solved",
}

_MAX_TEXT = 64
_ISO = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)? ?"
    r"([Zz]|[+-]\d\d(?::?\d\d)?)"
)
_DMY = re.compile(r"(\d\d)-(\d\d)-(\d{4}) (\d\d):(\d\d):(\d\d) ?([Zz]|[+-]\d\d:?\d\d)")


class _Skip(Exception):  # noqa: N818 - internal control flow, never escapes
    """A record that cannot be mapped: becomes an :class:`ImportProblem`."""

    def __init__(self, code: str, message: str, path: str) -> None:
        super().__init__(code, message, path)
        self.code, self.message, self.path = code, message, path


@attrs.frozen
class ImportProblem:
    """A record of an export that could not be mapped to an event.

    Attributes:
        ticket: the ticket it belongs to, where known.
        path: where the record sits in the export, e.g. ``audits[3].events[1]``.
        code: one of :data:`IMPORT_PROBLEM_CODES`.
        message: what is wrong and how to fix it (no personal data, no message text).

    Example:
        >>> ImportProblem("7", "audits[0]", "bad_time", "not an instant").to_dict()
        {'ticket': '7', 'path': 'audits[0]', 'code': 'bad_time', 'message': 'not an instant'}
    """

    ticket: str | None
    path: str
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The problem as plain JSON types."""
        return {
            "ticket": self.ticket,
            "path": self.path,
            "code": self.code,
            "message": self.message,
        }


@attrs.frozen
class ImportResult:
    """What a reader made of an export.

    Attributes:
        vendor: one of :data:`VENDORS`.
        tickets: ``(ticket id, events)`` pairs in the order the export first names
            each ticket; each ticket's events in time order (ties in export order).
        problems: the records that could not be mapped.
        skipped: ``(what, count)`` pairs: vendor records read and deliberately not
            mapped (``type:Notification``, ``field:subject``, ``comment:description``),
            sorted by name.
    """

    vendor: str
    tickets: tuple[tuple[str, tuple[TicketEvent, ...]], ...]
    problems: tuple[ImportProblem, ...] = ()
    skipped: tuple[tuple[str, int], ...] = ()

    def events(self, ticket: str) -> tuple[TicketEvent, ...]:
        """The events of one ticket (none for a ticket the export does not name).

        Example:
            >>> ImportResult("zendesk", ()).events("1")
            ()
        """
        for name, events in self.tickets:
            if name == ticket:
                return events
        return ()

    def records(self) -> list[dict[str, Any]]:
        """One JSON record per event with its ``ticket``: what ``sla evaluate`` reads."""
        return [
            {"ticket": ticket, **event.to_dict()}
            for ticket, events in self.tickets
            for event in events
        ]

    def to_dict(self) -> dict[str, Any]:
        """The whole result as plain JSON types."""
        return {
            "vendor": self.vendor,
            "tickets": {t: [e.to_dict() for e in events] for t, events in self.tickets},
            "problems": [p.to_dict() for p in self.problems],
            "skipped": dict(self.skipped),
        }


# ------------------------------------------------------------------ shared pieces


def parse_vendor_time(value: object, path: str = "at") -> datetime:
    """Read an instant as the vendors write them.

    ISO 8601 with ``Z`` or an offset (``2009-07-20T22:55:29Z``, Jira's
    ``2019-02-14T09:35:04.421+0000``), Freshdesk's activities export form
    ``22-03-2016 11:53:58 +0000``, or Unix seconds (Zendesk's incremental
    ``timestamp``). The offset is kept as a fixed offset.

    Raises:
        ConfigError: not one of these forms, no offset, or outside the years 1-9999.

    Example:
        >>> parse_vendor_time("2019-02-14T09:35:04.421+0000").isoformat()
        '2019-02-14T09:35:04.421000+00:00'
        >>> parse_vendor_time(1601357503).isoformat()
        '2020-09-29T05:31:43+00:00'
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= 253_402_300_799:
            raise ConfigError(f"unix time {value!r} is outside the years 1970-9999", path)
        return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=value)
    if not isinstance(value, str):
        raise ConfigError(f"expected an ISO-8601 instant, got {type(value).__name__}", path)
    text = value.strip()
    shown = text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "…"
    match = _ISO.fullmatch(text) if len(text) <= _MAX_TEXT else None
    if match is not None:
        year, month, day, hour, minute, second, frac, zone = match.groups()
    else:
        dmy = _DMY.fullmatch(text) if len(text) <= _MAX_TEXT else None
        if dmy is None:
            raise ConfigError(
                f"{shown!r} is not an instant with a UTC offset; expected e.g. "
                "'2026-03-02T09:00:00Z'",
                path,
            )
        day, month, year, hour, minute, second, zone = dmy.groups()
        frac = None
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((frac or "0")[:6].ljust(6, "0")),
            tzinfo=_zone(zone),
        )
    except (ValueError, OverflowError):
        raise ConfigError(f"{shown!r} is not a valid date and time", path) from None


def _zone(text: str) -> timezone:
    if text in ("Z", "z"):
        return timezone.utc
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-offset if text[0] == "-" else offset)


def _id(value: object, path: str) -> str:
    """A ticket or user id as text (JSON numbers and strings)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
        raise _Skip("bad_record", f"expected an id (a number or a string), got {value!r}", path)
    text = str(value)
    if len(text) > 200:
        raise _Skip("bad_record", "an id longer than 200 characters", path)
    return text


def _name(value: object, path: str) -> str:
    """A status or priority name, lower-cased (``"High"`` is ``"high"``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise _Skip("bad_record", f"expected a name, got {value!r}", path)
    return value.strip().lower()


def _value(value: object, path: str) -> str | None:
    """A field's new value as text; ``None`` (or an empty value) clears the field."""
    if value is None or value in ("", []):
        return None
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        value = ",".join(str(v) for v in value)  # a multi-select field
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, (str, int, float)):
        raise _Skip("bad_record", f"expected a text or a number, got {type(value).__name__}", path)
    text = str(value).strip()
    if len(text) > 1000:
        raise _Skip("bad_record", "a field value longer than 1000 characters", path)
    return text or None


def _tag_list(value: object, path: str) -> list[str]:
    """A list of tags (``None`` is none; Jira writes labels as one space-separated text)."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
        raise _Skip("bad_record", "expected a list of tags (non-empty strings)", path)
    return list(dict.fromkeys(value))  # in order, each once (linear, unlike list lookups)


def _diff(before: list[str], now: list[str]) -> tuple[list[str], list[str]]:
    """The tags added and removed between two lists, in their order."""
    old, new = set(before), set(now)
    return [tag for tag in now if tag not in old], [tag for tag in before if tag not in new]


def _time(value: object, path: str) -> datetime:
    try:
        return parse_vendor_time(value, path)
    except ConfigError as err:
        raise _Skip("bad_time", err.msg, path) from None


def _items(value: object, path: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise _Skip("bad_record", f"expected a list, got {type(value).__name__}", path)
    return value


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Skip("bad_record", f"expected an object, got {type(value).__name__}", path)
    return value


def _options(value: Mapping[str, str] | None, what: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping of strings, got {type(value).__name__}")
    out = {}
    pairs: list[tuple[object, object]] = list(value.items())
    for key, item in pairs:
        if not isinstance(key, (str, int)) or isinstance(key, bool) or not isinstance(item, str):
            raise TypeError(f"{what} must map names to strings, got {key!r}: {item!r}")
        if not item:
            raise ConfigError("must not be empty", f"{what}[{key!r}]")
        out[str(key).strip().lower()] = item
    return out


#: The people who can write on a ticket, as ``roles`` names them.
_ROLES = {
    "customer": "customer",
    "end-user": "customer",
    "end_user": "customer",
    "contact": "customer",
    "requester": "customer",
    "agent": "agent",
    "admin": "agent",
}


@attrs.define
class _Ticket:
    """One ticket's events while an export is read (private, mutable)."""

    name: str
    created: tuple[datetime, int, str | None, str] | None = None  # at, seq, priority, path
    events: list[tuple[datetime, int, TicketEvent, str]] = attrs.Factory(list)
    comments: list[tuple[datetime, int, str | None, bool, bool, str]] = attrs.Factory(list)
    requester: str | None = None
    fields: dict[str, str] = attrs.Factory(dict)  # the initial fields
    tags: dict[str, None] = attrs.Factory(dict)  # the initial tags, in order


class _Reader:
    """State shared by one import: tickets in first-seen order, problems, the tally."""

    def __init__(self, vendor: str, roles: Mapping[str, str] | None, priority: str) -> None:
        if not isinstance(priority, str):
            raise TypeError(f"default_priority must be a string, got {type(priority).__name__}")
        if not priority:
            raise ConfigError("must not be empty", "default_priority")
        self.vendor = vendor
        self.default_priority = priority
        self.roles: dict[str, str] = {}
        for key, role in _options(roles, "roles").items():
            if role.lower() not in _ROLES:
                raise ConfigError(
                    f"unknown role {role!r}; expected 'customer' or 'agent'", f"roles[{key!r}]"
                )
            self.roles[key] = _ROLES[role.lower()]
        self.tickets: dict[str, _Ticket] = {}
        self.problems: list[ImportProblem] = []
        self.skipped: Counter[str] = Counter()
        self.seq = 0

    def ticket(self, name: str) -> _Ticket:
        found = self.tickets.get(name)
        if found is None:
            found = self.tickets[name] = _Ticket(name)
        return found

    def next(self) -> int:
        self.seq += 1
        return self.seq

    def problem(self, ticket: str | None, skip: _Skip) -> None:
        self.problems.append(ImportProblem(ticket, skip.path, skip.code, skip.message))

    def add(self, ticket: _Ticket, at: datetime, kind: str, path: str, **fields: Any) -> None:  # noqa: ANN401
        try:
            event = TicketEvent(at, kind, **fields)
        except ConfigError as err:
            self.problem(ticket.name, _Skip("bad_record", f"{err.path}: {err.msg}", path))
            return
        ticket.events.append((at, self.next(), event, path))

    def create(self, ticket: _Ticket, at: datetime, priority: str | None, path: str) -> None:
        """Note the ticket's creation (the earliest one the export shows wins)."""
        if ticket.created is None or at < ticket.created[0]:
            ticket.created = (at, self.next(), priority, path)
        elif at == ticket.created[0] and priority is not None:
            ticket.created = (at, ticket.created[1], priority, ticket.created[3])

    def field(
        self,
        ticket: _Ticket,
        at: datetime,
        name: str,
        value: str | None,
        path: str,
        *,
        opening: bool = False,
    ) -> None:
        """A ticket field changed (or was set when the ticket was created)."""
        try:
            check_field_name(name, "field")
        except ConfigError as err:
            raise _Skip("bad_record", err.msg, path) from None
        if opening:
            if value is not None:
                ticket.fields[name] = value
            return
        self.add(ticket, at, "field", path, field=name, value=value)

    def comment(
        self,
        ticket: _Ticket,
        at: datetime,
        author: str | None,
        path: str,
        *,
        public: bool,
        opening: bool = False,
    ) -> None:
        """A comment whose author's role is decided when the whole export is read."""
        ticket.comments.append((at, self.next(), author, public, opening, path))

    def role(self, ticket: _Ticket, author: str | None, users: Mapping[str, str]) -> str | None:
        if author is None:
            return None
        if author in self.roles:
            return self.roles[author]
        if author in users:
            return users[author]
        if ticket.requester is not None:
            return "customer" if author == ticket.requester else "agent"
        return None

    def result(self, users: Mapping[str, str] | None = None) -> ImportResult:
        known = users or {}
        out: list[tuple[str, tuple[TicketEvent, ...]]] = []
        for ticket in self.tickets.values():
            self._comments(ticket, known)
            events = list(ticket.events)
            if ticket.created is None:
                self.problem(
                    ticket.name,
                    _Skip(
                        "no_created_event",
                        "the export does not show the ticket's creation; export its whole "
                        "history (an incremental export from before it was created)",
                        "",
                    ),
                )
            else:
                start, _, priority, path = ticket.created
                try:
                    created = TicketEvent(
                        start,
                        "created",
                        priority=priority or self.default_priority,
                        fields=ticket.fields,
                        tags=tuple(ticket.tags),
                    )
                except ConfigError as err:
                    self.problem(ticket.name, _Skip("bad_record", f"{err.path}: {err.msg}", path))
                    out.append((ticket.name, ()))
                    continue
                for at, _, event, where in events:
                    if at < start:
                        self.problem(
                            ticket.name,
                            _Skip(
                                "bad_record",
                                f"a {event.kind!r} event at {at.isoformat()} comes before the "
                                "ticket's creation",
                                where,
                            ),
                        )
                events = [item for item in events if item[0] >= start]
                events.append((start, 0, created, path))  # first among events at the same instant
            events.sort(key=lambda item: (item[0], item[1]))
            out.append((ticket.name, tuple(item[2] for item in events)))
        return ImportResult(
            self.vendor, tuple(out), tuple(self.problems), tuple(sorted(self.skipped.items()))
        )

    def _comments(self, ticket: _Ticket, users: Mapping[str, str]) -> None:
        for at, seq, author, public, opening, path in ticket.comments:
            if not public:
                ticket.events.append((at, seq, TicketEvent(at, "internal_note"), path))
                continue
            role = self.role(ticket, author, users)
            if role is None:
                self.problem(
                    ticket.name,
                    _Skip(
                        "unknown_author",
                        f"cannot tell whether user {author!r} is the customer or an agent; "
                        "include the users (role) or the requester in the export, or pass roles",
                        path,
                    ),
                )
            elif role == "customer" and opening:
                self.skipped["comment:description"] += 1
            else:
                kind = "customer_message" if role == "customer" else "agent_reply"
                ticket.events.append((at, seq, TicketEvent(at, kind), path))


def _look_like(data: object) -> str | None:
    """Which vendor an export looks like, for the wrong-vendor message."""
    if not isinstance(data, (Mapping, list)):
        return None
    keys: set[str] = set()
    if isinstance(data, Mapping):
        keys = {str(k) for k in data}
    elif data and isinstance(data[0], Mapping):
        keys = {str(k) for k in data[0]}
    if keys & {"audits", "audit", "ticket_events", "ticket_metric_events", "ticket_metrics"}:
        return "zendesk"
    if keys & {"activities_data", "conversations", "helpdesk_ticket", "incoming", "fr_due_by"}:
        return "freshdesk"
    if keys & {"changelog", "histories", "issues", "values", "fields"}:
        return "jira"
    return None


def _wrong(data: object, vendor: str, source: str, expected: str) -> ConfigError:
    other = _look_like(data)
    hint = (
        f"; it looks like a {other.capitalize()} export (use --from {other})"
        if other not in (None, vendor)
        else ""
    )
    return ConfigError(f"not a {vendor.capitalize()} export: expected {expected}{hint}", source)


def _guard(reader: _Reader, ticket: str | None, fn: Any, *args: Any) -> None:  # noqa: ANN401
    try:
        fn(*args)
    except _Skip as skip:
        reader.problem(ticket, skip)


# ------------------------------------------------------------------ Zendesk

_ZD_META = frozenset(
    {
        "id",
        "via",
        "via_reference_id",
        "comment_present",
        "comment_public",
        "event_type",
        "previous_value",
        "type",
        "field_name",
        "value",
        "created_at",
        "timestamp",
        "system",
        "attachments",
    }
)


def import_zendesk(
    data: object,
    *,
    roles: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None,
    default_priority: str = "normal",
    source: str = "",
) -> ImportResult:
    """Read a Zendesk ticket-audits or incremental ticket-events export.

    Args:
        data: the parsed JSON of ``GET /api/v2/tickets/{id}/audits`` (``{"audits":
            [...]}``, optionally with the side-loaded ``users`` and
            ``custom_statuses``) or of ``GET /api/v2/incremental/ticket_events
            ?include=comment_events`` (``{"ticket_events": [...]}``).
        roles: user id -> ``"customer"`` or ``"agent"``; decides whether a public
            comment is a customer message or an agent reply. Without it, the
            side-loaded users' ``role`` decides (``end-user`` is a customer), then
            whether the author is the ticket's requester.
        statuses: Zendesk status or custom-status label -> servicekit status (a
            standard one or one the policy declares); the built-in statuses and
            custom statuses' categories map by default.
        default_priority: the priority of a ticket created without one.
        source: the file name, for error paths.

    Returns:
        The events per ticket, the problems and the skipped tally.

    Raises:
        ConfigError: ``data`` is not a Zendesk audits or ticket-events export (the
            path is ``source``), or a bad option.
        TypeError: an option of the wrong type.

    Example:
        >>> export = {
        ...     "audits": [
        ...         {
        ...             "ticket_id": 7,
        ...             "created_at": "2026-03-02T09:00:00Z",
        ...             "author_id": 1,
        ...             "events": [
        ...                 {"type": "Create", "field_name": "priority", "value": "high"},
        ...                 {"type": "Create", "field_name": "requester_id", "value": "1"},
        ...             ],
        ...         },
        ...         {
        ...             "ticket_id": 7,
        ...             "created_at": "2026-03-02T09:40:00Z",
        ...             "author_id": 2,
        ...             "events": [{"type": "Comment", "public": True, "author_id": 2}],
        ...         },
        ...     ]
        ... }
        >>> [e.kind for e in import_zendesk(export).events("7")]
        ['created', 'agent_reply']
    """
    reader = _Reader("zendesk", roles, default_priority)
    status_map = {**ZENDESK_STATUSES, **_options(statuses, "statuses")}
    if not isinstance(data, Mapping):
        raise _wrong(data, "zendesk", source, "an object with 'audits' or 'ticket_events'")
    if "ticket_metric_events" in data or "ticket_metrics" in data:
        raise ConfigError(
            "a Zendesk ticket metrics export holds Zendesk's own measurements, not the "
            "ticket's history; compare it with 'servicekit sla reconcile' and import the "
            "audits or ticket events instead",
            source,
        )
    users = _zendesk_users(data.get("users"), reader)
    custom = _zendesk_custom(data.get("custom_statuses"), reader)
    if "audits" in data or "audit" in data:
        key = "audits" if "audits" in data else "audit"
        raw = data[key]
        audits = raw if key == "audits" else [raw]
        if not isinstance(audits, list):
            raise ConfigError(f"expected a list, got {type(audits).__name__}", f"{source}: {key}")
        for index, audit in enumerate(audits):
            path = f"{key}[{index}]" if key == "audits" else key
            _zendesk_audit(reader, audit, path, status_map, custom)
    elif "ticket_events" in data:
        events = data["ticket_events"]
        if not isinstance(events, list):
            raise ConfigError(
                f"expected a list, got {type(events).__name__}", f"{source}: ticket_events"
            )
        for index, item in enumerate(events):
            _zendesk_audit(reader, item, f"ticket_events[{index}]", status_map, custom)
    else:
        raise _wrong(data, "zendesk", source, "an object with 'audits' or 'ticket_events'")
    return reader.result(users)


def _zendesk_users(raw: object, reader: _Reader) -> dict[str, str]:
    """The side-loaded users' roles (``end-user``, ``agent``, ``admin``)."""
    users: dict[str, str] = {}
    if raw is None:
        return users
    if not isinstance(raw, list):
        reader.problem(None, _Skip("bad_record", "expected a list of users", "users"))
        return users
    for index, user in enumerate(raw):
        _guard(reader, None, _zendesk_user, users, user, f"users[{index}]")
    return users


def _zendesk_user(users: dict[str, str], raw: object, path: str) -> None:
    record = _mapping(raw, path)
    role = record.get("role")
    if role not in ("end-user", "agent", "admin"):
        raise _Skip(
            "bad_record",
            f"unknown role {role!r}; expected 'end-user', 'agent' or 'admin'",
            f"{path}.role",
        )
    users[_id(record.get("id"), f"{path}.id")] = _ROLES[role]


def _zendesk_custom(raw: object, reader: _Reader) -> dict[str, tuple[str, str]]:
    """The side-loaded custom statuses: id -> (label, category)."""
    found: dict[str, tuple[str, str]] = {}
    if raw is None:
        return found
    if not isinstance(raw, list):
        reader.problem(None, _Skip("bad_record", "expected a list", "custom_statuses"))
        return found
    for index, item in enumerate(raw):
        _guard(reader, None, _zendesk_status, found, item, f"custom_statuses[{index}]")
    return found


def _zendesk_status(found: dict[str, tuple[str, str]], raw: object, path: str) -> None:
    record = _mapping(raw, path)
    category = _name(record.get("status_category"), f"{path}.status_category")
    if category not in ZENDESK_STATUSES:
        raise _Skip(
            "unknown_status",
            f"unknown status category {category!r}; expected one of {tuple(ZENDESK_STATUSES)}",
            f"{path}.status_category",
        )
    label = _name(record.get("agent_label"), f"{path}.agent_label")
    found[_id(record.get("id"), f"{path}.id")] = (label, category)


def _zendesk_audit(
    reader: _Reader,
    raw: object,
    path: str,
    statuses: Mapping[str, str],
    custom: Mapping[str, tuple[str, str]],
) -> None:
    """One audit (or one incremental ticket event with its child events)."""
    try:
        audit = _mapping(raw, path)
        ticket = reader.ticket(_id(audit.get("ticket_id"), f"{path}.ticket_id"))
        when = audit.get("created_at", audit.get("timestamp"))
        at = _time(when, f"{path}.created_at")
        author = audit.get("author_id", audit.get("updater_id"))
        events = _items(
            audit.get("events", audit.get("child_events")),
            f"{path}.{'events' if 'events' in audit else 'child_events'}",
        )
    except _Skip as skip:
        reader.problem(None, skip)
        return
    key = "events" if "events" in audit else "child_events"
    changes = [_zendesk_change(e) for e in events]
    opening = any(kind == "Create" for kind, _, _ in changes)
    via = audit.get("via")
    channel = via.get("channel") if isinstance(via, Mapping) else via
    if opening and isinstance(channel, str) and channel.strip():
        name = channel.strip().lower()[:200]
        ticket.fields["channel"] = ZENDESK_VIA.get(name, name)
    custom_changed = any(field == "custom_status_id" for _, field, _ in changes)
    for index, (item, (kind, field, value)) in enumerate(zip(events, changes, strict=True)):
        where = f"{path}.{key}[{index}]"
        if kind in ("Create", "Change"):
            if field == "status" and custom_changed and custom:
                reader.skipped["field:status (custom status changed too)"] += 1
                continue
            _guard(
                reader,
                ticket.name,
                _zendesk_field,
                reader,
                ticket,
                at,
                (kind, field, value),
                where,
                (statuses, custom),
            )
        elif kind in ("Comment", "VoiceComment"):
            _guard(
                reader,
                ticket.name,
                _zendesk_comment,
                reader,
                ticket,
                at,
                item,
                (author, opening),
                where,
            )
        else:
            reader.skipped[f"type:{kind}"] += 1


def _zendesk_change(raw: object) -> tuple[str, str | None, object]:
    """``(event type, field name, new value)`` of an audit event or a child event.

    An audit event names its field in ``field_name``; an incremental export's child
    event carries the field as its own key (``{"status": "open"}``), tags changes as
    ``added_tags`` and ``removed_tags``.
    """
    if not isinstance(raw, Mapping):
        return ("(not an object)", None, None)
    kind = raw.get("type", raw.get("event_type"))
    kind = kind if isinstance(kind, str) else "(no type)"
    if raw.get("field_name") == "tags" or "added_tags" in raw or "removed_tags" in raw:
        return (kind, "tags", raw)
    if "field_name" in raw:
        name = raw["field_name"]
        return (kind, name if isinstance(name, str) else None, raw.get("value"))
    for key, value in raw.items():
        if key not in _ZD_META:
            return (kind, str(key), value)
    return (kind, None, None)


#: The incremental export's ``via`` names as the audits' ``via.channel`` names.
ZENDESK_VIA: Final[Mapping[str, str]] = {
    "web form": "web",
    "mail": "email",
    "web service": "api",
    "chat": "chat",
    "voice": "voice",
}

#: Zendesk ticket fields as servicekit ticket fields (custom fields, named by their
#: numeric id, become ``custom.<id>``).
ZENDESK_FIELDS: Final[Mapping[str, str]] = {
    "group_id": "group",
    "assignee_id": "assignee",
    "organization_id": "organization",
}


def _zendesk_field(  # noqa: C901, PLR0912, PLR0917 - one branch per field, through _guard
    reader: _Reader,
    ticket: _Ticket,
    at: datetime,
    change: tuple[str, str | None, object],
    path: str,
    maps: tuple[Mapping[str, str], Mapping[str, tuple[str, str]]],
) -> None:
    kind, field, value = change
    statuses, custom = maps
    opening = kind == "Create"
    if opening:
        reader.create(ticket, at, None, path)
    if field == "priority":
        priority = None if value in (None, "") else _name(value, f"{path}.value")
        if opening:
            reader.create(ticket, at, priority, path)
        else:
            reader.add(ticket, at, "priority", path, priority=priority or reader.default_priority)
    elif field in ("status", "custom_status_id"):
        if field == "status":
            status = _status(_name(value, f"{path}.value"), statuses, path)
        else:
            ident = _id(value, f"{path}.value")
            if ident not in custom:
                raise _Skip(
                    "unknown_status",
                    f"custom status {ident!r} is not defined; include the custom statuses "
                    "(GET /api/v2/custom_statuses) in the export as 'custom_statuses'",
                    path,
                )
            label, category = custom[ident]
            status = statuses.get(label) or _status(category, statuses, path)
        if not opening or status != "new":
            reader.add(ticket, at, "status", path, status=status)
    elif field == "requester_id":
        ticket.requester = _id(value, f"{path}.value")
    elif field == "tags":
        _zendesk_tags(reader, ticket, at, (opening, value), path)
    elif field is not None and (field in ZENDESK_FIELDS or field.isdigit()):
        name = ZENDESK_FIELDS.get(field, f"custom.{field}")
        reader.field(ticket, at, name, _value(value, f"{path}.value"), path, opening=opening)
    else:
        reader.skipped[f"field:{field}"] += 1


def _zendesk_tags(
    reader: _Reader, ticket: _Ticket, at: datetime, change: tuple[bool, object], path: str
) -> None:
    opening, raw = change
    record = _mapping(raw, path)
    if "field_name" in record:  # an audit event: the whole new list, and the old one
        now = _tag_list(record.get("value"), f"{path}.value")
        before = _tag_list(record.get("previous_value"), f"{path}.previous_value")
        added, removed = _diff(before, now)
    else:  # an incremental export's child event
        added = _tag_list(record.get("added_tags"), f"{path}.added_tags")
        removed = _tag_list(record.get("removed_tags"), f"{path}.removed_tags")
    if opening:
        ticket.tags.update(dict.fromkeys(added))
    elif added or removed:
        reader.add(ticket, at, "tags", path, added=added, removed=removed)


def _status(name: str, statuses: Mapping[str, str], path: str) -> str:
    status = statuses.get(name)
    if status is None:
        raise _Skip(
            "unknown_status",
            f"unknown status {name!r}; map it to a servicekit status with statuses= "
            f"(--status {name}=pending)",
            path,
        )
    return status


def _zendesk_comment(  # noqa: PLR0917 - private, called through _guard
    reader: _Reader,
    ticket: _Ticket,
    at: datetime,
    raw: object,
    audit: tuple[object, bool],
    path: str,
) -> None:
    record = _mapping(raw, path)
    author, opening = audit
    public = record.get("public", record.get("comment_public", True))
    if not isinstance(public, bool):
        raise _Skip("bad_record", f"expected true or false, got {public!r}", f"{path}.public")
    who = record.get("author_id", author)
    name = None if who is None else _id(who, f"{path}.author_id")
    reader.comment(ticket, at, name, path, public=public, opening=opening)


# ------------------------------------------------------------------ Freshdesk


def import_freshdesk(  # noqa: C901 - one branch per export shape
    data: object,
    *,
    roles: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None,
    default_priority: str = "medium",
    source: str = "",
) -> ImportResult:
    """Read Freshdesk tickets with conversations, or a ticket activities export.

    Args:
        data: the parsed JSON of ``GET /api/v2/tickets/{id}?include=conversations,stats``
            (one ticket, a list of them, or ``{"tickets": [...]}``), of ``GET
            /api/v2/tickets/{id}/conversations`` (a list of conversations), or of the
            ticket activities export (``{"activities_data": [...]}``).
        roles: user id -> ``"customer"`` or ``"agent"``; overrides a conversation's
            ``incoming`` flag and decides activities notes.
        statuses: Freshdesk status (number or name, e.g. ``"6"`` or ``"waiting on
            customer"``) -> servicekit status; 2-5 and their names map by default.
        default_priority: the priority of a ticket without one.
        source: the file name, for error paths.

    Raises:
        ConfigError: ``data`` is not a Freshdesk export of these kinds (an API v1
            ``helpdesk_ticket`` included); the path is ``source``.
        TypeError: an option of the wrong type.

    Example:
        >>> ticket = {
        ...     "id": 12,
        ...     "created_at": "2026-03-02T09:00:00Z",
        ...     "priority": 3,
        ...     "status": 2,
        ...     "requester_id": 5,
        ...     "conversations": [
        ...         {
        ...             "incoming": False,
        ...             "private": False,
        ...             "user_id": 9,
        ...             "created_at": "2026-03-02T09:30:00Z",
        ...         },
        ...     ],
        ... }
        >>> [(e.kind, e.priority) for e in import_freshdesk(ticket).events("12")]
        [('created', 'high'), ('agent_reply', None)]
    """
    reader = _Reader("freshdesk", roles, default_priority)
    status_map = {**FRESHDESK_STATUSES, **_options(statuses, "statuses")}
    expected = (
        "a ticket with 'conversations', a list of tickets or conversations, or 'activities_data'"
    )
    if isinstance(data, Mapping) and "helpdesk_ticket" in data:
        raise ConfigError(
            "a Freshdesk API v1 export ('helpdesk_ticket'); export with API v2 "
            "(GET /api/v2/tickets/{id}?include=conversations)",
            source,
        )
    if isinstance(data, Mapping) and "activities_data" in data:
        rows = data["activities_data"]
        if not isinstance(rows, list):
            raise ConfigError("expected a list", f"{source}: activities_data")
        for index, row in enumerate(rows):
            _guard(reader, None, _fd_activity, reader, row, f"activities_data[{index}]", status_map)
        return reader.result()
    tickets: object = data
    prefix = ""
    if isinstance(data, Mapping) and "tickets" in data:
        tickets, prefix = data["tickets"], "tickets"
    elif isinstance(data, Mapping) and {"id", "created_at", "status"} <= set(data):
        tickets, prefix = [data], "<ticket>"
    if not isinstance(tickets, list) or not all(isinstance(t, Mapping) for t in tickets):
        raise _wrong(data, "freshdesk", source, expected)
    for index, item in enumerate(tickets):
        path = "" if prefix == "<ticket>" else f"{prefix}[{index}]"
        if "incoming" in item and "status" not in item:
            _guard(reader, None, _fd_conversation, reader, item, None, path)
        elif "status" in item and "created_at" in item:
            _guard(reader, None, _fd_ticket, reader, item, path, status_map)
        else:
            raise _wrong(data, "freshdesk", source, expected)
    return reader.result()


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _fd_ticket(
    reader: _Reader, record: Mapping[str, Any], path: str, statuses: Mapping[str, str]
) -> None:
    ticket = reader.ticket(_id(record.get("id"), _join(path, "id")))
    at = _time(record.get("created_at"), _join(path, "created_at"))
    raw = record.get("priority")
    priority = None if raw is None else _name(raw, _join(path, "priority"))
    priority = FRESHDESK_PRIORITIES.get(priority or "", priority)
    reader.create(ticket, at, priority, path)
    if record.get("requester_id") is not None:
        ticket.requester = _id(record["requester_id"], _join(path, "requester_id"))
    stats = record.get("stats")
    if isinstance(stats, Mapping):
        current = _status(_name(record.get("status"), _join(path, "status")), statuses, path)
        for key, status in (
            ("pending_since", "pending"),
            ("resolved_at", "solved"),
            ("closed_at", "closed"),
        ):
            if stats.get(key) is None or (status == "pending" and current != "pending"):
                continue
            where = _join(path, f"stats.{key}")
            _guard(reader, ticket.name, _fd_stat, reader, ticket, stats[key], status, where)
    else:
        reader.skipped["ticket:status without stats (history needs activities)"] += 1
    conversations = record.get("conversations", [])
    if not isinstance(conversations, list):
        raise _Skip("bad_record", "expected a list", _join(path, "conversations"))
    for index, item in enumerate(conversations):
        where = _join(path, f"conversations[{index}]")
        _guard(reader, ticket.name, _fd_conversation, reader, item, ticket, where)


def _fd_stat(reader: _Reader, ticket: _Ticket, value: object, status: str, path: str) -> None:
    reader.add(ticket, _time(value, path), "status", path, status=status)


def _fd_conversation(reader: _Reader, raw: object, ticket: _Ticket | None, path: str) -> None:
    record = _mapping(raw, path)
    if ticket is None:
        ticket = reader.ticket(_id(record.get("ticket_id"), _join(path, "ticket_id")))
    at = _time(record.get("created_at"), _join(path, "created_at"))
    incoming, private = record.get("incoming", False), record.get("private", False)
    for key, flag in (("incoming", incoming), ("private", private)):
        if not isinstance(flag, bool):
            raise _Skip("bad_record", f"expected true or false, got {flag!r}", _join(path, key))
    author = (
        None if record.get("user_id") is None else _id(record["user_id"], _join(path, "user_id"))
    )
    if private:
        reader.add(ticket, at, "internal_note", path)
        return
    role = reader.roles.get(author or "", "customer" if incoming else "agent")
    reader.add(ticket, at, "customer_message" if role == "customer" else "agent_reply", path)


def _fd_activity(reader: _Reader, raw: object, path: str, statuses: Mapping[str, str]) -> None:
    record = _mapping(raw, path)
    ticket = reader.ticket(_id(record.get("ticket_id"), _join(path, "ticket_id")))
    at = _time(record.get("performed_at"), _join(path, "performed_at"))
    activity = _mapping(record.get("activity"), _join(path, "activity"))
    performer = record.get("performer_id")
    for key, value in activity.items():
        where = _join(path, f"activity.{key}")
        _guard(
            reader,
            ticket.name,
            _fd_change,
            reader,
            ticket,
            at,
            (key, value, performer),
            where,
            (statuses, activity),
        )


#: Freshdesk activities keys as servicekit ticket fields.
FRESHDESK_FIELDS: Final[Mapping[str, str]] = {
    "group": "group",
    "group_id": "group",
    "agent": "assignee",
    "agent_id": "assignee",
    "responder_id": "assignee",
    "company": "organization",
    "company_id": "organization",
    "source": "channel",
}


def _fd_change(  # noqa: C901, PLR0912, PLR0917 - one branch per activity key, via _guard
    reader: _Reader,
    ticket: _Ticket,
    at: datetime,
    change: tuple[str, object, object],
    path: str,
    context: tuple[Mapping[str, str], Mapping[str, Any]],
) -> None:
    key, value, performer = change
    statuses, activity = context
    opening = bool(activity.get("new_ticket"))
    if key == "new_ticket":
        priority = activity.get("priority")
        name = None if priority is None else _name(priority, path.rsplit(".", 1)[0] + ".priority")
        reader.create(ticket, at, name, path)
        if performer is not None:
            ticket.requester = _id(performer, path)
    elif key == "status":
        status = _status(_name(value, path), statuses, path)
        if not (activity.get("new_ticket") and status == "open"):
            reader.add(ticket, at, "status", path, status=status)
    elif key == "priority":
        if not activity.get("new_ticket"):
            reader.add(ticket, at, "priority", path, priority=_name(value, path))
    elif key in FRESHDESK_FIELDS:
        name = FRESHDESK_FIELDS[key]
        reader.field(ticket, at, name, _value(value, path), path, opening=opening)
    elif key in ("added_tags", "removed_tags"):
        tags = _tag_list(value, path)
        if opening and key == "added_tags":
            ticket.tags.update(dict.fromkeys(tags))
        elif tags:
            changed = {"added" if key == "added_tags" else "removed": tags}
            reader.add(ticket, at, "tags", path, **changed)
    elif key == "custom_fields":
        for name, item in _mapping(value, path).items():
            where = f"{path}.{name}"
            reader.field(ticket, at, f"custom.{name}", _value(item, where), where, opening=opening)
    elif key == "note":
        note = _mapping(value, path)
        kind = _name(note.get("type"), f"{path}.type")
        author = None if performer is None else _id(performer, path)
        if kind in ("private", "private note"):
            reader.add(ticket, at, "internal_note", path)
        else:
            reader.comment(ticket, at, author, path, public=True)
    else:
        reader.skipped[f"activity:{key}"] += 1


# ------------------------------------------------------------------ Jira


def import_jira(
    data: object,
    *,
    issue: str | None = None,
    roles: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None,
    default_priority: str = "medium",
    source: str = "",
) -> ImportResult:
    """Read a Jira Service Management issue changelog.

    Args:
        data: the parsed JSON of ``GET /rest/api/3/issue/{key}?expand=changelog`` (an
            issue with ``changelog.histories``, its ``fields.created``,
            ``fields.priority``, ``fields.reporter`` and ``fields.comment``), of a
            search with ``expand=changelog`` (``{"issues": [...]}``), or of ``GET
            /rest/api/3/issue/{key}/changelog`` (a page of ``values``, which does not
            name its issue: give ``issue``).
        issue: the issue key of a changelog page.
        roles: account id -> ``"customer"`` or ``"agent"``; by default a comment by
            an account of type ``customer`` or by the reporter is the customer's.
        statuses: Jira status name -> servicekit status; the default service-desk
            workflow names map by default, and so does the issue's current status by
            its category (``new``, ``indeterminate``, ``done``).
        default_priority: the priority of an issue without one.
        source: the file name, for error paths.

    Raises:
        ConfigError: ``data`` is not a Jira changelog of these kinds, or a changelog
            page without ``issue``; the path is ``source``.
        TypeError: an option of the wrong type.

    Example:
        >>> page = {
        ...     "values": [
        ...         {
        ...             "created": "2026-03-02T10:00:00.000+0100",
        ...             "items": [
        ...                 {
        ...                     "field": "status",
        ...                     "fromString": "Waiting for support",
        ...                     "toString": "Waiting for customer",
        ...                 }
        ...             ],
        ...         },
        ...     ]
        ... }
        >>> result = import_jira(page, issue="SD-1")
        >>> [e.status for e in result.events("SD-1")], result.problems[0].code
        (['pending'], 'no_created_event')
    """
    if issue is not None and (not isinstance(issue, str) or not issue):
        raise TypeError(f"issue must be a non-empty string, got {issue!r}")
    reader = _Reader("jira", roles, default_priority)
    status_map = {**JIRA_STATUSES, **_options(statuses, "statuses")}
    expected = "an issue with 'changelog', a search with 'issues', or a changelog page ('values')"
    if not isinstance(data, Mapping):
        raise _wrong(data, "jira", source, expected)
    if "values" in data and isinstance(data["values"], list):
        if issue is None:
            raise ConfigError(
                "a changelog page does not name its issue; give it (--issue SD-1)", source
            )
        ticket = reader.ticket(issue)
        for index, history in enumerate(data["values"]):
            _guard(
                reader,
                issue,
                _jira_history,
                reader,
                ticket,
                history,
                f"values[{index}]",
                status_map,
            )
        return reader.result()
    if "issues" in data and isinstance(data["issues"], list):
        issues, prefix = data["issues"], "issues"
    elif "changelog" in data or "fields" in data:
        issues, prefix = [data], ""
    else:
        raise _wrong(data, "jira", source, expected)
    for index, item in enumerate(issues):
        path = f"{prefix}[{index}]" if prefix else ""
        _guard(reader, None, _jira_issue, reader, item, path, status_map)
    return reader.result()


def _jira_issue(reader: _Reader, raw: object, path: str, statuses: Mapping[str, str]) -> None:
    record = _mapping(raw, path)
    ticket = reader.ticket(_id(record.get("key", record.get("id")), _join(path, "key")))
    fields = _mapping(record.get("fields", {}), _join(path, "fields"))
    here = dict(statuses)
    status = fields.get("status")
    if isinstance(status, Mapping) and isinstance(status.get("statusCategory"), Mapping):
        category = status["statusCategory"].get("key")
        name = status.get("name")
        if isinstance(name, str) and category in JIRA_CATEGORIES:
            here.setdefault(name.strip().lower(), JIRA_CATEGORIES[category])
    if "created" in fields:
        at = _time(fields["created"], _join(path, "fields.created"))
        priority = fields.get("priority")
        name = priority.get("name") if isinstance(priority, Mapping) else None
        reader.create(
            ticket,
            at,
            None if name is None else _name(name, _join(path, "fields.priority.name")),
            path,
        )
    reporter = fields.get("reporter")
    if isinstance(reporter, Mapping) and reporter.get("accountId") is not None:
        ticket.requester = _id(reporter["accountId"], _join(path, "fields.reporter.accountId"))
    comments = fields.get("comment", {})
    if isinstance(comments, Mapping):
        for index, item in enumerate(
            _items(comments.get("comments", []), _join(path, "fields.comment.comments"))
        ):
            where = _join(path, f"fields.comment.comments[{index}]")
            _guard(reader, ticket.name, _jira_comment, reader, ticket, item, where)
    changelog = _mapping(record.get("changelog", {}), _join(path, "changelog"))
    histories = _items(changelog.get("histories", []), _join(path, "changelog.histories"))
    for index, history in enumerate(histories):
        where = _join(path, f"changelog.histories[{index}]")
        _guard(reader, ticket.name, _jira_history, reader, ticket, history, where, here)


def _jira_comment(reader: _Reader, ticket: _Ticket, raw: object, path: str) -> None:
    record = _mapping(raw, path)
    at = _time(record.get("created"), _join(path, "created"))
    public = record.get("jsdPublic", True)
    if not isinstance(public, bool):
        raise _Skip(
            "bad_record", f"expected true or false, got {public!r}", _join(path, "jsdPublic")
        )
    author = record.get("author")
    name = None
    if isinstance(author, Mapping) and author.get("accountId") is not None:
        name = _id(author["accountId"], _join(path, "author.accountId"))
        if author.get("accountType") == "customer" and name not in reader.roles:
            reader.roles[name] = "customer"
    reader.comment(ticket, at, name, path, public=public)


def _jira_history(
    reader: _Reader, ticket: _Ticket, raw: object, path: str, statuses: Mapping[str, str]
) -> None:
    record = _mapping(raw, path)
    at = _time(record.get("created"), _join(path, "created"))
    for index, item in enumerate(_items(record.get("items"), _join(path, "items"))):
        where = _join(path, f"items[{index}]")
        try:
            change = _mapping(item, where)
            field = change.get("fieldId", change.get("field"))
            if field == "status":
                name = _name(change.get("toString"), f"{where}.toString")
                reader.add(ticket, at, "status", where, status=_status(name, statuses, where))
            elif field == "priority":
                name = _name(change.get("toString"), f"{where}.toString")
                reader.add(ticket, at, "priority", where, priority=name)
            elif field == "labels":
                before = _tag_list(change.get("fromString"), f"{where}.fromString")
                now = _tag_list(change.get("toString"), f"{where}.toString")
                added, removed = _diff(before, now)
                reader.add(ticket, at, "tags", where, added=added, removed=removed)
            elif field == "assignee":
                value = _value(change.get("to"), f"{where}.to")
                reader.field(ticket, at, "assignee", value, where)
            elif change.get("fieldtype") == "custom" and isinstance(field, str):
                name = (
                    "organization" if change.get("field") == "Organizations" else f"custom.{field}"
                )
                value = _value(change.get("toString"), f"{where}.toString")
                reader.field(ticket, at, name, value, where)
            else:
                reader.skipped[f"field:{field}"] += 1
        except _Skip as skip:
            reader.problem(ticket.name, skip)


# ------------------------------------------------------------------ dispatch


def import_export(vendor: str, data: object, **options: Any) -> ImportResult:  # noqa: ANN401
    """Read an export of ``vendor`` (one of :data:`VENDORS`) with that vendor's reader.

    Raises:
        ConfigError: an unknown vendor (path ``vendor``), or what the reader raises.
        TypeError: ``vendor`` is not a string, or an unknown option.

    Example:
        >>> import_export("jira", {"issues": []}).tickets
        ()
    """
    if not isinstance(vendor, str):
        raise TypeError(f"vendor must be a string, got {type(vendor).__name__}")
    readers = {"zendesk": import_zendesk, "freshdesk": import_freshdesk, "jira": import_jira}
    if vendor not in readers:
        raise ConfigError(f"unknown vendor {vendor!r}; expected one of {VENDORS}", "vendor")
    result: ImportResult = readers[vendor](data, **options)
    return result
