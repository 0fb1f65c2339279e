"""HOW FAST: SLA policies and clocks, follow-ups and reply windows.

SLA status is a pure function of a ticket's event log and a "now" given by the
caller: first-reply, next-reply, periodic-update, requester-wait, agent-work and
resolution clocks, with pauses, business-hours calendars, at-risk warnings and
breaches; plus follow-up scheduling and reply windows computed from the same events.
"""

from __future__ import annotations

from typing import Any

from servicekit.sla._batch import (
    ERROR_CODES,
    ROW_COLUMNS,
    BatchReport,
    SummaryRow,
    TicketError,
    evaluate_many,
    upcoming_breaches,
)
from servicekit.sla._clock import CalendarLike
from servicekit.sla._engine import (
    CLOCK_STATUSES,
    PROBLEM_CODES,
    Cycle,
    MetricReport,
    Pause,
    Problem,
    SLAReport,
    evaluate,
)
from servicekit.sla._events import FIELDS, KINDS, STATUSES, TicketEvent
from servicekit.sla._followup import (
    FOLLOW_UP_STATUSES,
    TRIGGERS,
    FollowUp,
    FollowUpRule,
    faq_answer_check,
    satisfaction_check,
    schedule_follow_ups,
)
from servicekit.sla._imports import (
    IMPORT_PROBLEM_CODES,
    VENDORS,
    ImportProblem,
    ImportResult,
    import_export,
    import_freshdesk,
    import_jira,
    import_zendesk,
)
from servicekit.sla._policy import MAX_DURATION, METRICS, Policy, Target
from servicekit.sla._policyset import (
    CONDITION_OPS,
    MAX_CONDITION_DEPTH,
    Condition,
    PolicyRule,
    PolicySet,
    PolicySpan,
)
from servicekit.sla._reconcile import (
    DISAGREEMENTS,
    REASONS,
    Disagreement,
    Reconciliation,
    VendorMeasure,
    VendorMetrics,
    read_zendesk_metrics,
    reconcile,
)
from servicekit.sla._statuses import (
    BEHAVIOURS,
    CATEGORIES,
    STATUS_METRICS,
    CustomStatus,
    StatusMap,
)
from servicekit.sla._table import (
    EVENT_COLUMNS,
    ROW_TYPES,
    SUMMARY_TABLE_COLUMNS,
    TABLE_COLUMNS,
    TABLE_KINDS,
    attainment_finish,
    attainment_merge,
    attainment_partial,
    attainment_table,
    evaluate_table,
    table_schema,
)
from servicekit.sla._window import ReplyWindow, reply_window

__all__ = [
    "BEHAVIOURS",
    "CATEGORIES",
    "CLOCK_STATUSES",
    "CONDITION_OPS",
    "DISAGREEMENTS",
    "ERROR_CODES",
    "EVENT_COLUMNS",
    "FIELDS",
    "FOLLOW_UP_STATUSES",
    "IMPORT_PROBLEM_CODES",
    "KINDS",
    "MAX_CONDITION_DEPTH",
    "MAX_DURATION",
    "METRICS",
    "PROBLEM_CODES",
    "REASONS",
    "ROW_COLUMNS",
    "ROW_TYPES",
    "STATUSES",
    "STATUS_METRICS",
    "SUMMARY_TABLE_COLUMNS",
    "TABLE_COLUMNS",
    "TABLE_KINDS",
    "TABLE_SCHEMA",
    "TRIGGERS",
    "VENDORS",
    "BatchReport",
    "CalendarLike",
    "Condition",
    "CustomStatus",
    "Cycle",
    "Disagreement",
    "FollowUp",
    "FollowUpRule",
    "ImportProblem",
    "ImportResult",
    "MetricReport",
    "Pause",
    "Policy",
    "PolicyRule",
    "PolicySet",
    "PolicySpan",
    "Problem",
    "Reconciliation",
    "ReplyWindow",
    "SLAReport",
    "StatusMap",
    "SummaryRow",
    "Target",
    "TicketError",
    "TicketEvent",
    "VendorMeasure",
    "VendorMetrics",
    "attainment_finish",
    "attainment_merge",
    "attainment_partial",
    "attainment_table",
    "evaluate",
    "evaluate_many",
    "evaluate_table",
    "faq_answer_check",
    "import_export",
    "import_freshdesk",
    "import_jira",
    "import_zendesk",
    "read_zendesk_metrics",
    "reconcile",
    "reply_window",
    "satisfaction_check",
    "schedule_follow_ups",
    "table_schema",
    "upcoming_breaches",
]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - a pyarrow.Schema, built on use
    """``TABLE_SCHEMA``: :func:`table_schema`'s result, built on first use (needs pyarrow)."""
    if name == "TABLE_SCHEMA":
        return table_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
