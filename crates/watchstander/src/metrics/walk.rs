//! One pass over every page, person by person in time order: the 60-second merge into
//! interruptions, each interruption's class on the person's own clock, the hour-of-week
//! heatmap, which on-call stretch (and which 12-hour block of it) each interruption fell in,
//! and the off-hours interruptions per compensation period.
//!
//! Pages are grouped by person (a counting pass and a placing pass), then each person's times
//! are radix sorted on their own — skipped when already in order — and local time comes from a
//! per-person [`LocalClock`] that looks the zone's offset up about once a day, so ten million
//! pages cost two passes, small in-cache sorts and a linear scan.

use std::collections::BTreeMap;

use super::hours::{local_parts, HourClass, LocalClock, WorkingHours};
use super::oncall::OnCall;
use super::period::{Calendar, Granularity};
use super::sort::radix_sort_slice;
use super::table::{PageTable, MISSING, NO_KEY};
use super::Roster;

/// One person's pages and interruptions.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonPages {
    /// Pages in the window.
    pub(crate) pages: u64,
    /// Pages merged into interruptions.
    pub(crate) interruptions: u64,
    /// Interruptions per class: business, off hours, sleep.
    pub(crate) by_class: [u64; 3],
    /// Interruptions on days that are not business days.
    pub(crate) weekend: u64,
    /// Interruptions on the person's holidays.
    pub(crate) holiday: u64,
    /// Pages while on call.
    pub(crate) on_shift_pages: u64,
    /// Interruptions while on call.
    pub(crate) on_shift_interruptions: u64,
    /// 12-hour blocks of on-call time with more interruptions than the ceiling.
    pub(crate) blocks_over_ceiling: u64,
    /// The most interruptions in one on-call stretch.
    pub(crate) busiest_stretch: u64,
    /// Interruptions outside business hours, per compensation period.
    pub(crate) outside_business: Vec<u64>,
}

/// What the walk found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Walk {
    pub(crate) people: Vec<PersonPages>,
    /// Pages by local hour of week of the person paged: index `weekday × 24 + hour`, Monday
    /// first.
    pub(crate) heatmap: Vec<u64>,
    /// Pages of unknown people, by id.
    pub(crate) unknown: BTreeMap<String, u64>,
}

/// What the walk needs to know.
pub(crate) struct WalkSettings<'a> {
    pub(crate) hours: &'a WorkingHours,
    pub(crate) merge_seconds: i64,
    pub(crate) ceiling: f64,
    pub(crate) comp: Granularity,
}

fn class_index(c: HourClass) -> usize {
    match c {
        HourClass::Business => 0,
        HourClass::OffHours => 1,
        HourClass::Sleep => 2,
    }
}

impl Walk {
    /// `members` maps each page person (dictionary index) to the roster; `unknown` says which
    /// of them are not listed in `people`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run(
        pages: &PageTable,
        members: &[u32],
        unknown: &[bool],
        roster: &Roster,
        oncall: &OnCall,
        cal: &Calendar,
        start: i64,
        s: &WalkSettings<'_>,
    ) -> Walk {
        let mut walk = Walk {
            people: vec![PersonPages::default(); roster.len()],
            heatmap: vec![0; 7 * 24],
            unknown: BTreeMap::new(),
        };
        let periods = cal.periods(s.comp).len();
        for p in &mut walk.people {
            p.outside_business = vec![0; periods];
        }
        // Each person's pages, as seconds since the start, in one array grouped by person: a
        // histogram, a pass that puts every page in its person's place, then one small
        // radix sort per person (a few hundred thousand keys stay in cache; one sort of all
        // ten million keys was three passes through memory and a second buffer as large).
        let counted = |at: i64, p: u32| -> Option<u32> {
            if at == MISSING || p == NO_KEY || !cal.contains(at) {
                return None;
            }
            members.get(p as usize).copied()
        };
        // Room for every page of each person (pages outside the window or of no one included:
        // a histogram of the person column is cheaper than filtering twice).
        let mut per_person = vec![0usize; pages.people.len()];
        for &p in &pages.person {
            if let Some(c) = per_person.get_mut(p as usize) {
                *c += 1;
            }
        }
        let mut starts = vec![0usize; roster.len() + 1];
        for (p, &n) in per_person.iter().enumerate() {
            if let Some(c) = members.get(p).and_then(|&m| starts.get_mut(m as usize + 1)) {
                *c += n;
            }
        }
        for m in 1..starts.len() {
            starts[m] += starts[m - 1];
        }
        // Seconds since the start fit 32 bits (the window is at most `MAX_WINDOW_DAYS`): half
        // the memory of 64-bit keys, and fewer fresh pages for the kernel to clear.
        const _: () = assert!(super::limits::MAX_WINDOW_DAYS * 86_400 < 1 << 32);
        let mut times = vec![0u32; starts.last().copied().unwrap_or(0)];
        let mut ends = starts.clone();
        let mut unknown_counts = vec![0u64; pages.people.len()];
        for (&at, &p) in pages.at.iter().zip(pages.person.iter()) {
            let Some(m) = counted(at, p) else {
                continue;
            };
            if let Some(c) = unknown_counts.get_mut(p as usize) {
                *c += 1;
            }
            if let Some(end) = ends.get_mut(m as usize) {
                if let Some(slot) = times.get_mut(*end) {
                    *slot = (at - start) as u32;
                }
                *end += 1;
            }
        }
        for ((name, &u), n) in pages.people.names.iter().zip(unknown).zip(unknown_counts) {
            if u && n > 0 {
                walk.unknown.insert(name.clone(), n);
            }
        }
        let (mut own, mut scratch) = (Vec::new(), Vec::new());
        for (member, (&from, &to)) in starts.iter().zip(ends.iter()).enumerate() {
            let Some(person_times) = times.get(from..to) else {
                continue;
            };
            if person_times.is_empty() {
                continue;
            }
            own.clear();
            own.extend(person_times.iter().map(|&t| u64::from(t)));
            radix_sort_slice(&mut own, &mut scratch);
            let times = own.as_slice();
            let member = member as u32;
            if let (Some(m), Some(out)) = (roster.get(member), walk.people.get_mut(member as usize))
            {
                person_walk(
                    times,
                    start,
                    m,
                    oncall.of(member),
                    cal,
                    s,
                    out,
                    &mut walk.heatmap,
                );
            }
        }
        walk
    }
}

#[allow(clippy::too_many_arguments)]
fn person_walk(
    times: &[u64],
    start: i64,
    m: &super::people::Member,
    stretches: &[(i64, i64)],
    cal: &Calendar,
    s: &WalkSettings<'_>,
    out: &mut PersonPages,
    heatmap: &mut [u64],
) {
    let mut clock = LocalClock::new(m.zone);
    let mut current: Option<i64> = None;
    let mut stretch = 0usize;
    // (stretch, block, interruptions) of the 12-hour block being counted.
    let mut block: Option<(usize, i64, u64)> = None;
    let mut stretch_count: (usize, u64) = (usize::MAX, 0);
    let mut holiday_cache: (i64, bool) = (i64::MIN, false);
    let close_block = |b: Option<(usize, i64, u64)>, out: &mut PersonPages| {
        if let Some((_, _, n)) = b {
            if n as f64 > s.ceiling {
                out.blocks_over_ceiling += 1;
            }
        }
    };
    for &k in times {
        let t = start + k as i64;
        out.pages += 1;
        let local = clock.local(t);
        let (day, weekday0, minute) = local_parts(local);
        if let Some(cell) = heatmap.get_mut((weekday0 * 24 + minute / 60) as usize) {
            *cell += 1;
        }
        while stretches.get(stretch).is_some_and(|&(_, b)| b <= t) {
            stretch += 1;
        }
        let on_shift = stretches.get(stretch).filter(|&&(a, _)| a <= t);
        if on_shift.is_some() {
            out.on_shift_pages += 1;
        }
        if current.is_some_and(|c| t - c < s.merge_seconds) {
            continue;
        }
        current = Some(t);
        out.interruptions += 1;
        if holiday_cache.0 != day {
            holiday_cache = (day, m.holidays.contains(&day));
        }
        let holiday = holiday_cache.1;
        let class = s.hours.classify_parts(weekday0, minute, holiday);
        if let Some(c) = out.by_class.get_mut(class_index(class)) {
            *c += 1;
        }
        if !s.hours.is_business_day(weekday0) {
            out.weekend += 1;
        }
        if holiday {
            out.holiday += 1;
        }
        if class != HourClass::Business {
            let p = cal.period_of_day(s.comp, cal.day_of(t)) as usize;
            if let Some(c) = out.outside_business.get_mut(p) {
                *c += 1;
            }
        }
        if let Some(&(a, _)) = on_shift {
            out.on_shift_interruptions += 1;
            let b = (t - a) / 43_200;
            match &mut block {
                Some((st, bl, n)) if *st == stretch && *bl == b => *n += 1,
                _ => {
                    close_block(block.take(), out);
                    block = Some((stretch, b, 1));
                }
            }
            if stretch_count.0 == stretch {
                stretch_count.1 += 1;
            } else {
                stretch_count = (stretch, 1);
            }
            out.busiest_stretch = out.busiest_stretch.max(stretch_count.1);
        }
    }
    close_block(block, out);
}
