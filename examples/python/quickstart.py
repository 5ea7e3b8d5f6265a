"""Quick start from Python: DST-aware local times, business days, an SLA clock, who is on
call, and an incident replayed from its events.

Run with `python examples/python/quickstart.py` after `pip install ./bindings/python`.
"""

import json
from datetime import datetime, timezone
from pathlib import Path

import watchstander

EXAMPLES = Path(__file__).resolve().parent.parent

# 02:30 does not exist in New York on 8 March 2026: moved forward by the gap, never dropped.
handoff = watchstander.time.resolve_local(zone="America/New_York", local=datetime(2026, 3, 8, 2, 30))
print("02:30 New York →", handoff["instant"], handoff["adjustment"]["kind"])
assert handoff["instant"] == datetime(2026, 3, 8, 7, 30, tzinfo=timezone.utc)

# One business day from Friday 20:00 New York is the close of Monday.
calendar = {
    "zone": "America/New_York",
    "hours": {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
}
due = watchstander.time.business_add(
    calendar=calendar, start=datetime(2026, 11, 28, 1, tzinfo=timezone.utc), duration="P1D"
)
print("1 business day after Friday 20:00 →", due["instant"], f"({due['local']} local)")
assert due["instant"] == datetime(2026, 11, 30, 22, tzinfo=timezone.utc)

# A SEV-2 response clock (1 hour, 24×7) paused for 30 minutes.
status = watchstander.severity.sla_status(
    clock={
        "target": {"within": "PT1H"},
        "started_at": datetime(2026, 11, 26, 10, tzinfo=timezone.utc),
        "pauses": [
            {
                "from": datetime(2026, 11, 26, 10, 20, tzinfo=timezone.utc),
                "until": datetime(2026, 11, 26, 10, 50, tzinfo=timezone.utc),
                "reason": "waiting on the vendor",
            }
        ],
    },
    now=datetime(2026, 11, 26, 11, tzinfo=timezone.utc),
)
print("SEV-2 deadline", status["deadline"], "remaining", status["remaining_seconds"], "s")
assert status["deadline"] == datetime(2026, 11, 26, 11, 30, tzinfo=timezone.utc)

# Who is on call: a weekly rotation handing off on Mondays at 09:00 London time, the day
# after the clocks went forward (so 08:00 UTC), and why.
weekly = json.loads((EXAMPLES / "schedules" / "weekly.json").read_text(encoding="utf-8"))
now = watchstander.schedule.oncall(schedule=weekly, at=datetime(2026, 3, 30, 8, 30, tzinfo=timezone.utc))
primary = now["on_call"][0]
print("on call:", primary["person"], "—", primary["why"])
assert primary["person"] == "alice"
assert primary["shift"]["start"] == datetime(2026, 3, 30, 8, tzinfo=timezone.utc)

# An incident is the fold of its events, in any order they arrive.
events = json.loads((EXAMPLES / "incidents" / "inc-1042-events.json").read_text(encoding="utf-8"))
config = json.loads((EXAMPLES / "incidents" / "config.json").read_text(encoding="utf-8"))
r = watchstander.incident.replay(
    events=events, config=config, now=datetime(2026, 11, 26, 11, 40, tzinfo=timezone.utc)
)
print(r["incident"]["id"], r["incident"]["status"], "resolve by", r["sla"]["resolve"]["deadline"], r["war_room"])
assert r["incident"]["status"] == "monitoring"
assert r["sla"]["resolve"]["deadline"] == datetime(2026, 11, 27, 9, 52, tzinfo=timezone.utc)

try:
    watchstander.time.to_local(zone="UTC", instant=datetime(2026, 1, 1))
except watchstander.NaiveDatetimeError as err:
    print("naive datetimes are refused:", err.code)
