"""SLA clocks for 100,000 tickets: servicekit.sla.evaluate_many beside businesstimedelta.

Run: python benchmarks/bench_sla.py [--quick]

Synthetic tickets (about 6 events each: created, agent reply, pending, customer
message, open again, solved; some left open or reopened) are evaluated against a
policy with 3 targets (first reply, requester wait, resolution), all on a Mon-Fri
09:00-17:00 Europe/Berlin business calendar.

Rows:
- servicekit ``evaluate_many``: the whole batch (cycles, deadlines, statuses, rows,
  summary), best of 3 runs;
- servicekit ``evaluate``: one ticket at a time (full reports with datetimes), sample;
- businesstimedelta: only the business-time arithmetic the three clocks need (three
  ``difference`` calls for elapsed time and three ``+ BusinessTimeDelta`` for
  deadlines per ticket, pauses already cut out by hand), on a sample. It computes no
  statuses, pauses or summary, so the ratio flatters it.

The issue's goal is at most 5 s for 100,000 tickets through ``evaluate_many``.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta, timezone

from servicekit.hours import BusinessCalendar
from servicekit.sla import Policy, Target, TicketEvent, evaluate, evaluate_many

QUICK = "--quick" in sys.argv
N = 20_000 if QUICK else 100_000
SAMPLE = 1_000 if QUICK else 5_000
PEER_SAMPLE = 500 if QUICK else 2_000
UTC = timezone.utc
H = timedelta(hours=1)

# A few Berlin public holidays (and one in 2027: businesstimedelta's HolidayRule fails
# when no holiday follows an instant).
HOLIDAYS = ("2026-01-01", "2026-04-03", "2026-04-06", "2026-12-25", "2027-01-01")
OFFICE = BusinessCalendar.from_dict(
    {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-17:00"]},
        "holidays": list(HOLIDAYS),
    }
)
POLICY = Policy(
    "benchmark",
    {
        priority: [
            Target("first_reply", scale * 4 * H, OFFICE),
            Target("requester_wait", scale * 16 * H, OFFICE),
            Target("resolution", scale * 40 * H, OFFICE),
        ]
        for priority, scale in (("low", 2), ("normal", 1), ("urgent", 0.25))
    },
)
START = datetime(2026, 1, 5, 8, tzinfo=UTC)


def synthetic(n, seed=4):
    """``n`` tickets of about 6 events over most of 2026."""
    rnd = random.Random(seed)
    tickets = {}
    for i in range(n):
        t = START + timedelta(minutes=rnd.randrange(0, 330 * 24 * 60))
        events = [
            TicketEvent(t, "created", priority=rnd.choice(("low", "normal", "normal", "urgent")))
        ]
        t += timedelta(minutes=rnd.randrange(5, 900))
        events.append(TicketEvent(t, "agent_reply"))
        events.append(TicketEvent(t, "status", status="pending"))
        t += timedelta(minutes=rnd.randrange(30, 4000))
        events.append(TicketEvent(t, "customer_message"))
        events.append(TicketEvent(t, "status", status="open"))
        if rnd.random() < 0.8:
            t += timedelta(minutes=rnd.randrange(10, 2000))
            events.append(TicketEvent(t, "status", status="solved"))
            if rnd.random() < 0.1:
                t += timedelta(minutes=rnd.randrange(60, 3000))
                events.append(TicketEvent(t, "status", status="open"))
        tickets[f"T-{i}"] = events
    return tickets


def peer_workload(tickets, now):
    """The same clocks' business-time arithmetic with businesstimedelta (sample)."""
    import businesstimedelta  # noqa: PLC0415 - optional peer
    import pytz  # noqa: PLC0415 - businesstimedelta works with pytz zones

    berlin = pytz.timezone("Europe/Berlin")
    rules = businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(
                start_time=datetime.min.time().replace(hour=9),
                end_time=datetime.min.time().replace(hour=17),
                working_days=[0, 1, 2, 3, 4],
                tz=berlin,
            ),
            businesstimedelta.HolidayRule(
                [date.fromisoformat(day) for day in HOLIDAYS],
                tz=berlin,
            ),
        ]
    )
    out = []
    for events in tickets:
        created, replied, _, back = (e.at.astimezone(berlin) for e in events[:4])
        end = events[5].at.astimezone(berlin) if len(events) > 5 else now.astimezone(berlin)
        first = rules.difference(created, replied)
        wait = rules.difference(created, replied).timedelta + rules.difference(back, end).timedelta
        total = rules.difference(created, end)
        due = created + businesstimedelta.BusinessTimeDelta(rules, hours=4)
        wait_due = back + businesstimedelta.BusinessTimeDelta(rules, hours=8)
        resolve_due = created + businesstimedelta.BusinessTimeDelta(rules, hours=40)
        out.append((first, wait, total, due, wait_due, resolve_due))
    return out


def main():
    tickets = synthetic(N)
    now = START + timedelta(days=340)
    events_total = sum(len(e) for e in tickets.values())

    runs = []
    cpu = []
    report = None
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        report = evaluate_many(POLICY, tickets, now)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    batch = min(runs)

    sample = list(tickets.values())[:SAMPLE]
    t0 = time.perf_counter()
    for events in sample:
        evaluate(POLICY, events, now)
    single = (time.perf_counter() - t0) / len(sample)

    try:
        peer_sample = list(tickets.values())[:PEER_SAMPLE]
        t0 = time.perf_counter()
        peer_workload(peer_sample, now)
        peer = (time.perf_counter() - t0) / len(peer_sample)
    except ImportError:  # the bench extra is missing
        peer = None

    per_ticket = batch / N
    print(f"{N:,} tickets, {events_total / N:.1f} events each, 3 targets on a business calendar")
    print(f"{'':42} {'total for 100k':>15} {'µs/ticket':>10} {'ratio':>8}")
    name = "servicekit evaluate_many (best of 3)"
    print(f"{name:42} {per_ticket * 1e5:13.2f} s {per_ticket * 1e6:10.1f} {1.0:8.2f}")
    print(
        f"{'servicekit evaluate, one by one':42} {single * 1e5:13.2f} s {single * 1e6:10.1f} "
        f"{single / per_ticket:8.2f}"
    )
    if peer is not None:
        print(
            f"{'businesstimedelta, arithmetic only':42} {peer * 1e5:13.2f} s {peer * 1e6:10.1f} "
            f"{peer / per_ticket:8.2f}"
        )
    print(
        f"evaluate_many runs: {', '.join(f'{r:.2f} s' for r in runs)} wall, "
        f"{', '.join(f'{c:.2f} s' for c in cpu)} CPU; goal: at most 5 s for 100,000"
    )
    statuses = {}
    for row in report.rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    print("cycle statuses:", ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items())))


if __name__ == "__main__":
    main()
