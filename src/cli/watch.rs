//! `portscope watch`: stream change events until interrupted, as text or JSON Lines. SIGINT and
//! SIGTERM end it with exit code 0 after the output is flushed. Lines are written by a thread of
//! their own, so a reader that stops reading (a full pipe) can slow the stream but never keeps
//! a stop request from ending it: after [`STOP_DRAIN`], what could not be written is dropped.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use super::{WatchArgs, WatchFormat, pipeline};
use crate::collector::{MIN_INTERVAL, Poller};
use crate::i18n::Tr;
use crate::model::text::show_invisible;
use crate::watch::ChangeEvent;
use crate::watch::journal::EventRecord;

fn text_line(e: &ChangeEvent) -> String {
    let r = &e.row;
    let remote = match (r.remote_endpoint(), &r.remote_host) {
        (Some(e), Some(h)) => {
            let mark = if h.verified { "" } else { "?" };
            format!(" -> {e} ({}{mark})", show_invisible(&h.name))
        }
        (Some(e), None) => format!(" -> {e}"),
        _ => String::new(),
    };
    let state = match (e.previous_state, r.state) {
        (Some(before), Some(now)) => format!(" {before} -> {now}"),
        (None, Some(now)) => format!(" {now}"),
        _ => String::new(),
    };
    let owner = match r.pid() {
        Some(pid) => format!(" {} (pid {pid})", show_invisible(r.process_name())),
        None => " -".to_owned(),
    };
    let level = r.assessment.level();
    let risk = if level.is_flagged() {
        format!(" [risk: {}]", level.as_str())
    } else {
        String::new()
    };
    format!(
        "{} {:<7} {} {}{remote}{state}{owner}{risk}",
        e.time.with_timezone(&chrono::Local).format("%H:%M:%S"),
        e.kind.as_str(),
        r.protocol_label(),
        r.local_endpoint()
    )
}

/// One event as `watch` prints it: a JSON Lines record or a line of text.
pub fn event_line(event: &ChangeEvent, format: WatchFormat, tr: &Tr) -> Result<String, String> {
    Ok(match format {
        WatchFormat::Json => {
            serde_json::to_string(&EventRecord::new(event, tr)).map_err(|e| e.to_string())?
        }
        WatchFormat::Text => text_line(event),
    })
}

/// How long a stop request waits for lines already made to reach a slow reader.
pub const STOP_DRAIN: Duration = Duration::from_millis(500);

/// Lines waiting for the writer thread; beyond this the poll loop waits (and still sees a stop).
const QUEUE: usize = 1024;

/// Write every line it is sent to stdout, flushing when the queue runs dry. Ends when the
/// sender is dropped (after writing what was queued) or the reader is gone; says so on `done`.
fn writer(lines: Receiver<String>, done: SyncSender<()>) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut ok = true;
    while let Ok(line) = lines.recv() {
        ok = writeln!(out, "{line}").is_ok();
        while ok && let Ok(line) = lines.try_recv() {
            ok = writeln!(out, "{line}").is_ok();
        }
        ok = ok && out.flush().is_ok();
        if !ok {
            break; // the reader went away (e.g. `| head`): nothing left to do
        }
    }
    if ok {
        let _ = out.flush();
    }
    let _ = done.send(());
}

/// Hand `line` to the writer, waiting while its queue is full. False when the output is gone or
/// a stop was asked for meanwhile.
fn hand_over(tx: &SyncSender<String>, mut line: String, stop: &AtomicBool) -> bool {
    loop {
        match tx.try_send(line) {
            Ok(()) => return true,
            Err(TrySendError::Disconnected(_)) => return false,
            Err(TrySendError::Full(back)) => {
                if stop.load(Ordering::SeqCst) {
                    return false;
                }
                line = back;
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// Run `portscope watch`.
pub fn run(args: &WatchArgs, tr: &Tr) -> Result<(), String> {
    let interval = Duration::try_from_secs_f64(args.interval)
        .ok()
        .filter(|d| *d >= MIN_INTERVAL)
        .ok_or_else(|| {
            format!(
                "--interval must be at least 0.1 seconds (got {})",
                args.interval
            )
        })?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).map_err(|e| e.to_string())?;

    let mut warnings = Vec::new();
    let mut pipeline = pipeline(&mut warnings);
    if args.resolve {
        pipeline.set_resolver(Some(crate::resolve::Resolver::system()));
    }
    for w in warnings {
        eprintln!("{w}");
    }
    let mut poller = Poller::new();
    // The first update is the starting state: it has no events.
    let start = pipeline.step(&mut poller);
    // Also what a script (or test) can wait for: a socket opened from now on is an event.
    log::debug!(
        "watch: starting state taken ({} sockets); events follow every {interval:?}",
        start.snapshot.rows.len()
    );
    let (tx, lines) = mpsc::sync_channel::<String>(QUEUE);
    let (done_tx, done) = mpsc::sync_channel::<()>(1);
    std::thread::Builder::new()
        .name("watch-output".into())
        .spawn(move || writer(lines, done_tx))
        .map_err(|e| e.to_string())?;
    'poll: while !stop.load(Ordering::SeqCst) {
        let due = Instant::now() + interval;
        while Instant::now() < due && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(
                Duration::from_millis(20).min(due.saturating_duration_since(Instant::now())),
            );
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
        for event in pipeline.step(&mut poller).events {
            let line = event_line(&event, args.format, tr)?;
            if !hand_over(&tx, line, &stop) {
                break 'poll;
            }
        }
    }
    // Let the writer finish what is queued, but a reader that stopped reading can't hold the
    // stop up: the process then exits with the writer still blocked (std's exit flush skips a
    // stdout that is locked).
    drop(tx);
    let _ = done.recv_timeout(STOP_DRAIN);
    Ok(())
}
