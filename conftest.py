"""Run the examples in README.md and docs/*.md as tests (Sybil).

Examples in the docs and in docstrings show text that Babel formats from CLDR. CLDR
releases change dashes and spaces (Babel 2.19 gave Russian time ranges an em dash), so
documentation output is compared with those glyphs folded (``tests/cldr.py``); the test
suite itself checks servicekit's words exactly.
"""

from __future__ import annotations

import doctest
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser

from cldr import fold_glyphs

_check_output = doctest.OutputChecker.check_output


def _check_folded(self: doctest.OutputChecker, want: str, got: str, optionflags: int) -> bool:
    return _check_output(self, fold_glyphs(want), fold_glyphs(got), optionflags)


# pytest's doctest checker and Sybil's both defer to the standard library's.
doctest.OutputChecker.check_output = _check_folded  # type: ignore[method-assign]

pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["README.md", "docs/*.md", "docs/**/*.md"],
).pytest()

# The Sphinx extension under docs/_ext runs inside Sphinx (the `docs` extra), not under
# pytest: its module is not collected for doctests.
collect_ignore_glob = ["docs/_ext/*.py"]
