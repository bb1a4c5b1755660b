//! The logger behind `log::warn!` and `log::error!`: warnings and errors go to stderr (tune with
//! `RUST_LOG`), and the window also appends them to `portscope.log` in the config folder, because
//! a double-clicked app has no terminal to show them.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The log file is started afresh when it grows past this.
const MAX_LOG_BYTES: u64 = 1024 * 1024;

/// Where the window's log file lives: in PortScope's folder, beside the trust list.
pub fn log_file_path() -> Option<PathBuf> {
    crate::files::config_file("portscope.log")
}

/// Open `path` for appending, never through a symlink and never waiting on a FIFO (only a
/// regular file is used), starting afresh when it is too large.
pub fn open_log_file(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = crate::files::open_append(path)?;
    if file.metadata()?.len() > MAX_LOG_BYTES {
        file.set_len(0)?;
    }
    Ok(file)
}

/// The log file could not be opened: the window shows this, and logs to stderr only.
#[derive(Debug)]
pub struct LogFileProblem {
    /// The log file.
    pub path: PathBuf,
    /// Why it was not opened.
    pub source: std::io::Error,
}

/// Writes each record to stderr and, where open, to the log file. A full disk or closed stderr
/// loses the log line, never the program.
struct Tee {
    file: Option<Mutex<File>>,
}

impl Write for Tee {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(buf);
        if let Some(file) = &self.file
            && let Ok(mut f) = file.lock()
        {
            let _ = f.write_all(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}

/// Install the logger. `to_file`: also append to the log file (the window does; the CLI doesn't);
/// returns why the file could not be opened, for the window to show. Safe to call more than
/// once; later calls do nothing.
pub fn init(to_file: bool) -> Option<LogFileProblem> {
    let mut problem = None;
    let file = if to_file {
        log_file_path().and_then(|path| match open_log_file(&path) {
            Ok(f) => Some(Mutex::new(f)),
            Err(source) => {
                problem = Some(LogFileProblem { path, source });
                None
            }
        })
    } else {
        None
    };
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn"));
    builder.target(env_logger::Target::Pipe(Box::new(Tee { file })));
    let _ = builder.try_init();
    if let Some(p) = &problem {
        log::warn!("no log file ({}): {}", p.path.display(), p.source);
    }
    problem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_file_is_never_opened_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("portscope.log");
            std::os::unix::fs::symlink(&victim, &link).unwrap();
            assert!(open_log_file(&link).is_err());
        }
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }

    /// Issue 14, bug 7: a FIFO as `portscope.log` kept the window from ever appearing.
    #[cfg(unix)]
    #[test]
    fn a_fifo_log_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("portscope.log");
        crate::files::make_fifo(&fifo);
        let at = fifo.clone();
        let opened = crate::files::without_blocking(&fifo, move || open_log_file(&at));
        let refused = opened.expect_err("a FIFO is no log file");
        assert!(
            refused.to_string().contains("not a regular file"),
            "{refused}"
        );
    }

    #[test]
    fn oversized_log_starts_afresh_and_new_lines_append() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/portscope.log");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, vec![b'x'; (MAX_LOG_BYTES + 1) as usize]).unwrap();
        let mut f = open_log_file(&path).unwrap();
        writeln!(f, "one").unwrap();
        let mut f = open_log_file(&path).unwrap();
        writeln!(f, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\ntwo\n");
    }
}
