//! Words for findings, levels and exposure, in the UI language.

use super::KnowledgeBase;
use crate::i18n::{Lang, Msg, Tr};
use std::net::IpAddr;

use crate::ipinfo::Scope;
use crate::model::text::show_invisible;
use crate::model::{
    Assessment, Container, Evidence, Exposure, Finding, Package, PortClass, ProcessInfo, Rate,
    RiskLevel, RuleId, Signature, SignatureStatus, SocketRow, TcpState,
};

/// The level's name.
pub fn level_text(level: RiskLevel, tr: &Tr) -> &'static str {
    tr.t(match level {
        RiskLevel::None => Msg::LevelNone,
        RiskLevel::Info => Msg::LevelInfo,
        RiskLevel::Low => Msg::LevelLow,
        RiskLevel::Medium => Msg::LevelMedium,
        RiskLevel::High => Msg::LevelHigh,
    })
}

/// An icon per level, so risk is never shown by colour alone.
pub fn level_icon(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::None => "",
        RiskLevel::Info => "ℹ",
        RiskLevel::Low => "●",
        RiskLevel::Medium => "▲",
        RiskLevel::High => "⚠",
    }
}

/// Who can reach it, in words.
pub fn exposure_text(exposure: Exposure, tr: &Tr) -> &'static str {
    tr.t(match exposure {
        Exposure::Loopback => Msg::ExposureLoopback,
        Exposure::LocalNetwork => Msg::ExposureLocalNetwork,
        Exposure::AllInterfaces => Msg::ExposureAllInterfaces,
        Exposure::Namespace => Msg::ExposureNamespace,
    })
}

/// The network namespace of a socket that is not in the host's, in words: its name (escaped,
/// as whoever named it chose it) and inode, and that it is reached only through its own
/// interfaces. `None` for the host's own sockets.
pub fn netns_text(row: &SocketRow, tr: &Tr) -> Option<String> {
    let ns = row.netns.as_ref()?;
    let named = match &ns.name {
        Some(name) => format!("{} (net:[{}])", show_invisible(name), ns.id),
        None => format!("net:[{}]", ns.id),
    };
    Some(tr.f(Msg::DetailsNetns, &[&named]))
}

/// What kind of network an address is in, in words.
pub fn scope_text(scope: Scope, tr: &Tr) -> &'static str {
    tr.t(match scope {
        Scope::Loopback => Msg::ScopeLoopback,
        Scope::Private => Msg::ScopePrivate,
        Scope::Shared => Msg::ScopeShared,
        Scope::LinkLocal => Msg::ScopeLinkLocal,
        Scope::Multicast => Msg::ScopeMulticast,
        Scope::Documentation => Msg::ScopeDocumentation,
        Scope::Reserved => Msg::ScopeReserved,
        Scope::Public => Msg::ScopePublic,
    })
}

/// Chinese country names by ISO 3166-1 code (`scripts/make-country-names.py`).
fn chinese_countries() -> &'static std::collections::HashMap<&'static str, &'static str> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&str, &str>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../assets/country-names-zh.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

/// A country as the other end's network names it: the two-letter ISO code in English (short
/// enough for a table: "US"), the country's name in Chinese ("美国"); a code the table lacks
/// stays a code.
pub fn country_text(cc: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::En => cc,
        Lang::Zh => chinese_countries().get(cc).copied().unwrap_or(cc),
    }
}

/// The network behind a public remote address, as one short text ("Google LLC, US"; in
/// Chinese "Google LLC, 美国"), from the shipped data; `None` for a special address or one the
/// data does not know. The organisation is registry text anyone can influence: escaped like a
/// process name.
pub fn remote_network_text(ip: IpAddr, lang: Lang) -> Option<String> {
    let net = crate::ipinfo::remote(ip).network;
    let country = net.country.map(|cc| country_text(cc, lang));
    let text = match (net.org, country) {
        (Some(org), Some(cc)) => format!("{org}, {cc}"),
        (Some(org), None) => org.to_owned(),
        (None, Some(cc)) => cc.to_owned(),
        (None, None) => return None,
    };
    Some(crate::model::text::show_invisible(&text).into_owned())
}

/// A byte count as people read it: "980 B", "18.2 kB", "1.2 MB" (SI units, as file managers
/// and `ss` show them).
pub fn bytes_text(n: u64) -> String {
    const UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A rate as the Rate column shows it: sent, then received, per second ("↑ 120 B/s ↓ 52.0 kB/s").
pub fn rate_text(rate: Rate) -> String {
    let per_second = |r: f64| bytes_text(r.round() as u64);
    format!(
        "↑ {}/s ↓ {}/s",
        per_second(rate.sent),
        per_second(rate.received)
    )
}

/// The peer as the Remote column shows it: its host name when reverse DNS gave one (with a
/// `?` when the name is not verified) or else the address, with the port, and the network
/// behind a public one: "dns.google:443 (Google LLC, US)", "8.8.8.8:443 (Google LLC, US)",
/// "login.microsoft.com?:443 (Cloudflare, Inc., AU)"; `None` without a peer.
pub fn remote_text(row: &SocketRow, tr: &Tr) -> Option<String> {
    let shown = match (&row.remote_host, row.remote_endpoint(), row.remote_address) {
        (Some(host), _, Some(_)) => {
            let mark = if host.verified { "" } else { "?" };
            let port = row.remote_port.map(|p| format!(":{p}")).unwrap_or_default();
            format!(
                "{}{mark}{port}",
                crate::model::text::show_invisible(&host.name)
            )
        }
        (None, Some(e), _) => e.to_string(),
        (None, None, Some(a)) => a.to_string(),
        _ => return None,
    };
    Some(
        match row
            .remote_address
            .and_then(|ip| remote_network_text(ip, tr.lang))
        {
            Some(net) => format!("{shown} ({net})"),
            None => shown,
        },
    )
}

/// The host name of the peer and whether it is verified, in words ("dns.google (verified: …)");
/// `None` when reverse DNS gave no name.
pub fn host_text(row: &SocketRow, tr: &Tr) -> Option<String> {
    let host = row.remote_host.as_ref()?;
    let name = crate::model::text::show_invisible(&host.name);
    let msg = if host.verified {
        Msg::HostVerified
    } else {
        Msg::HostUnverified
    };
    Some(tr.f(msg, &[&name]))
}

/// Everything known of the peer, a line each: the endpoint, the host name marked verified or
/// not, and its kind of network with the organisation and country. The Remote column's hover
/// text; `None` without a peer.
pub fn remote_details(row: &SocketRow, tr: &Tr) -> Option<String> {
    let ip = row.remote_address?;
    let mut lines = vec![
        row.remote_endpoint()
            .map_or_else(|| ip.to_string(), |e| e.to_string()),
    ];
    lines.extend(host_text(row, tr));
    let mut network = scope_text(crate::ipinfo::remote(ip).scope, tr).to_owned();
    if let Some(net) = remote_network_text(ip, tr.lang) {
        network = format!("{network} · {net}");
    }
    lines.push(network);
    Some(lines.join("\n"))
}

/// The finding's short title.
pub fn title(f: &Finding, tr: &Tr) -> &'static str {
    tr.t(match f.rule {
        RuleId::KnownBackdoorPort => Msg::RuleBackdoorTitle,
        RuleId::RiskyServiceExposed => Msg::RuleRiskyServiceTitle,
        RuleId::ListensOnAllInterfaces => Msg::RuleAllInterfacesTitle,
        RuleId::ExeInTempDir => Msg::RuleTempDirTitle,
        RuleId::ExeDeleted => Msg::RuleDeletedTitle,
        RuleId::ExeUpdated => Msg::RuleUpdatedTitle,
        RuleId::NameSpoofing => Msg::RuleSpoofingTitle,
        RuleId::UnexpectedOwner => Msg::RuleUnexpectedOwnerTitle,
        RuleId::OwnerUnknown => Msg::RuleOwnerUnknownTitle,
        RuleId::PackageFileModified => Msg::RuleModifiedTitle,
        RuleId::SignatureInvalid => Msg::RuleSignatureTitle,
    })
}

/// The reason, naming the evidence.
pub fn detail(f: &Finding, tr: &Tr) -> String {
    // Services are named in the knowledge base's words for `tr`'s language.
    let service = |s: &str| {
        KnowledgeBase::builtin()
            .service_name_in(s, tr.lang)
            .to_owned()
    };
    let text = match &f.evidence {
        Evidence::BackdoorPort {
            backdoor,
            port,
            protocol,
        } => tr.f(Msg::RuleBackdoorDetail, &[backdoor, port, protocol]),
        Evidence::ExposedService { service: s, port } => {
            tr.f(Msg::RuleRiskyServiceDetail, &[&service(s), port])
        }
        Evidence::ListenAddress(address) => tr.f(Msg::RuleAllInterfacesDetail, &[address]),
        Evidence::ProgramPath(path) => tr.f(Msg::RuleTempDirDetail, &[path]),
        Evidence::DeletedFile {
            path,
            disowned_by: Some(package),
        } => tr.f(Msg::RuleDeletedNotPackageDetail, &[path, package]),
        Evidence::DeletedFile { path, .. } => tr.f(Msg::RuleDeletedDetail, &[path]),
        Evidence::UpdatedFile {
            path,
            proved_by: Some(package),
        } => tr.f(Msg::RuleUpdatedVerifiedDetail, &[path, package]),
        Evidence::UpdatedFile { path, .. } => tr.f(Msg::RuleUpdatedDetail, &[path]),
        Evidence::HiddenCharacters { shown } => tr.f(Msg::RuleSpoofingDetailChars, &[shown]),
        Evidence::SystemNameElsewhere { name, path } => {
            tr.f(Msg::RuleSpoofingDetailPath, &[name, path])
        }
        Evidence::UnexpectedOwner {
            service: s,
            usual,
            actual,
        } => tr.f(
            Msg::RuleUnexpectedOwnerDetail,
            &[&service(s), usual, actual],
        ),
        Evidence::SocketUser(user) => tr.f(Msg::RuleOwnerUnknownDetail, &[user]),
        Evidence::ModifiedPackageFile {
            path,
            package,
            expected,
            actual,
        } => tr.f(Msg::RuleModifiedDetail, &[path, package, expected, actual]),
        Evidence::BadSignature { path, reason } => tr.f(Msg::RuleSignatureDetail, &[path, reason]),
    };
    crate::model::text::show_invisible(&text).into_owned()
}

/// What the user can do about it.
pub fn advice(f: &Finding, tr: &Tr) -> &'static str {
    tr.t(match f.rule {
        RuleId::KnownBackdoorPort => Msg::AdviceBackdoor,
        RuleId::RiskyServiceExposed => Msg::AdviceRiskyService,
        RuleId::ListensOnAllInterfaces => Msg::AdviceAllInterfaces,
        RuleId::ExeInTempDir => Msg::AdviceTempDir,
        RuleId::ExeDeleted => Msg::AdviceDeleted,
        RuleId::ExeUpdated => Msg::AdviceUpdated,
        RuleId::NameSpoofing => Msg::AdviceSpoofing,
        RuleId::UnexpectedOwner => Msg::AdviceUnexpectedOwner,
        RuleId::OwnerUnknown => Msg::AdviceOwnerUnknown,
        RuleId::PackageFileModified => Msg::AdviceModified,
        RuleId::SignatureInvalid => Msg::AdviceSignature,
    })
}

/// The Service column's text: the known backdoor's name when that rule fired (it matters more
/// than a registered service name), else the service name in `tr`'s language.
pub fn service_text(a: &Assessment, tr: &Tr) -> Option<String> {
    match &a.backdoor {
        Some(name) => Some(tr.f(Msg::ServiceBackdoor, &[name])),
        None => a.service.as_deref().map(|s| {
            KnowledgeBase::builtin()
                .service_name_in(s, tr.lang)
                .to_owned()
        }),
    }
}

/// A TCP state as the UI shows it: the RFC name in English, a plain word in Chinese (the RFC
/// name stays in tooltips and in JSON).
pub fn state_text(state: TcpState, tr: &Tr) -> &'static str {
    tr.t(match state {
        TcpState::Listen => Msg::StateListen,
        TcpState::SynSent => Msg::StateSynSent,
        TcpState::SynReceived => Msg::StateSynReceived,
        TcpState::Established => Msg::StateEstablished,
        TcpState::FinWait1 => Msg::StateFinWait1,
        TcpState::FinWait2 => Msg::StateFinWait2,
        TcpState::CloseWait => Msg::StateCloseWait,
        TcpState::Closing => Msg::StateClosing,
        TcpState::LastAck => Msg::StateLastAck,
        TcpState::TimeWait => Msg::StateTimeWait,
        TcpState::Closed => Msg::StateClosed,
    })
}
/// The localized name of a port class.
pub fn port_class_text(class: PortClass, tr: &Tr) -> &'static str {
    tr.t(match class {
        PortClass::WellKnown => Msg::ClassWellKnown,
        PortClass::Registered => Msg::ClassRegistered,
        PortClass::Dynamic => Msg::ClassDynamic,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::fixtures::tcp;
    use crate::risk::{RuleContext, TrustStore, assess};

    #[test]
    fn the_details_tell_a_users_own_unit_from_a_system_unit() {
        let (en, zh) = (Tr::new(Lang::En), Tr::new(Lang::Zh));
        let mut p = crate::model::fixtures::process(3000, "pipewire");
        p.user = Some("alice".into());
        // As the cgroup parser reads `…/user@1000.service/app.slice/pipewire.service`.
        p.origin.services = vec!["pipewire.service".into()];
        p.origin.user_unit_of = Some(1000);
        let has = |p: &crate::model::ProcessInfo, tr: &Tr, want: &str| {
            origin_lines(p, tr).iter().any(|(l, _)| l == want)
        };
        assert!(
            has(&p, &en, "User unit of alice: pipewire.service"),
            "{:?}",
            origin_lines(&p, &en)
        );
        assert!(has(&p, &zh, "用户 alice 的服务单元：pipewire.service"));
        p.user = None;
        assert!(has(&p, &en, "User unit of 1000: pipewire.service"));
        p.origin.user_unit_of = None;
        p.origin.services = vec!["ssh.service".into()];
        assert!(has(&p, &en, "System unit: ssh.service"));
        assert!(has(&p, &zh, "系统服务单元：ssh.service"));
    }

    #[test]
    fn countries_are_codes_in_english_and_names_in_chinese() {
        assert_eq!(chinese_countries().len(), 249, "every ISO 3166-1 country");
        assert_eq!(country_text("US", Lang::En), "US");
        assert_eq!(country_text("US", Lang::Zh), "美国");
        assert_eq!(country_text("DE", Lang::Zh), "德国");
        assert_eq!(
            country_text("ZZ", Lang::Zh),
            "ZZ",
            "an unknown code stays a code"
        );
        let google = "8.8.8.8".parse().unwrap();
        assert_eq!(
            remote_network_text(google, Lang::Zh).as_deref(),
            Some("Google LLC, 美国")
        );
    }

    #[test]
    fn byte_counts_read_as_people_read_them() {
        let cases = [
            (0, "0 B"),
            (999, "999 B"),
            (1_000, "1.0 kB"),
            (18_211, "18.2 kB"),
            (999_949, "999.9 kB"),
            (999_950, "1.0 MB"),
            (1_204_398, "1.2 MB"),
            (u64::MAX, "18.4 EB"),
        ];
        for (n, want) in cases {
            assert_eq!(bytes_text(n), want, "{n}");
        }
        let r = Rate {
            sent: 120.4,
            received: 52_000.0,
        };
        assert_eq!(rate_text(r), "↑ 120 B/s ↓ 52.0 kB/s");
    }

    #[test]
    fn the_remote_column_names_the_network_of_a_public_peer_only() {
        let mut row = tcp("192.168.1.20", 51000, TcpState::Established, 7, "curl");
        assert_eq!(remote_text(&row, &Tr::new(Lang::En)), None, "no peer");
        row.remote_address = Some("8.8.8.8".parse().unwrap());
        row.remote_port = Some(443);
        assert_eq!(
            remote_text(&row, &Tr::new(Lang::En)).as_deref(),
            Some("8.8.8.8:443 (Google LLC, US)")
        );
        row.remote_address = Some("203.0.113.5".parse().unwrap());
        assert_eq!(
            remote_text(&row, &Tr::new(Lang::En)).as_deref(),
            Some("203.0.113.5:443"),
            "a documentation address gets no database guess"
        );
        let tr = Tr::new(Lang::Zh);
        assert_eq!(scope_text(Scope::Public, &tr), "互联网");
    }

    #[test]
    fn the_remote_column_shows_the_host_name_and_marks_an_unverified_one() {
        use crate::model::RemoteHost;
        let mut row = tcp("192.168.1.20", 51000, TcpState::Established, 7, "curl");
        row.remote_address = Some("8.8.8.8".parse().unwrap());
        row.remote_port = Some(443);
        let host = |name: &str, verified| {
            Some(std::sync::Arc::new(RemoteHost {
                name: name.into(),
                verified,
            }))
        };
        row.remote_host = host("dns.google", true);
        assert_eq!(
            remote_text(&row, &Tr::new(Lang::En)).as_deref(),
            Some("dns.google:443 (Google LLC, US)")
        );
        let tr = Tr::new(Lang::En);
        let tip = remote_details(&row, &tr).unwrap();
        assert_eq!(
            tip,
            "8.8.8.8:443\ndns.google (verified: the name leads back to this address)\n\
             the internet · Google LLC, US",
            "{tip}"
        );
        row.remote_host = host("login.microsoft.com", false);
        assert_eq!(
            remote_text(&row, &Tr::new(Lang::En)).as_deref(),
            Some("login.microsoft.com?:443 (Google LLC, US)")
        );
        let zh = host_text(&row, &Tr::new(Lang::Zh)).unwrap();
        assert!(zh.starts_with("login.microsoft.com（未验证"), "{zh}");
        // A name that slipped past the resolver's check is still shown escaped.
        row.remote_host = host("a\u{202e}b", true);
        assert_eq!(
            remote_text(&row, &Tr::new(Lang::En)).as_deref(),
            Some("a\\u{202e}b:443 (Google LLC, US)")
        );
    }

    /// The Service column and the findings' details of `row`, in `lang`.
    fn shown(row: &crate::model::SocketRow, lang: Lang) -> (Option<String>, Vec<String>) {
        let ctx = RuleContext {
            kb: KnowledgeBase::builtin(),
            privileged: true,
        };
        let a = assess(row, &ctx, &TrustStore::in_memory());
        let tr = Tr::new(lang);
        let details = a.findings.iter().map(|f| detail(f, &tr)).collect();
        (service_text(&a, &tr), details)
    }

    #[test]
    fn chinese_text_names_services_in_chinese() {
        let rdp = tcp("0.0.0.0", 3389, TcpState::Listen, 50, "xrdp");
        let (service, details) = shown(&rdp, Lang::Zh);
        assert_eq!(service.as_deref(), Some("远程桌面 (RDP)"));
        assert!(
            details.iter().any(|d| d.contains("远程桌面 (RDP)")),
            "the exposed-service detail names it in Chinese: {details:?}"
        );
        assert!(
            !details.iter().any(|d| d.contains("Remote Desktop")),
            "{details:?}"
        );
        let (service, details) = shown(&rdp, Lang::En);
        assert_eq!(service.as_deref(), Some("Remote Desktop (RDP)"));
        assert!(details.iter().any(|d| d.contains("Remote Desktop (RDP)")));
        // The unexpected-owner detail names the service too.
        let smb = tcp("0.0.0.0", 445, TcpState::Listen, 50, "evil");
        let (service, details) = shown(&smb, Lang::Zh);
        assert_eq!(service.as_deref(), Some("SMB (Windows 文件共享)"));
        assert!(
            details.iter().all(|d| !d.contains("Windows file sharing")),
            "{details:?}"
        );
        assert!(
            details
                .iter()
                .filter(|d| d.contains("SMB (Windows 文件共享)"))
                .count()
                >= 2,
            "both the exposed-service and the unexpected-owner details: {details:?}"
        );
    }

    /// sshd replaced since it started; its package says the new file is (or is not) its own.
    fn updated_sshd(update_verified: Option<bool>) -> SocketRow {
        let mut row = tcp("127.0.0.1", 2222, TcpState::Listen, 50, "sshd");
        let p = std::sync::Arc::make_mut(row.process_mut().unwrap());
        p.path = Some("/usr/sbin/sshd".into());
        (p.exe_deleted, p.exe_replaced) = (true, true);
        p.origin.package = Some(Package {
            manager: crate::model::PackageManager::Dpkg,
            name: "openssh-server".into(),
            version: Some("1:9.2p1-2".into()),
            verified: None,
            expected_digest: None,
            actual_digest: None,
            update_verified,
        });
        row
    }

    #[test]
    fn an_update_the_package_proves_says_so_and_one_it_disowns_is_an_alarm() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            let (_, proved) = shown(&updated_sshd(Some(true)), lang);
            assert!(
                proved
                    .iter()
                    .any(|d| d.contains("openssh-server 1:9.2p1-2")),
                "{proved:?}"
            );
            let row = updated_sshd(Some(true));
            let lines = origin_lines(row.process().unwrap(), &tr);
            assert!(
                lines.iter().any(|(_, tone)| *tone == OriginTone::Good),
                "{lines:?}"
            );
            let (_, disowned) = shown(&updated_sshd(Some(false)), lang);
            assert!(
                disowned
                    .iter()
                    .any(|d| d.contains("/usr/sbin/sshd") && d.contains("openssh-server")),
                "{disowned:?}"
            );
            let row = updated_sshd(Some(false));
            assert!(
                origin_lines(row.process().unwrap(), &tr)
                    .iter()
                    .any(|(_, tone)| *tone == OriginTone::Bad)
            );
            let (_, unchecked) = shown(&updated_sshd(None), lang);
            assert!(
                unchecked.iter().all(|d| !d.contains("openssh-server")),
                "{unchecked:?}"
            );
        }
    }
}

// --- issue 16: provenance ---

/// A package as people name it: "openssh-server 1:9.2p1-2", without a version where unknown.
fn package_named(p: &Package) -> String {
    let name = show_invisible(&p.name);
    match &p.version {
        Some(v) => format!("{name} {}", show_invisible(v)),
        None => name.into_owned(),
    }
}

/// A container as people name it: its name where known, else its short id.
fn container_named(c: &Container) -> String {
    show_invisible(c.name.as_deref().unwrap_or(c.short_id())).into_owned()
}

/// The "Comes from" column's text: the package with its verdict ("openssh-server ✔"), else the
/// container ("docker: 3f2a9c1d4b5e"), else the service unit ("ssh.service"), else "not from a
/// package"; "checking…" while the package lookup runs. `None` where nothing can be told.
pub fn origin_text(p: &ProcessInfo, tr: &Tr) -> Option<String> {
    let o = &p.origin;
    if let Some(package) = &o.package {
        let name = show_invisible(&package.name).into_owned();
        let msg = match package.verified {
            Some(true) => Msg::OriginVerified,
            Some(false) => Msg::OriginModified,
            None if o.package_pending => Msg::OriginChecking,
            None => return Some(name),
        };
        return Some(tr.f(msg, &[&name]));
    }
    if let Some(shown) = o.signature.as_ref().and_then(|s| signer_text(s, tr)) {
        return Some(shown);
    }
    if let Some(c) = &o.container {
        return Some(format!("{}: {}", c.runtime.as_str(), container_named(c)));
    }
    if let Some(unit) = o.services.first() {
        return Some(show_invisible(unit).into_owned());
    }
    if o.package_pending || o.signature_pending {
        return Some(tr.t(Msg::OriginLookingUp).to_owned());
    }
    if o.signature.as_ref().map(|s| s.status) == Some(SignatureStatus::Unsigned) {
        return Some(tr.t(Msg::OriginNotSigned).to_owned());
    }
    (!o.package_unknown).then(|| tr.t(Msg::OriginNoPackage).to_owned())
}

/// The "Comes from" text of a signature that names its publisher (Windows, where no package
/// applies): "Microsoft Windows ✔", or "Contoso ✖ signature invalid".
fn signer_text(s: &Signature, tr: &Tr) -> Option<String> {
    let publisher = show_invisible(s.publisher.as_deref()?).into_owned();
    match s.status {
        SignatureStatus::Valid => Some(tr.f(Msg::OriginVerified, &[&publisher])),
        SignatureStatus::Invalid => Some(tr.f(Msg::OriginSignatureInvalid, &[&publisher])),
        SignatureStatus::Unsigned | SignatureStatus::Unknown => None,
    }
}

/// The details' line for a file's signature (Windows): "✔ signed by Microsoft Windows" is
/// reassurance, a signature that does not verify an alarm; an untrusted signer or a check that
/// could not be made is a plain fact, with its reason. The publisher is hostile text.
pub fn signature_line(s: &Signature, tr: &Tr) -> (String, OriginTone) {
    let publisher = s
        .publisher
        .as_deref()
        .map(|p| show_invisible(p).into_owned());
    let reason = show_invisible(s.reason.as_deref().unwrap_or("?")).into_owned();
    let unnamed = || tr.t(Msg::SignerUnnamed).to_owned();
    match (s.status, publisher) {
        (SignatureStatus::Valid, p) => {
            let msg = if s.catalog {
                Msg::DetailsSignedCatalog
            } else {
                Msg::DetailsSigned
            };
            (tr.f(msg, &[&p.unwrap_or_else(unnamed)]), OriginTone::Good)
        }
        (SignatureStatus::Invalid, p) => (
            tr.f(
                Msg::DetailsSignatureInvalid,
                &[&p.unwrap_or_else(unnamed), &reason],
            ),
            OriginTone::Bad,
        ),
        (SignatureStatus::Unsigned, _) => {
            (tr.t(Msg::DetailsUnsigned).to_owned(), OriginTone::Plain)
        }
        (SignatureStatus::Unknown, Some(p)) => (
            tr.f(Msg::DetailsSignatureUntrusted, &[&p, &reason]),
            OriginTone::Plain,
        ),
        (SignatureStatus::Unknown, None) => (
            tr.f(Msg::DetailsSignatureUnknown, &[&reason]),
            OriginTone::Plain,
        ),
    }
}

/// How a line of the "Where it comes from" block reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginTone {
    /// A plain fact.
    Plain,
    /// Reassurance: the file is exactly the package's.
    Good,
    /// An alarm: the file is not the package's.
    Bad,
}

/// The lines of the details' "Where it comes from" block: package and verdict, service,
/// container and launch chain ("started by: bash ← sshd ← systemd").
pub fn origin_lines(p: &ProcessInfo, tr: &Tr) -> Vec<(String, OriginTone)> {
    let o = &p.origin;
    let mut lines = Vec::new();
    let plain = |s: String| (s, OriginTone::Plain);
    package_lines(o, tr, &mut lines);
    if let Some(signature) = &o.signature {
        lines.push(signature_line(signature, tr));
    } else if o.signature_pending {
        lines.push((
            tr.t(Msg::DetailsSignatureChecking).to_owned(),
            OriginTone::Plain,
        ));
    }
    lines.extend(units_line(p, tr).map(plain));
    if let Some(c) = &o.container {
        let id = if c.name.is_some() {
            format!("{} ({})", container_named(c), c.short_id())
        } else {
            container_named(c)
        };
        lines.push(plain(
            tr.f(Msg::DetailsContainer, &[&c.runtime.as_str(), &id]),
        ));
    }
    if !o.ancestry.is_empty() {
        let chain: Vec<String> = o
            .ancestry
            .iter()
            .map(|a| show_invisible(&a.name).into_owned())
            .collect();
        lines.push(plain(tr.f(Msg::DetailsStartedBy, &[&chain.join(" ← ")])));
    }
    lines
}

/// The package and its verdict (or "checking…", or "not from a package"), for `origin_lines`.
fn package_lines(o: &crate::model::Origin, tr: &Tr, lines: &mut Vec<(String, OriginTone)>) {
    let plain = |s: String| (s, OriginTone::Plain);
    match &o.package {
        Some(package) => {
            let version = package
                .version
                .as_deref()
                .map(show_invisible)
                .unwrap_or_default();
            let name = show_invisible(&package.name);
            lines.push(plain(tr.f(
                Msg::DetailsPackage,
                &[&name, &version, &package.manager.as_str()],
            )));
            let named = package_named(package);
            lines.push(match package.verified {
                Some(true) => (tr.f(Msg::DetailsVerified, &[&named]), OriginTone::Good),
                Some(false) => (
                    tr.f(
                        Msg::DetailsModified,
                        &[
                            &named,
                            &package.expected_digest.as_deref().unwrap_or("?"),
                            &package.actual_digest.as_deref().unwrap_or("?"),
                        ],
                    ),
                    OriginTone::Bad,
                ),
                None if o.package_pending => plain(tr.t(Msg::OriginLookingUp).to_owned()),
                None => match package.update_verified {
                    Some(true) => (
                        tr.f(Msg::DetailsUpdateVerified, &[&named]),
                        OriginTone::Good,
                    ),
                    Some(false) => (tr.f(Msg::DetailsUpdateModified, &[&named]), OriginTone::Bad),
                    None => plain(tr.t(Msg::DetailsNotChecked).to_owned()),
                },
            });
        }
        None if o.package_pending => lines.push(plain(tr.t(Msg::OriginLookingUp).to_owned())),
        None if o.package_unknown => {}
        None => lines.push(plain(tr.t(Msg::OriginNoPackage).to_owned())),
    }
}

/// The service units (Linux: system or the user's own; Windows: the services it hosts).
fn units_line(p: &ProcessInfo, tr: &Tr) -> Option<String> {
    let o = &p.origin;
    if o.services.is_empty() {
        return None;
    }
    let units: Vec<String> = o
        .services
        .iter()
        .map(|s| show_invisible(s).into_owned())
        .collect();
    let units = units.join(", ");
    Some(match o.user_unit_of {
        // The user as the process's details name them (its user runs its own manager's
        // units), else the uid.
        Some(uid) => {
            let user = p
                .user
                .as_deref()
                .map_or_else(|| uid.to_string(), |u| show_invisible(u).into_owned());
            tr.f(Msg::DetailsUserUnit, &[&user, &units])
        }
        // Windows: the services the process hosts (svchost.exe), not a systemd unit.
        None if cfg!(windows) => tr.f(Msg::DetailsWindowsServices, &[&units]),
        None => tr.f(Msg::DetailsSystemUnit, &[&units]),
    })
}

#[cfg(test)]
mod signature_tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::fixtures::signature as sig;

    fn app(signature: Option<Signature>, pending: bool) -> ProcessInfo {
        let mut p = crate::model::fixtures::process(40, "app.exe");
        p.origin.signature = signature;
        p.origin.signature_pending = pending;
        p
    }

    #[test]
    fn details_reassure_alarm_or_state_the_signature_in_both_languages() {
        let (en, zh) = (Tr::new(Lang::En), Tr::new(Lang::Zh));
        let valid = sig(SignatureStatus::Valid, Some("Microsoft Windows"), None);
        let line = |s: &Signature, tr: &Tr| signature_line(s, tr);
        assert_eq!(
            line(&valid, &en),
            ("✔ signed by Microsoft Windows".into(), OriginTone::Good)
        );
        assert_eq!(line(&valid, &zh).0, "✔ 由 Microsoft Windows 签名");
        let catalog = Signature {
            catalog: true,
            ..valid.clone()
        };
        assert!(line(&catalog, &en).0.ends_with("(system catalog)"));
        let bad = sig(
            SignatureStatus::Invalid,
            Some("Contoso"),
            Some("TRUST_E_BAD_DIGEST (0x80096010)"),
        );
        let (text, tone) = line(&bad, &en);
        assert_eq!(tone, OriginTone::Bad);
        assert!(text.contains("TRUST_E_BAD_DIGEST"), "{text}");
        let untrusted = sig(
            SignatureStatus::Unknown,
            Some("Test Signer"),
            Some("CERT_E_UNTRUSTEDROOT (0x800B0109)"),
        );
        let (text, tone) = line(&untrusted, &en);
        assert_eq!(tone, OriginTone::Plain, "an untrusted root is no alarm");
        assert!(text.contains("Test Signer") && text.contains("CERT_E_UNTRUSTEDROOT"));
        let (text, tone) = line(&sig(SignatureStatus::Unsigned, None, None), &zh);
        assert_eq!(
            (text.as_str(), tone),
            ("未签名（文件和系统目录中都没有签名）", OriginTone::Plain)
        );
        // A hostile publisher is shown with its invisible characters as escapes.
        let hostile = sig(
            SignatureStatus::Valid,
            Some("Micro\u{202e}soft\u{200b}"),
            None,
        );
        assert_eq!(
            line(&hostile, &en).0,
            "✔ signed by Micro\\u{202e}soft\\u{200b}"
        );
        // In the block, after the package lines; "checking" while pending.
        let lines = origin_lines(&app(Some(valid), false), &en);
        assert!(lines.iter().any(|l| l.1 == OriginTone::Good), "{lines:?}");
        let lines = origin_lines(&app(None, true), &en);
        assert!(
            lines.iter().any(|l| l.0 == "Checking the signature…"),
            "{lines:?}"
        );
        assert!(origin_lines(&app(None, false), &en).is_empty());
    }

    #[test]
    fn comes_from_names_the_publisher_where_no_package_applies() {
        let en = Tr::new(Lang::En);
        let text = |s, pending| origin_text(&app(s, pending), &en);
        let valid = sig(SignatureStatus::Valid, Some("Microsoft Windows"), None);
        assert_eq!(
            text(Some(valid), false).as_deref(),
            Some("Microsoft Windows ✔")
        );
        let bad = sig(SignatureStatus::Invalid, Some("Contoso"), Some("x"));
        assert_eq!(
            text(Some(bad), false).as_deref(),
            Some("Contoso ✖ signature invalid")
        );
        let unsigned = sig(SignatureStatus::Unsigned, None, None);
        assert_eq!(text(Some(unsigned), false).as_deref(), Some("not signed"));
        assert_eq!(text(None, true).as_deref(), Some("checking…"));
        let untrusted = sig(SignatureStatus::Unknown, Some("Test"), Some("x"));
        assert_eq!(text(Some(untrusted), false), None, "nothing can be told");
        assert_eq!(text(None, false), None);
    }
}
