"""Erlang A and the chat model against a discrete-event simulation (ciw).

Small, seeded runs (a few seconds in all): each run is cut into batches after a
warm-up, and the formula must fall inside the 99 % confidence interval of the batch
means. ``benchmarks/bench_channels.py`` is not needed for these.
"""

from __future__ import annotations

import math
import statistics

import ciw
import pytest

from servicekit.channels import LiveChat, queue_metrics

# Student t quantile, 99 % two-sided, 19 degrees of freedom (20 batches).
T_99 = 2.8609
BATCHES = 20


def _simulate(*, servers, arrival_rate, service_rate, patience_rate, horizon, warmup, seed):
    """Run an M/M/n(+M) queue; return records of customers who arrived after warm-up."""
    params = {
        "arrival_distributions": [ciw.dists.Exponential(rate=arrival_rate)],
        "service_distributions": [ciw.dists.Exponential(rate=service_rate)],
        "number_of_servers": [servers],
    }
    if patience_rate is not None:
        params["reneging_time_distributions"] = [ciw.dists.Exponential(rate=patience_rate)]
    ciw.seed(seed)
    sim = ciw.Simulation(ciw.create_network(**params))
    sim.simulate_until_max_time(horizon)
    return [r for r in sim.get_all_records() if r.arrival_date >= warmup]


def _batch_interval(records, *, warmup, horizon, within, tail):
    """Batch means of (service level, abandonment): list of per-batch values."""
    end = horizon - tail  # leave time for late arrivals to finish
    width = (end - warmup) / BATCHES
    levels, abandons = [], []
    for b in range(BATCHES):
        lo, hi = warmup + b * width, warmup + (b + 1) * width
        batch = [r for r in records if lo <= r.arrival_date < hi]
        answered = [r for r in batch if r.record_type == "service"]
        reneged = [r for r in batch if r.record_type == "renege"]
        total = len(answered) + len(reneged)
        levels.append(sum(r.waiting_time <= within for r in answered) / total)
        abandons.append(len(reneged) / total)
    return levels, abandons


def _inside(values, expected):
    """Whether ``expected`` lies in the 99 % CI, which must also be narrow (< 0.04)."""
    mean = statistics.fmean(values)
    half = T_99 * statistics.stdev(values) / math.sqrt(len(values))
    return half < 0.04 and mean - half <= expected <= mean + half, (mean, half, expected)


class TestErlangASimulation:
    """Erlang A service level and abandonment match an M/M/n+M simulation."""

    @pytest.mark.parametrize(
        ("servers", "arrival_rate", "patience", "within", "horizon"),
        [
            (5, 4.5, 2.0, 0.5, 4_000.0),  # busy queue, short patience
            (8, 8.2, 10.0, 2.0, 4_000.0),  # overloaded, long patience and a long target
        ],
    )
    def test_matches_simulation(self, servers, arrival_rate, patience, within, horizon):
        """The formula lies in the 99 % CI of 20 batch means (time unit: minutes)."""
        warmup, tail = 100.0, 60.0
        records = _simulate(
            servers=servers,
            arrival_rate=arrival_rate,
            service_rate=1.0,
            patience_rate=1 / patience,
            horizon=horizon,
            warmup=warmup,
            seed=2,
        )
        levels, abandons = _batch_interval(
            records, warmup=warmup, horizon=horizon, within=within, tail=tail
        )
        m = queue_metrics(
            servers,
            arrivals=arrival_rate,
            interval=1.0,
            handle_time=1.0,
            answer_within=within,
            patience=patience,
        )
        ok, detail = _inside(levels, m.service_level)
        assert ok, detail
        ok, detail = _inside(abandons, m.abandonment)
        assert ok, detail


class TestChatSimulation:
    """The chat model (Erlang C on agents × concurrency slots) matches a simulation."""

    def test_service_level(self):
        """Agents with two chat slots each, chats stretched by the concurrency."""
        chat = LiveChat(handle_time=2.0, concurrency=2, slowdown=0.25, answer_within=0.5)
        agents = 5
        slots = int(agents * chat.concurrency)
        handle = chat.effective_handle_time()  # minutes, as every time here
        arrival_rate = 2.6
        horizon, warmup, tail = 4_000.0, 100.0, 50.0
        records = _simulate(
            servers=slots,
            arrival_rate=arrival_rate,
            service_rate=1 / handle,
            patience_rate=None,
            horizon=horizon,
            warmup=warmup,
            seed=7,
        )
        end = horizon - tail
        width = (end - warmup) / BATCHES
        levels = []
        for b in range(BATCHES):
            lo, hi = warmup + b * width, warmup + (b + 1) * width
            batch = [r for r in records if lo <= r.arrival_date < hi]
            levels.append(sum(r.waiting_time <= 0.5 for r in batch) / len(batch))
        m = queue_metrics(
            slots, arrivals=arrival_rate, interval=1.0, handle_time=handle, answer_within=0.5
        )
        ok, detail = _inside(levels, m.service_level)
        assert ok, detail
