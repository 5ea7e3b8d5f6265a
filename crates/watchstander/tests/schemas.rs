//! The JSON Schemas in docs/schema/ are generated from the Rust types; this test fails when
//! they are stale. Regenerate with `WATCHSTANDER_BLESS=1 cargo test -p watchstander --test schemas`.

use std::path::Path;

#[test]
fn committed_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema");
    let bless = std::env::var_os("WATCHSTANDER_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, schema) in watchstander::schema::schemas() {
        assert!(schema.is_object(), "{name}: schema generation failed");
        let path = dir.join(format!("{name}.schema.json"));
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale JSON Schemas (run WATCHSTANDER_BLESS=1 cargo test -p watchstander --test schemas): {stale:?}"
    );
}
