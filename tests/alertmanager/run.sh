#!/usr/bin/env bash
# Integration test against a real Alertmanager (Debian's prometheus-alertmanager 0.25).
# Installs it when missing (needs apt-get and root, as on a fresh CI machine); never skips:
# if it cannot be installed, the test fails and says why.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
AM=$(command -v prometheus-alertmanager || command -v alertmanager || true)
if [ -z "$AM" ]; then
  echo "installing prometheus-alertmanager (Debian package) ..."
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null; then
    echo "FAIL: prometheus-alertmanager is not installed and cannot be installed here (need root and apt-get)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-alertmanager > /dev/null
  AM=$(command -v prometheus-alertmanager)
fi
# The package's service must not hold the ports or the data directory of the test.
"$AM" --version 2>&1 | head -1
HOST=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$HOST}"
cargo build --quiet -p watchstander-cli
WS="$ROOT/target/$CARGO_BUILD_TARGET/debug/watchstander"
python3 "$ROOT/tests/alertmanager/compare.py" "$WS" "$AM"
