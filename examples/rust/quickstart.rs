//! Quick start from Rust: DST-aware local times, business days, an SLA clock, who is on call,
//! and an incident replayed from its events.
//!
//! Run with `cargo run --example quickstart -p watchstander`.

use watchstander::incident::{replay, Event, IncidentConfig, IncidentSla, Status};
use watchstander::schedule::{Interval, Schedule};
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

    // Who is on call: a weekly rotation handing off on Mondays at 09:00 London time, the
    // day after the clocks went forward (so 08:00 UTC). Compile a window once, then query.
    let schedule: Schedule = serde_json::from_str(include_str!("../schedules/weekly.json"))?;
    let spring = Interval::new(
        parse_instant("2026-03-01T00:00:00Z")?,
        parse_instant("2026-05-01T00:00:00Z")?,
    )?;
    let compiled = schedule.compile(spring)?;
    let now = compiled.oncall(parse_instant("2026-03-30T08:30:00Z")?)?;
    let primary = &now.on_call[0];
    println!("on call: {} — {}", primary.person, primary.why);
    assert_eq!(primary.person, "alice");
    assert_eq!(primary.shift.start, parse_instant("2026-03-30T08:00:00Z")?);

    // An incident is the fold of its events, in any order they arrive.
    let events: Vec<Event> =
        serde_json::from_str(include_str!("../incidents/inc-1042-events.json"))?;
    let config: IncidentConfig = serde_json::from_str(include_str!("../incidents/config.json"))?;
    let config = config.validate()?;
    let incident = replay(&config, &events)?;
    let sla = IncidentSla::at(&incident, &config, parse_instant("2026-11-26T11:40:00Z")?)?;
    println!(
        "{} {:?} {}: resolve by {:?}",
        incident.id, incident.status, incident.severity, sla.resolve.deadline
    );
    assert_eq!(incident.status, Status::Monitoring);
    assert_eq!(
        sla.resolve.deadline,
        Some(parse_instant("2026-11-27T09:52:00Z")?)
    );
    Ok(())
}
