"""Staffing solves: servicekit.channels.required_agents beside pyworkforce's ErlangC.

Run: python benchmarks/bench_channels.py [--quick]

Both libraries answer the same question (fewest agents for 80 % of calls answered
within 20 s, 3-minute handle time, 30-minute interval) at 10 and 9,900 Erlangs; the
table shows the best-of-N time per solve, the ratio, and that both give the same count.
A second table times the single-formula calls and the Erlang A (patience) solve.
"""

from __future__ import annotations

import random
import sys
import time
import timeit
from collections import deque

from servicekit.channels import LiveChat, erlang_c, queue_metrics, required_agents

QUICK = "--quick" in sys.argv


def best(stmt, *, budget=0.5 if QUICK else 2.0, cpu=False):
    """Best time per call in seconds (timeit autorange, best of 5 repeats).

    ``cpu=True`` measures this process's CPU time instead of wall time: on a shared
    machine the wall clock also counts the time other processes held the core.
    """
    timer = timeit.Timer(stmt, timer=time.process_time if cpu else time.perf_counter)
    number, _ = timer.autorange()
    number = max(1, int(number * budget / 0.2))
    return min(timer.repeat(repeat=5, number=number)) / number


def ratio(theirs, ours):
    value = theirs / ours
    return f"{value:.1f}x" if value < 10 else f"{value:.0f}x"


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

        def solve(calls=calls):
            return required_agents(
                arrivals=calls,
                interval=1800,
                handle_time=180,
                answer_within=20,
                service_level=0.8,
            )

        t_ours = best(solve)
        c_ours = best(solve, cpu=True)
        if erlang_c_peer is not None:
            peer = erlang_c_peer(transactions=calls, aht=3, asa=20 / 60, interval=30)
            theirs = peer.required_positions(service_level=0.8)["raw_positions"]
            budget = 0.3 if erlangs > 100 else 1.0

            def peer_solve(peer=peer):
                return peer.required_positions(service_level=0.8)

            t_peer = best(peer_solve, budget=budget)
            c_peer = best(peer_solve, budget=budget, cpu=True)
        else:
            theirs, t_peer, c_peer = None, float("nan"), float("nan")
        rows.append((erlangs, ours.agents, theirs, t_ours, t_peer, c_ours, c_peer))

    print("Staffing solve, 80/20, AHT 3 min (ratios = pyworkforce time / servicekit time,")
    print("by CPU time of this process and by wall time; CPU is the steadier on a busy machine)")
    head = (
        f"{'Erlangs':>7} | {'CPU ratio':>9} | {'wall ratio':>10} | {'sk CPU':>12} |"
        f" {'pwf CPU':>12} | {'sk wall':>12} | {'pwf wall':>12}"
    )
    print(f"{head} | agents (sk / pwf)")
    print("-" * 118)
    for erlangs, ours, theirs, t_ours, t_peer, c_ours, c_peer in rows:
        print(
            f"{erlangs:>7} | {ratio(c_peer, c_ours):>9} | {ratio(t_peer, t_ours):>10} |"
            f" {fmt(c_ours)} | {fmt(c_peer)} | {fmt(t_ours)} | {fmt(t_peer)} | {ours} / {theirs}"
        )

    print()
    print("Single calls (servicekit only)")
    print(f"{'call':<52} | {'time':>12} | {'CPU':>12}")
    print("-" * 83)
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
        print(f"{name:<52} | {fmt(best(call))} | {fmt(best(call, cpu=True))}")


def simulate_chat(*, agents, concurrency, slowdown, handle, rate, within, horizon, seed):
    """Chat desk where each chat slows only with the chats its agent *actually* has.

    A continuous-time Markov chain: an agent with k chats finishes one at rate
    k / (handle × (1 + slowdown × (k - 1))); new chats go to the least busy agent with a
    free slot, or wait first-come first-served. Returns the share answered within
    ``within`` after a warm-up of a tenth of the horizon.
    """
    rng = random.Random(seed)
    busy = [0] * agents
    queue = deque()
    now, answered, total = 0.0, 0, 0
    warmup = horizon / 10

    def start(arrived):
        nonlocal answered, total
        if arrived >= warmup:
            total += 1
            answered += now - arrived <= within

    while now < horizon:
        rates = [k / (handle * (1 + slowdown * (k - 1))) if k else 0.0 for k in busy]
        total_rate = rate + sum(rates)
        now += rng.expovariate(total_rate)
        pick = rng.random() * total_rate
        if pick < rate:
            free = [i for i, k in enumerate(busy) if k < concurrency]
            if free:
                busy[min(free, key=busy.__getitem__)] += 1
                start(now)
            else:
                queue.append(now)
            continue
        pick -= rate
        i = 0
        while i < agents - 1 and pick >= rates[i]:
            pick -= rates[i]
            i += 1
        busy[i] -= 1
        if queue:
            busy[i] += 1
            start(queue.popleft())
    return answered / total


def chat_table():
    print()
    print("Chat model (Erlang C on agents × concurrency slots, every chat slowed to full")
    print("concurrency) against a simulation where a chat slows only with its agent's")
    print("actual chats; handle 10 min alone, +25 % per extra chat, answer within 30 s")
    print(f"{'agents':>6} | {'chats/h':>7} | {'model SL':>8} | {'simulated SL':>12}")
    print("-" * 44)
    chat = LiveChat(concurrency=2, slowdown=0.25, answer_within=30)
    handle = chat.effective_handle_time()
    for agents, per_hour in ((3, 20), (5, 36), (8, 62)):
        model = queue_metrics(
            agents * 2,
            arrivals=per_hour,
            interval=3600,
            handle_time=handle,
            answer_within=30,
        ).service_level
        sims = [
            simulate_chat(
                agents=agents,
                concurrency=2,
                slowdown=0.25,
                handle=600.0,
                rate=per_hour / 3600,
                within=30.0,
                horizon=400_000 if QUICK else 2e6,
                seed=seed,
            )
            for seed in (1, 2)
        ]
        print(f"{agents:>6} | {per_hour:>7} | {model:>8.3f} | {sum(sims) / 2:>12.3f}")
    print("The model is the conservative one: agents rarely run every slot at once.")


if __name__ == "__main__":
    main()
    chat_table()
