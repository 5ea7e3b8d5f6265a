#!/usr/bin/env bash
# Builds the release artifacts this machine can build (x86_64 Linux, glibc) — the same steps as
# the x86_64-unknown-linux-gnu jobs of .github/workflows/release.yml — and tests each one from a
# fresh directory with no Rust toolchain on PATH:
#
#   python   the sdist and the abi3 wheel for manylinux2014 (manylinux_2_17) x86_64, built with
#            `maturin --zig` against glibc 2.17; tests/packaging/python.sh (the wheel, without
#            Rust) and tests/packaging/python-sdist.sh (the sdist compiled by pip)
#   node     the `watchstander` npm package and `@watchstander/binding-linux-x64-gnu`, linked
#            against glibc 2.17 through zig (`napi build -x`, cargo-zigbuild); tests/packaging/node.sh
#   crates   `cargo publish --dry-run` of watchstander and watchstander-cli
#
#   ./scripts/release.sh                    all three
#   ./scripts/release.sh python node        some
#   NO_TEST=1 ./scripts/release.sh ...      build only
#
# Artifacts go to target/dist/ (DIST=... to change). Binaries use the `dist` cargo profile
# (release, no debug info, stripped). Needs Rust, Python 3.10+ and Node 18+; installs maturin,
# ziglang and the napi CLI itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET=x86_64-unknown-linux-gnu
export CARGO_BUILD_TARGET=$TARGET CARGO_TERM_COLOR=never PIP_DISABLE_PIP_VERSION_CHECK=1
DIST=${DIST:-$ROOT/target/dist}
# JOBS=N limits the build's parallel jobs (a shared machine).
[ -z "${JOBS:-}" ] || export CARGO_BUILD_JOBS=$JOBS
ONLY="$*"
want() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
step() { printf '\n==> %s\n' "$*"; }
timed() { local t0=$SECONDS; "$@"; printf '    (%ss)\n' "$((SECONDS - t0))"; }

if want python; then
  step "Python: sdist and manylinux2014 abi3 wheel"
  VENV="$ROOT/target/release-venv"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet "maturin>=1.16,<2" "ziglang==0.17.1"
  rm -rf "$DIST/python"
  # maturin looks for zig through the Python that runs it.
  PATH="$VENV/bin:$PATH" timed maturin sdist -m bindings/python/Cargo.toml --out "$DIST/python"
  PATH="$VENV/bin:$PATH" timed maturin build -m bindings/python/Cargo.toml --profile dist \
    --target $TARGET --zig --compatibility manylinux2014 --out "$DIST/python"
  ls -l "$DIST/python"
  if [ -z "${NO_TEST:-}" ]; then
    step "Python: the wheel installs and passes the suite without Rust"
    timed tests/packaging/python.sh "$DIST"/python/*.whl
    step "Python: the sdist compiles in a fresh virtualenv (as pip does where no wheel fits) and passes the suite"
    timed tests/packaging/python-sdist.sh "$DIST"/python/*.tar.gz
  fi
fi

if want node; then
  step "Node: the addon for linux-x64-gnu and the npm tarballs"
  # Linked against glibc 2.17 like the wheel: `-x` builds through cargo-zigbuild (installed by
  # the napi CLI on first use), which reads the `.2.17` suffix; zig comes from PyPI's ziglang.
  VENV="$ROOT/target/release-venv"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet "ziglang==0.17.1"
  mkdir -p "$ROOT/target/zig-shim"
  printf '#!/bin/sh\nexec "%s" -m ziglang "$@"\n' "$VENV/bin/python" > "$ROOT/target/zig-shim/zig"
  chmod +x "$ROOT/target/zig-shim/zig"
  (cd bindings/node && npm ci --no-audit --no-fund --loglevel=error \
    && PATH="$ROOT/target/zig-shim:$PATH" timed npx napi build --platform --profile dist \
      --target $TARGET.2.17 -x --no-js --dts native.d.ts)
  rm -rf "$DIST/npm"
  scripts/pack-npm.sh "$DIST/npm"
  ls -l "$DIST/npm"
  if [ -z "${NO_TEST:-}" ]; then
    step "Node: the tarballs install and pass the suite without Rust (CJS, ESM, TypeScript)"
    timed tests/packaging/node.sh "$DIST/npm"
  fi
fi

if want crates; then
  step "Rust: cargo publish --dry-run of watchstander and watchstander-cli"
  timed cargo publish --dry-run --allow-dirty -p watchstander -p watchstander-cli
fi

printf '\nRelease artifacts in %s\n' "$DIST"
