//! The live incident and the incremental SLA clocks, against independent computations on
//! random histories: the direct period-by-period SLA clocks (`sla_oracle`), a full replay,
//! and the batch functions.

mod incident_common;

use chrono::{DateTime, Duration, Utc};
use incident_common::random::history;
use incident_common::sla_oracle::reference_sla;
use incident_common::*;
use proptest::prelude::*;
use watchstander::incident::{
    next_updates, replay, Applied, Event, EventKind, Incident, IncidentConfig, IncidentFacts,
    IncidentSla, LiveIncident, LiveStatus,
};

fn histories(max: usize) -> impl Strategy<Value = Vec<Event>> {
    (0usize..4, prop::collection::vec(any::<u32>(), 0..max)).prop_map(|(s, c)| history(s, &c))
}

/// What the batch functions say at `now`.
fn batch_status(inc: &Incident, config: &IncidentConfig, now: DateTime<Utc>) -> LiveStatus {
    LiveStatus {
        as_of: now,
        facts: IncidentFacts::at(inc, config, now).unwrap(),
        sla: IncidentSla::at(inc, config, now).unwrap(),
        updates: next_updates(inc, config, now).unwrap(),
    }
}

/// The live incident's status equals the batch functions' on a full replay of its events,
/// at its latest event and `later` seconds after.
fn agrees_with_replay(live: &LiveIncident, later: i64) -> Result<(), TestCaseError> {
    let config = live.config().clone();
    let events: Vec<Event> = live.events().collect();
    let Ok(inc) = replay(&config, &events) else {
        prop_assert!(live.incident().is_none());
        return Ok(());
    };
    prop_assert_eq!(live.incident(), Some(&inc));
    for now in [
        inc.last_event_at,
        inc.last_event_at + Duration::seconds(later),
    ] {
        prop_assert_eq!(live.status(now).unwrap(), batch_status(&inc, &config, now));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn sla_clocks_match_the_direct_computation(events in histories(80), later in 0i64..400_000) {
        let config = config();
        let inc = replay(&config, &events).unwrap();
        for now in [inc.last_event_at, inc.last_event_at + Duration::seconds(later)] {
            let fast = IncidentSla::at(&inc, &config, now).unwrap();
            let slow = reference_sla(&inc, &config, now);
            prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn every_prefix_applied_live_equals_its_replay(events in histories(60), later in 0i64..400_000) {
        let mut live = LiveIncident::new(config()).unwrap();
        prop_assert!(live.is_empty() && live.incident().is_none());
        for e in &events {
            prop_assert_eq!(live.apply(e.clone()).unwrap(), Applied::Appended);
            prop_assert!(!live.is_empty());
            agrees_with_replay(&live, later)?;
            let inc = live.incident().unwrap();
            prop_assert_eq!(
                live.sla(inc.last_event_at).unwrap(),
                reference_sla(inc, live.config(), inc.last_event_at)
            );
        }
    }

    #[test]
    fn late_arrivals_give_what_a_replay_of_the_accepted_events_gives(
        events in histories(300),
        held in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        later in 0i64..400_000,
    ) {
        // Hold some events back and deliver them after the rest, latest first: each is late.
        // Some are refused (a reopening whose resolution was held back too); a refused event
        // changes nothing, and whatever was accepted agrees with a replay.
        let mut held: Vec<usize> = held.iter().map(|i| i.index(events.len())).filter(|i| *i > 0).collect();
        held.sort_unstable();
        held.dedup();
        let mut live = LiveIncident::new(config()).unwrap();
        for (i, e) in events.iter().enumerate() {
            if held.binary_search(&i).is_err() {
                let _ = live.apply(e.clone());
            }
        }
        for i in held.iter().rev() {
            let before = live.clone();
            match live.apply(events[*i].clone()) {
                Ok(_) => {}
                Err(_) => prop_assert_eq!(&live, &before),
            }
            agrees_with_replay(&live, later)?;
        }
    }

    #[test]
    fn late_notes_updates_and_acknowledgements_always_go_in(
        events in histories(300),
        held in prop::collection::vec(any::<prop::sample::Index>(), 0..20),
        later in 0i64..400_000,
    ) {
        // Events that no other event depends on can always be placed late: the result is
        // the whole history.
        let independent = |e: &Event| matches!(
            e.kind,
            EventKind::Note { .. } | EventKind::StatusUpdatePosted { .. } | EventKind::Acknowledged {}
        );
        let mut held: Vec<usize> = held
            .iter()
            .map(|i| i.index(events.len()))
            .filter(|i| independent(&events[*i]))
            .collect();
        held.sort_unstable();
        held.dedup();
        let mut live = LiveIncident::new(config()).unwrap();
        for (i, e) in events.iter().enumerate() {
            if held.binary_search(&i).is_err() {
                prop_assert_eq!(live.apply(e.clone()).unwrap(), Applied::Appended);
            }
        }
        for (k, i) in held.iter().enumerate().rev() {
            let expected = if *i - k == live.len() {
                Applied::Appended
            } else {
                Applied::Inserted { position: *i - k }
            };
            prop_assert_eq!(live.apply(events[*i].clone()).unwrap(), expected);
            agrees_with_replay(&live, later)?;
        }
        prop_assert_eq!(live.incident(), Some(&replay(&config(), &events).unwrap()));
    }

    #[test]
    fn any_arrival_order_keeps_the_live_incident_consistent(
        (events, shuffled) in histories(150).prop_flat_map(|e| (Just(e.clone()), Just(e).prop_shuffle())),
        later in 0i64..400_000,
    ) {
        let mut live = LiveIncident::new(config()).unwrap();
        for e in &shuffled {
            let before = live.clone();
            if live.apply(e.clone()).is_err() {
                prop_assert_eq!(&live, &before);
            }
        }
        agrees_with_replay(&live, later)?;
        // A batch is sorted first, so the whole history goes in.
        let mut batch = LiveIncident::new(config()).unwrap();
        let results = batch.apply_all(shuffled.clone());
        prop_assert!(results.iter().all(|r| r.is_ok()), "{:?}", results);
        prop_assert_eq!(batch.incident(), Some(&replay(&config(), &events).unwrap()));
        agrees_with_replay(&batch, later)?;
    }

    #[test]
    fn a_live_incident_survives_serialisation(events in histories(100), later in 0i64..400_000) {
        let live = LiveIncident::from_events(config(), &events).unwrap();
        let json = serde_json::to_value(&live).unwrap();
        let back: LiveIncident = serde_json::from_value(json).unwrap();
        prop_assert_eq!(&back, &live);
        let now = live.incident().unwrap().last_event_at + Duration::seconds(later);
        prop_assert_eq!(back.status(now).unwrap(), live.status(now).unwrap());
    }
}

#[test]
fn an_event_at_the_instant_of_detection_comes_after_it_whenever_it_was_recorded() {
    // Recorded before the detection was: still folded after it, so it is appended.
    let mut live = LiveIncident::new(IncidentConfig::default()).unwrap();
    let detected: Event = serde_json::from_value(serde_json::json!({"id": "d", "incident": "I",
        "kind": "detected", "title": "Slow", "severity": "SEV-3", "actor": "am",
        "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:05:00Z"}))
    .unwrap();
    let note: Event = serde_json::from_value(serde_json::json!({"id": "a", "incident": "I",
        "kind": "note", "text": "seen", "actor": "am",
        "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:01:00Z"}))
    .unwrap();
    assert_eq!(live.apply(detected).unwrap(), Applied::Appended);
    assert_eq!(live.apply(note).unwrap(), Applied::Appended);
    assert_eq!(live.len(), 2);
}

#[test]
fn live_incidents_are_equal_only_with_the_same_configuration_and_events() {
    let event = |id: &str, kind: serde_json::Value| -> Event {
        let mut v = serde_json::json!({"id": id, "incident": "I", "actor": "am",
            "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z"});
        v.as_object_mut()
            .unwrap()
            .extend(kind.as_object().unwrap().clone());
        serde_json::from_value(v).unwrap()
    };
    let detected = || {
        event(
            "d",
            serde_json::json!({"kind": "detected", "title": "Slow", "severity": "SEV-3"}),
        )
    };
    let live = |config: IncidentConfig, events: Vec<Event>| {
        let mut l = LiveIncident::new(config).unwrap();
        for e in events {
            l.apply(e).unwrap();
        }
        l
    };
    let other_config: IncidentConfig =
        serde_json::from_value(serde_json::json!({"max_clock_skew": "PT5M"})).unwrap();
    let note = |text: &str| event("n", serde_json::json!({"kind": "note", "text": text}));
    let a = live(IncidentConfig::default(), vec![detected(), note("seen")]);
    assert_eq!(
        a,
        live(IncidentConfig::default(), vec![detected(), note("seen")])
    );
    // The same events under another configuration.
    assert_ne!(a, live(other_config, vec![detected(), note("seen")]));
    // As many events, one of them different.
    assert_ne!(
        a,
        live(IncidentConfig::default(), vec![detected(), note("gone")])
    );
    // One event fewer.
    assert_ne!(a, live(IncidentConfig::default(), vec![detected()]));
}

#[test]
fn a_live_incident_is_send_sync_and_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<LiveIncident>();
}

#[test]
fn a_long_mixed_history_applied_live_equals_its_replay() {
    // 20 000 generated events (about 160 checkpoints), then late events deep inside.
    let events: Vec<Event> = mixed::Mixed::new(20_000).collect();
    let mut live = LiveIncident::new(IncidentConfig::default()).unwrap();
    for e in &events {
        assert_eq!(live.apply(e.clone()).unwrap(), Applied::Appended);
    }
    let inc = replay(&config(), &events).unwrap();
    assert_eq!(live.incident(), Some(&inc));
    let now = inc.last_event_at + Duration::minutes(3);
    assert_eq!(
        live.status(now).unwrap(),
        batch_status(&inc, &config(), now)
    );
    assert_eq!(live.sla(now).unwrap(), reference_sla(&inc, &config(), now));
    // A late note 5 000 events from the end, then one that breaks the history.
    let at = events[15_000].occurred_at + Duration::milliseconds(500);
    let note = Event {
        id: "late-note".into(),
        incident: "INC-1".into(),
        occurred_at: at,
        recorded_at: inc.last_event_at,
        actor: "p01".into(),
        kind: EventKind::Note {
            text: "late".into(),
        },
    };
    assert!(matches!(
        live.apply(note.clone()).unwrap(),
        Applied::Inserted { position: 15_001 }
    ));
    // A late note past 128 × 128 events: re-applied from the checkpoint just before it.
    let far = Event {
        id: "late-note-2".into(),
        occurred_at: events[17_000].occurred_at + Duration::milliseconds(500),
        ..note.clone()
    };
    assert!(matches!(
        live.apply(far.clone()).unwrap(),
        Applied::Inserted { position: 17_002 }
    ));
    let mut all = events.clone();
    all.push(note);
    all.push(far);
    let inc = replay(&config(), &all).unwrap();
    assert_eq!(live.incident(), Some(&inc));
    assert_eq!(
        live.status(now).unwrap(),
        batch_status(&inc, &config(), now)
    );
    let before = live.clone();
    let bad = Event {
        id: "late-detection".into(),
        kind: EventKind::Acknowledged {},
        occurred_at: events[0].occurred_at - Duration::minutes(1),
        ..events[1].clone()
    };
    assert_eq!(live.apply(bad).unwrap_err().code(), "before_detection");
    assert_eq!(live, before);
    assert_eq!(
        live.status(now).unwrap(),
        batch_status(&inc, &config(), now)
    );
}
