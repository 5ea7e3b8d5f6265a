"""Severity policies, SLA deadlines, SLA clocks and attainment. See ``docs/severity.md``."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ._convert import call as _call
from ._types import Instant, Json


def policy(*, policy: Optional[Json] = None) -> Dict[str, Any]:
    """Validates a severity policy; with no argument returns the default SEV-1..SEV-4."""
    return _call("severity.policy", {"policy": policy})


def deadline(*, severity: str, kind: str, start: Instant, policy: Optional[Json] = None) -> Dict[str, Any]:
    """The deadline of a level's ``"response"`` or ``"resolve"`` target from ``start``."""
    return _call("severity.deadline", {"policy": policy, "severity": severity, "kind": kind, "start": start})


def sla_status(*, clock: Json, now: Instant, policy: Optional[Json] = None) -> Dict[str, Any]:
    """The state of an SLA clock at ``now``: deadline, elapsed, remaining, breach."""
    return _call("severity.sla_status", {"policy": policy, "clock": clock, "now": now})


def sla_replay(
    *,
    target: Json,
    started_at: Instant,
    now: Instant,
    changes: Optional[List[Json]] = None,
    policy: Optional[Json] = None,
) -> Dict[str, Any]:
    """Builds an SLA clock from ``{"at", "action": "pause"|"resume"|"stop", "reason"?}`` changes
    applied in order, and reports the clock and its status at ``now``."""
    return _call(
        "severity.sla_replay",
        {"policy": policy, "target": target, "started_at": started_at, "changes": changes, "now": now},
    )


def attainment(*, clocks: List[Json], now: Instant, policy: Optional[Json] = None) -> Dict[str, Any]:
    """SLA attainment (met ÷ decided) over a set of clocks, with each clock's status."""
    return _call("severity.attainment", {"policy": policy, "clocks": clocks, "now": now})


def suggest_upgrade(*, current: str, met: List[str], policy: Optional[Json] = None) -> Dict[str, Any]:
    """The more severe level whose escalation criteria include one of ``met``, if any."""
    return _call("severity.suggest_upgrade", {"policy": policy, "current": current, "met": met})
