//! The collector against the real OS: sockets this test opens on loopback are found with this
//! process's PID and name.

use std::net::{TcpListener, TcpStream, UdpSocket};

use portscope::collector::Poller;
use portscope::model::{Protocol, Snapshot, SocketRow, TcpState};

fn find<'a>(snap: &'a Snapshot, protocol: Protocol, addr: &str, port: u16) -> Vec<&'a SocketRow> {
    let addr: std::net::IpAddr = addr.parse().unwrap();
    snap.rows
        .iter()
        .filter(|r| r.protocol == protocol && r.local_port == port && r.local_address == addr)
        .collect()
}

fn assert_owned_by_me(rows: &[&SocketRow], what: &str) {
    assert_eq!(rows.len(), 1, "{what}: expected one row, got {rows:?}");
    let row = rows[0];
    let me = std::process::id();
    assert_eq!(row.pid(), Some(me), "{what}: owner pid");
    let process = row
        .process()
        .unwrap_or_else(|| panic!("{what}: no process info"));
    let exe = std::env::current_exe().unwrap();
    let exe_name = exe.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        !process.name.is_empty() && exe_name.starts_with(&process.name),
        "{what}: process name {:?} vs exe {exe_name:?}",
        process.name
    );
    assert_eq!(process.path.as_deref(), Some(exe.as_path()), "{what}: path");
    assert!(process.started_at.is_some(), "{what}: start time");
    assert!(row.user().is_some(), "{what}: user");
}

#[test]
fn finds_own_tcp_and_udp_sockets_on_ipv4_and_ipv6() {
    let tcp4 = TcpListener::bind("127.0.0.1:0").unwrap();
    let tcp6 = TcpListener::bind("[::1]:0").unwrap();
    let udp4 = UdpSocket::bind("127.0.0.1:0").unwrap();
    let udp6 = UdpSocket::bind("[::1]:0").unwrap();
    let snap = Poller::new().poll();

    let t4 = find(
        &snap,
        Protocol::Tcp,
        "127.0.0.1",
        tcp4.local_addr().unwrap().port(),
    );
    assert_owned_by_me(&t4, "tcp v4");
    assert_eq!(t4[0].state, Some(TcpState::Listen));
    assert_eq!(t4[0].remote_address, None);
    assert_owned_by_me(
        &find(
            &snap,
            Protocol::Tcp,
            "::1",
            tcp6.local_addr().unwrap().port(),
        ),
        "tcp v6",
    );
    let u4 = find(
        &snap,
        Protocol::Udp,
        "127.0.0.1",
        udp4.local_addr().unwrap().port(),
    );
    assert_owned_by_me(&u4, "udp v4");
    assert_eq!(u4[0].state, None);
    assert_owned_by_me(
        &find(
            &snap,
            Protocol::Udp,
            "::1",
            udp6.local_addr().unwrap().port(),
        ),
        "udp v6",
    );
}

#[test]
fn established_connection_has_both_ends() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (_server, _) = listener.accept().unwrap();
    let client_port = client.local_addr().unwrap().port();
    let snap = Poller::new().poll();
    // The connection's own four-tuple: other tests in this process may leave a TIME_WAIT
    // socket that used the same local port towards another peer.
    let rows: Vec<_> = find(&snap, Protocol::Tcp, "127.0.0.1", client_port)
        .into_iter()
        .filter(|r| r.remote_port == Some(port))
        .collect();
    assert_owned_by_me(&rows, "client end");
    assert_eq!(rows[0].state, Some(TcpState::Established));
    assert_eq!(rows[0].remote_port, Some(port));
    assert_eq!(rows[0].remote_address, Some("127.0.0.1".parse().unwrap()));
}

/// A `connect()`ed UDP socket shows its remote end (IPv4 and IPv6), an unconnected one none,
/// and the JSON row carries it too.
#[test]
fn connected_udp_socket_has_both_ends() {
    for (loopback, text) in [("127.0.0.1:0", "127.0.0.1"), ("[::1]:0", "::1")] {
        let server = UdpSocket::bind(loopback).unwrap();
        let client = UdpSocket::bind(loopback).unwrap();
        client.connect(server.local_addr().unwrap()).unwrap();
        let snap = Poller::new().poll();
        let port = |s: &UdpSocket| s.local_addr().unwrap().port();
        let connected = find(&snap, Protocol::Udp, text, port(&client));
        assert_owned_by_me(&connected, "connected udp");
        assert_eq!(
            connected[0].remote_endpoint(),
            Some(server.local_addr().unwrap()),
            "connected udp {text}"
        );
        let unconnected = find(&snap, Protocol::Udp, text, port(&server));
        assert_owned_by_me(&unconnected, "unconnected udp");
        assert_eq!(unconnected[0].remote_address, None, "{text}");
        assert_eq!(unconnected[0].remote_port, None, "{text}");
        let json = portscope::actions::export::RowRecord::from_row(
            connected[0],
            &portscope::i18n::Tr::default(),
        );
        let json = serde_json::to_value(json).unwrap();
        assert_eq!(json["remote_port"], port(&server), "{json}");
    }
}

#[test]
fn closed_socket_disappears_from_the_next_snapshot() {
    let mut poller = Poller::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let first = poller.poll();
    assert_eq!(find(&first, Protocol::Tcp, "127.0.0.1", port).len(), 1);
    drop(listener);
    let second = poller.poll();
    assert!(find(&second, Protocol::Tcp, "127.0.0.1", port).is_empty());
    assert!(second.sequence > first.sequence);
    let d = portscope::model::diff(&first.rows, &second.rows);
    assert!(d.closed.iter().any(|r| r.local_port == port));
}

#[cfg(unix)]
#[test]
fn forked_children_sharing_a_socket_list_the_parent_first() {
    // A child inherits our listening socket: both PIDs own it, and we (the parent) are primary.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let fd_holder = std::process::Command::new("sleep")
        .arg("30")
        .stdin(std::process::Stdio::from(std::os::fd::OwnedFd::from(
            listener.try_clone().unwrap(),
        )))
        .spawn()
        .unwrap();
    let mut child = ChildGuard(fd_holder);
    let snap = Poller::new().poll();
    let rows = find(&snap, Protocol::Tcp, "127.0.0.1", port);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].pids()[..], [std::process::id(), child.0.id()]);
    child.end();
}

#[cfg(unix)]
struct ChildGuard(std::process::Child);
#[cfg(unix)]
impl ChildGuard {
    fn end(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
#[cfg(unix)]
impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.end();
    }
}

#[test]
fn time_wait_leftovers_have_no_owner_and_no_user() {
    use std::io::Read;
    use std::time::{Duration, Instant};

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (mut server, _) = listener.accept().unwrap();
    let client_port = client.local_addr().unwrap().port();
    drop(client); // the side that closes first waits in TIME_WAIT
    // The server reads end-of-file once the client's close has arrived: the client was first.
    server
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let read = server.read(&mut [0u8; 1]);
    assert!(
        matches!(read, Ok(0)),
        "no end-of-file at the server: {read:?}"
    );
    drop(server);
    // The client's socket enters TIME_WAIT when the server's close reaches it.
    let deadline = Instant::now() + Duration::from_secs(10);
    let row = loop {
        let snap = Poller::new().poll();
        let rows = find(&snap, Protocol::Tcp, "127.0.0.1", client_port);
        if let Some(row) = rows.iter().find(|r| r.state == Some(TcpState::TimeWait)) {
            break (*row).clone();
        }
        assert!(
            Instant::now() < deadline,
            "no TIME_WAIT row for port {client_port} within 10 s: {rows:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(row.pids().is_empty() && row.process().is_none());
    assert_eq!(row.uid, None, "no misleading uid 0");
    assert_eq!(row.user(), None);
}

/// Issue 9, bug 1: a program that opens a listener and then exec()s another binary must show
/// the new binary's name and path on the next poll of the same (long-lived) poller, be judged
/// as it is now, and count as `changed`.
#[test]
fn identity_follows_exec_of_another_binary() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("innocent-helper");
    std::fs::copy("/bin/sleep", &renamed).unwrap();
    let script = format!(
        "import os,socket,sys\n\
         s=socket.socket();s.bind(('127.0.0.1',0));s.listen(4)\n\
         print(s.getsockname()[1],flush=True)\n\
         sys.stdin.readline()\n\
         os.set_inheritable(s.fileno(),True)\n\
         os.execv({:?},['innocent-helper','600'])\n",
        renamed.to_str().unwrap()
    );
    let mut child = Command::new("python3")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line.trim().parse().unwrap();
    let pid = child.id();

    let mut poller = Poller::new();
    let before = poller.poll();
    let row_before = find(&before, Protocol::Tcp, "127.0.0.1", port)[0].clone();
    assert!(
        row_before.process_name().starts_with("python"),
        "{row_before:?}"
    );

    child.stdin.take().unwrap().write_all(b"go\n").unwrap();
    // Readiness: the kernel shows the new executable once exec() is done.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read_link(format!("/proc/{pid}/exe"))
        .ok()
        .as_deref()
        != Some(renamed.as_path())
    {
        assert!(std::time::Instant::now() < deadline, "child did not exec");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let mut after = poller.poll();
    let _ = child.kill();
    let _ = child.wait();

    let row_after = find(&after, Protocol::Tcp, "127.0.0.1", port)[0].clone();
    let process = row_after.process().expect("owner");
    assert_eq!(process.pid, pid);
    assert_eq!(process.name, "innocent-helper", "{process:?}");
    assert_eq!(
        process.path.as_deref(),
        Some(renamed.as_path()),
        "{process:?}"
    );
    assert_eq!(process.cmdline, vec!["innocent-helper", "600"]);

    let changes = portscope::model::diff(&before.rows, &after.rows);
    assert!(
        changes.changed.iter().any(|c| c.row.local_port == port),
        "exec must count as a change: {changes:?}"
    );

    portscope::risk::assess_all(
        &mut after.rows,
        true,
        &portscope::risk::TrustStore::in_memory(),
    );
    let judged = find(&after, Protocol::Tcp, "127.0.0.1", port)[0];
    assert!(
        judged
            .assessment
            .findings
            .iter()
            .any(|f| f.rule == portscope::model::RuleId::ExeInTempDir),
        "judged as the new binary in a temp folder: {:?}",
        judged.assessment
    );
}

/// Issue 7: a program closing many sockets must not make them look ownerless ("low") while they
/// go: the socket list and the owner scan are read moments apart.
#[cfg(target_os = "linux")]
#[test]
fn a_burst_of_closing_sockets_raises_no_owner_unknown() {
    use portscope::model::RuleId;
    let listeners: Vec<TcpListener> = (0..300)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let ports: std::collections::HashSet<u16> = listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect();
    let mut poller = Poller::new();
    let _ = poller.poll();
    // Close them while polling, as a program shutting down would.
    let closer = std::thread::spawn(move || {
        for l in listeners {
            drop(l);
            std::thread::yield_now();
        }
    });
    let trust = portscope::risk::TrustStore::in_memory();
    let mut flagged = Vec::new();
    for _ in 0..20 {
        let mut snap = poller.poll();
        portscope::risk::assess_all(&mut snap.rows, true, &trust);
        flagged.extend(
            snap.rows
                .into_iter()
                .filter(|r| r.protocol == Protocol::Tcp && ports.contains(&r.local_port))
                .filter(|r| {
                    r.assessment
                        .findings
                        .iter()
                        .any(|f| f.rule == RuleId::OwnerUnknown)
                })
                .map(|r| r.local_port),
        );
    }
    closer.join().unwrap();
    assert!(
        flagged.is_empty(),
        "flagged as ownerless while closing: {flagged:?}"
    );
}

#[cfg(target_os = "linux")]
mod non_utf8 {
    use super::*;

    /// A child running a copy of `/bin/sleep` at `exe`, holding a loopback listener as its stdin.
    struct Holder {
        child: std::process::Child,
        port: u16,
    }

    impl Holder {
        fn start(exe: &std::path::Path) -> Holder {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let child = crate::common::spawn_fresh_copy(
                std::process::Command::new(exe)
                    .arg("600")
                    .stdin(std::os::fd::OwnedFd::from(listener)),
            );
            Holder { child, port }
        }
    }

    impl Drop for Holder {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Two programs whose paths differ only in a byte that is not UTF-8 (`bad\xff`, `bad\xfe`)
    /// stay two programs: the collector keeps each path exactly, outputs show the byte as `\xff`,
    /// and a trust entry for one does not cover the other.
    #[test]
    fn paths_that_are_not_utf8_stay_distinct_and_show_escaped() {
        use std::os::unix::ffi::OsStrExt;

        let dir = tempfile::tempdir().unwrap();
        let exe = |byte: u8| {
            dir.path()
                .join(std::ffi::OsStr::from_bytes(&[b'b', b'a', b'd', byte]))
        };
        let (ff, fe) = (exe(0xff), exe(0xfe));
        for path in [&ff, &fe] {
            std::fs::copy("/bin/sleep", path).unwrap();
        }
        let (a, b) = (Holder::start(&ff), Holder::start(&fe));
        let rows_of = |snap: &Snapshot| {
            let one = |port| {
                find(snap, Protocol::Tcp, "127.0.0.1", port)
                    .into_iter()
                    .find(|r| r.path().is_some())
                    .cloned()
            };
            Some((one(a.port)?, one(b.port)?))
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut poller = Poller::new();
        let (row_a, row_b) = loop {
            if let Some(rows) = rows_of(&poller.poll()) {
                break rows;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no owners for the two children"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        assert_eq!(
            row_a.path(),
            Some(ff.as_path()),
            "kept exactly as the OS gave it"
        );
        assert_eq!(row_b.path(), Some(fe.as_path()));
        let folder = dir.path().to_str().unwrap();
        assert_eq!(row_a.shown_path().unwrap(), format!("{folder}/bad\\xff"));
        assert_eq!(row_b.shown_path().unwrap(), format!("{folder}/bad\\xfe"));

        let mut trust = portscope::risk::TrustStore::in_memory();
        let mut entry = portscope::risk::TrustEntry::for_row(&row_a).unwrap();
        trust.add(entry.clone()).unwrap();
        assert!(trust.is_trusted(&row_a));
        entry.port = row_b.local_port; // the other file on the other's port: still not trusted
        trust.add(entry).unwrap();
        assert!(
            !trust.is_trusted(&row_b),
            "bad\\xff's entry covers bad\\xfe"
        );

        let list = |format: &str| crate::common::list(&["--tcp", "--format", format]).0;
        let json: serde_json::Value = serde_json::from_str(&list("json")).unwrap();
        let json_path = |port: u16| {
            json["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["local_port"] == port)
                .map(|r| r["process"]["path"].clone())
        };
        assert_eq!(json_path(a.port), Some(format!("{folder}/bad\\xff").into()));
        assert_eq!(json_path(b.port), Some(format!("{folder}/bad\\xfe").into()));
        let table = list("table");
        assert!(
            table.contains("bad\\xff") && table.contains("bad\\xfe"),
            "{table}"
        );
    }
}

/// A TCP connection's rows carry the kernel's byte counters (Linux `tcp_info`): after the
/// client sends 3 MB and the server answers 70,000 bytes, each end counts what it sent and
/// received; a UDP socket has no counters (`None`, never 0).
#[cfg(target_os = "linux")]
#[test]
fn tcp_rows_count_bytes_sent_and_received_udp_rows_have_no_counters() {
    use std::io::{Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (mut server, _) = listener.accept().unwrap();
    let reader = std::thread::spawn(move || {
        let mut got = vec![0u8; 3_000_000];
        server.read_exact(&mut got).unwrap();
        server.write_all(&[7u8; 70_000]).unwrap();
        server
    });
    client.write_all(&vec![1u8; 3_000_000]).unwrap();
    let mut answer = vec![0u8; 70_000];
    client.read_exact(&mut answer).unwrap();
    let _server = reader.join().unwrap();
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let udp_port = udp.local_addr().unwrap().port();
    let client_port = client.local_addr().unwrap().port();
    // Acknowledgements can trail the data by a moment on a busy machine: poll until counted.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let (ours, theirs) = loop {
        let snap = Poller::new().poll();
        let end = |local: u16, remote: u16| {
            find(&snap, Protocol::Tcp, "127.0.0.1", local)
                .into_iter()
                .find(|r| r.remote_port == Some(remote))
                .and_then(|r| r.traffic)
        };
        let (ours, theirs) = (end(client_port, port), end(port, client_port));
        let udp_rows = find(&snap, Protocol::Udp, "127.0.0.1", udp_port);
        assert_eq!(udp_rows.len(), 1);
        assert_eq!(udp_rows[0].traffic, None, "UDP has no per-socket counters");
        match (ours, theirs) {
            (Some(o), Some(t)) if o.received >= 70_000 && t.received >= 3_000_000 => break (o, t),
            _ if std::time::Instant::now() > deadline => panic!("{ours:?} {theirs:?}"),
            _ => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    };
    // Data bytes only: not the connecting side's SYN, which the kernel's acknowledged count
    // includes.
    assert_eq!((ours.sent, ours.received), (3_000_000, 70_000));
    assert_eq!((theirs.sent, theirs.received), (70_000, 3_000_000));
}

/// Our own sock_diag reader lists what netstat2's lists: the same sockets with the same
/// endpoints, states, uids and inodes (for sockets this test holds, which cannot come or go
/// between the two dumps).
#[cfg(target_os = "linux")]
#[test]
fn our_dump_lists_what_netstat2_lists() {
    use netstat2::{AddressFamilyFlags as A, ProtocolFlags as P, ProtocolSocketInfo};
    let listeners: Vec<TcpListener> = ["127.0.0.1:0", "[::1]:0"]
        .iter()
        .map(|a| TcpListener::bind(a).unwrap())
        .collect();
    let client = TcpStream::connect(listeners[1].local_addr().unwrap()).unwrap();
    let udp = UdpSocket::bind("[::1]:0").unwrap();
    let mut ports: Vec<u16> = listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect();
    ports.push(client.local_addr().unwrap().port());
    ports.push(udp.local_addr().unwrap().port());
    let key = |info: &netstat2::SocketInfo| match &info.protocol_socket_info {
        ProtocolSocketInfo::Tcp(t) => format!(
            "tcp {}:{} {}:{} {:?} uid {} inode {}",
            t.local_addr, t.local_port, t.remote_addr, t.remote_port, t.state, info.uid, info.inode
        ),
        ProtocolSocketInfo::Udp(u) => format!(
            "udp {}:{} uid {} inode {}",
            u.local_addr, u.local_port, info.uid, info.inode
        ),
    };
    let ours_port = |info: &netstat2::SocketInfo| ports.contains(&info.local_port());
    let mut theirs: Vec<String> =
        netstat2::iterate_sockets_info_without_pids(A::IPV4 | A::IPV6, P::TCP | P::UDP)
            .unwrap()
            .map(Result::unwrap)
            .filter(|i| ours_port(i))
            .map(|i| key(&i))
            .collect();
    let mut ours: Vec<String> = portscope::collector::os_sockets()
        .unwrap()
        .into_iter()
        .filter(|s| ours_port(&s.info))
        .map(|s| key(&s.info))
        .collect();
    theirs.sort();
    ours.sort();
    assert_eq!(ours.len(), 5, "{ours:#?}");
    assert_eq!(ours, theirs);
}
