//! JavaScript values → core inputs: what the binding accepts, and the text and bytes it reads
//! some values as. The walk itself is `crate::host` (the core's `HostValue` over JS values).
//!
//! Objects (own enumerable keys; a property whose value is `undefined` is absent), arrays,
//! strings, numbers, booleans and `null` map to their JSON counterparts. Where an instant is
//! wanted, a `Date` or a number of epoch milliseconds is accepted besides RFC 3339 text; typed
//! arrays read as arrays of numbers, or as one block of bytes where a column is wanted.
//! Functions, symbols, bigints and non-finite numbers are refused with `unsupported_value`,
//! nesting deeper than `watchstander::ops::MAX_DEPTH` with `input_too_deep`.

use watchstander::error::de_error;
use watchstander::ops::host::{HostError, HostValue};
use watchstander::time::TimeError;
use watchstander::InputError;

use crate::js::{Env, Value};

/// A failed Node-API call, as an input error.
pub(crate) fn napi_err(e: napi::Error) -> HostError {
    de_error(InputError::UnsupportedValue {
        reason: e.reason.clone(),
    })
}

/// A value with no JSON meaning.
pub(crate) fn unsupported(reason: impl Into<String>) -> HostError {
    de_error(InputError::UnsupportedValue {
        reason: reason.into(),
    })
}

/// A JavaScript value as an operation's input (read through `crate::host`).
pub struct JsInput {
    pub env: Env,
    pub value: Value,
}

impl watchstander::ops::HostInput for JsInput {
    fn with_host(&self, f: &mut dyn FnMut(&mut dyn HostValue)) {
        let mut buf = Vec::new();
        f(&mut crate::host::JsValue::new(
            self.env, self.value, &mut buf,
        ));
    }
}

/// Epoch milliseconds → RFC 3339 text (whole milliseconds).
pub(crate) fn epoch_ms_text(ms: f64) -> Result<String, HostError> {
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

/// A typed array as the bytes form of a column (`watchstander::column`): one copy
/// instead of a number per value. `BigInt64Array` values are taken as they are; float arrays
/// must hold whole numbers (`NaN` where a value is missing).
pub(crate) fn column_bytes(t: i32, bytes: &[u8]) -> Result<Vec<u8>, HostError> {
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
pub(crate) fn typed_numbers(t: i32, bytes: &[u8]) -> Result<Vec<f64>, HostError> {
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
