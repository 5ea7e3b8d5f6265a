//! Equality and serialisation of a [`LiveIncident`]: as its configuration and events.

use serde::{Deserialize, Serialize};

use super::LiveIncident;
use crate::incident::{Event, IncidentConfig};

impl PartialEq for LiveIncident {
    /// Same configuration and the same events (hence the same incident).
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config
            && self.len() == other.len()
            && self.state == other.state
            && self.events().eq(other.events())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Repr {
    config: IncidentConfig,
    events: Vec<Event>,
}

struct EventsOf<'a>(&'a LiveIncident);

impl Serialize for EventsOf<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.events())
    }
}

impl Serialize for LiveIncident {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("LiveIncident", 2)?;
        st.serialize_field("config", &*self.config)?;
        st.serialize_field("events", &EventsOf(self))?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for LiveIncident {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = Repr::deserialize(d)?;
        LiveIncident::from_events(r.config, &r.events).map_err(crate::error::de_error)
    }
}
