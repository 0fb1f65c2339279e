"""The tone of replies and incoming messages (HOW TO SAY IT).

What belongs here: checking the wording of an outgoing reply before it is sent
(:func:`review`, rules kept as data per language, a team's own :class:`RuleSet` on
top), and the tone of an incoming message with a recommended handling
(:func:`triage`: reply normally, or a cool-down inside the reply window of
:func:`servicekit.sla.reply_window`, and an escalation flag). Both are pure and
rule-based, with their evidence shown; small wording models, kept as data, weigh
the signs the rules find in triage and find blame the phrase lists of review do not
know (see docs/explanation/reply-checks-accuracy.md). English, German,
Italian and Russian are complete, and any other language falls back to English. A
text is judged in its own language (:func:`detect_language`, with the ``language``
extra) while the findings and the advice are written in the reader's locale.

Example:
    >>> from servicekit.replies import review, triage
    >>> [
    ...     f.rule
    ...     for f in review("Hallo Frau Rossi, wie bereits gesagt: das geht nicht.", locale="de")
    ... ]
    ['no-closing', 'no-next-step', 'blame']
    >>> triage("WO IST MEIN PAKET??? Das ist eine Frechheit!", locale="de").tone
    'angry'
"""

from __future__ import annotations

from servicekit.replies._language import DETECT_CHARS, MIN_SHARE, detect_language
from servicekit.replies._model import (
    DETECTORS,
    SEVERITIES,
    TONES,
    Evidence,
    Finding,
    Rule,
    RuleSet,
    Scorer,
    Triage,
)
from servicekit.replies._review import Calendar, builtin_rules, review
from servicekit.replies._triage import COOLDOWNS, WEIGHTS, score, triage

__all__ = [
    "COOLDOWNS",
    "DETECTORS",
    "DETECT_CHARS",
    "MIN_SHARE",
    "SEVERITIES",
    "TONES",
    "WEIGHTS",
    "Calendar",
    "Evidence",
    "Finding",
    "Rule",
    "RuleSet",
    "Scorer",
    "Triage",
    "builtin_rules",
    "detect_language",
    "review",
    "score",
    "triage",
]
