#!/usr/bin/env bash
# Packs the npm packages into OUT, the way they are published:
#   * watchstander-<version>.tgz: the JavaScript package, with every platform package of
#     `napi.targets` as an exact-version optional dependency (npm installs the one whose
#     os/cpu/libc match); it carries no addon itself;
#   * watchstander-binding-<platform>-<version>.tgz: one per `watchstander.<platform>.node` found
#     in bindings/node (built by `npm run build`, i.e. `napi build --platform`), from the
#     package.json in bindings/node/npm/<platform>/.
#
#   scripts/pack-npm.sh OUT
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
NODE_DIR="$ROOT/bindings/node"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
export npm_config_loglevel=error npm_config_update_notifier=false

found=0
for addon in "$NODE_DIR"/watchstander.*.node; do
  [ -e "$addon" ] || continue
  platform=$(basename "$addon" .node)
  platform=${platform#watchstander.}
  [ -f "$NODE_DIR/npm/$platform/package.json" ] || { echo "no npm/$platform/package.json (napi.targets)" >&2; exit 1; }
  cp -r "$NODE_DIR/npm/$platform" "$STAGE/$platform"
  cp "$addon" "$STAGE/$platform/"
  (cd "$STAGE/$platform" && npm pack --silent --pack-destination "$OUT" > /dev/null)
  found=1
done
[ "$found" = 1 ] || { echo "no built addon in bindings/node: run npm run build first" >&2; exit 1; }

(cd "$NODE_DIR" && npm pack --silent --pack-destination "$STAGE" > /dev/null)
mkdir "$STAGE/main"
tar -xzf "$STAGE"/watchstander-[0-9]*.tgz -C "$STAGE/main"
node - "$STAGE/main/package/package.json" "$NODE_DIR/npm" <<'JS'
const fs = require('fs')
const path = require('path')
const [file, npmDir] = process.argv.slice(2)
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'))
pkg.optionalDependencies = {}
for (const dir of fs.readdirSync(npmDir).sort()) {
  const sub = JSON.parse(fs.readFileSync(path.join(npmDir, dir, 'package.json'), 'utf8'))
  if (sub.version !== pkg.version) throw new Error(`${sub.name} is ${sub.version}, watchstander is ${pkg.version}: run napi version`)
  pkg.optionalDependencies[sub.name] = pkg.version
}
delete pkg.devDependencies
delete pkg.scripts
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n')
JS
(cd "$STAGE/main/package" && npm pack --silent --pack-destination "$OUT" > /dev/null)
