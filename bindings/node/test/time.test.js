'use strict'

// Node-specific behaviour: Dates in, RFC 3339 strings out, errors with stable codes, async.

const test = require('node:test')
const assert = require('node:assert/strict')

const ws = require('..')

test('version is the core version', () => {
  assert.match(ws.version, /^\d+\.\d+\.\d+/)
})

test('a Date is accepted as an instant and results are RFC 3339 UTC strings', () => {
  const start = new Date(Date.UTC(2026, 2, 7, 14, 0, 0)) // 09:00 EST, Saturday
  const out = ws.time.add({ zone: 'America/New_York', start, amount: 1, unit: 'days' })
  assert.equal(out.instant, '2026-03-08T13:00:00Z')
  assert.equal(out.elapsed_seconds, 23 * 3600)
  assert.equal(new Date(out.instant).getTime() - start.getTime(), 23 * 3600 * 1000)
})

test('Dates nested in documents are converted', () => {
  const clock = { target: { within: 'PT1H' }, started_at: new Date('2026-11-26T10:00:00Z') }
  const s = ws.severity.slaStatus({ clock, now: new Date('2026-11-26T10:15:00Z') })
  assert.equal(s.deadline, '2026-11-26T11:00:00Z')
  assert.equal(s.remaining_seconds, 45 * 60)
})

test('an invalid Date is refused before it reaches the core', () => {
  assert.throws(
    () => ws.time.toLocal({ zone: 'UTC', instant: new Date('not a date') }),
    (e) => e instanceof ws.WatchstanderError && e.code === 'invalid_timestamp' && e.path === 'instant',
  )
})

test('errors carry a stable code, the module and a message that names the problem', () => {
  assert.throws(
    () => ws.time.toLocal({ zone: 'Mars/Olympus_Mons', instant: '2026-01-01T00:00:00Z' }),
    (e) => {
      assert.ok(e instanceof Error)
      assert.equal(e.code, 'unknown_zone')
      assert.equal(e.module, 'time')
      assert.match(e.message, /Mars\/Olympus_Mons/)
      return true
    },
  )
})

test('shape errors say where', () => {
  assert.throws(
    () => ws.severity.policy({ policy: { levels: 'SEV-1' } }),
    (e) => e.code === 'invalid_input' && e.path === 'policy.levels',
  )
})

test('a non-object input is a typed error', () => {
  assert.throws(() => ws.time.parseDuration('PT1H'), (e) => e.code === 'invalid_input')
})

test('unknown operation', () => {
  assert.throws(() => ws.call('time.teleport', {}), (e) => e.code === 'unknown_operation')
})

test('async twins resolve and reject like the sync functions', async () => {
  const out = await ws.time.resolveLocalAsync({ zone: 'America/New_York', local: '2026-03-08T02:30:00' })
  assert.equal(out.instant, '2026-03-08T07:30:00Z')
  await assert.rejects(ws.time.resolveLocalAsync({ zone: 'Nowhere', local: '2026-03-08T02:30:00' }), (e) => e.code === 'unknown_zone')
})
