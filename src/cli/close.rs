//! `portscope close-connection --local ADDR:PORT --remote ADDR:PORT [--yes]`: close one TCP
//! connection, leaving its program running.

use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::CloseArgs;
use crate::actions::close::{CloseError, close_tcp_connection};
use crate::collector::Poller;
use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;
use crate::model::{Protocol, Snapshot, SocketRow, TcpState};

/// How long the socket table may take to stop showing a closed connection.
const GONE_WAIT: Duration = Duration::from_secs(2);

/// True when `row` is the live TCP connection from `local` to `remote`. An IPv4-mapped end
/// (`[::ffff:127.0.0.1]:P`, an IPv6 socket talking IPv4) also matches its plain IPv4 form.
pub fn is_connection(row: &SocketRow, local: SocketAddr, remote: SocketAddr) -> bool {
    let same = |a: std::net::IpAddr, b: std::net::IpAddr| a.to_canonical() == b.to_canonical();
    row.protocol == Protocol::Tcp
        && same(row.local_address, local.ip())
        && row.local_port == local.port()
        && row.remote_address.is_some_and(|r| same(r, remote.ip()))
        && row.remote_port == Some(remote.port())
        && !matches!(
            row.state,
            Some(TcpState::Listen | TcpState::TimeWait | TcpState::Closed)
        )
}

fn find(snapshot: &Snapshot, local: SocketAddr, remote: SocketAddr) -> Option<&SocketRow> {
    snapshot
        .rows
        .iter()
        .find(|r| is_connection(r, local, remote))
}

/// Run `portscope close-connection`.
pub fn run(args: &CloseArgs, tr: &Tr) -> Result<(), String> {
    let (local, remote) = (args.local, args.remote);
    let mut poller = Poller::without_provenance();
    let snapshot = poller.poll();
    let Some(row) = find(&snapshot, local, remote) else {
        return Err(tr.f(Msg::CliCloseNoConnection, &[&local, &remote]));
    };
    // The socket's own ends, as the OS knows them (IPv4-mapped where it is an IPv6 socket).
    let (local, remote) = match row.remote_endpoint() {
        Some(peer) => (row.local_endpoint(), peer),
        None => (local, remote),
    };
    let name = show_invisible(row.process_name()).into_owned();
    let pid = row
        .pid()
        .map_or_else(|| tr.t(Msg::EmptyValue).to_owned(), |p| p.to_string());
    eprintln!(
        "{}",
        tr.f(Msg::CliClosePrompt, &[&local, &remote, &name, &pid])
    );
    if !args.yes && !super::confirmed(tr.t(Msg::CliCloseConfirm)) {
        return Err(tr.t(Msg::CliCloseCancelled).into());
    }
    match close_tcp_connection(local, remote) {
        Ok(()) => {}
        // Gone between the listing and the request: what the user wanted has happened.
        Err(CloseError::NotFound) => {}
        Err(e) => return Err(e.message(tr)),
    }
    let deadline = Instant::now() + GONE_WAIT;
    while find(&poller.poll(), local, remote).is_some() {
        if Instant::now() >= deadline {
            return Err(tr.f(Msg::CliCloseStillOpen, &[&local, &remote]));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", tr.f(Msg::CliCloseDone, &[&local, &remote]));
    Ok(())
}
