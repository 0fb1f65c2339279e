"""Policy sets: the first policy whose condition matches the ticket's fields governs (private).

Zendesk applies the first SLA policy (in the order the admin gave them) whose
conditions match the ticket, and checks again on every ticket update; Jira Service
Management picks an SLA's goal by conditions, each goal on its own calendar. A
:class:`PolicySet` does both: ordered policies, each with a :class:`Condition` over the
ticket's fields and tags, plus an optional fallback. See
docs/explanation/sla-metrics.md ("Policy sets") for how a running cycle is measured
when the governing policy changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit.exceptions import ConfigError, UnknownTimeZoneError
from servicekit.sla._events import check_field_name
from servicekit.sla._policy import METRICS, Policy
from servicekit.sla._statuses import StatusMap

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Set as AbstractSet
    from datetime import datetime

__all__ = [
    "CONDITION_OPS",
    "MAX_CONDITION_DEPTH",
    "Condition",
    "PolicyRule",
    "PolicySet",
    "PolicySpan",
]

#: The operators of a :class:`Condition`, in the order the docs list them.
CONDITION_OPS: Final = ("equals", "in", "has_tag", "lacks_tag", "not", "all", "any")
#: How deeply conditions may nest (``not``, ``all`` and ``any`` inside one another).
#: Deeper ones are refused: no desk's rule needs more, and it bounds the checking.
MAX_CONDITION_DEPTH: Final = 16

_FIELD_OPS = ("equals", "in")
_TAG_OPS = ("has_tag", "lacks_tag")
_GROUP_OPS = ("all", "any")


def _check_op(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"op must be a string, got {type(value).__name__}")
    if value not in CONDITION_OPS:
        raise ConfigError(f"unknown operator {value!r}; expected one of {CONDITION_OPS}", "op")
    return value


def _to_values(value: object) -> tuple[str | None, ...]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"values must be a list of strings, got {type(value).__name__}")
    out = tuple(value)
    for item in out:
        if item is not None and not isinstance(item, str):
            raise TypeError(f"values must be strings or None, got {type(item).__name__}")
    return out


def _to_conditions(value: object) -> tuple[Condition, ...]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"conditions must be a list of Condition, got {type(value).__name__}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, Condition):
            raise TypeError(f"conditions must be Condition values, got {type(item).__name__}")
    return out


@attrs.frozen
class Condition:
    """A test of a ticket's fields and tags, small, typed and serialisable.

    Build one with the class methods (:meth:`equals`, :meth:`among`, :meth:`has_tag`,
    :meth:`lacks_tag`, :meth:`negate`, :meth:`all_of`, :meth:`any_of`) or read it with
    :meth:`from_dict`. Fields are those of ``field`` events
    (:data:`~servicekit.sla.FIELDS` or ``custom.<name>``); ``priority`` is the ticket's
    priority. A field that was never set or was cleared has the value ``None``.

    Attributes:
        op: one of :data:`CONDITION_OPS`.
        field: the field ``equals`` and ``in`` test (``None`` for the others).
        values: ``equals``: one value (``None`` tests that the field is unset);
            ``in``: one or more; ``has_tag`` and ``lacks_tag``: the tag.
        conditions: ``not``: one; ``all`` and ``any``: any number (``all`` of none
            is always true, ``any`` of none never).

    Raises:
        ConfigError: an unknown operator or field, the wrong number of values or
            conditions for the operator, an empty value or tag, or conditions nested
            deeper than :data:`MAX_CONDITION_DEPTH`; the path names the attribute.
        TypeError: a value of the wrong type.

    Example:
        >>> c = Condition.all_of(Condition.equals("group", "billing"), Condition.has_tag("vip"))
        >>> c.to_dict()
        {'all': [{'field': 'group', 'equals': 'billing'}, {'has_tag': 'vip'}]}
        >>> c.matches({"group": "billing"}, {"vip"})
        True
        >>> str(c)
        "group = 'billing' and has tag 'vip'"
    """

    op: str = attrs.field(validator=lambda _s, _a, v: _check_op(v))
    field: str | None = attrs.field(default=None, kw_only=True)
    values: tuple[str | None, ...] = attrs.field(default=(), kw_only=True, converter=_to_values)
    conditions: tuple[Condition, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_conditions
    )
    _depth: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._check_values()
        self._check_conditions()

    def _check_values(self) -> None:
        op = self.op
        if op in _FIELD_OPS:
            if self.field is None:
                raise ConfigError(f"missing; an {op!r} condition tests a field", "field")
            check_field_name(self.field, "field")
            if op == "equals" and len(self.values) != 1:
                raise ConfigError(
                    f"an 'equals' condition has one value, got {len(self.values)}", "values"
                )
            if not self.values:
                raise ConfigError("an 'in' condition needs at least one value", "values")
        elif self.field is not None:
            raise ConfigError(f"an {op!r} condition tests no field", "field")
        if op in _TAG_OPS and len(self.values) != 1:
            raise ConfigError(f"a {op!r} condition has one tag, got {len(self.values)}", "values")
        if op not in _FIELD_OPS and op not in _TAG_OPS and self.values:
            raise ConfigError(f"a {op!r} condition has no values", "values")
        for value in self.values:
            if value == "" or (value is None and op != "equals"):
                raise ConfigError(
                    f"values must be non-empty strings, got {value!r}; an 'equals' with "
                    "None tests that a field is unset",
                    "values",
                )

    def _check_conditions(self) -> None:
        op = self.op
        if op == "not" and len(self.conditions) != 1:
            raise ConfigError(
                f"a 'not' condition has one condition, got {len(self.conditions)}", "conditions"
            )
        if op not in _GROUP_OPS and op != "not" and self.conditions:
            raise ConfigError(f"an {op!r} condition has no inner conditions", "conditions")
        depth = 1 + max((c._depth for c in self.conditions), default=0)  # noqa: SLF001
        if depth > MAX_CONDITION_DEPTH:
            raise ConfigError(
                f"conditions nest {depth} deep; at most {MAX_CONDITION_DEPTH} are allowed",
                "conditions",
            )
        object.__setattr__(self, "_depth", depth)

    # ------------------------------------------------------------------ builders
    @classmethod
    def equals(cls, field: str, value: str | None) -> Condition:
        """The field has ``value`` (``None``: the field is unset)."""
        return cls("equals", field=field, values=(value,))

    @classmethod
    def among(cls, field: str, values: Iterable[str]) -> Condition:
        """The field has one of ``values`` (the ``in`` operator)."""
        return cls("in", field=field, values=tuple(values))

    @classmethod
    def has_tag(cls, tag: str) -> Condition:
        """The ticket has ``tag``."""
        return cls("has_tag", values=(tag,))

    @classmethod
    def lacks_tag(cls, tag: str) -> Condition:
        """The ticket does not have ``tag``."""
        return cls("lacks_tag", values=(tag,))

    @classmethod
    def negate(cls, condition: Condition) -> Condition:
        """``condition`` does not hold (the ``not`` operator)."""
        return cls("not", conditions=(condition,))

    @classmethod
    def all_of(cls, *conditions: Condition) -> Condition:
        """Every one of ``conditions`` holds (``all_of()`` always holds)."""
        return cls("all", conditions=conditions)

    @classmethod
    def any_of(cls, *conditions: Condition) -> Condition:
        """At least one of ``conditions`` holds."""
        return cls("any", conditions=conditions)

    # ---------------------------------------------------------------- evaluation
    def matches(  # noqa: PLR0911 - one return per operator
        self, fields: Mapping[str, str | None], tags: AbstractSet[str]
    ) -> bool:
        """Whether the condition holds for a ticket with ``fields`` and ``tags``.

        Args:
            fields: ``{field: value}``; a field not in it is unset.
            tags: the ticket's tags.
        """
        op = self.op
        if op == "equals":
            return fields.get(self.field or "") == self.values[0]
        if op == "in":
            return fields.get(self.field or "") in self.values
        if op == "has_tag":
            return self.values[0] in tags
        if op == "lacks_tag":
            return self.values[0] not in tags
        if op == "not":
            return not self.conditions[0].matches(fields, tags)
        if op == "all":
            return all(c.matches(fields, tags) for c in self.conditions)
        return any(c.matches(fields, tags) for c in self.conditions)

    def __str__(self) -> str:
        op = self.op
        if op == "equals":
            return f"{self.field} = {self.values[0]!r}"
        if op == "in":
            return f"{self.field} in ({', '.join(repr(v) for v in self.values)})"
        if op in _TAG_OPS:
            return f"{'has' if op == 'has_tag' else 'lacks'} tag {self.values[0]!r}"
        if op == "not":
            return f"not ({self.conditions[0]})"
        if not self.conditions:
            return "always" if op == "all" else "never"
        word = " and " if op == "all" else " or "
        return word.join(
            f"({c})" if c.op in _GROUP_OPS and len(c.conditions) > 1 else str(c)
            for c in self.conditions
        )

    # --------------------------------------------------------------------- dicts
    def to_dict(self) -> dict[str, Any]:
        """Return the condition as plain JSON types (the form :meth:`from_dict` reads)."""
        op = self.op
        if op == "equals":
            return {"field": self.field, "equals": self.values[0]}
        if op == "in":
            return {"field": self.field, "in": list(self.values)}
        if op in _TAG_OPS:
            return {op: self.values[0]}
        if op == "not":
            return {"not": self.conditions[0].to_dict()}
        return {op: [c.to_dict() for c in self.conditions]}

    @classmethod
    def from_dict(cls, data: object, *, path: str = "when") -> Condition:
        """Build a condition from :meth:`to_dict` output, listing every problem at once.

        Forms: ``{"field": f, "equals": value or null}``, ``{"field": f, "in":
        [values]}``, ``{"has_tag": tag}``, ``{"lacks_tag": tag}``, ``{"not": c}``,
        ``{"all": [c, ...]}``, ``{"any": [c, ...]}``.

        Args:
            data: the condition's dict.
            path: where ``data`` sits in a larger document, for error paths.

        Raises:
            ConfigError: every malformed part (an unknown field or operator, a value
                of the wrong type, ...), each with its path in ``.problems``; the
                error's own path is the first problem's.

        Example:
            >>> Condition.from_dict({"field": "colour", "equals": "red"})
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: when.field: unknown field 'colour'; expected one of ('priority', 'channel', 'group', 'assignee', 'organization', 'requester_zone') or 'custom.<name>' for a desk's own field
        """  # noqa: E501 - a doctest's output line
        found: list[ConfigError] = []
        condition = _read_condition(data, path, found, 1)
        raise_problems(found)
        assert condition is not None  # noqa: S101 - no problem means a condition
        return condition


def raise_problems(found: list[ConfigError]) -> None:
    """Raise the problems in ``found``, all at once, if there are any (private helper)."""
    if not found:
        return
    if len(found) == 1:
        raise found[0]
    lines = "\n".join(f"  {p}" for p in found)
    raise ConfigError(f"{len(found)} problems:\n{lines}", found[0].path, problems=found)


def _read_condition(  # noqa: C901, PLR0911, PLR0912 - one branch per form
    data: object, path: str, found: list[ConfigError], depth: int
) -> Condition | None:
    if not isinstance(data, Mapping):
        found.append(
            ConfigError(
                f"expected a condition mapping (e.g. {{'field': 'group', 'equals': 'x'}}), "
                f"got {type(data).__name__}",
                path,
            )
        )
        return None
    ops = [k for k in data if k in CONDITION_OPS]
    unknown = sorted(str(k) for k in data if k not in CONDITION_OPS and k != "field")
    found.extend(
        ConfigError(
            f"unknown key {key!r}; expected 'field' or one of {CONDITION_OPS}", f"{path}.{key}"
        )
        for key in unknown
    )
    if len(ops) != 1:
        found.append(
            ConfigError(f"expected exactly one operator of {CONDITION_OPS}, got {len(ops)}", path)
        )
        return None
    op = str(ops[0])
    arg = data[op]
    where = f"{path}.{op}"
    if op in _FIELD_OPS:
        field = data.get("field")
        ok = True
        try:
            check_field_name(field, f"{path}.field")
        except ConfigError as err:
            found.append(err)
            ok = False
        except TypeError:
            found.append(ConfigError(f"expected a field name, got {field!r}", f"{path}.field"))
            ok = False
        values = [arg] if op == "equals" else arg
        if op == "in" and not (isinstance(values, list) and values):
            found.append(ConfigError(f"expected a non-empty list of values, got {arg!r}", where))
            return None
        bad = [
            v
            for v in values
            if not (isinstance(v, str) and v) and not (v is None and op == "equals")
        ]
        if bad:
            found.append(
                ConfigError(
                    f"expected non-empty strings (or null for 'equals'), got {bad[0]!r}", where
                )
            )
            return None
        return _field_condition(op, field, values) if ok else None
    if "field" in data:
        found.append(ConfigError(f"a {op!r} condition tests no field", f"{path}.field"))
    if op in _TAG_OPS:
        if not (isinstance(arg, str) and arg):
            found.append(ConfigError(f"expected a non-empty tag, got {arg!r}", where))
            return None
        return Condition(op, values=(arg,))
    if depth >= MAX_CONDITION_DEPTH:
        found.append(
            ConfigError(f"conditions nest too deep; at most {MAX_CONDITION_DEPTH} levels", where)
        )
        return None
    if op == "not":
        inner = _read_condition(arg, where, found, depth + 1)
        return None if inner is None else Condition("not", conditions=(inner,))
    if not isinstance(arg, list):
        found.append(ConfigError(f"expected a list of conditions, got {type(arg).__name__}", where))
        return None
    parts = [_read_condition(c, f"{where}[{i}]", found, depth + 1) for i, c in enumerate(arg)]
    kept = [c for c in parts if c is not None]
    return Condition(op, conditions=tuple(kept)) if len(kept) == len(parts) else None


def _field_condition(op: str, field: object, values: list[Any]) -> Condition:
    """A checked ``equals`` or ``in`` condition (private helper)."""
    return Condition(op, field=str(field), values=tuple(values))


# ---------------------------------------------------------------------- the set
@attrs.frozen
class PolicyRule:
    """One entry of a :class:`PolicySet`: ``policy`` governs a ticket matching ``when``.

    Attributes:
        when: the condition over the ticket's fields and tags.
        policy: the policy.

    Raises:
        TypeError: a value of the wrong type.
    """

    when: Condition = attrs.field()
    policy: Policy = attrs.field()

    @when.validator
    def _check_when(self, _attribute: attrs.Attribute[Condition], value: Condition) -> None:
        if not isinstance(value, Condition):
            raise TypeError(f"when must be a Condition, got {type(value).__name__}")

    @policy.validator
    def _check_policy(self, _attribute: attrs.Attribute[Policy], value: Policy) -> None:
        if not isinstance(value, Policy):
            raise TypeError(f"policy must be a Policy, got {type(value).__name__}")


def _to_rules(value: object) -> tuple[PolicyRule, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"rules must be a list of PolicyRule, got {type(value).__name__}")
    out = []
    for item in value:
        if isinstance(item, tuple) and len(item) == 2:
            item = PolicyRule(*item)  # noqa: PLW2901 - normalising a pair
        if not isinstance(item, PolicyRule):
            raise TypeError(
                f"rules must hold PolicyRule values or (Condition, Policy) pairs, got {item!r}"
            )
        out.append(item)
    return tuple(out)


@attrs.frozen
class PolicySpan:
    """Which policy governed a ticket from ``start`` to ``end``, and why.

    Attributes:
        policy: the governing policy's name, or ``None`` when no policy of the set
            matched and it has no fallback (no targets then).
        start: when it began to govern (the ticket's creation or the event that
            changed a field).
        end: when another took over, or ``None`` if it still governs at ``now``.
        condition: the condition that matched (``None`` for the fallback or no
            policy).
        fallback: whether the set's fallback governed (no condition matched).
    """

    policy: str | None
    start: datetime
    end: datetime | None
    condition: Condition | None
    fallback: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the span as plain JSON types."""
        return {
            "policy": self.policy,
            "start": self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "condition": None if self.condition is None else self.condition.to_dict(),
            "fallback": self.fallback,
        }

    @property
    def reason(self) -> str:
        """Why it governed, in words (the condition, ``fallback`` or ``no policy matched``)."""
        if self.condition is not None:
            return str(self.condition)
        return "fallback" if self.fallback else "no policy matched"


@attrs.frozen
class PolicySet:
    """Ordered policies chosen by ticket fields: the first whose condition matches governs.

    Which policy governs is checked when the ticket is created and again on every
    event that changes a field (``field``, ``tags``, ``priority``), as Zendesk applies
    the first matching SLA policy on every ticket update. A cycle is measured
    against the target of the policy (and priority) in force when it stops, or at
    ``now`` while it runs: a change of policy re-targets the running cycle from its
    start, as Zendesk recomputes the running target from the new policy, while a
    cycle that was already over keeps its target. Each policy's targets carry their
    own calendars, so a policy per requester zone or group chooses the calendar per
    ticket (follow-the-sun desks). Without a fallback, a ticket that no policy
    matches has no targets (problem ``no_policy`` while it lasts at ``now``).

    Attributes:
        name: the set's name (the report's ``policy``).
        rules: the policies with their conditions, in order (:class:`PolicyRule`
            values, or ``(Condition, Policy)`` pairs).
        fallback: the policy governing a ticket no condition matches, or ``None``.

    Raises:
        ConfigError: no policy at all, two policies with one name, or policies whose
            statuses differ (a set's policies share one
            :class:`~servicekit.sla.StatusMap`, which drives the walk); the path
            names the policy, e.g. ``rules[1].policy.name``.
        TypeError: a value of the wrong type.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.sla import Target, TicketEvent, evaluate
        >>> vip = Policy("vip", {"normal": [Target("first_reply", timedelta(hours=1))]})
        >>> std = Policy("standard", {"normal": [Target("first_reply", timedelta(hours=8))]})
        >>> desk = PolicySet("desk", [(Condition.has_tag("vip"), vip)], fallback=std)
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> events = [
        ...     TicketEvent(t, "created", priority="normal"),
        ...     TicketEvent(t + timedelta(minutes=10), "tags", added=["vip"]),
        ... ]
        >>> report = evaluate(desk, events, now=t + timedelta(minutes=30))
        >>> [(s.policy, s.reason) for s in report.governing]
        [('standard', 'fallback'), ('vip', "has tag 'vip'")]
        >>> report["first_reply"].deadline.isoformat()
        '2026-11-20T10:00:00+00:00'
    """

    name: str = attrs.field()
    rules: tuple[PolicyRule, ...] = attrs.field(converter=_to_rules)
    fallback: Policy | None = attrs.field(default=None, kw_only=True)
    _policies: tuple[Policy, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _metrics: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    @name.validator
    def _check_name(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"name must be a string, got {type(value).__name__}")

    @fallback.validator
    def _check_fallback(self, _attribute: attrs.Attribute[Policy | None], value: object) -> None:
        if value is not None and not isinstance(value, Policy):
            raise TypeError(f"fallback must be a Policy or None, got {type(value).__name__}")

    def __attrs_post_init__(self) -> None:
        policies = tuple(r.policy for r in self.rules)
        if self.fallback is not None:
            policies += (self.fallback,)
        if not policies:
            raise ConfigError("a policy set needs at least one policy or a fallback", "rules")
        names: set[str] = set()
        for i, policy in enumerate(policies):
            where = "fallback" if i == len(self.rules) else f"rules[{i}].policy"
            if policy.name in names:
                raise ConfigError(
                    f"policy name {policy.name!r} is used twice; give each policy its own "
                    "name (the report names the governing policy)",
                    f"{where}.name",
                )
            names.add(policy.name)
            if policy.statuses != policies[0].statuses:
                raise ConfigError(
                    "differs from the first policy's statuses; a set's policies share one "
                    "status map",
                    f"{where}.statuses",
                )
        used = {m for p in policies for m in p.metrics}
        object.__setattr__(self, "_policies", policies)
        object.__setattr__(self, "_metrics", tuple(m for m in METRICS if m in used))

    @property
    def policies(self) -> tuple[Policy, ...]:
        """Every policy, in order, the fallback last."""
        return self._policies

    @property
    def metrics(self) -> tuple[str, ...]:
        """The metrics some policy targets, in :data:`~servicekit.sla.METRICS` order."""
        return self._metrics

    @property
    def statuses(self) -> StatusMap:
        """The statuses the set's policies share."""
        return self._policies[0].statuses

    def choose(self, fields: Mapping[str, str | None], tags: AbstractSet[str]) -> Policy | None:
        """Return the policy governing a ticket with ``fields`` and ``tags``, if any.

        Example:
            >>> a = Policy("a", {})
            >>> b = Policy("b", {})
            >>> s = PolicySet("s", [(Condition.equals("group", "billing"), a)], fallback=b)
            >>> s.choose({"group": "billing"}, set()).name, s.choose({}, set()).name
            ('a', 'b')
        """
        k = self._index(fields, tags)
        return None if k < 0 else self._policies[k]

    def _index(self, fields: Mapping[str, str | None], tags: AbstractSet[str]) -> int:
        """The governing policy's index in :attr:`policies`, or -1 for none."""
        for k, rule in enumerate(self.rules):
            if rule.when.matches(fields, tags):
                return k
        return len(self.rules) if self.fallback is not None else -1

    def _describe(self, k: int) -> tuple[str | None, Condition | None, bool]:
        """(policy name, matched condition, fallback) for a governing index."""
        if k < 0:
            return None, None, False
        if k < len(self.rules):
            return self._policies[k].name, self.rules[k].when, False
        return self._policies[k].name, None, True

    # --------------------------------------------------------------------- dicts
    def to_dict(self) -> dict[str, Any]:
        """Return the set as plain JSON types (the form :meth:`from_dict` reads).

        The shared statuses are written once, at the top; each policy as
        :meth:`Policy.to_dict` writes it, with its condition under ``when``.
        """
        out: dict[str, Any] = {"name": self.name}
        if self.statuses.statuses:
            out["statuses"] = self.statuses.to_dict()

        def plain(policy: Policy) -> dict[str, Any]:
            data = policy.to_dict()
            data.pop("statuses", None)
            return data

        out["policies"] = [{"when": r.when.to_dict(), **plain(r.policy)} for r in self.rules]
        if self.fallback is not None:
            out["fallback"] = plain(self.fallback)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PolicySet:
        """Build a policy set from a dict, listing every problem at once.

        The dict: ``{"name": ..., "statuses": {...} (shared by every policy),
        "policies": [{"when": condition, "name": ..., "calendars": {...}, "targets":
        {...}}, ...], "fallback": {policy without "when"}}``. Each policy is read as
        :meth:`Policy.from_dict` reads it (its own ``calendars``), without
        ``statuses``.

        Raises:
            ConfigError: every problem (a condition on an unknown field, a malformed
                policy, two policies with one name, ...), each with its path in
                ``.problems``, e.g. ``policies[1].when.field``; the error's own path is
                the first problem's. A policy's own errors are listed with every
                problem :meth:`Policy.from_dict` finds in it.

        Example:
            >>> PolicySet.from_dict(
            ...     {
            ...         "name": "desk",
            ...         "policies": [
            ...             {
            ...                 "when": {"field": "colour", "equals": "red"},
            ...                 "name": "a",
            ...                 "targets": {},
            ...             },
            ...             {"when": {"has_tag": ""}, "name": "a", "targets": {}},
            ...         ],
            ...     }
            ... )
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: policies[0].when.field: 3 problems:
              policies[0].when.field: unknown field 'colour'; expected one of ('priority', 'channel', 'group', 'assignee', 'organization', 'requester_zone') or 'custom.<name>' for a desk's own field
              policies[1].when.has_tag: expected a non-empty tag, got ''
              policies[1].name: policy name 'a' is used twice; give each policy its own name
        """  # noqa: E501 - a doctest's output line
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", "")
        found = [
            ConfigError(f"unknown field {key!r}; expected name, statuses, policies, fallback", key)
            for key in sorted(str(k) for k in data if k not in _SET_KEYS)
        ]
        name = data.get("name")
        if not isinstance(name, str):
            found.append(ConfigError(f"expected the set's name as a string, got {name!r}", "name"))
        statuses = StatusMap()
        try:
            statuses = StatusMap.from_dict(data.get("statuses", {}))
        except ConfigError as err:
            found.extend(err.problems)
        raw = data.get("policies", [])
        names: set[str] = set()
        rules = _read_rules(raw, statuses, names, found)
        fallback = _read_fallback(data.get("fallback"), statuses, names, found)
        if not raw and data.get("fallback") is None:
            found.append(
                ConfigError("a policy set needs at least one policy or a fallback", "policies")
            )
        raise_problems(found)
        return cls(str(name), rules, fallback=fallback)


def _read_rules(
    raw: object, statuses: StatusMap, names: set[str], found: list[ConfigError]
) -> list[PolicyRule]:
    """Read a set's ``policies``; problems go to ``found``."""
    rules: list[PolicyRule] = []
    if not isinstance(raw, list):
        found.append(
            ConfigError(f"expected a list of policies, got {type(raw).__name__}", "policies")
        )
        return rules
    for i, entry in enumerate(raw):
        where = f"policies[{i}]"
        if not isinstance(entry, Mapping):
            found.append(
                ConfigError(f"expected a policy mapping, got {type(entry).__name__}", where)
            )
            continue
        when = None
        if "when" not in entry:
            found.append(
                ConfigError(
                    "missing; give the condition under which this policy governs "
                    "(the fallback has none)",
                    f"{where}.when",
                )
            )
        else:
            try:
                when = Condition.from_dict(entry["when"], path=f"{where}.when")
            except ConfigError as err:
                found.extend(err.problems)
        rest = {k: v for k, v in entry.items() if k != "when"}
        policy = _read_policy(rest, where, statuses, names, found)
        if when is not None and policy is not None:
            rules.append(PolicyRule(when, policy))
    return rules


def _read_fallback(
    raw: object, statuses: StatusMap, names: set[str], found: list[ConfigError]
) -> Policy | None:
    """Read a set's ``fallback``; problems go to ``found``."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        found.append(
            ConfigError(f"expected a policy mapping, got {type(raw).__name__}", "fallback")
        )
        return None
    if "when" in raw:
        found.append(
            ConfigError(
                "the fallback has no condition; it governs when no policy matches",
                "fallback.when",
            )
        )
        return None
    return _read_policy(raw, "fallback", statuses, names, found)


_SET_KEYS: Final = frozenset({"name", "statuses", "policies", "fallback"})


def _read_policy(
    data: Mapping[str, Any],
    where: str,
    statuses: StatusMap,
    names: set[str],
    found: list[ConfigError],
) -> Policy | None:
    """Read one policy of a set; its problems go to ``found``."""
    if "statuses" in data:
        found.append(
            ConfigError(
                "declare statuses once, at the set's top level; a set's policies share them",
                f"{where}.statuses",
            )
        )
        return None
    try:
        policy = Policy.from_dict(data)
    except ConfigError as err:
        for problem in err.problems:
            path = f"{where}.{problem.path}" if problem.path else where
            found.append(ConfigError(problem.msg, path))
        return None
    # Policy.from_dict reports wrong types as ConfigErrors; a TypeError from a nested
    # reader would still be a problem of this policy, not the end of the listing.
    except TypeError as err:  # pragma: no cover - a guard, see above
        found.append(ConfigError(str(err), where))
        return None
    except UnknownTimeZoneError as err:
        found.append(
            ConfigError(
                f"unknown time zone {err.key!r}; give an IANA name such as 'Europe/Berlin'",
                f"{where}.{err.field}",
            )
        )
        return None
    if policy.name in names:
        found.append(
            ConfigError(
                f"policy name {policy.name!r} is used twice; give each policy its own name",
                f"{where}.name",
            )
        )
        return None
    names.add(policy.name)
    return attrs.evolve(policy, statuses=statuses)
