"""Flows as SCXML documents and XState v5 machine configurations (private).

SCXML (W3C, 2015) carries the structure: ``<state>``, ``<parallel>``, ``<final>``,
``<history type>``, ``initial`` and ``<transition event cond target>``, each
transition inside its source state. What SCXML has no element for goes into elements
and attributes of the servicekit namespace (:data:`SK_NS`, prefix ``sk``): the
flow's version, guidance, timers, a transition's effects and counters, its place in
the flow's transition list, and the claims (as JSON). ``cond`` holds guard names
joined by `` and ``; they are looked up in the registries, never evaluated. A
transition's ``<raise event>`` is SCXML's own element.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from servicekit._time import parse_duration
from servicekit.exceptions import ConfigError
from servicekit.onboarding._chart import MAX_DEPTH
from servicekit.onboarding._model import shown

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from servicekit._calendar_like import CalendarLike
    from servicekit.onboarding._flow import Flow
    from servicekit.onboarding._model import EffectFactory, Guard

__all__ = ["MAX_SCXML", "SCXML_NS", "SK_NS", "from_scxml", "to_scxml", "to_xstate"]

#: The SCXML namespace.
SCXML_NS = "http://www.w3.org/2005/07/scxml"
#: The namespace of servicekit's additions (prefix ``sk``).
SK_NS = "https://servicekit.readthedocs.io/scxml"
#: The largest SCXML document :func:`from_scxml` reads, in characters.
MAX_SCXML = 1_000_000

_S = f"{{{SCXML_NS}}}"
_K = f"{{{SK_NS}}}"
_STATE_TAGS = {f"{_S}state", f"{_S}parallel", f"{_S}final", f"{_S}history"}
_DECLARATION = re.compile(r"<!\s*(doctype|entity)", re.IGNORECASE)


# --------------------------------------------------------------------------- export


def to_scxml(flow: Flow) -> str:
    """Return ``flow`` as an SCXML document (see the module docstring)."""
    ET.register_namespace("", SCXML_NS)
    ET.register_namespace("sk", SK_NS)
    data = flow.to_dict()
    root = ET.Element(
        f"{_S}scxml",
        {
            "version": "1.0",
            "name": flow.name,
            "initial": flow.initial_state,
            "datamodel": "null",
            f"{_K}version": str(flow.version),
        },
    )
    if "claims" in data:
        ET.SubElement(root, f"{_K}claims").text = json.dumps(data["claims"], ensure_ascii=False)
    by_source: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, t in enumerate(data["transitions"]):
        by_source.setdefault(t["source"], []).append((i, t))
    todo: list[tuple[ET.Element, dict[str, Any]]] = [(root, s) for s in data["states"]]
    # Iterative, in document order: a stack of (parent element, state) pairs.
    todo.reverse()
    while todo:
        parent, state = todo.pop()
        element = ET.SubElement(parent, _tag(state), _attributes(state))
        for timer in state.get("timers", ()):
            ET.SubElement(element, f"{_K}timer", {k: str(v) for k, v in timer.items()})
        for i, t in by_source.get(state["name"], ()):
            _transition(element, i, t)
        todo.extend((element, s) for s in reversed(state.get("states", ())))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=False) + "\n"


def _tag(state: Mapping[str, Any]) -> str:
    if state.get("history") is not None:
        return f"{_S}history"
    if state.get("final"):
        return f"{_S}final"
    return f"{_S}parallel" if state.get("parallel") else f"{_S}state"


def _attributes(state: Mapping[str, Any]) -> dict[str, str]:
    out = {"id": state["name"]}
    if state.get("history") is not None:
        out["type"] = state["history"]
    if state.get("initial") is not None:
        out["initial"] = state["initial"]
    if state.get("guidance") is not None:
        out[f"{_K}guidance"] = state["guidance"]
    return out


def _transition(parent: ET.Element, index: int, t: Mapping[str, Any]) -> None:
    attributes = {"event": t["event"], "target": t["target"], f"{_K}index": str(index)}
    if t.get("guards"):
        attributes["cond"] = " and ".join(t["guards"])
    element = ET.SubElement(parent, f"{_S}transition", attributes)
    for event in t.get("raises", ()):
        ET.SubElement(element, f"{_S}raise", {"event": event})
    for effect in t.get("effects", ()):
        if isinstance(effect, str):
            ET.SubElement(element, f"{_K}effect", {"name": effect})
            continue
        if "send" in effect:
            item = ET.SubElement(
                element, f"{_K}send", {"message": effect["send"], "to": effect["to"]}
            )
        else:
            item = ET.SubElement(
                element,
                f"{_K}notify",
                {"recipient": effect["notify"], "message": effect["message"]},
            )
        for name, value in effect.get("params", {}).items():
            ET.SubElement(item, f"{_K}param", {"name": name, "value": json.dumps(value)})
    for counter in t.get("counts", ()):
        ET.SubElement(element, f"{_K}count", {"name": counter})


def to_xstate(flow: Flow) -> dict[str, Any]:  # noqa: C901 - one case per kind of state
    """Return ``flow`` as an XState v5 machine configuration (plain JSON data)."""
    data = flow.to_dict()
    by_source: dict[str, list[dict[str, Any]]] = {}
    for t in data["transitions"]:
        by_source.setdefault(t["source"], []).append(t)

    def node(state: Mapping[str, Any]) -> dict[str, Any]:  # noqa: C901
        out: dict[str, Any] = {"id": state["name"]}
        if state.get("history") is not None:
            out["type"] = "history"
            out["history"] = state["history"]
            return out
        if state.get("final"):
            out["type"] = "final"
        elif state.get("parallel"):
            out["type"] = "parallel"
        children = state.get("states", ())
        if children and not state.get("parallel"):
            out["initial"] = state.get("initial") or children[0]["name"]
        if children:
            out["states"] = {c["name"]: node(c) for c in children}
        on: dict[str, list[dict[str, Any]]] = {}
        for t in by_source.get(state["name"], ()):
            on.setdefault(t["event"], []).append(_xstate_transition(t))
        if on:
            out["on"] = on
        timers = state.get("timers", ())
        if timers:
            out["after"] = {}
            for tm in timers:
                params = {"event": tm["event"], "timer": tm["name"]}
                if "calendar" in tm:
                    params["calendar"] = tm["calendar"]
                delay = str(int(parse_duration(tm["after"], "after").total_seconds() * 1000))
                out["after"].setdefault(delay, []).append(
                    {"actions": [{"type": "xstate.raise", "params": params}]}
                )
        if state.get("guidance") is not None:
            out["meta"] = {"guidance": state["guidance"]}
        return out

    top = next(s for s in flow.states if flow.initial_state in {x.name for x in s.walk()})
    return {
        "id": flow.name,
        "version": str(flow.version),
        "initial": top.name,
        "states": {s["name"]: node(s) for s in data["states"]},
    }


def _xstate_transition(t: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"target": f"#{t['target']}", "reenter": True}
    guards = t.get("guards", ())
    if len(guards) == 1:
        out["guard"] = guards[0]
    elif guards:
        out["guard"] = {"type": "xstate.and", "guards": list(guards)}
    actions: list[dict[str, Any]] = []
    for effect in t.get("effects", ()):
        if isinstance(effect, str):
            actions.append({"type": effect})
        elif "send" in effect:
            actions.append({"type": "send", "params": effect})
        else:
            actions.append({"type": "notify", "params": effect})
    actions.extend({"type": "count", "params": {"counter": c}} for c in t.get("counts", ()))
    actions.extend({"type": "xstate.raise", "params": {"event": e}} for e in t.get("raises", ()))
    if actions:
        out["actions"] = actions
    return out


# --------------------------------------------------------------------------- import


def from_scxml(
    text: str,
    *,
    guards: Mapping[str, Guard | Callable[..., bool]] | None = None,
    effects: Mapping[str, EffectFactory] | None = None,
    calendars: Mapping[str, CalendarLike] | None = None,
) -> Flow:
    """Read a flow written by :func:`to_scxml` (or by hand, in the same subset).

    Raises:
        TypeError: ``text`` is not a string.
        ConfigError: the document is too large, declares a DTD or entities, is not
            well-formed, or describes no valid flow; ``.problems`` lists every problem
            (XML paths such as ``scxml/state[a]/onentry``, then the paths of
            :meth:`Flow.from_dict`).
    """
    from servicekit.onboarding._flow import Flow, raise_problems  # noqa: PLC0415 - cycle

    if not isinstance(text, str):
        raise TypeError(f"an SCXML document must be a string, got {type(text).__name__}")
    if len(text) > MAX_SCXML:
        raise ConfigError(
            f"the document has {len(text):,} characters, more than {MAX_SCXML:,}; split it",
            "scxml",
        )
    if _DECLARATION.search(text):
        raise ConfigError(
            "the document declares a DTD or entities, which are refused (they can expand "
            "without bound); remove the <!DOCTYPE ...> part",
            "scxml",
        )
    try:
        root = ET.fromstring(text)  # noqa: S314 - no DTD, no entities (checked above)
    except ET.ParseError as err:
        raise ConfigError(f"not well-formed XML: {err}", "scxml") from None
    if root.tag != f"{_S}scxml":
        raise ConfigError(
            f"the root element is {shown(root.tag)}, not <scxml> of {SCXML_NS!r}", "scxml"
        )
    found: list[ConfigError] = []
    data = _read(root, found)
    try:
        flow = Flow.from_dict(data, guards=guards, effects=effects, calendars=calendars)
    except ConfigError as err:
        found.extend(getattr(err, "problems", (err,)))
        flow = None
    if found or flow is None:
        name = data.get("name") if isinstance(data.get("name"), str) else "?"
        raise_problems(str(name), found)
    return flow  # type: ignore[return-value] # raise_problems raised otherwise


def _read(root: ET.Element, found: list[ConfigError]) -> dict[str, Any]:  # noqa: C901, PLR0912, PLR0915 - one check per part
    """The flow's plain data from an SCXML element tree, collecting problems."""

    def add(path: str, message: str) -> None:
        found.append(ConfigError(message, path))

    data: dict[str, Any] = {"name": root.get("name"), "states": [], "transitions": []}
    version = root.get(f"{_K}version", "1")
    data["version"] = int(version) if re.fullmatch(r"-?[0-9]{1,19}", version) else version
    if root.get("initial") is not None:
        data["initial"] = root.get("initial")
    transitions: list[tuple[int | None, int, dict[str, Any]]] = []
    todo: list[tuple[ET.Element, list[Any], str, int]] = [
        (child, data["states"], "scxml", 1) for child in reversed(root)
    ]
    while todo:
        element, into, path, depth = todo.pop()
        tag = element.tag
        if tag == f"{_K}claims" and path == "scxml":
            try:
                data["claims"] = json.loads(element.text or "", parse_constant=_no_constant)
            except ValueError as err:
                add(f"{path}/sk:claims", f"expected JSON, got {err}")
            continue
        if tag not in _STATE_TAGS:
            add(f"{path}/{_local(tag)}", _unsupported(tag))
            continue
        name = element.get("id")
        here = f"{path}/{_local(tag)}[{name}]"
        if depth > MAX_DEPTH:
            add(here, f"states nest more than {MAX_DEPTH} levels deep; flatten the flow")
            continue
        state: dict[str, Any] = {"name": name}
        if tag == f"{_S}final":
            state["final"] = True
        if tag == f"{_S}parallel":
            state["parallel"] = True
        if tag == f"{_S}history":
            state["history"] = element.get("type", "shallow")
        for key in ("initial",):
            if element.get(key) is not None:
                state[key] = element.get(key)
        if element.get(f"{_K}guidance") is not None:
            state["guidance"] = element.get(f"{_K}guidance")
        children: list[Any] = []
        kids = []
        for child in element:
            if child.tag == f"{_K}timer":
                state.setdefault("timers", []).append(dict(child.attrib))
            elif child.tag == f"{_S}transition":
                number, t = _read_transition(child, name, here, add)
                transitions.append((number, len(transitions), t))
            elif child.tag in _STATE_TAGS:
                kids.append(child)
            else:
                add(f"{here}/{_local(child.tag)}", _unsupported(child.tag))
        # Children are read when popped: pushed in reverse, they come in document order.
        todo.extend((child, children, here, depth + 1) for child in reversed(kids))
        if kids:
            state["states"] = children
        into.append(state)
    numbered = all(index is not None for index, _, _ in transitions)
    transitions.sort(key=lambda x: (x[0] if numbered else 0, x[1]))
    data["transitions"] = [t for _, _, t in transitions]
    return data


def _read_transition(  # noqa: C901, PLR0912 - one case per element
    element: ET.Element, source: str | None, path: str, add: Callable[[str, str], None]
) -> tuple[int | None, dict[str, Any]]:
    """A transition's plain data, and its ``sk:index`` (``None`` when absent)."""
    index = element.get(f"{_K}index")
    here = f"{path}/transition[{element.get('event')}]"
    t: dict[str, Any] = {
        "source": source,
        "event": element.get("event"),
        "target": element.get("target"),
    }
    for key in ("event", "target"):
        value = element.get(key)
        if value is None or len(value.split()) != 1:
            add(
                f"{here}@{key}",
                f"expected one {key} name, got {shown(value)}; servicekit transitions have "
                "one event and one target",
            )
    cond = element.get("cond")
    if cond is not None:
        names = cond.split(" and ")
        if not all(re.fullmatch(r"\S+", n) for n in names):
            add(f"{here}@cond", f"expected guard names joined by ' and ', got {shown(cond)}")
        t["guards"] = names
    for child in element:
        tag = child.tag
        if tag == f"{_S}raise":
            t.setdefault("raises", []).append(child.get("event"))
        elif tag == f"{_K}effect":
            t.setdefault("effects", []).append(child.get("name"))
        elif tag in {f"{_K}send", f"{_K}notify"}:
            effect: dict[str, Any] = (
                {"send": child.get("message"), "to": child.get("to", "customer")}
                if tag == f"{_K}send"
                else {"notify": child.get("recipient"), "message": child.get("message")}
            )
            params = {}
            for param in child:
                try:
                    params[param.get("name")] = json.loads(
                        param.get("value", ""), parse_constant=_no_constant
                    )
                except ValueError:  # noqa: PERF203 - a problem per bad parameter
                    add(f"{here}/{_local(tag)}/param", "expected a JSON value in 'value'")
            if params:
                effect["params"] = params
            t.setdefault("effects", []).append(effect)
        elif tag == f"{_K}count":
            t.setdefault("counts", []).append(child.get("name"))
        else:
            add(f"{here}/{_local(tag)}", _unsupported(tag))
    number = int(index) if index is not None and re.fullmatch(r"[0-9]{1,9}", index) else None
    return number, t


def _no_constant(value: str) -> float:
    raise ValueError(f"{value} is not strict JSON")


def _local(tag: str) -> str:
    namespace, _, local = tag.rpartition("}")
    prefix = "sk:" if namespace == f"{{{SK_NS}" else ""
    return prefix + local


def _unsupported(tag: str) -> str:
    return (
        f"<{_local(tag)}> is outside what servicekit reads: states, parallel, final, history, "
        "transitions (with <raise>) and the sk: timers, effects, counters and claims"
    )
