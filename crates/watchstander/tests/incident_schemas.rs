//! The shape of the generated incident JSON Schemas. (Staleness of every committed schema is
//! checked by `tests/schemas.rs`; the Python suite validates sample documents against them
//! with an independent validator.)

use serde_json::Value;

#[test]
fn the_event_schema_has_one_closed_object_per_kind() {
    let schemas = watchstander::incident::schema::schemas();
    let event = &schemas
        .iter()
        .find(|(n, _)| *n == "incident-event")
        .unwrap()
        .1;
    let variants = event["oneOf"].as_array().unwrap();
    assert_eq!(variants.len(), watchstander::incident::EVENT_KINDS.len());
    for v in variants {
        assert_eq!(v["additionalProperties"], Value::Bool(false), "{v}");
        let required: Vec<&str> = v["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        for field in [
            "id",
            "incident",
            "occurred_at",
            "recorded_at",
            "actor",
            "kind",
        ] {
            assert!(required.contains(&field), "{field} not required in {v}");
        }
    }
}
