"""Review an outgoing reply: the rules, applied to one text in one language."""

from __future__ import annotations

import functools
import math
import re
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from babel.dates import format_date

from servicekit._calendar_like import CalendarLike
from servicekit._time import UTC, ZoneInfo, as_zone, require_aware
from servicekit.exceptions import ConfigError
from servicekit.i18n import (
    format_duration,
    format_instant,
    format_list,
    language_of,
    resolve_locale,
    translate,
    translations,
)
from servicekit.replies._language import (
    LemmaView,
    dictionary,
    lemma_view,
    merge_spans,
    text_language,
)
from servicekit.replies._lexicon import (
    DETECTORS,
    Lexicon,
    compile_rule,
    jargon_pattern,
    lexicon,
    promise_span,
)
from servicekit.replies._messages import MESSAGES, PROMISE_DAY, PROMISE_SPAN, QUOTE
from servicekit.replies._model import Finding, Rule, RuleSet
from servicekit.replies._text import (
    EXCLAMATIONS,
    WORD,
    acronyms,
    caps_runs,
    identifiers,
    require_text,
    segments,
    stem_set,
    stems,
    strip_span,
)
from servicekit.replies._wording import (
    BLAME_SENTENCE_WORDS,
    BLAME_THRESHOLD,
    MODEL_WORDS,
    READ_CHARS,
    VETO,
    VETO_MODELS,
    probability,
    words,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from servicekit.i18n import LocaleLike

__all__ = ["Calendar", "builtin_rules", "review"]

_DOMAIN = "replies"
#: A customer message counts as long from this many sentences or words on
#: (assumption: roughly a paragraph; a one-line answer to it reads as dismissive).
LONG_QUESTION_SENTENCES = 3
LONG_QUESTION_WORDS = 50
#: Relative promises longer than a year are not judged (assumption: not a promise).
_LONGEST_PROMISE_MINUTES = 366 * 24 * 60
#: A sentence shorter than this many words is taken for a signature or sign-off.
_SHORT_SEGMENT = 4
#: A line of fewer words than this, without a full stop, may be a job title in a
#: signature ("Наталья Сергеевна, отдел по работе с клиентами"; assumption: titles
#: are short).
_TITLE_LINE = 9
#: The sign-off is the last sentence and at most this many pieces in all (closing,
#: name, title, and an abbreviation cut off from the name).
_SIGN_OFF_PIECES = 4
#: A piece of one word of at most this many characters ending in a full stop is an
#: abbreviation in the signature ("Dr.", "Prof.", "Ing.").
_ABBREVIATION = 5
#: A wish may come first on the closing's line, joined by "and": "Viel Spaß beim
#: Konzert und freundliche Grüße", "Buona partita e un caro saluto".
_JOINED = re.compile(r"(?<!\w)(?:and|und|e|ed|и|&)\s+", re.IGNORECASE)
# Two words: a letter, something else than letters, and a letter again. (Spelt with a
# whole first word, "[^\W\d_]+(?:['’][^\W\d_]+)*[\W\d_]+[^\W\d_]", the search is
# quadratic in a long run of letters and finds the same spans; issue 14.)
_TWO_WORDS = re.compile(r"[^\W\d_][\W\d_]+[^\W\d_]")
_FIRST_WORD = re.compile(r"\w")
_LETTER = re.compile(r"[^\W\d_]")
#: A question counts as addressed when this share (1/n) of its key words come back
#: in the reply. A half missed answers in other words on the labelled sets (a
#: third: F1 0.79 against 0.76 on every labelled round; assumption: servicekit's).
_ANSWERED_SHARE = 3


#: Alias of :class:`servicekit.hours.CalendarLike`, kept for compatibility.
Calendar = CalendarLike


def builtin_rules(locale: LocaleLike | None) -> RuleSet:
    """Return the built-in rules for a locale's language (English if unsupported).

    Example:
        >>> sorted(r.id for r in builtin_rules("de").rules)[:4]
        ['blame', 'exclamations', 'jargon', 'no-closing']
    """
    return lexicon(language_of(locale)).rules


def _rule_sets(rules: RuleSet | Iterable[RuleSet] | None) -> tuple[RuleSet, ...]:
    if rules is None:
        return ()
    if isinstance(rules, RuleSet):
        return (rules,)
    sets = tuple(rules)
    for i, item in enumerate(sets):
        if not isinstance(item, RuleSet):
            raise TypeError(f"rules[{i}] must be a RuleSet, got {type(item).__name__}")
    return sets


def _jargon(terms: Iterable[str]) -> tuple[str, ...]:
    if isinstance(terms, str):
        raise TypeError("jargon must be a collection of terms, not a single string")
    found = []
    for i, term in enumerate(terms):
        if not isinstance(term, str):
            raise TypeError(f"jargon[{i}] must be a string, got {type(term).__name__}")
        if not term.strip():
            raise ConfigError(f"is empty ({term!r}); give a word or phrase", f"jargon[{i}]")
        found.append(term.strip())
    return tuple(found)


@functools.lru_cache(maxsize=1024)
def _template(message: str, language: str) -> str:
    """The catalog's translation of a message (the message itself if it has none)."""
    return translations(_DOMAIN, language).gettext(message)


def closes(text: str, pattern: re.Pattern[str], start: int, end: int) -> bool:
    """Whether the piece ``text[start:end]`` of the sign-off starts with a closing.

    A line without a full stop may also end with one after a wish and "and"
    ("Viel Spaß beim Konzert und freundliche Grüße"): the closing then runs to the
    end of the line (only punctuation may follow it).

    Example:
        >>> closes("Have fun and kind regards", re.compile("kind regards"), 0, 25)
        True
        >>> closes("Refunded and kind regards to you", re.compile("kind regards"), 0, 32)
        False
    """
    if pattern.match(text, start, end):
        return True
    piece = text[start:end]
    if piece.endswith((".", "?", "!")) or "\n" in piece:
        return False
    for joined in _JOINED.finditer(text, start, end):
        closing = pattern.match(text, joined.end(), end)
        if closing is not None and _LETTER.search(text, closing.end(), end) is None:
            return True
    return False


class _Review:
    """The state of one review: text, language, and the findings so far."""

    def __init__(self, text: str, lex: Lexicon, output: str) -> None:
        self.text = text
        self.lex = lex
        self.language = lex.language
        self.output = output
        self.segments = segments(text)
        self.findings: list[Finding] = []
        self._matched: dict[tuple[int, int], str] = {}
        # Whether the reply is long enough for the models to judge (MODEL_WORDS).
        self.judged = words(text[:READ_CHARS], MODEL_WORDS) >= MODEL_WORDS
        self._end: list[tuple[int, int]] | None = None
        self._view: LemmaView | None = None
        self._viewed = False

    def view(self) -> LemmaView | None:
        """The lemma view of the reply (built once, on first use; None without simplemma)."""
        if not self._viewed:
            self._view = lemma_view(self.text, self.language)
            self._viewed = True
        return self._view

    def lemma(self, rule: Rule) -> tuple[re.Pattern[str], LemmaView] | None:
        """The lemma pattern of a built-in rule and the view to match it on, if any."""
        pattern = self.lex.lemma_rules.get(rule.id) if rule.builtin else None
        view = None if pattern is None else self.view()
        return None if pattern is None or view is None else (pattern, view)

    def add(
        self, rule: Rule, start: int, end: int, why: str, suggestion: str, **params: str
    ) -> None:
        # One string per span: several findings on the whole reply (one per
        # unanswered question) share it instead of copying the reply each time.
        matched = self._matched.get((start, end))
        if matched is None:
            matched = self._matched[start, end] = self.text[start:end]
        self.findings.append(
            Finding(
                rule=rule.id,
                span=(start, end),
                matched=matched,
                why=_template(why, self.output).format(matched=matched, **params),
                suggestion=_template(suggestion, self.output).format(matched=matched, **params),
                severity=rule.severity,
                language=self.language,
            )
        )

    def flag(self, rule: Rule, start: int, end: int, **params: str) -> None:
        self.add(rule, start, end, rule.why, rule.suggestion, **params)

    # -- regions ------------------------------------------------------------------
    def whole(self) -> tuple[int, int]:
        return strip_span(self.text, 0, len(self.text))

    def start_region(self) -> list[tuple[int, int]]:
        return self.segments[:1] or [self.whole()]

    def end_region(self) -> list[tuple[int, int]]:
        # The last sentence, and before it any run of short lines (a name, a team).
        if self._end is None:
            self._end = self._end_region()
        return self._end

    def _end_region(self) -> list[tuple[int, int]]:
        region: list[tuple[int, int]] = []
        for start, end in reversed(self.segments):
            region.insert(0, (start, end))
            piece = self.text[start:end]
            count = len(WORD.findall(piece))
            whole_line = (start == 0 or self.text[start - 1] in "\n\r") and (
                end == len(self.text) or self.text[end] in "\n\r"
            )
            # A short piece, or a line of a few words that is no sentence (a job
            # title under the name: "Head of Learner Services").
            # A title cut off as a sentence of its own ("Dr." in "Dr. Ina Roth") too.
            abbreviation = count == 1 and len(piece) <= _ABBREVIATION and piece.endswith(".")
            signature = abbreviation or (
                not piece.endswith((".", "?"))
                and (count < _SHORT_SEGMENT or (whole_line and count < _TITLE_LINE))
            )
            if not signature or len(region) == _SIGN_OFF_PIECES:
                break
        return region or [self.whole()]

    # -- pattern rules ------------------------------------------------------------
    def match(self, rule: Rule) -> None:
        found = [m.span() for m in compile_rule(rule).finditer(self.text)]
        lemma = self.lemma(rule)
        if lemma is not None:
            pattern, view = lemma
            found = merge_spans(
                found, [view.original(*m.span()) for m in pattern.finditer(view.text)]
            )
        for start, end in found:
            self.flag(rule, start, end)

    def _lemma_match(self, rule: Rule, start: int, end: int) -> bool:
        lemma = self.lemma(rule)
        if lemma is None:
            return False
        pattern, view = lemma
        return pattern.match(view.text, *view.region(start, end)) is not None

    def require(self, rule: Rule) -> None:
        pattern = compile_rule(rule)
        if rule.region == "anywhere":
            lemma = self.lemma(rule)
            if pattern.search(self.text) is None and (
                lemma is None or lemma[0].search(lemma[1].text) is None
            ):
                self.flag(rule, *self.whole())
            return
        if rule.region == "start":
            region = self.start_region()
            found = any(
                pattern.match(self.text, start, end) or self._lemma_match(rule, start, end)
                for start, end in region
            )
        else:
            region = self.end_region()
            found = any(
                closes(self.text, pattern, start, end) or self._lemma_match(rule, start, end)
                for start, end in region
            )
        if not found:
            start, end = region[0] if rule.region == "start" else region[-1]
            self.flag(rule, start, end)


def _detect_shouting(state: _Review, rule: Rule) -> None:
    known = dictionary(state.language)
    for start, end in caps_runs(state.text, state.lex.acronyms, state.lex.loud, known):
        state.flag(rule, start, end)


def _detect_codes(state: _Review, rule: Rule) -> None:
    """Unexplained acronyms and internal identifiers, beside the jargon list's matches.

    A trade's jargon is open-ended (MPAN, FNOL, SCORM), so the built-in jargon rule
    also flags what looks like it: a lone acronym that is neither a known one nor a
    word of the language, and an identifier with an underscore ("CLOSED_PENDING").
    """
    listed = sorted(f.span for f in state.findings if f.rule == rule.id)
    known = dictionary(state.language)
    found = sorted(
        [
            *acronyms(state.text, state.lex.acronyms, state.lex.loud, known),
            *identifiers(state.text),
        ]
    )
    for start, end in merge_spans(listed, found):
        if (start, end) not in listed:
            state.flag(rule, start, end)


def _detect_exclamations(state: _Review, rule: Rule) -> None:
    for m in EXCLAMATIONS.finditer(state.text):
        if m.group().count("!") + m.group().count("！") + m.group().count("¡") >= 2:
            state.flag(rule, m.start(), m.end())


def _detect_blame_wording(state: _Review, rule: Rule) -> None:
    """Blame the phrase lists do not know: the blame model's sentence, when it is sure.

    Only where the lists found no blame. The model reads the first ``READ_CHARS``
    characters; of the sentences that start within them, the one the model finds
    most likely to blame is the finding's span (its whole sentence).
    """
    if not state.judged or any(f.rule == rule.id for f in state.findings):
        return
    chance = probability(state.text, state.language, "blame")
    if chance is None or chance < BLAME_THRESHOLD:
        return
    best: tuple[float, int, int] | None = None
    for start, end in state.segments:
        if start >= READ_CHARS:
            break
        sentence = state.text[start : min(end, READ_CHARS)]
        if words(sentence, BLAME_SENTENCE_WORDS) < BLAME_SENTENCE_WORDS:
            continue
        likely = probability(sentence, state.language, "blame")
        if likely is not None and (best is None or likely > best[0]):
            best = (likely, start, end)
    if best is not None:
        state.flag(rule, best[1], best[2])


def _body(state: _Review, rules: dict[str, Rule], limit: int = 2) -> list[tuple[int, int]]:
    """The first ``limit`` sentences of two words or more, without greeting and sign-off."""
    body = list(state.segments)
    greeting, closing = rules.get("no-greeting"), rules.get("no-closing")
    if body and greeting is not None and compile_rule(greeting).match(state.text, *body[0]):
        body = body[1:]
    if closing is not None:
        tail = [span for span in state.end_region() if span in body]
        for i, span in enumerate(tail):
            if closes(state.text, compile_rule(closing), *span):
                body = [s for s in body if s not in tail[i:]]
                break
    found: list[tuple[int, int]] = []
    for span in body:
        if _TWO_WORDS.search(state.text, *span):
            found.append(span)
            if len(found) == limit:
                break
    return found


def _is_long(question: str, sentences: list[tuple[int, int]]) -> bool:
    return (
        len(sentences) >= LONG_QUESTION_SENTENCES
        or len(WORD.findall(question)) >= LONG_QUESTION_WORDS
    )


def _detect_short_answer(
    state: _Review, rule: Rule, question: str | None, rules: dict[str, Rule]
) -> None:
    if question is None or not _is_long(question, segments(question)):
        return
    body = _body(state, rules)
    if len(body) <= 1:
        start, end = body[0] if body else state.whole()
        state.flag(rule, start, end)


def _answered_by_kind(state: _Review, sentence: str, echoed: int, found: dict[str, bool]) -> bool:
    """Whether the question is of a kind the reply holds an answer of, in any words.

    "When …?" is answered by a time, a date, a day or a number of days (not by a
    greeting such as "Guten Tag"), "How much …?" by a number, a question
    that starts with "Can/Is/Do …" by yes, no, of course, unfortunately… when at
    least one of its key words comes back (``echoed``: a "yes" answers one question,
    not every one). ``found`` caches, per kind, whether the reply holds such an
    answer (each is searched once).
    """
    first = _FIRST_WORD.search(sentence)
    for kind, asked, said in state.lex.answers:
        if kind == "yes-no":
            if echoed == 0 or first is None or asked.match(sentence, first.start()) is None:
                continue
        elif asked.search(sentence) is None:
            continue
        if kind not in found:
            found[kind] = said.search(state.text) is not None
        if found[kind]:
            return True
    return False


def _detect_unanswered(state: _Review, rule: Rule, question: str | None) -> None:
    if question is None:
        return
    answered = stem_set(state.text)
    found: dict[str, bool] = {}
    for start, end in segments(question):
        sentence = question[start:end]
        if not sentence.rstrip("\"'”»)").endswith(("?", "？")):
            continue
        keys = stems(sentence, state.lex.stopwords)
        if not keys:
            continue
        missing = [word for stem, word in keys.items() if stem not in answered]
        # Addressed when a third of the key words come back in the reply, or when
        # the reply holds an answer of the question's kind.
        if len(keys) - len(missing) < math.ceil(
            len(keys) / _ANSWERED_SHARE
        ) and not _answered_by_kind(state, sentence, len(keys) - len(missing), found):
            quoted = [translate(_DOMAIN, QUOTE, state.output, matched=w) for w in missing[:3]]
            state.flag(
                rule,
                *state.whole(),
                question=sentence,
                keywords=format_list(quoted, locale=state.output),
            )


def _zone_of(calendar: object, now: datetime) -> tzinfo:
    # A BusinessCalendar says its zone as ``zone`` (or ``timezone``); else use now's;
    # a fixed offset has no days of its own to speak of, so then UTC.
    candidates = (getattr(calendar, "zone", None), getattr(calendar, "timezone", None), now.tzinfo)
    for candidate in candidates:
        if isinstance(candidate, ZoneInfo | str) or candidate is UTC:
            return as_zone(candidate, "zone")
    return UTC


def _promise_duration(state: _Review, match: dict[str, str | None]) -> timedelta | None:
    raw = (match["n"] or "").lower()
    amount = int(raw) if raw.isdigit() else state.lex.numbers.get(" ".join(raw.split()), 1)
    minutes = amount if match["m"] else amount * 60
    # "in 99999 hours" is no promise a reply makes; it is not judged (and cannot
    # overflow a timedelta or run past the calendar's search horizon).
    return timedelta(minutes=minutes) if minutes <= _LONGEST_PROMISE_MINUTES else None


def _promises(state: _Review) -> list[tuple[int, int, str | timedelta]]:
    found: list[tuple[int, int, str | timedelta]] = []
    for pattern, spec in state.lex.promises:
        for m in pattern.finditer(state.text):
            value: str | timedelta = spec if spec in {"today", "tomorrow"} else promise_span(spec)
            found.append((m.start(), m.end(), value))
    for m in state.lex.relative.finditer(state.text):
        span = _promise_duration(state, m.groupdict())
        if span is not None:
            found.append((m.start(), m.end(), span))
    found.sort(key=lambda item: (item[0], item[0] - item[1]))
    kept: list[tuple[int, int, str | timedelta]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def _detect_promise(
    state: _Review, rule: Rule, calendar: Calendar | None, now: datetime | None
) -> None:
    if calendar is None or now is None:
        return
    zone = _zone_of(calendar, now)
    lang = state.output

    def when(at: datetime) -> str:
        return format_instant(at, locale=lang, zone=zone, style="short")

    for start, end, spec in _promises(state):
        if isinstance(spec, timedelta):
            deadline = (now.astimezone(UTC) + spec).astimezone(zone)  # real elapsed time
            available = calendar.elapsed(now, deadline)
            if available >= spec:
                continue
            state.add(
                rule,
                start,
                end,
                *PROMISE_SPAN,
                promised=format_duration(spec, locale=lang, threshold=1),
                deadline=when(deadline),
                available=format_duration(max(available, timedelta(0)), locale=lang, threshold=2),
                realistic=when(calendar.add(now, spec)),
            )
        else:
            local = now.astimezone(zone)
            day = local.date() + timedelta(days=1 if spec == "today" else 2)
            deadline = datetime.combine(day, time(0), tzinfo=zone)
            if calendar.elapsed(now, deadline) > timedelta(0):
                continue
            state.add(
                rule,
                start,
                end,
                *PROMISE_DAY,
                day=format_date(
                    day - timedelta(days=1), format="full", locale=resolve_locale(lang)
                ),
                realistic=when(calendar.next_open(now)),
            )


def _apply(
    state: _Review,
    rule: Rule,
    *,
    active: dict[str, Rule],
    question: str | None,
    calendar: Calendar | None,
    now: datetime | None,
) -> None:
    """Run one rule: a built-in detector, or a pattern rule (built-in or a team's)."""
    if not (rule.builtin and rule.id in DETECTORS):
        (state.match if rule.kind == "match" else state.require)(rule)
        if rule.builtin and rule.id == "jargon":
            _detect_codes(state, rule)
        if rule.builtin and rule.id == "blame":
            _detect_blame_wording(state, rule)
    elif rule.id == "shouting":
        _detect_shouting(state, rule)
    elif rule.id == "exclamations":
        _detect_exclamations(state, rule)
    elif rule.id == "short-answer":
        _detect_short_answer(state, rule, question, active)
    elif rule.id == "unanswered":
        _detect_unanswered(state, rule, question)
    else:
        _detect_promise(state, rule, calendar, now)


def _veto(state: _Review, active: dict[str, Rule]) -> None:
    """Drop the built-in jargon and no-next-step findings the models find unlikely.

    Only on a reply of ``MODEL_WORDS`` words or more; a team's own rule of the same
    id, and a team's ``jargon`` terms (flagged after this), are never dropped.
    """
    if not state.judged:
        return
    for rule_id, least in VETO.items():
        rule = active.get(rule_id)
        if rule is None or not rule.builtin or all(f.rule != rule_id for f in state.findings):
            continue
        chance = probability(state.text, state.language, VETO_MODELS[rule_id])
        if chance is not None and chance < least:
            state.findings = [f for f in state.findings if f.rule != rule_id]


def _team_jargon(state: _Review, terms: tuple[str, ...], active: dict[str, Rule]) -> None:
    """Flag a team's own jargon terms (even when the built-in list is switched off)."""
    pattern = jargon_pattern(terms)
    if pattern is None:
        return
    rule = active.get("jargon") or next(r for r in state.lex.rules.rules if r.id == "jargon")
    why, suggestion = MESSAGES["jargon"]
    for m in pattern.finditer(state.text):
        state.add(rule, m.start(), m.end(), why, suggestion)


def review(
    text: str,
    *,
    locale: LocaleLike | None,
    calendar: Calendar | None = None,
    now: datetime | None = None,
    jargon: Iterable[str] = (),
    question: str | None = None,
    rules: RuleSet | Iterable[RuleSet] | None = None,
    language: LocaleLike | None = None,
) -> tuple[Finding, ...]:
    r"""Check the wording of a reply before it is sent.

    The rules of the reply's language run over the text (see
    :doc:`/explanation/tone-rules`): shouting (words in capitals, runs of ``!!``),
    blame and condescension, curtness (no greeting, no closing, a one-line answer to
    a long ``question``), questions in ``question`` the reply does not address,
    jargon, promises the calendar cannot keep, and a missing next step. In English,
    German, Italian and Russian small models trained on servicekit's labelled
    drafts also find blame the phrase lists do not know, and drop the built-in
    jargon and next-step findings of a reply they find unlikely to deserve them
    (replies of 20 words or more; a team's own rules and terms are never dropped).

    The reply is judged in its own language: ``language`` when given, else the
    language detected in the text (with the ``language`` extra installed), else the
    language of ``locale``. The findings' texts are in the language of ``locale``,
    so a German desk lead can read the findings on an Italian reply in German. With
    the extra, words are also matched by their lemma, so inflected forms and other
    word orders of a phrase are found too (see :doc:`/explanation/reply-checks-accuracy`).

    Args:
        text: the reply.
        locale: the reader's locale: the language of the findings' texts, and the
            reply's language when ``language`` is not given and it cannot be
            detected. A language servicekit has no rules for falls back to English,
            and every finding's ``language`` says which rules were used.
        calendar: a :class:`servicekit.hours.BusinessCalendar` (anything with
            ``add``, ``elapsed`` and ``next_open``); with ``now``, promises such as
            "within the hour" or "today" are checked against staffed time.
        now: when the reply would be sent (aware); needed with ``calendar``.
        jargon: a team's own jargon terms, checked as whole words (a short inflected
            ending is allowed: "SLA" also finds "SLAs").
        question: the customer's message, for the unanswered-question and
            one-line-answer rules.
        rules: a team's :class:`RuleSet` (or several), laid over the built-in rules;
            sets meant for another language than the reply's are skipped.
        language: the reply's language (a language or locale tag, ``"de"``);
            ``None`` detects it.

    Returns:
        The findings, ordered by position in the text.

    Cost: linear in the length of ``text`` and ``question`` (every built-in pattern
    runs in linear time, and team patterns with a repeat inside a repeat are refused
    when the rule is built).

    Raises:
        TypeError: ``text``, ``question``, a jargon term, ``rules``, ``locale`` or
            ``language`` has the wrong type; ``now`` is not a datetime.
        ConfigError: ``text`` or ``question`` is empty or blank; a jargon term is
            blank; ``calendar`` is given without ``now`` (path ``now``).
        NaiveDatetimeError: ``now`` is naive.

    Example:
        >>> text = (
        ...     "Hi Sam,\nas I already said, it was sent. Obviously it takes 3 days!!!\nBest, Kim"
        ... )
        >>> [
        ...     (f.rule, f.matched) for f in review(text, locale="en")
        ... ]  # doctest: +NORMALIZE_WHITESPACE
        [('no-next-step',
          'Hi Sam,\nas I already said, it was sent. Obviously it takes 3 days!!!\nBest, Kim'),
         ('blame', 'as I already said'), ('blame', 'Obviously'), ('exclamations', '!!!')]
        >>> print(review(text, locale="de-AT")[0].why)
        Die Antwort sagt nicht, wie es weitergeht oder was die Kundin oder der Kunde tun kann.
    """
    text = require_text(text, "text")
    if question is not None:
        question = require_text(question, "question")
    if now is not None:
        require_aware(now, "now")
    if calendar is not None and now is None:
        raise ConfigError("is needed with calendar: give the time the reply is sent", "now")
    terms = _jargon(jargon)
    output = language_of(locale)
    lex = lexicon(text_language(text, locale, language))
    merged = lex.rules
    for extra in _rule_sets(rules):
        if extra.applies_to(lex.language):
            merged = merged.merge(extra)
    state = _Review(text, lex, output)
    active = {rule.id: rule for rule in merged.active()}
    for rule in active.values():
        _apply(state, rule, active=active, question=question, calendar=calendar, now=now)
    _veto(state, active)
    _team_jargon(state, terms, active)
    unique = {(f.span, f.rule, f.why): f for f in state.findings}
    return tuple(sorted(unique.values(), key=lambda f: (f.span[0], f.span[1], f.rule)))
