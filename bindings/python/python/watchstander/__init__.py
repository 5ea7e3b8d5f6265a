"""watchstander: the incident-management engine, from Python.

Submodules mirror the engine's modules; each function is one core operation and takes keyword
arguments in the documented JSON formats (``docs/operations.md``):

* :mod:`watchstander.time` — zones, DST resolution, wall-clock arithmetic, durations, RRULEs,
  business calendars.
* :mod:`watchstander.severity` — severity policies, SLA deadlines and clocks.
* :mod:`watchstander.schedule` — on-call schedules: who is on call and why, shifts, handoffs,
  gaps, DST, fairness, diffs, handoff reports, iCalendar.
* :mod:`watchstander.incident` — incidents from their events: replay, SLA clocks, timeline,
  update cadence, status updates, stakeholder plan, war-room names.

Types of every input and output are in :mod:`watchstander.types`. Instants may be given as
timezone-aware ``datetime`` objects or RFC 3339 strings and come back as aware ``datetime``
objects in UTC. Errors are subclasses of :class:`watchstander.Error`.
"""

from __future__ import annotations

from typing import Any, List, Tuple

from . import _native
from .errors import (
    AwareLocalTimeError,
    Error,
    IncidentError,
    InputError,
    InternalError,
    NaiveDatetimeError,
    ScheduleError,
    SeverityError,
    TimeError,
)
from . import types, time, severity, schedule, incident  # noqa: E402

__version__: str = _native.core_version()


def call(op: str, **payload: Any) -> Any:
    """Runs any core operation by name, e.g. ``call("time.parse_duration", duration="PT1H")``."""
    return _native.call(op, payload)


def operations() -> List[Tuple[str, str]]:
    """``(name, summary)`` for every core operation."""
    return list(_native.operations())


__all__ = [
    "__version__",
    "call",
    "operations",
    "types",
    "time",
    "severity",
    "schedule",
    "incident",
    "Error",
    "InputError",
    "TimeError",
    "NaiveDatetimeError",
    "AwareLocalTimeError",
    "SeverityError",
    "ScheduleError",
    "IncidentError",
    "InternalError",
]
