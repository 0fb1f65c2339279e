"""Text helpers shared by review and triage: input checks, segments, words, capitals."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from servicekit.exceptions import ConfigError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "EXCLAMATIONS",
    "WORD",
    "caps_runs",
    "require_text",
    "segments",
    "stems",
    "strip_span",
]

#: A word: letters only (digits and underscores split words).
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Two or more exclamation marks, possibly mixed with question marks ("?!!", "!!!").
EXCLAMATIONS = re.compile(r"[!?！？¡]*[!！¡][!?！？¡]*[!！¡][!?！？¡]*")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+")
_CAPS_TOKEN = re.compile(r"[^\W\d_]{2,}")
_GAP = re.compile(r"[ \t\u00a0]+")


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

    A piece without any letter or digit (a line of dashes) is left out.
    """
    found: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        pieces = [*_SENTENCE_END.finditer(line.group()), None]
        for gap in pieces:
            end = line.end() if gap is None else line.start() + gap.start()
            span = strip_span(text, start, end)
            if any(ch.isalnum() for ch in text[span[0] : span[1]]):
                found.append(span)
            if gap is not None:
                start = line.start() + gap.end()
    return found


def stems(text: str, stopwords: frozenset[str], size: int = 5) -> dict[str, str]:
    """Map the first ``size`` letters of each content word to the word itself.

    Words shorter than 3 letters and stop words are left out. Cutting every word to
    the same prefix is a crude but transparent way to let inflected forms meet
    (*refund*/*refunded*, *заказ*/*заказа*, *Rechnung*/*Rechnungen*).
    """
    found: dict[str, str] = {}
    for match in WORD.finditer(text):
        word = match.group().lower()
        if len(word) >= 3 and word not in stopwords:
            found.setdefault(word[:size], match.group())
    return found


def caps_runs(text: str, codes: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Yield the spans of words written in capitals that read as shouting.

    A word in capitals (two or more letters, every letter upper case) is *loud* when
    it has four letters or more and is not a known acronym or code. A run of such
    words separated only by spaces is shouting when it holds a loud word, or when it
    holds two or more words of which at least one is not a known code ("DO NOT").
    Lone words of two or three letters are taken for acronyms we do not know.
    """
    if not any(ch.isupper() for ch in text):
        return
    run: list[tuple[int, int, str]] = []
    for match in _CAPS_TOKEN.finditer(text):
        word = match.group()
        if not word.isupper():
            yield from _judge(run, codes)
            run = []
            continue
        if run and not _GAP.fullmatch(text[run[-1][1] : match.start()]):
            yield from _judge(run, codes)
            run = []
        run.append((match.start(), match.end(), word))
    yield from _judge(run, codes)


def _judge(run: list[tuple[int, int, str]], codes: frozenset[str]) -> Iterator[tuple[int, int]]:
    if not run:
        return
    loud = any(len(w) >= 4 and w not in codes for _, _, w in run)
    unknown = any(w not in codes for _, _, w in run)
    if loud or (len(run) >= 2 and unknown):
        yield run[0][0], run[-1][1]
