//! The risk rules: a table of pure functions from (row, context) to an optional finding.
//! Each names its evidence so the text can explain exactly why it fired.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::model::text::{Hidden, hidden_kind, skeleton};
use crate::model::{
    Evidence, Exposure, Finding, ProcessInfo, RiskLevel, RuleId, SocketRow, TcpState,
};

use super::kb::{KnowledgeBase, owner_matches};

/// What the rules may look at besides the row.
pub struct RuleContext<'a> {
    /// The port knowledge base.
    pub kb: &'a KnowledgeBase,
    /// PortScope runs with administrator/root rights (so a missing owner is not just hidden).
    pub privileged: bool,
}

/// One rule.
pub type Rule = fn(&SocketRow, Exposure, &RuleContext<'_>) -> Option<Finding>;

/// Every rule, in the order findings are listed.
pub const RULES: [Rule; 11] = [
    known_backdoor_port,
    package_file_modified,
    signature_invalid,
    exe_deleted,
    exe_updated,
    name_spoofing,
    exe_in_temp_dir,
    risky_service_exposed,
    owner_unknown,
    unexpected_owner,
    listens_on_all_interfaces,
];

fn finding(rule: RuleId, level: RiskLevel, evidence: Evidence) -> Option<Finding> {
    Some(Finding {
        rule,
        level,
        evidence,
    })
}

/// Ports whose services are legacy, unencrypted or an easy way in when exposed.
const RISKY_PORTS: &[u16] = &[
    21, 23, 69, 79, 135, 137, 138, 139, 445, 3389, 5800, 5900, 5901, 5902,
];

/// Program names that malware likes to borrow.
const SYSTEM_NAMES: &[&str] = &[
    "svchost",
    "lsass",
    "csrss",
    "winlogon",
    "services",
    "smss",
    "wininit",
    "spoolsv",
    "explorer",
    "sshd",
    "systemd",
    "init",
    "cron",
    "crond",
    "dbus-daemon",
    "kthreadd",
    "systemd-resolved",
    "systemd-resolve",
    "systemd-journald",
    "rsyslogd",
    "launchd",
    "networkmanager",
    "cupsd",
    "avahi-daemon",
    "chronyd",
];

/// Folders where system programs live.
const SYSTEM_DIRS: &[&str] = &[
    "/usr/sbin/",
    "/usr/bin/",
    "/sbin/",
    "/bin/",
    "/usr/lib/",
    "/lib/",
    "/usr/libexec/",
    "/usr/local/sbin/",
    "/usr/local/bin/",
    "/system/",
];

/// Folders where downloaded or dropped programs run from.
const TEMP_DIRS: &[&str] = &["/tmp/", "/var/tmp/", "/dev/shm/", "/private/tmp/"];
const TEMP_PARTS: &[&str] = &[
    "/downloads/",
    "\\downloads\\",
    "\\appdata\\local\\temp\\",
    "\\windows\\temp\\",
];

/// Windows folders, read from the environment (`%WINDIR%`, `%TEMP%`, `%LOCALAPPDATA%`,
/// `%USERPROFILE%`) rather than assuming `C:\`. Lower-case, with `\` separators and a trailing
/// `\`. Pure: the lookup is passed in, so tests need no real environment.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WindowsDirs {
    /// Where system programs live (the Windows folder).
    pub system: Vec<String>,
    /// Where downloaded or dropped programs run from.
    pub temp: Vec<String>,
}

/// A folder as the rules compare it: lower case, `\` separators, one trailing `\`.
fn folder(path: &str) -> Option<String> {
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    let mut dir = path.replace('/', "\\").to_lowercase();
    while dir.ends_with('\\') {
        dir.pop();
    }
    dir.push('\\');
    Some(dir)
}

impl WindowsDirs {
    /// The folders named by the environment `var` looks up.
    pub fn from_env(var: &dyn Fn(&str) -> Option<String>) -> WindowsDirs {
        let under = |name: &str, sub: &str| var(name).map(|base| format!("{base}\\{sub}"));
        let windir = var("WINDIR").or_else(|| var("SystemRoot"));
        let system = match &windir {
            Some(dir) => folder(dir).into_iter().collect(),
            // No Windows environment (not Windows, or a stripped one): the usual place.
            None => vec!["c:\\windows\\".to_owned()],
        };
        let temp = [
            var("TEMP"),
            var("TMP"),
            under("LOCALAPPDATA", "Temp"),
            under("USERPROFILE", "Downloads"),
            windir.map(|w| format!("{w}\\Temp")),
        ]
        .into_iter()
        .flatten()
        .filter_map(|d| folder(&d))
        .collect();
        WindowsDirs { system, temp }
    }

    /// The folders of this computer, read once.
    fn get() -> &'static WindowsDirs {
        static DIRS: OnceLock<WindowsDirs> = OnceLock::new();
        DIRS.get_or_init(|| WindowsDirs::from_env(&|name| std::env::var(name).ok()))
    }

    /// True when the lower-case `path` is inside the Windows folder.
    pub fn is_system(&self, lower: &str) -> bool {
        let lower = strip_verbatim(lower);
        self.system.iter().any(|d| lower.starts_with(d.as_str()))
    }

    /// True when the lower-case `path` is inside a temp or Downloads folder.
    pub fn is_temp(&self, lower: &str) -> bool {
        let lower = strip_verbatim(lower);
        self.temp.iter().any(|d| lower.starts_with(d.as_str()))
    }
}

/// `\\?\C:\…` (a verbatim path, as some Windows APIs report them) compares as `C:\…`.
fn strip_verbatim(path: &str) -> &str {
    path.strip_prefix("\\\\?\\").unwrap_or(path)
}

/// The path as the rules compare it: lossless text, so a byte that is not UTF-8 is `\xNN`.
fn path_of(p: &ProcessInfo) -> Option<Cow<'_, str>> {
    p.path_text()
}

fn known_backdoor_port(
    row: &SocketRow,
    exposure: Exposure,
    ctx: &RuleContext<'_>,
) -> Option<Finding> {
    if !row.is_listening() {
        return None;
    }
    let backdoor = ctx.kb.backdoor(row.local_port, row.protocol)?;
    if row
        .process()
        .as_ref()
        .is_some_and(|p| owner_matches(&backdoor.legit_owners, p))
    {
        return None;
    }
    // A trojan's port inside another network namespace is as reachable as that namespace is.
    let level = if exposure.beyond_loopback() {
        RiskLevel::High
    } else {
        RiskLevel::Medium
    };
    finding(
        RuleId::KnownBackdoorPort,
        level,
        Evidence::BackdoorPort {
            backdoor: backdoor.name.clone(),
            port: row.local_port,
            protocol: row.protocol_label().trim_end_matches('6'),
        },
    )
}

fn risky_service_exposed(
    row: &SocketRow,
    exposure: Exposure,
    ctx: &RuleContext<'_>,
) -> Option<Finding> {
    if !row.is_listening() || !exposure.is_network() {
        return None;
    }
    let entry = ctx.kb.port(row.local_port, row.protocol);
    let risky = RISKY_PORTS.contains(&row.local_port) || entry.is_some_and(|e| e.unauthenticated);
    if !risky {
        return None;
    }
    let service = entry.map_or_else(|| row.local_port.to_string(), |e| e.service.clone());
    finding(
        RuleId::RiskyServiceExposed,
        RiskLevel::Medium,
        Evidence::ExposedService {
            service,
            port: row.local_port,
        },
    )
}

fn listens_on_all_interfaces(
    row: &SocketRow,
    exposure: Exposure,
    _: &RuleContext<'_>,
) -> Option<Finding> {
    if !row.is_listening() || !exposure.is_network() {
        return None;
    }
    finding(
        RuleId::ListensOnAllInterfaces,
        RiskLevel::Info,
        Evidence::ListenAddress(row.local_address),
    )
}

fn exe_in_temp_dir(row: &SocketRow, exposure: Exposure, _: &RuleContext<'_>) -> Option<Finding> {
    let path = path_of(row.process()?)?;
    let lower = path.to_lowercase();
    let in_temp = TEMP_DIRS.iter().any(|d| lower.starts_with(d))
        || TEMP_PARTS.iter().any(|d| lower.contains(d))
        || WindowsDirs::get().is_temp(&lower);
    if !in_temp {
        return None;
    }
    let level = if row.is_listening() && exposure.beyond_loopback() {
        RiskLevel::High
    } else {
        RiskLevel::Medium
    };
    finding(
        RuleId::ExeInTempDir,
        level,
        Evidence::ProgramPath(path.into_owned()),
    )
}

fn exe_deleted(row: &SocketRow, _: Exposure, _: &RuleContext<'_>) -> Option<Finding> {
    let process = row.process()?;
    let original = process.path_text().filter(|_| process.exe_deleted)?;
    if replaced_by_update(process) {
        return None; // an update, see exe_updated
    }
    // Replaced, but the package's record says the new file is not its own.
    let disowned_by = process
        .origin
        .package
        .as_ref()
        .filter(|p| process.exe_replaced && p.update_verified == Some(false))
        .map(package_named);
    finding(
        RuleId::ExeDeleted,
        RiskLevel::High,
        Evidence::DeletedFile {
            path: original.into_owned(),
            disowned_by,
        },
    )
}

/// The running image belongs to a package but is not the file the package installed (its
/// digest differs from the package's record). Evidence: the path, the package (with its
/// version), the expected digest and the actual one.
fn package_file_modified(row: &SocketRow, _: Exposure, _: &RuleContext<'_>) -> Option<Finding> {
    let process = row.process()?;
    let package = process
        .origin
        .package
        .as_ref()
        .filter(|p| p.is_modified())?;
    let named = package_named(package);
    finding(
        RuleId::PackageFileModified,
        RiskLevel::High,
        Evidence::ModifiedPackageFile {
            path: path_of(process).map(Cow::into_owned).unwrap_or_default(),
            package: named,
            expected: package.expected_digest.clone().unwrap_or_default(),
            actual: package.actual_digest.clone().unwrap_or_default(),
        },
    )
}

/// The program's file was replaced by a genuine executable (`procfs::genuine_replacement`),
/// and its package, where it has one, does not say the new file is someone else's.
fn replaced_by_update(process: &crate::model::ProcessInfo) -> bool {
    let disproved = process
        .origin
        .package
        .as_ref()
        .is_some_and(|p| p.update_verified == Some(false));
    process.exe_replaced && !disproved
}

/// The program's file carries a signature (its own or a catalog's) that does not verify against
/// it: changed after signing, or signed with a revoked or distrusted certificate. An unsigned
/// file, or one whose signer is merely not trusted here, is no finding. Evidence: the path and
/// the reason (the check's code by name).
fn signature_invalid(row: &SocketRow, _: Exposure, _: &RuleContext<'_>) -> Option<Finding> {
    let process = row.process()?;
    let signature = process
        .origin
        .signature
        .as_ref()
        .filter(|s| s.status == crate::model::SignatureStatus::Invalid)?;
    finding(
        RuleId::SignatureInvalid,
        RiskLevel::High,
        Evidence::BadSignature {
            path: path_of(process).map(Cow::into_owned).unwrap_or_default(),
            reason: signature.reason.clone().unwrap_or_default(),
        },
    )
}

/// An executable replaced on disk while running (as `apt upgrade` does) is not malware.
/// Evidence: the path, and the package when its record proves the new file is the one it
/// installed (the strongest proof of an update).
fn exe_updated(row: &SocketRow, _: Exposure, _: &RuleContext<'_>) -> Option<Finding> {
    let process = row.process()?;
    let original = process.path_text().filter(|_| process.exe_deleted)?;
    if !replaced_by_update(process) {
        return None;
    }
    let proved_by = process
        .origin
        .package
        .as_ref()
        .filter(|p| p.update_verified == Some(true))
        .map(package_named);
    finding(
        RuleId::ExeUpdated,
        RiskLevel::Info,
        Evidence::UpdatedFile {
            path: original.into_owned(),
            proved_by,
        },
    )
}

/// "openssh-server 1:9.2p1-2", or the name alone.
fn package_named(package: &crate::model::Package) -> String {
    match &package.version {
        Some(v) => format!("{} {v}", package.name),
        None => package.name.clone(),
    }
}

/// A name that acts on the screen (controls, bidi), one that shows as nothing, one that reads as a
/// system program's name only once its invisible characters are seen through, or a system name
/// run from outside the system folders.
fn name_spoofing(row: &SocketRow, _: Exposure, _: &RuleContext<'_>) -> Option<Finding> {
    let process = row.process()?;
    let acts = |c| matches!(hidden_kind(c), Some(Hidden::Control | Hidden::Reordering));
    // What the reader sees: `ss\u{200b}hd` and `sshd\u{a0}` read as "sshd".
    let seen = skeleton(&process.name).to_lowercase();
    let base = seen.strip_suffix(".exe").unwrap_or(&seen);
    let system = SYSTEM_NAMES.contains(&base);
    let disguised = system && seen != process.name.to_lowercase();
    if process.name.chars().any(acts) || (seen.is_empty() && !process.name.is_empty()) || disguised
    {
        let shown = crate::model::text::show_invisible(&process.name).into_owned();
        return finding(
            RuleId::NameSpoofing,
            RiskLevel::High,
            Evidence::HiddenCharacters { shown },
        );
    }
    if !system {
        return None;
    }
    let path = path_of(process)?;
    let lower = path.to_lowercase();
    if SYSTEM_DIRS.iter().any(|d| lower.starts_with(d)) || WindowsDirs::get().is_system(&lower) {
        return None;
    }
    finding(
        RuleId::NameSpoofing,
        RiskLevel::High,
        Evidence::SystemNameElsewhere {
            name: process.name.clone(),
            path: path.into_owned(),
        },
    )
}

fn unexpected_owner(row: &SocketRow, _: Exposure, ctx: &RuleContext<'_>) -> Option<Finding> {
    if !row.is_listening() || row.local_port >= 1024 {
        return None;
    }
    let process = row.process()?;
    let entry = ctx.kb.port(row.local_port, row.protocol)?;
    if entry.owners.is_empty() || owner_matches(&entry.owners, process) {
        return None;
    }
    finding(
        RuleId::UnexpectedOwner,
        RiskLevel::Info,
        Evidence::UnexpectedOwner {
            service: entry.service.clone(),
            usual: entry.owners.join(", "),
            actual: process.name.clone(),
        },
    )
}

fn owner_unknown(row: &SocketRow, _: Exposure, ctx: &RuleContext<'_>) -> Option<Finding> {
    if !ctx.privileged || !row.pids().is_empty() || row.owner_pending() {
        return None;
    }
    // Sockets on their way out (TIME_WAIT and friends) belong to nobody on any system.
    let live = matches!(
        row.state,
        None | Some(TcpState::Listen) | Some(TcpState::Established)
    );
    if !live {
        return None;
    }
    finding(
        RuleId::OwnerUnknown,
        RiskLevel::Low,
        Evidence::SocketUser(row.user().unwrap_or("?").to_owned()),
    )
}

#[cfg(test)]
mod tests;
