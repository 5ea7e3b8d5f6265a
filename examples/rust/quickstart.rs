//! Quick start from Rust: DST-aware local times, business days and an SLA clock.
//!
//! Run with `cargo run --example quickstart -p watchstander`.

use watchstander::severity::{SeverityPolicy, SlaClock, SlaKind};
use watchstander::time::{parse_instant, BusinessCalendar, Disambiguation, Zone};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A handoff at 02:30 on the night New York springs forward does not exist on the wall
    // clock. It is moved forward by the gap (never dropped), and the result says so.
    let ny = Zone::parse("America/New_York")?;
    let handoff = ny.resolve_local("2026-03-08T02:30:00".parse()?, Disambiguation::Compatible)?;
    println!(
        "02:30 New York on 8 March 2026 → {} ({:?})",
        handoff.instant, handoff.adjustment
    );
    assert_eq!(handoff.instant, parse_instant("2026-03-08T07:30:00Z")?);

    // One business day from Friday 20:00 is the close of Monday.
    let calendar = BusinessCalendar::nine_to_five(ny);
    let friday_evening = parse_instant("2026-11-28T01:00:00Z")?;
    let due = calendar.add_business_days(friday_evening, 1)?;
    println!(
        "1 business day after Friday 20:00 New York → {}",
        ny.at(due)
    );
    assert_eq!(due, parse_instant("2026-11-30T22:00:00Z")?);

    // A SEV-2 response clock (1 hour, 24×7) paused for 30 minutes.
    let policy = SeverityPolicy::default();
    let target = policy
        .target("SEV-2", SlaKind::Response)?
        .ok_or("SEV-2 has a response target")?;
    let mut clock = SlaClock::start(target, parse_instant("2026-11-26T10:00:00Z")?);
    clock.pause(
        parse_instant("2026-11-26T10:20:00Z")?,
        "waiting on the vendor",
    )?;
    clock.resume(parse_instant("2026-11-26T10:50:00Z")?)?;
    let status = clock.status(&policy, parse_instant("2026-11-26T11:00:00Z")?)?;
    println!(
        "SEV-2 response deadline {:?}, {} s remaining, breached: {}",
        status.deadline, status.remaining_seconds, status.breached
    );
    assert_eq!(
        status.deadline,
        Some(parse_instant("2026-11-26T11:30:00Z")?)
    );
    Ok(())
}
