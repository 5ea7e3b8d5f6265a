//! Instants at the edge of the supported range, as deserializers meet them.
//!
//! Inputs carry instants as RFC 3339 text, and serde hands that text to chrono's `DateTime`
//! visitor, which accepts the year 0 and lets an offset carry `0001-01-01T00:30:00+01:00`
//! into the year 0 or `9999-12-31T23:30:00-01:00` into the year 10000 — instants that
//! [`parse_instant`](super::parse_instant) refuses and that no RFC 3339 output can write. The
//! deserializers of every front end (JSON text, Python objects, JS values) pass each string
//! they give a visitor through [`check_instant_text`] first; it costs a byte comparison for
//! every string that cannot be such an instant.
//!
//! ```
//! use serde::de::value::{Error, StrDeserializer};
//! use serde::de::IntoDeserializer;
//! use serde::Deserialize;
//!
//! // A deserializer of one string that guards it, as the front ends do.
//! struct Guarded<'a>(&'a str);
//! impl<'de> serde::Deserializer<'de> for Guarded<'de> {
//!     type Error = Error;
//!     fn deserialize_any<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
//!         watchstander::time::check_instant_text::<Error>(self.0, &v)?;
//!         v.visit_borrowed_str(self.0)
//!     }
//!     serde::forward_to_deserialize_any! {
//!         bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
//!         byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
//!         struct enum identifier ignored_any
//!     }
//! }
//! type Instant = chrono::DateTime<chrono::Utc>;
//! assert!(Instant::deserialize(Guarded("2026-03-08T07:30:00Z")).is_ok());
//! // Chrono alone accepts this instant of the year 0:
//! let plain: StrDeserializer<Error> = "0000-06-01T00:00:00Z".into_deserializer();
//! assert!(Instant::deserialize(plain).is_ok());
//! // Guarded, it is refused; the same text as a plain string passes untouched.
//! assert!(Instant::deserialize(Guarded("0000-06-01T00:00:00Z")).is_err());
//! assert!(Instant::deserialize(Guarded("0001-01-01T00:30:00+01:00")).is_err());
//! assert!(String::deserialize(Guarded("0000-06-01T00:00:00Z")).is_ok());
//! ```

use std::fmt::{self, Write};

use serde::de::Expected;

/// The `expecting` text of chrono's `DateTime` visitor (what `DateTime<Utc>` and
/// `DateTime<FixedOffset>` deserialise through).
pub const INSTANT_EXPECTING: &str = "an RFC 3339 formatted date and time string";

/// Whether `text` could be an instant that leaves the years 1 to 9999 in UTC: the year 0, a
/// signed year, or the first or last day of the range (where an offset can cross the edge).
fn at_the_edge(text: &str) -> bool {
    text.starts_with("0000")
        || text.starts_with('-')
        || text.starts_with('+')
        || text.starts_with("0001-01-01")
        || text.starts_with("9999-12-31")
}

/// Compares what a visitor expects with a text without allocating.
struct Matches<'a> {
    rest: &'a str,
}

impl Write for Matches<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.rest.strip_prefix(s) {
            Some(rest) => {
                self.rest = rest;
                Ok(())
            }
            None => Err(fmt::Error),
        }
    }
}

/// Whether the visitor behind `expected` expects exactly `want`.
fn expects(expected: &dyn Expected, want: &str) -> bool {
    let mut m = Matches { rest: want };
    write!(m, "{expected}").is_ok() && m.rest.is_empty()
}

/// Refuses `text` when it is given to an instant visitor (chrono's, see
/// [`INSTANT_EXPECTING`]) and is not an instant inside the years 1 to 9999 in UTC, with the
/// typed `invalid_timestamp` error of [`parse_instant`](super::parse_instant). Every other
/// string passes, most after one byte comparison. For deserializers that hand strings to
/// visitors: watchstander's JSON front end and its Python and Node bindings call it.
pub fn check_instant_text<E: serde::de::Error>(
    text: &str,
    expected: &dyn Expected,
) -> Result<(), E> {
    if !at_the_edge(text) || !expects(expected, INSTANT_EXPECTING) {
        return Ok(());
    }
    match super::parse_instant(text) {
        Ok(_) => Ok(()),
        Err(e) => Err(crate::error::de_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Says(&'static str);
    impl Expected for Says {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // Written in pieces, as visitors using `write!` do.
            for piece in self.0.split_inclusive(' ') {
                f.write_str(piece)?;
            }
            Ok(())
        }
    }

    #[test]
    fn expects_compares_the_whole_text() {
        assert!(expects(&Says(INSTANT_EXPECTING), INSTANT_EXPECTING));
        assert!(!expects(&Says("an RFC 3339"), INSTANT_EXPECTING));
        assert!(!expects(
            &Says("an RFC 3339 formatted date and time string, or more"),
            INSTANT_EXPECTING
        ));
        assert!(!expects(&Says("a string"), INSTANT_EXPECTING));
    }

    #[test]
    fn only_instants_outside_the_range_are_refused() {
        let v = Says(INSTANT_EXPECTING);
        let check = |t: &str| check_instant_text::<serde::de::value::Error>(t, &v).is_ok();
        assert!(check("0001-01-01T00:00:00Z"));
        assert!(check("0001-01-01T01:00:00+01:00"));
        assert!(check("9999-12-31T23:59:59Z"));
        assert!(check("9999-12-31T22:59:59-01:00"));
        assert!(check("2026-03-08T07:30:00Z"));
        assert!(!check("0000-06-01T00:00:00Z"));
        assert!(!check("0001-01-01T00:30:00+01:00"));
        assert!(!check("9999-12-31T23:30:00-01:00"));
        assert!(!check("-0001-06-01T00:00:00Z"));
        // Not an instant at all, at the edge: the typed error `parse_instant` gives.
        assert!(!check("0000"));
        // Another visitor: untouched.
        let other = Says("a string");
        assert!(
            check_instant_text::<serde::de::value::Error>("0000-06-01T00:00:00Z", &other).is_ok()
        );
    }
}
