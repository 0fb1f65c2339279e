"""Text helpers shared by review and triage: input checks, segments, words, capitals."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from servicekit.exceptions import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = [
    "EXCLAMATIONS",
    "WORD",
    "acronyms",
    "caps_runs",
    "identifiers",
    "require_text",
    "segments",
    "stem_set",
    "stems",
    "strip_span",
]

#: A word: letters only (digits and underscores split words).
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MARKS = "!?！？¡"
#: Runs of two or more marks with at least two exclamation marks ("!!", "?!!", "!?!").
EXCLAMATIONS = re.compile(rf"[{_MARKS}]{{2,}}")
_TERMINAL = ".!?…。！？"
# A sentence: from a non-space character to a terminal mark followed by a space, or
# to the end of the line. A sentence may start with a run of marks only at the run's
# first mark: otherwise every later mark of a long run ("!!!…") would scan the rest of
# the run again, which is quadratic (issue 14); each run is scanned once, so the
# pattern runs in time linear in the text.
_SEGMENT = re.compile(
    rf"(?:[^\s{_TERMINAL}]|(?<![{_TERMINAL}])[{_TERMINAL}]+(?![\s{_TERMINAL}]|$))"
    rf"(?:[^\n\r\u2028\u2029{_TERMINAL}]|[{_TERMINAL}]+(?![\s{_TERMINAL}]|$))*[{_TERMINAL}]*"
)
_ALNUM = re.compile(r"[^\W_]")
_LETTER = r"[^\W\d_]"


@functools.cache
def _caps() -> re.Pattern[str]:
    r"""A word in capitals: two or more upper-case letters, not inside a longer word.

    Python's re has no ``\p{Lu}``, so the class lists every upper-case letter of the
    Basic Multilingual Plane; it is built on first use to keep the import cheap.
    """
    upper = "".join(
        re.escape(chr(i)) for i in range(0x10000) if chr(i).isupper() and chr(i).isalpha()
    )
    return re.compile(rf"(?<!{_LETTER})[{upper}]{{2,}}(?!{_LETTER})")


_GAP = re.compile(r"[ \t\u00a0]+")
#: Capitals this close to other capitals ("PER L'ULTIMA") are read with them.
_NEAR = 4
#: An internal identifier: a word holding an underscore between a letter and a letter
#: or digit ("CLOSED_PENDING", "refund_hold"). Only word starts are tried (the
#: lookbehind) and the pieces around the underscore cannot overlap, so one scan is
#: linear in the text.
_IDENTIFIER = re.compile(r"(?<!\w)\w*?[^\W\d_]_[^\W_]\w*")


def require_text(value: object, field: str) -> str:
    """Return ``value`` if it is a string with some non-space text in it.

    Raises:
        TypeError: not a string.
        ConfigError: empty or only whitespace (the path is ``field``).
    """
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ConfigError(f"is empty ({value!r}); give the text to check", field)
    return value


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to leave out leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segments(text: str) -> list[tuple[int, int]]:
    """Split into lines, and lines into sentences; spans of the non-empty pieces.

    A sentence ends at a terminal mark (``.!?…``) followed by a space, or at the end
    of its line. A piece without any letter or digit (a line of dashes) is left out.
    """
    found = []
    for m in _SEGMENT.finditer(text):
        start, end = m.span()
        while text[end - 1].isspace():
            end -= 1
        if _ALNUM.search(text, start, end):
            found.append((start, end))
    return found


def stems(text: str, stopwords: frozenset[str], size: int = 5) -> dict[str, str]:
    """Map the first ``size`` letters of each content word to the word itself.

    Words shorter than 3 letters and stop words are left out. Cutting every word to
    the same prefix is a crude but transparent way to let inflected forms meet
    (*refund*/*refunded*, *заказ*/*заказа*, *Rechnung*/*Rechnungen*).
    """
    found: dict[str, str] = {}
    for word in WORD.findall(text):
        lower = word.lower()
        if len(lower) >= 3 and lower not in stopwords:
            found.setdefault(lower[:size], word)
    return found


def stem_set(text: str, size: int = 5) -> set[str]:
    """The ``size``-letter prefixes of all words of 3 letters or more (fast)."""
    return {w[:size] for w in WORD.findall(text.lower()) if len(w) >= 3}


def _joined(text: str, at: int, step: int) -> bool:
    """Whether the character at ``at`` ties a word to a code ("_", a digit, "-4", "4B-")."""
    if not 0 <= at < len(text):
        return False
    char = text[at]
    if char == "_" or char.isdigit():
        return True
    if char not in "-/":
        return False
    beyond = [text[i] for i in (at + step, at + 2 * step) if 0 <= i < len(text)]
    return bool(beyond) and (
        beyond[0].isdigit()
        or beyond[0] == "_"
        or (len(beyond) == 2 and beyond[0].isalnum() and beyond[1].isdigit())
    )


def attached(text: str, start: int, end: int) -> bool:
    """Whether the word at ``[start, end)`` is part of a code or an identifier.

    "CLOSED_PENDING", "INV-20931", "24B-EVE", "B12": a word joined by an underscore,
    a digit, or a hyphen or slash to a digit is a reference or an internal code, not
    a word someone shouts. Only the three characters on either side are looked at.
    """
    return _joined(text, start - 1, -1) or _joined(text, end, 1)


def caps_runs(
    text: str,
    codes: frozenset[str],
    loud: frozenset[str] = frozenset(),
    known: Callable[[str], bool] | None = None,
) -> Iterator[tuple[int, int]]:
    """Yield the spans of words written in capitals that read as shouting.

    A word in capitals (two or more letters, every letter upper case) is *loud* when
    it has four letters or more, is not a known acronym or code and, where a
    dictionary is at hand (``known``, the ``language`` extra), is a word of the
    language ("DANGEROUS", not "DSLAM"); a short word is loud when the language
    lists it in ``loud`` ("NOT", "NON", "НЕ"). A run of such words separated only by
    spaces is shouting when it holds a loud word, or when it holds two or more words
    of which at least one is not a known code ("DO NOT") and, with a dictionary, at
    least one is a word of the language (so "GDS PNR", two acronyms side by side, is
    not shouting). Other lone words of two or three letters are taken for acronyms we
    do not know. A word tied to a code (see :func:`attached`: "CLOSED_PENDING",
    "INV-20931") is no part of a run.
    """
    run: list[tuple[int, int, str]] = []
    for match in _caps().finditer(text):
        if run and not _GAP.fullmatch(text, run[-1][1], match.start()):
            yield from _judge(run, codes, loud, known)
            run = []
        if attached(text, *match.span()):
            yield from _judge(run, codes, loud, known)
            run = []
            continue
        run.append((match.start(), match.end(), match.group()))
    yield from _judge(run, codes, loud, known)


def acronyms(
    text: str,
    codes: frozenset[str],
    loud: frozenset[str] = frozenset(),
    known: Callable[[str], bool] | None = None,
) -> Iterator[tuple[int, int]]:
    """Yield the spans of unexplained acronyms: a reader may not know them.

    An acronym here is a lone word in capitals of three letters or more (not part of
    a run of capitals, not tied to a code, see :func:`attached`) that is not a known
    acronym or code (``codes``), not loud (see :func:`caps_runs`: then it is
    shouting) and not explained: not directly followed by a bracket ("PAS (the
    booking system)") and not itself in brackets after its long form. A word of the
    language next to other capitals ("PER L'ULTIMA VOLTA") belongs to them.
    """
    words = [(m.start(), m.end(), m.group()) for m in _caps().finditer(text)]
    for i, (start, end, value) in enumerate(words):
        before = words[i - 1][1] if i else None
        after = words[i + 1][0] if i + 1 < len(words) else None
        if (before is not None and _GAP.fullmatch(text, before, start)) or (
            after is not None and _GAP.fullmatch(text, end, after)
        ):
            continue  # part of a run: shouting or not, judged by caps_runs
        near = (before is not None and start - before <= _NEAR) or (
            after is not None and after - end <= _NEAR
        )
        if near and known is not None and known(value.lower()):
            continue
        if _unexplained(text, (start, end, value), codes, loud, known):
            yield start, end


def _unexplained(
    text: str,
    word: tuple[int, int, str],
    codes: frozenset[str],
    loud: frozenset[str],
    known: Callable[[str], bool] | None,
) -> bool:
    start, end, value = word
    return not (
        len(value) < 3
        or value in codes
        or _is_loud(value, codes, loud, known)
        or attached(text, start, end)
        or text[end : end + 2].lstrip(" ").startswith("(")
        or text[start - 1 : start] == "("
    )


def identifiers(text: str) -> Iterator[tuple[int, int]]:
    """Yield the spans of internal identifiers ("CLOSED_PENDING", "refund_hold")."""
    if "_" not in text:  # the common case, at the cost of one C-level scan
        return
    for match in _IDENTIFIER.finditer(text):
        yield match.span()


def _is_loud(
    word: str, codes: frozenset[str], loud: frozenset[str], known: Callable[[str], bool] | None
) -> bool:
    if word in loud:
        return True
    if len(word) < 4 or word in codes:
        return False
    return known is None or known(word.lower())


def _judge(
    run: list[tuple[int, int, str]],
    codes: frozenset[str],
    loud: frozenset[str],
    known: Callable[[str], bool] | None,
) -> Iterator[tuple[int, int]]:
    if not run:
        return
    louder = any(_is_loud(w, codes, loud, known) for _, _, w in run)
    unknown = any(w not in codes for _, _, w in run)
    # With a dictionary, two acronyms side by side ("GDS PNR") are not shouting.
    worded = known is None or any(w not in codes and known(w.lower()) for _, _, w in run)
    if louder or (len(run) >= 2 and unknown and worded):
        yield run[0][0], run[-1][1]
