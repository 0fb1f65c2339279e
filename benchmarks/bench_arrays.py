"""Business time on arrays: ``elapsed_many`` / ``add_many`` against a loop over the scalar methods.

Run: python benchmarks/bench_arrays.py [--quick]

The calendar: Monday-Friday 09:00-17:00 plus Saturday 22:00-02:00 (overnight) in
Europe/Berlin with the German (Bavarian) public holidays of 2024-2028 and a closure;
10^6 random (start, end) pairs and (start, duration) pairs in 2025-2027 (durations
from -5 to +20 days, a few zeros), 1 % NaT. The array methods run on all 10^6
(``--quick``: 10^5); the Python loop over ``elapsed`` / ``add`` runs on 10^4 pairs
and is scaled per item. Both count the compilation of the years (warm after the first
run; the first run is reported separately). The array results are checked against the
scalar ones on the looped pairs. Target: at least 30x per item.

Times are CPU time of this process (numpy runs on one core), best of three runs
(the loop: one run). The machine may be shared; CPU time is steadier than wall time.
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime, timedelta, timezone

import holidays as pyholidays
import numpy as np

from servicekit.hours import BusinessCalendar

QUICK = "--quick" in sys.argv
N = 100_000 if QUICK else 1_000_000
N_LOOP = 2_000 if QUICK else 10_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
US = 10**6
NAT = -(2**63)


def calendar() -> BusinessCalendar:
    days = sorted(pyholidays.country_holidays("DE", subdiv="BY", years=range(2024, 2029)))
    return BusinessCalendar(
        "Europe/Berlin",
        {"mon-fri": ["09:00-17:00"], "sat": ["22:00-02:00"]},
        holidays=days,
        closures={date(2026, 6, 1): [(10 * 3600, 12 * 3600)]},
    )


def data(n: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    lo = int(datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp()) * US
    span = 3 * 365 * 86_400 * US
    starts = lo + rng.integers(0, span, n)
    ends = starts + rng.integers(-2 * 86_400 * US, 20 * 86_400 * US, n)
    durations = rng.integers(-5 * 86_400 * US, 20 * 86_400 * US, n)
    durations[rng.random(n) < 0.01] = 0
    starts[rng.random(n) < 0.01] = NAT
    return starts.view("M8[us]"), ends.view("M8[us]"), durations.view("m8[us]")


def best(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        fn()  # type: ignore[operator]
        times.append(time.process_time() - started)
    return min(times)


def to_dt(u: int) -> datetime:
    return EPOCH + timedelta(microseconds=u)


def main() -> None:
    cal = calendar()
    starts, ends, durations = data(N)
    started = time.process_time()
    cal.elapsed_many(starts[:10], ends[:10])
    first = time.process_time() - started

    t_el = best(lambda: cal.elapsed_many(starts, ends))
    t_add = best(lambda: cal.add_many(starts, durations))

    ints = starts.view(np.int64)[:N_LOOP]
    e_ints = ends.view(np.int64)[:N_LOOP]
    d_ints = durations.view(np.int64)[:N_LOOP]
    pairs = [
        (to_dt(int(a)), to_dt(int(b)), timedelta(microseconds=int(d)))
        for a, b, d in zip(ints, e_ints, d_ints, strict=True)
        if a != NAT
    ]
    started = time.process_time()
    loop_el = [cal.elapsed(a, b) for a, b, _ in pairs]
    t_loop_el = time.process_time() - started
    started = time.process_time()
    loop_add = [cal.add(a, d) for a, _, d in pairs]
    t_loop_add = time.process_time() - started

    # The same answers on the looped pairs.
    keep = ints != NAT
    got_el = cal.elapsed_many(starts[:N_LOOP][keep], ends[:N_LOOP][keep]).tolist()
    got_add = cal.add_many(starts[:N_LOOP][keep], durations[:N_LOOP][keep]).view(np.int64)
    if got_el != loop_el or [to_dt(int(u)) for u in got_add] != loop_add:
        raise SystemExit("the array results differ from the scalar ones")

    per = 1e9  # ns
    rows = [
        ("elapsed", t_el / N * per, t_loop_el / len(pairs) * per),
        ("add", t_add / N * per, t_loop_add / len(pairs) * per),
    ]
    print(f"calendar: Berlin 09-17 + Sat overnight, ~{len(cal.holidays)} holidays, 1 closure")
    print(f"arrays: {N:,} pairs (best of 3); loop: {len(pairs):,} pairs; first call {first:.3f} s")
    print(f"{'method':<10}{'array ns/item':>16}{'loop ns/item':>16}{'speed-up':>12}")
    for name, arr, loop in rows:
        print(f"{name:<10}{arr:>16,.0f}{loop:>16,.0f}{loop / arr:>11.0f}x")
    print(f"elapsed_many over {N:,} pairs: {t_el:.2f} s; add_many: {t_add:.2f} s")


if __name__ == "__main__":
    main()
