//! Ending a real child process through the guarded kill path, from the library and the CLI.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Listener, portscope_bin, spawn_listener};
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
    let process = rows[0].process().cloned().expect("owner visible");
    assert_eq!(process.pid, listener.child.id());

    let request = KillRequest {
        target: process.identity(),
        signal: StopSignal::Graceful,
    };
    let outcome = end_process(
        &SystemProcessTable::default(),
        &request,
        Duration::from_secs(5),
    );
    assert_eq!(outcome, KillOutcome::Ended);
    let status = wait_exit(&mut listener);
    assert!(!status.success(), "child was signalled: {status:?}");
    assert!(
        rows_on(listener.port, Protocol::Tcp)
            .iter()
            .all(|r| r.pids().is_empty())
    );
}

#[test]
fn stale_identity_is_refused_and_the_child_survives() {
    let mut listener = spawn_listener("127.0.0.1", false);
    let rows = rows_on(listener.port, Protocol::Tcp);
    let mut seen = rows[0]
        .process()
        .cloned()
        .expect("owner visible")
        .identity();
    // Pretend the user saw a process that started a minute earlier: the PID was "reused".
    seen.started_at = seen.started_at.map(|t| t - chrono::Duration::seconds(60));
    let request = KillRequest {
        target: seen,
        signal: StopSignal::Force,
    };
    let outcome = end_process(
        &SystemProcessTable::default(),
        &request,
        Duration::from_secs(1),
    );
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

/// Linux-only: PID namespaces, /proc and forked listeners.
#[cfg(target_os = "linux")]
mod linux {
    use super::*;

    fn is_root() -> bool {
        nix::unistd::geteuid().is_root()
    }

    /// Issue 9, bug 2: a process that takes the victim's PID within the same second (inside a PID
    /// namespace, through ns_last_pid) must not be ended by a confirmed `kill --pid`.
    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_pid_reused_within_the_same_second_is_refused() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root for unshare --pid and ns_last_pid"
        );
        let driver = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/pid_reuse.py");
        let out = Command::new("unshare")
            .args(["--pid", "--fork", "--mount-proc", "python3", driver])
            .arg(portscope_bin())
            .output()
            .expect("run unshare");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "driver failed: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let result: serde_json::Value = serde_json::from_str(stdout.trim()).expect("driver JSON");
        assert_eq!(result["same_pid"], true, "{result:#}");
        assert_eq!(
            result["same_second"], true,
            "could not reuse the PID within one second: {result:#}"
        );
        assert_eq!(
            result["impostor_alive"], true,
            "PortScope ended the process that took the PID: {result:#}"
        );
        // Two honest answers: a different clock-tick start is caught and refused (exit 1); within
        // the same tick the pidfd opened at the prompt still names the victim, which has gone.
        let stderr = result["stderr"].as_str().unwrap_or_default();
        let stdout = result["stdout"].as_str().unwrap_or_default();
        let refused = result["exit_code"] == 1 && stderr.contains("different program");
        let already_gone = result["exit_code"] == 0 && stdout.contains("already");
        assert!(refused || already_gone, "{result:#}");
        assert!(!stdout.contains("has ended"), "{result:#}");
    }

    /// Issue 14, bug 1: with a `/proc` of another PID namespace mounted (here the host's, seen
    /// from inside a fresh namespace), `kill --pid T` checks and names the host's process T.
    /// It must never signal the namespace's own, unrelated process T: the folder that was checked
    /// is the one signalled, and the kernel refuses a process outside PortScope's namespace.
    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_kill_through_a_foreign_proc_never_signals_the_namespace_process() {
        assert!(
            is_root(),
            "needs root for unshare --pid, ns_last_pid and umount"
        );
        // The decoy: a host process of ours, with a name unlike the namespace's victim (sleep).
        let mut decoy = Command::new("tail")
            .args(["-f", "/dev/null"])
            .spawn()
            .expect("spawn tail");
        let driver = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/foreign_proc.py");
        let out = Command::new("unshare")
            .args([
                "--pid",
                "--fork",
                "--mount-proc",
                "--kill-child",
                "python3",
                driver,
            ])
            .arg(portscope_bin())
            .arg(decoy.id().to_string())
            .output()
            .expect("run unshare");
        let decoy_alive = decoy.try_wait().unwrap().is_none();
        let _ = decoy.kill();
        let _ = decoy.wait();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let result: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "driver JSON ({e}): {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        assert!(result.get("error").is_none(), "{result:#}");
        assert_eq!(
            result["proc_shows"], "tail",
            "the host's /proc shows through: {result:#}"
        );
        assert_eq!(
            result["victim_alive"], true,
            "PortScope signalled the namespace's process, not the one it named: {result:#}"
        );
        assert!(
            decoy_alive,
            "the host process is outside this namespace: never reached"
        );
        let stderr = result["stderr"].as_str().unwrap_or_default();
        let stdout = result["stdout"].as_str().unwrap_or_default();
        assert_eq!(result["exit_code"], 1, "{result:#}");
        assert!(
            stderr.contains("tail"),
            "the prompt names what /proc shows: {result:#}"
        );
        assert!(
            stdout.contains("another PID namespace") || stderr.contains("another PID namespace"),
            "says why nothing was ended: {result:#}"
        );
        let list_stderr = result["list_stderr"].as_str().unwrap_or_default();
        assert!(
            list_stderr.contains("belongs to another PID namespace"),
            "list warns that /proc is another namespace's: {result:#}"
        );
    }

    /// Issue 14, bug 10: a listening socket held by no process (in flight inside a unix
    /// message: its only fd was sent over a socketpair and closed). As root, `kill --port` must
    /// say that no program holds it, not that its owner is hidden and sudo would help.
    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_kill_port_of_a_socket_in_flight_says_no_program_holds_it() {
        assert!(is_root(), "the advice under test is the one given as root");
        let script = "import os,socket,time\n\
             s=socket.socket(socket.AF_INET,socket.SOCK_STREAM)\n\
             s.bind(('127.0.0.1',0));s.listen(8)\n\
             port=s.getsockname()[1]\n\
             a,b=socket.socketpair()\n\
             socket.send_fds(a,[b'x'],[s.fileno()])\n\
             s.close()\n\
             print(port,flush=True)\n\
             time.sleep(600)\n";
        let (mut child, line) = python_with_first_line(script);
        let port: u16 = line.trim().parse().expect("port");
        let rows = rows_on(port, Protocol::Tcp);
        let out = Command::new(portscope_bin())
            .args(["kill", "--port", &port.to_string(), "--yes"])
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        let child_alive = child.try_wait().unwrap().is_none();
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            rows.iter().any(|r| r.is_listening() && r.pids().is_empty()),
            "the listener is open and held by no process: {rows:?}"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("no program holds it"), "{stderr}");
        assert!(!stderr.contains("administrator"), "{stderr}");
        assert!(child_alive, "nothing was signalled");
    }

    /// A python3 child running `script`, and the first line it prints.
    fn python_with_first_line(script: &str) -> (std::process::Child, String) {
        let mut child = Command::new("python3")
            .args(["-c", script])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn python3");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        (child, line)
    }

    /// A python listener that forks: parent and child share the listening socket. Prints
    /// "PORT CHILD_PID" and sleeps.
    fn spawn_forked_listener() -> (Listener, u32) {
        let script = "import os,socket,time\n\
             s=socket.socket(socket.AF_INET,socket.SOCK_STREAM)\n\
             s.bind(('127.0.0.1',0));s.listen(8)\n\
             pid=os.fork()\n\
             if pid==0:\n    time.sleep(600);os._exit(0)\n\
             print(s.getsockname()[1],pid,flush=True)\n\
             time.sleep(600)\n";
        let (child, line) = python_with_first_line(script);
        let mut parts = line.split_whitespace();
        let port = parts.next().unwrap().parse().unwrap();
        let forked = parts.next().unwrap().parse().unwrap();
        (Listener { child, port }, forked)
    }

    fn alive(pid: u32) -> bool {
        // A zombie (ended, not yet reaped by its parent) counts as ended.
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| {
                !s.rsplit_once(')')
                    .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
            })
            .unwrap_or(false)
    }

    /// Issue 9, bug 3: `kill --port` on a socket shared by a parent and its forked child must never
    /// say "closed" while the child still listens. PortScope ends every holder, listing them first.
    #[test]
    fn cli_kill_port_shared_with_a_forked_child_ends_every_holder() {
        let (mut listener, forked) = spawn_forked_listener();
        let parent = listener.child.id();
        let out = Command::new(portscope_bin())
            .args(["kill", "--port", &listener.port.to_string(), "--yes"])
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let still_listening = rows_on(listener.port, Protocol::Tcp)
            .iter()
            .any(|r| r.is_listening());
        // Clean up our own processes by PID whatever happened.
        if alive(forked) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(forked as i32),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        let _ = listener.child.kill();
        let _ = listener.child.wait();
        assert!(
            !(out.status.success() && still_listening),
            "claimed success while the port still listens\nstdout: {stdout}\nstderr: {stderr}"
        );
        assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
        assert!(!still_listening, "stdout: {stdout}\nstderr: {stderr}");
        for pid in [parent, forked] {
            assert!(
                stderr.contains(&format!("PID {pid}")),
                "confirmation lists holder {pid}: {stderr}"
            );
        }
        assert!(stdout.contains("now closed"), "{stdout}");
    }
}

/// `close-connection` on a real loopback connection owned by a child: the connection goes, the
/// child stays. As root (CI); as `nobody` the answer is "needs administrator".
#[cfg(target_os = "linux")]
mod close_connection {
    use super::*;
    use std::io::{BufRead, BufReader, Read};
    use std::net::{SocketAddr, TcpListener};

    /// A python child connected to `server`; returns it with its local address.
    fn connected_child(server: &TcpListener) -> (Listener, String) {
        let addr = server.local_addr().unwrap();
        let script = format!(
            "import socket,time\n\
             c=socket.create_connection(('127.0.0.1',{}))\n\
             print('%s:%d' % c.getsockname(),flush=True)\n\
             time.sleep(600)\n",
            addr.port()
        );
        let mut child = Command::new("python3")
            .args(["-c", &script])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        (Listener { child, port: 0 }, line.trim().to_owned())
    }

    fn close(local: &str, remote: &str, as_nobody: bool) -> std::process::Output {
        let bin = portscope_bin();
        let mut cmd = if as_nobody {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", &bin]);
            c
        } else {
            Command::new(&bin)
        };
        cmd.args([
            "close-connection",
            "--local",
            local,
            "--remote",
            remote,
            "--yes",
        ])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap()
    }

    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_closes_the_connection_and_the_owner_keeps_running() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "closing a connection needs root"
        );
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let (mut child, local) = connected_child(&server);
        let (accepted, _) = server.accept().unwrap();
        let remote = server.local_addr().unwrap().to_string();

        let stderr = closed_as_root(&local, &remote);
        assert!(
            stderr.contains("python3"),
            "the prompt names the owner: {stderr}"
        );
        assert_reset(accepted);
        assert!(
            child.child.try_wait().unwrap().is_none(),
            "the owner must keep running"
        );
        // This connection exactly: another one on the machine may use the same port number.
        let (local, remote): (SocketAddr, SocketAddr) =
            (local.parse().unwrap(), remote.parse().unwrap());
        let still: Vec<_> = Poller::new()
            .poll()
            .rows
            .into_iter()
            .filter(|r| {
                r.is_established()
                    && r.local_endpoint() == local
                    && r.remote_endpoint() == Some(remote)
            })
            .collect();
        assert!(still.is_empty(), "connection still listed: {still:?}");
        let _ = child.child.kill();
    }

    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_without_rights_it_says_administrator_and_nothing_changes() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root to switch to nobody"
        );
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let (mut child, local) = connected_child(&server);
        let (accepted, _) = server.accept().unwrap();
        let remote = server.local_addr().unwrap().to_string();
        let out = close(&local, &remote, true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("administrator"), "{stderr}");
        accepted.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 8];
        let read = (&accepted).read(&mut buf);
        assert!(
            matches!(&read, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "connection must still be open: {read:?}"
        );
        let _ = child.child.kill();
    }

    /// An IPv6 socket connected to 127.0.0.1 (IPv4-mapped, `[::ffff:127.0.0.1]`), as the plain
    /// IPv4 forms of its ends: (local, remote), with the client and the server's end.
    fn ipv4_mapped_connection(
        server: &TcpListener,
    ) -> (
        (SocketAddr, SocketAddr),
        std::net::TcpStream,
        std::net::TcpStream,
    ) {
        let port = server.local_addr().unwrap().port();
        let client = std::net::TcpStream::connect(("::ffff:127.0.0.1", port)).unwrap();
        let (accepted, _) = server.accept().unwrap();
        let mapped = client.local_addr().unwrap();
        assert!(
            matches!(mapped, SocketAddr::V6(a) if a.ip().to_ipv4_mapped().is_some()),
            "an IPv4-mapped IPv6 socket: {mapped}"
        );
        let plain = |port| SocketAddr::from(([127, 0, 0, 1], port));
        ((plain(mapped.port()), plain(port)), client, accepted)
    }

    /// `close-connection --yes` as root, which must succeed; its stderr (the prompt).
    fn closed_as_root(local: &str, remote: &str) -> String {
        let out = close(local, remote, false);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
        assert!(stdout.contains("keeps running"), "{stdout}");
        stderr.into_owned()
    }

    /// The peer sees the connection reset or closed.
    fn assert_reset(mut accepted: std::net::TcpStream) {
        accepted
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let read = accepted.read(&mut [0u8; 8]);
        assert!(
            matches!(read, Ok(0) | Err(_)),
            "peer still connected: {read:?}"
        );
    }

    /// An IPv4-mapped connection is closed when named in the plain IPv4 form, as people write
    /// it.
    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_an_ipv4_mapped_connection_closes_by_its_plain_ipv4_form() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "closing a connection needs root"
        );
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let ((local, remote), _client, accepted) = ipv4_mapped_connection(&server);
        closed_as_root(&local.to_string(), &remote.to_string());
        assert_reset(accepted);
    }

    #[test]
    fn an_unknown_connection_is_a_clear_failure() {
        let out = close("127.0.0.1:1", "127.0.0.1:2", false);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("No established TCP connection"));
    }
}
