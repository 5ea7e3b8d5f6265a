#!/usr/bin/env python3
"""Runs a real Alertmanager on loopback and watchstander on the same configuration and alert
stream, and checks that both make the same grouping and notification decisions.

* Alertmanager (Debian's prometheus-alertmanager) is started with tests/alertmanager/am.yml,
  its receivers pointing at a webhook receiver (examples/python/alertmanager_receiver.py).
* tests/alertmanager/stream.json is sent through Alertmanager's API at its offsets; every send
  is also written, with the instant it was made, as a record for `watchstander alerts replay`.
* The notifications Alertmanager delivered are compared with watchstander's `notify` actions:
  the same receivers and group keys, the same alerts (fingerprint and status) in each
  notification, in the same order, at instants within TOLERANCE seconds.

Usage: compare.py WATCHSTANDER_BINARY ALERTMANAGER_BINARY
Exit status 0 when everything matches; prints "N passed, N failed".
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "examples" / "python"))
from alertmanager_receiver import Receiver  # noqa: E402

# Alertmanager's flushes run on Go timers re-armed after each flush, and a webhook arrives a
# few milliseconds after the flush: half the group_interval (2 s) is well inside its tick
# granularity and well away from the next tick.
TOLERANCE = 1.0


def iso(t):
    return t.astimezone(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"null")


def wait_ready(base, proc, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"alertmanager exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/-/ready", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("alertmanager did not become ready within 20 s")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    ws_bin, am_bin = sys.argv[1], sys.argv[2]
    stream = json.loads((HERE / "stream.json").read_text())
    work = Path(tempfile.mkdtemp(prefix="ws-am-"))
    receiver = Receiver().start()
    config_text = (HERE / "am.yml").read_text().replace("RECEIVER_URL", f"http://127.0.0.1:{receiver.port}")
    (work / "am.yml").write_text(config_text)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [am_bin, f"--config.file={work / 'am.yml'}", f"--storage.path={work / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn"],
        stdout=subprocess.DEVNULL, stderr=open(work / "alertmanager.log", "w"),
    )
    records = []
    try:
        wait_ready(base, proc)
        t0 = datetime.now(timezone.utc) + timedelta(seconds=0.5)
        starts = {}
        events = []
        sil = stream["silence"]
        events.append((sil["offset"], "silence", sil))
        for s in stream["sends"]:
            events.append((s["offset"], "alert", s))
        events.sort(key=lambda e: e[0])
        for offset, kind, e in events:
            delay = (t0 + timedelta(seconds=offset) - datetime.now(timezone.utc)).total_seconds()
            if delay > 0:
                time.sleep(delay)
            now = datetime.now(timezone.utc)
            if kind == "silence":
                end = now + timedelta(minutes=e["minutes"])
                matchers = []
                for m in e["matchers"]:
                    name, value = m.split("=", 1)
                    matchers.append({"name": name, "value": value.strip('"'), "isRegex": False, "isEqual": True})
                post(base + "/api/v2/silences", {"matchers": matchers, "startsAt": iso(now), "endsAt": iso(end),
                                                 "createdBy": "watchstander-test", "comment": "test"})
                records.append({"at": iso(now), "silence": {"id": "noisy", "matchers": e["matchers"],
                                                            "starts_at": iso(now), "ends_at": iso(end)}})
                continue
            key = json.dumps(e["labels"], sort_keys=True)
            start = starts.setdefault(key, now)
            ends_in = e.get("ends_in", 600)
            end = now + timedelta(seconds=ends_in)
            if ends_in == 0:
                starts.pop(key, None)
            post(base + "/api/v2/alerts", [{"labels": e["labels"], "startsAt": iso(start), "endsAt": iso(end)}])
            records.append({"at": iso(now), "alert": {"labels": e["labels"], "starts_at": iso(start), "ends_at": iso(end)}})
        until = t0 + timedelta(seconds=stream["observe_until"])
        time.sleep(max(0.0, (until - datetime.now(timezone.utc)).total_seconds()))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        receiver.stop()
    got_am = []
    for n in receiver.snapshot():
        b = n["body"]
        if n["received_at"] > until:
            continue
        got_am.append({"at": n["received_at"], "receiver": b["receiver"], "group_key": b["groupKey"],
                       "alerts": [(a["fingerprint"], a["status"]) for a in b["alerts"]]})
    (work / "stream.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    out = subprocess.run([ws_bin, "alerts", "replay", str(work / "stream.jsonl"), "--config", str(work / "am.yml"),
                          "--until", iso(until), "--actions"], check=True, capture_output=True, text=True).stdout
    got_ws = []
    for line in out.splitlines():
        a = json.loads(line)
        if a["kind"] != "notify":
            continue
        got_ws.append({"at": datetime.fromisoformat(a["at"].replace("Z", "+00:00")), "receiver": a["receiver"],
                       "group_key": a["group_key"],
                       "alerts": [(x["fingerprint"], x["status"]) for x in a["alerts"]]})
    passed, failed = compare(got_am, got_ws)
    if failed:
        print(f"work directory kept for inspection: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"alertmanager: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


def compare(am, ws):
    """Pairs notifications per (receiver, group key) in order; returns (passed, failed)."""
    def by_group(ns):
        out = {}
        for n in sorted(ns, key=lambda n: n["at"]):
            out.setdefault((n["receiver"], n["group_key"]), []).append(n)
        return out
    a, w = by_group(am), by_group(ws)
    passed = failed = 0
    for key in sorted(set(a) | set(w)):
        la, lw = a.get(key, []), w.get(key, [])
        for i in range(max(len(la), len(lw))):
            x = la[i] if i < len(la) else None
            y = lw[i] if i < len(lw) else None
            label = f"{key[0]} {key[1]} #{i + 1}"
            if x is None or y is None:
                failed += 1
                print(f"FAIL {label}: only {'watchstander' if x is None else 'alertmanager'} notified: {(x or y)['alerts']}")
                continue
            dt = abs((x["at"] - y["at"]).total_seconds())
            if sorted(x["alerts"]) != sorted(y["alerts"]) or dt > TOLERANCE:
                failed += 1
                print(f"FAIL {label}: alertmanager {x['alerts']} at {iso(x['at'])}; watchstander {y['alerts']} at {iso(y['at'])}")
            else:
                passed += 1
                print(f"ok   {label}: {len(x['alerts'])} alert(s), {dt * 1000:.0f} ms apart")
    return passed, failed


if __name__ == "__main__":
    main()
