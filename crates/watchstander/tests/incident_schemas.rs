//! The incident JSON Schemas in docs/schema/ are generated from the Rust types; this test fails
//! when they are stale. Regenerate with
//! `WATCHSTANDER_BLESS=1 cargo test -p watchstander --test incident_schemas`.
//! (The Python suite validates sample documents against them with an independent validator.)

use std::path::Path;

use serde_json::Value;

#[test]
fn committed_incident_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema");
    let bless = std::env::var_os("WATCHSTANDER_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, schema) in watchstander::incident::schema::schemas() {
        assert!(schema.is_object(), "{name}: schema generation failed");
        assert!(name.starts_with("incident"), "{name}");
        let path = dir.join(format!("{name}.schema.json"));
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if bless {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(stale.is_empty(), "stale JSON Schemas (run WATCHSTANDER_BLESS=1 cargo test -p watchstander --test incident_schemas): {stale:?}");
}

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
