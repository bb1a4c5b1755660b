//! Careful reading and writing of PortScope's own files (settings, trust list, baseline, logs):
//! writes replace the file atomically and never go through a symlink; reads and appends open
//! only regular files, never through a symlink, never blocking on a FIFO, and reads are capped.
//! `config_dir` chooses the folder they live in.

mod config_dir;

pub use config_dir::{ConfigDir, Refusal, config_dir, config_file};

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The largest state file [`read_regular`] reads: far above a list of 100,000 entries, far
/// below what would hurt (a link to `/dev/zero` or a runaway file is refused, not swallowed).
pub const MAX_READ_BYTES: u64 = 16 * 1024 * 1024;

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

/// Why a file was refused: kept as the source of an [`std::io::Error`], so callers that only
/// show the error need nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotUsable {
    /// A FIFO, a device, a socket or a folder where a file should be.
    #[error("not a regular file (a FIFO, a device or a folder); it was not opened")]
    NotRegular,
    /// A symbolic link where a file should be.
    #[error("a symbolic link; it was not followed")]
    Symlink,
    /// Larger than [`MAX_READ_BYTES`].
    #[error("larger than {} MiB; it was not read", MAX_READ_BYTES / (1024 * 1024))]
    TooLarge,
}

impl From<NotUsable> for std::io::Error {
    fn from(why: NotUsable) -> Self {
        let kind = match why {
            NotUsable::TooLarge => std::io::ErrorKind::FileTooLarge,
            _ => std::io::ErrorKind::InvalidInput,
        };
        std::io::Error::new(kind, why)
    }
}

impl NotUsable {
    fn error(self) -> std::io::Error {
        self.into()
    }

    /// The refusal behind `e`, if it is one.
    pub fn of(e: &std::io::Error) -> Option<NotUsable> {
        e.get_ref()?.downcast_ref::<NotUsable>().copied()
    }
}

/// Open flags for PortScope's own files: never through a final symlink, never waiting for a
/// FIFO's other end, not inherited by children.
fn careful(options: &mut std::fs::OpenOptions) -> &mut std::fs::OpenOptions {
    #[cfg(unix)]
    {
        use nix::libc::{O_CLOEXEC, O_NOFOLLOW, O_NONBLOCK};
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    }
    options
}

/// Map an open that met a symlink (`ELOOP` under `O_NOFOLLOW`) to [`NotUsable::Symlink`].
fn open_error(e: std::io::Error) -> std::io::Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(nix::libc::ELOOP) {
        return NotUsable::Symlink.error();
    }
    e
}

/// Read `path` only if it is a regular file of at most [`MAX_READ_BYTES`], never through a
/// symbolic link (also when the path is swapped for one while it is being opened). Other kinds
/// of file (a folder, a FIFO, a device) and larger files are an error ([`NotUsable`]); opening
/// never blocks.
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
        return Err(NotUsable::NotRegular.error());
    }
    let file = match careful(std::fs::OpenOptions::new().read(true)).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => {
            let e = open_error(e);
            return match NotUsable::of(&e) {
                Some(NotUsable::Symlink) => Ok(Found::Symlink),
                _ => Err(e),
            };
        }
    };
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(NotUsable::NotRegular.error());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if (opened.dev(), opened.ino()) != (before.dev(), before.ino()) {
            // Replaced between the check and the open: what we opened may be a link's target.
            return Ok(Found::Symlink);
        }
    }
    if opened.len() > MAX_READ_BYTES {
        return Err(NotUsable::TooLarge.error());
    }
    let mut bytes = Vec::new();
    // One byte more than allowed tells a file that grew while it was read.
    file.take(MAX_READ_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Err(NotUsable::TooLarge.error());
    }
    Ok(Found::Bytes(bytes))
}

/// Open `path` for appending, creating it (mode 0600: logs hold command lines) if it is
/// missing: never through a symlink, never blocking on a FIFO, and only a regular file.
pub fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => return Err(NotUsable::Symlink.error()),
        // Checked before the open too: a device is never opened, not even without blocking.
        Ok(m) if !m.is_file() => return Err(NotUsable::NotRegular.error()),
        _ => {}
    }
    let file = careful(&mut options).open(path).map_err(open_error)?;
    if !file.metadata()?.is_file() {
        return Err(NotUsable::NotRegular.error());
    }
    Ok(file)
}

/// How long [`lock_beside`] waits for another PortScope to finish its save.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Take the lock `<name>.lock` beside `path` (created if missing, like [`open_append`]), so
/// that one PortScope at a time reads, changes and replaces the file. Held until the returned
/// file is dropped; waits up to 10 s for another holder, then fails (`WouldBlock`).
pub fn lock_beside(path: &Path) -> std::io::Result<std::fs::File> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let lock = open_append(&lock_path)?;
    let deadline = std::time::Instant::now() + LOCK_PATIENCE;
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(lock),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    format!("another program holds {}", lock_path.display()),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Replace `path` with `bytes` atomically: a new file in the same folder, synced, then renamed
/// over the final name. A rename replaces a symlink itself, so a planted link's target is never
/// written. Missing parent folders are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_then(path, bytes, |_| Ok(()))
}

/// The mode and owner a file written by [`write_atomic_as`] gets (Unix; ignored elsewhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Perms {
    /// Permission bits (`0o644`).
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
}

/// Like [`write_atomic`], and the new file has `perms` before it takes the final name (a
/// system file PortScope changes keeps its mode and owner; no moment with other ones).
pub fn write_atomic_as(path: &Path, bytes: &[u8], perms: Perms) -> std::io::Result<()> {
    write_atomic_then(path, bytes, |file| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::os::unix::fs::fchown(file, Some(perms.uid), Some(perms.gid))?;
            file.set_permissions(std::fs::Permissions::from_mode(perms.mode))?;
        }
        #[cfg(not(unix))]
        let _ = (file, perms);
        Ok(())
    })
}

/// [`write_atomic`] with `prepare` run on the written temporary file before it is renamed.
fn write_atomic_then(
    path: &Path,
    bytes: &[u8],
    prepare: impl FnOnce(&std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
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
    prepare(tmp.as_file())?;
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

/// A real FIFO at `path` (tests).
#[cfg(all(test, unix))]
pub(crate) fn make_fifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

/// Run `open` (which touches the FIFO at `fifo`) on its own thread and return its result; fail
/// the test if it is still blocked after a generous deadline (then the FIFO is opened from the
/// other end, so the stuck thread ends too).
#[cfg(all(test, unix))]
pub(crate) fn without_blocking<T: Send + 'static>(
    fifo: &Path,
    open: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(open());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(30)) {
        Ok(result) => result,
        Err(_) => {
            use std::os::unix::fs::OpenOptionsExt as _;
            let mut other_end = std::fs::OpenOptions::new();
            other_end.read(true).write(true);
            let _unstick = other_end.custom_flags(nix::libc::O_NONBLOCK).open(fifo);
            panic!("still blocked on the FIFO {} after 30 s", fifo.display())
        }
    }
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

    #[cfg(unix)]
    #[test]
    fn reading_refuses_fifos_devices_and_oversized_files() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        make_fifo(&fifo);
        let path = fifo.clone();
        let read = without_blocking(&fifo, move || read_regular(&path));
        assert_eq!(
            NotUsable::of(&read.unwrap_err()),
            Some(NotUsable::NotRegular)
        );
        let device = read_regular(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(NotUsable::of(&device), Some(NotUsable::NotRegular));
        let huge = dir.path().join("huge.json");
        let file = std::fs::File::create(&huge).unwrap();
        file.set_len(MAX_READ_BYTES + 1).unwrap();
        let too_large = read_regular(&huge).unwrap_err();
        assert_eq!(NotUsable::of(&too_large), Some(NotUsable::TooLarge));
        assert!(too_large.to_string().contains("16 MiB"), "{too_large}");
        file.set_len(MAX_READ_BYTES).unwrap();
        let Found::Bytes(bytes) = read_regular(&huge).unwrap() else {
            panic!("a file at the limit is read")
        };
        assert_eq!(bytes.len() as u64, MAX_READ_BYTES);
    }

    #[cfg(unix)]
    #[test]
    fn appending_creates_private_files_and_refuses_links_and_fifos() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.log");
        let mut file = open_append(&path).unwrap();
        file.write_all(b"one\n").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        open_append(&path).unwrap().write_all(b"two\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one\ntwo\n");

        let link = dir.path().join("link.log");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let refused = open_append(&link).unwrap_err();
        assert_eq!(NotUsable::of(&refused), Some(NotUsable::Symlink));
        let fifo = dir.path().join("fifo.log");
        make_fifo(&fifo);
        let at = fifo.clone();
        let refused = without_blocking(&fifo, move || open_append(&at)).unwrap_err();
        assert_eq!(NotUsable::of(&refused), Some(NotUsable::NotRegular));
        assert_eq!(std::fs::read(&path).unwrap(), b"one\ntwo\n");
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
