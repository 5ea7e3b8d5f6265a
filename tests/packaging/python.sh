#!/usr/bin/env bash
# Installs a built wheel into a fresh virtualenv whose PATH has no Rust toolchain, checks the
# wheel's size, tag and stripped extension, and runs the Python suite (bindings/python/tests)
# against the installed copy.
#
#   tests/packaging/python.sh dist/python/watchstander-<version>-cp310-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/packaging/common.sh"
WHEEL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "wheel: $(basename "$WHEEL")"
case "$(basename "$WHEEL")" in
  *-cp310-abi3-*manylinux_2_17_x86_64*.whl) ;;
  *) echo "FAIL: expected an abi3 (cp310) manylinux_2_17 x86_64 wheel" >&2; exit 1 ;;
esac
MAX=$((10 * 1024 * 1024))
[ "$(wc -c < "$WHEEL")" -lt "$MAX" ] || { echo "FAIL: the wheel is over 10 MB" >&2; exit 1; }
printf '  wheel: %s bytes\n' "$(wc -c < "$WHEEL")"
(cd "$WORK" && "$PYTHON" -m zipfile -e "$WHEEL" unpacked)
# The wheel (what is downloaded) must stay under 10 MB; the extension inside must be stripped.
check_binary "$(ls "$WORK"/unpacked/watchstander/_native*.so)"

PATH=$(no_rust_path "$WORK/shadow")
export PATH PIP_DISABLE_PIP_VERSION_CHECK=1
! command -v cargo > /dev/null || [ "$(command -v cargo)" = "$WORK/shadow/cargo" ]

"$PYTHON" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
# --only-binary: the install must use the wheel as built, never fall back to compiling.
"$VPY" -m pip install --quiet --only-binary=:all: "$WHEEL"
run_python_suite "$WORK/venv" "$ROOT"
cd "$WORK"
"$VPY" "$ROOT/examples/python/quickstart.py" > /dev/null
echo "python packaging: ok"
