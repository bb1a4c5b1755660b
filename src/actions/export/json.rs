//! The JSON contract of `portscope list --format json` and JSON exports. Later issues add fields;
//! existing ones never change meaning.

use std::io::Write;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::{ExportError, ExportMeta};
use crate::i18n::Tr;
use crate::ipinfo::RemoteInfo;
use crate::model::{
    Container, ContainerRuntime, Exposure, Family, NetNs, Origin, Package, PackageManager,
    PortClass, ProcessInfo, Protocol, RiskLevel, SignatureStatus, SocketRow, TcpState,
};
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
    /// What kind of network the remote address is in (`loopback`, `private`, `shared`,
    /// `link-local`, `multicast`, `documentation`, `reserved`, `public`); null without a peer.
    #[serde(default)]
    pub remote_scope: Option<String>,
    /// The remote address's autonomous system number (public addresses only, offline data).
    #[serde(default)]
    pub remote_asn: Option<u32>,
    /// The organisation behind that AS.
    #[serde(default)]
    pub remote_org: Option<String>,
    /// The remote address's country, ISO 3166-1 alpha-2.
    #[serde(default)]
    pub remote_country: Option<String>,
    /// The remote address's host name by reverse DNS (the window, or `--resolve`), checked to
    /// be a host name; null when not resolved, not answered in time, or none.
    #[serde(default)]
    pub remote_host: Option<String>,
    /// Whether that name resolves back to the address (forward-confirmed); null without a name.
    #[serde(default)]
    pub remote_host_verified: Option<bool>,
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
    /// The network namespace the socket lives in (Linux): null for the host's own (the one
    /// PortScope runs in), else its inode and its `ip netns` name (null when unnamed).
    #[serde(default)]
    pub netns: Option<NetNs>,
    /// Data bytes this end sent (retransmissions counted once), as the kernel counts them per
    /// socket (Linux TCP); null where the OS gives no count (UDP, other systems).
    #[serde(default)]
    pub bytes_sent: Option<u64>,
    /// Bytes received, as above.
    #[serde(default)]
    pub bytes_received: Option<u64>,
    /// Bytes sent per second over the last interval (`watch`, from two polls); null otherwise.
    #[serde(default)]
    pub rate_sent: Option<u64>,
    /// Bytes received per second over the last interval; null otherwise.
    #[serde(default)]
    pub rate_received: Option<u64>,
    /// Service name from the knowledge base or the system services list.
    pub service: Option<String>,
    /// `loopback`, `local-network`, `all-interfaces` or `namespace` (another network
    /// namespace's own interfaces).
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
    /// The package its file belongs to; null when it belongs to none or that can't be told.
    #[serde(default)]
    pub package: Option<PackageRecord>,
    /// The file's signature (Windows Authenticode); null elsewhere.
    #[serde(default)]
    pub signature: Option<SignatureRecord>,
    /// The service units it belongs to (`["ssh.service"]`); `[]` when none.
    #[serde(default)]
    pub services: Vec<String>,
    /// The container it runs in.
    #[serde(default)]
    pub container: Option<ContainerRecord>,
    /// The processes that started it, nearest first.
    #[serde(default)]
    pub ancestry: Vec<AncestorRecord>,
}

/// A package as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageRecord {
    /// `dpkg`, `rpm`, `snap`, `flatpak` or `appimage`.
    pub manager: PackageManager,
    /// The package's name.
    pub name: String,
    /// Its installed version, where known.
    pub version: Option<String>,
    /// True: the running image matches the package's record; false: it differs; null: it
    /// could not be checked (yet).
    pub verified: Option<bool>,
}

impl PackageRecord {
    fn of(p: &Package) -> Self {
        PackageRecord {
            manager: p.manager,
            name: p.name.clone(),
            version: p.version.clone(),
            verified: p.verified,
        }
    }
}

/// A signature as JSON (Windows).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureRecord {
    /// `valid`, `invalid`, `unsigned` or `unknown`.
    pub status: SignatureStatus,
    /// The signer's name, where a signature was read.
    pub publisher: Option<String>,
}

impl SignatureRecord {
    /// The record of a process's signature: `None` where none is checked (not Windows); while
    /// the check is under way, `unknown`.
    fn of(o: &Origin) -> Option<Self> {
        match &o.signature {
            Some(s) => Some(SignatureRecord {
                status: s.status,
                publisher: s.publisher.clone(),
            }),
            None => o.signature_pending.then_some(SignatureRecord {
                status: SignatureStatus::Unknown,
                publisher: None,
            }),
        }
    }
}

/// A container as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContainerRecord {
    /// `docker`, `podman`, `containerd`, `kubernetes` or `lxc`.
    pub runtime: ContainerRuntime,
    /// The container's id.
    pub id: String,
    /// Its name, where the runtime's files say it.
    pub name: Option<String>,
}

impl ContainerRecord {
    fn of(c: &Container) -> Self {
        ContainerRecord {
            runtime: c.runtime,
            id: c.id.clone(),
            name: c.name.clone(),
        }
    }
}

/// One process of a launch chain as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AncestorRecord {
    /// Its PID.
    pub pid: u32,
    /// Its name.
    pub name: String,
}

fn ancestry_records(p: &ProcessInfo) -> Vec<AncestorRecord> {
    p.origin
        .ancestry
        .iter()
        .map(|a| AncestorRecord {
            pid: a.pid,
            name: a.name.clone(),
        })
        .collect()
}

impl RowRecord {
    /// The record for a row; finding texts in `tr`'s language.
    pub fn from_row(row: &SocketRow, tr: &Tr) -> Self {
        let a = &row.assessment;
        let remote = remote_info(row);
        RowRecord {
            protocol: row.protocol,
            family: row.family(),
            local_address: row.local_address.to_string(),
            local_port: row.local_port,
            remote_address: row.remote_address.map(|a| a.to_string()),
            remote_port: row.remote_port,
            remote_scope: remote.map(|r| r.scope.as_str().to_owned()),
            remote_asn: remote.and_then(|r| r.network.asn),
            remote_org: remote.and_then(|r| r.network.org.map(str::to_owned)),
            remote_country: remote.and_then(|r| r.network.country.map(str::to_owned)),
            remote_host: row.remote_host.as_ref().map(|h| h.name.clone()),
            remote_host_verified: row.remote_host.as_ref().map(|h| h.verified),
            state: row.state,
            port_class: row.port_class(),
            pid: row.pid(),
            pids: row.pids().to_vec(),
            process: row.process().map(|p| ProcessRecord {
                name: p.name.clone(),
                path: p.shown_path().map(|p| p.into_owned()),
                cmdline: p.cmdline.clone(),
                user: p.user.clone(),
                started_at: p.started_at.map(|t| t.to_rfc3339()),
                parent_pid: p.parent_pid,
                package: p.origin.package.as_ref().map(PackageRecord::of),
                signature: SignatureRecord::of(&p.origin),
                services: p.origin.services.clone(),
                container: p.origin.container.as_ref().map(ContainerRecord::of),
                ancestry: ancestry_records(p),
            }),
            uid: row.uid,
            owner_hidden: row.owner_hidden(),
            socket_id: Some(row.inode).filter(|&i| i != 0),
            netns: row.netns.as_deref().cloned(),
            bytes_sent: row.traffic.map(|t| t.sent),
            bytes_received: row.traffic.map(|t| t.received),
            rate_sent: row.rate.map(|r| per_second(r.sent)),
            rate_received: row.rate.map(|r| per_second(r.received)),
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

/// The offline facts about a row's remote address (`crate::ipinfo`).
fn remote_info(row: &SocketRow) -> Option<RemoteInfo<'static>> {
    row.remote_address.map(crate::ipinfo::remote)
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

/// Write pretty JSON followed by a newline. The rows are written straight from the snapshot
/// (borrowed views, no per-row records), in exactly the form `SnapshotRecord` reads back.
pub fn write_json<W: Write>(
    mut w: W,
    meta: &ExportMeta,
    rows: &[SocketRow],
    tr: Tr,
) -> Result<(), ExportError> {
    let view = SnapshotView {
        meta,
        rows,
        tr: &tr,
    };
    serde_json::to_writer_pretty(&mut w, &view)?;
    writeln!(w)?;
    Ok(())
}

/// A snapshot serialized as [`SnapshotRecord`], from borrowed rows.
struct SnapshotView<'a> {
    meta: &'a ExportMeta,
    rows: &'a [SocketRow],
    tr: &'a Tr,
}

impl Serialize for SnapshotView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let meta = self.meta;
        let fields = if meta.filter.is_some() { 6 } else { 5 };
        let mut st = s.serialize_struct("SnapshotRecord", fields)?;
        st.serialize_field("taken_at", &meta.taken_at.to_rfc3339())?;
        st.serialize_field("host", &meta.host)?;
        st.serialize_field("version", &meta.version)?;
        st.serialize_field("warnings", &meta.warnings)?;
        if let Some(filter) = &meta.filter {
            st.serialize_field("filter", filter)?;
        }
        st.serialize_field("rows", &RowsView(self.rows, self.tr))?;
        st.end()
    }
}

/// A rate in whole bytes per second.
fn per_second(rate: f64) -> u64 {
    rate.round() as u64
}

/// The rows, serialized one by one.
struct RowsView<'a>(&'a [SocketRow], &'a Tr);

impl Serialize for RowsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|row| RowView(row, self.1)))
    }
}

/// One row serialized as [`RowRecord`].
struct RowView<'a>(&'a SocketRow, &'a Tr);

impl Serialize for RowView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (row, tr) = (self.0, self.1);
        let a = &row.assessment;
        let remote = remote_info(row);
        let mut st = s.serialize_struct("RowRecord", 28)?;
        st.serialize_field("protocol", &row.protocol)?;
        st.serialize_field("family", &row.family())?;
        st.serialize_field("local_address", &Shown(row.local_address))?;
        st.serialize_field("local_port", &row.local_port)?;
        st.serialize_field("remote_address", &row.remote_address.map(Shown))?;
        st.serialize_field("remote_port", &row.remote_port)?;
        st.serialize_field("remote_scope", &remote.map(|r| r.scope.as_str()))?;
        st.serialize_field("remote_asn", &remote.and_then(|r| r.network.asn))?;
        st.serialize_field("remote_org", &remote.and_then(|r| r.network.org))?;
        st.serialize_field("remote_country", &remote.and_then(|r| r.network.country))?;
        let host = row.remote_host.as_deref();
        st.serialize_field("remote_host", &host.map(|h| h.name.as_str()))?;
        st.serialize_field("remote_host_verified", &host.map(|h| h.verified))?;
        st.serialize_field("state", &row.state)?;
        st.serialize_field("port_class", &row.port_class())?;
        st.serialize_field("pid", &row.pid())?;
        st.serialize_field("pids", row.pids())?;
        st.serialize_field("process", &row.process().map(|p| &**p).map(ProcessView))?;
        st.serialize_field("uid", &row.uid)?;
        st.serialize_field("owner_hidden", &row.owner_hidden())?;
        st.serialize_field("socket_id", &Some(row.inode).filter(|&i| i != 0))?;
        st.serialize_field("netns", &row.netns.as_deref())?;
        st.serialize_field("bytes_sent", &row.traffic.map(|t| t.sent))?;
        st.serialize_field("bytes_received", &row.traffic.map(|t| t.received))?;
        st.serialize_field("rate_sent", &row.rate.map(|r| per_second(r.sent)))?;
        st.serialize_field("rate_received", &row.rate.map(|r| per_second(r.received)))?;
        st.serialize_field("service", &service_text(a, tr))?;
        st.serialize_field("exposure", &a.exposure)?;
        st.serialize_field("risk", &RiskView(a, tr))?;
        st.end()
    }
}

/// A value serialized as a string through its `Display`, without an intermediate `String`.
struct Shown<T>(T);

impl<T: std::fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A process serialized as [`ProcessRecord`].
struct ProcessView<'a>(&'a ProcessInfo);

impl Serialize for ProcessView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut st = s.serialize_struct("ProcessRecord", 11)?;
        st.serialize_field("name", &p.name)?;
        st.serialize_field("path", &p.shown_path())?;
        st.serialize_field("cmdline", &p.cmdline)?;
        st.serialize_field("user", &p.user)?;
        st.serialize_field("started_at", &p.started_at.map(|t| t.to_rfc3339()))?;
        st.serialize_field("parent_pid", &p.parent_pid)?;
        let o = &p.origin;
        st.serialize_field("package", &o.package.as_ref().map(PackageRecord::of))?;
        st.serialize_field("signature", &SignatureRecord::of(o))?;
        st.serialize_field("services", &o.services)?;
        st.serialize_field("container", &o.container.as_ref().map(ContainerRecord::of))?;
        st.serialize_field("ancestry", &ancestry_records(p))?;
        st.end()
    }
}

/// A judgement serialized as [`RiskRecord`], finding texts in `tr`'s language.
struct RiskView<'a>(&'a crate::model::Assessment, &'a Tr);

impl Serialize for RiskView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, tr) = (self.0, self.1);
        let mut st = s.serialize_struct("RiskRecord", 3)?;
        st.serialize_field("level", &a.level())?;
        st.serialize_field("findings", &FindingsView(a, tr))?;
        st.serialize_field("trusted", &a.trusted)?;
        st.end()
    }
}

/// A judgement's findings serialized as [`FindingRecord`]s.
struct FindingsView<'a>(&'a crate::model::Assessment, &'a Tr);

impl Serialize for FindingsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let tr = self.1;
        s.collect_seq(self.0.findings.iter().map(|f| FindingRecord {
            rule: f.rule.as_str().to_owned(),
            level: f.level,
            title: title(f, tr).to_owned(),
            detail: detail(f, tr),
        }))
    }
}
