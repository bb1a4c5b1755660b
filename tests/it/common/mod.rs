//! Helpers shared by the integration tests: a child process that listens on loopback; `xvfb`: a
//! private X server for the real-window tests; `window_log`: when the window shows its rows.

#![allow(dead_code)]

#[cfg(target_os = "linux")]
pub mod cgroup;
pub mod window_log;
pub mod xvfb;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Write a `settings.json` into `config_dir` that turns the window's host-name lookups off: a
/// window a test starts must never ask this machine's DNS server about its connections (the
/// window resolves by default).
pub fn settings_without_reverse_dns(config_dir: &std::path::Path) {
    std::fs::create_dir_all(config_dir).expect("the config folder");
    std::fs::write(
        config_dir.join("settings.json"),
        r#"{"resolve_names": false}"#,
    )
    .expect("settings.json");
}

/// A child that listens on a loopback port until it is ended.
pub struct Listener {
    /// The child process (ours to end).
    pub child: Child,
    /// The port it listens on.
    pub port: u16,
}

impl Drop for Listener {
    fn drop(&mut self) {
        // Only ever our own child, by its PID.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Spawn `python3` listening on `addr`:0 with the given socket type; returns once the port is known.
pub fn spawn_listener(addr: &str, udp: bool) -> Listener {
    spawn_listener_with(addr, 0, udp, "python3")
}

/// Like `spawn_listener`, with a fixed port and a chosen interpreter path.
pub fn spawn_listener_with(addr: &str, port: u16, udp: bool, python: &str) -> Listener {
    let mut command = Command::new(python);
    command.arg("-c").arg(listener_script(addr, port, udp));
    start_listener(command)
}

/// A TCP listener on `addr`:`port` started through `wrapper` (`ip netns exec NAME`, `unshare
/// --net`): a program that execs `python3` in place, so the child's PID is the listener's.
pub fn spawn_listener_in(wrapper: &[&str], addr: &str, port: u16) -> Listener {
    let mut command = Command::new(wrapper[0]);
    command
        .args(&wrapper[1..])
        .args(["python3", "-c"])
        .arg(listener_script(addr, port, false));
    start_listener(command)
}

/// The listener's program: bind, print the port, wait to be ended.
fn listener_script(addr: &str, port: u16, udp: bool) -> String {
    let family = if addr.contains(':') {
        "AF_INET6"
    } else {
        "AF_INET"
    };
    let kind = if udp { "SOCK_DGRAM" } else { "SOCK_STREAM" };
    let listen = if udp { "" } else { "s.listen(8);" };
    format!(
        "import socket,sys,time\n\
         s=socket.socket(socket.{family},socket.{kind})\n\
         s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n\
         s.bind(('{addr}',{port}));{listen}\n\
         print(s.getsockname()[1],flush=True)\n\
         time.sleep(600)\n"
    )
}

/// Start `command` (a listener script) and wait until it printed its port.
fn start_listener(mut command: Command) -> Listener {
    command.stdout(Stdio::piped()).stderr(Stdio::inherit());
    // A freshly copied interpreter may be briefly "busy" (see `spawn_fresh_copy`).
    #[cfg(unix)]
    let mut child = spawn_fresh_copy(&mut command);
    #[cfg(not(unix))]
    let mut child = command.spawn().expect("spawn python3 listener");
    let stdout = child.stdout.take().expect("child stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read port");
    let port = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("child printed {line:?}"));
    Listener { child, port }
}

/// Spawn a program the test has just copied. Another test's child, forked while the copy's file
/// was still open for writing, holds that fd until it execs, and the kernel refuses to run a file
/// open for writing ("Text file busy", rust-lang/rust#114554): wait a moment and try again.
#[cfg(unix)]
pub fn spawn_fresh_copy(command: &mut std::process::Command) -> std::process::Child {
    let mut tries = 0;
    loop {
        match command.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("spawn {command:?}: {e}"),
            Ok(child) => return child,
        }
    }
}

/// Path of the portscope binary under test (release build when PORTSCOPE_BIN is set).
pub fn portscope_bin() -> String {
    std::env::var("PORTSCOPE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_portscope").to_owned())
}

/// The JSON a test helper process printed; it must have succeeded (its stdout and stderr are
/// shown when it did not).
pub fn json_stdout<T: serde::de::DeserializeOwned>(out: &std::process::Output) -> T {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap()
}

/// `portscope list ARGS`, which must succeed: its stdout (UTF-8) and stderr.
pub fn list(args: &[&str]) -> (String, String) {
    let out = Command::new(portscope_bin())
        .arg("list")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "list {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
