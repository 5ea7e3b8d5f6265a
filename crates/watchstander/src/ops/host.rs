//! The fast parse of a binding's input: the host language's own values (a Python dict, a JS
//! object) read straight into an operation's typed input, with no `erased_serde` boxes and no
//! path tracking.
//!
//! A binding describes its values through [`HostValue`] — what a value is ([`Shape`]), and a
//! walk over its items or entries — and the core's [`HostDeserializer`], compiled for each
//! operation's input type, does the rest. The fast parse takes only plain JSON-like values:
//! null, booleans, integers, finite numbers, strings, lists, string-keyed mappings, and the
//! values a binding reads as text (Python's `datetime`s, numbers where an instant is wanted).
//! Anything else ([`Shape::Other`]: a numpy array, a `Date`, ...), anything the target type
//! refuses and any nesting deeper than [`MAX_DEPTH`](super::MAX_DEPTH) makes it give up, and the
//! input is parsed again by the binding's full serde deserializer (see [`super::Reread`]).
//!
//! So the rule that keeps results identical: for every value it takes, the fast parse makes
//! the same `visit_*` call the binding's own deserializer makes (the host reports integers as
//! the binding does, mapping entries whose value is null/`undefined` are skipped as the
//! binding skips them, keys are `&str`, numbers where an instant is wanted and date-time
//! objects become the text the binding makes of them), and where the binding's deserializer
//! refuses something (a leap second, a naive `datetime` where an instant is wanted), the fast
//! parse gives up instead. Giving up is always safe: it only costs the second parse.

use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};

/// What a host value is, as the fast parse sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape<'a> {
    /// `None` / `null` / `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits `i64` (what the binding visits as `i64`).
    I64(i64),
    /// An integer above `i64::MAX` that fits `u64`.
    U64(u64),
    /// A finite number that the binding visits as `f64`.
    F64(f64),
    /// Text.
    Str(&'a str),
    /// A date, time, date-time or duration object (Python's `datetime`, `date`, `time`,
    /// `timedelta`): read as the text [`HostValue::text`] gives.
    Temporal,
    /// A list: walked with [`HostValue::seq`].
    Seq,
    /// A mapping with string keys: walked with [`HostValue::map`].
    Map,
    /// Anything else: the fast parse gives up.
    Other,
}

/// The fast parse gave up: the input is parsed again by the binding's full deserializer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp;

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the fast parse gave up")
    }
}

impl std::error::Error for GaveUp {}

impl de::Error for GaveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GaveUp
    }
}

/// What a visitor asks for, from its `expecting` text: chrono's instant and local date-time
/// visitors are the ones for which the bindings read numbers and date-time objects as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wants {
    /// An instant (`DateTime<Utc>`, RFC 3339 with an offset).
    Instant,
    /// A local date-time (`NaiveDateTime`, no offset).
    Local,
    /// Anything else.
    Other,
}

/// chrono's `expecting` text for `DateTime`.
const INSTANT: &str = "an RFC 3339 formatted date and time string";
/// chrono's `expecting` text for `NaiveDateTime`.
const LOCAL: &str = "a formatted date and time string";

/// What `visitor` asks for (see [`Wants`]), without allocating: its `expecting` text is
/// compared piece by piece as it is written.
pub fn wants<'de, V: Visitor<'de>>(visitor: &V) -> Wants {
    struct Expecting<'v, V>(&'v V);
    impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.expecting(f)
        }
    }
    /// Which of the two texts the written pieces still match.
    struct Compare {
        at: usize,
        instant: bool,
        local: bool,
    }
    impl fmt::Write for Compare {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let end = self.at + s.len();
            self.instant &= INSTANT.get(self.at..end) == Some(s);
            self.local &= LOCAL.get(self.at..end) == Some(s);
            self.at = end;
            if self.instant || self.local {
                Ok(())
            } else {
                Err(fmt::Error)
            }
        }
    }
    let mut c = Compare {
        at: 0,
        instant: true,
        local: true,
    };
    if fmt::write(&mut c, format_args!("{}", Expecting(visitor))).is_err() {
        return Wants::Other;
    }
    if c.instant && c.at == INSTANT.len() {
        Wants::Instant
    } else if c.local && c.at == LOCAL.len() {
        Wants::Local
    } else {
        Wants::Other
    }
}

/// A value of the host language, as the fast parse reads it. Implemented by the bindings.
pub trait HostValue {
    /// What the value is.
    fn shape(&mut self) -> Shape<'_>;
    /// The text the binding reads the value as where `wants` is asked for: for a number
    /// where an instant is wanted (Unix seconds in Python, epoch milliseconds in Node) and for
    /// a [`Shape::Temporal`] value. Gives up where the binding refuses the value.
    fn text(&mut self, wants: Wants) -> Result<String, GaveUp>;
    /// Calls `f` once with the list's items, if the value is a list ([`Shape::Seq`]).
    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), GaveUp>;
    /// Calls `f` once with the mapping's entries, if the value is a mapping ([`Shape::Map`]).
    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), GaveUp>;
    /// For an externally tagged enum: if the value is a mapping with exactly one entry
    /// (counting entries whose value is null, as the bindings do here), calls `f` with its key
    /// and value and returns `true`; returns `false` for anything else.
    fn single_entry(&mut self, f: &mut dyn FnMut(&str, &mut dyn HostValue))
        -> Result<bool, GaveUp>;
}

/// The items of a host list.
pub trait HostSeq {
    /// How many items are left.
    fn remaining(&self) -> usize;
    /// Calls `f` with the next item and returns `true`, or returns `false` at the end.
    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, GaveUp>;
}

/// The entries of a host mapping, without those whose value is null / `undefined`.
pub trait HostMap {
    /// At most how many entries are left.
    fn remaining(&self) -> usize;
    /// The next entry's key, or `None` at the end (a key that is not a string gives up).
    fn next_key(&mut self) -> Result<Option<&str>, GaveUp>;
    /// Calls `f` with the value of the entry whose key [`next_key`](Self::next_key) gave.
    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), GaveUp>;
}

/// Reads a [`HostValue`] into any `Deserialize` type (see the [module docs](self)).
pub struct HostDeserializer<'h> {
    value: &'h mut dyn HostValue,
    depth: usize,
}

impl<'h> HostDeserializer<'h> {
    /// A deserializer over a whole input.
    pub fn new(value: &'h mut dyn HostValue) -> Self {
        HostDeserializer { value, depth: 0 }
    }
}

/// The depth of a child of a value at `depth`, as the bindings count it.
fn child_depth(depth: usize) -> Result<usize, GaveUp> {
    if depth >= super::MAX_DEPTH {
        Err(GaveUp)
    } else {
        Ok(depth + 1)
    }
}

/// Runs `visit` with the `HostValue` that `walk` hands over, and returns its result.
fn with_child<R>(
    walk: impl FnOnce(&mut dyn FnMut(&mut dyn HostValue)) -> Result<(), GaveUp>,
    visit: impl FnOnce(&mut dyn HostValue) -> Result<R, GaveUp>,
) -> Result<R, GaveUp> {
    let mut visit = Some(visit);
    let mut out = None;
    walk(&mut |v: &mut dyn HostValue| {
        if let Some(visit) = visit.take() {
            out = Some(visit(v));
        }
    })?;
    out.unwrap_or(Err(GaveUp))
}

impl<'de> Deserializer<'de> for HostDeserializer<'_> {
    type Error = GaveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        let depth = self.depth;
        match self.value.shape() {
            Shape::Null => visitor.visit_unit(),
            Shape::Bool(b) => visitor.visit_bool(b),
            Shape::I64(_) | Shape::F64(_) if wants(&visitor) == Wants::Instant => {
                visitor.visit_string(self.value.text(Wants::Instant)?)
            }
            Shape::I64(v) => visitor.visit_i64(v),
            Shape::U64(v) => visitor.visit_u64(v),
            Shape::F64(v) if v.is_finite() => visitor.visit_f64(v),
            // Checked as the bindings' deserializers check a string (a leap second or an
            // instant outside the supported years, where an instant is wanted, is refused);
            // a refusal is left to them, for the error.
            Shape::Str(s) => {
                if crate::time::is_leap_second_text(s) && wants(&visitor) == Wants::Instant {
                    return Err(GaveUp);
                }
                crate::time::check_instant_text::<GaveUp>(s, &visitor)?;
                visitor.visit_str(s)
            }
            Shape::Temporal => {
                let wanted = wants(&visitor);
                visitor.visit_string(self.value.text(wanted)?)
            }
            Shape::Seq => {
                let depth = child_depth(depth)?;
                let mut visitor = Some(visitor);
                let mut out = None;
                self.value.seq(&mut |seq: &mut dyn HostSeq| {
                    if let Some(v) = visitor.take() {
                        out = Some(v.visit_seq(SeqAccess { seq, depth }));
                    }
                })?;
                out.unwrap_or(Err(GaveUp))
            }
            Shape::Map => {
                let depth = child_depth(depth)?;
                let mut visitor = Some(visitor);
                let mut out = None;
                self.value.map(&mut |map: &mut dyn HostMap| {
                    if let Some(v) = visitor.take() {
                        out = Some(v.visit_map(MapAccess { map, depth }));
                    }
                })?;
                out.unwrap_or(Err(GaveUp))
            }
            Shape::F64(_) | Shape::Other => Err(GaveUp),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        if self.value.shape() == Shape::Null {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        if let Shape::Str(s) = self.value.shape() {
            return visitor.visit_enum(IntoDeserializer::<GaveUp>::into_deserializer(s));
        }
        if self.value.shape() == Shape::Map {
            let depth = child_depth(self.depth)?;
            let mut visitor = Some(visitor);
            let mut out = None;
            let single = self.value.single_entry(&mut |key, value| {
                if let Some(v) = visitor.take() {
                    out = Some(v.visit_enum(EnumAccess {
                        key,
                        value: HostDeserializer { value, depth },
                    }));
                }
            })?;
            if single {
                return out.unwrap_or(Err(GaveUp));
            }
            return match visitor {
                Some(v) => self.deserialize_any(v),
                None => Err(GaveUp),
            };
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

struct SeqAccess<'s> {
    seq: &'s mut dyn HostSeq,
    depth: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = GaveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GaveUp> {
        let depth = self.depth;
        let mut seed = Some(seed);
        let mut out = None;
        let more = self.seq.next(&mut |value: &mut dyn HostValue| {
            if let Some(s) = seed.take() {
                out = Some(s.deserialize(HostDeserializer { value, depth }));
            }
        })?;
        if !more {
            return Ok(None);
        }
        out.unwrap_or(Err(GaveUp)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.seq.remaining())
    }
}

struct MapAccess<'m> {
    map: &'m mut dyn HostMap,
    depth: usize,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = GaveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GaveUp> {
        match self.map.next_key()? {
            Some(key) => seed
                .deserialize(IntoDeserializer::<GaveUp>::into_deserializer(key))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GaveUp> {
        let depth = self.depth;
        with_child(
            |f| self.map.value(f),
            |value| seed.deserialize(HostDeserializer { value, depth }),
        )
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.map.remaining())
    }
}

struct EnumAccess<'k, 'h> {
    key: &'k str,
    value: HostDeserializer<'h>,
}

impl<'de, 'k, 'h> de::EnumAccess<'de> for EnumAccess<'k, 'h> {
    type Error = GaveUp;
    type Variant = HostDeserializer<'h>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, HostDeserializer<'h>), GaveUp> {
        let key: StrDeserializer<'_, GaveUp> = self.key.into_deserializer();
        let v = seed.deserialize(key)?;
        Ok((v, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for HostDeserializer<'_> {
    type Error = GaveUp;

    fn unit_variant(self) -> Result<(), GaveUp> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, GaveUp> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, GaveUp> {
        self.deserialize_any(visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        self.deserialize_any(visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `Wants` of the visitor `T::deserialize` hands to the deserializer.
    fn wanted_by<T: for<'de> serde::Deserialize<'de>>() -> Wants {
        struct Probe(Option<Wants>);
        impl<'de> Deserializer<'de> for &mut Probe {
            type Error = GaveUp;
            fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GaveUp> {
                self.0 = Some(wants(&v));
                Err(GaveUp)
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
                struct enum identifier ignored_any
            }
        }
        let mut p = Probe(None);
        let _ = T::deserialize(&mut p);
        p.0.unwrap_or(Wants::Other)
    }

    #[test]
    fn chrono_visitors_are_recognised_without_allocating() {
        assert_eq!(wanted_by::<chrono::DateTime<chrono::Utc>>(), Wants::Instant);
        assert_eq!(wanted_by::<chrono::NaiveDateTime>(), Wants::Local);
        assert_eq!(wanted_by::<i64>(), Wants::Other);
        assert_eq!(wanted_by::<String>(), Wants::Other);
        assert_eq!(wanted_by::<chrono::NaiveDate>(), Wants::Other);
        // A text that only starts like chrono's is not chrono's.
        struct Longer;
        impl<'de> Visitor<'de> for Longer {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{INSTANT}, or a number")
            }
        }
        assert_eq!(wants(&Longer), Wants::Other);
        struct Pieces;
        impl<'de> Visitor<'de> for Pieces {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a formatted ")?;
                f.write_str("date and time string")
            }
        }
        assert_eq!(wants(&Pieces), Wants::Local);
    }
}
