//! `portscope kill`: pick the target from a PID or a port, confirm, and end it through the same
//! guarded path as the GUI.

use std::io::{BufRead, Write};
use std::time::Duration;

use super::KillArgs;
use crate::actions::kill::{
    KillOutcome, KillReport, KillRequest, ProcessTable, StopSignal, SystemProcessTable,
    end_process, is_session_critical,
};
use crate::collector::Poller;
use crate::i18n::{Msg, Tr};
use crate::model::text::visible;
use crate::model::{ProcessIdentity, Protocol, Snapshot, SocketRow};

/// How long a graceful stop may take before we report "still running".
const GRACEFUL_WAIT: Duration = Duration::from_secs(5);
const FORCE_WAIT: Duration = Duration::from_secs(3);

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

/// The process that holds `port`, as the user sees it now.
fn target_for_port(
    snapshot: &Snapshot,
    port: u16,
    udp: bool,
    tr: &Tr,
) -> Result<ProcessIdentity, String> {
    let protocol = if udp { Protocol::Udp } else { Protocol::Tcp };
    let rows = rows_on_port(snapshot, port, protocol);
    // Prefer the listener: a client connection from a random port is rarely what is meant.
    let listeners: Vec<&&SocketRow> = rows.iter().filter(|r| r.is_listening()).collect();
    let chosen: Vec<&SocketRow> = if listeners.is_empty() {
        rows.clone()
    } else {
        listeners.into_iter().copied().collect()
    };
    let mut owners: Vec<ProcessIdentity> = Vec::new();
    for row in &chosen {
        if let Some(p) = &row.process
            && !owners.iter().any(|o| o.pid == p.pid)
        {
            owners.push(p.identity());
        }
    }
    match owners.len() {
        1 => Ok(owners.remove(0)),
        0 if chosen.is_empty() => Err(tr.f(Msg::CliNoOwner, &[&proto_name(udp), &port])),
        0 => Err(tr.f(Msg::CliOwnerHidden, &[&proto_name(udp), &port])),
        _ => {
            let list: Vec<String> = owners
                .iter()
                .map(|o| format!("{} ({})", visible(&o.name), o.pid))
                .collect();
            Err(tr.f(
                Msg::CliManyOwners,
                &[&proto_name(udp), &port, &list.join(", ")],
            ))
        }
    }
}

fn ports_held(snapshot: &Snapshot, pid: u32) -> String {
    let mut ports: Vec<String> = snapshot
        .rows
        .iter()
        .filter(|r| r.pids.contains(&pid))
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

fn confirmed(tr: &Tr) -> bool {
    eprint!("{}", tr.t(Msg::CliConfirm));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(_) => matches!(line.trim().to_lowercase().as_str(), "y" | "yes"),
        Err(_) => false,
    }
}

/// Run `portscope kill`.
pub fn run(args: &KillArgs, tr: &Tr) -> Result<(), String> {
    let table = SystemProcessTable;
    let mut poller = Poller::new();
    let snapshot = poller.poll();
    let target = match (args.pid, args.port) {
        (Some(pid), _) => table
            .lookup(pid)
            .map(|live| live.identity)
            .ok_or_else(|| tr.f(Msg::CliNoSuchPid, &[&pid]))?,
        (None, Some(port)) => target_for_port(&snapshot, port, args.udp, tr)?,
        (None, None) => return Err(tr.t(Msg::CliNoSuchPid).into()),
    };
    let name = visible(&target.name).into_owned();
    let path = visible(target.path.as_deref().unwrap_or("?")).into_owned();
    eprintln!("{}", tr.f(Msg::CliPrompt, &[&name, &target.pid, &path]));
    eprintln!(
        "{}",
        tr.f(Msg::CliHoldsPorts, &[&ports_held(&snapshot, target.pid)])
    );
    if is_session_critical(&target.name) {
        eprintln!("{}", tr.t(Msg::CliCriticalWarning));
    }
    if !args.yes && !confirmed(tr) {
        return Err(tr.t(Msg::CliCancelled).into());
    }
    let (signal, wait) = if args.force {
        (StopSignal::Force, FORCE_WAIT)
    } else {
        (StopSignal::Graceful, GRACEFUL_WAIT)
    };
    let request = KillRequest { target, signal };
    let outcome = end_process(&table, &request, wait);
    let report = KillReport { request, outcome };
    let message = report.message(tr);
    if !report.succeeded() {
        if report.outcome == KillOutcome::StillRunning {
            return Err(format!("{message} {}", tr.t(Msg::CliUseForce)));
        }
        return Err(message);
    }
    println!("{message}");
    if let Some(port) = args.port {
        let protocol = if args.udp {
            Protocol::Udp
        } else {
            Protocol::Tcp
        };
        let pid = report.request.target.pid;
        let after = poller.poll();
        let still = rows_on_port(&after, port, protocol)
            .iter()
            .any(|r| r.pids.contains(&pid));
        if still {
            return Err(tr.f(Msg::CliPortStillOpen, &[&proto_name(args.udp), &port]));
        }
        println!(
            "{}",
            tr.f(Msg::CliPortClosed, &[&proto_name(args.udp), &port])
        );
    }
    Ok(())
}
