//! The UI's data source: judged updates in, control and kill requests out. The live backend
//! wraps the engine thread and the real kill path; UI tests use a fake.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use crate::actions::close::CloseError;
use crate::actions::kill::{KillReport, KillRequest, SystemProcessTable, end_process};
use crate::engine::{Control, EngineHandle, Pipeline, Update};

/// What the window needs from the outside world.
pub trait Backend {
    /// What the engine produced since the last call, if anything: the newest judged snapshot
    /// and every event since.
    fn latest(&mut self) -> Option<Update>;
    /// Pause, resume, change the interval, refresh now, use changed trust/baseline lists.
    fn control(&mut self, control: Control);
    /// Start ending a process; the answer arrives through `kill_reports`.
    fn end_program(&mut self, request: KillRequest);
    /// Answers to earlier `end_program` calls.
    fn kill_reports(&mut self) -> Vec<KillReport>;
    /// Show a desktop notification (fire and forget; failures are logged, never fatal).
    fn notify(&mut self, summary: String, body: String);
    /// Start PortScope again with administrator rights (the caller closes this window on success).
    fn restart_as_administrator(&mut self) -> Result<(), String> {
        crate::privilege::restart_elevated().map_err(|e| e.to_string())
    }
    /// Close one TCP connection (a single quick request to the kernel).
    fn close_connection(
        &mut self,
        local: SocketAddr,
        remote: SocketAddr,
    ) -> Result<(), CloseError> {
        crate::actions::close::close_tcp_connection(local, remote)
    }
}

/// The real backend: the engine thread plus kill workers.
pub struct LiveBackend {
    engine: EngineHandle,
    reports_tx: Sender<KillReport>,
    reports_rx: Receiver<KillReport>,
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl LiveBackend {
    /// Start the engine with `pipeline`, polling every `interval`; `wake` asks the UI to repaint.
    pub fn start(
        pipeline: Pipeline,
        interval: Duration,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> std::io::Result<Self> {
        let engine_wake = Arc::clone(&wake);
        let engine = EngineHandle::spawn(pipeline, interval, Box::new(move || engine_wake()))?;
        let (reports_tx, reports_rx) = mpsc::channel();
        Ok(LiveBackend {
            engine,
            reports_tx,
            reports_rx,
            wake,
        })
    }
}

impl Backend for LiveBackend {
    fn latest(&mut self) -> Option<Update> {
        self.engine.latest()
    }

    fn control(&mut self, control: Control) {
        self.engine.send(control);
    }

    fn end_program(&mut self, request: KillRequest) {
        let tx = self.reports_tx.clone();
        let wake = Arc::clone(&self.wake);
        let wait = request.signal.wait();
        // Waiting for the process to exit takes seconds: never on the UI thread.
        let spawned = std::thread::Builder::new()
            .name("portscope-kill".into())
            .spawn(move || {
                let outcome = end_process(&SystemProcessTable::default(), &request, wait);
                let _ = tx.send(KillReport { request, outcome });
                wake();
            });
        if let Err(e) = spawned {
            log::error!("could not start the kill worker: {e}");
        }
    }

    fn kill_reports(&mut self) -> Vec<KillReport> {
        self.reports_rx.try_iter().collect()
    }

    fn notify(&mut self, summary: String, body: String) {
        // D-Bus calls can block for a while when no notification daemon answers.
        let spawned = std::thread::Builder::new()
            .name("portscope-notify".into())
            .spawn(move || {
                if let Err(e) = crate::watch::notify::send(&summary, &body) {
                    notify_failed(&e.to_string());
                }
            });
        if let Err(e) = spawned {
            notify_failed(&e.to_string());
        }
    }
}

static NOTIFY_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// True once a desktop notification could not be delivered (Settings then says so).
pub fn notifications_failed() -> bool {
    NOTIFY_FAILED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Log a failed desktop notification once per run, not once per alert.
fn notify_failed(error: &str) {
    use std::sync::atomic::Ordering;
    if !NOTIFY_FAILED.swap(true, Ordering::Relaxed) {
        log::warn!(
            "desktop notifications are not delivered (further failures are not logged): {error}"
        );
    }
}
