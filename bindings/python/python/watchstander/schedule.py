"""On-call schedules: who is on call and why, shifts, handoffs, gaps, DST, totals, fairness,
diffs and handoff reports. See ``docs/schedule.md`` for the semantics and
``docs/formats/schedule.md`` for the schedule document.

Every function compiles the schedule over the window it is given (``from_``/``to``; Python
spells the JSON key ``from`` as ``from_``) and answers from the compiled timeline. Instants may
be aware ``datetime`` objects or RFC 3339 strings and come back as aware ``datetime`` objects in
UTC; a naive ``datetime`` raises :class:`watchstander.NaiveDatetimeError`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ._convert import call as _call
from ._types import Instant, Json


def _window(from_: Optional[Instant], to: Optional[Instant]) -> Dict[str, Any]:
    return {"from": from_, "to": to}


def validate(*, schedule: Json) -> Dict[str, Any]:
    """Checks a schedule document; returns a summary of its layers and everyone it can put on call."""
    return _call("schedule.validate", {"schedule": schedule})


def compile(*, schedule: Json, from_: Instant, to: Instant) -> Dict[str, Any]:  # noqa: A001
    """The final timeline of ``[from_, to)``: shifts, shadow shifts, handoffs, gaps, turns DST
    squeezed to nothing, swap outcomes, time-off conflicts and lint notices."""
    return _call("schedule.compile", {"schedule": schedule, **_window(from_, to)})


def oncall(*, schedule: Json, at: Instant, window: Optional[Json] = None) -> Dict[str, Any]:
    """Who is on call at ``at``, why (which layer, override, swap, temporary schedule or time-off
    reassignment), who shadows them, and when that next changes. ``window`` (``{"start", "end"}``)
    is the span compiled around ``at`` (default 45 days either side)."""
    return _call("schedule.oncall", {"schedule": schedule, "at": at, "window": window})


def oncall_many(
    *, schedule: Json, at: List[Instant], window: Optional[Json] = None
) -> Dict[str, Any]:
    """Who is on call at each instant of ``at`` (at most 1 000 000): ``{"window", "on_call"}``,
    where ``on_call[i]`` lists the person ids on call at ``at[i]`` (as ``oncall``'s
    ``on_call[].person``). The schedule is compiled once, over ``window`` (default: 45 days
    before the earliest instant to 45 days after the latest), and each instant is a binary
    search. Use ``oncall`` for the reasons."""
    return _call("schedule.oncall_many", {"schedule": schedule, "at": at, "window": window})


def shifts(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    layer: Optional[str] = None,
    person: Optional[str] = None,
    include_shadows: Optional[bool] = None,
) -> Dict[str, Any]:
    """Final shifts overlapping the window, each with its reason; with ``layer``, that layer's own
    shifts (before other layers and overrides); with ``person``, only theirs."""
    return _call(
        "schedule.shifts",
        {
            "schedule": schedule,
            **_window(from_, to),
            "layer": layer,
            "person": person,
            "include_shadows": include_shadows,
        },
    )


def handoffs(
    *,
    schedule: Json,
    from_: Optional[Instant] = None,
    to: Optional[Instant] = None,
    after: Optional[Instant] = None,
    count: Optional[int] = None,
    within_days: Optional[int] = None,
) -> Dict[str, Any]:
    """Handoffs (changes of who is on call) in ``[from_, to)``, or the next ``count`` after
    ``after`` (searched within ``within_days``, default 45)."""
    return _call(
        "schedule.handoffs",
        {
            "schedule": schedule,
            **_window(from_, to),
            "after": after,
            "count": count,
            "within_days": within_days,
        },
    )


def gaps(*, schedule: Json, from_: Instant, to: Instant) -> Dict[str, Any]:
    """Intervals with nobody on call, their total hours and the coverage ratio."""
    return _call("schedule.gaps", {"schedule": schedule, **_window(from_, to)})


def dst(*, schedule: Json, from_: Instant, to: Instant) -> Dict[str, Any]:
    """Shifts whose handoffs DST moved or whose length DST changed, and turns a DST gap squeezed
    to zero length."""
    return _call("schedule.dst", {"schedule": schedule, **_window(from_, to)})


def totals(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    weights: Optional[Json] = None,
    night: Optional[str] = None,
    opening_balance: Optional[Dict[str, float]] = None,
    people: Optional[List[str]] = None,
) -> Dict[str, Any]:
    """Each person's hours on call, night hours, weekend hours and holiday hours, read on their
    own wall clock and calendar."""
    return _call(
        "schedule.totals",
        {
            "schedule": schedule,
            **_window(from_, to),
            "weights": weights,
            "night": night,
            "opening_balance": opening_balance,
            "people": people,
        },
    )


def fairness(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    weights: Optional[Json] = None,
    night: Optional[str] = None,
    opening_balance: Optional[Dict[str, float]] = None,
    people: Optional[List[str]] = None,
) -> Dict[str, Any]:
    """The weighted fairness ledger: points per person (hours, plus extra for nights, weekends
    and holidays), opening balances, the fair share and everyone's distance from it."""
    return _call(
        "schedule.fairness",
        {
            "schedule": schedule,
            **_window(from_, to),
            "weights": weights,
            "night": night,
            "opening_balance": opening_balance,
            "people": people,
        },
    )


def diff(*, before: Json, after: Json, from_: Instant, to: Instant) -> Dict[str, Any]:
    """Who gains and who loses on-call time between two versions of a schedule."""
    return _call("schedule.diff", {"before": before, "after": after, **_window(from_, to)})


def handoff_report(
    *,
    schedule: Json,
    at: Instant,
    incidents: Optional[List[Json]] = None,
    window: Optional[Json] = None,
) -> Dict[str, Any]:
    """The handoff at (or next after) ``at``: who hands to whom, both shifts' facts, pages during
    the outgoing shift (from ``incidents``: ``{"id", "at", "title"?}``), gaps ahead, and a few
    lines of text for a chat message."""
    return _call(
        "schedule.handoff_report",
        {"schedule": schedule, "at": at, "incidents": incidents, "window": window},
    )


def ical(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    now: Instant,
    person: Optional[str] = None,
    times: Optional[str] = None,
    zone: Optional[str] = None,
    include_shadows: Optional[bool] = None,
    include_gaps: Optional[bool] = None,
    alarm_minutes: Optional[int] = None,
) -> Dict[str, Any]:
    """iCalendar (RFC 5545) text of the shifts overlapping ``[from_, to)`` — the whole schedule's,
    or ``person``'s — under ``"ics"``, with the events listed under ``"events"``. ``now`` is the
    export time (``DTSTAMP``). ``times``: ``"utc"`` (default) or ``"zoned"`` (in ``zone``, else
    the member's or the schedule's zone, with a VTIMEZONE). UIDs are stable across exports."""
    return _call(
        "schedule.ical",
        {
            "schedule": schedule,
            **_window(from_, to),
            "now": now,
            "person": person,
            "times": times,
            "zone": zone,
            "include_shadows": include_shadows,
            "include_gaps": include_gaps,
            "alarm_minutes": alarm_minutes,
        },
    )
