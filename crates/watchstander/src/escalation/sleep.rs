//! Sleep-aware deferral: low-urgency notifications that would wake someone wait until they are
//! up, or go to an awake follow-the-sun partner. High urgency always pages at once.
//!
//! Sleep hours are a daily window on the person's own clock (`"23:00-07:00"` in
//! `Europe/London`). The wake-up instant is the window's end **on the local date it ends**,
//! resolved through the zone like every other wall-clock time (a time in a DST gap moves
//! forward by the gap, a repeated time takes its first instance), so 07:00 stays 07:00 on the
//! person's clock across a DST change even though the night is an hour shorter or longer.
//!
//! ```
//! use watchstander::escalation::wake_time;
//! use watchstander::time::{parse_instant, Zone};
//!
//! let london = Zone::parse("Europe/London")?;
//! let sleep = "23:00-07:00".parse()?;
//! // 01:30 BST on Sunday 25 October 2026 (00:30Z). The clocks go back from 02:00 BST to
//! // 01:00 GMT that night, so 07:00 is 07:00Z and this night's sleep lasts nine hours.
//! let t = parse_instant("2026-10-25T00:30:00Z")?;
//! assert_eq!(wake_time(london, sleep, t)?.unwrap().to_rfc3339(), "2026-10-25T07:00:00+00:00");
//! // 12:00 is not in the sleep window.
//! assert_eq!(wake_time(london, sleep, parse_instant("2026-10-25T12:00:00Z")?)?, None);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};

use super::EscalationError;
use crate::time::{ClockWindow, Disambiguation, Zone};

/// If `t` falls inside the sleep window (read in `zone`), the instant the window ends (when the
/// person wakes); `None` when they are awake at `t`.
pub fn wake_time(
    zone: Zone,
    sleep: ClockWindow,
    t: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, EscalationError> {
    let date = zone.to_local(t).date();
    // The window containing t started on the local date of t or the day before.
    for start_date in [date.pred_opt(), Some(date)].into_iter().flatten() {
        let (s, e) = sleep.on(start_date);
        let s = zone.resolve_local(s, Disambiguation::Compatible)?.instant;
        let e = zone.resolve_local(e, Disambiguation::Compatible)?.instant;
        if s <= t && t < e {
            return Ok(Some(e));
        }
    }
    Ok(None)
}
