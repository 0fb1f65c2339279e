"""servicekit: building blocks for customer-service workflows.

Five pillars, each a subpackage imported on first use so that ``import servicekit``
stays cheap:

- :mod:`servicekit.hours`: business calendars, office hours and availability (WHEN);
- :mod:`servicekit.sla`: SLA clocks, follow-ups and reply windows (HOW FAST);
- :mod:`servicekit.channels`: channel costs, queueing and staffing (AT WHAT COST);
- :mod:`servicekit.onboarding`: customer journeys as state machines (WHAT NEXT);
- :mod:`servicekit.replies`: the tone of replies and incoming messages (HOW TO SAY IT);

plus :mod:`servicekit.i18n` for text shown to people, :mod:`servicekit.typing` for
the type aliases of the API and :mod:`servicekit.exceptions`.

Example:
    >>> import servicekit
    >>> servicekit.__version__  # doctest: +ELLIPSIS
    '...'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicekit import channels, exceptions, hours, i18n, onboarding, replies, sla

__all__ = ["__version__", "channels", "exceptions", "hours", "i18n", "onboarding", "replies", "sla"]

_SUBMODULES = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - module attributes have many types
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - served lazily

        return version("servicekit")
    if name in _SUBMODULES:
        return importlib.import_module(f"servicekit.{name}")
    raise AttributeError(f"module 'servicekit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
