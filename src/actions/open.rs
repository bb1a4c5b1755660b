//! Opening a saved report or its folder with the system's default program (xdg-open on Linux,
//! `open` on macOS, Explorer on Windows). The program is started and left to run; PortScope
//! never waits for it.

use std::path::Path;
use std::process::{Command, Stdio};

/// Open `path` (a file or a folder) with the default program.
pub fn open_path(path: &Path) -> Result<(), String> {
    let mut command = if cfg!(windows) {
        let mut c = Command::new("explorer");
        c.arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reap it when it exits, so no zombie is left behind.
            let _ = std::thread::Builder::new()
                .name("portscope-open".into())
                .spawn(move || child.wait());
        })
        .map_err(|e| e.to_string())
}
