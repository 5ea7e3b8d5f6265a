"""Zones, DST resolution, wall-clock arithmetic, ISO 8601 durations, RRULEs and business
calendars. See ``docs/time.md`` for the semantics and ``docs/formats.md`` for the JSON."""

from __future__ import annotations

from typing import Any, Dict, Optional

from ._convert import call as _call, local_text as _local
from ._types import Instant, Json, LocalTime


def resolve_local(*, zone: str, local: LocalTime, disambiguation: Optional[str] = None) -> Dict[str, Any]:
    """Turns a local wall-clock time in ``zone`` into an instant.

    ``disambiguation`` decides DST gaps and folds: ``compatible`` (default: gap → forward by the
    gap, fold → first), ``earlier``, ``later``, ``end_of_gap`` or ``reject``. The result's
    ``adjustment`` says what was done.
    """
    return _call(
        "time.resolve_local",
        {"zone": zone, "local": _local(local, "local"), "disambiguation": disambiguation},
    )


def to_local(*, zone: str, instant: Instant) -> Dict[str, Any]:
    """The local wall-clock time and UTC offset of ``instant`` in ``zone``."""
    return _call("time.to_local", {"zone": zone, "instant": instant})


def add(
    *, zone: str, start: Instant, amount: int, unit: str, disambiguation: Optional[str] = None
) -> Dict[str, Any]:
    """Adds ``amount`` minutes/hours/days/weeks/months/years of wall-clock time in ``zone``."""
    return _call(
        "time.add",
        {"zone": zone, "start": start, "amount": amount, "unit": unit, "disambiguation": disambiguation},
    )


def parse_duration(*, duration: str) -> Dict[str, Any]:
    """Parses an ISO 8601 duration such as ``"PT15M"``; returns its parts and canonical form."""
    return _call("time.parse_duration", {"duration": duration})


def recurrence(
    *,
    rrule: str,
    start: Instant,
    end: Instant,
    limit: Optional[int] = None,
    disambiguation: Optional[str] = None,
) -> Dict[str, Any]:
    """Expands an RRULE with a zoned DTSTART into the occurrences in ``[start, end)``."""
    return _call(
        "time.recurrence",
        {"rrule": rrule, "start": start, "end": end, "limit": limit, "disambiguation": disambiguation},
    )


def business_add(*, calendar: Json, start: Instant, duration: str) -> Dict[str, Any]:
    """Adds an ISO duration of business time (``P1D`` = one business day) on ``calendar``."""
    return _call("time.business_add", {"calendar": calendar, "start": start, "duration": duration})


def business_between(*, calendar: Json, start: Instant, end: Instant) -> Dict[str, Any]:
    """Business time between two instants on ``calendar``."""
    return _call("time.business_between", {"calendar": calendar, "start": start, "end": end})


def next_business_instant(*, calendar: Json, at: Instant) -> Dict[str, Any]:
    """The first business instant at or after ``at``."""
    return _call("time.next_business_instant", {"calendar": calendar, "at": at})


def is_business_time(*, calendar: Json, at: Instant) -> Dict[str, Any]:
    """Whether ``at`` is inside business hours, and the holiday's name if it is one."""
    return _call("time.is_business_time", {"calendar": calendar, "at": at})
