//! The JSON contract of `portscope list --format json` and JSON exports. Later issues add fields;
//! existing ones never change meaning.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::{ExportError, ExportMeta};
use crate::i18n::Tr;
use crate::model::{Exposure, Family, PortClass, Protocol, RiskLevel, SocketRow, TcpState};
use crate::risk::text::{detail, service_text, title};

/// One snapshot as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotRecord {
    /// RFC 3339 time of the snapshot.
    pub taken_at: String,
    /// Host name.
    pub host: String,
    /// PortScope version.
    pub version: String,
    /// Warnings, as sentences.
    pub warnings: Vec<String>,
    /// The filter that chose the rows, in words; absent when every row is included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// The sockets.
    pub rows: Vec<RowRecord>,
}

/// One socket as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowRecord {
    /// `tcp` or `udp`.
    pub protocol: Protocol,
    /// `ipv4` or `ipv6`.
    pub family: Family,
    /// Local address.
    pub local_address: String,
    /// Local port.
    pub local_port: u16,
    /// Remote address, null without a peer.
    pub remote_address: Option<String>,
    /// Remote port, null without a peer.
    pub remote_port: Option<u16>,
    /// TCP state, null for UDP.
    pub state: Option<TcpState>,
    /// `well-known`, `registered` or `dynamic`.
    pub port_class: PortClass,
    /// Primary owner.
    pub pid: Option<u32>,
    /// Every owner, primary first.
    pub pids: Vec<u32>,
    /// The primary owner's details.
    pub process: Option<ProcessRecord>,
    /// The socket's user id.
    pub uid: Option<u32>,
    /// The owner exists but is hidden because PortScope runs without administrator rights.
    #[serde(default)]
    pub owner_hidden: bool,
    /// The kernel's identity of the socket (the inode on Linux), where the OS reports one: two
    /// sockets on the same endpoints, one replacing the other, have different ids.
    #[serde(default)]
    pub socket_id: Option<u64>,
    /// Service name from the knowledge base or the system services list.
    pub service: Option<String>,
    /// `loopback`, `local-network` or `all-interfaces`.
    pub exposure: Exposure,
    /// The risk judgement.
    pub risk: RiskRecord,
}

/// A row's risk as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskRecord {
    /// Highest finding level (none when trusted).
    pub level: RiskLevel,
    /// What the rules found.
    pub findings: Vec<FindingRecord>,
    /// The user marked this program+port+protocol as trusted.
    pub trusted: bool,
}

/// One finding as JSON, with text in the UI language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingRecord {
    /// Stable rule id, e.g. `known-backdoor-port`.
    pub rule: String,
    /// The finding's level.
    pub level: RiskLevel,
    /// Short title.
    pub title: String,
    /// The reason, naming the evidence.
    pub detail: String,
}

/// A process as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessRecord {
    /// Program name.
    pub name: String,
    /// Executable path.
    pub path: Option<String>,
    /// Command line.
    pub cmdline: Vec<String>,
    /// User name.
    pub user: Option<String>,
    /// RFC 3339 start time.
    pub started_at: Option<String>,
    /// Parent PID.
    pub parent_pid: Option<u32>,
}

impl RowRecord {
    /// The record for a row; finding texts in `tr`'s language.
    pub fn from_row(row: &SocketRow, tr: &Tr) -> Self {
        let a = &row.assessment;
        RowRecord {
            protocol: row.protocol,
            family: row.family(),
            local_address: row.local_address.to_string(),
            local_port: row.local_port,
            remote_address: row.remote_address.map(|a| a.to_string()),
            remote_port: row.remote_port,
            state: row.state,
            port_class: row.port_class(),
            pid: row.pid(),
            pids: row.pids.clone(),
            process: row.process.as_ref().map(|p| ProcessRecord {
                name: p.name.clone(),
                path: p.shown_path().map(|p| p.into_owned()),
                cmdline: p.cmdline.clone(),
                user: p.user.clone(),
                started_at: p.started_at.map(|t| t.to_rfc3339()),
                parent_pid: p.parent_pid,
            }),
            uid: row.uid,
            owner_hidden: row.owner_hidden,
            socket_id: Some(row.inode).filter(|&i| i != 0),
            service: service_text(a, tr),
            exposure: a.exposure,
            risk: RiskRecord {
                level: a.level(),
                findings: a
                    .findings
                    .iter()
                    .map(|f| FindingRecord {
                        rule: f.rule.as_str().to_owned(),
                        level: f.level,
                        title: title(f, tr).to_owned(),
                        detail: detail(f, tr),
                    })
                    .collect(),
                trusted: a.trusted,
            },
        }
    }
}

impl SnapshotRecord {
    /// The record for a set of rows.
    pub fn new(meta: &ExportMeta, rows: &[SocketRow], tr: &Tr) -> Self {
        SnapshotRecord {
            taken_at: meta.taken_at.to_rfc3339(),
            host: meta.host.clone(),
            version: meta.version.clone(),
            warnings: meta.warnings.clone(),
            filter: meta.filter.clone(),
            rows: rows.iter().map(|r| RowRecord::from_row(r, tr)).collect(),
        }
    }
}

/// Write pretty JSON followed by a newline.
pub fn write_json<W: Write>(
    mut w: W,
    meta: &ExportMeta,
    rows: &[SocketRow],
    tr: Tr,
) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(&mut w, &SnapshotRecord::new(meta, rows, &tr))?;
    writeln!(w)?;
    Ok(())
}
