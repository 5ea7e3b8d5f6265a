//! `schedule.*` operations.

use serde_json::Value;

use super::Operation;
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[];

pub(super) fn call(_name: &str, _v: &Value) -> Option<Result<Value, Error>> {
    None
}
