'use strict'

// Node-specific behaviour of watchstander.incident: Dates in events, RFC 3339 strings out,
// WatchstanderError codes, async variants, payloads as plain objects. The semantics are covered
// by tests/conformance/incident/ (conformance.test.js).

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const ws = require('..')

const SAMPLE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'examples', 'org', 'incidents.json'), 'utf8'))
const EVENTS = SAMPLE.incidents[0].events
const AS_OF = new Date('2026-11-26T11:40:00Z')

function ev(id, when, kind, fields = {}) {
  return { id, incident: 'I', kind, occurred_at: when, recorded_at: when, actor: 'bob', ...fields }
}

test('Dates in events are accepted and results carry RFC 3339 UTC strings', () => {
  const t0 = new Date('2026-07-01T09:00:00Z')
  const events = [
    ev('1', t0, 'detected', { title: 'Payments latency', severity: 'SEV-2' }),
    ev('2', new Date(t0.getTime() + 4 * 60 * 1000), 'acknowledged'),
  ]
  const out = ws.incident.replay({ events, now: new Date(t0.getTime() + 10 * 60 * 1000) })
  assert.equal(out.incident.detected_at, '2026-07-01T09:00:00Z')
  assert.equal(out.facts.time_to_acknowledge_seconds, 240)
  assert.equal(out.war_room, 'inc-2026-07-01-payments-latency')
})

test('an invalid Date inside an event names its path', () => {
  assert.throws(
    () => ws.incident.replay({ events: [ev('1', new Date('nope'), 'detected', { title: 't', severity: 'SEV-2' })] }),
    (e) => e instanceof ws.WatchstanderError && e.code === 'invalid_timestamp' && e.path === 'events[0].occurred_at',
  )
})

test('errors are WatchstanderErrors with the incident module and a stable code', () => {
  const events = [
    ev('1', '2026-11-26T10:00:00Z', 'detected', { title: 't', severity: 'SEV-2' }),
    ev('2', '2026-11-26T10:05:00Z', 'status_changed', { to: 'resolved' }),
    ev('3', '2026-11-26T10:09:00Z', 'status_changed', { to: 'investigating' }),
  ]
  assert.throws(
    () => ws.incident.replay({ events }),
    (e) => {
      assert.ok(e instanceof Error && e instanceof ws.WatchstanderError)
      assert.equal(e.code, 'invalid_transition')
      assert.equal(e.module, 'incident')
      assert.match(e.message, /reopened/)
      return true
    },
  )
})

test('async variants resolve and reject like the synchronous ones', async () => {
  const due = await ws.incident.nextUpdateAsync({ events: EVENTS, now: AS_OF })
  assert.deepEqual(due.overdue, ['internal'])
  assert.equal(due.next_due_at, '2026-11-26T11:15:00Z')
  await assert.rejects(
    ws.incident.replayAsync({ events: [ev('1', '2026-11-26T10:00:00Z', 'snoozed')] }),
    (e) => e.code === 'unknown_event_kind',
  )
})

test('Slack and Teams payloads are plain objects ready to post', () => {
  const slack = ws.incident.statusUpdate({ events: EVENTS, now: AS_OF, audience: 'external', format: 'slack', message: 'Fixed soon.' })
  assert.equal(slack.rendered.blocks[0].type, 'header')
  assert.doesNotThrow(() => JSON.stringify(slack.rendered))
  const teams = ws.incident.statusUpdate({ events: EVENTS, now: AS_OF, audience: 'internal', format: 'teams', zone: 'Europe/London' })
  assert.equal(teams.rendered.type, 'AdaptiveCard')
})

test('external updates never show internal notes', () => {
  for (const format of ['markdown', 'text', 'slack', 'teams']) {
    const out = JSON.stringify(ws.incident.statusUpdate({ events: EVENTS, now: AS_OF, audience: 'external', format }).rendered)
    assert.ok(!out.includes('payments-db-2') && !out.includes('Rolling payments-api back'), out)
  }
  assert.throws(
    () => ws.incident.statusUpdate({ events: EVENTS, now: AS_OF, audience: 'external', template: { title: '{latest_note}' } }),
    (e) => e.code === 'internal_placeholder',
  )
})

test('apply reports each event; a rejected one changes nothing', () => {
  const history = [
    ev('1', '2026-11-26T10:00:00Z', 'detected', { title: 't', severity: 'SEV-2' }),
    ev('2', '2026-11-26T10:40:00Z', 'status_changed', { to: 'resolved' }),
  ]
  const late = { ...ev('3', '2026-11-26T10:10:00Z', 'status_changed', { to: 'identified' }), recorded_at: '2026-11-26T10:45:00Z' }
  const bad = { ...ev('4', '2026-11-26T10:20:00Z', 'status_changed', { to: 'declined' }), recorded_at: '2026-11-26T10:46:00Z' }
  const out = ws.incident.apply({ events: history, apply: [late, bad, history[0]] })
  assert.deepEqual(out.results.map((r) => r.outcome), ['inserted', 'rejected', 'duplicate'])
  assert.deepEqual(out.incident.status_history.map((p) => p.status), ['triage', 'identified', 'resolved'])
})

test('the plan with the sample stakeholders', () => {
  const plan = ws.incident.plan({ events: EVENTS, now: AS_OF, config: SAMPLE.config })
  const overdue = plan.items.filter((i) => i.state === 'overdue').map((i) => `${i.stakeholder}:${i.notice}`)
  assert.deepEqual(overdue, ['responders:update', 'support:update'])
})

test('transitions and war-room names', () => {
  assert.deepEqual(ws.incident.transitions({ from: 'resolved' }).statuses[0].next, ['post_incident', 'closed'])
  const name = ws.incident.warRoomName({ title: 'Größe über 10 MB', detected_at: new Date('2026-11-26T10:00:00Z') })
  assert.equal(name.name, 'inc-2026-11-26-grosse-uber-10-mb')
})
