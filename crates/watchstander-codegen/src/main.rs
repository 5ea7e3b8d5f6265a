//! `watchstander-codegen`: everything the front ends and the docs say about the operations,
//! generated from the one registry in the core (`watchstander::ops`).
//!
//! ```sh
//! cargo run -p watchstander-codegen            # rewrite the generated files
//! cargo run -p watchstander-codegen -- --check # fail (status 1) if any is stale (CI)
//! ```
//!
//! It writes the Python types and wrapper modules, `_native.pyi`, the TypeScript declarations
//! and the CommonJS/ES module entry points of the Node package, a JSON Schema for every
//! operation's input and output, and the operations reference `docs/operations.md`.

mod ir;
mod names;
mod python;
mod reference;
mod typescript;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::generate::{Contract, SchemaSettings};
use serde_json::{Map, Value};

use ir::{Def, Model, Ty};
use names::{Dir, Names};

/// One operation's types.
pub struct OpTypes {
    pub input: Ty,
    pub output: Ty,
}

/// One method of a handle type.
pub struct MethodInfo {
    pub record: &'static watchstander::ops::MethodRecord,
    pub input: Ty,
    pub output: Ty,
}

/// One handle type.
pub struct HandleInfo {
    pub kind: &'static watchstander::ops::HandleType,
    pub new: Ty,
    pub methods: Vec<MethodInfo>,
}

/// The registry read as types.
pub struct Registry {
    pub ops: BTreeMap<&'static str, OpTypes>,
    pub handles: BTreeMap<&'static str, HandleInfo>,
    /// Definitions as inputs read them (deserialisation contract).
    pub model_in: Model,
    /// Definitions as outputs give them (serialisation contract).
    pub model_out: Model,
}

impl Registry {
    /// Whether every field of an input is optional (the argument may be left out).
    pub fn input_all_optional(&self, t: &Ty) -> bool {
        match t {
            Ty::Ref(n) => match self.model_in.defs.get(n) {
                Some(Def::Object(o)) => o.fields.iter().all(|f| !f.required),
                _ => false,
            },
            _ => false,
        }
    }
}

fn settings(contract: Contract) -> SchemaSettings {
    let mut s = SchemaSettings::draft2020_12();
    s.contract = contract;
    s
}

fn read_registry() -> Registry {
    let mut g_in = settings(Contract::Deserialize).into_generator();
    let mut g_out = settings(Contract::Serialize).into_generator();
    let mut ops = BTreeMap::new();
    for op in watchstander::ops::operations() {
        let input = ir::ty(&op.input_schema(&mut g_in).to_value());
        let output = ir::ty(&op.output_schema(&mut g_out).to_value());
        ops.insert(op.name, OpTypes { input, output });
    }
    let mut handles = BTreeMap::new();
    for h in watchstander::ops::handle_types() {
        let new = ir::ty(&h.new_schema(&mut g_in).to_value());
        let methods = h
            .methods()
            .iter()
            .map(|m| MethodInfo {
                record: m,
                input: ir::ty(&m.input_schema(&mut g_in).to_value()),
                output: ir::ty(&m.output_schema(&mut g_out).to_value()),
            })
            .collect();
        handles.insert(
            h.name,
            HandleInfo {
                kind: h,
                new,
                methods,
            },
        );
    }
    let defs = |g: &schemars::SchemaGenerator| -> Map<String, Value> { g.definitions().clone() };
    Registry {
        ops,
        handles,
        model_in: Model::new(&defs(&g_in)),
        model_out: Model::new(&defs(&g_out)),
    }
}

/// A standalone JSON Schema (draft 2020-12) of one side of an operation.
fn standalone(op: &watchstander::ops::Operation, dir: Dir) -> Value {
    let contract = if dir == Dir::In {
        Contract::Deserialize
    } else {
        Contract::Serialize
    };
    let mut g = settings(contract).into_generator();
    let root = match dir {
        Dir::In => op.input_schema(&mut g),
        Dir::Out => op.output_schema(&mut g),
    };
    let mut doc = Map::new();
    doc.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    let side = if dir == Dir::In { "input" } else { "output" };
    doc.insert("title".into(), format!("{} {side}", op.name).into());
    if let Value::Object(m) = root.to_value() {
        for (k, v) in m {
            doc.insert(k, v);
        }
    }
    doc.insert("$defs".into(), Value::Object(g.definitions().clone()));
    Value::Object(doc)
}

fn files(root: &Path) -> Vec<(PathBuf, String)> {
    let reg = read_registry();
    let mut roots_in = Vec::new();
    let mut roots_out = Vec::new();
    for t in reg.ops.values() {
        roots_in.push(t.input.clone());
        roots_out.push(t.output.clone());
    }
    for h in reg.handles.values() {
        roots_in.push(h.new.clone());
        for m in &h.methods {
            roots_in.push(m.input.clone());
            roots_out.push(m.output.clone());
        }
    }
    let names = Names::new(&reg.model_in, &reg.model_out, &roots_in, &roots_out);
    let py = root.join("bindings/python/python/watchstander");
    let node = root.join("bindings/node");
    let mut out = vec![
        (
            py.join("types.py"),
            python::types(&reg.model_in, &reg.model_out, &names),
        ),
        (py.join("_native.pyi"), python::native_stub(&reg, &names)),
        (py.join("__init__.py"), python::init()),
        (
            node.join("index.d.ts"),
            typescript::declarations(&reg, &names),
        ),
        (node.join("index.js"), typescript::commonjs(&reg)),
        (node.join("index.mjs"), typescript::esm()),
        (
            root.join("docs/operations.md"),
            reference::page(&reg, &names),
        ),
    ];
    for m in watchstander::ops::MODULES {
        out.push((
            py.join(format!("{}.py", m.name)),
            python::module(&reg, m, &names),
        ));
    }
    for op in watchstander::ops::operations() {
        for (dir, side) in [(Dir::In, "input"), (Dir::Out, "output")] {
            let text = serde_json::to_string_pretty(&standalone(op, dir)).unwrap_or_default();
            out.push((
                root.join(format!("docs/schema/ops/{}.{side}.schema.json", op.name)),
                text + "\n",
            ));
        }
    }
    out
}

/// Definition names that schemars had to make unique by appending a number: two Rust types
/// share a schema name, and one needs `#[schemars(rename = "...")]`.
fn clashes(reg: &Registry) -> Vec<String> {
    reg.model_in
        .defs
        .keys()
        .chain(reg.model_out.defs.keys())
        .filter(|n| n.ends_with(|c: char| c.is_ascii_digit()))
        .cloned()
        .collect()
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let clash = clashes(&read_registry());
    if !clash.is_empty() {
        eprintln!("schema names made unique by a number (rename one of the Rust types with #[schemars(rename = \"...\")]): {clash:?}");
        std::process::exit(1);
    }
    let files = files(&root);
    let mut stale = Vec::new();
    for (path, text) in &files {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current != *text {
            stale.push(
                path.strip_prefix(&root)
                    .unwrap_or(path)
                    .display()
                    .to_string(),
            );
            if !check {
                if let Some(dir) = path.parent() {
                    if let Err(e) = std::fs::create_dir_all(dir) {
                        eprintln!("cannot create {}: {e}", dir.display());
                        std::process::exit(2);
                    }
                }
                if let Err(e) = std::fs::write(path, text) {
                    eprintln!("cannot write {}: {e}", path.display());
                    std::process::exit(2);
                }
            }
        }
    }
    // Generated schema files of operations that no longer exist.
    let ops_dir = root.join("docs/schema/ops");
    let wanted: std::collections::BTreeSet<&PathBuf> = files.iter().map(|(p, _)| p).collect();
    if let Ok(entries) = std::fs::read_dir(&ops_dir) {
        for e in entries.flatten() {
            let p = e.path();
            if !wanted.contains(&p) {
                stale.push(format!(
                    "{} (orphaned)",
                    p.strip_prefix(&root).unwrap_or(&p).display()
                ));
                if !check {
                    let _ = std::fs::remove_file(&p);
                }
            }
        }
    }
    if check {
        if stale.is_empty() {
            println!("generated files are up to date ({} files)", files.len());
        } else {
            eprintln!("stale generated files (run `cargo run -p watchstander-codegen`):");
            for s in &stale {
                eprintln!("  {s}");
            }
            std::process::exit(1);
        }
    } else {
        println!("wrote {} of {} generated files", stale.len(), files.len());
    }
}
