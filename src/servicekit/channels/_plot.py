"""Plots for notebooks: service level against agents, cost per contact against volume.

matplotlib (extra ``plot``) is imported inside each function, so importing
:mod:`servicekit.channels` stays light; the figures are built with the object API
(no pyplot state), which works with any backend, Agg included.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.channels._mix import _check_channels
from servicekit.channels._models import _demand
from servicekit.channels._queueing import _positive, queue_metrics

if TYPE_CHECKING:
    from collections.abc import Sequence

    from servicekit.channels._demand import Demand
    from servicekit.channels._mix import ChannelModel
    from servicekit.typing import Duration

__all__ = ["plot_cost_per_contact", "plot_service_level"]


def _figure() -> Any:  # noqa: ANN401 - matplotlib is untyped here
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional extra
    except ImportError as error:
        raise ImportError("plotting needs matplotlib: pip install 'servicekit[plot]'") from error
    return Figure(figsize=(6.4, 4.0), layout="constrained")


def plot_service_level(
    agents: Iterable[int],
    *,
    arrivals: float,
    interval: Duration,
    handle_time: Duration,
    answer_within: Duration,
    patience: Duration | None = None,
    target: float | None = None,
) -> Any:  # noqa: ANN401 - a matplotlib Figure
    """Plot the service level against the number of agents.

    Staffing levels at or below the traffic (an unstable queue without patience) are
    left out.

    Args:
        agents: agent counts to plot.
        arrivals: contacts per ``interval``, as in
            :func:`~servicekit.channels.queue_metrics`.
        interval: the arrivals' period.
        handle_time: average handle time.
        answer_within: the service-level target time.
        patience: mean patience (Erlang A) or ``None``.
        target: draw the target service level as a line.

    Returns:
        A :class:`matplotlib.figure.Figure`.

    Example:
        >>> fig = plot_service_level(
        ...     range(10, 20),
        ...     arrivals=100,
        ...     interval=1800,
        ...     handle_time=180,
        ...     answer_within=20,
        ...     target=0.8,
        ... )
        >>> fig.axes[0].get_xlabel()
        'agents'
    """
    figure = _figure()
    axes = figure.add_subplot()
    xs, ys = [], []
    traffic = _positive(arrivals, "arrivals")
    for n in agents:
        try:
            m = queue_metrics(
                n,
                arrivals=traffic,
                interval=interval,
                handle_time=handle_time,
                answer_within=answer_within,
                patience=patience,
            )
        except ValueError:
            continue
        xs.append(n)
        ys.append(m.service_level)
    axes.plot(xs, ys, marker="o", label="service level")
    if target is not None:
        axes.axhline(target, linestyle="--", color="grey", label="target")
    axes.set_xlabel("agents")
    axes.set_ylabel("service level")
    axes.set_ylim(0, 1.02)
    axes.legend()
    return figure


def plot_cost_per_contact(
    channels: Iterable[ChannelModel], demand: Demand, volumes: Sequence[float]
) -> Any:  # noqa: ANN401 - a matplotlib Figure
    """Plot each channel's cost per contact against the contact volume.

    Args:
        channels: channel models.
        demand: the staffed hours and profile; its contact count is replaced by each
            of ``volumes``.
        volumes: contacts per period to evaluate.

    Returns:
        A :class:`matplotlib.figure.Figure` (logarithmic volume axis).

    Raises:
        TypeError: ``channels`` is not a list of channel models, ``demand`` not a
            :class:`~servicekit.channels.Demand` or ``volumes`` not a list of numbers.
        ConfigError: a volume is negative or not finite.
        ImportError: matplotlib is not installed (extra ``plot``).

    Example:
        >>> from servicekit.channels import Demand, Email, Phone
        >>> fig = plot_cost_per_contact([Phone(), Email()], Demand(contacts=1), [50, 200, 800])
        >>> [line.get_label() for line in fig.axes[0].get_lines()]
        ['phone', 'email']
    """
    checked = _check_channels(channels, "channels")
    _demand(demand)
    if not isinstance(volumes, Iterable) or isinstance(volumes, (str, bytes)):
        raise TypeError(f"volumes must be a list of numbers, got {type(volumes).__name__}")
    volumes = list(volumes)
    demands = [attrs.evolve(demand, contacts=v) for v in volumes]
    figure = _figure()
    axes = figure.add_subplot()
    for channel in checked:
        costs = [channel.evaluate(d).cost_per_contact for d in demands]
        axes.plot(list(volumes), costs, marker="o", label=channel.name)
    axes.set_xscale("log")
    axes.set_xlabel("contacts per period")
    axes.set_ylabel("cost per contact")
    axes.legend()
    return figure
