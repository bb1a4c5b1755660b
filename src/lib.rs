//! PortScope: a live TCP/UDP port monitor. The library holds the engine; `main.rs` picks GUI or CLI.
// Lints (no unsafe code outside `win32`, short functions, no unwrap) are set for every target in
// Cargo.toml's [lints] table.

pub mod actions;
pub mod app;
pub mod block;
pub mod cli;
pub mod collector;
pub mod columns;
pub mod engine;
pub mod files;
pub mod i18n;
pub mod ipinfo;
pub mod logging;
pub mod model;
pub mod privilege;
pub mod resolve;
pub mod risk;
pub mod startup;
pub mod ui;
pub mod watch;
#[cfg(windows)]
pub mod win32;
