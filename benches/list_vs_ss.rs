//! Benchmark: how long a socket listing takes with 10,000 and 50,000 sockets open, in one run:
//! netstat2's bare netlink dump (the floor), PortScope's steady-state poll, the engine's whole
//! step (poll, judge, diff: what `watch` and the window pay each update) and a first poll, and
//! whole processes: `portscope list` against `ss -tuanp`, `netstat -tuanp` and `lsof -nP -i`. Prints ratios, since absolute times on shared
//! machines are noisy. Run: `cargo bench --bench list_vs_ss` (SOCKETS=N for one size; HOLDERS=1
//! to have other processes hold all of them). As root on Linux it also measures the poll with 20
//! more network namespaces of 10 sockets each (issue 16: at most 1.20× the poll without them);
//! NETNS_ONLY=1 runs only that case.
// A benchmark stops loudly on a failed setup (lints: Cargo.toml).
#![allow(clippy::unwrap_used)]

use std::net::{TcpListener, TcpStream, UdpSocket};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use portscope::collector::Poller;

mod common;
use common::{cpu_time, fd_limit, median, raise_fd_limit, spawn_holders};

const RUNS: usize = 11;

/// Open about `total` loopback sockets: established TCP pairs plus UDP sockets.
fn open_sockets(total: usize) -> (Vec<TcpStream>, Vec<UdpSocket>, TcpListener) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let pairs = total / 3;
    let mut streams = Vec::with_capacity(pairs * 2);
    for _ in 0..pairs {
        let client = TcpStream::connect(addr).expect("connect");
        let (server, _) = listener.accept().expect("accept");
        close_with_reset(&client);
        close_with_reset(&server);
        streams.push(client);
        streams.push(server);
    }
    let udp = (0..total - pairs * 2)
        .map(|_| UdpSocket::bind("127.0.0.1:0").expect("udp"))
        .collect();
    (streams, udp, listener)
}

/// One run of `program`: its wall time and output lines; `None` when it fails without output.
fn time_once(program: &str, args: &[&str]) -> Option<(Duration, usize)> {
    let start = Instant::now();
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let took = start.elapsed();
    if !out.status.success() && out.stdout.is_empty() {
        return None;
    }
    Some((took, out.stdout.iter().filter(|&&b| b == b'\n').count()))
}

/// Median wall time and CPU time per call of `f`, over `runs` calls.
fn time_in_process(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut walls = Vec::with_capacity(runs);
    let mut count = 0;
    let cpu_start = cpu_time();
    for _ in 0..runs {
        let start = Instant::now();
        count = f();
        walls.push(start.elapsed());
    }
    let cpu = (cpu_time() - cpu_start) / runs as u32;
    (median(walls), cpu, count)
}

/// Make `stream` close with a reset (SO_LINGER 0), so it leaves no TIME_WAIT socket behind to
/// be counted, and to change, under the next measurement.
fn close_with_reset(stream: &TcpStream) {
    #[cfg(unix)]
    {
        use nix::sys::socket::{setsockopt, sockopt::Linger};
        let now = nix::libc::linger {
            l_onoff: 1,
            l_linger: 0,
        };
        let _ = setsockopt(stream, Linger, &now);
    }
    #[cfg(not(unix))]
    let _ = stream;
}

/// Wait (up to 70 s) until no loopback socket is in TIME_WAIT: those of an earlier run expire
/// one by one during a measurement, and each poll then judges and reports the changes.
fn wait_for_time_wait_to_clear() {
    let in_time_wait = || {
        Poller::new()
            .poll()
            .rows
            .iter()
            .filter(|r| {
                r.state == Some(portscope::model::TcpState::TimeWait)
                    && r.local_address.is_loopback()
            })
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(70);
    let mut left = in_time_wait();
    if left > 0 {
        println!("waiting for {left} TIME_WAIT sockets of an earlier run to expire…");
    }
    while left > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_secs(1));
        left = in_time_wait();
    }
    if left > 0 {
        println!("{left} sockets still in TIME_WAIT: the figures below include their churn");
    }
}

/// netstat2's bare netlink dump of every TCP/UDP socket, without owners: the floor a poll can't
/// beat with this library.
#[cfg(target_os = "linux")]
fn netlink_floor() -> usize {
    use netstat2::{AddressFamilyFlags, ProtocolFlags};
    let af = AddressFamilyFlags::IPV4 | AddressFamilyFlags::IPV6;
    let proto = ProtocolFlags::TCP | ProtocolFlags::UDP;
    match netstat2::iterate_sockets_info_without_pids(af, proto) {
        Ok(iter) => iter.filter(Result::is_ok).count(),
        Err(_) => 0,
    }
}

/// Elsewhere netstat2's listing (with owners) is the nearest thing to a floor.
#[cfg(not(target_os = "linux"))]
fn netlink_floor() -> usize {
    use netstat2::{AddressFamilyFlags, ProtocolFlags};
    let af = AddressFamilyFlags::IPV4 | AddressFamilyFlags::IPV6;
    let proto = ProtocolFlags::TCP | ProtocolFlags::UDP;
    netstat2::get_sockets_info(af, proto).map_or(0, |v| v.len())
}

fn ratio(a: Duration, b: Option<Duration>) -> String {
    b.filter(|b| !b.is_zero()).map_or("-".into(), |b| {
        format!("{:.2}", a.as_secs_f64() / b.as_secs_f64())
    })
}

/// One in-process measurement: (name, median wall, mean CPU, rows).
type Measured = (&'static str, Duration, Duration, usize);

/// The floor, the steady-state poll, the engine's step and a first poll, in this process.
fn in_process(total: usize) -> Vec<Measured> {
    let runs = if total > 20_000 { 5 } else { RUNS * 3 };
    let (floor_wall, floor_cpu, floor_rows) = time_in_process(runs, netlink_floor);
    // The socket phase of a poll: PortScope's own reader (on Linux with tcp_info's counters).
    let (dump_wall, dump_cpu, dump_rows) = time_in_process(runs, || {
        portscope::collector::os_sockets().map_or(0, |v| v.len())
    });

    // The steady state of `watch` and the window: one long-lived poller, polled again and again.
    let mut poller = Poller::new();
    let _warm = poller.poll();
    let (poll_wall, poll_cpu, poll_rows) = time_in_process(runs, || {
        let snap = poller.poll();
        let n = snap.rows.len();
        std::hint::black_box(snap);
        n
    });
    // What the window's engine thread and `watch` pay per update: the poll plus judging (cached
    // per socket and owner), marking, diffing and events.
    let mut pipeline = portscope::engine::Pipeline::default();
    let _warm = pipeline.step(&mut poller);
    let (step_wall, step_cpu, _) = time_in_process(runs, || {
        let update = pipeline.step(&mut poller);
        let n = update.snapshot.rows.len();
        std::hint::black_box(update);
        n
    });
    // A first poll pays for the full owner scan and reading every process.
    let (first_wall, first_cpu, _) = time_in_process(3, || Poller::new().poll().rows.len());

    vec![
        (
            "netstat2 dump without PIDs (the floor)",
            floor_wall,
            floor_cpu,
            floor_rows,
        ),
        (
            "portscope socket dump (with byte counters)",
            dump_wall,
            dump_cpu,
            dump_rows,
        ),
        (
            "portscope steady-state poll (watch/window)",
            poll_wall,
            poll_cpu,
            poll_rows,
        ),
        (
            "engine step: poll+judge+diff (window/watch)",
            step_wall,
            step_cpu,
            poll_rows,
        ),
        (
            "portscope first poll (full owner scan)",
            first_wall,
            first_cpu,
            poll_rows,
        ),
    ]
}

/// Whole processes, each run `RUNS` times, in rounds: `portscope list` and the tools it is
/// compared with.
fn whole_processes() -> Vec<(String, Option<(Duration, usize)>)> {
    let bin = env!("CARGO_BIN_EXE_portscope");
    let commands: [(&str, &str, &[&str]); 5] = [
        (
            "portscope list --format json",
            bin,
            &["list", "--format", "json"],
        ),
        ("portscope list (table)", bin, &["list"]),
        ("ss -tuanp", "ss", &["-tuanp"]),
        ("netstat -tuanp", "netstat", &["-tuanp"]),
        ("lsof -nP -i", "lsof", &["-nP", "-i"]),
    ];
    // Round-robin: each round runs every command once, so a slow spell of this shared machine
    // falls on all of them alike instead of on whichever ran then.
    let mut times: Vec<Option<(Vec<Duration>, usize)>> = vec![Some((Vec::new(), 0)); 5];
    for _ in 0..RUNS {
        for (slot, (_, program, args)) in times.iter_mut().zip(&commands) {
            if let Some((walls, lines)) = slot {
                match time_once(program, args) {
                    Some((took, n)) => {
                        walls.push(took);
                        *lines = n;
                    }
                    None => *slot = None,
                }
            }
        }
    }
    commands
        .iter()
        .zip(times)
        .map(|((name, _, _), t)| ((*name).to_owned(), t.map(|(w, n)| (median(w), n))))
        .collect()
}

/// Print both tables, with ratios to the floor and to `ss`.
fn report(measured: &[Measured], external: &[(String, Option<(Duration, usize)>)]) {
    let floor_cpu = measured[0].2;
    let ss = external
        .iter()
        .find(|(n, _)| n == "ss -tuanp")
        .and_then(|(_, r)| r.map(|(d, _)| d));

    println!(
        "\n{:<44} {:>9} {:>9} {:>8} {:>10} {:>7}",
        "in-process (median wall, mean CPU per call)",
        "wall ms",
        "CPU ms",
        "rows",
        "÷ floor",
        "÷ ss"
    );
    for (name, wall, cpu, rows) in measured {
        println!(
            "{name:<44} {:>9.1} {:>9.1} {rows:>8} {:>10} {:>7}",
            wall.as_secs_f64() * 1000.0,
            cpu.as_secs_f64() * 1000.0,
            ratio(*cpu, Some(floor_cpu)),
            ratio(*wall, ss),
        );
    }
    println!(
        "\n{:<44} {:>9} {:>9} {:>8} {:>10}",
        "whole process (median of 11, in rounds)", "wall ms", "", "lines", "÷ ss"
    );
    for (name, result) in external {
        match result {
            Some((d, lines)) => println!(
                "{name:<44} {:>9.1} {:>9} {lines:>8} {:>10}",
                d.as_secs_f64() * 1000.0,
                "",
                ratio(*d, ss)
            ),
            None => println!("{name:<44} {:>9}", "not installed"),
        }
    }
}

fn run(total: usize) {
    raise_fd_limit(total as u64 * 2 + 1024);
    wait_for_time_wait_to_clear();
    // Stay under the open-files limit; children hold the rest (the limit can't be raised here
    // without CAP_SYS_RESOURCE).
    // HOLDERS=1 puts every socket in the helper processes, as on a real machine where other
    // programs own them.
    let here = if std::env::var_os("HOLDERS").is_some() {
        0
    } else {
        total.min(fd_limit().saturating_sub(2048))
    };
    let (streams, udp, _listener) = open_sockets(here);
    let mut holders = spawn_holders(total - here, fd_limit().saturating_sub(1024).max(1000));
    println!(
        "\n### {} sockets: {} TCP + {} UDP here (pid {}), {} more in {} helper processes",
        total,
        streams.len(),
        udp.len(),
        std::process::id(),
        total - here,
        holders.len()
    );
    // NETNS_ONLY=1: only the network-namespace case below.
    if std::env::var_os("NETNS_ONLY").is_none() {
        let measured = in_process(total);
        let external = whole_processes();
        report(&measured, &external);
    }
    #[cfg(target_os = "linux")]
    namespaces::report();
    drop((streams, udp));
    common::end_holders(&mut holders);
}

fn main() {
    // SOCKETS=N runs one size; by default 10,000 and 50,000, as the issue asks.
    let sizes: Vec<usize> = match std::env::var("SOCKETS").ok().and_then(|s| s.parse().ok()) {
        Some(n) => vec![n],
        None => vec![10_000, 50_000],
    };
    println!("Ratios are the figures to compare: absolute times on shared machines are noisy.");
    for total in sizes {
        run(total);
    }
}

/// The poll with 20 more network namespaces of 10 sockets each (issue 16, item 5), against the
/// same poll without them. Needs root (`ip netns add`, and PortScope enters each namespace).
#[cfg(target_os = "linux")]
mod namespaces {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::time::Duration;

    use portscope::collector::Poller;

    /// Extra namespaces and sockets in each, as the budget names them.
    const NAMESPACES: usize = 20;
    const SOCKETS_EACH: usize = 10;
    /// The budget: the poll with them at most this many times the poll without.
    const BUDGET: f64 = 1.20;

    /// Inside a namespace: 5 TCP listeners and 5 UDP sockets on its own loopback, then wait.
    const HOLD: &str = "import socket,sys\n\
        held=[]\n\
        for i in range(5):\n    s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); held.append(s)\n\
        for i in range(5):\n    u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('127.0.0.1',0)); held.append(u)\n\
        print('ready',flush=True)\n\
        sys.stdin.read()\n";

    /// The bench's namespaces and the one process holding sockets in each: the processes (ours)
    /// are ended by PID and the namespaces deleted on drop, also when the bench stops early.
    struct Extra {
        names: Vec<String>,
        holders: Vec<Child>,
    }

    impl Extra {
        fn new() -> Option<Extra> {
            let mut extra = Extra {
                names: Vec::new(),
                holders: Vec::new(),
            };
            for i in 0..NAMESPACES {
                let name = format!("psbench{i}-{}", std::process::id());
                let made = Command::new("ip").args(["netns", "add", &name]).status();
                if !made.is_ok_and(|s| s.success()) {
                    println!("ip netns add {name} failed: namespaces not measured");
                    return None;
                }
                extra.names.push(name.clone());
                let up = Command::new("ip")
                    .args(["-n", &name, "link", "set", "lo", "up"])
                    .status();
                if !up.is_ok_and(|s| s.success()) {
                    return None;
                }
                let mut child = Command::new("ip")
                    .args(["netns", "exec", &name, "python3", "-c", HOLD])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .ok()?;
                let mut line = String::new();
                let stdout = child.stdout.take()?;
                extra.holders.push(child);
                BufReader::new(stdout).read_line(&mut line).ok()?;
                if line.trim() != "ready" {
                    return None;
                }
            }
            Some(extra)
        }
    }

    impl Drop for Extra {
        fn drop(&mut self) {
            for child in &mut self.holders {
                let _ = child.kill();
                let _ = child.wait();
            }
            for name in &self.names {
                let _ = Command::new("ip").args(["netns", "del", name]).status();
            }
        }
    }

    /// Median wall and mean CPU of the steady-state poll, and the rows in other namespaces.
    fn steady_poll(runs: usize) -> (Duration, Duration, usize) {
        let mut poller = Poller::new();
        let _warm = (poller.poll(), poller.poll());
        let mut in_namespaces = 0;
        let (wall, cpu, _) = super::time_in_process(runs, || {
            let snap = poller.poll();
            in_namespaces = snap.rows.iter().filter(|r| r.netns.is_some()).count();
            std::hint::black_box(snap).rows.len()
        });
        (wall, cpu, in_namespaces)
    }

    pub fn report() {
        if !nix::unistd::geteuid().is_root() {
            println!("\n(network namespaces: not measured, needs root)");
            return;
        }
        let runs = super::RUNS * 3;
        // Without them before and after, so a slow spell of the machine does not fall on one side.
        let (before, before_cpu, base_rows) = steady_poll(runs);
        let Some(extra) = Extra::new() else { return };
        let (with, with_cpu, rows) = steady_poll(runs);
        drop(extra);
        let (after, after_cpu, _) = steady_poll(runs);
        let without = (before + after) / 2;
        let without_cpu = (before_cpu + after_cpu) / 2;
        let wall_ratio = with.as_secs_f64() / without.as_secs_f64();
        let cpu_ratio = with_cpu.as_secs_f64() / without_cpu.as_secs_f64();
        println!(
            "\n{NAMESPACES} more network namespaces of {SOCKETS_EACH} sockets each ({} rows in \
             other namespaces with them, {base_rows} without)",
            rows
        );
        println!(
            "{:<44} {:>9} {:>9} {:>10} {:>7}",
            "steady-state poll", "wall ms", "CPU ms", "÷ without", "budget"
        );
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<44} {:>9.1} {:>9.1}",
            "without them (mean of before and after)",
            ms(without),
            ms(without_cpu)
        );
        println!(
            "{:<44} {:>9.1} {:>9.1} {:>10.2} {:>7}",
            "with them",
            ms(with),
            ms(with_cpu),
            wall_ratio,
            if wall_ratio <= BUDGET { "PASS" } else { "OVER" }
        );
        println!(
            "{:<44} {:>9} {:>9} {:>10.2} {:>7}",
            "  CPU (all threads) with them ÷ without",
            "",
            "",
            cpu_ratio,
            if cpu_ratio <= BUDGET { "PASS" } else { "OVER" }
        );
    }
}
