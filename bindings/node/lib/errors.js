'use strict'

/**
 * Every error thrown by watchstander. `code` is the stable machine-readable identifier (the
 * same code the Rust core and the Python package report); `module` names the engine module
 * that refused the input (`time`, `severity`, `schedule`, `incident`, `input`, `internal`);
 * `path` says where in the input document, when known.
 */
class WatchstanderError extends Error {
  constructor({ code, module, message, path }) {
    super(message)
    this.name = 'WatchstanderError'
    this.code = code
    this.module = module
    this.path = path || ''
  }
}

module.exports = { WatchstanderError }
