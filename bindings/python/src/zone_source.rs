//! The zone source of this process: the bundled tz database, or a TZif directory the program
//! chose with `set_zone_source` / `setZoneSource`. Every call enters it around its work (the
//! core reads no files; this module is the file-system side of its `TzifFiles` trait).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

use watchstander::time::{TimeError, TzdbInfo, TzifFiles, ZoneSource};

static SOURCE: RwLock<Option<ZoneSource>> = RwLock::new(None);

/// A TZif directory on disk, such as `/usr/share/zoneinfo`.
struct Dir(PathBuf);

impl TzifFiles for Dir {
    fn read(&self, path: &str, limit: usize) -> Result<Option<Vec<u8>>, String> {
        let full = self.0.join(path);
        if !full.is_file() {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&full)
            .and_then(|f| {
                f.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| e.to_string())?;
        Ok(Some(bytes))
    }
}

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
        Some(dir) => {
            let path = Path::new(dir);
            if !path.is_dir() {
                return Err(TimeError::InvalidZoneSource {
                    zone_source: dir.chars().take(1000).collect(),
                    reason:
                        "it is not a directory; give a TZif directory such as /usr/share/zoneinfo"
                            .to_string(),
                }
                .into());
            }
            let files = Dir(path.to_path_buf());
            match version {
                Some(v) => ZoneSource::tzif_with_version(dir, v, files)?,
                None => ZoneSource::tzif(dir, files),
            }
        }
    };
    let info = source.info();
    *SOURCE.write().unwrap_or_else(PoisonError::into_inner) =
        (!source.is_bundled()).then_some(source);
    Ok(info)
}
