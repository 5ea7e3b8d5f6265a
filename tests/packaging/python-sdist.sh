#!/usr/bin/env bash
# Builds the sdist from scratch the way pip does for a platform with no prebuilt wheel: a fresh
# virtualenv, `pip install` of the sdist alone (maturin is fetched as its build backend, the
# Rust sources in the sdist are compiled), then the Python suite against the installed copy.
# Needs a Rust toolchain on PATH (that is what installing from an sdist means) and takes the
# time of a release build of the extension (about 8 minutes on 2 cores).
#
#   tests/packaging/python-sdist.sh dist/python/watchstander-<version>.tar.gz
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/packaging/common.sh"
SDIST=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1

echo "sdist: $(basename "$SDIST") ($(wc -c < "$SDIST") bytes)"
command -v cargo > /dev/null || { echo "FAIL: installing an sdist needs cargo on PATH" >&2; exit 1; }
# What the sdist must hold to build on its own: the lock file (the versions this release was
# tested with), the core crate, the allocator crate and the binding; and nothing of the other
# front ends.
tar -tzf "$SDIST" > "$WORK/contents"
for want in Cargo.lock pyproject.toml crates/watchstander/Cargo.toml crates/watchstander/src/lib.rs \
    crates/watchstander-alloc/Cargo.toml crates/watchstander-alloc/src/lib.rs \
    bindings/python/Cargo.toml bindings/python/src/lib.rs python/watchstander/__init__.py; do
  grep -q "/$want\$" "$WORK/contents" || { echo "FAIL: the sdist has no $want" >&2; exit 1; }
done
if grep -Eq '/(bindings/node|crates/watchstander-cli)/' "$WORK/contents"; then
  echo "FAIL: the sdist carries another front end's sources" >&2
  exit 1
fi

"$PYTHON" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
# --no-binary: compile this sdist even if a wheel of the same version could be found; the
# build runs in pip's isolated build environment, with the release profile of the sdist.
(cd "$WORK" && time "$VPY" -m pip install --quiet --no-binary watchstander --no-cache-dir "$SDIST")
run_python_suite "$WORK/venv" "$ROOT"
echo "python sdist packaging: ok"
