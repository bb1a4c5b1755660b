//! The `portscope` binary: the window without arguments, the CLI with a subcommand.
#![forbid(unsafe_code)]
// A double-click opens only the window, no console beside it. The CLI attaches to the console of
// the shell that started it (see `win32::attach_parent_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;

use portscope::cli::{Cli, run};

/// jemalloc gives memory back to the system after a burst of sockets; glibc's malloc kept most
/// of it (benches/gui_idle.rs: RSS 15 s after 50,000 sockets closed).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    // Any argument means the CLI (even `--help` or a mistyped command): its text must reach the
    // shell's console on Windows, where the exe has none of its own.
    #[cfg(windows)]
    if std::env::args_os().len() > 1 {
        portscope::win32::attach_parent_console();
    }
    let cli = Cli::parse();
    match cli.command {
        Some(command) => {
            portscope::logging::init(false);
            run(command)
        }
        None => {
            let log_problem = portscope::logging::init(true);
            match portscope::app::run_gui(log_problem) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    log::error!("could not open the window: {e:#}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
