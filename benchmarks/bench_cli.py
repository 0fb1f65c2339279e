"""How much the command line adds on top of the library.

Run: python benchmarks/bench_cli.py [TICKETS] [--quick]  (--quick: 2,000 tickets)

There is no peer command to compare with, so the table sets each command beside the
library call it wraps, in the same run: ``servicekit sla evaluate`` (read JSON lines or
CSV, build the events, evaluate, write CSV) against ``evaluate_many`` on events already
in memory, and ``servicekit report`` in-process and as a fresh process (what a user
waits for).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from servicekit import cli
from servicekit.sla import Policy, TicketEvent, evaluate_many

POLICY = {
    "name": "office",
    "calendars": {"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}},
    "targets": {
        "normal": [
            {"metric": "first_reply", "within": "PT4H", "calendar": "office"},
            {"metric": "requester_wait", "within": "P2D", "calendar": "office"},
            {"metric": "resolution", "within": "P5D"},
        ]
    },
}
NOW = datetime(2026, 3, 20, 12, tzinfo=timezone.utc)


def records(count: int) -> list[dict[str, object]]:
    """About six events per ticket, spread over two weeks."""
    out: list[dict[str, object]] = []
    start = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)
    for n in range(count):
        t = start + timedelta(minutes=(n * 7) % 20000)
        ticket = f"T-{n}"
        out += [
            {"ticket": ticket, "at": t.isoformat(), "kind": "created", "priority": "normal"},
            {"ticket": ticket, "at": (t + timedelta(hours=2)).isoformat(), "kind": "agent_reply"},
            {
                "ticket": ticket,
                "at": (t + timedelta(hours=2)).isoformat(),
                "kind": "status",
                "status": "pending",
            },
            {
                "ticket": ticket,
                "at": (t + timedelta(hours=20)).isoformat(),
                "kind": "customer_message",
            },
            {
                "ticket": ticket,
                "at": (t + timedelta(hours=20)).isoformat(),
                "kind": "status",
                "status": "open",
            },
            {
                "ticket": ticket,
                "at": (t + timedelta(hours=26)).isoformat(),
                "kind": "status",
                "status": "solved",
            },
        ]
    return out


def best(fn, repeat: int = 3) -> float:
    """The best of a few runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    numbers = [arg for arg in sys.argv[1:] if arg != "--quick"]
    default = 2_000 if "--quick" in sys.argv else 20_000
    count = int(numbers[0]) if numbers else default
    folder = Path(tempfile.mkdtemp())
    rows = records(count)
    (folder / "policy.json").write_text(json.dumps(POLICY), encoding="utf-8")
    (folder / "events.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with (folder / "events.csv").open("w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, ["ticket", "at", "kind", "priority", "status"])
        writer.writeheader()
        writer.writerows(rows)

    policy = Policy.from_dict(POLICY)
    tickets: dict[str, list[TicketEvent]] = {}
    for r in rows:
        event = {k: v for k, v in r.items() if k != "ticket"}
        tickets.setdefault(str(r["ticket"]), []).append(TicketEvent.from_dict(event))

    def library() -> None:
        evaluate_many(policy, tickets, NOW)

    def command(name: str) -> None:
        args = [
            "sla",
            "evaluate",
            "--policy",
            str(folder / "policy.json"),
            str(folder / name),
            "--now",
            NOW.isoformat(),
            "--progress",
            "never",
        ]
        if cli.main(args, out=io.StringIO()) != 0:
            raise SystemExit("sla evaluate failed")

    def report() -> None:
        if cli.main(["report"], out=io.StringIO()) != 0:
            raise SystemExit("report failed")

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}

    def report_process() -> None:
        subprocess.run(
            [sys.executable, "-m", "servicekit", "report"],
            check=True,
            capture_output=True,
            env=env,
        )

    lib = best(library)
    results = [
        (f"evaluate_many, {count:,} tickets in memory", lib),
        (f"sla evaluate, {count:,} tickets from JSON lines", best(lambda: command("events.jsonl"))),
        (f"sla evaluate, {count:,} tickets from CSV", best(lambda: command("events.csv"))),
    ]
    print(f"{'what':<48} {'seconds':>9} {'per ticket':>12} {'vs library':>11}")
    for name, seconds in results:
        print(
            f"{name:<48} {seconds:>9.3f} {seconds / count * 1e6:>9.1f} µs {seconds / lib:>10.1f}x"
        )
    print(f"{'report on the bundled desk, in-process':<48} {best(report):>9.3f}")
    print(f"{'report on the bundled desk, new process':<48} {best(report_process):>9.3f}")


if __name__ == "__main__":
    main()
