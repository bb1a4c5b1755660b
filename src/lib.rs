//! PortScope: a live TCP/UDP port monitor. The library holds the engine; `main.rs` picks GUI or CLI.
// Denied, not forbidden: only the Windows API wrappers (`win32`) may allow it, each unsafe block
// with a `// SAFETY:` comment.
#![deny(unsafe_code)]
// Functions stay short enough to read at once (clippy.toml: too-many-lines-threshold = 80).
#![warn(clippy::too_many_lines)]

pub mod actions;
pub mod app;
pub mod cli;
pub mod collector;
pub mod engine;
pub mod files;
pub mod i18n;
pub mod logging;
pub mod model;
pub mod privilege;
pub mod risk;
pub mod ui;
pub mod watch;
#[cfg(windows)]
pub mod win32;
