"""Support for the handle classes (``schedule.CompiledSchedule``, ``incident.LiveIncident``, ...):
rebuilding a handle from its state, which is how they pickle."""

from __future__ import annotations

from typing import Any, Mapping, Type, TypeVar

from . import _native

H = TypeVar("H", bound=_native.Handle)


def rebuild(cls: Type[H], kind: str, state: Mapping[str, Any]) -> H:
    """The handle of class ``cls`` restored from ``state`` (what ``_state()`` gave)."""
    return _native.Handle.__new__(cls, kind, state, True)
