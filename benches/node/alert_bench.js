'use strict'
// Alert pipeline from Node: the `alert.Pipeline` handle fed the Rust bench's alert mix.
//
//   node benches/node/alert_bench.js [--quick] [-n N] [--addon PATH]
//
// The addon is the package in PATH (or $WATCHSTANDER_NODE), by default the repository's
// bindings/node (built in release by benches/run.sh).
//
// The alerts and configuration of crates/watchstander/benches/alert.rs (and of
// benches/python/alert_pipeline.py): 100 000 alerts (40 names, 20 clusters, 500 instances,
// 4 teams, 8 labels; every fourth re-sends an earlier one), 0.1 ms apart; three child routes
// (one regex), group_by, two inhibition rules. Measured on a fresh pipeline each sample, the
// alert objects built before the clock starts:
//
//   ingest        pipeline.ingest({alert, now}) one alert at a time
//   ingestMany    pipeline.ingestMany(batch) in batches of 1 000
//   tick          after the ingest, one tick past group_wait: every group notifies once
//
// Before timing, the open alerts and groups are checked against what the mix implies (the
// Python bench checks the groups' members against a plain Python pipeline). Prints one JSON
// object per measurement on stdout (median_s = time for the whole stream) and human lines on
// stderr.

const path = require('path')

const ROOT = path.resolve(__dirname, '..', '..')
const argAt = (flag) => {
  const i = process.argv.indexOf(flag)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const ADDON = path.resolve(argAt('--addon') || process.env.WATCHSTANDER_NODE || path.join(ROOT, 'bindings', 'node'))
const ws = require(ADDON)
const QUICK = process.argv.includes('--quick')
const N = Number(argAt('-n') || (QUICK ? 20000 : 100000))
const SAMPLES = QUICK ? 1 : 3
const BATCH = 1000
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0)

const CONFIG = {
  route: {
    receiver: 'default', group_by: ['alertname', 'cluster'], group_wait: '30s', group_interval: '5m',
    routes: [
      { matchers: ['team="db"'], receiver: 'db', continue: true },
      { matchers: ['severity=~"critical|page"'], receiver: 'pager', group_by: ['alertname'] },
      { matchers: ['env!="prod"'], receiver: 'dev' },
    ],
  },
  inhibit_rules: [
    { source_matchers: ['alertname=ClusterDown'], target_matchers: ['severity=~"warning|info"'], equal: ['cluster'] },
    { source_matchers: ['severity=critical'], target_matchers: ['severity=warning'], equal: ['alertname', 'cluster'] },
  ],
}

function alert(j) {
  const sev = ['critical', 'warning', 'warning', 'info']
  const teams = ['db', 'web', 'payments', 'infra']
  return {
    labels: {
      alertname: `Alert${j % 40}`,
      cluster: `c${j % 20}`,
      instance: `10.0.${Math.floor(j / 250) % 250}.${j % 250}:9100`,
      job: `job${j % 13}`,
      severity: sev[j % 4],
      team: teams[j % 4],
      env: j % 10 === 0 ? 'staging' : 'prod',
      namespace: `ns${j % 50}`,
    },
    status: 'firing',
  }
}

/** The stream: alert i is alert j of the mix (a repeat of an earlier one for every fourth). */
function stream(n) {
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    const us = 100 * i
    const now = new Date(T0 + Math.floor(us / 1000)).toISOString().replace('Z', `${String(us % 1000).padStart(3, '0')}Z`)
    out[i] = { alert: alert(i % 4 === 3 ? Math.floor(i / 2) : i), now }
  }
  return out
}

const hr = () => process.hrtime.bigint()
const secs = (a, b) => Number(b - a) / 1e9
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function single(input) {
  const p = new ws.alert.Pipeline({ config: CONFIG })
  const t0 = hr()
  for (const a of input) p.ingest(a)
  return [p, secs(t0, hr())]
}

function batched(input) {
  const p = new ws.alert.Pipeline({ config: CONFIG })
  const batches = []
  for (let i = 0; i < input.length; i += BATCH) batches.push(input.slice(i, i + BATCH))
  const t0 = hr()
  for (const b of batches) {
    const out = p.ingestMany(b)
    if (out.errors.length) throw new Error(JSON.stringify(out.errors[0]))
  }
  return [p, secs(t0, hr())]
}

function main() {
  const input = stream(N)
  const flushAt = new Date(T0 + 41000).toISOString().replace('.000Z', 'Z')

  // What the mix implies: distinct alerts = the numbers j sent; groups as in the Python check.
  const distinct = new Set(input.map((a) => JSON.stringify(a.alert.labels))).size
  const [p0] = batched(input)
  const counts = p0.counts()
  if (counts.open_alerts !== distinct) throw new Error(`open alerts ${counts.open_alerts}, expected ${distinct}`)
  const [p1] = single(input)
  const c1 = p1.counts()
  if (c1.open_alerts !== counts.open_alerts || c1.open_groups !== counts.open_groups) throw new Error('ingest and ingestMany disagree')
  const notes = p0.tick(flushAt).filter((a) => a.kind === 'notify')
  if (notes.length !== counts.open_groups) throw new Error(`${notes.length} notifications for ${counts.open_groups} groups`)
  const notified = notes.reduce((s, n) => s + n.alerts.length, 0)
  const agreement = `${N} alerts: ${counts.open_alerts} open alerts, ${counts.open_groups} groups, ${notified} alerts notified at the first flush (ingest and ingestMany agree)`
  console.log(JSON.stringify({ lang: 'node', case: 'alert-check', impl: 'watchstander', agreement }))
  console.error(`node alert: ${agreement}`)

  const times = { 'watchstander (ingest)': [], [`watchstander (ingestMany ${BATCH})`]: [] }
  const ticks = []
  for (let k = 0; k < SAMPLES; k++) {
    times['watchstander (ingest)'].push(single(input)[1])
    const [p, s] = batched(input)
    times[`watchstander (ingestMany ${BATCH})`].push(s)
    const t0 = hr()
    p.tick(flushAt)
    ticks.push(secs(t0, hr()))
  }
  for (const [impl, ts] of Object.entries(times)) {
    const s = median(ts)
    console.log(JSON.stringify({
      lang: 'node', case: `alert-ingest-${N}`, impl, median_s: s, samples: ts.length, alerts: N, alerts_per_s: N / s,
      note: 'dedup + route + group + inhibition index, one alert at a time unless batched',
    }))
    console.error(`node alert ingest ${N} ${impl.padEnd(30)} ${(s * 1e3).toFixed(1).padStart(8)} ms  ${(N / s / 1e3).toFixed(1).padStart(7)} k alerts/s`)
  }
  const s = median(ticks)
  console.log(JSON.stringify({
    lang: 'node', case: `alert-flush-${N}`, impl: 'watchstander (tick)', median_s: s, samples: ticks.length, alerts: notified,
    note: 'first flush of every group: inhibition, sorting, common labels, notifications',
  }))
  console.error(`node alert flush  ${N} ${'watchstander (tick)'.padEnd(30)} ${(s * 1e3).toFixed(1).padStart(8)} ms`)
}

main()
