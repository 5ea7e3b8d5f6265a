"""The mixed incident history of the Rust incident benchmark, in Python: the same generator
(mulberry32, seed 7; notes, status updates, severity changes, status changes, resolutions and
reopenings, role changes, participants, acknowledgements, impact windows, follow-ups; 1-9 s
apart), yielding event dicts as a Python program would receive them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterator, List, Optional

SEVERITIES = ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]
EXCLUSIVE = ["incident_commander", "communications_lead", "scribe", "operations_lead"]
PEOPLE = 24
OPEN = {"triage", "investigating", "identified", "monitoring"}
M32 = 0xFFFFFFFF


def mulberry32(seed: int):
    state = seed & M32

    def nxt() -> int:
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32
        return (t ^ (t >> 14)) & M32

    return nxt


def mixed(n: int) -> Iterator[Dict[str, Any]]:
    rng = mulberry32(7)
    t = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    status, severity = "triage", 2
    holders: List[Optional[int]] = [None] * 4
    experts: List[int] = []
    present = [False] * PEOPLE
    impact_open = False

    def note(r: int) -> Dict[str, Any]:
        return {"kind": "note", "text": f"checked shard {r % 97}"}

    for i in range(n):
        r = rng()
        if i == 0:
            actor, kind = 0, {"kind": "detected", "title": "Checkout errors", "severity": SEVERITIES[severity],
                              "alerts": ["am-1"], "service": "payments-api"}
        else:
            t += timedelta(seconds=1 + r % 9)
            rr = r >> 4
            pick = rr >> 8
            person = pick % PEOPLE
            is_open = status in OPEN
            k = rr % 100
            if k <= 24:
                kind = note(rr)
            elif k <= 39:
                kind = {"kind": "status_update_posted", "audience": ["internal", "executive", "external"][pick % 3],
                        "text": "We are still working on it"}
            elif k <= 49:
                severity = (severity + 1 + pick % 3) % 4
                kind = {"kind": "severity_changed", "to": SEVERITIES[severity], "reason": "re-assessed"}
            elif 50 <= k <= 59 and is_open:
                choices = [s for s in ("investigating", "identified", "monitoring") if s != status]
                status = choices[pick % 2] if pick % 2 < len(choices) else "investigating"
                kind = {"kind": "status_changed", "to": status}
            elif 60 <= k <= 64 and is_open:
                status = "resolved"
                kind = {"kind": "status_changed", "to": "resolved", "reason": "fixed"}
            elif 50 <= k <= 69 and not is_open:
                if status == "resolved" and pick % 4 == 0:
                    status = "post_incident"
                    kind = {"kind": "status_changed", "to": "post_incident"}
                else:
                    status = "investigating"
                    kind = {"kind": "reopened", "to": "investigating", "reason": "it came back"}
            elif 65 <= k <= 74:
                slot = pick % 5
                if slot < 4:
                    if holders[slot] == person:
                        kind = note(rr)
                    else:
                        holders[slot] = person
                        present[person] = True
                        kind = {"kind": "role_assigned", "role": EXCLUSIVE[slot], "person": f"p{person:02}"}
                elif person in experts:
                    kind = note(rr)
                else:
                    experts.append(person)
                    present[person] = True
                    kind = {"kind": "role_assigned", "role": "subject_matter_expert", "person": f"p{person:02}"}
            elif 75 <= k <= 79:
                if experts:
                    p = experts.pop()
                    kind = {"kind": "role_released", "role": "subject_matter_expert", "person": f"p{p:02}"}
                else:
                    kind = note(rr)
            elif 80 <= k <= 84:
                if present[person]:
                    present[person] = False
                    holders = [None if h == person else h for h in holders]
                    experts = [p for p in experts if p != person]
                    kind = {"kind": "participant_left", "person": f"p{person:02}"}
                else:
                    present[person] = True
                    kind = {"kind": "participant_joined", "person": f"p{person:02}"}
            elif 85 <= k <= 89 and is_open:
                kind = {"kind": "acknowledged"}
            elif 90 <= k <= 93:
                if impact_open:
                    impact_open = False
                    kind = {"kind": "impact_ended"}
                else:
                    impact_open = True
                    kind = {"kind": "impact_started", "description": "slow checkouts"}
            elif 94 <= k <= 95:
                kind = {"kind": "follow_up_created", "title": f"fix shard {rr % 97}", "owner": f"p{person:02}"}
            else:
                kind = note(rr)
            actor = (r >> 20) % PEOPLE
        stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        yield {"id": f"e{i}", "incident": "INC-1", "occurred_at": stamp, "recorded_at": stamp,
               "actor": f"p{actor:02}", **kind}
