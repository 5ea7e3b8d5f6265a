//! The registry's JSON Schemas, read into a small type model that both the Python and the
//! TypeScript writers print.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// A type, as far as a Python or TypeScript user sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Any,
    Null,
    Bool,
    Int,
    Float,
    Str,
    /// An instant (`format: date-time`).
    Instant,
    /// A local date-time without offset (`format: partial-date-time`).
    Local,
    /// An ISO 8601 duration (a named string schema).
    Duration,
    /// One of a few strings.
    Lit(Vec<String>),
    List(Box<Ty>),
    Map(Box<Ty>),
    Ref(String),
    Union(Vec<Ty>),
    /// An object defined in place (a variant of a tagged union).
    Object(Object),
    /// A column of numbers that the bindings give as an array (numpy, typed array): the
    /// element type, `uint32`, `int64` or `float64`.
    Column(String),
}

/// An object type: its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub doc: String,
    pub fields: Vec<Field>,
    /// `additionalProperties: false`.
    pub closed: bool,
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: String,
}

/// A named definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Def {
    /// A record.
    Object(Object),
    /// Anything else: an alias of a type (enums of strings, tagged unions, maps, strings).
    Alias { doc: String, ty: Ty },
}

impl Def {
    pub fn doc(&self) -> &str {
        match self {
            Def::Object(o) => &o.doc,
            Def::Alias { doc, .. } => doc,
        }
    }
}

/// Every definition, by name.
pub struct Model {
    pub defs: BTreeMap<String, Def>,
}

/// Cleans a Rust doc comment for another language's docs: rustdoc links lose their target.
pub fn clean_doc(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    // [`name`](path) and [name](path) → `name` / name
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find("](") {
            Some(close) if !after[..close].contains('[') => {
                let label = &after[..close];
                let tail = &after[close + 2..];
                match tail.find(')') {
                    Some(end) if !tail[..end].contains(' ') => {
                        out.push_str(label);
                        rest = &tail[end + 1..];
                    }
                    _ => {
                        out.push('[');
                        rest = after;
                    }
                }
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

fn doc_of(s: &Map<String, Value>) -> String {
    s.get("description")
        .and_then(Value::as_str)
        .map(clean_doc)
        .unwrap_or_default()
}

/// Reads a schema into a type.
pub fn ty(schema: &Value) -> Ty {
    let Some(s) = schema.as_object() else {
        return Ty::Any;
    };
    if let Some(c) = s.get("x-column").and_then(Value::as_str) {
        return Ty::Column(c.to_string());
    }
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r).to_string();
        return if name == "IsoDuration" {
            Ty::Duration
        } else {
            Ty::Ref(name)
        };
    }
    if let Some(c) = s.get("const") {
        return match c {
            Value::String(v) => Ty::Lit(vec![v.clone()]),
            Value::Null => Ty::Null,
            _ => Ty::Any,
        };
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        let mut lits = Vec::new();
        let mut null = false;
        for v in e {
            match v {
                Value::String(v) => lits.push(v.clone()),
                Value::Null => null = true,
                _ => return Ty::Any,
            }
        }
        let lit = Ty::Lit(lits);
        return if null {
            Ty::Union(vec![lit, Ty::Null])
        } else {
            lit
        };
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = s.get(key).and_then(Value::as_array) {
            return union(alts.iter().map(ty).collect());
        }
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        if all.len() == 1 {
            return ty(&all[0]);
        }
    }
    match s.get("type") {
        Some(Value::Array(types)) => union(
            types
                .iter()
                .map(|t| {
                    let mut one = s.clone();
                    one.insert("type".into(), t.clone());
                    ty(&Value::Object(one))
                })
                .collect(),
        ),
        Some(Value::String(t)) => match t.as_str() {
            "null" => Ty::Null,
            "boolean" => Ty::Bool,
            "integer" => Ty::Int,
            "number" => Ty::Float,
            "string" => match s.get("format").and_then(Value::as_str) {
                Some("date-time") => Ty::Instant,
                Some("partial-date-time") => Ty::Local,
                _ if s.get("title").and_then(Value::as_str) == Some("IsoDuration") => Ty::Duration,
                _ => Ty::Str,
            },
            "array" => Ty::List(Box::new(s.get("items").map_or(Ty::Any, ty))),
            "object" => {
                if s.contains_key("properties") {
                    Ty::Object(object(s))
                } else {
                    match s.get("additionalProperties") {
                        Some(Value::Bool(false)) => Ty::Object(object(s)),
                        Some(v @ Value::Object(_)) => Ty::Map(Box::new(ty(v))),
                        _ => Ty::Map(Box::new(Ty::Any)),
                    }
                }
            }
            _ => Ty::Any,
        },
        _ => Ty::Any,
    }
}

fn union(alts: Vec<Ty>) -> Ty {
    // Merge string literals into one literal type; keep the rest in order.
    let mut lits: Vec<String> = Vec::new();
    let mut rest: Vec<Ty> = Vec::new();
    for t in alts {
        match t {
            Ty::Lit(v) => lits.extend(v),
            Ty::Union(inner) => {
                for t in inner {
                    match t {
                        Ty::Lit(v) => lits.extend(v),
                        t if !rest.contains(&t) => rest.push(t),
                        _ => {}
                    }
                }
            }
            t if !rest.contains(&t) => rest.push(t),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if !lits.is_empty() {
        out.push(Ty::Lit(lits));
    }
    out.extend(rest);
    if out.len() == 1 {
        out.pop().unwrap_or(Ty::Any)
    } else {
        Ty::Union(out)
    }
}

fn object(s: &Map<String, Value>) -> Object {
    let required: BTreeSet<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields = s
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, p)| Field {
                    name: name.clone(),
                    ty: ty(p),
                    required: required.contains(name.as_str()),
                    doc: p.as_object().map(doc_of).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Object {
        doc: doc_of(s),
        fields,
        closed: s.get("additionalProperties") == Some(&Value::Bool(false)),
    }
}

impl Model {
    /// Reads the `$defs` of a generator.
    pub fn new(defs: &Map<String, Value>) -> Model {
        let defs = defs
            .iter()
            .map(|(name, schema)| {
                let doc = schema.as_object().map(doc_of).unwrap_or_default();
                let def = match ty(schema) {
                    Ty::Object(o) => Def::Object(o),
                    t => Def::Alias { doc, ty: t },
                };
                (name.clone(), def)
            })
            .collect();
        Model { defs }
    }

    /// Names of the definitions `t` reaches (itself included when it is a reference).
    pub fn reach(&self, t: &Ty, out: &mut BTreeSet<String>) {
        match t {
            Ty::Ref(n) if out.insert(n.clone()) => match self.defs.get(n) {
                Some(Def::Object(o)) => o.fields.iter().for_each(|f| self.reach(&f.ty, out)),
                Some(Def::Alias { ty, .. }) => self.reach(ty, out),
                None => {}
            },
            Ty::List(t) | Ty::Map(t) => self.reach(t, out),
            Ty::Union(ts) => ts.iter().for_each(|t| self.reach(t, out)),
            Ty::Object(o) => o.fields.iter().for_each(|f| self.reach(&f.ty, out)),
            _ => {}
        }
    }

    /// Whether an input and an output reading of `t` differ (it reaches instants, local
    /// times or durations, which inputs accept in more forms than outputs give).
    pub fn differs(&self, t: &Ty, seen: &mut BTreeSet<String>) -> bool {
        match t {
            Ty::Instant | Ty::Local | Ty::Duration => true,
            Ty::Ref(n) => {
                if !seen.insert(n.clone()) {
                    return false;
                }
                match self.defs.get(n) {
                    Some(Def::Object(o)) => o.fields.iter().any(|f| self.differs(&f.ty, seen)),
                    Some(Def::Alias { ty, .. }) => self.differs(ty, seen),
                    None => false,
                }
            }
            Ty::List(t) | Ty::Map(t) => self.differs(t, seen),
            Ty::Union(ts) => ts.iter().any(|t| self.differs(t, seen)),
            Ty::Object(o) => o.fields.iter().any(|f| self.differs(&f.ty, seen)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustdoc_links_lose_their_targets() {
        assert_eq!(
            clean_doc("see [`replay`](super::replay) and [x](y) [not a link]"),
            "see `replay` and x [not a link]"
        );
    }

    #[test]
    fn option_of_ref_is_a_union_with_null() {
        let t = ty(&serde_json::json!({"anyOf": [{"$ref": "#/$defs/A"}, {"type": "null"}]}));
        assert_eq!(t, Ty::Union(vec![Ty::Ref("A".into()), Ty::Null]));
        let t = ty(&serde_json::json!({"type": ["string", "null"], "format": "date-time"}));
        assert_eq!(t, Ty::Union(vec![Ty::Instant, Ty::Null]));
    }
}
