//! Helpers shared by the handle tests: build a handle, call its methods and restore it, all
//! through JSON values as a front end would.
#![allow(dead_code)]

use serde_json::Value;
use watchstander::ops;

/// A handle of type `name` built from `input`.
pub fn handle(name: &str, input: &Value) -> Box<dyn ops::AnyHandle> {
    ops::handle_type(name)
        .unwrap()
        .create(&mut <dyn erased_serde::Deserializer>::erase(input))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The method `method` of `h` called with `args`, its output as JSON.
pub fn call(
    h: &mut dyn ops::AnyHandle,
    method: &str,
    args: Value,
) -> Result<Value, watchstander::Error> {
    let t = ops::handle_type(h.type_name()).unwrap();
    let m = t.method(method).unwrap();
    let parsed = m.parse(&mut <dyn erased_serde::Deserializer>::erase(&args))?;
    let out = m.run(h, parsed)?;
    Ok(serde_json::to_value(&*out).unwrap())
}

/// As [`call`], for a call that must succeed.
pub fn ok(h: &mut dyn ops::AnyHandle, method: &str, args: Value) -> Value {
    call(h, method, args).unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// The state of `h` as JSON.
pub fn state(h: &dyn ops::AnyHandle) -> Value {
    serde_json::to_value(&*h.state()).unwrap()
}

/// A handle of type `name` restored from `state`.
pub fn restore_state(
    name: &str,
    state: &Value,
) -> Result<Box<dyn ops::AnyHandle>, watchstander::Error> {
    let t = ops::handle_type(name).unwrap();
    t.restore(t.parse_state(&mut <dyn erased_serde::Deserializer>::erase(state))?)
}

/// `h` restored from its state, carried through text as a pickle or a saved file would.
pub fn restore(h: &dyn ops::AnyHandle) -> Box<dyn ops::AnyHandle> {
    let text = state(h).to_string();
    let state: Value = serde_json::from_str(&text).unwrap();
    restore_state(h.type_name(), &state).unwrap_or_else(|e| panic!("{e}"))
}
