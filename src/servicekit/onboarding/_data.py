"""Reading flow definitions from plain data, collecting every problem (private)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from servicekit._time import parse_duration
from servicekit.exceptions import ConfigError
from servicekit.i18n import LABEL_SECTIONS, DisplayNames
from servicekit.onboarding._chart import MAX_DEPTH
from servicekit.onboarding._model import (
    HISTORY_KINDS,
    LARGEST,
    Claim,
    Log,
    Notify,
    Raise,
    Requirement,
    Send,
    State,
    Timer,
    Transition,
    check_template,
    shown,
)

__all__ = ["parse"]

_Message = TypeVar("_Message", str, tuple[str, str])


class _Collector:
    """Gathers problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[ConfigError] = []

    def add(self, path: str, msg: str) -> None:
        self.problems.append(ConfigError(msg, path))

    def string(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value:
            self.add(f"{path}{key}", f"expected a non-empty string, got {shown(value)}")
            return None
        return value

    def names(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...] | None:
        value = data.get(key, [])
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            self.add(f"{path}{key}", f"expected a list of names, got {shown(value)}")
            return None
        return tuple(value)

    def items(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> list[Any]:
        value = data.get(key, None if required else [])
        if not isinstance(value, list | tuple):
            self.add(f"{path}{key}", f"expected a list, got {shown(value)}")
            return []
        return list(value)

    def mapping(self, value: object, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.add(path, f"expected a mapping, got {shown(value)}")
            return None
        return value

    def template(self, message: _Message | None, path: str) -> _Message | None:
        """The message if its placeholders are plain ``{name}`` ones, else None."""
        if message is None:
            return None
        try:
            check_template(message, path)
        except ConfigError as err:
            self.problems.append(err)
            return None
        return message

    def message(self, value: object, path: str) -> str | tuple[str, str] | None:
        if isinstance(value, str) and value:
            return self.template(value, path)
        if (
            isinstance(value, list | tuple)
            and len(value) == 2
            and all(isinstance(v, str) and v for v in value)
        ):
            return self.template((value[0], value[1]), path)
        self.add(path, f"expected a message id or a [singular, plural] pair, got {shown(value)}")
        return None


def _timer(c: _Collector, raw: object, path: str) -> Timer | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    name = c.string(data, "name", f"{path}.")
    event = c.string(data, "event", f"{path}.")
    calendar = c.string(data, "calendar", f"{path}.", required=False)
    try:
        after = parse_duration(data.get("after"), f"{path}.after")
    except ConfigError as err:
        c.problems.append(err)
        return None
    if name is None or event is None or (calendar is None and data.get("calendar") is not None):
        return None
    return Timer(name, after, event, calendar=calendar)


def _state(c: _Collector, raw: object, path: str, depth: int = 1) -> State | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    if depth > MAX_DEPTH:
        c.add(path, f"states nest more than {MAX_DEPTH} levels deep; flatten the flow")
        return None
    name = c.string(data, "name", f"{path}.")
    final = data.get("final", False)
    if not isinstance(final, bool):
        c.add(f"{path}.final", f"expected true or false, got {shown(final)}")
    guidance = c.template(
        c.string(data, "guidance", f"{path}.", required=False), f"{path}.guidance"
    )
    timers = [
        _timer(c, t, f"{path}.timers[{i}]")
        for i, t in enumerate(c.items(data, "timers", f"{path}.", required=False))
    ]
    parallel = data.get("parallel", False)
    if not isinstance(parallel, bool):
        c.add(f"{path}.parallel", f"expected true or false, got {shown(parallel)}")
    initial = c.string(data, "initial", f"{path}.", required=False)
    history = data.get("history")
    if history is not None and history not in HISTORY_KINDS:
        c.add(f"{path}.history", f"expected 'shallow' or 'deep', got {shown(history)}")
    children = [
        _state(c, x, f"{path}.states[{i}]", depth + 1)
        for i, x in enumerate(c.items(data, "states", f"{path}.", required=False))
    ]
    entry = _actions(c, data, "entry", path)
    leave = _actions(c, data, "exit", path)
    if name is None:
        return None
    # Keep a state whose other parts are broken (they are reported already), so that
    # transitions naming it do not add "unknown state" problems that are not real.
    return State(
        name,
        final=final is True,
        guidance=guidance,
        timers=[t for t in timers if t],
        states=[x for x in children if x is not None],
        initial=initial,
        parallel=parallel is True,
        history=history if history in HISTORY_KINDS else None,
        entry=entry,
        exit=leave,
    )


def _actions(
    c: _Collector, data: Mapping[str, Any], key: str, path: str
) -> list[str | Send | Notify | Log | Raise]:
    """A state's ``entry`` or ``exit`` actions; the broken ones reported and left out."""
    out: list[str | Send | Notify | Log | Raise] = []
    for i, raw in enumerate(c.items(data, key, f"{path}.", required=False)):
        here = f"{path}.{key}[{i}]"
        if isinstance(raw, Mapping) and "raise" in raw:
            event = c.string(raw, "raise", f"{here}.")
            if event is not None:
                out.append(Raise(event))
            continue
        action = _effect(c, raw, here)
        if action is not None:
            out.append(action)
    return out


def _effect(c: _Collector, raw: object, path: str) -> str | Send | Notify | Log | None:  # noqa: C901, PLR0911 - one case per kind
    if isinstance(raw, str) and raw:
        return raw
    data = c.mapping(raw, path)
    if data is None:
        return None
    if "log" in data:
        label, expr = data.get("log"), data.get("expr", "")
        for key, value in (("log", label), ("expr", expr)):
            if not isinstance(value, str):
                c.add(f"{path}.{key}", f"expected a string, got {shown(value)}")
        return Log(label, expr) if isinstance(label, str) and isinstance(expr, str) else None
    params = data.get("params", {})
    if not isinstance(params, Mapping) or not all(isinstance(k, str) for k in params):
        c.add(f"{path}.params", f"expected a mapping of names to values, got {shown(params)}")
        return None
    if "send" in data:
        message = c.template(c.string(data, "send", f"{path}."), f"{path}.send")
        to = c.string(data, "to", f"{path}.", required=False)
        if message is None or (to is None and data.get("to") is not None):
            return None
        return Send(message, to=to or "customer", params=params)
    if "notify" in data:
        recipient = c.string(data, "notify", f"{path}.")
        message = c.template(c.string(data, "message", f"{path}."), f"{path}.message")
        if recipient is None or message is None:
            return None
        return Notify(recipient, message, params=params)
    c.add(
        path,
        f"expected an effect name, {{'send': ...}}, {{'notify': ...}} or {{'log': ...}}, "
        f"got {shown(raw)}",
    )
    return None


def _transition(c: _Collector, raw: object, path: str) -> Transition | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    source = c.string(data, "source", f"{path}.")
    # An empty event makes the transition eventless.
    event = "" if data.get("event") == "" else c.string(data, "event", f"{path}.")
    target = c.string(data, "target", f"{path}.")
    guards = c.names(data, "guards", f"{path}.")
    counts = c.names(data, "counts", f"{path}.")
    raises = c.names(data, "raises", f"{path}.")
    effects = [
        _effect(c, e, f"{path}.effects[{i}]")
        for i, e in enumerate(c.items(data, "effects", f"{path}.", required=False))
    ]
    if source is None or event is None or target is None or guards is None or counts is None:
        return None
    if raises is None:
        return None
    if None in effects:
        return None
    return Transition(
        source,
        event,
        target,
        guards=guards,
        counts=counts,
        effects=[e for e in effects if e],
        raises=raises,
    )


def _requirement(c: _Collector, raw: object, path: str) -> Requirement | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    missing = c.message(data.get("missing"), f"{path}.missing")
    state = c.string(data, "state", f"{path}.", required=False)
    counter = c.string(data, "counter", f"{path}.", required=False)
    at_least = data.get("at_least", 1)
    ok = missing is not None
    if type(at_least) is not int or at_least < 1:
        c.add(f"{path}.at_least", f"expected a positive integer, got {shown(at_least)}")
        ok = False
    if state is None and counter is None:
        if data.get("state") is None and data.get("counter") is None:
            c.add(path, "a requirement needs a 'state' or a 'counter'")
        ok = False
    if not ok or (state is None and data.get("state") is not None):
        return None
    if counter is None and data.get("counter") is not None:
        return None
    assert missing is not None  # noqa: S101 - ok is False when it is None
    return Requirement(missing, state=state, counter=counter, at_least=at_least)


def _claim(c: _Collector, raw: object, path: str) -> Claim | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    name = c.string(data, "name", f"{path}.")
    requires = [
        _requirement(c, r, f"{path}.requires[{i}]")
        for i, r in enumerate(c.items(data, "requires", f"{path}."))
    ]
    holds = c.message(data.get("holds"), f"{path}.holds")
    explain_raw: Mapping[Any, object] | None = c.mapping(data.get("explain", {}), f"{path}.explain")
    explain = []
    for state, message in (explain_raw or {}).items():
        checked = c.message(message, f"{path}.explain.{state}")
        if not isinstance(state, str):
            c.add(f"{path}.explain", f"expected state names as keys, got {shown(state)}")
        elif checked is not None:
            explain.append((state, checked))
    count_by = c.string(data, "count_by", f"{path}.", required=False)
    if name is None or holds is None or explain_raw is None or None in requires:
        return None
    if len(explain) != len(explain_raw) or (count_by is None and data.get("count_by") is not None):
        return None
    return Claim(name, [r for r in requires if r], holds=holds, explain=explain, count_by=count_by)


def parse(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[ConfigError]]:
    """Read the parts of a flow definition; return them and every structural problem.

    Broken pieces are left out of the parts, so the semantic checks that follow can
    still report what they see in the rest.
    """
    c = _Collector()
    known = {"name", "version", "initial", "states", "transitions", "claims", "labels"}
    for key in data:
        if key not in known:
            c.add(str(key), f"unknown key; expected one of {sorted(known)}")
    name = c.string(data, "name", "")
    version = data.get("version")
    if type(version) is not int or not -LARGEST < version < LARGEST:
        c.add("version", f"expected an integer below 2**63 in size, got {shown(version)}")
    initial = c.string(data, "initial", "", required=False)
    states = [_state(c, s, f"states[{i}]") for i, s in enumerate(c.items(data, "states", ""))]
    transitions = [
        _transition(c, t, f"transitions[{i}]")
        for i, t in enumerate(c.items(data, "transitions", ""))
    ]
    claims = [
        _claim(c, x, f"claims[{i}]")
        for i, x in enumerate(c.items(data, "claims", "", required=False))
    ]
    # The parts reported broken so far: labels are not checked against them.
    broken = {problem.path.split(".")[0].split("[")[0] for problem in c.problems}
    parts = {
        "name": name,
        "version": version,
        "initial": initial,
        "states": tuple(s for s in states if s is not None),
        "transitions": tuple(t for t in transitions if t is not None),
        "claims": tuple(x for x in claims if x is not None),
        "labels": _labels(c, data.get("labels", {})),
    }
    _check_labels(c, parts, broken)
    return parts, c.problems


def _labels(c: _Collector, data: object) -> DisplayNames:
    """The flow's own display names (``labels``), or none when they have a problem."""
    if not isinstance(data, Mapping):
        c.add("labels", f"expected a mapping of sections to names, got {shown(data)}")
        return DisplayNames()
    try:
        return DisplayNames.from_dict(data, "labels")
    except ConfigError as err:
        c.problems.extend(err.problems)
        return DisplayNames()


#: The sections a flow's ``labels`` may use, and the parts whose names each section uses.
_FLOW_SECTIONS = {"flow": ("name",), "state": ("states",), "event": ("states", "transitions"),
                  "claim": ("claims",)}  # fmt: skip
_LISTED = 10


def _one_of(names: list[str], section: str) -> str:
    """How to fix a label naming nothing: the names it may use (the first few of many)."""
    if not names:
        return f"the flow has no {section}; remove the label"
    listed = ", ".join(repr(n) for n in names[:_LISTED])
    more = len(names) - _LISTED
    listed = f"{listed} and {more:,} more" if more > 0 else listed
    return f"expected one of {listed}, or remove the label"


def _check_labels(c: _Collector, parts: Mapping[str, Any], broken: set[str]) -> None:
    """Report every label naming a flow, state, event or claim the flow does not have.

    A section whose part has problems of its own is not checked (its names are not
    all known), and a section of another kind (``channels``, ``rules``...) names
    nothing a flow shows.
    """
    states = [state for top in parts["states"] for state in top.walk()]
    events = [t.event for t in parts["transitions"]]
    events += [timer.event for state in states for timer in state.timers]
    known = {
        "flow": [parts["name"]] if parts["name"] is not None else [],
        "state": [state.name for state in states],
        "event": list(dict.fromkeys(events)),
        "claim": [claim.name for claim in parts["claims"]],
    }
    sections = ", ".join(LABEL_SECTIONS[kind] for kind in _FLOW_SECTIONS)
    foreign: set[str] = set()
    for kind, identifier, _names in parts["labels"].entries:
        path = f"labels.{LABEL_SECTIONS[kind]}"
        if kind not in _FLOW_SECTIONS:
            if path not in foreign:
                foreign.add(path)
                c.add(path, f"not a section of a flow's labels; expected one of {sections}")
        elif not broken.intersection(_FLOW_SECTIONS[kind]) and identifier not in known[kind]:
            c.add(
                f"{path}.{identifier[:40]}",
                f"unknown {kind} {shown(identifier)}; {_one_of(known[kind], LABEL_SECTIONS[kind])}",
            )
