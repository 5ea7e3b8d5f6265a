"""Escalation planning from Python: issue 11's workload through the bindings.

    target/bench-venv/bin/python benches/python/escalation_bench.py [--quick] [-n N]

The inputs of the Rust bench (crates/watchstander/benches/escalation.rs, "basic"): the
5-layer, 20-person, 500-override schedule of benches/fixtures/five-layers.json under three ids
(primary, secondary, managers), everyone with one high-urgency rule (push at once), the
five-level policy (primary, secondary, managers, primary, secondary; 5/10/10/15/15 minutes),
and incidents INC-i (number i) at mulberry32(11) instants of March 2026. Each incident is
planned to exhaustion (the default 24-hour horizon). The Rust bench compiles the schedules once
for all 10 000 incidents; the bindings offer no such shared directory, so every path below
converts and compiles the three schedules once per incident:

* ``handle``: ``escalation.LiveEscalation(...)`` per incident, then its ``plan()``; the time
  of the constructor (documents converted, checked and compiled over the horizon) and of
  ``plan`` are also reported apart;
* ``op``: the ``escalation.plan`` operation per incident (dicts in, dicts out, every ``why``);
* ``op-json``: the same operation through ``_native.call_json`` with the documents serialised
  once and only the incident spliced in (JSON text in and out, parsed with ``json.loads``).

Prints one JSON object per measurement on stdout (``{"lang", "case", "impl", "median_s",
"samples", "note", ...}``; ``median_s`` is the time per incident) and human lines on stderr.
The handle's and the operation's notifications are compared (instant, person, level, loop,
contact) for every incident before the figures are printed; ``digest`` (in the ``check`` row) is
a SHA-256 of those notifications for the first 200 incidents, which the Node bench prints too.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import watchstander
from watchstander import _native

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = json.loads((ROOT / "benches" / "fixtures" / "five-layers.json").read_text())
MARCH = 1_772_323_200  # 2026-03-01T00:00:00Z
DIGEST_INCIDENTS = 200


def mulberry32(seed: int):
    state = seed & 0xFFFFFFFF

    def nxt() -> int:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return (t ^ (t >> 14)) & 0xFFFFFFFF

    return nxt


def rfc3339(secs: int) -> str:
    return datetime.fromtimestamp(secs, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def documents():
    schedules = []
    for sid in ("primary", "secondary", "managers"):
        doc = copy.deepcopy(FIXTURE)
        doc["id"] = sid
        schedules.append(doc)
    people = [
        {"id": pid, "zone": "Europe/London",
         "contact_methods": [{"id": "app", "kind": "push"}, {"id": "sms", "kind": "sms"},
                             {"id": "call", "kind": "phone"}],
         "rules": {"high": [{"after": "PT0M", "contact": "app"}]}}
        for pid in sorted({p["id"] for p in FIXTURE["people"]})
    ]
    policy = {"id": "five-levels", "levels": [
        {"targets": [{"schedule": "primary"}], "delay": "PT5M"},
        {"targets": [{"schedule": "secondary"}], "delay": "PT10M"},
        {"targets": [{"schedule": "managers"}], "delay": "PT10M"},
        {"targets": [{"schedule": "primary"}], "delay": "PT15M"},
        {"targets": [{"schedule": "secondary"}], "delay": "PT15M"}]}
    return [policy], schedules, people


def incidents(n: int):
    rnd = mulberry32(11)
    return [{"id": f"INC-{i}", "created": rfc3339(MARCH + rnd() % (30 * 86_400)), "number": i} for i in range(n)]


def instant(v) -> str:
    if isinstance(v, datetime):
        return v.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(v)


def key(notes):
    return [(n["incident"], instant(n["at"]), n["person"], n["level"], n["loop"], n.get("contact")) for n in notes]


def main() -> None:
    quick = "--quick" in sys.argv
    n = 100 if quick else 1000
    if "-n" in sys.argv:
        n = int(sys.argv[sys.argv.index("-n") + 1])
    policies, schedules, people = documents()
    incs = incidents(max(n, DIGEST_INCIDENTS))
    LiveEscalation = watchstander.escalation.LiveEscalation
    plan_op = watchstander.escalation.plan

    # The handle: constructor, then plan.
    construct = planning = 0.0
    handle_keys = []
    notifications = 0
    for inc in incs[:n]:
        t0 = time.perf_counter()
        h = LiveEscalation(policies, schedules=schedules, people=people, incident=inc)
        t1 = time.perf_counter()
        p = h.plan()
        t2 = time.perf_counter()
        construct += t1 - t0
        planning += t2 - t1
        notifications += len(p["notifications"])
        handle_keys.append(key(p["notifications"]))
        del h

    # The operation, dicts in and out.
    t0 = time.perf_counter()
    op_plans = [plan_op(policies=policies, schedules=schedules, people=people, incident=inc) for inc in incs[:n]]
    op_s = time.perf_counter() - t0
    op_keys = [key(p["notifications"]) for p in op_plans]
    del op_plans

    # The operation on JSON text: the documents serialised once, the incident spliced in.
    head = json.dumps({"policies": policies, "schedules": schedules, "people": people})[:-1]
    texts = [f'{head}, "incident": {json.dumps(inc)}}}' for inc in incs[:n]]
    t0 = time.perf_counter()
    envelopes = [_native.call_json("escalation.plan", t) for t in texts]
    json_call_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    json_plans = [json.loads(e) for e in envelopes]
    json_parse_s = time.perf_counter() - t0
    bad = [p for p in json_plans if "ok" not in p]
    assert not bad, bad[0]
    json_plans = [p["ok"] for p in json_plans]
    json_keys = [key(p["notifications"]) for p in json_plans]

    assert handle_keys == op_keys, "handle and operation disagree"
    assert json_keys == op_keys, "JSON and dict operation disagree"
    assert notifications >= 5 * n, f"only {notifications} notifications for {n} incidents"

    # The digest shared with the Node bench (the first DIGEST_INCIDENTS incidents, via the handle).
    digest_keys = handle_keys[:DIGEST_INCIDENTS]
    for inc in incs[len(digest_keys):DIGEST_INCIDENTS]:
        digest_keys.append(key(LiveEscalation(policies, schedules=schedules, people=people, incident=inc).plan()["notifications"]))
    digest = hashlib.sha256(json.dumps(digest_keys, separators=(",", ":")).encode()).hexdigest()

    per = notifications / n
    rows = [
        ("handle", construct + planning, "LiveEscalation(...) + plan() per incident"),
        ("handle-construct", construct, "LiveEscalation(...) alone: documents converted, checked, schedules compiled"),
        ("handle-plan", planning, "plan() on a built handle: planning + notifications to dicts"),
        ("op", op_s, "escalation.plan(...) per incident, dicts in and out, every why"),
        ("op-json", json_call_s + json_parse_s, "call_json('escalation.plan', text) per incident + json.loads"),
        ("op-json-call", json_call_s, "call_json alone (JSON text in and out)"),
    ]
    for case, total, note in rows:
        s = total / n
        print(json.dumps({"lang": "python", "case": f"esc-{case}", "impl": "watchstander", "median_s": s,
                          "samples": 1, "incidents": n, "per_10k_s": s * 10_000,
                          "notifications_per_incident": per, "note": note}), flush=True)
        print(f"python escalation {case:<17} {s * 1e3:8.3f} ms/incident  ≈ {s * 10_000:7.1f} s per 10 000   ({note})",
              file=sys.stderr, flush=True)
    print(json.dumps({"lang": "python", "case": "esc-check", "impl": "watchstander", "digest": digest,
                      "incidents": DIGEST_INCIDENTS, "notifications_per_incident": per,
                      "agreement": f"handle, operation and JSON operation give the same {notifications} notifications "
                                   f"for {n} incidents; digest of the first {DIGEST_INCIDENTS}: {digest[:16]}"}), flush=True)
    print(f"python escalation: {per:.2f} notifications per incident; digest {digest[:16]}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
