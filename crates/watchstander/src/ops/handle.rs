//! Handles: state a program keeps between calls — a compiled schedule, a live incident, an
//! escalation run, an alert pipeline — declared once, like operations.
//!
//! A handle type is built once from an input (its constructor), answers many method calls, and
//! can be turned back into a serialisable state and restored from it (so Python handles pickle
//! and a service can persist them). Each method is a unit type implementing [`Method`] with a
//! typed input (its named arguments) and output, so the Python and TypeScript classes, their
//! stubs and the reference page are generated from the declaration, like operations'.
//!
//! ```
//! use watchstander::ops;
//! let h = ops::handle_type("schedule.CompiledSchedule").unwrap();
//! let mut compiled = h.create(&mut <dyn erased_serde::Deserializer>::erase(&serde_json::json!({
//!     "schedule": {"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
//!         "members": ["ann", "ben"], "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": "days"}}}]},
//!     "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"})))?;
//! let m = h.method("responders").unwrap();
//! let args = m.parse(&mut <dyn erased_serde::Deserializer>::erase(&serde_json::json!({"at": "2026-01-02T12:00:00Z"})))?;
//! let who = m.run(&mut *compiled, args)?;
//! assert_eq!(serde_json::to_value(&*who).unwrap(), serde_json::json!(["ben"]));
//! # Ok::<(), watchstander::Error>(())
//! ```

use std::any::Any;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::host_input::HostInput;
use super::registry::{Input, Output};
use crate::Error;

use super::registry::Described;

/// A kind of state a front end keeps: its constructor, its state, its methods.
pub trait Handle: Any + Send + Sync + Sized {
    /// `module.ClassName`, e.g. `schedule.CompiledSchedule`.
    const NAME: &'static str;
    /// One line.
    const SUMMARY: &'static str;
    /// Markdown for the reference page.
    const DOC: &'static str;
    /// A constructor input that succeeds (a test builds every handle from it).
    const EXAMPLE: &'static str;
    /// The constructor's input.
    type New: DeserializeOwned + Described + Send + 'static;
    /// What [`state`](Self::state) gives and [`restore`](Self::restore) takes.
    type State: Serialize + DeserializeOwned + Described + Send + 'static;
    /// Builds the handle.
    fn new(input: Self::New) -> Result<Self, Error>;
    /// The handle as serialisable state.
    fn state(&self) -> Self::State;
    /// The handle again, from its state.
    fn restore(state: Self::State) -> Result<Self, Error>;
    /// Its methods.
    fn methods() -> &'static [MethodRecord];
}

/// One method of a handle type `H`.
pub trait Method<H: Handle>: 'static {
    /// snake_case; Node spells it camelCase.
    const NAME: &'static str;
    /// One line.
    const SUMMARY: &'static str;
    /// Markdown.
    const DOC: &'static str;
    /// Whether it changes the handle.
    const MUTATES: bool = false;
    /// Whether the bindings implement it natively, without the generic path (a hot path such
    /// as "who is on call at t"); the generated classes then leave it to the native class.
    const NATIVE: bool = false;
    /// Its named arguments.
    type Input: DeserializeOwned + Described + Send + 'static;
    /// Its result.
    type Output: Serialize + Described + Send + 'static;
    /// Runs it.
    fn call(h: &mut H, input: Self::Input) -> Result<Self::Output, Error>;
}

#[cfg(feature = "schema")]
type SchemaFn = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// The arguments of a method that takes none.
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct NoArgs {}

/// The erased record of one [`Method`].
#[derive(Clone, Copy)]
pub struct MethodRecord {
    /// snake_case name.
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown.
    pub doc: &'static str,
    /// Whether it changes the handle.
    pub mutates: bool,
    /// Whether the bindings implement it natively.
    pub native: bool,
    parse_from: fn(&dyn HostInput) -> Result<Input, Error>,
    run: fn(&mut dyn Any, Input) -> Result<Output, Error>,
    #[cfg(feature = "schema")]
    input_schema: SchemaFn,
    #[cfg(feature = "schema")]
    output_schema: SchemaFn,
}

impl std::fmt::Debug for MethodRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MethodRecord")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

fn parse_method_from<H: Handle, M: Method<H>>(input: &dyn HostInput) -> Result<Input, Error> {
    let input: M::Input = super::host_input::parse(input)?;
    Ok(Box::new(input))
}

fn run_method<H: Handle, M: Method<H>>(h: &mut dyn Any, input: Input) -> Result<Output, Error> {
    let h = h.downcast_mut::<H>().ok_or_else(|| {
        Error::invalid_input(format!(
            "{}.{} was called on another kind of handle",
            H::NAME,
            M::NAME
        ))
    })?;
    let input = input.downcast::<M::Input>().map_err(|_| {
        Error::invalid_input(format!(
            "the arguments given to {}.{} were parsed for another method",
            H::NAME,
            M::NAME
        ))
    })?;
    Ok(Box::new(M::call(h, *input)?))
}

#[cfg(feature = "schema")]
fn schema_of<T: schemars::JsonSchema>(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    g.subschema_for::<T>()
}

impl MethodRecord {
    /// The record of method `M` of `H`.
    pub const fn of<H: Handle, M: Method<H>>() -> MethodRecord {
        MethodRecord {
            name: M::NAME,
            summary: M::SUMMARY,
            doc: M::DOC,
            mutates: M::MUTATES,
            native: M::NATIVE,
            parse_from: parse_method_from::<H, M>,
            run: run_method::<H, M>,
            #[cfg(feature = "schema")]
            input_schema: schema_of::<M::Input>,
            #[cfg(feature = "schema")]
            output_schema: schema_of::<M::Output>,
        }
    }

    /// Parses the method's arguments.
    pub fn parse(&self, de: &mut dyn erased_serde::Deserializer<'_>) -> Result<Input, Error> {
        self.parse_from(&super::host_input::document(de)?)
    }

    /// Parses the method's arguments from a front end's value (see [`HostInput`]).
    pub fn parse_from(&self, input: &dyn HostInput) -> Result<Input, Error> {
        (self.parse_from)(input)
    }

    /// Runs the method on a handle of its type.
    pub fn run(&self, h: &mut dyn AnyHandle, input: Input) -> Result<Output, Error> {
        (self.run)(h.as_any_mut(), input)
    }

    /// The JSON Schema of the arguments.
    #[cfg(feature = "schema")]
    pub fn input_schema(&self, g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        (self.input_schema)(g)
    }

    /// The JSON Schema of the result.
    #[cfg(feature = "schema")]
    pub fn output_schema(&self, g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        (self.output_schema)(g)
    }
}

/// A handle of any type, as the front ends hold it.
pub trait AnyHandle: Send + Sync {
    /// `module.ClassName`.
    fn type_name(&self) -> &'static str;
    /// The handle's state, serialisable.
    fn state(&self) -> Output;
    /// For downcasting to the concrete type (the bindings' native fast paths).
    fn as_any(&self) -> &dyn Any;
    /// For downcasting to the concrete type.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<H: Handle> AnyHandle for H {
    fn type_name(&self) -> &'static str {
        H::NAME
    }
    fn state(&self) -> Output {
        Box::new(Handle::state(self))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The erased record of one [`Handle`] type.
#[derive(Clone, Copy)]
pub struct HandleType {
    /// `module.ClassName`.
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown.
    pub doc: &'static str,
    /// A constructor input that succeeds.
    pub example: &'static str,
    parse_new_from: fn(&dyn HostInput) -> Result<Input, Error>,
    build: fn(Input) -> Result<Box<dyn AnyHandle>, Error>,
    parse_state_from: fn(&dyn HostInput) -> Result<Input, Error>,
    build_from_state: fn(Input) -> Result<Box<dyn AnyHandle>, Error>,
    methods: fn() -> &'static [MethodRecord],
    #[cfg(feature = "schema")]
    new_schema: SchemaFn,
    #[cfg(feature = "schema")]
    state_schema: SchemaFn,
}

impl std::fmt::Debug for HandleType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HandleType")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

fn parse_new_from<H: Handle>(input: &dyn HostInput) -> Result<Input, Error> {
    let input: H::New = super::host_input::parse(input)?;
    Ok(Box::new(input))
}

fn build<H: Handle>(input: Input) -> Result<Box<dyn AnyHandle>, Error> {
    let input = input.downcast::<H::New>().map_err(|_| {
        Error::invalid_input(format!(
            "the input given to {} was parsed for another handle",
            H::NAME
        ))
    })?;
    Ok(Box::new(H::new(*input)?))
}

fn parse_state_from<H: Handle>(input: &dyn HostInput) -> Result<Input, Error> {
    let state: H::State = super::host_input::parse(input)?;
    Ok(Box::new(state))
}

fn build_from_state<H: Handle>(state: Input) -> Result<Box<dyn AnyHandle>, Error> {
    let state = state.downcast::<H::State>().map_err(|_| {
        Error::invalid_input(format!(
            "the state given to {} was parsed for another handle",
            H::NAME
        ))
    })?;
    Ok(Box::new(H::restore(*state)?))
}

impl HandleType {
    /// The record of `H`.
    pub const fn of<H: Handle>() -> HandleType {
        HandleType {
            name: H::NAME,
            summary: H::SUMMARY,
            doc: H::DOC,
            example: H::EXAMPLE,
            parse_new_from: parse_new_from::<H>,
            build: build::<H>,
            parse_state_from: parse_state_from::<H>,
            build_from_state: build_from_state::<H>,
            methods: H::methods,
            #[cfg(feature = "schema")]
            new_schema: schema_of::<H::New>,
            #[cfg(feature = "schema")]
            state_schema: schema_of::<H::State>,
        }
    }

    /// The module part of the name.
    pub fn module(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(m, _)| m)
    }

    /// The class name (`CompiledSchedule`).
    pub fn class(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(_, c)| c)
    }

    /// Parses the constructor's input (with an interpreter lock held, in a binding).
    pub fn parse_new(&self, de: &mut dyn erased_serde::Deserializer<'_>) -> Result<Input, Error> {
        self.parse_new_from(&super::host_input::document(de)?)
    }

    /// Parses the constructor's input from a front end's value (see [`HostInput`]).
    pub fn parse_new_from(&self, input: &dyn HostInput) -> Result<Input, Error> {
        (self.parse_new_from)(input)
    }

    /// Builds a handle from a parsed constructor input: the expensive part (compiling a
    /// schedule, folding events), pure, safe to run without any interpreter lock.
    pub fn build(&self, input: Input) -> Result<Box<dyn AnyHandle>, Error> {
        (self.build)(input)
    }

    /// Builds a handle from its constructor input in one step.
    pub fn create(
        &self,
        de: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<Box<dyn AnyHandle>, Error> {
        self.build(self.parse_new(de)?)
    }

    /// Parses a state given by [`AnyHandle::state`].
    pub fn parse_state(&self, de: &mut dyn erased_serde::Deserializer<'_>) -> Result<Input, Error> {
        self.parse_state_from(&super::host_input::document(de)?)
    }

    /// Parses a state from an input that can be read again (see [`HostInput`]).
    pub fn parse_state_from(&self, input: &dyn HostInput) -> Result<Input, Error> {
        (self.parse_state_from)(input)
    }

    /// Restores a handle from a parsed state.
    pub fn restore(&self, state: Input) -> Result<Box<dyn AnyHandle>, Error> {
        (self.build_from_state)(state)
    }

    /// Its methods.
    pub fn methods(&self) -> &'static [MethodRecord] {
        (self.methods)()
    }

    /// The method called `name`.
    pub fn method(&self, name: &str) -> Result<&'static MethodRecord, Error> {
        self.methods()
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "{} has no method {:?}; it has {}",
                    self.name,
                    name.chars().take(100).collect::<String>(),
                    self.methods()
                        .iter()
                        .map(|m| m.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }

    /// The JSON Schema of the constructor's input.
    #[cfg(feature = "schema")]
    pub fn new_schema(&self, g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        (self.new_schema)(g)
    }

    /// The JSON Schema of the state.
    #[cfg(feature = "schema")]
    pub fn state_schema(&self, g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        (self.state_schema)(g)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn compiled_schedule() -> &'static HandleType {
        crate::ops::handle_type("schedule.CompiledSchedule").unwrap()
    }

    fn err<T>(r: Result<T, Error>) -> Error {
        match r {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    fn example(t: &HandleType) -> Value {
        serde_json::from_str(t.example).unwrap()
    }

    #[test]
    fn a_name_splits_into_module_and_class() {
        let names: Vec<(&str, &str, &str)> = crate::ops::handle_types()
            .map(|t| (t.name, t.module(), t.class()))
            .collect();
        assert!(names.contains(&("schedule.CompiledSchedule", "schedule", "CompiledSchedule")));
        assert!(names.contains(&("incident.LiveIncident", "incident", "LiveIncident")));
        let t = compiled_schedule();
        assert_eq!(
            format!("{t:?}"),
            r#"HandleType { name: "schedule.CompiledSchedule", .. }"#
        );
        let m = t.method("responders").unwrap();
        assert_eq!(
            format!("{m:?}"),
            r#"MethodRecord { name: "responders", .. }"#
        );
        assert!(m.native && !m.mutates);
        assert!(t.method("rewindow").unwrap().mutates);
    }

    #[test]
    fn an_unknown_method_is_refused_with_the_methods_there_are() {
        let t = compiled_schedule();
        let e = err(t.method("whoami"));
        assert_eq!(e.code(), "invalid_input");
        let text = e.to_string();
        assert!(text.starts_with(r#"schedule.CompiledSchedule has no method "whoami"; it has window, people, responders"#), "{text}");
        assert_eq!(t.methods().len(), 20);
    }

    #[test]
    fn a_handle_is_built_and_restored_from_host_values() {
        let t = compiled_schedule();
        let input = example(t);
        let mut h = t.build(t.parse_new_from(&input).unwrap()).unwrap();
        assert_eq!(h.type_name(), "schedule.CompiledSchedule");
        let state = serde_json::to_value(&*h.state()).unwrap();
        assert_eq!(state["from"], input["from"]);
        let back = t.restore(t.parse_state_from(&state).unwrap()).unwrap();
        let m = t.method("window").unwrap();
        let args = json!({});
        let w = |h: &mut dyn AnyHandle| {
            serde_json::to_value(&*m.run(h, m.parse_from(&args).unwrap()).unwrap()).unwrap()
        };
        assert_eq!(
            w(&mut *h),
            json!({"start": input["from"], "end": input["to"]})
        );
        let mut back = back;
        assert_eq!(w(&mut *back), w(&mut *h));
        let e = err(t.parse_new_from(&json!({"schedule": input["schedule"]})));
        assert_eq!(e.code(), "invalid_input");
        let e = err(t.parse_state_from(&json!([])));
        assert_eq!(e.code(), "invalid_input");
    }

    #[test]
    fn parts_of_one_handle_are_refused_by_another() {
        let schedule = compiled_schedule();
        let incident = crate::ops::handle_type("incident.LiveIncident").unwrap();
        let wrong = incident.parse_new_from(&example(incident)).unwrap();
        let e = err(schedule.build(wrong));
        assert_eq!(
            e.to_string(),
            "the input given to schedule.CompiledSchedule was parsed for another handle"
        );
        let wrong = incident.parse_state_from(&example(incident)).unwrap();
        let e = err(schedule.restore(wrong));
        assert_eq!(
            e.to_string(),
            "the state given to schedule.CompiledSchedule was parsed for another handle"
        );
        let mut live = incident
            .build(incident.parse_new_from(&example(incident)).unwrap())
            .unwrap();
        let window = schedule.method("window").unwrap();
        let e = err(window.run(&mut *live, window.parse_from(&json!({})).unwrap()));
        assert_eq!(
            e.to_string(),
            "schedule.CompiledSchedule.window was called on another kind of handle"
        );
        let mut h = schedule
            .build(schedule.parse_new_from(&example(schedule)).unwrap())
            .unwrap();
        let people = schedule.method("people").unwrap();
        let at = schedule.method("responders").unwrap();
        let args = at
            .parse_from(&json!({"at": "2026-03-02T10:00:00Z"}))
            .unwrap();
        let e = err(people.run(&mut *h, args));
        assert_eq!(
            e.to_string(),
            "the arguments given to schedule.CompiledSchedule.people were parsed for another method"
        );
    }

    /// The state's schema names the state's fields (what a saved state must hold).
    #[cfg(feature = "schema")]
    #[test]
    fn the_state_schema_describes_the_state() {
        let mut g = schemars::SchemaGenerator::default();
        let mut fields = |name: &str| {
            let t = crate::ops::handle_type(name).unwrap();
            let s = t.state_schema(&mut g).to_value();
            let r = s["$ref"].as_str().unwrap_or_else(|| panic!("{s}"));
            let def = &g.definitions()[r.rsplit('/').next().unwrap()];
            let mut keys: Vec<String> = def["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(fields("escalation.LiveEscalation"), ["args", "calls"]);
        assert_eq!(
            fields("schedule.CompiledSchedule"),
            ["from", "schedule", "to"]
        );
        assert_eq!(fields("incident.LiveIncident"), ["config", "events"]);
    }
}
