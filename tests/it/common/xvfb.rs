//! A private Xvfb for the real-window tests, and the xdotool/ImageMagick helpers they share.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process that is killed and reaped when dropped (only ever our own, by its PID).
pub struct Reaped(pub Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One window test at a time: each picks a free display number, which must not race.
pub static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Poll `check` every 200 ms until it gives a value; panic after `timeout`.
pub fn wait_for(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> Option<String>,
) -> String {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Run xdotool on `display`; its trimmed output, or `None` when it failed or printed nothing.
pub fn xdotool(display: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// An Xvfb server on a display number it chose itself, stopped (by its PID) when dropped.
pub struct Xvfb {
    /// The display name, e.g. `:90`.
    pub display: String,
    server: Child,
    /// Xvfb's stderr, shown when a test fails.
    log: tempfile::NamedTempFile,
}

impl Drop for Xvfb {
    /// SIGTERM first, so Xvfb removes its lock file and socket (SIGKILL leaves them behind and
    /// the display numbers run out); SIGKILL only if it is still there after two seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.server.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.server.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

impl Xvfb {
    /// Start Xvfb with one 1400×860 screen; returns once it accepts connections.
    pub fn start() -> Xvfb {
        Xvfb::start_sized("1400x860x24")
    }

    /// Start Xvfb with one screen of `geometry` (`WxHxDEPTH`). `-displayfd 1` makes Xvfb pick a
    /// free display itself (no race with other servers, stale locks of dead servers are taken
    /// over) and print its number on stdout only once it is ready for clients; a socket file
    /// alone appears earlier, and a client connecting then was refused (a CI failure).
    pub fn start_sized(geometry: &str) -> Xvfb {
        use std::io::BufRead;
        let log = tempfile::NamedTempFile::new().expect("a temp file for Xvfb's log");
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                geometry,
                "-nolisten",
                "tcp",
                // Without it Xvfb resets whenever its last client leaves, and a client that
                // connects during the reset is refused: a probe, or a program that opens and
                // closes a connection of its own before its window's, would race with it.
                "-noreset",
            ])
            .stdout(Stdio::piped())
            .stderr(log.reopen().expect("Xvfb's log file"))
            .spawn()
            .expect("start Xvfb (apt install xvfb)");
        let stdout = server.stdout.take().expect("Xvfb's stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep reading: a closed pipe would end Xvfb with SIGPIPE if it ever wrote again.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
        let number = line.trim();
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            let _ = server.kill();
            let status = server.wait();
            panic!("Xvfb did not report a display within 20 s ({status:?}, printed {line:?})");
        }
        let x = Xvfb {
            display: format!(":{number}"),
            server,
            log,
        };
        // A real client must get in before the program under test tries.
        wait_for("Xvfb to accept a client", Duration::from_secs(20), || {
            x.probe().ok().map(|_| String::new())
        });
        x
    }

    /// Connect with `xdpyinfo`: `Ok` when the server answers, else what went wrong.
    pub fn probe(&self) -> Result<(), String> {
        let out = Command::new("xdpyinfo")
            .args(["-display", &self.display])
            .output()
            .map_err(|e| format!("xdpyinfo: {e} (apt install x11-utils)"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "xdpyinfo -display {}: {} {}",
                self.display,
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// What went wrong, for a failed test: whether the server answers now, and its log.
    pub fn diagnosis(&self) -> String {
        let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        format!(
            "display {}: {:?}; Xvfb alive: {}; Xvfb log:\n{log}",
            self.display,
            self.probe(),
            Path::new(&format!("/proc/{}", self.server.id())).exists()
        )
    }

    /// Wait for a window whose name contains `name`, while `app` keeps running; its id.
    pub fn wait_for_window(&self, app: &mut Child, name: &str) -> String {
        wait_for(
            &format!("a window named {name}"),
            Duration::from_secs(60),
            || {
                if let Ok(Some(status)) = app.try_wait() {
                    panic!("the program exited early: {status}; {}", self.diagnosis());
                }
                xdotool(&self.display, &["search", "--name", name])
                    .and_then(|ids| ids.lines().next().map(str::to_owned))
            },
        )
    }

    /// Screenshot the whole screen to `shot` and check it is not blank.
    pub fn screenshot(&self, shot: &Path) {
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(shot)
            .status()
            .expect("run import (apt install imagemagick)");
        assert!(status.success(), "screenshot failed");
        let deviation = Command::new("convert")
            .arg(shot)
            .args(["-format", "%[fx:standard_deviation]", "info:"])
            .output()
            .expect("run convert (apt install imagemagick)");
        let deviation: f64 = String::from_utf8_lossy(&deviation.stdout)
            .trim()
            .parse()
            .unwrap_or(0.0);
        assert!(
            deviation > 0.02,
            "screenshot looks blank (deviation {deviation})"
        );
    }
}

/// Where screenshots go: `PORTSCOPE_SHOT_DIR`, or the temp dir.
pub fn shot_path(name: &str) -> std::path::PathBuf {
    std::env::var_os("PORTSCOPE_SHOT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(name)
}
