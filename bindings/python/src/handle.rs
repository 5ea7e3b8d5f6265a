//! `watchstander._native.Handle`: the native base of every handle class (`CompiledSchedule`,
//! `LiveIncident`, ...). The generated Python classes subclass it and name its methods; it
//! builds the core handle (with the GIL released for the expensive part), dispatches method
//! calls through the core's handle registry, gives the state for pickling, and implements the
//! compiled schedule's hot paths natively (`_responders`, `_oncall_many`, `_shifts`,
//! `_shift_columns`) — conversions only, the answers come from the core.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyInt, PyList, PyString};
use watchstander::ops::{AnyHandle, CompiledScheduleHandle, HandleType};

use crate::de::PyInput;
use crate::errors::{internal, raise};
use crate::ser::{to_py, Cache};

/// `module.Class.method`, written only when an error needs it.
pub struct OpName<'a> {
    handle: &'static str,
    method: &'a str,
}

impl std::fmt::Display for OpName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.handle, self.method)
    }
}

/// A core handle.
#[pyclass(frozen, subclass, module = "watchstander._native", name = "Handle")]
pub struct PyHandle {
    kind: &'static HandleType,
    inner: Mutex<Box<dyn AnyHandle>>,
    /// Person ids as Python strings, for the schedule's hot paths, with the address of the
    /// people table they were made from (a `rewindow` makes a new table).
    people: Mutex<Option<(usize, Vec<Py<PyString>>)>>,
}

fn lock_err(py: Python<'_>, kind: &dyn std::fmt::Display) -> PyErr {
    internal(py, kind)
}

impl PyHandle {
    fn op<'a>(&self, method: &'a str) -> OpName<'a> {
        OpName {
            handle: self.kind.name,
            method,
        }
    }

    fn with<R>(
        &self,
        py: Python<'_>,
        method: &str,
        f: impl FnOnce(&mut dyn AnyHandle) -> Result<R, watchstander::Error>,
    ) -> PyResult<R> {
        let mut guard = self
            .inner
            .lock()
            .map_err(|_| lock_err(py, &self.op(method)))?;
        f(guard.as_mut()).map_err(|e| raise(py, &e, self.op(method)))
    }

    fn schedule<'a>(
        &self,
        py: Python<'_>,
        guard: &'a std::sync::MutexGuard<'_, Box<dyn AnyHandle>>,
        method: &str,
    ) -> PyResult<&'a CompiledScheduleHandle> {
        guard
            .as_any()
            .downcast_ref::<CompiledScheduleHandle>()
            .ok_or_else(|| {
                raise(
                    py,
                    &watchstander::Error::invalid_input(format!(
                        "{method} is a method of schedule.CompiledSchedule, not of {}",
                        self.kind.name
                    )),
                    self.op(method),
                )
            })
    }

    /// Runs `f` with the person ids of `h` as Python strings (made once per people table).
    fn with_people<R>(
        &self,
        py: Python<'_>,
        h: &CompiledScheduleHandle,
        f: impl FnOnce(&[Py<PyString>]) -> PyResult<R>,
    ) -> PyResult<R> {
        let mut cache = self
            .people
            .lock()
            .map_err(|_| lock_err(py, &self.kind.name))?;
        let people = h.compiled().people();
        let id = people.as_ptr() as usize;
        if cache.as_ref().is_none_or(|(made_from, _)| *made_from != id) {
            let names = people
                .iter()
                .map(|p| PyString::intern(py, p).unbind())
                .collect();
            *cache = Some((id, names));
        }
        f(cache
            .as_ref()
            .map(|(_, c)| c.as_slice())
            .unwrap_or_default())
    }
}

/// The Python string of person handle `p` (always in the table; an empty string otherwise).
fn name_of(py: Python<'_>, people: &[Py<PyString>], p: u32) -> Py<PyString> {
    people
        .get(p as usize)
        .map_or_else(|| PyString::new(py, "").unbind(), |s| s.clone_ref(py))
}

/// Seconds since the Unix epoch from an instant given as an aware `datetime`, a number of
/// Unix seconds, or RFC 3339 text.
fn unix_seconds(py: Python<'_>, op: &dyn std::fmt::Display, t: &Bound<'_, PyAny>) -> PyResult<i64> {
    if let Ok(i) = t.cast::<PyInt>() {
        return i.extract::<i64>();
    }
    if let Ok(f) = t.cast::<PyFloat>() {
        let v = f.value();
        if v.is_finite() {
            return Ok(v.floor() as i64);
        }
    }
    if let Ok(s) = t.cast::<PyString>() {
        let text = s.to_str()?;
        return watchstander::time::parse_instant(text)
            .map(|d| d.timestamp())
            .map_err(|e| raise(py, &e.into(), op));
    }
    if t.hasattr("utcoffset")? && t.hasattr("timestamp")? {
        if t.call_method0("utcoffset")?.is_none() {
            let e: watchstander::Error = watchstander::time::TimeError::NaiveDatetime {
                value: t.repr().map(|r| r.to_string()).unwrap_or_default(),
            }
            .into();
            return Err(raise(py, &e, op));
        }
        let f: f64 = t.call_method0("timestamp")?.extract()?;
        return Ok(f.floor() as i64);
    }
    let e = watchstander::Error::invalid_input(format!(
        "an instant is an aware datetime, Unix seconds or RFC 3339 text; got a {}",
        t.get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default()
    ));
    Err(raise(py, &e, op))
}

/// Many instants as Unix seconds: a numpy array (`datetime64` or numbers), `bytes` of native
/// i64, or any sequence of instants.
fn many_seconds(
    py: Python<'_>,
    op: &dyn std::fmt::Display,
    at: &Bound<'_, PyAny>,
) -> PyResult<Vec<i64>> {
    let bytes = if at.hasattr("dtype")? && at.hasattr("astype")? {
        let kind: String = at.getattr("dtype")?.getattr("kind")?.extract()?;
        let arr = if kind == "M" {
            at.call_method1("astype", ("datetime64[s]",))?
                .call_method1("view", ("int64",))?
        } else {
            at.call_method1("astype", ("int64",))?
        };
        Some(arr.call_method0("tobytes")?)
    } else if at.cast::<PyBytes>().is_ok() {
        Some(at.clone())
    } else {
        None
    };
    let out = if let Some(b) = bytes {
        let b = b.cast::<PyBytes>()?.as_bytes();
        b.chunks_exact(8)
            .map(|c| i64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect()
    } else {
        let mut v = Vec::new();
        for item in at.try_iter()? {
            v.push(unix_seconds(py, op, &item?)?);
            if v.len() > watchstander::ops::MAX_ONCALL_INSTANTS {
                break;
            }
        }
        v
    };
    if out.len() > watchstander::ops::MAX_ONCALL_INSTANTS {
        let e: watchstander::Error = watchstander::InputError::TooManyItems {
            limit: watchstander::ops::MAX_ONCALL_INSTANTS,
        }
        .into();
        return Err(raise(py, &e.at("at"), op));
    }
    Ok(out)
}

/// A column as a numpy array when numpy is installed, else an `array.array`.
fn column<'py>(
    py: Python<'py>,
    typecode: &str,
    dtype: &str,
    bytes: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    let b = PyBytes::new(py, bytes);
    if let Ok(np) = py.import("numpy") {
        return np.call_method1("frombuffer", (b, dtype));
    }
    let arr = py.import("array")?.call_method1("array", (typecode,))?;
    arr.call_method1("frombytes", (b,))?;
    Ok(arr)
}

fn le_bytes<T: Copy>(v: &[T], f: impl Fn(T) -> [u8; 8]) -> Vec<u8> {
    v.iter().flat_map(|x| f(*x)).collect()
}

#[pymethods]
impl PyHandle {
    /// Builds the handle `kind` (e.g. `"schedule.CompiledSchedule"`) from its constructor
    /// input, or, with `restore=True`, from a state given by `_state()`.
    #[new]
    #[pyo3(signature = (kind, input, restore = false))]
    fn new(py: Python<'_>, kind: &str, input: &Bound<'_, PyAny>, restore: bool) -> PyResult<Self> {
        let _active = crate::zone_source::current().enter();
        let t = watchstander::ops::handle_type(kind).map_err(|e| raise(py, &e, kind))?;
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if restore {
                t.parse_state_from(&PyInput(input))
            } else {
                t.parse_new_from(&PyInput(input))
            }
        }))
        .map_err(|_| internal(py, kind))?
        .map_err(|e| raise(py, &e, kind))?;
        let built = py
            .detach(move || {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    if restore {
                        t.restore(parsed)
                    } else {
                        t.build(parsed)
                    }
                }))
            })
            .map_err(|_| internal(py, kind))?
            .map_err(|e| raise(py, &e, kind))?;
        Ok(PyHandle {
            kind: t,
            inner: Mutex::new(built),
            people: Mutex::new(None),
        })
    }

    /// Runs method `method` with its arguments (a dict).
    fn _call<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        args: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _active = crate::zone_source::current().enter();
        let op = self.op(method);
        let m = self.kind.method(method).map_err(|e| raise(py, &e, &op))?;
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            m.parse_from(&PyInput(args))
        }))
        .map_err(|_| internal(py, &op))?
        .map_err(|e| raise(py, &e, &op))?;
        let output = py
            .detach(|| {
                let mut guard = self.inner.lock().map_err(|_| None)?;
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    m.run(guard.as_mut(), parsed)
                }))
                .map_err(|_| None)?
                .map_err(Some)
            })
            .map_err(|e| match e {
                Some(e) => raise(py, &e, &op),
                None => internal(py, &op),
            })?;
        let mut cache = Cache::new(py);
        to_py(&mut cache, &*output).map_err(|e| crate::errors::conversion(py, &op, &e.0))
    }

    /// The handle's state (what `restore=True` takes back): for pickling.
    fn _state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.with(py, "state", |h| Ok(h.state()))?;
        let mut cache = Cache::new(py);
        to_py(&mut cache, &*state).map_err(|e| crate::errors::conversion(py, self.kind.name, &e.0))
    }

    /// `module.ClassName` of the handle.
    #[getter]
    fn _kind(&self) -> &'static str {
        self.kind.name
    }

    /// Who is on call at `at`: a list of person ids (the fast query; `at` may be Unix
    /// seconds).
    fn _responders<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let op = self.op("responders");
        let t = unix_seconds(py, &op, at)?;
        let guard = self.inner.lock().map_err(|_| lock_err(py, &op))?;
        let h = self.schedule(py, &guard, "responders")?;
        let handles = h
            .compiled()
            .oncall_people_unix(t)
            .map_err(|e| raise(py, &e.into(), &op))?;
        self.with_people(py, h, |people| {
            PyList::new(py, handles.iter().map(|p| name_of(py, people, *p)))
        })
    }

    /// Who is on call at each instant: a list of lists of ids.
    fn _oncall_many<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let op = self.op("oncall_many");
        let ts = many_seconds(py, &op, at)?;
        let guard = self.inner.lock().map_err(|_| lock_err(py, &op))?;
        let h = self.schedule(py, &guard, "oncall_many")?;
        let c = h.compiled();
        self.with_people(py, h, |people| {
            let mut out = Vec::with_capacity(ts.len());
            for t in &ts {
                let who = c
                    .oncall_people_unix(*t)
                    .map_err(|e| raise(py, &e.into(), &op))?;
                out.push(PyList::new(
                    py,
                    who.iter().map(|p| name_of(py, people, *p)),
                )?);
            }
            PyList::new(py, out)
        })
    }

    /// Who is on call at each instant, as CSR columns (`people`, `offsets`, `person`).
    fn _oncall_many_columns<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let op = self.op("oncall_many_columns");
        let ts = many_seconds(py, &op, at)?;
        let guard = self.inner.lock().map_err(|_| lock_err(py, &op))?;
        let h = self.schedule(py, &guard, "oncall_many_columns")?;
        let c = h.compiled();
        let mut offsets: Vec<u32> = Vec::with_capacity(ts.len() + 1);
        let mut person: Vec<u32> = Vec::with_capacity(ts.len());
        offsets.push(0);
        for t in &ts {
            let who = c
                .oncall_people_unix(*t)
                .map_err(|e| raise(py, &e.into(), &op))?;
            person.extend_from_slice(who);
            offsets.push(u32::try_from(person.len()).unwrap_or(u32::MAX));
        }
        let d = PyDict::new(py);
        d.set_item("people", PyList::new(py, c.people())?)?;
        let off: Vec<u8> = offsets.iter().flat_map(|x| x.to_ne_bytes()).collect();
        let per: Vec<u8> = person.iter().flat_map(|x| x.to_ne_bytes()).collect();
        d.set_item("offsets", column(py, "I", "uint32", &off)?)?;
        d.set_item("person", column(py, "I", "uint32", &per)?)?;
        Ok(d)
    }

    /// The final shifts overlapping a window, without explanations, as dicts.
    #[pyo3(signature = (*, from_ = None, to = None, person = None, shadows = false))]
    fn _shifts<'py>(
        &self,
        py: Python<'py>,
        from_: Option<&Bound<'py, PyAny>>,
        to: Option<&Bound<'py, PyAny>>,
        person: Option<&str>,
        shadows: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let op = self.op("shifts");
        let guard = self.inner.lock().map_err(|_| lock_err(py, &op))?;
        let h = self.schedule(py, &guard, "shifts")?;
        let c = h.compiled();
        let w = c.window();
        let from = match from_ {
            Some(f) => unix_seconds(py, &op, f)?,
            None => w.start.timestamp(),
        };
        let to = match to {
            Some(t) => unix_seconds(py, &op, t)?,
            None => w.end.timestamp(),
        };
        let only = match person {
            Some(p) => match c.person_handle(p) {
                Some(x) => Some(x),
                None => return Ok(PyList::empty(py)),
            },
            None => None,
        };
        let cols = if shadows {
            c.shadow_shift_columns()
        } else {
            c.shift_columns()
        };
        self.with_people(py, h, |people| {
            let layers: Vec<Bound<'py, PyString>> = c
                .layer_ids()
                .iter()
                .map(|l| PyString::intern(py, l))
                .collect();
            let keys =
                ["index", "person", "start", "end", "layer"].map(|k| PyString::intern(py, k));
            let mut cache = Cache::new(py);
            let none = py.None().into_bound(py);
            let mut out = Vec::new();
            for k in 0..cols.len() {
                let (s, e, p) = (cols.start[k], cols.end[k], cols.person[k]);
                if e <= from || s >= to || only.is_some_and(|x| x != p) {
                    continue;
                }
                let d = PyDict::new(py);
                d.set_item(&keys[0], k)?;
                match people.get(p as usize) {
                    Some(name) => d.set_item(&keys[1], name)?,
                    None => d.set_item(&keys[1], &none)?,
                }
                d.set_item(&keys[2], cache.instant_at(s)?)?;
                d.set_item(&keys[3], cache.instant_at(e)?)?;
                match layers.get(cols.layer[k] as usize) {
                    Some(l) => d.set_item(&keys[4], l)?,
                    None => d.set_item(&keys[4], &none)?,
                }
                out.push(d);
            }
            PyList::new(py, out)
        })
    }

    /// Every shift of the compiled window as columns (numpy arrays when numpy is installed).
    #[pyo3(signature = (*, shadows = false))]
    fn _shift_columns<'py>(&self, py: Python<'py>, shadows: bool) -> PyResult<Bound<'py, PyDict>> {
        let op = self.op("shift_columns");
        let guard = self.inner.lock().map_err(|_| lock_err(py, &op))?;
        let h = self.schedule(py, &guard, "shift_columns")?;
        let c = h.compiled();
        let cols = if shadows {
            c.shadow_shift_columns()
        } else {
            c.shift_columns()
        };
        let d = PyDict::new(py);
        d.set_item("people", PyList::new(py, c.people())?)?;
        d.set_item("layers", PyList::new(py, c.layer_ids())?)?;
        let person: Vec<u8> = cols.person.iter().flat_map(|x| x.to_ne_bytes()).collect();
        d.set_item("person", column(py, "I", "uint32", &person)?)?;
        d.set_item(
            "start",
            column(py, "q", "int64", &le_bytes(cols.start, i64::to_ne_bytes))?,
        )?;
        d.set_item(
            "end",
            column(py, "q", "int64", &le_bytes(cols.end, i64::to_ne_bytes))?,
        )?;
        let layer: Vec<i64> = cols
            .layer
            .iter()
            .map(|l| {
                if *l == watchstander::schedule::ShiftColumns::NO_LAYER {
                    -1
                } else {
                    i64::from(*l)
                }
            })
            .collect();
        d.set_item(
            "layer",
            column(py, "q", "int64", &le_bytes(&layer, i64::to_ne_bytes))?,
        )?;
        Ok(d)
    }
}
