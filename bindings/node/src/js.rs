//! The few Node-API calls the conversions need, each checked, in one place.
//!
//! Every function takes the `napi_env` of the current call and values created in it; they are
//! valid until the call returns (one handle scope). This is the only module of the binding with
//! `unsafe`: each block is a single Node-API call whose arguments are a live env, live values
//! and pointers to locals.
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::ptr;

use napi::sys;

pub use sys::{napi_env as Env, napi_value as Value};

/// A failed Node-API call.
pub fn check(status: sys::napi_status, what: &str) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(
            napi::Status::from(status),
            format!("Node-API call {what} failed"),
        ))
    }
}

/// The JavaScript type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Object,
    BigInt,
    Other,
}

pub fn kind(env: Env, v: Value) -> napi::Result<Kind> {
    let mut t: sys::napi_valuetype = 0;
    check(unsafe { sys::napi_typeof(env, v, &mut t) }, "typeof")?;
    Ok(match t {
        sys::ValueType::napi_undefined => Kind::Undefined,
        sys::ValueType::napi_null => Kind::Null,
        sys::ValueType::napi_boolean => Kind::Boolean,
        sys::ValueType::napi_number => Kind::Number,
        sys::ValueType::napi_string => Kind::String,
        sys::ValueType::napi_object => Kind::Object,
        sys::ValueType::napi_bigint => Kind::BigInt,
        _ => Kind::Other,
    })
}

pub fn get_bool(env: Env, v: Value) -> napi::Result<bool> {
    let mut b = false;
    check(
        unsafe { sys::napi_get_value_bool(env, v, &mut b) },
        "get_value_bool",
    )?;
    Ok(b)
}

pub fn get_f64(env: Env, v: Value) -> napi::Result<f64> {
    let mut f = 0.0;
    check(
        unsafe { sys::napi_get_value_double(env, v, &mut f) },
        "get_value_double",
    )?;
    Ok(f)
}

/// A string's UTF-8 text, written into `buf` (reused between calls).
pub fn get_string(env: Env, v: Value, buf: &mut Vec<u8>) -> napi::Result<&str> {
    let mut len = 0usize;
    check(
        unsafe { sys::napi_get_value_string_utf8(env, v, ptr::null_mut(), 0, &mut len) },
        "get_value_string_utf8",
    )?;
    buf.clear();
    buf.resize(len + 1, 0);
    let mut written = 0usize;
    check(
        unsafe {
            sys::napi_get_value_string_utf8(env, v, buf.as_mut_ptr().cast(), len + 1, &mut written)
        },
        "get_value_string_utf8",
    )?;
    buf.truncate(written);
    std::str::from_utf8(buf).map_err(|e| napi::Error::from_reason(e.to_string()))
}

pub fn is_array(env: Env, v: Value) -> napi::Result<bool> {
    let mut b = false;
    check(unsafe { sys::napi_is_array(env, v, &mut b) }, "is_array")?;
    Ok(b)
}

pub fn is_date(env: Env, v: Value) -> napi::Result<bool> {
    let mut b = false;
    check(unsafe { sys::napi_is_date(env, v, &mut b) }, "is_date")?;
    Ok(b)
}

/// Milliseconds since the Unix epoch of a `Date` (NaN for an invalid date).
pub fn date_value(env: Env, v: Value) -> napi::Result<f64> {
    let mut f = 0.0;
    check(
        unsafe { sys::napi_get_date_value(env, v, &mut f) },
        "get_date_value",
    )?;
    Ok(f)
}

pub fn array_len(env: Env, v: Value) -> napi::Result<u32> {
    let mut n = 0u32;
    check(
        unsafe { sys::napi_get_array_length(env, v, &mut n) },
        "get_array_length",
    )?;
    Ok(n)
}

pub fn element(env: Env, v: Value, i: u32) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_get_element(env, v, i, &mut out) },
        "get_element",
    )?;
    Ok(out)
}

/// The object's own enumerable string keys, in property order (as `Object.keys`).
pub fn own_keys(env: Env, v: Value) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(
        unsafe {
            sys::napi_get_all_property_names(
                env,
                v,
                sys::KeyCollectionMode::own_only,
                sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
                sys::KeyConversion::numbers_to_strings,
                &mut out,
            )
        },
        "get_all_property_names",
    )?;
    Ok(out)
}

pub fn property(env: Env, obj: Value, key: Value) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_get_property(env, obj, key, &mut out) },
        "get_property",
    )?;
    Ok(out)
}

/// A typed array's element type, length and bytes.
pub fn typed_array(env: Env, v: Value) -> napi::Result<Option<(i32, &'static [u8])>> {
    let mut is = false;
    check(
        unsafe { sys::napi_is_typedarray(env, v, &mut is) },
        "is_typedarray",
    )?;
    if !is {
        return Ok(None);
    }
    let mut t = 0;
    let mut len = 0usize;
    let mut data: *mut c_void = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    let mut offset = 0usize;
    check(
        unsafe {
            sys::napi_get_typedarray_info(
                env,
                v,
                &mut t,
                &mut len,
                &mut data,
                &mut buffer,
                &mut offset,
            )
        },
        "get_typedarray_info",
    )?;
    let width = match t {
        sys::TypedarrayType::int8_array
        | sys::TypedarrayType::uint8_array
        | sys::TypedarrayType::uint8_clamped_array => 1,
        sys::TypedarrayType::int16_array | sys::TypedarrayType::uint16_array => 2,
        sys::TypedarrayType::int32_array
        | sys::TypedarrayType::uint32_array
        | sys::TypedarrayType::float32_array => 4,
        _ => 8,
    };
    if data.is_null() || len == 0 {
        return Ok(Some((t, &[])));
    }
    // The bytes stay valid while the value is alive, i.e. for the rest of this call; the
    // caller copies what it needs before returning to JavaScript.
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len * width) };
    Ok(Some((t, bytes)))
}

pub fn null(env: Env) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_get_null(env, &mut out) }, "get_null")?;
    Ok(out)
}

pub fn boolean(env: Env, b: bool) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_get_boolean(env, b, &mut out) },
        "get_boolean",
    )?;
    Ok(out)
}

pub fn number(env: Env, f: f64) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_create_double(env, f, &mut out) },
        "create_double",
    )?;
    Ok(out)
}

pub fn string(env: Env, s: &str) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    let len = isize::try_from(s.len()).map_err(|e| napi::Error::from_reason(e.to_string()))?;
    check(
        unsafe { sys::napi_create_string_utf8(env, s.as_ptr().cast(), len, &mut out) },
        "create_string_utf8",
    )?;
    Ok(out)
}

pub fn object(env: Env) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_create_object(env, &mut out) },
        "create_object",
    )?;
    Ok(out)
}

/// Defines own data properties (writable, enumerable, configurable) in one call. Unlike
/// assignment, this never calls a setter: a key `"__proto__"` becomes an ordinary property.
pub fn define(env: Env, obj: Value, props: &[(Value, Value)]) -> napi::Result<()> {
    if props.is_empty() {
        return Ok(());
    }
    let attributes = sys::PropertyAttributes::writable
        | sys::PropertyAttributes::enumerable
        | sys::PropertyAttributes::configurable;
    let descriptors: Vec<sys::napi_property_descriptor> = props
        .iter()
        .map(|&(name, value)| sys::napi_property_descriptor {
            utf8name: ptr::null(),
            name,
            method: None,
            getter: None,
            setter: None,
            value,
            attributes,
            data: ptr::null_mut(),
        })
        .collect();
    check(
        unsafe { sys::napi_define_properties(env, obj, descriptors.len(), descriptors.as_ptr()) },
        "define_properties",
    )
}

pub fn array(env: Env, items: &[Value]) -> napi::Result<Value> {
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_create_array_with_length(env, items.len(), &mut out) },
        "create_array_with_length",
    )?;
    for (i, &v) in items.iter().enumerate() {
        let i = u32::try_from(i).map_err(|e| napi::Error::from_reason(e.to_string()))?;
        check(
            unsafe { sys::napi_set_element(env, out, i, v) },
            "set_element",
        )?;
    }
    Ok(out)
}

/// A new typed array of `kind` holding a copy of `bytes`.
pub fn new_typed_array(env: Env, kind: i32, width: usize, bytes: &[u8]) -> napi::Result<Value> {
    let mut data: *mut c_void = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    check(
        unsafe { sys::napi_create_arraybuffer(env, bytes.len(), &mut data, &mut buffer) },
        "create_arraybuffer",
    )?;
    if !bytes.is_empty() && !data.is_null() {
        // `data` is a fresh buffer of exactly `bytes.len()` bytes.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), data.cast::<u8>(), bytes.len()) };
    }
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_create_typedarray(env, kind, bytes.len() / width, buffer, 0, &mut out) },
        "create_typedarray",
    )?;
    Ok(out)
}

/// A new `Error` with `message`.
pub fn error(env: Env, message: &str) -> napi::Result<Value> {
    let msg = string(env, message)?;
    let mut out = ptr::null_mut();
    check(
        unsafe { sys::napi_create_error(env, ptr::null_mut(), msg, &mut out) },
        "create_error",
    )?;
    Ok(out)
}

/// A `napi::Error` that throws `value` itself when returned to JavaScript.
pub fn throw_value(env: Env, value: Value) -> napi::Error {
    let unknown = unsafe { napi::Unknown::from_raw_unchecked(env, value) };
    napi::Error::from(unknown)
}

/// A raw value returned from a `#[napi]` function as is.
pub struct Raw(pub Value);

impl napi::bindgen_prelude::ToNapiValue for Raw {
    unsafe fn to_napi_value(_env: Env, val: Self) -> napi::Result<Value> {
        Ok(val.0)
    }
}

impl napi::bindgen_prelude::TypeName for Raw {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

/// A raw value taken by a `#[napi]` function as is.
pub struct Arg(pub Value);

impl napi::bindgen_prelude::FromNapiValue for Arg {
    unsafe fn from_napi_value(_env: Env, value: Value) -> napi::Result<Self> {
        Ok(Arg(value))
    }
}

impl napi::bindgen_prelude::TypeName for Arg {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

impl napi::bindgen_prelude::ValidateNapiValue for Arg {}
