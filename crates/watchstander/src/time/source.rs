//! Zone sources: which tz database zone names are read from.
//!
//! By default every [`Zone`] comes from the tz database compiled into watchstander (through
//! `chrono-tz`, release [`BUNDLED_TZDB_VERSION`]). A host whose own tz data is newer — the
//! system's `/usr/share/zoneinfo`, Python's `tzdata` package — can make watchstander read zones
//! from those TZif files instead, so that the engine and the host agree on when a handoff
//! happens. [`ZoneSource::directory`] reads a directory on disk; any other storage implements
//! [`TzifFiles`] (one method) and watchstander asks it for the bytes of a zone when a document
//! names it.
//!
//! # Which source is used
//!
//! A zone name is resolved against the **active** source of the current thread: the bundled
//! data unless a [`ZoneSource`] has been entered with [`ZoneSource::enter`] (or
//! [`ZoneSource::scope`]). The front ends enter the source their user chose around each call
//! (`watchstander.set_zone_source(...)` in Python, `setZoneSource(...)` in Node, `--tzdir` in
//! the CLI). A zone, once resolved, carries its data with it: a schedule compiled under one
//! source keeps that source's rules when another becomes active.
//!
//! ```
//! use std::collections::BTreeMap;
//! use watchstander::time::{Zone, ZoneSource};
//!
//! // A host that holds no Europe/London file: the name is unknown in that source.
//! let files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
//! let source = ZoneSource::tzif("/opt/zoneinfo", files);
//! let err = source.scope(|| Zone::parse("Europe/London")).unwrap_err();
//! assert_eq!(err.code(), "unknown_zone");
//! assert!(err.to_string().contains("/opt/zoneinfo"));
//! // Outside the scope, the bundled database answers again.
//! assert!(Zone::parse("Europe/London").is_ok());
//! assert_eq!(ZoneSource::active().info().source, "bundled");
//! ```
//!
//! # Versions
//!
//! [`ZoneSource::version`] is the tz database release of a source: for the bundled data the
//! release compiled in, for TZif files the one written in `tzdata.zi` (`# version 2025b`) or
//! `+VERSION` beside them, else `unknown`. Outputs that depend on zones report it: the
//! `time.tzdb` and `time.zones` operations, the `tzdb` field of `time.to_local` and
//! `time.resolve_local`, [`Zone::tzdb`], `watchstander demo`, and `tzdb()` in the bindings.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::loaded::{self, MAX_TZIF_BYTES};
use super::{TimeError, Zone};

/// The tz database release compiled into watchstander, e.g. `2025b`.
pub const BUNDLED_TZDB_VERSION: &str = chrono_tz::IANA_TZDB_VERSION;

/// The longest zone name looked up in TZif files (the longest IANA name has 32 bytes).
pub const MAX_ZONE_NAME_BYTES: usize = 128;

/// The directories where systems keep their TZif files, in the order a front end should try
/// them for "the system's zones" (the `TZDIR` environment variable, when set, comes first).
/// These are the default search path of Python's `zoneinfo`.
pub const SYSTEM_TZIF_DIRS: &[&str] = &[
    "/usr/share/zoneinfo",
    "/usr/lib/zoneinfo",
    "/usr/share/lib/zoneinfo",
    "/etc/zoneinfo",
];

/// The largest `tzdata.zi` read to list a TZif directory's zones (the 2025 file is ~110 KB).
pub const MAX_TZDATA_ZI_BYTES: usize = 4 * 1024 * 1024;

/// The longest version text read from `tzdata.zi` or `+VERSION`.
const MAX_VERSION_BYTES: usize = 64;

/// Files of a TZif directory, as the host reads them.
///
/// The core does no I/O; a host that wants zones from its own tz data implements this over its
/// file system (or an archive, or memory) and hands it to [`ZoneSource::tzif`].
///
/// An in-memory map from path to bytes implements it too, which is handy for tests and for
/// hosts that ship their zone data.
pub trait TzifFiles: Send + Sync + 'static {
    /// The bytes of the file at `path` — a relative, `/`-separated path such as
    /// `America/New_York` or `tzdata.zi` — or `Ok(None)` when there is no such file.
    ///
    /// Return at most `limit + 1` bytes (the start of the file): a longer file is refused
    /// without being read whole. `Err` carries the reason the file exists but cannot be read
    /// (permissions, an I/O error); it becomes [`TimeError::UnreadableZone`].
    fn read(&self, path: &str, limit: usize) -> Result<Option<Vec<u8>>, String>;
}

impl TzifFiles for BTreeMap<String, Vec<u8>> {
    fn read(&self, path: &str, limit: usize) -> Result<Option<Vec<u8>>, String> {
        Ok(self.get(path).map(|bytes| {
            bytes
                .iter()
                .take(limit.saturating_add(1))
                .copied()
                .collect()
        }))
    }
}

/// The tz database a source holds: its release and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TzdbInfo {
    /// The tz database release, e.g. `2025b`; `unknown` when TZif files carry no version.
    pub version: String,
    /// `bundled` for the data compiled into watchstander, otherwise where the TZif files were
    /// read (the directory the host gave).
    pub source: String,
}

/// Where zone names are looked up: the bundled tz database, or TZif files the host reads.
///
/// Cheap to clone (a shared reference). See the [`time`](crate::time) module documentation for how the
/// active source is chosen.
#[derive(Clone)]
pub struct ZoneSource(Repr);

#[derive(Clone)]
enum Repr {
    Bundled,
    Tzif(Arc<TzifSource>),
}

struct TzifSource {
    label: String,
    version: String,
    files: Box<dyn TzifFiles>,
    /// Zones already loaded from these files, by name (at most one per interned zone, so
    /// bounded by [`loaded::MAX_LOADED_ZONES`]).
    cache: Mutex<BTreeMap<String, Zone>>,
}

impl std::fmt::Debug for ZoneSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let info = self.info();
        write!(f, "ZoneSource({} {})", info.source, info.version)
    }
}

impl Default for ZoneSource {
    fn default() -> Self {
        ZoneSource::bundled()
    }
}

impl ZoneSource {
    /// The tz database compiled into watchstander (the default).
    pub fn bundled() -> ZoneSource {
        ZoneSource(Repr::Bundled)
    }

    /// TZif files read through `files`; `label` says where they are (a directory path) in
    /// errors and in [`TzdbInfo::source`]. The release is read from `tzdata.zi` or `+VERSION`
    /// among the files, else `unknown`.
    pub fn tzif(label: impl Into<String>, files: impl TzifFiles) -> ZoneSource {
        let version = detect_version(&files).unwrap_or_else(|| "unknown".to_string());
        ZoneSource::with_files(label.into(), version, Box::new(files))
    }

    /// TZif files whose release the host knows (e.g. Python's `tzdata.IANA_VERSION`).
    ///
    /// Gives [`TimeError::InvalidZoneSource`] when `version` is empty, longer than 64 bytes or
    /// not printable ASCII.
    pub fn tzif_with_version(
        label: impl Into<String>,
        version: impl Into<String>,
        files: impl TzifFiles,
    ) -> Result<ZoneSource, TimeError> {
        let label = label.into();
        let version = version.into();
        if !is_version(&version) {
            return Err(TimeError::InvalidZoneSource {
                zone_source: label,
                reason: format!(
                    "the version {:?} is not a tz database release such as \"2025b\"",
                    version.chars().take(80).collect::<String>()
                ),
            });
        }
        Ok(ZoneSource::with_files(label, version, Box::new(files)))
    }

    fn with_files(label: String, version: String, files: Box<dyn TzifFiles>) -> ZoneSource {
        ZoneSource(Repr::Tzif(Arc::new(TzifSource {
            label,
            version,
            files,
            cache: Mutex::new(BTreeMap::new()),
        })))
    }

    /// True for the bundled tz database.
    pub fn is_bundled(&self) -> bool {
        matches!(self.0, Repr::Bundled)
    }

    /// The tz database release, e.g. `2025b` (`unknown` for TZif files without a version).
    pub fn version(&self) -> &str {
        match &self.0 {
            Repr::Bundled => BUNDLED_TZDB_VERSION,
            Repr::Tzif(s) => &s.version,
        }
    }

    /// `bundled`, or where the TZif files are.
    pub fn label(&self) -> &str {
        match &self.0 {
            Repr::Bundled => "bundled",
            Repr::Tzif(s) => &s.label,
        }
    }

    /// The release and origin of this source.
    pub fn info(&self) -> TzdbInfo {
        TzdbInfo {
            version: self.version().to_string(),
            source: self.label().to_string(),
        }
    }

    /// How errors name this source.
    fn describe(&self) -> String {
        match &self.0 {
            Repr::Bundled => format!("the bundled tz database ({BUNDLED_TZDB_VERSION})"),
            Repr::Tzif(s) => format!("the TZif files at {} (tz database {})", s.label, s.version),
        }
    }

    /// The zone called `name` in this source.
    ///
    /// `UTC` is always the built-in UTC zone. In TZif files, a name must be a relative path of
    /// letters, digits, `_`, `-` and `+` (`America/Argentina/Buenos_Aires`); any other name is
    /// unknown without a file being read.
    ///
    /// Errors: [`TimeError::UnknownZone`] (naming this source), [`TimeError::InvalidTzif`],
    /// [`TimeError::UnreadableZone`], [`TimeError::TooManyLoadedZones`].
    pub fn zone(&self, name: &str) -> Result<Zone, TimeError> {
        match &self.0 {
            Repr::Bundled => Zone::bundled(name).ok_or_else(|| self.unknown(name)),
            Repr::Tzif(_) if name == "UTC" => Ok(Zone::UTC),
            Repr::Tzif(s) => {
                if let Some(zone) = s
                    .cache
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get(name)
                {
                    return Ok(*zone);
                }
                if !is_zone_name(name) {
                    return Err(self.unknown(name));
                }
                let bytes = s
                    .files
                    .read(name, MAX_TZIF_BYTES)
                    .map_err(|reason| TimeError::UnreadableZone {
                        zone: name.to_string(),
                        zone_source: s.label.clone(),
                        reason,
                    })?
                    .ok_or_else(|| self.unknown(name))?;
                let zone = Zone::loaded(loaded::intern(name, &s.label, &s.version, &bytes)?);
                s.cache
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(name.to_string(), zone);
                Ok(zone)
            }
        }
    }

    /// Every zone name of this source, sorted: the bundled database's names, or for TZif files
    /// the zones and links listed in their `tzdata.zi` (`None` when there is none to list from;
    /// zones can still be looked up by name).
    pub fn zone_names(&self) -> Option<Vec<String>> {
        match &self.0 {
            Repr::Bundled => {
                let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
                    .iter()
                    .map(|tz| tz.name().to_string())
                    .collect();
                names.sort();
                Some(names)
            }
            Repr::Tzif(s) => {
                let bytes = s.files.read("tzdata.zi", MAX_TZDATA_ZI_BYTES).ok()??;
                if bytes.len() > MAX_TZDATA_ZI_BYTES {
                    return None;
                }
                let text = String::from_utf8_lossy(&bytes);
                let mut names: Vec<String> = text
                    .lines()
                    .filter_map(|line| {
                        let mut words = line.split_whitespace();
                        match words.next()? {
                            // `Z name ...` is a zone, `L target name` a link.
                            "Z" => words.next(),
                            "L" => words.nth(1),
                            _ => None,
                        }
                    })
                    .filter(|name| is_zone_name(name))
                    .map(str::to_string)
                    .collect();
                names.sort();
                names.dedup();
                Some(names)
            }
        }
    }

    fn unknown(&self, name: &str) -> TimeError {
        TimeError::UnknownZone {
            name: name.chars().take(200).collect(),
            zone_source: self.describe(),
        }
    }

    /// The source active on this thread (the bundled database unless one was entered).
    pub fn active() -> ZoneSource {
        ACTIVE
            .try_with(|a| a.borrow().clone())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Makes this source the active one on the current thread until the returned guard is
    /// dropped; the previous one is active again then. Guards nest.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use watchstander::time::ZoneSource;
    /// let files: BTreeMap<String, Vec<u8>> =
    ///     [("+VERSION".to_string(), b"2099z\n".to_vec())].into_iter().collect();
    /// let source = ZoneSource::tzif("memory", files);
    /// {
    ///     let _active = source.enter();
    ///     assert_eq!(ZoneSource::active().version(), "2099z");
    /// }
    /// assert_eq!(ZoneSource::active().version(), watchstander::time::BUNDLED_TZDB_VERSION);
    /// ```
    pub fn enter(&self) -> ActiveZoneSource {
        let entered = (!self.is_bundled()).then(|| self.clone());
        let previous = ACTIVE.try_with(|a| a.replace(entered)).ok().flatten();
        ActiveZoneSource {
            previous,
            _not_send: PhantomData,
        }
    }

    /// Runs `f` with this source active on the current thread.
    pub fn scope<R>(&self, f: impl FnOnce() -> R) -> R {
        let _active = self.enter();
        f()
    }

    /// Resolves `name` against the active source (what [`Zone::parse`] does).
    pub(crate) fn resolve_active(name: &str) -> Result<Zone, TimeError> {
        let active = ACTIVE.try_with(|a| a.borrow().clone()).ok().flatten();
        match active {
            None => ZoneSource::bundled().zone(name),
            Some(source) => source.zone(name),
        }
    }
}

thread_local! {
    /// The entered source of this thread; `None` is the bundled database.
    static ACTIVE: RefCell<Option<ZoneSource>> = const { RefCell::new(None) };
}

/// Keeps a [`ZoneSource`] active on the current thread; see [`ZoneSource::enter`].
///
/// Restores the previously active source when dropped. It belongs to the thread that made it
/// (it is neither `Send` nor `Sync`).
#[must_use = "the source is active only until the guard is dropped"]
pub struct ActiveZoneSource {
    previous: Option<ZoneSource>,
    _not_send: PhantomData<*const ()>,
}

impl std::fmt::Debug for ActiveZoneSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ActiveZoneSource")
    }
}

impl Drop for ActiveZoneSource {
    fn drop(&mut self) {
        let previous = self.previous.take();
        let _ = ACTIVE.try_with(|a| a.replace(previous));
    }
}

/// Whether `name` can name a TZif file: `/`-separated components of ASCII letters, digits,
/// `_`, `-` and `+`, none empty (so no absolute path, no `..`, no file with a dot such as
/// `zone.tab`).
fn is_zone_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_ZONE_NAME_BYTES
        && name.split('/').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+'))
        })
}

fn is_version(v: &str) -> bool {
    !v.is_empty() && v.len() <= MAX_VERSION_BYTES && v.bytes().all(|b| b.is_ascii_graphic())
}

/// The release named by `tzdata.zi` (first line `# version 2025b`) or `+VERSION`.
fn detect_version(files: &dyn TzifFiles) -> Option<String> {
    let first_line = |path: &str| -> Option<String> {
        let bytes = files.read(path, 256).ok().flatten()?;
        let text = String::from_utf8_lossy(&bytes);
        text.lines().next().map(str::to_string)
    };
    let from_zi = first_line("tzdata.zi").and_then(|line| {
        line.strip_prefix("# version ")
            .map(|v| v.trim().to_string())
    });
    from_zi
        .or_else(|| first_line("+VERSION").map(|v| v.trim().to_string()))
        .filter(|v| is_version(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &[u8])]) -> BTreeMap<String, Vec<u8>> {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect()
    }

    #[test]
    fn versions_are_read_from_tzdata_zi_or_version_files() {
        let zi = files(&[("tzdata.zi", b"# version 2026a\n# ddeps\nR x 1 2 3\n")]);
        assert_eq!(ZoneSource::tzif("a", zi).version(), "2026a");
        let plus = files(&[("+VERSION", b"2024b\n")]);
        assert_eq!(ZoneSource::tzif("b", plus).version(), "2024b");
        let none = files(&[("zone.tab", b"# version 2026a\n")]);
        assert_eq!(ZoneSource::tzif("c", none).version(), "unknown");
        let junk = files(&[("+VERSION", b"\xff\xfe not a version at all\n")]);
        assert_eq!(ZoneSource::tzif("d", junk).version(), "unknown");
        assert!(ZoneSource::tzif_with_version("e", "", files(&[])).is_err());
        assert!(ZoneSource::tzif_with_version("e", "2025 b", files(&[])).is_err());
        assert_eq!(
            ZoneSource::tzif_with_version("e", "2025b", files(&[]))
                .map(|s| s.info())
                .ok(),
            Some(TzdbInfo {
                version: "2025b".into(),
                source: "e".into()
            })
        );
    }

    #[test]
    fn names_that_are_not_zone_paths_are_never_read() {
        for bad in [
            "",
            "/etc/passwd",
            "../etc/passwd",
            "Europe/../London",
            "zone.tab",
            "tzdata.zi",
            "Europe//London",
            "Europe/London/",
            "Europe\\London",
            "Europe/Lon don",
        ] {
            assert!(!is_zone_name(bad), "{bad:?}");
        }
        for good in [
            "UTC",
            "Etc/GMT+5",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT-14",
        ] {
            assert!(is_zone_name(good), "{good:?}");
        }
        assert!(!is_zone_name(&"A".repeat(MAX_ZONE_NAME_BYTES + 1)));
        struct Panics;
        impl TzifFiles for Panics {
            fn read(&self, path: &str, _: usize) -> Result<Option<Vec<u8>>, String> {
                assert!(path == "tzdata.zi" || path == "+VERSION", "read {path:?}");
                Ok(None)
            }
        }
        let source = ZoneSource::tzif("nothing", Panics);
        let e = source.zone("../../etc/passwd").unwrap_err();
        assert_eq!(e.code(), "unknown_zone");
    }

    #[test]
    fn unreadable_files_are_typed_errors() {
        struct Denied;
        impl TzifFiles for Denied {
            fn read(&self, _: &str, _: usize) -> Result<Option<Vec<u8>>, String> {
                Err("permission denied".into())
            }
        }
        let e = ZoneSource::tzif("/locked", Denied)
            .zone("Europe/London")
            .unwrap_err();
        assert_eq!(e.code(), "unreadable_zone");
        assert!(e.to_string().contains("permission denied"), "{e}");
    }

    #[test]
    fn scopes_nest_and_restore() {
        let a = ZoneSource::tzif("a", files(&[("+VERSION", b"2001a")]));
        let b = ZoneSource::tzif("b", files(&[("+VERSION", b"2002b")]));
        assert!(ZoneSource::active().is_bundled());
        a.scope(|| {
            assert_eq!(ZoneSource::active().label(), "a");
            b.scope(|| assert_eq!(ZoneSource::active().label(), "b"));
            ZoneSource::bundled().scope(|| assert!(ZoneSource::active().is_bundled()));
            assert_eq!(ZoneSource::active().label(), "a");
            // UTC needs no file.
            assert_eq!(Zone::parse("UTC"), Ok(Zone::UTC));
        });
        assert!(ZoneSource::active().is_bundled());
    }
}
