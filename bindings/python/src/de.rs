//! Python objects → core inputs, through serde, without JSON text in between.
//!
//! `dict`, `list`/`tuple`, `str`, `int`, `float`, `bool` and `None` map to their JSON
//! counterparts (dict entries whose value is `None` are left out, so the core's default
//! applies). An aware `datetime` becomes its RFC 3339 text, a naive `datetime` a local
//! date-time; a `date`, `time` or `timedelta` its ISO form. Anything else is refused with
//! `unsupported_value`, and nesting deeper than `watchstander::ops::MAX_DEPTH` with
//! `input_too_deep`.

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PyString, PyTime, PyTuple,
};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use watchstander::error::de_error;
use watchstander::ops::host::{wants, Wants};
use watchstander::time::TimeError;
use watchstander::InputError;

/// The error of [`PyDeserializer`]: serde's message (the typed error behind it is kept by the
/// core's `de_error`).
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

/// Reads one Python object.
pub struct PyDeserializer<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
}

impl<'a, 'py> PyDeserializer<'a, 'py> {
    pub fn new(obj: &'a Bound<'py, PyAny>) -> Self {
        PyDeserializer { obj, depth: 0 }
    }

    fn child<'b>(&self, obj: &'b Bound<'py, PyAny>) -> Result<PyDeserializer<'b, 'py>, DeError> {
        if self.depth >= watchstander::ops::MAX_DEPTH {
            return Err(de_error(InputError::TooDeep {
                limit: watchstander::ops::MAX_DEPTH,
            }));
        }
        Ok(PyDeserializer {
            obj,
            depth: self.depth + 1,
        })
    }
}

/// A Python object as an input the core can read more than once: the fast parse through
/// `crate::host`, and this module's deserializer when that gives up or to report an error with
/// its path (`watchstander::ops::Reread`).
pub struct PyInput<'a, 'py>(pub &'a Bound<'py, PyAny>);

impl watchstander::ops::Reread for PyInput<'_, '_> {
    fn deserializer(&self) -> Box<dyn erased_serde::Deserializer<'_> + '_> {
        Box::new(<dyn erased_serde::Deserializer>::erase(
            PyDeserializer::new(self.0),
        ))
    }

    fn with_host(&self, f: &mut dyn FnMut(&mut dyn watchstander::ops::host::HostValue)) -> bool {
        f(&mut crate::host::PyValue(self.0));
        true
    }
}

struct Expecting<'v, V>(&'v V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

fn py_err(e: PyErr) -> DeError {
    de_error(InputError::UnsupportedValue {
        reason: e.to_string(),
    })
}

/// Unix seconds (an `int` or `float` where an instant is wanted) → RFC 3339 text, whole
/// microseconds.
pub(crate) fn unix_text(seconds: f64) -> Result<String, DeError> {
    let micros = (seconds * 1e6).round();
    chrono::DateTime::<chrono::Utc>::from_timestamp_micros(micros as i64)
        .filter(|_| micros.is_finite() && micros.abs() < 9.2e18)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        .ok_or_else(|| {
            de_error(TimeError::OutOfRange {
                what: format!("the instant {seconds} seconds after 1970-01-01"),
                reason: "instants must lie within the years 1 to 9999".to_string(),
            })
        })
}

fn leap_second(text: &str) -> DeError {
    de_error(TimeError::InvalidTimestamp {
        input: text.chars().take(100).collect(),
        reason: "leap seconds (:60) are not supported: no arithmetic on them is meaningful and Python's datetime cannot hold one".to_string(),
    })
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

fn duration_text(obj: &Bound<'_, PyAny>) -> Result<String, PyErr> {
    let days: i64 = obj.getattr("days")?.extract()?;
    let seconds: i64 = obj.getattr("seconds")?.extract()?;
    let micros: i64 = obj.getattr("microseconds")?.extract()?;
    let total = days * 86_400 * 1_000_000 + seconds * 1_000_000 + micros;
    let sign = if total < 0 { "-" } else { "" };
    let total = total.unsigned_abs();
    let (secs, frac) = (total / 1_000_000, total % 1_000_000);
    Ok(if frac == 0 {
        format!("{sign}PT{secs}S")
    } else {
        let f = format!("{frac:06}");
        format!("{sign}PT{secs}.{}S", f.trim_end_matches('0'))
    })
}

/// The text a `datetime`, `date`, `time` or `timedelta` is read as where `wanted` is asked
/// for (only called for those types): a naive `datetime` is refused where an instant is wanted,
/// an aware one where a local date-time is.
pub(crate) fn temporal_text(obj: &Bound<'_, PyAny>, wanted: Wants) -> Result<String, DeError> {
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        let aware = !dt.call_method0("utcoffset").map_err(py_err)?.is_none();
        let text: String = dt
            .call_method0("isoformat")
            .and_then(|s| s.extract())
            .map_err(py_err)?;
        if !aware && wanted == Wants::Instant {
            return Err(de_error(TimeError::NaiveDatetime {
                value: dt.repr().map(|r| r.to_string()).unwrap_or(text),
            }));
        }
        if aware && wanted == Wants::Local {
            return Err(de_error(TimeError::AwareLocalTime {
                value: dt.repr().map(|r| r.to_string()).unwrap_or(text),
            }));
        }
        return Ok(text);
    }
    if obj.cast::<PyDate>().is_ok() || obj.cast::<PyTime>().is_ok() {
        return if obj.cast::<PyTime>().is_ok() {
            obj.call_method1("strftime", ("%H:%M",))
        } else {
            obj.call_method0("isoformat")
        }
        .and_then(|s| s.extract())
        .map_err(py_err);
    }
    duration_text(obj).map_err(py_err)
}

/// Whether `obj` is a `datetime`, `date`, `time` or `timedelta`.
pub(crate) fn is_temporal(obj: &Bound<'_, PyAny>) -> bool {
    obj.cast::<PyDateTime>().is_ok()
        || obj.cast::<PyDate>().is_ok()
        || obj.cast::<PyTime>().is_ok()
        || obj.cast::<PyDelta>().is_ok()
}

impl<'de> PyDeserializer<'_, '_> {
    /// The datetime/date/time/timedelta forms, as text, checked against what is wanted (only
    /// called for those types).
    fn temporal<V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, DeError> {
        let wanted = wants(&visitor);
        visitor.visit_string(temporal_text(self.obj, wanted)?)
    }

    fn is_temporal(&self) -> bool {
        is_temporal(self.obj)
    }
}

impl<'de> Deserializer<'de> for PyDeserializer<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(s) = obj.cast::<PyString>() {
            let text = s.to_str().map_err(py_err)?;
            if watchstander::time::is_leap_second_text(text) && wants(&visitor) == Wants::Instant {
                return Err(leap_second(text));
            }
            watchstander::time::check_instant_text::<DeError>(text, &visitor)?;
            return visitor.visit_str(text);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if obj.cast::<PyInt>().is_ok() {
            if let Ok(v) = obj.extract::<i64>() {
                if wants(&visitor) == Wants::Instant {
                    return visitor.visit_string(unix_text(v as f64)?);
                }
                return visitor.visit_i64(v);
            }
            if let Ok(v) = obj.extract::<u64>() {
                return visitor.visit_u64(v);
            }
            return Err(de_error(InputError::UnsupportedValue {
                reason: format!("the integer {} does not fit in 64 bits", obj),
            }));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if !v.is_finite() {
                return Err(de_error(InputError::UnsupportedValue {
                    reason: format!("{v} is not a finite number"),
                }));
            }
            if wants(&visitor) == Wants::Instant {
                return visitor.visit_string(unix_text(v)?);
            }
            return visitor.visit_f64(v);
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            let items: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> =
                d.iter().filter(|(_, v)| !v.is_none()).collect();
            return visitor.visit_map(DictAccess {
                parent: &self,
                items,
                next: 0,
            });
        }
        if let Ok(l) = obj.cast::<PyList>() {
            let items: Vec<Bound<'_, PyAny>> = l.iter().collect();
            return visitor.visit_seq(ListAccess {
                parent: &self,
                items,
                next: 0,
            });
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            let items: Vec<Bound<'_, PyAny>> = t.iter().collect();
            return visitor.visit_seq(ListAccess {
                parent: &self,
                items,
                next: 0,
            });
        }
        if self.is_temporal() {
            return self.temporal(visitor);
        }
        self.generic(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.obj.cast::<PyString>().is_err() && self.is_temporal() {
            self.temporal(visitor)
        } else {
            self.deserialize_any(visitor)
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if let Ok(s) = self.obj.cast::<PyString>() {
            let s = s.to_str().map_err(py_err)?;
            return visitor.visit_enum(s.into_deserializer());
        }
        if let Ok(d) = self.obj.cast::<PyDict>() {
            if d.len() == 1 {
                if let Some((k, v)) = d.iter().next() {
                    let key: String = k.extract().map_err(py_err)?;
                    return visitor.visit_enum(EnumAccess {
                        key,
                        value: self.child(&v)?,
                    });
                }
            }
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

impl PyDeserializer<'_, '_> {
    /// Other mappings and sequences (`mappingproxy`, `OrderedDict` views, `range`, numpy
    /// arrays and scalars through `tolist`/`__index__`/`__float__`), else a typed refusal.
    fn generic<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        let py = obj.py();
        if Expecting(&visitor).to_string() == watchstander::column::EXPECTING {
            if let Some(bytes) = column_bytes(obj)? {
                return match bytes {
                    ColumnBytes::Python(b) => visitor.visit_bytes(b.as_bytes()),
                    ColumnBytes::Array(a) => visitor.visit_bytes(a.bytes()),
                    ColumnBytes::Converted(b) => visitor.visit_byte_buf(b),
                };
            }
        }
        let abc = py.import("collections.abc").map_err(py_err)?;
        let is = |name: &str| -> bool {
            abc.getattr(name)
                .and_then(|t| obj.is_instance(&t))
                .unwrap_or(false)
        };
        if is("Mapping") {
            let d = PyDict::new(py);
            let items = obj.call_method0("items").map_err(py_err)?;
            for item in items.try_iter().map_err(py_err)? {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
                    item.and_then(|i| i.extract()).map_err(py_err)?;
                d.set_item(k, v).map_err(py_err)?;
            }
            let d = d.into_any();
            return PyDeserializer {
                obj: &d,
                depth: self.depth,
            }
            .deserialize_any(visitor);
        }
        let is_text = obj.cast::<pyo3::types::PyBytes>().is_ok();
        if !is_text && (is("Sequence") || is("Set") || obj.hasattr("tolist").unwrap_or(false)) {
            let list = if obj.hasattr("tolist").unwrap_or(false) {
                obj.call_method0("tolist").map_err(py_err)?
            } else {
                PyList::new(
                    py,
                    obj.try_iter()
                        .map_err(py_err)?
                        .collect::<PyResult<Vec<_>>>()
                        .map_err(py_err)?,
                )
                .map_err(py_err)?
                .into_any()
            };
            if list.cast::<PyList>().is_ok()
                || list.cast::<PyInt>().is_ok()
                || list.cast::<PyFloat>().is_ok()
                || list.cast::<PyBool>().is_ok()
            {
                return PyDeserializer {
                    obj: &list,
                    depth: self.depth,
                }
                .deserialize_any(visitor);
            }
        }
        if let Ok(i) = obj.call_method0("__index__") {
            if let Ok(v) = i.extract::<i64>() {
                return visitor.visit_i64(v);
            }
        }
        self.other()
    }

    fn other<T>(&self) -> Result<T, DeError> {
        Err(de_error(InputError::UnsupportedValue {
            reason: format!(
                "a Python {} has no JSON meaning: pass a dict, list, str, int, float, bool, None or a datetime",
                type_name(self.obj)
            ),
        }))
    }
}

/// The bytes form of a column: the array's own memory, a copy of it, or bytes converted from
/// another type.
enum ColumnBytes<'py> {
    Array(ArrayMemory<'py>),
    Python(Bound<'py, pyo3::types::PyBytes>),
    Converted(Vec<u8>),
}

/// The memory of a C-contiguous, aligned numpy array of little-endian `int64`, read in place: the
/// column is copied once, straight into the core's vector, instead of through `tobytes()`
/// first (for 10 million values that copy and its fresh pages were a third of the call).
///
/// The limited API of Python 3.10 has no buffer protocol, so the address comes from numpy's
/// `__array_interface__`, which is what it is for.
struct ArrayMemory<'py> {
    /// Keeps the array, and so its memory, alive while the slice is read.
    _array: Bound<'py, PyAny>,
    address: usize,
    len: usize,
}

impl<'py> ArrayMemory<'py> {
    /// The array's memory if it is one block of aligned little-endian `int64`s (read-only arrays
    /// included: it is only read); `None` otherwise (strided or misaligned views are copied by
    /// `tobytes`).
    fn of(array: Bound<'py, PyAny>) -> Option<ArrayMemory<'py>> {
        let iface = array.getattr("__array_interface__").ok()?;
        let iface = iface.cast::<PyDict>().ok()?;
        let typestr: String = iface.get_item("typestr").ok()??.extract().ok()?;
        // The bytes form is little-endian.
        if typestr != "<i8" {
            return None;
        }
        // `strides` is None exactly when the array is C-contiguous.
        if !iface.get_item("strides").ok()??.is_none() {
            return None;
        }
        let shape: Vec<usize> = iface.get_item("shape").ok()??.extract().ok()?;
        let [n] = shape[..] else {
            return None;
        };
        let (address, _read_only): (usize, bool) = iface.get_item("data").ok()??.extract().ok()?;
        let len = n.checked_mul(8)?;
        if address == 0 || !address.is_multiple_of(8) || isize::try_from(len).is_err() {
            return None;
        }
        Some(ArrayMemory {
            _array: array,
            address,
            len,
        })
    }

    // One of the workspace's two exceptions to `unsafe_code = "deny"` (the other is the
    // `watchstander-alloc` crate): reading memory that Python owns, by address, is what the
    // limited API leaves for this.
    #[allow(unsafe_code)]
    fn bytes(&self) -> &[u8] {
        // SAFETY: numpy reports `len` bytes of one C-contiguous block at `address`, owned by
        // the array held in `_array` for as long as `self` lives; the slice lives no longer
        // than `&self`. The input is read while the GIL is held (the operation runs after
        // parsing, with the GIL released, on the core's own copy), so no Python code changes
        // the array while it is read.
        unsafe { std::slice::from_raw_parts(self.address as *const u8, self.len) }
    }
}

/// A numpy array or `array.array` of numbers as the bytes form of a column
/// (`watchstander::column`): one copy instead of a Python object per value. `None` for
/// anything else (read value by value as before).
fn column_bytes<'py>(obj: &Bound<'py, PyAny>) -> Result<Option<ColumnBytes<'py>>, DeError> {
    use watchstander::column::{bytes_of_f64s, bytes_of_i64s};
    use ColumnBytes::{Converted, Python};
    let py = obj.py();
    let raw = |a: &Bound<'py, PyAny>| -> Result<Bound<'py, pyo3::types::PyBytes>, DeError> {
        let b = a.call_method0("tobytes").map_err(py_err)?;
        b.cast_into::<pyo3::types::PyBytes>()
            .map_err(|e| py_err(e.into()))
    };
    let f64s = |bytes: &[u8], width: usize| -> Result<Vec<u8>, DeError> {
        bytes_of_f64s(bytes.chunks_exact(width).map(|c| match *c {
            [a, b, c, d] => f64::from(f32::from_ne_bytes([a, b, c, d])),
            [a, b, c, d, e, f, g, h] => f64::from_ne_bytes([a, b, c, d, e, f, g, h]),
            _ => f64::NAN,
        }))
        .map_err(de_error)
    };
    if let (Ok(dtype), Ok(ndim)) = (obj.getattr("dtype"), obj.getattr("ndim")) {
        // numpy: one dimension, integers, booleans, floats or datetime64.
        if ndim.extract::<usize>().ok() != Some(1) {
            return Ok(None);
        }
        let kind: String = dtype
            .getattr("kind")
            .and_then(|k| k.extract())
            .map_err(py_err)?;
        let itemsize: usize = dtype
            .getattr("itemsize")
            .and_then(|k| k.extract())
            .map_err(py_err)?;
        // No copy when the array already has the type (native order: "=i8", "=f8").
        let as_type = |a: &Bound<'py, PyAny>, t: &str| {
            let kw = PyDict::new(py);
            kw.set_item("copy", false).map_err(py_err)?;
            a.call_method("astype", (t,), Some(&kw)).map_err(py_err)
        };
        let native_i64 = if cfg!(target_endian = "little") {
            "<i8"
        } else {
            ">i8"
        };
        return match kind.as_str() {
            // uint64 may not fit: read value by value (which refuses what does not).
            "u" if itemsize == 8 => Ok(None),
            "i" | "u" | "b" => {
                let array = as_type(obj, native_i64)?;
                if let Some(memory) = ArrayMemory::of(array.clone()) {
                    return Ok(Some(ColumnBytes::Array(memory)));
                }
                let b = raw(&array)?;
                Ok(Some(if cfg!(target_endian = "little") {
                    Python(b)
                } else {
                    Converted(bytes_of_i64s(b.as_bytes().chunks_exact(8).map(|c| {
                        let mut w = [0u8; 8];
                        w.copy_from_slice(c);
                        i64::from_ne_bytes(w)
                    })))
                }))
            }
            // NaT is the smallest int64, a negative number: missing.
            "M" => {
                let secs = as_type(obj, "datetime64[s]")?;
                let array = as_type(&secs, native_i64)?;
                if let Some(memory) = ArrayMemory::of(array.clone()) {
                    return Ok(Some(ColumnBytes::Array(memory)));
                }
                Ok(Some(Python(raw(&array)?)))
            }
            "f" => {
                let b = raw(&as_type(obj, "=f8")?)?;
                Ok(Some(Converted(f64s(b.as_bytes(), 8)?)))
            }
            _ => Ok(None),
        };
    }
    if let (Ok(code), Ok(_)) = (obj.getattr("typecode"), obj.getattr("buffer_info")) {
        // array.array, in the machine's byte order.
        let code: String = code.extract().map_err(py_err)?;
        let itemsize: usize = obj
            .getattr("itemsize")
            .and_then(|k| k.extract())
            .map_err(py_err)?;
        let b = raw(obj)?;
        let bytes = b.as_bytes();
        let ints = |signed: bool| -> Vec<u8> {
            let w = itemsize.clamp(1, 8);
            bytes_of_i64s(bytes.chunks_exact(w).map(|c| {
                let mut v: u64 = 0;
                for (i, &byte) in c.iter().enumerate() {
                    let at = if cfg!(target_endian = "little") {
                        i
                    } else {
                        w - 1 - i
                    };
                    v |= u64::from(byte) << (8 * at);
                }
                let shift = 64 - 8 * w as u32;
                if signed {
                    ((v << shift) as i64) >> shift
                } else {
                    v as i64
                }
            }))
        };
        return match code.as_str() {
            "b" | "h" | "i" | "l" | "q" => Ok(Some(Converted(ints(true)))),
            "B" | "H" | "I" | "L" if itemsize < 8 => Ok(Some(Converted(ints(false)))),
            "d" => Ok(Some(Converted(f64s(bytes, 8)?))),
            "f" => Ok(Some(Converted(f64s(bytes, 4)?))),
            _ => Ok(None),
        };
    }
    Ok(None)
}

struct DictAccess<'p, 'a, 'py> {
    parent: &'p PyDeserializer<'a, 'py>,
    items: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    next: usize,
}

impl<'de> MapAccess<'de> for DictAccess<'_, '_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((k, _)) = self.items.get(self.next) else {
            return Ok(None);
        };
        let Ok(key) = k.cast::<PyString>() else {
            return Err(de_error(InputError::UnsupportedValue {
                reason: format!("dict keys must be str; got a {}", type_name(k)),
            }));
        };
        let key = key.to_str().map_err(py_err)?;
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let i = self.next;
        self.next += 1;
        let Some((_, v)) = self.items.get(i) else {
            return Err(de::Error::custom(
                "a value was asked for past the end of a dict",
            ));
        };
        seed.deserialize(self.parent.child(v)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct ListAccess<'p, 'a, 'py> {
    parent: &'p PyDeserializer<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    next: usize,
}

impl<'de> SeqAccess<'de> for ListAccess<'_, '_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(v) = self.items.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        seed.deserialize(self.parent.child(v)?).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct EnumAccess<'a, 'py> {
    key: String,
    value: PyDeserializer<'a, 'py>,
}

impl<'de, 'a, 'py> de::EnumAccess<'de> for EnumAccess<'a, 'py> {
    type Error = DeError;
    type Variant = PyDeserializer<'a, 'py>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), DeError> {
        let v = seed.deserialize(self.key.into_deserializer())?;
        Ok((v, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for PyDeserializer<'_, '_> {
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
