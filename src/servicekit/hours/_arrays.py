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
#: Bucket width of the index table (one hour) and the most interval starts a bucket
#: may hold for the table to be used (see ``_View.index``).
_BUCKET_US = 3600 * US
_MAX_STEPS = 8


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


def _as_int64(value: Any, field: str, kind: str) -> Any:  # noqa: ANN401, C901 - one check per dtype case
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
    if unit == "us":
        return array.view(np.int64)
    try:
        converted = array.astype(f"{kind}8[us]")
    except OverflowError:  # pragma: no cover - numpy >= 2.5; older ones wrap (found below)
        raise ConfigError(
            "a value does not fit in microseconds since 1970 (about 292,000 years either way)",
            field,
        ) from None
    if not np.array_equal(converted.astype(array.dtype), array, equal_nan=True):
        lossy = ~np.isnat(array) & (converted.astype(array.dtype) != array)
        if lossy.any():  # pragma: no branch - otherwise only NaT differs (never: NaT == NaT)
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
        """Index of the last interval starting at or before each instant (-1: none).

        Instants lie within the view. A binary search per element costs ~50 ns on a
        large array (cache misses); a table of the answer at evenly spaced instants
        (buckets) plus a few vectorised steps forward is several times faster. Where
        a bucket would hold more than :data:`_MAX_STEPS` interval starts (calendars
        with very many short intervals), it is plain ``searchsorted``.
        """
        lo, hi = self.view.lo, self.view.hi
        buckets = min(-(-(hi - lo) // _BUCKET_US), max(1024, u.size // 2))
        width = -(-(hi - lo) // buckets)
        table = np.searchsorted(self.starts, lo + width * np.arange(buckets + 1), side="right") - 1
        steps = int((table[1:] - table[:-1]).max())
        if steps > _MAX_STEPS:
            return np.searchsorted(self.starts, u, side="right") - 1
        i = table[(u - lo) // width]
        padded = np.append(self.starts, np.iinfo(np.int64).max)
        for _ in range(steps):
            i += padded[i + 1] <= u
        return i

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


def _plan(np: Any, parts: list[Any]) -> tuple[list[tuple[int, int]], list[list[Any]]]:  # noqa: ANN401
    """The windows of years the instants of ``parts`` touch, and each part's groups.

    Returns ``(windows, groups)`` with ``groups[p][k]`` indexing the instants of part
    ``p`` in window ``k``. When all instants lie within one window (the usual case)
    no per-element year is computed.
    """
    lo = min(int(part.min()) for part in parts)
    hi = max(int(part.max()) for part in parts)
    first, last = (int(y) for y in _years(np, np.array([lo, hi], dtype=np.int64)))
    if last - first < WINDOW_YEARS:
        return [(first, last)], [[slice(None)] for _ in parts]
    years = [_years(np, part) for part in parts]
    windows = _windows(np, np.concatenate(years))
    return windows, [_groups(np, windows, y) for y in years]


def _compile(line: Timeline, first: int, last: int) -> CompiledHours:
    return line.covering(year_start(first) * US, year_start(last + 1) * US - 1)


def _groups(np: Any, windows: list[tuple[int, int]], years: Any) -> list[Any]:  # noqa: ANN401
    """For each window, the indices of the instants in it."""
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
    windows, (groups,) = _plan(np, [uv])
    result = np.zeros(uv.shape, dtype=bool)
    for (first, last), group in zip(windows, groups, strict=True):
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
    windows, (groups_a, groups_b) = _plan(np, [av, bv])
    if len(windows) > 1 and line._arithmetic() is None:  # noqa: SLF001 - same package
        # Such a calendar refuses spans of MAX_COMPILED_YEARS years or more: let the
        # scalar query raise its error for the first one.
        too_long = np.flatnonzero(np.abs(_years(np, bv) - _years(np, av)) >= MAX_COMPILED_YEARS)
        if too_long.size:
            k = int(too_long[0])
            line.elapsed(int(av[k]), int(bv[k]))
    # open(u) = bases[k] + view_k.before(u) counts open time from the first window's
    # start; consecutive windows are joined by the scalar count of the gap between.
    counted_a = np.empty_like(av)
    counted_b = np.empty_like(bv)
    base = 0
    prev: CompiledHours | None = None
    for k, (first, last) in enumerate(windows):
        view = _View(np, _compile(line, first, last))
        if prev is not None:
            prev_first, prev_last = windows[k - 1]
            gap_lo = year_start(prev_last + 1) * US
            base += prev.open_before(gap_lo) - prev.open_before(year_start(prev_first) * US)
            if first - prev_last - 1 < MAX_COMPILED_YEARS or line._arithmetic() is not None:  # noqa: SLF001
                base += line.elapsed(gap_lo, year_start(first) * US)
            # else: no pair crosses this gap (checked above), so it need not be counted.
        prev = view.view
        offset = base - prev.open_before(year_start(first) * US)
        counted_a[groups_a[k]] = view.before(np, av[groups_a[k]]) + offset
        counted_b[groups_b[k]] = view.before(np, bv[groups_b[k]]) + offset
    out[valid] = counted_b - counted_a
    return out.view("m8[us]")


def add_many(line: Timeline, starts: object, durations: object) -> Any:  # noqa: ANN401, C901, PLR0912, PLR0915 - one vectorised pass per case
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
    windows, (groups,) = _plan(np, [uv])
    result = np.empty_like(uv)
    todo = np.zeros(uv.shape, dtype=bool)  # left to the scalar method
    for (first, last), group in zip(windows, groups, strict=True):
        x, dx = uv[group], dv[group]
        pos, neg = dx > 0, dx < 0
        lo, hi = first, last
        spare = MAX_COMPILED_YEARS - 1 - (last - first)
        ahead, back = max(int(dx.max()), 0), max(-int(dx.min()), 0)
        if ahead or back:
            probe = _compile(line, first, last).cumulative[-1]
            per_year = probe // (last - first + 1)
            want_fwd = 1 + (ahead // per_year if per_year else 0) if ahead else 0
            want_back = 1 + (back // per_year if per_year else 0) if back else 0
            fwd = min(want_fwd, spare - min(want_back, spare // 2))
            lo = max(MIN_YEAR, first - min(want_back, spare - fwd))
            hi = min(MAX_YEAR, last + fwd)
        view = _View(np, _compile(line, lo, hi))
        r = np.empty_like(x)
        ok = np.zeros(x.shape, dtype=bool)
        n = view.n
        if n:
            starts_, ends_, cum = view.starts, view.ends, view.cum
            # A run of closed time as long as the search horizon: such results are
            # left to the scalar method, which owns the horizon rule.
            gaps = np.concatenate([[starts_[0] - view.view.lo, view.view.hi - ends_[-1]]])
            risky = bool(
                (gaps >= _HORIZON_US).any() or (starts_[1:] - ends_[:-1] >= _HORIZON_US).any()
            )
            i = view.index(np, x)
            j = np.maximum(i, 0)
            end_j = ends_[j]
            is_open = (i >= 0) & (x < end_j)
            before = np.where(i >= 0, cum[j] + np.minimum(x, end_j) - starts_[j], 0)
            # d > 0: the earliest r with open(u, r) == d.
            p = np.flatnonzero(pos)
            if p.size:
                xp, target = x[p], before[p] + dx[p]
                k = np.minimum(np.searchsorted(cum, target, side="left"), n)
                fine = target <= cum[-1]
                if risky:
                    prev_end = np.where(k >= 2, ends_[np.maximum(k - 2, 0)], xp)
                    fine &= starts_[k - 1] - np.maximum(xp, prev_end) < _HORIZON_US
                r[p] = starts_[k - 1] + target - cum[k - 1]
                ok[p] = fine
            # d == 0: the next open instant.
            z = np.flatnonzero(dx == 0)
            if z.size:
                xz, iz, open_z = x[z], i[z], is_open[z]
                nxt = starts_[np.minimum(iz + 1, n - 1)]
                fine = open_z | (iz + 1 < n)
                if risky:
                    fine &= open_z | (nxt - xz < _HORIZON_US)
                r[z] = np.where(open_z, xz, nxt)
                ok[z] = fine
            # d < 0: the latest r with open(r, u) == -d.
            q = np.flatnonzero(neg)
            if q.size:
                xq, target = x[q], before[q] + dx[q]
                m = np.maximum(np.searchsorted(cum[:n], target, side="right") - 1, 0)
                fine = target >= 0
                if risky:
                    after = np.where(m + 1 < n, starts_[np.minimum(m + 1, n - 1)], xq)
                    fine &= np.minimum(xq, after) - ends_[m] < _HORIZON_US
                r[q] = starts_[m] + target - cum[m]
                ok[q] = fine
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
