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
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import servicekit
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


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


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
        """Translations use exactly the placeholders of the English message."""
        catalog = _catalog(language, domain)
        if catalog is None:
            return
        for entry in catalog:
            if not entry.id:
                continue
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            wanted = set().union(*(_fields(i) for i in ids))
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for text in strings:
                # A plural form may leave out {count} (e.g. Russian "одна минута").
                assert _fields(text) <= wanted, (language, domain, entry.id, text)
                assert wanted - {"count"} <= _fields(text), (language, domain, entry.id, text)


def test_plural_forms_declared():
    """Each language declares the plural rule CLDR/gettext use for it."""
    for language in SUPPORTED_LANGUAGES:
        for path in (LOCALES / language / "LC_MESSAGES").glob("*.po"):
            header = path.read_text(encoding="utf-8")
            nplurals = re.search(r"nplurals=(\d)", header)
            assert nplurals, path
            assert {"ru": "3"}.get(language, "2") == nplurals.group(1), path


def test_extraction_finds_messages():
    """The extractor sees the shared messages (guards against a silent no-op test)."""
    assert "{name} ({offset})" in USED["servicekit"]
    assert ("{count} working day", "{count} working days") in USED["servicekit"]
