//! Integer columns that cross the boundary as one block of bytes.
//!
//! Columnar inputs (the metrics module's incident and page columns) hold millions of integers.
//! Read one value at a time through serde, each costs a few virtual calls and a visitor; read
//! as one block, a column of a million costs one copy. So a column field accepts either form:
//!
//! * a **sequence** of integers (JSON arrays, Python lists, JS arrays), `null` where a value is
//!   missing — the ordinary serde path;
//! * **bytes**: the column's values as consecutive little-endian `i64`s, which is what a numpy
//!   `int64` array's `tobytes()` or a `BigInt64Array`'s buffer holds.
//!
//! A deserializer offers bytes only to a visitor that asks for a column: asked for a
//! sequence, the front ends' reading (`ops::host`) compares the visitor's `expecting` text
//! with [`EXPECTING`] and, for a numpy or typed array, hands over the array's buffer in one
//! `visit_bytes` call. Everything else is unaffected.
//!
//! ```
//! use serde::Deserialize;
//! use serde::de::IntoDeserializer;
//! use serde::de::value::{BytesDeserializer, Error};
//!
//! // The sequence form, as JSON carries it.
//! let from_json: Vec<i64> = watchstander::column::i64s(&serde_json::json!([3, -1, 7])).unwrap();
//! assert_eq!(from_json, [3, -1, 7]);
//!
//! // The bytes form, as a binding passes a numpy int64 array.
//! let bytes: Vec<u8> = [3i64, -1, 7].iter().flat_map(|v| v.to_le_bytes()).collect();
//! let from_bytes = watchstander::column::i64s(BytesDeserializer::<Error>::new(&bytes)).unwrap();
//! assert_eq!(from_bytes, [3, -1, 7]);
//! ```

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// The `expecting` text of a column visitor: a deserializer that sees it may hand over the
/// whole column as little-endian `i64` bytes (`visit_bytes` / `visit_byte_buf`).
pub const EXPECTING: &str = "a column of integers (a sequence, or little-endian int64 bytes)";

/// The most values one column may hold (64 Mi, 512 MiB of `i64`s): larger inputs are refused
/// before anything is allocated.
pub const MAX_COLUMN: usize = 1 << 26;

/// How a missing value is kept.
trait Cell: Sized {
    fn value(v: i64) -> Self;
    fn missing() -> Self;
}

impl Cell for i64 {
    fn value(v: i64) -> Self {
        v
    }
    fn missing() -> Self {
        -1
    }
}

impl Cell for Option<i64> {
    fn value(v: i64) -> Self {
        Some(v)
    }
    fn missing() -> Self {
        None
    }
}

struct ColumnVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Cell> Visitor<'de> for ColumnVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(v) = seq.next_element::<Option<i64>>()? {
            if out.len() >= MAX_COLUMN {
                return Err(de::Error::custom(format_args!(
                    "a column holds at most {MAX_COLUMN} values"
                )));
            }
            out.push(v.map_or_else(T::missing, T::value));
        }
        Ok(out)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
        if !bytes.len().is_multiple_of(8) {
            return Err(E::custom(format_args!(
                "a column given as bytes must hold whole little-endian int64 values; {} bytes is not a multiple of 8",
                bytes.len()
            )));
        }
        if bytes.len() / 8 > MAX_COLUMN {
            return Err(E::custom(format_args!(
                "a column holds at most {MAX_COLUMN} values; got {}",
                bytes.len() / 8
            )));
        }
        Ok(bytes
            .chunks_exact(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                T::value(i64::from_le_bytes(b))
            })
            .collect())
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Vec<T>, E> {
        self.visit_bytes(&bytes)
    }
}

/// Deserializes a column of integers, `null` read as `-1` (missing), from either form (see
/// the [module docs](self)). Use as `#[serde(deserialize_with = "...")]`.
pub fn i64s<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    d.deserialize_seq(ColumnVisitor::<i64>(std::marker::PhantomData))
}

/// Deserializes a column of optional integers from either form: `null` is `None`; values in
/// the bytes form are all `Some` (negative values mean "missing" to the columns that use this).
pub fn opt_i64s<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Option<i64>>, D::Error> {
    d.deserialize_seq(ColumnVisitor::<Option<i64>>(std::marker::PhantomData))
}

/// The bytes form of a column of integers (for front ends that hold an integer array).
///
/// ```
/// let bytes = watchstander::column::bytes_of_i64s([1i64, -1]);
/// assert_eq!(bytes.len(), 16);
/// ```
pub fn bytes_of_i64s(values: impl IntoIterator<Item = i64>) -> Vec<u8> {
    values.into_iter().flat_map(i64::to_le_bytes).collect()
}

/// The bytes form of a column of whole numbers held as floating point (JavaScript numbers,
/// numpy `float64` arrays): `NaN` is a missing value (`-1`); a fraction or an infinity is
/// refused with the row it is in.
///
/// ```
/// use watchstander::column::{bytes_of_f64s, bytes_of_i64s};
/// assert_eq!(bytes_of_f64s([1.0, f64::NAN]).unwrap(), bytes_of_i64s([1, -1]));
/// let e = bytes_of_f64s([1.0, 2.5]).unwrap_err();
/// assert!(e.to_string().contains("row 1"));
/// ```
pub fn bytes_of_f64s(values: impl IntoIterator<Item = f64>) -> Result<Vec<u8>, crate::InputError> {
    // 2^63: the first float outside i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let values = values.into_iter();
    let mut out = Vec::with_capacity(values.size_hint().0.saturating_mul(8));
    for (row, v) in values.enumerate() {
        let whole = if v.is_nan() {
            -1
        } else if v.fract() == 0.0 && v.abs() < LIMIT {
            v as i64
        } else {
            return Err(crate::InputError::UnsupportedValue {
                reason: format!(
                    "row {row} of a column of integers holds {v}: give whole numbers (NaN or null where a value is missing)"
                ),
            });
        };
        out.extend_from_slice(&whole.to_le_bytes());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{BytesDeserializer, Error};

    #[test]
    fn sequences_keep_nulls_apart_from_values() {
        let v = opt_i64s(&serde_json::json!([1, null, -5])).unwrap();
        assert_eq!(v, [Some(1), None, Some(-5)]);
        let v = i64s(&serde_json::json!([1, null, -5])).unwrap();
        assert_eq!(v, [1, -1, -5]);
    }

    #[test]
    fn bytes_are_little_endian_int64() {
        let bytes: Vec<u8> = [1i64, i64::MIN, 1 << 40]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let v = i64s(BytesDeserializer::<Error>::new(&bytes)).unwrap();
        assert_eq!(v, [1, i64::MIN, 1 << 40]);
        let v = opt_i64s(BytesDeserializer::<Error>::new(&bytes)).unwrap();
        assert_eq!(v, [Some(1), Some(i64::MIN), Some(1 << 40)]);
    }

    #[test]
    fn ragged_bytes_are_refused_with_the_length() {
        let e = i64s(BytesDeserializer::<Error>::new(&[0u8; 12])).unwrap_err();
        assert!(e.to_string().contains("12 bytes"), "{e}");
    }

    #[test]
    fn other_shapes_are_refused() {
        assert!(i64s(&serde_json::json!("1,2,3")).is_err());
        assert!(i64s(&serde_json::json!([1.5])).is_err());
    }
}
