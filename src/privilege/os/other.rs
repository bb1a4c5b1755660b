//! Systems that are neither unix nor Windows: no rights to check, no way to restart.

use std::path::Path;

use super::super::RestartError;

/// Never privileged here.
pub fn is_privileged() -> bool {
    false
}

/// Not possible here.
pub fn launch(_exe: &Path) -> Result<(), RestartError> {
    Err(RestartError::Launch("not supported on this system".into()))
}
