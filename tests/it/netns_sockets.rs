//! Sockets in every network namespace (issue 16, item 5). As root, the test makes a named
//! namespace (`ip netns add`) and an unnamed one (`unshare --net`), starts a listener on the
//! Glacier trojan's port 7626 inside each, and checks from the host that `portscope list` lists
//! both with their owner (the PID of the child the test started), their namespace and the
//! finding; that a namespace deleted between two polls does not break the poll; and that
//! `nobody` gets a warning instead (and no panic). Every listener binds only inside its own
//! namespace and no packet is sent.

use std::os::unix::fs::MetadataExt;
use std::process::Command;

use portscope::model::CollectorWarning;
use serde_json::Value;

use crate::common::{Listener, portscope_bin, spawn_listener_in};

/// A named network namespace of the test's own, deleted on drop (also when the test fails).
struct NamedNs(String);

impl NamedNs {
    fn new(tag: &str) -> NamedNs {
        let ns = NamedNs(format!("psns{tag}{}", std::process::id()));
        let made = Command::new("ip")
            .args(["netns", "add", &ns.0])
            .status()
            .unwrap();
        assert!(made.success(), "ip netns add {}", ns.0);
        let up = Command::new("ip")
            .args(["-n", &ns.0, "link", "set", "lo", "up"])
            .status()
            .unwrap();
        assert!(up.success(), "lo up in {}", ns.0);
        ns
    }

    /// The namespace's inode, as PortScope must report it.
    fn id(&self) -> u64 {
        std::fs::metadata(format!("/run/netns/{}", self.0))
            .unwrap()
            .ino()
    }

    /// A listener on 0.0.0.0:`port` inside it.
    fn listen(&self, port: u16) -> Listener {
        spawn_listener_in(&["ip", "netns", "exec", &self.0], "0.0.0.0", port)
    }
}

impl Drop for NamedNs {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

/// The namespace inode of a process.
fn ns_of(pid: u32) -> u64 {
    std::fs::metadata(format!("/proc/{pid}/ns/net"))
        .unwrap()
        .ino()
}

fn list_json(command: &mut Command) -> Value {
    let out = command
        .args(["list", "--format", "json", "--listening", "--tcp"])
        .env("PORTSCOPE_CONFIG_DIR", "/nonexistent-portscope-config")
        .env("LC_ALL", "C.UTF-8")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The row whose primary owner is `pid`.
fn row_of(doc: &Value, pid: u32) -> Option<&Value> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["pid"] == pid)
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_listeners_in_other_namespaces_are_listed_with_owner_namespace_and_finding() {
    assert!(nix::unistd::geteuid().is_root(), "needs root for setns");
    let named = NamedNs::new("list");
    let inside = named.listen(7626);
    // The same port in a namespace nobody named (as a container's).
    let unnamed = spawn_listener_in(&["unshare", "--net"], "0.0.0.0", 7626);
    let (named_pid, unnamed_pid) = (inside.child.id(), unnamed.child.id());
    assert_eq!(
        ns_of(named_pid),
        named.id(),
        "the listener is in the namespace"
    );
    assert_ne!(ns_of(unnamed_pid), ns_of(std::process::id()));

    let doc = list_json(&mut Command::new(portscope_bin()));
    let row = row_of(&doc, named_pid).unwrap_or_else(|| panic!("not listed: {doc:#}"));
    assert_eq!(row["local_port"], 7626, "{row:#}");
    assert_eq!(row["process"]["name"], "python3", "{row:#}");
    assert_eq!(row["netns"]["name"], named.0.as_str(), "{row:#}");
    assert_eq!(row["netns"]["id"], named.id(), "{row:#}");
    assert_eq!(
        row["exposure"], "namespace",
        "not the host's interfaces: {row:#}"
    );
    let findings = row["risk"]["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "known-backdoor-port" && f["level"] == "high"),
        "the trojan port is flagged inside a namespace too: {row:#}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "listens-on-all-interfaces"),
        "0.0.0.0 in a namespace is not the host's networks: {row:#}"
    );

    let row = row_of(&doc, unnamed_pid).unwrap_or_else(|| panic!("not listed: {doc:#}"));
    assert_eq!(row["local_port"], 7626, "{row:#}");
    assert!(row["netns"]["name"].is_null(), "{row:#}");
    assert_eq!(row["netns"]["id"], ns_of(unnamed_pid), "{row:#}");
    assert_ne!(row["socket_id"], Value::Null);

    // The host's own sockets carry no namespace: a listener of this process.
    let host = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = host.local_addr().unwrap().port();
    let doc = list_json(&mut Command::new(portscope_bin()));
    let ours = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["local_port"] == port && r["pid"] == std::process::id())
        .unwrap_or_else(|| panic!("our own listener: {doc:#}"));
    assert!(ours["netns"].is_null(), "{ours:#}");
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_a_namespace_deleted_between_polls_does_not_break_the_poll() {
    assert!(nix::unistd::geteuid().is_root(), "needs root for setns");
    let stays = NamedNs::new("stays");
    let goes = NamedNs::new("goes");
    // Named and entered, but nobody runs in it: it counts as well.
    let empty = NamedNs::new("empty");
    let kept = stays.listen(0);
    let mut leaving = goes.listen(0);
    let mut poller = portscope::collector::Poller::new();
    let of_ns = |snapshot: &portscope::model::Snapshot, ns: &NamedNs| {
        snapshot
            .rows
            .iter()
            .filter(|r| r.netns.as_ref().and_then(|n| n.name.as_deref()) == Some(ns.0.as_str()))
            .count()
    };
    let first = poller.poll();
    assert_eq!(of_ns(&first, &stays), 1, "{:?}", first.warnings);
    assert_eq!(of_ns(&first, &goes), 1, "{:?}", first.warnings);
    let mentioned = |s: &portscope::model::Snapshot, ns: &NamedNs| {
        s.warnings.iter().any(|w| format!("{w:?}").contains(&ns.0))
    };
    assert!(!mentioned(&first, &empty), "{:?}", first.warnings);

    // A listener more in the namespace that stays: its counters change, so it is read again
    // (its last dump is kept only while nothing there changed).
    let added = stays.listen(0);
    // The namespace goes: its only process ends and its name is deleted.
    let _ = leaving.child.kill();
    let _ = leaving.child.wait();
    drop(goes);
    let started = std::time::Instant::now();
    let second = poller.poll();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "the poll did not stall: {:?}",
        started.elapsed()
    );
    assert_eq!(of_ns(&second, &stays), 2, "{:?}", second.warnings);
    assert!(
        second
            .rows
            .iter()
            .any(|r| r.pid() == Some(added.child.id()))
    );
    assert!(
        second
            .rows
            .iter()
            .all(|r| r.netns.as_ref().and_then(|n| n.name.as_deref())
                != Some(format!("psnsgoes{}", std::process::id()).as_str())),
        "the deleted namespace's sockets are gone"
    );
    let row = second
        .rows
        .iter()
        .find(|r| r.pid() == Some(kept.child.id()))
        .expect("the listener that stays, with its owner");
    assert_eq!(row.netns.as_ref().map(|n| n.id), Some(stays.id()));
    assert!(
        !second
            .warnings
            .iter()
            .any(|w| matches!(w, CollectorWarning::NamespacesDenied(_))),
        "{:?}",
        second.warnings
    );
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_nobody_is_told_how_many_namespaces_it_could_not_read() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "needs root to start a child as nobody"
    );
    let named = NamedNs::new("nobody");
    let inside = named.listen(0);
    let mut setpriv = Command::new("setpriv");
    setpriv
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(portscope_bin());
    let doc = list_json(&mut setpriv);
    assert!(
        row_of(&doc, inside.child.id()).is_none(),
        "nobody cannot enter it: {doc:#}"
    );
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("other network namespaces could not be entered")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("The network namespace of") && w.contains("could not be read")),
        "root's processes are unreadable to nobody: {warnings:#?}"
    );
}
