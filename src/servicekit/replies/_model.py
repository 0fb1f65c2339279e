"""The values of the replies pillar: findings, rules, rule sets, evidence, triage."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias

import attrs

from servicekit._fields import one_of
from servicekit._time import format_duration, parse_duration, parse_instant
from servicekit.typing import Handling, RuleKind, Severity, Tone

try:  # the regex parser is private: re._parser from 3.11 on, sre_parse before
    from re._constants import MAXREPEAT as _MAXREPEAT  # type: ignore[import-not-found,unused-ignore]
    from re._parser import parse as _parse  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    from sre_constants import MAXREPEAT as _MAXREPEAT  # type: ignore[no-redef,unused-ignore]
    from sre_parse import parse as _parse  # type: ignore[no-redef,unused-ignore]
from servicekit.exceptions import ConfigError
from servicekit.i18n import SUPPORTED_LANGUAGES, display_name, names_from_dict, template_fields

if TYPE_CHECKING:
    from datetime import datetime, timedelta

__all__ = [
    "DETECTORS",
    "HANDLINGS",
    "KINDS",
    "REGIONS",
    "SEVERITIES",
    "TONES",
    "Evidence",
    "Finding",
    "Handling",
    "Rule",
    "RuleKind",
    "RuleSet",
    "Scorer",
    "Severity",
    "Tone",
    "Triage",
]

Region: TypeAlias = Literal["anywhere", "start", "end"]

#: Severities of a finding, mildest first.
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")
#: Tones of an incoming message, calmest first.
TONES: tuple[Tone, ...] = ("calm", "frustrated", "angry", "abusive")
#: Recommended handlings of an incoming message.
HANDLINGS: tuple[Handling, ...] = ("reply", "cool-down")
#: ``match`` flags every match of a pattern; ``require`` flags a reply where none matches.
KINDS: tuple[RuleKind, ...] = ("match", "require")
#: Where a ``require`` rule looks: the whole reply, its first or its last lines.
REGIONS: tuple[Region, ...] = ("anywhere", "start", "end")

#: Built-in rules computed by code from the language data rather than by patterns.
DETECTORS = ("shouting", "exclamations", "short-answer", "unanswered", "promise")
#: The placeholders a rule's messages may use: ``{matched}``, and for the built-in
#: unanswered-question rule also the question and its missing key words.
_PLACEHOLDERS = frozenset({"matched"})
_BUILTIN_PLACEHOLDERS = {"unanswered": frozenset({"matched", "question", "keywords"})}

#: Offsets into a text stay below this (a 64-bit integer in other systems).
_LARGEST = 2**63

_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*")


def _shown(value: object) -> str:
    """A wrong value for an error message: a number or null as is, else only its type.

    Findings, evidence and triages hold customer text; a message must not repeat it.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of {value.bit_length():,} bits"
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return f"a {type(value).__name__}"


def _mapping(data: object, path: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ConfigError(f"expected a mapping, got {_shown(data)}", path)
    return data


def _str(data: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(
            f"expected a string, got {_shown(value)}", f"{path}.{key}" if path else key
        )
    return value


def _choice(value: str, choices: Sequence[str], path: str) -> str:
    if value not in choices:
        raise ConfigError(f"{value!r} is not one of {tuple(choices)}", path)
    return value


def _check_keys(data: Mapping[str, Any], allowed: Sequence[str], path: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        where = f"{path}.{unknown[0]}" if path else unknown[0]
        raise ConfigError(f"unknown key; expected one of {tuple(allowed)}", where)


@attrs.frozen
class Finding:
    """One place in a reply that may be read badly, with why and what to do instead.

    Attributes:
        rule: the id of the rule that fired, e.g. ``"blame"``.
        span: ``(start, end)`` offsets into the reply, so ``text[start:end] == matched``.
            A finding about something *missing* (no greeting, no next step) spans the
            part of the reply where it is missing (the first line, the last line, the
            whole reply).
        matched: the text of the span (part of the reply, hence ``repr=False``).
        why: why it may be read badly, in the reply's language. It may quote the
            reply or the customer's question, so it is left out of ``repr`` too.
        suggestion: what to write instead, in the reply's language (left out of
            ``repr`` for the same reason).
        severity: ``low``, ``medium`` or ``high``.
        language: the language whose rules found it (``en`` for an unsupported locale).
    """

    rule: str
    span: tuple[int, int]
    matched: str = attrs.field(repr=False)
    why: str = attrs.field(repr=False)
    suggestion: str = attrs.field(repr=False)
    severity: Severity
    language: str

    @property
    def start(self) -> int:
        """The offset where the span starts."""
        return self.span[0]

    @property
    def end(self) -> int:
        """The offset where the span ends (exclusive)."""
        return self.span[1]

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as plain JSON types.

        Example:
            >>> f = Finding("blame", (0, 9), "Obviously", "…", "…", "high", "en")
            >>> Finding.from_dict(f.to_dict()) == f
            True
        """
        return {
            "rule": self.rule,
            "span": [self.span[0], self.span[1]],
            "matched": self.matched,
            "why": self.why,
            "suggestion": self.suggestion,
            "severity": self.severity,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Finding:
        """Read a finding written by :meth:`to_dict`.

        Raises:
            ConfigError: a field is missing or malformed (the error names its path).
        """
        data = _mapping(data, path)
        keys = ("rule", "span", "matched", "why", "suggestion", "severity", "language")
        _check_keys(data, keys, path)
        pre = f"{path}." if path else ""
        span = data.get("span")
        if (
            not isinstance(span, Sequence)
            or isinstance(span, str)
            or len(span) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
            or not 0 <= span[0] <= span[1] < _LARGEST
        ):
            raise ConfigError(
                f"expected [start, end] with 0 <= start <= end < 2**63, got {_shown(span)}",
                f"{pre}span",
            )
        matched = _str(data, "matched", path)
        if len(matched) != span[1] - span[0]:
            raise ConfigError(
                "does not fit the span: it must have end - start characters",
                f"{pre}matched",
            )
        return cls(
            rule=_str(data, "rule", path),
            span=(span[0], span[1]),
            matched=matched,
            why=_str(data, "why", path),
            suggestion=_str(data, "suggestion", path),
            severity=_choice(_str(data, "severity", path), SEVERITIES, f"{pre}severity"),  # type: ignore[arg-type]
            language=_str(data, "language", path),
        )


def _check_message(instance: Rule, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ConfigError("must not be empty; say what the reader should know", attribute.name)
    allowed = _PLACEHOLDERS
    if instance.builtin is True:
        allowed = _BUILTIN_PLACEHOLDERS.get(instance.id, _PLACEHOLDERS)
    template_fields(value, attribute.name, allowed)


def _check_patterns(
    instance: Rule, _attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if not isinstance(value, tuple) or not all(isinstance(p, str) for p in value):
        raise TypeError("patterns must be a tuple of strings")
    if not value and not (instance.builtin is True and instance.id in DETECTORS):
        raise ConfigError("a rule needs at least one pattern", "patterns")
    for i, pattern in enumerate(value):
        try:
            re.compile(pattern)
        except re.error as err:
            raise ConfigError(
                f"{pattern!r} is not a regular expression: {err}", f"patterns[{i}]"
            ) from None
        if instance.builtin is False and _nested_repeat(_parse(pattern)):
            raise ConfigError(
                f"{pattern!r} repeats a repetition, which can take exponential time on "
                "some texts; write it without the outer repeat, e.g. 'a+' for '(a+)+'",
                f"patterns[{i}]",
            )


def _nested_repeat(items: Any, inside: bool = False) -> bool:  # noqa: ANN401 - parser nodes
    """Whether a parsed pattern has a repeat (``+``, ``*``, ``{2,}``) inside another."""
    for op, arg in items:
        name = str(op)
        if name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            repeats = arg[1] is _MAXREPEAT or arg[1] > 1
            if (repeats and inside) or _nested_repeat(arg[2], inside or repeats):
                return True
            continue
        children: list[Any] = []
        if name == "SUBPATTERN":
            children = [arg[-1]]
        elif name == "BRANCH":
            children = list(arg[1])
        elif name in {"ASSERT", "ASSERT_NOT"}:
            children = [arg[1]]
        if any(_nested_repeat(child, inside) for child in children):
            return True
    return False


def _check_id(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"id must be a string, got {type(value).__name__}")
    if not _ID_RE.fullmatch(value):
        raise ConfigError(
            f"{value!r} is not a rule id; use lowercase words with '-', e.g. 'team-slang'", "id"
        )


def _tuple_of_str(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else value  # type: ignore[return-value]


def _label_pairs(value: object) -> tuple[tuple[str, str], ...]:
    pairs = tuple(value.items()) if isinstance(value, Mapping) else value
    if not isinstance(pairs, tuple) or not all(
        isinstance(p, tuple) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        raise TypeError("label must be a mapping of language to name")
    return tuple(sorted(pairs))


@attrs.frozen
class Rule:
    r"""A rule of the review: what to look for, why it matters and what to say instead.

    Patterns are regular expressions, matched case-insensitively; unless they say
    otherwise they only match whole words (``(?<!\w)`` and ``(?!\w)`` are put around
    them, which works for Cyrillic as for Latin letters). Use ``\w*`` to allow
    inflected endings (``Rechnung\w*`` matches *Rechnungen*).

    Attributes:
        id: lowercase words joined by ``-``; a team rule with a built-in id replaces it.
        patterns: the regular expressions.
        why: why the text may be read badly; ``{matched}`` is filled in (the only
            placeholder, written plain: no format spec, conversion, attribute or
            index). Built-in rules give an English message id that the ``replies``
            catalog translates.
        suggestion: what to write instead; ``{matched}`` is filled in.
        severity: ``low``, ``medium`` or ``high``.
        kind: ``match`` flags every match; ``require`` flags the reply when none matches
            (a greeting, a closing).
        region: where a ``require`` rule looks: ``anywhere``, ``start`` (first line) or
            ``end`` (last two lines).
        builtin: set for servicekit's own rules: the rules of :data:`DETECTORS`
            need no pattern, and the ``unanswered`` rule's messages may also use
            ``{question}`` and ``{keywords}``.
        label: the rule's display name per language, ``(tag, name)`` pairs (given
            to :meth:`from_dict` as ``{"de": "Umgangssprache", ...}``); see
            :meth:`display_name`.

    Raises:
        ConfigError: an id, pattern or message is malformed, a team pattern repeats a
            repetition (``(a+)+``, which can backtrack exponentially), or a message
            uses a placeholder other than a plain ``{matched}`` (the error names the
            field).
        TypeError: a field has the wrong type.

    Example:
        >>> rule = Rule.from_dict(
        ...     {
        ...         "id": "no-slang",
        ...         "patterns": ["gonna", "wanna"],
        ...         "why": "“{matched}” reads as careless.",
        ...         "suggestion": "Write it out.",
        ...     }
        ... )
        >>> rule.kind, rule.severity
        ('match', 'medium')
    """

    id: str = attrs.field(validator=_check_id)
    patterns: tuple[str, ...] = attrs.field(converter=_tuple_of_str, validator=_check_patterns)
    why: str = attrs.field(validator=_check_message)
    suggestion: str = attrs.field(validator=_check_message)
    severity: Severity = attrs.field(default="medium", validator=one_of(SEVERITIES))
    kind: RuleKind = attrs.field(default="match", validator=one_of(KINDS))
    region: Region = attrs.field(default="anywhere", validator=one_of(REGIONS))
    builtin: bool = attrs.field(
        default=False, kw_only=True, validator=attrs.validators.instance_of(bool)
    )
    label: tuple[tuple[str, str], ...] = attrs.field(
        default=(), kw_only=True, converter=_label_pairs
    )

    def display_name(self, locale: str | None) -> str:
        """The rule's name for a reader in ``locale``: its ``label``, the catalog, its id.

        Follows :func:`servicekit.i18n.display_name` (kind ``rule``).

        Example:
            >>> rule = Rule.from_dict(
            ...     {
            ...         "id": "no-slang",
            ...         "patterns": ["gonna"],
            ...         "why": "Careless.",
            ...         "suggestion": "Write it out.",
            ...         "label": {"de": "Umgangssprache"},
            ...     }
            ... )
            >>> rule.display_name("de-AT"), rule.display_name("it")
            ('Umgangssprache', 'no-slang')
        """
        return display_name("rule", self.id, locale, dict(self.label))

    def to_dict(self) -> dict[str, Any]:
        """Return the rule as plain JSON types (``builtin`` only when it is set)."""
        out: dict[str, Any] = {
            "id": self.id,
            "patterns": list(self.patterns),
            "why": self.why,
            "suggestion": self.suggestion,
            "severity": self.severity,
            "kind": self.kind,
            "region": self.region,
        }
        if self.builtin:
            out["builtin"] = True
        if self.label:
            out["label"] = dict(self.label)
        return out

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Rule:
        """Build a team rule from a dict (or read back a built-in one: ``"builtin": true``).

        Raises:
            ConfigError: a field is missing or malformed; the error names its path,
                e.g. ``rules[2].patterns[0]``.
        """
        data = _mapping(data, path)
        keys = (
            *("id", "patterns", "why", "suggestion", "severity", "kind", "region"),
            *("builtin", "label"),
        )
        _check_keys(data, keys, path)
        pre = f"{path}." if path else ""
        patterns = data.get("patterns")
        if not isinstance(patterns, list | tuple) or not all(isinstance(p, str) for p in patterns):
            raise ConfigError(
                f"expected a list of regular expressions, got {_shown(patterns)}", f"{pre}patterns"
            )
        rule_id = _str(data, "id", path)
        why, suggestion = _str(data, "why", path), _str(data, "suggestion", path)
        severity = _choice(_str(data, "severity", path, "medium"), SEVERITIES, f"{pre}severity")
        kind = _choice(_str(data, "kind", path, "match"), KINDS, f"{pre}kind")
        region = _choice(_str(data, "region", path, "anywhere"), REGIONS, f"{pre}region")
        label = data.get("label", {})
        if not isinstance(label, Mapping):
            raise ConfigError(
                f"expected a mapping of language to name, got {_shown(label)}", f"{pre}label"
            )
        label = names_from_dict(label, f"{pre}label")
        builtin = data.get("builtin", False)
        if not isinstance(builtin, bool):
            raise ConfigError(f"expected true or false, got {_shown(builtin)}", f"{pre}builtin")
        try:
            return cls(
                rule_id,
                tuple(patterns),
                why,
                suggestion,
                severity,  # type: ignore[arg-type]
                kind,  # type: ignore[arg-type]
                region,  # type: ignore[arg-type]
                builtin=builtin,
                label=label,
            )
        except ConfigError as err:
            raise ConfigError(err.msg, f"{pre}{err.path}") from None


def _rules_tuple(value: object) -> tuple[Rule, ...]:
    if not isinstance(value, tuple | list) or not all(isinstance(r, Rule) for r in value):
        raise TypeError("rules must be a sequence of Rule values")
    return tuple(value)


def _ids(value: object) -> frozenset[str]:
    if not isinstance(value, Iterable) or isinstance(value, str):
        raise TypeError("disabled must be a collection of rule ids")
    ids = frozenset(value)
    if not all(isinstance(v, str) for v in ids):
        raise TypeError("disabled must be a collection of rule ids")
    return ids


def _language(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and value not in SUPPORTED_LANGUAGES:
        raise ConfigError(
            f"{value!r} is not a supported language; expected one of {SUPPORTED_LANGUAGES}",
            "language",
        )


@attrs.frozen
class RuleSet:
    """A team's rules, merged over the built-in rules of a language.

    Attributes:
        rules: the rules; one with a built-in id replaces the built-in rule.
        disabled: ids of rules to switch off (built-in or not), e.g. ``{"no-greeting"}``.
        language: the language the set applies to, or ``None`` for every language.

    Example:
        >>> team = RuleSet.from_dict(
        ...     {
        ...         "language": "en",
        ...         "disabled": ["no-greeting"],
        ...         "rules": [
        ...             {
        ...                 "id": "no-slang",
        ...                 "patterns": ["gonna"],
        ...                 "why": "Slang reads as careless.",
        ...                 "suggestion": "Write “going to”.",
        ...             }
        ...         ],
        ...     }
        ... )
        >>> sorted(r.id for r in team.rules), sorted(team.disabled)
        (['no-slang'], ['no-greeting'])
    """

    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules_tuple)
    disabled: frozenset[str] = attrs.field(default=frozenset(), converter=_ids)
    language: str | None = attrs.field(default=None, validator=_language)

    @rules.validator
    def _unique(self, _attribute: object, value: tuple[Rule, ...]) -> None:
        seen: set[str] = set()
        for i, rule in enumerate(value):
            if rule.id in seen:
                raise ConfigError(f"rule id {rule.id!r} appears twice", f"rules[{i}].id")
            seen.add(rule.id)

    def applies_to(self, language: str) -> bool:
        """Whether this set is meant for ``language``."""
        return self.language is None or self.language == language

    def merge(self, other: RuleSet) -> RuleSet:
        """Return this set with ``other`` laid over it (its rules win by id).

        Example:
            >>> a = RuleSet((Rule("x", ("a",), "A", "A"),))
            >>> b = RuleSet((Rule("x", ("b",), "B", "B"),), disabled={"y"})
            >>> merged = a.merge(b)
            >>> [r.patterns for r in merged.rules], sorted(merged.disabled)
            ([('b',)], ['y'])
        """
        theirs = {rule.id for rule in other.rules}
        rules = tuple(r for r in self.rules if r.id not in theirs) + other.rules
        return RuleSet(rules, self.disabled | other.disabled, self.language)

    def active(self) -> tuple[Rule, ...]:
        """The rules that are not disabled."""
        return tuple(r for r in self.rules if r.id not in self.disabled)

    def to_dict(self) -> dict[str, Any]:
        """Return the set as plain JSON types."""
        return {
            "language": self.language,
            "disabled": sorted(self.disabled),
            "rules": [rule.to_dict() for rule in self.rules],
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> RuleSet:
        """Build a team's rule set from a dict (``rules``, ``disabled``, ``language``).

        Raises:
            ConfigError: anything is malformed; the error names the path.
        """
        data = _mapping(data, path)
        _check_keys(data, ("rules", "disabled", "language"), path)
        pre = f"{path}." if path else ""
        rules = data.get("rules", [])
        if not isinstance(rules, list | tuple):
            raise ConfigError(f"expected a list of rules, got {_shown(rules)}", f"{pre}rules")
        disabled = data.get("disabled", [])
        if not isinstance(disabled, list | tuple) or not all(isinstance(d, str) for d in disabled):
            raise ConfigError(
                f"expected a list of rule ids, got {_shown(disabled)}", f"{pre}disabled"
            )
        language = data.get("language")
        if language is not None and not isinstance(language, str):
            raise ConfigError(
                f"expected a language code or null, got {_shown(language)}", f"{pre}language"
            )
        built = tuple(Rule.from_dict(r, path=f"{pre}rules[{i}]") for i, r in enumerate(rules))
        try:
            return cls(built, frozenset(disabled), language)
        except ConfigError as err:
            raise ConfigError(err.msg, f"{pre}{err.path}") from None


def _finite(_instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ConfigError(
            f"is {value!r}, which strict JSON cannot hold; give a finite number", attribute.name
        )


def _finite_breakdown(_instance: object, _attribute: object, value: object) -> None:
    for i, (_kind, points) in enumerate(value):  # type: ignore[arg-type,var-annotated]
        if not math.isfinite(points):
            raise ConfigError(
                f"is {_shown(points)}, which strict JSON cannot hold; give a finite number",
                f"breakdown[{i}]",
            )


def _duration(data: Mapping[str, Any], key: str, path: str) -> timedelta:
    where = f"{path}.{key}" if path else key
    value = data.get(key)
    if not isinstance(value, str):
        raise ConfigError(f"expected an ISO-8601 duration string, got {_shown(value)}", where)
    return parse_duration(value, where)


@attrs.frozen
class Evidence:
    """One sign of the tone of an incoming message.

    Attributes:
        kind: ``insult``, ``profanity``, ``threat-leave``, ``threat-public``,
            ``threat-legal``, ``fury``, ``anger``, ``frustration``, ``capitals``,
            ``exclamations`` or ``wording`` (a word that weighs most towards a
            cool-down in the wording model; no points) (a custom scorer may use its
            own kinds).
        span: ``(start, end)`` offsets into the message.
        matched: the text of the span (customer text, hence ``repr=False``).
        points: what it adds to the score (finite).

    Raises:
        ConfigError: ``points`` is NaN or infinite (path ``points``).
        TypeError: ``points`` is not a number.
    """

    kind: str
    span: tuple[int, int]
    matched: str = attrs.field(repr=False)
    points: float = attrs.field(validator=_finite)

    def to_dict(self) -> dict[str, Any]:
        """Return the evidence as plain JSON types."""
        return {
            "kind": self.kind,
            "span": list(self.span),
            "matched": self.matched,
            "points": self.points,
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Evidence:
        """Read evidence written by :meth:`to_dict`.

        Raises:
            ConfigError: a field is missing or malformed.
        """
        data = _mapping(data, path)
        _check_keys(data, ("kind", "span", "matched", "points"), path)
        pre = f"{path}." if path else ""
        span = data.get("span")
        if not (
            isinstance(span, list | tuple)
            and len(span) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
            and 0 <= span[0] <= span[1] < _LARGEST
        ):
            raise ConfigError(
                f"expected [start, end] with 0 <= start <= end < 2**63, got {_shown(span)}",
                f"{pre}span",
            )
        points = data.get("points")
        if not isinstance(points, int | float) or isinstance(points, bool):
            raise ConfigError(f"expected a number, got {_shown(points)}", f"{pre}points")
        number = _as_float(points, f"{pre}points")
        if not math.isfinite(number):
            raise ConfigError(
                f"is {_shown(points)}, which strict JSON cannot hold; give a finite number",
                f"{pre}points",
            )
        return cls(
            _str(data, "kind", path), (span[0], span[1]), _str(data, "matched", path), number
        )


class Scorer(Protocol):
    """A model that rates the tone of an incoming message.

    It receives the message and the language servicekit negotiated, and returns the
    tone and the evidence behind it; the score breakdown is the sum of the evidence's
    points per kind.
    """

    def __call__(self, text: str, *, language: str) -> tuple[Tone, Sequence[Evidence]]:
        """Rate ``text``."""
        ...  # pragma: no cover - a protocol has no body to run


def _optional_instant(data: Mapping[str, Any], key: str, path: str) -> datetime | None:
    value = data.get(key)
    where = f"{path}.{key}" if path else key
    if value is not None and not isinstance(value, str):
        raise ConfigError(
            f"expected an ISO-8601 instant string or null, got {_shown(value)}", where
        )
    return None if value is None else parse_instant(value, where)


@attrs.frozen
class Triage:
    """The tone of an incoming message and how to handle it.

    Attributes:
        tone: ``calm``, ``frustrated``, ``angry`` or ``abusive``.
        language: the language whose word lists were used.
        evidence: the signs found, in the order they appear.
        breakdown: ``(kind, points)`` per kind of evidence, largest first.
        score: the sum of the points.
        handling: ``reply`` (reply normally) or ``cool-down`` (wait, then reply kindly).
        cooldown: how long to wait before replying (zero for ``reply``).
        escalate: whether a lead should see the message (abuse, legal threats).
        advice: the recommendation, in the message's language.
        earliest: when the reply window opens (``received_at`` given), else ``None``.
        latest: when the reply is due at the latest, else ``None``.
    """

    tone: Tone
    language: str
    evidence: tuple[Evidence, ...]
    breakdown: tuple[tuple[str, float], ...] = attrs.field(validator=_finite_breakdown)
    score: float = attrs.field(validator=_finite)
    handling: Handling
    cooldown: timedelta
    escalate: bool
    advice: str
    earliest: datetime | None = None
    latest: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the triage as plain JSON types (ISO-8601 instants and durations)."""
        return {
            "tone": self.tone,
            "language": self.language,
            "evidence": [e.to_dict() for e in self.evidence],
            "breakdown": [[kind, points] for kind, points in self.breakdown],
            "score": self.score,
            "handling": self.handling,
            "cooldown": format_duration(self.cooldown),
            "escalate": self.escalate,
            "advice": self.advice,
            "earliest": None if self.earliest is None else self.earliest.isoformat(),
            "latest": None if self.latest is None else self.latest.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Triage:
        """Read a triage written by :meth:`to_dict`.

        Raises:
            ConfigError: a field is missing or malformed.
        """
        data = _mapping(data, path)
        keys = (
            "tone", "language", "evidence", "breakdown", "score", "handling",
            "cooldown", "escalate", "advice", "earliest", "latest",
        )  # fmt: skip
        _check_keys(data, keys, path)
        pre = f"{path}." if path else ""
        evidence = data.get("evidence")
        if not isinstance(evidence, list):
            raise ConfigError(f"expected a list, got {_shown(evidence)}", f"{pre}evidence")
        breakdown = data.get("breakdown")
        if not isinstance(breakdown, list) or not all(
            isinstance(b, list | tuple)
            and len(b) == 2
            and isinstance(b[0], str)
            and isinstance(b[1], int | float)
            for b in breakdown
        ):
            raise ConfigError(
                f"expected a list of [kind, points], got {_shown(breakdown)}", f"{pre}breakdown"
            )
        score = data.get("score")
        if not isinstance(score, int | float) or isinstance(score, bool):
            raise ConfigError(f"expected a number, got {_shown(score)}", f"{pre}score")
        escalate = data.get("escalate")
        if not isinstance(escalate, bool):
            raise ConfigError(f"expected true or false, got {_shown(escalate)}", f"{pre}escalate")
        for i, (_kind, points) in enumerate([*breakdown, ("", score)]):
            where = f"{pre}breakdown[{i}]" if i < len(breakdown) else f"{pre}score"
            if not math.isfinite(_as_float(points, where)):
                raise ConfigError(
                    f"is {_shown(points)}, which strict JSON cannot hold; give a finite number",
                    where,
                )
        return cls(
            tone=_choice(_str(data, "tone", path), TONES, f"{pre}tone"),  # type: ignore[arg-type]
            language=_str(data, "language", path),
            evidence=tuple(
                Evidence.from_dict(e, path=f"{pre}evidence[{i}]") for i, e in enumerate(evidence)
            ),
            breakdown=tuple((str(k), float(p)) for k, p in breakdown),
            score=float(score),
            handling=_choice(_str(data, "handling", path), HANDLINGS, f"{pre}handling"),  # type: ignore[arg-type]
            cooldown=_duration(data, "cooldown", path),
            escalate=escalate,
            advice=_str(data, "advice", path),
            earliest=_optional_instant(data, "earliest", path),
            latest=_optional_instant(data, "latest", path),
        )


def _as_float(value: float, path: str) -> float:
    try:
        return float(value)
    except OverflowError:
        raise ConfigError(f"is too large a number ({_shown(value)})", path) from None
