//! `portscope watch --format json` sees a loopback listener open and close, and SIGINT ends it
//! with exit code 0.

mod common;

use std::process::Command;

#[cfg(unix)]
#[test]
fn watch_streams_opened_and_closed_then_exits_0_on_sigint() {
    use serde_json::Value;
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;

    let mut child = Command::new(common::portscope_bin())
        .args(["watch", "--format", "json", "--interval", "0.2"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let v: Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            if tx.send(v).is_err() {
                break;
            }
        }
    });
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
