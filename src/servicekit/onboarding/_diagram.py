"""Mermaid and Graphviz DOT text for flows, optionally with funnel counts (private)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from servicekit._time import format_duration
from servicekit.exceptions import ConfigError

if TYPE_CHECKING:
    from servicekit.onboarding._analytics import Funnel
    from servicekit.onboarding._chart import Node
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
    from servicekit.onboarding._analytics import Funnel  # noqa: PLC0415 - typing import above

    if funnel is not None and not isinstance(funnel, Funnel):
        raise TypeError(f"funnel must be a Funnel or None, got {type(funnel).__name__}")
    if funnel is not None and funnel.flow != flow.name:
        raise ConfigError(f"the funnel is for flow {funnel.flow!r}, not {flow.name!r}", "funnel")
    if funnel is not None and flow._chart is not None:  # noqa: SLF001 - a nested flow
        raise ConfigError(
            "diagrams show funnel counts on flat flows only; draw a nested flow without "
            "a funnel and read its counts from the funnel's rows",
            "funnel",
        )


def to_mermaid(flow: Flow, funnel: Funnel | None = None) -> str:
    """Return a Mermaid ``stateDiagram-v2`` of ``flow``.

    States whose names are not plain identifiers get ids ``s0``, ``s1``, ... and
    their names as labels. With a funnel each state is described with its counts.
    """
    _check(flow, funnel)
    if flow._chart is not None:  # noqa: SLF001 - a nested flow
        return _chart_mermaid(flow)
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
    if flow._chart is not None:  # noqa: SLF001 - a nested flow
        return _chart_dot(flow)
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


def _chart_ids(flow: Flow) -> dict[str, str]:
    names = [s.name for top in flow.states for s in top.walk()]
    return {n: n if _IDENT.fullmatch(n) else f"s{i}" for i, n in enumerate(names)}


def _chart_mermaid(flow: Flow) -> str:  # noqa: C901 - one case per kind of state
    """Composite states as ``state x { ... }``, parallel regions split by ``--``.

    Each transition is drawn inside the block of its domain (the innermost compound
    state holding its source and target), as Mermaid wants; history states are
    drawn as ``H`` (shallow) or ``H*`` (deep).
    """
    chart = flow._chart  # noqa: SLF001
    assert chart is not None  # noqa: S101 - called for nested flows only
    ids = _chart_ids(flow)
    inside: dict[str, list[int]] = {}
    for i, edge in enumerate(chart.edges):
        inside.setdefault(edge.domain.name, []).append(i)
    lines = ["stateDiagram-v2"]

    def edges(owner: str, pad: str) -> None:
        for i in inside.get(owner, ()):
            t = flow.transitions[i]
            label = _edge_label(flow, i).replace(":", " ")
            lines.append(f"{pad}{ids[t.source]} --> {ids[t.target]} : {label}")

    def block(node: Node, pad: str) -> None:
        state = node.state
        assert state is not None  # noqa: S101 - not the root
        sid = ids[node.name]
        if node.kind == "history":
            mark = "H*" if state.history == "deep" else "H"
            lines.append(f'{pad}state "{mark}" as {sid}')
            return
        if sid != node.name:
            lines.append(f'{pad}state "{_quote(node.name)}" as {sid}')
        if not node.children:
            return
        lines.append(f"{pad}state {sid} {{")
        inner = pad + "    "
        if node.kind == "parallel":
            for k, region in enumerate(node.regions):
                if k:
                    lines.append(f"{inner}--")
                block(region, inner)
            for h in node.histories:
                block(h, inner)
        else:
            for child in node.children:
                block(child, inner)
            assert node.initial is not None  # noqa: S101 - a compound state has one
            lines.append(f"{inner}[*] --> {ids[node.initial.name]}")
            edges(node.name, inner)
            lines.extend(f"{inner}{ids[c.name]} --> [*]" for c in node.regions if c.kind == "final")
        lines.append(f"{pad}}}")

    for top in chart.root.children:
        block(top, "    ")
    lines.append(f"    [*] --> {ids[flow.initial_state]}")
    edges("", "    ")
    lines.extend(f"    {ids[name]} --> [*]" for name in flow.finals)
    return "\n".join(lines) + "\n"


def _chart_dot(flow: Flow) -> str:  # noqa: C901 - one case per kind of state
    """Compound and parallel states as clusters (parallel ones dashed).

    An edge from or to a compound state is drawn from or to its first leaf, clipped at
    the cluster's border (``ltail``/``lhead``, with ``compound=true``).
    """
    chart = flow._chart  # noqa: SLF001
    assert chart is not None  # noqa: S101 - called for nested flows only
    lines = [
        f'digraph "{_quote(flow.name)}" {{',
        "    rankdir=LR;",
        "    compound=true;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    "__start" [shape=point, label=""];',
    ]

    def anchor(node: Node) -> Node:
        while node.children:
            node = node.regions[0]
        return node

    def block(node: Node, pad: str) -> None:
        state = node.state
        assert state is not None  # noqa: S101 - not the root
        name = label = _quote(node.name)
        if node.kind == "history":
            mark = "H*" if state.history == "deep" else "H"
            lines.append(f'{pad}"{name}" [label="{mark}", shape=circle];')
        elif node.children:
            style = "dashed" if node.kind == "parallel" else "rounded"
            lines.append(f'{pad}subgraph "cluster_{name}" {{')
            lines.append(f'{pad}    label="{label}";')
            lines.append(f"{pad}    style={style};")
            for child in node.children:
                block(child, pad + "    ")
            lines.append(f"{pad}}}")
        else:
            extra = ", peripheries=2" if node.kind == "final" else ""
            lines.append(f'{pad}"{name}" [label="{label}"{extra}];')

    for top in chart.root.children:
        block(top, "    ")
    first = chart.nodes[flow.initial_state]
    lines.append(f'    "__start" -> "{_quote(anchor(first).name)}";')
    for i, edge in enumerate(chart.edges):
        label = _quote(_edge_label(flow, i))
        clip = ""
        if edge.source.children:
            clip += f', ltail="cluster_{_quote(edge.source.name)}"'
        if edge.target.children:
            clip += f', lhead="cluster_{_quote(edge.target.name)}"'
        lines.append(
            f'    "{_quote(anchor(edge.source).name)}" -> "{_quote(anchor(edge.target).name)}" '
            f'[label="{label}"{clip}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
