//! Test-only builders for rows and snapshots.

use super::{ProcessInfo, Protocol, SocketRow, TcpState};

/// A TCP row owned by `name` (pid `pid`).
pub fn tcp(local: &str, port: u16, state: TcpState, pid: u32, name: &str) -> SocketRow {
    SocketRow {
        state: Some(state),
        owner: super::Owner::known(
            [pid][..].into(),
            Some(std::sync::Arc::new(process(pid, name))),
        ),
        uid: Some(1000),
        socket_user: Some("alice".into()),
        inode: u64::from(port) * 10 + u64::from(pid),
        ..SocketRow::new(Protocol::Tcp, local.parse().expect("test address"), port)
    }
}

/// A UDP row owned by `name` (pid `pid`).
pub fn udp(local: &str, port: u16, pid: u32, name: &str) -> SocketRow {
    SocketRow {
        protocol: Protocol::Udp,
        state: None,
        ..tcp(local, port, TcpState::Listen, pid, name)
    }
}

/// A process with a path under /usr/bin.
pub fn process(pid: u32, name: &str) -> ProcessInfo {
    ProcessInfo {
        pid,
        name: name.into(),
        path: Some(format!("/usr/bin/{name}").into()),
        cmdline: vec![name.into()],
        user: Some("alice".into()),
        started_at: None,
        parent_pid: Some(1),
        exe_deleted: false,
        exe_replaced: false,
        start_token: None,
        origin: Default::default(),
    }
}

/// A small desktop: sshd on 22, cupsd on loopback 631, avahi on UDP 5353 and one firefox
/// connection from port 51000 to 93.184.216.34:443 (filter and search tests).
pub fn desktop() -> Vec<SocketRow> {
    let mut conn = tcp("192.168.1.5", 51000, TcpState::Established, 30, "firefox");
    conn.remote_address = Some("93.184.216.34".parse().expect("test address"));
    conn.remote_port = Some(443);
    vec![
        tcp("0.0.0.0", 22, TcpState::Listen, 10, "sshd"),
        tcp("127.0.0.1", 631, TcpState::Listen, 11, "cupsd"),
        udp("0.0.0.0", 5353, 12, "avahi-daemon"),
        conn,
    ]
}

/// A file signature (Windows Authenticode) from its own file, not a catalog.
pub fn signature(
    status: super::SignatureStatus,
    publisher: Option<&str>,
    reason: Option<&str>,
) -> super::Signature {
    super::Signature {
        status,
        publisher: publisher.map(str::to_owned),
        reason: reason.map(str::to_owned),
        catalog: false,
    }
}
