// Type definitions of the watchstander npm package.
//
// Every core operation `module.verb` is `watchstander.<module>.<camelVerb>(input)` and
// `...Async(input)`. Inputs use the JSON formats of docs/formats.md (snake_case keys, as in
// every watchstander front end); instants may be `Date`s or RFC 3339 strings; results carry
// instants as RFC 3339 UTC strings.

/** An instant: a `Date`, or an RFC 3339 string with offset (`"2026-11-26T09:00:00Z"`). */
export type Instant = Date | string
/** A local wall-clock time without offset: `"2026-03-08T02:30:00"`. */
export type LocalTime = string
/** An RFC 3339 UTC string as returned by watchstander: `"2026-03-08T07:30:00Z"`. */
export type InstantString = string
/** An ISO 8601 duration: `"PT15M"`, `"PT4H"`, `"P1D"`, `"P1W"`. */
export type IsoDuration = string
/** How a local time in a DST gap or fold becomes an instant. */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'end_of_gap' | 'reject'

/** Thrown by every watchstander function. */
export declare class WatchstanderError extends Error {
  /** Stable machine-readable code, e.g. `"unknown_zone"`. */
  readonly code: string
  /** The engine module that refused the input: time, severity, schedule, incident, input, internal. */
  readonly module: string
  /** Where in the input, e.g. `"levels[2].response.within"`; empty when not known. */
  readonly path: string
}

export declare const version: string
/** Runs any core operation by name. */
export declare function call(op: string, input?: object): unknown
/** Runs any core operation by name on the thread pool. */
export declare function callAsync(op: string, input?: object): Promise<unknown>
/** Every core operation. */
export declare function operations(): Array<{ name: string; summary: string }>

// ---------------------------------------------------------------------------------------------
// time

export type LocalAdjustment =
  | { kind: 'none' }
  | { kind: 'gap'; gap_start: LocalTime; gap_end: LocalTime; gap_seconds: number }
  | { kind: 'fold'; chose: 'earlier' | 'later'; other: InstantString }

export interface ResolvedLocal {
  instant: InstantString
  requested: LocalTime
  local: LocalTime
  offset: string
  adjustment: LocalAdjustment
}

export type CalendarUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years'

export interface WallClockSum {
  instant: InstantString
  local: LocalTime
  offset: string
  elapsed_seconds: number
  clamped: { requested_day: number; clamped_to_day: number } | null
  adjustment: LocalAdjustment
}

export interface ParsedDuration {
  canonical: IsoDuration
  negative: boolean
  years: number
  months: number
  weeks: number
  days: number
  hours: number
  minutes: number
  seconds: number
  nanos: number
  /** Length in seconds with a day = 24 h; null with years or months. */
  fixed_seconds: number | null
}

/** `"HH:MM-HH:MM"`, end exclusive; `"24:00"` ends at midnight. */
export type ClockWindow = string

export interface WeeklyHours {
  mon?: ClockWindow[]
  tue?: ClockWindow[]
  wed?: ClockWindow[]
  thu?: ClockWindow[]
  fri?: ClockWindow[]
  sat?: ClockWindow[]
  sun?: ClockWindow[]
}

export interface Holiday {
  name?: string
  /** `YYYY-MM-DD`; exactly one of `date` and `rrule`. */
  date?: string
  /** An RRULE value, e.g. `FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25`. */
  rrule?: string
  /** First date of the rule, `YYYY-MM-DD`. */
  start?: string
  /** Reduced working windows on the holiday; absent = no working time. */
  hours?: ClockWindow[]
}

export interface BusinessCalendar {
  zone: string
  hours: WeeklyHours
  holidays?: Holiday[]
}

export interface Occurrence {
  instant: InstantString
  local: LocalTime
  offset: string
  adjustment: LocalAdjustment
}

export declare const time: {
  resolveLocal(input: { zone: string; local: LocalTime; disambiguation?: Disambiguation }): ResolvedLocal
  toLocal(input: { zone: string; instant: Instant }): { zone: string; local: LocalTime; offset: string }
  add(input: {
    zone: string
    start: Instant
    amount: number
    unit: CalendarUnit
    disambiguation?: Disambiguation
  }): WallClockSum
  parseDuration(input: { duration: IsoDuration }): ParsedDuration
  recurrence(input: {
    rrule: string
    start: Instant
    end: Instant
    limit?: number
    disambiguation?: Disambiguation
  }): { zone: string; occurrences: Occurrence[] }
  businessAdd(input: { calendar: BusinessCalendar; start: Instant; duration: IsoDuration }): {
    instant: InstantString
    local: LocalTime
  }
  businessBetween(input: { calendar: BusinessCalendar; start: Instant; end: Instant }): {
    seconds: number
    duration: IsoDuration
  }
  nextBusinessInstant(input: { calendar: BusinessCalendar; at: Instant }): { instant: InstantString; local: LocalTime }
  isBusinessTime(input: { calendar: BusinessCalendar; at: Instant }): { business: boolean; holiday: string | null }
  resolveLocalAsync(input: Parameters<typeof time.resolveLocal>[0]): Promise<ResolvedLocal>
  recurrenceAsync(input: Parameters<typeof time.recurrence>[0]): Promise<ReturnType<typeof time.recurrence>>
  businessAddAsync(input: Parameters<typeof time.businessAdd>[0]): Promise<ReturnType<typeof time.businessAdd>>
  businessBetweenAsync(input: Parameters<typeof time.businessBetween>[0]): Promise<ReturnType<typeof time.businessBetween>>
}

// ---------------------------------------------------------------------------------------------
// severity

export type ClockKind = '24x7' | 'business'
export type Audience = 'internal' | 'executive' | 'external'
export type SlaKind = 'response' | 'resolve'

export interface SlaTarget {
  /** `"immediate"` or an ISO duration (`P1D` on a business clock = one business day). */
  within: 'immediate' | IsoDuration
  clock?: ClockKind
}

export interface SeverityLevel {
  id: string
  name: string
  rank: number
  description: string
  escalation_criteria?: string[]
  response: SlaTarget
  resolve?: SlaTarget
  updates?: Array<{ audience: Audience; every: IsoDuration }>
  page?: boolean
}

export interface SeverityPolicy {
  levels: SeverityLevel[]
  immediate_within?: IsoDuration
  business_calendar?: BusinessCalendar
}

export interface SlaClock {
  target: SlaTarget
  started_at: Instant
  pauses?: Array<{ from: Instant; until?: Instant; reason?: string }>
  stopped_at?: Instant
}

export interface SlaStatus {
  state: 'running' | 'paused' | 'stopped'
  clock: ClockKind
  budget_seconds: number
  started_at: InstantString
  deadline: InstantString | null
  deadline_projected: boolean
  elapsed_seconds: number
  remaining_seconds: number
  paused_seconds: number
  breached: boolean
  breached_at: InstantString | null
  met: boolean | null
}

export interface Attainment {
  total: number
  met: number
  breached: number
  pending: number
  ratio: number | null
}

export declare const severity: {
  policy(input?: { policy?: SeverityPolicy }): SeverityPolicy
  deadline(input: { policy?: SeverityPolicy; severity: string; kind: SlaKind; start: Instant }): {
    severity: string
    kind: SlaKind
    target: IsoDuration | null
    clock: ClockKind | null
    deadline: InstantString | null
  }
  slaStatus(input: { policy?: SeverityPolicy; clock: SlaClock; now: Instant }): SlaStatus
  slaReplay(input: {
    policy?: SeverityPolicy
    target: SlaTarget
    started_at: Instant
    changes?: Array<{ at: Instant; action: 'pause' | 'resume' | 'stop'; reason?: string }>
    now: Instant
  }): { clock: SlaClock; status: SlaStatus }
  attainment(input: { policy?: SeverityPolicy; clocks: SlaClock[]; now: Instant }): {
    attainment: Attainment
    statuses: SlaStatus[]
  }
  suggestUpgrade(input: { policy?: SeverityPolicy; current: string; met: string[] }): { suggested: string | null }
}
