//! `portscope watch --format json` sees a loopback listener open and close, and SIGINT ends it
//! with exit code 0.

use crate::common;

use std::process::Command;

/// `portscope watch --format json` with its events arriving on a channel, one JSON value each.
#[cfg(unix)]
fn spawn_watch_json(
    interval: &str,
) -> (
    std::process::Child,
    std::sync::mpsc::Receiver<serde_json::Value>,
) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(common::portscope_bin())
        .args(["watch", "--format", "json", "--interval", interval])
        .stdout(std::process::Stdio::piped())
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
    (child, rx)
}

#[cfg(unix)]
#[test]
fn watch_streams_opened_and_closed_then_exits_0_on_sigint() {
    use std::net::TcpListener;
    use std::time::Duration;

    let (mut child, rx) = spawn_watch_json("0.2");
    std::thread::sleep(Duration::from_millis(600)); // let watch take its first snapshot
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
    // Readiness: a throwaway listener's "opened" event proves watch has its first snapshot (a
    // probe bound before that snapshot shows no event; then try a new one).
    let mut ready = false;
    for _ in 0..20 {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        let probe_port = probe.local_addr().unwrap().port();
        let deadline = std::time::Instant::now() + Duration::from_millis(1500);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(v) if v["row"]["local_port"] == probe_port && v["event"] == "opened" => {
                    ready = true;
                    break;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        if ready {
            break;
        }
    }
    assert!(ready, "watch never reported a probe listener");
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
    let second = TcpListener::bind(("127.0.0.1", port)).unwrap();
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
