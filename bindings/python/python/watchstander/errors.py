"""The exception hierarchy of watchstander.

Every error raised by the library is a :class:`Error`. The class says which module's input was
wrong: a bad zone inside a schedule document raises :class:`ScheduleError` (and, because the
zone is a time concept, the exception is also a :class:`TimeError`). ``code`` is the stable
machine-readable identifier documented in ``docs/errors.md`` — the same code the Rust core, the
CLI and the Node package report — and ``details`` holds the error's typed fields, which are
also set as attributes (``err.name`` for an unknown zone).

Exceptions survive ``pickle`` (so they cross ``multiprocessing`` and ``ProcessPoolExecutor``).
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Tuple, Type


class Error(Exception):
    """Base class of every watchstander error.

    Attributes:
        code: stable snake_case identifier, e.g. ``"unknown_zone"``.
        module: the engine module the code belongs to: ``time``, ``severity``, ``schedule``,
            ``incident``, ``input`` or ``internal``.
        message: what is wrong and how to fix it.
        path: where in the input document, e.g. ``"layers[2].zone"`` (empty when the error is
            not about one place).
        details: the error's typed fields, e.g. ``{"name": "Mars/Base"}``.
        op: the operation that raised it, e.g. ``"schedule.shifts"`` (empty outside one).
    """

    code: str
    module: str
    message: str
    path: str
    details: Dict[str, Any]
    op: str

    def __init__(
        self,
        message: str = "",
        *,
        code: str = "error",
        module: str = "input",
        path: str = "",
        details: Optional[Mapping[str, Any]] = None,
        op: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.module = module
        self.path = path
        self.details = dict(details or {})
        self.op = op
        for key, value in self.details.items():
            if not hasattr(self, key):
                setattr(self, key, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        report = {
            "code": self.code,
            "module": self.module,
            "message": self.message,
            "path": self.path,
            "details": self.details,
        }
        return (_from_report, (report, self.op))


class InputError(Error, ValueError):
    """The input does not fit the documented format (wrong shape, unknown field, bad JSON)."""


class TimeError(Error, ValueError):
    """Zones, local times, durations, RRULEs, business calendars."""


class NaiveDatetimeError(TimeError):
    """A ``datetime`` without ``tzinfo`` (code ``naive_datetime``), or text without a UTC offset
    (code ``naive_timestamp``), was given where an instant is needed."""


class AwareLocalTimeError(TimeError):
    """A ``datetime`` with ``tzinfo`` was given where a local wall-clock time is needed."""


class SeverityError(Error, ValueError):
    """Severity policies and SLA clocks."""


class ScheduleError(Error, ValueError):
    """On-call schedules."""


class IncidentError(Error, ValueError):
    """Incidents and their events."""


class AlertError(Error, ValueError):
    """Alerts, matchers, routes, silences, inhibition rules and alert payloads."""


class EscalationError(Error, ValueError):
    """Escalation policies, people and notification plans."""
class RunbookError(Error, ValueError):
    """Runbooks: Markdown structure, front matter, step fields, matchers, remediation plans."""


class PostmortemError(Error, ValueError):
    """Post-mortems: Markdown structure, action items, policies, blameless-lint configuration."""
class MetricsError(Error, ValueError):
    """Metrics inputs: the window, columnar arrays, settings, people."""


class InternalError(Error, RuntimeError):
    """A bug inside watchstander (a caught panic). Please report it with the input."""


_BY_MODULE: Dict[str, Type[Error]] = {
    "input": InputError,
    "time": TimeError,
    "severity": SeverityError,
    "schedule": ScheduleError,
    "incident": IncidentError,
    "alert": AlertError,
    "escalation": EscalationError,
    "runbook": RunbookError,
    "postmortem": PostmortemError,
    "metrics": MetricsError,
    "internal": InternalError,
}

_BY_CODE: Dict[str, Type[Error]] = {
    "naive_datetime": NaiveDatetimeError,
    "naive_timestamp": NaiveDatetimeError,
    "aware_local_time": AwareLocalTimeError,
}

_COMBINED: Dict[Tuple[Type[Error], Type[Error]], Type[Error]] = {}


def _class_for(module: str, code: str, op: str) -> Type[Error]:
    if code in _BY_CODE:
        return _BY_CODE[code]
    if module in ("input", "internal"):
        return _BY_MODULE[module]
    origin = _BY_MODULE.get(module, Error)
    surface = _BY_MODULE.get(op.split(".", 1)[0], origin) if op else origin
    if surface is origin or issubclass(surface, origin):
        return surface
    key = (surface, origin)
    if key not in _COMBINED:
        # Both: raised for the module whose input was wrong, and of the kind of error it is.
        _COMBINED[key] = type(surface.__name__, (surface, origin), {"__module__": __name__})
    return _COMBINED[key]


def _from_report(report: Mapping[str, Any], op: str = "") -> Error:
    """Builds the exception for an error report of the core (``code``, ``module``,
    ``message``, ``path``, ``details``)."""
    module = str(report.get("module", "input"))
    code = str(report.get("code", "error"))
    cls = _class_for(module, code, op)
    return cls(
        str(report.get("message", "")),
        code=code,
        module=module,
        path=str(report.get("path") or ""),
        details=report.get("details") or {},
        op=op,
    )


__all__ = [
    "Error",
    "InputError",
    "TimeError",
    "NaiveDatetimeError",
    "AwareLocalTimeError",
    "SeverityError",
    "ScheduleError",
    "IncidentError",
    "AlertError",
    "EscalationError",
    "RunbookError",
    "PostmortemError",
    "MetricsError",
    "InternalError",
]
