//! Python objects as the core's host values (`watchstander::ops::host`): the fast parse of an
//! input, which reads dicts, lists, tuples, strings, numbers, booleans and `None` straight
//! into the operation's typed input. It reports each object as `de::PyDeserializer` visits it
//! (same checks in the same order, dict entries whose value is `None` skipped, `datetime`s and
//! numbers where an instant is wanted read as the same text); anything else — a numpy array, a
//! `Mapping` that is not a dict — is `Shape::Other`, and the core then parses the input again
//! with `PyDeserializer`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use watchstander::ops::host::{GaveUp, HostMap, HostSeq, HostValue, Shape, Wants};

/// One Python object.
pub struct PyValue<'a, 'py>(pub &'a Bound<'py, PyAny>);

impl HostValue for PyValue<'_, '_> {
    fn shape(&mut self) -> Shape<'_> {
        let obj = self.0;
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
        if crate::de::is_temporal(obj) {
            return Shape::Temporal;
        }
        Shape::Other
    }

    fn text(&mut self, wanted: Wants) -> Result<String, GaveUp> {
        let obj = self.0;
        if obj.cast::<PyBool>().is_ok() {
            return Err(GaveUp);
        }
        if obj.cast::<PyInt>().is_ok() {
            let v: i64 = obj.extract().map_err(|_| GaveUp)?;
            return crate::de::unix_text(v as f64).map_err(|_| GaveUp);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return crate::de::unix_text(f.value()).map_err(|_| GaveUp);
        }
        if crate::de::is_temporal(obj) {
            return crate::de::temporal_text(obj, wanted).map_err(|_| GaveUp);
        }
        Err(GaveUp)
    }

    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), GaveUp> {
        if let Ok(l) = self.0.cast::<PyList>() {
            f(&mut ListItems { list: l, next: 0 });
            return Ok(());
        }
        if let Ok(t) = self.0.cast::<PyTuple>() {
            f(&mut TupleItems { tuple: t, next: 0 });
            return Ok(());
        }
        Err(GaveUp)
    }

    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), GaveUp> {
        let d = self.0.cast::<PyDict>().map_err(|_| GaveUp)?;
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
    ) -> Result<bool, GaveUp> {
        let Ok(d) = self.0.cast::<PyDict>() else {
            return Ok(false);
        };
        if d.len() != 1 {
            return Ok(false);
        }
        let Some((k, v)) = d.iter().next() else {
            return Ok(false);
        };
        let key = k.cast::<PyString>().map_err(|_| GaveUp)?;
        let key = key.to_str().map_err(|_| GaveUp)?;
        f(key, &mut PyValue(&v));
        Ok(true)
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

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, GaveUp> {
        if self.next >= self.list.len() {
            return Ok(false);
        }
        let item = self.list.get_item(self.next).map_err(|_| GaveUp)?;
        self.next += 1;
        f(&mut PyValue(&item));
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

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, GaveUp> {
        if self.next >= self.tuple.len() {
            return Ok(false);
        }
        let item = self.tuple.get_item(self.next).map_err(|_| GaveUp)?;
        self.next += 1;
        f(&mut PyValue(&item));
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

    fn next_key(&mut self) -> Result<Option<&str>, GaveUp> {
        loop {
            let Some((k, v)) = self.entries.next() else {
                self.key = None;
                return Ok(None);
            };
            self.left = self.left.saturating_sub(1);
            if v.is_none() {
                continue;
            }
            let key = k.cast_into::<PyString>().map_err(|_| GaveUp)?;
            self.value = Some(v);
            let key = self.key.insert(key);
            return key.to_str().map(Some).map_err(|_| GaveUp);
        }
    }

    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), GaveUp> {
        let v = self.value.take().ok_or(GaveUp)?;
        f(&mut PyValue(&v));
        Ok(())
    }
}
