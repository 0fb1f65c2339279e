"""Business time on arrays: numpy and Arrow columns of UTC instants (private).

The array queries read the same compiled view as the scalar ones
(:class:`~servicekit.hours.CompiledHours`): the instants are grouped by UTC year
into windows of at most :data:`WINDOW_YEARS` years, each window is compiled once,
and every element is answered by :func:`numpy.searchsorted` over the open intervals
and the cumulative open time. Python loops run once per window, never per element,
except for ``add_many`` elements whose result lies beyond the compiled window (an
amount of decades of business time, or a run of closed years near the search
horizon): those are answered by the scalar method, one by one, so that their
results and errors are exactly the scalar ones.

numpy (extra ``arrays``) and pyarrow (extra ``arrow``) are imported here only, when a
method is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.hours._compile import MAX_YEAR, MIN_YEAR, US, year_start
from servicekit.hours._timeline import HORIZON_YEARS, MAX_COMPILED_YEARS

if TYPE_CHECKING:
    from servicekit.hours._timeline import CompiledHours, Timeline

__all__ = ["WINDOW_YEARS", "add_many", "elapsed_many", "is_open_many"]

#: The UTC years one compiled window spans at most (the rest of
#: ``MAX_COMPILED_YEARS`` is left for ``add_many`` to look ahead or back).
WINDOW_YEARS = 50
_FIRST_US = year_start(MIN_YEAR) * US
_END_US = year_start(MAX_YEAR + 1) * US
#: A result this far from the last open time is checked by the scalar method, which
#: owns the search-horizon rule (no open time within 10 years).
_HORIZON_US = (HORIZON_YEARS - 1) * 365 * 86_400 * US
_NAT = -(2**63)


def _numpy() -> Any:  # noqa: ANN401 - numpy is optional and has no stubs here
    try:
        import numpy as np  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as exc:  # pragma: no cover - the test environment has numpy
        raise ImportError(
            "business time on arrays needs numpy: pip install 'servicekit[arrays]'"
        ) from exc
    return np


def _from_arrow(value: Any, field: str, kind: str) -> Any:  # noqa: ANN401
    """An Arrow timestamp (``kind="M"``) or duration (``"m"``) array as numpy."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415 - optional, on use
    except ImportError as exc:  # pragma: no cover - an Arrow value implies pyarrow
        raise ImportError("Arrow arrays need pyarrow: pip install 'servicekit[arrow]'") from exc
    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    if not isinstance(value, pa.Array):
        raise TypeError(f"{field} must be an Arrow array, got {type(value).__name__}")
    typ = value.type
    if kind == "M":
        if not pa.types.is_timestamp(typ):
            raise TypeError(f"{field} must hold timestamps, got Arrow type {typ}")
        if typ.tz is None:
            raise NaiveDatetimeError(f"an Arrow {typ} array", field)
        target = pa.timestamp("us", typ.tz)
    else:
        if not pa.types.is_duration(typ):
            raise TypeError(f"{field} must hold durations, got Arrow type {typ}")
        target = pa.duration("us")
    if typ != target:
        try:
            value = value.cast(target, safe=True)
        except (pa.ArrowInvalid, OverflowError) as exc:
            raise ConfigError(
                f"cannot convert {field} to microseconds without loss ({exc}); round the "
                "values to whole microseconds",
                field,
            ) from None
    # Zero-copy when the array has no nulls; nulls become NaT.
    return value.to_numpy(zero_copy_only=False)


def _as_int64(value: Any, field: str, kind: str) -> Any:  # noqa: ANN401
    """``value`` as int64 microseconds (NaT = int64 min), from numpy or Arrow."""
    np = _numpy()
    if type(value).__module__.partition(".")[0] == "pyarrow":
        value = _from_arrow(value, field, kind)
    what = "datetime64 (UTC instants)" if kind == "M" else "timedelta64"
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):  # a ragged list, an object numpy cannot hold
        raise TypeError(
            f"{field} must be a numpy {what} array, got {type(value).__name__}"
        ) from None
    if array.dtype.kind != kind:
        if kind == "M" and array.dtype == object and array.size:
            first = array.flat[0]
            if getattr(first, "tzinfo", 1) is None:
                raise NaiveDatetimeError(first, field)
        raise TypeError(
            f"{field} must be a numpy {what} array or an Arrow "
            f"{'timestamp' if kind == 'M' else 'duration'} array, got dtype {array.dtype}"
        )
    unit = np.datetime_data(array.dtype)[0]
    if unit == "generic":
        raise TypeError(f"{field} has no unit; give {what} values with a unit such as 'us'")
    converted = array.astype(f"{kind}8[us]")
    if unit in {"ns", "ps", "fs", "as"} or not np.array_equal(
        converted.astype(array.dtype), array, equal_nan=True
    ):
        lossy = ~np.isnat(array) & (converted.astype(array.dtype) != array)
        if lossy.any():
            index = int(np.flatnonzero(lossy)[0])
            raise ConfigError(
                f"{array.flat[index]!r} does not convert to microseconds without loss; "
                "round the values to whole microseconds",
                f"{field}[{index}]",
            )
    return converted.view(np.int64)


def _check_years(np: Any, u: Any, valid: Any, field: str) -> None:  # noqa: ANN401
    bad = valid & ((u < _FIRST_US) | (u >= _END_US))
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise ConfigError(
            f"{u.view('M8[us]').flat[index]!r} lies outside the supported years "
            f"{MIN_YEAR:04d}-{MAX_YEAR} (UTC); give an instant within them",
            f"{field}[{index}]",
        )


def _years(np: Any, u: Any) -> Any:  # noqa: ANN401
    return u.view("M8[us]").astype("M8[Y]").astype(np.int64) + 1970


def _pair(np: Any, a: Any, b: Any, fields: tuple[str, str]) -> tuple[Any, Any]:  # noqa: ANN401
    try:
        return np.broadcast_arrays(a, b)  # type: ignore[no-any-return]
    except ValueError:
        raise ConfigError(
            f"{fields[0]} has shape {a.shape} and {fields[1]} {b.shape}; give arrays of "
            "the same length",
            fields[1],
        ) from None


class _View:
    """One compiled window as numpy arrays."""

    __slots__ = ("cum", "ends", "n", "starts", "view")

    def __init__(self, np: Any, view: CompiledHours) -> None:  # noqa: ANN401
        self.view = view
        self.starts = np.array(view.starts, dtype=np.int64)
        self.ends = np.array(view.ends, dtype=np.int64)
        self.cum = np.array(view.cumulative, dtype=np.int64)
        self.n = len(view.starts)

    def index(self, np: Any, u: Any) -> Any:  # noqa: ANN401
        """Index of the last interval starting at or before each instant (-1: none)."""
        return np.searchsorted(self.starts, u, side="right") - 1

    def before(self, np: Any, u: Any) -> Any:  # noqa: ANN401
        """Open time in ``[lo, u)`` for each instant (vectorised ``open_before``)."""
        if not self.n:
            return np.zeros_like(u)
        i = self.index(np, u)
        j = np.maximum(i, 0)
        return np.where(i >= 0, self.cum[j] + np.minimum(u, self.ends[j]) - self.starts[j], 0)


def _windows(np: Any, years: Any) -> list[tuple[int, int]]:  # noqa: ANN401
    """Group the distinct years into windows of at most WINDOW_YEARS years."""
    out: list[tuple[int, int]] = []
    for year in np.unique(years).tolist():  # at most one pass per distinct year
        if out and year - out[-1][0] < WINDOW_YEARS:
            out[-1] = (out[-1][0], year)
        else:
            out.append((year, year))
    return out


def _compile(line: Timeline, first: int, last: int) -> CompiledHours:
    return line.covering(year_start(first) * US, year_start(last + 1) * US - 1)


def _groups(np: Any, windows: list[tuple[int, int]], years: Any) -> list[Any]:  # noqa: ANN401
    """For each window, the indices of the instants in it (one window: all)."""
    if len(windows) == 1:
        return [slice(None)]
    firsts = np.array([first for first, _ in windows], dtype=np.int64)
    which = np.searchsorted(firsts, years, side="right") - 1
    return [np.flatnonzero(which == k) for k in range(len(windows))]


def _unpack(np: Any, values: list[tuple[Any, str, str]]) -> tuple[list[Any], Any, Any]:  # noqa: ANN401
    """Convert and broadcast the arguments; return them, the NaT mask and the shape."""
    arrays = [_as_int64(value, field, kind) for value, field, kind in values]
    if len(arrays) == 2:
        arrays = list(_pair(np, arrays[0], arrays[1], (values[0][1], values[1][1])))
    nat = np.zeros(arrays[0].shape, dtype=bool)
    for array in arrays:
        nat |= array == _NAT
    return arrays, nat, arrays[0].shape


def is_open_many(line: Timeline, instants: object) -> Any:  # noqa: ANN401
    """Vectorised :meth:`Hours.is_open`; NaT is not open."""
    np = _numpy()
    (u,), nat, shape = _unpack(np, [(instants, "instants", "M")])
    valid = ~nat
    _check_years(np, u, valid, "instants")
    out = np.zeros(shape, dtype=bool)
    uv = u[valid]
    if not uv.size:
        return out
    years = _years(np, uv)
    windows = _windows(np, years)
    result = np.zeros(uv.shape, dtype=bool)
    for (first, last), group in zip(windows, _groups(np, windows, years), strict=True):
        view = _View(np, _compile(line, first, last))
        x = uv[group]
        if view.n:
            i = view.index(np, x)
            result[group] = (i >= 0) & (x < view.ends[np.maximum(i, 0)])
    out[valid] = result
    return out


def elapsed_many(line: Timeline, starts: object, ends: object) -> Any:  # noqa: ANN401
    """Vectorised :meth:`Hours.elapsed`; NaT in either gives NaT."""
    np = _numpy()
    (a, b), nat, shape = _unpack(np, [(starts, "starts", "M"), (ends, "ends", "M")])
    valid = ~nat
    _check_years(np, a, valid, "starts")
    _check_years(np, b, valid, "ends")
    out = np.full(shape, _NAT, dtype=np.int64)
    av, bv = a[valid], b[valid]
    if not av.size:
        return out.view("m8[us]")
    ya, yb = _years(np, av), _years(np, bv)
    if line._arithmetic() is None:  # noqa: SLF001 - same package
        # Such a calendar refuses spans of MAX_COMPILED_YEARS years or more: let the
        # scalar query raise its error for the first one.
        too_long = np.flatnonzero(np.abs(yb - ya) >= MAX_COMPILED_YEARS)
        if too_long.size:
            k = int(too_long[0])
            line.elapsed(int(av[k]), int(bv[k]))
    years = np.concatenate([ya, yb])
    windows = _windows(np, years)
    # open(u) = bases[k] + view_k.before(u) counts open time from the first window's
    # start; consecutive windows are joined by the scalar count of the gap between.
    views: list[_View] = []
    bases: list[int] = []
    base = 0
    for k, (first, last) in enumerate(windows):
        view = _View(np, _compile(line, first, last))
        if k:
            prev_first, prev_last = windows[k - 1]
            prev = views[-1].view
            gap_lo = year_start(prev_last + 1) * US
            base += prev.open_before(gap_lo) - prev.open_before(year_start(prev_first) * US)
            if first - prev_last - 1 < MAX_COMPILED_YEARS or line._arithmetic() is not None:  # noqa: SLF001
                base += line.elapsed(gap_lo, year_start(first) * US)
            # else: no pair crosses this gap (checked above), so it need not be counted.
        views.append(view)
        bases.append(base - view.view.open_before(year_start(first) * US))
    both = np.concatenate([av, bv])
    counted = np.empty_like(both)
    for view, offset, group in zip(views, bases, _groups(np, windows, years), strict=True):
        counted[group] = view.before(np, both[group]) + offset
    out[valid] = counted[av.size :] - counted[: av.size]
    return out.view("m8[us]")


def add_many(line: Timeline, starts: object, durations: object) -> Any:  # noqa: ANN401, PLR0915
    """Vectorised :meth:`Hours.add`; NaT in either gives NaT."""
    np = _numpy()
    (u, d), nat, shape = _unpack(np, [(starts, "starts", "M"), (durations, "durations", "m")])
    valid = ~nat
    _check_years(np, u, valid, "starts")
    out = np.full(shape, _NAT, dtype=np.int64)
    uv, dv = u[valid], d[valid]
    if not uv.size:
        return out.view("M8[us]")
    # The scalar check: an amount that cannot fit before the supported years end.
    leaves = np.flatnonzero((dv > _END_US - 1 - uv) | (dv < _FIRST_US - uv))
    if leaves.size:
        k = int(leaves[0])
        _scalar_add(line, int(uv[k]), int(dv[k]))
    years = _years(np, uv)
    windows = _windows(np, years)
    result = np.empty_like(uv)
    todo = np.zeros(uv.shape, dtype=bool)  # left to the scalar method
    for (first, last), group in zip(windows, _groups(np, windows, years), strict=True):
        x, dx = uv[group], dv[group]
        pos, neg = dx > 0, dx < 0
        lo, hi = first, last
        spare = MAX_COMPILED_YEARS - 1 - (last - first)
        if pos.any() or neg.any():
            probe = _compile(line, first, last).cumulative[-1]
            per_year = probe // (last - first + 1)
            ahead = int(dx[pos].max()) if pos.any() else 0
            back = -int(dx[neg].min()) if neg.any() else 0
            want_fwd = 1 + (ahead // per_year if per_year else 0) if pos.any() else 0
            want_back = 1 + (back // per_year if per_year else 0) if neg.any() else 0
            fwd = min(want_fwd, spare - min(want_back, spare // 2))
            lo = max(MIN_YEAR, first - min(want_back, spare - fwd))
            hi = min(MAX_YEAR, last + fwd)
        view = _View(np, _compile(line, lo, hi))
        r = np.empty_like(x)
        ok = np.zeros(x.shape, dtype=bool)
        n = view.n
        if n:
            before = view.before(np, x)
            i = view.index(np, x)
            # d > 0: the earliest r with open(u, r) == d.
            target = before + dx
            k = np.searchsorted(view.cum[1:], target, side="left") + 1
            kk = np.minimum(k, n)
            gap_from = np.maximum(x, np.where(kk >= 2, view.ends[np.maximum(kk - 2, 0)], x))
            fine = pos & (target <= view.cum[-1]) & (view.starts[kk - 1] - gap_from < _HORIZON_US)
            r = np.where(fine, view.starts[kk - 1] + target - view.cum[kk - 1], r)
            ok |= fine
            # d == 0: the next open instant.
            j = np.maximum(i, 0)
            is_open = (i >= 0) & (x < view.ends[j])
            nxt = np.minimum(i + 1, n - 1)
            fine = (dx == 0) & (is_open | ((i + 1 < n) & (view.starts[nxt] - x < _HORIZON_US)))
            r = np.where(fine, np.where(is_open, x, view.starts[nxt]), r)
            ok |= fine
            # d < 0: the latest r with open(r, u) == -d.
            target = before + dx
            m = np.searchsorted(view.cum[:n], target, side="right") - 1
            mm = np.maximum(m, 0)
            gap_to = np.where(mm + 1 < n, np.minimum(x, view.starts[np.minimum(mm + 1, n - 1)]), x)
            fine = neg & (target >= 0) & (gap_to - view.ends[mm] < _HORIZON_US)
            r = np.where(fine, view.starts[mm] + target - view.cum[mm], r)
            ok |= fine
        result[group] = r
        if isinstance(group, slice):
            todo |= ~ok
        else:
            todo[group] = ~ok
    # Results beyond the compiled windows: the scalar method, which also raises its
    # errors (no open time within the horizon, past the supported years).
    for k in np.flatnonzero(todo).tolist():
        result[k] = _scalar_add(line, int(uv[k]), int(dv[k]))
    out[valid] = result
    return out.view("M8[us]")


def _scalar_add(line: Timeline, u: int, d: int) -> int:
    from servicekit.hours._calendar import _check_span  # noqa: PLC0415 - cycle

    _check_span(u, d)
    if d > 0:
        return line.add(u, d)
    if d == 0:
        return line.next_open(u)
    return line.subtract(u, -d)
