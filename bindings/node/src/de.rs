//! JavaScript values → core inputs, through serde, without JSON text in between.
//!
//! Objects (own enumerable keys; a property whose value is `undefined` is absent), arrays,
//! strings, numbers, booleans and `null` map to their JSON counterparts. Where an instant is
//! wanted, a `Date` or a number of epoch milliseconds is accepted besides RFC 3339 text; typed
//! arrays read as arrays of numbers. Functions, symbols, bigints and non-finite numbers are
//! refused with `unsupported_value`, nesting deeper than `watchstander::ops::MAX_DEPTH` with
//! `input_too_deep`.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use watchstander::error::de_error;
use watchstander::ops::host::{wants, Wants};
use watchstander::time::TimeError;
use watchstander::InputError;

use crate::js::{self, Env, Kind, Value};

/// The error of [`JsDeserializer`].
#[derive(Debug)]
pub struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

fn napi_err(e: napi::Error) -> DeError {
    de_error(InputError::UnsupportedValue {
        reason: e.reason.clone(),
    })
}

fn unsupported(reason: impl Into<String>) -> DeError {
    de_error(InputError::UnsupportedValue {
        reason: reason.into(),
    })
}

/// Reads one JavaScript value.
pub struct JsDeserializer {
    env: Env,
    value: Value,
    depth: usize,
}

impl JsDeserializer {
    pub fn new(env: Env, value: Value) -> Self {
        JsDeserializer {
            env,
            value,
            depth: 0,
        }
    }

    fn child(&self, value: Value) -> Result<JsDeserializer, DeError> {
        if self.depth >= watchstander::ops::MAX_DEPTH {
            return Err(de_error(InputError::TooDeep {
                limit: watchstander::ops::MAX_DEPTH,
            }));
        }
        Ok(JsDeserializer {
            env: self.env,
            value,
            depth: self.depth + 1,
        })
    }
}

/// A JavaScript value as an input the core can read more than once: the fast parse through
/// `crate::host`, and this module's deserializer when that gives up or to report an error with
/// its path (`watchstander::ops::Reread`).
pub struct JsInput {
    pub env: Env,
    pub value: Value,
}

impl watchstander::ops::Reread for JsInput {
    fn deserializer(&self) -> Box<dyn erased_serde::Deserializer<'_> + '_> {
        Box::new(<dyn erased_serde::Deserializer>::erase(
            JsDeserializer::new(self.env, self.value),
        ))
    }

    fn with_host(&self, f: &mut dyn FnMut(&mut dyn watchstander::ops::host::HostValue)) -> bool {
        let mut buf = Vec::new();
        f(&mut crate::host::JsValue {
            env: self.env,
            value: self.value,
            buf: &mut buf,
        });
        true
    }
}

struct Expecting<'v, V>(&'v V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// Epoch milliseconds → RFC 3339 text (whole milliseconds).
pub(crate) fn epoch_ms_text(ms: f64) -> Result<String, DeError> {
    if !ms.is_finite() {
        return Err(de_error(TimeError::InvalidTimestamp {
            input: ms.to_string(),
            reason: "an invalid Date or a non-finite number of milliseconds".to_string(),
        }));
    }
    let whole = ms.floor() as i64;
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(whole)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        .ok_or_else(|| {
            de_error(TimeError::OutOfRange {
                what: format!("the instant {ms} ms after 1970-01-01"),
                reason: "instants must lie within the years 1 to 9999".to_string(),
            })
        })
}

impl<'de> Deserializer<'de> for JsDeserializer {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let env = self.env;
        let v = self.value;
        match js::kind(env, v).map_err(napi_err)? {
            Kind::Undefined | Kind::Null => visitor.visit_unit(),
            Kind::Boolean => visitor.visit_bool(js::get_bool(env, v).map_err(napi_err)?),
            Kind::Number => {
                let f = js::get_f64(env, v).map_err(napi_err)?;
                if !f.is_finite() {
                    return Err(unsupported(format!("{f} is not a finite number")));
                }
                if wants(&visitor) == Wants::Instant {
                    return visitor.visit_string(epoch_ms_text(f)?);
                }
                if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
                    visitor.visit_i64(f as i64)
                } else {
                    visitor.visit_f64(f)
                }
            }
            Kind::String => {
                let mut buf = Vec::new();
                let s = js::get_string(env, v, &mut buf).map_err(napi_err)?;
                if watchstander::time::is_leap_second_text(s) && wants(&visitor) == Wants::Instant {
                    return Err(de_error(TimeError::InvalidTimestamp {
                        input: s.chars().take(100).collect(),
                        reason: "leap seconds (:60) are not supported: no arithmetic on them is meaningful and a JavaScript Date cannot hold one".to_string(),
                    }));
                }
                watchstander::time::check_instant_text::<DeError>(s, &visitor)?;
                visitor.visit_str(s)
            }
            Kind::Object => {
                if js::is_date(env, v).map_err(napi_err)? {
                    let ms = js::date_value(env, v).map_err(napi_err)?;
                    if wants(&visitor) == Wants::Local {
                        return Err(de_error(TimeError::AwareLocalTime {
                            value: format!("the Date {}", epoch_ms_text(ms).unwrap_or_default()),
                        }));
                    }
                    return visitor.visit_string(epoch_ms_text(ms)?);
                }
                if js::is_array(env, v).map_err(napi_err)? {
                    let len = js::array_len(env, v).map_err(napi_err)?;
                    return visitor.visit_seq(ArrayAccess {
                        parent: &self,
                        array: v,
                        len,
                        next: 0,
                    });
                }
                if let Some((t, bytes)) = js::typed_array(env, v).map_err(napi_err)? {
                    if Expecting(&visitor).to_string() == watchstander::column::EXPECTING {
                        return visitor.visit_byte_buf(column_bytes(t, bytes)?);
                    }
                    let numbers = typed_numbers(t, bytes)?;
                    return visitor.visit_seq(NumberAccess {
                        numbers: numbers.into_iter(),
                    });
                }
                let keys = js::own_keys(env, v).map_err(napi_err)?;
                let len = js::array_len(env, keys).map_err(napi_err)?;
                let mut entries = Vec::with_capacity(len as usize);
                for i in 0..len {
                    let k = js::element(env, keys, i).map_err(napi_err)?;
                    let val = js::property(env, v, k).map_err(napi_err)?;
                    if js::kind(env, val).map_err(napi_err)? != Kind::Undefined {
                        entries.push((k, val));
                    }
                }
                visitor.visit_map(ObjectAccess {
                    parent: &self,
                    entries,
                    next: 0,
                    buf: Vec::new(),
                })
            }
            Kind::BigInt => Err(unsupported(
                "a BigInt has no JSON meaning: pass a number or a string",
            )),
            Kind::Other => Err(unsupported(
                "functions and symbols have no JSON meaning: pass plain objects, arrays, strings, numbers, booleans, null or Dates",
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match js::kind(self.env, self.value).map_err(napi_err)? {
            Kind::Undefined | Kind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let env = self.env;
        match js::kind(env, self.value).map_err(napi_err)? {
            Kind::String => {
                let mut buf = Vec::new();
                let s = js::get_string(env, self.value, &mut buf).map_err(napi_err)?;
                return visitor.visit_enum(s.into_deserializer());
            }
            // An externally tagged variant with data: `{ variant: value }`.
            Kind::Object
                if !js::is_array(env, self.value).map_err(napi_err)?
                    && !js::is_date(env, self.value).map_err(napi_err)? =>
            {
                let keys = js::own_keys(env, self.value).map_err(napi_err)?;
                if js::array_len(env, keys).map_err(napi_err)? == 1 {
                    let k = js::element(env, keys, 0).map_err(napi_err)?;
                    let v = js::property(env, self.value, k).map_err(napi_err)?;
                    let mut buf = Vec::new();
                    let key = js::get_string(env, k, &mut buf)
                        .map_err(napi_err)?
                        .to_string();
                    return visitor.visit_enum(EnumAccess {
                        key,
                        value: self.child(v)?,
                    });
                }
            }
            _ => {}
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// A typed array as the bytes form of a column (`watchstander::column`): one copy
/// instead of a number per value. `BigInt64Array` values are taken as they are; float arrays
/// must hold whole numbers (`NaN` where a value is missing).
fn column_bytes(t: i32, bytes: &[u8]) -> Result<Vec<u8>, DeError> {
    use napi::sys::TypedarrayType as T;
    use watchstander::column::{bytes_of_f64s, bytes_of_i64s};
    match t {
        T::bigint64_array => {
            Ok(bytes_of_i64s(bytes.chunks_exact(8).map(|c| {
                i64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
            })))
        }
        T::float64_array | T::float32_array => {
            bytes_of_f64s(typed_numbers(t, bytes)?).map_err(de_error)
        }
        // Integer arrays of up to 32 bits hold their values exactly as numbers.
        _ => Ok(bytes_of_i64s(
            typed_numbers(t, bytes)?.into_iter().map(|v| v as i64),
        )),
    }
}

/// The elements of a typed array as numbers.
fn typed_numbers(t: i32, bytes: &[u8]) -> Result<Vec<f64>, DeError> {
    use napi::sys::TypedarrayType as T;
    let chunks = |w: usize| bytes.chunks_exact(w);
    let out: Vec<f64> = match t {
        T::int8_array => bytes.iter().map(|&b| f64::from(b as i8)).collect(),
        T::uint8_array | T::uint8_clamped_array => bytes.iter().map(|&b| f64::from(b)).collect(),
        T::int16_array => chunks(2)
            .map(|c| f64::from(i16::from_ne_bytes([c[0], c[1]])))
            .collect(),
        T::uint16_array => chunks(2)
            .map(|c| f64::from(u16::from_ne_bytes([c[0], c[1]])))
            .collect(),
        T::int32_array => chunks(4)
            .map(|c| f64::from(i32::from_ne_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        T::uint32_array => chunks(4)
            .map(|c| f64::from(u32::from_ne_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        T::float32_array => chunks(4)
            .map(|c| f64::from(f32::from_ne_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        T::float64_array => chunks(8)
            .map(|c| f64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect(),
        T::bigint64_array => chunks(8)
            .map(|c| i64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) as f64)
            .collect(),
        _ => return Err(unsupported("this typed array kind has no JSON meaning")),
    };
    Ok(out)
}

struct NumberAccess {
    numbers: std::vec::IntoIter<f64>,
}

struct Number(f64);

impl<'de> Deserializer<'de> for Number {
    type Error = DeError;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let f = self.0;
        if !f.is_finite() {
            return Err(unsupported(format!("{f} is not a finite number")));
        }
        if wants(&visitor) == Wants::Instant {
            return visitor.visit_string(epoch_ms_text(f)?);
        }
        if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
            visitor.visit_i64(f as i64)
        } else {
            visitor.visit_f64(f)
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de> SeqAccess<'de> for NumberAccess {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.numbers.next() {
            Some(f) => seed.deserialize(Number(f)).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.numbers.len())
    }
}

struct ArrayAccess<'p> {
    parent: &'p JsDeserializer,
    array: Value,
    len: u32,
    next: u32,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'_> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        if self.next >= self.len {
            return Ok(None);
        }
        let v = js::element(self.parent.env, self.array, self.next).map_err(napi_err)?;
        self.next += 1;
        seed.deserialize(self.parent.child(v)?).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some((self.len - self.next) as usize)
    }
}

struct ObjectAccess<'p> {
    parent: &'p JsDeserializer,
    entries: Vec<(Value, Value)>,
    next: usize,
    buf: Vec<u8>,
}

impl<'de> MapAccess<'de> for ObjectAccess<'_> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(&(k, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        let key = js::get_string(self.parent.env, k, &mut self.buf).map_err(napi_err)?;
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some(&(_, v)) = self.entries.get(self.next) else {
            return Err(de::Error::custom(
                "a value was asked for past the end of an object",
            ));
        };
        self.next += 1;
        seed.deserialize(self.parent.child(v)?)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

struct EnumAccess {
    key: String,
    value: JsDeserializer,
}

impl<'de> de::EnumAccess<'de> for EnumAccess {
    type Error = DeError;
    type Variant = JsDeserializer;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, JsDeserializer), DeError> {
        let v = seed.deserialize(self.key.into_deserializer())?;
        Ok((v, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for JsDeserializer {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }
}
