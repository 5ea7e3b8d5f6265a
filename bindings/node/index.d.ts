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

// ---------------------------------------------------------------------------------------------
// schedule (docs/schedule.md, docs/formats/schedule.md)

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'

/** When a rotation hands off: exactly one of a cadence, an RRULE, or a handovers list. */
export type Handoff =
  | { every: number; unit: 'hours' | 'days' | 'weeks' | 'months'; at?: string }
  | { rrule: string }
  | { handovers: IsoDuration[] }

export interface RosterChange {
  effective: Instant
  members: string[]
  rollout?: 'immediately' | 'after_current_shift' | 'after_full_rotation'
  keep_current_on_call?: boolean
}

export interface Rotation {
  members: string[]
  offset?: number
  /** Local date-time, date, or RFC 3339 instant; not with `rrule`. */
  anchor?: string
  handoff: Handoff
  dst?: Disambiguation
  turn_counting?: 'clock' | 'active_time'
  roster_changes?: RosterChange[]
}

export type Restriction =
  | { days?: Weekday[]; start: string; end: string }
  | { start_day: Weekday; start: string; end_day: Weekday; end: string }

export interface Layer {
  id: string
  name?: string
  start?: Instant
  end?: Instant
  combine?: 'precedence' | 'union'
  shadow?: boolean
  zone?: string
  rotation: Rotation
  restrictions?: Restriction[]
}

export interface DayOff {
  name?: string
  date?: string
  rrule?: string
  rrule_start?: string
  from?: string
  to?: string
}

export interface Person {
  id: string
  name?: string
  zone?: string
  holiday_calendars?: string[]
  holidays?: DayOff[]
  time_off?: DayOff[]
  backup?: string
}

export interface Override {
  id?: string
  kind?: 'replace' | 'add' | 'remove'
  person: string
  replaces?: string
  start: Instant
  end: Instant
  created_at?: Instant
  note?: string
}

export interface Swap {
  id: string
  kind?: 'cover' | 'swap'
  layer: string
  turn?: number
  turn_start?: Instant
  from: string
  to: string
  within?: { start: Instant; end: Instant }
  with_turn?: number
  with_turn_start?: Instant
  created_at?: Instant
}

export interface Schedule {
  version?: 1
  id: string
  name?: string
  zone: string
  people?: Person[]
  holiday_calendars?: Record<string, DayOff[]>
  /** Lowest first: a later layer is higher. */
  layers: Layer[]
  overrides?: Override[]
  temporary_schedules?: Array<{
    id: string
    start: Instant
    end: Instant
    shifts: Array<{ person: string; start: Instant; end: Instant }>
  }>
  swaps?: Swap[]
  shadows?: Array<{ person: string; shadows: string; start?: Instant; end?: Instant }>
  time_off_policy?: { mode?: 'flag' | 'skip' | 'reassign'; backup?: string }
}

export interface Interval {
  start: InstantString
  end: InstantString
}

export type Reason =
  | { kind: 'layer'; layer: string; turn: number; member_index: number; roster_size: number; roster_change?: number }
  | { kind: 'swap'; swap: string; swap_kind: 'cover' | 'swap'; layer: string; turn: number; instead_of: string }
  | { kind: 'time_off'; policy: 'skip' | 'reassign'; layer: string; turn: number; instead_of: string; time_off: string }
  | { kind: 'override'; id: string; override_kind: 'replace' | 'add' | 'remove'; note?: string }
  | { kind: 'temporary'; schedule: string; shift: number }
  | { kind: 'shadowing'; shadows: string }

export interface Shift {
  /** Stable: the same in every window that contains the whole shift. */
  uid: string
  person: string
  start: InstantString
  end: InstantString
  hours: number
  reason: Reason
  why: string
  layer?: string
  zone: string
  local_start: LocalTime
  local_end: LocalTime
  shadow: boolean
  dst?: { zone: string; start?: LocalAdjustment; end?: LocalAdjustment; offset_change_minutes: number }
  truncated_start: boolean
  truncated_end: boolean
  time_off?: string[]
}

export interface OnCallEntry {
  person: string
  reason: Reason
  why: string
  shift: Interval
  shift_uid: string
  replaced?: string[]
}

export interface OnCall {
  at: InstantString
  on_call: OnCallEntry[]
  shadows: OnCallEntry[]
  gap: boolean
  unchanged: Interval
  next_handoff?: InstantString
}

export interface ScheduleHandoff {
  at: InstantString
  from: string[]
  to: string[]
  layers?: string[]
  dst?: LocalAdjustment
}

export interface MergedTurn {
  layer: string
  turn: number
  at: InstantString
  local: LocalTime
  adjustment: LocalAdjustment
  member?: string
}

export interface PersonTotals {
  person: string
  name?: string
  zone: string
  shifts: number
  hours: number
  night_hours: number
  weekend_hours: number
  holiday_hours: number
  nights: number
  weekend_days: number
  holidays: number
}

export interface FairnessWeights {
  hour?: number
  night?: number
  weekend?: number
  holiday?: number
}

export interface FairnessInput {
  schedule: Schedule
  from: Instant
  to: Instant
  weights?: FairnessWeights
  /** Local night window, default `"22:00-08:00"`. */
  night?: string
  opening_balance?: Record<string, number>
  people?: string[]
}

export interface FairnessLedger {
  window: Interval
  weights: Required<FairnessWeights>
  total: number
  fair_share: number
  spread: number
  rows: Array<PersonTotals & { points: number; opening_balance: number; balance: number; over_fair_share: number }>
}

export interface ScheduleDiff {
  window: Interval
  unchanged: boolean
  changes: Array<{
    start: InstantString
    end: InstantString
    hours: number
    before: string[]
    after: string[]
    removed: string[]
    added: string[]
    before_why: string[]
    after_why: string[]
    summary: string
  }>
  hours_delta: Record<string, number>
}

export interface HandoffSide {
  person: string
  zone: string
  shift: Interval
  shift_uid: string
  local_start: LocalTime
  local_end: LocalTime
  hours: number
  night_hours: number
  weekend_hours: number
  why: string
  pages?: Array<{ id: string; at: InstantString; title?: string }>
  time_off?: string[]
}

export interface HandoffReport {
  schedule: string
  at: InstantString
  local_at: LocalTime
  zone: string
  outgoing: HandoffSide[]
  incoming: HandoffSide[]
  continuing: string[]
  layers: string[]
  dst?: LocalAdjustment
  gaps_ahead: Interval[]
  next_handoff?: InstantString
  text: string[]
}

export interface CompiledSchedule {
  schedule: string
  window: Interval
  shifts: Shift[]
  shadow_shifts: Shift[]
  handoffs: ScheduleHandoff[]
  gaps: Interval[]
  merged_turns: MergedTurn[]
  swaps: Array<{ id: string; status: 'applied' | 'orphaned' | 'conflict' | 'outside_window'; detail: string }>
  time_off_conflicts: Array<{
    person: string
    start: InstantString
    end: InstantString
    time_off: string
    shift_uid: string
    why: string
  }>
  notices: Array<
    | { kind: 'empty_rotation'; layer: string }
    | { kind: 'starved_member'; layer: string; person: string; turns: number }
    | { kind: 'override_had_no_effect'; id: string }
  >
}

type ScheduleWindow = { schedule: Schedule; from: Instant; to: Instant }

interface ScheduleApi {
  validate(input: { schedule: Schedule }): {
    valid: true
    id: string
    zone: string
    layers: Array<{ id: string; zone: string; members: string[]; combine: string; shadow: boolean }>
    people: string[]
  }
  compile(input: ScheduleWindow): CompiledSchedule
  oncall(input: { schedule: Schedule; at: Instant; window?: { start: Instant; end: Instant } }): OnCall
  /** Who is on call at each of up to 1 000 000 instants: `on_call[i]` lists the person ids at `at[i]`. Compiles once (default window: 45 days around the instants), then a binary search per instant. */
  oncallMany(input: { schedule: Schedule; at: Instant[]; window?: { start: Instant; end: Instant } }): {
    window?: Interval
    on_call: string[][]
  }
  shifts(input: ScheduleWindow & { layer?: string; person?: string; include_shadows?: boolean }): {
    shifts: Shift[]
    shadow_shifts?: Shift[]
  }
  handoffs(
    input:
      | ScheduleWindow
      | { schedule: Schedule; after: Instant; count?: number; within_days?: number },
  ): { handoffs: ScheduleHandoff[] }
  gaps(input: ScheduleWindow): { gaps: Interval[]; gap_hours: number; coverage: number }
  dst(input: ScheduleWindow): { shifts: Shift[]; merged_turns: MergedTurn[] }
  totals(input: FairnessInput): { totals: PersonTotals[] }
  fairness(input: FairnessInput): FairnessLedger
  diff(input: { before: Schedule; after: Schedule; from: Instant; to: Instant }): ScheduleDiff
  handoffReport(input: {
    schedule: Schedule
    at: Instant
    incidents?: Array<{ id: string; at: Instant; title?: string }>
    window?: { start: Instant; end: Instant }
  }): HandoffReport
  ical(input: {
    schedule: Schedule
    from: Instant
    to: Instant
    /** The export time, written as DTSTAMP. */
    now: Instant
    person?: string
    times?: 'utc' | 'zoned'
    zone?: string
    include_shadows?: boolean
    include_gaps?: boolean
    alarm_minutes?: number
  }): {
    calendar: string
    events: Array<{ uid: string; summary: string; start: InstantString; end: InstantString }>
    /** RFC 5545 text, CRLF line endings. */
    ics: string
  }
}

type Asyncify<T> = {
  [K in keyof T as K extends string ? `${K}Async` : never]: T[K] extends (input: infer I) => infer O
    ? (input: I) => Promise<O>
    : never
}

export declare const schedule: ScheduleApi & Asyncify<ScheduleApi>
// incident (docs/incident.md, docs/formats/incident.md)

export type IncidentStatus =
  | 'triage'
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved'
  | 'post_incident'
  | 'closed'
  | 'declined'
  | 'merged'

/** The fields every event has. */
export interface IncidentEventBase {
  /** Unique within the incident; re-sending the identical event is a no-op. */
  id: string
  incident: string
  /** When it happened; the incident is folded in this order. */
  occurred_at: Instant
  /** When it was recorded; breaks ties; may not precede occurred_at (beyond max_clock_skew). */
  recorded_at: Instant
  /** A person id or a system, e.g. "alertmanager". */
  actor: string
}

/** One change to an incident; `kind` selects the fields. */
export type IncidentEvent = IncidentEventBase &
  (
    | {
        kind: 'detected'
        title: string
        severity: string
        alerts?: string[]
        service?: string
        summary?: string
        criteria?: string[]
      }
    | { kind: 'acknowledged' }
    | { kind: 'status_changed'; to: IncidentStatus; from?: IncidentStatus; reason?: string }
    | { kind: 'severity_changed'; to: string; reason: string; criteria?: string[] }
    | { kind: 'role_assigned' | 'role_released'; role: string; person: string }
    | { kind: 'participant_joined' | 'participant_left'; person: string }
    | { kind: 'impact_started'; description?: string }
    | { kind: 'impact_ended' }
    | { kind: 'status_update_posted'; audience: Audience; text: string }
    | { kind: 'note'; text: string }
    | { kind: 'merged'; into: string }
    | { kind: 'reopened'; reason: string; to?: 'investigating' | 'identified' | 'monitoring' }
    | { kind: 'follow_up_created'; title: string; owner?: string; due?: string }
  )

export interface WarRoomRule {
  prefix?: string
  date?: boolean
  zone?: string
  /** Default 80 (Slack); 50 suits Teams. */
  max_length?: number
}

export interface Stakeholder {
  id: string
  name: string
  audience: Audience
  /** Empty: every severity that updates the audience. */
  severities?: string[]
  notify_within?: IsoDuration
  channels?: string[]
}

export interface IncidentConfig {
  severity_policy?: SeverityPolicy
  roles?: Array<{ id: string; name: string; exclusive?: boolean }>
  stakeholders?: Stakeholder[]
  people?: Array<{ id: string; name: string }>
  war_room?: WarRoomRule
  max_clock_skew?: IsoDuration
}

export interface Tenure {
  person: string
  from: InstantString
  until?: InstantString
  assigned_by: string
  ended_by?: 'released' | 'handed_over' | 'left'
}

export interface Incident {
  id: string
  title: string
  service?: string
  summary?: string
  detected_at: InstantString
  detected_by: string
  alerts?: string[]
  status: IncidentStatus
  status_history: Array<{
    status: IncidentStatus
    from: InstantString
    until?: InstantString
    event: string
    actor: string
    reason?: string
  }>
  severity: string
  severity_history: Array<{
    severity: string
    from: InstantString
    until?: InstantString
    event: string
    actor: string
    reason?: string
  }>
  criteria?: string[]
  acknowledgements?: Array<{ at: InstantString; by: string; event: string }>
  roles?: Record<string, { holders: string[]; tenures: Tenure[] }>
  participants?: Record<string, { stints: Array<{ joined_at: InstantString; left_at?: InstantString }> }>
  impact?: Array<{ started_at: InstantString; ended_at?: InstantString; description?: string }>
  updates?: Array<{ audience: Audience; at: InstantString; by: string; text: string; event: string }>
  notes?: Array<{ at: InstantString; by: string; text: string; event: string }>
  follow_ups?: Array<{
    id: string
    title: string
    owner?: string
    due?: string
    created_at: InstantString
    created_by: string
  }>
  merged_into?: string
  reopenings?: Array<{
    at: InstantString
    by: string
    from: IncidentStatus
    to: IncidentStatus
    reason: string
    event: string
  }>
  event_count: number
  last_event_at: InstantString
}

export interface IncidentFacts {
  as_of: InstantString
  status: IncidentStatus
  severity: string
  acknowledged_at: InstantString | null
  acknowledged_by: string | null
  mitigated_at: InstantString | null
  resolved_at: InstantString | null
  time_to_detect_seconds: number | null
  time_to_acknowledge_seconds: number | null
  time_to_mitigate_seconds: number | null
  time_to_resolve_seconds: number | null
  open_seconds: number
  time_in_status: Partial<Record<IncidentStatus, number>>
  impact_seconds: number
  impact_ongoing: boolean
  suggested_severity: string | null
  next_statuses: IncidentStatus[]
}

export interface IncidentSlaReport {
  kind: SlaKind
  /** The severity whose target judges the clock (in force now, or when it stopped). */
  severity: string
  target: IsoDuration | null
  clock: ClockKind | null
  started_at: InstantString
  stopped_at: InstantString | null
  state: 'running' | 'paused' | 'stopped'
  deadline: InstantString | null
  deadline_projected: boolean
  elapsed_seconds: number | null
  remaining_seconds: number | null
  paused_seconds: number
  pauses: Array<{ from: InstantString; until?: InstantString; reason?: string }>
  breached: boolean
  breached_at: InstantString | null
  breached_under: string | null
  met: boolean | null
  retargeted: Array<{ at: InstantString; from: string; to: string }>
}

export interface TimelineEntry {
  at: InstantString
  /** RFC 3339 with the zone's offset. */
  local: string
  /** `2026-11-26 10:05 GMT`. */
  display: string
  event: string
  kind: IncidentEvent['kind']
  actor: string
  actor_name: string
  text: string
  status: IncidentStatus | null
  severity?: string
  recorded_at: InstantString
  late: boolean
}

export interface UpdateDue {
  audience: Audience
  every: IsoDuration | null
  required_since: InstantString | null
  last_update_at: InstantString | null
  due_at: InstantString | null
  reason: 'first' | 'cadence' | 'resolution' | 'closure' | null
  overdue: boolean
  overdue_seconds: number
}

export interface PlanItem {
  stakeholder: string
  name: string
  audience: Audience
  channels: string[]
  notice: 'initial' | 'update' | 'resolution' | 'closure'
  subject: string
  due_at: InstantString
  done_at: InstantString | null
  state: 'done' | 'pending' | 'overdue'
}

export interface StatusTemplate {
  /** Text with `{placeholders}` only; `{{` and `}}` for literal braces. */
  title: string
  body?: string
  facts?: Array<{ label: string; value: string }>
}

export type UpdateFormat = 'markdown' | 'text' | 'slack' | 'teams'

export interface RenderedUpdate {
  audience: Audience
  format: UpdateFormat
  title: string
  body: string
  facts: Array<{ label: string; value: string }>
  /** A string for markdown and text; Block Kit `{text, blocks}` for slack; an Adaptive Card for teams. */
  rendered: string | Record<string, unknown>
}

type IncidentInput = { events: IncidentEvent[]; config?: IncidentConfig }

export interface IncidentReplay {
  incident: Incident
  facts: IncidentFacts
  sla: { as_of: InstantString; response: IncidentSlaReport; resolve: IncidentSlaReport }
  war_room: string
}

export interface IncidentApplied {
  results: Array<{
    event: string
    outcome: 'appended' | 'inserted' | 'duplicate' | 'rejected'
    position?: number
    error?: { module: string; code: string; message: string; path?: string }
  }>
  incident: Incident | null
  event_count: number
}

export interface IncidentTimeline {
  incident: string
  zone: string
  audience: Audience
  entries: TimelineEntry[]
  markdown?: string
}

export interface IncidentNextUpdate {
  now: InstantString
  status: IncidentStatus
  severity: string
  updates: UpdateDue[]
  overdue: Audience[]
  next_due_at: InstantString | null
}

export interface NotificationPlan {
  as_of: InstantString
  items: PlanItem[]
  not_required: Array<{ stakeholder: string; reason: string }>
}

export interface StatusUpdateInput extends IncidentInput {
  now: Instant
  audience: Audience
  format?: UpdateFormat
  zone?: string
  message?: string
  template?: StatusTemplate
  fields?: Record<string, string>
}

export declare const incident: {
  replay(input: IncidentInput & { now?: Instant }): IncidentReplay
  apply(input: { events?: IncidentEvent[]; apply: IncidentEvent[]; config?: IncidentConfig }): IncidentApplied
  timeline(input: IncidentInput & { zone?: string; audience?: Audience; markdown?: boolean }): IncidentTimeline
  nextUpdate(input: IncidentInput & { now: Instant }): IncidentNextUpdate
  statusUpdate(input: StatusUpdateInput): RenderedUpdate
  plan(input: IncidentInput & { now: Instant }): NotificationPlan
  warRoomName(input: {
    title: string
    detected_at: Instant
    incident_id?: string
    rule?: WarRoomRule
    taken?: string[]
  }): { name: string; length: number }
  transitions(input?: { from?: IncidentStatus }): {
    statuses: Array<{
      status: IncidentStatus
      label: string
      open: boolean
      final: boolean
      next: IncidentStatus[]
      may_reopen: boolean
      may_merge: boolean
    }>
    reopen_targets: IncidentStatus[]
  }
  replayAsync(input: IncidentInput & { now?: Instant }): Promise<IncidentReplay>
  applyAsync(input: Parameters<typeof incident.apply>[0]): Promise<IncidentApplied>
  timelineAsync(input: Parameters<typeof incident.timeline>[0]): Promise<IncidentTimeline>
  nextUpdateAsync(input: IncidentInput & { now: Instant }): Promise<IncidentNextUpdate>
  statusUpdateAsync(input: StatusUpdateInput): Promise<RenderedUpdate>
  planAsync(input: IncidentInput & { now: Instant }): Promise<NotificationPlan>
  warRoomNameAsync(input: Parameters<typeof incident.warRoomName>[0]): Promise<{ name: string; length: number }>
  transitionsAsync(input?: { from?: IncidentStatus }): Promise<ReturnType<typeof incident.transitions>>
}
