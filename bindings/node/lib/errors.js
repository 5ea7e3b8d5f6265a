'use strict'

/**
 * Every error thrown by watchstander. `code` is the stable machine-readable identifier (the
 * same code the Rust core, the CLI and the Python package report, listed in docs/errors.md);
 * `module` names the engine module the code belongs to (`time`, `severity`, `schedule`,
 * `incident`, `input`, `internal`); `path` says where in the input, when the error is about
 * one place; `details` holds the error's typed fields (`{ name: 'Mars/Base' }` for an unknown
 * zone); `op` is the operation that threw it.
 */
class WatchstanderError extends Error {
  constructor({ code, module, message, path, details, op } = {}) {
    super(message)
    this.name = 'WatchstanderError'
    this.code = code
    this.module = module
    this.path = path || ''
    this.details = details || {}
    this.op = op || ''
  }
}

/** The error to throw for an error the native addon threw: its fields, as a WatchstanderError. */
function rethrow(e) {
  if (e && e.watchstander === true && !(e instanceof WatchstanderError)) {
    const err = new WatchstanderError(e)
    if (e.stack) err.stack = `WatchstanderError: ${e.message}\n${e.stack.split('\n').slice(1).join('\n')}`
    return err
  }
  return e
}

module.exports = { WatchstanderError, rethrow }
