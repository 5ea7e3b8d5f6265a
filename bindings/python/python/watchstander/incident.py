"""Incidents as the fold of their events: replay, late events, SLA clocks, the timeline, update
cadence, rendered status updates, the stakeholder plan and war-room names.

See ``docs/incident.md`` for the semantics and ``docs/formats/incident.md`` for the JSON.
Events are dicts in the documented format; their ``occurred_at`` and ``recorded_at`` may be
timezone-aware ``datetime`` objects. Instants in results are aware ``datetime`` objects in UTC.
Errors are :class:`watchstander.IncidentError` (or another :class:`watchstander.Error`
subclass) with a stable ``code``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ._convert import call as _call
from ._types import Instant, Json


def replay(*, events: List[Json], now: Optional[Instant] = None, config: Optional[Json] = None) -> Dict[str, Any]:
    """Folds ``events`` (in any order; identical duplicates ignored) into the incident, with its
    facts and SLA clocks at ``now`` (default: the last event) and its war-room name."""
    return _call("incident.replay", {"config": config, "events": events, "now": now})


def apply(*, apply: List[Json], events: Optional[List[Json]] = None, config: Optional[Json] = None) -> Dict[str, Any]:
    """Applies ``apply`` one by one to the history ``events``. Each result is ``appended``,
    ``inserted`` (a late event, placed in order), ``duplicate`` or ``rejected`` (with the error;
    a rejected event changes nothing)."""
    return _call("incident.apply", {"config": config, "events": events, "apply": apply})


def timeline(
    *,
    events: List[Json],
    zone: Optional[str] = None,
    audience: Optional[str] = None,
    markdown: Optional[bool] = None,
    config: Optional[Json] = None,
) -> Dict[str, Any]:
    """The human-readable timeline in ``zone`` (default UTC) for ``audience`` (``internal``
    default, ``executive`` or ``external``); ``markdown=True`` adds a Markdown table."""
    return _call(
        "incident.timeline",
        {"config": config, "events": events, "zone": zone, "audience": audience, "markdown": markdown},
    )


def next_update(*, events: List[Json], now: Instant, config: Optional[Json] = None) -> Dict[str, Any]:
    """When each audience's next status update is due at ``now``, and which are overdue."""
    return _call("incident.next_update", {"config": config, "events": events, "now": now})


def status_update(
    *,
    events: List[Json],
    now: Instant,
    audience: str,
    format: Optional[str] = None,
    zone: Optional[str] = None,
    message: Optional[str] = None,
    template: Optional[Json] = None,
    fields: Optional[Mapping[str, str]] = None,
    config: Optional[Json] = None,
) -> Dict[str, Any]:
    """Renders a status update for ``audience`` as ``markdown`` (default), ``text``, ``slack``
    (Block Kit) or ``teams`` (Adaptive Card). ``template`` is ``{"title", "body"?, "facts"?}``
    with ``{placeholders}`` only; ``fields`` adds placeholders of your own."""
    return _call(
        "incident.status_update",
        {
            "config": config,
            "events": events,
            "now": now,
            "audience": audience,
            "format": format,
            "zone": zone,
            "message": message,
            "template": template,
            "fields": dict(fields) if fields is not None else None,
        },
    )


def plan(*, events: List[Json], now: Instant, config: Optional[Json] = None) -> Dict[str, Any]:
    """The stakeholder notification plan at ``now``: who must be told what, by when."""
    return _call("incident.plan", {"config": config, "events": events, "now": now})


def war_room_name(
    *,
    title: str,
    detected_at: Instant,
    incident_id: Optional[str] = None,
    rule: Optional[Json] = None,
    taken: Optional[List[str]] = None,
) -> Dict[str, Any]:
    """A safe war-room (chat channel) name such as ``inc-2026-11-26-payments-latency``."""
    return _call(
        "incident.war_room_name",
        {"title": title, "detected_at": detected_at, "incident_id": incident_id, "rule": rule, "taken": taken},
    )


def transitions(*, from_: Optional[str] = None) -> Dict[str, Any]:
    """The status transition table (only the row of ``from_`` when given)."""
    return _call("incident.transitions", {"from": from_})


__all__ = [
    "replay",
    "apply",
    "timeline",
    "next_update",
    "status_update",
    "plan",
    "war_room_name",
    "transitions",
]
