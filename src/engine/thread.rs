//! The window's engine thread: it polls at an interval, runs the pipeline and leaves each
//! [`Update`] in a [`Mailbox`]; [`Control`] messages go the other way.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Mailbox, Pipeline, Update};
use crate::collector::{MIN_INTERVAL, Poller};
use crate::risk::TrustList;

/// A message from the window to the engine thread.
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
    /// The trust list changed: mark the rows again with it.
    SetTrust(TrustList),
    /// The baseline changed: mark the rows again with it.
    SetBaseline(TrustList),
    /// Name remote addresses by reverse DNS (the window's setting), or stop and forget the
    /// names.
    SetResolve(bool),
    /// End the thread.
    Stop,
}

/// The window's end of a running engine thread.
pub struct EngineHandle {
    control: Sender<Control>,
    mailbox: Arc<Mailbox>,
    thread: Option<JoinHandle<()>>,
}

impl EngineHandle {
    /// Start polling the real OS every `interval` through `pipeline`. `wake` is called after
    /// each update is left (the GUI passes a repaint request).
    pub fn spawn(
        pipeline: Pipeline,
        interval: Duration,
        wake: Box<dyn Fn() + Send>,
    ) -> std::io::Result<Self> {
        let (control_tx, control_rx) = mpsc::channel();
        let mailbox = Arc::new(Mailbox::default());
        let out = Arc::clone(&mailbox);
        let thread = std::thread::Builder::new()
            .name("portscope-engine".into())
            .spawn(move || {
                let engine = Engine {
                    poller: Poller::new(),
                    pipeline,
                    out,
                    wake,
                };
                engine.run(interval, control_rx);
            })?;
        Ok(EngineHandle {
            control: control_tx,
            mailbox,
            thread: Some(thread),
        })
    }

    /// Send a control message; a stopped thread ignores it.
    pub fn send(&self, control: Control) {
        let _ = self.control.send(control);
    }

    /// The update waiting, if any (all events since the last call, the newest snapshot).
    pub fn latest(&self) -> Option<Update> {
        self.mailbox.take()
    }

    /// Wait up to `timeout` for the next update.
    pub fn next_timeout(&self, timeout: Duration) -> Option<Update> {
        self.mailbox.take_timeout(timeout)
    }
}

impl Drop for EngineHandle {
    fn drop(&mut self) {
        let _ = self.control.send(Control::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What the engine thread owns.
struct Engine {
    poller: Poller,
    pipeline: Pipeline,
    out: Arc<Mailbox>,
    wake: Box<dyn Fn() + Send>,
}

impl Engine {
    fn send(&self, update: Update) {
        self.out.put(update);
        (self.wake)();
    }

    fn step(&mut self) {
        let update = self.pipeline.step(&mut self.poller);
        self.send(update);
    }

    fn remark(&mut self) {
        if let Some(update) = self.pipeline.remark() {
            self.send(update);
        }
    }

    fn run(mut self, mut interval: Duration, control: Receiver<Control>) {
        let mut paused = false;
        let mut due = Instant::now();
        loop {
            if Instant::now() >= due {
                if !paused {
                    self.step();
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
                    interval = d.max(MIN_INTERVAL);
                    due = Instant::now() + interval;
                }
                Ok(Control::RefreshNow) if paused => self.step(),
                Ok(Control::RefreshNow) => due = Instant::now(),
                Ok(Control::SetTrust(list)) => {
                    self.pipeline.set_trust(list);
                    self.remark();
                }
                Ok(Control::SetBaseline(list)) => {
                    self.pipeline.set_baseline(list);
                    self.remark();
                }
                Ok(Control::SetResolve(on)) if on != self.pipeline.resolves() => {
                    self.pipeline
                        .set_resolver(on.then(crate::resolve::Resolver::system));
                    self.remark();
                }
                Ok(Control::SetResolve(_)) => {}
                Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }
}
