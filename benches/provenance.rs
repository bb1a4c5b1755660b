//! Benchmark (issue 16): what knowing the program costs.
//! 1. Hashing throughput: MD5 and SHA-256 of a 256 MiB file through the worker's own
//!    `hash_image` (the same code that reads `/proc/<pid>/exe`).
//! 2. A fresh start: about 30 distinct packaged programs each hold a listening socket (coreutils'
//!    filters, sed, grep, gzip, … blocked reading an idle pipe); the time from a new poller's
//!    first poll until every one of their rows is verified, polling every 50 ms as the window
//!    would at its fastest.
//! 3. The steady-state poll at 10,000 sockets with provenance on, against the same poll with
//!    provenance off (`SystemOs::without_provenance`): medians of alternating runs; the issue
//!    allows at most 5% more.
//!
//! Run: `cargo bench --bench provenance` (SOCKETS=N for another size).
// A benchmark stops loudly on a failed setup (lints: Cargo.toml).
#![allow(clippy::unwrap_used)]

#[cfg(target_os = "linux")]
mod common;

#[cfg(target_os = "linux")]
mod linux {
    use std::net::{TcpListener, TcpStream, UdpSocket};
    use std::os::fd::OwnedFd;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use portscope::collector::Poller;
    use portscope::collector::provenance::rpm::DigestAlgo;
    use portscope::collector::provenance::worker::{ExeId, Stats, hash_image};
    use portscope::collector::source::SystemOs;

    use super::common::{median, raise_fd_limit};

    /// Packaged programs that sit reading an idle stdin: each is a distinct image.
    const FILTERS: &[&str] = &[
        "cat",
        "sort",
        "tr",
        "sed",
        "grep",
        "head",
        "wc",
        "cut",
        "uniq",
        "md5sum",
        "sha1sum",
        "sha256sum",
        "base64",
        "od",
        "tac",
        "nl",
        "paste",
        "tee",
        "gzip",
        "xz",
        "bzip2",
        "fold",
        "expand",
        "unexpand",
        "fmt",
        "sum",
        "cksum",
        "b2sum",
        "base32",
        "shuf",
        "split",
        "awk",
        "perl",
    ];

    /// A program holding a listening socket as its stdout while it waits on an idle pipe.
    struct Holder {
        child: Child,
        port: u16,
    }

    impl Drop for Holder {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn holders() -> Vec<Holder> {
        FILTERS
            .iter()
            .map(|name| Path::new("/usr/bin").join(name))
            .filter(|p| p.is_file())
            .filter_map(|program| {
                let listener = TcpListener::bind("127.0.0.1:0").ok()?;
                let port = listener.local_addr().ok()?.port();
                let mut command = Command::new(&program);
                if program.ends_with("awk") {
                    command.arg("{print}");
                } else if program.ends_with("perl") {
                    command.args(["-pe", ""]);
                } else if program.ends_with("split") {
                    command.args(["-", "/dev/null/x"]);
                }
                let child = command
                    .stdin(Stdio::piped())
                    .stdout(Stdio::from(OwnedFd::from(listener)))
                    .stderr(Stdio::null())
                    .spawn()
                    .ok()?;
                Some(Holder { child, port })
            })
            .collect::<Vec<_>>()
            .into_iter()
            // Only those still waiting (a program that refused its arguments has exited).
            .filter_map(|mut h| {
                std::thread::sleep(Duration::from_millis(20));
                matches!(h.child.try_wait(), Ok(None)).then_some(h)
            })
            .collect()
    }

    fn throughput() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("image");
        let block = vec![0x5au8; 1 << 20];
        let mut out = std::fs::File::create(&file).unwrap();
        for _ in 0..256 {
            std::io::Write::write_all(&mut out, &block).unwrap();
        }
        drop(out);
        let id = ExeId::of(&std::fs::metadata(&file).unwrap());
        for algo in [DigestAlgo::Md5, DigestAlgo::Sha256] {
            let stats = Stats::default();
            let mut times = Vec::new();
            for _ in 0..3 {
                let started = Instant::now();
                hash_image(&file, id, algo, &stats).unwrap().unwrap();
                times.push(started.elapsed());
            }
            let t = median(times);
            println!(
                "hashing {algo:?}: 256 MiB in {t:.2?} = {:.0} MB/s (page cache warm)",
                256.0 * 1.048_576 / t.as_secs_f64()
            );
        }
    }

    fn fresh_start(holders: &[Holder]) {
        let ports: Vec<u16> = holders.iter().map(|h| h.port).collect();
        let images: std::collections::HashSet<PathBuf> = holders
            .iter()
            .filter_map(|h| std::fs::read_link(format!("/proc/{}/exe", h.child.id())).ok())
            .collect();
        let bytes: u64 = images
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let mut poller = Poller::new();
        let started = Instant::now();
        let mut polls = 0;
        let (verified, total) = loop {
            let snap = poller.poll();
            polls += 1;
            let rows: Vec<_> = snap
                .rows
                .iter()
                .filter(|r| ports.contains(&r.local_port) && r.process().is_some())
                .collect();
            let done = rows
                .iter()
                .filter(|r| {
                    let o = &r.process().unwrap().origin;
                    !o.package_pending && o.package.as_ref().is_some_and(|p| p.verified.is_some())
                })
                .count();
            // Only these rows: other programs on a shared machine may keep the worker busy.
            if done == ports.len() || started.elapsed() > Duration::from_secs(60) {
                break (done, rows.len());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        println!(
            "fresh start: {verified}/{total} rows of {} distinct packaged programs ({:.1} MB of images) verified after {:.2?} ({polls} polls, 50 ms apart)",
            images.len(),
            bytes as f64 / 1e6,
            started.elapsed()
        );
    }

    fn open_sockets(total: usize) -> (Vec<TcpStream>, Vec<UdpSocket>, TcpListener) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let pairs = total / 3;
        let mut streams = Vec::with_capacity(pairs * 2);
        for _ in 0..pairs {
            let client = TcpStream::connect(addr).unwrap();
            let (server, _) = listener.accept().unwrap();
            streams.push(client);
            streams.push(server);
        }
        let udp = (0..total - pairs * 2)
            .map(|_| UdpSocket::bind("127.0.0.1:0").unwrap())
            .collect();
        (streams, udp, listener)
    }

    fn steady_state(total: usize) {
        raise_fd_limit(total as u64 + 4096);
        let sockets = open_sockets(total);
        let mut on = Poller::new();
        let mut off = Poller::with_source(Box::new(SystemOs::without_provenance()));
        // Warm both up: the owner scan's full pass, and every package check done.
        let deadline = Instant::now() + Duration::from_secs(60);
        while (on.poll().rows.is_empty() || on.origins_pending() > 0) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        for _ in 0..3 {
            off.poll();
        }
        let (mut with, mut without) = (Vec::new(), Vec::new());
        let mut rows = 0;
        for _ in 0..41 {
            let t = Instant::now();
            rows = on.poll().rows.len();
            with.push(t.elapsed());
            let t = Instant::now();
            off.poll();
            without.push(t.elapsed());
        }
        let (w, wo) = (median(with), median(without));
        println!(
            "steady-state poll at {rows} sockets: {w:.2?} with provenance, {wo:.2?} without = {:+.1}% (allowed: +5%)",
            (w.as_secs_f64() / wo.as_secs_f64() - 1.0) * 100.0
        );
        drop(sockets);
    }

    pub fn main() {
        let total = std::env::var("SOCKETS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(10_000);
        throughput();
        let holders = holders();
        fresh_start(&holders);
        steady_state(total);
        drop(holders);
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    linux::main();
    #[cfg(not(target_os = "linux"))]
    println!("provenance is read on Linux only");
}
