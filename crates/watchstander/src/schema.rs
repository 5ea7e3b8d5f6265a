//! JSON Schemas of watchstander's documented formats, generated from the Rust types.
//!
//! The files in `docs/schema/` are written from [`schemas`] and a test fails when they are out
//! of date (`WATCHSTANDER_BLESS=1 cargo test -p watchstander --test schemas` rewrites them), so
//! the schemas cannot drift from what the code accepts.

use serde_json::Value;

/// The JSON Schema of `T` as a JSON value (`null` if generation failed, which a test catches).
pub(crate) fn of<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Null)
}

/// Implements `JsonSchema` for a type that (de)serialises as one string.
macro_rules! string_schema {
    ($ty:ty, $name:literal, $description:literal $(, pattern = $pattern:literal)? $(, examples = [$($ex:literal),*])?) => {
        impl schemars::JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #[allow(unused_mut)]
                let mut s = schemars::json_schema!({ "type": "string", "title": $name, "description": $description });
                $( s.insert("pattern".into(), serde_json::Value::String($pattern.into())); )?
                $( s.insert("examples".into(), serde_json::json!([$($ex),*])); )?
                s
            }
        }
    };
}
pub(crate) use string_schema;

/// Every documented format: `(file stem, JSON Schema)`.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "business-calendar",
            of::<crate::time::BusinessCalendarSpec>(),
        ),
        ("severity-policy", of::<crate::severity::SeverityPolicy>()),
        ("sla-clock", of::<crate::severity::SlaClock>()),
        ("schedule", of::<crate::schedule::ScheduleSpec>()),
        ("alert", of::<crate::alert::Alert>()),
        ("alert-config", of::<crate::alert::AlertConfig>()),
        ("alert-silence", of::<crate::alert::SilenceSpec>()),
        ("alert-replay-record", of::<crate::alert::ReplayRecord>()),
        ("alert-action", of::<crate::alert::Action>()),
        (
            "escalation-policy",
            of::<crate::escalation::EscalationPolicySpec>(),
        ),
        ("escalation-person", of::<crate::escalation::PersonSpec>()),
        (
            "escalation-event",
            of::<crate::escalation::EscalationEvent>(),
        ),
        (
            "escalation-incident",
            of::<crate::escalation::IncidentStart>(),
        ),
        ("escalation-plan", of::<crate::escalation::Plan>()),
        ("runbook", of::<crate::runbook::Runbook>()),
        ("postmortem", of::<crate::postmortem::Postmortem>()),
        (
            "postmortem-policy",
            of::<crate::postmortem::PostmortemPolicy>(),
        ),
        (
            "blameless-config",
            of::<crate::postmortem::BlamelessConfig>(),
        ),
        ("metrics-input", of::<crate::metrics::MetricsInput>()),
        ("metrics-report", of::<crate::metrics::MetricsReport>()),
        (
            "metrics-incident-record",
            of::<crate::metrics::IncidentRecord>(),
        ),
        (
            "metrics-incident-columns",
            of::<crate::metrics::IncidentColumns>(),
        ),
        ("metrics-page", of::<crate::metrics::Page>()),
        ("metrics-page-columns", of::<crate::metrics::PageColumns>()),
        ("metrics-settings", of::<crate::metrics::MetricsSettings>()),
    ]
    .into_iter()
    .chain(crate::incident::schema::schemas())
    .collect()
}
