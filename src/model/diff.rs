//! `diff(prev, next)`: which sockets opened, closed or changed between two snapshots.

use std::collections::HashMap;

use super::socket::{SocketKey, SocketRow, TcpState};

/// A socket present in both snapshots whose state or owners changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangedRow {
    /// The row as it is now.
    pub row: SocketRow,
    /// The TCP state it had before.
    pub previous_state: Option<TcpState>,
}

/// What happened between two snapshots.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SnapshotDiff {
    /// Sockets in `next` but not in `prev`.
    pub opened: Vec<SocketRow>,
    /// Sockets in `prev` but not in `next`.
    pub closed: Vec<SocketRow>,
    /// Sockets in both whose state or owners differ.
    pub changed: Vec<ChangedRow>,
}

impl SnapshotDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.opened.is_empty() && self.closed.is_empty() && self.changed.is_empty()
    }
}

/// True when both rows show the same owning program: a process that exec()s another binary
/// keeps its PID and socket but becomes another program, which is a change worth showing.
fn same_owner_identity(a: &SocketRow, b: &SocketRow) -> bool {
    match (a.process(), b.process()) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            std::sync::Arc::ptr_eq(x, y)
                || (x.pid == y.pid
                    && x.name == y.name
                    && x.path == y.path
                    && x.cmdline == y.cmdline
                    && x.start_token == y.start_token)
        }
        _ => false,
    }
}

/// True when a socket present in both snapshots (same key) counts as changed: its state, its
/// owners or its owner's identity differ.
pub fn changed(old: &SocketRow, new: &SocketRow) -> bool {
    old.state != new.state || old.pids() != new.pids() || !same_owner_identity(old, new)
}

/// Compare two row sets by `SocketKey`. Output follows the order of the input rows.
pub fn diff(prev: &[SocketRow], next: &[SocketRow]) -> SnapshotDiff {
    let before: HashMap<SocketKey, &SocketRow> = prev.iter().map(|r| (r.key(), r)).collect();
    let after: HashMap<SocketKey, &SocketRow> = next.iter().map(|r| (r.key(), r)).collect();
    let mut out = SnapshotDiff::default();
    for row in next {
        match before.get(&row.key()) {
            None => out.opened.push(row.clone()),
            Some(old) if changed(old, row) => out.changed.push(ChangedRow {
                row: row.clone(),
                previous_state: old.state,
            }),
            Some(_) => {}
        }
    }
    out.closed = prev
        .iter()
        .filter(|r| !after.contains_key(&r.key()))
        .cloned()
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::{tcp, udp};

    #[test]
    fn identical_snapshots_have_no_changes() {
        let rows = vec![tcp("127.0.0.1", 80, TcpState::Listen, 10, "nginx")];
        assert!(diff(&rows, &rows).is_empty());
    }

    #[test]
    fn opened_closed_and_changed_are_told_apart() {
        let kept = tcp("127.0.0.1", 80, TcpState::Listen, 10, "nginx");
        let gone = udp("0.0.0.0", 53, 20, "dnsmasq");
        let mut conn = tcp("10.0.0.2", 5000, TcpState::Established, 30, "curl");
        conn.remote_address = Some("10.0.0.9".parse().unwrap());
        conn.remote_port = Some(443);
        let prev = vec![kept.clone(), gone.clone(), conn.clone()];

        let mut conn_closing = conn.clone();
        conn_closing.state = Some(TcpState::FinWait1);
        let new = tcp("::1", 8080, TcpState::Listen, 40, "python3");
        let next = vec![kept, conn_closing.clone(), new.clone()];

        let d = diff(&prev, &next);
        assert_eq!(d.opened, vec![new]);
        assert_eq!(d.closed, vec![gone]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].row, conn_closing);
        assert_eq!(d.changed[0].previous_state, Some(TcpState::Established));
    }

    #[test]
    fn owner_change_counts_as_changed() {
        let a = tcp("127.0.0.1", 80, TcpState::Listen, 10, "nginx");
        let mut b = a.clone();
        b.owner = crate::model::Owner::known([10, 11][..].into(), a.process().cloned());
        let d = diff(&[a], &[b]);
        assert_eq!(d.changed.len(), 1);
        assert!(d.opened.is_empty() && d.closed.is_empty());
    }

    #[test]
    fn exec_into_another_program_counts_as_changed() {
        let a = tcp("127.0.0.1", 80, TcpState::Listen, 10, "python3");
        let mut b = a.clone();
        let p = std::sync::Arc::make_mut(b.process_mut().unwrap());
        p.name = "evil".into();
        p.path = Some("/tmp/evil".into());
        let d = diff(std::slice::from_ref(&a), std::slice::from_ref(&b));
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].row, b);
    }

    #[test]
    fn same_endpoint_with_new_inode_is_a_new_socket() {
        let a = tcp("127.0.0.1", 80, TcpState::Listen, 10, "nginx");
        let mut b = a.clone();
        b.inode += 1;
        let d = diff(std::slice::from_ref(&a), std::slice::from_ref(&b));
        assert_eq!(d.opened, vec![b]);
        assert_eq!(d.closed, vec![a]);
    }
}
