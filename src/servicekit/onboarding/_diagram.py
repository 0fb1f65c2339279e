"""Mermaid and Graphviz DOT text for flows, optionally with funnel counts (private)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from servicekit._time import format_duration

if TYPE_CHECKING:
    from servicekit.onboarding._analytics import Funnel
    from servicekit.onboarding._flow import Flow

__all__ = ["to_dot", "to_mermaid"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _counts(funnel: Funnel | None, state: str) -> str:
    if funnel is None:
        return ""
    row = funnel.row(state)
    text = f"entered {row.entered}, here {row.current}"
    if row.conversion is not None:
        text += f", on {row.conversion:.0%}"
    if row.stuck:
        text += f", stuck {row.stuck}"
    return text


def _edge_label(flow: Flow, index: int) -> str:
    t = flow.transitions[index]
    label = t.event
    if t.guards:
        label += f" [{', '.join(t.guards)}]"
    timer = next((tm for tm in flow.state(t.source).timers if tm.event == t.event), None)
    if timer is not None:
        label += f" (after {format_duration(timer.after)})"
    return label


def _check(flow: Flow, funnel: Funnel | None) -> None:
    if funnel is not None and funnel.flow != flow.name:
        raise ValueError(f"the funnel is for flow {funnel.flow!r}, not {flow.name!r}")


def to_mermaid(flow: Flow, funnel: Funnel | None = None) -> str:
    """Return a Mermaid ``stateDiagram-v2`` of ``flow``.

    States whose names are not plain identifiers get ids ``s0``, ``s1``, ... and
    their names as labels. With a funnel each state is described with its counts.
    """
    _check(flow, funnel)
    ids = {
        s.name: s.name if _IDENT.fullmatch(s.name) else f"s{i}" for i, s in enumerate(flow.states)
    }
    lines = ["stateDiagram-v2"]
    for s in flow.states:
        sid = ids[s.name]
        counts = _counts(funnel, s.name)
        if sid != s.name:
            lines.append(f'    state "{_quote(s.name)}" as {sid}')
        if counts:
            lines.append(f"    {sid} : {_quote(s.name)} ({counts})")
    lines.append(f"    [*] --> {ids[flow.initial_state]}")
    for i, t in enumerate(flow.transitions):
        label = _edge_label(flow, i).replace(":", " ")
        lines.append(f"    {ids[t.source]} --> {ids[t.target]} : {label}")
    lines.extend(f"    {ids[name]} --> [*]" for name in flow.finals)
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def to_dot(flow: Flow, funnel: Funnel | None = None) -> str:
    """Return a Graphviz DOT ``digraph`` of ``flow`` (no Graphviz needed to produce it).

    Final states are drawn with a double border; with a funnel each state's label
    carries its counts.
    """
    _check(flow, funnel)
    lines = [
        f'digraph "{_quote(flow.name)}" {{',
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    "__start" [shape=point, label=""];',
    ]
    for s in flow.states:
        counts = _counts(funnel, s.name)
        label = _quote(s.name) + (f"\\n{counts}" if counts else "")
        extra = ", peripheries=2" if s.final else ""
        lines.append(f'    "{_quote(s.name)}" [label="{label}"{extra}];')
    lines.append(f'    "__start" -> "{_quote(flow.initial_state)}";')
    for i, t in enumerate(flow.transitions):
        label = _quote(_edge_label(flow, i))
        lines.append(f'    "{_quote(t.source)}" -> "{_quote(t.target)}" [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
