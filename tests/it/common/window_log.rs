//! The window's own log as the real-window tests' readiness signal. With `RUST_LOG` at trace for
//! `portscope::app`, the window names the frame in which it drew its first snapshot and logs
//! the start of every frame. eframe paints a frame and swaps buffers before it starts the next
//! one, so once a later frame has started, the first rows are on screen.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// `RUST_LOG` for the window under test: warnings as usual, plus the app's frame lines.
pub const RUST_LOG: &str = "warn,portscope::app=trace";

/// The lines the window writes on stderr, read on a thread of their own. Lines other than the
/// per-frame trace go on to the test's stderr, as an inherited stderr would show them.
pub struct WindowLog {
    lines: Receiver<String>,
}

impl WindowLog {
    /// Spawn `command` with [`RUST_LOG`] and its stderr read into the returned log.
    pub fn spawn(command: &mut Command) -> (Child, WindowLog) {
        let mut child = command
            .env("RUST_LOG", RUST_LOG)
            .stderr(Stdio::piped())
            .spawn()
            .expect("start portscope");
        let stderr = child.stderr.take().expect("its stderr");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Read to the end even when nobody listens any more: a full pipe would stall the
            // window in its next log line.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !line.contains(" TRACE ") {
                    eprintln!("portscope: {line}");
                }
                let _ = tx.send(line);
            }
        });
        (child, WindowLog { lines })
    }

    /// Wait until the window shows the rows of its first snapshot: its "first snapshot drawn
    /// in frame N: S of T rows shown" line with S > 0, then the start of a later frame.
    /// Panics after `timeout` or when `app` exits first.
    pub fn wait_for_rows_on_screen(&self, app: &mut Child, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let mut drawn: Option<u64> = None;
        loop {
            if let Ok(Some(status)) = app.try_wait() {
                panic!("the window exited before it showed rows: {status}");
            }
            let what = match drawn {
                None => "its first snapshot to be drawn".to_owned(),
                Some(frame) => format!("a frame after frame {frame}, its first rows"),
            };
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                panic!("timed out after {timeout:?} waiting for {what}");
            };
            let line = match self
                .lines
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the window closed its stderr while we waited for {what}")
                }
            };
            match drawn {
                None => {
                    if let Some((frame, shown)) = first_snapshot_drawn(&line) {
                        assert!(shown > 0, "the first snapshot showed no rows: {line}");
                        drawn = Some(frame);
                    }
                }
                Some(frame) => {
                    if frame_started(&line).is_some_and(|(nr, pass)| nr > frame && pass == 0) {
                        return;
                    }
                }
            }
        }
    }
}

/// Frame number and rows shown from "… first snapshot drawn in frame 3: 12 of 40 rows shown, …".
fn first_snapshot_drawn(line: &str) -> Option<(u64, usize)> {
    let rest = line.split_once("first snapshot drawn in frame ")?.1;
    let (frame, rest) = rest.split_once(": ")?;
    let (shown, _) = rest.split_once(" of ")?;
    Some((frame.parse().ok()?, shown.parse().ok()?))
}

/// Frame number and pass from the trace line "[… TRACE portscope::app::frame] frame 7 pass 0".
fn frame_started(line: &str) -> Option<(u64, u64)> {
    let rest = line.split_once("] frame ")?.1;
    let (frame, pass) = rest.split_once(" pass ")?;
    Some((frame.parse().ok()?, pass.trim().parse().ok()?))
}

#[test]
fn parses_the_window_lines() {
    let drawn = "[2025-01-01T00:00:00Z DEBUG portscope::app::frame] first snapshot drawn in \
                 frame 3: 12 of 40 rows shown, 812ms after start";
    assert_eq!(first_snapshot_drawn(drawn), Some((3, 12)));
    let frame = "[2025-01-01T00:00:00Z TRACE portscope::app::frame] frame 7 pass 1";
    assert_eq!(frame_started(frame), Some((7, 1)));
    assert_eq!(first_snapshot_drawn(frame), None);
    assert_eq!(frame_started(drawn), None);
}
