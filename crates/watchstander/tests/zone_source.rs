//! Zone sources: TZif directories instead of the bundled tz database.
//!
//! Expected values come from the tz database's rules and a calendar, not from the engine:
//! the UK's summer time starts at 01:00 UTC on the last Sunday of March (29 March in 2026;
//! `Rule EU ... Mar lastSun 1:00u` in the tz source `europe`), New York keeps EDT (UTC−4) in
//! July, and the bundled data and the system's TZif files of the same release are compiled from
//! the same source.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Offset, TimeZone, Utc};
use watchstander::time::{TzifFiles, Zone, ZoneSource, BUNDLED_TZDB_VERSION};

/// A TZif directory read from the file system (what the CLI and the bindings do).
struct Dir(PathBuf);

impl TzifFiles for Dir {
    fn read(&self, path: &str, limit: usize) -> Result<Option<Vec<u8>>, String> {
        let full = self.0.join(path);
        if !full.is_file() {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&full)
            .and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
            .map_err(|e| e.to_string())?;
        Ok(Some(bytes))
    }
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn offset_seconds(zone: Zone, at: &str) -> i32 {
    zone.offset_at(utc(at)).local_minus_utc()
}

/// A minimal TZif version 2 file (RFC 8536 §3): no transitions, one local time type
/// (`std_offset`, abbreviation `abbr`), and the POSIX TZ string `footer` for every instant.
fn tzif(std_offset: i32, abbr: &str, footer: &str) -> Vec<u8> {
    let block = |time_size: usize| -> Vec<u8> {
        let _ = time_size; // no transitions, so no times of either size
        let mut b = Vec::new();
        b.extend_from_slice(b"TZif2");
        b.extend_from_slice(&[0u8; 15]);
        let chars = abbr.len() as u32 + 1;
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        for n in [0u32, 0, 0, 0, 1, chars] {
            b.extend_from_slice(&n.to_be_bytes());
        }
        b.extend_from_slice(&std_offset.to_be_bytes());
        b.push(0); // isdst
        b.push(0); // abbreviation index
        b.extend_from_slice(abbr.as_bytes());
        b.push(0);
        b
    };
    let mut out = block(4);
    out.extend(block(8));
    out.push(b'\n');
    out.extend_from_slice(footer.as_bytes());
    out.push(b'\n');
    out
}

fn memory(entries: &[(&str, Vec<u8>)]) -> BTreeMap<String, Vec<u8>> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn a_modified_rule_in_a_tzif_directory_changes_the_answer() {
    // 30 March 2026, 12:00 UTC: the day after the UK's clocks went forward (29 March).
    let at = "2026-03-30T12:00:00Z";
    let bundled = Zone::parse("Europe/London").unwrap();
    assert_eq!(offset_seconds(bundled, at), 3600, "BST under the real rule");

    // The same zone with summer time from the first Sunday of April (5 April 2026) instead.
    let moved = ZoneSource::tzif(
        "/test/zoneinfo",
        memory(&[
            ("Europe/London", tzif(0, "GMT", "GMT0BST,M4.1.0/1,M10.5.0")),
            ("+VERSION", b"2099a\n".to_vec()),
        ]),
    );
    let london = moved.zone("Europe/London").unwrap();
    assert_eq!(london.name(), "Europe/London");
    assert_eq!(london.tzdb_version(), "2099a");
    assert_eq!(london.tzdb_source(), "/test/zoneinfo");
    assert_eq!(
        offset_seconds(london, at),
        0,
        "still GMT under the moved rule"
    );
    assert_eq!(offset_seconds(london, "2026-04-06T12:00:00Z"), 3600);
    assert_eq!(offset_seconds(london, "2026-11-01T12:00:00Z"), 0);
    assert_ne!(london, bundled);

    // Through the operations, with the source entered around the call.
    let out = watchstander::ops::call_text_in(
        &moved,
        "time.to_local",
        r#"{"zone": "Europe/London", "instant": "2026-03-30T12:00:00Z"}"#,
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"]["local"], "2026-03-30T12:00:00", "{out}");
    assert_eq!(v["ok"]["offset"], "+00:00");
    assert_eq!(v["ok"]["tzdb"]["version"], "2099a");
    let out = watchstander::ops::call_text(
        "time.to_local",
        r#"{"zone": "Europe/London", "instant": "2026-03-30T12:00:00Z"}"#,
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["ok"]["local"], "2026-03-30T13:00:00",
        "bundled again: {out}"
    );
    assert_eq!(v["ok"]["tzdb"]["version"], BUNDLED_TZDB_VERSION);

    // A gap under the moved rule: 01:30 on 5 April 2026 does not exist.
    let local = "2026-04-05T01:30:00".parse().unwrap();
    let r = london
        .resolve_local(local, watchstander::time::Disambiguation::Compatible)
        .unwrap();
    assert_eq!(
        r.instant,
        utc("2026-04-05T01:30:00Z"),
        "moved forward by the gap"
    );
    assert!(r.adjustment.is_dst_affected());
    let r = bundled
        .resolve_local(local, watchstander::time::Disambiguation::Compatible)
        .unwrap();
    assert!(
        !r.adjustment.is_dst_affected(),
        "already BST under the real rule"
    );
}

#[test]
fn a_schedule_follows_the_tzif_directory() {
    // A daily 09:00 handoff in "Europe/London", read from a file that holds New York's rules
    // (a system file copied under another name): the handoff is at 13:00 UTC in July (EDT).
    let Ok(ny) = std::fs::read("/usr/share/zoneinfo/America/New_York") else {
        eprintln!("skipped: no /usr/share/zoneinfo/America/New_York");
        return;
    };
    let source = ZoneSource::tzif("/test/renamed", memory(&[("Europe/London", ny)]));
    let input = r#"{
        "schedule": {"id": "s", "zone": "Europe/London", "layers": [{"id": "l",
            "rotation": {"members": ["a", "b"], "handoff": {"every": 1, "unit": "days"},
                         "anchor": "2026-07-01T09:00"}}]},
        "at": "2026-07-02T12:00:00Z"}"#;
    let renamed = watchstander::ops::call_text_in(&source, "schedule.oncall", input);
    let bundled = watchstander::ops::call_text("schedule.oncall", input);
    let (r, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&renamed).unwrap(),
        serde_json::from_str(&bundled).unwrap(),
    );
    let text = |v: &serde_json::Value| v.to_string();
    // In London 12:00Z is 13:00 BST, after the 09:00 handoff: the second member is on call.
    // Under New York's rules 12:00Z is 08:00 EDT, before it: still the first member.
    assert!(text(&b).contains("\"b\""), "{bundled}");
    assert!(text(&r).contains("\"a\""), "{renamed}");
    assert!(!text(&r).contains("\"b\""), "{renamed}");
}

#[test]
fn a_missing_zone_in_a_tzif_directory_is_a_typed_error_naming_it() {
    let dir = std::env::temp_dir().join(format!("watchstander-tzif-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("Europe")).unwrap();
    std::fs::write(
        dir.join("Europe/London"),
        tzif(0, "GMT", "GMT0BST,M3.5.0/1,M10.5.0"),
    )
    .unwrap();
    let label = dir.display().to_string();
    let source = ZoneSource::tzif(label.clone(), Dir(dir.clone()));
    assert_eq!(source.version(), "unknown");
    assert!(source.zone("Europe/London").is_ok());
    let e = source.zone("America/New_York").unwrap_err();
    assert_eq!(e.code(), "unknown_zone");
    assert!(e.to_string().contains(&label), "{e}");
    // Also through an operation, with the path of the offending field.
    let out = watchstander::ops::call_text_in(
        &source,
        "time.to_local",
        r#"{"zone": "America/New_York", "instant": "2026-07-01T12:00:00Z"}"#,
    );
    assert!(out.contains(r#""code":"unknown_zone""#), "{out}");
    assert!(out.contains(&label), "{out}");
    // A file that is not TZif is invalid_tzif, not unknown.
    std::fs::write(dir.join("Europe/Paris"), b"not a tzif file").unwrap();
    assert_eq!(
        source.zone("Europe/Paris").unwrap_err().code(),
        "invalid_tzif"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The system's tz database, when it has one with a version.
fn system() -> Option<(ZoneSource, PathBuf)> {
    let dir = Path::new("/usr/share/zoneinfo");
    if !dir.join("America/New_York").is_file() {
        return None;
    }
    let source = ZoneSource::tzif(dir.display().to_string(), Dir(dir.to_path_buf()));
    Some((source, dir.to_path_buf()))
}

/// Zones that a distribution's build of the same release may define differently from the
/// bundled data. Since tz 2024b, `EET` and `WET` are links (to Europe/Athens and
/// Europe/Lisbon) and chrono-tz follows that; Debian and Ubuntu build their `tzdata` package
/// with the old `Zone EET`/`Zone WET` definitions (EU rules from 1977), so the two disagree
/// on summer time in 1977-1980 — a build option, not a release difference.
const BUILD_DIFFERENCES: &[&str] = &["EET", "WET"];

/// Every zone of the bundled database and of the system's `/usr/share/zoneinfo` agree on the
/// UTC offset at every instant from 1970 to 2037: at every system transition (just before and
/// at it) and once a day in between (no observance in these years lasts less than a day). When
/// the system release differs from the bundled one, the zones that differ are listed instead
/// (a newer release changes some zones on purpose) and only printed.
#[test]
fn bundled_and_system_tz_databases_agree_1970_to_2037() {
    let Some((system, dir)) = system() else {
        eprintln!("skipped: no system tz database");
        return;
    };
    let start = utc("1970-01-01T00:00:00Z").timestamp();
    let end = utc("2038-01-01T00:00:00Z").timestamp();
    let mut compared = 0;
    let mut differ: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for name in ZoneSource::bundled().zone_names().unwrap() {
        let bundled = Zone::parse(&name).unwrap();
        let loaded = match system.zone(&name) {
            Ok(z) => z,
            Err(e) => {
                assert_eq!(e.code(), "unknown_zone", "{name}: {e}");
                missing.push(name);
                continue;
            }
        };
        // The system's transitions, read independently of the engine with jiff.
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let tz = jiff::tz::TimeZone::tzif(&name, &bytes).unwrap();
        let from = jiff::Timestamp::from_second(start).unwrap();
        let mut instants: Vec<i64> = tz
            .following(from)
            .map(|t| t.timestamp().as_second())
            .take_while(|t| *t < end)
            .flat_map(|t| [t - 1, t])
            .collect();
        instants.extend((start..end).step_by(86_400));
        let mismatch = instants.iter().find(|&&t| {
            let at = DateTime::<Utc>::from_timestamp(t, 0).unwrap();
            let b = bundled.offset_from_utc_datetime(&at.naive_utc()).fix();
            let l = loaded.offset_from_utc_datetime(&at.naive_utc()).fix();
            b != l
        });
        if let Some(t) = mismatch {
            differ.push(format!("{name} (first at {t})"));
        }
        compared += 1;
    }
    eprintln!(
        "system tz database {} vs bundled {BUNDLED_TZDB_VERSION}: {compared} zones compared, {} differ, {} not in the system directory",
        system.version(),
        differ.len(),
        missing.len()
    );
    assert!(compared > 400, "only {compared} zones compared");
    if system.version() == BUNDLED_TZDB_VERSION {
        let unexplained: Vec<&String> = differ
            .iter()
            .filter(|d| {
                !BUILD_DIFFERENCES
                    .iter()
                    .any(|z| d.starts_with(&format!("{z} ")))
            })
            .collect();
        assert!(unexplained.is_empty(), "zones that differ: {unexplained:?}");
        eprintln!("zones that differ by build option: {differ:?}");
    } else {
        eprintln!("zones that differ (expected across releases): {differ:?}");
    }
    eprintln!("bundled zones missing from the system directory: {missing:?}");
}

#[test]
fn the_active_source_resolves_names_and_zones_keep_their_data() {
    let source = ZoneSource::tzif(
        "/test/fixed",
        memory(&[(
            "Etc/Test",
            tzif(5 * 3600 + 45 * 60, "+0545", "<+0545>-5:45"),
        )]),
    );
    let zone = source.scope(|| Zone::parse("Etc/Test")).unwrap();
    // Outside the scope, the zone keeps the rules it was read with.
    assert_eq!(offset_seconds(zone, "2026-01-01T00:00:00Z"), 20_700);
    assert_eq!(
        zone.at(utc("2026-01-01T00:00:00Z"))
            .format("%H:%M %Z")
            .to_string(),
        "05:45 +0545"
    );
    assert_eq!(Zone::parse("Etc/Test").unwrap_err().code(), "unknown_zone");
    // Reading the same bytes again gives the same interned zone.
    let again = ZoneSource::tzif(
        "/test/fixed",
        memory(&[(
            "Etc/Test",
            tzif(5 * 3600 + 45 * 60, "+0545", "<+0545>-5:45"),
        )]),
    )
    .zone("Etc/Test")
    .unwrap();
    assert_eq!(zone, again);
    // Serialised by name, and read back in the active source.
    assert_eq!(serde_json::to_string(&zone).unwrap(), r#""Etc/Test""#);
    let back: Zone = source
        .scope(|| serde_json::from_str(r#""Etc/Test""#))
        .unwrap();
    assert_eq!(back, zone);
    // `time.zones` lists the bundled names by default.
    let out = watchstander::ops::call("time.zones", &serde_json::json!({})).unwrap();
    assert_eq!(out["tzdb"]["source"], "bundled");
    let zones = out["zones"].as_array().unwrap();
    assert!(zones.iter().any(|z| z == "Australia/Lord_Howe"));
    assert!(zones.len() > 400);
}
