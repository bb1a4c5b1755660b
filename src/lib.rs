//! PortScope: a live TCP/UDP port monitor. The library holds the engine; `main.rs` picks GUI or CLI.
#![forbid(unsafe_code)]

pub mod actions;
pub mod app;
pub mod cli;
pub mod collector;
pub mod files;
pub mod i18n;
pub mod logging;
pub mod model;
pub mod risk;
pub mod ui;
pub mod watch;
