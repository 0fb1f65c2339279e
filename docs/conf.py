"""Sphinx configuration for the servicekit documentation."""

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "servicekit"
author = "servicekit contributors"
copyright = "2026, servicekit contributors"  # noqa: A001 - Sphinx's name
release = _version("servicekit")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "servicekit_docs",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "conftest.py"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Parameters are described once, in the docstring's Args: (attrs fields in Attributes:).
autodoc_typehints_description_target = "documented_params"
# No "Bases: object": inheritance is shown where it means something (the exceptions).
autodoc_default_options = {"members": True}
autosummary_generate = False
python_use_unqualified_type_names = True
add_module_names = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# No intersphinx: the build must work offline (CI has no network). Every reference to
# servicekit's own names must resolve (nitpicky); references to other projects' names
# (the standard library, Babel, matplotlib, SciPy, ...) are listed here instead.
nitpicky = True
nitpick_ignore_regex = [
    # The standard library: datetime, collections.abc, zoneinfo, decimal, gettext, ...
    ("py:.*", r"(datetime|date|time|timedelta|tzinfo|timezone|Decimal|utc)(\..*)?"),
    ("py:.*", r"(collections\.abc|zoneinfo|decimal|gettext|typing|enum|re|pathlib|os)\..*"),
    ("py:.*", r"(zoneinfo|ZoneInfo|NoneType|Ellipsis)"),
    # Other projects' types named in signatures.
    ("py:.*", r"(babel|matplotlib|scipy|numpy|np|pyarrow|pa|pandas|pd|dask|pyspark)(\..*)?"),
    ("py:.*", r"(Locale|Figure|Axes|NDArray|ndarray|DataFrame|SparkSession)"),
]

html_theme = "furo"
html_title = f"servicekit {release}"
