'use strict'

// The watchstander npm package: named functions over the core's JSON operations.
//
// Every core operation `module.verb` is exposed as `watchstander.<module>.<camelVerb>(input)`
// (synchronous) and `watchstander.<module>.<camelVerb>Async(input)` (a Promise, computed on
// the libuv thread pool). `input` is a plain object in the formats of docs/formats.md; instants
// may be `Date`s or RFC 3339 strings. Results are plain objects with instants as RFC 3339 UTC
// strings (a `Date` cannot carry an offset). Errors are `WatchstanderError`s with a stable `code`.

const native = require('./native.js')
const { encode, decode } = require('./lib/convert')
const { WatchstanderError } = require('./lib/errors')

function camel(verb) {
  return verb.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
}

/** Runs any core operation by name, e.g. `call('time.parse_duration', { duration: 'PT1H' })`. */
function call(op, input) {
  return decode(native.call(op, encode(op, input)))
}

/** Like `call`, on the thread pool; resolves with the result or rejects with a WatchstanderError. */
async function callAsync(op, input) {
  return decode(await native.callAsync(op, encode(op, input)))
}

const api = {
  version: native.coreVersion(),
  call,
  callAsync,
  operations: () => native.operations().map(([name, summary]) => ({ name, summary })),
  WatchstanderError,
}

for (const [name] of native.operations()) {
  const [module, verb] = name.split('.')
  const ns = (api[module] = api[module] || {})
  const fn = camel(verb)
  ns[fn] = (input) => call(name, input)
  ns[`${fn}Async`] = (input) => callAsync(name, input)
}

module.exports = api
