"""watchstander: the incident-management engine, from Python.

Submodules mirror the engine's modules; each function mirrors one core operation and takes
keyword arguments in the JSON formats of ``docs/formats.md``:

* :mod:`watchstander.time` — zones, DST resolution, wall-clock arithmetic, durations, RRULEs,
  business calendars.
* :mod:`watchstander.severity` — severity policies, SLA deadlines and clocks.
* :mod:`watchstander.schedule` — on-call schedules: who is on call and why, shifts, handoffs,
  gaps, DST, fairness, diffs, handoff reports.
* :mod:`watchstander.incident` — incidents from their events: replay, SLA clocks, timeline,
  update cadence, status updates, stakeholder plan, war-room names.

Instants may be given as timezone-aware ``datetime`` objects or RFC 3339 strings and come back
as aware ``datetime`` objects in UTC. Errors are subclasses of :class:`watchstander.Error`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from . import _native
from ._convert import call as _call
from .errors import (
    Error,
    IncidentError,
    InputError,
    InternalError,
    NaiveDatetimeError,
    ScheduleError,
    SeverityError,
    TimeError,
)
from . import time, severity, schedule, incident  # noqa: E402  (submodules use the names above)

__version__: str = _native.core_version()


def call(op: str, **payload: Any) -> Any:
    """Runs any core operation by name, e.g. ``call("time.parse_duration", duration="PT1H")``."""
    return _call(op, payload)


def operations() -> List[Tuple[str, str]]:
    """``(name, summary)`` for every core operation."""
    return list(_native.operations())


__all__ = [
    "__version__",
    "call",
    "operations",
    "time",
    "severity",
    "schedule",
    "incident",
    "Error",
    "InputError",
    "TimeError",
    "NaiveDatetimeError",
    "SeverityError",
    "ScheduleError",
    "IncidentError",
    "InternalError",
]
