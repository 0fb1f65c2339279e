"""Staffing solves: servicekit.channels.required_agents beside pyworkforce's ErlangC.

Run: /work/venv/bin/python benchmarks/bench_channels.py [--quick]

Both libraries answer the same question (fewest agents for 80 % of calls answered
within 20 s, 3-minute handle time, 30-minute interval) at 10 and 9,900 Erlangs; the
table shows the best-of-N time per solve, the ratio, and that both give the same count.
A second table times the single-formula calls and the Erlang A (patience) solve.
"""

from __future__ import annotations

import sys
import timeit

from servicekit.channels import erlang_c, queue_metrics, required_agents

QUICK = "--quick" in sys.argv


def best(stmt, *, budget=0.5 if QUICK else 2.0):
    """Best time per call in seconds (timeit autorange, best of 5 repeats)."""
    timer = timeit.Timer(stmt)
    number, _ = timer.autorange()
    number = max(1, int(number * budget / 0.2))
    return min(timer.repeat(repeat=5, number=number)) / number


def fmt(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:9.1f} µs"
    return f"{seconds * 1e3:9.2f} ms"


def main():
    try:
        from pyworkforce.queuing import ErlangC as erlang_c_peer  # noqa: PLC0415, N813
    except ImportError:  # the bench extra is missing
        erlang_c_peer = None

    rows = []
    for erlangs in (10, 9_900):
        calls = erlangs * 10  # per 30 minutes at a 3-minute handle time
        ours = required_agents(
            arrivals=calls, interval=1800, handle_time=180, answer_within=20, service_level=0.8
        )
        t_ours = best(
            lambda calls=calls: required_agents(
                arrivals=calls,
                interval=1800,
                handle_time=180,
                answer_within=20,
                service_level=0.8,
            )
        )
        if erlang_c_peer is not None:
            peer = erlang_c_peer(transactions=calls, aht=3, asa=20 / 60, interval=30)
            theirs = peer.required_positions(service_level=0.8)["raw_positions"]
            t_peer = best(
                lambda peer=peer: peer.required_positions(service_level=0.8),
                budget=0.3 if erlangs > 100 else 1.0,
            )
        else:
            theirs, t_peer = None, float("nan")
        rows.append((erlangs, ours.agents, theirs, t_ours, t_peer))

    print("Staffing solve, 80/20, AHT 3 min (ratio = pyworkforce time / servicekit time)")
    head = f"{'Erlangs':>8} | {'ratio':>8} | {'servicekit':>12} | {'pyworkforce':>12}"
    print(f"{head} | agents (sk / pwf)")
    print("-" * 72)
    for erlangs, ours, theirs, t_ours, t_peer in rows:
        ratio = t_peer / t_ours
        print(f"{erlangs:>8} | {ratio:>7.0f}x | {fmt(t_ours)} | {fmt(t_peer)} | {ours} / {theirs}")

    print()
    print("Single calls (servicekit only)")
    print(f"{'call':<52} | {'time':>12}")
    print("-" * 68)
    singles = {
        "erlang_c(14, 10)": lambda: erlang_c(14, 10),
        "erlang_c(9913, 9900)": lambda: erlang_c(9913, 9900),
        "erlang_c(100_100, 100_000)": lambda: erlang_c(100_100, 100_000),
        "queue_metrics(13, patience=5 min)  [Erlang A]": lambda: queue_metrics(
            13, arrivals=100, interval=1800, handle_time=180, answer_within=20, patience=300
        ),
        "required_agents(..., patience=5 min) at 10 Erlangs": lambda: required_agents(
            arrivals=100,
            interval=1800,
            handle_time=180,
            answer_within=20,
            service_level=0.8,
            patience=300,
        ),
    }
    for name, call in singles.items():
        print(f"{name:<52} | {fmt(best(call))}")


if __name__ == "__main__":
    main()
