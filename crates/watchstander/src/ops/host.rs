//! How a front end's values reach an operation's typed input: the host language's own values
//! (a Python dict, a JS object, a JSON value) read straight into the input, in one pass, with
//! the path of the first problem when there is one.
//!
//! A front end describes its values through [`HostValue`] — what a value is ([`Shape`]), a
//! walk over its items or entries, and the front end's own rules where they differ (what text a
//! number or a date-time object stands for where an instant is wanted, which values it
//! converts, how it refuses the rest). The core's deserializer ([`parse`]) does the rest, and it
//! is the *only* deserializer an input type is compiled against: one copy of every input
//! type's parsing code serves the JSON front end, Python and Node alike, which is what keeps
//! the native libraries small.
//!
//! Errors say where they are: the deserializer keeps no path while it reads (a valid input
//! pays nothing for it), and an error collects the keys and indexes of the values it passes
//! through on its way out. The path is the one [`serde_path_to_error`] would report for the
//! same calls, and the message and typed fields are those of [`crate::error::deserialize`]:
//! `tests/host_parse.rs` compares the two on every conformance case and example.
//!
//! ```
//! use watchstander::ops;
//! let op = ops::find("time.parse_duration")?;
//! let bad = serde_json::json!({"duration": "PT90M", "durration": 1});
//! let err = op.parse_from(&bad).err().unwrap();
//! assert_eq!(err.code(), "invalid_input");
//! assert_eq!(err.path(), "durration");
//! # Ok::<(), watchstander::Error>(())
//! ```
//!
//! [`serde_path_to_error`]: https://docs.rs/serde_path_to_error

use std::fmt;

use serde::de::{self, DeserializeOwned, Visitor};

use crate::Error;

pub use super::host_de::HostDeserializer;

/// What a host value is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape<'a> {
    /// `None` / `null` / `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits `i64` (visited as `i64`).
    I64(i64),
    /// An integer visited as `u64` (above `i64::MAX`, or any non-negative JSON integer).
    U64(u64),
    /// A number visited as `f64`; a non-finite one is refused.
    F64(f64),
    /// Text.
    Str(&'a str),
    /// A date, time, date-time or duration object (Python's `datetime`, `date`, `time`,
    /// `timedelta`, a JS `Date`): read as the text [`HostValue::text`] gives.
    Temporal,
    /// A list: walked with [`HostValue::seq`].
    Seq,
    /// A mapping with string keys: walked with [`HostValue::map`].
    Map,
    /// Anything else: read as a column ([`HostValue::column`]), converted
    /// ([`HostValue::convert`]) or refused ([`HostValue::refusal`]).
    Other,
}

impl<'a> Shape<'a> {
    /// How serde's messages name a value of this shape (`None` for [`Shape::Temporal`] and
    /// [`Shape::Other`], which the host names).
    pub(crate) fn unexpected(self) -> Option<de::Unexpected<'a>> {
        Some(match self {
            Shape::Null => de::Unexpected::Unit,
            Shape::Bool(b) => de::Unexpected::Bool(b),
            Shape::I64(v) => de::Unexpected::Signed(v),
            Shape::U64(v) => de::Unexpected::Unsigned(v),
            Shape::F64(v) => de::Unexpected::Float(v),
            Shape::Str(s) => de::Unexpected::Str(s),
            Shape::Seq => de::Unexpected::Seq,
            Shape::Map => de::Unexpected::Map,
            Shape::Temporal | Shape::Other => return None,
        })
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

/// A column's bytes (see [`crate::column`]): borrowed from the host's own memory, or made.
#[derive(Debug)]
pub enum ColumnData<'a> {
    /// The host's memory, read in place.
    Borrowed(&'a [u8]),
    /// Bytes converted from the host's value.
    Owned(Vec<u8>),
}

/// The error of a host parse: a message (serde's, or a typed error's through
/// [`crate::error::de_error`]) and, once it has left the value it arose at, where that was.
pub struct HostError(Box<Inner>);

struct Inner {
    message: String,
    /// Whether the value it arose at is known: from then on every value it passes through on
    /// its way out adds its key or index.
    placed: bool,
    /// Innermost first.
    segments: Vec<Segment>,
}

/// One step of a path.
enum Segment {
    Index(usize),
    Key(String),
    /// A mapping key the host could not read as text.
    Unknown,
}

impl HostError {
    /// The message.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Where the error is, as `layers[2].zone` (`.` for the whole input).
    pub fn path(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.0.segments.iter().rev().enumerate() {
            match s {
                Segment::Index(n) => out.push_str(&format!("[{n}]")),
                Segment::Key(k) => {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Unknown => {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push('?');
                }
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    }

    /// The error arose at the value being read (if no deeper value claimed it).
    pub(super) fn placed(mut self) -> Self {
        self.0.placed = true;
        self
    }

    pub(super) fn is_placed(&self) -> bool {
        self.0.placed
    }

    /// The error passed through the item `index` of a list.
    pub(super) fn at_index(self, index: usize) -> Self {
        self.within(Segment::Index(index))
    }

    /// The error passed through the entry `key` of a mapping (or an enum's variant `key`).
    pub(super) fn at_key(self, key: &str) -> Self {
        self.within(Segment::Key(key.to_string()))
    }

    /// The error passed through an entry whose key could not be read.
    pub(super) fn at_unknown_key(self) -> Self {
        self.within(Segment::Unknown)
    }

    /// The error passed through `segment`: placed, and one step deeper.
    fn within(mut self, segment: Segment) -> Self {
        self.0.placed = true;
        self.0.segments.push(segment);
        self
    }
}

impl fmt::Debug for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HostError({:?} at {})", self.0.message, self.path())
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for HostError {}

// Errors are the rare path: kept out of line, so that each visitor's code stays small.
impl de::Error for HostError {
    #[cold]
    #[inline(never)]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        HostError(Box::new(Inner {
            message: msg.to_string(),
            placed: false,
            segments: Vec::new(),
        }))
    }

    // Values are named as JSON names them (`null`, not serde's `unit value`), in every front
    // end: the messages serde_json's own errors give.
    #[cold]
    #[inline(never)]
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {}",
            JsonNamed(unexp),
            exp
        ))
    }

    #[cold]
    #[inline(never)]
    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {}",
            JsonNamed(unexp),
            exp
        ))
    }

    // serde's own messages, out of line (each struct's visitor names every field in them).
    #[cold]
    #[inline(never)]
    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("invalid length {len}, expected {exp}"))
    }

    #[cold]
    #[inline(never)]
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self::custom(format_args!(
            "unknown variant `{variant}`, {}",
            OneOf(expected, "variants")
        ))
    }

    #[cold]
    #[inline(never)]
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self::custom(format_args!(
            "unknown field `{field}`, {}",
            OneOf(expected, "fields")
        ))
    }

    #[cold]
    #[inline(never)]
    fn missing_field(field: &'static str) -> Self {
        Self::custom(format_args!("missing field `{field}`"))
    }

    #[cold]
    #[inline(never)]
    fn duplicate_field(field: &'static str) -> Self {
        Self::custom(format_args!("duplicate field `{field}`"))
    }
}

/// serde's "expected one of" text for a list of names.
struct OneOf(&'static [&'static str], &'static str);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => write!(f, "there are no {}", self.1),
            [one] => write!(f, "expected `{one}`"),
            [a, b] => write!(f, "expected `{a}` or `{b}`"),
            names => {
                f.write_str("expected one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// A value in an error message, as serde_json names it.
struct JsonNamed<'a>(de::Unexpected<'a>);

impl fmt::Display for JsonNamed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            de::Unexpected::Unit => f.write_str("null"),
            de::Unexpected::Float(v) => match serde_json::Number::from_f64(v) {
                Some(n) => write!(f, "floating point `{n}`"),
                None => write!(f, "floating point `{v}`"),
            },
            other => fmt::Display::fmt(&other, f),
        }
    }
}

/// chrono's `expecting` text for `DateTime`.
const INSTANT: &str = "an RFC 3339 formatted date and time string";
/// chrono's `expecting` text for `NaiveDateTime`.
const LOCAL: &str = "a formatted date and time string";

/// What `visitor` asks for (see [`Wants`]), without allocating: its `expecting` text is
/// compared piece by piece as it is written.
pub fn wants<'de, V: Visitor<'de>>(visitor: &V) -> Wants {
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

/// A visitor's `expecting` text, as a `Display`.
struct Expecting<'v, V>(&'v V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// A value of the host language. Implemented by each front end.
pub trait HostValue {
    /// What the value is.
    fn shape(&mut self) -> Shape<'_>;
    /// The text the front end reads the value as where `wants` is asked for: for a number
    /// where an instant is wanted (Unix seconds in Python, epoch milliseconds in Node) and for
    /// a [`Shape::Temporal`] value; `None` to read the number as a number (JSON).
    fn text(&mut self, wants: Wants) -> Result<Option<String>, HostError>;
    /// The front end's refusal of `text`, a string with a leap second (`:60`), where an
    /// instant is wanted; `None` (the default) lets the visitor judge it.
    fn leap_second(&mut self, text: &str) -> Option<HostError> {
        let _ = text;
        None
    }
    /// Calls `f` once with the list's items, if the value is a list ([`Shape::Seq`]).
    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), HostError>;
    /// Calls `f` once with the mapping's entries, if the value is a mapping ([`Shape::Map`]).
    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), HostError>;
    /// For an externally tagged enum: if the value is a mapping with exactly one entry
    /// (counting entries whose value is null, as the bindings do here), calls `f` with its key
    /// and value; does nothing for anything else.
    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<(), HostError>;
    /// For a [`Shape::Other`] value where a column is wanted: calls `f` with its bytes if it
    /// can be one (a numpy array, a typed array); by default it cannot.
    fn column(&mut self, f: &mut dyn FnMut(ColumnData<'_>)) -> Result<(), HostError> {
        let _ = f;
        Ok(())
    }
    /// For a [`Shape::Other`] value: turns it into a value of another shape in place (a
    /// Python `Mapping` into a dict, a typed array into a list of numbers) and returns `true`,
    /// or returns `false` (the default) if it cannot.
    fn convert(&mut self) -> Result<bool, HostError> {
        Ok(false)
    }
    /// The front end's refusal of a [`Shape::Other`] value it cannot convert.
    fn refusal(&mut self) -> HostError;
}

/// The items of a host list.
pub trait HostSeq {
    /// How many items are left.
    fn remaining(&self) -> usize;
    /// Calls `f` with the next item and returns `true`, or returns `false` at the end.
    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, HostError>;
}

/// The entries of a host mapping (a binding leaves out those whose value is null /
/// `undefined`; JSON keeps them).
pub trait HostMap {
    /// At most how many entries are left.
    fn remaining(&self) -> usize;
    /// The next entry's key, or `None` at the end.
    fn next_key(&mut self) -> Result<Option<&str>, HostError>;
    /// The key [`next_key`](Self::next_key) gave last, again (for an error's path).
    fn key(&mut self) -> Option<String>;
    /// Calls `f` with the value of the entry whose key [`next_key`](Self::next_key) gave.
    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), HostError>;
}

/// Reads `T` from a host value, with the path, message and typed fields of the first problem
/// (see the [module docs](self)).
pub fn parse<T: DeserializeOwned>(value: &mut dyn HostValue) -> Result<T, Error> {
    crate::error::clear_typed();
    T::deserialize(HostDeserializer::new(value))
        .map_err(|e| crate::error::input_error(e.0.message.clone(), e.path()))
}

#[cfg(test)]
mod tests {
    use serde::de::Error as _;

    use super::*;

    /// The `Wants` of the visitor `T::deserialize` hands to the deserializer.
    fn wanted_by<T: for<'de> serde::Deserialize<'de>>() -> Wants {
        struct Probe(Option<Wants>);
        impl<'de> de::Deserializer<'de> for &mut Probe {
            type Error = HostError;
            fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, HostError> {
                self.0 = Some(wants(&v));
                Err(de::Error::custom("probe"))
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
        // Nor is a text that stops early, or one as long as chrono's but different.
        struct Text(String);
        impl<'de> Visitor<'de> for Text {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        for text in [
            INSTANT[..10].to_string(),
            LOCAL[..10].to_string(),
            "x".repeat(INSTANT.len()),
            "x".repeat(LOCAL.len()),
        ] {
            assert_eq!(wants(&Text(text.clone())), Wants::Other, "{text}");
        }
    }

    #[test]
    fn an_error_is_placed_by_the_first_value_it_passes_and_names_its_path() {
        let e = HostError::custom("bad zone");
        assert!(!e.is_placed());
        assert_eq!(e.path(), ".");
        assert_eq!(e.to_string(), "bad zone");
        assert_eq!(e.message(), "bad zone");
        assert!(HostError::custom("x").placed().is_placed());
        let e = HostError::custom("bad zone")
            .at_key("zone")
            .at_index(2)
            .at_key("layers");
        assert!(e.is_placed());
        assert_eq!(e.path(), "layers[2].zone");
        assert_eq!(
            format!("{e:?}"),
            r#"HostError("bad zone" at layers[2].zone)"#
        );
        // A key the host could not read as text is `?`, wherever it is.
        assert_eq!(HostError::custom("x").at_unknown_key().path(), "?");
        let e = HostError::custom("x")
            .at_unknown_key()
            .at_index(0)
            .at_key("labels");
        assert!(e.is_placed());
        assert_eq!(e.path(), "labels[0].?");
        assert_eq!(
            HostError::custom("x").at_key("a").at_unknown_key().path(),
            "?.a"
        );
    }
}
