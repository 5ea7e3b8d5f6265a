//! `Handle`: the native object behind every handle class of the package (`CompiledSchedule`,
//! `LiveIncident`, ...). The generated JavaScript classes wrap it; it builds the core handle,
//! dispatches method calls through the core's handle registry, gives the state, and implements
//! the compiled schedule's hot paths (`responders`, `oncallMany`, `oncallManyColumns`,
//! `shifts`, `shiftColumns`) — conversions only, the answers come from the core.

use std::collections::HashMap;
use std::sync::Mutex;

use napi::Env;
use napi_derive::napi;
use watchstander::ops::{AnyHandle, CompiledScheduleHandle, HandleType};

use crate::de::JsInput;
use crate::errors;
use crate::js::{self, Arg, Kind, Raw, Value};
use crate::ser::{to_js, Cache};

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
#[napi]
pub struct Handle {
    kind: &'static HandleType,
    inner: Mutex<Box<dyn AnyHandle>>,
}

fn catch<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| ())
}

/// Seconds since the Unix epoch from an instant given as a `Date`, epoch milliseconds or RFC
/// 3339 text.
fn unix_seconds(env: js::Env, op: &dyn std::fmt::Display, v: Value) -> napi::Result<i64> {
    let ms = match js::kind(env, v)? {
        Kind::Number => js::get_f64(env, v)?,
        Kind::Object if js::is_date(env, v)? => js::date_value(env, v)?,
        Kind::String => {
            let mut buf = Vec::new();
            let text = js::get_string(env, v, &mut buf)?;
            return watchstander::time::parse_instant(text)
                .map(|t| t.timestamp())
                .map_err(|e| errors::throw(env, &e.into(), op));
        }
        _ => f64::NAN,
    };
    if !ms.is_finite() {
        let e = watchstander::Error::invalid_input(
            "an instant is a valid Date, epoch milliseconds or RFC 3339 text",
        );
        return Err(errors::throw(env, &e, op));
    }
    Ok((ms / 1000.0).floor() as i64)
}

/// Many instants as Unix seconds: an array of instants, or a typed array of epoch
/// milliseconds.
fn many_seconds(env: js::Env, op: &dyn std::fmt::Display, v: Value) -> napi::Result<Vec<i64>> {
    let limit = watchstander::ops::MAX_ONCALL_INSTANTS;
    let too_many = || {
        let e: watchstander::Error = watchstander::InputError::TooManyItems { limit }.into();
        errors::throw(env, &e.at("at"), op)
    };
    if let Some((t, bytes)) = js::typed_array(env, v)? {
        use napi::sys::TypedarrayType as T;
        let out: Vec<i64> = match t {
            T::float64_array => bytes
                .chunks_exact(8)
                .map(|c| {
                    let ms = f64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
                    (ms / 1000.0).floor() as i64
                })
                .collect(),
            T::bigint64_array => bytes
                .chunks_exact(8)
                .map(|c| {
                    i64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
                        .div_euclid(1000)
                })
                .collect(),
            _ => {
                let e = watchstander::Error::invalid_input(
                    "instants as a typed array are a Float64Array (or BigInt64Array) of epoch milliseconds",
                );
                return Err(errors::throw(env, &e, op));
            }
        };
        if out.len() > limit {
            return Err(too_many());
        }
        return Ok(out);
    }
    if !js::is_array(env, v)? {
        let e = watchstander::Error::invalid_input(
            "`at` is an array of instants or a Float64Array of epoch milliseconds",
        );
        return Err(errors::throw(env, &e, op));
    }
    let n = js::array_len(env, v)?;
    if n as usize > limit {
        return Err(too_many());
    }
    (0..n)
        .map(|i| unix_seconds(env, op, js::element(env, v, i)?))
        .collect()
}

/// An object's property, if present and not `undefined`.
fn prop(env: js::Env, obj: Value, key: &str) -> napi::Result<Option<Value>> {
    if !matches!(js::kind(env, obj)?, Kind::Object) {
        return Ok(None);
    }
    let v = js::property(env, obj, js::string(env, key)?)?;
    Ok(match js::kind(env, v)? {
        Kind::Undefined | Kind::Null => None,
        _ => Some(v),
    })
}

fn flag(env: js::Env, obj: Value, key: &str) -> napi::Result<bool> {
    Ok(match prop(env, obj, key)? {
        Some(v) if js::kind(env, v)? == Kind::Boolean => js::get_bool(env, v)?,
        _ => false,
    })
}

fn u32_column(env: js::Env, v: &[u32]) -> napi::Result<Value> {
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_ne_bytes()).collect();
    js::new_typed_array(env, napi::sys::TypedarrayType::uint32_array, 4, &bytes)
}

fn f64_column(env: js::Env, v: impl Iterator<Item = f64>) -> napi::Result<Value> {
    let bytes: Vec<u8> = v.flat_map(|x| x.to_ne_bytes()).collect();
    js::new_typed_array(env, napi::sys::TypedarrayType::float64_array, 8, &bytes)
}

fn strings(env: js::Env, list: &[String]) -> napi::Result<Vec<Value>> {
    list.iter().map(|s| js::string(env, s)).collect()
}

fn object(env: js::Env, fields: Vec<(&str, Value)>) -> napi::Result<Value> {
    let obj = js::object(env)?;
    let props: napi::Result<Vec<(Value, Value)>> = fields
        .into_iter()
        .map(|(k, v)| Ok((js::string(env, k)?, v)))
        .collect();
    js::define(env, obj, &props?)?;
    Ok(obj)
}

impl Handle {
    fn op<'a>(&self, method: &'a str) -> OpName<'a> {
        OpName {
            handle: self.kind.name,
            method,
        }
    }

    fn with_schedule<R>(
        &self,
        env: js::Env,
        method: &str,
        f: impl FnOnce(&CompiledScheduleHandle) -> napi::Result<R>,
    ) -> napi::Result<R> {
        let op = self.op(method);
        let guard = self.inner.lock().map_err(|_| errors::internal(env, &op))?;
        let h = guard
            .as_any()
            .downcast_ref::<CompiledScheduleHandle>()
            .ok_or_else(|| {
                let e = watchstander::Error::invalid_input(format!(
                    "{method} is a method of schedule.CompiledSchedule, not of {}",
                    self.kind.name
                ));
                errors::throw(env, &e, &op)
            })?;
        f(h)
    }
}

#[napi]
impl Handle {
    /// Builds the handle `kind` (e.g. `"schedule.CompiledSchedule"`) from its constructor
    /// input, or, with `restore`, from a state given by `state()`.
    #[napi(constructor)]
    pub fn new(env: Env, kind: String, input: Arg, restore: Option<bool>) -> napi::Result<Self> {
        let _active = crate::zone_source::current().enter();
        let raw = env.raw();
        let t = watchstander::ops::handle_type(&kind).map_err(|e| errors::throw(raw, &e, &kind))?;
        let restore = restore.unwrap_or(false);
        let value = match js::kind(raw, input.0)? {
            Kind::Undefined | Kind::Null => js::object(raw)?,
            _ => input.0,
        };
        let built = catch(|| {
            let input = JsInput { env: raw, value };
            let parsed = if restore {
                t.parse_state_from(&input)
            } else {
                t.parse_new_from(&input)
            }?;
            if restore {
                t.restore(parsed)
            } else {
                t.build(parsed)
            }
        })
        .map_err(|_| errors::internal(raw, &kind))?
        .map_err(|e| errors::throw(raw, &e, &kind))?;
        Ok(Handle {
            kind: t,
            inner: Mutex::new(built),
        })
    }

    /// `module.ClassName` of the handle.
    #[napi(getter)]
    pub fn kind(&self) -> String {
        self.kind.name.to_string()
    }

    /// Runs method `method` with its arguments (an object).
    #[napi(ts_return_type = "unknown")]
    pub fn call(&self, env: Env, method: String, args: Arg) -> napi::Result<Raw> {
        let _active = crate::zone_source::current().enter();
        let raw = env.raw();
        let op = self.op(&method);
        let m = self
            .kind
            .method(&method)
            .map_err(|e| errors::throw(raw, &e, &op))?;
        let value = match js::kind(raw, args.0)? {
            Kind::Undefined | Kind::Null => js::object(raw)?,
            _ => args.0,
        };
        let parsed = catch(|| m.parse_from(&JsInput { env: raw, value }))
            .map_err(|_| errors::internal(raw, &op))?
            .map_err(|e| errors::throw(raw, &e, &op))?;
        let output = {
            let mut guard = self.inner.lock().map_err(|_| errors::internal(raw, &op))?;
            catch(|| m.run(guard.as_mut(), parsed))
                .map_err(|_| errors::internal(raw, &op))?
                .map_err(|e| errors::throw(raw, &e, &op))?
        };
        let mut cache = Cache::new(raw);
        to_js(&mut cache, &*output)
            .map(Raw)
            .map_err(|e| errors::conversion(raw, &op, &e.0))
    }

    /// The handle's state (what the constructor takes back with `restore`).
    #[napi(ts_return_type = "unknown")]
    pub fn state(&self, env: Env) -> napi::Result<Raw> {
        let raw = env.raw();
        let op = self.op("state");
        let state = {
            let guard = self.inner.lock().map_err(|_| errors::internal(raw, &op))?;
            guard.state()
        };
        let mut cache = Cache::new(raw);
        to_js(&mut cache, &*state)
            .map(Raw)
            .map_err(|e| errors::conversion(raw, &op, &e.0))
    }

    /// Who is on call at `at` (a `Date`, epoch milliseconds or RFC 3339 text): person ids.
    #[napi(ts_return_type = "string[]")]
    pub fn responders(&self, env: Env, at: Arg) -> napi::Result<Raw> {
        let raw = env.raw();
        let op = self.op("responders");
        let t = unix_seconds(raw, &op, at.0)?;
        self.with_schedule(raw, "responders", |h| {
            let c = h.compiled();
            let who = c
                .oncall_people_unix(t)
                .map_err(|e| errors::throw(raw, &e.into(), &op))?;
            let people = c.people();
            let items: napi::Result<Vec<Value>> = who
                .iter()
                .map(|p| js::string(raw, people.get(*p as usize).map_or("", |s| s.as_str())))
                .collect();
            js::array(raw, &items?).map(Raw)
        })
    }

    /// Who is on call at each instant: arrays of person ids.
    #[napi(ts_return_type = "string[][]")]
    pub fn oncall_many(&self, env: Env, at: Arg) -> napi::Result<Raw> {
        let raw = env.raw();
        let op = self.op("oncall_many");
        let ts = many_seconds(raw, &op, at.0)?;
        self.with_schedule(raw, "oncall_many", |h| {
            let c = h.compiled();
            let names = strings(raw, c.people())?;
            let mut out = Vec::with_capacity(ts.len());
            for t in &ts {
                let who = c
                    .oncall_people_unix(*t)
                    .map_err(|e| errors::throw(raw, &e.into(), &op))?;
                let items: Vec<Value> = who
                    .iter()
                    .filter_map(|p| names.get(*p as usize).copied())
                    .collect();
                out.push(js::array(raw, &items)?);
            }
            js::array(raw, &out).map(Raw)
        })
    }

    /// Who is on call at each instant as CSR columns: `{ people, offsets, person }`.
    #[napi(ts_return_type = "unknown")]
    pub fn oncall_many_columns(&self, env: Env, at: Arg) -> napi::Result<Raw> {
        let raw = env.raw();
        let op = self.op("oncall_many_columns");
        let ts = many_seconds(raw, &op, at.0)?;
        self.with_schedule(raw, "oncall_many_columns", |h| {
            let c = h.compiled();
            let mut offsets: Vec<u32> = Vec::with_capacity(ts.len() + 1);
            let mut person: Vec<u32> = Vec::with_capacity(ts.len());
            offsets.push(0);
            for t in &ts {
                let who = c
                    .oncall_people_unix(*t)
                    .map_err(|e| errors::throw(raw, &e.into(), &op))?;
                person.extend_from_slice(who);
                offsets.push(u32::try_from(person.len()).unwrap_or(u32::MAX));
            }
            let people = js::array(raw, &strings(raw, c.people())?)?;
            object(
                raw,
                vec![
                    ("people", people),
                    ("offsets", u32_column(raw, &offsets)?),
                    ("person", u32_column(raw, &person)?),
                ],
            )
            .map(Raw)
        })
    }

    /// The final shifts overlapping a window, without explanations:
    /// `{ index, person, start, end, layer }` objects.
    #[napi(ts_return_type = "unknown")]
    pub fn shifts(&self, env: Env, args: Option<Arg>) -> napi::Result<Raw> {
        let raw = env.raw();
        let op = self.op("shifts");
        let args = args.map_or(js::null(raw)?, |a| a.0);
        let from = prop(raw, args, "from")?
            .map(|v| unix_seconds(raw, &op, v))
            .transpose()?;
        let to = prop(raw, args, "to")?
            .map(|v| unix_seconds(raw, &op, v))
            .transpose()?;
        let person = match prop(raw, args, "person")? {
            Some(v) => {
                let mut buf = Vec::new();
                Some(js::get_string(raw, v, &mut buf)?.to_string())
            }
            None => None,
        };
        let shadows = flag(raw, args, "shadows")?;
        self.with_schedule(raw, "shifts", |h| {
            let c = h.compiled();
            let w = c.window();
            let (from, to) = (
                from.unwrap_or(w.start.timestamp()),
                to.unwrap_or(w.end.timestamp()),
            );
            let only = match &person {
                Some(p) => match c.person_handle(p) {
                    Some(x) => Some(x),
                    None => return js::array(raw, &[]).map(Raw),
                },
                None => None,
            };
            let cols = if shadows {
                c.shadow_shift_columns()
            } else {
                c.shift_columns()
            };
            let names = strings(raw, c.people())?;
            let layers = strings(raw, c.layer_ids())?;
            let keys: napi::Result<Vec<Value>> = ["index", "person", "start", "end", "layer"]
                .iter()
                .map(|k| js::string(raw, k))
                .collect();
            let keys = keys?;
            let null = js::null(raw)?;
            let mut instants: HashMap<i64, Value> = HashMap::new();
            let mut instant = |s: i64| -> napi::Result<Value> {
                if let Some(v) = instants.get(&s) {
                    return Ok(*v);
                }
                let text = chrono::DateTime::from_timestamp(s, 0)
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
                    .unwrap_or_default();
                let v = js::string(raw, &text)?;
                instants.insert(s, v);
                Ok(v)
            };
            let mut out = Vec::new();
            for k in 0..cols.len() {
                let (s, e, p) = (cols.start[k], cols.end[k], cols.person[k]);
                if e <= from || s >= to || only.is_some_and(|x| x != p) {
                    continue;
                }
                let obj = js::object(raw)?;
                let props = [
                    (keys[0], js::number(raw, k as f64)?),
                    (keys[1], names.get(p as usize).copied().unwrap_or(null)),
                    (keys[2], instant(s)?),
                    (keys[3], instant(e)?),
                    (
                        keys[4],
                        layers.get(cols.layer[k] as usize).copied().unwrap_or(null),
                    ),
                ];
                js::define(raw, obj, &props)?;
                out.push(obj);
            }
            js::array(raw, &out).map(Raw)
        })
    }

    /// Every shift of the compiled window as columns: `{ people, layers, person, start, end,
    /// layer }` (typed arrays; times in Unix seconds).
    #[napi(ts_return_type = "unknown")]
    pub fn shift_columns(&self, env: Env, args: Option<Arg>) -> napi::Result<Raw> {
        let raw = env.raw();
        let args = args.map_or(js::null(raw)?, |a| a.0);
        let shadows = flag(raw, args, "shadows")?;
        self.with_schedule(raw, "shift_columns", |h| {
            let c = h.compiled();
            let cols = if shadows {
                c.shadow_shift_columns()
            } else {
                c.shift_columns()
            };
            let no_layer = watchstander::schedule::ShiftColumns::NO_LAYER;
            object(
                raw,
                vec![
                    ("people", js::array(raw, &strings(raw, c.people())?)?),
                    ("layers", js::array(raw, &strings(raw, c.layer_ids())?)?),
                    ("person", u32_column(raw, cols.person)?),
                    (
                        "start",
                        f64_column(raw, cols.start.iter().map(|x| *x as f64))?,
                    ),
                    ("end", f64_column(raw, cols.end.iter().map(|x| *x as f64))?),
                    (
                        "layer",
                        f64_column(
                            raw,
                            cols.layer.iter().map(|l| {
                                if *l == no_layer {
                                    -1.0
                                } else {
                                    f64::from(*l)
                                }
                            }),
                        )?,
                    ),
                ],
            )
            .map(Raw)
        })
    }
}
