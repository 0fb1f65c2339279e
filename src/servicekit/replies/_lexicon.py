"""Compile the per-language rule data once (cached) into ready regular expressions."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, cast

import attrs
from babel import Locale

from servicekit._time import parse_duration

try:  # the regex parser is private: re._parser from 3.11 on, sre_parse before
    from re._parser import parse as _parse  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    from sre_parse import parse as _parse  # type: ignore[no-redef,unused-ignore]
from servicekit.replies import _data_de, _data_en, _data_it, _data_ru
from servicekit.replies._messages import MESSAGES
from servicekit.replies._model import DETECTORS, Rule, RuleSet

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import timedelta

__all__ = [
    "DETECTORS",
    "TRIAGE_KINDS",
    "Lexicon",
    "compile_rule",
    "jargon_pattern",
    "lexicon",
]

_DATA: dict[str, dict[str, object]] = {
    "en": _data_en.DATA,
    "de": _data_de.DATA,
    "it": _data_it.DATA,
    "ru": _data_ru.DATA,
}
_FLAGS = re.IGNORECASE | re.MULTILINE

#: The kinds of evidence the built-in scorer looks for, with their word-list keys.
TRIAGE_KINDS = (
    ("insult", "insult"),
    ("profanity", "profanity"),
    ("threat-leave", "threat_leave"),
    ("threat-public", "threat_public"),
    ("threat-legal", "threat_legal"),
    ("fury", "fury"),
    ("anger", "anger"),
    ("frustration", "frustration"),
)

#: Severity and, for pattern rules, (data key, kind, region) of every built-in rule.
_PATTERN_RULES = (
    ("blame", "blame", "high", "match", "anywhere"),
    ("jargon", "jargon", "low", "match", "anywhere"),
    ("no-greeting", "greeting", "low", "require", "start"),
    ("no-closing", "closing", "low", "require", "end"),
    ("no-next-step", "next_step", "medium", "require", "anywhere"),
)
_DETECTOR_SEVERITY = {
    "shouting": "high",
    "exclamations": "medium",
    "short-answer": "medium",
    "unanswered": "high",
    "promise": "high",
}


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _first(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters a parsed sequence can start with, or None when not simple."""
    found: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name in {"MAX_REPEAT", "MIN_REPEAT"} and arg[0] == 0:
            optional = _first(list(arg[2]))
            if optional is None:
                return None
            found |= optional  # it may be absent: the next item may come first
            continue
        first = _first_of(name, arg)
        return None if first is None else found | first
    return None  # the whole sequence may be empty


def _first_of(name: str, arg: Any) -> set[str] | None:  # noqa: ANN401 - parser nodes
    if name == "LITERAL":
        return {chr(arg)}
    if name == "SUBPATTERN":
        return _first(list(arg[-1]))
    if name == "BRANCH":
        sets = [_first(list(alt)) for alt in arg[1]]
        return None if None in sets else set().union(*sets)  # type: ignore[arg-type]
    if name in {"MAX_REPEAT", "MIN_REPEAT"}:
        return _first(list(arg[2]))
    if name == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
        return {chr(c) for _, c in arg}
    return None


def _prefilter(patterns: Iterable[str]) -> str:
    """A lookahead on the possible first characters, or "" when they are not simple.

    Python's ``re`` tries every alternative at every word start; a one-character
    class in front rejects most word starts at once (about 1.5x faster on the blame
    list). The class is matched with the same flags, so case folding is the regex's.
    """
    try:
        chars: set[str] = set()
        for pattern in patterns:
            first = _first(list(_parse(pattern, _FLAGS)))
            if first is None:
                return ""
            chars |= first
    except Exception:  # noqa: BLE001 - any surprise from the private parser: no prefilter
        return ""
    body = "".join(re.escape(c) for c in sorted(chars))
    return f"(?=[{body}])" if body else ""


def _words(patterns: Iterable[str]) -> re.Pattern[str]:
    # Whole words only: lookarounds instead of \b so that a pattern may start or end
    # with punctuation; \w is Unicode-aware, so this works for Cyrillic too.
    patterns = list(patterns)
    return re.compile(rf"(?<!\w){_prefilter(patterns)}(?:{_alternation(patterns)})(?!\w)", _FLAGS)


@functools.lru_cache(maxsize=512)
def compile_rule(rule: Rule) -> re.Pattern[str]:
    """Return the compiled, whole-word, case-insensitive regex of a pattern rule."""
    return _words(rule.patterns)


@functools.lru_cache(maxsize=128)
def jargon_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Return a regex for a team's jargon terms (whole words, up to 3 letters of ending)."""
    if not terms:
        return None
    parts = []
    for term in terms:
        body = r"\s+".join(re.escape(word) for word in term.split())
        # Allow a short inflected ending ("SLAs", "тикета") after a final letter.
        parts.append(body + (r"[^\W\d_]{0,3}" if term[-1].isalpha() else ""))
    return _words(parts)


@attrs.frozen
class Lexicon:
    """The compiled data of one language."""

    language: str
    rules: RuleSet
    acronyms: frozenset[str]
    promises: tuple[tuple[re.Pattern[str], str], ...]
    relative: re.Pattern[str]
    numbers: dict[str, int] = attrs.field(hash=False)
    minutes: re.Pattern[str]
    stopwords: frozenset[str]
    triage: tuple[tuple[str, re.Pattern[str]], ...]
    #: Patterns over the lemma view (see :mod:`servicekit.replies._language`):
    #: per built-in rule id, and per kind of triage evidence.
    lemma_rules: dict[str, re.Pattern[str]] = attrs.field(hash=False, factory=dict)
    lemma_triage: tuple[tuple[str, re.Pattern[str]], ...] = ()
    #: Short words that are loud in capitals ("NOT"): see :func:`caps_runs`.
    loud: frozenset[str] = frozenset()
    #: Where a person is being called something ("you are", "your staff are",
    #: "bunch of"), and the pejorative nouns and adjectives that make it an insult.
    address: re.Pattern[str] = re.compile(r"(?!)")  # by default none: matches nothing
    pejoratives: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    #: Answer types of the unanswered rule: (kind, the question's words, the
    #: answer's words); a yes-no question is one that starts with its words.
    answers: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = ()


def _rule(rule_id: str, patterns: tuple[str, ...], severity: str, kind: str, region: str) -> Rule:
    why, suggestion = MESSAGES[rule_id]
    return Rule(
        rule_id,
        patterns,
        why,
        suggestion,
        severity,  # type: ignore[arg-type]
        kind,  # type: ignore[arg-type]
        region,  # type: ignore[arg-type]
        builtin=True,
    )


def _detector(rule_id: str) -> Rule:
    # The promise rule's texts depend on the kind of promise; its placeholder texts
    # here are the day-promise ones and are only used if a team overrides nothing.
    why, suggestion = MESSAGES.get(rule_id, ("{matched}", "{matched}"))
    return Rule(rule_id, (), why, suggestion, _DETECTOR_SEVERITY[rule_id], builtin=True)  # type: ignore[arg-type]


#: Acronyms the public knows across the four languages' countries (not shouting, not
#: jargon): consumer technology, payments, health, organisations, titles.
COMMON_ACRONYMS = (
    "ATM", "CD", "DVD", "TV", "PC", "IT", "SIM", "PUK", "HDMI", "USB", "LED", "LCD",
    "DSL", "ADSL", "VDSL", "LTE", "WLAN", "WIFI", "MMS", "NFC", "QR", "ID", "PIN",
    "IBAN", "BIC", "SEPA", "VISA", "EC", "PDF", "FAQ", "URL", "APP", "IOS", "AI",
    "CEO", "CFO", "HR", "VIP", "CV", "PS", "PPS", "NB", "DIY", "EU", "UK", "USA",
    "UN", "NATO", "WHO", "UNESCO", "BBC", "CNN", "COVID", "HIV", "AIDS", "DNA",
    "MRI", "CT", "ECG", "EKG", "ICU", "BMI", "IQ", "MBA", "PHD", "BSC", "MSC",
    "GPS", "SMS", "OK", "VAT", "GMT", "UTC", "ISBN", "MP3", "RSVP",
)  # fmt: skip


def _codes() -> frozenset[str]:
    # ISO 3166 and ISO 4217 codes from CLDR (via Babel): "EUR", "DE", "USD" are not
    # shouting. Long all-caps words are judged by length anyway (see _review).
    english = Locale.parse("en")
    keys = [*english.territories, *english.currencies, *english.languages]
    return frozenset(k.upper() for k in keys if isinstance(k, str) and k.isalpha())


@functools.lru_cache(maxsize=8)
def lexicon(language: str) -> Lexicon:
    """Return the compiled data of ``language`` (one of the supported languages)."""
    data = _DATA[language]
    rules = [
        _rule(rid, tuple(cast("list[str]", data[key])), sev, kind, region)
        for rid, key, sev, kind, region in _PATTERN_RULES
    ]
    rules += [_detector(rid) for rid in DETECTORS]
    numbers = cast("dict[str, int]", data["numbers"])
    number = _alternation(
        [
            r"\d+",
            *sorted((re.escape(n).replace(r"\ ", r"\s+") for n in numbers), key=len, reverse=True),
        ]
    )
    unit = rf"(?:(?P<m>{data['minutes']})|(?P<h>{data['hours']}))"
    relative = rf"(?:{data['relative_prefix']})\s+(?P<n>{number})\s*{unit}"
    lemmas = cast("dict[str, list[str]]", data.get("lemmas", {}))
    rule_keys = {key: rid for rid, key, *_ in _PATTERN_RULES}
    promises = tuple(
        (_words([pattern]), spec)
        for pattern, spec in cast("list[tuple[str, str]]", data["promises"])
    )
    return Lexicon(
        language=language,
        rules=RuleSet(tuple(rules), language=language),
        acronyms=frozenset(
            a.upper() for a in (*cast("list[str]", data["acronyms"]), *COMMON_ACRONYMS)
        )
        | _codes(),
        promises=promises,
        relative=_words([relative]),
        numbers={k.lower(): v for k, v in numbers.items()},
        minutes=re.compile(cast("str", data["minutes"]), _FLAGS),
        stopwords=frozenset(w.lower() for w in cast("list[str]", data["stopwords"])),
        triage=tuple((kind, _words(cast("list[str]", data[key]))) for kind, key in TRIAGE_KINDS),
        lemma_rules={rule_keys[k]: _words(v) for k, v in lemmas.items() if k in rule_keys and v},
        loud=frozenset(w.upper() for w in cast("list[str]", data.get("loud", []))),
        lemma_triage=tuple(
            (kind, _words(lemmas[key])) for kind, key in TRIAGE_KINDS if lemmas.get(key)
        ),
        address=_words(cast("list[str]", data["address"])),
        pejoratives=_pejoratives(language, cast("list[str]", data["pejoratives"])),
        prepositions=frozenset(cast("list[str]", data["prepositions"])),
        answers=tuple(
            (kind, _words(asked), _words(said))
            for kind, asked, said in cast("list[tuple[str, list[str], list[str]]]", data["answers"])
        ),
    )


def _pejoratives(language: str, curated: list[str]) -> frozenset[str]:
    """Servicekit's own pejoratives of ``language`` and HurtLex's filtered nouns."""
    from servicekit.replies._hurtlex import WORDS  # noqa: PLC0415 - 45 kB, read on first use

    return frozenset(w.lower() for w in curated) | frozenset(WORDS[language].split())


def promise_span(spec: str) -> timedelta:
    """The time a fixed promise gives, e.g. ``PT1H``."""
    return parse_duration(spec, "spec")
