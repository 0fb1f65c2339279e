"""Flows as SCXML documents and XState v5 machine configurations (private).

SCXML (W3C, 2015) carries the structure: ``<state>``, ``<parallel>``, ``<final>``,
``<history type>``, ``initial`` and ``<transition event cond target>``, each
transition inside its source state. What SCXML has no element for goes into elements
and attributes of the servicekit namespace (:data:`SK_NS`, prefix ``sk``): the
flow's version, guidance, timers, a transition's effects and counters, its place in
the flow's transition list, and the claims (as JSON). ``cond`` holds guard names
joined by `` and ``; they are looked up in the registries, never evaluated. The one
expression read is SCXML's ``In('state')`` predicate (single or double quotes, spaces
around it allowed): it becomes the built-in guard ``In(state)``, written back as
``In('state')`` and exported to XState as its ``stateIn`` guard
(``{"type": "xstate.stateIn", "stateValue": "#state"}``).
Executable content uses SCXML's own elements where it has them: ``<onentry>`` and
``<onexit>`` (a state's entry and exit actions, several blocks read in document
order), ``<raise event>``, ``<log label expr>`` (``expr`` carried as text, never
evaluated); a history state's default is its ``<transition target>``, and a
transition without ``event`` is eventless.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from servicekit._time import parse_duration
from servicekit.exceptions import ConfigError
from servicekit.onboarding._chart import MAX_DEPTH
from servicekit.onboarding._model import in_state, shown

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


# The characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_xml_text(data: object, path: str) -> None:
    """Raise a ConfigError at the first string in ``data`` that XML cannot carry."""
    todo: list[tuple[object, str]] = [(data, path)]
    while todo:
        value, here = todo.pop()
        if isinstance(value, str):
            found = _NOT_XML.search(value)
            if found:
                raise ConfigError(
                    f"holds the character {found.group()!r}, which an XML document cannot "
                    "carry; export to_dict() instead, or leave the character out",
                    here,
                )
        elif isinstance(value, dict):
            todo.extend((v, f"{here}.{k}" if here else str(k)) for k, v in value.items())
            todo.extend((k, here) for k in value)
        elif isinstance(value, list):
            todo.extend((v, f"{here}[{i}]") for i, v in enumerate(value))


def to_scxml(flow: Flow) -> str:
    """Return ``flow`` as an SCXML document (see the module docstring).

    Raises:
        ConfigError: a name or text of the flow holds a character XML 1.0 cannot
            carry (a control character); the path names where.
    """
    ET.register_namespace("", SCXML_NS)
    ET.register_namespace("sk", SK_NS)
    data = flow.to_dict()
    _check_xml_text(data, "")
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
        for key, tag in (("entry", "onentry"), ("exit", "onexit")):
            if state.get(key):
                block = ET.SubElement(element, f"{_S}{tag}")
                for action in state[key]:
                    _action(block, action)
        if state.get("history") is not None and state.get("initial") is not None:
            ET.SubElement(element, f"{_S}transition", {"target": state["initial"]})
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
    if state.get("initial") is not None and state.get("history") is None:
        out["initial"] = state["initial"]
    if state.get("guidance") is not None:
        out[f"{_K}guidance"] = state["guidance"]
    return out


def _transition(parent: ET.Element, index: int, t: Mapping[str, Any]) -> None:
    attributes = {"target": t["target"], f"{_K}index": str(index)}
    if t["event"]:
        attributes = {"event": t["event"], **attributes}
    if t.get("guards"):
        attributes["cond"] = " and ".join(_cond(g) for g in t["guards"])
    element = ET.SubElement(parent, f"{_S}transition", attributes)
    for event in t.get("raises", ()):
        ET.SubElement(element, f"{_S}raise", {"event": event})
    for effect in t.get("effects", ()):
        _action(element, effect)
    for counter in t.get("counts", ()):
        ET.SubElement(element, f"{_K}count", {"name": counter})


def _cond(guard: str) -> str:
    """A guard as SCXML ``cond`` text: its name, or ``In('state')`` for ``In(state)``."""
    named = in_state(guard)
    if named is None:
        return guard
    quote = '"' if "'" in named else "'"
    return f"In({quote}{named}{quote})"


#: SCXML's ``In('state')`` (or with double quotes); spaces allowed around the parts.
_IN_COND = re.compile(r"""\s*In\(\s*(?:'([^']*)'|"([^"]*)")\s*\)\s*""")


def _read_guard(text: str) -> str | None:
    """A ``cond`` part as a guard name: ``In(state)`` for SCXML's predicate.

    ``None`` when it is neither a name without spaces nor a quoted ``In('state')``.
    """
    found = _IN_COND.fullmatch(text)
    if found is not None:
        single, double = found.groups()
        return f"In({double if single is None else single})"
    if re.fullmatch(r"\S+", text) and in_state(text) is None:
        return text
    return None


def _action(parent: ET.Element, action: str | Mapping[str, Any]) -> None:
    """Write one action or effect (plain data) as an element of ``parent``."""
    if isinstance(action, str):
        ET.SubElement(parent, f"{_K}effect", {"name": action})
        return
    if "raise" in action:
        ET.SubElement(parent, f"{_S}raise", {"event": action["raise"]})
        return
    if "log" in action:
        ET.SubElement(parent, f"{_S}log", {"label": action["log"], "expr": action["expr"]})
        return
    if "send" in action:
        item = ET.SubElement(parent, f"{_K}send", {"message": action["send"], "to": action["to"]})
    else:
        item = ET.SubElement(
            parent,
            f"{_K}notify",
            {"recipient": action["notify"], "message": action["message"]},
        )
    for name, value in action.get("params", {}).items():
        ET.SubElement(item, f"{_K}param", {"name": name, "value": json.dumps(value)})


def to_xstate(flow: Flow) -> dict[str, Any]:  # noqa: C901 - one case per kind of state
    """Return ``flow`` as an XState v5 machine configuration (plain JSON data)."""
    data = flow.to_dict()
    by_source: dict[str, list[dict[str, Any]]] = {}
    for t in data["transitions"]:
        by_source.setdefault(t["source"], []).append(t)

    def node(state: Mapping[str, Any]) -> dict[str, Any]:  # noqa: C901, PLR0912 - one case per part
        out: dict[str, Any] = {"id": state["name"]}
        if state.get("history") is not None:
            out["type"] = "history"
            out["history"] = state["history"]
            if state.get("initial") is not None:
                out["target"] = f"#{state['initial']}"
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
        always: list[dict[str, Any]] = []
        for t in by_source.get(state["name"], ()):
            if t["event"]:
                on.setdefault(t["event"], []).append(_xstate_transition(t))
            else:
                always.append(_xstate_transition(t))
        if on:
            out["on"] = on
        if always:
            out["always"] = always
        for key in ("entry", "exit"):
            if state.get(key):
                out[key] = [_xstate_action(a) for a in state[key]]
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
    named = [_xstate_guard(g) for g in guards]
    if len(named) == 1:
        out["guard"] = named[0]
    elif named:
        out["guard"] = {"type": "xstate.and", "guards": named}
    actions = [_xstate_action(e) for e in t.get("effects", ())]
    actions.extend({"type": "count", "params": {"counter": c}} for c in t.get("counts", ()))
    actions.extend({"type": "xstate.raise", "params": {"event": e}} for e in t.get("raises", ()))
    if actions:
        out["actions"] = actions
    return out


def _xstate_guard(guard: str) -> str | dict[str, str]:
    """A guard's name, or XState's ``stateIn`` guard for the built-in ``In(state)``."""
    named = in_state(guard)
    if named is None:
        return guard
    return {"type": "xstate.stateIn", "stateValue": f"#{named}"}


def _xstate_action(action: str | Mapping[str, Any]) -> dict[str, Any]:
    """One action or effect (plain data) as an XState v5 action object."""
    if isinstance(action, str):
        return {"type": action}
    if "raise" in action:
        return {"type": "xstate.raise", "params": {"event": action["raise"]}}
    if "log" in action:
        return {"type": "xstate.log", "params": {"label": action["log"], "expr": action["expr"]}}
    return {"type": "send" if "send" in action else "notify", "params": dict(action)}


# --------------------------------------------------------------------------- import


def from_scxml(
    text: str,
    *,
    guards: Mapping[str, Guard | Callable[..., bool]] | None = None,
    effects: Mapping[str, EffectFactory] | None = None,
    calendars: Mapping[str, CalendarLike] | None = None,
) -> Flow:
    """Read a flow written by :func:`to_scxml` (or by hand, in the same subset).

    A document without a ``name`` gives a flow named ``"scxml"``.

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

    # SCXML's name is optional; a flow needs one.
    data: dict[str, Any] = {"name": root.get("name", "scxml"), "states": [], "transitions": []}
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
            elif child.tag in {f"{_S}onentry", f"{_S}onexit"}:
                key = "entry" if child.tag == f"{_S}onentry" else "exit"
                block = f"{here}/{_local(child.tag)}"
                for item in child:
                    action = _read_action(item, block, add)
                    if action is not None:
                        state.setdefault(key, []).append(action)
            elif child.tag == f"{_S}transition" and tag == f"{_S}history":
                # A history state's default: its one transition's target.
                state["initial"] = child.get("target")
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


def _read_transition(
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
    if t["event"] is None:
        t["event"] = ""  # eventless
    for key in ("event", "target"):
        value = element.get(key, "-" if key == "event" else None)
        if value is None or len(value.split()) != 1:
            add(
                f"{here}@{key}",
                f"expected one {key} name, got {shown(value)}; servicekit transitions have "
                "one event and one target",
            )
    cond = element.get("cond")
    if cond is not None:
        names = [_read_guard(n) for n in cond.split(" and ")]
        if None in names:
            add(f"{here}@cond", f"expected guard names joined by ' and ', got {shown(cond)}")
        t["guards"] = [n or "" for n in names]
    for child in element:
        tag = child.tag
        if tag == f"{_K}count":
            t.setdefault("counts", []).append(child.get("name"))
            continue
        action = _read_action(child, here, add)
        if isinstance(action, dict) and "raise" in action:
            t.setdefault("raises", []).append(action["raise"])
        elif action is not None:
            t.setdefault("effects", []).append(action)
    number = int(index) if index is not None and re.fullmatch(r"[0-9]{1,9}", index) else None
    return number, t


def _read_action(
    child: ET.Element, path: str, add: Callable[[str, str], None]
) -> str | dict[str, Any] | None:
    """One element of executable content as plain data (``None``: reported)."""
    tag = child.tag
    if tag == f"{_S}raise":
        return {"raise": child.get("event")}
    if tag == f"{_S}log":
        return {"log": child.get("label", ""), "expr": child.get("expr", "")}
    if tag == f"{_K}effect":
        return child.get("name")
    if tag not in {f"{_K}send", f"{_K}notify"}:
        add(f"{path}/{_local(tag)}", _unsupported(tag))
        return None
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
            add(f"{path}/{_local(tag)}/param", "expected a JSON value in 'value'")
    if params:
        effect["params"] = params
    return effect


def _no_constant(value: str) -> float:
    raise ValueError(f"{value} is not strict JSON")


def _local(tag: str) -> str:
    namespace, _, local = tag.rpartition("}")
    prefix = "sk:" if namespace == f"{{{SK_NS}" else ""
    return prefix + local


def _unsupported(tag: str) -> str:
    return (
        f"<{_local(tag)}> is outside what servicekit reads: states, parallel, final, history, "
        "transitions, <onentry>/<onexit>, <raise>, <log> and the sk: timers, effects, "
        "counters and claims"
    )
