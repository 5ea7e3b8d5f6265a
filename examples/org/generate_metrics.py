#!/usr/bin/env python3
"""Writes examples/org/metrics.json: thirteen weeks of the sample team's incidents and pages.

Standard library only and a fixed-seed PRNG, so the file is the same on every run. The
incidents and pages are invented but shaped like a real payments team's: follow-the-sun pages
by time of day, a flapping disk alert that wakes the secondary at night, slow SEV-4s, a few
declined, merged and test incidents, and a handful of bad rows (a resolve before its trigger,
an acknowledgement after the resolution, a page to someone who left) for the data-quality
section.

    python3 examples/org/generate_metrics.py
"""

import json
import os
from datetime import datetime, timedelta, timezone

START = datetime(2026, 9, 7, tzinfo=timezone.utc)   # a Monday
END = datetime(2026, 12, 7, tzinfo=timezone.utc)    # thirteen weeks later


class Rng:
    """mulberry32: tiny, deterministic, the same in every language."""

    def __init__(self, seed):
        self.a = seed & 0xFFFFFFFF

    def next(self):
        self.a = (self.a + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    def pick(self, items):
        return items[int(self.next() * len(items))]

    def weighted(self, pairs):
        x = self.next() * sum(w for _, w in pairs)
        for item, w in pairs:
            x -= w
            if x < 0:
                return item
        return pairs[-1][0]

    def minutes(self, lo, hi):
        """Log-uniform minutes between lo and hi."""
        import math
        return math.exp(math.log(lo) + self.next() * (math.log(hi) - math.log(lo)))


rng = Rng(20261207)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")

SERVICES = ["payments-api", "ledger", "checkout", "fraud-scoring", "webhooks"]
RULES = {
    "payments-api": ["HighErrorRate", "HighLatencyP99"],
    "ledger": ["DiskFull", "ReplicationLag"],
    "checkout": ["HighErrorRate", "CheckoutSaturation"],
    "fraud-scoring": ["ModelTimeouts"],
    "webhooks": ["QueueBacklog", "DeliveryFailures"],
}
RUNBOOKS = {"HighErrorRate", "HighLatencyP99", "ReplicationLag", "QueueBacklog", "DiskFull"}
PRIMARY = {  # follow-the-sun day layers, by UTC hour, alternating weekly
    "apac": ["chen", "dana"],
    "emea": ["alice", "bob"],
    "amer": ["eve", "farid"],
}
SECONDARY = ["bob", "dana", "farid", "alice", "chen", "eve"]  # weekly, Monday 10:00 London
ANCHOR = datetime(2025, 1, 6, tzinfo=timezone.utc)


def primary(t):
    week = (t - ANCHOR).days // 7
    hour = t.hour
    region = "apac" if hour < 8 else "emea" if hour < 16 else "amer"
    team = PRIMARY[region]
    return team[week % 2]


def secondary(t):
    week = (t - ANCHOR - timedelta(hours=10)).days // 7
    return SECONDARY[week % 6]


incidents, pages = [], []
severity_weights = [("SEV-1", 3), ("SEV-2", 12), ("SEV-3", 30), ("SEV-4", 20)]
resolve_range = {"SEV-1": (20, 240), "SEV-2": (30, 600), "SEV-3": (45, 2880), "SEV-4": (120, 8000)}
n = 0
t = START
while True:
    t += timedelta(minutes=rng.minutes(200, 4000))
    if t >= END:
        break
    n += 1
    sev = rng.weighted(severity_weights)
    service = rng.pick(SERVICES)
    rule = rng.pick(RULES[service])
    trig = t.replace(microsecond=0)
    inc = {"id": f"INC-{1000 + n}", "triggered_at": iso(trig), "severity": sev, "service": service,
           "team": "payments-sre"}
    kind = rng.next()
    if kind < 0.04:
        inc["excluded"] = "declined"
    elif kind < 0.07:
        inc["excluded"] = "merged"
    elif kind < 0.09:
        inc["excluded"] = "test"
    ack = None
    if rng.next() > 0.06:
        ack = trig + timedelta(minutes=rng.minutes(0.5, 35 if sev != "SEV-4" else 240))
        inc["acknowledged_at"] = iso(ack.replace(microsecond=0))
    lo, hi = resolve_range[sev]
    resolved = trig + timedelta(minutes=rng.minutes(lo, hi))
    if resolved < END - timedelta(hours=6) or rng.next() < 0.5:
        if ack and resolved <= ack:
            resolved = ack + timedelta(minutes=5)
        mitigated = trig + (resolved - trig) * (0.3 + 0.6 * rng.next())
        if ack and mitigated < ack:
            mitigated = ack
        inc["mitigated_at"] = iso(mitigated.replace(microsecond=0))
        inc["resolved_at"] = iso(resolved.replace(microsecond=0))
    if sev in ("SEV-1", "SEV-2") and rng.next() < 0.6:
        inc["impact_started_at"] = iso((trig - timedelta(minutes=rng.minutes(1, 25))).replace(microsecond=0))
    inc["runbook"] = rule in RUNBOOKS if rng.next() > 0.1 else None
    if inc["runbook"] is None:
        del inc["runbook"]
    if sev in ("SEV-1", "SEV-2") and "resolved_at" in inc and "excluded" not in inc:
        r = datetime.strptime(inc["resolved_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        x = rng.next()
        if x < 0.55:
            inc["postmortem"] = {"completed_at": iso(r + timedelta(days=2 + int(rng.next() * 4), hours=3))}
        elif x < 0.8:
            inc["postmortem"] = {"completed_at": iso(r + timedelta(days=9 + int(rng.next() * 10), hours=5))}
        else:
            inc["postmortem"] = {}
        items = []
        for k in range(1 + int(rng.next() * 3)):
            due = (r + timedelta(days=14 + int(rng.next() * 30))).date()
            item = {"id": f"{inc['id']}-A{k + 1}", "due": due.isoformat()}
            y = rng.next()
            if y < 0.5:
                item["completed_at"] = iso(r + timedelta(days=5 + int(rng.next() * 20), hours=2))
            elif y < 0.65:
                item["completed_at"] = iso(datetime.combine(due, datetime.min.time(), timezone.utc) + timedelta(days=6, hours=11))
            items.append(item)
        inc["action_items"] = items
    incidents.append(inc)
    # The pages of this incident: the primary, once or a few times, sometimes the secondary.
    who = primary(trig)
    for k in range(1 + int(rng.next() * 3)):
        at = trig + timedelta(seconds=int(k * rng.minutes(0.2, 4) * 60))
        pages.append({"person": who, "at": iso(at), "rule": rule, "service": service,
                      "alert": inc["id"], "actionable": "excluded" not in inc or inc["excluded"] != "test"})
    if ack is None or (ack - trig) > timedelta(minutes=15):
        pages.append({"person": secondary(trig), "at": iso(trig + timedelta(minutes=15)), "rule": rule,
                      "service": service, "alert": inc["id"], "actionable": True})

# Noise that never became an incident: a flapping disk alert paging the secondary at night
# (London 01:00-04:00), and low-value latency blips by day.
t = START
k = 0
while True:
    t += timedelta(hours=rng.minutes(6, 60) / 60 * 30)
    if t >= END:
        break
    k += 1
    night = t.replace(hour=1 + int(rng.next() * 3), minute=int(rng.next() * 60), second=0, microsecond=0)
    if night < END and rng.next() < 0.3:
        for j in range(1 + int(rng.next() * 3)):
            pages.append({"person": secondary(night), "at": iso(night + timedelta(seconds=40 * j)),
                          "rule": "DiskFull", "service": "ledger", "alert": f"disk-{k}",
                          "actionable": False, "flapping": j > 0})
    day = t.replace(hour=9 + int(rng.next() * 8), minute=int(rng.next() * 60), second=0, microsecond=0)
    if day < END and rng.next() < 0.6:
        p = {"person": primary(day), "at": iso(day), "rule": "HighLatencyP99", "service": "payments-api",
             "alert": f"blip-{k}"}
        if rng.next() < 0.8:
            p["actionable"] = rng.next() < 0.2
        pages.append(p)

# Bad rows the report must survive.
incidents.append({"id": "INC-0999", "triggered_at": "2026-10-14T12:00:00Z",
                  "acknowledged_at": "2026-10-14T12:03:00Z", "resolved_at": "2026-10-14T11:40:00Z",
                  "severity": "SEV-3", "service": "webhooks", "team": "payments-sre"})
incidents.append({"id": "INC-0998", "triggered_at": "2026-11-03T08:00:00Z",
                  "acknowledged_at": "2026-11-03T10:30:00Z", "resolved_at": "2026-11-03T09:00:00Z",
                  "severity": "SEV-4", "service": "checkout", "team": "payments-sre"})
pages.append({"person": "gwen", "at": "2026-10-20T02:10:00Z", "rule": "DiskFull", "service": "ledger",
              "actionable": False})
pages.sort(key=lambda p: p["at"])

doc = {
    "start": iso(START),
    "end": iso(END),
    "zone": "Europe/London",
    "as_of": iso(END),
    "incidents": incidents,
    "pages": pages,
    "alert_rules": [
        {"name": r, "service": s, **({"runbook_url": f"https://runbooks.acme.example/{r}"} if r in RUNBOOKS else {})}
        for s, rs in RULES.items() for r in rs
    ],
    "settings": {
        "compensation": {"currency": "GBP", "period": "month",
                         "rates": {"weekday": 0, "weeknight": 2.5, "weekend": 4, "holiday": 8,
                                   "page_outside_business_hours": 15}}
    },
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics.json")
with open(path, "w") as f:
    json.dump(doc, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"{path}: {len(incidents)} incidents, {len(pages)} pages")
