//! Soak test (issue 9): thousands of polls of the real collector while a thread in this process
//! keeps opening and closing loopback TCP and UDP sockets. Memory must stay flat, no snapshot may
//! carry a warning, and every churned socket a poll saw open must later be seen closing.
//! `#[ignore]`d (minutes of work); `.ci/run` runs it. `SOAK_POLLS` changes the number of polls.
#![cfg(target_os = "linux")]

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, TcpListener, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use portscope::collector::Poller;
use portscope::model::{CollectorWarning, Protocol, SocketKey, SocketRow, diff};
use portscope::watch::{EventKind, events_from_diff};

/// The churn binds here, so its sockets are told apart from everything else on the machine.
const CHURN_V4: Ipv4Addr = Ipv4Addr::new(127, 77, 0, 1);

/// This process's resident set size in KiB, from /proc/self/status.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn is_churn(row: &SocketRow) -> bool {
    row.local_address == IpAddr::V4(CHURN_V4)
}

/// Open and close loopback listeners and UDP sockets until `stop`; each lives a few µs to ms.
fn churn(stop: Arc<AtomicBool>, opened: Arc<AtomicU64>) {
    let mut held: Vec<(Option<TcpListener>, Option<UdpSocket>)> = Vec::new();
    let mut n: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let tcp = TcpListener::bind((CHURN_V4, 0)).ok();
        let udp = UdpSocket::bind((CHURN_V4, 0)).ok();
        opened.fetch_add(
            u64::from(tcp.is_some()) + u64::from(udp.is_some()),
            Ordering::Relaxed,
        );
        held.push((tcp, udp));
        // Keep up to ~16 open; close the oldest ones at varying pace.
        let keep = (n % 17) as usize;
        while held.len() > keep {
            held.remove(0);
        }
        std::thread::sleep(Duration::from_micros(50 + (n % 7) * 150));
    }
    // Dropping `held` closes the rest.
}

/// Set in the child process that does the soak's work (see below).
const SOAK_CHILD: &str = "PORTSCOPE_SOAK_CHILD";

#[test]
#[ignore = "soak: minutes of polling; run by .ci/run"]
fn ten_thousand_polls_under_churn_stay_flat_and_see_every_close() {
    // The soak measures this process's memory (VmRSS), and every other test of this crate runs
    // as a thread of the same process. So the work runs in a child: this test binary again,
    // with only this test selected, whatever else this run selected.
    if std::env::var_os(SOAK_CHILD).is_none() {
        rerun_alone();
        return;
    }
    let polls: usize = std::env::var("SOAK_POLLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let warm_up = (polls / 10).max(1);
    let started = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let opened = Arc::new(AtomicU64::new(0));
    let churner = {
        let (stop, opened) = (stop.clone(), opened.clone());
        std::thread::spawn(move || churn(stop, opened))
    };

    let mut poller = Poller::new();
    let mut prev: Vec<SocketRow> = Vec::new();
    let mut tally = Tally::default();
    let mut rss_after_warm_up = 0;
    let mut rss_max = 0;
    for i in 0..polls {
        let snapshot = poller.poll();
        if let Err(e) = tally.record(snapshot, &mut prev, i == 0) {
            panic!("{e}");
        }
        if i + 1 == warm_up {
            rss_after_warm_up = rss_kib();
        }
        if i + 1 > warm_up {
            rss_max = rss_max.max(rss_kib());
        }
    }
    stop.store(true, Ordering::Relaxed);
    churner.join().unwrap();
    // One more poll after the churn closed everything: the last ones must close too.
    let last = poller.poll();
    let leftovers: Vec<_> = last.rows.iter().filter(|r| is_churn(r)).cloned().collect();
    if let Err(e) = tally.record(last, &mut prev, false) {
        panic!("{e}");
    }
    let elapsed = started.elapsed();
    let churned = opened.load(Ordering::Relaxed);
    eprintln!(
        "soak: {polls} polls in {elapsed:.1?} ({:.2} ms/poll); churn opened {churned} sockets, \
         polls saw {} open and {} close; {} events; \
         VmRSS after warm-up ({warm_up} polls) {rss_after_warm_up} KiB, max after {rss_max} KiB, \
         end {} KiB (growth {} KiB)",
        elapsed.as_secs_f64() * 1000.0 / polls as f64,
        tally.opened,
        tally.closed,
        tally.events,
        rss_kib(),
        rss_max.saturating_sub(rss_after_warm_up)
    );
    assert!(
        leftovers.is_empty(),
        "closed sockets still listed: {leftovers:?}"
    );
    tally.check(polls, churned);
    assert!(
        rss_max.saturating_sub(rss_after_warm_up) < 2 * 1024,
        "RSS grew from {rss_after_warm_up} KiB to {rss_max} KiB"
    );
}

/// Run this test again in a child process, alone, and pass on its output and result.
fn rerun_alone() {
    let name = "soak::ten_thousand_polls_under_churn_stay_flat_and_see_every_close";
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            name,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SOAK_CHILD, "1")
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("run the soak in a child process");
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    assert!(out.status.success(), "the soak failed: {}", out.status);
    assert!(
        stdout.contains("1 passed"),
        "the child ran no soak: {stdout}"
    );
}

/// What the polls saw of the churned sockets.
#[derive(Default)]
struct Tally {
    /// Churned sockets seen opened and not yet seen closed.
    open_now: HashSet<SocketKey>,
    opened: u64,
    closed: u64,
    events: u64,
    tcp: u64,
    udp: u64,
}

impl Tally {
    /// Check one snapshot's warnings and count its changes against `prev` (then replaced).
    fn record(
        &mut self,
        snapshot: portscope::model::Snapshot,
        prev: &mut Vec<SocketRow>,
        first: bool,
    ) -> Result<(), String> {
        let bad: Vec<&CollectorWarning> = snapshot
            .warnings
            .iter()
            .filter(|w| snapshot.privileged || !matches!(w, CollectorWarning::OwnersHidden(_)))
            .collect();
        if !bad.is_empty() {
            return Err(format!("poll {}: warnings {bad:?}", snapshot.sequence));
        }
        let d = diff(prev, &snapshot.rows);
        for event in events_from_diff(&d, snapshot.taken_at) {
            self.events += 1;
            if is_churn(&event.row) {
                self.count(event.kind, event.row.key(), first)?;
            }
        }
        *prev = snapshot.rows;
        Ok(())
    }

    fn count(&mut self, kind: EventKind, key: SocketKey, first: bool) -> Result<(), String> {
        match kind {
            EventKind::Opened if !first => {
                if !self.open_now.insert(key.clone()) {
                    return Err(format!("{key:?} opened twice"));
                }
                self.opened += 1;
                match key.protocol {
                    Protocol::Tcp => self.tcp += 1,
                    Protocol::Udp => self.udp += 1,
                }
            }
            EventKind::Opened | EventKind::Changed => {}
            EventKind::Closed => {
                // Sockets already open at the first poll count as opened before it.
                if self.open_now.remove(&key) {
                    self.closed += 1;
                }
            }
        }
        Ok(())
    }

    /// Every socket seen opening was seen closing, and enough of the churn was seen.
    fn check(&self, polls: usize, churned: u64) {
        assert!(
            self.open_now.is_empty(),
            "{} churned sockets were seen open but never closed: {:?}",
            self.open_now.len(),
            self.open_now.iter().take(5).collect::<Vec<_>>()
        );
        assert_eq!(self.opened, self.closed);
        assert!(
            self.opened >= (polls as u64 / 20).min(churned),
            "the churn was hardly seen ({} of {churned}): the test would prove nothing",
            self.opened
        );
        assert!(
            self.tcp > 0 && self.udp > 0,
            "seen open: {} TCP, {} UDP",
            self.tcp,
            self.udp
        );
    }
}
