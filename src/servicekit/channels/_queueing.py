"""Erlang B, C and A queueing formulas and staffing, over plain floats (private).

Numerics (see ``docs/explanation/queueing.md`` for the derivations):

- Erlang B uses the stable forward recurrence ``1/B(x) = 1 + (x/A)/B(x-1)``,
  which holds for the continuous extension ``1/B(x, A) = A ∫₀^∞ e^{-At}(1+t)^x dt``
  too (integrate by parts). Relative errors shrink by ``1 - B`` per step, so the
  recurrence may start far below the answer from the rough value ``1 - x/A`` (a lower
  bound of ``B``: carried traffic never exceeds the agents) and forget that start: it
  starts about ``10·√A`` agents below the load (further when ``x`` is below it), so
  that the steps shrink any error by at least ``e^{-50}``. That makes one evaluation
  ``O(√A + (x - A))``
  instead of ``O(x)``; below one agent the exact value comes from the incomplete gamma
  function.
- Erlang C follows from B: ``C = B / (1 - ρ(1 - B))``.
- Erlang A (M/M/n+M, exponential patience) uses the Palm / Garnett-Mandelbaum-Reiman
  stationary distribution. Every quantity is a ratio of sums of positive terms
  ``y^k / ((x+1)···(x+k+1))`` with ``x = nμ/θ`` and ``y = λ/θ``, summed with a running
  scale so that long patience (large ``x``, ``y``) neither overflows nor cancels.
"""

from __future__ import annotations

import math
import operator
import sys
from datetime import timedelta
from numbers import Integral, Real
from typing import TYPE_CHECKING

import attrs

from servicekit.exceptions import ConfigError, InfeasibleError

if TYPE_CHECKING:
    from servicekit.typing import Binding, Duration

__all__ = [
    "QueueMetrics",
    "Staffing",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_c",
    "queue_metrics",
    "required_agents",
]


#: Below this load the recurrence starts from the exact value at the fractional part.
_MIN_SKIP_LOAD = 100.0
#: ``log`` of the smallest positive double; below it a probability is 0.0.
_LOG_TINY = -745.0
#: ``log`` of the largest double, about; above it a value is ``inf``.
_LOG_HUGE = 709.0
_MAX_LGAMMA_ARGUMENT = 1e300
#: Ints longer than this are shown by their size in messages (Python refuses to print
#: ints of more than 4,300 digits).
_LONG_INT_BITS = 64
#: The smallest load :func:`erlang_b_capacity` returns.
_MIN_CAPACITY = 1e-300
_EPS = 1e-17
#: A search for staffing never goes beyond this many agents.
_AGENT_LIMIT = 10_000_000
#: The largest offered load the formulas accept, in Erlangs. Erlang B steps through about
#: ``50·√A`` agents, so this keeps one evaluation under ~10^5 cheap steps; bigger loads
#: are refused with a ConfigError naming this bound.
MAX_TRAFFIC = 1e7
#: The most terms an Erlang A series may take (about half a second); a patience whose series
#: would need more is refused with a ConfigError naming this bound.
MAX_SERIES_TERMS = 1_000_000
#: The longest duration given as a number of seconds: that of ``timedelta.max``
#: (999,999,999 days), so that waits and costs stay finite.
MAX_SECONDS = timedelta.max.total_seconds()
#: A target met to within this relative tolerance counts as met: figures and targets
#: are rounded to doubles, so a target that a staffing meets exactly (0.5 Erlangs on 2
#: agents answer exactly 90 % at once) may come out a few ulps short. 16 ulps of 1.0
#: is far below any meaningful difference in a service level, occupancy or abandonment.
TOLERANCE = 16 * sys.float_info.epsilon
_RESCALE = 1e250
_LOG_RESCALE = math.log(_RESCALE)
_SQRT2 = math.sqrt(2.0)
_SQRT2PI = math.sqrt(2.0 * math.pi)


# --------------------------------------------------------------------- validation
def shown(value: object) -> str:
    """``repr(value)``, but an int too long to print whole is summarised by its size."""
    if isinstance(value, int) and value.bit_length() > _LONG_INT_BITS:
        return f"an integer of {value.bit_length()} bits"
    return repr(value)


def _number(value: object, field: str) -> float:
    if type(value) is float and value - value == 0:  # fast path: finite plain floats
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{field} must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:  # an int beyond the doubles, such as 10**400
        number = math.inf
    if math.isnan(number) or math.isinf(number):
        raise ConfigError(f"must be a finite number, got {shown(value)}", field)
    return number


def _positive(value: object, field: str) -> float:
    number = _number(value, field)
    if number <= 0:
        raise ConfigError(f"must be greater than 0, got {shown(value)}", field)
    return number


def _non_negative(value: object, field: str) -> float:
    number = _number(value, field)
    if number < 0:
        raise ConfigError(f"must be 0 or more, got {shown(value)}", field)
    return number


def _fraction(value: object, field: str, *, closed: bool = False) -> float:
    """A fraction in ``(0, 1)`` (``(0, 1]`` when ``closed``)."""
    number = _number(value, field)
    if not (0 < number < 1 or (closed and number == 1)):
        wanted = "(0, 1]" if closed else "(0, 1)"
        raise ConfigError(f"must be a fraction in {wanted}, got {shown(value)}", field)
    return number


def _traffic(value: object, field: str) -> float:
    """An offered load in ``(0, MAX_TRAFFIC]`` Erlangs."""
    number = _positive(value, field)
    if number > MAX_TRAFFIC:
        raise ConfigError(
            f"must be at most {MAX_TRAFFIC:.0e} Erlangs (the largest load the formulas "
            f"accept), got {shown(value)}",
            field,
        )
    return number


def _seconds(value: object, field: str, *, zero: bool = False) -> float:
    """A duration given as a :class:`~datetime.timedelta` or a number of seconds."""
    if isinstance(value, timedelta):
        number = value.total_seconds()
        if number < 0 or (number == 0 and not zero):
            bound = "0 or more" if zero else "longer than 0"
            raise ConfigError(f"must be {bound}, got {value!r}", field)
        return number
    number = _non_negative(value, field) if zero else _positive(value, field)
    if number > MAX_SECONDS:
        raise ConfigError(
            f"must be at most {MAX_SECONDS:.4g} seconds (999,999,999 days, the longest "
            f"timedelta), got {shown(value)}",
            field,
        )
    return number


# --------------------------------------------------------------------- Erlang B
def _inverse_b_below_one(x: float, a: float) -> float:
    """Exact ``1 / B(x, a)`` for ``0 <= x < 1`` from the incomplete gamma function.

    ``inf`` when ``B`` is below the smallest double (a tiny load on a near-whole agent).
    """
    if x == 0:
        return 1.0
    s = x + 1.0
    if a > s + 1.0:
        # Legendre's continued fraction for Γ(s, a) (modified Lentz):
        # e^a Γ(s, a) / a^(s-1) = a·h.
        tiny = 1e-300
        b = a + 1.0 - s
        c = 1.0 / tiny
        d = 1.0 / b
        h = d
        i = 0
        while True:
            i += 1
            an = -i * (i - s)
            b += 2.0
            d = an * d + b
            d = 1.0 / d
            c = b + an / c
            delta = c * d
            h *= delta
            if abs(delta - 1.0) < 1e-16:
                return max(1.0, a * h)  # 1/B >= 1; rounding must not push B above 1
    # Series for the scaled lower incomplete gamma: γ(s, a) = e^{-a} a^s Σ a^k / (s)_(k+1).
    term = 1.0 / s
    total = term
    k = 0
    while term > _EPS * total:
        k += 1
        term *= a / (s + k)
        total += term
    log_first = a + math.lgamma(s) - (s - 1.0) * math.log(a)
    if log_first > _LOG_HUGE:  # a·total <= a·e^a is negligible beside it
        return math.inf
    return max(1.0, math.exp(log_first) - a * total)  # 1/B >= 1, also after rounding


def _erlang_b(x: float, a: float) -> float:
    """Erlang B for real ``x >= 0`` agents and ``a > 0`` Erlangs (inputs trusted)."""
    if x > a + 38.0 * math.sqrt(a) + 40.0 and (
        x > _MAX_LGAMMA_ARGUMENT
        or math.log(2.0) + x * math.log(a) - a - math.lgamma(x + 1.0) < _LOG_TINY
    ):
        # B <= 2 a^x e^-a / Γ(x+1) when x >= a (the Gamma(x+1) median exceeds a); past
        # 1e300 agents (lgamma overflows) that is far below e^-745 for any accepted load.
        return 0.0
    whole = math.floor(x)
    frac = x - whole
    start = 0
    if a >= _MIN_SKIP_LOAD:
        # Steps k <= a shrink the start's relative error by at least 1 - k/a each, i.e.
        # by exp(-((a - s)² - (a - x)²) / 2a) in all: ask for exp(-50), which also covers
        # a first guess off by a factor up to sqrt(a).
        gap = a - min(x, a)
        start = math.floor(a - math.sqrt(100.0 * a + gap * gap) - frac)
    if start >= 1:
        inverse = a / (a - frac - start)  # 1 / (1 - x/a), the rough start
    else:
        start = 0
        inverse = _inverse_b_below_one(frac, a)
    # The recurrence on 1/B: 1/B(x) = 1 + (x/a)/B(x-1); a float counter is exact here
    # (or off by an ulp once its exponent grows), and twice as fast as range(); dividing
    # by a each time keeps the rounding errors random instead of a systematic bias.
    x = frac + start
    for _ in range(whole - start):
        x += 1.0
        inverse = 1.0 + inverse * x / a
    return 1.0 / inverse


def erlang_b(agents: float, traffic: float) -> float:
    """Return the Erlang B blocking probability of ``traffic`` Erlangs on ``agents`` lines.

    The share of arrivals that find every line busy and are lost (M/M/n/n). Fractional
    agents use the continuous extension ``1/B(x, A) = A ∫₀^∞ e^{-At}(1+t)^x dt``.

    Args:
        agents: lines or agents, ``>= 0`` (may be fractional).
        traffic: offered load in Erlangs (arrival rate × handle time), ``> 0`` and at
            most :data:`MAX_TRAFFIC` (1e7).

    Returns:
        The blocking probability in ``[0, 1]`` (``0.0`` below the smallest double).

    Cost: at most about ``50·√traffic + 40`` steps of a recurrence, whatever the agents.

    Raises:
        ConfigError: a negative agent count, or a traffic that is not positive or is
            above 1e7 Erlangs.

    Example:
        >>> round(erlang_b(5, 2), 6)
        0.036697
        >>> erlang_b(0, 3.0)
        1.0
    """
    a = _traffic(traffic, "traffic")
    return _erlang_b(_non_negative(agents, "agents"), a)


def erlang_b_capacity(agents: float, blocking: float) -> float:
    """Return the traffic ``agents`` lines carry at a given Erlang B ``blocking``.

    The inverse of :func:`erlang_b` in its traffic argument (the "how much traffic can a
    trunk group handle" question), solved by safeguarded Newton steps.

    Args:
        agents: lines or agents, ``> 0`` and at most 1e7.
        blocking: the accepted blocking probability in ``(0, 1)``.

    Returns:
        The offered load in Erlangs, between 1e-300 and 1e7 (:data:`MAX_TRAFFIC`).

    Raises:
        ConfigError: agents not positive or above 1e7, blocking outside ``(0, 1)``, or
            an answer outside 1e-300 to 1e7 Erlangs (naming ``agents`` when so few
            lines carry less than 1e-300 Erlangs, ``blocking`` when the load would
            exceed 1e7 Erlangs).

    Example:
        >>> round(erlang_b_capacity(15, 0.01), 3)
        8.108
    """
    n = _positive(agents, "agents")
    if n > MAX_TRAFFIC:
        raise ConfigError(
            f"must be at most {MAX_TRAFFIC:.0e} lines (they would carry more than the "
            f"largest load the formulas accept), got {shown(agents)}",
            "agents",
        )
    target = _fraction(blocking, "blocking")
    lo = _MIN_CAPACITY
    if _erlang_b(n, lo) >= target:
        raise ConfigError(
            f"{n!r} lines carry less than {lo:.0e} Erlangs at a blocking of {target!r}; "
            "give more lines or accept more blocking",
            "agents",
        )
    hi = min(max(2.0 * n, 1.0), MAX_TRAFFIC)
    while _erlang_b(n, hi) < target:
        if hi >= MAX_TRAFFIC:
            raise ConfigError(
                f"{n!r} lines carry more than {MAX_TRAFFIC:.0e} Erlangs (the largest load "
                f"the formulas accept) at a blocking of {target!r}; accept less blocking",
                "blocking",
            )
        lo, hi = hi, min(2.0 * hi, MAX_TRAFFIC)
    a = 0.5 * (lo + hi)
    while True:
        b = _erlang_b(n, a)
        if abs(b - target) <= 1e-15 * target:
            return a
        if b < target:
            lo = a
        else:
            hi = a
        if hi - lo <= 1e-15 * hi:
            return 0.5 * (lo + hi)
        # Newton on dB/dA = B (n/A - 1 + B), kept inside the bracket.
        slope = b * (n / a - 1.0 + b)
        step = a - (b - target) / slope if slope > 0 else lo
        a = step if lo < step < hi else 0.5 * (lo + hi)


# --------------------------------------------------------------------- Erlang C
def _erlang_c_from_b(x: float, a: float, b: float) -> float:
    rho = a / x
    return b / (1.0 - rho + rho * b)


def erlang_c(agents: float, traffic: float) -> float:
    """Return the Erlang C probability that an arrival has to wait (M/M/n).

    Args:
        agents: agents, ``> 0`` (may be fractional).
        traffic: offered load in Erlangs, ``> 0``.

    Returns:
        The probability of waiting; ``1.0`` when ``traffic >= agents`` (the queue grows
        without bound, so everyone waits).

    Raises:
        ConfigError: agents or traffic not positive, or traffic above 1e7 Erlangs.

    Example:
        >>> round(erlang_c(14, 10), 10)
        0.1741319336
        >>> erlang_c(10, 10)
        1.0
    """
    x = _positive(agents, "agents")
    a = _traffic(traffic, "traffic")
    if x <= a:
        return 1.0
    return _erlang_c_from_b(x, a, _erlang_b(x, a))


# --------------------------------------------------------------------- results
@attrs.frozen
class QueueMetrics:
    """How a queue performs with a given number of agents.

    Attributes:
        agents: the agents on the queue (may be fractional).
        traffic: offered load in Erlangs.
        service_level: share of all arrivals answered within the target time
            (abandoned contacts count as failures).
        wait_probability: share of arrivals that find every agent busy.
        asa: average speed of answer: mean wait of the answered contacts, in seconds.
        mean_wait: mean time in queue over all arrivals (abandoners count the time
            they waited), in seconds; equal to ``asa`` without abandonment.
        occupancy: share of agent time spent handling contacts.
        abandonment: share of arrivals that hang up before an answer (0 for Erlang C).
    """

    agents: float
    traffic: float
    service_level: float
    wait_probability: float
    asa: float
    mean_wait: float
    occupancy: float
    abandonment: float

    def to_dict(self) -> dict[str, float]:
        """Return the metrics as a dict of floats.

        Example:
            >>> m = queue_metrics(
            ...     14, arrivals=100, interval=1800, handle_time=180, answer_within=20
            ... )
            >>> sorted(m.to_dict())[:3]
            ['abandonment', 'agents', 'asa']
        """
        return attrs.asdict(self)


@attrs.frozen
class Staffing:
    """The smallest staffing that meets every target, from :func:`required_agents`.

    Attributes:
        agents: agents needed on the queue at once (whole people).
        positions: scheduled headcount after shrinkage, ``ceil(agents / (1 - shrinkage))``.
        shrinkage: the share of paid time not available for contacts.
        binding: the target that set the number (``"service_level"``,
            ``"max_occupancy"`` or ``"max_abandonment"``).
        metrics: the queue's performance at ``agents``.
    """

    agents: int
    positions: int
    shrinkage: float
    binding: Binding
    metrics: QueueMetrics

    def to_dict(self) -> dict[str, object]:
        """Return the staffing as plain values (``metrics`` as a nested dict).

        Example:
            >>> s = required_agents(
            ...     arrivals=100,
            ...     interval=1800,
            ...     handle_time=180,
            ...     answer_within=20,
            ...     service_level=0.8,
            ... )
            >>> s.to_dict()["agents"]
            14
        """
        return attrs.asdict(self)


# --------------------------------------------------------------------- Erlang C metrics
def _c_metrics(x: float, a: float, b: float, handle: float, within: float) -> QueueMetrics:
    c = _erlang_c_from_b(x, a, b)
    spare = x - a
    wait = c * handle / spare
    # Positional: twice as fast as keywords for a frozen attrs class, and this is the
    # hot path of a staffing solve. Order: agents, traffic, service_level,
    # wait_probability, asa, mean_wait, occupancy, abandonment.
    return QueueMetrics(
        float(x), a, 1.0 - c * math.exp(-spare * within / handle), c, wait, wait, a / x, 0.0
    )


# --------------------------------------------------------------------- Erlang A
def _log(value: float) -> float:
    return math.log(value) if value > 0 else -math.inf


def _series_too_long(patience: float) -> ConfigError:
    return ConfigError(
        f"a patience of {patience!r} is so long against the handle time that the Erlang "
        f"A series would need more than {MAX_SERIES_TERMS:,} terms; give a shorter "
        "patience, or none for Erlang C",
        "patience",
    )


def _series_length(x: float, z: float) -> float:
    """About how many terms :func:`_series` needs: up to the peak, then its tail.

    After the peak the terms fall at least geometrically (ratio ``q``) and at least like
    a Gaussian of variance ``x + peak``; the loop stops some 80 e-folds down.
    """
    peak = max(0.0, z - x)
    width = x + peak + 1.0
    q = z / width
    geometric = 80.0 / -math.log(q) if 0 < q < 1 else math.inf
    return peak + min(geometric, math.sqrt(160.0 * width))


def _too_long(n: float, a: float, handle: float, patience: float) -> bool:
    """Whether the Erlang A series for ``n`` agents would exceed its term limit."""
    ratio = patience / handle
    x = n * ratio
    y = a * ratio
    return not (math.isfinite(x) and math.isfinite(y)) or _series_length(x, y) > MAX_SERIES_TERMS


def _series(
    x: float, z: float, *, moments: bool, patience: float, limit: int = MAX_SERIES_TERMS
) -> tuple[float, float, float, float]:
    """Sum ``t_k = z^k / ((x+1)···(x+k+1))`` for ``k >= 0``.

    Returns ``(scale, Σ t_k, Σ (k+1) t_k, Σ t_k H_k)`` with every sum to be multiplied
    by ``exp(scale)`` and ``H_k = Σ_{j=1}^{k+1} 1/(x+j)``; the last two only when
    ``moments``. Raises a ConfigError naming ``patience`` past ``limit`` terms.
    """
    scale = 0.0
    term = 1.0 / (x + 1.0)
    total = counted = weighted = harmonic = 0.0
    k = 0
    peak = z - x
    while True:
        total += term
        if moments:
            harmonic += 1.0 / (x + k + 1.0)
            counted += (k + 1) * term
            weighted += harmonic * term
        k += 1
        term *= z / (x + k + 1.0)
        if term > _RESCALE:
            term /= _RESCALE
            total /= _RESCALE
            counted /= _RESCALE
            weighted /= _RESCALE
            scale += _LOG_RESCALE
        # After the peak the terms fall at least geometrically; (k+1)·H_k grow slowly.
        if k > peak and term * (k + 1) * (1.0 + harmonic) <= _EPS * total:
            return scale, total, counted, weighted
        if k >= limit:
            raise _series_too_long(patience)


def _a_metrics(n: float, a: float, handle: float, within: float, patience: float) -> QueueMetrics:
    """Erlang A (M/M/n+M) metrics; ``patience`` is the mean patience in seconds.

    Raises:
        ConfigError: the patience is so long against the handle time that the series
            would need more than :data:`MAX_SERIES_TERMS` terms.
    """
    # In units of the mean patience (1/θ): x = n·μ/θ and y = λ/θ. No θ itself, which
    # overflows for a patience of 5e-324 s.
    if _too_long(n, a, handle, patience):
        raise _series_too_long(patience)
    ratio = patience / handle
    x = n * ratio
    y = a * ratio
    e = _erlang_b(n, a)
    if e == 0.0:
        return QueueMetrics(float(n), a, 1.0, 0.0, 0.0, 0.0, a / n, 0.0)
    scale, total, counted, weighted = _series(x, y, moments=True, patience=patience)
    log_s = math.log(total) + scale
    log_inv_e = -math.log(e)
    log_y_s = _log(y) + log_s
    # D = 1/E + y·S is the normaliser relative to π_n (the all-busy state).
    log_d = _logaddexp(log_inv_e, log_y_s)
    wait_probability = math.exp(_logaddexp(0.0, log_y_s) - log_d)
    abandonment = math.exp(_log(counted) + scale - log_d)
    served_waiting = x * math.exp(log_s - log_d)
    if within > 0:
        log_u0 = -within / patience  # -θ·within
        u0 = math.exp(log_u0)
        scale2, total2, _, _ = _series(x, y * u0, moments=False, patience=patience)
        log_late = (x + 1.0) * log_u0 + y * (1.0 - u0) + math.log(total2) + scale2
        late = x * math.exp(log_late - log_d)
    else:
        late = served_waiting
    immediate = math.exp(math.log1p(-e) + log_inv_e - log_d) if e < 1.0 else 0.0
    served = 1.0 - abandonment
    # In logs: x·patience alone may overflow where the whole is a modest wait.
    answered_wait = math.exp(_log(x) + math.log(patience) + _log(weighted) + scale - log_d)
    # Nobody answered (all abandon, to double precision): no answer wait to average.
    asa = answered_wait / served if served > 0 else 0.0
    return QueueMetrics(
        agents=float(n),
        traffic=a,
        service_level=min(1.0, max(0.0, immediate + served_waiting - late)),
        wait_probability=wait_probability,
        asa=asa,
        mean_wait=abandonment * patience,
        # The answered load is at most n agents' worth; rounding must not show a busier
        # than busy queue (it made max_occupancy=1 look missed, one agent too many).
        occupancy=min(1.0, a * served / n),
        abandonment=abandonment,
    )


def _logaddexp(p: float, q: float) -> float:
    if p < q:
        p, q = q, p
    return p + math.log1p(math.exp(q - p))


# --------------------------------------------------------------------- public metrics
def _load(arrivals: object, interval: object, handle_time: object) -> tuple[float, float]:
    """The offered load in Erlangs and the handle time; the load in ``(0, 1e7]``."""
    count = _positive(arrivals, "arrivals")
    period = _seconds(interval, "interval")
    handle = _seconds(handle_time, "handle_time")
    load = count / period * handle
    if load == 0 or math.isinf(load):  # an intermediate under- or overflowed
        load = count * (handle / period)
    if load == 0:
        raise ConfigError(
            f"gives a load too small for a double ({count!r} per {period!r} s of "
            f"{handle!r} s each): use more arrivals or a shorter interval",
            "arrivals",
        )
    if load > MAX_TRAFFIC:
        raise ConfigError(
            f"gives a load of {load!r} Erlangs ({count!r} per {period!r} s of {handle!r} "
            f"s each), more than the {MAX_TRAFFIC:.0e} the formulas accept",
            "arrivals",
        )
    return load, handle


def queue_metrics(
    agents: float,
    *,
    arrivals: float,
    interval: Duration,
    handle_time: Duration,
    answer_within: Duration,
    patience: Duration | None = None,
) -> QueueMetrics:
    """Return how a queue performs with ``agents`` agents (Erlang C, or Erlang A).

    Without ``patience`` callers wait as long as it takes (Erlang C, M/M/n). With
    ``patience``, the mean of an exponential patience, callers hang up when their
    patience runs out (Erlang A, M/M/n+M, after Palm 1946 and Garnett, Mandelbaum and
    Reiman 2002); abandoned calls count as failures of the service level.

    Args:
        agents: agents on the queue, ``> 0`` (may be fractional).
        arrivals: contacts arriving per ``interval``, ``> 0``.
        interval: the length of the period the arrivals come in.
        handle_time: average handle time per contact.
        answer_within: the service-level target time (``0`` allowed: answered at once).
        patience: mean patience before hanging up, or ``None`` for Erlang C.

    Durations are :class:`~datetime.timedelta` values or numbers of seconds, at most
    :data:`MAX_SECONDS` (999,999,999 days; any one unit works if all four use it; the
    waits come back in that unit).

    Returns:
        The :class:`QueueMetrics`.

    Raises:
        ConfigError: a rate, time or agent count that is not positive, a load above
            1e7 Erlangs or too small for a double (naming ``arrivals``), or a patience
            whose Erlang A series would need more than :data:`MAX_SERIES_TERMS` terms
            (a patience so long against the handle time that the work grows with it).
        InfeasibleError: Erlang C with the traffic at or above the agents (the queue
            never empties, so waits are unbounded), or so close below them that the
            mean wait overflows a double.

    Example:
        >>> m = queue_metrics(14, arrivals=100, interval=1800, handle_time=180, answer_within=20)
        >>> round(m.service_level, 4), round(m.asa, 2), round(m.occupancy, 4)
        (0.8884, 7.84, 0.7143)
        >>> m = queue_metrics(
        ...     13, arrivals=100, interval=30, handle_time=3, answer_within=1 / 3, patience=5
        ... )
        >>> round(m.service_level, 4), round(m.abandonment, 4)
        (0.8582, 0.025)
    """
    n = _positive(agents, "agents")
    a, handle = _load(arrivals, interval, handle_time)
    within = _seconds(answer_within, "answer_within", zero=True)
    if patience is None:
        if n <= a:
            raise InfeasibleError(
                f"traffic of {a!r} Erlangs needs more than {n!r} agents: without "
                "abandonment the queue never empties; add agents or give a patience"
            )
        metrics = _c_metrics(n, a, _erlang_b(n, a), handle, within)
        if math.isinf(metrics.asa):
            raise InfeasibleError(
                f"traffic of {a!r} Erlangs leaves {n - a!r} agents spare: the mean wait "
                "is too long for a double (the queue hardly ever empties); add agents"
            )
        return metrics
    return _a_metrics(n, a, handle, within, _seconds(patience, "patience"))


# --------------------------------------------------------------------- staffing
def _sqrt_staffing_guess(a: float, ratio: float, level: float) -> float:
    """Square-root staffing ``a + β√a`` with β from the Halfin-Whitt approximation."""
    lo, hi = 0.0, 12.0
    root = math.sqrt(a)
    for _ in range(22):  # β to within 3e-6: ample, as the count is rounded
        beta = 0.5 * (lo + hi)
        density = math.exp(-0.5 * beta * beta) / _SQRT2PI
        cumulative = 0.5 * (1.0 + math.erf(beta / _SQRT2))
        wait = 1.0 / (1.0 + beta * cumulative / density)
        if 1.0 - wait * math.exp(-beta * root * ratio) < level:
            lo = beta
        else:
            hi = beta
    return a + hi * root


def required_agents(
    *,
    arrivals: float,
    interval: Duration,
    handle_time: Duration,
    answer_within: Duration,
    service_level: float,
    max_occupancy: float | None = None,
    max_abandonment: float | None = None,
    patience: Duration | None = None,
    shrinkage: float = 0.0,
    max_agents: int | None = None,
) -> Staffing:
    """Return the smallest whole number of agents that meets every target.

    The search starts at the square-root staffing estimate ``A + β√A`` (β from the
    Halfin-Whitt approximation) and steps one agent at a time with the Erlang B
    recurrence, so a solve costs one Erlang evaluation plus a few steps. Service level,
    occupancy and abandonment all improve with every added agent, so the first count
    that meets every target is the smallest.

    Args:
        arrivals: contacts arriving per ``interval``, ``> 0``.
        interval: the period of the arrivals.
        handle_time: average handle time.
        answer_within: the service-level target time (``0`` allowed).
        service_level: share to answer within ``answer_within``, in ``(0, 1)``.
        max_occupancy: optional cap on occupancy, in ``(0, 1]``.
        max_abandonment: optional cap on the abandonment rate, in ``(0, 1)``; needs
            ``patience``.
        patience: mean patience (Erlang A), or ``None`` for Erlang C.
        shrinkage: share of paid time unavailable (breaks, training, absence), in
            ``[0, 1)``; positions are ``ceil(agents / (1 - shrinkage))``.
        max_agents: the most agents that can be staffed (any integer, numpy's too);
            ``None`` for the search's own limit of 10,000,000.

    Durations are :class:`~datetime.timedelta` values or numbers of seconds, at most
    :data:`MAX_SECONDS` (999,999,999 days).

    A target met to within a relative :data:`TOLERANCE` (16 ulps, about 3.6e-15)
    counts as met, so a staffing that meets it exactly is not rounded up by a float.
    With a patience, an agent count whose Erlang A series would need more than
    :data:`MAX_SERIES_TERMS` terms (its queue holds about a million callers or more)
    counts as missing the service level instead of being computed.

    Returns:
        The :class:`Staffing`.

    Raises:
        ConfigError: a rate or time that is not positive, a load above 1e7 Erlangs or
            too small for a double (naming ``arrivals``), a target outside its range,
            ``max_abandonment`` without ``patience``, or a patience whose Erlang A
            series would need more than :data:`MAX_SERIES_TERMS` terms.
        InfeasibleError: the targets need more than ``max_agents`` agents (or
            10,000,000).

    Example:
        >>> s = required_agents(
        ...     arrivals=100,
        ...     interval=1800,
        ...     handle_time=180,
        ...     answer_within=20,
        ...     service_level=0.8,
        ...     max_occupancy=0.85,
        ...     shrinkage=0.3,
        ... )
        >>> s.agents, s.positions, s.binding, round(s.metrics.service_level, 4)
        (14, 20, 'service_level', 0.8884)
    """
    a, handle = _load(arrivals, interval, handle_time)
    within = _seconds(answer_within, "answer_within", zero=True)
    level = _fraction(service_level, "service_level")
    occ = 1.0 if max_occupancy is None else _fraction(max_occupancy, "max_occupancy", closed=True)
    shrink = _number(shrinkage, "shrinkage")
    if not 0 <= shrink < 1:
        raise ConfigError(f"must be a fraction in [0, 1), got {shrinkage!r}", "shrinkage")
    limit = _AGENT_LIMIT
    given: object = max_agents
    if given is not None:
        if isinstance(given, bool) or not isinstance(given, Integral):
            raise TypeError(f"max_agents must be an int, got {type(given).__name__}")
        limit = operator.index(given)  # numpy.int64 and other integers too
        if limit < 1:
            raise ConfigError(f"must be at least 1, got {shown(limit)}", "max_agents")
        limit = min(limit, _AGENT_LIMIT)
    if patience is None:
        if max_abandonment is not None:
            raise ConfigError(
                "needs a patience: without one nobody abandons (Erlang C)", "max_abandonment"
            )
        n, metrics, binding = _staff_c(a, handle, within, level=level, occ=occ, limit=limit)
    else:
        ab = 1.0 if max_abandonment is None else _fraction(max_abandonment, "max_abandonment")
        wait = _seconds(patience, "patience")
        n, metrics, binding = _staff_a(
            a, handle, within, wait, level=level, occ=occ, ab=ab, limit=limit
        )
    positions = math.ceil(n / (1.0 - shrink) * (1.0 - TOLERANCE))
    return Staffing(n, positions, shrink, binding, metrics)


def _infeasible(a: float, limit: int) -> InfeasibleError:
    return InfeasibleError(
        f"the targets need more than {limit!r} agents for {a!r} Erlangs; relax a target "
        "or raise max_agents"
    )


def _staff_c(
    a: float, handle: float, within: float, *, level: float, occ: float, limit: int
) -> tuple[int, QueueMetrics, Binding]:
    guess = math.floor(a) + 1
    if a >= _MIN_SKIP_LOAD:
        # Rounded square-root staffing lands on the answer or one below it in practice.
        guess = max(guess, round(_sqrt_staffing_guess(a, within / handle, level)))
    return _search_c(a, handle, within, level=level, occ=occ, limit=limit, guess=guess)


def _by_occupancy(a: float, occ: float, limit: int) -> int:
    """The fewest agents keeping occupancy ``a / n`` at most ``occ`` (within tolerance)."""
    fewest = a / occ * (1.0 - TOLERANCE)
    if fewest > limit:  # also when it overflows to inf for a tiny cap
        raise _infeasible(a, limit)
    return math.ceil(fewest)


def _search_c(
    a: float, handle: float, within: float, *, level: float, occ: float, limit: int, guess: int
) -> tuple[int, QueueMetrics, Binding]:
    """Step from ``guess`` to the fewest agents meeting the Erlang C targets."""
    ratio = within / handle
    floor_n = math.floor(a) + 1
    by_occupancy = _by_occupancy(a, occ, limit)
    lowest = max(floor_n, by_occupancy)
    n = max(guess, lowest)
    if n > limit:
        raise _infeasible(a, limit)
    b = _erlang_b(n, a)
    # The target: SL = 1 - C·exp(-(n - A)·T/h) >= level, met within the tolerance.
    failure = 1.0 - level * (1.0 - TOLERANCE)

    def late(n: int, b: float) -> float:
        rho = a / n
        return b / (1.0 - rho + rho * b) * math.exp((a - n) * ratio)

    if late(n, b) <= failure:
        # Step down (backward recurrence, a few steps) while one fewer still meets it.
        while n > lowest:
            before = n * b / (a * (1.0 - b))
            if late(n - 1, before) > failure:
                break
            n, b = n - 1, before
    else:
        while True:
            n += 1
            if n > limit:
                raise _infeasible(a, limit)
            ab = a * b
            b = ab / (n + ab)
            rho = a / n
            if b / (1.0 - rho + rho * b) * math.exp((a - n) * ratio) <= failure:
                break
    metrics = _c_metrics(n, a, b, handle, within)
    # The occupancy cap binds when the service level alone would allow one agent fewer.
    if n == by_occupancy and n > floor_n and late(n - 1, n * b / (a * (1.0 - b))) <= failure:
        return n, metrics, "max_occupancy"
    return n, metrics, "service_level"


def _missed(m: QueueMetrics, level: float, occ: float, ab: float) -> Binding | None:
    """Name the first target ``m`` misses (beyond :data:`TOLERANCE`), or ``None``."""
    if m.service_level < level * (1.0 - TOLERANCE):
        return "service_level"
    if m.occupancy > occ * (1.0 + TOLERANCE):
        return "max_occupancy"
    if m.abandonment > ab * (1.0 + TOLERANCE):
        return "max_abandonment"
    return None


def _staff_a(
    a: float,
    handle: float,
    within: float,
    patience: float,
    *,
    level: float,
    occ: float,
    ab: float,
    limit: int,
) -> tuple[int, QueueMetrics, Binding]:
    guess = max(1, round(a))
    if a >= _MIN_SKIP_LOAD:
        guess = max(guess, round(_sqrt_staffing_guess(a, within / handle, level)) - 1)
    n = min(guess, limit)

    def attempt(n: int) -> QueueMetrics | Binding:
        """The metrics of ``n`` agents when they meet every target, else what they miss.

        A count whose series would exceed its term limit holds a queue of about a
        million callers or more: it counts as missing the service level.
        """
        if _too_long(n, a, handle, patience):
            return "service_level"
        metrics = _a_metrics(n, a, handle, within, patience)
        return _missed(metrics, level, occ, ab) or metrics

    found = attempt(n)
    if not isinstance(found, str):
        while n > 1:
            lower = attempt(n - 1)
            if isinstance(lower, str):
                return n, found, lower
            n, found = n - 1, lower
        return n, found, "service_level"
    while isinstance(found, str):
        last = found
        n += 1
        if n > limit:
            raise _infeasible(a, limit)
        found = attempt(n)
    return n, found, last
