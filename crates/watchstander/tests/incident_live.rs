//! The live incident and the incremental SLA clocks, against independent computations on
//! random histories: the direct period-by-period SLA clocks (`sla_oracle`), a full replay,
//! and the batch functions.

mod incident_common;

use chrono::Duration;
use incident_common::random::history;
use incident_common::sla_oracle::reference_sla;
use incident_common::*;
use proptest::prelude::*;
use watchstander::incident::{replay, IncidentSla};

fn histories() -> impl Strategy<Value = Vec<watchstander::incident::Event>> {
    (0usize..4, prop::collection::vec(any::<u32>(), 0..80)).prop_map(|(s, c)| history(s, &c))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn sla_clocks_match_the_direct_computation(events in histories(), later in 0i64..400_000) {
        let config = config();
        let inc = replay(&config, &events).unwrap();
        for now in [inc.last_event_at, inc.last_event_at + Duration::seconds(later)] {
            let fast = IncidentSla::at(&inc, &config, now).unwrap();
            let slow = reference_sla(&inc, &config, now);
            prop_assert_eq!(fast, slow);
        }
    }
}
