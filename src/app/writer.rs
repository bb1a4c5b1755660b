//! Background file writes: each save runs on a short-lived thread, after the one before it (so
//! the newest state is written last), and reports back over a channel the app polls each frame.
//! The UI never waits on the disk, except when the window closes.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

type Job<R> = Box<dyn FnOnce() -> R + Send>;
type Slot<R> = Arc<Mutex<Option<(Option<JoinHandle<()>>, Job<R>)>>>;

/// Runs writes in order off the UI thread; results come back through [`Writer::poll`].
pub struct Writer<R> {
    last: Option<JoinHandle<()>>,
    tx: Sender<R>,
    rx: Receiver<R>,
    in_flight: usize,
}

impl<R> std::fmt::Debug for Writer<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("in_flight", &self.in_flight)
            .finish_non_exhaustive()
    }
}

impl<R: Send + 'static> Default for Writer<R> {
    fn default() -> Self {
        let (tx, rx) = channel();
        Writer {
            last: None,
            tx,
            rx,
            in_flight: 0,
        }
    }
}

impl<R: Send + 'static> Writer<R> {
    /// Run `job` on its own thread once the previous job is done; `wake` is called after its
    /// result is sent (to repaint the window).
    pub fn spawn(
        &mut self,
        job: impl FnOnce() -> R + Send + 'static,
        wake: impl Fn() + Send + 'static,
    ) {
        self.in_flight += 1;
        let slot: Slot<R> = Arc::new(Mutex::new(Some((self.last.take(), Box::new(job)))));
        let theirs = Arc::clone(&slot);
        let tx = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("portscope-save".into())
            .spawn(move || {
                if let Some((previous, job)) = take(&theirs) {
                    run(previous, job, &tx);
                    wake();
                }
            });
        match spawned {
            Ok(handle) => self.last = Some(handle),
            Err(_) => {
                // No thread to be had: write here rather than lose the save.
                if let Some((previous, job)) = take(&slot) {
                    run(previous, job, &self.tx);
                }
            }
        }
    }

    /// Results of the jobs finished since the last call, oldest first.
    pub fn poll(&mut self) -> Vec<R> {
        let done: Vec<R> = self.rx.try_iter().collect();
        self.in_flight = self.in_flight.saturating_sub(done.len());
        done
    }

    /// True while a job has not reported back through [`Writer::poll`].
    pub fn is_busy(&self) -> bool {
        self.in_flight > 0
    }

    /// Wait for every job to finish (when the window closes); results stay for `poll`.
    pub fn finish(&mut self) {
        if let Some(handle) = self.last.take() {
            let _ = handle.join();
        }
    }
}

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock().unwrap_or_else(|e| e.into_inner()).take()
}

fn run<R>(previous: Option<JoinHandle<()>>, job: Job<R>, tx: &Sender<R>) {
    if let Some(previous) = previous {
        let _ = previous.join();
    }
    let _ = tx.send(job());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn jobs_run_in_order_off_the_calling_thread() {
        let mut writer: Writer<(usize, std::thread::ThreadId)> = Writer::default();
        let order = Arc::new(Mutex::new(Vec::new()));
        for i in 0..5 {
            let order = Arc::clone(&order);
            writer.spawn(
                move || {
                    // The first job is the slowest: later ones must still wait for it.
                    std::thread::sleep(Duration::from_millis(if i == 0 { 50 } else { 1 }));
                    order.lock().unwrap().push(i);
                    (i, std::thread::current().id())
                },
                || {},
            );
        }
        assert!(writer.is_busy());
        writer.finish();
        let done = writer.poll();
        assert_eq!(
            done.iter().map(|d| d.0).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3, 4]);
        assert!(done.iter().all(|d| d.1 != std::thread::current().id()));
        assert!(!writer.is_busy());
    }
}
