//! The deserializer over [`HostValue`]s (see [`super::host`]).
//!
//! Each input type's parsing code is compiled against this one deserializer, so the code that
//! is generic over visitors stays thin: checks and path-keeping live in plain functions.
//!
//! Where an error is: a deserializer call that fails marks its error as placed at its value
//! (unless a deeper value did); on the way out, each list adds the index and each mapping the
//! key it was reading, and an enum the variant. An error that arises in a list or mapping
//! itself rather than in one of its values (a nesting too deep, a host that cannot read
//! the next item) is placed at the list or mapping. These are the points at which
//! `serde_path_to_error` records a path, so the two agree.

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Unexpected, Visitor};

use super::host::{wants, ColumnData, HostError, HostMap, HostSeq, HostValue, Shape, Wants};
use crate::error::{de_error, InputError};

/// Reads a [`HostValue`] into any `Deserialize` type (see [`super::host`]).
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

/// The refusal of a child of a value at `depth` that would be nested too deep.
fn too_deep(depth: usize) -> Result<usize, HostError> {
    if depth >= super::MAX_DEPTH {
        Err(de_error(InputError::TooDeep {
            limit: super::MAX_DEPTH,
        }))
    } else {
        Ok(depth + 1)
    }
}

fn not_finite(v: f64) -> HostError {
    de_error(InputError::UnsupportedValue {
        reason: format!("{v} is not a finite number"),
    })
}

/// A callback that runs `visit` once with the value `walk` hands it, and what it returned;
/// `missing` if the walk never called back.
fn with_child<R>(
    walk: impl FnOnce(&mut dyn FnMut(&mut dyn HostValue)) -> Result<(), HostError>,
    visit: impl FnOnce(&mut dyn HostValue) -> Result<R, HostError>,
) -> Result<R, HostError> {
    let mut visit = Some(visit);
    let mut out = None;
    walk(&mut |v: &mut dyn HostValue| {
        if let Some(visit) = visit.take() {
            out = Some(visit(v));
        }
    })?;
    out.unwrap_or_else(|| Err(de::Error::custom("the host gave no value")))
}

impl<'h> HostDeserializer<'h> {
    /// Reads the value as whatever it is. Not inlined: it is called from several places for
    /// each visitor type, and one copy per visitor is what keeps the libraries small.
    #[inline(never)]
    fn any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        match self.value.shape() {
            Shape::Null => visitor.visit_unit(),
            Shape::Bool(b) => visitor.visit_bool(b),
            Shape::F64(v) if !v.is_finite() => Err(not_finite(v)),
            // A number where an instant is wanted: the text the host reads it as, if any.
            Shape::I64(v) if wants(&visitor) == Wants::Instant => {
                match self.value.text(Wants::Instant)? {
                    Some(text) => visitor.visit_str(&text),
                    None => visitor.visit_i64(v),
                }
            }
            Shape::F64(v) if wants(&visitor) == Wants::Instant => {
                match self.value.text(Wants::Instant)? {
                    Some(text) => visitor.visit_str(&text),
                    None => visitor.visit_f64(v),
                }
            }
            Shape::I64(v) => visitor.visit_i64(v),
            Shape::U64(v) => visitor.visit_u64(v),
            Shape::F64(v) => visitor.visit_f64(v),
            Shape::Str(s) => {
                // `wants` formats the visitor's `expecting` text: only for a leap second.
                if crate::time::is_leap_second_text(s) && wants(&visitor) == Wants::Instant {
                    let text = s.to_string();
                    leap_second(self.value, &visitor, &text)?;
                    return visitor.visit_str(&text);
                }
                crate::time::check_instant_text::<HostError>(s, &visitor)?;
                visitor.visit_str(s)
            }
            Shape::Temporal => {
                let wanted = wants(&visitor);
                match self.value.text(wanted)? {
                    Some(text) => visitor.visit_str(&text),
                    None => Err(self.value.refusal()),
                }
            }
            Shape::Seq => self.seq_of(visitor),
            Shape::Map => self.map_of(visitor),
            Shape::Other => self.converted(visitor),
        }
    }

    /// A list given to the visitor; items left over are an error (as serde_json says).
    fn seq_of<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        let depth = self.depth;
        let mut visitor = Some(visitor);
        let mut out = None;
        self.value.seq(&mut |seq: &mut dyn HostSeq| {
            if let Some(v) = visitor.take() {
                let total = seq.remaining();
                let mut access = SeqAccess {
                    seq,
                    depth,
                    index: 0,
                };
                let result = v.visit_seq(&mut access);
                out = Some(match result {
                    Ok(_) if access.seq.remaining() > 0 => {
                        Err(de::Error::invalid_length(total, &"fewer elements in array"))
                    }
                    r => r,
                });
            }
        })?;
        out.unwrap_or_else(|| Err(de::Error::custom("the host gave no list")))
    }

    /// A mapping given to the visitor.
    fn map_of<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        let depth = self.depth;
        let mut visitor = Some(visitor);
        let mut out = None;
        self.value.map(&mut |map: &mut dyn HostMap| {
            if let Some(v) = visitor.take() {
                out = Some(v.visit_map(MapAccess { map, depth }));
            }
        })?;
        out.unwrap_or_else(|| Err(de::Error::custom("the host gave no mapping")))
    }

    /// For a visitor that takes only a list (a `Vec`'s, a column's): a list, a column's bytes,
    /// or the visitor's refusal of anything else — without compiling the visitor's other
    /// paths, which would only refuse.
    #[inline(never)]
    fn seq_only<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        match kind_of(self.value.shape()) {
            Kind::Seq => self.seq_of(visitor),
            Kind::Other if wants_column(&visitor) => self.column_or_seq(visitor),
            Kind::Other if convert(self.value)? => self.seq_only(visitor),
            _ => Err(unexpected(self.value, &visitor)),
        }
    }

    /// For a visitor that takes only a mapping (a struct's, a map's): a mapping, or the
    /// visitor's refusal of anything else (a struct given as a list included).
    #[inline(never)]
    fn map_only<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        match kind_of(self.value.shape()) {
            Kind::Map => self.map_of(visitor),
            Kind::Other if convert(self.value)? => self.map_only(visitor),
            _ => Err(unexpected(self.value, &visitor)),
        }
    }

    /// A column's bytes given to its visitor, if the host has them, else the list it converts
    /// to.
    #[cold]
    #[inline(never)]
    fn column_or_seq<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        let mut visitor = Some(visitor);
        let mut out = None;
        self.value.column(&mut |data| {
            if let Some(v) = visitor.take() {
                out = Some(match data {
                    ColumnData::Borrowed(b) => v.visit_bytes(b),
                    ColumnData::Owned(b) => v.visit_byte_buf(b),
                });
            }
        })?;
        match (out, visitor) {
            (Some(out), _) => out,
            (None, Some(v)) if convert(self.value)? => self.seq_only(v),
            _ => Err(self.value.refusal()),
        }
    }

    /// A [`Shape::Other`] value converted by the host and read again, or refused.
    fn converted<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        if convert(self.value)? {
            return self.any(visitor);
        }
        Err(self.value.refusal())
    }
}

/// A shape without its data.
#[derive(PartialEq)]
enum Kind {
    Seq,
    Map,
    Other,
    Scalar,
}

fn kind_of(shape: Shape<'_>) -> Kind {
    match shape {
        Shape::Seq => Kind::Seq,
        Shape::Map => Kind::Map,
        Shape::Other => Kind::Other,
        _ => Kind::Scalar,
    }
}

/// Whether the visitor is a column's (see [`crate::column`]).
fn wants_column(visitor: &dyn de::Expected) -> bool {
    visitor.to_string() == crate::column::EXPECTING
}

/// The refusal of a value by a visitor that takes only lists or only mappings: the message
/// its own `visit_*` default would give (serde's `invalid type: ..., expected ...`).
#[cold]
#[inline(never)]
fn unexpected(value: &mut dyn HostValue, expected: &dyn de::Expected) -> HostError {
    match value.shape() {
        Shape::F64(v) if !v.is_finite() => return not_finite(v),
        Shape::Other => return value.refusal(),
        shape => {
            if let Some(unexp) = shape.unexpected() {
                return de::Error::invalid_type(unexp, expected);
            }
        }
    }
    // A date-time object: named by the text the host reads it as.
    match value.text(Wants::Other) {
        Ok(Some(text)) => de::Error::invalid_type(Unexpected::Str(&text), expected),
        Ok(None) => value.refusal(),
        Err(e) => e,
    }
}

/// Converts a [`Shape::Other`] value in place; whether it now has another shape.
fn convert(value: &mut dyn HostValue) -> Result<bool, HostError> {
    Ok(value.convert()? && value.shape() != Shape::Other)
}

/// A leap second where an instant is wanted: the host's refusal, or the checks a visitor of
/// instants gets.
#[cold]
#[inline(never)]
fn leap_second(
    value: &mut dyn HostValue,
    expected: &dyn de::Expected,
    text: &str,
) -> Result<(), HostError> {
    if let Some(e) = value.leap_second(text) {
        return Err(e);
    }
    crate::time::check_instant_text::<HostError>(text, expected)
}

impl<'de> Deserializer<'de> for HostDeserializer<'_> {
    type Error = HostError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        self.any(visitor).map_err(HostError::placed)
    }

    /// Lists, and columns (see [`crate::column`]): a column's visitor asks for a sequence, and
    /// takes a host's array as one block of bytes instead.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        self.seq_only(visitor).map_err(HostError::placed)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        self.map_only(visitor).map_err(HostError::placed)
    }

    /// A struct is read from a mapping only (serde_json would also take a list of its fields
    /// in order, which no input here means).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, HostError> {
        self.map_only(visitor).map_err(HostError::placed)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        if self.value.shape() == Shape::Null {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
        .map_err(HostError::placed)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, HostError> {
        self.enum_value(visitor).map_err(HostError::placed)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct identifier
        ignored_any
    }
}

impl HostDeserializer<'_> {
    /// An externally tagged enum: a variant's name, or a mapping with one entry (the variant
    /// and its data); anything else is refused with serde_json's messages, in every front end.
    #[inline(never)]
    fn enum_value<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, HostError> {
        match self.value.shape() {
            Shape::Str(s) => return visitor.visit_enum(UnitEnum { variant: s }),
            Shape::Map => {}
            Shape::Other => {
                return if convert(self.value)? {
                    self.enum_value(visitor)
                } else {
                    Err(self.value.refusal())
                };
            }
            _ => return Err(unexpected(self.value, &"string or map")),
        }
        let depth = too_deep(self.depth)?;
        let mut visitor = Some(visitor);
        let mut out = None;
        self.value.single_entry(&mut |key, value| {
            if let Some(v) = visitor.take() {
                out = Some(v.visit_enum(EnumAccess {
                    key,
                    value: HostDeserializer { value, depth },
                }));
            }
        })?;
        out.unwrap_or_else(|| {
            Err(de::Error::invalid_value(
                Unexpected::Map,
                &"map with a single key",
            ))
        })
    }
}

struct SeqAccess<'s> {
    seq: &'s mut dyn HostSeq,
    /// The depth of the list.
    depth: usize,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for &mut SeqAccess<'_> {
    type Error = HostError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, HostError> {
        if self.seq.remaining() == 0 {
            return Ok(None);
        }
        let index = self.index;
        self.index += 1;
        let depth = too_deep(self.depth)?;
        let mut seed = Some(seed);
        let mut out = None;
        let more = self.seq.next(&mut |value: &mut dyn HostValue| {
            if let Some(s) = seed.take() {
                out = Some(s.deserialize(HostDeserializer { value, depth }));
            }
        })?;
        // An error of the item's seed is the item's, even if no deserializer call saw it.
        match (more, out) {
            (false, _) => Ok(None),
            (true, Some(Ok(v))) => Ok(Some(v)),
            (true, Some(Err(e))) => Err(e.at_index(index)),
            (true, None) => Err(de::Error::custom("the host gave no item")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.seq.remaining())
    }
}

struct MapAccess<'m> {
    map: &'m mut dyn HostMap,
    /// The depth of the mapping.
    depth: usize,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = HostError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, HostError> {
        match self.map.next_key() {
            Err(e) => Err(e.at_unknown_key()),
            Ok(None) => Ok(None),
            Ok(Some(key)) => {
                match seed.deserialize(IntoDeserializer::<HostError>::into_deserializer(key)) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) => Err(key_error(e, self.map)),
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, HostError> {
        let depth = too_deep(self.depth)?;
        // An error of the value's seed is the value's, even if no deserializer call saw it.
        let result = with_child(
            |f| self.map.value(f),
            |value| {
                seed.deserialize(HostDeserializer { value, depth })
                    .map_err(HostError::placed)
            },
        );
        result.map_err(|e| value_error(e, self.map))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.map.remaining())
    }
}

/// An error raised reading a mapping's key: at that key.
fn key_error(e: HostError, map: &mut dyn HostMap) -> HostError {
    match map.key() {
        Some(k) => e.at_key(&k),
        None => e.at_unknown_key(),
    }
}

/// An error raised in a mapping's value (placed by it): within that entry; one raised by the
/// mapping itself is left for the mapping to place.
fn value_error(e: HostError, map: &mut dyn HostMap) -> HostError {
    if e.is_placed() {
        key_error(e, map)
    } else {
        e
    }
}

/// An externally tagged variant with data: `{ variant: value }`.
struct EnumAccess<'k, 'h> {
    key: &'k str,
    value: HostDeserializer<'h>,
}

impl<'de, 'k, 'h> de::EnumAccess<'de> for EnumAccess<'k, 'h> {
    type Error = HostError;
    type Variant = Variant<'k, 'h>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Variant<'k, 'h>), HostError> {
        let key: StrDeserializer<'_, HostError> = self.key.into_deserializer();
        let v = seed.deserialize(key)?;
        Ok((
            v,
            Variant {
                name: self.key,
                value: self.value,
            },
        ))
    }
}

/// The data of a variant named `name`.
struct Variant<'k, 'h> {
    name: &'k str,
    value: HostDeserializer<'h>,
}

impl<'de> de::VariantAccess<'de> for Variant<'_, '_> {
    type Error = HostError;

    /// `{"page": null}`: the data of a unit variant must be null.
    fn unit_variant(self) -> Result<(), HostError> {
        let name = self.name;
        <() as serde::Deserialize>::deserialize(self.value).map_err(|e| e.at_key(name))
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, HostError> {
        let name = self.name;
        seed.deserialize(self.value).map_err(|e| e.at_key(name))
    }
    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, HostError> {
        let name = self.name;
        self.value.any(visitor).map_err(|e| e.placed().at_key(name))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, HostError> {
        let name = self.name;
        self.value.any(visitor).map_err(|e| e.placed().at_key(name))
    }
}

/// A variant given as text: a unit variant (serde's own rules and messages for the others).
struct UnitEnum<'a> {
    variant: &'a str,
}

impl<'de, 'a> de::EnumAccess<'de> for UnitEnum<'a> {
    type Error = HostError;
    type Variant = UnitOnly<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, UnitOnly<'a>), HostError> {
        let key: StrDeserializer<'_, HostError> = self.variant.into_deserializer();
        let v = seed.deserialize(key)?;
        Ok((v, UnitOnly { name: self.variant }))
    }
}

struct UnitOnly<'a> {
    name: &'a str,
}

impl<'de> de::VariantAccess<'de> for UnitOnly<'_> {
    type Error = HostError;

    fn unit_variant(self) -> Result<(), HostError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, HostError> {
        Err(unit_only(self.name, "newtype variant"))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, HostError> {
        Err(unit_only(self.name, "tuple variant"))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, HostError> {
        Err(unit_only(self.name, "struct variant"))
    }
}

/// A variant with data given as text alone.
fn unit_only(name: &str, expected: &str) -> HostError {
    <HostError as de::Error>::invalid_type(Unexpected::UnitVariant, &expected).at_key(name)
}
