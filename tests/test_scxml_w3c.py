"""W3C SCXML IRP tests near servicekit's subset (see tests/scxml/w3c/README.md).

Each test reaches the state ``pass`` in a conforming processor. servicekit runs entry
and exit actions (``<raise>``, ``<log>``), eventless transitions, the ``*`` event and
the ``In('state')`` condition, and a statechart may hold states no transition enters;
the cases that need more are expected to fail, with the reason found in the file.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from servicekit.exceptions import ConfigError
from servicekit.onboarding import Flow, Log

W3C = Path(__file__).parent / "scxml" / "w3c"
CASES = sorted(W3C.glob("*/*.scxml"))
AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
#: SCXML's In('state') predicate, which servicekit reads as its built-in guard.
IN_COND = re.compile(r"""\s*In\(\s*(?:'[^']*'|"[^"]*")\s*\)\s*""")


def _other_conditions(text: str) -> list[str]:
    """The conditions of a document that are not In('state') (joined by ' and ')."""
    conds = re.findall(r'\bcond="([^"]*)"', text)
    return [c for c in conds if not all(IN_COND.fullmatch(p) for p in c.split(" and "))]


def reason(path: Path) -> str | None:
    """Why servicekit cannot run a test (``None`` when it can)."""
    text = path.read_text(encoding="utf-8")
    found = []
    if _other_conditions(text):
        found.append(
            "conditions are expressions (_event fields, literals, _ioprocessors); "
            "servicekit's cond names registered guards or In('state'), and it has no "
            "data model"
        )
    if re.search(r'<scxml[^>]*\binitial="[^"]* [^"]*"', text):
        found.append("the document starts in several states at once (initial='a b')")
    return "; ".join(found) or None


def run(path: Path) -> set[str]:
    """Load a test as a flow and start it; return its active states."""
    flow = Flow.from_scxml(path.read_text(encoding="utf-8"))
    return set(flow.active(flow.start({}, AT).journey))


def test_the_cases_are_there() -> None:
    """The 18 cases and the licence they came with."""
    assert len(CASES) == 18
    assert (W3C / "LICENSE").read_text(encoding="utf-8").startswith("BSD 3-Clause License")


def _marks(path: Path) -> list[pytest.MarkDecorator]:
    why = reason(path)
    return [] if why is None else [pytest.mark.xfail(raises=ConfigError, strict=True, reason=why)]


@pytest.mark.parametrize(
    "path", [pytest.param(path, marks=_marks(path), id=path.stem) for path in CASES]
)
def test_w3c_case(path: Path) -> None:
    """A W3C case passes when it reaches the state 'pass' (and logs the outcome)."""
    assert "pass" in run(path)


def test_passing_cases_log_their_outcome() -> None:
    """The cases that run log 'pass' on entering the state pass, as data."""
    runnable = [p for p in CASES if reason(p) is None]
    assert len(runnable) == 9
    for path in runnable:
        flow = Flow.from_scxml(path.read_text(encoding="utf-8"))
        step = flow.start({}, AT)
        assert step.effects[-1] == Log("Outcome", "'pass'")


def test_reasons_name_the_features() -> None:
    """Every failing case has a reason naming what servicekit lacks or refuses."""
    reasons = {p.stem: reason(p) for p in CASES}
    assert sum(r is not None for r in reasons.values()) == 9
    assert reasons["test310"] is None  # In('s1')
    assert reasons["test355"] is None  # unreachable states
    assert reasons["test413"] == "the document starts in several states at once (initial='a b')"
    assert "_event" in str(reasons["test396"])
