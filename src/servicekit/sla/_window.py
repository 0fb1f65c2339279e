"""Reply windows: the earliest and latest moment to answer a message (private)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from servicekit._time import format_duration, require_aware, require_timedelta
from servicekit.exceptions import ConfigError, InfeasibleError, OutOfRangeError
from servicekit.hours import MAX_YEAR, MIN_YEAR
from servicekit.sla._clock import CalendarLike, add, check_utc, real_elapsed, supported
from servicekit.sla._policy import MAX_DURATION

__all__ = ["ReplyWindow", "reply_window"]

#: The default promise: an answer within 24 hours. This is the common help-desk
#: e-mail promise ("we answer every email within 24 hours", issue 4); an assumption
#: for the default, to be overridden by each team's own promise.
DEFAULT_WITHIN = timedelta(hours=24)


@attrs.frozen
class ReplyWindow:
    """When a reply to one message may go out: not before ``earliest``, not after ``latest``.

    Attributes:
        received_at: when the message arrived.
        earliest: the first instant after the cool-down (business time on the calendar).
        latest: the instant the promise runs out.
        within: the promised reply time.
        cooldown: the cool-down asked for before answering.
    """

    received_at: datetime
    earliest: datetime
    latest: datetime
    within: timedelta
    cooldown: timedelta

    @property
    def span(self) -> timedelta:
        """Real elapsed time between ``earliest`` and ``latest``."""
        return real_elapsed(self.earliest, self.latest)

    def contains(self, at: datetime) -> bool:
        """Return whether a reply sent at ``at`` respects both the cool-down and the promise.

        Raises:
            NaiveDatetimeError: ``at`` is naive.
        """
        require_aware(at, "at")
        return real_elapsed(self.earliest, at) >= timedelta(0) <= real_elapsed(at, self.latest)


def reply_window(
    received_at: datetime,
    *,
    within: timedelta = DEFAULT_WITHIN,
    cooldown: timedelta = timedelta(0),
    calendar: CalendarLike | None = None,
) -> ReplyWindow:
    """Return the window in which to answer a message received at ``received_at``.

    For an abusive or angry message a team may want a cool-down before answering, while
    still keeping its promise to answer ``within`` some time. With a ``calendar`` both
    are business time: ``earliest = calendar.add(received_at, cooldown)`` and
    ``latest = calendar.add(received_at, within)`` (so with no cool-down ``earliest`` is
    the next open instant). Without one they are real elapsed time (24/7), which stays
    right across DST changes.

    Args:
        received_at: when the message arrived (aware).
        within: the promised reply time.
        cooldown: how long to wait before answering.
        calendar: a :class:`servicekit.hours.BusinessCalendar`, or ``None`` for 24/7.

    Returns:
        The :class:`ReplyWindow`.

    Raises:
        NaiveDatetimeError: ``received_at`` is naive.
        ConfigError: ``received_at`` lies outside the years 0001-9999 in UTC, or,
            with a ``calendar``, outside the years it supports
            (:data:`servicekit.hours.MIN_YEAR`-:data:`~servicekit.hours.MAX_YEAR`,
            0002-9997 UTC).
        TypeError: ``within`` or ``cooldown`` is not a timedelta, or ``calendar``
            not a calendar.
        ConfigError: ``within`` or ``cooldown`` is negative, longer than
            :data:`~servicekit.sla.MAX_DURATION` (100 years), or ends after the last
            instant a datetime (or the calendar's supported years) holds; the path
            names which.
        NoBusinessTimeError: the calendar has no open time within its search horizon
            (never for open time beyond its supported years: that is the
            ``ConfigError`` above).
        InfeasibleError: the cool-down is as long as the promise or longer, so no
            instant is both after the cool-down and inside the promise.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> w = reply_window(
        ...     datetime(2026, 11, 20, 9, tzinfo=timezone.utc), cooldown=timedelta(hours=2)
        ... )
        >>> w.earliest.isoformat(), w.latest.isoformat()
        ('2026-11-20T11:00:00+00:00', '2026-11-21T09:00:00+00:00')
    """
    require_aware(received_at, "received_at")
    received = check_utc(received_at, "received_at")
    require_timedelta(within, "within")
    require_timedelta(cooldown, "cooldown")
    if calendar is not None and not callable(getattr(calendar, "add", None)):
        raise TypeError(
            f"calendar must be a BusinessCalendar or None, got {type(calendar).__name__}"
        )
    if calendar is not None and not supported(received):
        raise ConfigError(
            f"{received_at.isoformat()!r} lies outside the years a calendar supports "
            f"({MIN_YEAR:04d}-{MAX_YEAR} UTC); give an instant within them, or no calendar",
            "received_at",
        )
    if within < timedelta(0):
        raise ConfigError(
            f"must not be negative, got {format_duration(within)!r}; give the promised reply time",
            "within",
        )
    if cooldown < timedelta(0):
        raise ConfigError(
            f"must not be negative, got {format_duration(cooldown)!r}; "
            "use timedelta(0) for no cool-down",
            "cooldown",
        )
    for field, value in (("within", within), ("cooldown", cooldown)):
        if value > MAX_DURATION:
            raise ConfigError(
                f"must be at most {format_duration(MAX_DURATION)!r} (100 years), got "
                f"{format_duration(value)!r}",
                field,
            )
    if cooldown >= within:
        raise InfeasibleError(
            f"a cool-down of {format_duration(cooldown)!r} leaves no time to reply within "
            f"{format_duration(within)!r}; "
            "shorten the cool-down or lengthen the promise"
        )
    return ReplyWindow(
        received_at=received_at,
        earliest=_add(calendar, received_at, cooldown, "cooldown"),
        latest=_add(calendar, received_at, within, "within"),
        within=within,
        cooldown=cooldown,
    )


def _add(calendar: CalendarLike | None, start: datetime, amount: timedelta, field: str) -> datetime:
    try:
        return add(calendar, start, amount)
    # OverflowError: real time past 9999-12-31 (datetime arithmetic); OutOfRangeError:
    # the calendar's answer would leave its supported years.
    except (OverflowError, OutOfRangeError):
        raise ConfigError(
            f"{format_duration(amount)!r} after {start.isoformat()} lies beyond the last "
            "instant that can be represented (or that the calendar supports)",
            field,
        ) from None
