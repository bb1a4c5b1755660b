//! Firewall guidance, the "close it" step: the exact command to block a port on each platform's
//! common firewalls. PortScope shows and copies these; it never runs them.

use crate::model::Protocol;

/// One firewall and its blocking command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirewallCommand {
    /// The firewall's name, e.g. `ufw`.
    pub firewall: &'static str,
    /// The platform it belongs to.
    pub platform: &'static str,
    /// The command line to block incoming traffic to the port.
    pub command: String,
}

/// Commands that block incoming `protocol` traffic to `port`, for every supported firewall.
pub fn block_commands(port: u16, protocol: Protocol) -> Vec<FirewallCommand> {
    let p = match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
    };
    let upper = p.to_uppercase();
    vec![
        FirewallCommand {
            firewall: "ufw",
            platform: "Linux",
            command: format!("sudo ufw deny {port}/{p}"),
        },
        FirewallCommand {
            firewall: "firewalld",
            platform: "Linux",
            command: format!(
                "sudo firewall-cmd --permanent --add-rich-rule='rule family=\"ipv4\" port port=\"{port}\" protocol=\"{p}\" drop' && sudo firewall-cmd --permanent --add-rich-rule='rule family=\"ipv6\" port port=\"{port}\" protocol=\"{p}\" drop' && sudo firewall-cmd --reload"
            ),
        },
        FirewallCommand {
            firewall: "nftables",
            platform: "Linux",
            command: format!(
                "sudo nft add table inet portscope; sudo nft 'add chain inet portscope input {{ type filter hook input priority 0; }}'; sudo nft add rule inet portscope input {p} dport {port} drop"
            ),
        },
        FirewallCommand {
            firewall: "Windows Defender Firewall",
            platform: "Windows",
            command: format!(
                "netsh advfirewall firewall add rule name=\"PortScope block {upper} {port}\" dir=in action=block protocol={upper} localport={port}"
            ),
        },
        FirewallCommand {
            firewall: "pf",
            platform: "macOS",
            command: format!(
                "echo 'block drop in proto {p} from any to any port {port}' | sudo pfctl -a portscope -f - && sudo pfctl -e"
            ),
        },
    ]
}

/// The firewall this computer uses, so its command is shown first: ufw when its config says it
/// is enabled, firewalld when it is running, otherwise nftables on Linux; Windows Defender
/// Firewall on Windows; pf on macOS. `root` is `/` except in tests. Only files are read: no
/// command is run and no rights are needed.
pub fn active_firewall(root: &std::path::Path) -> &'static str {
    if cfg!(windows) {
        return "Windows Defender Firewall";
    }
    if cfg!(target_os = "macos") {
        return "pf";
    }
    let ufw_enabled = std::fs::read_to_string(root.join("etc/ufw/ufw.conf")).is_ok_and(|t| {
        t.lines()
            .map(str::trim)
            .any(|l| l.eq_ignore_ascii_case("ENABLED=yes"))
    });
    if ufw_enabled {
        "ufw"
    } else if root.join("run/firewalld").is_dir() || root.join("var/run/firewalld.pid").exists() {
        "firewalld"
    } else {
        "nftables"
    }
}

/// `commands` with the active firewall's first, then the rest in their usual order.
pub fn active_first(mut commands: Vec<FirewallCommand>, active: &str) -> Vec<FirewallCommand> {
    commands.sort_by_key(|c| c.firewall != active);
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_active_firewall_is_found_from_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(active_firewall(root), "nftables");
        std::fs::create_dir_all(root.join("run/firewalld")).unwrap();
        assert_eq!(active_firewall(root), "firewalld");
        std::fs::create_dir_all(root.join("etc/ufw")).unwrap();
        std::fs::write(root.join("etc/ufw/ufw.conf"), "# comment\nENABLED=no\n").unwrap();
        assert_eq!(active_firewall(root), "firewalld");
        std::fs::write(root.join("etc/ufw/ufw.conf"), "ENABLED=yes\nLOGLEVEL=low\n").unwrap();
        assert_eq!(active_firewall(root), "ufw");
        let ordered = active_first(block_commands(80, Protocol::Tcp), "nftables");
        assert_eq!(ordered[0].firewall, "nftables");
        assert_eq!(ordered[1].firewall, "ufw");
    }

    #[test]
    fn commands_name_the_port_and_protocol_everywhere() {
        for (port, proto, p) in [(7626, Protocol::Tcp, "tcp"), (4000, Protocol::Udp, "udp")] {
            let cmds = block_commands(port, proto);
            let names: Vec<&str> = cmds.iter().map(|c| c.firewall).collect();
            assert_eq!(
                names,
                [
                    "ufw",
                    "firewalld",
                    "nftables",
                    "Windows Defender Firewall",
                    "pf"
                ]
            );
            for c in &cmds {
                assert!(c.command.contains(&port.to_string()), "{c:?}");
                assert!(c.command.to_lowercase().contains(p), "{c:?}");
            }
        }
        assert_eq!(
            block_commands(23, Protocol::Tcp)[0].command,
            "sudo ufw deny 23/tcp"
        );
        assert!(
            block_commands(445, Protocol::Tcp)[3]
                .command
                .contains("protocol=TCP localport=445")
        );
    }
}
