//! The zone source of this process: the bundled tz database, or a TZif directory the program
//! chose with `set_zone_source` / `setZoneSource`. Every call enters it around its work (the
//! directory itself is read by the core's `ZoneSource::directory`).

use std::path::Path;
use std::sync::{PoisonError, RwLock};

use watchstander::time::{TzdbInfo, ZoneSource};

static SOURCE: RwLock<Option<ZoneSource>> = RwLock::new(None);

/// The process's zone source (the bundled database unless one was set).
pub fn current() -> ZoneSource {
    SOURCE
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
        .unwrap_or_default()
}

/// Sets the process's zone source: `None` for the bundled database, else the TZif directory
/// `dir` (its release from `version`, or from its `tzdata.zi`/`+VERSION`).
pub fn set(dir: Option<&str>, version: Option<&str>) -> Result<TzdbInfo, watchstander::Error> {
    let source = match dir {
        None => ZoneSource::bundled(),
        Some(dir) => ZoneSource::directory(Path::new(dir), version)?,
    };
    let info = source.info();
    *SOURCE.write().unwrap_or_else(PoisonError::into_inner) =
        (!source.is_bundled()).then_some(source);
    Ok(info)
}
