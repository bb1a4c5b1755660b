//! macOS: root is euid 0; `osascript … with administrator privileges` asks for the password.

use std::path::Path;

use super::super::{RestartError, osascript_script};

/// True for euid 0.
pub fn is_privileged() -> bool {
    nix::unistd::geteuid().is_root()
}

/// The administrator password dialog of `osascript`, which then starts `exe` as root.
pub fn launch(exe: &Path) -> Result<(), RestartError> {
    super::spawn(&[
        "osascript".into(),
        "-e".into(),
        osascript_script(exe).into(),
    ])
}
