"""A figure of required against scheduled heads per interval (private; extra ``plot``).

Built with matplotlib's object API, like :mod:`servicekit.channels._plot`; matplotlib
is imported when a figure is asked for.
"""

from __future__ import annotations

from typing import Any

from servicekit.channels._plot import _figure
from servicekit.channels._shifts import ShiftSchedule

__all__ = ["plot_coverage"]


def plot_coverage(schedule: ShiftSchedule) -> Any:  # noqa: ANN401 - a matplotlib Figure
    """Plot the heads each interval needs against the heads the shifts put there.

    Both are step lines over the intervals' starts (in the zone of the first interval);
    intervals left short are shaded.

    Args:
        schedule: the answer of :func:`~servicekit.channels.schedule_shifts`.

    Returns:
        A :class:`matplotlib.figure.Figure`.

    Raises:
        TypeError: ``schedule`` is not a :class:`~servicekit.channels.ShiftSchedule`.
        ImportError: matplotlib is not installed (extra ``plot``).

    Example:
        >>> from datetime import datetime, time, timedelta, timezone
        >>> from servicekit.channels import ShiftTemplate, schedule_shifts
        >>> nine = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> need = [(nine + k * timedelta(hours=1), n) for k, n in enumerate([1, 2, 1])]
        >>> t = ShiftTemplate(name="t", length=timedelta(hours=2), starts=[(time(9), time(10))])
        >>> fig = plot_coverage(schedule_shifts(need, [t], interval=timedelta(hours=1)))
        >>> [line.get_label() for line in fig.axes[0].get_lines()]
        ['required', 'scheduled']
    """
    if not isinstance(schedule, ShiftSchedule):
        raise TypeError(f"schedule must be a ShiftSchedule, got {type(schedule).__name__}")
    figure = _figure()
    axes = figure.add_subplot()
    rows = schedule.coverage
    zone = rows[0].start.tzinfo
    xs = [row.start for row in rows] + [rows[-1].end.astimezone(zone)]
    required = [row.required for row in rows]
    scheduled = [row.scheduled for row in rows]
    axes.step(xs, [*required, required[-1]], where="post", label="required")
    axes.step(xs, [*scheduled, scheduled[-1]], where="post", label="scheduled")
    for row in schedule.uncovered:
        axes.axvspan(row.start, row.end.astimezone(zone), color="red", alpha=0.15, linewidth=0)
    axes.set_xlabel("interval start")
    axes.set_ylabel("heads")
    axes.set_ylim(bottom=0)
    axes.legend()
    # Rotate the dates by hand: autofmt_xdate calls subplots_adjust, which a constrained
    # layout refuses (matplotlib 3.8 warns).
    axes.tick_params(axis="x", labelrotation=30)
    return figure
