//! Linux and other unix systems but macOS: root is euid 0; `pkexec` asks for the password.

use std::path::Path;

use super::super::{RestartError, pkexec_argv};

/// True for euid 0.
pub fn is_privileged() -> bool {
    nix::unistd::geteuid().is_root()
}

/// `pkexec env DISPLAY=… <exe>`: polkit's password dialog, then the elevated window.
pub fn launch(exe: &Path) -> Result<(), RestartError> {
    super::spawn(&pkexec_argv(exe, &|name| std::env::var(name).ok()))
}
