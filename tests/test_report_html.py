"""``servicekit report --format html``: one self-contained, escaped, localized page."""

from __future__ import annotations

import copy
import io
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

import servicekit
from servicekit import cli
from servicekit.cli import _report_html as page_module
from servicekit.cli._scenario import Section, Table

BUNDLED = json.loads(
    (Path(servicekit.__file__).parent / "scenarios" / "desk.json").read_text(encoding="utf-8")
)
CAPTIONS = {
    "en": "Cost per contact and per resolution, by channel",
    "de": "Kosten pro Kontakt und pro Lösung, nach Kanal",
    "it": "Costo per contatto e per risoluzione, per canale",
    "ru": "Стоимость одного обращения и одного решения по каналам",
}
#: The bundled desk's figures: cost, service level, SLA status, breaches, heat map and
#: one funnel per flow (two flows).
FIGURES = 7


def html(*argv: str) -> str:
    """Run ``servicekit report --format html`` in-process and return the page."""
    out = io.StringIO()
    assert cli.main(["report", "--format", "html", *argv], out=out) == 0
    return out.getvalue()


def write(tmp_path, data) -> str:
    """Write a scenario file and return its path."""
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def without_matplotlib(monkeypatch):
    """Make ``import matplotlib.figure`` fail as if the plot extra were not installed."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)


@pytest.mark.parametrize("language", ["en", "de", "it", "ru"])
def test_page_in_each_language(language):
    """The page declares its language and encoding and has every section and figure."""
    page = html("--locale", language)
    assert page.startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{language}">' in page
    assert '<meta charset="utf-8">' in page
    assert page.count("<section ") == 6
    assert page.count("<h2>") == 6
    assert page.count("<figure>") == FIGURES
    assert page.count("<figcaption>") == FIGURES
    assert page.count("<svg ") == FIGURES
    assert page.count('<svg role="img"') == FIGURES
    assert CAPTIONS[language] in page
    assert page.rstrip().endswith("</html>")


def test_self_contained():
    """No script, no style sheet or font to fetch, no raster image, no XML prolog."""
    page = html()
    for forbidden in (
        "<script",
        "<link",
        "src=",
        "@import",
        "data:",
        "<?xml",
        "<!DOCTYPE svg",
    ):
        assert forbidden not in page
    # url() only for the figures' own clip paths (#id), never a file or an address.
    assert not re.search(r"url\((?!#)", page)
    # The only addresses on the page are the SVG namespaces (names, never fetched).
    addresses = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert all(address.startswith("http://www.w3.org/") for address in addresses), addresses
    assert "default-src 'none'" in page


def test_ids_unique():
    """The figures' element ids do not clash on the page."""
    ids = re.findall(r'\bid="([^"]+)"', html())
    assert len(ids) == len(set(ids)) > 100


def test_every_figure_has_a_title():
    """Each SVG starts with a <title> (its alternative text) that repeats the caption."""
    page = html("--locale", "de")
    titles = re.findall(r'<svg role="img"[^>]*><title>([^<]*)</title>', page)
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", page)
    assert len(titles) == FIGURES
    assert titles == captions


def test_reproducible():
    """The same report gives byte-identical pages, figures included."""
    assert html("--locale", "it") == html("--locale", "it")


def test_tables():
    """Tables keep their headers and right-align numeric columns."""
    page = html()
    assert "<thead><tr><th>Channel</th>" in page
    assert '<th class="num">Cost per contact</th>' in page
    assert '<td class="num">€12.34</td>' in page
    assert "<ul><li>" in page


def test_without_the_plot_extra(monkeypatch):
    """Without matplotlib the page has the tables alone."""
    without_matplotlib(monkeypatch)
    page = html("--locale", "ru")
    assert "<svg" not in page
    assert "<figure>" not in page
    assert page.count("<section ") == 6
    assert "<table>" in page


def test_tables_same_with_and_without_figures(monkeypatch):
    """The figures are added to the sections; the rest of the page is the same."""
    with_figures = re.sub(r"<figure>.*?</figure>\n", "", html(), flags=re.DOTALL)
    without_matplotlib(monkeypatch)
    assert html() == with_figures


def test_escapes_user_text(tmp_path):
    """Names and ids from the user's files are escaped everywhere, figures included."""
    data = copy.deepcopy(BUNDLED)
    data["name"] = "<script>alert('desk')</script>"
    data["team"][0]["name"] = "<script>alert(1)</script>"
    data["sla"]["tickets"][0]["id"] = "<b>T&1</b>"
    page = html("--scenario", write(tmp_path, data))
    assert "<script" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;T&amp;1&lt;/b&gt;" in page
    assert "<title>&lt;script&gt;alert(&#x27;desk&#x27;)&lt;/script&gt;</title>" in page


def test_no_sections(tmp_path):
    """A scenario with only a name and now gives a page with its header alone."""
    page = html("--scenario", write(tmp_path, {"name": "Tiny", "now": "2026-01-05T09:00:00Z"}))
    assert "<h1>Tiny</h1>" in page
    assert "<section" not in page


def test_no_live_channel(tmp_path):
    """Without phone or chat there is no service-level figure."""
    data = {
        "name": "x",
        "now": "2026-11-23T10:30:00+01:00",
        "channels": {
            **BUNDLED["channels"],
            "models": [
                m for m in BUNDLED["channels"]["models"] if m["kind"] in ("email", "self_help")
            ],
        },
    }
    data["channels"].pop("targets", None)
    page = html("--scenario", write(tmp_path, data))
    assert page.count("<figure>") == 1


class TestFigures:
    """Each figure, on data the bundled desk does not have."""

    page = page_module.Page({"locale": "en", "now": datetime(2026, 1, 5, tzinfo=timezone.utc)})

    @pytest.fixture
    def figure_class(self):
        """The Figure class (the plot extra is part of the test extra)."""
        return pytest.importorskip("matplotlib.figure").Figure

    @pytest.mark.parametrize(
        ("draw", "data"),
        [
            (page_module._service_figures, {"live": []}),
            (page_module._status_figures, {"tickets": []}),
            (
                page_module._status_figures,
                {"tickets": [{"cycles": 0, "metric": "first_reply", "status": "not_started"}]},
            ),
            (page_module._breach_figures, {"deadlines": []}),
            (page_module._heat_figures, {"proposals": []}),
            (page_module._heat_figures, {"proposals": [{"members": []}]}),
            (page_module._funnel_figures, {"flows": []}),
        ],
    )
    def test_nothing_to_draw(self, draw, data, figure_class):
        """No rows, no figure."""
        assert draw(Section("key", "title", (), data), self.page, figure_class) == []

    def test_labels_without_a_matching_table(self, figure_class):
        """Bars are labelled by their ids when no table has a row per bar."""
        rows = [{"channel": "phone", "cost_per_contact": 1.0, "cost_per_resolution": 2.0}]
        section = Section("channels", "t", (Table(("a",), ()),), {"compare": rows})
        ((_caption, figure),) = page_module._cost_figures(section, self.page, figure_class)
        assert [label.get_text() for label in figure.axes[0].get_yticklabels()] == ["phone"]

    def test_funnel_labels_without_tables(self, figure_class):
        """Funnel steps are labelled by their ids when no table has a row per step."""
        rows = [{"state": "registered", "entered": 3}, {"state": "verified", "entered": 1}]
        section = Section("onboarding", "t", ("text",), {"flows": [{"flow": "f", "rows": rows}]})
        ((caption, figure),) = page_module._funnel_figures(section, self.page, figure_class)
        assert caption == "Customers who reached each step, flow f"
        labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
        assert labels == ["registered", "verified"]

    def test_unknown_status_keeps_its_id(self):
        """A status without a catalog word is shown as it is."""
        assert page_module._label(self.page, "escalated") == "escalated"


def test_paragraph_lines():
    """A paragraph of several lines that is not a list keeps its line breaks."""
    assert page_module._block("a <1>\nb") == "<p>a &lt;1&gt;<br>b</p>"


def test_dollars_are_not_math(tmp_path):
    """A "$" in a name is text, not the start of matplotlib's math (which could fail)."""
    data = copy.deepcopy(BUNDLED)
    data["team"][0]["name"] = r"$\frac"
    data["sla"]["tickets"][0]["id"] = "$x$"
    page = html("--scenario", write(tmp_path, data))
    assert page.count("<figure>") == FIGURES
    assert r"$\frac" in page
    assert "$x$ · " in page


def test_infinite_values_draw_no_bar():
    """A channel that resolves nothing costs infinitely much per resolution: no bar."""
    figure_class = pytest.importorskip("matplotlib.figure").Figure
    page = page_module.Page({"locale": "de", "now": None})
    compare = [
        {"channel": "phone", "cost_per_contact": 1.5, "cost_per_resolution": float("inf")},
    ]
    live = [{"channel": "phone", "agents": 2.0, "service_level": float("nan")}]
    section = Section("channels", "t", (), {"compare": compare})
    ((_, cost),) = page_module._draw(page_module._cost_figures, section, page, figure_class)
    widths = [patch.get_width() for patch in cost.axes[0].patches]
    assert widths[0] == 1.5
    assert widths[1] != widths[1]  # NaN: no bar
    section = Section("staffing", "t", (), {"live": live})
    ((_, service),) = page_module._draw(page_module._service_figures, section, page, figure_class)
    assert [text.get_text() for text in service.axes[1].texts] == [""]
    assert page_module._figure_html(service, "c", "salt").startswith("<figure><svg")


def test_glyphs_missing_from_matplotlib_font(tmp_path, recwarn):
    """A name matplotlib's font cannot draw is kept as text for the browser, silently."""
    data = copy.deepcopy(BUNDLED)
    data["team"][0]["name"] = "李小龙\x1f"
    page = html("--scenario", write(tmp_path, data))
    assert "李小龙" in page
    assert not [w for w in recwarn if "Glyph" in str(w.message)]


def test_figures_follow_their_tables():
    """A flow's funnel follows the flow's table; a section's single figure its table."""
    page = html()
    onboarding = page[page.index('<section id="onboarding">') :]
    first, second = (
        onboarding.index(f"flow {flow}</figcaption>") for flow in ("investment", "complaint")
    )
    assert first < onboarding.index("Flow “complaint”") < second
    channels = page[page.index('<section id="channels">') : page.index('<section id="staffing">')]
    assert (
        channels.index("</table>") < channels.index("<figure>") < channels.index("Recommended mix")
    )
    office = page[
        page.index('<section id="office_hours">') : page.index('<section id="onboarding">')
    ]
    assert office.rindex("</table>") < office.index("<figure>")
