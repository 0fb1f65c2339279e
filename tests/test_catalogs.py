"""Every message the code marks is translated in every shipped language.

Messages are marked with ``N_`` (and ``NP_`` for plurals) where they are defined. This
test extracts them with Babel, per domain (one domain per subpackage, ``servicekit`` for
the rest), and fails when a catalog lacks a message, leaves it untranslated, keeps an
entry the code no longer uses, or changes the ``{placeholders}``.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import servicekit
from servicekit import i18n
from servicekit.i18n import DOMAINS, SUPPORTED_LANGUAGES

PACKAGE = Path(servicekit.__file__).parent
LOCALES = PACKAGE / "i18n" / "locales"
KEYWORDS = {"N_": None, "NP_": (1, 2)}


def _domain_of(path: Path) -> str:
    top = path.relative_to(PACKAGE).parts[0]
    return top if top in DOMAINS else "servicekit"


def _used_messages() -> dict[str, set[str | tuple[str, str]]]:
    used: dict[str, set[str | tuple[str, str]]] = {domain: set() for domain in DOMAINS}
    for path in sorted(PACKAGE.rglob("*.py")):
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            used[_domain_of(path)].add(message)
    return used


USED = _used_messages()


def _catalog(language: str, domain: str):
    path = LOCALES / language / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        return None
    with path.open("rb") as fp:
        return read_po(fp, locale=language, domain=domain)


def _placeholders(text: str) -> set[tuple[str, str, str | None]]:
    return {
        (name, spec or "", conversion)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


# What each language must not use: German quotes „…“ and the spaced en dash " – ";
# Italian «…», the typographic apostrophe ’ and " – "; Russian «…» (with „…“ inside)
# and the spaced em dash " — ". English keeps the msgids' “…” and " — ".
TYPOGRAPHY = {
    "en": ('"',),
    "de": ('"', "'", "«", "»", "”", " — ", " - "),
    "it": ('"', "'", "„", "“", "”", " — ", " - "),
    "ru": ('"', "'", "“", "”", " – ", " - "),
}


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
class TestCatalog:
    """Each (domain, language) catalog matches the code."""

    def test_complete(self, domain, language):
        """Every marked message has a non-empty translation."""
        catalog = _catalog(language, domain)
        used = USED[domain]
        if catalog is None:
            assert not used, f"{language}/{domain}.po is missing but the code marks messages"
            return
        missing = []
        for message in used:
            key = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(key)
            strings = () if entry is None else entry.string
            strings = strings if isinstance(strings, tuple) else (strings,)
            if entry is None or not all(strings):
                missing.append(key)
        assert not missing, f"{language}/{domain}.po lacks {sorted(missing)}"

    def test_no_obsolete(self, domain, language):
        """The catalog keeps no message the code no longer marks."""
        catalog = _catalog(language, domain)
        if catalog is None:
            return
        used = {m[0] if isinstance(m, tuple) else m for m in USED[domain]}
        obsolete = sorted(str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id)
        assert [] == [m for m in obsolete if m not in used]

    def test_placeholders(self, domain, language):
        """Every translation keeps exactly the English message's placeholders.

        Names, format specs and conversions alike, in every plural form, and each
        translation formats without error (no stray brace).
        """
        catalog = _catalog(language, domain)
        if catalog is None:
            return
        for entry in catalog:
            if not entry.id:
                continue
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            wanted = set().union(*(_placeholders(i) for i in ids))
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for text in strings:
                assert wanted == _placeholders(text), (language, domain, entry.id, text)
                values = {name: "x" for name, _spec, _conversion in wanted}
                text.format(**values)

    def test_typography(self, domain, language):
        """Quotes, dashes and apostrophes are the language's own, and used consistently."""
        catalog = _catalog(language, domain)
        if catalog is None:
            return
        wrong = TYPOGRAPHY[language]
        for entry in catalog:
            if not entry.id:
                continue
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for text in strings:
                found = [glyph for glyph in wrong if glyph in text]
                assert not found, (language, domain, text, found)


def test_plural_forms_declared():
    """Each language declares the plural rule CLDR/gettext use for it."""
    for language in SUPPORTED_LANGUAGES:
        for path in (LOCALES / language / "LC_MESSAGES").glob("*.po"):
            header = path.read_text(encoding="utf-8")
            nplurals = re.search(r"nplurals=(\d)", header)
            assert nplurals, path
            assert {"ru": "3"}.get(language, "2") == nplurals.group(1), path


# CLDR's Russian plural categories: one (1, 21, 101), few (2-4, 22-24), many (0, 5-20, 25...).
RUSSIAN_DAYS = {
    0: "0 рабочих дней",
    1: "1 рабочий день",
    2: "2 рабочих дня",
    5: "5 рабочих дней",
    11: "11 рабочих дней",
    21: "21 рабочий день",
    22: "22 рабочих дня",
    25: "25 рабочих дней",
    111: "111 рабочих дней",
}


@pytest.mark.parametrize(("count", "expected"), sorted(RUSSIAN_DAYS.items()))
def test_russian_plural_words(count, expected):
    """Russian picks the right form for 0, 1, 2, 5, 21, 22 and 25 (and 11, 111)."""
    assert expected == i18n.format_working_days(count, locale="ru")


@pytest.mark.parametrize("count", [0, 1, 2, 5, 11, 21, 22, 25, 101, 111, 1_000_002])
def test_russian_plural_forms_follow_cldr(count):
    """Every Russian plural message picks the form CLDR's category names, for any count."""
    form = {"one": 0, "few": 1, "many": 2}[Locale.parse("ru").plural_form(count)]
    found = 0
    for domain in DOMAINS:
        catalog = _catalog("ru", domain)
        if catalog is None:
            continue
        for entry in catalog:
            if not isinstance(entry.id, tuple):
                continue
            found += 1
            expected = entry.string[form].format(count=count, **_dummy(entry.id[0]))
            said = i18n.translate_plural(domain, entry.id, count, "ru", **_dummy(entry.id[0]))
            assert expected == said, (domain, entry.id, count)
    assert found >= 2  # working days and the instalments message at least


def _dummy(message: str) -> dict[str, str]:
    return {name: "x" for name, _, _ in _placeholders(message) if name != "count"}


def test_extraction_finds_messages():
    """The extractor sees the shared messages (guards against a silent no-op test)."""
    assert "{name} ({offset})" in USED["servicekit"]
    assert ("{count} working day", "{count} working days") in USED["servicekit"]
