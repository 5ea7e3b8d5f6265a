// Quick start from Node: DST-aware local times, business days, an SLA clock, who is on call,
// and an incident replayed from its events.
// Run with `node examples/node/quickstart.js` after `cd bindings/node && npm ci && npm run build`.
'use strict'

const assert = require('node:assert/strict')
const ws = require('../../bindings/node')
const weekly = require('../schedules/weekly.json')
const events = require('../incidents/inc-1042-events.json')
const config = require('../incidents/config.json')

// 02:30 does not exist in New York on 8 March 2026: moved forward by the gap, never dropped.
const handoff = ws.time.resolveLocal({ zone: 'America/New_York', local: '2026-03-08T02:30:00' })
console.log('02:30 New York →', handoff.instant, handoff.adjustment.kind)
assert.equal(handoff.instant, '2026-03-08T07:30:00Z')

// One business day from Friday 20:00 New York is the close of Monday.
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri']
const calendar = { zone: 'America/New_York', hours: Object.fromEntries(weekdays.map((d) => [d, ['09:00-17:00']])) }
const due = ws.time.businessAdd({ calendar, start: new Date('2026-11-28T01:00:00Z'), duration: 'P1D' })
console.log('1 business day after Friday 20:00 →', due.instant, `(${due.local} local)`)
assert.equal(due.instant, '2026-11-30T22:00:00Z')

// A SEV-2 response clock (1 hour, 24×7) paused for 30 minutes.
const status = ws.severity.slaStatus({
  clock: {
    target: { within: 'PT1H' },
    started_at: new Date('2026-11-26T10:00:00Z'),
    pauses: [{ from: '2026-11-26T10:20:00Z', until: '2026-11-26T10:50:00Z', reason: 'waiting on the vendor' }],
  },
  now: new Date('2026-11-26T11:00:00Z'),
})
console.log('SEV-2 deadline', status.deadline, 'remaining', status.remaining_seconds, 's')
assert.equal(status.deadline, '2026-11-26T11:30:00Z')

// Who is on call: a weekly rotation handing off on Mondays at 09:00 London time, the day
// after the clocks went forward (so 08:00 UTC), and why.
const now = ws.schedule.oncall({ schedule: weekly, at: new Date('2026-03-30T08:30:00Z') })
const primary = now.on_call[0]
console.log('on call:', primary.person, '—', primary.why)
assert.equal(primary.person, 'alice')
assert.equal(primary.shift.start, '2026-03-30T08:00:00Z')

// An incident is the fold of its events, in any order they arrive.
const r = ws.incident.replay({ events, config, now: '2026-11-26T11:40:00Z' })
console.log(r.incident.id, r.incident.status, 'resolve by', r.sla.resolve.deadline, r.war_room)
assert.equal(r.incident.status, 'monitoring')
assert.equal(r.sla.resolve.deadline, '2026-11-27T09:52:00Z')

try {
  ws.time.toLocal({ zone: 'Mars/Base', instant: new Date() })
} catch (err) {
  console.log('typed error:', err.code)
}
