//! JavaScript values as the core's host values (`watchstander::ops::host`): the one way an
//! input is read. Plain objects, arrays, strings, numbers, booleans, `null` and `undefined` are
//! walked as they are (properties whose value is `undefined` skipped, whole numbers below 2^53
//! as integers); a `Date`, or a number where an instant is wanted, is read as RFC 3339 text; a
//! typed array is one block of bytes where a column is wanted and a list of numbers elsewhere;
//! anything else is refused with the reason (see `crate::de`).

use watchstander::error::de_error;
use watchstander::ops::host::{ColumnData, HostError, HostMap, HostSeq, HostValue, Shape, Wants};
use watchstander::time::TimeError;

use crate::de::{column_bytes, epoch_ms_text, napi_err, typed_numbers, unsupported};
use crate::js::{self, Env, Kind, Value};

/// One JavaScript value; `buf` holds the text of the last string read (shared by a whole
/// parse: each string is consumed before the next is read).
pub struct JsValue<'b> {
    env: Env,
    value: Value,
    buf: &'b mut Vec<u8>,
    /// A typed array's elements, once converted to a list of numbers.
    numbers: Option<Vec<f64>>,
}

impl<'b> JsValue<'b> {
    pub fn new(env: Env, value: Value, buf: &'b mut Vec<u8>) -> Self {
        JsValue {
            env,
            value,
            buf,
            numbers: None,
        }
    }
}

/// A number's shape: whole numbers below 2^53 as integers (as `JSON.stringify` writes them).
fn number_shape(f: f64) -> Shape<'static> {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
        Shape::I64(f as i64)
    } else {
        Shape::F64(f)
    }
}

impl HostValue for JsValue<'_> {
    fn shape(&mut self) -> Shape<'_> {
        if self.numbers.is_some() {
            return Shape::Seq;
        }
        let (env, v) = (self.env, self.value);
        let Ok(kind) = js::kind(env, v) else {
            return Shape::Other;
        };
        match kind {
            Kind::Undefined | Kind::Null => Shape::Null,
            Kind::Boolean => js::get_bool(env, v).map_or(Shape::Other, Shape::Bool),
            Kind::Number => js::get_f64(env, v).map_or(Shape::Other, number_shape),
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

    fn text(&mut self, wanted: Wants) -> Result<Option<String>, HostError> {
        let (env, v) = (self.env, self.value);
        match js::kind(env, v).map_err(napi_err)? {
            Kind::Number => epoch_ms_text(js::get_f64(env, v).map_err(napi_err)?).map(Some),
            Kind::Object if js::is_date(env, v).map_err(napi_err)? => {
                let ms = js::date_value(env, v).map_err(napi_err)?;
                if wanted == Wants::Local {
                    return Err(de_error(TimeError::AwareLocalTime {
                        value: format!("the Date {}", epoch_ms_text(ms).unwrap_or_default()),
                    }));
                }
                epoch_ms_text(ms).map(Some)
            }
            _ => Err(self.refusal()),
        }
    }

    fn leap_second(&mut self, text: &str) -> Option<HostError> {
        Some(de_error(TimeError::InvalidTimestamp {
            input: text.chars().take(100).collect(),
            reason: "leap seconds (:60) are not supported: no arithmetic on them is meaningful and a JavaScript Date cannot hold one".to_string(),
        }))
    }

    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), HostError> {
        if let Some(numbers) = &self.numbers {
            f(&mut NumberItems {
                numbers: numbers.iter(),
            });
            return Ok(());
        }
        let len = js::array_len(self.env, self.value).map_err(napi_err)?;
        f(&mut ArrayItems {
            env: self.env,
            array: self.value,
            len,
            next: 0,
            buf: self.buf,
        });
        Ok(())
    }

    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), HostError> {
        let keys = js::own_keys(self.env, self.value).map_err(napi_err)?;
        let len = js::array_len(self.env, keys).map_err(napi_err)?;
        f(&mut ObjectEntries {
            env: self.env,
            object: self.value,
            keys,
            len,
            next: 0,
            key: None,
            value: None,
            buf: self.buf,
        });
        Ok(())
    }

    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<(), HostError> {
        let (env, v) = (self.env, self.value);
        if js::kind(env, v).map_err(napi_err)? != Kind::Object
            || js::is_array(env, v).map_err(napi_err)?
            || js::is_date(env, v).map_err(napi_err)?
        {
            return Ok(());
        }
        let keys = js::own_keys(env, v).map_err(napi_err)?;
        if js::array_len(env, keys).map_err(napi_err)? != 1 {
            return Ok(());
        }
        let k = js::element(env, keys, 0).map_err(napi_err)?;
        let value = js::property(env, v, k).map_err(napi_err)?;
        let mut key_buf = Vec::new();
        let key = js::get_string(env, k, &mut key_buf).map_err(napi_err)?;
        f(key, &mut JsValue::new(env, value, self.buf));
        Ok(())
    }

    fn column(&mut self, f: &mut dyn FnMut(ColumnData<'_>)) -> Result<(), HostError> {
        if let Some((t, bytes)) = js::typed_array(self.env, self.value).map_err(napi_err)? {
            f(ColumnData::Owned(column_bytes(t, bytes)?));
        }
        Ok(())
    }

    fn convert(&mut self) -> Result<bool, HostError> {
        match js::typed_array(self.env, self.value).map_err(napi_err)? {
            Some((t, bytes)) => {
                self.numbers = Some(typed_numbers(t, bytes)?);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn refusal(&mut self) -> HostError {
        let (env, v) = (self.env, self.value);
        let kind = match js::kind(env, v) {
            Ok(k) => k,
            Err(e) => return napi_err(e),
        };
        match kind {
            Kind::BigInt => unsupported("a BigInt has no JSON meaning: pass a number or a string"),
            Kind::String => match js::get_string(env, v, self.buf) {
                Err(e) => napi_err(e),
                Ok(_) => unsupported("this string could not be read"),
            },
            _ => unsupported(
                "functions and symbols have no JSON meaning: pass plain objects, arrays, strings, numbers, booleans, null or Dates",
            ),
        }
    }
}

/// One element of a typed array read as a list.
struct Number(f64);

impl HostValue for Number {
    fn shape(&mut self) -> Shape<'_> {
        number_shape(self.0)
    }
    fn text(&mut self, _: Wants) -> Result<Option<String>, HostError> {
        epoch_ms_text(self.0).map(Some)
    }
    fn seq(&mut self, _: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), HostError> {
        Err(self.refusal())
    }
    fn map(&mut self, _: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), HostError> {
        Err(self.refusal())
    }
    fn single_entry(
        &mut self,
        _: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<(), HostError> {
        Ok(())
    }
    fn refusal(&mut self) -> HostError {
        unsupported(format!("{} is not a finite number", self.0))
    }
}

struct NumberItems<'a> {
    numbers: std::slice::Iter<'a, f64>,
}

impl HostSeq for NumberItems<'_> {
    fn remaining(&self) -> usize {
        self.numbers.len()
    }

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, HostError> {
        match self.numbers.next() {
            Some(&n) => {
                f(&mut Number(n));
                Ok(true)
            }
            None => Ok(false),
        }
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

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, HostError> {
        if self.next >= self.len {
            return Ok(false);
        }
        let value = js::element(self.env, self.array, self.next).map_err(napi_err)?;
        self.next += 1;
        f(&mut JsValue::new(self.env, value, self.buf));
        Ok(true)
    }
}

struct ObjectEntries<'b> {
    env: Env,
    object: Value,
    keys: Value,
    len: u32,
    next: u32,
    key: Option<Value>,
    value: Option<Value>,
    buf: &'b mut Vec<u8>,
}

impl HostMap for ObjectEntries<'_> {
    fn remaining(&self) -> usize {
        self.len.saturating_sub(self.next) as usize
    }

    fn next_key(&mut self) -> Result<Option<&str>, HostError> {
        let env = self.env;
        while self.next < self.len {
            let k = js::element(env, self.keys, self.next).map_err(napi_err)?;
            self.next += 1;
            let v = js::property(env, self.object, k).map_err(napi_err)?;
            if js::kind(env, v).map_err(napi_err)? == Kind::Undefined {
                continue;
            }
            self.key = Some(k);
            self.value = Some(v);
            return js::get_string(env, k, self.buf).map(Some).map_err(napi_err);
        }
        self.key = None;
        Ok(None)
    }

    fn key(&mut self) -> Option<String> {
        let mut buf = Vec::new();
        let k = self.key?;
        js::get_string(self.env, k, &mut buf)
            .ok()
            .map(str::to_string)
    }

    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), HostError> {
        let Some(value) = self.value.take() else {
            return Err(unsupported(
                "a value was asked for past the end of an object",
            ));
        };
        f(&mut JsValue::new(self.env, value, self.buf));
        Ok(())
    }
}
