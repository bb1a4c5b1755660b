//! Ending a real child process through the guarded kill path, from the library and the CLI.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Listener, portscope_bin, spawn_listener};
use portscope::actions::kill::{
    KillOutcome, KillRequest, StopSignal, SystemProcessTable, end_process,
};
use portscope::collector::Poller;
use portscope::model::{Protocol, SocketRow};

fn rows_on(port: u16, protocol: Protocol) -> Vec<SocketRow> {
    Poller::new()
        .poll()
        .rows
        .into_iter()
        .filter(|r| r.local_port == port && r.protocol == protocol)
        .collect()
}

fn wait_exit(listener: &mut Listener) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = listener.child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "child did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn end_process_stops_a_listening_child_and_its_port_closes() {
    let mut listener = spawn_listener("127.0.0.1", false);
    let rows = rows_on(listener.port, Protocol::Tcp);
    assert_eq!(rows.len(), 1, "listener row: {rows:?}");
    let process = rows[0].process.clone().expect("owner visible");
    assert_eq!(process.pid, listener.child.id());

    let request = KillRequest {
        target: process.identity(),
        signal: StopSignal::Graceful,
    };
    let outcome = end_process(&SystemProcessTable, &request, Duration::from_secs(5));
    assert_eq!(outcome, KillOutcome::Ended);
    let status = wait_exit(&mut listener);
    assert!(!status.success(), "child was signalled: {status:?}");
    assert!(
        rows_on(listener.port, Protocol::Tcp)
            .iter()
            .all(|r| r.pids.is_empty())
    );
}

#[test]
fn stale_identity_is_refused_and_the_child_survives() {
    let mut listener = spawn_listener("127.0.0.1", false);
    let rows = rows_on(listener.port, Protocol::Tcp);
    let mut seen = rows[0].process.clone().expect("owner visible").identity();
    // Pretend the user saw a process that started a minute earlier: the PID was "reused".
    seen.started_at = seen.started_at.map(|t| t - chrono::Duration::seconds(60));
    let request = KillRequest {
        target: seen,
        signal: StopSignal::Force,
    };
    let outcome = end_process(&SystemProcessTable, &request, Duration::from_secs(1));
    assert!(matches!(outcome, KillOutcome::Refused(_)), "{outcome:?}");
    assert!(
        listener.child.try_wait().unwrap().is_none(),
        "child must still run"
    );
}

#[test]
fn cli_kill_by_port_with_yes_ends_the_child() {
    let mut listener = spawn_listener("127.0.0.1", false);
    let out = Command::new(portscope_bin())
        .args(["kill", "--port", &listener.port.to_string(), "--yes"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {stdout}\nstderr: {stderr}",
        out.status
    );
    assert!(stdout.contains("has ended"), "{stdout}");
    assert!(stdout.contains("now closed"), "{stdout}");
    wait_exit(&mut listener);
}

#[test]
fn cli_kill_udp_port_by_pid_force() {
    let mut listener = spawn_listener("::1", true);
    let pid = listener.child.id().to_string();
    let out = Command::new(portscope_bin())
        .args(["kill", "--pid", &pid, "--force", "--yes"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_exit(&mut listener);
}

#[test]
fn cli_kill_asks_and_a_no_keeps_the_child() {
    let mut listener = spawn_listener("127.0.0.1", false);
    let mut child = Command::new(portscope_bin())
        .args(["kill", "--port", &listener.port.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Cancelled"), "{stderr}");
    assert!(
        stderr.contains(&listener.port.to_string()),
        "prompt lists the port: {stderr}"
    );
    assert!(
        listener.child.try_wait().unwrap().is_none(),
        "child must still run"
    );
}

#[test]
fn cli_kill_on_a_free_port_fails_clearly() {
    // Bind and release to get a port nobody holds.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(portscope_bin())
        .args(["kill", "--port", &port.to_string(), "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No program holds TCP port"), "{stderr}");
}

#[test]
fn cli_usage_errors_exit_2() {
    for args in [
        &["kill"][..],
        &["kill", "--pid", "x"],
        &["list", "--format", "xml"],
        &["bogus"],
    ] {
        let out = Command::new(portscope_bin()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
