#!/usr/bin/env bash
# Runs the schedule benchmarks of issue 3 ("Performance") and prints one table of timings and
# ratios against what users would otherwise use:
#
#   Rust    criterion: watchstander's compiled schedule vs a naive Rust expansion
#   Python  watchstander's Python package vs python-dateutil rrule and recurring-ical-events
#   Node    watchstander's Node package vs the rrule npm package
#
# then, through the same Python and Node packages, escalation planning (issue 11) and the alert
# pipeline (issue 12, against a plain Python pipeline of the same rules)
#
# on the 5-layer, 20-person, 500-override schedule of benches/fixtures/five-layers.json.
# Installs what it needs: a virtualenv in target/bench-venv (pinned peers + maturin, and our
# Python package built in release), the rrule npm package in benches/node/node_modules
# (package-lock.json), and our Node addon built in release. Results: target/bench-results/.
#
#   ./benches/run.sh           the full run (about 5 minutes once built)
#   ./benches/run.sh --quick   fewer samples and 100 000 queries in Python/Node (a smoke test)
#
# Not run in CI, and no test depends on timings.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=""
if [ "${1:-}" = "--quick" ]; then QUICK="--quick"; fi

# One target directory for every build step (napi always passes --target).
HOST=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_BUILD_TARGET="$HOST"
export CARGO_TERM_COLOR=never
export PIP_DISABLE_PIP_VERSION_CHECK=1
OUT="$ROOT/target/bench-results"
rm -rf "$OUT"
mkdir -p "$OUT"
step() { printf '\n==> %s\n' "$*" >&2; }

step "Machine"
{
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "rustc: $(rustc --version)"
  echo "python: $(python3 --version 2>&1)"
  echo "node: $(node --version)"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

step "Python: virtualenv with the pinned peers, and watchstander built in release"
VENV="$ROOT/target/bench-venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r benches/python/requirements.txt
# PEP 517 through maturin builds the release profile.
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps ./bindings/python

step "Node: the rrule package (pinned by package-lock.json), and watchstander's addon in release"
(cd benches/node && npm ci --no-audit --no-fund --loglevel=error)
(cd bindings/node && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)

step "Rust: criterion (compiled schedule vs naive Rust)"
cargo bench -p watchstander --bench schedule 2>&1 | tee "$OUT/rust.txt" >&2
step "Rust: criterion (metrics of 1M incidents and 10M pages)"
cargo bench -p watchstander --bench metrics 2>&1 | tee "$OUT/rust-metrics.txt" >&2

step "Python"
"$VENV/bin/python" benches/python/bench.py $QUICK > "$OUT/python.jsonl"
"$VENV/bin/python" benches/python/incident_bench.py $QUICK > "$OUT/python-incident.jsonl"

step "Python: metrics of 1M incidents and 10M pages, watchstander (numpy columns) vs pandas"
"$VENV/bin/python" benches/python/metrics_pandas.py $QUICK > "$OUT/python-metrics.jsonl"

step "Node"
node benches/node/bench.js $QUICK > "$OUT/node.jsonl"

step "Escalation planning through Python and Node (issue 11's 5-level policy, per incident)"
"$VENV/bin/python" benches/python/escalation_bench.py $QUICK > "$OUT/python-escalation.jsonl"
node benches/node/escalation_bench.js $QUICK > "$OUT/node-escalation.jsonl"

step "Alert pipeline through Python (against a plain Python pipeline) and Node"
"$VENV/bin/python" benches/python/alert_pipeline.py $QUICK > "$OUT/python-alert.jsonl"
node benches/node/alert_bench.js $QUICK > "$OUT/node-alert.jsonl"

step "Results (also in target/bench-results/results.md)"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
"$VENV/bin/python" benches/report.py "$OUT"
