"""Fail when the built API reference shows or links a private path.

Usage: python .ci/check_docs.py BUILD_DIR   (the HTML output of sphinx-build)

Public names live at ``servicekit.<pillar>.<Name>``; a path with a private part
(``servicekit.sla._policy.Target``, ``servicekit._time``) in the rendered reference,
its link targets or tooltips means a name escaped the public-path rewriting in
docs/_ext/servicekit_docs.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PRIVATE = re.compile(r"servicekit(?:\.[a-z]\w*)*\._\w+")


def main(build: str) -> int:
    """Print each private path found under ``build``/reference and return 1 if any."""
    found = 0
    pages = sorted((Path(build) / "reference").glob("*.html"))
    if not pages:
        print(f"no reference pages under {build}", file=sys.stderr)
        return 1
    for page in pages:
        for match in sorted(set(PRIVATE.findall(page.read_text(encoding="utf-8")))):
            print(f"{page.name}: {match}", file=sys.stderr)
            found += 1
    print(f"{len(pages)} reference pages, {found} private paths")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
