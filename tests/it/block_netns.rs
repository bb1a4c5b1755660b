//! Blocking for real (issue 18): two network namespaces of the test's own, joined by a veth pair
//! (10.99.0.1/24 and 10.99.0.2/24, addresses that exist only inside them). A listener runs in
//! the first, a client connects from the second, and `portscope block` runs inside the
//! listener's namespace (`ip netns exec`), so the host's firewall is never touched. Each test
//! has its own pair and its own state folder (`PORTSCOPE_STATE_DIR`); a Drop guard deletes the
//! namespaces, whatever happens.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const PORTSCOPE: &str = env!("CARGO_BIN_EXE_portscope");
const SERVER: &str = "10.99.0.1";
const CLIENT: &str = "10.99.0.2";

/// Two namespaces joined by a veth pair, deleted on drop.
struct Pair {
    server: String,
    client: String,
    state: tempfile::TempDir,
}

impl Drop for Pair {
    fn drop(&mut self) {
        for ns in [&self.server, &self.client] {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
    }
}

fn run_ok(program: &str, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl Pair {
    fn new(tag: &str) -> Pair {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root for network namespaces"
        );
        let id = std::process::id();
        let pair = Pair {
            server: format!("psblk{tag}s{id}"),
            client: format!("psblk{tag}c{id}"),
            state: tempfile::tempdir().unwrap(),
        };
        run_ok("ip", &["netns", "add", &pair.server]);
        run_ok("ip", &["netns", "add", &pair.client]);
        let (s, c) = (pair.server.as_str(), pair.client.as_str());
        run_ok(
            "ip",
            &[
                "-n", s, "link", "add", "vs", "type", "veth", "peer", "name", "vc", "netns", c,
            ],
        );
        run_ok("ip", &["-n", s, "addr", "add", "10.99.0.1/24", "dev", "vs"]);
        run_ok("ip", &["-n", c, "addr", "add", "10.99.0.2/24", "dev", "vc"]);
        for (ns, dev) in [(s, "vs"), (c, "vc")] {
            run_ok("ip", &["-n", ns, "link", "set", dev, "up"]);
            run_ok("ip", &["-n", ns, "link", "set", "lo", "up"]);
        }
        pair
    }

    /// `portscope ARGS` inside the server's namespace, as root, with the test's state folder.
    fn portscope(&self, args: &[&str]) -> Output {
        Command::new("ip")
            .args(["netns", "exec", &self.server, PORTSCOPE])
            .args(args)
            .env("PORTSCOPE_STATE_DIR", self.state.path())
            .env("LANG", "C.UTF-8")
            .env_remove("LANGUAGE")
            .env_remove("LC_ALL")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn portscope_ok(&self, args: &[&str]) -> String {
        let out = self.portscope(args);
        assert!(
            out.status.success(),
            "portscope {args:?}: {}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// `nft ARGS` in the server's namespace.
    fn nft(&self, args: &[&str]) -> String {
        let out = Command::new("ip")
            .args(["netns", "exec", &self.server, "nft"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "nft {args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    /// A table of the test's own, with a chain on the same hook and a rule.
    fn add_testkeep(&self) -> String {
        self.nft(&["add", "table", "inet", "testkeep"]);
        self.nft(&[
            "add chain inet testkeep keep { type filter hook input priority 5; policy accept; }",
        ]);
        self.nft(&["add rule inet testkeep keep tcp dport 9 drop"]);
        self.nft(&[
            "add",
            "set",
            "inet",
            "testkeep",
            "mine",
            "{ type inet_service; }",
        ]);
        self.nft(&["add element inet testkeep mine { 4242 }"]);
        self.nft(&["list", "table", "inet", "testkeep"])
    }

    /// A TCP listener on 10.99.0.1:`port` in the server's namespace, accepting until killed.
    fn listen(&self, port: u16) -> Listener {
        let script = format!(
            "import socket\n\
             s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n\
             s.bind(('{SERVER}', {port})); s.listen(16)\n\
             print('ready', flush=True)\n\
             while True:\n\
             \x20   c, _ = s.accept(); c.close()\n"
        );
        let mut child = Command::new("ip")
            .args(["netns", "exec", &self.server, "python3", "-c", &script])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Listener(child)
    }

    /// Whether the client namespace can connect to the listener within one second.
    fn connects(&self, port: u16) -> bool {
        let script = format!(
            "import socket, sys\n\
             try:\n\
             \x20   socket.create_connection(('{SERVER}', {port}), timeout=1).close()\n\
             except OSError as e:\n\
             \x20   print(e); sys.exit(1)\n"
        );
        Command::new("ip")
            .args(["netns", "exec", &self.client, "python3", "-c", &script])
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success()
    }

    /// `blocks --format json`, parsed.
    fn blocks(&self) -> Value {
        serde_json::from_str(&self.portscope_ok(&["blocks", "--format", "json"])).unwrap()
    }
}

/// The listener child (ours to end).
struct Listener(Child);

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn ids(blocks: &Value) -> Vec<String> {
    blocks["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_block_drops_the_port_unblock_opens_it_and_other_tables_stay_as_they_were() {
    let pair = Pair::new("a");
    let keep_before = pair.add_testkeep();
    let _listener = pair.listen(7777);
    assert!(pair.connects(7777), "the client reaches the listener first");
    assert!(CLIENT.starts_with("10.99."));

    let out = pair.portscope_ok(&["block", "--port", "7777", "--for", "1h", "--yes"]);
    assert!(out.contains("Blocked incoming TCP port 7777"), "{out}");
    assert!(out.contains("unblock tcp-7777"), "{out}");
    assert!(!pair.connects(7777), "blocked: the client can't connect");
    let listed = pair.blocks();
    assert_eq!(ids(&listed), ["tcp-7777"], "{listed:#}");
    let block = &listed["blocks"][0];
    assert_eq!(block["kind"], "timed");
    assert_eq!(block["protocol"], "tcp");
    assert_eq!(block["port"], 7777);
    let left = block["remaining_secs"].as_u64().unwrap();
    assert!((3590..=3600).contains(&left), "{block:#}");
    assert_eq!(listed["firewall"], "nftables");
    // The kernel holds it in our table only.
    let ours = pair.nft(&["list", "table", "inet", "portscope"]);
    assert!(ours.contains("7777 timeout 1h"), "{ours}");
    assert_eq!(
        pair.nft(&["list", "table", "inet", "testkeep"]),
        keep_before
    );

    let out = pair.portscope_ok(&["unblock", "tcp-7777", "--yes"]);
    assert!(out.contains("Unblocked TCP port 7777"), "{out}");
    assert!(pair.connects(7777), "unblocked: the client connects again");
    assert_eq!(ids(&pair.blocks()), Vec::<String>::new());
    // Nothing of PortScope's is left, and the test's own table is byte-identical.
    let tables = pair.nft(&["list", "tables"]);
    assert_eq!(tables.trim(), "table inet testkeep", "{tables}");
    assert_eq!(
        pair.nft(&["list", "table", "inet", "testkeep"]),
        keep_before
    );
    // Unblocking again: nothing to lift, exit 1 with the reason.
    let again = pair.portscope(&["unblock", "--port", "7777", "--yes"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("not blocked by PortScope"));
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_a_timed_block_lifts_itself_with_no_portscope_running() {
    let pair = Pair::new("t");
    let _listener = pair.listen(7778);
    let started = Instant::now();
    // `output()` waits for it: no PortScope process of this test runs after this line.
    pair.portscope_ok(&["block", "--port", "7778", "--for", "5s", "--yes"]);
    assert!(!pair.connects(7778), "blocked for 5 s");
    let ours = pair.nft(&["list", "table", "inet", "portscope"]);
    assert!(ours.contains("7778 timeout 5s"), "{ours}");
    while started.elapsed() < Duration::from_secs(6) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(pair.connects(7778), "the kernel lifted it after 5 s");
    assert_eq!(ids(&pair.blocks()), Vec::<String>::new());
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_always_is_kept_and_restored_after_our_table_is_deleted_by_hand() {
    let pair = Pair::new("r");
    let _listener = pair.listen(7779);
    pair.portscope_ok(&["block", "--port", "7779", "--always", "--yes"]);
    pair.portscope_ok(&[
        "block",
        "--port",
        "5353",
        "--udp",
        "--until-restart",
        "--yes",
    ]);
    let listed = pair.blocks();
    assert_eq!(ids(&listed), ["tcp-7779", "udp-5353"], "{listed:#}");
    assert_eq!(listed["blocks"][0]["kind"], "always");
    assert_eq!(listed["blocks"][1]["kind"], "until-restart");
    assert!(listed["blocks"][1]["expires_at"].is_null());
    let state = std::fs::read_to_string(pair.state.path().join("blocks.json")).unwrap();
    assert!(
        state.contains("\"port\": 7779") && !state.contains("5353"),
        "{state}"
    );
    assert!(!pair.connects(7779));

    // Someone deletes our table (or a reboot wiped the kernel's rules): the list shows the
    // truth, and says what is kept but not in force.
    pair.nft(&["delete", "table", "inet", "portscope"]);
    let listed = pair.blocks();
    assert_eq!(ids(&listed), Vec::<String>::new(), "{listed:#}");
    let notice = listed["notices"][0].as_str().unwrap();
    assert!(
        notice.contains("TCP port 7779") && notice.contains("--restore"),
        "{listed:#}"
    );
    assert!(pair.connects(7779));

    // What the boot service runs.
    let out = pair.portscope_ok(&["blocks", "--restore"]);
    assert!(out.contains("Put back 1"), "{out}");
    assert!(!pair.connects(7779), "restored");
    assert_eq!(pair.blocks()["blocks"][0]["kind"], "always");
    let out = pair.portscope_ok(&["blocks", "--restore"]);
    assert!(out.contains("Nothing to put back"), "{out}");

    pair.portscope_ok(&["unblock", "tcp-7779", "--yes"]);
    assert!(pair.connects(7779));
    let state = std::fs::read_to_string(pair.state.path().join("blocks.json")).unwrap();
    assert!(!state.contains("7779"), "{state}");
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_blocks_made_at_once_by_many_portscopes_are_all_kept() {
    let pair = Pair::new("m");
    let ports: Vec<String> = (7001..=7008).map(|p| p.to_string()).collect();
    let children: Vec<Child> = ports
        .iter()
        .map(|port| {
            Command::new("ip")
                .args([
                    "netns",
                    "exec",
                    &pair.server,
                    PORTSCOPE,
                    "block",
                    "--always",
                    "--yes",
                ])
                .args(["--port", port])
                .env("PORTSCOPE_STATE_DIR", pair.state.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let want: Vec<String> = ports.iter().map(|p| format!("tcp-{p}")).collect();
    assert_eq!(ids(&pair.blocks()), want);
    let state: Value =
        serde_json::from_slice(&std::fs::read(pair.state.path().join("blocks.json")).unwrap())
            .unwrap();
    assert_eq!(
        state["blocks"].as_array().unwrap().len(),
        8,
        "every block is recorded, none lost to another writer: {state:#}"
    );
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_without_nft_or_rights_blocking_fails_and_changes_nothing() {
    let pair = Pair::new("n");
    pair.add_testkeep();
    let before = pair.nft(&["list", "ruleset"]);

    // nft missing.
    let out = Command::new("ip")
        .args([
            "netns",
            "exec",
            &pair.server,
            PORTSCOPE,
            "block",
            "--port",
            "7780",
            "--yes",
        ])
        .env("PORTSCOPE_NFT", "/nonexistent/nft")
        .env("PORTSCOPE_STATE_DIR", pair.state.path())
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("blocking needs nftables (nft)")
            || text(&out.stderr).contains("Blocking needs nftables (nft)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(pair.nft(&["list", "ruleset"]), before);

    // As nobody: no rights, and no way to ask for them here (no terminal, no display).
    let out = Command::new("ip")
        .args(["netns", "exec", &pair.server])
        .args([
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
        ])
        .args([
            PORTSCOPE, "block", "--port", "7780", "--for", "90s", "--yes",
        ])
        .env("PORTSCOPE_STATE_DIR", pair.state.path())
        .env("LANG", "C.UTF-8")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("needs administrator rights"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(pair.nft(&["list", "ruleset"]), before);
    assert!(!pair.state.path().join("blocks.json").exists());
}

/// Bad arguments are a usage error (exit 2) before anything is read or run.
#[test]
fn bad_block_arguments_are_usage_errors() {
    for args in [
        &["block"][..],
        &["block", "--port", "70000"],
        &["block", "--port", "80", "--for", "0s"],
        &["block", "--port", "80", "--for", "400d"],
        &["block", "--port", "80", "--for", "1h", "--always"],
        &["block", "--port", "80", "--until-restart", "--always"],
        &["block", "--port", "80", "--tcp", "--udp"],
        &["unblock"],
        &["unblock", "sctp-1"],
        &["unblock", "tcp-1", "--port", "1"],
        &["unblock", "--udp"],
        &["blocks", "--format", "xml"],
    ] {
        let out = Command::new(PORTSCOPE)
            .args(args)
            .env("PORTSCOPE_NFT", "/nonexistent/nft")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}
