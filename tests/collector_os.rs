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
        .process
        .as_ref()
        .unwrap_or_else(|| panic!("{what}: no process info"));
    let exe = std::env::current_exe().unwrap();
    let exe_name = exe.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        !process.name.is_empty() && exe_name.starts_with(&process.name),
        "{what}: process name {:?} vs exe {exe_name:?}",
        process.name
    );
    assert_eq!(
        process.path.as_deref(),
        Some(exe.to_string_lossy().as_ref()),
        "{what}: path"
    );
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
    let rows = find(&snap, Protocol::Tcp, "127.0.0.1", client_port);
    assert_owned_by_me(&rows, "client end");
    assert_eq!(rows[0].state, Some(TcpState::Established));
    assert_eq!(rows[0].remote_port, Some(port));
    assert_eq!(rows[0].remote_address, Some("127.0.0.1".parse().unwrap()));
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
    assert_eq!(rows[0].pids, vec![std::process::id(), child.0.id()]);
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
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (server, _) = listener.accept().unwrap();
    let client_port = client.local_addr().unwrap().port();
    drop(client); // the side that closes first waits in TIME_WAIT
    std::thread::sleep(std::time::Duration::from_millis(50));
    drop(server);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let snap = Poller::new().poll();
    let rows = find(&snap, Protocol::Tcp, "127.0.0.1", client_port);
    let row = rows
        .iter()
        .find(|r| r.state == Some(TcpState::TimeWait))
        .expect("a TIME_WAIT row");
    assert!(row.pids.is_empty() && row.process.is_none());
    assert_eq!(row.uid, None, "no misleading uid 0");
    assert_eq!(row.user(), None);
}
