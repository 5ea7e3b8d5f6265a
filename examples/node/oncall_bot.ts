// A small on-call bot, typed end to end (`tsc --strict` checks it in CI).
//
// It uses every module of watchstander the way a bot would: a compiled schedule kept in memory,
// an incident fed its events as they arrive, the escalation plan for it, an alert webhook turned
// into watchstander alerts and routed, the runbook for it checked, a post-mortem drafted and its
// wording linted, the month's response metrics, SLA deadlines and business time.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import {
  alert,
  escalation,
  incident,
  metrics,
  postmortem,
  runbook,
  schedule,
  severity,
  time,
  WatchstanderError,
  type AlertConfig,
  type BusinessCalendar,
  type EscalationPolicy,
  type IncidentEvent,
  type Schedule,
} from 'watchstander'

const EXAMPLES = process.env.WATCHSTANDER_EXAMPLES ?? join(__dirname, '..')
const NOW = new Date('2026-11-26T10:30:00Z')

// time: a local handoff time, and one business day on a calendar
const handoff = time.resolveLocal({ zone: 'America/New_York', local: '2026-03-08T02:30:00' })
if (handoff.adjustment.kind !== 'gap') throw new Error('02:30 is in the gap that night')
const nineToFive = ['09:00-17:00']
const calendar: BusinessCalendar = {
  zone: 'Europe/London',
  hours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
}
console.log('one business day from now:', time.businessAdd({ calendar, start: NOW, duration: 'P1D' }).instant)

// severity: the SEV-2 response deadline
console.log('SEV-2 must be answered by', severity.deadline({ severity: 'SEV-2', kind: 'response', start: NOW }).deadline)

// schedule: compile once, then ask many times
const weekly: Schedule = JSON.parse(readFileSync(join(EXAMPLES, 'schedules', 'weekly.json'), 'utf8'))
const compiled = new schedule.CompiledSchedule({ schedule: weekly, from: '2026-11-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })
const onCall: string[] = compiled.responders(NOW)
console.log('on call now:', onCall.join(', '), '-', compiled.oncall(NOW).on_call[0].why)
for (const h of compiled.handoffs({ from: '2026-11-26T00:00:00Z', to: '2026-12-10T00:00:00Z' }).slice(0, 2)) {
  console.log('handoff at', h.at, h.from, '->', h.to)
}

// incident: events as they arrive
const events: IncidentEvent[] = JSON.parse(readFileSync(join(EXAMPLES, 'incidents', 'inc-1042-events.json'), 'utf8'))
const live = new incident.LiveIncident({})
for (const event of events) live.apply(event)
console.log('resolve deadline:', live.status(new Date('2026-11-26T11:40:00Z')).sla.resolve.deadline)

// escalation: who will be paged if nobody acknowledges
const policy: EscalationPolicy = {
  id: 'payments',
  levels: [
    { targets: [{ schedule: weekly.id }], delay: 'PT10M' },
    { targets: [{ person: 'carol' }], delay: 'PT15M' },
  ],
}
const plan = escalation.plan({
  policies: [policy],
  schedules: [weekly],
  people: ['alice', 'bob', 'chen', 'carol'].map((id) => ({ id })),
  incident: { id: 'INC-1042', created: NOW, policy: 'payments' },
})
for (const n of plan.notifications.slice(0, 3)) console.log('page', n.person, 'at', n.at, 'level', n.level)

// alert: an Alertmanager webhook, normalised and routed
const webhook = {
  version: '4',
  status: 'firing',
  receiver: 'team',
  groupKey: '{}:{alertname="HighLatency"}',
  commonLabels: { alertname: 'HighLatency' },
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', service: 'payments', severity: 'page' },
      annotations: { summary: 'p99 above 2 s' },
      startsAt: '2026-11-26T10:29:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: '1a2b',
    },
  ],
}
const alerts = alert.normalize({ source: 'alertmanager', payload: webhook }).alerts
const config: AlertConfig = {
  route: { receiver: 'default', routes: [{ matchers: ['service="payments"'], receiver: 'payments', continue: false }] },
  receivers: [{ name: 'default' }, { name: 'payments' }],
}
console.log('routed to', alert.route({ config, labels: alerts[0].labels }).routes.map((r) => r.receiver))

// runbook: the team's Markdown runbook, checked like code
const runbookText = readFileSync(join(EXAMPLES, 'runbooks', 'api-high-latency.md'), 'utf8')
for (const f of runbook.lint({ markdown: runbookText, now: NOW }).findings.slice(0, 3)) {
  console.log(`runbook line ${f.line}: ${f.message}`)
}

// postmortem: a draft from the incident's own events, and a blameless-language check
// the same incident, resolved at 11:55
const resolved: IncidentEvent[] = JSON.parse(readFileSync(join(EXAMPLES, 'postmortems', 'inc-1042-events.json'), 'utf8'))
const draft = postmortem.draft({ events: resolved, now: new Date('2026-11-26T12:00:00Z'), zone: 'Europe/London' })
console.log('post-mortem required:', draft.requirement.required, '-', draft.requirement.reason)
for (const f of postmortem.blameless({ text: 'The outage was caused by human error.' }).findings) {
  console.log(`line ${f.line}: ${f.message} (try: ${f.suggestion})`)
}

// metrics: how the month went, from the incidents' own event histories
const month = metrics.response({
  start: new Date('2026-11-01T00:00:00Z'),
  end: new Date('2026-12-01T00:00:00Z'),
  zone: 'Europe/London',
  incident_histories: [events],
})
const mtta = month.response.overall.time_to_acknowledge
console.log('incidents:', mtta.count, 'MTTA seconds:', mtta.mean_seconds)

// errors are typed, with fields
try {
  time.toLocal({ zone: 'Mars/Olympus_Mons', instant: NOW })
} catch (e) {
  if (!(e instanceof WatchstanderError)) throw e
  console.log('refused:', e.code, e.details)
}
