"""Moving stored journeys from one version of a flow to the next (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit.exceptions import ConfigError
from servicekit.onboarding._model import LARGEST, shown

if TYPE_CHECKING:
    from servicekit.onboarding._flow import Flow

__all__ = ["TIMER_POLICIES", "Migration"]

#: What a migration does with the timers of the state a journey is in.
TIMER_POLICIES = ("keep", "replan", "cancel")

TimerPolicy = Literal["keep", "replan", "cancel"]


def _pairs(value: object, field: str, *, optional: bool) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise TypeError(f"{field} must be a mapping of names, got {type(value).__name__}")
    out = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise TypeError(f"{field} must map names to names, got {shown(item)}")
        if not (isinstance(item[1], str) or (optional and item[1] is None)):
            raise TypeError(f"{field} must map names to names, got {shown(item)}")
        out.append(item)
    return tuple(sorted(out))


def _state_pairs(value: object) -> tuple[tuple[str, str], ...]:
    return _pairs(value, "states", optional=False)


def _context_pairs(value: object) -> tuple[tuple[str, str | None], ...]:
    return _pairs(value, "context", optional=True)


def _version(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise TypeError(f"{attribute.name} must be an int, got {shown(value)}")
    if not -LARGEST < value < LARGEST:
        raise ConfigError(
            f"must be an integer below 2**63 in size, got {shown(value)}", attribute.name
        )


def _policy(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"timers must be a policy name, got {shown(value)}")
    if value not in TIMER_POLICIES:
        raise ConfigError(
            f"unknown timer policy {shown(value)}; expected one of 'keep', 'replan', 'cancel'",
            "timers",
        )


@attrs.frozen(cache_hash=True)
class Migration:
    """How journeys of version ``source`` of a flow move to version ``target``.

    A migration is plain data (:meth:`to_dict`, :meth:`from_dict`); apply it with
    :meth:`Flow.migrate` on the new flow, which checks it against both flows first.

    Attributes:
        flow: the flow's name (both versions share it).
        source: the version journeys are on now.
        target: the version they move to (greater than ``source``).
        states: ``(old, new)`` pairs, sorted; a state of the old version that is not
            listed keeps its name, which the new version must then have. States are
            named by their name, nested ones too (names are unique in a flow, so no
            path is needed); a nested journey's active leaves are mapped one by one
            and the result completed with the new version's initial states (see
            :meth:`Flow.migrate`).
        context: ``(old key, new key)`` pairs, sorted; a new key of ``None`` drops
            the value; keys not listed are kept.
        timers: what happens to the timers of the journey's state: ``"keep"`` (they
            keep running from when the journey entered its state, under the new
            version's timers), ``"replan"`` (the new state's timers restart from the
            migration) or ``"cancel"`` (they are cancelled and none is set).

    Raises:
        TypeError: a field has the wrong type.
        ConfigError: a version is 2**63 or more in size (path ``source`` or
            ``target``), or ``timers`` is not a known policy (path ``timers``).

    Example:
        >>> m = Migration("demo", 1, 2, states={"checking": "verifying"})
        >>> m.to_dict()["states"]
        {'checking': 'verifying'}
    """

    flow: str = attrs.field(validator=attrs.validators.instance_of(str))
    source: int = attrs.field(validator=_version)
    target: int = attrs.field(validator=_version)
    states: tuple[tuple[str, str], ...] = attrs.field(
        default=(), kw_only=True, converter=_state_pairs
    )
    context: tuple[tuple[str, str | None], ...] = attrs.field(
        default=(), kw_only=True, converter=_context_pairs
    )
    timers: TimerPolicy = attrs.field(default="keep", kw_only=True, validator=_policy)

    def problems(self, old: Flow, new: Flow) -> list[ConfigError]:  # noqa: C901, PLR0912 - one check per kind
        """Return every problem of this migration between ``old`` and ``new``.

        Each problem is a :class:`ConfigError` with its path: ``flow``, ``source``,
        ``target`` (names and versions that do not match the flows), ``states.<old>``
        (a listed state the old version lacks, a target state the new version lacks,
        or a state of the old version left unmapped) and ``context.<old>`` (two keys
        moved to one).
        """
        out: list[ConfigError] = []

        def add(path: str, msg: str) -> None:
            out.append(ConfigError(msg, path))

        for which, flow in (("old", old), ("new", new)):
            if flow.name != self.flow:
                add(
                    "flow",
                    f"the migration is for flow {self.flow!r}, the {which} flow is {flow.name!r}",
                )
        if old.version != self.source:
            add("source", f"the old flow is version {old.version}, not {self.source}")
        if new.version != self.target:
            add("target", f"the new flow is version {new.version}, not {self.target}")
        if self.target <= self.source:
            add("target", f"must be a later version than {self.source}, got {self.target}")
        # Nested states are named like top-level ones (names are unique in a flow).
        old_states = [s for top in old.states for s in top.walk()]
        new_states = {s.name: s for top in new.states for s in top.walk()}
        old_names = {s.name for s in old_states}
        mapped = dict(self.states)
        for name, to in self.states:
            if name not in old_names:
                add(f"states.{name}", f"version {old.version} has no state {name!r}")
            if to not in new_states:
                add(
                    f"states.{name}",
                    f"target state {to!r} is not a state of version {new.version}",
                )
            elif new_states[to].history is not None:
                add(
                    f"states.{name}",
                    f"target state {to!r} is a history state; map onto the state it restores",
                )
        for state in old_states:
            if state.name not in mapped and state.name not in new_states:
                add(
                    f"states.{state.name}",
                    f"state {state.name!r} is unmapped and version {new.version} lacks it; "
                    "map it to a state of the new version",
                )
        seen: dict[str, str] = {}
        for key, moved in self.context:
            if moved is not None and seen.setdefault(moved, key) != key:
                add(f"context.{key}", f"moves to {moved!r}, as {seen[moved]!r} already does")
        return out

    def check(self, old: Flow, new: Flow) -> None:
        """Raise one :class:`ConfigError` listing every problem (see :meth:`problems`).

        Raises:
            ConfigError: the migration does not fit the flows; ``.problems`` holds
                one error per problem, each with its path.
        """
        from servicekit.onboarding._flow import raise_problems  # noqa: PLC0415 - cycle

        found = self.problems(old, new)
        if found:
            raise_problems(f"{self.flow} {self.source} -> {self.target}", found)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data that :meth:`from_dict` reads back."""
        return {
            "flow": self.flow,
            "source": self.source,
            "target": self.target,
            "states": dict(self.states),
            "context": dict(self.context),
            "timers": self.timers,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Migration:  # noqa: C901 - one check per field
        """Read a migration written by :meth:`to_dict`, reporting every problem at once.

        Raises:
            TypeError: ``data`` is not a mapping.
            ConfigError: fields are missing or malformed; ``.problems`` holds one
                error per problem, each with its path.
        """
        from servicekit.onboarding._flow import raise_problems  # noqa: PLC0415 - cycle

        if not isinstance(data, Mapping):
            raise TypeError(f"migration data must be a mapping, got {type(data).__name__}")
        found: list[ConfigError] = []
        flow = data.get("flow")
        if not isinstance(flow, str):
            found.append(ConfigError(f"expected a string, got {shown(flow)}", "flow"))
        for key in ("source", "target"):
            value = data.get(key)
            if type(value) is not int or not -LARGEST < value < LARGEST:
                found.append(
                    ConfigError(f"expected an integer below 2**63 in size, got {shown(value)}", key)
                )
        for key, optional in (("states", False), ("context", True)):
            value = data.get(key, {})
            if not isinstance(value, Mapping):
                found.append(ConfigError(f"expected a mapping, got {shown(value)}", key))
                continue
            for name, to in value.items():
                if not isinstance(name, str):
                    found.append(ConfigError(f"expected names as keys, got {shown(name)}", key))
                elif not (isinstance(to, str) or (optional and to is None)):
                    found.append(ConfigError(f"expected a name, got {shown(to)}", f"{key}.{name}"))
        timers = data.get("timers", "keep")
        if timers not in TIMER_POLICIES:
            found.append(
                ConfigError(f"expected 'keep', 'replan' or 'cancel', got {shown(timers)}", "timers")
            )
        if found:
            raise_problems(f"migration of {flow!r}" if isinstance(flow, str) else "?", found)
        return cls(
            data["flow"],
            data["source"],
            data["target"],
            states=data.get("states", {}),
            context=data.get("context", {}),
            timers=timers,
        )
