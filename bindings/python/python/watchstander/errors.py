"""The exception hierarchy of watchstander.

Every error raised by the library is a :class:`Error`. Its subclass says which module of the
engine refused the input; ``code`` is the stable machine-readable identifier documented in
``docs/errors.md`` (the same code the Rust core and the Node package report).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional


class Error(Exception):
    """Base class of every watchstander error.

    Attributes:
        code: stable snake_case identifier, e.g. ``"unknown_zone"``.
        module: the engine module that raised it: ``time``, ``severity``, ``schedule``,
            ``incident``, ``input`` or ``internal``.
        message: what is wrong and how to fix it.
        path: where in the input document, e.g. ``"levels[2].response.within"`` (may be empty).
    """

    def __init__(self, code: str, module: str, message: str, path: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.module = module
        self.message = message
        self.path = path

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class InputError(Error, ValueError):
    """The input does not fit the documented format (wrong shape, unknown field, bad JSON)."""


class TimeError(Error, ValueError):
    """Zones, local times, durations, RRULEs, business calendars."""


class NaiveDatetimeError(TimeError):
    """A ``datetime`` without ``tzinfo`` was given where an instant is needed."""


class SeverityError(Error, ValueError):
    """Severity policies and SLA clocks."""


class ScheduleError(Error, ValueError):
    """On-call schedules."""


class IncidentError(Error, ValueError):
    """Incidents and their events."""


class InternalError(Error, RuntimeError):
    """A bug inside watchstander (a caught panic). Please report it with the input."""


_BY_MODULE = {
    "input": InputError,
    "time": TimeError,
    "severity": SeverityError,
    "schedule": ScheduleError,
    "incident": IncidentError,
    "internal": InternalError,
}


def from_envelope(err: Mapping[str, Any]) -> Error:
    """Builds the exception for an error envelope from the native core."""
    module = str(err.get("module", "input"))
    cls = _BY_MODULE.get(module, Error)
    return cls(
        code=str(err.get("code", "unknown")),
        module=module,
        message=str(err.get("message", "")),
        path=str(err.get("path", "")),
    )


def naive(where: Optional[str], value: object) -> NaiveDatetimeError:
    at = f" at {where}" if where else ""
    return NaiveDatetimeError(
        code="naive_datetime",
        module="time",
        message=(
            f"datetime {value!r}{at} has no tzinfo, so it does not name an instant: "
            "attach a zone, e.g. dt.replace(tzinfo=zoneinfo.ZoneInfo('Europe/London')) "
            "or datetime.now(timezone.utc)"
        ),
        path=where or "",
    )
