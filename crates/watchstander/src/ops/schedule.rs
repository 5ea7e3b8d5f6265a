//! `schedule.*` operations.
//!
//! Every operation takes the schedule document (`docs/formats/schedule.md`) as `schedule` and
//! compiles it over a window before answering. Windows are explicit (`from`/`to`); operations
//! that ask about one instant (`oncall`, `handoff_report`) compile [`AROUND_DAYS`] days either
//! side of it unless given a `window`, so the shifts they report are whole unless longer than
//! that. `oncall_many` compiles once and answers up to [`MAX_ONCALL_INSTANTS`] instants with a
//! binary search each. (A program that asks many questions of one schedule keeps a compiled
//! schedule instead: `Schedule::compile` in Rust, `schedule.compile_handle` in Python and Node.)

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::bounded::Bounded;
use super::{Op, Operation};
use crate::schedule::{
    diff, Combine, CompiledSchedule, ExportTimes, FairnessLedger, FairnessSettings, Handoff,
    HandoffReport, IcalOptions, Incident, Interval, IntervalSpec, MergedTurn, OnCallAt,
    PersonTotals, Schedule, ScheduleDiff, ScheduleError, Shift, TurnCounting, Weights,
    MAX_WINDOW_DAYS,
};
use crate::time::{ClockWindow, Disambiguation, Zone};
use crate::Error;

/// Days compiled either side of the instant for `schedule.oncall` and
/// `schedule.handoff_report` when no `window` is given.
pub const AROUND_DAYS: i64 = 45;

// The window around an instant is one a schedule may be compiled over.
const _: () = assert!(2 * AROUND_DAYS <= MAX_WINDOW_DAYS);

/// The most instants one `schedule.oncall_many` call answers (split longer lists into
/// batches; each batch compiles the schedule once).
pub const MAX_ONCALL_INSTANTS: usize = 1_000_000;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<Validate>(),
    Operation::of::<Compile>(),
    Operation::of::<OnCall>(),
    Operation::of::<OnCallMany>(),
    Operation::of::<Shifts>(),
    Operation::of::<Handoffs>(),
    Operation::of::<Gaps>(),
    Operation::of::<Dst>(),
    Operation::of::<Totals>(),
    Operation::of::<Fairness>(),
    Operation::of::<Diff>(),
    Operation::of::<HandoffReportOp>(),
    Operation::of::<Ical>(),
];

/// A small schedule used by the examples: a weekly London rotation.
macro_rules! example_schedule {
    () => {
        r#"{"id": "payments", "zone": "Europe/London", "layers": [{"id": "primary", "rotation": {"members": ["alice", "bob"], "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}}]}"#
    };
}

fn window(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Interval, Error> {
    Ok(Interval::checked(from, to, "window (from, to)")?)
}

fn around(at: DateTime<Utc>, w: Option<IntervalSpec>) -> Result<Interval, Error> {
    match w {
        Some(w) => window(w.start, w.end),
        None => window(
            at - Duration::days(AROUND_DAYS),
            at + Duration::days(AROUND_DAYS),
        ),
    }
}

/// A schedule document to check.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ValidateInput {
    /// The schedule document.
    schedule: Schedule,
}

/// One layer of a valid schedule.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct LayerSummary {
    /// Layer id.
    id: String,
    /// The zone its handoffs and restrictions are read in.
    zone: Zone,
    /// Its rotation's members, in order.
    members: Vec<String>,
    /// `precedence` or `union`.
    combine: Combine,
    /// A shadow layer (pages alongside, never coverage).
    shadow: bool,
    /// Whether restrictions clip its turns.
    restricted: bool,
    /// How turns are counted.
    turn_counting: TurnCounting,
    /// Its DST policy.
    dst: Disambiguation,
}

/// A summary of a valid schedule.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ValidateOutput {
    /// Always true (an invalid schedule is an error).
    valid: bool,
    /// Schedule id.
    id: String,
    /// Schedule zone.
    zone: Zone,
    /// Its layers, lowest first.
    layers: Vec<LayerSummary>,
    /// Everyone it can put on call.
    people: Vec<String>,
}

pub(crate) struct Validate;
impl Op for Validate {
    const NAME: &'static str = "schedule.validate";
    const SUMMARY: &'static str = "check a schedule document; summary of its layers and people";
    const DOC: &'static str = "Checks a schedule document — zones, ids, rotations, restrictions, \
        overrides, swaps, limits — and summarises its layers and everyone it can put on call. \
        Errors name the place in the document (`layers[2].rotation.anchor`).";
    const EXAMPLE: &'static str = concat!(r#"{"schedule": "#, example_schedule!(), "}");
    type Input = ValidateInput;
    type Output = ValidateOutput;
    fn run(i: ValidateInput) -> Result<ValidateOutput, Error> {
        let s = &i.schedule;
        let layers = s
            .spec()
            .layers
            .iter()
            .map(|l| LayerSummary {
                id: l.id.clone(),
                zone: l.zone.unwrap_or(s.zone()),
                members: l.rotation.members.clone(),
                combine: l.combine,
                shadow: l.shadow,
                restricted: !l.restrictions.is_empty(),
                turn_counting: l.rotation.turn_counting,
                dst: l.rotation.dst,
            })
            .collect();
        Ok(ValidateOutput {
            valid: true,
            id: s.id().to_string(),
            zone: s.zone(),
            layers,
            people: s.people(),
        })
    }
}

/// A schedule and a window.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct WindowedInput {
    /// The schedule document.
    schedule: Schedule,
    /// Window start (inclusive).
    from: DateTime<Utc>,
    /// Window end (exclusive); at most 1,096 days after `from`.
    to: DateTime<Utc>,
}

impl WindowedInput {
    fn compiled(&self) -> Result<(CompiledSchedule, Interval), Error> {
        let w = window(self.from, self.to)?;
        Ok((self.schedule.compile(w)?, w))
    }
}

/// The whole compiled timeline (serialised straight from the compiled schedule).
pub(crate) struct CompileOutput(pub(super) Arc<CompiledSchedule>);

impl Serialize for CompileOutput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.summary().serialize(s)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for CompileOutput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CompiledSummary".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::schedule::CompiledSummary::<'static>::json_schema(g)
    }
}

pub(crate) struct Compile;
impl Op for Compile {
    const NAME: &'static str = "schedule.compile";
    const SUMMARY: &'static str =
        "final timeline of a window: shifts, handoffs, gaps, swaps, conflicts, notices";
    const DOC: &'static str = "Compiles the schedule over `[from, to)` and returns everything: \
        final shifts with reasons, shadow shifts, handoffs, gaps, turns DST squeezed to nothing, \
        swap outcomes (including orphaned ones), time-off conflicts and lint notices.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}"#
    );
    type Input = WindowedInput;
    type Output = CompileOutput;
    fn run(i: WindowedInput) -> Result<CompileOutput, Error> {
        Ok(CompileOutput(Arc::new(i.compiled()?.0)))
    }
}

/// One instant to ask about.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct OnCallInput {
    /// The schedule document.
    schedule: Schedule,
    /// The instant.
    at: DateTime<Utc>,
    /// The span compiled around `at` (default 45 days either side).
    #[serde(default)]
    window: Option<IntervalSpec>,
}

pub(crate) struct OnCall;
impl Op for OnCall {
    const NAME: &'static str = "schedule.oncall";
    const SUMMARY: &'static str = "who is on call at an instant, why, and until when";
    const DOC: &'static str = "Who is on call at `at`, why (which layer and turn, override, swap, \
        temporary schedule or time-off reassignment), who shadows them, and when that next \
        changes. Compiles 45 days either side of `at` unless given a `window`.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "at": "2026-03-30T08:30:00Z"}"#
    );
    type Input = OnCallInput;
    type Output = OnCallAt;
    fn run(i: OnCallInput) -> Result<OnCallAt, Error> {
        let c = i.schedule.compile(around(i.at, i.window)?)?;
        Ok(c.oncall(i.at)?)
    }
}

/// Many instants to ask about.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct OnCallManyInput {
    /// The schedule document.
    schedule: Schedule,
    /// The instants (at most 1,000,000).
    at: Bounded<DateTime<Utc>, MAX_ONCALL_INSTANTS>,
    /// The span compiled (default: 45 days before the earliest to 45 days after the latest).
    #[serde(default)]
    window: Option<IntervalSpec>,
}

/// Who is on call at each instant.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct OnCallManyOutput {
    /// The compiled window (absent when no instants were given).
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<Interval>,
    /// `on_call[i]` lists the person ids on call at `at[i]`.
    on_call: Vec<Vec<String>>,
}

pub(crate) struct OnCallMany;
impl Op for OnCallMany {
    const NAME: &'static str = "schedule.oncall_many";
    const SUMMARY: &'static str =
        "who is on call at each of many instants (compiled once, a binary search each)";
    const DOC: &'static str = "Who is on call at each of up to 1,000,000 instants: the schedule \
        is compiled once and each instant is a binary search. Returns person ids only; use \
        `oncall` for the reasons.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "at": ["2026-03-30T08:30:00Z", "2026-03-30T09:30:00Z"]}"#
    );
    const BULK: bool = true;
    type Input = OnCallManyInput;
    type Output = OnCallManyOutput;
    fn run(i: OnCallManyInput) -> Result<OnCallManyOutput, Error> {
        let at = i.at.0;
        let (Some(&first), Some(&last)) = (at.iter().min(), at.iter().max()) else {
            return Ok(OnCallManyOutput {
                window: None,
                on_call: Vec::new(),
            });
        };
        let w = match i.window {
            Some(w) => window(w.start, w.end)?,
            None => window(
                first - Duration::days(AROUND_DAYS),
                last + Duration::days(AROUND_DAYS),
            )?,
        };
        let c = i.schedule.compile(w)?;
        // Handles and a binary search per instant; nothing is explained.
        let names = c.people();
        let on_call = at
            .iter()
            .map(|&t| {
                Ok(c.oncall_people(t)?
                    .iter()
                    .filter_map(|h| names.get(*h as usize).cloned())
                    .collect())
            })
            .collect::<Result<Vec<Vec<String>>, ScheduleError>>()?;
        Ok(OnCallManyOutput {
            window: Some(w),
            on_call,
        })
    }
}

/// Shifts to list.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ShiftsInput {
    /// The schedule document.
    schedule: Schedule,
    /// Window start (inclusive).
    from: DateTime<Utc>,
    /// Window end (exclusive).
    to: DateTime<Utc>,
    /// Only this layer's shifts (before overrides and higher layers cut them).
    #[serde(default)]
    layer: Option<String>,
    /// Only this person's shifts.
    #[serde(default)]
    person: Option<String>,
    /// Also list shadow shifts.
    #[serde(default)]
    include_shadows: bool,
}

/// Shifts in a window, serialised straight from the compiled schedule.
pub(crate) struct ShiftsOutput {
    pub(super) compiled: Arc<CompiledSchedule>,
    pub(super) window: Interval,
    pub(super) layer: Option<String>,
    pub(super) person: Option<String>,
    pub(super) include_shadows: bool,
}

/// The shape of `schedule.shifts`'s result.
#[derive()]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(dead_code)]
#[cfg_attr(feature = "schema", schemars(rename = "ShiftsOutput"))]
struct ShiftsShape {
    /// The shifts, in order of start.
    shifts: Vec<Shift>,
    /// Shadow shifts (only with `include_shadows`).
    shadow_shifts: Option<Vec<Shift>>,
}

impl ShiftsOutput {
    fn keep(&self, s: &Shift) -> bool {
        self.person.as_ref().is_none_or(|p| s.person == *p)
    }
}

impl Serialize for ShiftsOutput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let c = &self.compiled;
        let list = match &self.layer {
            Some(l) => c.layer_shifts(l, self.window),
            None => c.shifts(self.window),
        }
        .map_err(S::Error::custom)?;
        let mut st = s.serialize_struct("ShiftsOutput", 2)?;
        st.serialize_field("shifts", &Seq(list.into_iter().filter(|x| self.keep(x))))?;
        if self.include_shadows {
            let shadows = c.shadow_shifts(self.window).map_err(S::Error::custom)?;
            st.serialize_field(
                "shadow_shifts",
                &Seq(shadows.into_iter().filter(|x| self.keep(x))),
            )?;
        }
        st.end()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ShiftsOutput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ShiftsOutput".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ShiftsShape::json_schema(g)
    }
}

/// Serialises an iterator as a sequence without collecting it.
struct Seq<I>(I);

impl<I> Serialize for Seq<I>
where
    I: Iterator + Clone,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

pub(crate) struct Shifts;
impl Op for Shifts {
    const NAME: &'static str = "schedule.shifts";
    const SUMMARY: &'static str =
        "final shifts in a window (or one layer's, or one person's), with reasons";
    const DOC: &'static str = "The final shifts overlapping `[from, to)`, each with its person, \
        reason and explanation, zone and local times, DST facts and time-off conflicts. With \
        `layer`, that layer's own shifts before higher layers and overrides cut them; with \
        `person`, only theirs.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}"#
    );
    type Input = ShiftsInput;
    type Output = ShiftsOutput;
    fn run(i: ShiftsInput) -> Result<ShiftsOutput, Error> {
        let w = window(i.from, i.to)?;
        let compiled = i.schedule.compile(w)?;
        if let Some(l) = &i.layer {
            compiled.layer_shifts(l, w)?;
        }
        Ok(ShiftsOutput {
            compiled: Arc::new(compiled),
            window: w,
            layer: i.layer,
            person: i.person,
            include_shadows: i.include_shadows,
        })
    }
}

/// Handoffs to list: in a window, or the next few after an instant.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct HandoffsInput {
    /// The schedule document.
    schedule: Schedule,
    /// Window start (with `to`).
    #[serde(default)]
    from: Option<DateTime<Utc>>,
    /// Window end (with `from`).
    #[serde(default)]
    to: Option<DateTime<Utc>>,
    /// List the next handoffs strictly after this instant instead.
    #[serde(default)]
    after: Option<DateTime<Utc>>,
    /// With `after`: how many (default 1, at most 10,000).
    #[serde(default)]
    count: Option<usize>,
    /// With `after`: how far to look, in days (default 45, at most 1,096).
    #[serde(default)]
    within_days: Option<i64>,
}

/// Handoffs.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct HandoffsOutput {
    /// In time order.
    handoffs: Vec<Handoff>,
}

pub(crate) struct Handoffs;
impl Op for Handoffs {
    const NAME: &'static str = "schedule.handoffs";
    const SUMMARY: &'static str = "handoffs in a window, or the next N after an instant";
    const DOC: &'static str = "Changes of who is on call: who goes off, who comes on, at which \
        instant and local time. Give `from` and `to` for a window, or `after` (with `count` and \
        `within_days`) for the next few.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "after": "2026-03-30T08:30:00Z", "count": 2}"#
    );
    type Input = HandoffsInput;
    type Output = HandoffsOutput;
    fn run(i: HandoffsInput) -> Result<HandoffsOutput, Error> {
        let handoffs = match (i.from, i.to, i.after) {
            (Some(from), Some(to), None) => {
                let w = window(from, to)?;
                i.schedule.compile(w)?.handoffs(w)?.to_vec()
            }
            (None, None, Some(after)) => {
                let days = i.within_days.unwrap_or(AROUND_DAYS).clamp(1, MAX_WINDOW_DAYS);
                let w = window(after, after + Duration::days(days))?;
                let c = i.schedule.compile(w)?;
                let n = i.count.unwrap_or(1).min(10_000);
                c.next_handoffs(after, n)?.to_vec()
            }
            _ => return Err(Error::invalid_input(
                "give either \"from\" and \"to\" (handoffs in a window) or \"after\" (with optional \"count\" and \"within_days\")",
            )),
        };
        Ok(HandoffsOutput { handoffs })
    }
}

/// Gaps in a window.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct GapsOutput {
    /// Intervals with nobody on call, clipped to the window.
    gaps: Vec<Interval>,
    /// Their total length in hours.
    gap_hours: f64,
    /// Share of the window with someone on call (0 to 1).
    coverage: f64,
}

pub(crate) struct Gaps;
impl Op for Gaps {
    const NAME: &'static str = "schedule.gaps";
    const SUMMARY: &'static str = "intervals with nobody on call in a window";
    const DOC: &'static str = "Every interval of `[from, to)` with nobody on call (shadows do not \
        count), their total and the coverage ratio. Gaps are reported, never hidden.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"}"#
    );
    type Input = WindowedInput;
    type Output = GapsOutput;
    fn run(i: WindowedInput) -> Result<GapsOutput, Error> {
        let (c, w) = i.compiled()?;
        gaps_output(&c, w)
    }
}

/// The gaps of `c` in `w`, with their total and the coverage.
pub(super) fn gaps_output(c: &CompiledSchedule, w: Interval) -> Result<GapsOutput, Error> {
    let gaps = c.gaps(w)?;
    let secs: i64 = gaps.iter().map(|g| g.duration().num_seconds()).sum();
    Ok(GapsOutput {
        gaps,
        gap_hours: secs as f64 / 3600.0,
        coverage: 1.0 - secs as f64 / w.duration().num_seconds().max(1) as f64,
    })
}

/// What DST did in a window.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct DstOutput {
    /// Shifts whose boundaries DST moved or whose real length differs from their wall-clock
    /// length.
    shifts: Vec<Shift>,
    /// Turns a DST gap squeezed to zero length.
    merged_turns: Vec<MergedTurn>,
}

pub(crate) struct Dst;
impl Op for Dst {
    const NAME: &'static str = "schedule.dst";
    const SUMMARY: &'static str =
        "shifts DST moved or resized, and turns it squeezed to nothing, in a window";
    const DOC: &'static str = "Every shift in the window that DST touched — a handoff moved out \
        of a gap or fold by the layer's policy, or a UTC offset change inside the shift making it \
        longer or shorter than its wall-clock length — and the turns a gap squeezed to nothing.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "from": "2026-03-01T00:00:00Z", "to": "2026-04-15T00:00:00Z"}"#
    );
    type Input = WindowedInput;
    type Output = DstOutput;
    fn run(i: WindowedInput) -> Result<DstOutput, Error> {
        let (c, w) = i.compiled()?;
        dst_output(&c, w)
    }
}

/// The shifts DST touched in `w`, and the turns it squeezed to nothing.
pub(super) fn dst_output(c: &CompiledSchedule, w: Interval) -> Result<DstOutput, Error> {
    Ok(DstOutput {
        shifts: c.dst_affected(w)?.into_iter().cloned().collect(),
        merged_turns: c.merged_turns(w)?.into_iter().cloned().collect(),
    })
}

/// Per-person totals and fairness settings.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct FairnessInput {
    /// The schedule document.
    schedule: Schedule,
    /// Window start.
    from: DateTime<Utc>,
    /// Window end.
    to: DateTime<Utc>,
    /// Weights of night, weekend and holiday hours (default 1.5, 2 and 3).
    #[serde(default)]
    weights: Option<Weights>,
    /// Night hours in each person's zone (default `22:00-07:00`).
    #[serde(default)]
    night: Option<ClockWindow>,
    /// Points carried over from earlier periods, per person.
    #[serde(default)]
    opening_balance: BTreeMap<String, f64>,
    /// The people to report (default: everyone the schedule can put on call).
    #[serde(default)]
    people: Option<Vec<String>>,
}

impl FairnessInput {
    fn settings(&self) -> FairnessSettings {
        let d = FairnessSettings::default();
        FairnessSettings {
            weights: self.weights.unwrap_or(d.weights),
            night: self.night.unwrap_or(d.night),
            opening_balance: self.opening_balance.clone(),
            people: self.people.clone(),
        }
    }
}

/// Per-person totals.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct TotalsOutput {
    /// One row per person.
    totals: Vec<PersonTotals>,
}

pub(crate) struct Totals;
impl Op for Totals {
    const NAME: &'static str = "schedule.totals";
    const SUMMARY: &'static str =
        "per-person hours, nights, weekends and holidays in each person's own zone";
    const DOC: &'static str = "Per person: hours on call, and how many of them fell at night, \
        on weekends and on holidays — read on each person's own wall clock, not the schedule's.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "from": "2026-01-05T00:00:00Z", "to": "2026-02-02T00:00:00Z"}"#
    );
    type Input = FairnessInput;
    type Output = TotalsOutput;
    fn run(i: FairnessInput) -> Result<TotalsOutput, Error> {
        let w = window(i.from, i.to)?;
        let c = i.schedule.compile(w)?;
        Ok(TotalsOutput {
            totals: c.totals(w, &i.settings())?,
        })
    }
}

pub(crate) struct Fairness;
impl Op for Fairness {
    const NAME: &'static str = "schedule.fairness";
    const SUMMARY: &'static str = "weighted fairness ledger with opening balances and fair share";
    const DOC: &'static str = "A fairness ledger: each person's weighted points (night, weekend \
        and holiday hours weigh more), opening balance, fair share of the total and how far \
        above or below it they are.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "from": "2026-01-05T00:00:00Z", "to": "2026-02-02T00:00:00Z"}"#
    );
    type Input = FairnessInput;
    type Output = FairnessLedger;
    fn run(i: FairnessInput) -> Result<FairnessLedger, Error> {
        let w = window(i.from, i.to)?;
        let c = i.schedule.compile(w)?;
        Ok(c.fairness(w, &i.settings())?)
    }
}

/// Two versions of a schedule.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct DiffInput {
    /// The current version.
    before: Schedule,
    /// The proposed version.
    after: Schedule,
    /// Window start.
    from: DateTime<Utc>,
    /// Window end.
    to: DateTime<Utc>,
}

pub(crate) struct Diff;
impl Op for Diff {
    const NAME: &'static str = "schedule.diff";
    const SUMMARY: &'static str =
        "who gains and loses on-call time between two versions of a schedule";
    const DOC: &'static str = "Compiles two versions of a schedule over the same window and \
        reports every stretch where who is on call changes, and each person's net gain or loss.";
    const EXAMPLE: &'static str = concat!(
        r#"{"before": "#,
        example_schedule!(),
        r#", "after": "#,
        example_schedule!(),
        r#", "from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}"#
    );
    type Input = DiffInput;
    type Output = ScheduleDiff;
    fn run(i: DiffInput) -> Result<ScheduleDiff, Error> {
        let w = window(i.from, i.to)?;
        Ok(diff(&i.before.compile(w)?, &i.after.compile(w)?)?)
    }
}

/// A handoff to report on.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct HandoffReportInput {
    /// The schedule document.
    schedule: Schedule,
    /// An instant at (or just before) the handoff.
    at: DateTime<Utc>,
    /// Pages during the outgoing shift, to include in the report.
    #[serde(default)]
    incidents: Vec<Incident>,
    /// The span compiled around `at` (default 45 days either side).
    #[serde(default)]
    window: Option<IntervalSpec>,
}

pub(crate) struct HandoffReportOp;
impl Op for HandoffReportOp {
    const NAME: &'static str = "schedule.handoff_report";
    const SUMMARY: &'static str =
        "who hands to whom at a handoff, with both shifts' facts and pages";
    const DOC: &'static str = "The handoff report at the next handoff at or after `at`: who hands \
        to whom, both shifts with their local times in each person's zone, the pages of the \
        outgoing shift, and time-off conflicts ahead.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "at": "2026-03-30T08:00:00Z"}"#
    );
    type Input = HandoffReportInput;
    type Output = HandoffReport;
    fn run(i: HandoffReportInput) -> Result<HandoffReport, Error> {
        let c = i.schedule.compile(around(i.at, i.window)?)?;
        Ok(c.handoff_report(i.at, &i.incidents)?)
    }
}

/// How times are written in iCalendar.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum Times {
    /// `DTSTART:20260301T090000Z`.
    #[default]
    Utc,
    /// `DTSTART;TZID=Europe/London:20260301T090000` with a VTIMEZONE.
    Zoned,
}

/// An iCalendar export.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct IcalInput {
    /// The schedule document.
    schedule: Schedule,
    /// Window start.
    from: DateTime<Utc>,
    /// Window end.
    to: DateTime<Utc>,
    /// DTSTAMP of the export (the library never reads the clock).
    now: DateTime<Utc>,
    /// Only this person's shifts.
    #[serde(default)]
    person: Option<String>,
    /// `utc` (default) or `zoned`.
    #[serde(default)]
    times: Times,
    /// With `zoned`: the zone to write (default: each shift's own).
    #[serde(default)]
    zone: Option<Zone>,
    /// Also export shadow shifts.
    #[serde(default)]
    include_shadows: bool,
    /// Also export gaps as events.
    #[serde(default)]
    include_gaps: bool,
    /// A VALARM this many minutes before each shift.
    #[serde(default)]
    alarm_minutes: Option<u32>,
}

/// One exported event.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct IcalEventSummary {
    /// UID (stable across exports).
    uid: String,
    /// SUMMARY.
    summary: String,
    /// DTSTART.
    start: DateTime<Utc>,
    /// DTEND.
    end: DateTime<Utc>,
}

/// An iCalendar file and what is in it.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct IcalOutput {
    /// The calendar's name.
    calendar: String,
    /// Its events.
    events: Vec<IcalEventSummary>,
    /// The RFC 5545 text.
    ics: String,
}

pub(crate) struct Ical;
impl Op for Ical {
    const NAME: &'static str = "schedule.ical";
    const SUMMARY: &'static str =
        "iCalendar (RFC 5545) of a schedule's or one member's shifts, UTC or zoned";
    const DOC: &'static str = "An RFC 5545 calendar of the shifts overlapping the window (each \
        exported whole), for a schedule or one person, with UTC times or zoned times and \
        VTIMEZONEs, stable UIDs, optional alarms, shadows and gaps.";
    const EXAMPLE: &'static str = concat!(
        r#"{"schedule": "#,
        example_schedule!(),
        r#", "from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z", "now": "2026-02-20T00:00:00Z"}"#
    );
    type Input = IcalInput;
    type Output = IcalOutput;
    fn run(i: IcalInput) -> Result<IcalOutput, Error> {
        let w = window(i.from, i.to)?;
        // Compile a margin either side so that shifts overlapping the window are exported whole.
        let spare = (MAX_WINDOW_DAYS - w.duration().num_days() - 1).max(0) / 2;
        let pad = Duration::days(AROUND_DAYS.min(spare));
        let c = i.schedule.compile(window(w.start - pad, w.end + pad)?)?;
        ical_output(
            &c,
            IcalOptions {
                window: w,
                dtstamp: i.now,
                person: i.person,
                times: export_times(i.times, i.zone),
                include_shadows: i.include_shadows,
                include_gaps: i.include_gaps,
                alarm_minutes: i.alarm_minutes,
            },
        )
    }
}

/// How times are written, from the input's `times` and `zone`.
pub(super) fn export_times(times: Times, zone: Option<Zone>) -> ExportTimes {
    match (times, zone) {
        (Times::Utc, None) => ExportTimes::Utc,
        (_, zone) => ExportTimes::Zoned(zone),
    }
}

/// The calendar of `c` for `o`, and what is in it.
pub(super) fn ical_output(c: &CompiledSchedule, o: IcalOptions) -> Result<IcalOutput, Error> {
    {
        let cal = c.ical_calendar(&o)?;
        let ics = cal.render()?;
        Ok(IcalOutput {
            events: cal
                .events
                .iter()
                .map(|e| IcalEventSummary {
                    uid: e.uid.clone(),
                    summary: e.summary.clone(),
                    start: e.start,
                    end: e.end,
                })
                .collect(),
            calendar: cal.name,
            ics,
        })
    }
}
