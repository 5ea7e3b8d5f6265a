//! The operation registry: every operation of the public contract, declared once.
//!
//! An operation is a unit type implementing [`Op`]: a name, a summary, Markdown docs, a
//! runnable example, and typed input and output. [`Operation::of`] erases it into a plain
//! record the front ends can hold in a table; the CLI's `call`, the Python and Node
//! bindings, the JSON Schemas, the generated Python and TypeScript types and the operations
//! reference all read the same record.
//!
//! Parsing and running are split so a binding can parse with its interpreter lock held, run
//! the core without it, and convert the output back with the lock held again:
//!
//! ```
//! use watchstander::ops;
//! let op = ops::find("time.parse_duration").unwrap();
//! let input = op.parse_from(&serde_json::json!({"duration": "PT90M"}))?;
//! let output = op.run(input)?;
//! assert_eq!(serde_json::to_value(&*output).unwrap()["fixed_seconds"], 5400);
//! # Ok::<(), watchstander::Error>(())
//! ```

use std::any::Any;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::host_input::HostInput;
use crate::Error;

/// What an operation's input and output types must also be so their JSON Schemas can be
/// generated: [`schemars::JsonSchema`] with the `schema` feature, nothing without it (the
/// Python and Node bindings run operations without carrying the schema code).
#[cfg(feature = "schema")]
pub trait Described: schemars::JsonSchema {}
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> Described for T {}
/// What an operation's input and output types must also be so their JSON Schemas can be
/// generated: [`schemars::JsonSchema`] with the `schema` feature, nothing without it (the
/// Python and Node bindings run operations without carrying the schema code).
#[cfg(not(feature = "schema"))]
pub trait Described {}
#[cfg(not(feature = "schema"))]
impl<T> Described for T {}

/// One operation of the public contract. Implemented by a unit type per operation in
/// `ops/<module>.rs`; the type itself is private, the erased [`Operation`] is public.
pub trait Op: 'static {
    /// `module.verb`, e.g. `schedule.oncall`.
    const NAME: &'static str;
    /// One line: what it answers.
    const SUMMARY: &'static str;
    /// Markdown for the reference page: what it does, the rules it follows, its limits.
    const DOC: &'static str;
    /// A JSON input that succeeds; a test runs every example.
    const EXAMPLE: &'static str;
    /// Whether the operation takes a batch (arrays of many items): front ends offer columnar
    /// forms for such operations.
    const BULK: bool = false;
    /// The input object.
    type Input: DeserializeOwned + Described + Send + 'static;
    /// The result.
    type Output: Serialize + Described + Send + 'static;
    /// Runs the operation on a parsed input.
    fn run(input: Self::Input) -> Result<Self::Output, Error>;
}

/// A parsed input, ready for [`Operation::run`].
pub type Input = Box<dyn Any + Send>;

/// The result of [`Operation::run`]: serialise it with any serde serializer.
pub type Output = Box<dyn erased_serde::Serialize + Send>;

/// The erased record of one [`Op`].
#[derive(Clone, Copy)]
pub struct Operation {
    /// `module.verb`.
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown docs.
    pub doc: &'static str,
    /// An input that succeeds, as JSON text.
    pub example: &'static str,
    /// Whether it takes a batch.
    pub bulk: bool,
    parse_from: fn(&dyn HostInput) -> Result<Input, Error>,
    #[cfg(feature = "reference-parse")]
    parse_reference: fn(&serde_json::Value) -> Result<Input, Error>,
    run: fn(Input) -> Result<Output, Error>,
    #[cfg(feature = "schema")]
    input_schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    #[cfg(feature = "schema")]
    output_schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

fn parse_host<O: Op>(input: &dyn HostInput) -> Result<Input, Error> {
    let input: O::Input = super::host_input::parse(input)?;
    Ok(Box::new(input))
}

#[cfg(feature = "reference-parse")]
fn parse_reference<O: Op>(value: &serde_json::Value) -> Result<Input, Error> {
    let input: O::Input = super::guarded::reference_parse(value)?;
    Ok(Box::new(input))
}

fn run_erased<O: Op>(input: Input) -> Result<Output, Error> {
    let input = input.downcast::<O::Input>().map_err(|_| {
        Error::invalid_input(format!(
            "the input given to {} was parsed for another operation",
            O::NAME
        ))
    })?;
    Ok(Box::new(O::run(*input)?))
}

#[cfg(feature = "schema")]
fn schema_of<T: schemars::JsonSchema>(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    g.subschema_for::<T>()
}

impl Operation {
    /// The record of `O`.
    pub const fn of<O: Op>() -> Operation {
        Operation {
            name: O::NAME,
            summary: O::SUMMARY,
            doc: O::DOC,
            example: O::EXAMPLE,
            bulk: O::BULK,
            parse_from: parse_host::<O>,
            #[cfg(feature = "reference-parse")]
            parse_reference: parse_reference::<O>,
            run: run_erased::<O>,
            #[cfg(feature = "schema")]
            input_schema: schema_of::<O::Input>,
            #[cfg(feature = "schema")]
            output_schema: schema_of::<O::Output>,
        }
    }

    /// The module part of the name (`schedule` for `schedule.oncall`).
    pub fn module(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(m, _)| m)
    }

    /// The verb part of the name (`oncall` for `schedule.oncall`).
    pub fn verb(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(_, v)| v)
    }

    /// Parses the input from any serde deserializer (JSON text, YAML, ...), with the path of
    /// the first problem and the typed error behind it. The document is read into a JSON
    /// value first (so an input type's parsing code is compiled once, for
    /// [`parse_from`](Self::parse_from)); a front end that holds values of its own implements
    /// [`HostInput`] instead.
    pub fn parse(&self, de: &mut dyn erased_serde::Deserializer<'_>) -> Result<Input, Error> {
        self.parse_from(&super::host_input::document(de)?)
    }

    /// Parses the input from a front end's value (a JSON value, a Python object, a JS value)
    /// in one pass, with the path of the first problem and the typed error behind it (see
    /// [`super::host`]); what the front ends use.
    pub fn parse_from(&self, input: &dyn HostInput) -> Result<Input, Error> {
        (self.parse_from)(input)
    }

    /// The reference reading of a JSON input: serde_json's own deserializer with the path
    /// tracked by `serde_path_to_error`, which [`parse_from`](Self::parse_from) must agree
    /// with (tests only: it compiles every input type once more).
    #[cfg(feature = "reference-parse")]
    pub fn parse_reference(&self, value: &serde_json::Value) -> Result<Input, Error> {
        (self.parse_reference)(value)
    }

    /// Runs the operation on an input [`parse`](Self::parse)d by the same operation. Pure:
    /// no I/O, no clock; safe to call without any interpreter lock.
    pub fn run(&self, input: Input) -> Result<Output, Error> {
        (self.run)(input)
    }

    /// The JSON Schema of the input, its definitions collected in `g`.
    #[cfg(feature = "schema")]
    pub fn input_schema(&self, g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        (self.input_schema)(g)
    }

    /// The JSON Schema of the output, its definitions collected in `g`.
    #[cfg(feature = "schema")]
    pub fn output_schema(&self, g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        (self.output_schema)(g)
    }
}
