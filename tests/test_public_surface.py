"""The public surface: exported names documented, typing aliases current, no private imports."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import get_args

import pytest

from servicekit import replies, sla, typing
from servicekit.replies import _model as replies_model

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PILLARS = ("hours", "sla", "channels", "onboarding", "replies", "i18n")
DIRECTIVE = re.compile(r"^\.\. auto(?:class|function|data|exception):: (\w+)$", re.MULTILINE)
ALIAS_NOTE = re.compile(r"`servicekit\.\w+\.(\w+)` is another name for")


@pytest.mark.parametrize("pillar", PILLARS)
def test_every_exported_name_is_on_its_reference_page(pillar: str) -> None:
    """Each name in a pillar's ``__all__`` has a directive (or an alias note) on its page."""
    module = importlib.import_module(f"servicekit.{pillar}")
    page = (DOCS / "reference" / f"{pillar}.md").read_text(encoding="utf-8")
    documented = set(DIRECTIVE.findall(page)) | set(ALIAS_NOTE.findall(page))
    assert sorted(set(module.__all__) - documented) == []
    assert sorted(documented - set(module.__all__)) == []


def test_typing_and_exceptions_pages_document_their_modules() -> None:
    """The shared modules are documented whole."""
    for name in ("typing", "exceptions"):
        page = (DOCS / "reference" / f"{name}.md").read_text(encoding="utf-8")
        assert f".. automodule:: servicekit.{name}\n   :members:" in page


@pytest.mark.parametrize(
    ("alias", "values"),
    [
        (typing.Metric, sla.METRICS),
        (typing.EventKind, sla.KINDS),
        (typing.Status, sla.STATUSES),
        (typing.Category, sla.CATEGORIES),
        (typing.Behaviour, sla.BEHAVIOURS),
        (typing.ClockStatus, sla.CLOCK_STATUSES),
        (typing.ProblemCode, sla.PROBLEM_CODES),
        (typing.ErrorCode, sla.ERROR_CODES),
        (typing.FollowUpStatus, sla.FOLLOW_UP_STATUSES),
        (typing.Tone, replies.TONES),
        (typing.Severity, replies.SEVERITIES),
        (typing.Handling, replies_model.HANDLINGS),
        (typing.RuleKind, replies_model.KINDS),
    ],
)
def test_literal_aliases_list_the_constants_values(alias: object, values: tuple[str, ...]) -> None:
    """A ``Literal`` alias and its constant name the same values, in the same order."""
    assert get_args(alias) == tuple(values)


def test_typing_is_light() -> None:
    """``servicekit.typing`` imports neither Babel nor any pillar."""
    code = (ROOT / "src" / "servicekit" / "typing.py").read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import) (\S+)", code, re.MULTILINE)
    assert set(imports) <= {"__future__", "datetime", "typing", "babel"}


PRIVATE_IMPORT = re.compile(r"(?:from|import)\s+servicekit(?:\.\w+)*\._\w+")


@pytest.mark.parametrize(
    "page",
    sorted([*DOCS.rglob("*.md"), ROOT / "README.md"]),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_docs_import_only_public_names(page: Path) -> None:
    """No example imports a private module."""
    text = page.read_text(encoding="utf-8")
    assert PRIVATE_IMPORT.findall(text) == []


def test_private_import_pattern_catches_a_private_module() -> None:
    """The pattern above finds private imports (so the test can fail)."""
    assert PRIVATE_IMPORT.findall(">>> from servicekit.hours._spec import parse_weekly")
    assert PRIVATE_IMPORT.findall(">>> from servicekit._time import zone")
    assert not PRIVATE_IMPORT.findall(">>> from servicekit.hours import parse_weekly")
