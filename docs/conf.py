"""Sphinx configuration for the servicekit documentation."""

from importlib.metadata import version as _version

project = "servicekit"
author = "servicekit contributors"
copyright = "2026, servicekit contributors"  # noqa: A001 - Sphinx's name
release = _version("servicekit")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "conftest.py"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# No intersphinx: the build must work offline (CI has no network).

html_theme = "furo"
html_title = f"servicekit {release}"
