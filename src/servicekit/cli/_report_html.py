"""``servicekit report --format html``: the report as one self-contained web page (private).

The page holds the same sections as the text report (built once, by
:func:`servicekit.cli._report.build_report`) and adds figures drawn from each section's
plain data. It needs no network and no JavaScript: the style sheet is inline, and the
figures are inline SVG drawn with matplotlib when the ``plot`` extra is installed; without
it the page shows the tables alone. Every text comes from the scenario or the catalogs and
is escaped with :func:`html.escape`.

The figures are reproducible: each is drawn with a fixed ``svg.hashsalt`` (one per figure,
so element ids never clash on the page) and no date in its metadata.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from html import escape
from typing import TYPE_CHECKING, Any, TextIO

from servicekit.cli._scenario import Section, Table
from servicekit.cli._sla import _LABELS as _STATUS_LABELS  # the table's words for the same ids
from servicekit.i18n import (
    N_,
    display_name,
    format_number,
    format_percent,
    format_zone_name,
    translate,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    Draw = Callable[[Section, "Page", Any], list[tuple[str, Any]]]

__all__ = ["render_html"]

_COST_CAPTION = N_("Cost per contact and per resolution, by channel")
_COST_PER_CONTACT = N_("Cost per contact")
_COST_PER_RESOLUTION = N_("Cost per resolution")
_SERVICE_CAPTION = N_("Service level against agents at peak, phone and chat")
_AGENTS = N_("Agents at peak")
_SERVICE_LEVEL = N_("Service level")
_STATUS_CAPTION = N_("SLA clocks by metric and status")
_CLOCKS = N_("Clocks")
_BREACHES_CAPTION = N_("Hours left to each deadline (negative: already breached)")
_HOURS_LEFT = N_("Hours left")
_HEAT_CAPTION = N_("Each member's local time at each hour of the day; proposed slots framed")
_HOUR_IN = N_("Hour of the day, {zone}")
_NIGHT = N_("night")
_EDGE = N_("early or late")
_DAY = N_("daytime")
_FUNNEL_CAPTION = N_("Customers who reached each step, flow {flow}")
_CUSTOMERS = N_("Customers")

_STATUS_COLOURS = {
    "met": "#3f8f5f",
    "on_track": "#7fbf8f",
    "at_risk": "#e0a526",
    "breached": "#c8553d",
    "missed": "#8c2d1f",
    "paused": "#9aa5b1",
    "not_started": "#d5dbe1",
}
_SVG_METADATA = ("Creator", "Date", "Format", "Type")
_GROUP_ID = re.compile(r'\bid="([A-Za-z][\w.]*_\d+)"')
_ACCENT = "#2f6690"
_SECOND = "#9cc5e3"
_BANDS = ((_NIGHT, "#1f3b57"), (_EDGE, "#7fa7c9"), (_DAY, "#f6e7a8"))

_STYLE = """
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6775; --line: #d8dee5;
  --band: #f4f6f8; --accent: #2f6690; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 1060px; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
header p { margin: 0 0 .25rem; color: var(--muted); }
header p:last-child { margin-bottom: .9rem; }
section { margin: 2rem 0; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem;
  color: var(--accent); }
ul { padding-left: 1.3rem; }
.wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: .85rem; min-width: 40%; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: var(--band); font-weight: 600; border-bottom: 2px solid var(--line); }
tbody tr:nth-child(even) td { background: #fafbfc; }
td:first-child { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2rem 0; padding: .8rem; border: 1px solid var(--line); border-radius: 6px;
  background: #fff; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; text-align: center; }
@media print { section { break-inside: avoid-page; } }
"""


#: Nothing on the page may load anything: no scripts, fonts, images or frames.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


class Page:
    """What a figure needs besides its section: the locale, ``now`` and a translator."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.locale: str = report["locale"]
        self.now = report["now"]

    def t(self, message: str, **params: Any) -> str:  # noqa: ANN401
        """Translate a message of the ``servicekit`` domain."""
        return translate("servicekit", message, self.locale, **params)

    def number(self, value: float, _position: object = None) -> str:
        """Format an axis value with the locale's separators (a matplotlib formatter)."""
        return format_number(value, locale=self.locale)

    def percent(self, value: float, _position: object = None) -> str:
        """Format a fraction as a percentage in the locale."""
        return format_percent(value, locale=self.locale)


def render_html(report: Mapping[str, Any], out: TextIO) -> None:
    """Write the report built by ``build_report`` as one self-contained HTML page."""
    page = Page(report)
    figure_class = _figure_class()
    lang = escape(page.locale.replace("_", "-"))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        f"<title>{escape(report['title'])}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{escape(report['title'])}</h1>",
        f"<p>{escape(report['subtitle'])}</p>",
        f"<p>{escape(report['source'])}</p>",
        "</header>",
    ]
    count = 0
    for section in report["sections"]:
        parts.append(f'<section id="{escape(section.key)}">')
        parts.append(f"<h2>{escape(section.title)}</h2>")
        figures = []
        draw = _FIGURES.get(section.key)
        if figure_class is not None and draw is not None:
            for caption, figure in _draw(draw, section, page, figure_class):
                count += 1
                figures.append(_figure_html(figure, caption, f"servicekit-figure-{count}"))
        parts += _blocks_with(section, figures)
        parts.append("</section>")
    parts += ["</main>", "</body>", "</html>"]
    out.write("\n".join(parts) + "\n")


def _blocks_with(section: Section, figures: list[str]) -> list[str]:
    """The section's blocks, and its figures where they belong.

    With one figure per table (a funnel per flow) each figure follows its table; otherwise
    the figures close the section.
    """
    anchors = {id(table) for table in _tables(section)}
    follow = len(figures) == len(anchors)
    pending = iter(figures)
    parts = []
    for block in section.blocks:
        parts.append(_block(block))
        if follow and id(block) in anchors:
            parts.append(next(pending))
    return parts if follow else parts + figures


def _block(block: str | Table) -> str:
    if isinstance(block, Table):
        return _table(block)
    lines = block.split("\n")
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    return "<p>" + "<br>".join(escape(line) for line in lines) + "</p>"


def _table(table: Table) -> str:
    def cells(tag: str, row: Sequence[str]) -> str:
        return "".join(
            f'<{tag} class="num">{escape(cell)}</{tag}>'
            if index in table.numeric
            else f"<{tag}>{escape(cell)}</{tag}>"
            for index, cell in enumerate(row)
        )

    head = f"<thead><tr>{cells('th', table.headers)}</tr></thead>"
    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in table.rows)
    return f'<div class="wrap"><table>{head}<tbody>{body}</tbody></table></div>'


# ---------------------------------------------------------------------------- figures


def _figure_class() -> Any:  # noqa: ANN401 - matplotlib is untyped here
    """Return matplotlib's ``Figure``, or ``None`` without the ``plot`` extra."""
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional extra, loaded on use
    except ImportError:
        return None
    return Figure


def _draw(draw: Draw, section: Section, page: Page, figure_class: Any) -> list[tuple[str, Any]]:  # noqa: ANN401
    from matplotlib import rc_context  # noqa: PLC0415 - optional extra, loaded on use

    # Names and ids come from the user's files: "$" must not start matplotlib's math.
    with rc_context({"text.parse_math": False}):
        return draw(section, page, figure_class)


def _finite(value: float) -> float:
    """``value``, or NaN (no bar) where it is infinite: a channel that resolves nothing."""
    return value if math.isfinite(value) else math.nan


def _figure_html(figure: Any, caption: str, salt: str) -> str:  # noqa: ANN401
    from matplotlib import rc_context  # noqa: PLC0415 - optional extra, loaded on use

    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}), warnings.catch_warnings():
        # The SVG keeps text as text, drawn by the browser's fonts: that matplotlib's own
        # font lacks a glyph (a name in Chinese, a control character) does not matter.
        # (matplotlib 3.8 says "missing from current font", newer ones "from font(s)".)
        warnings.filterwarnings("ignore", r"Glyph .* missing from (current )?font", UserWarning)
        # No metadata block: no date (reproducible) and no addresses on the page.
        figure.savefig(buffer, format="svg", metadata=dict.fromkeys(_SVG_METADATA))
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # matplotlib numbers its groups per figure ("axes_1"); ids must be unique per page.
    # Clip paths and markers, the only ids referenced, are hashed with the salt already.
    svg = _GROUP_ID.sub(lambda match: f'id="{salt}-{match.group(1)}"', svg)
    opening = svg.index(">") + 1
    svg = (
        svg[:opening].replace("<svg", '<svg role="img"', 1)
        + f"<title>{escape(caption)}</title>"
        + svg[opening:]
    )
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def _new(figure_class: Any, width: float, height: float) -> tuple[Any, Any]:  # noqa: ANN401
    figure = figure_class(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=9)
    return figure, axes


def _tables(section: Section) -> list[Table]:
    """The tables of ``section`` shaped like its first one (same headers)."""
    tables = [block for block in section.blocks if isinstance(block, Table)]
    return [table for table in tables if table.headers == tables[0].headers]


def _labels(section: Section, names: Sequence[str], locale: str) -> list[str]:
    """Label bars as the section's first table labels its rows, else by the channels' names.

    A label the catalogs translate in a table then reads the same in the figure.
    """
    tables = _tables(section)
    if tables and len(tables[0].rows) == len(names):
        return [row[0] for row in tables[0].rows]
    return [display_name("channel", name, locale) for name in names]


def _cost_figures(section: Section, page: Page, figure_class: Any) -> list[tuple[str, Any]]:  # noqa: ANN401
    rows = section.data["compare"]
    labels = _labels(section, [row["channel"] for row in rows], page.locale)
    figure, axes = _new(figure_class, 7.5, 0.5 + 0.55 * len(rows))
    positions = list(range(len(rows)))
    height = 0.38
    axes.barh(
        [p - height / 2 for p in positions],
        [_finite(row["cost_per_contact"]) for row in rows],
        height,
        color=_ACCENT,
        label=page.t(_COST_PER_CONTACT),
    )
    axes.barh(
        [p + height / 2 for p in positions],
        [_finite(row["cost_per_resolution"]) for row in rows],
        height,
        color=_SECOND,
        label=page.t(_COST_PER_RESOLUTION),
    )
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(page.number)
    axes.legend(fontsize=9, frameon=False, loc="lower right")
    return [(page.t(_COST_CAPTION), figure)]


def _service_figures(section: Section, page: Page, figure_class: Any) -> list[tuple[str, Any]]:  # noqa: ANN401
    rows = section.data["live"]
    if not rows:
        return []
    names = _labels(section, [row["channel"] for row in rows], page.locale)
    figure = figure_class(figsize=(7.5, 0.9 + 0.5 * len(rows)), layout="constrained")
    agents, level = figure.subplots(1, 2, sharey=True)
    positions = list(range(len(rows)))
    for axes, key, colour in ((agents, "agents", _SECOND), (level, "service_level", _ACCENT)):
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(labelsize=9)
        values = [_finite(row[key]) for row in rows]
        bars = axes.barh(positions, values, 0.6, color=colour)
        axes.grid(axis="x", alpha=0.3)
        if key == "agents":
            axes.bar_label(bars, [page.number(v) for v in values], padding=3, fontsize=8)
            axes.xaxis.get_major_locator().set_params(integer=True)
        else:
            labels = [page.percent(v) if math.isfinite(v) else "" for v in values]
            axes.bar_label(bars, labels, padding=3, fontsize=8)
            axes.set_xlim(0, 1.15)
            axes.xaxis.set_major_formatter(page.percent)
    agents.set_yticks(positions, names)
    agents.invert_yaxis()
    agents.set_xlabel(page.t(_AGENTS), fontsize=9)
    level.set_xlabel(page.t(_SERVICE_LEVEL), fontsize=9)
    return [(page.t(_SERVICE_CAPTION), figure)]


def _status_figures(section: Section, page: Page, figure_class: Any) -> list[tuple[str, Any]]:  # noqa: ANN401
    clocks = [row for row in section.data["tickets"] if row["cycles"]]
    if not clocks:
        return []
    metrics = list(dict.fromkeys(row["metric"] for row in clocks))
    statuses = [s for s in _STATUS_COLOURS if any(row["status"] == s for row in clocks)]
    figure, axes = _new(figure_class, 7.5, 0.9 + 0.5 * len(metrics))
    left = [0] * len(metrics)
    for status in statuses:
        counts = [
            sum(1 for row in clocks if row["metric"] == metric and row["status"] == status)
            for metric in metrics
        ]
        axes.barh(
            range(len(metrics)),
            counts,
            left=left,
            color=_STATUS_COLOURS[status],
            label=_label(page, status),
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.set_yticks(range(len(metrics)), [_label(page, metric) for metric in metrics])
    axes.invert_yaxis()
    axes.set_xlabel(page.t(_CLOCKS), fontsize=9)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(
        fontsize=9, frameon=False, ncols=len(statuses), loc="lower left", bbox_to_anchor=(0, 1)
    )
    return [(page.t(_STATUS_CAPTION), figure)]


def _breach_figures(section: Section, page: Page, figure_class: Any) -> list[tuple[str, Any]]:  # noqa: ANN401
    rows = section.data["deadlines"]
    if not rows:
        return []
    hours = [(row["deadline"] - page.now).total_seconds() / 3600 for row in rows]
    names = [f"{row['ticket']} · {_label(page, row['metric'])}" for row in rows]
    figure, axes = _new(figure_class, 7.5, 0.6 + 0.38 * len(rows))
    axes.barh(
        range(len(rows)),
        hours,
        color=[_STATUS_COLOURS.get(row["status"], _ACCENT) for row in rows],
    )
    axes.axvline(0, color="#1d2733", linewidth=1)
    axes.set_yticks(range(len(rows)), names)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(page.number)
    axes.set_xlabel(page.t(_HOURS_LEFT), fontsize=9)
    axes.grid(axis="x", alpha=0.3)
    return [(page.t(_BREACHES_CAPTION), figure)]


def _label(page: Page, name: str) -> str:
    message = _STATUS_LABELS.get(name)
    return (
        page.t(message) if message is not None else display_name("clock_status", name, page.locale)
    )


def _band(hour: float) -> int:
    """0 for night (22–07), 1 for early or late (07–09, 18–22), 2 for daytime (09–18)."""
    if 9 <= hour < 18:
        return 2
    return 1 if 7 <= hour < 22 else 0


def _heat_figures(section: Section, page: Page, figure_class: Any) -> list[tuple[str, Any]]:  # noqa: ANN401
    from matplotlib.colors import ListedColormap  # noqa: PLC0415 - optional extra
    from matplotlib.patches import Patch, Rectangle  # noqa: PLC0415 - optional extra

    proposals = [p for p in section.data["proposals"] if p["members"]]
    if not proposals:
        return []
    first = proposals[0]
    host = first["start"].utcoffset().total_seconds() / 3600
    members = first["members"]
    shifts = [m["local_start"].utcoffset().total_seconds() / 3600 - host for m in members]
    grid = [[_band((hour + shift) % 24) for hour in range(24)] for shift in shifts]
    figure, axes = _new(figure_class, 9.5, 0.9 + 0.36 * len(members))
    # pcolormesh, not imshow: the cells stay vector paths (imshow embeds a PNG).
    axes.pcolormesh(
        [hour - 0.5 for hour in range(25)],
        [row - 0.5 for row in range(len(members) + 1)],
        grid,
        cmap=ListedColormap([colour for _, colour in _BANDS]),
        vmin=0,
        vmax=2,
        edgecolors="#ffffff",
        linewidth=0.5,
    )
    axes.invert_yaxis()
    for row, shift in enumerate(shifts):
        for hour in range(24):
            local = (hour + shift) % 24
            text = (
                f"{int(local):02d}"
                if local == int(local)
                else f"{int(local):02d}:{round(local % 1 * 60):02d}"
            )
            axes.text(
                hour,
                row,
                text,
                ha="center",
                va="center",
                fontsize=6.5,
                color="#ffffff" if grid[row][hour] == 0 else "#1d2733",
            )
    for proposal in proposals:
        start = proposal["start"]
        span = (proposal["end"] - start).total_seconds() / 3600
        x = start.hour + start.minute / 60 - 0.5
        axes.add_patch(
            Rectangle((x, -0.5), span, len(members), fill=False, edgecolor="#c8553d", linewidth=2)
        )
    axes.set_yticks(range(len(members)), [m["name"] for m in members])
    axes.set_xticks(range(24), [f"{hour:02d}" for hour in range(24)])
    axes.tick_params(length=0)
    axes.spines[["left", "bottom"]].set_visible(False)
    zone = format_zone_name(first["slot"]["host"], locale=page.locale, at=first["start"])
    axes.set_xlabel(page.t(_HOUR_IN, zone=zone), fontsize=9)
    axes.legend(
        handles=[Patch(color=colour, label=page.t(name)) for name, colour in _BANDS],
        fontsize=9,
        frameon=False,
        ncols=3,
        loc="lower left",
        bbox_to_anchor=(0, 1),
    )
    return [(page.t(_HEAT_CAPTION), figure)]


def _funnel_figures(section: Section, page: Page, figure_class: Any) -> list[tuple[str, Any]]:  # noqa: ANN401
    flows = section.data["flows"]
    tables = _tables(section)
    shaped = len(tables) == len(flows) and all(
        len(table.rows) == len(flow["rows"]) for table, flow in zip(tables, flows, strict=False)
    )
    found = []
    for index, flow in enumerate(flows):
        rows = flow["rows"]
        labels = (
            [row[0] for row in tables[index].rows]
            if shaped
            else [display_name("state", row["state"], page.locale) for row in rows]
        )
        figure, axes = _new(figure_class, 7.5, 0.6 + 0.36 * len(rows))
        bars = axes.barh(range(len(rows)), [row["entered"] for row in rows], color=_ACCENT)
        axes.bar_label(bars, padding=3, fontsize=8)
        axes.set_yticks(range(len(rows)), labels)
        axes.invert_yaxis()
        axes.set_xlabel(page.t(_CUSTOMERS), fontsize=9)
        axes.xaxis.get_major_locator().set_params(integer=True)
        flow_name = display_name("flow", flow["flow"], page.locale)
        found.append((page.t(_FUNNEL_CAPTION, flow=flow_name), figure))
    return found


_FIGURES: dict[str, Draw] = {
    "channels": _cost_figures,
    "staffing": _service_figures,
    "sla_status": _status_figures,
    "upcoming_breaches": _breach_figures,
    "office_hours": _heat_figures,
    "onboarding": _funnel_figures,
}
