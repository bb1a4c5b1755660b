//! Careful reading and writing of PortScope's own state files (settings, trust list, baseline):
//! writes replace the file atomically and never go through a symlink; reads can refuse one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What [`read_regular`] found at a path.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// Nothing is there.
    Missing,
    /// A symbolic link: it was not followed.
    Symlink,
    /// The contents of a regular file.
    Bytes(Vec<u8>),
}

/// Read `path` only if it is a regular file, never through a symbolic link (also when the path
/// is swapped for one while it is being opened). Other kinds of file (a folder, a FIFO) are an
/// error, so reading never blocks.
pub fn read_regular(path: &Path) -> std::io::Result<Found> {
    let before = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(e),
    };
    if before.file_type().is_symlink() {
        return Ok(Found::Symlink);
    }
    if !before.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(e),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let opened = file.metadata()?;
        if (opened.dev(), opened.ino()) != (before.dev(), before.ino()) {
            // Replaced between the check and the open: what we opened may be a link's target.
            return Ok(Found::Symlink);
        }
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(Found::Bytes(bytes))
}

/// Replace `path` with `bytes` atomically: a new file in the same folder, synced, then renamed
/// over the final name. A rename replaces a symlink itself, so a planted link's target is never
/// written. Missing parent folders are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map_or_else(
        || "portscope".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        // Make the rename itself durable; failing here loses nothing already written.
        let _ = folder.sync_all();
    }
    #[cfg(test)]
    WRITES.with(|w| w.set(w.get() + 1));
    Ok(())
}

/// Move an unusable file (or symlink) aside as `<name>.corrupt-<local time>`, never following a
/// link; returns the new path.
pub fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let base = path.file_name().unwrap_or_default().to_os_string();
    let mut n = 0u32;
    let backup = loop {
        let mut name = base.clone();
        name.push(format!(".corrupt-{stamp}"));
        if n > 0 {
            name.push(format!("-{n}"));
        }
        let candidate = path.with_file_name(name);
        // Never replace an earlier kept copy (two in the same second).
        if n >= 100 || std::fs::symlink_metadata(&candidate).is_err() {
            break candidate;
        }
        n += 1;
    };
    std::fs::rename(path, &backup)?;
    Ok(backup)
}

#[cfg(test)]
thread_local! {
    static WRITES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many files [`write_atomic`] has written on the calling thread (tests count writes).
#[cfg(test)]
pub fn writes_on_this_thread() -> u64 {
    WRITES.with(|w| w.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn atomic_writes_replace_a_planted_symlink_not_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let path = dir.path().join("state.json");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        write_atomic(&path, b"{}").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(std::fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn reading_refuses_symlinks_and_odd_files() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "secret").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert_eq!(read_regular(&link).unwrap(), Found::Symlink);
        assert_eq!(
            read_regular(&victim).unwrap(),
            Found::Bytes(b"secret".to_vec())
        );
        assert_eq!(
            read_regular(&dir.path().join("none")).unwrap(),
            Found::Missing
        );
        assert!(read_regular(dir.path()).is_err());
    }

    #[test]
    fn moving_aside_keeps_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, [0xff, 0x00]).unwrap();
        let backup = move_aside(&path).unwrap();
        assert!(!path.exists());
        assert!(
            backup
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("a.json.corrupt-")
        );
        assert_eq!(std::fs::read(&backup).unwrap(), [0xff, 0x00]);
    }
}
