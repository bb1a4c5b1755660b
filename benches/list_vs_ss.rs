//! Benchmark: how long one full socket listing takes with ~10,000 sockets open, for PortScope
//! (in-process poll and the `portscope list` CLI) against `ss -tuanp`, `netstat -tuanp` and
//! `lsof -nP -i` in the same run. Prints medians and the ratio to `ss`, since absolute times on
//! shared machines are noisy. Run: `cargo bench --bench list_vs_ss` (SOCKETS=N to change the count).

use std::net::{TcpListener, TcpStream, UdpSocket};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use portscope::collector::Poller;

const RUNS: usize = 7;

#[cfg(not(unix))]
fn raise_fd_limit(_wanted: u64) {}

#[cfg(unix)]
fn raise_fd_limit(wanted: u64) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE)
        && soft < wanted
    {
        let _ = setrlimit(Resource::RLIMIT_NOFILE, wanted.min(hard), hard);
    }
}

/// Open about `total` loopback sockets: established TCP pairs plus UDP sockets.
fn open_sockets(total: usize) -> (Vec<TcpStream>, Vec<UdpSocket>, TcpListener) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let pairs = total / 3;
    let mut streams = Vec::with_capacity(pairs * 2);
    for _ in 0..pairs {
        let client = TcpStream::connect(addr).expect("connect");
        let (server, _) = listener.accept().expect("accept");
        streams.push(client);
        streams.push(server);
    }
    let udp = (0..total - pairs * 2)
        .map(|_| UdpSocket::bind("127.0.0.1:0").expect("udp"))
        .collect();
    (streams, udp, listener)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_command(program: &str, args: &[&str]) -> Option<(Duration, usize)> {
    let mut times = Vec::new();
    let mut lines = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new(program)
            .args(args)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        times.push(start.elapsed());
        if !out.status.success() && out.stdout.is_empty() {
            return None;
        }
        lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    Some((median(times), lines))
}

fn main() {
    let total: usize = std::env::var("SOCKETS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    raise_fd_limit(total as u64 * 2 + 1024);
    let (streams, udp, _listener) = open_sockets(total);
    println!(
        "opened {} TCP + {} UDP sockets on loopback (pid {})",
        streams.len(),
        udp.len(),
        std::process::id()
    );

    let mut poller = Poller::new();
    let warm = poller.poll();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let snap = poller.poll();
        times.push(start.elapsed());
        std::hint::black_box(snap);
    }
    let poll = median(times);

    let bin = env!("CARGO_BIN_EXE_portscope");
    let mut results: Vec<(String, Option<(Duration, usize)>)> = vec![
        (
            "portscope poll (in-process, warm)".into(),
            Some((poll, warm.rows.len())),
        ),
        (
            "portscope list --format json".into(),
            time_command(bin, &["list", "--format", "json"]),
        ),
        (
            "portscope list (table)".into(),
            time_command(bin, &["list"]),
        ),
        ("ss -tuanp".into(), time_command("ss", &["-tuanp"])),
        (
            "netstat -tuanp".into(),
            time_command("netstat", &["-tuanp"]),
        ),
        ("lsof -nP -i".into(), time_command("lsof", &["-nP", "-i"])),
    ];
    let ss = results
        .iter()
        .find(|(n, _)| n == "ss -tuanp")
        .and_then(|(_, r)| r.map(|(d, _)| d));
    println!(
        "\n{:<36} {:>10} {:>9} {:>10}",
        "command (median of 7)", "ms", "lines", "÷ ss"
    );
    for (name, result) in results.drain(..) {
        match result {
            Some((d, lines)) => {
                let ratio = ss.map_or("-".into(), |s| {
                    format!("{:.2}", d.as_secs_f64() / s.as_secs_f64())
                });
                println!(
                    "{name:<36} {:>10.1} {lines:>9} {ratio:>10}",
                    d.as_secs_f64() * 1000.0
                );
            }
            None => println!("{name:<36} {:>10}", "not installed"),
        }
    }
    drop((streams, udp));
}
