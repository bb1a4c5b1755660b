//! The only code that touches the OS for sockets and processes. A thread polls at an interval
//! and sends `Snapshot`s one way; `Control` messages go the other way.

#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod owners;
pub mod poll;
pub mod processes;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod procfs;
pub mod sockets;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use poll::{Poller, is_privileged};

use crate::model::Snapshot;

/// The default time between polls.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);

/// A message from the UI or CLI to the collector thread.
#[derive(Clone, Debug, PartialEq)]
pub enum Control {
    /// Stop polling until `Resume` (a `RefreshNow` still polls once).
    Pause,
    /// Poll again at the interval.
    Resume,
    /// Change the time between polls.
    SetInterval(Duration),
    /// Poll now, paused or not.
    RefreshNow,
    /// End the thread.
    Stop,
}

/// The UI's end of a running collector thread.
pub struct CollectorHandle {
    control: Sender<Control>,
    snapshots: Receiver<Snapshot>,
    thread: Option<JoinHandle<()>>,
}

impl CollectorHandle {
    /// Start polling the real OS every `interval`. `wake` is called after each snapshot is sent
    /// (the GUI passes a repaint request).
    pub fn spawn(interval: Duration, wake: Box<dyn Fn() + Send>) -> std::io::Result<Self> {
        let (control_tx, control_rx) = mpsc::channel();
        let (snap_tx, snap_rx) = mpsc::sync_channel(4);
        let thread = std::thread::Builder::new()
            .name("portscope-collector".into())
            .spawn(move || run(Poller::new(), interval, control_rx, snap_tx, wake))?;
        Ok(CollectorHandle {
            control: control_tx,
            snapshots: snap_rx,
            thread: Some(thread),
        })
    }

    /// Send a control message; a stopped thread is ignored.
    pub fn send(&self, control: Control) {
        let _ = self.control.send(control);
    }

    /// The newest snapshot waiting, dropping older ones.
    pub fn latest(&self) -> Option<Snapshot> {
        self.snapshots.try_iter().last()
    }

    /// Wait up to `timeout` for the next snapshot (CLI use).
    pub fn next_timeout(&self, timeout: Duration) -> Option<Snapshot> {
        self.snapshots.recv_timeout(timeout).ok()
    }
}

impl Drop for CollectorHandle {
    fn drop(&mut self) {
        let _ = self.control.send(Control::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(
    mut poller: Poller,
    mut interval: Duration,
    control: Receiver<Control>,
    out: SyncSender<Snapshot>,
    wake: Box<dyn Fn() + Send>,
) {
    let mut paused = false;
    let mut due = Instant::now();
    loop {
        let now = Instant::now();
        if now >= due {
            if !paused {
                match out.try_send(poller.poll()) {
                    // A full queue means the UI is behind; it only wants the newest anyway.
                    Ok(()) | Err(TrySendError::Full(_)) => wake(),
                    Err(TrySendError::Disconnected(_)) => return,
                }
            }
            due = Instant::now() + interval;
        }
        let wait = due.saturating_duration_since(Instant::now());
        match control.recv_timeout(wait) {
            Ok(Control::Pause) => paused = true,
            Ok(Control::Resume) => {
                paused = false;
                due = Instant::now();
            }
            Ok(Control::SetInterval(d)) => {
                interval = d.max(Duration::from_millis(100));
                due = Instant::now() + interval;
            }
            Ok(Control::RefreshNow) => {
                if paused {
                    if out.try_send(poller.poll()).is_ok() {
                        wake();
                    }
                } else {
                    due = Instant::now();
                }
            }
            Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_refresh_and_stop_take_effect() {
        let handle = CollectorHandle::spawn(Duration::from_millis(100), Box::new(|| {})).unwrap();
        let first = handle
            .next_timeout(Duration::from_secs(10))
            .expect("first snapshot");
        handle.send(Control::Pause);
        std::thread::sleep(Duration::from_millis(150));
        while handle.latest().is_some() {}
        std::thread::sleep(Duration::from_millis(400));
        assert!(handle.latest().is_none(), "paused collector kept polling");
        handle.send(Control::RefreshNow);
        let refreshed = handle
            .next_timeout(Duration::from_secs(10))
            .expect("refresh while paused");
        assert!(refreshed.sequence > first.sequence);
        let started = Instant::now();
        drop(handle);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "stop was not prompt"
        );
    }
}
