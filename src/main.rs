//! The `portscope` binary: the window without arguments, the CLI with a subcommand.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use portscope::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => {
            portscope::logging::init(false);
            run(command)
        }
        None => {
            portscope::logging::init(true);
            match portscope::app::run_gui() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    log::error!("could not open the window: {e:#}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
