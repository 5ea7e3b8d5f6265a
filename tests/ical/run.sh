#!/usr/bin/env bash
# Checks the iCalendar export with real parsers:
#   1. the Rust fixture test renders sample calendars (UTC and zoned) into a temp dir, with a
#      JSON sidecar of expected values per file, and checks them with its own reader;
#   2. pytest parses them with Python's `icalendar` and `recurring_ical_events`;
#   3. node --test parses them with `ical.js`.
# Needs cargo, python3 (3.10+) with pip, node (20+) and npm; the PyPI and npm registries.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d "${TMPDIR:-/tmp}/watchstander-ics.XXXXXX")"
trap 'rm -rf "$out"' EXIT
export WATCHSTANDER_ICS_OUT="$out"

echo "== ical: Rust fixtures -> $out"
(cd "$root" && cargo test --quiet -p watchstander --test ical_fixtures)
count="$(find "$out" -name '*.ics' | wc -l)"
if [ "$count" -eq 0 ]; then
    echo "ical: the Rust fixture test wrote no .ics files" >&2
    exit 1
fi

echo "== ical: Python icalendar + recurring_ical_events ($count files)"
if ! python3 -c 'import icalendar, recurring_ical_events, pytest' 2>/dev/null; then
    pip_install=(python3 -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt")
    # A distribution's own Python may refuse (PEP 668); then install for this user.
    "${pip_install[@]}" || "${pip_install[@]}" --user --break-system-packages
fi
python3 -m pytest -q -p no:cacheprovider "$here/test_icalendar_parse.py"

echo "== ical: ical.js ($count files)"
(cd "$here" && npm ci --silent --no-audit --no-fund)
node --test "$here/icaljs.test.mjs"
