#!/usr/bin/env bash
# Installs the packed npm tarballs (the `watchstander` package and this platform's
# `@watchstander/binding-*` package) into a fresh project whose PATH has no Rust toolchain, then:
# checks the addon's size and stripping, imports the package from CommonJS, from an ES module
# (named exports) and from TypeScript (`tsc --strict`), runs the Node suite
# (bindings/node/test) against the installed copy, and checks that a missing platform package
# gives an error naming it.
#
#   tests/packaging/node.sh DIR        DIR holds watchstander-<v>.tgz and watchstander-binding-*-<v>.tgz
#   SKIP_SIZE_CHECK=1 ...              for a debug build (`./scripts/test.sh node`)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/packaging/common.sh"
DIR=$(cd "$1" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MAIN=$(ls "$DIR"/watchstander-[0-9]*.tgz)
BINDING=$(ls "$DIR"/watchstander-binding-*.tgz)
BINDING_NAME=$(tar -xOzf "$BINDING" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).name')
echo "packages: $(basename "$MAIN") $(basename "$BINDING") ($BINDING_NAME)"

PATH=$(no_rust_path "$WORK/shadow")
export PATH npm_config_audit=false npm_config_fund=false npm_config_loglevel=error npm_config_update_notifier=false

# The suite finds its fixtures at ../../../{tests,examples} and the package at `..`: lay the fresh
# project out like the repository, with `..` re-exporting the installed package.
mkdir -p "$WORK/bindings/node"
ln -s "$ROOT/tests" "$WORK/tests"
ln -s "$ROOT/examples" "$WORK/examples"
ln -s "$ROOT/benches" "$WORK/benches"
cp -r "$ROOT/bindings/node/test" "$WORK/bindings/node/test"
cd "$WORK/bindings/node"
printf '{ "name": "fresh-project", "version": "0.0.0", "private": true, "main": "reexport.js" }\n' > package.json
printf "module.exports = require('watchstander')\n" > reexport.js
printf "export * from 'watchstander'\nexport { default } from 'watchstander'\n" > index.mjs
npm install "$BINDING" "$MAIN" typescript@5.9.3 @types/node@20.19.43

INSTALLED=node_modules/watchstander
[ ! -e "$INSTALLED/native.node" ] && ! ls "$INSTALLED"/*.node > /dev/null 2>&1 \
  || { echo "FAIL: the main package must not carry an addon" >&2; exit 1; }
ADDON=$(ls node_modules/@watchstander/binding-*/*.node)
# The addon is what npm downloads (inside a small tarball) and loads: under 10 MB, stripped, and
# loadable on glibc 2.17 (the same floor as the manylinux2014 wheel).
if [ -z "${SKIP_SIZE_CHECK:-}" ]; then
  check_binary "$ADDON" $((10 * 1024 * 1024))
  case "$BINDING_NAME" in *-gnu) check_glibc "$ADDON" 2.17 ;; esac
fi

echo "  CommonJS"
node -e "
const ws = require('watchstander')
if (ws.time.parseDuration({ duration: 'PT1H' }).fixed_seconds !== 3600) process.exit(1)
if (!require.resolve('watchstander').includes('node_modules')) process.exit(2)"
echo "  ES module (named exports)"
node --input-type=module -e "
import { time, schedule, WatchstanderError } from 'watchstander'
import ws from 'watchstander'
if (time.parseDuration({ duration: 'PT1H' }).fixed_seconds !== 3600) process.exit(1)
if (typeof schedule.CompiledSchedule !== 'function' || ws.time !== time) process.exit(2)
try { time.toLocal({ zone: 'Mars/Base', instant: 0 }) } catch (e) { if (!(e instanceof WatchstanderError) || e.code !== 'unknown_zone') process.exit(3) }"

echo "  TypeScript (tsc --strict): CommonJS and ES module consumers"
cp "$ROOT/examples/node/oncall_bot.ts" .
npx tsc --strict --noEmitOnError --target ES2022 --module commonjs --moduleResolution node \
  --esModuleInterop --types node --outDir out-cjs oncall_bot.ts
WATCHSTANDER_EXAMPLES="$ROOT/examples" node out-cjs/oncall_bot.js > /dev/null
cat > esm.mts <<'TS'
import { time, WatchstanderError } from 'watchstander'
const d = time.parseDuration({ duration: 'PT90M' })
const seconds: number | null = d.fixed_seconds
if (seconds !== 5400) throw new Error(`expected 5400, got ${seconds}`)
try {
  time.toLocal({ zone: 'Mars/Base', instant: new Date(0) })
} catch (e) {
  if (!(e instanceof WatchstanderError)) throw e
}
TS
npx tsc --strict --noEmitOnError --target ES2022 --module nodenext --moduleResolution nodenext \
  --types node --outDir out-esm esm.mts
node out-esm/esm.mjs

echo "  Node suite against the installed package"
node --test --test-reporter=dot test/*.test.js

echo "  a missing platform package is named in the error"
mkdir "$WORK/without-binding"
cd "$WORK/without-binding"
printf '{ "name": "fresh-project-2", "version": "0.0.0", "private": true }\n' > package.json
npm install --omit=optional "$MAIN"
if node -e "require('watchstander')" 2> err.txt; then
  echo "FAIL: require succeeded without the platform package" >&2; exit 1
fi
grep -q "$BINDING_NAME" err.txt || { echo "FAIL: the error does not name $BINDING_NAME:" >&2; cat err.txt >&2; exit 1; }
echo "node packaging: ok"
