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
    /// Facts the explanation names (e.g. the backdoor's name, the folder, the usual owners).
    pub evidence: Vec<String>,
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
            evidence: vec![],
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
