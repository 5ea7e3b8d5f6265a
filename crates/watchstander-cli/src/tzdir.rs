//! `--tzdir DIR`: zone names read from a TZif directory instead of the bundled tz database.
//!
//! The core reads no files; this is the file system side of its `TzifFiles` trait.

use std::io::Read;
use std::path::{Path, PathBuf};

use watchstander::time::{TimeError, TzifFiles, ZoneSource};

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

/// The zone source of `--tzdir DIR`: an error when `DIR` is not a directory.
pub fn source(dir: &Path) -> Result<ZoneSource, TimeError> {
    if !dir.is_dir() {
        return Err(TimeError::InvalidZoneSource {
            zone_source: dir.display().to_string(),
            reason: "it is not a directory; give a TZif directory such as /usr/share/zoneinfo"
                .to_string(),
        });
    }
    Ok(ZoneSource::tzif(
        dir.display().to_string(),
        Dir(dir.to_path_buf()),
    ))
}
