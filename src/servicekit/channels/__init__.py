"""AT WHAT COST: support channels, queueing and staffing, and the channel mix.

Erlang B/C/A queueing as plain functions over floats, staffing to a service level,
frozen models of phone, email, live chat, self-help and ticket channels with sourced
default figures, channel comparison and a recommended mix under a budget.
"""

from __future__ import annotations

from servicekit.channels._queueing import (
    QueueMetrics,
    Staffing,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    queue_metrics,
    required_agents,
)

__all__ = [
    "QueueMetrics",
    "Staffing",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_c",
    "queue_metrics",
    "required_agents",
]
