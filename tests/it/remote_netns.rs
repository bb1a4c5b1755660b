//! The other end, named offline (issue 17, part 1): inside a network namespace of the test's own,
//! 8.8.8.8, 1.1.1.1, a private, a documentation and a shared address are put on `lo`, and local
//! connections are opened to each, so no packet leaves the namespace. `portscope list --format
//! json` run there must give each remote its scope, and the public ones their AS number,
//! organisation and country from the shipped data, and never a database's guess for a special
//! address.

use std::process::Command;

use crate::common::{json_stdout, portscope_bin};

/// Runs inside the namespace: listens on every address, connects to each, then lists.
const CONNECT_AND_LIST: &str = r#"
import json, os, socket, subprocess, sys
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
addrs = sys.argv[2:]
for a in addrs:
    subprocess.run(["ip", "addr", "add", a + "/32", "dev", "lo"], check=True)
held = []
for a in addrs:
    srv = socket.socket(); srv.bind((a, 443)); srv.listen(4)
    cli = socket.create_connection((a, 443)); peer, _ = srv.accept()
    held += [srv, cli, peer]
out = subprocess.run([sys.argv[1], "list", "--format", "json"], capture_output=True,
                     env=dict(os.environ, LANG="C.UTF-8"))
print(json.dumps({"code": out.returncode, "list": out.stdout.decode(), "stderr": out.stderr.decode()}))
"#;

struct Netns(String);

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_remote_addresses_get_scope_organisation_and_country_offline() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "needs root for a network namespace"
    );
    let ns = Netns(format!("psremote{}", std::process::id()));
    let made = Command::new("ip")
        .args(["netns", "add", &ns.0])
        .status()
        .unwrap();
    assert!(made.success(), "ip netns add");
    let addrs = [
        "8.8.8.8",
        "1.1.1.1",
        "10.1.2.3",
        "203.0.113.5",
        "100.64.0.9",
    ];
    let out = Command::new("ip")
        .args(["netns", "exec", &ns.0, "python3", "-c", CONNECT_AND_LIST])
        .arg(portscope_bin())
        .args(addrs)
        .output()
        .unwrap();
    let result: serde_json::Value = json_stdout(&out);
    assert_eq!(result["code"], 0, "{result:#}");
    let list: serde_json::Value = serde_json::from_str(result["list"].as_str().unwrap()).unwrap();
    let rows = list["rows"].as_array().unwrap();
    // The client side of each connection: local port ≠ 443, remote port 443.
    let remote = |addr: &str| {
        rows.iter()
            .find(|r| {
                r["remote_address"] == addr && r["remote_port"] == 443 && r["netns"].is_null()
            })
            .unwrap_or_else(|| panic!("no connection to {addr}: {list:#}"))
            .clone()
    };
    let google = remote("8.8.8.8");
    assert_eq!(google["remote_scope"], "public");
    assert_eq!(google["remote_asn"], 15169);
    assert_eq!(google["remote_org"], "Google LLC");
    assert_eq!(google["remote_country"], "US");
    let cloudflare = remote("1.1.1.1");
    assert_eq!(cloudflare["remote_asn"], 13335);
    assert_eq!(cloudflare["remote_org"], "Cloudflare, Inc.");
    assert!(cloudflare["remote_country"].is_string(), "{cloudflare:#}");
    for (addr, scope) in [
        ("10.1.2.3", "private"),
        ("203.0.113.5", "documentation"),
        ("100.64.0.9", "shared"),
    ] {
        let row = remote(addr);
        assert_eq!(row["remote_scope"], scope, "{row:#}");
        for field in ["remote_asn", "remote_org", "remote_country"] {
            assert!(row[field].is_null(), "{addr} {field}: {row:#}");
        }
    }
    let listener = rows
        .iter()
        .find(|r| r["local_address"] == "8.8.8.8" && r["state"] == "LISTEN")
        .unwrap();
    assert!(listener["remote_scope"].is_null(), "no remote, no scope");
}
