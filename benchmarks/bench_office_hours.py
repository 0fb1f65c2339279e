"""Office-hours planning: 10,000 members in 300 zones, best 3 one-hour slots in a week.

Run: python benchmarks/bench_office_hours.py [--quick]

No published library plans office hours, so the peers are the two ways people write
it by hand, run on the same team in the same process:

- "pandas/numpy matrix": per zone, convert the 672 candidate starts and ends to local
  time with pandas ``tz_convert`` and test every (hours template x candidate) pair with
  numpy; then add up member weights. This ignores members whose hours change inside
  a slot (it only looks at start and end), so it is a lower bound for that approach.
- "naive loops": for every candidate and every member, convert the start and test the
  member's hours (zoneinfo only). Timed on 500 members and scaled linearly to 10,000.

servicekit computes each (zone, hours) group's open time once as UTC ranges, turns
each range into a run of candidates by bisection and adds weights with difference
arrays; it then follows the chosen slots through the weeks (``weeks=1`` times the
choice alone, ``weeks=52`` adds a year of DST-shift analysis).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from importlib import resources

from servicekit._time import zone
from servicekit.hours import Member, plan_office_hours

QUICK = "--quick" in sys.argv
N_MEMBERS = 10_000
N_ZONES = 300
HOUR = timedelta(hours=1)
WEEK_OF = date(2026, 3, 23)  # a mismatch week: US on DST, Europe not yet
TEMPLATES = [
    {"mon-fri": ["09:00-17:00"]},
    {"mon-fri": ["18:00-22:00"]},
    {"mon-fri": ["07:00-09:00", "19:00-21:00"]},
    {"sat-sun": ["10:00-18:00"]},
    {"tue,thu": ["20:00-23:30"]},
    {"mon,wed,fri": ["12:00-14:00"]},
    {"daily": ["06:00-08:00"]},
    {"mon-thu": ["21:00-01:00"]},
    {"sat": ["08:00-12:00"], "sun": ["16:00-20:00"]},
    {"mon-fri": ["11:00-13:00", "16:00-18:00"]},
    {"wed": ["09:00-21:00"]},
    {"fri": ["17:00-23:00"], "sat": ["09:00-13:00"]},
]


def all_zones() -> list[str]:
    """Every zone key shipped by the tzdata package, sorted."""
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="ascii")
    return sorted(line.strip() for line in text.splitlines() if "/" in line)


def make_team(n: int, seed: int = 6) -> list[Member]:
    rnd = random.Random(seed)
    keys = rnd.sample(all_zones(), N_ZONES)
    return [
        Member(
            f"m{i}",
            keys[i % N_ZONES],
            TEMPLATES[rnd.randrange(len(TEMPLATES))],
            weight=rnd.choice([1.0, 1.0, 1.0, 2.0]),
        )
        for i in range(n)
    ]


def best_of(fn, repeat):
    """Best wall-clock and best CPU seconds of ``repeat`` runs, and the last result.

    CPU time is shown too because the machines this runs on are often shared: it is
    what the call costs, while wall time also counts waiting for a core.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return (min(walls), min(cpus)), result


def pandas_matrix(team):
    """The vectorised hand-written approach (see the module docstring)."""
    import numpy as np  # noqa: PLC0415 - a peer, not a dependency
    import pandas as pd  # noqa: PLC0415

    host = zone("Europe/Berlin")
    monday = datetime.combine(WEEK_OF - timedelta(days=WEEK_OF.weekday()), datetime.min.time())
    walls = pd.date_range(monday, periods=672, freq="15min")
    starts = walls.tz_localize(host, nonexistent="shift_forward", ambiguous=True).tz_convert("UTC")
    ends = starts + pd.Timedelta(hours=1)
    groups: dict[tuple[str, int], float] = {}
    template_of = {id(t): i for i, t in enumerate(TEMPLATES)}
    parsed = {}
    for m in team:
        key = (m.timezone.key, m.availability)
        parsed[key] = m.availability
        groups[key] = groups.get(key, 0.0) + m.weight
    total = np.zeros(672)
    by_zone: dict[str, list] = {}
    for (key, week), w in groups.items():
        by_zone.setdefault(key, []).append((week, w))
    for key, items in by_zone.items():
        ls = starts.tz_convert(zone(key))
        le = ends.tz_convert(zone(key))
        s_day = ls.day_of_week.to_numpy()
        s_sec = (ls.hour * 3600 + ls.minute * 60).to_numpy()
        e_sec = (le.hour * 3600 + le.minute * 60).to_numpy()
        e_sec = np.where(e_sec <= s_sec, e_sec + 86400, e_sec)
        for week, w in items:
            ok = np.zeros(672, dtype=bool)
            for day in range(7):
                on_day = s_day == day
                for a, b in week[day]:
                    ok |= on_day & (s_sec >= a) & (e_sec <= b)
            total += w * ok
    del template_of
    return list(np.argsort(-total, kind="stable")[:3])


def naive_loops(team):
    """Every candidate x every member, zoneinfo conversions only."""
    host = zone("Europe/Berlin")
    monday = WEEK_OF - timedelta(days=WEEK_OF.weekday())
    scores = []
    for k in range(672):
        wall = datetime.combine(monday, datetime.min.time()) + timedelta(minutes=15 * k)
        start = wall.replace(tzinfo=host)
        score = 0.0
        for m in team:
            local = start.astimezone(m.timezone)
            sec = local.hour * 3600 + local.minute * 60
            if any(a <= sec and sec + 3600 <= b for a, b in m.availability[local.weekday()]):
                score += m.weight
        scores.append(score)
    return sorted(range(672), key=lambda k: -scores[k])[:3]


def main():
    team = make_team(N_MEMBERS)
    groups = len({(m.timezone.key, m.availability) for m in team})
    repeat = 2 if QUICK else 5
    rows = []

    t_ours, picks = best_of(
        lambda: plan_office_hours(
            team, HOUR, host="Europe/Berlin", week_of=WEEK_OF, count=3, weeks=1
        ),
        repeat,
    )
    rows.append(("servicekit plan_office_hours(count=3, weeks=1)", t_ours))
    t_year, _ = best_of(
        lambda: plan_office_hours(
            team, HOUR, host="Europe/Berlin", week_of=WEEK_OF, count=3, weeks=52
        ),
        max(1, repeat // 2),
    )
    rows.append(("servicekit plan_office_hours(count=3, weeks=52)", t_year))
    try:
        t_pd, pd_top = best_of(lambda: pandas_matrix(team), max(1, repeat // 2))
        rows.append(("pandas/numpy matrix (start/end only, top 3)", t_pd))
    except ImportError:  # the peer is not installed
        pd_top = None
    sample = team[:500]
    t_naive, _ = best_of(lambda: naive_loops(sample), 1)
    scale = N_MEMBERS / len(sample)
    rows.append(("naive loops, 500 members, scaled x20", (t_naive[0] * scale, t_naive[1] * scale)))

    print(
        f"{N_MEMBERS:,} members, {N_ZONES} zones, {groups:,} (zone, hours) groups, "
        "672 candidates (15 min), 1-hour slot, host Europe/Berlin, week of "
        f"{WEEK_OF.isoformat()}"
    )
    print(f"{'approach':52} {'wall s':>8} {'CPU s':>8} {'x servicekit (CPU)':>19}")
    for name, (wall, cpu) in rows:
        print(f"{name:52} {wall:8.3f} {cpu:8.3f} {cpu / t_ours[1]:19.1f}")
    print()
    print("servicekit's picks (greedy max coverage):")
    for p in picks:
        print(
            f"  {p.start:%a %H:%M %Z}  score {p.score:g}  attendees {len(p.attendees):,}"
            f"  gain {p.gain:g}"
        )
    if pd_top is not None:
        days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        walls = [f"{days[k // 96]} {k % 96 // 4:02d}:{k % 4 * 15:02d}" for k in map(int, pd_top)]
        print(f"pandas/numpy top 3 by plain score (no coverage step): {', '.join(walls)}")


if __name__ == "__main__":
    main()
