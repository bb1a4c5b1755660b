//! Windows Defender Firewall through `netsh advfirewall firewall`: the argument vectors that
//! add, show and delete PortScope's inbound block rules. Built only from a validated port and
//! protocol, passed as separate arguments (no shell, no text from outside). Pure, so the
//! construction is tested on every OS; under wine, netsh's firewall is a stub, so the rules
//! themselves are not run in CI.
//!
//! `netsh advfirewall firewall add rule` has no `group=` parameter (only `set rule group=…`
//! can enable or disable an existing group), so PortScope's rules are known by their name,
//! `PortScope-<TCP|UDP>-<port>`, and carry `description=PortScope`.

use std::ffi::OsString;
use std::path::PathBuf;

use super::BlockId;

/// The name of PortScope's rule for `id`: `PortScope-TCP-8080`. No spaces, so it needs no
/// quoting on netsh's command line.
pub fn rule_name(id: BlockId) -> String {
    format!("PortScope-{}-{}", id.protocol_label(), id.port)
}

fn base() -> Vec<OsString> {
    ["advfirewall", "firewall"].map(OsString::from).to_vec()
}

/// `netsh advfirewall firewall add rule name=PortScope-TCP-8080 dir=in action=block
/// protocol=TCP localport=8080 description=PortScope` (without the program).
pub fn add_rule(id: BlockId) -> Vec<OsString> {
    let mut argv = base();
    argv.extend(
        [
            "add".to_owned(),
            "rule".to_owned(),
            format!("name={}", rule_name(id)),
            "dir=in".to_owned(),
            "action=block".to_owned(),
            format!("protocol={}", id.protocol_label()),
            format!("localport={}", id.port),
            "description=PortScope".to_owned(),
        ]
        .map(OsString::from),
    );
    argv
}

/// `… delete rule name=PortScope-TCP-8080 dir=in protocol=TCP localport=8080`: only a rule
/// with PortScope's name, for that port, inbound.
pub fn delete_rule(id: BlockId) -> Vec<OsString> {
    let mut argv = base();
    argv.extend(
        [
            "delete".to_owned(),
            "rule".to_owned(),
            format!("name={}", rule_name(id)),
            "dir=in".to_owned(),
            format!("protocol={}", id.protocol_label()),
            format!("localport={}", id.port),
        ]
        .map(OsString::from),
    );
    argv
}

/// `… show rule name=PortScope-TCP-8080 dir=in`: exit 0 when the rule exists, 1 when "No rules
/// match the specified criteria" (the exit code is read, not the localised text).
pub fn show_rule(id: BlockId) -> Vec<OsString> {
    let mut argv = base();
    argv.extend(
        [
            "show".to_owned(),
            "rule".to_owned(),
            format!("name={}", rule_name(id)),
            "dir=in".to_owned(),
        ]
        .map(OsString::from),
    );
    argv
}

/// `%SystemRoot%\System32\netsh.exe`: the system's own, never one found on PATH.
pub fn netsh_path(system_root: Option<OsString>) -> PathBuf {
    let root = system_root
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| r"C:\Windows".into());
    PathBuf::from(root).join("System32").join("netsh.exe")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;

    fn strings(argv: &[OsString]) -> Vec<String> {
        argv.iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn rules_are_inbound_blocks_of_one_port_with_portscopes_name() {
        let tcp = BlockId {
            protocol: Protocol::Tcp,
            port: 445,
        };
        assert_eq!(
            strings(&add_rule(tcp)),
            [
                "advfirewall",
                "firewall",
                "add",
                "rule",
                "name=PortScope-TCP-445",
                "dir=in",
                "action=block",
                "protocol=TCP",
                "localport=445",
                "description=PortScope"
            ]
        );
        let udp = BlockId {
            protocol: Protocol::Udp,
            port: 65535,
        };
        assert_eq!(
            strings(&delete_rule(udp)),
            [
                "advfirewall",
                "firewall",
                "delete",
                "rule",
                "name=PortScope-UDP-65535",
                "dir=in",
                "protocol=UDP",
                "localport=65535"
            ]
        );
        assert_eq!(
            strings(&show_rule(udp))[2..],
            ["show", "rule", "name=PortScope-UDP-65535", "dir=in"]
        );
        for argv in [add_rule(tcp), delete_rule(udp), show_rule(tcp)] {
            for arg in strings(&argv) {
                assert!(
                    !arg.contains([' ', '"', '&', '|', '^', '%']),
                    "{arg:?} would need quoting"
                );
            }
        }
    }

    #[test]
    fn netsh_is_the_systems_own() {
        assert_eq!(
            netsh_path(Some(r"D:\Win".into())),
            PathBuf::from(r"D:\Win").join("System32").join("netsh.exe")
        );
        assert!(netsh_path(None).starts_with(r"C:\Windows"));
    }
}
