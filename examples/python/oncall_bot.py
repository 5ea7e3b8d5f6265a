"""A small on-call bot, typed end to end (``mypy --strict`` checks it in CI).

It uses every module of watchstander the way a bot would: a compiled schedule kept in memory,
an incident fed its events as they arrive, the escalation plan for it, an alert webhook turned
into watchstander alerts and routed, the runbook for it checked, a post-mortem drafted and its
wording linted, the month's response metrics, SLA deadlines and business time.

Run with ``python examples/python/oncall_bot.py`` after ``pip install ./bindings/python``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import List

import watchstander
from watchstander import (
    alert,
    escalation,
    incident,
    metrics,
    postmortem,
    runbook,
    schedule,
    severity,
    time,
)
from watchstander.types import (
    AlertConfig,
    BusinessCalendar,
    EscalationPolicy,
    IncidentEvent,
    Schedule,
)

EXAMPLES = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 26, 10, 30, tzinfo=timezone.utc)

# --- time: a local handoff time, and one business day on a calendar --------------------------
handoff = time.resolve_local(zone="America/New_York", local="2026-03-08T02:30:00")
assert handoff["adjustment"]["kind"] == "gap"  # 02:30 does not exist that night: moved, not lost
nine_to_five = ["09:00-17:00"]
calendar: BusinessCalendar = {
    "zone": "Europe/London",
    "hours": {"mon": nine_to_five, "tue": nine_to_five, "wed": nine_to_five,
              "thu": nine_to_five, "fri": nine_to_five},
}
due = time.business_add(calendar=calendar, start=NOW, duration="P1D")
print("one business day from now:", due["instant"].isoformat())

# --- severity: the SEV-2 response deadline -----------------------------------------------------
deadline = severity.deadline(severity="SEV-2", kind="response", start=NOW)
assert deadline["deadline"] is not None
print("SEV-2 must be answered by", deadline["deadline"].isoformat())

# --- schedule: compile once, then ask many times ----------------------------------------------
weekly: Schedule = json.loads((EXAMPLES / "schedules" / "weekly.json").read_text())
compiled = schedule.CompiledSchedule(weekly, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z")
on_call: List[str] = compiled.responders(NOW)
why = compiled.oncall(NOW)["on_call"][0]["why"]
print("on call now:", ", ".join(on_call), "-", why)
for h in compiled.handoffs(from_="2026-11-26T00:00:00Z", to="2026-12-10T00:00:00Z")[:2]:
    print("handoff at", h["at"].isoformat(), h["from"], "->", h["to"])

# --- incident: events as they arrive ------------------------------------------------------------
events: List[IncidentEvent] = json.loads(
    (EXAMPLES / "incidents" / "inc-1042-events.json").read_text()
)
live = incident.LiveIncident()
for event in events:
    result = live.apply(event)
    assert result["outcome"] in ("appended", "inserted")
status = live.status(datetime(2026, 11, 26, 11, 40, tzinfo=timezone.utc))
print("resolve deadline:", status["sla"]["resolve"]["deadline"])

# --- escalation: who will be paged if nobody acknowledges --------------------------------------
policy: EscalationPolicy = {
    "id": "payments",
    "levels": [
        {"targets": [{"schedule": weekly["id"]}], "delay": "PT10M"},
        {"targets": [{"person": "carol"}], "delay": "PT15M"},
    ],
}
plan = escalation.plan(
    policies=[policy],
    schedules=[weekly],
    people=[{"id": p} for p in ("alice", "bob", "chen", "carol")],
    incident={"id": "INC-1042", "created": NOW, "policy": "payments"},
)
for n in plan["notifications"][:3]:
    print("page", n["person"], "at", n["at"].isoformat(), "level", n["level"])

# --- alert: an Alertmanager webhook, normalised and routed -----------------------------------
webhook = {
    "version": "4",
    "status": "firing",
    "receiver": "team",
    "groupKey": "{}:{alertname=\"HighLatency\"}",
    "commonLabels": {"alertname": "HighLatency"},
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "HighLatency", "service": "payments", "severity": "page"},
            "annotations": {"summary": "p99 above 2 s"},
            "startsAt": "2026-11-26T10:29:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "fingerprint": "1a2b",
        }
    ],
}
alerts = alert.normalize(source="alertmanager", payload=webhook)["alerts"]
config: AlertConfig = {
    "route": {
        "receiver": "default",
        "routes": [{"matchers": ["service=\"payments\""], "receiver": "payments", "continue": False}],
    },
    "receivers": [{"name": "default"}, {"name": "payments"}],
}
routed = alert.route(config=config, labels=alerts[0]["labels"])
print("routed to", [r["receiver"] for r in routed["routes"]])

# --- runbook: the team's Markdown runbook, checked like code -----------------------------------
runbook_text = (EXAMPLES / "runbooks" / "api-high-latency.md").read_text()
report = runbook.lint(markdown=runbook_text, now=NOW)
for finding in report["findings"][:3]:
    print(f"runbook line {finding['line']}: {finding['message']}")

# --- postmortem: a draft from the incident's own events, and a blameless-language check ---------
resolved: List[IncidentEvent] = json.loads(
    (EXAMPLES / "postmortems" / "inc-1042-events.json").read_text()
)  # the same incident, resolved at 11:55
draft = postmortem.draft(
    events=resolved, now=datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc), zone="Europe/London"
)
print("post-mortem required:", draft["requirement"]["required"], "-", draft["requirement"]["reason"])
for f in postmortem.blameless(text="The outage was caused by human error.")["findings"]:
    print(f"line {f['line']}: {f['message']} (try: {f.get('suggestion')})")

# --- metrics: how the month went, from the incidents' own event histories ----------------------
month = metrics.response(
    start="2026-11-01T00:00:00Z",
    end="2026-12-01T00:00:00Z",
    zone="Europe/London",
    incident_histories=[events],
)
mtta = month["response"]["overall"]["time_to_acknowledge"]
print("incidents:", mtta["count"], "MTTA seconds:", mtta["mean_seconds"])

# --- errors are typed, with fields ---------------------------------------------------------
try:
    time.to_local(zone="Mars/Olympus_Mons", instant=NOW)
except watchstander.TimeError as e:
    print("refused:", e.code, e.details)
