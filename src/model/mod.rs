//! Plain data and pure functions over it: sockets, processes, snapshots, diff, sort and filter. No OS, no egui.

pub mod assessment;
pub mod diff;
pub mod filter;
pub mod origin;
pub mod process;
pub mod snapshot;
pub mod socket;
pub mod sort;
pub mod text;

pub use assessment::{Assessment, Evidence, Exposure, Finding, RiskLevel, RuleId};
pub use diff::{SnapshotDiff, diff};
pub use filter::{ProtocolFilter, QuickFilter, RowFilter, StateFilter};
pub use origin::{
    Ancestor, Container, ContainerRuntime, Origin, Package, PackageManager, Signature,
    SignatureStatus,
};
pub use process::{ProcessIdentity, ProcessInfo};
pub use snapshot::{CollectorWarning, NetnsFault, Snapshot};
pub use socket::{
    Family, NetNs, Owner, Pids, PortClass, Protocol, Rate, RemoteHost, SocketKey, SocketRow,
    TcpState, Traffic,
};
pub use sort::{Column, SortOrder, SortSpec};

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
pub(crate) mod proptests;
