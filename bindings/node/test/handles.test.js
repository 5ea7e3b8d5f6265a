'use strict'

// Handles: state kept between calls (a compiled schedule, a live incident). Their answers are
// the operations' answers, computed once; they restore from their state.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')

const ws = require('..')

const ROOT = path.resolve(__dirname, '..', '..', '..')
const FIXTURE = require(path.join(ROOT, 'benches', 'fixtures', 'five-layers.json'))
const EVENTS = require(path.join(ROOT, 'examples', 'incidents', 'inc-1042-events.json'))
const Y0 = '2026-01-01T00:00:00Z'
const Y1 = '2026-04-01T00:00:00Z'

const compiled = new ws.schedule.CompiledSchedule({ schedule: FIXTURE, from: Y0, to: Y1 })

test('responders agree with the operation at every handoff, for Dates, epoch ms and text', () => {
  const shifts = ws.schedule.shifts({ schedule: FIXTURE, from: Y0, to: Y1 }).shifts
  const instants = [...new Set(shifts.map((s) => s.start))].sort().slice(0, 200)
  const many = ws.schedule.oncallMany({ schedule: FIXTURE, at: instants, window: { start: Y0, end: Y1 } }).on_call
  instants.forEach((t, i) => {
    assert.deepEqual(compiled.responders(t), many[i])
    assert.deepEqual(compiled.responders(new Date(t)), many[i])
    assert.deepEqual(compiled.responders(Date.parse(t)), many[i])
  })
})

test('brief shifts are the operation shifts without explanations; explain gives one', () => {
  const full = ws.schedule.shifts({ schedule: FIXTURE, from: Y0, to: Y1 }).shifts
  const brief = compiled.shifts()
  assert.deepEqual(
    brief.map((b) => [b.person, b.start, b.end, b.layer]),
    full.map((f) => [f.person, f.start, f.end, f.layer ?? null]),
  )
  assert.deepEqual(compiled.explain({ index: brief[7].index }), full[7])
})

test('columns are typed arrays that agree with the lists', () => {
  const cols = compiled.shiftColumns()
  assert.ok(cols.start instanceof Float64Array && cols.person instanceof Uint32Array)
  const brief = compiled.shifts()
  assert.equal(cols.start.length, brief.length)
  for (const i of [0, 1, brief.length - 1]) {
    assert.equal(cols.people[cols.person[i]], brief[i].person)
    assert.equal(cols.start[i] * 1000, Date.parse(brief[i].start))
  }
  const ats = new Float64Array(300).map((_, k) => Date.parse('2026-02-01T00:00:00Z') + k * 37 * 60e3)
  const lists = compiled.oncallMany(ats)
  const c = compiled.oncallManyColumns(ats)
  assert.equal(c.offsets.length, ats.length + 1)
  lists.forEach((who, i) => {
    const got = Array.from(c.person.subarray(c.offsets[i], c.offsets[i + 1]), (p) => c.people[p])
    assert.deepEqual(got, who)
    assert.deepEqual(who, compiled.responders(ats[i]))
  })
})

test('a handle restores from its state and rewindows; outside its window is a typed error', () => {
  const back = ws.schedule.CompiledSchedule.restore(compiled.state())
  assert.deepEqual(back.window(), compiled.window())
  const later = '2026-06-15T10:00:00Z'
  assert.throws(() => back.responders(later), (e) => e instanceof ws.WatchstanderError && e.code === 'outside_window')
  back.rewindow({ from: '2026-04-01T00:00:00Z', to: '2026-07-01T00:00:00Z' })
  assert.deepEqual(back.responders(later), ws.schedule.oncallMany({ schedule: FIXTURE, at: [later] }).on_call[0])
  assert.throws(
    () => new ws.schedule.CompiledSchedule({ schedule: { id: 's', zone: 'Mars/Base', layers: [] }, from: Y0, to: Y1 }),
    (e) => e instanceof ws.WatchstanderError && e.code === 'unknown_zone' && e.path === 'schedule.zone',
  )
})

test('a live incident applied event by event equals a replay', () => {
  const live = new ws.incident.LiveIncident({})
  for (const e of EVENTS) live.apply(e)
  const now = '2026-11-26T11:40:00Z'
  const replayed = ws.incident.replay({ events: EVENTS, now })
  const status = live.status(now)
  assert.deepEqual(live.incident(), replayed.incident)
  assert.deepEqual(status.facts, replayed.facts)
  assert.deepEqual(status.sla, replayed.sla)
  assert.equal(live.apply(EVENTS[0]).outcome, 'duplicate')
  const bad = { id: 'bad', incident: 'INC-1042', kind: 'status_changed', to: 'declined', occurred_at: '2026-11-26T11:59:00Z', recorded_at: '2026-11-26T11:59:00Z', actor: 'sam' }
  const before = live.incident()
  assert.throws(() => live.apply(bad), (e) => e instanceof ws.WatchstanderError && e.module === 'incident')
  assert.deepEqual(live.incident(), before)
  const again = ws.incident.LiveIncident.restore(live.state())
  assert.equal(again.len(), live.len())
})

test('ESM named imports expose the handle classes', async () => {
  const m = await import('../index.mjs')
  assert.equal(typeof m.schedule.CompiledSchedule, 'function')
  assert.equal(typeof m.incident.LiveIncident, 'function')
})
