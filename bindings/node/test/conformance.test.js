'use strict'

// Runs tests/conformance/ through the npm package's named functions:
// op `module.verb` → watchstander.<module>.<camelVerb>(input).

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const ws = require('..')

const ROOT = path.resolve(__dirname, '..', '..', '..', 'tests', 'conformance')

function files(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) return files(p)
      return e.name.endsWith('.json') ? [p] : []
    })
}

function matches(expected, actual, at = '$') {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${at}: expected an object, got ${JSON.stringify(actual)}`)
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(Object.prototype.hasOwnProperty.call(actual, k), `${at}.${k}: missing in output`)
      matches(v, actual[k], `${at}.${k}`)
    }
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${at}: expected ${expected.length} items, got ${JSON.stringify(actual)}`)
    expected.forEach((e, i) => matches(e, actual[i], `${at}[${i}]`))
  } else {
    assert.deepEqual(actual, expected, `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

function fnFor(op) {
  const [module, verb] = op.split('.')
  const name = verb.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
  const fn = ws[module] && ws[module][name]
  assert.equal(typeof fn, 'function', `no function watchstander.${module}.${name} for ${op}`)
  return fn
}

for (const file of files(ROOT)) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'))
  const rel = path.relative(ROOT, file)
  for (const c of doc.cases) {
    test(`${rel} :: ${c.name}`, () => {
      const fn = fnFor(c.op)
      if (c.error !== undefined) {
        assert.throws(() => fn(c.input), (err) => {
          assert.ok(err instanceof ws.WatchstanderError, `expected a WatchstanderError, got ${err}`)
          assert.equal(err.code, c.error, err.message)
          return true
        })
      } else {
        matches(c.expect, fn(c.input))
      }
    })
  }
}

test('every operation has a function and an async twin', () => {
  for (const { name } of ws.operations()) {
    const [module, verb] = name.split('.')
    const fn = verb.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
    assert.equal(typeof ws[module][fn], 'function', name)
    assert.equal(typeof ws[module][`${fn}Async`], 'function', name)
  }
})
