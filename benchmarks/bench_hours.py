"""Business calendars: add and elapsed against businesstimedelta and pandas.

Run: python benchmarks/bench_hours.py [--quick]

The same calendar for everyone: Monday-Friday 09:00-17:00 in Europe/Berlin with the
German (Bavarian) public holidays of 2024-2028 (~65 dates), and random instants in
2025-2027. Each library adds 8 and 2,000 business hours and measures elapsed
business time over 30 days; servicekit also runs with 1,000 holidays instead.

- servicekit: ``BusinessCalendar.add`` / ``elapsed``; the first call compiles the
  years it touches (reported separately as "compile"); timings are per call after it.
- businesstimedelta 1.0: ``WorkDayRule`` + ``HolidayRule`` (pytz zone), ``dt +
  BusinessTimeDelta`` and ``Rules.difference``.
- pandas ``CustomBusinessHour(start="09:00", end="17:00", holidays=...)`` applied to a
  tz-aware ``Timestamp`` (pandas has no business-hours elapsed function).

Slow peers run on fewer instants (shown in the table) and report time per call.
Times are CPU time of this process per call, best of five runs (peers: one run).
Each library answers in its own conventions (pandas and businesstimedelta roll a
result at a closing time to the next opening), so results are not compared here;
correctness lives in tests/test_calendar.py.
"""

from __future__ import annotations

import random
import sys
import time
import warnings
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from typing import TYPE_CHECKING

import holidays as pyholidays

from servicekit.hours import BusinessCalendar

if TYPE_CHECKING:
    from collections.abc import Callable

QUICK = "--quick" in sys.argv
N = 1_000 if QUICK else 10_000
N_SLOW = 100 if QUICK else 300
TZ = "Europe/Berlin"
YEARS = range(2024, 2029)
HOURS_8 = timedelta(hours=8)
HOURS_2000 = timedelta(hours=2000)
DAYS_30 = timedelta(days=30)


def bavarian_holidays() -> list[date]:
    return sorted(pyholidays.country_holidays("DE", subdiv="BY", years=YEARS))


def many_holidays(n: int, seed: int = 3) -> list[date]:
    """``n`` distinct weekday dates in 2020-2035 (holiday lists as large as we like)."""
    rnd = random.Random(seed)
    days: set[date] = set()
    while len(days) < n:
        d = date(2020, 1, 1) + timedelta(days=rnd.randrange(16 * 365))
        if d.weekday() < 5:
            days.add(d)
    return sorted(days)


def instants(n: int, seed: int = 1) -> list[datetime]:
    rnd = random.Random(seed)
    base = datetime(2025, 1, 1, tzinfo=timezone.utc)
    return [base + timedelta(seconds=rnd.randrange(3 * 365 * 86400)) for _ in range(n)]


def per_call(fn: Callable[[datetime], object], points: list[datetime], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, CPU seconds per call.

    CPU time of this process (``time.process_time``), so that other work on a shared
    machine does not inflate the figures; everything here is single-threaded.
    """
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for p in points:
            fn(p)
        best = min(best, (time.process_time() - t0) / len(points))
    return best


def servicekit_rows(lists: dict[str, list[date]]) -> dict[str, dict[str, float]]:
    """Time each calendar; rounds alternate between the calendars to share the noise."""
    pts = instants(N)
    cals = {}
    for label, holiday_list in lists.items():
        cal = BusinessCalendar(TZ, {"mon-fri": ["09:00-17:00"]}, holidays=holiday_list)
        t0 = time.process_time()
        for p in pts:  # compiles every year the benchmark touches
            cal.add(p, HOURS_2000)
            cal.elapsed(p, p + DAYS_30)
        spent = time.process_time() - t0
        print(f"  servicekit ({label}): compile plus a first pass {spent * 1e3:.1f} ms, once")
        cals[label] = cal
    out: dict[str, dict[str, float]] = {label: {} for label in cals}
    for _ in range(5):
        for label, cal in cals.items():
            row = out[label]
            for op, fn in (
                ("add 8 h", lambda p, c=cal: c.add(p, HOURS_8)),
                ("add 2,000 h", lambda p, c=cal: c.add(p, HOURS_2000)),
                ("elapsed 30 days", lambda p, c=cal: c.elapsed(p, p + DAYS_30)),
            ):
                row[op] = min(row.get(op, float("inf")), per_call(fn, pts, 1))
    return out


def btd_rows(holiday_list: list[date]) -> dict[str, float]:
    import businesstimedelta  # noqa: PLC0415
    import pytz  # noqa: PLC0415

    tz = pytz.timezone(TZ)
    workday = businesstimedelta.WorkDayRule(
        start_time=dtime(9),
        end_time=dtime(17),
        working_days=[0, 1, 2, 3, 4],
        tz=tz,
    )
    rules = businesstimedelta.Rules(
        [workday, businesstimedelta.HolidayRule(dict.fromkeys(holiday_list, "h"), tz=tz)]
    )
    pts = [p.astimezone(tz) for p in instants(N_SLOW)]
    d8 = businesstimedelta.BusinessTimeDelta(rules, hours=8)
    d2000 = businesstimedelta.BusinessTimeDelta(rules, hours=2000)
    few = pts[: max(10, N_SLOW // 10)]
    return {
        "add 8 h": per_call(lambda p: p + d8, pts, 1),
        "add 2,000 h": per_call(lambda p: p + d2000, few, 1),
        "elapsed 30 days": per_call(lambda p: rules.difference(p, p + DAYS_30), pts, 1),
    }


def pandas_rows(holiday_list: list[date]) -> dict[str, float]:
    import pandas as pd  # noqa: PLC0415

    pts = [pd.Timestamp(p).tz_convert(TZ) for p in instants(N_SLOW)]
    few = pts[: max(10, N_SLOW // 10)]
    off8 = pd.offsets.CustomBusinessHour(n=8, start="09:00", end="17:00", holidays=holiday_list)
    off2000 = pd.offsets.CustomBusinessHour(
        n=2000, start="09:00", end="17:00", holidays=holiday_list
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "add 8 h": per_call(lambda p: p + off8, pts, 1),
            "add 2,000 h": per_call(lambda p: p + off2000, few, 1),
            "elapsed 30 days": float("nan"),
        }


def main() -> None:
    hol = bavarian_holidays()
    hol_1000 = many_holidays(1000)
    print(f"Mon-Fri 09:00-17:00 {TZ}, {len(hol)} holidays over {YEARS.start}-{YEARS.stop - 1}")
    print(f"instants: servicekit {N:,}, peers {N_SLOW:,} (2,000 h on a tenth)\n")
    rows = servicekit_rows({f"{len(hol)} holidays": hol, "1,000 holidays": hol_1000})
    sk, sk1000 = rows[f"{len(hol)} holidays"], rows["1,000 holidays"]
    btd = btd_rows(hol)
    pdr = pandas_rows(hol)
    print()
    ops = ["add 8 h", "add 2,000 h", "elapsed 30 days"]
    head = (
        f"{'operation':<17}{'vs btd':>10}{'vs pandas':>11}{'servicekit':>13}"
        f"{'sk 1000 hol':>13}{'businesstd':>13}{'pandas CBH':>13}"
    )
    print(head)
    print("-" * len(head))

    def us(x: float) -> str:
        return "n/a" if x != x else f"{x * 1e6:,.1f} µs"  # noqa: PLR0124 - NaN test

    def ratio(peer: float, ours: float) -> str:
        return "n/a" if peer != peer else f"{peer / ours:,.0f}x"  # noqa: PLR0124

    for op in ops:
        print(
            f"{op:<17}{ratio(btd[op], sk[op]):>10}{ratio(pdr[op], sk[op]):>11}"
            f"{us(sk[op]):>13}{us(sk1000[op]):>13}{us(btd[op]):>13}{us(pdr[op]):>13}"
        )
    print()
    print(f"span: add 2,000 h / add 8 h = {sk['add 2,000 h'] / sk['add 8 h']:.2f} (target <= 2)")
    for op in ops:
        change = sk1000[op] / sk[op] - 1
        print(f"1,000 vs {len(hol)} holidays, {op}: {change:+.0%} (target < 50 %)")


if __name__ == "__main__":
    main()
