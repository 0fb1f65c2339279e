"""Explanations as data, rendered in the caller's language (private).

A recommendation explains itself as a tuple of :class:`Line` values: a message code and
its parameters as plain numbers. :meth:`Line.text` renders one in English, German,
Italian or Russian: numbers, percentages and money through Babel, sentences through
the ``channels`` gettext catalog. Every sentence is one whole message with named
placeholders; counts are shown as shares or amounts so no sentence needs plural forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.exceptions import ConfigError
from servicekit.i18n import (
    N_,
    display_name,
    format_currency,
    format_duration,
    format_number,
    format_percent,
    format_working_days,
    translate,
)

if TYPE_CHECKING:
    from servicekit.i18n import LocaleLike

__all__ = ["MESSAGES", "Line"]

#: Message code -> English message id (the catalog key).
MESSAGES: dict[str, str] = {
    "mix_channel": N_(
        "{channel}: {share} of contacts, {cost_per_contact} per contact, first answer "
        "in about {wait}."
    ),
    "mix_self_help": N_(
        "{channel} resolves {share} of its visitors on its own; the rest fall back to "
        "the staffed channels."
    ),
    "mix_self_help_alone": N_(
        "{channel} resolves {share} of its visitors on its own; the rest get no answer "
        "because no staffed channel is offered."
    ),
    "mix_staff": N_(
        "Staff for {channel}: {agents} on duty at the busiest time, {fte} full-time equivalents."
    ),
    "mix_total": N_(
        "Total cost {cost} per period, {cost_per_contact} per contact; {resolution} of "
        "contacts are resolved at the first contact."
    ),
    "mix_meets": N_("This is the cheapest mix that meets every target."),
    "mix_over_budget": N_(
        "The cheapest mix that meets every target costs {cost}, more than the budget "
        "of {budget}; this mix stays within the budget."
    ),
    "mix_nothing_in_budget": N_(
        "No mix stays within the budget of {budget}; this is the cheapest one."
    ),
    "mix_best_effort": N_(
        "No mix meets every target; this one misses the fewest at the lowest cost."
    ),
    "missed_wait": N_("Expected wait {value} is above the limit of {limit}."),
    "missed_wait_unanswered": N_(
        "Some contacts get no answer in this mix, so the wait limit of {limit} is missed."
    ),
    "missed_effort": N_("Customer effort {value} is above the limit of {limit}."),
    "missed_resolution": N_("First-contact resolution {value} is below the target of {limit}."),
    "advise_email": N_(
        "Offer email and promise a reply within {promise}: you can keep that for "
        "{share} of messages."
    ),
    "advise_email_days": N_(
        "Offer email and promise a reply within {days}: you can keep that for {share} of messages."
    ),
    "advise_email_overloaded": N_(
        "Offer email and promise a reply within {days}; you cannot keep even that "
        "until self-help or more hours take load off you."
    ),
    "advise_chat": N_(
        "Offer live chat in your hours: they cover {overlap} of your audience's working day."
    ),
    "advise_no_chat": N_(
        "Skip live chat: your hours cover only {overlap} of your audience's working "
        "day, so most chats would find you away."
    ),
    "advise_chat_busy": N_(
        "Skip live chat: at the busiest hour you could not pick up chats within {within}."
    ),
    "advise_phone": N_(
        "Offer phone calls in your hours: many of your customers prefer them and the "
        "volume is low enough."
    ),
    "advise_no_phone": N_(
        "Skip the phone: one person cannot answer calls promptly and still work "
        "through written messages."
    ),
    "advise_faq": N_(
        "Start an FAQ: on average every message it answers saves you about {time_saved}."
    ),
    "advise_overload": N_(
        "Your messages need {needed} of work per period but you have {available}; "
        "add self-help or hours before you promise faster replies."
    ),
}


def _params(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), v) for k, v in items))


@attrs.frozen
class Line:
    """One step of an explanation: a message code and its plain parameters.

    Parameters are plain values: ``share``, ``overlap`` and ``resolution`` are
    fractions; ``wait``, ``within``, ``needed``, ``available`` and ``time_saved`` are
    seconds, and so is ``promise``; ``days`` are working days; ``cost``, ``budget`` and
    ``cost_per_contact`` are money; ``value`` and ``limit`` take the unit of their
    target; anything else is a number.

    Raises:
        ConfigError: ``code`` is not one of the channel messages.
        TypeError: ``code`` is not a string, or ``params`` not a mapping or pairs.

    Example:
        >>> line = Line("mix_meets")
        >>> line.text("de")
        'Das ist der günstigste Kanalmix, der alle Ziele erreicht.'
    """

    code: str = attrs.field()
    params: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_params)

    @code.validator
    def _check_code(self, _attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str):
            raise TypeError(f"code must be a string, got {type(value).__name__}")
        if value not in MESSAGES:
            raise ConfigError(
                f"unknown message code {value!r}; expected one of {sorted(MESSAGES)}", "code"
            )

    def as_dict(self) -> dict[str, Any]:
        """Return the line as plain data: ``{"code": ..., **params}``.

        Example:
            >>> Line("missed_effort", {"value": 3.2, "limit": 3.0}).as_dict()
            {'code': 'missed_effort', 'limit': 3.0, 'value': 3.2}
        """
        return {"code": self.code, **dict(self.params)}

    def text(self, locale: LocaleLike | None = "en", *, currency: str | None = None) -> str:
        """Render the line as a sentence in ``locale``.

        Args:
            locale: a language tag or Babel locale.
            currency: ISO 4217 code for money; plain numbers when ``None``.

        Example:
            >>> Line("missed_wait", {"value": 5400.0, "limit": 3600.0}).text("en")
            'Expected wait 2 hours is above the limit of 1 hour.'
        """
        values = {
            key: _format(key, value, locale, currency, self.code) for key, value in self.params
        }
        return translate("channels", MESSAGES[self.code], locale, **values)


_KINDS: dict[tuple[str, str], str] = {
    **{("", key): "money" for key in ("cost", "budget", "cost_per_contact")},
    **{("", key): "share" for key in ("share", "overlap", "resolution")},
    **{("", key): "time" for key in ("wait", "within", "time_saved")},
    ("", "needed"): "hours",
    ("", "available"): "hours",
    ("", "promise"): "time",
    ("", "days"): "working_days",
    **{("missed_resolution", key): "share" for key in ("value", "limit")},
    **{("missed_wait", key): "time" for key in ("value", "limit")},
    ("missed_wait_unanswered", "limit"): "time",
}


def _format(
    key: str, value: float | str, locale: LocaleLike | None, currency: str | None, code: str
) -> str:
    if isinstance(value, str):
        # A channel is shown by its display name ("Self-Service" for self-help).
        return display_name("channel", value, locale) if key == "channel" else value
    kind = _KINDS.get((code, key)) or _KINDS.get(("", key), "number")
    if kind == "money" and currency is not None:
        return format_currency(value, currency, locale=locale)
    formatters = {
        "money": lambda: format_number(round(value, 2), locale=locale),
        "share": lambda: format_percent(value, locale=locale),
        "time": lambda: _duration(value, locale),
        "hours": lambda: format_duration(timedelta(seconds=value), locale=locale, threshold=1.5),
        "working_days": lambda: format_working_days(int(value), locale=locale),
        "number": lambda: format_number(round(value, 1), locale=locale),
    }
    return formatters[kind]()


def _duration(seconds: float, locale: LocaleLike | None) -> str:
    return format_duration(timedelta(seconds=seconds), locale=locale, granularity="second")
