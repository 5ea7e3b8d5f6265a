'use strict'

// Finds and loads the native addon (the Rust core compiled by napi-rs).
//
// In a checkout, `npm run build` leaves `watchstander.<platform>.node` next to this file. When the
// package is installed from npm, the addon comes from the platform package npm picked from
// `optionalDependencies` (`@watchstander/binding-linux-x64-gnu`, ...): npm installs only the one
// whose `os`/`cpu`/`libc` match this machine. `WATCHSTANDER_NATIVE_LIBRARY_PATH` overrides both.

const { existsSync } = require('node:fs')
const { join } = require('node:path')

const { version } = require('./package.json')

// The platforms the release workflow builds (package.json `napi.targets`).
const PREBUILT = [
  'linux-x64-gnu',
  'linux-arm64-gnu',
  'linux-x64-musl',
  'linux-arm64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64-msvc',
  'win32-arm64-msvc',
]

function isMusl() {
  try {
    const report = process.report && process.report.getReport()
    if (report && report.header && report.header.glibcVersionRuntime) return false
    if (report && Array.isArray(report.sharedObjects)) {
      return report.sharedObjects.some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))
    }
  } catch {
    // fall through to the file system
  }
  try {
    return require('node:fs').readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    return false
  }
}

function platformKey() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function load() {
  if (process.env.WATCHSTANDER_NATIVE_LIBRARY_PATH) {
    return require(process.env.WATCHSTANDER_NATIVE_LIBRARY_PATH)
  }
  const key = platformKey()
  const local = join(__dirname, `watchstander.${key}.node`)
  if (existsSync(local)) return require(local)

  const pkg = `@watchstander/binding-${key}`
  let binding
  try {
    binding = require(pkg)
  } catch (cause) {
    if (cause && cause.code === 'MODULE_NOT_FOUND' && String(cause.message).includes(pkg)) {
      const message = PREBUILT.includes(key)
        ? `watchstander: the native addon for this platform (${key}) is in the npm package ` +
          `${pkg}@${version}, which is not installed. npm installs it as an optional dependency ` +
          `of watchstander; it is missing when installing with --omit=optional or --no-optional, ` +
          `or when node_modules was copied from another platform. Install it: npm install ${pkg}@${version}`
        : `watchstander: no prebuilt native addon for this platform (${key}); prebuilt ones: ` +
          `${PREBUILT.join(', ')}. Build it from source with Rust: ` +
          `cd bindings/node && npm ci && npm run build`
      const error = new Error(message)
      error.code = 'WATCHSTANDER_NATIVE_ADDON_MISSING'
      error.cause = cause
      throw error
    }
    throw cause
  }
  const found = require(`${pkg}/package.json`).version
  if (found !== version) {
    throw new Error(
      `watchstander: ${pkg} is version ${found} but watchstander is ${version}; ` +
        `install matching versions: npm install watchstander@${version} ${pkg}@${version}`,
    )
  }
  return binding
}

module.exports = load()
