//! JavaScript values as the core's host values (`watchstander::ops::host`): the fast parse of
//! an input, which reads plain objects, arrays, strings, numbers, booleans, `null` and
//! `undefined` straight into the operation's typed input. It reports each value as
//! `de::JsDeserializer` visits it (same checks in the same order, properties whose value is
//! `undefined` skipped, whole numbers below 2^53 as integers, `Date`s and numbers where an
//! instant is wanted read as the same text); anything else — a typed array, a BigInt — is
//! `Shape::Other`, and the core then parses the input again with `JsDeserializer`.

use watchstander::ops::host::{GaveUp, HostMap, HostSeq, HostValue, Shape, Wants};

use crate::js::{self, Env, Kind, Value};

/// One JavaScript value; `buf` holds the text of the last string read (shared by a whole
/// parse: each string is consumed before the next is read).
pub struct JsValue<'b> {
    pub env: Env,
    pub value: Value,
    pub buf: &'b mut Vec<u8>,
}

fn gave_up<T>(_: T) -> GaveUp {
    GaveUp
}

impl HostValue for JsValue<'_> {
    fn shape(&mut self) -> Shape<'_> {
        let (env, v) = (self.env, self.value);
        let Ok(kind) = js::kind(env, v) else {
            return Shape::Other;
        };
        match kind {
            Kind::Undefined | Kind::Null => Shape::Null,
            Kind::Boolean => js::get_bool(env, v).map_or(Shape::Other, Shape::Bool),
            Kind::Number => match js::get_f64(env, v) {
                Ok(f)
                    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 =>
                {
                    Shape::I64(f as i64)
                }
                Ok(f) if f.is_finite() => Shape::F64(f),
                _ => Shape::Other,
            },
            Kind::String => js::get_string(env, v, self.buf).map_or(Shape::Other, Shape::Str),
            Kind::Object => match (js::is_date(env, v), js::is_array(env, v)) {
                (Ok(true), _) => Shape::Temporal,
                (Ok(false), Ok(true)) => Shape::Seq,
                (Ok(false), Ok(false)) if matches!(js::typed_array(env, v), Ok(None)) => Shape::Map,
                _ => Shape::Other,
            },
            Kind::BigInt | Kind::Other => Shape::Other,
        }
    }

    fn text(&mut self, wanted: Wants) -> Result<String, GaveUp> {
        let (env, v) = (self.env, self.value);
        match js::kind(env, v).map_err(gave_up)? {
            Kind::Number => {
                crate::de::epoch_ms_text(js::get_f64(env, v).map_err(gave_up)?).map_err(gave_up)
            }
            Kind::Object if wanted != Wants::Local && js::is_date(env, v).map_err(gave_up)? => {
                crate::de::epoch_ms_text(js::date_value(env, v).map_err(gave_up)?).map_err(gave_up)
            }
            _ => Err(GaveUp),
        }
    }

    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), GaveUp> {
        let len = js::array_len(self.env, self.value).map_err(gave_up)?;
        f(&mut ArrayItems {
            env: self.env,
            array: self.value,
            len,
            next: 0,
            buf: self.buf,
        });
        Ok(())
    }

    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), GaveUp> {
        let keys = js::own_keys(self.env, self.value).map_err(gave_up)?;
        let len = js::array_len(self.env, keys).map_err(gave_up)?;
        f(&mut ObjectEntries {
            env: self.env,
            object: self.value,
            keys,
            len,
            next: 0,
            value: None,
            buf: self.buf,
        });
        Ok(())
    }

    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<bool, GaveUp> {
        let (env, v) = (self.env, self.value);
        if js::kind(env, v).map_err(gave_up)? != Kind::Object
            || js::is_array(env, v).map_err(gave_up)?
            || js::is_date(env, v).map_err(gave_up)?
        {
            return Ok(false);
        }
        let keys = js::own_keys(env, v).map_err(gave_up)?;
        if js::array_len(env, keys).map_err(gave_up)? != 1 {
            return Ok(false);
        }
        let k = js::element(env, keys, 0).map_err(gave_up)?;
        let value = js::property(env, v, k).map_err(gave_up)?;
        let mut key_buf = Vec::new();
        let key = js::get_string(env, k, &mut key_buf).map_err(gave_up)?;
        f(
            key,
            &mut JsValue {
                env,
                value,
                buf: self.buf,
            },
        );
        Ok(true)
    }
}

struct ArrayItems<'b> {
    env: Env,
    array: Value,
    len: u32,
    next: u32,
    buf: &'b mut Vec<u8>,
}

impl HostSeq for ArrayItems<'_> {
    fn remaining(&self) -> usize {
        self.len.saturating_sub(self.next) as usize
    }

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, GaveUp> {
        if self.next >= self.len {
            return Ok(false);
        }
        let value = js::element(self.env, self.array, self.next).map_err(gave_up)?;
        self.next += 1;
        f(&mut JsValue {
            env: self.env,
            value,
            buf: self.buf,
        });
        Ok(true)
    }
}

struct ObjectEntries<'b> {
    env: Env,
    object: Value,
    keys: Value,
    len: u32,
    next: u32,
    value: Option<Value>,
    buf: &'b mut Vec<u8>,
}

impl HostMap for ObjectEntries<'_> {
    fn remaining(&self) -> usize {
        self.len.saturating_sub(self.next) as usize
    }

    fn next_key(&mut self) -> Result<Option<&str>, GaveUp> {
        let env = self.env;
        while self.next < self.len {
            let k = js::element(env, self.keys, self.next).map_err(gave_up)?;
            self.next += 1;
            let v = js::property(env, self.object, k).map_err(gave_up)?;
            if js::kind(env, v).map_err(gave_up)? == Kind::Undefined {
                continue;
            }
            self.value = Some(v);
            return js::get_string(env, k, self.buf).map(Some).map_err(gave_up);
        }
        Ok(None)
    }

    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), GaveUp> {
        let value = self.value.take().ok_or(GaveUp)?;
        f(&mut JsValue {
            env: self.env,
            value,
            buf: self.buf,
        });
        Ok(())
    }
}
