//! Label sets and their fingerprints, as Prometheus and Alertmanager define them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::clip;
use super::limits::{MAX_LABELS, MAX_LABEL_NAME_BYTES, MAX_LABEL_VALUE_BYTES};
use super::AlertError;

/// Up to this many labels, [`Labels::get`] scans instead of searching by name.
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
/// count, not a copy of every name and value); changing a shared set copies it first. A set
/// is stored packed — its names and values in one string, in name order, with their end
/// offsets in one list —, so making, reading and dropping one costs three allocations at
/// most, however many labels it has.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Labels(Arc<Packed>);

/// The names and values of a label set, packed.
#[derive(Default, PartialEq, Eq, Hash)]
struct Packed {
    /// Every name and value, concatenated in name order: name₀ value₀ name₁ value₁ ….
    text: Box<str>,
    /// Where each piece ends in `text`: `ends[2i]` is the end of name `i`, `ends[2i + 1]`
    /// the end of its value (so name `i` starts where value `i − 1` ends).
    ends: Box<[u32]>,
}

impl Packed {
    /// Packs `pairs`, which must be sorted by name, with distinct names and non-empty values
    /// (their total length is bounded by the limits, far below `u32::MAX`).
    fn pack<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Packed {
        let (mut bytes, mut n) = (0, 0);
        for (k, v) in pairs.clone() {
            bytes += k.len() + v.len();
            n += 1;
        }
        let mut text = String::with_capacity(bytes);
        let mut ends = Vec::with_capacity(2 * n);
        for (k, v) in pairs {
            text.push_str(k);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            text.push_str(v);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Packed {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    fn len(&self) -> usize {
        self.ends.len() / 2
    }

    /// The name and value of label `i`.
    fn pair(&self, i: usize) -> Option<(&str, &str)> {
        let start = match i.checked_sub(1) {
            Some(prev) => *self.ends.get(2 * prev + 1)? as usize,
            None => 0,
        };
        let name_end = *self.ends.get(2 * i)? as usize;
        let value_end = *self.ends.get(2 * i + 1)? as usize;
        Some((
            self.text.get(start..name_end)?,
            self.text.get(name_end..value_end)?,
        ))
    }
}

/// The labels of a set in name order (see [`Labels::iter`]).
#[derive(Clone)]
struct Pairs<'a> {
    text: &'a str,
    ends: std::slice::ChunksExact<'a, u32>,
    start: usize,
}

impl<'a> Iterator for Pairs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let &[name_end, value_end] = self.ends.next()? else {
            return None;
        };
        let (name_end, value_end) = (name_end as usize, value_end as usize);
        let pair = (
            self.text.get(self.start..name_end)?,
            self.text.get(name_end..value_end)?,
        );
        self.start = value_end;
        Some(pair)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
    }
}

impl ExactSizeIterator for Pairs<'_> {}

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

    /// Checks a map and builds the label set.
    pub fn from_map(map: BTreeMap<String, String>) -> Result<Labels, AlertError> {
        let kept = || map.iter().filter(|(_, v)| !v.is_empty());
        let count = kept().count();
        if count > MAX_LABELS {
            return Err(AlertError::too_large("labels", count, MAX_LABELS));
        }
        for (k, v) in kept() {
            check_name(k)?;
            if v.len() > MAX_LABEL_VALUE_BYTES {
                return Err(AlertError::too_large(
                    format!("value of label {:?}", clip(k, 100)),
                    v.len(),
                    MAX_LABEL_VALUE_BYTES,
                ));
            }
        }
        Ok(Labels::packed(
            kept().map(|(k, v)| (k.as_str(), v.as_str())),
        ))
    }

    /// Packs pairs that are sorted, distinct by name, checked and non-empty.
    fn packed<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Labels {
        Labels(Arc::new(Packed::pack(pairs)))
    }

    /// The value of a label, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        // A label set is usually small: scanning it, comparing lengths first, costs less than
        // a binary search.
        let set = &*self.0;
        if set.len() <= SCAN_LABELS {
            // Names compared as bytes, lengths first; only the value found is sliced as text.
            let bytes = set.text.as_bytes();
            let mut start = 0;
            for piece in set.ends.chunks_exact(2) {
                let &[name_end, value_end] = piece else {
                    break;
                };
                let (name_end, value_end) = (name_end as usize, value_end as usize);
                if name_end.wrapping_sub(start) == name.len()
                    && bytes.get(start..name_end) == Some(name.as_bytes())
                {
                    return set.text.get(name_end..value_end);
                }
                start = value_end;
            }
            return None;
        }
        let (mut lo, mut hi) = (0, set.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (k, v) = set.pair(mid)?;
            match k.cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(v),
            }
        }
        None
    }

    /// The value of a label, or `""` when absent (Alertmanager's reading).
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// Sets a label after checking it; an empty value removes the label. The set is packed
    /// again (a copy of its text), so build a set of many labels with
    /// [`from_pairs`](Self::from_pairs) or [`from_map`](Self::from_map), not label by label.
    pub fn insert(&mut self, name: &str, value: &str) -> Result<(), AlertError> {
        check_name(name)?;
        if value.len() > MAX_LABEL_VALUE_BYTES {
            return Err(AlertError::too_large(
                format!("value of label {:?}", clip(name, 100)),
                value.len(),
                MAX_LABEL_VALUE_BYTES,
            ));
        }
        let present = self.get(name).is_some();
        if !value.is_empty() && !present && self.len() >= MAX_LABELS {
            return Err(AlertError::too_large("labels", self.len() + 1, MAX_LABELS));
        }
        let mut pairs: Vec<(&str, &str)> = self.iter().filter(|(k, _)| *k != name).collect();
        if !value.is_empty() {
            let at = pairs.partition_point(|(k, _)| *k < name);
            pairs.insert(at, (name, value));
        }
        let packed = Labels::packed(pairs.iter().copied());
        *self = packed;
        Ok(())
    }

    /// The labels in name order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone {
        Pairs {
            text: &self.0.text,
            ends: self.0.ends.chunks_exact(2),
            start: 0,
        }
    }

    /// How many labels.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.ends.is_empty()
    }

    /// The labels as a map.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The labels whose names are in `names` (absent labels are left out, as Alertmanager does
    /// when it builds a group's labels).
    pub fn subset<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Labels {
        let mut picked: Vec<(&str, &str)> = names
            .into_iter()
            .filter_map(|n| self.get(n).map(|v| (n, v)))
            .collect();
        picked.sort_unstable_by(|a, b| a.0.cmp(b.0));
        picked.dedup_by(|a, b| a.0 == b.0);
        Labels::packed(picked.iter().copied())
    }

    /// Alertmanager's fingerprint: 64-bit FNV-1a over the sorted names and values, each followed
    /// by the byte `0xff`.
    pub fn fingerprint(&self) -> Fingerprint {
        let mut h = Fnv::new();
        for (k, v) in self.iter() {
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
        for (k, v) in self.iter() {
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
        let mut keys = self.iter().map(|(k, _)| k).peekable();
        let mut k = 0;
        for (j, n) in names.iter().enumerate() {
            match keys.peek() {
                Some(key) if *key == n => {
                    k += 1;
                    keys.next();
                }
                // Sorts between the previous label and the next one: absent.
                Some(key) if n.as_str() < *key => {}
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
        Labels::packed(self.iter().filter(|(k, v)| other.get(k) == Some(*v)))
    }
}

/// Label sets compare as their sorted (name, value) pairs do, pair by pair.
impl Ord for Labels {
    fn cmp(&self, other: &Labels) -> std::cmp::Ordering {
        self.iter().cmp(other.iter())
    }
}

impl PartialOrd for Labels {
    fn partial_cmp(&self, other: &Labels) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Map<'a>(&'a Labels);
        impl fmt::Debug for Map<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map().entries(self.0.iter()).finish()
            }
        }
        f.debug_tuple("Labels").field(&Map(self)).finish()
    }
}

/// `{name="value", …}`, sorted by name: Prometheus' `LabelSet.String()`, which Alertmanager uses
/// in group keys.
impl fmt::Display for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (k, v)) in self.iter().enumerate() {
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
        s.collect_map(self.iter())
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
    use proptest::prelude::*;

    /// A label map: a few names from a small pool (so sets share names and values), or many
    /// (so lookups search instead of scanning).
    fn label_map() -> impl Strategy<Value = BTreeMap<String, String>> {
        let name = prop_oneof![
            prop::sample::select(vec!["a", "alertname", "b", "job", "zone", "a_b"])
                .prop_map(str::to_string),
            "[a-z_][a-z0-9_]{0,6}",
        ];
        let value = prop_oneof![
            prop::sample::select(vec!["x", "y", "é", "a\"b"]).prop_map(str::to_string),
            "[ -~é]{1,8}",
        ];
        prop::collection::btree_map(name, value, 0..40)
    }

    /// The FNV-1a of Alertmanager, written out over the map.
    fn fnv_of(map: &BTreeMap<String, String>) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (k, v) in map {
            for b in k.bytes().chain([0xff]).chain(v.bytes()).chain([0xff]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        h
    }

    proptest! {
        /// The packed form reads exactly as the map it was made from: pairs in name order,
        /// lookups (scanned and searched), order, equality, fingerprint and serialisation.
        #[test]
        fn a_packed_set_reads_as_its_map(map in label_map(), other in label_map(), probe in "[a-z_]{1,6}") {
            let labels = Labels::from_map(map.clone()).unwrap();
            let pairs: Vec<(&str, &str)> = labels.iter().collect();
            let expected: Vec<(&str, &str)> = map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            prop_assert_eq!(&pairs, &expected);
            prop_assert_eq!(labels.len(), map.len());
            prop_assert_eq!(labels.is_empty(), map.is_empty());
            for (k, v) in &map {
                prop_assert_eq!(labels.get(k), Some(v.as_str()));
            }
            prop_assert_eq!(labels.get(&probe), map.get(&probe).map(String::as_str));
            prop_assert_eq!(labels.to_map(), map.clone());
            prop_assert_eq!(labels.fingerprint().0, fnv_of(&map));

            let theirs = Labels::from_map(other.clone()).unwrap();
            prop_assert_eq!(labels.cmp(&theirs), map.cmp(&other));
            prop_assert_eq!(labels == theirs, map == other);
            let common: BTreeMap<String, String> = map
                .iter()
                .filter(|(k, v)| other.get(*k) == Some(*v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            prop_assert_eq!(labels.common(&theirs).to_map(), common);
            let names: Vec<&str> = other.keys().map(String::as_str).chain([probe.as_str()]).collect();
            let subset: BTreeMap<String, String> = map
                .iter()
                .filter(|(k, _)| names.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            prop_assert_eq!(labels.subset(names.iter().copied()).to_map(), subset);

            let json = serde_json::to_string(&labels).unwrap();
            prop_assert_eq!(&json, &serde_json::to_string(&map).unwrap());
            prop_assert_eq!(serde_json::from_str::<Labels>(&json).unwrap(), labels);
        }

        /// Setting and removing labels one by one keeps the set equal to the map changed the
        /// same way (an empty value removes).
        #[test]
        fn insert_follows_the_map(map in label_map(), edits in prop::collection::vec(("[a-z_]{1,4}", prop_oneof![Just(String::new()), "[a-z]{1,3}"]), 1..20)) {
            let mut labels = Labels::from_map(map.clone()).unwrap();
            let original = map.clone();
            let mut model = map;
            let shared = labels.clone();
            for (k, v) in edits {
                labels.insert(&k, &v).unwrap();
                if v.is_empty() {
                    model.remove(&k);
                } else {
                    model.insert(k, v);
                }
                prop_assert_eq!(labels.to_map(), model.clone());
            }
            // A clone taken before the edits is not changed by them.
            prop_assert_eq!(shared.to_map(), original);
        }
    }

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
