"""Holidays from python-holidays, generated for whatever years a query touches (private).

python-holidays (https://github.com/vacanza/holidays) computes each country's and
market's holidays from rules, year by year. A :class:`HolidayRule` stores only the
parameters (country or market, subdivision, categories, observed), so a calendar that
uses it never "runs out" of holidays: each year a query touches is generated on first
use and kept in a small process-wide cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from threading import Lock
from typing import TYPE_CHECKING, Any

import attrs

from servicekit._fields import as_tuple
from servicekit.exceptions import ConfigError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

__all__ = ["HALF_DAY", "HolidayRule"]

_MISSING = "python-holidays is not installed; install the extra: pip install servicekit[holidays]"


def _import_holidays() -> Any:  # noqa: ANN401 - the module has no stubs
    try:
        import holidays  # noqa: PLC0415 - optional extra, imported on use
    except ImportError as exc:
        raise ImportError(_MISSING) from exc
    return holidays


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    out = as_tuple(value, "categories", "a category name or a list of them, e.g. ['public']")
    for item in out:
        if not isinstance(item, str):
            raise TypeError(f"categories must be names (strings), got {item!r}")
    return tuple(sorted(out))


_OPTIONAL_STR = attrs.validators.optional(attrs.validators.instance_of(str))


_year_cache: dict[tuple[HolidayRule, int, tuple[str, ...] | None], dict[date, str]] = {}

#: python-holidays' category of days that close early (``holidays.constants.HALF_DAY``).
HALF_DAY = "half_day"
_lock = Lock()


@attrs.frozen
class HolidayRule:
    """The holidays of a country (and subdivision) or of a financial market.

    Args:
        country: an ISO 3166-1 code known to python-holidays, e.g. ``"DE"``.
        market: a market code instead of a country, e.g. ``"NYSE"``.
        subdivision: a state or province code, e.g. ``"BY"`` for Bavaria.
        categories: holiday categories (python-holidays' default is ``public``).
        observed: whether to include "observed" substitute days.
        language: the language of holiday names (e.g. ``"de"``, ``"en_US"``); only
            names change, never dates. Default: python-holidays' default for the
            country.

    Raises:
        ConfigError: neither or both of ``country`` and ``market``, or codes or
            categories that python-holidays does not know.
        TypeError: a code that is not a string, or ``observed`` not a bool.
        ImportError: python-holidays is not installed (extra ``holidays``).

    Example:
        >>> from datetime import date
        >>> rule = HolidayRule(country="DE", subdivision="BY")
        >>> date(2031, 1, 6) in rule.dates([2031])  # Epiphany in Bavaria
        True
    """

    country: str | None = attrs.field(default=None, kw_only=True, validator=_OPTIONAL_STR)
    market: str | None = attrs.field(default=None, kw_only=True, validator=_OPTIONAL_STR)
    subdivision: str | None = attrs.field(default=None, kw_only=True, validator=_OPTIONAL_STR)
    categories: tuple[str, ...] = attrs.field(
        default=("public",), converter=_tuple_of_str, kw_only=True
    )
    observed: bool = attrs.field(
        default=True, kw_only=True, validator=attrs.validators.instance_of(bool)
    )
    language: str | None = attrs.field(default=None, kw_only=True, validator=_OPTIONAL_STR)

    def __attrs_post_init__(self) -> None:
        if (self.country is None) == (self.market is None):
            raise ConfigError("give exactly one of 'country' and 'market'", "holidays")
        self._generate(2000)  # fail early on unknown codes

    def _generate(self, year: int, categories: tuple[str, ...] | None = None) -> dict[date, str]:
        holidays = _import_holidays()
        chosen = self.categories if categories is None else categories
        try:
            if self.country is not None:
                found = holidays.country_holidays(
                    self.country,
                    subdiv=self.subdivision,
                    years=year,
                    observed=self.observed,
                    categories=chosen,
                    language=self.language,
                )
            else:
                found = holidays.financial_holidays(
                    self.market,
                    subdiv=self.subdivision,
                    years=year,
                    observed=self.observed,
                    categories=chosen,
                    language=self.language,
                )
        except (NotImplementedError, ValueError, KeyError) as exc:
            # unknown codes raise NotImplementedError, unknown categories ValueError
            raise ConfigError(
                f"python-holidays does not know {self!r}: {exc}", "holidays"
            ) from None
        return dict(found.items())

    def names(
        self, years: Iterable[int], *, categories: tuple[str, ...] | None = None
    ) -> dict[date, str]:
        """Return the holidays of the given years with their names.

        ``categories`` (a subset of the rule's own) restricts them, e.g.
        ``("half_day",)`` for the days that close early.

        Example:
            >>> from datetime import date
            >>> HolidayRule(country="US").names([2026])[date(2026, 7, 4)]
            'Independence Day'
        """
        out: dict[date, str] = {}
        for year in years:
            key = (self, year, categories)
            found = _year_cache.get(key)
            if found is None:
                found = self._generate(year, categories)
                with _lock:
                    _year_cache[key] = found
            out.update(found)
        return out

    def split(self, years: Iterable[int]) -> tuple[dict[date, str], dict[date, str]]:
        """Return the full-day and the half-day holidays of the given years, apart.

        Half days are those of python-holidays' ``half_day`` category (when the rule
        has it); a date that is also a holiday of another category is a full day.

        Example:
            >>> from datetime import date
            >>> rule = HolidayRule(country="EE", categories=("public", "half_day"))
            >>> full, half = rule.split([2026])
            >>> date(2026, 12, 24) in full, date(2026, 12, 23) in half
            (True, True)
        """
        wanted = list(years)
        if HALF_DAY not in self.categories:
            return self.names(wanted), {}
        others = tuple(c for c in self.categories if c != HALF_DAY)
        full = self.names(wanted, categories=others) if others else {}
        half = {
            day: name
            for day, name in self.names(wanted, categories=(HALF_DAY,)).items()
            if day not in full
        }
        return full, half

    def dates(self, years: Iterable[int]) -> frozenset[date]:
        """Return the holiday dates of the given years.

        Example:
            >>> rule = HolidayRule(country="US")
            >>> sorted(d.isoformat() for d in rule.dates([2026]))[:2]
            ['2026-01-01', '2026-01-19']
        """
        return frozenset(self.names(years))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "holidays") -> HolidayRule:
        """Read ``{"country": "DE", "subdivision": "BY"}`` (or ``{"market": "NYSE"}``).

        Optional keys: ``categories`` (a list of names), ``observed`` (a bool) and
        ``language`` (for the names).

        Raises:
            ConfigError: not a mapping, an unknown key, a value of the wrong type, or a
                code or category that python-holidays does not know.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping like {{'country': 'DE'}}, got {data!r}", path)
        allowed = {"country", "market", "subdivision", "categories", "observed", "language"}
        for key in data:
            if key not in allowed:
                raise ConfigError(
                    f"unknown key {key!r}; expected country or market, subdivision, "
                    "categories, observed, language",
                    f"{path}.{key}",
                )
        for key in ("country", "market", "subdivision", "language"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ConfigError(f"expected a code string, got {data[key]!r}", f"{path}.{key}")
        categories = data.get("categories", ["public"])
        if isinstance(categories, str) or not (
            isinstance(categories, list) and all(isinstance(c, str) for c in categories)
        ):
            raise ConfigError(
                f"expected a list of category names, got {categories!r}", f"{path}.categories"
            )
        observed = data.get("observed", True)
        if not isinstance(observed, bool):
            raise ConfigError(f"expected true or false, got {observed!r}", f"{path}.observed")
        try:
            return cls(
                country=data.get("country"),
                market=data.get("market"),
                subdivision=data.get("subdivision"),
                categories=categories,
                observed=observed,
                language=data.get("language"),
            )
        except ConfigError as exc:
            raise ConfigError(exc.msg, path) from None

    def to_dict(self) -> dict[str, Any]:
        """Return the dict form that :meth:`from_dict` reads back.

        Example:
            >>> HolidayRule(country="DE", subdivision="BY").to_dict()
            {'country': 'DE', 'subdivision': 'BY'}
        """
        out: dict[str, Any] = {}
        if self.country is not None:
            out["country"] = self.country
        if self.market is not None:
            out["market"] = self.market
        if self.subdivision is not None:
            out["subdivision"] = self.subdivision
        if self.categories != ("public",):
            out["categories"] = list(self.categories)
        if not self.observed:
            out["observed"] = False
        if self.language is not None:
            out["language"] = self.language
        return out

    @classmethod
    def from_holidays(cls, source: Any) -> tuple[HolidayRule, frozenset[date]]:  # noqa: ANN401
        """Read the rule behind a ``holidays.HolidayBase`` and the dates added by hand.

        Returns:
            the rule (which generates any year) and the dates of ``source`` that the
            rule does not produce for the years ``source`` has loaded (entries a caller
            added with ``source[date] = name``).

        Raises:
            TypeError: ``source`` is not a ``holidays.HolidayBase``.
            ConfigError: it is a custom class without a country or market code, so
                other years cannot be generated.
        """
        holidays = _import_holidays()
        if not isinstance(source, holidays.HolidayBase):
            raise TypeError(f"expected a holidays.HolidayBase, got {type(source).__name__}")
        country = getattr(source, "country", None)
        market = getattr(source, "market", None)
        if country is None and market is None:
            raise ConfigError(
                f"{type(source).__name__} has no country or market code, so its holidays "
                "cannot be generated for other years; pass holidays=dates instead",
                "holidays",
            )
        rule = cls(
            country=None if market is not None else country,
            market=market,
            subdivision=source.subdiv,
            categories=tuple(source.categories),
            observed=source.observed,
            language=getattr(source, "language", None),
        )
        own = frozenset(source.keys())
        extra = own - rule.dates(source.years)
        return rule, extra
