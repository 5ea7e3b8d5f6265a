//! Core outputs → Python objects, through serde, without JSON text in between.
//!
//! Structs and maps become `dict`s (keys interned once per call), sequences `list`s, instants
//! aware `datetime`s in UTC (equal instants share one object), everything else its JSON
//! counterpart.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyDict, PyList, PyString, PyTzInfo};
use serde::ser::{self, Serialize};

/// The error of [`PySerializer`].
#[derive(Debug)]
pub struct SerError(pub String);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

fn err(e: PyErr) -> SerError {
    SerError(e.to_string())
}

/// A hasher for addresses of `&'static str` keys: no input chooses them, so a multiply is
/// enough.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type ByAddress<V> = HashMap<usize, V, BuildHasherDefault<AddressHasher>>;
type Keys<'py> = ByAddress<Bound<'py, PyString>>;

/// The interned Python strings of the field and variant names converted so far in this
/// process, by the address of the name: each is made once, not once per call.
static INTERNED: Mutex<Option<ByAddress<Py<PyString>>>> = Mutex::new(None);

/// Caches of one conversion: interned keys and instants already built.
pub struct Cache<'py> {
    py: Python<'py>,
    keys: Keys<'py>,
    instants: HashMap<(i64, u32), Bound<'py, PyAny>>,
    utc: Option<Bound<'py, PyTzInfo>>,
    text: String,
}

impl<'py> Cache<'py> {
    pub fn new(py: Python<'py>) -> Self {
        Cache {
            py,
            keys: Keys::default(),
            instants: HashMap::new(),
            utc: None,
            text: String::with_capacity(32),
        }
    }

    fn key(&mut self, k: &'static str) -> Bound<'py, PyString> {
        let py = self.py;
        let address = k.as_ptr() as usize ^ (k.len() << 48);
        self.keys
            .entry(address)
            .or_insert_with(|| {
                let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
                interned
                    .get_or_insert_with(HashMap::default)
                    .entry(address)
                    .or_insert_with(|| PyString::intern(py, k).unbind())
                    .bind(py)
                    .clone()
            })
            .clone()
    }

    fn utc(&mut self) -> PyResult<Bound<'py, PyTzInfo>> {
        if let Some(u) = &self.utc {
            return Ok(u.clone());
        }
        let u = PyTzInfo::utc(self.py)?.to_owned();
        self.utc = Some(u.clone());
        Ok(u)
    }

    /// An aware UTC `datetime` for an RFC 3339 `...Z` text, if it is one.
    fn instant(&mut self, text: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(p) = parse_utc(text) else {
            return Ok(None);
        };
        let key = (p.seconds_key(), p.micro);
        if let Some(v) = self.instants.get(&key) {
            return Ok(Some(v.clone()));
        }
        let utc = self.utc()?;
        let dt = PyDateTime::new(
            self.py,
            p.year,
            p.month,
            p.day,
            p.hour,
            p.minute,
            p.second,
            p.micro,
            Some(&utc),
        )?
        .into_any();
        self.instants.insert(key, dt.clone());
        Ok(Some(dt))
    }

    /// An aware UTC `datetime` at `seconds` since the Unix epoch.
    pub fn instant_at(&mut self, seconds: i64) -> PyResult<Bound<'py, PyAny>> {
        let t = chrono::DateTime::<chrono::Utc>::from_timestamp(seconds, 0)
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
        self.text.clear();
        let _ = write!(self.text, "{}", t.format("%Y-%m-%dT%H:%M:%SZ"));
        let text = std::mem::take(&mut self.text);
        let v = self.instant(&text)?;
        self.text = text;
        match v {
            Some(v) => Ok(v),
            None => Ok(PyString::new(self.py, &self.text).into_any()),
        }
    }
}

struct Parsed {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    micro: u32,
}

impl Parsed {
    fn seconds_key(&self) -> i64 {
        ((((i64::from(self.year) * 13 + i64::from(self.month)) * 32 + i64::from(self.day)) * 24
            + i64::from(self.hour))
            * 60
            + i64::from(self.minute))
            * 60
            + i64::from(self.second)
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f]Z`, as chrono writes a `DateTime<Utc>` (years 1 to 9999; Python's
/// `datetime` has no leap seconds, so `:60` is not an instant here).
fn parse_utc(s: &str) -> Option<Parsed> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || *b.last()? != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut v = 0u32;
        for &c in b.get(r)? {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    let micro = if b.len() > 20 {
        if b[19] != b'.' {
            return None;
        }
        let frac = &b[20..b.len() - 1];
        if frac.is_empty() || frac.len() > 9 || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut v = 0u32;
        for i in 0..6 {
            v = v * 10 + frac.get(i).map_or(0, |c| u32::from(c - b'0'));
        }
        v
    } else {
        0
    };
    let p = Parsed {
        year: i32::try_from(num(0..4)?).ok()?,
        month: u8::try_from(num(5..7)?).ok()?,
        day: u8::try_from(num(8..10)?).ok()?,
        hour: u8::try_from(num(11..13)?).ok()?,
        minute: u8::try_from(num(14..16)?).ok()?,
        second: u8::try_from(num(17..19)?).ok()?,
        micro,
    };
    (p.year >= 1 && p.second < 60).then_some(p)
}

/// An RFC 3339 UTC date-time that [`parse_utc`] could not take: a year outside 1..=9999 or a
/// leap second.
fn looks_like_instant(s: &str) -> bool {
    s.ends_with('Z') && s.contains('T') && s.contains(':') && s.len() >= 20
}

/// Builds Python objects.
pub struct PySerializer<'c, 'py> {
    pub cache: &'c mut Cache<'py>,
}

impl<'c, 'py> PySerializer<'c, 'py> {
    fn py(&self) -> Python<'py> {
        self.cache.py
    }
}

/// Converts a value.
pub fn to_py<'py, T: Serialize + ?Sized>(
    cache: &mut Cache<'py>,
    v: &T,
) -> Result<Bound<'py, PyAny>, SerError> {
    v.serialize(PySerializer { cache })
}

impl<'c, 'py> ser::Serializer for PySerializer<'c, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = Seq<'c, 'py>;
    type SerializeTuple = Seq<'c, 'py>;
    type SerializeTupleStruct = Seq<'c, 'py>;
    type SerializeTupleVariant = Variant<'py, Seq<'c, 'py>>;
    type SerializeMap = Map<'c, 'py>;
    type SerializeStruct = Map<'c, 'py>;
    type SerializeStructVariant = Variant<'py, Map<'c, 'py>>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, SerError> {
        let Ok(b) = v.into_pyobject(self.py());
        Ok(b.to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, SerError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, SerError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, SerError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, SerError> {
        let Ok(o) = v.into_pyobject(self.py());
        Ok(o.into_any())
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, SerError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, SerError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, SerError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, SerError> {
        let Ok(o) = v.into_pyobject(self.py());
        Ok(o.into_any())
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok, SerError> {
        let Ok(o) = v.into_pyobject(self.py());
        Ok(o.into_any())
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, SerError> {
        let mut b = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut b))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, SerError> {
        Ok(PyString::new(self.py(), v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, SerError> {
        Ok(pyo3::types::PyBytes::new(self.py(), v).into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok, SerError> {
        Ok(self.py().None().into_bound(self.py()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Self::Ok, SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, SerError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, SerError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, SerError> {
        Ok(self.cache.key(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Self::Ok, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Self::Ok, SerError> {
        let py = self.py();
        let key = self.cache.key(variant);
        let value = v.serialize(PySerializer { cache: self.cache })?;
        let d = PyDict::new(py);
        d.set_item(key, value).map_err(err)?;
        Ok(d.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'c, 'py>, SerError> {
        Ok(Seq {
            cache: self.cache,
            items: Vec::with_capacity(len.unwrap_or(0).min(1 << 16)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'c, 'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'c, 'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        let key = self.cache.key(variant);
        let inner = PySerializer { cache: self.cache }.serialize_seq(Some(len))?;
        Ok(Variant { key, inner })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'c, 'py>, SerError> {
        let dict = PyDict::new(self.py());
        Ok(Map {
            cache: self.cache,
            dict,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'c, 'py>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        let key = self.cache.key(variant);
        let inner = PySerializer { cache: self.cache }.serialize_map(Some(len))?;
        Ok(Variant { key, inner })
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, v: &T) -> Result<Self::Ok, SerError> {
        // chrono writes instants through `collect_str`; they become `datetime`s.
        let mut text = std::mem::take(&mut self.cache.text);
        text.clear();
        let _ = write!(text, "{v}");
        let out = match self.cache.instant(&text) {
            Ok(Some(dt)) => Ok(dt),
            Ok(None) if looks_like_instant(&text) => Err(SerError(format!(
                "the instant {text} cannot be a Python datetime (years 1 to 9999, no leap seconds)"
            ))),
            Ok(None) => Ok(PyString::new(self.py(), &text).into_any()),
            Err(e) => Err(err(e)),
        };
        self.cache.text = text;
        out
    }
}

/// A list being built.
pub struct Seq<'c, 'py> {
    cache: &'c mut Cache<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let item = v.serialize(PySerializer { cache: self.cache })?;
        self.items.push(item);
        Ok(())
    }
    fn finish(self) -> Result<Bound<'py, PyAny>, SerError> {
        let py = self.cache.py;
        Ok(PyList::new(py, self.items).map_err(err)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.push(v)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.push(v)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.push(v)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

/// A dict being built.
pub struct Map<'c, 'py> {
    cache: &'c mut Cache<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), SerError> {
        self.key = Some(k.serialize(PySerializer { cache: self.cache })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let value = v.serialize(PySerializer { cache: self.cache })?;
        let key = self
            .key
            .take()
            .ok_or_else(|| SerError("a map value came without its key".into()))?;
        self.dict.set_item(key, value).map_err(err)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        k: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        let key = self.cache.key(k);
        let value = v.serialize(PySerializer { cache: self.cache })?;
        self.dict.set_item(key, value).map_err(err)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        Ok(self.dict.into_any())
    }
}

/// An externally tagged variant: `{variant: inner}`.
pub struct Variant<'py, I> {
    key: Bound<'py, PyString>,
    inner: I,
}

fn wrap<'py>(
    key: Bound<'py, PyString>,
    value: Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>, SerError> {
    let d = PyDict::new(key.py());
    d.set_item(key, value).map_err(err)?;
    Ok(d.into_any())
}

impl<'c, 'py> ser::SerializeTupleVariant for Variant<'py, Seq<'c, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.inner.push(v)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        wrap(self.key, self.inner.finish()?)
    }
}

impl<'c, 'py> ser::SerializeStructVariant for Variant<'py, Map<'c, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        k: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, k, v)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        wrap(self.key, self.inner.dict.into_any())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_utc;

    #[test]
    fn utc_instants_and_nothing_else() {
        let p = parse_utc("2026-03-08T07:30:00Z").unwrap();
        assert_eq!(
            (p.year, p.month, p.day, p.hour, p.minute, p.second, p.micro),
            (2026, 3, 8, 7, 30, 0, 0)
        );
        assert_eq!(parse_utc("2026-03-08T07:30:00.25Z").unwrap().micro, 250_000);
        assert!(parse_utc("2026-03-08T07:30:00").is_none());
        assert!(parse_utc("2026-03-08T07:30:00+01:00").is_none());
        assert!(parse_utc("2016-12-31T23:59:60Z").is_none());
        assert!(parse_utc("x026-03-08T07:30:00Z").is_none());
    }
}
