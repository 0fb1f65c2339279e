"""Tests for the package surface: version, lazy subpackages, import cost."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import servicekit

SRC = str(Path(servicekit.__file__).parent.parent)


class TestSurface:
    """What `import servicekit` offers."""

    def test_version(self):
        """__version__ comes from the installed metadata."""
        assert version("servicekit") == servicekit.__version__

    def test_lazy_subpackages(self):
        """Subpackages are reachable as attributes."""
        import servicekit.exceptions  # noqa: PLC0415

        assert servicekit.exceptions is servicekit.__getattr__("exceptions")

    def test_unknown_attribute(self):
        """Unknown attributes raise AttributeError with the name."""
        with pytest.raises(AttributeError, match="has no attribute 'nope'"):
            _ = servicekit.nope  # type: ignore[attr-defined]

    def test_dir(self):
        """dir() lists the public names."""
        assert sorted(servicekit.__all__) == dir(servicekit)

    def test_py_typed(self):
        """The package ships its type information marker."""
        assert (Path(servicekit.__file__).parent / "py.typed").is_file()


def test_import_is_cheap():
    """`import servicekit` loads no heavy or optional library and no subpackage."""
    code = (
        "import sys, servicekit; "
        "heavy = {'numpy', 'scipy', 'pandas', 'matplotlib', 'holidays', 'icalendar', 'babel', "
        "'servicekit.hours', 'servicekit.sla', 'servicekit.channels', "
        "'servicekit.onboarding', 'servicekit.i18n'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        check=True,
        timeout=60,
    )
    assert "[]\n" == result.stdout


@pytest.mark.parametrize("name", ["hours", "sla", "channels", "onboarding", "i18n"])
def test_subpackage_imports_no_optional_library(name):
    """Each subpackage imports without numpy, pandas, matplotlib, holidays or icalendar."""
    code = (
        f"import sys, servicekit.{name}; "
        "optional = {'numpy', 'pandas', 'matplotlib', 'holidays', 'icalendar', 'scipy'}; "
        "print(sorted(optional & set(sys.modules)))"
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        check=True,
        timeout=60,
    )
    assert "[]\n" == result.stdout


class TestMissingExtras:
    """A function that needs an optional extra names the extra when it is missing."""

    def test_plot(self, monkeypatch):
        """Plotting without matplotlib asks for the `plot` extra."""
        from servicekit.channels import plot_service_level  # noqa: PLC0415

        monkeypatch.setitem(sys.modules, "matplotlib", None)
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        with pytest.raises(ImportError, match=r"servicekit\[plot\]"):
            plot_service_level(
                range(10, 13),
                arrivals=100,
                interval=1800,
                handle_time=180,
                answer_within=20,
            )

    def test_holidays(self, monkeypatch):
        """Holidays by country without python-holidays ask for the `holidays` extra."""
        from servicekit.hours import BusinessCalendar  # noqa: PLC0415

        monkeypatch.setitem(sys.modules, "holidays", None)
        with pytest.raises(ImportError, match=r"servicekit\[holidays\]"):
            BusinessCalendar.from_dict(
                {
                    "timezone": "Europe/Berlin",
                    "hours": {"mon-fri": ["09:00-17:00"]},
                    "holidays": {"country": "DE", "subdivision": "BY"},
                }
            )
