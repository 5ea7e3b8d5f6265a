'use strict'

// The stateful engines as handles: alert.Pipeline fed a small storm alert by alert, and
// escalation.LiveEscalation asked what to send as time passes. Expected values are counted by
// hand from Alertmanager's grouping rules (group_wait) and the policy's delays.

const test = require('node:test')
const assert = require('node:assert/strict')

const ws = require('..')

const CONFIG = {
  route: { receiver: 'team', group_by: ['alertname', 'cluster'], group_wait: '30s', group_interval: '5m', service: 'checkout' },
  inhibit_rules: [
    { name: 'down-mutes-latency', source_matchers: ['alertname=CheckoutDown'], target_matchers: ['alertname=HighLatency'], equal: ['cluster'] },
  ],
}
const at = (s) => new Date(Date.UTC(2026, 10, 26, 10, 0, s))
const latency = (pod, actionable) => ({
  labels: { alertname: 'HighLatency', cluster: 'eu', pod: `p${pod}` },
  ...(actionable === undefined ? {} : { actionable }),
})

test('a storm of ten alerts is one page after group_wait; repeats are folded with their count', () => {
  const p = new ws.alert.Pipeline({ config: CONFIG })
  let actions = []
  for (let i = 0; i < 10; i++) actions = actions.concat(p.ingest({ alert: latency(i), now: at(i) }))
  const grouped = actions.filter((a) => a.kind === 'suppress')
  assert.equal(grouped.length, 9)
  assert.ok(grouped.every((a) => a.reason.reason === 'grouped'))
  assert.equal(p.nextTimer(), '2026-11-26T10:00:30Z')
  const dup = p.ingest({ alert: latency(3), now: at(12) })
  assert.deepEqual(dup[0].reason, { reason: 'dedup', count: 2 })
  const flushed = p.tick(at(30))
  const notes = flushed.filter((a) => a.kind === 'notify')
  assert.equal(notes.length, 1)
  assert.equal(notes[0].alerts.length, 10)
  assert.equal(flushed.filter((a) => a.kind === 'open_incident').length, 1)
})

test('ingestMany equals ingest one by one, and lists refused alerts by position', () => {
  const one = new ws.alert.Pipeline({ config: CONFIG })
  let singles = []
  for (let i = 0; i < 6; i++) singles = singles.concat(one.ingest({ alert: latency(i), now: at(i) }))
  singles = singles.concat(one.tick(at(40)))
  const many = new ws.alert.Pipeline({ config: CONFIG })
  const batch = [0, 1, 2, 3, 4, 5].map((i) => ({ alert: latency(i), now: at(i) }))
  batch.push({ alert: latency(9), now: at(1) })
  const out = many.ingestMany(batch)
  assert.deepEqual(out.errors.map((e) => [e.index, e.code]), [[6, 'alert_clock_regression']])
  assert.deepEqual(out.actions.concat(many.tick(at(40))), singles)
})

test('inhibition is explained, quality is counted, and the pipeline restores mid-storm', () => {
  const p = new ws.alert.Pipeline({ config: CONFIG })
  for (let i = 0; i < 4; i++) p.ingest({ alert: latency(i, i === 0), now: at(i) })
  const back = ws.alert.Pipeline.restore(p.state())
  p.ingest({ alert: { labels: { alertname: 'CheckoutDown', cluster: 'eu' } }, now: at(5) })
  back.ingest({ alert: { labels: { alertname: 'CheckoutDown', cluster: 'eu' } }, now: at(5) })
  const out = p.tick(at(40))
  assert.deepEqual(back.tick(at(40)), out)
  const inhibited = out.filter((a) => a.kind === 'suppress' && a.reason.reason === 'inhibited')
  assert.equal(inhibited.length, 4)
  assert.equal(inhibited[0].reason.rule, 'down-mutes-latency')
  const q = p.quality()
  assert.equal(q.total.alerts, 5)
  assert.equal(q.by_rule.find((r) => r.name === 'HighLatency').true_positive_rate, 0.25)
  assert.throws(
    () => p.mark({ alert: '00000000000000ff', actionable: true }),
    (e) => e instanceof ws.WatchstanderError && e.code === 'unknown_alert',
  )
})

const ESCALATION = {
  incident: { id: 'INC-7', created: '2026-03-09T10:00:00Z' },
  policies: [{ id: 'payments', ack_timeout: 'PT30M', levels: [
    { targets: [{ person: 'alice' }], delay: 'PT10M' },
    { targets: [{ person: 'bob' }], delay: 'PT10M' }] }],
  people: [{ id: 'alice' }, { id: 'bob' }],
}

test('a live escalation pages level 1, then level 2 after its delay; plan looks ahead', () => {
  const h = new ws.escalation.LiveEscalation(ESCALATION)
  assert.deepEqual(h.due('2026-03-09T10:00:00Z').map((n) => n.person), ['alice'])
  assert.equal(h.nextDue(), '2026-03-09T10:10:00Z')
  assert.deepEqual(h.plan({ until: '2026-03-09T10:10:00Z' }).notifications.map((n) => [n.person, n.level]), [['bob', 2]])
  assert.deepEqual(h.due('2026-03-09T10:09:00Z'), [])
  assert.deepEqual(h.due('2026-03-09T10:10:00Z').map((n) => [n.person, n.level]), [['bob', 2]])
})

test('an acknowledgement stops it until the timeout; it restores from its state', () => {
  const h = new ws.escalation.LiveEscalation(ESCALATION)
  h.due('2026-03-09T10:00:00Z')
  assert.equal(h.apply({ kind: 'acknowledged', at: '2026-03-09T10:05:00Z', by: 'alice' }).state.status, 'acknowledged')
  assert.deepEqual(h.due('2026-03-09T10:34:00Z'), [])
  const back = ws.escalation.LiveEscalation.restore(h.state())
  assert.deepEqual(back.due('2026-03-09T10:35:00Z').map((n) => [n.person, n.cause]), [['alice', 'ack_timeout']])
})
