'use strict'

// Node-specific behaviour of watchstander.schedule: Dates in, strings out, camelCase names,
// async variants, errors. The operations' results are checked by the shared conformance cases.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const ws = require('..')

const ROOT = path.join(__dirname, '..', '..', '..')

const weekly = {
  id: 'payments',
  zone: 'Europe/London',
  layers: [{ id: 'weekly', rotation: { members: ['alice', 'bob'], anchor: '2026-01-05T09:00', handoff: { every: 1, unit: 'weeks' } } }],
}

test('every schedule operation has a camelCase function and an Async twin', () => {
  for (const { name } of ws.operations().filter((o) => o.name.startsWith('schedule.'))) {
    const verb = name.split('.')[1].replace(/_([a-z])/g, (_, c) => c.toUpperCase())
    assert.equal(typeof ws.schedule[verb], 'function', name)
    assert.equal(typeof ws.schedule[`${verb}Async`], 'function', name)
  }
  assert.equal(typeof ws.schedule.handoffReport, 'function')
})

test('a Date is accepted as an instant; results are RFC 3339 UTC strings', () => {
  // Monday 30 March 2026, 09:00 BST = 08:00Z: turn 12 → alice.
  const now = ws.schedule.oncall({ schedule: weekly, at: new Date(Date.UTC(2026, 2, 30, 8, 0, 0)) })
  assert.equal(now.on_call[0].person, 'alice')
  assert.equal(now.on_call[0].shift.start, '2026-03-30T08:00:00Z')
  assert.equal(now.next_handoff, '2026-04-06T08:00:00Z')
  assert.equal(now.on_call[0].why, 'layer weekly (every week), turn 12: member 1 of 2')
})

test('Dates inside the schedule document are converted', () => {
  const doc = JSON.parse(JSON.stringify(weekly))
  doc.overrides = [{ id: 'cover', person: 'chen', start: new Date('2026-03-31T04:00:00Z'), end: new Date('2026-03-31T10:00:00Z') }]
  const now = ws.schedule.oncall({ schedule: doc, at: '2026-03-31T05:00:00Z' })
  assert.equal(now.on_call[0].person, 'chen')
  assert.deepEqual(now.on_call[0].replaced, ['alice'])
})

test('async variants resolve with the same result', async () => {
  const input = { schedule: weekly, from: '2026-03-23T00:00:00Z', to: '2026-04-06T00:00:00Z' }
  const a = ws.schedule.handoffs(input)
  const b = await ws.schedule.handoffsAsync(input)
  assert.deepEqual(a, b)
  assert.deepEqual(a.handoffs.map((h) => h.at), ['2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z'])
})

test('errors carry the schedule module and a stable code', async () => {
  assert.throws(
    () => ws.schedule.shifts({ schedule: weekly, from: '2026-01-01T00:00:00Z', to: '2036-01-01T00:00:00Z' }),
    (e) => e instanceof ws.WatchstanderError && e.code === 'window_too_long' && e.module === 'schedule',
  )
  await assert.rejects(
    ws.schedule.oncallAsync({ schedule: { ...weekly, zone: 'Mars/Base' }, at: '2026-01-01T00:00:00Z' }),
    (e) => e.code === 'unknown_zone' && e.path === 'schedule.zone',
  )
})

test('the sample team: who is on call now and the next handoffs', () => {
  const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'org', 'schedules.json'), 'utf8'))
  const primary = doc.schedules[0]
  const now = ws.schedule.oncall({ schedule: primary, at: '2026-11-26T15:00:00Z' })
  assert.deepEqual(now.on_call.map((e) => e.person), ['alice'])
  const next = ws.schedule.handoffs({ schedule: primary, after: '2026-11-26T15:00:00Z', count: 3 })
  assert.deepEqual(next.handoffs.map((h) => h.to), [['eve'], ['chen'], ['alice']])
})

// ical.js is installed by tests/ical (npm ci there); the parse check is skipped without it.
let ICAL = null
try {
  const mod = require(path.join(ROOT, 'tests', 'ical', 'node_modules', 'ical.js'))
  ICAL = mod.default || mod
} catch {
  ICAL = null
}

test('the iCalendar export parses with ical.js, in the member zone, with stable UIDs', { skip: ICAL === null && 'ical.js not installed (run npm ci in tests/ical)' }, () => {
  const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'org', 'schedules.json'), 'utf8'))
  const input = { schedule: doc.schedules[0], from: '2026-12-01T00:00:00Z', to: '2026-12-08T00:00:00Z', person: 'eve', times: 'zoned' }
  const out = ws.schedule.ical({ ...input, now: new Date('2026-11-30T00:00:00Z') })
  const comp = new ICAL.Component(ICAL.parse(out.ics))
  for (const vtz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz)
  const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
  assert.ok(events.length > 0)
  assert.equal(events.length, out.events.length)
  events.forEach((ev, i) => {
    assert.equal(ev.uid, out.events[i].uid)
    assert.equal(ev.startDate.zone.tzid, 'America/New_York')
    assert.equal(ev.startDate.toJSDate().toISOString().replace('.000Z', 'Z'), out.events[i].start)
    assert.equal(ev.endDate.toJSDate().toISOString().replace('.000Z', 'Z'), out.events[i].end)
  })
  const again = ws.schedule.ical({ ...input, now: '2026-12-01T09:00:00Z' })
  assert.deepEqual(again.events.map((e) => e.uid), out.events.map((e) => e.uid))
})
