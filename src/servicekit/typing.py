"""Type aliases of the public API: its fixed sets of strings, and the unions it accepts.

Each ``Literal`` alias names the values of one fixed set, the same values as the
matching constant (``Metric`` and :data:`servicekit.sla.METRICS`): use the alias in
your own annotations, the constant to iterate.

Example:
    >>> from typing import get_args
    >>> from servicekit.sla import METRICS
    >>> from servicekit.typing import Metric
    >>> get_args(Metric) == METRICS
    True
"""

from __future__ import annotations

from datetime import timedelta, tzinfo
from typing import TYPE_CHECKING, Literal, TypeAlias, Union

if TYPE_CHECKING:  # pragma: no cover - Babel is imported only where a locale is used
    from babel import Locale

__all__ = [
    "Behaviour",
    "Binding",
    "Category",
    "ClockStatus",
    "Duration",
    "ErrorCode",
    "EventKind",
    "FollowUpStatus",
    "Handling",
    "LocaleLike",
    "Metric",
    "ProblemCode",
    "RuleKind",
    "Severity",
    "Status",
    "Tone",
    "ZoneLike",
    "ZoneSource",
]

#: A time zone, as an IANA key (``"Europe/Berlin"``) or a ``tzinfo`` (a ``ZoneInfo``).
ZoneLike: TypeAlias = Union[str, tzinfo]  # noqa: UP007 - a runtime alias on Python 3.10
#: Where zone rules come from: the ``tzdata`` package or the operating ``system``.
ZoneSource: TypeAlias = Literal["tzdata", "system"]
#: A locale, as a tag (``"de_AT"``, ``"de-AT"``, ``"EN_gb"``) or a Babel ``Locale``.
LocaleLike: TypeAlias = Union[str, "Locale"]
#: A length of time, as a ``timedelta`` or a number of seconds.
Duration: TypeAlias = Union[float, int, timedelta]  # noqa: UP007 - a runtime alias on 3.10

#: An SLA metric (:data:`servicekit.sla.METRICS`).
Metric: TypeAlias = Literal[
    "first_reply", "next_reply", "periodic_update", "requester_wait", "agent_work", "resolution"
]
#: A kind of ticket event (:data:`servicekit.sla.KINDS`).
EventKind: TypeAlias = Literal[
    "created",
    "customer_message",
    "agent_reply",
    "internal_note",
    "status",
    "priority",
    "due_date",
    "field",
    "tags",
]
#: A standard ticket status, and so a status category (:data:`servicekit.sla.STATUSES`).
Status: TypeAlias = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
#: A status category of a custom status (:data:`servicekit.sla.CATEGORIES`).
Category: TypeAlias = Status
#: What a status does to a clock (:data:`servicekit.sla.BEHAVIOURS`).
Behaviour: TypeAlias = Literal["run", "pause", "stop"]
#: The status of an SLA clock or cycle (:data:`servicekit.sla.CLOCK_STATUSES`).
ClockStatus: TypeAlias = Literal[
    "not_started", "on_track", "at_risk", "paused", "breached", "met", "missed"
]
#: The code of an event problem (:data:`servicekit.sla.PROBLEM_CODES`).
ProblemCode: TypeAlias = Literal[
    "before_created",
    "duplicate_created",
    "after_closed",
    "duplicate_event",
    "unknown_priority",
    "unknown_status",
    "no_policy",
]
#: The code of a ticket that could not be evaluated (:data:`servicekit.sla.ERROR_CODES`).
ErrorCode: TypeAlias = Literal[
    "no_created_event",
    "created_after_now",
    "out_of_range",
    "no_business_time",
    "invalid_events",
    "duplicate_ticket",
    "invalid_ticket",
]
#: The status of a follow-up (:data:`servicekit.sla.FOLLOW_UP_STATUSES`).
FollowUpStatus: TypeAlias = Literal["scheduled", "due", "cancelled", "superseded"]
#: The target that set a staffing number (``Staffing.binding``), or ``"no_arrivals"``.
Binding: TypeAlias = Literal[
    "service_level", "max_occupancy", "max_abandonment", "max_agents", "no_arrivals"
]
#: The tone of an incoming message, calmest first (:data:`servicekit.replies.TONES`).
Tone: TypeAlias = Literal["calm", "frustrated", "angry", "abusive"]
#: The recommended handling of an incoming message.
Handling: TypeAlias = Literal["reply", "cool-down"]
#: The severity of a reply-review finding (:data:`servicekit.replies.SEVERITIES`).
Severity: TypeAlias = Literal["low", "medium", "high"]
#: The kind of a reply-review rule (``match`` flags every match, ``require`` flags a
#: reply where nothing matches).
RuleKind: TypeAlias = Literal["match", "require"]
