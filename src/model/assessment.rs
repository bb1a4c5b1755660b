//! The judgement attached to a row: how reachable it is, which service it is, and the risk
//! findings with their evidence. Plain data; `risk/` computes it, the UI and exports show it.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Who can reach a socket.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Exposure {
    /// Only this computer (127.0.0.0/8, ::1).
    #[default]
    Loopback,
    /// Bound to one address of this computer: reachable from that network.
    LocalNetwork,
    /// Bound to 0.0.0.0 or ::, reachable on every network this computer is on.
    AllInterfaces,
    /// Bound to a non-loopback address inside another network namespace (a container's, a
    /// sandbox's, `ip netns`): reachable only through that namespace's own interfaces, not
    /// through the host's.
    Namespace,
}

impl Exposure {
    /// The exposure of a socket: as [`Exposure::of`] its local address, except that a socket
    /// inside another network namespace that is not on loopback is [`Exposure::Namespace`].
    pub fn of_row(row: &super::SocketRow) -> Exposure {
        match Exposure::of(&row.local_address) {
            Exposure::Loopback => Exposure::Loopback,
            _ if row.netns.is_some() => Exposure::Namespace,
            other => other,
        }
    }

    /// The exposure of a socket bound to `addr` in the host's network namespace.
    pub fn of(addr: &IpAddr) -> Exposure {
        if is_loopback_address(addr) {
            Exposure::Loopback
        } else if addr.is_unspecified() {
            Exposure::AllInterfaces
        } else {
            Exposure::LocalNetwork
        }
    }

    /// The contract name, e.g. `all-interfaces`.
    pub fn as_str(self) -> &'static str {
        match self {
            Exposure::Loopback => "loopback",
            Exposure::LocalNetwork => "local-network",
            Exposure::AllInterfaces => "all-interfaces",
            Exposure::Namespace => "namespace",
        }
    }

    /// True when other computers can reach it through the host's own interfaces (a socket
    /// inside another network namespace is reached only through that namespace's).
    pub fn is_network(self) -> bool {
        matches!(self, Exposure::LocalNetwork | Exposure::AllInterfaces)
    }

    /// True when something beyond its own loopback can reach it: the host's networks, or the
    /// interfaces of the network namespace it lives in.
    pub fn beyond_loopback(self) -> bool {
        self != Exposure::Loopback
    }
}

/// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback.
pub fn is_loopback_address(addr: &IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => a.is_loopback(),
        IpAddr::V6(a) => a.is_loopback() || a.to_ipv4_mapped().is_some_and(|m| m.is_loopback()),
    }
}

/// How serious a finding (or a row) is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    /// Nothing to say.
    #[default]
    None,
    /// Explains; never alarms.
    Info,
    /// Worth a look.
    Low,
    /// Probably needs action.
    Medium,
    /// Act now unless you know why it is there.
    High,
}

impl RiskLevel {
    /// The contract name, e.g. `medium`.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::None => "none",
            RiskLevel::Info => "info",
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }

    /// "Flagged" means low or above; info explains and never alarms.
    pub fn is_flagged(self) -> bool {
        self >= RiskLevel::Low
    }
}

/// A rule's stable id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// A listener on a known backdoor/trojan default port.
    KnownBackdoorPort,
    /// A risky legacy or unauthenticated service listening on the network.
    RiskyServiceExposed,
    /// A listener reachable from the network, not just this computer.
    ListensOnAllInterfaces,
    /// The program runs from a temporary or download folder.
    ExeInTempDir,
    /// The program's file was deleted after it started, with nothing in its place.
    ExeDeleted,
    /// The program's file was replaced after it started (an update): worth a restart, no alarm.
    ExeUpdated,
    /// Control/bidi characters in the name, or a system name outside system folders.
    NameSpoofing,
    /// A well-known port held by an unusual program.
    UnexpectedOwner,
    /// No visible owner although PortScope has full rights.
    OwnerUnknown,
    /// The running image belongs to a package but differs from the package's record of it.
    PackageFileModified,
    /// The program's file is signed (Windows Authenticode), but the signature does not verify.
    SignatureInvalid,
}

impl RuleId {
    /// The stable id string, e.g. `known-backdoor-port`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::KnownBackdoorPort => "known-backdoor-port",
            RuleId::RiskyServiceExposed => "risky-service-exposed",
            RuleId::ListensOnAllInterfaces => "listens-on-all-interfaces",
            RuleId::ExeInTempDir => "exe-in-temp-dir",
            RuleId::ExeDeleted => "exe-deleted",
            RuleId::ExeUpdated => "exe-updated",
            RuleId::NameSpoofing => "name-spoofing",
            RuleId::UnexpectedOwner => "unexpected-owner",
            RuleId::OwnerUnknown => "owner-unknown",
            RuleId::PackageFileModified => "package-file-modified",
            RuleId::SignatureInvalid => "signature-invalid",
        }
    }
}

/// One finding: which rule, how serious, and the evidence the text names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The rule that fired.
    pub rule: RuleId,
    /// Its level for this row.
    pub level: RiskLevel,
    /// The facts the explanation names (`risk::text::detail` puts them in words).
    pub evidence: Evidence,
}

/// The facts a finding names, one kind per kind of fact. Texts are as the system gave them
/// (hostile perhaps): `risk::text` shows their invisible characters when it puts them in words.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// A known backdoor's default port: the backdoor's name, the port and its protocol.
    BackdoorPort {
        /// The backdoor's name ("Glacier (冰河)").
        backdoor: String,
        /// The port.
        port: u16,
        /// "TCP" or "UDP".
        protocol: &'static str,
    },
    /// A service that should not face the network.
    ExposedService {
        /// The service, as the knowledge base names it (shown in the UI's language).
        service: String,
        /// Its port.
        port: u16,
    },
    /// The address a listener is bound to (every interface).
    ListenAddress(IpAddr),
    /// The program's file, where it should not be (a temporary folder).
    ProgramPath(String),
    /// The program's file was deleted (or replaced by something else) since it started.
    DeletedFile {
        /// Its path.
        path: String,
        /// The package whose record says the file now at that path is not its own.
        disowned_by: Option<String>,
    },
    /// The program's file was replaced by a genuine one since it started (an update).
    UpdatedFile {
        /// Its path.
        path: String,
        /// The package whose record the new file matches: the update's proof.
        proved_by: Option<String>,
    },
    /// A name with characters that act on the screen or hide, with them shown.
    HiddenCharacters {
        /// The name as shown, invisible characters made visible.
        shown: String,
    },
    /// A system program's name, run from outside the system's folders.
    SystemNameElsewhere {
        /// The name.
        name: String,
        /// Where it runs from.
        path: String,
    },
    /// A service held by a program that does not usually offer it.
    UnexpectedOwner {
        /// The service (knowledge-base name).
        service: String,
        /// The programs that usually hold it, joined.
        usual: String,
        /// The program holding it here.
        actual: String,
    },
    /// No program holds the socket: its user.
    SocketUser(String),
    /// The running image is not the file its package installed.
    ModifiedPackageFile {
        /// The file.
        path: String,
        /// The package, with its version.
        package: String,
        /// The digest the package recorded.
        expected: String,
        /// The running image's digest.
        actual: String,
    },
    /// The file's signature (its own or a catalog's) does not verify against it.
    BadSignature {
        /// The file.
        path: String,
        /// Why, by the check's code name (`TRUST_E_BAD_DIGEST`).
        reason: String,
    },
}

impl Evidence {
    /// Every piece of text it holds, to change in place (tests replace hostile text).
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        match self {
            Evidence::BackdoorPort { backdoor, .. } => vec![backdoor],
            Evidence::ExposedService { service, .. } => vec![service],
            Evidence::ListenAddress(_) => vec![],
            Evidence::ProgramPath(path) | Evidence::SocketUser(path) => vec![path],
            Evidence::DeletedFile {
                path,
                disowned_by: package,
            }
            | Evidence::UpdatedFile {
                path,
                proved_by: package,
            } => {
                let mut texts = vec![path];
                texts.extend(package.as_mut());
                texts
            }
            Evidence::HiddenCharacters { shown } => vec![shown],
            Evidence::SystemNameElsewhere { name, path } => vec![name, path],
            Evidence::UnexpectedOwner {
                service,
                usual,
                actual,
            } => vec![service, usual, actual],
            Evidence::ModifiedPackageFile {
                path,
                package,
                expected,
                actual,
            } => vec![path, package, expected, actual],
            Evidence::BadSignature { path, reason } => vec![path, reason],
        }
    }
}

/// The judgement of one row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Assessment {
    /// Who can reach the socket.
    pub exposure: Exposure,
    /// The service name from the knowledge base or the system services list.
    pub service: Option<String>,
    /// What the rules found.
    pub findings: Vec<Finding>,
    /// The user marked this program+port+protocol as trusted: findings are kept but silenced.
    pub trusted: bool,
    /// The program+port+protocol is in the user's baseline of known ports.
    pub in_baseline: bool,
    /// The backdoor this port is the default of, when the known-backdoor rule fired.
    pub backdoor: Option<String>,
    /// The remote address is on the public internet (`ipinfo`'s scope `public`): what the
    /// "Talking to the internet" quick filter keeps. False without a peer.
    pub public_peer: bool,
}

impl Assessment {
    /// The row's level: the highest finding, or none when trusted.
    pub fn level(&self) -> RiskLevel {
        if self.trusted {
            return RiskLevel::None;
        }
        self.findings
            .iter()
            .map(|f| f.level)
            .max()
            .unwrap_or(RiskLevel::None)
    }

    /// True when the row's level is low or above.
    pub fn is_flagged(&self) -> bool {
        self.level().is_flagged()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_classes() {
        let cases = [
            ("127.0.0.1", Exposure::Loopback),
            ("::1", Exposure::Loopback),
            ("0.0.0.0", Exposure::AllInterfaces),
            ("::", Exposure::AllInterfaces),
            ("192.168.1.4", Exposure::LocalNetwork),
            ("fe80::1", Exposure::LocalNetwork),
        ];
        for (addr, expected) in cases {
            assert_eq!(Exposure::of(&addr.parse().unwrap()), expected, "{addr}");
        }
    }

    #[test]
    fn level_is_highest_finding_and_trust_silences() {
        let f = |level| Finding {
            rule: RuleId::ExeInTempDir,
            level,
            evidence: Evidence::ProgramPath("/tmp/x".into()),
        };
        let mut a = Assessment {
            findings: vec![f(RiskLevel::Info), f(RiskLevel::Medium)],
            ..Default::default()
        };
        assert_eq!(a.level(), RiskLevel::Medium);
        assert!(a.is_flagged());
        a.trusted = true;
        assert_eq!(a.level(), RiskLevel::None);
        let info_only = Assessment {
            findings: vec![f(RiskLevel::Info)],
            ..Default::default()
        };
        assert!(!info_only.is_flagged());
    }
}
