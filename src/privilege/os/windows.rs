//! Windows: elevation is read from the process token; the UAC prompt (`runas`) restarts.

use std::path::Path;

use super::super::RestartError;

/// True when the process token is elevated (an administrator behind UAC's filter is not).
pub fn is_privileged() -> bool {
    crate::win32::is_elevated()
}

/// `ShellExecuteW` with the `runas` verb: the UAC prompt, then the elevated window.
pub fn launch(exe: &Path) -> Result<(), RestartError> {
    crate::win32::run_as_administrator(exe, "")
        .map_err(|code| RestartError::Launch(crate::win32::error_text(code)))
}
