//! PortScope's integration tests: one test crate (`cargo test --test it`), one module per area,
//! so eframe and the library are linked into one test binary instead of one per file.
//!
//! All modules run as threads of one process. Tests that need the same global resource take a
//! lock for it: `common::xvfb::ONE_AT_A_TIME` for the real-window tests. Select a module's tests
//! with a filter, e.g. `cargo test --test it -- window::` (add `--ignored` for the ones that need
//! Xvfb, wine, the installed .deb or minutes of soak; `.ci/run` runs each of those on its own).

// Lints come from Cargo.toml's [lints] table. Test helpers (not only #[test] functions) may
// unwrap: a failed setup should stop the test loudly.
#![allow(clippy::unwrap_used)]

mod common;

#[cfg(target_os = "linux")]
mod block_netns;
mod cli_list;
mod collector_os;
mod config_files;
mod deb_installed;
mod golden;
mod kill_os;
mod layers;
#[cfg(target_os = "linux")]
mod netns_sockets;
mod notify_dunst;
mod provenance_os;
mod recorded_os;
#[cfg(target_os = "linux")]
mod remote_netns;
#[cfg(target_os = "linux")]
mod resolve_netns;
mod risk_os;
mod soak;
mod startup_os;
mod ui_kittest;
mod watch_cli;
mod window;
mod wine;
