//! Every rule, firing and staying silent, from a table of cases (hostile names included).

use super::*;
use crate::model::fixtures::{tcp, udp};
use crate::model::{Protocol, RiskLevel, RuleId, SocketRow, TcpState};
use crate::risk::{TrustStore, assess};

const KB: &str = r#"
[[port]]
port = 22
protocol = "tcp"
service = "SSH"
category = "remote-access"
owners = ["sshd", "dropbear"]
exposed_risk = "medium"
text.en = "Secure shell."
text.zh = "安全外壳。"
advice.en = "Fine."
advice.zh = "正常。"

[[port]]
port = 23
protocol = "tcp"
service = "Telnet"
category = "remote-access"
owners = ["telnetd", "in.telnetd"]
exposed_risk = "high"
text.en = "Telnet."
text.zh = "远程登录。"
advice.en = "Avoid."
advice.zh = "避免。"

[[port]]
port = 6379
protocol = "tcp"
service = "Redis"
category = "database"
owners = ["redis-server"]
exposed_risk = "high"
unauthenticated = true
text.en = "Redis."
text.zh = "Redis 数据库。"
advice.en = "Bind to loopback."
advice.zh = "只监听本机。"

[[port]]
port = 8080
protocol = "tcp"
service = "HTTP alternate"
category = "web"
owners = ["nginx"]
exposed_risk = "low"
text.en = "Web."
text.zh = "网页。"
advice.en = "Fine."
advice.zh = "正常。"

[[backdoor]]
port = 7626
protocol = "tcp"
name = "Glacier (冰河)"
source = "test"
legit_owners = []
text.en = "Glacier."
text.zh = "冰河。"

[[backdoor]]
port = 4444
protocol = "tcp"
name = "Metasploit handler"
source = "test"
legit_owners = ["goodtool"]
text.en = "Metasploit."
text.zh = "Metasploit。"
"#;

fn kb() -> KnowledgeBase {
    KnowledgeBase::parse(KB).unwrap()
}

fn with_path(mut row: SocketRow, path: &str) -> SocketRow {
    std::sync::Arc::make_mut(row.process_mut().unwrap()).path = Some(path.into());
    row
}

fn deleted(mut row: SocketRow) -> SocketRow {
    std::sync::Arc::make_mut(row.process_mut().unwrap()).exe_deleted = true;
    row
}

fn replaced(mut row: SocketRow) -> SocketRow {
    std::sync::Arc::make_mut(row.process_mut().unwrap()).exe_replaced = true;
    row
}

fn hidden(mut row: SocketRow) -> SocketRow {
    row.owner = crate::model::Owner::None;
    row
}

fn connected(mut row: SocketRow) -> SocketRow {
    row.state = Some(TcpState::Established);
    row.remote_address = Some("10.0.0.9".parse().unwrap());
    row.remote_port = Some(443);
    row
}

/// A rule case: (case, row, privileged, rule, expected level or None for "does not fire").
type Case = (&'static str, SocketRow, bool, RuleId, Option<RiskLevel>);

/// A TCP listener owned by PID 50.
fn listener(addr: &str, port: u16, name: &str) -> SocketRow {
    tcp(addr, port, TcpState::Listen, 50, name)
}

/// Every case, rule by rule.
fn cases() -> Vec<Case> {
    [
        backdoor_cases(),
        exposure_cases(),
        temp_dir_cases(),
        exe_file_cases(),
        spoofing_cases(),
        invisible_name_cases(),
        owner_cases(),
        package_cases(),
        signature_cases(),
        namespace_cases(),
    ]
    .concat()
}

fn with_package(mut row: SocketRow, verified: Option<bool>) -> SocketRow {
    let p = std::sync::Arc::make_mut(row.process_mut().expect("owner"));
    p.origin.package = Some(crate::model::Package {
        manager: crate::model::PackageManager::Dpkg,
        name: "openssh-server".into(),
        version: Some("1:9.2p1-2".into()),
        verified,
        expected_digest: Some("0123456789abcdef0123456789abcdef".into()),
        actual_digest: verified.map(|v| {
            if v {
                "0123456789abcdef0123456789abcdef"
            } else {
                "ffffffffffffffffffffffffffffffff"
            }
            .into()
        }),
        update_verified: None,
    });
    row
}

/// A package's file: modified is high, verified or not yet checked says nothing.
fn package_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "image differs from the package's file",
            with_package(listener("127.0.0.1", 2222, "sshd"), Some(false)),
            false,
            PackageFileModified,
            Some(RiskLevel::High),
        ),
        (
            "verified package file",
            with_package(listener("127.0.0.1", 2222, "sshd"), Some(true)),
            false,
            PackageFileModified,
            None,
        ),
        (
            "still checking",
            with_package(listener("127.0.0.1", 2222, "sshd"), None),
            false,
            PackageFileModified,
            None,
        ),
        (
            "no package",
            listener("127.0.0.1", 2222, "sshd"),
            false,
            PackageFileModified,
            None,
        ),
    ]
}

fn with_signature(
    mut row: SocketRow,
    status: crate::model::SignatureStatus,
    reason: Option<&str>,
) -> SocketRow {
    let p = std::sync::Arc::make_mut(row.process_mut().expect("owner"));
    p.path = Some(r"C:\Program Files\Contoso\app.exe".into());
    p.origin.signature = Some(crate::model::fixtures::signature(
        status,
        Some("Contoso Ltd"),
        reason,
    ));
    row
}

/// A signature that does not verify is high; valid, unsigned, untrusted or unchecked say nothing.
fn signature_cases() -> Vec<Case> {
    use crate::model::SignatureStatus as S;
    use RuleId::*;
    let row = || listener("127.0.0.1", 5000, "app.exe");
    let untrusted = Some("CERT_E_UNTRUSTEDROOT (0x800B0109)");
    vec![
        (
            "signature does not verify",
            with_signature(row(), S::Invalid, Some("TRUST_E_BAD_DIGEST (0x80096010)")),
            false,
            SignatureInvalid,
            Some(RiskLevel::High),
        ),
        (
            "valid signature",
            with_signature(row(), S::Valid, None),
            false,
            SignatureInvalid,
            None,
        ),
        (
            "unsigned",
            with_signature(row(), S::Unsigned, None),
            false,
            SignatureInvalid,
            None,
        ),
        (
            "signed by an untrusted root",
            with_signature(row(), S::Unknown, untrusted),
            false,
            SignatureInvalid,
            None,
        ),
        (
            "no signature checked (not Windows)",
            row(),
            false,
            SignatureInvalid,
            None,
        ),
    ]
}

#[test]
fn an_invalid_signature_names_the_file_and_the_reason_and_unsigned_stays_quiet() {
    use crate::model::SignatureStatus as S;
    let kb = kb();
    let ctx = RuleContext {
        kb: &kb,
        privileged: false,
    };
    let row = with_signature(
        listener("127.0.0.1", 5000, "app.exe"),
        S::Invalid,
        Some("TRUST_E_BAD_DIGEST (0x80096010)"),
    );
    let found = signature_invalid(&row, Exposure::Loopback, &ctx).expect("fires");
    assert_eq!(
        found.evidence,
        crate::model::Evidence::BadSignature {
            path: r"C:\Program Files\Contoso\app.exe".into(),
            reason: "TRUST_E_BAD_DIGEST (0x80096010)".into(),
        }
    );
    let tr = crate::i18n::Tr::new(crate::i18n::Lang::En);
    let detail = crate::risk::text::detail(&found, &tr);
    assert!(
        detail.contains(r"(C:\Program Files\Contoso\app.exe)")
            && detail.contains("(TRUST_E_BAD_DIGEST (0x80096010))"),
        "{detail}"
    );
    // An unsigned program alone is never above info, whatever else the row is.
    let (trust, _) = TrustStore::open(std::path::Path::new("/nonexistent/t.json"));
    let unsigned = with_signature(listener("127.0.0.1", 5000, "app.exe"), S::Unsigned, None);
    assert!(assess(&unsigned, &ctx, &trust).level() <= RiskLevel::Info);
}

/// Known backdoor ports: where they listen, who holds them, TCP clients and UDP.
fn backdoor_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "backdoor on all interfaces",
            listener("0.0.0.0", 7626, "evil"),
            false,
            KnownBackdoorPort,
            Some(RiskLevel::High),
        ),
        (
            "backdoor on loopback only",
            listener("127.0.0.1", 7626, "evil"),
            false,
            KnownBackdoorPort,
            Some(RiskLevel::Medium),
        ),
        (
            "backdoor port held by its legit owner",
            listener("0.0.0.0", 4444, "goodtool"),
            false,
            KnownBackdoorPort,
            None,
        ),
        (
            "backdoor port but only a client",
            connected(listener("0.0.0.0", 7626, "x")),
            false,
            KnownBackdoorPort,
            None,
        ),
        (
            "backdoor port over udp",
            udp("0.0.0.0", 7626, 50, "x"),
            false,
            KnownBackdoorPort,
            None,
        ),
    ]
}

/// Sockets inside another network namespace: a trojan's port is still flagged, but 0.0.0.0 there
/// is that namespace's interfaces, not the host's, so nothing is "reachable from the network"
/// of this computer.
fn namespace_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "backdoor inside another network namespace",
            in_namespace(listener("0.0.0.0", 7626, "evil")),
            true,
            KnownBackdoorPort,
            Some(RiskLevel::High),
        ),
        (
            "backdoor on a namespace's own loopback",
            in_namespace(listener("127.0.0.1", 7626, "evil")),
            true,
            KnownBackdoorPort,
            Some(RiskLevel::Medium),
        ),
        (
            "0.0.0.0 inside another namespace",
            in_namespace(listener("0.0.0.0", 22, "sshd")),
            true,
            ListensOnAllInterfaces,
            None,
        ),
        (
            "telnet on 0.0.0.0 inside another namespace",
            in_namespace(listener("0.0.0.0", 23, "telnetd")),
            true,
            RiskyServiceExposed,
            None,
        ),
    ]
}

/// The row as a socket inside another network namespace.
fn in_namespace(mut row: SocketRow) -> SocketRow {
    row.netns = Some(std::sync::Arc::new(crate::model::NetNs {
        id: 4_026_532_281,
        name: Some("lab".into()),
    }));
    row
}

/// Risky services reachable from the network, and listeners on every interface.
fn exposure_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "telnet exposed",
            listener("0.0.0.0", 23, "telnetd"),
            false,
            RiskyServiceExposed,
            Some(RiskLevel::Medium),
        ),
        (
            "telnet on loopback",
            listener("127.0.0.1", 23, "telnetd"),
            false,
            RiskyServiceExposed,
            None,
        ),
        (
            "redis exposed (no password)",
            listener("192.168.1.5", 6379, "redis-server"),
            false,
            RiskyServiceExposed,
            Some(RiskLevel::Medium),
        ),
        (
            "redis on loopback",
            listener("127.0.0.1", 6379, "redis-server"),
            false,
            RiskyServiceExposed,
            None,
        ),
        (
            "smb exposed, not in kb",
            listener("::", 445, "smbd"),
            false,
            RiskyServiceExposed,
            Some(RiskLevel::Medium),
        ),
        (
            "ssh exposed is not 'risky'",
            listener("0.0.0.0", 22, "sshd"),
            false,
            RiskyServiceExposed,
            None,
        ),
        (
            "listener on all interfaces",
            listener("0.0.0.0", 22, "sshd"),
            false,
            ListensOnAllInterfaces,
            Some(RiskLevel::Info),
        ),
        (
            "listener on loopback",
            listener("127.0.0.1", 22, "sshd"),
            false,
            ListensOnAllInterfaces,
            None,
        ),
        (
            "udp on ::",
            udp("::", 5353, 50, "avahi-daemon"),
            false,
            ListensOnAllInterfaces,
            Some(RiskLevel::Info),
        ),
        (
            "outgoing connection",
            connected(tcp("10.0.0.2", 50000, TcpState::Listen, 50, "firefox")),
            false,
            ListensOnAllInterfaces,
            None,
        ),
    ]
}

/// Programs run from temporary or download folders (and look-alike paths that are not).
fn temp_dir_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "exe in /tmp listening on network",
            with_path(listener("0.0.0.0", 9999, "x"), "/tmp/x"),
            false,
            ExeInTempDir,
            Some(RiskLevel::High),
        ),
        (
            "exe in /dev/shm, loopback",
            with_path(listener("127.0.0.1", 9999, "x"), "/dev/shm/x"),
            false,
            ExeInTempDir,
            Some(RiskLevel::Medium),
        ),
        (
            "exe in Downloads",
            with_path(listener("127.0.0.1", 9999, "x"), "/home/a/Downloads/tool"),
            false,
            ExeInTempDir,
            Some(RiskLevel::Medium),
        ),
        (
            "exe in windows temp",
            with_path(
                listener("127.0.0.1", 9999, "x.exe"),
                "C:\\Users\\a\\AppData\\Local\\Temp\\x.exe",
            ),
            false,
            ExeInTempDir,
            Some(RiskLevel::Medium),
        ),
        (
            "exe in /usr/bin",
            listener("0.0.0.0", 9999, "x"),
            false,
            ExeInTempDir,
            None,
        ),
        (
            "/tmpfoo is not /tmp",
            with_path(listener("0.0.0.0", 9999, "x"), "/tmpfoo/x"),
            false,
            ExeInTempDir,
            None,
        ),
    ]
}

/// A program file deleted, or replaced by an update, while it runs.
fn exe_file_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "deleted exe",
            deleted(with_path(listener("127.0.0.1", 9999, "x"), "/opt/x")),
            false,
            ExeDeleted,
            Some(RiskLevel::High),
        ),
        (
            "normal exe",
            listener("127.0.0.1", 9999, "x"),
            false,
            ExeDeleted,
            None,
        ),
        (
            "replaced exe is not deleted",
            replaced(deleted(with_path(
                listener("127.0.0.1", 9999, "x"),
                "/opt/x",
            ))),
            false,
            ExeDeleted,
            None,
        ),
        (
            "replaced exe is an update",
            replaced(deleted(with_path(
                listener("127.0.0.1", 9999, "x"),
                "/opt/x",
            ))),
            false,
            ExeUpdated,
            Some(RiskLevel::Info),
        ),
        (
            "deleted exe is no update",
            deleted(with_path(listener("127.0.0.1", 9999, "x"), "/opt/x")),
            false,
            ExeUpdated,
            None,
        ),
        (
            "an update the package proves",
            package_update(Some(true)),
            false,
            ExeUpdated,
            Some(RiskLevel::Info),
        ),
        (
            "an update the package proves is not deleted",
            package_update(Some(true)),
            false,
            ExeDeleted,
            None,
        ),
        (
            "a replacement the package disowns is no update",
            package_update(Some(false)),
            false,
            ExeUpdated,
            None,
        ),
        (
            "a replacement the package disowns is a deleted program",
            package_update(Some(false)),
            false,
            ExeDeleted,
            Some(RiskLevel::High),
        ),
        (
            "a replacement not yet checked stays an update",
            package_update(None),
            false,
            ExeUpdated,
            Some(RiskLevel::Info),
        ),
    ]
}

/// sshd replaced by a genuine executable since it started, whose package says the new file is
/// (`Some(true)`) or is not (`Some(false)`) the one it installed.
fn package_update(update_verified: Option<bool>) -> SocketRow {
    let mut row = replaced(deleted(with_package(
        with_path(listener("127.0.0.1", 2222, "sshd"), "/usr/sbin/sshd"),
        None,
    )));
    let p = std::sync::Arc::make_mut(row.process_mut().expect("owner"));
    if let Some(package) = p.origin.package.as_mut() {
        package.update_verified = update_verified;
    }
    row
}

/// Names that hide characters or borrow a system program's name.
fn spoofing_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "bidi override in name",
            listener("127.0.0.1", 9999, "gpj\u{202e}exe.txt"),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "escape sequence in name",
            listener("127.0.0.1", 9999, "x\u{1b}[2J"),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "sshd outside system dirs",
            with_path(listener("0.0.0.0", 2222, "sshd"), "/home/a/.cache/sshd"),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "svchost.exe outside windows",
            with_path(
                listener("0.0.0.0", 2222, "svchost.exe"),
                "C:\\Users\\a\\svchost.exe",
            ),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "real sshd",
            with_path(listener("0.0.0.0", 22, "sshd"), "/usr/sbin/sshd"),
            false,
            NameSpoofing,
            None,
        ),
        (
            "real svchost",
            with_path(
                listener("0.0.0.0", 135, "svchost.exe"),
                "C:\\Windows\\System32\\svchost.exe",
            ),
            false,
            NameSpoofing,
            None,
        ),
        (
            "html and formula names are not spoofing",
            listener("0.0.0.0", 9999, "<script>=cmd|"),
            false,
            NameSpoofing,
            None,
        ),
    ]
}

/// Names that hide behind characters that render as nothing or as blank.
fn invisible_name_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "zero-width space inside sshd, run from a system folder",
            with_path(listener("0.0.0.0", 2222, "ss\u{200b}hd"), "/usr/sbin/sshd"),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "no-break space after sshd, run from home",
            with_path(
                listener("0.0.0.0", 2222, "sshd\u{a0}"),
                "/home/a/sshd\u{a0}",
            ),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "hangul filler and word joiner around svchost.exe",
            with_path(
                listener("0.0.0.0", 2222, "\u{3164}svc\u{2060}host.exe"),
                "C:\\Users\\a\\x.exe",
            ),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "a name that shows as nothing",
            listener("0.0.0.0", 9999, "\u{2800}\u{200b}\u{3000}"),
            false,
            NameSpoofing,
            Some(RiskLevel::High),
        ),
        (
            "an emoji with its variation selector is no system name",
            listener("0.0.0.0", 9999, "\u{2764}\u{fe0f}srv"),
            false,
            NameSpoofing,
            None,
        ),
    ]
}

/// Who holds the port: an unexpected program, or an owner hidden from us.
fn owner_cases() -> Vec<Case> {
    use RuleId::*;
    vec![
        (
            "ssh held by something else",
            listener("0.0.0.0", 22, "nc"),
            false,
            UnexpectedOwner,
            Some(RiskLevel::Info),
        ),
        (
            "ssh held by sshd",
            listener("0.0.0.0", 22, "sshd"),
            false,
            UnexpectedOwner,
            None,
        ),
        (
            "dev server on 8080 is ordinary",
            listener("0.0.0.0", 8080, "node"),
            false,
            UnexpectedOwner,
            None,
        ),
        (
            "hidden owner with full rights",
            hidden(listener("0.0.0.0", 2024, "x")),
            true,
            OwnerUnknown,
            Some(RiskLevel::Low),
        ),
        (
            "hidden owner without rights",
            hidden(listener("0.0.0.0", 2024, "x")),
            false,
            OwnerUnknown,
            None,
        ),
        (
            "time-wait leftovers have no owner",
            hidden(tcp("127.0.0.1", 40000, TcpState::TimeWait, 1, "x")),
            true,
            OwnerUnknown,
            None,
        ),
    ]
}

#[test]
fn every_rule_fires_and_stays_silent_as_expected() {
    let kb = kb();
    for (name, row, privileged, rule, expected) in cases() {
        let ctx = RuleContext {
            kb: &kb,
            privileged,
        };
        let found = assess(&row, &ctx, &TrustStore::in_memory());
        let level = found
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .map(|f| f.level);
        assert_eq!(
            level, expected,
            "case {name:?}: findings {:?}",
            found.findings
        );
    }
}

#[test]
fn a_socket_inside_another_namespace_is_reachable_only_through_it() {
    let kb = kb();
    let ctx = RuleContext {
        kb: &kb,
        privileged: true,
    };
    let judged = |row: &SocketRow| assess(row, &ctx, &TrustStore::in_memory()).exposure;
    use crate::model::Exposure;
    for addr in ["0.0.0.0", "::", "10.200.0.2"] {
        let row = listener(addr, 8080, "node");
        assert_ne!(judged(&row), Exposure::Namespace, "{addr} on the host");
        assert_eq!(judged(&in_namespace(row)), Exposure::Namespace, "{addr}");
    }
    let lo = in_namespace(listener("127.0.0.1", 8080, "node"));
    assert_eq!(judged(&lo), Exposure::Loopback);
    let tr = crate::i18n::Tr::new(crate::i18n::Lang::En);
    let text = crate::risk::text::netns_text(&lo, &tr).unwrap();
    assert!(
        text.starts_with("lab (net:[4026532281]): reachable only through"),
        "{text}"
    );
    assert_eq!(
        crate::risk::text::netns_text(&listener("0.0.0.0", 1, "x"), &tr),
        None
    );
    // A hostile name is shown escaped.
    let mut odd = in_namespace(listener("0.0.0.0", 1, "x"));
    std::sync::Arc::make_mut(odd.netns.as_mut().unwrap()).name = Some("a\u{202e}b".into());
    let text = crate::risk::text::netns_text(&odd, &tr).unwrap();
    assert!(text.starts_with("a\\u{202e}b (net:["), "{text}");
}

#[test]
fn every_rule_has_a_firing_case() {
    let fired: std::collections::HashSet<RuleId> = cases()
        .into_iter()
        .filter(|c| c.4.is_some())
        .map(|c| c.3)
        .collect();
    assert_eq!(fired.len(), RULES.len());
}

#[test]
fn trust_silences_the_row_but_keeps_the_evidence() {
    let kb = kb();
    let ctx = RuleContext {
        kb: &kb,
        privileged: false,
    };
    let row = tcp("0.0.0.0", 7626, TcpState::Listen, 5, "mytool");
    let dir = tempfile::tempdir().unwrap();
    let (mut trust, _) = TrustStore::open(&dir.path().join("t.json"));
    assert_eq!(assess(&row, &ctx, &trust).level(), RiskLevel::High);
    trust
        .add(crate::risk::TrustEntry::for_row(&row).unwrap())
        .unwrap();
    let a = assess(&row, &ctx, &trust);
    assert!(a.trusted);
    assert_eq!(a.level(), RiskLevel::None);
    assert!(!a.findings.is_empty());
}

#[test]
fn details_name_the_evidence_and_hide_hostile_characters() {
    let kb = kb();
    let ctx = RuleContext {
        kb: &kb,
        privileged: false,
    };
    let tr = crate::i18n::Tr::default();
    let row = tcp("0.0.0.0", 7626, TcpState::Listen, 5, "evil\u{202e}");
    let a = assess(&row, &ctx, &TrustStore::in_memory());
    let texts: Vec<String> = a
        .findings
        .iter()
        .map(|f| crate::risk::text::detail(f, &tr))
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Glacier (冰河)") && t.contains("7626")),
        "{texts:?}"
    );
    assert!(texts.iter().all(|t| !t.contains('\u{202e}')), "{texts:?}");
    assert_eq!(a.service, None);
    let ssh = assess(
        &tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd"),
        &ctx,
        &TrustStore::in_memory(),
    );
    assert_eq!(ssh.service.as_deref(), Some("SSH"));
    assert_eq!(
        ssh.level(),
        RiskLevel::Info,
        "a normal sshd is explained, not flagged"
    );
    let _ = Protocol::Tcp;
}

#[test]
fn a_known_backdoor_is_named_in_the_service_column_in_the_ui_language() {
    let kb = kb();
    let ctx = RuleContext {
        kb: &kb,
        privileged: true,
    };
    let row = tcp("0.0.0.0", 7626, TcpState::Listen, 5, "evil");
    let a = assess(&row, &ctx, &TrustStore::in_memory());
    let en = crate::i18n::Tr::new(crate::i18n::Lang::En);
    let zh = crate::i18n::Tr::new(crate::i18n::Lang::Zh);
    assert_eq!(
        crate::risk::text::service_text(&a, &en).as_deref(),
        Some("Glacier (冰河) trojan port")
    );
    assert_eq!(
        crate::risk::text::service_text(&a, &zh).as_deref(),
        Some("Glacier (冰河) 木马端口")
    );
    // A program that normally uses the port is not called a trojan.
    let ssh = assess(
        &tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd"),
        &ctx,
        &TrustStore::in_memory(),
    );
    assert_eq!(ssh.backdoor, None);
    assert_eq!(
        crate::risk::text::service_text(&ssh, &en).as_deref(),
        Some("SSH")
    );
}

#[test]
fn the_backdoor_text_names_the_rows_protocol() {
    let kb = KnowledgeBase::builtin();
    let ctx = RuleContext {
        kb,
        privileged: true,
    };
    let tr = crate::i18n::Tr::default();
    let row = tcp("0.0.0.0", 31337, TcpState::Listen, 5, "x");
    let a = assess(&row, &ctx, &TrustStore::in_memory());
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == RuleId::KnownBackdoorPort)
        .expect("backdoor finding");
    let text = crate::risk::text::detail(f, &tr);
    assert!(text.starts_with("TCP port 31337"), "{text}");
    let udp_row = udp("0.0.0.0", 31337, 5, "x");
    let a = assess(&udp_row, &ctx, &TrustStore::in_memory());
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == RuleId::KnownBackdoorPort);
    assert!(crate::risk::text::detail(f.unwrap(), &tr).starts_with("UDP port 31337"));
}

fn windows_env(name: &str) -> Option<String> {
    let value = match name {
        "WINDIR" => r"D:\Win",
        "TEMP" => r"E:\Scratch\",
        "LOCALAPPDATA" => r"D:\Users\ann\AppData\Local",
        "USERPROFILE" => r"D:\Users\ann",
        _ => return None,
    };
    Some(value.to_owned())
}

#[test]
fn windows_folders_come_from_the_environment_not_from_c() {
    let dirs = WindowsDirs::from_env(&windows_env);
    assert!(dirs.is_system(r"d:\win\system32\svchost.exe"));
    assert!(dirs.is_system(r"\\?\d:\win\system32\svchost.exe"));
    // A fake Windows folder on C: is not the system's when Windows lives on D:.
    assert!(!dirs.is_system(r"c:\windows\system32\svchost.exe"));
    assert!(!dirs.is_system(r"d:\windows2\svchost.exe"));
    assert!(dirs.is_temp(r"e:\scratch\x.exe"));
    assert!(dirs.is_temp(r"d:\users\ann\appdata\local\temp\x.exe"));
    assert!(dirs.is_temp(r"d:\users\ann\downloads\setup.exe"));
    assert!(dirs.is_temp(r"d:\win\temp\x.exe"));
    assert!(!dirs.is_temp(r"d:\users\ann\documents\x.exe"));
}

#[test]
fn without_a_windows_environment_the_usual_windows_folder_counts() {
    let dirs = WindowsDirs::from_env(&|_| None);
    assert_eq!(dirs.system, vec![r"c:\windows\".to_owned()]);
    assert!(dirs.temp.is_empty());
    assert!(!dirs.is_temp(r"c:\users\ann\documents\x.exe"));
}
