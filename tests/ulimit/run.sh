#!/usr/bin/env bash
# Runs the CLI on the biggest reproducers of the hardening issue under a 3 GB address-space
# limit (`ulimit -v 3000000`): each must give an answer (exit 0) or a typed error (exit 1 or 2
# with a `[code]`), never an abort (134, SIGABRT from a failed allocation) or a panic (101).
#
#   tests/ulimit/run.sh [path/to/watchstander]     (default: the debug build, built if missing)
#
# Fast (well under a minute with a debug build); called from scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
HOST=$(rustc -vV | sed -n 's/^host: //p')
BIN=${1:-target/$HOST/debug/watchstander}
if [ ! -x "$BIN" ]; then
  CARGO_BUILD_TARGET="$HOST" cargo build --quiet -p watchstander-cli
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'PY'
import json, os, sys
from datetime import datetime, timedelta, timezone
out = sys.argv[1]
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
def rotation(members, unit):
    return {"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": members, "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": unit}}}]}
def write(name, op, expect, doc):
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(doc, f)
    with open(os.path.join(out, name + ".case"), "w") as f:
        f.write(f"{op} {expect}\n")
three = {"from": iso(T0), "to": "2029-01-01T00:00:00Z"}
write("long-member-id", "schedule.shifts", "invalid_id",
      {"schedule": rotation(["m" * 100_000, "b"], "hours"), **three})
write("long-member-id-validate", "schedule.validate", "invalid_id",
      {"schedule": rotation(["m" * 100_000, "b"], "hours")})
by = lambda n: ",".join(str(i) for i in range(n))
write("count-rrule-by-seconds", "time.recurrence", "out_of_range",
      {"rrule": f"DTSTART:19000101T000000Z\nRRULE:FREQ=DAILY;COUNT=4294967295;BYHOUR={by(24)};BYMINUTE={by(60)};BYSECOND={by(60)}",
       "start": "2026-05-01T00:00:00Z", "end": "2026-05-02T00:00:00Z", "limit": 1})
write("count-rrule-secondly", "time.recurrence", "out_of_range",
      {"rrule": "DTSTART:19000101T000000Z\nRRULE:FREQ=SECONDLY;COUNT=4294967295",
       "start": "2026-05-01T00:00:00Z", "end": "2026-05-02T00:00:00Z", "limit": 65535})
write("count-rrule-holiday", "time.business_between", "invalid_rrule",
      {"calendar": {"zone": "UTC", "hours": {"mon": ["09:00-17:00"]},
                    "holidays": [{"rrule": "FREQ=HOURLY;COUNT=4000000000", "start": "1900-01-01"}]},
       "start": "2026-05-01T00:00:00Z", "end": "2026-05-20T00:00:00Z"})
write("count-rrule-handoff", "schedule.shifts", "anchor_too_far",
      {"schedule": {"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {"members": ["a", "b"],
        "handoff": {"rrule": "DTSTART:19000101T000000Z\nRRULE:FREQ=HOURLY;COUNT=4000000000"}}}]},
       "from": iso(T0), "to": "2026-01-02T00:00:00Z"})
mid = T0 + timedelta(days=45)
s = rotation(["a", "b"], "days")
s["overrides"] = [{"id": f"o{i}", "kind": "replace", "person": f"p{i % 7}",
                   "start": iso(mid - timedelta(seconds=30 * (i + 1))), "end": iso(mid + timedelta(seconds=30 * (i + 1))),
                   "created_at": iso(T0 + timedelta(seconds=i))} for i in range(100_000)]
write("replace-overrides", "schedule.oncall", "ok",
      {"schedule": s, "at": iso(mid), "window": {"start": iso(T0), "end": iso(T0 + timedelta(days=90))}})
span = 1096 * 86400
s = rotation(["a", "b"], "days")
s["overrides"] = [{"id": f"o{i}", "kind": "add", "person": f"q{i}",
                   "start": iso(T0 + timedelta(seconds=(i * 947) % (span - 3600))),
                   "end": iso(T0 + timedelta(seconds=(i * 947) % (span - 3600) + 3600))} for i in range(100_000)]
write("add-overrides", "schedule.gaps", "ok", {"schedule": s, **three})
s = rotation(["a", "b"], "hours")
s["overrides"] = [{"id": f"o{i}", "kind": "add", "person": "x", "start": iso(T0), "end": "2029-01-01T00:00:00Z"}
                  for i in range(100_000)]
write("add-overrides-overlapping", "schedule.gaps", "limit_exceeded", {"schedule": s, **three})
layers = [{"id": f"l{l}", "combine": "union", "rotation": {"members": [f"m{l}-{m}" for m in range(1000)],
           "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": "hours"}}} for l in range(100)]
write("union-layers", "schedule.gaps", "limit_exceeded",
      {"schedule": {"id": "s", "zone": "UTC", "layers": layers}, **three})
PY

status=0
for case in "$WORK"/*.case; do
  name=$(basename "$case" .case)
  read -r op expect < "$case"
  set +e
  (ulimit -v 3000000; "$BIN" call "$op" "$WORK/$name.json" > "$WORK/$name.out" 2> "$WORK/$name.err")
  rc=$?
  set -e
  got="exit $rc"
  if [ "$rc" -eq 0 ]; then
    got=ok
  elif [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; then
    got=$(grep -o '\[[a-z_]*\]' "$WORK/$name.err" | tail -1 | tr -d '[]' || true)
  fi
  if [ "$got" = "$expect" ]; then
    printf 'ok    %-28s %s → %s\n' "$name" "$op" "$got"
  else
    printf 'FAIL  %-28s %s → %s (expected %s)\n' "$name" "$op" "$got" "$expect"
    head -c 400 "$WORK/$name.err"
    status=1
  fi
done
# More than the CLI reads at once (--max-input-bytes, 64 MiB by default) on standard input: refused.
set +e
(ulimit -v 3000000; head -c 300000000 /dev/zero | "$BIN" call time.parse_duration - > /dev/null 2> "$WORK/stdin.err")
rc=$?
set -e
if { [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; } && grep -q '\[input_too_large\]' "$WORK/stdin.err"; then
  printf 'ok    %-28s %s → %s\n' "stdin-300MB" "time.parse_duration" "input_too_large"
else
  printf 'FAIL  %-28s exit %s: %s\n' "stdin-300MB" "$rc" "$(head -c 300 "$WORK/stdin.err")"
  status=1
fi
exit $status
