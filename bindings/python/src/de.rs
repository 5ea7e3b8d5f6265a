//! Python objects → core inputs: what the binding accepts, and the text and bytes it reads
//! some objects as. The walk itself is `crate::host` (the core's `HostValue` over Python
//! objects).
//!
//! `dict`, `list`/`tuple`, `str`, `int`, `float`, `bool` and `None` map to their JSON
//! counterparts (dict entries whose value is `None` are left out, so the core's default
//! applies). An aware `datetime` becomes its RFC 3339 text, a naive `datetime` a local
//! date-time; a `date`, `time` or `timedelta` its ISO form. Other mappings and sequences
//! (`mappingproxy`, `range`, sets, numpy arrays and scalars) are converted; anything else is
//! refused with `unsupported_value`, and nesting deeper than `watchstander::ops::MAX_DEPTH`
//! with `input_too_deep`.

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PyString, PyTime,
};
use watchstander::error::de_error;
use watchstander::ops::host::{HostError, HostValue, Wants};
use watchstander::time::TimeError;
use watchstander::InputError;

/// A Python object as an operation's input (read through `crate::host`).
pub struct PyInput<'a, 'py>(pub &'a Bound<'py, PyAny>);

impl watchstander::ops::HostInput for PyInput<'_, '_> {
    fn with_host(&self, f: &mut dyn FnMut(&mut dyn HostValue)) {
        f(&mut crate::host::PyValue::new(self.0));
    }
}

pub(crate) fn py_err(e: PyErr) -> HostError {
    de_error(InputError::UnsupportedValue {
        reason: e.to_string(),
    })
}

/// Unix seconds (an `int` or `float` where an instant is wanted) → RFC 3339 text, whole
/// microseconds.
pub(crate) fn unix_text(seconds: f64) -> Result<String, HostError> {
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

pub(crate) fn leap_second(text: &str) -> HostError {
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
pub(crate) fn temporal_text(obj: &Bound<'_, PyAny>, wanted: Wants) -> Result<String, HostError> {
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

/// Another mapping or sequence as a plain `dict`, `list`, `int`, `float` or `bool`
/// (`mappingproxy` and other `Mapping`s, `range`, sets, numpy arrays and scalars through
/// `tolist`, objects with `__index__`); `None` for anything else.
pub(crate) fn converted<'py>(
    obj: &Bound<'py, PyAny>,
) -> Result<Option<Bound<'py, PyAny>>, HostError> {
    let py = obj.py();
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
        return Ok(Some(d.into_any()));
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
            return Ok(Some(list));
        }
    }
    if let Ok(i) = obj.call_method0("__index__") {
        if i.extract::<i64>().is_ok() {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The refusal of an object the binding cannot read.
pub(crate) fn refusal(obj: &Bound<'_, PyAny>) -> HostError {
    if let Ok(s) = obj.cast::<PyString>() {
        if let Err(e) = s.to_str() {
            return py_err(e);
        }
    }
    if obj.cast::<PyInt>().is_ok() && obj.cast::<PyBool>().is_err() {
        return de_error(InputError::UnsupportedValue {
            reason: format!("the integer {} does not fit in 64 bits", obj),
        });
    }
    de_error(InputError::UnsupportedValue {
        reason: format!(
            "a Python {} has no JSON meaning: pass a dict, list, str, int, float, bool, None or a datetime",
            type_name(obj)
        ),
    })
}

/// The bytes form of a column: the array's own memory, a copy of it, or bytes converted from
/// another type.
pub(crate) enum ColumnBytes<'py> {
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
pub(crate) struct ArrayMemory<'py> {
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
    pub(crate) fn bytes(&self) -> &[u8] {
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
pub(crate) fn column_bytes<'py>(
    obj: &Bound<'py, PyAny>,
) -> Result<Option<ColumnBytes<'py>>, HostError> {
    use watchstander::column::{bytes_of_f64s, bytes_of_i64s};
    use ColumnBytes::{Converted, Python};
    let py = obj.py();
    let raw = |a: &Bound<'py, PyAny>| -> Result<Bound<'py, pyo3::types::PyBytes>, HostError> {
        let b = a.call_method0("tobytes").map_err(py_err)?;
        b.cast_into::<pyo3::types::PyBytes>()
            .map_err(|e| py_err(e.into()))
    };
    let f64s = |bytes: &[u8], width: usize| -> Result<Vec<u8>, HostError> {
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
