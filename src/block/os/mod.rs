//! The per-OS firewall behind [`super::Blocker`]: nftables on Linux, Windows Defender Firewall
//! on Windows, none yet elsewhere. Each file has the same `Backend` (`system`, `block`,
//! `unblock`, `list`, `restore`) and a `FIREWALL` name.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::{Backend, FIREWALL, always_survives_restart};

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::{Backend, FIREWALL, always_survives_restart};

#[cfg(not(any(target_os = "linux", windows)))]
mod other;
#[cfg(not(any(target_os = "linux", windows)))]
pub use other::{Backend, FIREWALL, always_survives_restart};
