"""W3C SCXML IRP tests near servicekit's subset (see tests/scxml/w3c/README.md).

Each test reaches the state ``pass`` in a conforming processor. servicekit reads only
structural SCXML, so each case is expected to fail, with the reason found in the file.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from servicekit.exceptions import ConfigError
from servicekit.onboarding import Flow

W3C = Path(__file__).parent / "scxml" / "w3c"
CASES = sorted(W3C.glob("*/*.scxml"))
AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def reason(text: str) -> str:
    """Why servicekit cannot run a test: the features outside its subset."""
    found = []
    if "<onentry>" in text or "<onexit>" in text:
        found.append("executable content on entry or exit (<onentry>/<onexit>, <raise>)")
    if "<log" in text:
        found.append("<log>")
    if re.search(r"<transition(?![^>]*\bevent=)[^>]*>", text):
        found.append("eventless transitions")
    if 'event="*"' in text:
        found.append("wildcard event '*'")
    if "cond=" in text:
        found.append("conditions as expressions")
    return "servicekit flows have no " + ", no ".join(found)


def run(path: Path) -> set[str]:
    """Load a test as a flow and start it; return its active states."""
    flow = Flow.from_scxml(path.read_text(encoding="utf-8"))
    return set(flow.active(flow.start({}, AT).journey))


def test_the_cases_are_there() -> None:
    """The 18 cases and the licence they came with."""
    assert len(CASES) == 18
    assert (W3C / "LICENSE").read_text(encoding="utf-8").startswith("BSD 3-Clause License")


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            path,
            marks=pytest.mark.xfail(
                raises=ConfigError, strict=True, reason=reason(path.read_text(encoding="utf-8"))
            ),
            id=path.stem,
        )
        for path in CASES
    ],
)
def test_w3c_case(path: Path) -> None:
    """A W3C case passes when it reaches the state 'pass'."""
    assert "pass" in run(path)


def test_reasons_name_the_features() -> None:
    """Every case has a reason, and each reason names what servicekit lacks."""
    reasons = {p.stem: reason(p.read_text(encoding="utf-8")) for p in CASES}
    assert all(r.startswith("servicekit flows have no ") for r in reasons.values())
    assert "eventless transitions" in reasons["test355"]
