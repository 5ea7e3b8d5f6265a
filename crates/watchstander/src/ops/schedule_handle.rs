//! `schedule.CompiledSchedule`: a schedule compiled once over a window, asked many questions.
//!
//! The JSON operations compile the schedule on every call; a bot that asks "who is on call?"
//! all day keeps this handle instead, so each question is a binary search. Methods take their
//! window as optional `from`/`to` (default: the whole compiled window); `rewindow` compiles
//! the same schedule over another window in place.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::bounded::Bounded;
use super::handle::{Handle, Method, MethodRecord, NoArgs};
use super::schedule::{
    dst_output, export_times, gaps_output, ical_output, CompileOutput, DstOutput, GapsOutput,
    IcalOutput, ShiftsOutput, Times, MAX_ONCALL_INSTANTS,
};
use crate::schedule::{
    CompiledSchedule, FairnessLedger, FairnessSettings, Handoff, HandoffReport, IcalOptions,
    Incident, Interval, OnCallAt, PersonTotals, Schedule, Shift, ShiftColumns, Weights,
};
use crate::time::{ClockWindow, Zone};
use crate::Error;

/// A schedule compiled over a window.
pub struct CompiledScheduleHandle {
    schedule: Schedule,
    compiled: Arc<CompiledSchedule>,
}

impl CompiledScheduleHandle {
    /// The compiled schedule (for the bindings' native fast paths).
    pub fn compiled(&self) -> &CompiledSchedule {
        &self.compiled
    }

    fn window_of(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Interval, Error> {
        let w = self.compiled.window();
        Ok(Interval::checked(
            from.unwrap_or(w.start),
            to.unwrap_or(w.end),
            "window (from, to)",
        )?)
    }
}

/// A schedule document and the window to compile it over: what builds a
/// [`CompiledScheduleHandle`], and its state.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CompileArgs {
    /// The schedule document.
    pub schedule: Schedule,
    /// Window start (inclusive).
    pub from: DateTime<Utc>,
    /// Window end (exclusive); at most 1,096 days after `from`.
    pub to: DateTime<Utc>,
}

impl Handle for CompiledScheduleHandle {
    const NAME: &'static str = "schedule.CompiledSchedule";
    const SUMMARY: &'static str =
        "a schedule compiled once over a window: every question is then a binary search";
    const DOC: &'static str = "Compiles the schedule over `[from, to)` once. Who is on call at an \
        instant is then a binary search (`responders`, `oncall`, `oncall_many`), and shifts, \
        handoffs, gaps, DST facts, totals, fairness and iCalendar come from the same timeline. \
        Shifts are kept compact; their explanations (reasons, uids, DST facts) are written only \
        when asked for (`explain`, `explained_shifts`). `rewindow` compiles the same schedule \
        over another window. Its state is the schedule and the window: Python handles pickle.";
    const EXAMPLE: &'static str = r#"{"schedule": {"id": "payments", "zone": "Europe/London", "layers": [{"id": "primary", "rotation": {"members": ["alice", "bob"], "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}}]}, "from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}"#;
    type New = CompileArgs;
    type State = CompileArgs;

    fn new(input: CompileArgs) -> Result<Self, Error> {
        let w = Interval::checked(input.from, input.to, "window (from, to)")?;
        let compiled = input.schedule.compile(w)?;
        Ok(CompiledScheduleHandle {
            schedule: input.schedule,
            compiled: Arc::new(compiled),
        })
    }

    fn state(&self) -> CompileArgs {
        let w = self.compiled.window();
        CompileArgs {
            schedule: self.schedule.clone(),
            from: w.start,
            to: w.end,
        }
    }

    fn restore(state: CompileArgs) -> Result<Self, Error> {
        Self::new(state)
    }

    fn methods() -> &'static [MethodRecord] {
        METHODS
    }
}

const METHODS: &[MethodRecord] = &[
    MethodRecord::of::<CompiledScheduleHandle, WindowMethod>(),
    MethodRecord::of::<CompiledScheduleHandle, People>(),
    MethodRecord::of::<CompiledScheduleHandle, Responders>(),
    MethodRecord::of::<CompiledScheduleHandle, OnCall>(),
    MethodRecord::of::<CompiledScheduleHandle, OnCallMany>(),
    MethodRecord::of::<CompiledScheduleHandle, OnCallManyColumns>(),
    MethodRecord::of::<CompiledScheduleHandle, Shifts>(),
    MethodRecord::of::<CompiledScheduleHandle, ShiftColumnsMethod>(),
    MethodRecord::of::<CompiledScheduleHandle, Explain>(),
    MethodRecord::of::<CompiledScheduleHandle, ExplainedShifts>(),
    MethodRecord::of::<CompiledScheduleHandle, Handoffs>(),
    MethodRecord::of::<CompiledScheduleHandle, NextHandoffs>(),
    MethodRecord::of::<CompiledScheduleHandle, Gaps>(),
    MethodRecord::of::<CompiledScheduleHandle, Dst>(),
    MethodRecord::of::<CompiledScheduleHandle, Totals>(),
    MethodRecord::of::<CompiledScheduleHandle, Fairness>(),
    MethodRecord::of::<CompiledScheduleHandle, HandoffReportMethod>(),
    MethodRecord::of::<CompiledScheduleHandle, Ical>(),
    MethodRecord::of::<CompiledScheduleHandle, Summary>(),
    MethodRecord::of::<CompiledScheduleHandle, Rewindow>(),
];

/// An optional window inside the compiled one.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct WindowArgs {
    /// Start (default: the compiled window's start).
    #[serde(default)]
    from: Option<DateTime<Utc>>,
    /// End (default: the compiled window's end).
    #[serde(default)]
    to: Option<DateTime<Utc>>,
}

/// One instant.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AtArgs {
    /// The instant (inside the compiled window).
    at: DateTime<Utc>,
}

pub(crate) struct WindowMethod;
impl Method<CompiledScheduleHandle> for WindowMethod {
    const NAME: &'static str = "window";
    const SUMMARY: &'static str = "the compiled window";
    const DOC: &'static str = "The window the schedule is compiled over.";
    type Input = NoArgs;
    type Output = Interval;
    fn call(h: &mut CompiledScheduleHandle, _: NoArgs) -> Result<Interval, Error> {
        Ok(h.compiled.window())
    }
}

pub(crate) struct People;
impl Method<CompiledScheduleHandle> for People {
    const NAME: &'static str = "people";
    const SUMMARY: &'static str = "everyone the schedule can put on call, in id order";
    const DOC: &'static str = "Everyone the schedule can put on call (members, override and swap \
        people, backups), sorted by id. The position of a person in this list is their index in \
        `shift_columns` and in the columnar `oncall_many`.";
    type Input = NoArgs;
    type Output = Vec<String>;
    fn call(h: &mut CompiledScheduleHandle, _: NoArgs) -> Result<Vec<String>, Error> {
        Ok(h.compiled.people().to_vec())
    }
}

pub(crate) struct Responders;
impl Method<CompiledScheduleHandle> for Responders {
    const NAME: &'static str = "responders";
    const SUMMARY: &'static str = "the ids of the people on call at an instant (the fast query)";
    const DOC: &'static str = "The ids of the people on call at `at`, without reasons: one binary \
        search, nothing allocated in the core. Python also takes the instant as Unix seconds \
        (`int` or `float`), Node as epoch milliseconds.";
    const NATIVE: bool = true;
    type Input = AtArgs;
    type Output = Vec<String>;
    fn call(h: &mut CompiledScheduleHandle, i: AtArgs) -> Result<Vec<String>, Error> {
        let people = h.compiled.people();
        Ok(h.compiled
            .oncall_people(i.at)?
            .iter()
            .filter_map(|p| people.get(*p as usize).cloned())
            .collect())
    }
}

pub(crate) struct OnCall;
impl Method<CompiledScheduleHandle> for OnCall {
    const NAME: &'static str = "oncall";
    const SUMMARY: &'static str = "who is on call at an instant, why, and until when";
    const DOC: &'static str = "Who is on call at `at`, why (layer and turn, override, swap, \
        temporary schedule, time-off reassignment), who shadows them, and when that next changes.";
    type Input = AtArgs;
    type Output = OnCallAt;
    fn call(h: &mut CompiledScheduleHandle, i: AtArgs) -> Result<OnCallAt, Error> {
        Ok(h.compiled.oncall(i.at)?)
    }
}

/// Many instants.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ManyArgs {
    /// The instants (at most 1,000,000).
    at: Bounded<DateTime<Utc>, MAX_ONCALL_INSTANTS>,
}

pub(crate) struct OnCallMany;
impl Method<CompiledScheduleHandle> for OnCallMany {
    const NAME: &'static str = "oncall_many";
    const SUMMARY: &'static str = "the ids of the people on call at each of many instants";
    const DOC: &'static str = "`result[i]` lists the ids of the people on call at `at[i]`. Python \
        also takes a numpy array (`datetime64`, or Unix seconds) or a sequence of Unix seconds; \
        Node a `Float64Array` of epoch milliseconds. `oncall_many_columns` gives the same answer \
        as columns.";
    const NATIVE: bool = true;
    type Input = ManyArgs;
    type Output = Vec<Vec<String>>;
    fn call(h: &mut CompiledScheduleHandle, i: ManyArgs) -> Result<Vec<Vec<String>>, Error> {
        let people = h.compiled.people();
        i.at.0
            .iter()
            .map(|t| {
                Ok(h.compiled
                    .oncall_people(*t)?
                    .iter()
                    .filter_map(|p| people.get(*p as usize).cloned())
                    .collect())
            })
            .collect()
    }
}

/// Who is on call at each instant, as CSR columns: the people on call at `at[i]` are
/// `people[person[j]]` for `offsets[i] <= j < offsets[i + 1]`.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct OnCallColumns {
    /// Person ids; `person` indexes this list.
    people: Vec<String>,
    /// `len(at) + 1` offsets into `person`.
    #[cfg_attr(feature = "schema", schemars(extend("x-column" = "uint32")))]
    offsets: Vec<u32>,
    /// Person indices.
    #[cfg_attr(feature = "schema", schemars(extend("x-column" = "uint32")))]
    person: Vec<u32>,
}

pub(crate) struct OnCallManyColumns;
impl Method<CompiledScheduleHandle> for OnCallManyColumns {
    const NAME: &'static str = "oncall_many_columns";
    const SUMMARY: &'static str = "who is on call at each of many instants, as columns";
    const DOC: &'static str = "The answer of `oncall_many` as CSR columns of person indices: no \
        string or list per instant. Python gives numpy arrays when numpy is installed \
        (`array.array` otherwise), Node typed arrays.";
    const NATIVE: bool = true;
    type Input = ManyArgs;
    type Output = OnCallColumns;
    fn call(h: &mut CompiledScheduleHandle, i: ManyArgs) -> Result<OnCallColumns, Error> {
        let mut offsets = Vec::with_capacity(i.at.0.len() + 1);
        let mut person = Vec::new();
        offsets.push(0);
        for t in &i.at.0 {
            person.extend_from_slice(h.compiled.oncall_people(*t)?);
            offsets.push(u32::try_from(person.len()).unwrap_or(u32::MAX));
        }
        Ok(OnCallColumns {
            people: h.compiled.people().to_vec(),
            offsets,
            person,
        })
    }
}

/// Which shifts.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ShiftArgs {
    /// Start (default: the compiled window's start).
    #[serde(default)]
    from: Option<DateTime<Utc>>,
    /// End (default: the compiled window's end).
    #[serde(default)]
    to: Option<DateTime<Utc>>,
    /// Only this person's shifts.
    #[serde(default)]
    person: Option<String>,
    /// Shadow shifts instead of on-call shifts.
    #[serde(default)]
    shadows: bool,
}

/// A shift without its explanation (ask `explain(index)` for the reason, uid and DST facts).
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ShiftBrief {
    /// Its index: in `explain`, and the row of `shift_columns`.
    index: usize,
    /// Who.
    person: String,
    /// Start (clipped to the compiled window).
    start: DateTime<Utc>,
    /// End, exclusive (clipped to the compiled window).
    end: DateTime<Utc>,
    /// The layer whose occurrence it is (null for an override, a temporary schedule or a shadow).
    layer: Option<String>,
}

fn columns(h: &CompiledScheduleHandle, shadows: bool) -> ShiftColumns<'_> {
    if shadows {
        h.compiled.shadow_shift_columns()
    } else {
        h.compiled.shift_columns()
    }
}

pub(crate) struct Shifts;
impl Method<CompiledScheduleHandle> for Shifts {
    const NAME: &'static str = "shifts";
    const SUMMARY: &'static str = "the final shifts overlapping a window, without explanations";
    const DOC: &'static str = "The final shifts overlapping the window: person, start, end, layer \
        and index. Cheap: explanations are not written (`explain(index)` gives one shift's \
        reason, uid and DST facts; `explained_shifts` gives them all).";
    const NATIVE: bool = true;
    type Input = ShiftArgs;
    type Output = Vec<ShiftBrief>;
    fn call(h: &mut CompiledScheduleHandle, i: ShiftArgs) -> Result<Vec<ShiftBrief>, Error> {
        let w = h.window_of(i.from, i.to)?;
        let (from, to) = (w.start.timestamp(), w.end.timestamp());
        let person = match &i.person {
            Some(p) => match h.compiled.person_handle(p) {
                Some(x) => Some(x),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        let cols = columns(h, i.shadows);
        let people = h.compiled.people();
        let layers = h.compiled.layer_ids();
        let mut out = Vec::new();
        for k in 0..cols.len() {
            let (s, e, p) = (cols.start[k], cols.end[k], cols.person[k]);
            if e <= from || s >= to || person.is_some_and(|x| x != p) {
                continue;
            }
            out.push(ShiftBrief {
                index: k,
                person: people.get(p as usize).cloned().unwrap_or_default(),
                start: DateTime::from_timestamp(s, 0).unwrap_or_default(),
                end: DateTime::from_timestamp(e, 0).unwrap_or_default(),
                layer: layers.get(cols.layer[k] as usize).cloned(),
            });
        }
        Ok(out)
    }
}

/// Shifts as columns.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnArgs {
    /// Shadow shifts instead of on-call shifts.
    #[serde(default)]
    shadows: bool,
}

/// Every shift of the compiled window as parallel columns.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ShiftColumnsOutput {
    /// Person ids; `person[i]` indexes this list.
    people: Vec<String>,
    /// Layer ids; `layer[i]` indexes this list (or is -1).
    layers: Vec<String>,
    /// Person index of each shift.
    #[cfg_attr(feature = "schema", schemars(extend("x-column" = "uint32")))]
    person: Vec<u32>,
    /// Start of each shift, Unix seconds.
    #[cfg_attr(feature = "schema", schemars(extend("x-column" = "int64")))]
    start: Vec<i64>,
    /// End of each shift, Unix seconds (exclusive).
    #[cfg_attr(feature = "schema", schemars(extend("x-column" = "int64")))]
    end: Vec<i64>,
    /// Layer index of each shift, -1 for none.
    #[cfg_attr(feature = "schema", schemars(extend("x-column" = "int64")))]
    layer: Vec<i64>,
}

pub(crate) struct ShiftColumnsMethod;
impl Method<CompiledScheduleHandle> for ShiftColumnsMethod {
    const NAME: &'static str = "shift_columns";
    const SUMMARY: &'static str = "every shift of the compiled window as parallel columns";
    const DOC: &'static str = "Every shift as parallel columns — person index, start, end (Unix \
        seconds), layer index — plus the people and layer tables. In Python the columns are numpy \
        arrays when numpy is installed (`array.array` otherwise); in Node, typed arrays. Row `i` \
        is shift `i` of `explain`.";
    const NATIVE: bool = true;
    type Input = ColumnArgs;
    type Output = ShiftColumnsOutput;
    fn call(h: &mut CompiledScheduleHandle, i: ColumnArgs) -> Result<ShiftColumnsOutput, Error> {
        let cols = columns(h, i.shadows);
        Ok(ShiftColumnsOutput {
            people: h.compiled.people().to_vec(),
            layers: h.compiled.layer_ids().to_vec(),
            person: cols.person.to_vec(),
            start: cols.start.to_vec(),
            end: cols.end.to_vec(),
            layer: cols
                .layer
                .iter()
                .map(|l| {
                    if *l == ShiftColumns::NO_LAYER {
                        -1
                    } else {
                        i64::from(*l)
                    }
                })
                .collect(),
        })
    }
}

/// One shift by index.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ExplainArgs {
    /// Its index (from `shifts` or the row of `shift_columns`).
    index: usize,
    /// A shadow shift's index.
    #[serde(default)]
    shadow: bool,
}

pub(crate) struct Explain;
impl Method<CompiledScheduleHandle> for Explain {
    const NAME: &'static str = "explain";
    const SUMMARY: &'static str = "one shift with its reason, uid, local times and DST facts";
    const DOC: &'static str = "One shift, explained: why the person is on call, its stable uid, \
        local times in its zone, DST facts and time-off conflicts.";
    type Input = ExplainArgs;
    type Output = Shift;
    fn call(h: &mut CompiledScheduleHandle, i: ExplainArgs) -> Result<Shift, Error> {
        let s = if i.shadow {
            h.compiled.shadow_shift(i.index)
        } else {
            h.compiled.shift(i.index)
        };
        s.ok_or_else(|| {
            Error::invalid_input(format!(
                "there is no {}shift {} (the window has {})",
                if i.shadow { "shadow " } else { "" },
                i.index,
                columns(h, i.shadow).len()
            ))
        })
    }
}

/// Which explained shifts.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ExplainedArgs {
    /// Start (default: the compiled window's start).
    #[serde(default)]
    from: Option<DateTime<Utc>>,
    /// End (default: the compiled window's end).
    #[serde(default)]
    to: Option<DateTime<Utc>>,
    /// Only this layer's own shifts (before higher layers and overrides cut them).
    #[serde(default)]
    layer: Option<String>,
    /// Only this person's shifts.
    #[serde(default)]
    person: Option<String>,
    /// Also list shadow shifts.
    #[serde(default)]
    include_shadows: bool,
}

pub(crate) struct ExplainedShifts;
impl Method<CompiledScheduleHandle> for ExplainedShifts {
    const NAME: &'static str = "explained_shifts";
    const SUMMARY: &'static str = "the final shifts overlapping a window, each explained";
    const DOC: &'static str = "What the `schedule.shifts` operation returns, from the compiled \
        timeline: every shift with its reason, explanation, uid, zone, local times and DST facts.";
    type Input = ExplainedArgs;
    type Output = ShiftsOutput;
    fn call(h: &mut CompiledScheduleHandle, i: ExplainedArgs) -> Result<ShiftsOutput, Error> {
        let w = h.window_of(i.from, i.to)?;
        if let Some(l) = &i.layer {
            h.compiled.layer_shifts(l, w)?;
        }
        Ok(ShiftsOutput {
            compiled: Arc::clone(&h.compiled),
            window: w,
            layer: i.layer,
            person: i.person,
            include_shadows: i.include_shadows,
        })
    }
}

pub(crate) struct Handoffs;
impl Method<CompiledScheduleHandle> for Handoffs {
    const NAME: &'static str = "handoffs";
    const SUMMARY: &'static str = "handoffs in a window";
    const DOC: &'static str = "Every change of who is on call in the window: who goes off, who \
        comes on, at which instant and local time.";
    type Input = WindowArgs;
    type Output = Vec<Handoff>;
    fn call(h: &mut CompiledScheduleHandle, i: WindowArgs) -> Result<Vec<Handoff>, Error> {
        let w = h.window_of(i.from, i.to)?;
        Ok(h.compiled.handoffs(w)?.to_vec())
    }
}

/// The next handoffs after an instant.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct NextArgs {
    /// Handoffs strictly after this instant.
    after: DateTime<Utc>,
    /// How many (default 1, at most 10,000).
    #[serde(default)]
    count: Option<usize>,
}

pub(crate) struct NextHandoffs;
impl Method<CompiledScheduleHandle> for NextHandoffs {
    const NAME: &'static str = "next_handoffs";
    const SUMMARY: &'static str = "the next handoffs after an instant";
    const DOC: &'static str = "The next `count` handoffs strictly after `after`, within the \
        compiled window.";
    type Input = NextArgs;
    type Output = Vec<Handoff>;
    fn call(h: &mut CompiledScheduleHandle, i: NextArgs) -> Result<Vec<Handoff>, Error> {
        let n = i.count.unwrap_or(1).min(10_000);
        Ok(h.compiled.next_handoffs(i.after, n)?.to_vec())
    }
}

pub(crate) struct Gaps;
impl Method<CompiledScheduleHandle> for Gaps {
    const NAME: &'static str = "gaps";
    const SUMMARY: &'static str = "intervals with nobody on call in a window";
    const DOC: &'static str = "Every interval of the window with nobody on call, their total and \
        the coverage ratio.";
    type Input = WindowArgs;
    type Output = GapsOutput;
    fn call(h: &mut CompiledScheduleHandle, i: WindowArgs) -> Result<GapsOutput, Error> {
        let w = h.window_of(i.from, i.to)?;
        gaps_output(&h.compiled, w)
    }
}

pub(crate) struct Dst;
impl Method<CompiledScheduleHandle> for Dst {
    const NAME: &'static str = "dst";
    const SUMMARY: &'static str = "shifts DST moved or resized, and turns it squeezed to nothing";
    const DOC: &'static str = "Every shift in the window that DST touched, and the turns a gap \
        squeezed to nothing.";
    type Input = WindowArgs;
    type Output = DstOutput;
    fn call(h: &mut CompiledScheduleHandle, i: WindowArgs) -> Result<DstOutput, Error> {
        let w = h.window_of(i.from, i.to)?;
        dst_output(&h.compiled, w)
    }
}

/// Per-person totals and fairness settings.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct FairnessArgs {
    /// Start (default: the compiled window's start).
    #[serde(default)]
    from: Option<DateTime<Utc>>,
    /// End (default: the compiled window's end).
    #[serde(default)]
    to: Option<DateTime<Utc>>,
    /// Weights of night, weekend and holiday hours.
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

impl FairnessArgs {
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

pub(crate) struct Totals;
impl Method<CompiledScheduleHandle> for Totals {
    const NAME: &'static str = "totals";
    const SUMMARY: &'static str = "per-person hours, nights, weekends and holidays";
    const DOC: &'static str = "Per person: hours on call in the window, and how many fell at \
        night, on weekends and on holidays, on each person's own wall clock.";
    type Input = FairnessArgs;
    type Output = Vec<PersonTotals>;
    fn call(h: &mut CompiledScheduleHandle, i: FairnessArgs) -> Result<Vec<PersonTotals>, Error> {
        let w = h.window_of(i.from, i.to)?;
        Ok(h.compiled.totals(w, &i.settings())?)
    }
}

pub(crate) struct Fairness;
impl Method<CompiledScheduleHandle> for Fairness {
    const NAME: &'static str = "fairness";
    const SUMMARY: &'static str = "weighted fairness ledger with opening balances and fair share";
    const DOC: &'static str = "The fairness ledger of the window: weighted points per person, \
        opening balances, fair share and the distance from it.";
    type Input = FairnessArgs;
    type Output = FairnessLedger;
    fn call(h: &mut CompiledScheduleHandle, i: FairnessArgs) -> Result<FairnessLedger, Error> {
        let w = h.window_of(i.from, i.to)?;
        Ok(h.compiled.fairness(w, &i.settings())?)
    }
}

/// A handoff to report on.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportArgs {
    /// An instant at (or just before) the handoff.
    at: DateTime<Utc>,
    /// Pages during the outgoing shift.
    #[serde(default)]
    incidents: Vec<Incident>,
}

pub(crate) struct HandoffReportMethod;
impl Method<CompiledScheduleHandle> for HandoffReportMethod {
    const NAME: &'static str = "handoff_report";
    const SUMMARY: &'static str = "who hands to whom at the next handoff, with both shifts' facts";
    const DOC: &'static str = "The handoff report at the next handoff at or after `at`.";
    type Input = ReportArgs;
    type Output = HandoffReport;
    fn call(h: &mut CompiledScheduleHandle, i: ReportArgs) -> Result<HandoffReport, Error> {
        Ok(h.compiled.handoff_report(i.at, &i.incidents)?)
    }
}

/// An iCalendar export of (part of) the compiled window.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct IcalArgs {
    /// DTSTAMP of the export (the library never reads the clock).
    now: DateTime<Utc>,
    /// Start (default: the compiled window's start).
    #[serde(default)]
    from: Option<DateTime<Utc>>,
    /// End (default: the compiled window's end).
    #[serde(default)]
    to: Option<DateTime<Utc>>,
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

pub(crate) struct Ical;
impl Method<CompiledScheduleHandle> for Ical {
    const NAME: &'static str = "ical";
    const SUMMARY: &'static str = "iCalendar (RFC 5545) of the shifts, for everyone or one person";
    const DOC: &'static str = "An RFC 5545 calendar of the shifts overlapping the window (shifts \
        cut by the compiled window's edges are exported as compiled).";
    type Input = IcalArgs;
    type Output = IcalOutput;
    fn call(h: &mut CompiledScheduleHandle, i: IcalArgs) -> Result<IcalOutput, Error> {
        let w = h.window_of(i.from, i.to)?;
        ical_output(
            &h.compiled,
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

pub(crate) struct Summary;
impl Method<CompiledScheduleHandle> for Summary {
    const NAME: &'static str = "summary";
    const SUMMARY: &'static str = "everything the compiled timeline knows, as one document";
    const DOC: &'static str = "What the `schedule.compile` operation returns: explained shifts, \
        shadow shifts, handoffs, gaps, merged turns, swaps, time-off conflicts and notices.";
    type Input = NoArgs;
    type Output = CompileOutput;
    fn call(h: &mut CompiledScheduleHandle, _: NoArgs) -> Result<CompileOutput, Error> {
        Ok(CompileOutput(Arc::clone(&h.compiled)))
    }
}

/// A new window.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RewindowArgs {
    /// Window start.
    from: DateTime<Utc>,
    /// Window end; at most 1,096 days after `from`.
    to: DateTime<Utc>,
}

pub(crate) struct Rewindow;
impl Method<CompiledScheduleHandle> for Rewindow {
    const NAME: &'static str = "rewindow";
    const SUMMARY: &'static str = "compile the same schedule over another window, in place";
    const DOC: &'static str = "Compiles the same schedule over `[from, to)` and makes it this \
        handle's timeline (extend it, or move it along as time passes). Returns the new window; \
        on an error the handle keeps its old timeline.";
    const MUTATES: bool = true;
    type Input = RewindowArgs;
    type Output = Interval;
    fn call(h: &mut CompiledScheduleHandle, i: RewindowArgs) -> Result<Interval, Error> {
        let w = Interval::checked(i.from, i.to, "window (from, to)")?;
        h.compiled = Arc::new(h.schedule.compile(w)?);
        Ok(w)
    }
}
