"""AT WHAT COST: support channels, queueing and staffing, and the channel mix.

Erlang B/C/A queueing as plain functions over floats, staffing to a service level,
frozen models of phone, email, live chat, self-help and ticket channels with sourced
default figures, channel comparison and a recommended mix under a budget; interval
profiles sized per interval, the shifts that cover them and the people on them.
"""

from __future__ import annotations

from servicekit.channels._demand import MAX_CONTACTS, MAX_PERIOD, Demand
from servicekit.channels._mix import (
    DEFAULT_PREFERENCES,
    PROMISE_LADDER,
    Advice,
    BreakEven,
    ChannelModel,
    FaqCandidate,
    MixRecommendation,
    Targets,
    advise_channels,
    compare,
    faq_candidates,
    recommend_mix,
    self_help_break_even,
)
from servicekit.channels._models import (
    ChannelReport,
    Email,
    Forum,
    LiveChat,
    Phone,
    SelfHelp,
    Tickets,
    channel_from_dict,
)
from servicekit.channels._plan_plot import plot_coverage
from servicekit.channels._plot import plot_cost_per_contact, plot_service_level
from servicekit.channels._profile import (
    IntervalStaffing,
    ProfileInterval,
    StaffingPlan,
    arrival_profile,
    staff_profile,
)
from servicekit.channels._queueing import (
    MAX_SECONDS,
    MAX_SERIES_TERMS,
    MAX_TRAFFIC,
    TOLERANCE,
    QueueMetrics,
    Staffing,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    queue_metrics,
    required_agents,
)
from servicekit.channels._roster import Assignment, Person, Roster, assign_shifts
from servicekit.channels._shifts import (
    Break,
    CoverageRow,
    ScheduledShift,
    ShiftSchedule,
    ShiftTemplate,
    schedule_shifts,
)
from servicekit.channels._text import Line

__all__ = [
    "DEFAULT_PREFERENCES",
    "MAX_CONTACTS",
    "MAX_PERIOD",
    "MAX_SECONDS",
    "MAX_SERIES_TERMS",
    "MAX_TRAFFIC",
    "PROMISE_LADDER",
    "TOLERANCE",
    "Advice",
    "Assignment",
    "Break",
    "BreakEven",
    "ChannelModel",
    "ChannelReport",
    "CoverageRow",
    "Demand",
    "Email",
    "FaqCandidate",
    "Forum",
    "IntervalStaffing",
    "Line",
    "LiveChat",
    "MixRecommendation",
    "Person",
    "Phone",
    "ProfileInterval",
    "QueueMetrics",
    "Roster",
    "ScheduledShift",
    "SelfHelp",
    "ShiftSchedule",
    "ShiftTemplate",
    "Staffing",
    "StaffingPlan",
    "Targets",
    "Tickets",
    "advise_channels",
    "arrival_profile",
    "assign_shifts",
    "channel_from_dict",
    "compare",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_c",
    "faq_candidates",
    "plot_cost_per_contact",
    "plot_coverage",
    "plot_service_level",
    "queue_metrics",
    "recommend_mix",
    "required_agents",
    "schedule_shifts",
    "self_help_break_even",
    "staff_profile",
]
