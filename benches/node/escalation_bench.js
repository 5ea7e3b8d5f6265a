'use strict'
// Escalation planning from Node: issue 11's workload through the bindings.
//
//   node benches/node/escalation_bench.js [--quick] [-n N] [--addon PATH]
//
// The addon is the package in PATH (or $WATCHSTANDER_NODE), by default the repository's
// bindings/node (built in release by benches/run.sh).
//
// The inputs of the Rust bench (crates/watchstander/benches/escalation.rs, "basic") and of
// benches/python/escalation_bench.py: the five-layers fixture under three ids, one push rule per
// person, the five-level policy, incidents INC-i (number i) at mulberry32(11) instants of March
// 2026, each planned to exhaustion (24-hour horizon). As in Python, every path converts and
// compiles the three schedules once per incident (the bindings have no shared directory):
//
//   handle    new escalation.LiveEscalation(...) + plan() per incident (constructor and plan
//             also reported apart)
//   op        escalation.plan(...) per incident (objects in and out, every why)
//   op-json   native callJson('escalation.plan', text) per incident + JSON.parse
//
// Prints one JSON object per measurement on stdout (median_s = time per incident) and human lines
// on stderr. The handle's and the operation's notifications are compared for every incident;
// the `esc-check` row carries a SHA-256 of the first 200 incidents' notifications (instant,
// person, level, loop, contact), the same digest the Python bench prints.

const crypto = require('crypto')
const fs = require('fs')
const path = require('path')

const ROOT = path.resolve(__dirname, '..', '..')
const argAt = (flag) => {
  const i = process.argv.indexOf(flag)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const ADDON = path.resolve(argAt('--addon') || process.env.WATCHSTANDER_NODE || path.join(ROOT, 'bindings', 'node'))
const ws = require(ADDON)
const native = require(path.join(ADDON, 'native.js'))
const FIXTURE = JSON.parse(fs.readFileSync(path.join(ROOT, 'benches', 'fixtures', 'five-layers.json'), 'utf8'))
const MARCH = 1772323200 // 2026-03-01T00:00:00Z
const DIGEST_INCIDENTS = 200
const QUICK = process.argv.includes('--quick')
const N = Number(argAt('-n') || (QUICK ? 100 : 1000))

function mulberry32(seed) {
  let state = seed >>> 0
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0
    t = (t ^ (t + (Math.imul(t ^ (t >>> 7), t | 61) >>> 0))) >>> 0
    return (t ^ (t >>> 14)) >>> 0
  }
}

const rfc3339 = (secs) => new Date(secs * 1000).toISOString().replace('.000Z', 'Z')

function documents() {
  const schedules = ['primary', 'secondary', 'managers'].map((id) => ({ ...structuredClone(FIXTURE), id }))
  const people = [...new Set(FIXTURE.people.map((p) => p.id))].sort().map((id) => ({
    id,
    zone: 'Europe/London',
    contact_methods: [{ id: 'app', kind: 'push' }, { id: 'sms', kind: 'sms' }, { id: 'call', kind: 'phone' }],
    rules: { high: [{ after: 'PT0M', contact: 'app' }] },
  }))
  const policy = {
    id: 'five-levels',
    levels: [
      { targets: [{ schedule: 'primary' }], delay: 'PT5M' },
      { targets: [{ schedule: 'secondary' }], delay: 'PT10M' },
      { targets: [{ schedule: 'managers' }], delay: 'PT10M' },
      { targets: [{ schedule: 'primary' }], delay: 'PT15M' },
      { targets: [{ schedule: 'secondary' }], delay: 'PT15M' },
    ],
  }
  return { policies: [policy], schedules, people }
}

function incidents(n) {
  const rnd = mulberry32(11)
  const out = []
  for (let i = 0; i < n; i++) out.push({ id: `INC-${i}`, created: rfc3339(MARCH + (rnd() % (30 * 86400))), number: i })
  return out
}

const instant = (v) => (v instanceof Date ? v.toISOString().replace('.000Z', 'Z') : String(v))
const key = (notes) => notes.map((n) => [n.incident, instant(n.at), n.person, n.level, n.loop, n.contact ?? null])
const now = () => process.hrtime.bigint()
const secs = (a, b) => Number(b - a) / 1e9

function main() {
  const docs = documents()
  const incs = incidents(Math.max(N, DIGEST_INCIDENTS))
  const { LiveEscalation } = ws.escalation

  let construct = 0
  let planning = 0
  let notifications = 0
  const handleKeys = []
  for (const incident of incs.slice(0, N)) {
    const t0 = now()
    const h = new LiveEscalation({ ...docs, incident })
    const t1 = now()
    const p = h.plan()
    const t2 = now()
    construct += secs(t0, t1)
    planning += secs(t1, t2)
    notifications += p.notifications.length
    handleKeys.push(key(p.notifications))
  }

  let t0 = now()
  const opPlans = incs.slice(0, N).map((incident) => ws.escalation.plan({ ...docs, incident }))
  const opS = secs(t0, now())
  const opKeys = opPlans.map((p) => key(p.notifications))

  const head = JSON.stringify(docs).slice(0, -1)
  const texts = incs.slice(0, N).map((inc) => `${head},"incident":${JSON.stringify(inc)}}`)
  t0 = now()
  const envelopes = texts.map((t) => native.callJson('escalation.plan', t))
  const jsonCallS = secs(t0, now())
  t0 = now()
  const parsed = envelopes.map((e) => JSON.parse(e))
  const jsonParseS = secs(t0, now())
  const bad = parsed.filter((p) => !('ok' in p))
  if (bad.length) throw new Error(`escalation.plan failed: ${JSON.stringify(bad[0])}`)
  const jsonKeys = parsed.map((p) => key(p.ok.notifications))

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  if (!same(handleKeys, opKeys)) throw new Error('handle and operation disagree')
  if (!same(jsonKeys, opKeys)) throw new Error('JSON and object operation disagree')
  if (notifications < 5 * N) throw new Error(`only ${notifications} notifications for ${N} incidents`)

  const digestKeys = handleKeys.slice(0, DIGEST_INCIDENTS)
  for (const incident of incs.slice(digestKeys.length, DIGEST_INCIDENTS)) {
    digestKeys.push(key(new LiveEscalation({ ...docs, incident }).plan().notifications))
  }
  const digest = crypto.createHash('sha256').update(JSON.stringify(digestKeys)).digest('hex')

  const per = notifications / N
  const rows = [
    ['handle', construct + planning, 'new LiveEscalation(...) + plan() per incident'],
    ['handle-construct', construct, 'new LiveEscalation(...) alone: documents converted, checked, schedules compiled'],
    ['handle-plan', planning, 'plan() on a built handle: planning + notifications to objects'],
    ['op', opS, 'escalation.plan(...) per incident, objects in and out, every why'],
    ['op-json', jsonCallS + jsonParseS, "callJson('escalation.plan', text) per incident + JSON.parse"],
    ['op-json-call', jsonCallS, 'callJson alone (JSON text in and out)'],
  ]
  for (const [kase, total, note] of rows) {
    const s = total / N
    console.log(JSON.stringify({
      lang: 'node', case: `esc-${kase}`, impl: 'watchstander', median_s: s, samples: 1, incidents: N,
      per_10k_s: s * 10000, notifications_per_incident: per, note,
    }))
    console.error(`node escalation ${kase.padEnd(17)} ${(s * 1e3).toFixed(3).padStart(8)} ms/incident  ≈ ${(s * 10000).toFixed(1).padStart(7)} s per 10 000   (${note})`)
  }
  console.log(JSON.stringify({
    lang: 'node', case: 'esc-check', impl: 'watchstander', digest, incidents: DIGEST_INCIDENTS,
    notifications_per_incident: per,
    agreement: `handle, operation and JSON operation give the same ${notifications} notifications for ${N} incidents; digest of the first ${DIGEST_INCIDENTS}: ${digest.slice(0, 16)}`,
  }))
  console.error(`node escalation: ${per.toFixed(2)} notifications per incident; digest ${digest.slice(0, 16)}`)
}

main()
