//! `portscope watch --format json` sees a loopback listener open and close, and SIGINT ends it
//! with exit code 0.

use crate::common;

use std::process::Command;

/// `portscope watch --format json` with its events arriving on a channel, one JSON value each.
/// Returns once watch has taken its starting state (its debug line on stderr says so): any
/// socket opened from then on is an event.
#[cfg(unix)]
fn spawn_watch_json(
    interval: &str,
) -> (
    std::process::Child,
    std::sync::mpsc::Receiver<serde_json::Value>,
) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(common::portscope_bin())
        .args(["watch", "--format", "json", "--interval", interval])
        .env("RUST_LOG", "warn,portscope::cli::watch=debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let v: serde_json::Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            if tx.send(v).is_err() {
                break;
            }
        }
    });
    let stderr = child.stderr.take().unwrap();
    let (ready_tx, ready) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("watch: starting state taken") {
                let _ = ready_tx.send(());
            }
            eprintln!("watch: {line}");
        }
    });
    if ready
        .recv_timeout(std::time::Duration::from_secs(30))
        .is_err()
    {
        let _ = child.kill();
        let status = child.wait();
        panic!("watch did not report its starting state within 30 s ({status:?})");
    }
    (child, rx)
}

#[cfg(unix)]
#[test]
fn watch_streams_opened_and_closed_then_exits_0_on_sigint() {
    use std::net::TcpListener;
    use std::time::Duration;

    let (mut child, rx) = spawn_watch_json("0.2");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let wait_for = |kind: &str| loop {
        let v = rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no {kind} event for {port}"));
        if v["event"] == kind && v["row"]["local_port"] == port && v["row"]["protocol"] == "tcp" {
            return v;
        }
    };
    let opened = wait_for("opened");
    assert_eq!(opened["row"]["state"], "LISTEN");
    assert_eq!(opened["row"]["pid"], std::process::id());
    assert!(chrono::DateTime::parse_from_rfc3339(opened["time"].as_str().unwrap()).is_ok());
    drop(listener);
    wait_for("closed");

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn watch_rejects_a_silly_interval() {
    let out = Command::new(common::portscope_bin())
        .args(["watch", "--interval", "0"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad interval is a usage error"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--interval"));
}

#[test]
fn watch_caps_the_interval_with_a_usage_error() {
    for interval in ["1e19", "inf", "NaN", "86401", "-1"] {
        let out = Command::new(common::portscope_bin())
            .args(["watch", "--interval", interval])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{interval}: {stderr}");
        assert!(!stderr.contains("panicked"), "{interval}: {stderr}");
    }
}

/// Issue 9, bug 9: a socket replaced on the same endpoint within one poll reads as the old one
/// closing before the new one opens, and each carries its own `socket_id`.
#[cfg(target_os = "linux")]
#[test]
fn a_replaced_socket_closes_before_its_successor_opens() {
    use std::net::TcpListener;
    use std::time::Duration;

    let first = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = first.local_addr().unwrap().port();
    let (mut child, rx) = spawn_watch_json("0.5");
    let next_for = |p: u16| loop {
        let v = rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no event for port {p}"));
        if v["row"]["local_port"] == p {
            return v;
        }
    };
    // Replace the listener between two polls (microseconds apart).
    drop(first);
    let second = rebind(port);
    let a = next_for(port);
    let b = next_for(port);
    let _ = child.kill();
    let _ = child.wait();
    drop(second);
    assert_eq!(a["event"], "closed", "{a}\n{b}");
    assert_eq!(b["event"], "opened", "{a}\n{b}");
    assert!(a["row"]["socket_id"].is_u64() && b["row"]["socket_id"].is_u64());
    assert_ne!(a["row"]["socket_id"], b["row"]["socket_id"]);
}

/// Bind a listener on 127.0.0.1:`port` just closed by this process. A child another test is
/// spawning holds a copy of every descriptor of ours from its fork until its exec, and so
/// keeps the port bound for that moment: try again until it is free, for up to 5 s.
#[cfg(target_os = "linux")]
fn rebind(port: u16) -> std::net::TcpListener {
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match std::net::TcpListener::bind(("127.0.0.1", port)) {
            Ok(listener) => return listener,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(e) => panic!("bind 127.0.0.1:{port} again: {e}"),
        }
    }
}

/// True when some thread of `pid` is blocked writing into a full pipe.
#[cfg(target_os = "linux")]
fn blocked_in_pipe_write(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.flatten().any(|t| {
        std::fs::read_to_string(t.path().join("wchan")).is_ok_and(|w| w.contains("pipe_write"))
    })
}

/// Issue 14, bug 9: `watch` whose reader stopped reading (its stdout a full pipe) must still end
/// on SIGTERM and on SIGINT, with exit code 0, instead of staying blocked in a write that only
/// SIGKILL ends.
#[cfg(target_os = "linux")]
#[test]
fn watch_stuck_on_a_full_pipe_still_ends_on_sigterm_and_sigint() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    for signal in [
        nix::sys::signal::Signal::SIGTERM,
        nix::sys::signal::Signal::SIGINT,
    ] {
        let mut child = Command::new(common::portscope_bin())
            .args(["watch", "--format", "json", "--interval", "0.1"])
            .env("RUST_LOG", "warn,portscope::cli::watch=debug")
            .stdout(Stdio::piped()) // never read: it fills up
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        while !line.contains("watch: starting state taken") {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "watch ended early"
            );
        }
        // Open and close listeners until watch's output has filled the pipe.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !blocked_in_pipe_write(pid) {
            assert!(Instant::now() < deadline, "watch never blocked on its pipe");
            let held: Vec<_> = (0..100)
                .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
                .collect();
            std::thread::sleep(Duration::from_millis(300));
            drop(held);
            std::thread::sleep(Duration::from_millis(300));
        }
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), signal).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() >= deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        if status.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let status = status.unwrap_or_else(|| panic!("{signal:?} did not end watch"));
        assert_eq!(status.code(), Some(0), "{signal:?}: {status:?}");
    }
}
