"""Channel models: phone, live chat, email, tickets, forum and self-help (private).

Each model is a frozen value with documented default figures. ``evaluate(demand)``
turns a :class:`~servicekit.channels.Demand` into a :class:`ChannelReport`: staffing,
cost per contact and per resolution, expected wait and a customer-effort score.

Sources of the default figures (anything else is marked as an assumption):

- Gartner, *Customer Service and Support Leader poll* (2019), reported by CRM
  magazine, 26 Nov 2019: live channels cost USD 8.01 per contact on average,
  self-service about USD 0.10; only 9 % of customers resolve an issue completely in
  self-service; preferred channels: phone 44 %, chat 17 %, email 15 %, company website
  12 %, search engine 4 %.
- SQM Group, *Call Center Customer Experience Research* and *Best Practice: Email
  Channel*: first-contact resolution 70 % in call centres, 51 % for email.
- MetricNet, *Service Desk Cost per Ticket* (Metric of the Month): about USD 22 per
  level-1 ticket in North America.
- ccPlanning Academy, *Webchat & concurrency*: practical concurrency "often around
  2–3 for complex chat"; handle time stretches as concurrency rises.
- Dixon, Freeman and Toman, *Stop Trying to Delight Your Customers*, Harvard Business
  Review (July 2010): the original customer-effort score, 1 (very low effort) to 5
  (very high effort), which :attr:`ChannelReport.effort` uses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from servicekit._time import format_duration
from servicekit.channels._demand import STEP_SECONDS, Demand, duration_field, type_error_as_config
from servicekit.channels._queueing import (
    _AGENT_LIMIT,
    _fraction,
    _non_negative,
    _positive,
    _seconds,
    required_agents,
)
from servicekit.exceptions import ConfigError, InfeasibleError

if TYPE_CHECKING:
    from servicekit.typing import Duration

__all__ = [
    "ChannelReport",
    "Email",
    "Forum",
    "LiveChat",
    "Phone",
    "SelfHelp",
    "Tickets",
    "channel_from_dict",
]


def _demand(value: object) -> Demand:
    """``value`` if it is a :class:`Demand`, else a ``TypeError`` naming ``demand``."""
    if not isinstance(value, Demand):
        raise TypeError(f"demand must be a Demand, got {type(value).__name__}")
    return value


#: Loaded cost of one paid agent hour, in the caller's currency (assumption: about
#: USD 30 for wage, benefits, tools and space; set your own).
DEFAULT_HOURLY_COST = 30.0
#: Share of paid time not spent on contacts: breaks, training, meetings, absence
#: (assumption: 30 %, the figure the pyworkforce and callcentrehelper worked examples
#: use).
DEFAULT_SHRINKAGE = 0.3
#: Paid hours of one full-time equivalent per week (assumption).
FTE_HOURS_PER_WEEK = 40.0
_STEP_HOURS = STEP_SECONDS / 3600


def _effort(base: float, resolution: float, wait: float) -> float:
    """Customer effort on the 1-5 scale of Dixon et al. (2010).

    ``base`` is the channel's own effort, plus up to 1.5 for contacts that are not
    resolved at once (a repeat contact) and 0.4 points per tenfold longer wait in
    minutes (assumption: a simple, monotone model; calibrate it with your own survey
    data).
    """
    score = base + 1.5 * (1.0 - resolution) + 0.4 * math.log10(1.0 + wait / 60.0)
    return min(5.0, max(1.0, score))


@attrs.frozen(kw_only=True)
class ChannelReport:
    """What one channel needs and delivers for a demand (one row of :func:`compare`).

    Attributes:
        channel: the channel's name.
        contacts: contacts it handles in the period.
        resolved: contacts resolved on the first contact.
        agents: most agents on duty at once (fractional for a shared person).
        agent_hours: productive agent hours in the period.
        paid_hours: paid hours, ``agent_hours / (1 - shrinkage)``.
        fte: full-time equivalents (40 paid hours a week, assumption).
        cost: total cost in the period (people, fixed and per-contact costs).
        cost_per_contact: ``cost / contacts``.
        cost_per_resolution: ``cost / resolved``.
        resolution_rate: share resolved on the first contact.
        expected_wait: mean wait for a first answer, in seconds.
        service_level: share answered within the channel's target (answer time for
            live channels, reply promise for written ones, 1 for self-help).
        abandonment: share of callers who hang up (live channels with patience).
        effort: customer-effort score, 1 (very low) to 5 (very high).
        fallback_contacts: contacts that fail here and move to another channel.
    """

    channel: str
    contacts: float
    resolved: float
    agents: float
    agent_hours: float
    paid_hours: float
    fte: float
    cost: float
    cost_per_contact: float
    cost_per_resolution: float
    resolution_rate: float
    expected_wait: float
    service_level: float
    abandonment: float
    effort: float
    fallback_contacts: float

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a dict of plain values (a DataFrame row).

        Example:
            >>> row = Phone().evaluate(Demand(contacts=400)).to_dict()
            >>> row["channel"], row["agents"]
            ('phone', 3.0)
        """
        return attrs.asdict(self)


def _report(
    *,
    channel: str,
    demand: Demand,
    contacts: float,
    agents: float,
    agent_hours: float,
    shrinkage: float,
    hourly_cost: float,
    extra_cost: float,
    resolution: float,
    wait: float,
    service_level: float,
    abandonment: float,
    base_effort: float,
    fallback: float = 0.0,
) -> ChannelReport:
    paid = agent_hours / (1.0 - shrinkage)
    weeks = demand.period.total_seconds() / (7 * 86_400)
    cost = paid * hourly_cost + extra_cost
    resolved = contacts * resolution
    return ChannelReport(
        channel=channel,
        contacts=contacts,
        resolved=resolved,
        agents=float(agents),
        agent_hours=agent_hours,
        paid_hours=paid,
        fte=paid / (FTE_HOURS_PER_WEEK * weeks),
        cost=cost,
        cost_per_contact=cost / contacts,
        cost_per_resolution=cost / resolved if resolved > 0 else math.inf,
        resolution_rate=resolution,
        expected_wait=wait,
        service_level=service_level,
        abandonment=abandonment,
        effort=_effort(base_effort, resolution, wait),
        fallback_contacts=fallback,
    )


# ----------------------------------------------------------------------- validators
def _check_non_negative(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _non_negative(value, attribute.name)


def _check_fraction(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _fraction(value, attribute.name, closed=True)


def _check_duration(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _seconds(value, attribute.name, zero=attribute.name == "answer_within")


def _check_optional_duration(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        _seconds(value, attribute.name)


def _check_shrinkage(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    number = _non_negative(value, attribute.name)
    if number >= 1:
        raise ConfigError(f"must be a fraction in [0, 1), got {value!r}", attribute.name)


def _check_effort(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    number = _positive(value, attribute.name)
    if not 1 <= number <= 5:
        raise ConfigError(f"must be on the 1-5 effort scale, got {value!r}", attribute.name)


def _check_name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"name must be a str, got {type(value).__name__}")
    if not value:
        raise ConfigError("must not be empty", attribute.name)


def _check_bool(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be true or false, got {type(value).__name__}")


def _fraction_field(default: float) -> Any:  # noqa: ANN401 - attrs field
    return attrs.field(default=default, validator=_check_fraction)


def _money_field(default: float) -> Any:  # noqa: ANN401 - attrs field
    return attrs.field(default=default, validator=_check_non_negative)


# ----------------------------------------------------------------------- storage
_DURATIONS = frozenset(
    {
        "handle_time",
        "answer_within",
        "patience",
        "reply_within",
        "community_wait",
        "moderation_time",
        "lifetime",
    }
)
_M = TypeVar("_M", bound="_Stored")


class _Stored:
    """``to_dict``/``from_dict`` for the channel models (durations as ISO 8601)."""

    __slots__ = ()
    kind: ClassVar[str]

    def to_dict(self) -> dict[str, Any]:
        """Return the model as plain JSON types, with its ``kind``.

        Example:
            >>> Phone(handle_time=timedelta(minutes=5)).to_dict()["handle_time"]
            'PT5M'
        """
        out: dict[str, Any] = {"kind": self.kind}
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            out[field.name] = format_duration(value) if isinstance(value, timedelta) else value
        return out

    @classmethod
    def from_dict(cls: type[_M], data: Mapping[str, Any], path: str = "") -> _M:  # noqa: PYI019 - Self needs 3.11
        """Read a model written by :meth:`to_dict` (durations: ISO 8601 or seconds).

        Raises:
            ConfigError: naming the path of the first bad field.

        Example:
            >>> Phone.from_dict({"handle_time": "PT5M", "patience": 90}).patience
            90
        """
        prefix = f"{path}." if path else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {data!r}", path)
        names = {field.name for field in attrs.fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key == "kind":
                if value != cls.kind:
                    raise ConfigError(f"expected kind {cls.kind!r}, got {value!r}", f"{prefix}kind")
                continue
            if key not in names:
                raise ConfigError(
                    f"unknown attribute {key!r} of {cls.__name__}; expected one of "
                    f"{', '.join(sorted(names))}",
                    f"{prefix}{key}",
                )
            is_iso = key in _DURATIONS and isinstance(value, str)
            kwargs[key] = duration_field(value, f"{prefix}{key}") if is_iso else value
        try:
            return cls(**kwargs)
        except ConfigError as error:
            raise ConfigError(error.msg, f"{prefix}{error.path}") from None
        except TypeError as error:
            raise type_error_as_config(error, prefix, path or cls.__name__) from None


# ----------------------------------------------------------------------- live channels
def _live(
    demand: Demand,
    *,
    handle: float,
    answer_within: float,
    service_level: float,
    patience: float | None,
    max_occupancy: float,
    slots_per_agent: float,
) -> tuple[float, float, float, float, float]:
    """Staff each 15-minute step with Erlang C/A; return peak, hours, wait, SL, abandonment."""
    arrivals = demand.arrival_share(live=True)
    opened = demand.open_share()
    cache: dict[float, tuple[int, float, float, float]] = {}
    peak = hours = wait = level = abandon = 0.0
    for share, open_part in zip(arrivals, opened, strict=True):
        if share == 0:
            continue
        seconds = open_part * STEP_SECONDS
        rate = demand.contacts * share / seconds
        key = round(rate, 12)
        if key not in cache:
            staffing = required_agents(
                arrivals=rate,
                interval=1.0,
                handle_time=handle,
                answer_within=answer_within,
                service_level=service_level,
                max_occupancy=max_occupancy,
                patience=patience,
            )
            m = staffing.metrics
            cache[key] = (staffing.agents, m.asa, m.service_level, m.abandonment)
        slots, asa, sl, ab = cache[key]
        agents = math.ceil(slots / slots_per_agent - 1e-9)  # whole people
        peak = max(peak, agents)
        hours += agents * open_part * _STEP_HOURS
        wait += share * asa
        level += share * sl
        abandon += share * ab
    return peak, hours, wait, level, abandon


@attrs.frozen(kw_only=True)
class Phone(_Stored):
    """Inbound phone support, staffed with Erlang C (or Erlang A with ``patience``).

    Attributes:
        name: the row label.
        handle_time: average handle time, talk plus wrap-up (assumption: 6 minutes).
        answer_within: service-level target time (the common 80/20 rule: 20 s).
        service_level: share answered within ``answer_within`` (80/20 rule: 0.8).
        patience: mean caller patience for Erlang A, or ``None`` for Erlang C.
        max_occupancy: occupancy cap (assumption: 0.85, the planning examples' cap).
        resolution: first-contact resolution (SQM Group: 70 % in call centres).
        effort: the channel's base effort, 1-5 (assumption: 2.0).
        hourly_cost: loaded cost per paid agent hour (assumption: 30).
        shrinkage: share of paid time away from contacts (assumption: 0.3).
        fixed_cost: telephony and tools per period (assumption: 0).

    Example:
        >>> report = Phone().evaluate(Demand(contacts=400))
        >>> report.agents, round(report.cost_per_contact, 2)
        (3.0, 12.86)
    """

    kind: ClassVar[str] = "phone"
    live: ClassVar[bool] = True

    name: str = attrs.field(default="phone", validator=_check_name)
    handle_time: Duration = attrs.field(default=360.0, validator=_check_duration)
    answer_within: Duration = attrs.field(default=20.0, validator=_check_duration)
    service_level: float = attrs.field(default=0.8, validator=_check_fraction)
    patience: Duration | None = attrs.field(default=None, validator=_check_optional_duration)
    max_occupancy: float = _fraction_field(0.85)
    resolution: float = _fraction_field(0.70)
    effort: float = attrs.field(default=2.0, validator=_check_effort)
    hourly_cost: float = _money_field(DEFAULT_HOURLY_COST)
    shrinkage: float = attrs.field(default=DEFAULT_SHRINKAGE, validator=_check_shrinkage)
    fixed_cost: float = _money_field(0.0)

    def _handle(self) -> float:
        return _seconds(self.handle_time, "handle_time")

    def _slots(self) -> float:
        return 1.0

    def evaluate(self, demand: Demand) -> ChannelReport:
        """Staff the channel for ``demand`` and return its report.

        Raises:
            NoBusinessTimeError: the demand has no staffed time for live contacts.
            TypeError: ``demand`` is not a :class:`Demand`.
        """
        _demand(demand)
        peak, hours, wait, level, abandon = _live(
            demand,
            handle=self._handle(),
            answer_within=_seconds(self.answer_within, "answer_within", zero=True),
            service_level=self.service_level,
            patience=None if self.patience is None else _seconds(self.patience, "patience"),
            max_occupancy=self.max_occupancy,
            slots_per_agent=self._slots(),
        )
        return _report(
            channel=self.name,
            demand=demand,
            contacts=demand.contacts,
            agents=peak,
            agent_hours=hours,
            shrinkage=self.shrinkage,
            hourly_cost=self.hourly_cost,
            extra_cost=self.fixed_cost,
            resolution=self.resolution,
            wait=wait,
            service_level=level,
            abandonment=abandon,
            base_effort=self.effort,
        )


def _check_concurrency(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    number = _positive(value, attribute.name)
    if number < 1:
        raise ConfigError(f"must be at least 1 chat at a time, got {value!r}", attribute.name)


@attrs.frozen(kw_only=True)
class LiveChat(Phone):
    """Live chat: one agent runs several chats at once, each a little slower.

    The queue is staffed as ``agents × concurrency`` chat slots (Erlang C on slots,
    rounded up to whole agents), with every chat's handle time stretched by the
    parallel work: ``handle_time × (1 + slowdown × (concurrency - 1))``.

    Attributes:
        handle_time: handle time of a chat handled alone (assumption: 10 minutes).
        concurrency: chats per agent at once, ``>= 1`` (ccPlanning: 2-3 in practice).
        slowdown: extra handle time per additional parallel chat (assumption: 25 %,
            in line with ccPlanning's "handle time stretches"; measure yours).
        answer_within: target time to pick up a chat (assumption: 30 s).
        resolution: first-contact resolution (assumption: 0.65).
        effort: base effort, 1-5 (assumption: 1.8).

    Other attributes as in :class:`Phone`.

    Example:
        >>> chat = LiveChat(concurrency=3)
        >>> round(chat.effective_handle_time())
        900
    """

    kind: ClassVar[str] = "chat"

    name: str = attrs.field(default="chat", validator=_check_name)
    handle_time: Duration = attrs.field(default=600.0, validator=_check_duration)
    answer_within: Duration = attrs.field(default=30.0, validator=_check_duration)
    resolution: float = _fraction_field(0.65)
    effort: float = attrs.field(default=1.8, validator=_check_effort)
    concurrency: float = attrs.field(default=2.0, validator=_check_concurrency)
    slowdown: float = attrs.field(default=0.25, validator=_check_non_negative)

    def effective_handle_time(self) -> float:
        """Return a chat's handle time in seconds at the configured concurrency."""
        base = _seconds(self.handle_time, "handle_time")
        return base * (1.0 + self.slowdown * (self.concurrency - 1.0))

    def _handle(self) -> float:
        return self.effective_handle_time()

    def _slots(self) -> float:
        return self.concurrency


# ----------------------------------------------------------------------- written channels
def fluid_waits(
    arrivals: list[float], capacity: list[float], opened: list[float]
) -> tuple[list[float], list[float]] | None:
    """Return FIFO waits, in steps, for arrivals in the middle of each step.

    A fluid model of a backlog over one repeating period: ``arrivals[i]`` contacts arrive
    evenly in step ``i`` and up to ``capacity[i]`` are worked off in it, at that rate.
    The backlog is followed to its periodic steady state. Returns the waits in elapsed
    steps and in open steps (``opened`` is the open share of each step: a promise in
    business hours counts those), or ``None`` when the capacity of a period does not
    exceed its arrivals (the backlog grows without end).

    Example:
        >>> fluid_waits([1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 4.0, 0.0], [0.0, 0.0, 1.0, 0.0])
        ([1.625, 0.875, 0.0, 0.0], [0.125, 0.375, 0.0, 0.0])
    """
    n = len(arrivals)
    total_in = sum(arrivals)
    if sum(capacity) <= total_in:
        return None
    # The backlog at the period's start: one period maps b to f(b), which falls by the
    # spare capacity until the queue empties within the period, and is constant from
    # then on; so iterating from an empty queue settles exactly, in few periods.
    backlog, previous = 0.0, -1.0
    while backlog != previous:
        previous = backlog
        for k in range(n):
            backlog = max(0.0, backlog + arrivals[k] - capacity[k])
    # Cumulative departures step by step until this period's arrivals are all served.
    departed = [0.0]
    queue = backlog
    target = backlog + total_in
    i = 0
    while departed[-1] < target * (1 - 1e-12):
        k = i % n
        served = min(queue + arrivals[k], capacity[k])
        queue += arrivals[k] - served
        departed.append(departed[-1] + served)
        i += 1
    clock = [0.0]  # open time elapsed at the start of each step
    for j in range(i + 1):
        clock.append(clock[-1] + opened[j % n])

    def open_time(t: float) -> float:
        j = math.floor(t)
        return clock[j] + (t - j) * (clock[j + 1] - clock[j])

    wall: list[float] = []
    business: list[float] = []
    position = backlog
    step = 0
    for k in range(n):
        middle = position + arrivals[k] / 2.0
        position += arrivals[k]
        if arrivals[k] == 0:
            wall.append(0.0)
            business.append(0.0)
            continue
        while departed[step + 1] < middle:
            step += 1
        # Work goes at full capacity until the step's queue is cleared.
        when = step + (middle - departed[step]) / capacity[step % n]
        arrived = k + 0.5
        wall.append(max(0.0, when - arrived))
        business.append(max(0.0, open_time(when) - open_time(arrived)))
    return wall, business


def _async_metrics(
    share: list[float],
    arrivals: list[float],
    capacity: list[float],
    opened: list[float],
    promise_steps: float,
    *,
    business: bool,
) -> tuple[float, float] | None:
    """Mean wall-clock wait (seconds) and share within the promise, or ``None``."""
    waits = fluid_waits(arrivals, capacity, opened)
    if waits is None:
        return None
    wall, open_waits = waits
    mean = sum(s * w for s, w in zip(share, wall, strict=True)) * STEP_SECONDS
    measured = open_waits if business else wall
    kept = sum(s for s, w in zip(share, measured, strict=True) if w <= promise_steps + 1e-9)
    return mean, kept


def _too_many_agents() -> InfeasibleError:
    return InfeasibleError(
        f"the reply promise needs more than {_AGENT_LIMIT:,} agents; lengthen the promise "
        "or shorten the handle time"
    )


def _async_staff(
    demand: Demand,
    *,
    handle: float,
    max_occupancy: float,
    promise: float,
    promise_share: float,
    business: bool,
) -> tuple[int, float, float]:
    """Fewest agents (on duty in staffed time) keeping the reply promise."""
    steps = promise / STEP_SECONDS
    # Contacts one agent works off per open step; more than all of them a billion times
    # over changes no wait (and a tiny handle time would overflow to inf, inf·0 = nan).
    unlimited_rate = demand.contacts * 1e9
    per_agent = min(STEP_SECONDS * max_occupancy / handle, unlimited_rate)
    share = demand.arrival_share(live=False)
    opened = demand.open_share()
    arrivals = [demand.contacts * s for s in share]

    def metrics(agents: float) -> tuple[float, float] | None:
        capacity = [agents * per_agent * o for o in opened]
        return _async_metrics(share, arrivals, capacity, opened, steps, business=business)

    unlimited = _async_metrics(
        share, arrivals, [unlimited_rate * o for o in opened], opened, steps, business=business
    )
    assert unlimited is not None  # noqa: S101 - unlimited capacity is always stable
    if unlimited[1] < promise_share:
        clock = "business" if business else "wall-clock"
        raise InfeasibleError(
            f"a reply promise of {timedelta(seconds=promise)} ({clock}) cannot be kept for "
            f"{promise_share:.0%} of contacts even with unlimited staff: only "
            f"{unlimited[1]:.0%} arrive close enough to staffed hours; lengthen the "
            "promise or the staffed hours"
        )

    def ok(agents: int) -> tuple[float, float] | None:
        found = metrics(agents)
        return found if found is not None and found[1] >= promise_share else None

    # Fewer agents than this cannot even keep up with the arrivals.
    fewest = demand.contacts / (per_agent * sum(opened))
    if fewest > _AGENT_LIMIT:  # also inf, when per_agent underflows
        raise _too_many_agents()
    low = max(1, math.floor(fewest))
    high = low
    found = ok(high)
    while found is None:
        if high >= _AGENT_LIMIT:
            raise _too_many_agents()
        low, high = high, min(high * 2, _AGENT_LIMIT)
        found = ok(high)
    while high - low > 1:
        middle = (low + high) // 2
        trial = ok(middle)
        if trial is None:
            low = middle
        else:
            high, found = middle, trial
    return high, found[0], found[1]


@attrs.frozen(kw_only=True)
class Email(_Stored):
    """Email: a backlog worked during staffed hours against a reply promise.

    Emails arrive around the clock (following the demand's profile) and are answered
    first-in, first-out while staffed. The team is the fewest agents on duty through
    the staffed hours that reply within ``reply_within`` to ``promise_share`` of the
    emails (a fluid model on 15-minute steps; the expected wait is wall-clock time).

    Attributes:
        handle_time: time to read and answer one email (assumption: 8 minutes).
        reply_within: the reply promise (assumption: 8 hours, one business day).
        business_time: count the promise in staffed time only, as in "one business
            day" (default); ``False`` counts wall-clock time, as in "within 24 hours".
        promise_share: share of emails that must meet the promise (assumption: 0.9).
        max_occupancy: share of staffed time spent answering (assumption: 0.85).
        resolution: first-contact resolution (SQM Group: 51 % for email).
        effort: base effort, 1-5 (assumption: 2.2).
        hourly_cost, shrinkage, fixed_cost: as in :class:`Phone`.

    Example:
        >>> report = Email().evaluate(Demand(contacts=400))
        >>> report.agents, round(report.expected_wait / 3600, 1)
        (3.0, 18.2)
    """

    kind: ClassVar[str] = "email"
    live: ClassVar[bool] = False

    name: str = attrs.field(default="email", validator=_check_name)
    handle_time: Duration = attrs.field(default=480.0, validator=_check_duration)
    reply_within: Duration = attrs.field(default=timedelta(hours=8), validator=_check_duration)
    business_time: bool = attrs.field(default=True, validator=_check_bool)
    promise_share: float = _fraction_field(0.9)
    max_occupancy: float = _fraction_field(0.85)
    resolution: float = _fraction_field(0.51)
    effort: float = attrs.field(default=2.2, validator=_check_effort)
    hourly_cost: float = _money_field(DEFAULT_HOURLY_COST)
    shrinkage: float = attrs.field(default=DEFAULT_SHRINKAGE, validator=_check_shrinkage)
    fixed_cost: float = _money_field(0.0)

    def _staffed(self, demand: Demand, contacts: float) -> tuple[int, float, float, float]:
        """Agents, agent hours, mean wait and promise share for ``contacts``."""
        handle = _seconds(self.handle_time, "handle_time")
        scaled = attrs.evolve(demand, contacts=contacts)
        agents, wait, kept = _async_staff(
            scaled,
            handle=handle,
            max_occupancy=self.max_occupancy,
            promise=_seconds(self.reply_within, "reply_within"),
            promise_share=self.promise_share,
            business=self.business_time,
        )
        hours = agents * sum(demand.open_share()) * _STEP_HOURS
        return agents, hours, wait, kept

    def _extra_cost(self, agents: float) -> float:
        del agents
        return self.fixed_cost

    def evaluate(self, demand: Demand) -> ChannelReport:
        """Staff the backlog for ``demand`` and return the report.

        Raises:
            InfeasibleError: no staffing keeps the promise (it is shorter than the
                closed gaps in the staffed hours).
            TypeError: ``demand`` is not a :class:`Demand`.
        """
        _demand(demand)
        agents, hours, wait, kept = self._staffed(demand, demand.contacts)
        return _report(
            channel=self.name,
            demand=demand,
            contacts=demand.contacts,
            agents=agents,
            agent_hours=hours,
            shrinkage=self.shrinkage,
            hourly_cost=self.hourly_cost,
            extra_cost=self._extra_cost(agents),
            resolution=self.resolution,
            wait=wait,
            service_level=kept,
            abandonment=0.0,
            base_effort=self.effort,
        )


@attrs.frozen(kw_only=True)
class Tickets(Email):
    """A help-desk ticket queue: like email, plus a seat licence per agent.

    Attributes:
        handle_time: work per ticket (assumption: 12 minutes; MetricNet puts a level-1
            ticket at about USD 22 all-in, which these defaults land near).
        seat_cost: help-desk licence per scheduled agent per period (assumption: 0).
        resolution: first-contact resolution (assumption: 0.65).
        effort: base effort, 1-5 (assumption: 2.4).

    Other attributes as in :class:`Email`.

    Example:
        >>> Tickets(seat_cost=50).evaluate(Demand(contacts=400)).cost > Tickets().evaluate(
        ...     Demand(contacts=400)
        ... ).cost
        True
    """

    kind: ClassVar[str] = "tickets"

    name: str = attrs.field(default="tickets", validator=_check_name)
    handle_time: Duration = attrs.field(default=720.0, validator=_check_duration)
    resolution: float = _fraction_field(0.65)
    effort: float = attrs.field(default=2.4, validator=_check_effort)
    seat_cost: float = _money_field(0.0)

    def _extra_cost(self, agents: float) -> float:
        seats = math.ceil(agents / (1.0 - self.shrinkage) - 1e-9)
        return self.fixed_cost + self.seat_cost * seats


@attrs.frozen(kw_only=True)
class Forum(Email):
    """A community forum: members answer part of the questions, staff the rest.

    Staff moderate every post and answer the questions the community leaves, against
    the reply promise; community answers arrive after ``community_wait`` on average.

    Attributes:
        community_share: share of questions the community answers (assumption: 0.5).
        community_wait: mean time to a community answer (assumption: 8 hours).
        moderation_time: staff time per post to read and moderate (assumption: 2 min).
        handle_time: staff time to answer a question (assumption: 10 minutes).
        reply_within: staff reply promise (assumption: 16 staffed hours, two business
            days).
        resolution: share resolved by the first answer (assumption: 0.5).
        effort: base effort, 1-5 (assumption: 2.6).

    Example:
        >>> report = Forum().evaluate(Demand(contacts=400))
        >>> report.agents
        1.0
    """

    kind: ClassVar[str] = "forum"

    name: str = attrs.field(default="forum", validator=_check_name)
    handle_time: Duration = attrs.field(default=600.0, validator=_check_duration)
    reply_within: Duration = attrs.field(default=timedelta(hours=16), validator=_check_duration)
    resolution: float = _fraction_field(0.5)
    effort: float = attrs.field(default=2.6, validator=_check_effort)
    community_share: float = attrs.field(default=0.5, validator=_check_non_negative)
    community_wait: Duration = attrs.field(default=timedelta(hours=8), validator=_check_duration)
    moderation_time: Duration = attrs.field(default=120.0, validator=_check_duration)

    @community_share.validator
    def _check_share(self, _: attrs.Attribute[float], value: float) -> None:
        if not 0 <= value < 1:
            raise ConfigError(f"must be a fraction in [0, 1), got {value!r}", "community_share")

    def evaluate(self, demand: Demand) -> ChannelReport:
        """Staff moderation and the staff answers; return the report.

        Raises:
            InfeasibleError: no staffing keeps the promise.
            TypeError: ``demand`` is not a :class:`Demand`.
        """
        _demand(demand)
        staff_part = demand.contacts * (1.0 - self.community_share)
        agents, hours, wait, kept = self._staffed(demand, staff_part)
        moderation = demand.contacts * _seconds(self.moderation_time, "moderation_time") / 3600
        community_wait = _seconds(self.community_wait, "community_wait")
        share = self.community_share
        return _report(
            channel=self.name,
            demand=demand,
            contacts=demand.contacts,
            agents=agents,
            agent_hours=hours + moderation,
            shrinkage=self.shrinkage,
            hourly_cost=self.hourly_cost,
            extra_cost=self.fixed_cost,
            resolution=self.resolution,
            wait=share * community_wait + (1.0 - share) * wait,
            service_level=share + (1.0 - share) * kept,
            abandonment=0.0,
            base_effort=self.effort,
        )


# ----------------------------------------------------------------------- self-help
@attrs.frozen(kw_only=True)
class SelfHelp(_Stored):
    """A knowledge base or FAQ: costly to set up, cheap per visit, not for everyone.

    A visitor who finds an article (``findability``) and whose problem it solves
    (``success``) is resolved; everyone else falls back to another channel
    (:attr:`ChannelReport.fallback_contacts`).

    Attributes:
        setup_cost: one-off cost of writing the content (assumption: 5,000).
        upkeep: cost per week of keeping it current (assumption: 100).
        lifetime: period over which the set-up cost is spread (assumption: 52 weeks).
        cost_per_visit: hosting and search per visit (Gartner 2019: about 0.10).
        findability: share of visitors who find a matching article (assumption: 0.6).
        success: share of those whose issue the article solves (assumption: 0.7;
            Gartner 2019 found only 9 % resolve *completely* in self-service today,
            so treat this as a target for good content).
        effort: base effort, 1-5 (assumption: 1.5).

    Example:
        >>> kb = SelfHelp()
        >>> round(kb.deflection, 2)
        0.42
        >>> report = kb.evaluate(Demand(contacts=1000))
        >>> round(report.cost_per_contact, 3), round(report.fallback_contacts, 6)
        (0.296, 580.0)
    """

    kind: ClassVar[str] = "self_help"
    live: ClassVar[bool] = False

    name: str = attrs.field(default="self-help", validator=_check_name)
    setup_cost: float = _money_field(5000.0)
    upkeep: float = _money_field(100.0)
    lifetime: Duration = attrs.field(default=timedelta(weeks=52), validator=_check_duration)
    cost_per_visit: float = _money_field(0.10)
    findability: float = _fraction_field(0.6)
    success: float = _fraction_field(0.7)
    effort: float = attrs.field(default=1.5, validator=_check_effort)

    @property
    def deflection(self) -> float:
        """The share of visitors resolved without a person (``findability × success``)."""
        return self.findability * self.success

    def period_cost(self, demand: Demand, visits: float | None = None) -> float:
        """Cost in the demand's period: amortised set-up, upkeep and visits.

        Raises:
            TypeError: ``demand`` is not a :class:`Demand` or ``visits`` not a number.
            ConfigError: ``visits`` is negative or not finite.
        """
        weeks = _demand(demand).period.total_seconds() / (7 * 86_400)
        lifetime_weeks = _seconds(self.lifetime, "lifetime") / (7 * 86_400)
        count = demand.contacts if visits is None else _non_negative(visits, "visits")
        return (
            self.setup_cost * weeks / lifetime_weeks
            + self.upkeep * weeks
            + self.cost_per_visit * count
        )

    def evaluate(self, demand: Demand) -> ChannelReport:
        """Return the self-help report: visits, deflection, cost and fall-back.

        Raises:
            TypeError: ``demand`` is not a :class:`Demand`.
        """
        _demand(demand)
        resolution = self.deflection
        return _report(
            channel=self.name,
            demand=demand,
            contacts=demand.contacts,
            agents=0.0,
            agent_hours=0.0,
            shrinkage=0.0,
            hourly_cost=0.0,
            extra_cost=self.period_cost(demand),
            resolution=resolution,
            wait=0.0,
            service_level=1.0,
            abandonment=0.0,
            base_effort=self.effort,
            fallback=demand.contacts * (1.0 - resolution),
        )


_KINDS: dict[str, type[Phone | LiveChat | Email | Tickets | Forum | SelfHelp]] = {
    model.kind: model for model in (Phone, LiveChat, Email, Tickets, Forum, SelfHelp)
}


def channel_from_dict(
    data: Mapping[str, Any], path: str = ""
) -> Phone | LiveChat | Email | Tickets | Forum | SelfHelp:
    """Read any channel model from its dict, choosing the class by ``kind``.

    Raises:
        ConfigError: a missing or unknown ``kind``, or a bad field (with its path).

    Example:
        >>> channel_from_dict({"kind": "chat", "concurrency": 3}).concurrency
        3
        >>> channel_from_dict(Email().to_dict()) == Email()
        True
    """
    if not isinstance(data, Mapping):
        raise ConfigError(f"expected a mapping, got {data!r}", path)
    kind = data.get("kind")
    model = _KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        where = f"{path}.kind" if path else "kind"
        raise ConfigError(f"unknown channel kind {kind!r}; expected one of {sorted(_KINDS)}", where)
    return model.from_dict(data, path)
