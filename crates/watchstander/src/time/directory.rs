//! TZif files in a directory on disk, such as the system's `/usr/share/zoneinfo` or Python's
//! `tzdata` package.
//!
//! This is the one place the core touches the file system, and only when a caller asks for it
//! with [`ZoneSource::directory`]: the bundled database needs no files, and any other storage
//! can implement [`TzifFiles`] itself.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{TimeError, TzifFiles, ZoneSource};

/// A TZif directory on disk; see [`ZoneSource::directory`].
#[derive(Debug, Clone)]
pub struct TzifDirectory(PathBuf);

impl TzifFiles for TzifDirectory {
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

impl ZoneSource {
    /// Zones read from the TZif directory `dir`; its release is `version` when the host knows
    /// it (e.g. Python's `tzdata.IANA_VERSION`), else read from its `tzdata.zi` or `+VERSION`.
    ///
    /// Gives [`TimeError::InvalidZoneSource`] when `dir` is not a directory or `version` is not
    /// a release name. Files are read when a zone is first asked for.
    ///
    /// # Examples
    ///
    /// ```
    /// use watchstander::time::{TimeError, ZoneSource};
    ///
    /// let err = ZoneSource::directory("/nonexistent/zoneinfo".as_ref(), None).unwrap_err();
    /// assert!(matches!(err, TimeError::InvalidZoneSource { .. }));
    /// ```
    pub fn directory(dir: &Path, version: Option<&str>) -> Result<ZoneSource, TimeError> {
        let label = dir.display().to_string();
        if !dir.is_dir() {
            return Err(TimeError::InvalidZoneSource {
                zone_source: label.chars().take(1000).collect(),
                reason: "it is not a directory; give a TZif directory such as /usr/share/zoneinfo"
                    .to_string(),
            });
        }
        let files = TzifDirectory(dir.to_path_buf());
        match version {
            Some(v) => ZoneSource::tzif_with_version(label, v, files),
            None => Ok(ZoneSource::tzif(label, files)),
        }
    }
}
