"""Fuzz ``servicekit report --format html``: any name or id from a user's file is escaped.

The texts a scenario gives (the desk's name, members' names, ticket ids) reach the page as
table cells, SVG labels and the page title. Whatever they hold, the page is built (or the
scenario refused with a usage error) and none of them opens a tag.
"""

from __future__ import annotations

import copy
import io
import json
from html import escape
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit import cli

BUNDLED = json.loads(
    (Path(servicekit.__file__).parent / "scenarios" / "desk.json").read_text(encoding="utf-8")
)
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "</svg><img src=x onerror=alert(1)>",
        "$\\frac{",
        "a & b",
        "\"'>",
        "\x1f",
        "李小龙",
    ]
)
TEXTS = st.one_of(HOSTILE, st.text(min_size=1, max_size=30))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXTS, member=TEXTS, ticket=TEXTS)
def test_user_text_is_escaped(tmp_path, title, member, ticket):
    """The page is built and every user text appears escaped, never as markup."""
    data = copy.deepcopy(BUNDLED)
    data["name"] = title
    data["team"][0]["name"] = member
    data["sla"]["tickets"][0]["id"] = ticket
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    status = cli.main(["report", "--format", "html", "--scenario", str(path)], out=out)
    if status != 0:  # a name the library refuses (e.g. blank) is a usage error
        assert status == 2
        return
    page = out.getvalue()
    assert "<script" not in page
    assert "<img" not in page
    assert f"<title>{escape(title)}</title>" in page
    assert escape(member) in page
    assert escape(ticket) in page
