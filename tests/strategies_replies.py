"""Hypothesis strategies for servicekit.replies."""

from __future__ import annotations

from hypothesis import strategies as st

from servicekit.replies import Evidence, Finding, Rule, RuleSet

__all__ = ["evidences", "findings", "locales", "replies", "rule_sets", "rules"]

_PIECES = [
    "Hi Anna,",
    "Hallo",
    "Здравствуйте!",
    "Buongiorno",
    "AS I ALREADY SAID",
    "obviously",
    "!!!",
    "?!",
    "\n",
    " ",
    "within the hour",
    "in 99999999999 hours",
    "within 12 minutes",
    "через 3 часа",
    "noch heute",
    "today",
    "завтра",
    "entro un'ora",
    "Kind regards,",
    "С уважением",
    "PDF",
    "FAQ",
    "ß",
    "İ",
    "ǅ",
    "\u0301",
    "\u200b",
    "…",
    "we will",
    "bitte senden Sie",
    "как я уже говорил",
    "come già detto",
    "EUR",
    "Ⅻ",
]

#: Text that looks like replies: fragments of real rule triggers mixed with any unicode.
replies = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), min_size=1, max_size=30
).map("".join)

#: Locales, supported or not, well-formed or not.
locales = st.sampled_from(["en", "de", "it", "ru", "de-AT", "ru_RU", "pt-BR", "fr", "??", "", None])

_ids = st.builds(
    lambda word, n: f"{word}-{n}" if n else word,
    st.sampled_from(["slang", "tone", "team", "x", "no-slang", "ref2"]),
    st.integers(0, 99),
)
_words = st.sampled_from(["gonna", "wanna", r"ASAP\w*", "kinda", "dunno", r"ok(?:ay)?"])

rules = st.builds(
    Rule,
    id=_ids,
    patterns=st.lists(_words, min_size=1, max_size=3).map(tuple),
    why=st.sampled_from(["“{matched}” reads as careless.", "Too casual."]),
    suggestion=st.sampled_from(["Write it out.", "Say “{matched}” differently."]),
    severity=st.sampled_from(["low", "medium", "high"]),
    kind=st.sampled_from(["match", "require"]),
    region=st.sampled_from(["anywhere", "start", "end"]),
)

rule_sets = st.builds(
    RuleSet,
    rules=st.lists(rules, max_size=3, unique_by=lambda r: r.id).map(tuple),
    disabled=st.frozensets(st.sampled_from(["blame", "no-greeting", "jargon", "shouting"])),
    language=st.sampled_from([None, "en", "de", "it", "ru"]),
)

findings = st.builds(
    lambda rule, start, matched, severity, language: Finding(
        rule, (start, start + len(matched)), matched, "why", "what", severity, language
    ),
    _ids,
    st.integers(0, 500),
    st.text(max_size=20),
    st.sampled_from(["low", "medium", "high"]),
    st.sampled_from(["en", "de", "it", "ru"]),
)

evidences = st.builds(
    lambda kind, start, matched, points: Evidence(
        kind, (start, start + len(matched)), matched, points
    ),
    st.sampled_from(["insult", "profanity", "frustration", "capitals"]),
    st.integers(0, 500),
    st.text(max_size=20),
    st.floats(0, 10, allow_nan=False),
)
