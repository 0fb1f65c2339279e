"""The figures a support planner wants to look at, built from the bundled example desk.

Run it like a notebook, top to bottom::

    python examples/planner_figures.py [OUTPUT_DIR]

It writes four PNG files (default: ``docs/_static/figures``):

- ``cost_per_contact.png``: what a contact costs on each channel as volume grows;
- ``service_level.png``: the share of calls and chats answered in time, against agents;
- ``office_hours_heatmap.png``: for every hour of a week (in the owner's zone), how
  many members of each region can attend a one-hour session;
- ``onboarding_funnel.png``: how many investment customers reached each step.

Everything comes from servicekit's public API and the scenario that ships with it;
matplotlib (the ``plot`` extra) draws, with the non-interactive Agg backend.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt

from servicekit.channels import (
    Demand,
    LiveChat,
    Phone,
    channel_from_dict,
    plot_cost_per_contact,
    queue_metrics,
)
from servicekit.hours import Member, OfficeHours
from servicekit.onboarding import flows, funnel

DESK = json.loads(
    (resources.files("servicekit") / "scenarios" / "desk.json").read_text(encoding="utf-8")
)
NOW = datetime.fromisoformat(DESK["now"])


def cost_per_contact(out: Path) -> Path:
    """Cost per contact of the desk's channel models over a range of weekly volumes."""
    part = DESK["channels"]
    channels = [channel_from_dict(raw) for raw in part["models"]]
    # The desk's week and staffed hours; the volume is what the figure varies.
    demand = Demand.from_dict({**part["demand"], "contacts": 1})
    fig = plot_cost_per_contact(channels, demand, [100, 200, 400, 800, 1600, 3200, 6400])
    fig.set_size_inches(7, 4.2)
    ax = fig.axes[0]
    ax.set_xlabel("contacts per week")
    ax.set_title(f"Cost per contact by channel ({DESK['currency']})")
    ax.grid(visible=True, alpha=0.3)
    return _save(fig, out / "cost_per_contact.png")


def service_level(out: Path) -> Path:
    """Service level against agents for the desk's phone and chat queues (Erlang C)."""
    models = {raw["kind"]: channel_from_dict(raw) for raw in DESK["channels"]["models"]}
    phone, chat = models["phone"], models["chat"]
    if not isinstance(phone, Phone) or not isinstance(chat, LiveChat):
        raise TypeError("the desk's 'phone' and 'chat' models are a Phone and a LiveChat")
    phone_label = (
        f"phone: 40 calls/h, {_minutes(phone.handle_time)} min, {_seconds(phone.answer_within)} s"
    )
    queues = {
        phone_label: {
            "arrivals": 40,
            "interval": timedelta(hours=1),
            "handle_time": timedelta(seconds=_secs(phone.handle_time)),
            "answer_within": timedelta(seconds=_secs(phone.answer_within)),
        },
        f"chat: 40 chats/h, {chat.effective_handle_time() / 60:.1f} min per slot, "
        f"{_seconds(chat.answer_within)} s": {
            "arrivals": 40,
            "interval": timedelta(hours=1),
            "handle_time": timedelta(seconds=chat.effective_handle_time()),
            "answer_within": timedelta(seconds=_secs(chat.answer_within)),
        },
    }
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for label, queue in queues.items():
        traffic = queue["arrivals"] * queue["handle_time"] / queue["interval"]
        agents = list(range(int(traffic) + 1, int(traffic) + 10))
        levels = [queue_metrics(n, **queue).service_level for n in agents]
        ax.plot(agents, levels, marker="o", label=label)
    ax.axhline(0.8, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("agents (chat: chat slots)")
    ax.set_ylabel("share answered in time")
    ax.set_ylim(0, 1.02)
    ax.set_title("Service level against agents")
    ax.grid(visible=True, alpha=0.3)
    ax.legend(loc="lower right")
    return _save(fig, out / "service_level.png")


def _secs(value: float | timedelta) -> float:
    """A model's duration in seconds (models take seconds or a timedelta)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _minutes(value: float | timedelta) -> str:
    return f"{_secs(value) / 60:g}"


def _seconds(value: float | timedelta) -> str:
    return f"{_secs(value):g}"


def office_hours_heatmap(out: Path) -> Path:
    """Members able to attend a one-hour session, per hour of the week and region."""
    host = DESK["owner"]["timezone"]
    week = date.fromisoformat(DESK["office_hours"]["week_of"])
    team = [Member.from_dict(raw) for raw in DESK["team"]]
    regions = sorted({m.timezone.key.split("/")[0] for m in team})
    grid = [[0] * (7 * 24) for _ in regions]
    for day in range(7):
        for hour in range(24):
            slot = OfficeHours(host, day, f"{hour:02d}:00", timedelta(hours=1))
            for member in team:
                if slot.for_member(member, week).can_attend:
                    row = regions.index(member.timezone.key.split("/")[0])
                    grid[row][day * 24 + hour] += 1
    fig, ax = plt.subplots(figsize=(10, 2.6))
    image = ax.imshow(grid, aspect="auto", cmap="Greens", interpolation="nearest")
    ax.set_yticks(range(len(regions)), regions)
    ax.set_xticks(
        [d * 24 + 12 for d in range(7)], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    )
    for d in range(1, 7):
        ax.axvline(d * 24 - 0.5, color="white", linewidth=1)
    ax.set_title(f"Who can attend a one-hour session, by hour of the week ({host} time)")
    fig.colorbar(image, ax=ax, label="members")
    return _save(fig, out / "office_hours_heatmap.png")


def onboarding_funnel(out: Path) -> Path:
    """How many investment customers entered each step, and how many are there now."""
    flow = flows.investment()
    journeys = []
    for raw in DESK["onboarding"]["journeys"]:
        if raw["flow"] != "investment":
            continue
        events = [(datetime.fromisoformat(e["at"]), e["event"]) for e in raw["events"]]
        replay = flow.replay(
            events, started_at=datetime.fromisoformat(raw["started_at"]), context=raw.get("context")
        )
        journeys.append(replay.journey)
    rows = funnel(flow, journeys, NOW).rows
    steps = [row.state for row in rows]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.barh(steps, [row.entered for row in rows], color="#9ecae1", label="entered")
    ax.barh(steps, [row.current for row in rows], color="#3182bd", label="there now")
    ax.invert_yaxis()
    ax.set_xlabel("customers")
    ax.set_title("Investment onboarding funnel")
    ax.legend(loc="lower right")
    return _save(fig, out / "onboarding_funnel.png")


def _save(fig: plt.Figure, path: Path) -> Path:
    if fig.get_layout_engine() is None:  # figures from servicekit bring their own layout
        fig.tight_layout()
    # No timestamps in the PNG, so that committed figures only change when the data does.
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return path


def main(argv: list[str]) -> list[Path]:
    """Write every figure into the directory given (default: docs/_static/figures)."""
    out = Path(argv[0]) if argv else Path(__file__).parent.parent / "docs" / "_static" / "figures"
    out.mkdir(parents=True, exist_ok=True)
    return [
        cost_per_contact(out),
        service_level(out),
        office_hours_heatmap(out),
        onboarding_funnel(out),
    ]


if __name__ == "__main__":
    for written in main(sys.argv[1:]):
        print(written)
