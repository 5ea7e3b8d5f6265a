//! Core outputs → JavaScript values, through serde, without JSON text in between.
//!
//! Structs and maps become plain objects whose keys are defined as own properties (a key
//! `"__proto__"` is an ordinary property, never the prototype), sequences arrays, instants RFC
//! 3339 UTC strings, everything else its JSON counterpart. Field names are created once per
//! call.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use crate::js::{self, Env, Value};

/// The error of [`JsSerializer`].
#[derive(Debug)]
pub struct SerError(pub String);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

fn err(e: napi::Error) -> SerError {
    SerError(e.reason.clone())
}

/// The state of one conversion: the env and the field names already created.
pub struct Cache {
    env: Env,
    keys: HashMap<(usize, usize), Value>,
    text: String,
}

impl Cache {
    pub fn new(env: Env) -> Self {
        Cache {
            env,
            keys: HashMap::new(),
            text: String::new(),
        }
    }

    fn key(&mut self, k: &'static str) -> Result<Value, SerError> {
        let id = (k.as_ptr() as usize, k.len());
        if let Some(v) = self.keys.get(&id) {
            return Ok(*v);
        }
        let v = js::string(self.env, k).map_err(err)?;
        self.keys.insert(id, v);
        Ok(v)
    }
}

/// Converts a value.
pub fn to_js<T: Serialize + ?Sized>(cache: &mut Cache, v: &T) -> Result<Value, SerError> {
    v.serialize(JsSerializer { cache })
}

/// Builds JavaScript values.
pub struct JsSerializer<'c> {
    cache: &'c mut Cache,
}

impl<'c> ser::Serializer for JsSerializer<'c> {
    type Ok = Value;
    type Error = SerError;
    type SerializeSeq = Seq<'c>;
    type SerializeTuple = Seq<'c>;
    type SerializeTupleStruct = Seq<'c>;
    type SerializeTupleVariant = Variant<Seq<'c>>;
    type SerializeMap = Map<'c>;
    type SerializeStruct = Map<'c>;
    type SerializeStructVariant = Variant<Map<'c>>;

    fn serialize_bool(self, v: bool) -> Result<Value, SerError> {
        js::boolean(self.cache.env, v).map_err(err)
    }
    fn serialize_i8(self, v: i8) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, SerError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, SerError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, SerError> {
        if v.is_finite() {
            js::number(self.cache.env, v).map_err(err)
        } else {
            // JSON has no NaN or infinity; the JSON front ends write null.
            js::null(self.cache.env).map_err(err)
        }
    }
    fn serialize_char(self, v: char) -> Result<Value, SerError> {
        let mut b = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut b))
    }
    fn serialize_str(self, v: &str) -> Result<Value, SerError> {
        js::string(self.cache.env, v).map_err(err)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, SerError> {
        let items: Result<Vec<Value>, SerError> = v
            .iter()
            .map(|&b| js::number(self.cache.env, f64::from(b)).map_err(err))
            .collect();
        js::array(self.cache.env, &items?).map_err(err)
    }
    fn serialize_none(self) -> Result<Value, SerError> {
        js::null(self.cache.env).map_err(err)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, SerError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, SerError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, SerError> {
        self.cache.key(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value, SerError> {
        let key = self.cache.key(variant)?;
        let value = v.serialize(JsSerializer { cache: self.cache })?;
        let obj = js::object(self.cache.env).map_err(err)?;
        js::define(self.cache.env, obj, &[(key, value)]).map_err(err)?;
        Ok(obj)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'c>, SerError> {
        Ok(Seq {
            cache: self.cache,
            items: Vec::with_capacity(len.unwrap_or(0).min(1 << 16)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'c>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'c>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Seq<'c>>, SerError> {
        let key = self.cache.key(variant)?;
        let inner = JsSerializer { cache: self.cache }.serialize_seq(Some(len))?;
        Ok(Variant { key, inner })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'c>, SerError> {
        Ok(Map {
            cache: self.cache,
            props: Vec::with_capacity(len.unwrap_or(0).min(1 << 12)),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'c>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Map<'c>>, SerError> {
        let key = self.cache.key(variant)?;
        let inner = JsSerializer { cache: self.cache }.serialize_map(Some(len))?;
        Ok(Variant { key, inner })
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, v: &T) -> Result<Value, SerError> {
        let mut text = std::mem::take(&mut self.cache.text);
        text.clear();
        let _ = write!(text, "{v}");
        let out = js::string(self.cache.env, &text).map_err(err);
        self.cache.text = text;
        out
    }
}

/// An array being built.
pub struct Seq<'c> {
    cache: &'c mut Cache,
    items: Vec<Value>,
}

impl Seq<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let item = v.serialize(JsSerializer { cache: self.cache })?;
        self.items.push(item);
        Ok(())
    }
    fn finish(self) -> Result<Value, SerError> {
        js::array(self.cache.env, &self.items).map_err(err)
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.push(v)
    }
    fn end(self) -> Result<Value, SerError> {
        self.finish()
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.push(v)
    }
    fn end(self) -> Result<Value, SerError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.push(v)
    }
    fn end(self) -> Result<Value, SerError> {
        self.finish()
    }
}

/// An object being built: its properties are defined in one call at the end.
pub struct Map<'c> {
    cache: &'c mut Cache,
    props: Vec<(Value, Value)>,
    key: Option<Value>,
}

impl Map<'_> {
    fn finish(self) -> Result<Value, SerError> {
        let obj = js::object(self.cache.env).map_err(err)?;
        js::define(self.cache.env, obj, &self.props).map_err(err)?;
        Ok(obj)
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), SerError> {
        self.key = Some(k.serialize(JsSerializer { cache: self.cache })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let value = v.serialize(JsSerializer { cache: self.cache })?;
        let key = self
            .key
            .take()
            .ok_or_else(|| SerError("a map value came without its key".into()))?;
        self.props.push((key, value));
        Ok(())
    }
    fn end(self) -> Result<Value, SerError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        k: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        let key = self.cache.key(k)?;
        let value = v.serialize(JsSerializer { cache: self.cache })?;
        self.props.push((key, value));
        Ok(())
    }
    fn end(self) -> Result<Value, SerError> {
        self.finish()
    }
}

/// An externally tagged variant: `{variant: inner}`.
pub struct Variant<I> {
    key: Value,
    inner: I,
}

impl<'c> ser::SerializeTupleVariant for Variant<Seq<'c>> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.inner.push(v)
    }
    fn end(self) -> Result<Value, SerError> {
        let env = self.inner.cache.env;
        let value = self.inner.finish()?;
        let obj = js::object(env).map_err(err)?;
        js::define(env, obj, &[(self.key, value)]).map_err(err)?;
        Ok(obj)
    }
}

impl<'c> ser::SerializeStructVariant for Variant<Map<'c>> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        k: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, k, v)
    }
    fn end(self) -> Result<Value, SerError> {
        let env = self.inner.cache.env;
        let value = self.inner.finish()?;
        let obj = js::object(env).map_err(err)?;
        js::define(env, obj, &[(self.key, value)]).map_err(err)?;
        Ok(obj)
    }
}
