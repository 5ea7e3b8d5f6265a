//! Label sets and their fingerprints, as Prometheus and Alertmanager define them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::clip;
use super::limits::{MAX_LABELS, MAX_LABEL_NAME_BYTES, MAX_LABEL_VALUE_BYTES};
use super::AlertError;

/// Up to this many labels, [`Labels::get`] scans instead of searching the tree.
const SCAN_LABELS: usize = 16;

/// A set of labels: name → value, sorted by name.
///
/// Label names follow Prometheus (`[a-zA-Z_][a-zA-Z0-9_]*`); a label with an empty value is the
/// same as no label at all (Alertmanager drops them on arrival), so empty values are removed.
/// Sizes are bounded by [`MAX_LABELS`], [`MAX_LABEL_NAME_BYTES`] and [`MAX_LABEL_VALUE_BYTES`].
///
/// ```
/// use watchstander::alert::Labels;
/// let l = Labels::from_pairs([("alertname", "HighLatency"), ("service", "api")])?;
/// assert_eq!(l.get("service"), Some("api"));
/// // The same fingerprint as Alertmanager's `model.LabelSet.Fingerprint()`.
/// assert_eq!(Labels::default().fingerprint().to_string(), "cbf29ce484222325");
/// assert_eq!(l.to_string(), r#"{alertname="HighLatency", service="api"}"#);
/// # Ok::<(), watchstander::alert::AlertError>(())
/// ```
///
/// Cloning a label set shares it (into a notification, a group, a flap history: a reference
/// count, not a copy of every name and value); changing a shared set copies it first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Labels(Arc<BTreeMap<String, String>>);

impl Labels {
    /// Builds a label set, checking names and sizes.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Labels, AlertError> {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            let (k, v) = (k.into(), v.into());
            if !v.is_empty() {
                map.insert(k, v);
            }
            if map.len() > MAX_LABELS {
                return Err(AlertError::too_large("labels", map.len(), MAX_LABELS));
            }
        }
        Labels::from_map(map)
    }

    /// Checks a map and wraps it.
    pub fn from_map(mut map: BTreeMap<String, String>) -> Result<Labels, AlertError> {
        map.retain(|_, v| !v.is_empty());
        if map.len() > MAX_LABELS {
            return Err(AlertError::too_large("labels", map.len(), MAX_LABELS));
        }
        for (k, v) in &map {
            check_name(k)?;
            if v.len() > MAX_LABEL_VALUE_BYTES {
                return Err(AlertError::too_large(
                    format!("value of label {:?}", clip(k, 100)),
                    v.len(),
                    MAX_LABEL_VALUE_BYTES,
                ));
            }
        }
        Ok(Labels(Arc::new(map)))
    }

    /// The value of a label, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        // A label set is usually small: scanning it and comparing lengths first costs less
        // than the tree search, which compares whole names all the way down.
        if self.0.len() <= SCAN_LABELS {
            return self
                .0
                .iter()
                .find(|(k, _)| k.len() == name.len() && k.as_bytes() == name.as_bytes())
                .map(|(_, v)| v.as_str());
        }
        self.0.get(name).map(String::as_str)
    }

    /// The value of a label, or `""` when absent (Alertmanager's reading).
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// Sets a label after checking it; an empty value removes the label.
    pub fn insert(&mut self, name: &str, value: &str) -> Result<(), AlertError> {
        check_name(name)?;
        if value.len() > MAX_LABEL_VALUE_BYTES {
            return Err(AlertError::too_large(
                format!("value of label {:?}", clip(name, 100)),
                value.len(),
                MAX_LABEL_VALUE_BYTES,
            ));
        }
        if value.is_empty() {
            Arc::make_mut(&mut self.0).remove(name);
        } else {
            if !self.0.contains_key(name) && self.0.len() >= MAX_LABELS {
                return Err(AlertError::too_large(
                    "labels",
                    self.0.len() + 1,
                    MAX_LABELS,
                ));
            }
            Arc::make_mut(&mut self.0).insert(name.to_string(), value.to_string());
        }
        Ok(())
    }

    /// The labels in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many labels.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The labels as a map.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// The labels whose names are in `names` (absent labels are left out, as Alertmanager does
    /// when it builds a group's labels).
    pub fn subset<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Labels {
        let mut out = BTreeMap::new();
        for n in names {
            if let Some((k, v)) = self.0.get_key_value(n) {
                out.insert(k.clone(), v.clone());
            }
        }
        Labels(Arc::new(out))
    }

    /// Alertmanager's fingerprint: 64-bit FNV-1a over the sorted names and values, each followed
    /// by the byte `0xff`.
    pub fn fingerprint(&self) -> Fingerprint {
        let mut h = Fnv::new();
        for (k, v) in self.0.iter() {
            h.write(k.as_bytes());
            h.byte(0xff);
            h.write(v.as_bytes());
            h.byte(0xff);
        }
        Fingerprint(h.0)
    }

    /// [`fingerprint`](Self::fingerprint), also recording in `prefixes` the hash of every
    /// prefix of the set: `prefixes[k]` is the fingerprint of its first `k` labels.
    pub(crate) fn fingerprint_prefixes(&self, prefixes: &mut Vec<u64>) -> Fingerprint {
        prefixes.clear();
        let mut h = Fnv::new();
        prefixes.push(h.0);
        for (k, v) in self.0.iter() {
            h.write(k.as_bytes());
            h.byte(0xff);
            h.write(v.as_bytes());
            h.byte(0xff);
            prefixes.push(h.0);
        }
        Fingerprint(h.0)
    }

    /// When the labels named by `names` (sorted, no duplicates) that the set has are exactly
    /// its first `k` labels, `k`: their fingerprint is then the hash of that prefix (a
    /// `group_by` of `alertname` and friends usually is one).
    pub(crate) fn subset_is_prefix(&self, names: &[String]) -> Option<usize> {
        let mut keys = self.0.keys().peekable();
        let mut k = 0;
        for (j, n) in names.iter().enumerate() {
            match keys.peek() {
                Some(key) if *key == n => {
                    k += 1;
                    keys.next();
                }
                // Sorts between the previous label and the next one: absent.
                Some(key) if n < *key => {}
                // The prefix ended: the remaining names must all be absent.
                _ => {
                    let rest = names.get(j..).unwrap_or_default();
                    return rest.iter().all(|n| self.get(n).is_none()).then_some(k);
                }
            }
        }
        Some(k)
    }

    /// The fingerprint of the sub-set named by `names` (which must be sorted and free of
    /// duplicates), computed without building the sub-set.
    pub(crate) fn subset_fingerprint(&self, names: &[String]) -> Fingerprint {
        let mut h = Fnv::new();
        for n in names {
            if let Some(v) = self.get(n) {
                h.write(n.as_bytes());
                h.byte(0xff);
                h.write(v.as_bytes());
                h.byte(0xff);
            }
        }
        Fingerprint(h.0)
    }

    /// The labels that `self` and `other` share with equal values.
    pub fn common(&self, other: &Labels) -> Labels {
        if Arc::ptr_eq(&self.0, &other.0) {
            return self.clone();
        }
        Labels(Arc::new(
            self.0
                .iter()
                .filter(|(k, v)| other.get(k) == Some(v.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ))
    }
}

/// `{name="value", …}`, sorted by name: Prometheus' `LabelSet.String()`, which Alertmanager uses
/// in group keys.
impl fmt::Display for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}={}", go_quote(v))?;
        }
        f.write_str("}")
    }
}

/// A string quoted the way Go's `%q` quotes printable text.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Labels, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(d)?;
        Labels::from_map(map).map_err(crate::error::de_error)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Labels {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Labels".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "Labels: name → value. Names match [a-zA-Z_][a-zA-Z0-9_]*; empty values are dropped.",
            "propertyNames": { "pattern": "^[a-zA-Z_][a-zA-Z0-9_]*$" },
            "additionalProperties": { "type": "string" }
        })
    }
}

/// Checks a Prometheus label name.
pub(crate) fn check_name(name: &str) -> Result<(), AlertError> {
    if name.len() > MAX_LABEL_NAME_BYTES {
        return Err(AlertError::too_large(
            "label name",
            name.len(),
            MAX_LABEL_NAME_BYTES,
        ));
    }
    if is_label_name(name) {
        Ok(())
    } else {
        Err(AlertError::InvalidLabelName {
            name: clip(name, 200),
        })
    }
}

/// Whether `name` is a Prometheus label name.
pub(crate) fn is_label_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A label name made valid: invalid characters become `_`, and a leading digit gets a `_`
/// in front (used when a source's tag keys are turned into labels).
pub(crate) fn sanitize_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .take(MAX_LABEL_NAME_BYTES - 1)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// An alert's identity: Alertmanager's 64-bit label fingerprint, written as 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Fingerprint(pub u64);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fingerprint, D::Error> {
        let s = String::deserialize(d)?;
        Fingerprint::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid fingerprint {:?}: 1 to 16 hexadecimal digits",
                clip(&s, 40)
            ))
        })
    }
}

impl Fingerprint {
    /// Parses 1–16 hex digits.
    pub fn parse(s: &str) -> Option<Fingerprint> {
        if s.is_empty() || s.len() > 16 {
            return None;
        }
        u64::from_str_radix(s, 16).ok().map(Fingerprint)
    }

    /// A fingerprint for an alert identified by a dedup key in a scope (a service), so that the
    /// same key from two services names two alerts.
    pub fn of_dedup_key(scope: &str, key: &str) -> Fingerprint {
        let mut h = Fnv::new();
        h.write(b"dedup_key");
        h.byte(0xff);
        h.write(scope.as_bytes());
        h.byte(0xff);
        h.write(key.as_bytes());
        h.byte(0xff);
        Fingerprint(h.0)
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    Fingerprint,
    "Fingerprint",
    "An alert's fingerprint: Alertmanager's 64-bit FNV-1a hash of its labels, as 16 hex digits",
    pattern = "^[0-9a-f]{1,16}$"
);

/// 64-bit FNV-1a, as Prometheus' `model.hashNew`/`hashAdd`.
pub(crate) struct Fnv(pub(crate) u64);

impl Fnv {
    const OFFSET: u64 = 14_695_981_039_346_656_037;
    const PRIME: u64 = 1_099_511_628_211;

    pub(crate) fn new() -> Fnv {
        Fnv(Self::OFFSET)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.byte(*b);
        }
    }

    pub(crate) fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(Self::PRIME);
    }
}

/// A hasher for maps keyed by fingerprints, which are already well-mixed hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct FpHasher(u64);

impl std::hash::Hasher for FpHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A `HashMap` keyed by fingerprints, hashed as they are (they are hashes already).
pub(crate) type FpMap<V> =
    std::collections::HashMap<Fingerprint, V, std::hash::BuildHasherDefault<FpHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix shortcut gives the sub-set fingerprint whenever it applies, over every
    /// choice of `group_by` names from a pool, against label sets with some of them missing.
    #[test]
    fn prefix_hashes_agree_with_subset_fingerprints() {
        let pool = ["a", "alertname", "b", "cluster", "env", "job", "zone"];
        let sets = [
            vec![("alertname", "X"), ("cluster", "c1"), ("job", "j")],
            vec![("a", "1"), ("alertname", "X"), ("zone", "z")],
            vec![("cluster", "c1"), ("env", "prod")],
            vec![],
        ];
        let mut prefixes = Vec::new();
        let mut applied = 0;
        for set in &sets {
            let labels = Labels::from_pairs(set.iter().copied()).unwrap();
            assert_eq!(
                labels.fingerprint_prefixes(&mut prefixes),
                labels.fingerprint()
            );
            for mask in 0u32..(1 << pool.len()) {
                let names: Vec<String> = pool
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, n)| n.to_string())
                    .collect();
                if let Some(k) = labels.subset_is_prefix(&names) {
                    applied += 1;
                    assert_eq!(
                        Fingerprint(prefixes[k]),
                        labels.subset_fingerprint(&names),
                        "{labels} by {names:?}"
                    );
                }
            }
        }
        assert!(applied > 100, "the shortcut applied only {applied} times");
    }
}
