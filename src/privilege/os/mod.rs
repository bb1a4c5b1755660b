//! The per-OS part of privileges: `is_privileged` and `launch` (start the program elevated),
//! one file per system.

#[cfg(all(unix, not(target_os = "macos")))]
mod linux;
#[cfg(all(unix, not(target_os = "macos")))]
pub use linux::{is_privileged, launch};

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
pub use macos::{is_privileged, launch};

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::{is_privileged, launch};

#[cfg(not(any(unix, windows)))]
mod other;
#[cfg(not(any(unix, windows)))]
pub use other::{is_privileged, launch};

/// Start `argv` without waiting for it (the helper shows its own password dialog).
#[cfg(unix)]
fn spawn(argv: &[std::ffi::OsString]) -> Result<(), super::RestartError> {
    use super::RestartError;
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| RestartError::Launch("empty command".into()))?;
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| RestartError::Launch(format!("{}: {e}", program.to_string_lossy())))
}
