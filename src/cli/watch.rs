//! `portscope watch`: stream change events until interrupted, as text or JSON Lines. SIGINT and
//! SIGTERM end it with exit code 0 after the output is flushed.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{WatchArgs, WatchFormat, pipeline};
use crate::collector::{MIN_INTERVAL, Poller};
use crate::i18n::Tr;
use crate::model::text::show_invisible;
use crate::watch::ChangeEvent;
use crate::watch::journal::EventRecord;

fn text_line(e: &ChangeEvent) -> String {
    let r = &e.row;
    let remote = r
        .remote_endpoint()
        .map_or_else(String::new, |e| format!(" -> {e}"));
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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    while !stop.load(Ordering::SeqCst) {
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
            let line = match args.format {
                WatchFormat::Json => serde_json::to_string(&EventRecord::new(&event, tr))
                    .map_err(|e| e.to_string())?,
                WatchFormat::Text => text_line(&event),
            };
            if writeln!(out, "{line}").is_err() {
                return Ok(()); // the reader went away (e.g. `| head`): nothing left to do
            }
        }
        if out.flush().is_err() {
            return Ok(());
        }
    }
    let _ = out.flush();
    Ok(())
}
