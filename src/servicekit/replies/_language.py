"""The language of a text and the lemmas of its words (the ``language`` extra).

Both libraries are imported on first use, so ``import servicekit`` stays light:
`py3langid <https://pypi.org/project/py3langid/>`_ (a naive Bayes classifier over
byte n-grams, 4.6 MB with its model) names the language, and `simplemma
<https://pypi.org/project/simplemma/>`_ (dictionary lemmatisation, no model to
train) gives each word's lemma. Without them, a text is read in its locale's
language and rules match surface forms only, as before the extra existed.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.i18n import SUPPORTED_LANGUAGES, language_of
from servicekit.replies._text import require_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from servicekit.i18n import LocaleLike

__all__ = ["LemmaView", "detect", "detect_language", "lemma_view", "text_language"]

_EXTRA = "pip install 'servicekit[language]'"
#: Only the first characters are classified (a long text's first part is its own
#: writing; quoted history and signatures come later). Keeps detection bounded.
DETECT_CHARS = 1000
#: The share of the supported languages' probability the best one needs: below it
#: the text is too short or too mixed to tell, and its locale's language is used.
MIN_SHARE = 0.8
#: A text whose most likely language is an unsupported one with at least this
#: probability is not forced into a supported language.
OTHER_LANGUAGE = 0.9
#: Longer tokens are kept as they are (simplemma's compound splitting would be
#: quadratic in a token's length; no word of these languages is this long).
_LONGEST_WORD = 40
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_NEWLINE = re.compile(r"[\n\r\u2028\u2029]")


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:  # noqa: ANN401 - py3langid has no types
    """The py3langid classifier over all its languages (loaded once, about 1.5 s)."""
    from py3langid.langid import (  # type: ignore[import-untyped]  # noqa: PLC0415 - the optional extra, loaded on use
        MODEL_FILE,
        LanguageIdentifier,
    )

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def installed(module: str) -> bool:
    """Whether an optional module of the ``language`` extra can be imported."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def detect(text: str) -> str | None:
    """The supported language ``text`` is written in, or ``None`` when unsure or unknown."""
    ranked = _identifier().rank(text[:DETECT_CHARS])
    probabilities = {str(lang): float(p) for lang, p in ranked}
    best, top = max(probabilities.items(), key=lambda item: (item[1], item[0]))
    if best not in SUPPORTED_LANGUAGES and top >= OTHER_LANGUAGE:
        return None
    # The floor keeps the share defined if every supported language underflowed to 0.
    mass = max(sum(probabilities.get(lang, 0.0) for lang in SUPPORTED_LANGUAGES), 1e-300)
    language = max(SUPPORTED_LANGUAGES, key=lambda lang: probabilities.get(lang, 0.0))
    return language if probabilities.get(language, 0.0) / mass >= MIN_SHARE else None


def detect_language(text: str) -> str | None:
    """Return the language a message is written in: ``en``, ``de``, ``it``, ``ru`` or None.

    The first :data:`DETECT_CHARS` characters are classified by py3langid among all
    its languages. ``None`` means servicekit cannot tell: the text is most likely in
    a language it has no rules for, or it is too short to say (a greeting alone, a
    name, "OK"): the best supported language then holds less than :data:`MIN_SHARE`
    of the supported languages' probability.

    Args:
        text: the message.

    Returns:
        The language code, or ``None``.

    Raises:
        TypeError: ``text`` is not a string.
        ConfigError: ``text`` is empty or blank.
        ImportError: the ``language`` extra is not installed
            (``pip install 'servicekit[language]'``).

    Example:
        >>> detect_language("Wo bleibt meine Bestellung? Ich warte seit zwei Wochen.")
        'de'
        >>> detect_language("Dov'è finito il mio ordine? Aspetto da due settimane.")
        'it'
        >>> detect_language("Hallo") is None
        True
    """
    text = require_text(text, "text")
    if not installed("py3langid"):
        raise ImportError(f"detecting the language needs py3langid: {_EXTRA}")
    return detect(text)


def text_language(text: str, locale: LocaleLike | None, language: LocaleLike | None) -> str:
    """The language whose rules judge ``text``.

    ``language`` when given; else the detected language when the ``language`` extra
    is installed and sure; else the locale's language (English for an unsupported
    one).
    """
    if language is not None:
        return language_of(language)
    if installed("py3langid"):
        found = detect(text)
        if found is not None:
            return found
    return language_of(locale)


@attrs.frozen
class LemmaView:
    """A text with every word replaced by its lower-case lemma, and the way back.

    ``text`` holds the tokens (words, numbers, single punctuation marks) joined by
    one space, or by a newline where the original had a line break between them;
    ``starts``/``ends`` are each token's offsets in ``text`` and ``spans`` its
    offsets in the original.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the tokens that ``text[start:end]`` touches."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end) - 1
        return self.spans[first][0], self.spans[max(first, last)][1]

    def region(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``text`` holding the tokens inside the original ``[start, end)``."""
        first = bisect.bisect_left(self.spans, (start, start))
        last = bisect.bisect_left(self.spans, (end, end)) - 1
        if last < first:
            return len(self.text), len(self.text)
        return self.starts[first], self.ends[last]


@functools.lru_cache(maxsize=8)
def _lemmatizer(language: str) -> Any:  # noqa: ANN401 - simplemma's function
    import simplemma  # noqa: PLC0415 - the optional extra, loaded on use

    return functools.partial(simplemma.lemmatize, lang=language)


def lemma_view(text: str, language: str) -> LemmaView | None:
    """The lemma view of ``text`` in ``language``, or ``None`` without simplemma.

    Linear in the length of the text: one pass of a regex without nested repeats,
    and one dictionary look-up per token of at most 40 characters.
    """
    if not installed("simplemma"):
        return None
    lemmatize = _lemmatizer(language)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    previous = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if parts:
            parts.append("\n" if _NEWLINE.search(text, previous, match.start()) else " ")
            offset += 1
        word = token if len(token) > _LONGEST_WORD or not token.isalpha() else lemmatize(token)
        lemma = str(word).lower()
        parts.append(lemma)
        starts.append(offset)
        offset += len(lemma)
        ends.append(offset)
        spans.append(match.span())
        previous = match.end()
    return LemmaView("".join(parts), tuple(starts), tuple(ends), tuple(spans))


def lemma_function(language: str) -> Callable[[str], str]:
    """A function giving a word's lower-case lemma (the word in lower case without simplemma).

    Words over 40 characters are kept as they are (see :func:`lemma_view`).
    """
    if not installed("simplemma"):
        return str.lower
    lemmatize = _lemmatizer(language)

    def lemma(word: str) -> str:
        return word.lower() if len(word) > _LONGEST_WORD else str(lemmatize(word)).lower()

    return lemma


def merge_spans(
    first: list[tuple[int, int]], second: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``first`` with the spans of ``second`` that overlap none of it, in order.

    Both lists are sorted by start and hold no overlapping spans of their own; one
    sweep over both keeps this linear in their lengths.
    """
    merged = list(first)
    i = 0
    for start, end in second:
        while i < len(first) and first[i][1] <= start:
            i += 1
        if i < len(first) and first[i][0] < end:
            continue
        merged.append((start, end))
    return sorted(merged)


@functools.lru_cache(maxsize=8)
def dictionary(language: str) -> Callable[[str], bool] | None:
    """Whether a lower-case word is in ``language``'s dictionary; None without simplemma."""
    if not installed("simplemma"):
        return None
    import simplemma  # noqa: PLC0415 - the optional extra, loaded on use

    return functools.partial(simplemma.is_known, lang=language)
