//! `portscope kill`: pick the target from a PID or a port, confirm, and end it through the same
//! guarded path as the GUI.

use std::io::Write;

use super::KillArgs;
use crate::actions::kill::{
    KillOutcome, KillReport, KillRequest, ProcessTable, StopSignal, SystemProcessTable,
    end_process, is_session_critical,
};
use crate::collector::Poller;
use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;
use crate::model::{ProcessIdentity, Protocol, Snapshot, SocketRow};

fn proto_name(udp: bool) -> &'static str {
    if udp { "UDP" } else { "TCP" }
}

fn rows_on_port(snapshot: &Snapshot, port: u16, protocol: Protocol) -> Vec<&SocketRow> {
    snapshot
        .rows
        .iter()
        .filter(|r| r.local_port == port && r.protocol == protocol)
        .collect()
}

/// Every process that holds `port` (the listener where there is one), primary owners first, as
/// the user sees them now. A socket shared by a parent and its forked children is held by all of
/// them, and the port stays open until every one has ended.
fn targets_for_port(
    snapshot: &Snapshot,
    table: &dyn ProcessTable,
    port: u16,
    udp: bool,
    tr: &Tr,
) -> Result<Vec<ProcessIdentity>, String> {
    let protocol = if udp { Protocol::Udp } else { Protocol::Tcp };
    let rows = rows_on_port(snapshot, port, protocol);
    // Prefer the listener: a client connection from a random port is rarely what is meant.
    let listeners: Vec<&SocketRow> = rows.iter().copied().filter(|r| r.is_listening()).collect();
    let chosen = if listeners.is_empty() {
        rows
    } else {
        listeners
    };
    let mut targets: Vec<ProcessIdentity> = Vec::new();
    for row in &chosen {
        for &pid in row.pids() {
            if targets.iter().any(|t| t.pid == pid) {
                continue;
            }
            let seen = match row.process() {
                Some(p) if p.pid == pid => Some(p.identity()),
                _ => table.lookup(pid).map(|live| live.identity),
            };
            targets.extend(seen);
        }
    }
    if targets.is_empty() {
        // "Hidden" only where the collector said so: without rights, another user's socket.
        // With rights (or for one's own socket), an open socket no process holds is held by no
        // program at all (in flight inside a unix message, or kept by the kernel).
        let msg = if chosen.is_empty() {
            Msg::CliNoOwner
        } else if chosen.iter().any(|r| r.owner_hidden()) {
            Msg::CliOwnerHidden
        } else {
            Msg::CliOpenNoHolder
        };
        return Err(tr.f(msg, &[&proto_name(udp), &port]));
    }
    Ok(targets)
}

fn ports_held(snapshot: &Snapshot, pid: u32) -> String {
    let mut ports: Vec<String> = snapshot
        .rows
        .iter()
        .filter(|r| r.pids().contains(&pid))
        .map(|r| format!("{} {}", r.protocol_label(), r.local_port))
        .collect();
    ports.sort();
    ports.dedup();
    if ports.is_empty() {
        "-".into()
    } else {
        ports.join(", ")
    }
}

fn describe(target: &ProcessIdentity) -> (String, String) {
    let name = show_invisible(&target.name).into_owned();
    let path = show_invisible(target.path_text().as_deref().unwrap_or("?")).into_owned();
    (name, path)
}

/// Show what will be ended: one program, or every holder of a shared port.
fn show_targets(targets: &[ProcessIdentity], snapshot: &Snapshot, args: &KillArgs, tr: &Tr) {
    if let [target] = targets {
        let (name, path) = describe(target);
        eprintln!("{}", tr.f(Msg::CliPrompt, &[&name, &target.pid, &path]));
        eprintln!(
            "{}",
            tr.f(Msg::CliHoldsPorts, &[&ports_held(snapshot, target.pid)])
        );
    } else {
        let port = args.port.unwrap_or_default();
        let count = targets.len();
        eprintln!(
            "{}",
            tr.f(Msg::CliManyHolders, &[&proto_name(args.udp), &port, &count])
        );
        for target in targets {
            let (name, path) = describe(target);
            eprintln!("{}", tr.f(Msg::CliHolderLine, &[&name, &target.pid, &path]));
        }
    }
    if targets.iter().any(|t| is_session_critical(&t.name)) {
        eprintln!("{}", tr.t(Msg::CliCriticalWarning));
    }
}

/// End each target in turn; the first failure stops and is reported.
fn end_all(
    table: &dyn ProcessTable,
    targets: Vec<ProcessIdentity>,
    args: &KillArgs,
    tr: &Tr,
) -> Result<(), String> {
    let (signal, wait) = if args.force {
        (StopSignal::Force, StopSignal::Force.wait())
    } else {
        (StopSignal::Graceful, StopSignal::Graceful.wait())
    };
    for target in targets {
        let request = KillRequest { target, signal };
        let outcome = end_process(table, &request, wait);
        let report = KillReport { request, outcome };
        let message = report.message(tr);
        if !report.succeeded() {
            if report.outcome == KillOutcome::StillRunning {
                return Err(format!("{message} {}", tr.t(Msg::CliUseForce)));
            }
            return Err(message);
        }
        say(&message);
    }
    Ok(())
}

/// Print a result line. A closed stdout (`| true`) must not stop the port check that follows.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Run `portscope kill`.
pub fn run(args: &KillArgs, tr: &Tr) -> Result<(), String> {
    let table = SystemProcessTable::default();
    let mut poller = Poller::without_provenance();
    let snapshot = poller.poll();
    let targets = match (args.pid, args.port) {
        (Some(pid), _) => vec![
            table
                .lookup(pid)
                .map(|live| live.identity)
                .ok_or_else(|| tr.f(Msg::CliNoSuchPid, &[&pid]))?,
        ],
        (None, Some(port)) => targets_for_port(&snapshot, &table, port, args.udp, tr)?,
        (None, None) => return Err(tr.t(Msg::CliKillNeedsTarget).into()),
    };
    // Pin each target now, while the user is shown it: what is confirmed is what gets signalled.
    for target in &targets {
        table.pin(target);
    }
    show_targets(&targets, &snapshot, args, tr);
    if !args.yes && !super::confirmed(tr.t(Msg::CliConfirm)) {
        return Err(tr.t(Msg::CliCancelled).into());
    }
    end_all(&table, targets, args, tr)?;
    if let Some(port) = args.port {
        let protocol = if args.udp {
            Protocol::Udp
        } else {
            Protocol::Tcp
        };
        // Judge by the socket, not by the PIDs we ended: any socket still bound to the port
        // (a holder we could not see, a program that re-opened it) means it is not closed.
        let after = poller.poll();
        let still = rows_on_port(&after, port, protocol)
            .iter()
            .any(|r| r.is_listening() || !r.pids().is_empty());
        if still {
            return Err(tr.f(Msg::CliPortStillOpen, &[&proto_name(args.udp), &port]));
        }
        say(&tr.f(Msg::CliPortClosed, &[&proto_name(args.udp), &port]));
    }
    Ok(())
}
