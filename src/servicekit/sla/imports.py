"""Help-desk exports as event logs: Zendesk, Freshdesk and Jira Service Management.

The readers turn the JSON of a vendor's public API into :class:`~servicekit.sla.TicketEvent`
logs, one per ticket, and report every record they cannot map
(:class:`~servicekit.sla.ImportProblem`). The tables below are the default mappings the
readers use; ``docs/reference/vendor-exports.md`` lists the mapping field by field.

Example:
    >>> from servicekit.sla.imports import ZENDESK_STATUSES, import_zendesk
    >>> ZENDESK_STATUSES["hold"]
    'on_hold'
"""

from __future__ import annotations

from servicekit.sla._imports import (
    FRESHDESK_FIELDS,
    FRESHDESK_PRIORITIES,
    FRESHDESK_STATUSES,
    IMPORT_PROBLEM_CODES,
    JIRA_CATEGORIES,
    JIRA_STATUSES,
    VENDORS,
    ZENDESK_FIELDS,
    ZENDESK_STATUSES,
    ImportProblem,
    ImportResult,
    import_export,
    import_freshdesk,
    import_jira,
    import_zendesk,
    parse_vendor_time,
)

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
