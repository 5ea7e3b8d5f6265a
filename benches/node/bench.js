'use strict'
// Node benchmark: watchstander's Node package vs the `rrule` npm package on
// benches/fixtures/five-layers.json. Run by benches/run.sh (which installs rrule into
// benches/node/node_modules and builds the addon in release):
//
//   node benches/node/bench.js [--quick]
//
// Prints human-readable lines on stderr and one JSON object per measurement on stdout:
// {"lang", "case", "impl", "median_s", "samples", "note"}.
//
// The peer computes the same thing naively, as a Node user would without watchstander: the
// `rrule` package expands each layer's weekly handoffs and its restriction windows in a
// floating local frame (rrule.js's recommended way; its `tzid` option returns shifted Dates),
// local wall-clock times become instants through Intl.DateTimeFormat offsets, turns are
// clipped to the windows, layers are stacked (precedence / union) and the `replace` overrides
// applied (last created wins) in one sweep over the sorted boundaries. It is checked to give
// exactly watchstander's per-person on-call intervals for the year, and the same people at
// 1 000 random instants, before anything is timed.

const fs = require('fs')
const path = require('path')
const { RRule } = require('rrule')

const ROOT = path.resolve(__dirname, '..', '..')
const ws = require(path.join(ROOT, 'bindings', 'node'))
const FIXTURE = fs.readFileSync(path.join(ROOT, 'benches', 'fixtures', 'five-layers.json'), 'utf8')
const Y0S = Date.UTC(2026, 0, 1) / 1000
const Y1S = Date.UTC(2027, 0, 1) / 1000
const Y0 = '2026-01-01T00:00:00Z'
const Y1 = '2027-01-01T00:00:00Z'
const QUICK = process.argv.includes('--quick')
const QUERIES = QUICK ? 100000 : 1000000

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

/** n instants of 2026 in whole seconds: the same sequence as the Rust and Python benches. */
function instants(n, seed) {
  const rnd = mulberry32(seed)
  const span = Y1S - Y0S
  const out = new Array(n)
  for (let i = 0; i < n; i++) out[i] = Y0S + (rnd() % span)
  return out
}

const rfc3339 = (secs) => new Date(secs * 1000).toISOString().replace('.000Z', 'Z')

function measure(fn, samples, warmup = 1) {
  for (let i = 0; i < warmup; i++) fn()
  const times = []
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint()
    fn()
    times.push(Number(process.hrtime.bigint() - t0) / 1e9)
  }
  const sorted = [...times].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return [median, times]
}

function report(kase, impl, median, samples, note = '') {
  console.log(JSON.stringify({ lang: 'node', case: kase, impl, median_s: median, samples: samples.length, note }))
  console.error(`node ${kase} ${impl.padEnd(34)} median ${(median * 1e3).toFixed(3).padStart(10)} ms over ${samples.length} samples ${note}`)
}

// ----------------------------------------------------------------------------------------
// The peer: rrule + Intl.
// ----------------------------------------------------------------------------------------

const formatters = new Map()
function formatter(zone) {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    })
    formatters.set(zone, f)
  }
  return f
}

/** The zone's UTC offset (ms) at the instant utcMs. */
function offsetAt(zone, utcMs) {
  const p = {}
  for (const { type, value } of formatter(zone).formatToParts(new Date(utcMs))) p[type] = value
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second)
  return local - utcMs
}

/** A floating local time (a Date whose UTC fields are the wall clock) → epoch seconds. */
function toEpoch(floating, zone) {
  const ms = floating.getTime()
  let guess = ms - offsetAt(zone, ms)
  const o = offsetAt(zone, guess)
  guess = ms - o
  return guess / 1000
}

const DAYS = { mon: RRule.MO, tue: RRule.TU, wed: RRule.WE, thu: RRule.TH, fri: RRule.FR, sat: RRule.SA, sun: RRule.SU }
const DAY_INDEX = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 }

function floating(text) {
  // "2025-01-06T09:00" read as a floating wall-clock time.
  return new Date(text + ':00Z')
}

function clip(pieces) {
  const out = []
  for (const [s, e, p] of pieces) {
    const a = Math.max(s, Y0S)
    const b = Math.min(e, Y1S)
    if (a < b) out.push([a, b, p])
  }
  return out.sort((x, y) => x[0] - y[0])
}

function rruleLayer(layer, defaultZone) {
  const zone = layer.zone || defaultZone
  const rot = layer.rotation
  const members = rot.members
  const offset = rot.offset || 0
  if (rot.handoff.unit !== 'weeks') throw new Error('the peer reads weekly cadences only')
  const every = rot.handoff.every
  const handoffs = new RRule({
    freq: RRule.WEEKLY, interval: every, dtstart: floating(rot.anchor),
    until: new Date(Date.UTC(2027, 0, 1 + 14 * every)),
  }).all().map((d) => toEpoch(d, zone))
  const turns = []
  for (let k = 0; k + 1 < handoffs.length; k++) turns.push([handoffs[k], handoffs[k + 1], members[(k + offset) % members.length]])
  const restrictions = layer.restrictions || []
  if (!restrictions.length) return clip(turns)
  const windows = []
  for (const r of restrictions) {
    const [sh, sm] = r.start.split(':').map(Number)
    const [eh, em] = r.end.split(':').map(Number)
    let days
    let length
    let freq
    if (r.start_day) {
      days = [DAYS[r.start_day]]
      length = (DAY_INDEX[r.end_day] - DAY_INDEX[r.start_day] + 7) % 7
      if (length === 0 && eh * 60 + em <= sh * 60 + sm) length = 7
      freq = RRule.WEEKLY
    } else {
      days = (r.days || Object.keys(DAYS)).map((d) => DAYS[d])
      length = eh * 60 + em <= sh * 60 + sm ? 1 : 0
      freq = RRule.DAILY
    }
    const starts = new RRule({
      freq, byweekday: days, dtstart: new Date(Date.UTC(2025, 11, 24, sh, sm)), until: new Date(Date.UTC(2027, 0, 2, 23, 59)),
    }).all()
    for (const start of starts) {
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + length, eh, em))
      windows.push([toEpoch(start, zone), toEpoch(end, zone)])
    }
  }
  windows.sort((a, b) => a[0] - b[0])
  const pieces = []
  let first = 0
  for (const [ts, te, person] of turns) {
    while (first + 1 < windows.length && windows[first + 1][0] <= ts) first++
    for (let i = first; i < windows.length && windows[i][0] < te; i++) {
      const s = Math.max(ts, windows[i][0])
      const e = Math.min(te, windows[i][1])
      if (s < e) pieces.push([s, e, person])
    }
  }
  return clip(pieces)
}

function stack(layers, overrides) {
  const bset = new Set([Y0S, Y1S])
  for (const [, pieces] of layers) for (const [s, e] of pieces) { bset.add(s); bset.add(e) }
  for (const [s, e] of overrides) { bset.add(Math.min(Math.max(s, Y0S), Y1S)); bset.add(Math.min(Math.max(e, Y0S), Y1S)) }
  const bounds = [...bset].sort((a, b) => a - b)
  const byStart = [...overrides].sort((a, b) => Math.max(a[0], Y0S) - Math.max(b[0], Y0S))
  let next = 0
  let active = []
  const ptr = layers.map(() => 0)
  const timeline = []
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = bounds[i]
    const e = bounds[i + 1]
    let people = []
    layers.forEach(([union, pieces], li) => {
      let j = ptr[li]
      while (j < pieces.length && pieces[j][1] <= s) j++
      ptr[li] = j
      if (j < pieces.length && pieces[j][0] <= s) {
        if (!union) people = []
        people.push(pieces[j][2])
      }
    })
    active = active.filter((o) => o[1] > s)
    while (next < byStart.length && Math.max(byStart[next][0], Y0S) <= s) active.push(byStart[next++])
    if (active.length) people = [active.reduce((a, b) => (b[3] > a[3] ? b : a))[2]]
    people = [...new Set(people)].sort()
    const last = timeline[timeline.length - 1]
    if (last && last[1] === s && last[2].join() === people.join()) last[1] = e
    else timeline.push([s, e, people])
  }
  return timeline
}

const secs = (text) => Date.parse(text) / 1000

function peerBuild(text) {
  const doc = JSON.parse(text)
  const layers = doc.layers.map((l) => [l.combine === 'union', rruleLayer(l, doc.zone)])
  const overrides = doc.overrides.map((o) => [secs(o.start), secs(o.end), o.person, secs(o.created_at)])
  return stack(layers, overrides)
}

function personIntervals(timeline) {
  const out = {}
  for (const [s, e, people] of timeline) {
    for (const p of people) {
      const list = (out[p] = out[p] || [])
      const last = list[list.length - 1]
      if (last && last[1] >= s) last[1] = Math.max(last[1], e)
      else list.push([s, e])
    }
  }
  return out
}

function oursPersonIntervals(shifts) {
  const byPerson = {}
  for (const sh of shifts) (byPerson[sh.person] = byPerson[sh.person] || []).push([secs(sh.start), secs(sh.end)])
  const out = {}
  for (const [p, list] of Object.entries(byPerson)) {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    const merged = (out[p] = [])
    for (const [s, e] of list) {
      const last = merged[merged.length - 1]
      if (last && last[1] >= s) last[1] = Math.max(last[1], e)
      else merged.push([s, e])
    }
  }
  return out
}

function lookup(timeline, t) {
  let lo = 0
  let hi = timeline.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (timeline[mid][0] <= t) lo = mid + 1
    else hi = mid
  }
  const seg = timeline[lo - 1]
  return seg && t < seg[1] ? seg[2] : []
}

function canonical(intervals) {
  return JSON.stringify(Object.keys(intervals).sort().map((k) => [k, intervals[k]]))
}

function main() {
  const doc = JSON.parse(FIXTURE)
  const sched = ws.schedule

  const oursShifts = sched.shifts({ schedule: doc, from: Y0, to: Y1 }).shifts
  const ours = oursPersonIntervals(oursShifts)
  const peer = peerBuild(FIXTURE)
  if (canonical(personIntervals(peer)) !== canonical(ours)) throw new Error('the rrule peer disagrees with watchstander')
  const sample = instants(1000, 7)
  const oursAt = sched.oncallMany({ schedule: doc, at: sample.map(rfc3339) }).on_call
  sample.forEach((t, i) => {
    const a = [...new Set(oursAt[i])].sort().join()
    if (a !== lookup(peer, t).join()) throw new Error(`disagree at ${rfc3339(t)}: ${a} vs ${lookup(peer, t).join()}`)
  })
  let hours = 0
  for (const list of Object.values(ours)) for (const [s, e] of list) hours += e - s
  const note = `agreement: the rrule peer gives watchstander's per-person intervals for the year (${Object.keys(ours).length} people, ${Math.floor(hours / 3600)} person-hours, ${oursShifts.length} watchstander shifts, ${peer.length} peer timeline segments); same people at 1000 instants`
  console.log(JSON.stringify({ lang: 'node', agreement: note }))
  console.error('node ' + note)

  const n = QUICK ? 3 : 9
  const fresh = () => new sched.CompiledSchedule({ schedule: JSON.parse(FIXTURE), from: Y0, to: Y1 })
  let [m, s] = measure(() => fresh().shifts(), n)
  report('a', 'watchstander', m, s, 'new CompiledSchedule(...).shifts(): parse + compile + every shift as an object (person, start/end, layer, index)')
  ;[m, s] = measure(() => fresh().shiftColumns(), n)
  report('a-columns', 'watchstander', m, s, 'new CompiledSchedule(...).shiftColumns(): parse + compile + typed-array columns')
  ;[m, s] = measure(() => sched.shifts({ schedule: JSON.parse(FIXTURE), from: Y0, to: Y1 }), n)
  report('a-explained', 'watchstander', m, s, 'schedule.shifts operation: every shift explained (reason, why, uid, local times, DST)')
  ;[m, s] = measure(() => personIntervals(peerBuild(FIXTURE)), n)
  report('a', 'rrule', m, s, 'parse + rrule expansion + Intl offsets + stacking + per-person intervals')
  ;[m, s] = measure(() => JSON.parse(FIXTURE), n)
  report('a-parse', 'watchstander', m, s, 'breakdown: JSON.parse of the document')
  const parsed = JSON.parse(FIXTURE)
  ;[m, s] = measure(() => new sched.CompiledSchedule({ schedule: parsed, from: Y0, to: Y1 }), n)
  report('a-compile', 'watchstander', m, s, 'breakdown: object -> core conversion + validate + compile')
  const h = new sched.CompiledSchedule({ schedule: parsed, from: Y0, to: Y1 })
  ;[m, s] = measure(() => h.shifts(), n)
  report('a-convert', 'watchstander', m, s, 'breakdown: shifts -> JS objects')
  ;[m, s] = measure(() => h.shiftColumns(), n)
  report('a-convert-columns', 'watchstander', m, s, 'breakdown: shifts -> typed arrays')

  const qs = instants(QUERIES, 42)
  const ms = qs.map((t) => t * 1000)
  const timeline = peerBuild(FIXTURE)
  const one = ms.slice(0, QUERIES / 10)
  const oneSecs = qs.slice(0, QUERIES / 10)
  ;[m, s] = measure(() => {
    for (const t of one) h.responders(t)
  }, 3)
  report('b-single', 'watchstander', m / one.length, s, 'per query: handle.responders(t) (epoch ms), one call each')
  ;[m, s] = measure(() => {
    for (const t of oneSecs) lookup(timeline, t)
  }, 3)
  report('b-single', 'binary search', m / one.length, s, "per query: a JS binary search over the peer's prebuilt timeline, one call each")
  const arr = Float64Array.from(ms)
  ;[m, s] = measure(() => h.oncallManyColumns(arr), 3)
  report('b-batch', 'watchstander', m / qs.length, s, `per query: handle.oncallManyColumns(Float64Array of ${QUERIES})`)
  ;[m, s] = measure(() => h.oncallMany(arr), 3)
  report('b-batch-lists', 'watchstander', m / qs.length, s, `per query: handle.oncallMany(Float64Array of ${QUERIES}) -> arrays of ids`)
  ;[m, s] = measure(() => qs.map((t) => lookup(timeline, t)), 3)
  report('b-batch', 'binary search', m / qs.length, s, `per query: ${QUERIES} binary searches in a map()`)
  const few = qs.slice(0, 20).map(rfc3339)
  ;[m, s] = measure(() => few.map((t) => sched.oncall({ schedule: doc, at: t })), 3)
  report('b-recompile', 'watchstander', m / few.length, s, 'per query: schedule.oncall operation (recompiles 90 days each time)')
}

main()
