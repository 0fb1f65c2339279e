"""Triage an incoming message: a transparent, rule-based tone score and a handling."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from servicekit._time import require_aware, require_timedelta
from servicekit.i18n import format_duration, language_of, translate
from servicekit.replies._language import (
    dictionary,
    lemma_function,
    lemma_view,
    merge_spans,
    text_language,
)
from servicekit.replies._lexicon import Lexicon, lexicon
from servicekit.replies._messages import ADVICE
from servicekit.replies._model import TONES, Evidence, Handling, Scorer, Tone, Triage
from servicekit.replies._text import caps_runs, require_text
from servicekit.replies._wording import (
    CONFIDENT,
    CONFIDENT_WORDS,
    READ_CHARS,
    THRESHOLD,
    char_ngrams,
    contributions,
    probability,
    words,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from servicekit.i18n import LocaleLike
    from servicekit.sla._clock import CalendarLike

__all__ = ["COOLDOWNS", "WEIGHTS", "score", "triage"]

#: Points per piece of evidence, and the most one kind may add (``None``: no cap).
#: Assumption: servicekit's own weights, set so that one insult outweighs everything
#: but abuse, and shouting or "!!" alone never make a message angry. Declared fury
#: ("I am furious", "you haven't heard the last of this") makes it angry alone.
WEIGHTS: dict[str, tuple[float, float | None]] = {
    "insult": (4.0, None),
    "profanity": (2.5, None),
    "threat-legal": (2.5, None),
    "threat-public": (2.0, None),
    "threat-leave": (2.0, None),
    "fury": (4.0, 4.0),
    "anger": (2.0, 4.0),
    "frustration": (1.0, 4.0),
    "capitals": (1.5, 3.0),
    "exclamations": (1.0, 2.0),
}
#: A run of this many words in capitals is a shouted sentence and counts twice.
SHOUTED_SENTENCE = 4
#: From this score on a message is frustrated, and angry.
FRUSTRATED_AT = 1.0
ANGRY_AT = 4.0
#: A sign of anger and another, separate piece of evidence that together reach this
#: score make a message angry too: several medium cues ("Congratulations, you've
#: lost my parcel for the third time") where none would alone. On every labelled
#: round no calm or frustrated message had such a pair (assumption: servicekit's).
COMBINED_AT = 3.0
#: Suggested cool-down before answering, per tone. Assumption: servicekit's defaults.
#: The advice to support staff is to let one's own anger pass before answering a
#: furious or abusive message and then reply kindly, still inside the promised reply
#: time (issue 9 and the sources in docs/explanation/tone-rules.md); the lengths are
#: ours: long enough to step away, short enough for a 24-hour promise.
COOLDOWNS: dict[str, timedelta] = {
    "calm": timedelta(0),
    "frustrated": timedelta(0),
    "angry": timedelta(minutes=30),
    "abusive": timedelta(hours=1),
}
_RUNS = re.compile(r"[!?！？¡¿]{2,}")
#: What may be called a pejorative: the words up to the end of the clause after an
#: address ("you are", "your staff are", "bunch of"), at most this many of them.
CALLED_WORDS = 5
#: A sentence of at most this many words that ends in a pejorative ("Thieves!",
#: "Vollpfosten, allesamt.") calls the reader one too.
CALLED_ALONE = 2
_LOOK = 160  # characters looked at after an address: five words and their gaps
_SHORTEST = 3  # letters of the shortest pejorative ("rat", "хам")
_CLAUSE_END = re.compile(
    r"[.,;:!?…()\[\]\n\r\u2028\u2029]|\s(?:and|und|e|и|but|aber|ma|но|who|che|которые|который)\s"
)
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"([^\W\d_]+)[\s-]+\Z")
_PREPOSITION_LOOK = 12  # characters before a word: the longest preposition and a gap
#: The most words shown as the wording model's evidence, and their fewest characters
#: (short function words, "is", "and", weigh in the model but say little to a reader).
WORDING_EVIDENCE = 3
WORDING_LETTERS = 4
_TOKEN = re.compile(r"\S+")
_WORD_IN_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_SENTENCE = re.compile(r"(?:^|(?<=[.!?…]\s)|(?<=[\n\r]))(?=[^\W\d_])")


def _capped(kind: str, found: list[tuple[int, int]], text: str) -> list[Evidence]:
    each, cap = WEIGHTS[kind]
    evidence = []
    total = 0.0
    for start, end in found:
        points = each if cap is None else max(0.0, min(each, cap - total))
        total += points
        evidence.append(Evidence(kind, (start, end), text[start:end], points))
    return evidence


def _capitals(text: str, lex: Lexicon) -> list[Evidence]:
    """Runs of words in capitals; a whole shouted sentence counts twice."""
    each, cap = WEIGHTS["capitals"]
    evidence = []
    total = 0.0
    for start, end in caps_runs(text, lex.acronyms, lex.loud, dictionary(lex.language)):
        weight = each * (2 if len(text[start:end].split()) >= SHOUTED_SENTENCE else 1)
        points = max(0.0, min(weight, (cap or math.inf) - total))
        total += points
        evidence.append(Evidence("capitals", (start, end), text[start:end], points))
    return evidence


def _called(
    text: str,
    start: int,
    lex: Lexicon,
    lemma: Callable[[str], str],
    most: int,
    *,
    last: bool,
) -> int | None:
    """The end of a pejorative in the clause from ``start``, or None.

    The clause ends at a punctuation mark or a conjunction and holds at most ``most``
    words; with ``last`` only its last word counts. Each word is compared by its
    lemma and its surface form; one right after a preposition does not count.
    """
    stop = _CLAUSE_END.search(text, start, start + _LOOK)
    if stop is None and start + _LOOK < len(text):
        return None  # no end of clause near: a longer sentence goes on
    words = list(_WORD.finditer(text, start, stop.start() if stop else start + _LOOK))
    if not words or len(words) > most:
        return None
    for i in range(len(words) - 1, len(words) - 2 if last else -1, -1):
        word = words[i].group()  # from the end: the span reaches the last pejorative
        if i and words[i - 1].group().lower() in lex.prepositions:
            continue  # "a call from scammers": not what anyone is called
        if len(word) >= _SHORTEST and {word.lower(), lemma(word)} & lex.pejoratives:
            return words[i].end()
    return None


def _after_preposition(text: str, start: int, lex: Lexicon) -> bool:
    """Whether the word before ``start`` is a preposition ("a call from scammers")."""
    before = _LAST_WORD.search(text, max(0, start - _PREPOSITION_LOOK), start)
    return before is not None and before.group(1).lower() in lex.prepositions


def _insults(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Pejoratives said of someone: after an address, or as a sentence of their own."""
    found = []
    lemma = lemma_function(lex.language)
    for match in lex.address.finditer(text):
        end = _called(text, match.end(), lex, lemma, CALLED_WORDS, last=False)
        if end is not None:
            found.append((match.start(), end))
    for match in _SENTENCE.finditer(text):
        end = _called(text, match.start(), lex, lemma, CALLED_ALONE, last=True)
        if end is not None:
            found.append((match.start(), end))
    kept: list[tuple[int, int]] = []
    for span in sorted(found):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def score(text: str, *, locale: LocaleLike | None) -> tuple[Tone, tuple[Evidence, ...]]:
    """Rate the tone of a message with servicekit's word lists and wording model.

    This is the default scorer. Evidence is looked up in the language's lists
    (insults, profanity, threats to leave, to go public or to go to law, signs of
    frustration) and in the shape of the text (runs of words in capitals, runs of
    ``!!``/``?!``). Each adds the points of :data:`WEIGHTS`. By the points, the tone
    is *abusive* with any insult, or with two profanities and a score of 8 or more;
    *angry* from a score of 4, or with any profanity or legal threat, or from 3 when
    a sign of anger comes with other evidence elsewhere in the text
    (``COMBINED_AT``); *frustrated* from 1; *calm* below.

    In English, German, Italian and Russian the wording model (a logistic regression
    over the message's character n-grams, trained on servicekit's labelled sets)
    then weighs a frustrated or angry message: from a probability of 0.45 it is
    angry, below it frustrated. An insult keeps a message abusive; a message
    without any sign stays calm unless it has 15 words or more and the model gives
    it 0.7 or more (angry then). When the model makes a message angry, the (at
    most three) words that weigh most towards it are added as ``wording`` evidence,
    with no points. See docs/explanation/reply-checks-accuracy.md for how well
    each part does on sets written by other people.

    Example:
        >>> tone, evidence = score("Still no refund?? I asked twice.", locale="en")
        >>> tone, [(e.kind, e.matched, e.points) for e in evidence]
        ('frustrated', [('frustration', 'Still no', 1.0), ('exclamations', '??', 1.0),
         ('frustration', 'asked twice', 1.0)])
        >>> tone, evidence = score(
        ...     "Third email this week and still no refund. Unbelievable.", locale="en"
        ... )
        >>> [(e.kind, e.matched, e.points) for e in evidence]  # doctest: +NORMALIZE_WHITESPACE
        [('wording', 'this', 0.0), ('frustration', 'still no', 1.0),
         ('wording', 'refund', 0.0), ('wording', 'Unbelievable', 0.0)]
        >>> tone
        'angry'
    """
    language = language_of(locale)
    lex = lexicon(language)
    lemmas = dict(lex.lemma_triage)
    view = lemma_view(text, language) if lemmas else None
    evidence: list[Evidence] = []
    for kind, pattern in lex.triage:
        found = [m.span() for m in pattern.finditer(text)]
        if view is not None and kind in lemmas:
            extra = [view.original(*m.span()) for m in lemmas[kind].finditer(view.text)]
            found = merge_spans(found, extra)
        if kind == "insult":
            found = [s for s in found if not _after_preposition(text, s[0], lex)]
            found = merge_spans(found, _insults(text, lex))
        evidence += _capped(kind, found, text)
    evidence += _capitals(text, lex)
    # Any run of two or more marks counts here, "??" included: a sign of agitation.
    runs = [m.span() for m in _RUNS.finditer(text)]
    evidence += _capped("exclamations", runs, text)
    tone = _tone(evidence)
    chance = probability(text, language)
    if chance is not None:
        tone = _with_wording(tone, chance, text)
        if tone in ("angry", "abusive") and chance >= THRESHOLD:
            evidence += _wording(text, language)
    evidence.sort(key=lambda e: (e.span, e.kind))
    return tone, tuple(evidence)


def _with_wording(tone: Tone, chance: float, text: str) -> Tone:
    """The tone once the wording model has said whether a cool-down is needed.

    The word lists find the signs and the model weighs them: an insult keeps a
    message abusive; between frustrated and angry the model decides; a message with
    no sign stays calm unless the model is confident about a message long enough
    for its letters to say something (``CONFIDENT``, ``CONFIDENT_WORDS``).
    """
    if tone == "abusive":
        return tone
    if tone == "calm":
        confident = chance >= CONFIDENT and words(text, CONFIDENT_WORDS) >= CONFIDENT_WORDS
        return "angry" if confident else "calm"
    return "angry" if chance >= THRESHOLD else "frustrated"


def _wording(text: str, language: str) -> list[Evidence]:
    """The words that weigh most towards a cool-down in the wording model (no points).

    Only the words the model read (the first ``READ_CHARS`` characters) are looked at.
    """
    weights = contributions(text, language)
    ranked: list[tuple[float, int, int]] = []
    for match in _TOKEN.finditer(text[:READ_CHARS]):
        # The word's distinct n-grams, as the model takes them.
        weight = sum(weights.get(gram, 0.0) for gram in char_ngrams(match.group()))
        word = _WORD_IN_TOKEN.search(match.group())
        if weight > 0.0 and word is not None and len(word.group()) >= WORDING_LETTERS:
            start = match.start() + word.start()
            ranked.append((weight, start, start + len(word.group())))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [
        Evidence(kind="wording", span=(start, end), matched=text[start:end], points=0.0)
        for _, start, end in sorted(ranked[:WORDING_EVIDENCE], key=lambda item: item[1])
    ]


def _tone(evidence: Sequence[Evidence]) -> Tone:
    total = sum(e.points for e in evidence)
    kinds = [e.kind for e in evidence]
    if "insult" in kinds or (kinds.count("profanity") >= 2 and total >= 8):
        return "abusive"
    if total >= ANGRY_AT or "profanity" in kinds or "threat-legal" in kinds:
        return "angry"
    if total >= COMBINED_AT and _anger_and_more(evidence):
        return "angry"
    if total >= FRUSTRATED_AT:
        return "frustrated"
    return "calm"


def _anger_and_more(evidence: Sequence[Evidence]) -> bool:
    """Whether a sign of anger comes with evidence elsewhere in the text."""
    angry = [e.span for e in evidence if e.kind == "anger" and e.points > 0]
    return any(
        e.points > 0 and all(e.span[1] <= s[0] or e.span[0] >= s[1] for s in angry)
        for e in evidence
        if angry and e.kind != "anger"
    )


def _checked(text: str, result: object) -> tuple[Tone, tuple[Evidence, ...]]:
    if not isinstance(result, tuple) or len(result) != 2:
        raise TypeError(f"a scorer must return (tone, evidence), got a {type(result).__name__}")
    tone, evidence = result
    if tone not in TONES:
        raise ValueError(f"a scorer returned the tone {str(tone)[:40]!r}; expected one of {TONES}")
    evidence = tuple(evidence)
    for i, item in enumerate(evidence):
        if not isinstance(item, Evidence):
            raise TypeError(
                f"a scorer returned evidence[{i}] of type {type(item).__name__}; "
                "expected an Evidence"
            )
        start, end = item.span
        if not (0 <= start <= end <= len(text) and text[start:end] == item.matched):
            raise ValueError(
                f"a scorer returned evidence[{i}] whose span {item.span!r} does not hold its text"
            )
    return tone, evidence


def triage(
    text: str,
    *,
    locale: LocaleLike | None,
    received_at: datetime | None = None,
    within: timedelta = timedelta(hours=24),
    calendar: CalendarLike | None = None,
    scorer: Scorer | None = None,
    language: LocaleLike | None = None,
) -> Triage:
    """Assess the tone of an incoming message and recommend how to handle it.

    Calm and frustrated messages get a normal reply. Angry ones get a cool-down
    (:data:`COOLDOWNS`) before the reply; abusive ones a longer cool-down and the
    escalation flag, as do legal threats. With ``received_at`` the reply window is
    computed by :func:`servicekit.sla.reply_window`, so the cool-down still keeps the
    promise to reply ``within`` the given time.

    The message is judged in its own language: ``language`` when given, else the
    language detected in the text (with the ``language`` extra installed), else the
    language of ``locale``; the advice is written in the language of ``locale``.
    So a German message triaged for an Italian desk (``locale="it"``) is read with
    the German word lists and advised on in Italian.

    Args:
        text: the customer's message.
        locale: the reader's locale: the advice's language, and the message's
            language when ``language`` is not given and it cannot be detected. An
            unsupported language falls back to English (``language`` on the result
            says which word lists were used).
        received_at: when the message arrived (aware), to compute the reply window.
        within: the promised reply time (default 24 hours).
        calendar: a :class:`servicekit.hours.BusinessCalendar` for the reply window
            (business time); ``None`` counts real time.
        scorer: a callable ``scorer(text, language=...) -> (tone, evidence)`` for a
            team's own model (it gets the message's language); the default is
            :func:`score`.
        language: the message's language (a language or locale tag, ``"de"``);
            ``None`` detects it.

    Returns:
        The :class:`Triage`.

    Raises:
        TypeError: ``text`` is not a string; ``within`` is not a timedelta;
            ``locale`` or ``language`` has the wrong type; a scorer returned
            something else than ``(tone, [Evidence, ...])``.
        ConfigError: ``text`` is empty or blank.
        ValueError: a scorer returned an unknown tone or evidence outside the text.
        NaiveDatetimeError: ``received_at`` is naive.
        InfeasibleError: the cool-down is as long as ``within`` or longer.

    Example:
        >>> from datetime import datetime, timezone
        >>> t = triage(
        ...     "You are useless idiots. I want my money back NOW!!!",
        ...     locale="en",
        ...     received_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc),
        ... )
        >>> t.tone, t.handling, t.escalate, str(t.cooldown)
        ('abusive', 'cool-down', True, '1:00:00')
        >>> t.earliest.isoformat()
        '2026-11-20T10:00:00+00:00'
    """
    text = require_text(text, "text")
    require_timedelta(within, "within")
    if received_at is not None:
        require_aware(received_at, "received_at")
    output = language_of(locale)
    language = text_language(text, locale, language)
    if scorer is None:
        tone, evidence = score(text, locale=language)
    else:
        tone, evidence = _checked(text, scorer(text, language=language))
    sums: dict[str, float] = defaultdict(float)
    for item in evidence:
        sums[item.kind] += item.points
    breakdown = tuple(sorted(sums.items(), key=lambda kv: (-kv[1], kv[0])))
    cooldown = COOLDOWNS[tone]
    handling: Handling = "reply" if cooldown == timedelta(0) else "cool-down"
    escalate = tone == "abusive" or any(e.kind == "threat-legal" for e in evidence)
    advice = translate(
        "replies",
        ADVICE[tone],
        output,
        cooldown=format_duration(cooldown, locale=output, threshold=1),
    )
    earliest = latest = None
    if received_at is not None:
        from servicekit.sla import reply_window  # noqa: PLC0415 - sla imports hours; keep replies light

        window = reply_window(received_at, within=within, cooldown=cooldown, calendar=calendar)
        earliest, latest = window.earliest, window.latest
    return Triage(
        tone=tone,
        language=language,
        evidence=evidence,
        breakdown=breakdown,
        score=round(sum(sums.values()), 6),
        handling=handling,
        cooldown=cooldown,
        escalate=escalate,
        advice=advice,
        earliest=earliest,
        latest=latest,
    )
