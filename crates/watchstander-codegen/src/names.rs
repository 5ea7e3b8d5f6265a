//! Which definitions each direction uses, and what each language calls them.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Def, Model, Ty};

/// Whether a type is read as an input (what a caller passes) or an output (what they get).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dir {
    In,
    Out,
}

/// The names of every definition in each direction it is used in.
pub struct Names {
    /// Definitions reached from inputs and from outputs.
    pub used: BTreeMap<Dir, BTreeSet<String>>,
    /// Definitions used in both directions whose readings differ: their output flavour is
    /// named `<Name>Out` (the plain name is the document people write).
    pub split: BTreeSet<String>,
}

impl Names {
    /// `inputs` are read with the deserialisation schemas (`model_in`), `outputs` with the
    /// serialisation ones (`model_out`: every field an output always has is required).
    pub fn new(model_in: &Model, model_out: &Model, inputs: &[Ty], outputs: &[Ty]) -> Names {
        let mut used = BTreeMap::new();
        for (dir, model, roots) in [(Dir::In, model_in, inputs), (Dir::Out, model_out, outputs)] {
            let mut set = BTreeSet::new();
            for t in roots {
                model.reach(t, &mut set);
            }
            used.insert(dir, set);
        }
        let both: Vec<String> = used[&Dir::In]
            .intersection(&used[&Dir::Out])
            .cloned()
            .collect();
        let mut split: BTreeSet<String> = both
            .iter()
            .filter(|n| {
                model_in.defs.get(*n) != model_out.defs.get(*n)
                    || model_in.differs(&Ty::Ref((*n).clone()), &mut BTreeSet::new())
            })
            .cloned()
            .collect();
        // A definition that refers to a split one is split too.
        loop {
            let before = split.len();
            for n in &both {
                if split.contains(n) {
                    continue;
                }
                let mut reached = BTreeSet::new();
                model_in.reach(&Ty::Ref(n.clone()), &mut reached);
                reached.remove(n);
                if reached.iter().any(|r| split.contains(r)) {
                    split.insert(n.clone());
                }
            }
            if split.len() == before {
                break;
            }
        }
        Names { used, split }
    }

    /// The name of definition `def` read in direction `dir`.
    pub fn name(&self, def: &str, dir: Dir) -> String {
        if dir == Dir::Out && self.split.contains(def) {
            format!("{def}Out")
        } else {
            def.to_string()
        }
    }

    /// Every `(definition, direction)` to print, in a stable order: a definition whose readings
    /// differ is printed twice (`Name` and `NameIn`), any other once.
    pub fn to_print(&self) -> Vec<(String, Dir)> {
        let all: BTreeSet<&String> = self.used.values().flatten().collect();
        let mut out = Vec::new();
        for def in all {
            let in_out = self.used[&Dir::Out].contains(def);
            if self.split.contains(def) {
                out.push((def.clone(), Dir::Out));
                out.push((def.clone(), Dir::In));
            } else if in_out {
                out.push((def.clone(), Dir::Out));
            } else {
                out.push((def.clone(), Dir::In));
            }
        }
        out
    }
}

/// `snake_case` → `PascalCase`.
pub fn pascal(s: &str) -> String {
    s.split(['_', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `snake_case` → `camelCase`.
pub fn camel(s: &str) -> String {
    let p = pascal(s);
    let mut c = p.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The name of variant `i` of tagged union `def`: from its tag's value when it has one.
pub fn variant_name(def: &str, obj: &crate::ir::Object, i: usize) -> String {
    let tag = obj
        .fields
        .iter()
        .find_map(|f| match (&f.ty, f.name.as_str()) {
            (Ty::Lit(v), "kind" | "type" | "status" | "source") if v.len() == 1 => {
                Some(v[0].clone())
            }
            _ => None,
        });
    match tag {
        Some(t) => format!("{def}{}", pascal(&t)),
        None => format!("{def}{}", i + 1),
    }
}

/// The inline objects of a definition, with their names.
pub fn variants(def: &str, d: &Def) -> Vec<(String, crate::ir::Object)> {
    let mut out = Vec::new();
    if let Def::Alias { ty, .. } = d {
        let alts: Vec<&Ty> = match ty {
            Ty::Union(ts) => ts.iter().collect(),
            t => vec![t],
        };
        let mut i = 0;
        for t in alts {
            if let Ty::Object(o) = t {
                out.push((variant_name(def, o, i), o.clone()));
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(pascal("resolve_local"), "ResolveLocal");
        assert_eq!(camel("oncall_many"), "oncallMany");
        assert_eq!(pascal("end_of_gap"), "EndOfGap");
    }
}
