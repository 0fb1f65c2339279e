"""Comparing channels, choosing a mix, self-help economics and advice (private).

Routing in a mix (documented assumptions, override with the arguments):

- With self-help in the mix, 70 % of contacts try it first (Gartner 2019: 70 % of
  customers use self-service at some point of their resolution journey); those it
  does not resolve fall back to the staffed channels.
- Contacts reaching staffed channels split by preference. Default weights from
  Gartner's 2019 consumer survey: phone 44, chat 17, email 15 (tickets and forum
  take email's 15 and 4 respectively, an assumption).
- A contact that falls back after self-help failed adds half a point of effort
  (assumption: a channel switch).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from numbers import Integral
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from servicekit.channels._demand import (
    STEP_SECONDS,
    Demand,
    duration_field,
    type_error_as_config,
)
from servicekit.channels._models import (
    DEFAULT_HOURLY_COST,
    DEFAULT_SHRINKAGE,
    ChannelReport,
    LiveChat,
    SelfHelp,
    _demand,
    fluid_waits,
)
from servicekit.channels._queueing import (
    _fraction,
    _non_negative,
    _number,
    _positive,
    _seconds,
    required_agents,
    shown,
)
from servicekit.channels._text import Line
from servicekit.exceptions import ConfigError, InfeasibleError
from servicekit.hours import BusinessCalendar, Hours

if TYPE_CHECKING:
    from collections.abc import Sequence

    from servicekit.i18n import LocaleLike

__all__ = [
    "Advice",
    "BreakEven",
    "FaqCandidate",
    "MixRecommendation",
    "Targets",
    "advise_channels",
    "compare",
    "faq_candidates",
    "recommend_mix",
    "self_help_break_even",
]

#: Gartner (2019) preferred channels for issue resolution; tickets and forum are
#: assumptions.
DEFAULT_PREFERENCES: dict[str, float] = {
    "phone": 44.0,
    "chat": 17.0,
    "email": 15.0,
    "tickets": 15.0,
    "forum": 4.0,
}
#: Share of contacts that try self-help first when it is offered (Gartner 2019: 70 %).
SELF_HELP_FIRST = 0.7
_SWITCH_EFFORT = 0.5
_MAX_CHANNELS = 8


class ChannelModel(Protocol):
    """What :func:`compare` and :func:`recommend_mix` need of a channel model."""

    @property
    def name(self) -> str:
        """The row label."""

    @property
    def kind(self) -> str:
        """``phone``, ``chat``, ``email``, ``tickets``, ``forum`` or ``self_help``."""

    def evaluate(self, demand: Demand) -> ChannelReport:
        """Return the channel's report for a demand."""


def _check_channel(value: object, path: str) -> ChannelModel:
    """``value`` if it has what :class:`ChannelModel` needs, else a ``TypeError``."""
    if not all(hasattr(value, name) for name in ("name", "kind")) or not callable(
        getattr(value, "evaluate", None)
    ):
        raise TypeError(
            f"{path} must be a channel model (Phone(), Email(), ...), got {type(value).__name__}"
        )
    return value  # type: ignore[return-value]  # its members were checked just above


def _check_channels(values: object, path: str) -> list[ChannelModel]:
    if not isinstance(values, Iterable) or isinstance(values, (str, bytes, Mapping)):
        raise TypeError(f"{path} must be a list of channel models, got {type(values).__name__}")
    return [_check_channel(value, f"{path}[{i}]") for i, value in enumerate(values)]


def compare(channels: Iterable[ChannelModel], demand: Demand) -> list[dict[str, Any]]:
    """Evaluate each channel on the whole demand; rows ready for ``pandas.DataFrame``.

    Args:
        channels: channel models such as ``Phone()``, ``Email()``, ``SelfHelp()``.
        demand: the contacts and staffed hours.

    Returns:
        One dict of plain values per channel (see :class:`ChannelReport`).

    Raises:
        TypeError: ``channels`` is not a list of channel models or ``demand`` not a
            :class:`Demand`.

    Example:
        >>> from servicekit.channels import Email, Phone, SelfHelp
        >>> rows = compare([Phone(), Email(), SelfHelp()], Demand(contacts=400))
        >>> [(r["channel"], round(r["cost_per_contact"], 2)) for r in rows]
        [('phone', 12.86), ('email', 12.86), ('self-help', 0.59)]
    """
    checked = _check_channels(channels, "channels")
    _demand(demand)
    return [channel.evaluate(demand).to_dict() for channel in checked]


# --------------------------------------------------------------------------- targets
def _optional_seconds(value: object) -> float | None:
    return None if value is None else _seconds(value, "max_wait")


@attrs.frozen(kw_only=True)
class Targets:
    """Service targets for a channel mix; ``None`` leaves one open.

    Attributes:
        max_wait: most acceptable mean wait for a first answer (timedelta or seconds),
            over all contacts of the mix.
        max_effort: most acceptable mean customer effort, 1-5.
        min_resolution: least acceptable share resolved at the first contact.
    """

    max_wait: float | None = attrs.field(default=None, converter=_optional_seconds)
    max_effort: float | None = None
    min_resolution: float | None = None

    def __attrs_post_init__(self) -> None:
        if self.max_effort is not None:
            number = _positive(self.max_effort, "max_effort")
            if not 1 <= number <= 5:
                raise ConfigError(f"must be on the 1-5 scale, got {number!r}", "max_effort")
        if self.min_resolution is not None:
            _fraction(self.min_resolution, "min_resolution", closed=True)

    def to_dict(self) -> dict[str, Any]:
        """Return the targets that are set, as plain values (``max_wait`` in seconds).

        Example:
            >>> Targets(max_wait=timedelta(minutes=5), max_effort=3).to_dict()
            {'max_wait': 300.0, 'max_effort': 3}
        """
        return {key: value for key, value in attrs.asdict(self).items() if value is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Targets:
        """Read targets; ``max_wait`` as seconds or an ISO 8601 duration.

        Raises:
            ConfigError: naming the path of the bad field.

        Example:
            >>> Targets.from_dict({"max_wait": "PT1H", "min_resolution": 0.7}).max_wait
            3600.0
        """
        prefix = f"{path}." if path else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {data!r}", path)
        kwargs = dict(data)
        names = ("max_effort", "max_wait", "min_resolution")
        for key in kwargs:
            if key not in names:
                raise ConfigError(
                    f"unknown key {key!r}; expected one of {', '.join(names)}", f"{prefix}{key}"
                )
        if isinstance(kwargs.get("max_wait"), str):
            kwargs["max_wait"] = duration_field(kwargs["max_wait"], f"{prefix}max_wait")
        try:
            return cls(**kwargs)
        except ConfigError as error:
            raise ConfigError(error.msg, f"{prefix}{error.path}") from None
        except TypeError as error:
            raise type_error_as_config(error, prefix, path or "targets") from None

    def missed(self, wait: float, effort: float, resolution: float) -> list[Line]:
        """Return a line per target that the figures miss."""
        lines = []
        if self.max_wait is not None and wait > self.max_wait:
            if math.isinf(wait):
                # Some contacts are never answered (e.g. self-help alone): no wait to show.
                lines.append(Line("missed_wait_unanswered", {"limit": self.max_wait}))
            else:
                lines.append(Line("missed_wait", {"value": wait, "limit": self.max_wait}))
        if self.max_effort is not None and effort > self.max_effort:
            lines.append(Line("missed_effort", {"value": effort, "limit": self.max_effort}))
        if self.min_resolution is not None and resolution < self.min_resolution:
            lines.append(
                Line("missed_resolution", {"value": resolution, "limit": self.min_resolution})
            )
        return lines


# --------------------------------------------------------------------------- the mix
@attrs.frozen(kw_only=True)
class MixRecommendation:
    """The recommended channel mix, its figures and its explanation.

    Attributes:
        channels: names of the channels to offer.
        reports: one :class:`ChannelReport` per offered channel, for its share.
        cost: total cost per period.
        cost_per_contact: ``cost`` over all contacts.
        resolution: share of all contacts resolved at the first contact.
        expected_wait: mean wait for a first answer over all contacts, in seconds.
        effort: mean customer effort, 1-5.
        meets_targets: whether every target is met.
        within_budget: whether the cost is within the budget (``True`` without one).
        lines: the explanation, one :class:`~servicekit.channels.Line` per step.
    """

    channels: tuple[str, ...]
    reports: tuple[ChannelReport, ...]
    cost: float
    cost_per_contact: float
    resolution: float
    expected_wait: float
    effort: float
    meets_targets: bool
    within_budget: bool
    lines: tuple[Line, ...]

    def explain(
        self, locale: LocaleLike | None = "en", *, currency: str | None = None
    ) -> list[str]:
        """Return the explanation as sentences in ``locale``."""
        return [line.text(locale, currency=currency) for line in self.lines]

    def rows(self) -> list[dict[str, Any]]:
        """Return the offered channels' reports as DataFrame rows."""
        return [report.to_dict() for report in self.reports]

    def to_dict(self) -> dict[str, Any]:
        """Return plain values: figures, rows and the explanation as data."""
        return {
            "channels": list(self.channels),
            "cost": self.cost,
            "cost_per_contact": self.cost_per_contact,
            "resolution": self.resolution,
            "expected_wait": self.expected_wait,
            "effort": self.effort,
            "meets_targets": self.meets_targets,
            "within_budget": self.within_budget,
            "rows": self.rows(),
            "lines": [line.as_dict() for line in self.lines],
        }


@attrs.frozen
class _Candidate:
    subset: tuple[int, ...]
    reports: tuple[ChannelReport, ...]
    cost: float
    resolution: float
    wait: float
    effort: float
    missed: tuple[Line, ...]
    self_help: ChannelReport | None
    shares: tuple[float, ...]


def _evaluate_mix(
    subset: tuple[int, ...],
    *,
    channels: Sequence[ChannelModel],
    demand: Demand,
    preferences: Mapping[str, float],
    targets: Targets,
    cache: dict[tuple[int, float], ChannelReport],
) -> _Candidate | None:
    def report(index: int, contacts: float) -> ChannelReport:
        key = (index, round(contacts, 9))
        if key not in cache:
            cache[key] = channels[index].evaluate(attrs.evolve(demand, contacts=contacts))
        return cache[key]

    helpers = [i for i in subset if channels[i].kind == "self_help"]
    staffed = [i for i in subset if channels[i].kind != "self_help"]
    if len(helpers) > 1:
        return None
    total = demand.contacts
    help_report = None
    resolved = 0.0
    effort_sum = 0.0
    failed = 0.0
    pool = total
    if helpers:
        visitors = total * SELF_HELP_FIRST
        help_report = report(helpers[0], visitors)
        resolved += help_report.resolved
        effort_sum += help_report.resolved * help_report.effort
        failed = help_report.fallback_contacts
        pool = total - help_report.resolved
    weights = [preferences.get(channels[i].kind, 0.0) for i in staffed]
    if staffed and not any(weights):
        return None
    reports = [] if help_report is None else [help_report]
    shares = [] if help_report is None else [SELF_HELP_FIRST]
    wait_sum = 0.0
    weight_total = sum(weights)
    for index, weight in zip(staffed, weights, strict=True):
        if weight == 0:
            return None
        contacts = pool * weight / weight_total
        try:
            r = report(index, contacts)
        except InfeasibleError:
            return None
        reports.append(r)
        shares.append(contacts / total)
        resolved += r.resolved
        wait_sum += contacts * r.expected_wait
        effort_sum += contacts * r.effort + failed * weight / weight_total * _SWITCH_EFFORT
    if not staffed:
        # Nobody answers the visitors self-help leaves behind.
        wait_sum = math.inf if failed > 0 else 0.0
        effort_sum += failed * 5.0
    cost = sum(r.cost for r in reports)
    wait = wait_sum / total
    effort = effort_sum / total
    resolution = resolved / total
    return _Candidate(
        subset=subset,
        reports=tuple(reports),
        cost=cost,
        resolution=resolution,
        wait=wait,
        effort=effort,
        missed=tuple(targets.missed(wait, effort, resolution)),
        self_help=help_report,
        shares=tuple(shares),
    )


def _preferences(
    preferences: Mapping[str, float] | None, *, total: bool = False
) -> dict[str, float]:
    """The preference weights by channel kind, each a finite number ``>= 0``.

    With ``total``, their sum must be positive and finite too (it divides).
    """
    if preferences is None:
        return dict(DEFAULT_PREFERENCES)
    given: object = preferences
    if not isinstance(given, Mapping):
        raise TypeError(f"preferences must be a mapping, got {type(given).__name__}")
    weights = {
        kind: _non_negative(weight, f"preferences[{kind!r}]") for kind, weight in given.items()
    }
    if total and not 0 < sum(weights.values()) < math.inf:
        raise ConfigError("needs at least one positive weight, and finite weights", "preferences")
    return weights


def recommend_mix(
    demand: Demand,
    channels: Sequence[ChannelModel],
    *,
    budget: float | None = None,
    targets: Targets | None = None,
    preferences: Mapping[str, float] | None = None,
) -> MixRecommendation:
    """Return the cheapest channel mix that meets the targets (or the best in budget).

    Every non-empty subset of ``channels`` is tried (at most one self-help channel per
    mix); contacts are routed as the module notes describe. The cheapest mix meeting
    every target wins; when it is over ``budget`` the mix within budget that misses the
    fewest targets (then the cheapest) is chosen instead, and the explanation says so.

    Args:
        demand: all contacts of the period and the staffed hours.
        channels: candidate channel models (up to 8).
        budget: most the mix may cost per period, or ``None``.
        targets: service :class:`Targets`; none by default.
        preferences: weights by channel kind for splitting staffed contacts
            (default :data:`DEFAULT_PREFERENCES`, Gartner 2019).

    Returns:
        The :class:`MixRecommendation`, explained line by line.

    Raises:
        ConfigError: no channels, more than 8, a budget that is not positive, or a
            preference weight that is negative or not finite.
        InfeasibleError: no subset can be evaluated (e.g. every channel's promise is
            impossible for the staffed hours).
        TypeError: ``channels`` is not a list of channel models, ``demand`` not a
            :class:`Demand` or ``targets`` not :class:`Targets`.

    Example:
        >>> from servicekit.channels import Email, LiveChat, Phone, SelfHelp
        >>> mix = recommend_mix(
        ...     Demand(contacts=1500),
        ...     [Phone(), LiveChat(), Email(), SelfHelp()],
        ...     targets=Targets(max_wait=timedelta(hours=1)),
        ... )
        >>> mix.channels
        ('self-help', 'chat')
        >>> mix.explain()[-1]
        'This is the cheapest mix that meets every target.'
    """
    _demand(demand)
    chosen_channels = _check_channels(channels, "channels")
    if not chosen_channels:
        raise ConfigError("give at least one channel", "channels")
    if len(chosen_channels) > _MAX_CHANNELS:
        raise ConfigError(
            f"at most {_MAX_CHANNELS} channels can be combined, got {len(chosen_channels)}",
            "channels",
        )
    if budget is not None:
        _positive(budget, "budget")
    if targets is not None and not isinstance(targets, Targets):
        raise TypeError(f"targets must be Targets, got {type(targets).__name__}")
    goal = targets or Targets()
    weights = _preferences(preferences)
    cache: dict[tuple[int, float], ChannelReport] = {}
    candidates = []
    for size in range(1, len(chosen_channels) + 1):
        for subset in itertools.combinations(range(len(chosen_channels)), size):
            found = _evaluate_mix(
                subset,
                channels=chosen_channels,
                demand=demand,
                preferences=weights,
                targets=goal,
                cache=cache,
            )
            if found is not None:
                candidates.append(found)
    if not candidates:
        raise InfeasibleError(
            "no mix of these channels can serve the demand; check the reply promises "
            "against the staffed hours and the preference weights"
        )
    return _choose(candidates, demand, budget)


def _choose(
    candidates: list[_Candidate],
    demand: Demand,
    budget: float | None,
) -> MixRecommendation:
    def order(c: _Candidate) -> tuple[int, float, float]:
        return (len(c.missed), c.cost, c.effort)

    meeting = sorted((c for c in candidates if not c.missed), key=order)
    affordable = [c for c in candidates if budget is None or c.cost <= budget]
    notes: list[Line] = []
    if meeting and (budget is None or meeting[0].cost <= budget):
        best = meeting[0]
        notes.append(Line("mix_meets"))
    elif affordable:
        best = min(affordable, key=order)
        if meeting:
            assert budget is not None  # noqa: S101 - only a budget rules the meeting mix out
            notes.append(Line("mix_over_budget", {"cost": meeting[0].cost, "budget": budget}))
        else:
            notes.append(Line("mix_best_effort"))
    else:
        best = min(candidates, key=lambda c: (c.cost, len(c.missed)))
        notes.append(Line("mix_nothing_in_budget", {"budget": budget}))
    return _recommendation(best, demand, budget, notes)


def _recommendation(
    best: _Candidate,
    demand: Demand,
    budget: float | None,
    notes: list[Line],
) -> MixRecommendation:
    lines: list[Line] = []
    for report, share in zip(best.reports, best.shares, strict=True):
        if report is best.self_help:
            code = "mix_self_help" if len(best.reports) > 1 else "mix_self_help_alone"
            lines.append(Line(code, {"channel": report.channel, "share": report.resolution_rate}))
            continue
        lines.append(
            Line(
                "mix_channel",
                {
                    "channel": report.channel,
                    "share": share,
                    "cost_per_contact": report.cost_per_contact,
                    "wait": report.expected_wait,
                },
            )
        )
        lines.append(
            Line(
                "mix_staff", {"channel": report.channel, "agents": report.agents, "fte": report.fte}
            )
        )
    lines.append(
        Line(
            "mix_total",
            {
                "cost": best.cost,
                "cost_per_contact": best.cost / demand.contacts,
                "resolution": best.resolution,
            },
        )
    )
    lines.extend(best.missed)
    lines.extend(notes)
    return MixRecommendation(
        channels=tuple(report.channel for report in best.reports),
        reports=best.reports,
        cost=best.cost,
        cost_per_contact=best.cost / demand.contacts,
        resolution=best.resolution,
        expected_wait=best.wait,
        effort=best.effort,
        meets_targets=not best.missed,
        within_budget=budget is None or best.cost <= budget,
        lines=tuple(lines),
    )


# --------------------------------------------------------------------------- self-help
@attrs.frozen(kw_only=True)
class BreakEven:
    """When a knowledge base pays for itself.

    Attributes:
        saving_per_visit: staffed cost avoided per visit, less the cost of the visit.
        break_even_visits: visits per period at which savings cover set-up (spread
            over its lifetime) and upkeep; ``inf`` when a visit saves nothing.
        net_saving: savings less costs per period at the demand's volume.
        payback: time until the set-up cost is earned back at that volume, or
            ``None`` when it never is.
    """

    saving_per_visit: float
    break_even_visits: float
    net_saving: float
    payback: timedelta | None


def self_help_break_even(self_help: SelfHelp, staffed: ChannelModel, demand: Demand) -> BreakEven:
    """Return when ``self_help`` in front of ``staffed`` pays for itself.

    Every visit that self-help resolves saves the staffed channel's average cost per
    contact at this demand; every visit costs ``cost_per_visit``.

    Args:
        self_help: the knowledge base.
        staffed: the channel the contacts would otherwise reach.
        demand: visits per period (the contacts that would try self-help).

    Raises:
        TypeError: ``self_help`` is not a :class:`SelfHelp`, ``staffed`` not a channel
            model or ``demand`` not a :class:`Demand`.

    Example:
        >>> from servicekit.channels import Phone
        >>> b = self_help_break_even(SelfHelp(), Phone(), Demand(contacts=400))
        >>> round(b.break_even_visits), b.payback.days
        (37, 17)
    """
    if not isinstance(self_help, SelfHelp):
        raise TypeError(f"self_help must be a SelfHelp, got {type(self_help).__name__}")
    _check_channel(staffed, "staffed")
    _demand(demand)
    staffed_cost = staffed.evaluate(demand).cost_per_contact
    saving = self_help.deflection * staffed_cost - self_help.cost_per_visit
    weeks = demand.period.total_seconds() / (7 * 86_400)
    lifetime_weeks = _seconds(self_help.lifetime, "lifetime") / (7 * 86_400)
    fixed = self_help.setup_cost * weeks / lifetime_weeks + self_help.upkeep * weeks
    visits = demand.contacts
    net = visits * saving - fixed
    if saving <= 0:
        return BreakEven(
            saving_per_visit=saving, break_even_visits=math.inf, net_saving=net, payback=None
        )
    monthly_gain = visits * saving - self_help.upkeep * weeks
    payback = None
    if monthly_gain > 0:
        payback = demand.period * (self_help.setup_cost / monthly_gain)
    return BreakEven(
        saving_per_visit=saving,
        break_even_visits=fixed / saving,
        net_saving=net,
        payback=payback,
    )


# --------------------------------------------------------------------------- FAQ
#: Cost of producing each format, in agent hours (assumption: an FAQ entry 1 h, a
#: blog post 3 h, a short screen-cast video 8 h).
FORMAT_HOURS = {"faq": 1.0, "blog_post": 3.0, "video": 8.0}
#: Relative deflection of each format (assumption: showing beats telling for how-to
#: questions; a blog post is found through search less reliably than an FAQ entry).
FORMAT_REACH = {"faq": 1.0, "blog_post": 0.8, "video": 1.2}


@attrs.frozen(kw_only=True)
class FaqCandidate:
    """A recurring question and the content that would answer it best.

    Attributes:
        question: the question (as given).
        count: how often it was asked in the period.
        share: its share of all questions.
        handling_cost: what answering it costs per period today.
        saving: net saving per period from the recommended format, after its cost is
            spread over the horizon.
        format: ``"faq"``, ``"blog_post"`` or ``"video"``.
        payback_periods: periods until the content's cost is earned back.
    """

    question: str
    count: float
    share: float
    handling_cost: float
    saving: float
    format: str
    payback_periods: float


#: The longest horizon :func:`faq_candidates` spreads a content's cost over.
MAX_HORIZON = 1_000_000


def _horizon(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"horizon must be an int, got {type(value).__name__}")
    periods = operator.index(value)
    if not 1 <= periods <= MAX_HORIZON:
        raise ConfigError(
            f"must be a whole number of periods from 1 to {MAX_HORIZON:,}, got {shown(periods)}",
            "horizon",
        )
    return periods


def faq_candidates(
    question_counts: Mapping[str, float],
    *,
    handle_time: float | timedelta = 480.0,
    hourly_cost: float = DEFAULT_HOURLY_COST,
    shrinkage: float = DEFAULT_SHRINKAGE,
    deflection: float | None = None,
    horizon: int = 52,
    min_count: float = 2,
) -> list[FaqCandidate]:
    """Rank recurring questions by the handling cost written content would save.

    Each question's value is its volume times the handling cost saved (the cost of a
    staffed answer, ``handle_time`` at ``hourly_cost`` grossed up for shrinkage, times
    the share content deflects). The format with the best net value over ``horizon``
    periods is recommended; questions asked fewer than ``min_count`` times, or whose
    content would not pay back within the horizon, are left out.

    Args:
        question_counts: question -> times asked per period.
        handle_time: staffed time to answer one (assumption: 8 minutes).
        hourly_cost: loaded cost per paid hour (assumption: 30).
        shrinkage: share of paid time away from contacts (assumption: 0.3).
        deflection: share of askers the content serves (default: ``SelfHelp()``'s
            findability × success, 0.42).
        horizon: periods the content stays useful (assumption: 52 weeks).
        min_count: fewest asks per period worth writing for (assumption: 2).

    Returns:
        Candidates, the most valuable first.

    Raises:
        ConfigError: a count, cost or share out of range, or a horizon outside 1 to
            1,000,000 periods.
        TypeError: ``question_counts`` not a mapping of str to numbers, or a value of
            the wrong type.

    Example:
        >>> found = faq_candidates({"reset password": 40, "invoice copy": 12, "odd": 1})
        >>> [(c.question, c.format) for c in found]
        [('reset password', 'video'), ('invoice copy', 'video')]
    """
    if not isinstance(question_counts, Mapping):
        raise TypeError(f"question_counts must be a mapping, got {type(question_counts).__name__}")
    handle = _seconds(handle_time, "handle_time")
    share_served = SelfHelp().deflection if deflection is None else deflection
    _fraction(share_served, "deflection", closed=True)
    cost_per_hour = _non_negative(hourly_cost, "hourly_cost")
    away = _number(shrinkage, "shrinkage")
    if not 0 <= away < 1:
        raise ConfigError(f"must be a fraction in [0, 1), got {shrinkage!r}", "shrinkage")
    periods = _horizon(horizon)
    fewest = _number(min_count, "min_count")
    per_answer = handle / 3600 * cost_per_hour / (1 - away)
    counts: dict[str, float] = {}
    for question, count in question_counts.items():
        if not isinstance(question, str):
            raise TypeError(f"questions must be str, got {type(question).__name__}")
        counts[question] = _non_negative(count, f"question_counts[{question!r}]")
    total = sum(counts.values())
    found = []
    for question, count in counts.items():
        if count < fewest:
            continue
        handling = count * per_answer
        options = []
        for kind, hours in FORMAT_HOURS.items():
            cost = hours * cost_per_hour
            saved = handling * share_served * FORMAT_REACH[kind]
            options.append((saved - cost / periods, kind, saved, cost))
        net, kind, saved, cost = max(options)
        if net <= 0:
            continue
        found.append(
            FaqCandidate(
                question=question,
                count=float(count),
                share=count / total,
                handling_cost=handling,
                saving=net,
                format=kind,
                payback_periods=cost / saved,
            )
        )
    found.sort(key=lambda c: (-c.handling_cost, c.question))
    return found


# --------------------------------------------------------------------------- advice
#: Reply promises a one-person desk can choose from (assumption: the usual ladder from
#: "within the hour" to "within a week"): wall-clock hours, then working days, where
#: "n working days" means by the end of your n-th working day after the message.
PROMISE_LADDER: tuple[tuple[str, int], ...] = (
    ("hours", 1),
    ("hours", 2),
    ("hours", 4),
    ("days", 1),
    ("days", 2),
    ("days", 3),
    ("days", 5),
)
#: Hours an audience is reachable: local 09:00-18:00 on weekdays (assumption).
AUDIENCE_DAY = {"mon-fri": ["09:00-18:00"]}


@attrs.frozen(kw_only=True)
class Advice:
    """One clear channel plan for a one-person support desk.

    Attributes:
        channels: channel kinds to offer (``"email"`` always; ``"chat"``, ``"phone"``,
            ``"self_help"`` when they fit).
        reply_promise: the reply promise in hours (wall-clock), or ``None``.
        reply_working_days: the reply promise in your working days ("by the end of
            the n-th working day"), or ``None``; exactly one of the two is set.
        promise_share: share of messages that promise is kept for.
        overlap: share of the audience's working day your hours cover.
        workload: hours of work per period the messages need.
        available: your hours per period.
        lines: the explanation.
    """

    channels: tuple[str, ...]
    reply_promise: timedelta | None
    reply_working_days: int | None
    promise_share: float
    overlap: float
    workload: float
    available: float
    lines: tuple[Line, ...]

    def explain(
        self, locale: LocaleLike | None = "en", *, currency: str | None = None
    ) -> list[str]:
        """Return the explanation as sentences in ``locale``."""
        return [line.text(locale, currency=currency) for line in self.lines]


def _own_calendar(available: Hours | float, zone: str | None) -> Hours:
    if isinstance(available, Hours):
        return available
    hours = _positive(available, "available")
    if zone is None:
        raise ConfigError("give your IANA time zone with hours as a number", "zone")
    daily = hours / 5
    if daily > 15:
        raise ConfigError(
            f"more than 15 hours a day on weekdays, got {available!r}; pass a calendar",
            "available",
        )
    start = 9 * 60
    end = start + round(daily * 60)
    return BusinessCalendar.from_dict(
        {"timezone": zone, "hours": {"mon-fri": [f"09:00-{end // 60:02d}:{end % 60:02d}"]}}
    )


def _audience(
    audience: Mapping[str, float], opened: list[float], count: float, start: datetime
) -> tuple[list[float], float]:
    """Arrivals per step (the audience's working days, by where they live) and coverage."""
    total_share = sum(audience.values())
    arrivals = [0.0] * len(opened)
    covered = 0.0
    for key, share in audience.items():
        _positive(share, f"audience[{key!r}]")
        theirs = BusinessCalendar.from_dict({"timezone": key, "hours": AUDIENCE_DAY})
        their_open = Demand(contacts=1.0, calendar=theirs, start=start).open_share()
        both = sum(min(a, b) for a, b in zip(opened, their_open, strict=True))
        covered += share / total_share * both / sum(their_open)
        for i, value in enumerate(their_open):
            arrivals[i] += share / total_share * value
    scale = count / sum(arrivals)
    return [a * scale for a in arrivals], covered


def _promise(
    arrivals: list[float],
    waits: tuple[list[float], list[float]],
    count: float,
    keep: float,
    day_steps: float,
) -> tuple[tuple[str, int], float]:
    """The shortest promise on the ladder kept for ``keep`` of the messages."""
    wall, business = waits
    options = []
    for unit, amount in PROMISE_LADDER:
        if unit == "hours":
            limit, measured = amount * 3600 / STEP_SECONDS, wall
        else:
            limit, measured = amount * day_steps, business
        kept = sum(a for a, w in zip(arrivals, measured, strict=True) if w <= limit + 1e-9)
        options.append(((unit, amount), kept / count))
    return next((o for o in options if o[1] >= keep - 1e-9), options[-1])


def _chat_fits(model: LiveChat, peak_rate: float) -> bool:
    """Whether one person's chat slots pick up the busiest step's chats in time."""
    staffing = required_agents(
        arrivals=max(peak_rate, 1e-9),
        interval=1.0,
        handle_time=model.effective_handle_time(),
        answer_within=_seconds(model.answer_within, "answer_within", zero=True),
        service_level=model.service_level,
    )
    return staffing.agents <= model.concurrency


def advise_channels(
    *,
    available: Hours | float,
    zone: str | None = None,
    audience: Mapping[str, float],
    contacts: float,
    start: datetime,
    preferences: Mapping[str, float] | None = None,
    handle_time: float | timedelta = 480.0,
    chat: LiveChat | None = None,
    promise_share: float = 0.9,
) -> Advice:
    """Advise a one-person support desk which channels to offer and what to promise.

    The plan always includes a written channel with a reply promise you can keep (the
    shortest step of :data:`PROMISE_LADDER` kept for ``promise_share`` of
    messages, computed with the backlog model of :class:`Email` from your hours and
    your audience's working days); live chat only when your hours cover at least half
    of your audience's day and you could pick chats up in time; the phone only when
    most customers prefer it, the hours overlap well and the volume is low; an FAQ
    once there are ten or more messages a week (assumption).

    Args:
        available: your staffed hours: a calendar, or hours per week (Mon-Fri from
            09:00 in ``zone``).
        zone: your IANA time zone (needed when ``available`` is a number).
        audience: IANA zone -> share of your audience living there.
        contacts: messages per week.
        start: the aware start of the week to plan (zones' DST as of that week).
        preferences: weights by channel kind (default Gartner 2019).
        handle_time: time per message (assumption: 8 minutes).
        chat: the chat model to test (default ``LiveChat()``).
        promise_share: share of messages the promise must hold for (default 0.9).

    Returns:
        The :class:`Advice`.

    Raises:
        ConfigError: bad numbers, zones or an empty audience, or preference weights
            that are negative, all zero or too large to add up.

    Example:
        >>> from datetime import datetime, timezone
        >>> advice = advise_channels(
        ...     available=20,
        ...     zone="Europe/Berlin",
        ...     audience={"Europe/Berlin": 1.0},
        ...     contacts=30,
        ...     start=datetime(2026, 3, 2, tzinfo=timezone.utc),
        ... )
        >>> advice.channels, advice.reply_working_days
        (('email', 'self_help'), 1)
        >>> print(advice.explain("de")[0].replace(chr(160), " "))
        Bieten Sie E-Mail an und versprechen Sie eine Antwort innerhalb von 1 Arbeitstag:
        Das halten Sie bei 100 % der Nachrichten ein.
    """
    own = _own_calendar(available, zone)
    if not audience:
        raise ConfigError("give at least one audience zone", "audience")
    handle = _seconds(handle_time, "handle_time")
    count = _positive(contacts, "contacts")
    keep = _fraction(promise_share, "promise_share", closed=True)
    weights = _preferences(preferences, total=True)
    demand = Demand(contacts=count, calendar=own, start=start)
    opened = demand.open_share()
    own_hours = sum(opened) * STEP_SECONDS / 3600
    arrivals, covered = _audience(audience, opened, count, start)
    workload = count * handle / 3600
    capacity = [o * STEP_SECONDS / handle for o in opened]
    waits = fluid_waits(arrivals, capacity, opened)
    lines: list[Line] = []
    promise, kept = PROMISE_LADDER[-1], 0.0
    if waits is None:
        lines.append(
            Line("advise_overload", {"needed": workload * 3600, "available": own_hours * 3600})
        )
    else:
        workdays = sum(1 for d in range(7) if any(opened[d * 96 : (d + 1) * 96]))
        promise, kept = _promise(arrivals, waits, count, keep, sum(opened) / workdays)
    unit, amount = promise
    if waits is None:
        lines.insert(0, Line("advise_email_overloaded", {"days": amount}))
    elif unit == "hours":
        lines.insert(0, Line("advise_email", {"promise": amount * 3600.0, "share": kept}))
    else:
        lines.insert(0, Line("advise_email_days", {"days": amount, "share": kept}))
    offered = ["email"]
    total_weight = sum(weights.values())

    model = chat or LiveChat()
    if covered < 0.5:
        lines.append(Line("advise_no_chat", {"overlap": covered}))
    elif waits is not None and _chat_fits(
        model, max(arrivals) * weights.get("chat", 0.0) / total_weight / STEP_SECONDS
    ):
        offered.append("chat")
        lines.append(Line("advise_chat", {"overlap": covered}))
    else:
        within = _seconds(model.answer_within, "answer_within", zero=True)
        lines.append(Line("advise_chat_busy", {"within": within}))

    # Phone: only when most prefer it, the hours overlap and the volume is small.
    phone_share = weights.get("phone", 0.0) / total_weight
    if phone_share > 0.5 and covered >= 0.5 and workload < 0.25 * own_hours:
        offered.append("phone")
        lines.append(Line("advise_phone"))
    else:
        lines.append(Line("advise_no_phone"))

    if count >= 10:
        offered.append("self_help")
        lines.append(Line("advise_faq", {"time_saved": handle * SelfHelp().deflection}))
    return Advice(
        channels=tuple(offered),
        reply_promise=timedelta(hours=amount) if unit == "hours" else None,
        reply_working_days=amount if unit == "days" else None,
        promise_share=kept,
        overlap=covered,
        workload=workload,
        available=own_hours,
        lines=tuple(lines),
    )
