"""Calendars that change over time: the cost of ``changes`` on short and long queries.

Run: python benchmarks/bench_calendar_changes.py [--quick]

Monday-Friday 09:00-17:00 in Europe/Berlin, with 0, 1, 10 and 1,000 changes of its
weekly hours (every three weeks from 2027 on), 200 fixed holidays in 2026-2035.
For each: the first ``elapsed`` over 500 years (arithmetic, piece by piece between
change dates, plus building the counters), the same again, ``add`` of 1,500 years of
business time, and ``elapsed`` over 30 days per call (compiled years, bisections).
No peer library has effective-dated calendars (businesstimedelta and pandas take one
fixed set of rules), so servicekit is measured alone; correctness lives in
tests/test_calendar_changes*.py.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta, timezone

from servicekit.hours import BusinessCalendar, Change

QUICK = "--quick" in sys.argv
N = 1_000 if QUICK else 10_000
UTC = timezone.utc


def calendar(changes: int) -> BusinessCalendar:
    rnd = random.Random(7)
    holidays = {date(2026, 1, 1) + timedelta(days=rnd.randrange(3650)) for _ in range(200)}
    return BusinessCalendar(
        "Europe/Berlin",
        {"mon-fri": ["09:00-17:00"]},
        holidays=holidays,
        changes=[
            Change(
                date(2027, 1, 4) + timedelta(weeks=3 * k),
                hours={"mon-fri": [f"{8 + k % 3:02d}:00-{16 + k % 4:02d}:00"]},
            )
            for k in range(changes)
        ],
    )


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def main() -> int:
    rnd = random.Random(11)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    starts = [base + timedelta(minutes=rnd.randrange(3 * 525_600)) for _ in range(N)]
    a, b = datetime(2000, 1, 1, tzinfo=UTC), datetime(2500, 1, 1, tzinfo=UTC)
    head = (
        f"{'changes':>8} | {'elapsed 500 y (first)':>22} | {'again':>9} | "
        f"{'add 1,500 y':>12} | {'elapsed 30 d / call':>20}"
    )
    print(f"Mon-Fri Europe/Berlin, 200 holidays; {N:,} short queries\n")
    print(head)
    print("-" * len(head))
    BusinessCalendar("Europe/Berlin", "24/7", holidays=[date(2026, 1, 1)]).elapsed(a, b)  # warm-up
    for count in (0, 1, 10, 1_000):
        cal = calendar(count)
        _, first = timed(lambda cal=cal: cal.elapsed(a, b))
        _, again = timed(lambda cal=cal: cal.elapsed(a, b))
        _, far = timed(lambda cal=cal: cal.add(a, timedelta(days=1500 * 365 // 3)))
        cal.elapsed(starts[0], starts[0] + timedelta(days=30))  # compile the years once
        _, short = timed(lambda cal=cal: [cal.elapsed(t, t + timedelta(days=30)) for t in starts])
        print(
            f"{count:>8,} | {first * 1e3:>19.1f} ms | {again * 1e3:>6.2f} ms | "
            f"{far * 1e3:>9.1f} ms | {short / N * 1e6:>17.1f} us"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
