"""Alert pipeline from Python: the ``alert.Pipeline`` handle against a plain Python pipeline.

    target/bench-venv/bin/python benches/python/alert_pipeline.py [--quick]

The alert mix and configuration of the Rust bench (crates/watchstander/benches/alert.rs):
100 000 alerts like a Prometheus fleet (40 names, 20 clusters, 500 instances, 4 teams, 8
labels each; every fourth alert re-sends an earlier one), arriving 0.1 ms apart; a route
tree with three child routes (``team="db"`` with ``continue``, ``severity=~"critical|page"``
grouping by ``alertname``, ``env!="prod"``), ``group_by: [alertname, cluster]``, two
inhibition rules. Measured, each on a fresh pipeline and the same alerts (dicts built before
the clock starts):

* ``watchstander (ingest)``: ``Pipeline.ingest(alert, now)`` one alert at a time;
* ``watchstander (ingest_many)``: ``Pipeline.ingest_many`` in batches of 1 000;
* ``plain Python``: what a team would script for the same rules — the fingerprint is the
  sorted label tuple (hashed by the dict), a dict of open alerts for dedup, the route tree
  walked depth-first with ``re.fullmatch`` for regex matchers, ``group_by`` values as keys of
  a dict of groups, and an index of inhibition sources by rule and ``equal`` values;
* ``flush``: after the ingest, one tick past ``group_wait`` (every group notifies once: the
  inhibition check, the alerts sorted, common labels), the handle's ``tick`` against the
  plain pipeline's flush.

Before anything is timed both pipelines ingest the stream and flush, and the groups (route,
group labels) and the label sets notified in each must be equal. Prints one JSON object per
measurement on stdout (``median_s`` is the time for the whole stream; ``alerts_per_s``) and
human lines on stderr. Ratio = plain Python time ÷ ours.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

import watchstander

CONFIG = {
    "route": {"receiver": "default", "group_by": ["alertname", "cluster"], "group_wait": "30s", "group_interval": "5m",
              "routes": [
                  {"matchers": ['team="db"'], "receiver": "db", "continue": True},
                  {"matchers": ['severity=~"critical|page"'], "receiver": "pager", "group_by": ["alertname"]},
                  {"matchers": ['env!="prod"'], "receiver": "dev"},
              ]},
    "inhibit_rules": [
        {"source_matchers": ["alertname=ClusterDown"], "target_matchers": ['severity=~"warning|info"'], "equal": ["cluster"]},
        {"source_matchers": ["severity=critical"], "target_matchers": ["severity=warning"], "equal": ["alertname", "cluster"]},
    ],
}
T0 = datetime(2026, 11, 26, 10, 0, 0, tzinfo=timezone.utc)
BATCH = 1_000


def alerts_from(js):
    sev = ["critical", "warning", "warning", "info"]
    teams = ["db", "web", "payments", "infra"]
    return [{"labels": {
        "alertname": f"Alert{j % 40}",
        "cluster": f"c{j % 20}",
        "instance": f"10.0.{(j // 250) % 250}.{j % 250}:9100",
        "job": f"job{j % 13}",
        "severity": sev[j % 4],
        "team": teams[j % 4],
        "env": "staging" if j % 10 == 0 else "prod",
        "namespace": f"ns{j % 50}",
    }, "status": "firing"} for j in js]


def stream(n):
    alerts = alerts_from(i // 2 if i % 4 == 3 else i for i in range(n))
    nows = [(T0 + timedelta(microseconds=100 * i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ") for i in range(n)]
    return alerts, nows


# ---- the plain Python pipeline ------------------------------------------------------------

MATCHER = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$')


def parse_matcher(text):
    name, op, value = MATCHER.match(text).groups()
    if op in ("=~", "!~"):
        return name, op, re.compile(value)
    return name, op, value


def matches(matchers, labels):
    for name, op, value in matchers:
        v = labels.get(name, "")
        if op == "=":
            if v != value:
                return False
        elif op == "!=":
            if v == value:
                return False
        elif op == "=~":
            if not value.fullmatch(v):
                return False
        elif value.fullmatch(v):
            return False
    return True


class Route:
    def __init__(self, spec, path, parent=None):
        self.path = path
        self.receiver = spec.get("receiver", parent.receiver if parent else None)
        self.group_by = spec.get("group_by", parent.group_by if parent else [])
        self.matchers = [parse_matcher(m) for m in spec.get("matchers", [])]
        self.cont = spec.get("continue", False)
        self.children = [Route(c, f"{path}.routes[{i}]", self) for i, c in enumerate(spec.get("routes", []))]

    def walk(self, labels, out):
        matched = False
        for child in self.children:
            if matches(child.matchers, labels):
                child.walk(labels, out)
                matched = True
                if not child.cont:
                    break
        if not matched:
            out.append(self)
        return out


class PlainPipeline:
    def __init__(self, config):
        self.root = Route(config["route"], "route")
        self.rules = [([parse_matcher(m) for m in r.get("source_matchers", [])],
                       [parse_matcher(m) for m in r.get("target_matchers", [])],
                       r.get("equal", [])) for r in config.get("inhibit_rules", [])]
        self.alerts = {}   # fingerprint (sorted label tuple) -> alert record
        self.groups = {}   # (route path, group label values) -> {fingerprint: alert}
        self.sources = {}  # (rule, equal values) -> {fingerprint: also matches the target side}

    def ingest(self, alert, now):
        labels = alert["labels"]
        fp = tuple(sorted(labels.items()))
        old = self.alerts.get(fp)
        if old is not None and old["status"] == "firing":
            old["count"] += 1
            old["last_seen"] = now
            return [{"kind": "suppress", "alert": fp, "reason": "dedup", "count": old["count"]}]
        rec = {"labels": labels, "status": "firing", "starts_at": now, "last_seen": now, "count": 1}
        self.alerts[fp] = rec
        actions = []
        for route in self.root.walk(labels, []):
            key = (route.path, tuple(labels.get(name, "") for name in route.group_by))
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = {"route": route, "alerts": {}, "flush_at": None}
                actions.append({"kind": "group_opened", "group": key})
            group["alerts"][fp] = rec
        for i, (source, target, equal) in enumerate(self.rules):
            if matches(source, labels):
                self.sources.setdefault((i, tuple(labels.get(e, "") for e in equal)), {})[fp] = matches(target, labels)
        return actions

    def inhibited(self, fp, labels):
        for i, (source, target, equal) in enumerate(self.rules):
            if not matches(target, labels):
                continue
            found = self.sources.get((i, tuple(labels.get(e, "") for e in equal)))
            if not found:
                continue
            two_sided = matches(source, labels)
            for src, src_is_target in found.items():
                if src != fp and not (two_sided and src_is_target) and self.alerts[src]["status"] == "firing":
                    return True
        return False

    def flush(self):
        notes = []
        for key, group in self.groups.items():
            alerts = [a for fp, a in group["alerts"].items() if not self.inhibited(fp, a["labels"])]
            if not alerts:
                continue
            alerts.sort(key=lambda a: (a["labels"].get("job", ""), a["labels"].get("instance", ""), sorted(a["labels"].items())))
            common = dict(alerts[0]["labels"])
            for a in alerts[1:]:
                for k in [k for k, v in common.items() if a["labels"].get(k) != v]:
                    del common[k]
            route = group["route"]
            notes.append({"kind": "notify", "receiver": route.receiver, "route": route.path,
                          "group_labels": dict(zip(route.group_by, key[1])), "common_labels": common,
                          "alerts": alerts})
        return notes


# ---- measuring ------------------------------------------------------------------------------

def groups_of(notes):
    return {(n["route"], tuple(sorted(n["group_labels"].items()))):
            sorted(tuple(sorted(a["labels"].items())) for a in n["alerts"]) for n in notes if n["kind"] == "notify"}


def run_ours_single(alerts, nows):
    p = watchstander.alert.Pipeline(CONFIG)
    ingest = p.ingest
    t0 = time.perf_counter()
    for a, now in zip(alerts, nows):
        ingest(a, now)
    return p, time.perf_counter() - t0


def run_ours_batched(alerts, nows):
    p = watchstander.alert.Pipeline(CONFIG)
    batches = [[{"alert": a, "now": now} for a, now in zip(alerts[i:i + BATCH], nows[i:i + BATCH])]
               for i in range(0, len(alerts), BATCH)]
    t0 = time.perf_counter()
    for b in batches:
        out = p.ingest_many(b)
        assert not out["errors"], out["errors"][:1]
    return p, time.perf_counter() - t0


def run_plain(alerts, nows):
    p = PlainPipeline(CONFIG)
    ingest = p.ingest
    t0 = time.perf_counter()
    for a, now in zip(alerts, nows):
        ingest(a, now)
    return p, time.perf_counter() - t0


def main() -> None:
    quick = "--quick" in sys.argv
    n = 20_000 if quick else 100_000
    samples = 1 if quick else 3
    alerts, nows = stream(n)
    flush_at = (T0 + timedelta(seconds=41)).strftime("%Y-%m-%dT%H:%M:%SZ")

    # Agreement first: the same groups, and the same label sets notified in each.
    ours, _ = run_ours_batched(alerts, nows)
    plain, _ = run_plain(alerts, nows)
    counts = ours.counts()
    assert counts["open_alerts"] == len(plain.alerts), (counts, len(plain.alerts))
    assert counts["open_groups"] == len(plain.groups), (counts, len(plain.groups))
    g_ours, g_plain = groups_of(ours.tick(flush_at)), groups_of(plain.flush())
    assert g_ours.keys() == g_plain.keys(), sorted(g_ours.keys() ^ g_plain.keys())[:3]
    assert g_ours == g_plain, "group members differ"
    notified = sum(len(v) for v in g_ours.values())
    agreement = (f"{n} alerts: {counts['open_alerts']} open alerts, {counts['open_groups']} groups, "
                 f"{notified} alerts notified at the first flush, the same groups and label sets in both")
    print(f"python alert: agreement: {agreement}", file=sys.stderr, flush=True)
    print(json.dumps({"lang": "python", "case": "alert-check", "impl": "watchstander", "agreement": agreement}), flush=True)
    del ours, plain

    times = {"watchstander (ingest)": [], f"watchstander (ingest_many {BATCH})": [], "plain Python": []}
    flush = {"watchstander (tick)": [], "plain Python": []}
    for _ in range(samples):
        p, s = run_ours_single(alerts, nows)
        times["watchstander (ingest)"].append(s)
        del p
        p, s = run_ours_batched(alerts, nows)
        times[f"watchstander (ingest_many {BATCH})"].append(s)
        t0 = time.perf_counter()
        p.tick(flush_at)
        flush["watchstander (tick)"].append(time.perf_counter() - t0)
        del p
        p, s = run_plain(alerts, nows)
        times["plain Python"].append(s)
        t0 = time.perf_counter()
        p.flush()
        flush["plain Python"].append(time.perf_counter() - t0)
        del p

    plain_s = statistics.median(times["plain Python"])
    for impl, ts in times.items():
        s = statistics.median(ts)
        print(json.dumps({"lang": "python", "case": f"alert-ingest-{n}", "impl": impl, "median_s": s, "samples": len(ts),
                          "alerts": n, "alerts_per_s": n / s, "ratio_plain": plain_s / s,
                          "note": "dedup + route + group + inhibition index, one alert at a time unless batched"}), flush=True)
        print(f"python alert ingest {n} {impl:<28} {s * 1e3:8.1f} ms  {n / s / 1e3:7.1f} k alerts/s  "
              f"plain ÷ this {plain_s / s:5.2f}×", file=sys.stderr, flush=True)
    plain_f = statistics.median(flush["plain Python"])
    for impl, ts in flush.items():
        s = statistics.median(ts)
        print(json.dumps({"lang": "python", "case": f"alert-flush-{n}", "impl": impl, "median_s": s, "samples": len(ts),
                          "alerts": notified, "ratio_plain": plain_f / s,
                          "note": "first flush of every group: inhibition, sorting, common labels, notifications"}), flush=True)
        print(f"python alert flush  {n} {impl:<28} {s * 1e3:8.1f} ms  plain ÷ this {plain_f / s:5.2f}×",
              file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
