"""Planning a week: staff_profile, and schedule_shifts beside pyworkforce's shift solvers.

Run: python benchmarks/bench_planning.py [--quick]

1. pyworkforce's published scheduling example (its test suite: two days of 24 hourly
   periods, shifts Morning, Afternoon, Night and Mixed), solved by pyworkforce's
   MinRequiredResources (least cost covering every period) and MinAbsDifference (least
   total |scheduled - required|) on OR-Tools CP-SAT, and by servicekit's
   schedule_shifts (objective "cost", and "coverage" with both weights 1) on HiGHS.
   Each pyworkforce shift is a servicekit template that starts at its first covered
   period and takes the uncovered periods inside it as an unpaid break (Night: 00:00
   for 24 h, with a break 05:00-21:00), one template per day so that
   max_shift_concurrency is the template's max_heads.
2. Three generated weeks of 336 half-hour intervals (Erlang C requirements from
   staff_profile on a daily and weekly arrival shape) with 40 shift kinds (4 h, 6 h,
   8 h and 9 h shifts at ten start times each, none past midnight, a fixed unpaid
   30-minute break in the longer ones, cost = paid half hours), used every day: the
   same programme for both. The "flexible" weeks give each kind a two-hour start
   window and three break placements (400 variants a day); pyworkforce gets every
   variant as a shift of its own.

Ratios are pyworkforce time / servicekit time in the same run; costs and deviations
side by side (lower is better, equal when both prove optimality).
"""

from __future__ import annotations

import math
import sys
import time
from datetime import datetime, timedelta, timezone
from datetime import time as clock

from servicekit.channels import (
    Break,
    ProfileInterval,
    ShiftTemplate,
    schedule_shifts,
    staff_profile,
)

QUICK = "--quick" in sys.argv
MONDAY = datetime(2026, 3, 2, tzinfo=timezone.utc)
HALF = timedelta(minutes=30)
HOUR = timedelta(hours=1)

REQUIRED = [
    [9, 11, 17, 9, 7, 12, 5, 11, 8, 9, 18, 17, 8, 12, 16, 8, 7, 12, 11, 10, 13, 19, 16, 7],
    [13, 13, 12, 15, 18, 20, 13, 16, 17, 8, 13, 11, 6, 19, 11, 20, 19, 17, 10, 13, 14, 23, 16, 8],
]
COVERAGE = {
    "Morning": [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "Afternoon": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0],
    "Night": [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1],
    "Mixed": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
}
COSTS = {"Morning": 8, "Afternoon": 8, "Night": 10, "Mixed": 7}


def templates_from_coverage(coverage, *, days, step, costs, max_heads):
    """One servicekit template per pyworkforce shift and day (see the module docstring)."""
    out = []
    for name, periods in coverage.items():
        first = periods.index(1)
        last = len(periods) - 1 - periods[::-1].index(1)
        breaks, k = [], first
        while k <= last:
            if periods[k]:
                k += 1
                continue
            gap = k
            while not periods[k]:
                k += 1
            breaks.append(
                Break(
                    length=(k - gap) * step,
                    earliest=(gap - first) * step,
                    latest=(gap - first) * step,
                )
            )
        start = (datetime.min.replace(tzinfo=timezone.utc) + first * step).time()
        out.extend(
            ShiftTemplate(
                name=name,
                length=(last - first + 1) * step,
                starts=[(start, start)],
                days={day},
                breaks=breaks,
                cost=costs[name],
                max_heads=max_heads,
            )
            for day in range(days)
        )
    return out


def requirement_pairs(required, step):
    flat = [n for day in required for n in day]
    return [(MONDAY + k * step, n) for k, n in enumerate(flat)]


def deviation(schedule):
    return sum(r.under + r.over for r in schedule.coverage)


def timed(call, repeat):
    best, result = math.inf, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    return best, result


def pyworkforce_classes():
    try:
        from pyworkforce.scheduling import MinAbsDifference, MinRequiredResources  # noqa: PLC0415
    except ImportError:  # the bench extra is missing
        return None
    return MinAbsDifference, MinRequiredResources


def peer_deviation(required, coverage, solution):
    days, periods = len(required), len(required[0])
    got = [[0] * periods for _ in range(days)]
    for row in solution["resources_shifts"]:
        for p in range(periods):
            got[row["day"]][p] += row["resources"] * coverage[row["shift"]][p]
    return sum(abs(got[d][p] - required[d][p]) for d in range(days) for p in range(periods))


def published(peers, rows):
    pairs = requirement_pairs(REQUIRED, HOUR)
    templates = templates_from_coverage(COVERAGE, days=2, step=HOUR, costs=COSTS, max_heads=25)
    repeat = 1 if QUICK else 3
    schedule_shifts(pairs, templates, interval=HOUR)  # warm up: import scipy once
    t_cost, ours_cost = timed(lambda: schedule_shifts(pairs, templates, interval=HOUR), repeat)
    t_dev, ours_dev = timed(
        lambda: schedule_shifts(
            pairs, templates, interval=HOUR, objective="coverage", over_weight=1.0
        ),
        repeat,
    )
    peak = max(r.scheduled for r in ours_cost.coverage)
    if peers is None:
        rows.append(("published, least cost", t_cost, math.nan, ours_cost.cost, None, peak))
        rows.append(
            ("published, least |deviation|", t_dev, math.nan, deviation(ours_dev), None, None)
        )
        return
    abs_diff, min_required = peers
    kwargs = {
        "num_days": 2,
        "periods": 24,
        "shifts_coverage": COVERAGE,
        "required_resources": REQUIRED,
        "max_period_concurrency": 27,
        "max_shift_concurrency": 25,
    }
    p_cost, theirs_cost = timed(lambda: min_required(cost_dict=COSTS, **kwargs).solve(), repeat)
    p_dev, theirs_dev = timed(lambda: abs_diff(**kwargs).solve(), repeat)
    rows.append(
        (
            f"published, least cost ({theirs_cost['status']})",
            t_cost,
            p_cost,
            ours_cost.cost,
            theirs_cost["cost"],
            peak,
        )
    )
    rows.append(
        (
            f"published, least |deviation| ({theirs_dev['status']})",
            t_dev,
            p_dev,
            deviation(ours_dev),
            peer_deviation(REQUIRED, COVERAGE, theirs_dev),
            None,
        )
    )


def generated_week(seed):
    """Heads per half hour for a week: Erlang C on a daily and weekly arrival shape."""
    weekday = [1.0, 0.95, 0.9, 0.9, 0.85, 0.5, 0.35]
    items = []
    for k in range(336):
        day, slot = divmod(k, 48)
        hour = slot / 2
        shape = max(0.0, math.sin(math.pi * (hour - 6) / 16)) if 6 <= hour <= 22 else 0.0
        jitter = 1 + 0.15 * math.sin(seed * 7.1 + k * 1.3)
        calls = round(220 * weekday[day] * shape * jitter + (3 if shape == 0 else 0))
        items.append(ProfileInterval(start=MONDAY + k * HALF, arrivals=calls))
    return items


def generated_templates():
    """40 shift kinds: 4, 6, 8 and 9 hours at ten start times each, none past midnight."""
    kinds = []
    for hours, starts, pause in (
        (4, (0, 4, 8, 12, 16, 20, 24, 28, 32, 40), None),
        (6, (0, 6, 12, 14, 16, 18, 20, 24, 30, 36), None),
        (8, (12, 14, 16, 18, 20, 22, 24, 26, 28, 32), 8),
        (9, (12, 14, 16, 18, 20, 22, 24, 26, 28, 30), 8),
    ):
        kinds.extend((f"{hours}h@{s // 2:02d}:{30 * (s % 2):02d}", hours, s, pause) for s in starts)
    return kinds


def week(peers, rows, seed, *, flexible=False):
    """One generated week; ``flexible`` widens each start to five half hours (a window of
    two hours) and each break to three placements: 40 templates, 400 shift variants."""
    items = generated_week(seed)
    started = time.perf_counter()
    plan = staff_profile(items, handle_time=240, answer_within=20, service_level=0.8, shrinkage=0.3)
    profile_time = time.perf_counter() - started
    templates, coverage, costs = [], {}, {}
    for name, hours, s, pause in generated_templates():
        length = hours * 2
        cost = length - (1 if pause else 0)
        last = min(s + 4, 48 - length) if flexible else s
        spread = 2 if flexible and pause is not None else 0
        breaks = []
        if pause is not None:
            breaks = [
                Break(
                    length=HALF,
                    earliest=(pause - spread // 2) * HALF,
                    latest=(pause + spread // 2) * HALF,
                )
            ]
        templates.append(
            ShiftTemplate(
                name=name,
                length=length * HALF,
                starts=[(clock(s // 2, 30 * (s % 2)), clock(last // 2, 30 * (last % 2)))],
                breaks=breaks,
                cost=cost,
            )
        )
        # pyworkforce takes each (start, break) variant as a shift of its own.
        for first in range(s, last + 1):
            offsets = (
                [None] if pause is None else range(pause - spread // 2, pause + spread // 2 + 1)
            )
            for offset in offsets:
                cover = [0] * 48
                for k in range(first, first + length):
                    cover[k] = 1
                if offset is not None:
                    cover[first + offset] = 0
                variant = f"{name}/{first}/{offset}"
                coverage[variant] = cover
                costs[variant] = cost
    pairs = plan.requirements
    t_ours, ours = timed(lambda: schedule_shifts(pairs, templates), 1)
    label = f"week {seed}: 336 x 40{' flexible' if flexible else ''}"
    if peers is None:
        rows.append((label, t_ours, math.nan, ours.cost, None, ours.optimal))
        return profile_time
    required = [[n for _, n in pairs[d * 48 : (d + 1) * 48]] for d in range(7)]
    _, min_required = peers
    p_time, theirs = timed(
        lambda: min_required(
            num_days=7,
            periods=48,
            shifts_coverage=coverage,
            required_resources=required,
            cost_dict=costs,
            max_period_concurrency=10_000,
            max_shift_concurrency=1_000,
            max_search_time=60.0,
        ).solve(),
        1,
    )
    rows.append(
        (f"{label} ({theirs['status']})", t_ours, p_time, ours.cost, theirs["cost"], ours.optimal)
    )
    return profile_time


def main():
    peers = pyworkforce_classes()
    if peers is None:
        print("pyworkforce is not installed (bench extra): servicekit alone")
    rows = []
    published(peers, rows)
    print("pyworkforce's published example (2 days x 24 hourly periods, 4 shifts)")
    print(f"{'problem':<48} | {'ratio':>7} | {'sk':>9} | {'pwf':>9} | {'sk value':>9} | pwf value")
    print("-" * 106)
    for label, t_ours, t_peer, mine, theirs, _ in rows:
        ratio = f"{t_peer / t_ours:.1f}x" if not math.isnan(t_peer) else "-"
        print(
            f"{label:<48} | {ratio:>7} | {t_ours * 1e3:7.1f}ms | {t_peer * 1e3:7.1f}ms |"
            f" {mine:>9g} | {'-' if theirs is None else f'{theirs:g}':>9}"
        )
    rows = []
    seeds = (1,) if QUICK else (1, 2, 3)
    profile_times = [week(peers, rows, seed) for seed in seeds]
    profile_times += [week(peers, rows, seed, flexible=True) for seed in seeds]
    print()
    print("Generated weeks: 336 half-hour intervals, 40 shift kinds every day (least cost)")
    print(
        f"{'problem':<40} | {'ratio':>7} | {'sk':>9} | {'pwf':>9} | {'sk cost':>8} | pwf cost | opt"
    )
    print("-" * 104)
    for label, t_ours, t_peer, mine, theirs, optimal in rows:
        ratio = f"{t_peer / t_ours:.1f}x" if not math.isnan(t_peer) else "-"
        print(
            f"{label:<40} | {ratio:>7} | {t_ours:7.2f} s | {t_peer:7.2f} s | {mine:>8g} |"
            f" {'-' if theirs is None else f'{theirs:g}':>8} | {optimal}"
        )
    print()
    best = min(profile_times) * 1e3
    print(f"staff_profile, a week of 336 half hours: {best:.1f} ms (best of the weeks)")


if __name__ == "__main__":
    main()
