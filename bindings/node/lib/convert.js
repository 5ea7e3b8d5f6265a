'use strict'

// Conversion between JavaScript values and the core's JSON. No domain logic lives here.

const { WatchstanderError } = require('./errors')

/** JS → JSON-ready value: `Date`s become RFC 3339 UTC strings; invalid dates are refused. */
function toJsonValue(value, where) {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new WatchstanderError({
        code: 'invalid_timestamp',
        module: 'time',
        message: `${where || 'value'} is an invalid Date; pass a valid Date or an RFC 3339 string such as "2026-11-26T09:00:00Z"`,
        path: where,
      })
    }
    return value.toISOString()
  }
  if (Array.isArray(value)) return value.map((v, i) => toJsonValue(v, `${where}[${i}]`))
  if (value !== null && typeof value === 'object') {
    const out = {}
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toJsonValue(v, where ? `${where}.${k}` : k)
    }
    return out
  }
  return value
}

/** Encodes an operation's input object as JSON text. */
function encode(op, input) {
  if (input === undefined || input === null) input = {}
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new WatchstanderError({
      code: 'invalid_input',
      module: 'input',
      message: `${op} takes one options object, e.g. ${op}({ ... }); got ${Array.isArray(input) ? 'an array' : typeof input}`,
    })
  }
  return JSON.stringify(toJsonValue(input, ''))
}

/** Decodes a result envelope: returns the value or throws a `WatchstanderError`. */
function decode(text) {
  const envelope = JSON.parse(text)
  if (envelope.error) throw new WatchstanderError(envelope.error)
  return envelope.ok
}

module.exports = { encode, decode }
