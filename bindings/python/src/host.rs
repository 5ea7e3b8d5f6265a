//! Python objects as the core's host values (`watchstander::ops::host`): the one way an input
//! is read. Dicts, lists, tuples, strings, numbers, booleans and `None` are walked as they are
//! (dict entries whose value is `None` skipped); `datetime`s, and numbers where an instant is
//! wanted, are read as RFC 3339 text; numpy arrays and `array.array`s are one block of bytes
//! where a column is wanted; other mappings and sequences are converted to dicts and lists;
//! anything else is refused with the reason (see `crate::de`).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use watchstander::ops::host::{ColumnData, HostError, HostMap, HostSeq, HostValue, Shape, Wants};

use crate::de::{self, ColumnBytes};

/// One Python object, or what it was converted to.
pub struct PyValue<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    converted: Option<Bound<'py, PyAny>>,
}

impl<'a, 'py> PyValue<'a, 'py> {
    pub fn new(obj: &'a Bound<'py, PyAny>) -> Self {
        PyValue {
            obj,
            converted: None,
        }
    }

    fn current(&self) -> &Bound<'py, PyAny> {
        self.converted.as_ref().unwrap_or(self.obj)
    }
}

fn shape_of<'s>(obj: &'s Bound<'_, PyAny>) -> Shape<'s> {
    // The usual exact types first (a pointer comparison each, where a subclass check is a
    // call in the stable ABI); they classify as the full order below would.
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return s.to_str().map_or(Shape::Other, Shape::Str);
    }
    if obj.cast_exact::<PyDict>().is_ok() {
        return Shape::Map;
    }
    if obj.cast_exact::<PyList>().is_ok() {
        return Shape::Seq;
    }
    if obj.is_none() {
        return Shape::Null;
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_str().map_or(Shape::Other, Shape::Str);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Shape::Bool(b.is_true());
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(v) = obj.extract::<i64>() {
            return Shape::I64(v);
        }
        return obj.extract::<u64>().map_or(Shape::Other, Shape::U64);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Shape::F64(f.value());
    }
    if obj.cast::<PyDict>().is_ok() {
        return Shape::Map;
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        return Shape::Seq;
    }
    if de::is_temporal(obj) {
        return Shape::Temporal;
    }
    Shape::Other
}

impl HostValue for PyValue<'_, '_> {
    fn shape(&mut self) -> Shape<'_> {
        match &self.converted {
            Some(c) => shape_of(c),
            None => shape_of(self.obj),
        }
    }

    fn text(&mut self, wanted: Wants) -> Result<Option<String>, HostError> {
        let obj = self.current();
        if obj.cast::<PyBool>().is_ok() {
            return Err(de::refusal(obj));
        }
        if obj.cast::<PyInt>().is_ok() {
            let v: i64 = obj.extract().map_err(de::py_err)?;
            return de::unix_text(v as f64).map(Some);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return de::unix_text(f.value()).map(Some);
        }
        if de::is_temporal(obj) {
            return de::temporal_text(obj, wanted).map(Some);
        }
        Err(de::refusal(obj))
    }

    fn leap_second(&mut self, text: &str) -> Option<HostError> {
        Some(de::leap_second(text))
    }

    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), HostError> {
        let obj = self.current();
        if let Ok(l) = obj.cast::<PyList>() {
            f(&mut ListItems { list: l, next: 0 });
            return Ok(());
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            f(&mut TupleItems { tuple: t, next: 0 });
            return Ok(());
        }
        Err(de::refusal(obj))
    }

    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), HostError> {
        let obj = self.current();
        let d = obj.cast::<PyDict>().map_err(|_| de::refusal(obj))?;
        f(&mut DictEntries {
            left: d.len(),
            entries: d.iter(),
            key: None,
            value: None,
        });
        Ok(())
    }

    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<(), HostError> {
        let Ok(d) = self.current().cast::<PyDict>() else {
            return Ok(());
        };
        if d.len() != 1 {
            return Ok(());
        }
        let Some((k, v)) = d.iter().next() else {
            return Ok(());
        };
        let key: String = k.extract().map_err(de::py_err)?;
        f(&key, &mut PyValue::new(&v));
        Ok(())
    }

    fn column(&mut self, f: &mut dyn FnMut(ColumnData<'_>)) -> Result<(), HostError> {
        match de::column_bytes(self.current())? {
            Some(ColumnBytes::Python(b)) => f(ColumnData::Borrowed(b.as_bytes())),
            Some(ColumnBytes::Array(a)) => f(ColumnData::Borrowed(a.bytes())),
            Some(ColumnBytes::Converted(b)) => f(ColumnData::Owned(b)),
            None => {}
        }
        Ok(())
    }

    fn convert(&mut self) -> Result<bool, HostError> {
        match de::converted(self.current())? {
            Some(c) => {
                self.converted = Some(c);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn refusal(&mut self) -> HostError {
        de::refusal(self.current())
    }
}

struct ListItems<'a, 'py> {
    list: &'a Bound<'py, PyList>,
    next: usize,
}

impl HostSeq for ListItems<'_, '_> {
    fn remaining(&self) -> usize {
        self.list.len().saturating_sub(self.next)
    }

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, HostError> {
        if self.next >= self.list.len() {
            return Ok(false);
        }
        let item = self.list.get_item(self.next).map_err(de::py_err)?;
        self.next += 1;
        f(&mut PyValue::new(&item));
        Ok(true)
    }
}

struct TupleItems<'a, 'py> {
    tuple: &'a Bound<'py, PyTuple>,
    next: usize,
}

impl HostSeq for TupleItems<'_, '_> {
    fn remaining(&self) -> usize {
        self.tuple.len().saturating_sub(self.next)
    }

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, HostError> {
        if self.next >= self.tuple.len() {
            return Ok(false);
        }
        let item = self.tuple.get_item(self.next).map_err(de::py_err)?;
        self.next += 1;
        f(&mut PyValue::new(&item));
        Ok(true)
    }
}

struct DictEntries<'py> {
    left: usize,
    entries: pyo3::types::dict::BoundDictIterator<'py>,
    key: Option<Bound<'py, PyString>>,
    value: Option<Bound<'py, PyAny>>,
}

impl HostMap for DictEntries<'_> {
    fn remaining(&self) -> usize {
        self.left
    }

    fn next_key(&mut self) -> Result<Option<&str>, HostError> {
        loop {
            let Some((k, v)) = self.entries.next() else {
                self.key = None;
                return Ok(None);
            };
            self.left = self.left.saturating_sub(1);
            if v.is_none() {
                continue;
            }
            self.key = None;
            let key = k.cast_into::<PyString>().map_err(|e| {
                watchstander::error::de_error(watchstander::InputError::UnsupportedValue {
                    reason: format!(
                        "dict keys must be str; got a {}",
                        e.into_inner()
                            .get_type()
                            .name()
                            .map(|n| n.to_string())
                            .unwrap_or_else(|_| "object".to_string())
                    ),
                })
            })?;
            self.value = Some(v);
            let key = self.key.insert(key);
            return key.to_str().map(Some).map_err(de::py_err);
        }
    }

    fn key(&mut self) -> Option<String> {
        self.key
            .as_ref()
            .and_then(|k| k.to_str().ok().map(str::to_string))
    }

    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), HostError> {
        let Some(v) = self.value.take() else {
            return Err(watchstander::error::de_error(
                watchstander::InputError::UnsupportedValue {
                    reason: "a value was asked for past the end of a dict".to_string(),
                },
            ));
        };
        f(&mut PyValue::new(&v));
        Ok(())
    }
}
