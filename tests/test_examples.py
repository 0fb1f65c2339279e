"""The example scripts run and write what they promise."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / "examples" / "planner_figures.py"
FIGURES = [
    "cost_per_contact.png",
    "service_level.png",
    "office_hours_heatmap.png",
    "onboarding_funnel.png",
]
PNG = b"\x89PNG\r\n\x1a\n"


def _load_script():
    spec = importlib.util.spec_from_file_location("planner_figures", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_planner_figures(tmp_path):
    """The script writes the four PNG figures into the folder given."""
    pytest.importorskip("matplotlib")
    written = _load_script().main([str(tmp_path)])
    assert [tmp_path / name for name in FIGURES] == written
    for path in written:
        data = path.read_bytes()
        assert data.startswith(PNG)
        assert len(data) > 10_000


def test_figures_are_in_the_docs():
    """The committed figures exist and the how-to shows each of them."""
    page = (ROOT / "docs" / "howto" / "planner-figures.md").read_text(encoding="utf-8")
    for name in FIGURES:
        assert (ROOT / "docs" / "_static" / "figures" / name).read_bytes().startswith(PNG)
        assert f"../_static/figures/{name}" in page
