'use strict'

// Columnar metrics inputs from typed arrays give the same answers as plain arrays. The expected
// figures are worked out by hand: three incidents, acknowledged after 240 s and 600 s (the
// third never), resolved after 3600 s (the others open).

const test = require('node:test')
const assert = require('node:assert/strict')

const ws = require('..')

const T0 = 1_767_261_600 // 2026-01-01T10:00:00Z
const TRIGGERED = [T0, T0 + 86_400, T0 + 2 * 86_400]
const ACKED = [T0 + 240, T0 + 86_400 + 600, -1]
const RESOLVED = [T0 + 3600, -1, -1]
const SEVERITY = [0, 1, 1]

function response (columns) {
  return ws.metrics.response({
    start: '2026-01-01T00:00:00Z',
    end: '2026-02-01T00:00:00Z',
    zone: 'UTC',
    incident_columns: { ...columns, severities: ['SEV-1', 'SEV-2'] }
  })
}

function check (result) {
  // Only January's empty weeks are reported: no value was dropped or misread.
  assert.deepEqual(Object.keys(result.data_quality.by_code), ['empty_period'])
  const r = result.response
  assert.equal(r.counts.counted, 3)
  assert.equal(r.counts.unacknowledged, 1)
  assert.equal(r.counts.open, 2)
  assert.equal(r.overall.time_to_acknowledge.mean_seconds, 420) // (240 + 600) / 2
  assert.equal(r.overall.time_to_acknowledge.max_seconds, 600)
  assert.equal(r.overall.time_to_resolve.count, 1)
  assert.equal(r.overall.time_to_resolve.p50_seconds, 3600)
  const by = Object.fromEntries(r.by_severity.map((k) => [k.key, k.incidents]))
  assert.deepEqual(by, { 'SEV-1': 1, 'SEV-2': 2 })
}

test('plain arrays, with -1 or null for missing', () => {
  check(response({ triggered_at: TRIGGERED, acknowledged_at: ACKED, resolved_at: RESOLVED, severity: SEVERITY }))
  const nul = (xs) => xs.map((x) => (x < 0 ? null : x))
  check(response({ triggered_at: TRIGGERED, acknowledged_at: nul(ACKED), resolved_at: nul(RESOLVED), severity: SEVERITY }))
})

test('typed arrays of every integer width, and BigInt64Array', () => {
  check(response({
    triggered_at: Float64Array.from(TRIGGERED),
    acknowledged_at: BigInt64Array.from(ACKED.map(BigInt)),
    resolved_at: Float64Array.from(RESOLVED),
    severity: Uint8Array.from(SEVERITY)
  }))
  check(response({
    triggered_at: Uint32Array.from(TRIGGERED),
    acknowledged_at: Int32Array.from(ACKED),
    resolved_at: Int32Array.from(RESOLVED),
    severity: Int16Array.from(SEVERITY)
  }))
})

test('float arrays take NaN for missing, and refuse fractions with the row', () => {
  const nan = (xs) => Float64Array.from(xs.map((x) => (x < 0 ? NaN : x)))
  check(response({ triggered_at: Float64Array.from(TRIGGERED), acknowledged_at: nan(ACKED), resolved_at: nan(RESOLVED), severity: Float32Array.from(SEVERITY) }))
  assert.throws(
    () => response({ triggered_at: Float64Array.from([T0, T0 + 0.5]) }),
    (e) => e.code === 'unsupported_value' && /row 1/.test(e.message)
  )
})

test('page columns from typed arrays', () => {
  const out = ws.metrics.health({
    start: '2026-01-01T00:00:00Z',
    end: '2026-02-01T00:00:00Z',
    zone: 'UTC',
    page_columns: {
      person: Uint16Array.from([0, 0, 1]),
      people: ['ana', 'bo'],
      at: Float64Array.from([T0, T0 + 30, T0 + 3600]),
      actionable: Int8Array.from([1, 0, -1])
    }
  })
  assert.equal(out.alerts.pages, 3)
  // The first two reach ana 30 s apart: one interruption; bo's is another.
  assert.equal(out.alerts.interruptions, 2)
})
