//! Host names by reverse DNS against a real DNS server (issue 17, part 2). Each test makes a
//! network namespace of its own, puts 8.8.8.8, 1.1.1.1 and 9.9.9.9 (and a resolver address) on
//! its `lo`, and gives it a `/etc/netns/<ns>/resolv.conf` and `hosts`, which `ip netns exec`
//! mounts over `/etc`'s: every query PortScope makes goes to a server inside the namespace, and
//! no packet leaves it.
//!
//! - dnsmasq (Debian's `dnsmasq-base`) answers: 8.8.8.8 is `dns.google`, which resolves back
//!   (verified); 1.1.1.1 claims `login.microsoft.com`, which resolves elsewhere (unverified);
//!   9.9.9.9's PTR holds an ESC byte (glibc refuses it: no name). The namespace's `hosts` names
//!   5.5.5.5 with an ESC sequence, which glibc's files source passes on as it is (PortScope's
//!   own check refuses it), and 6.6.6.6 with 5,000 bytes (no name either).
//! - Without `--resolve` no query reaches dnsmasq (its `--log-queries` file) and every
//!   `remote_host` is null.
//! - A resolver that never answers (a UDP socket on port 53 that never reads): `list --resolve`
//!   still ends within 3 s.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{json_stdout, portscope_bin};

/// The namespace's DNS server.
const RESOLVER: &str = "10.53.0.1";

/// Runs inside the namespace: connects to each address (listening there first), optionally holds
/// a silent "DNS server" on `RESOLVER`:53, runs `portscope list --format json` without and with
/// `--resolve`, and reports both with their times (and the query log between them).
const CONNECT_AND_LIST: &str = r#"
import json, os, socket, subprocess, sys, time
bin, query_log, silent = sys.argv[1], sys.argv[2], sys.argv[3] == "silent"
held = []
if silent:
    mute = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); mute.bind((sys.argv[4], 53))
    held.append(mute)
for a in sys.argv[5:]:
    srv = socket.socket(); srv.bind((a, 443)); srv.listen(4)
    cli = socket.create_connection((a, 443)); peer, _ = srv.accept()
    held += [srv, cli, peer]
def run(*extra):
    t = time.monotonic()
    out = subprocess.run([bin, "list", "--format", "json", *extra], capture_output=True,
                         env=dict(os.environ, LANG="C.UTF-8"), timeout=60)
    return {"code": out.returncode, "list": out.stdout.decode(), "stderr": out.stderr.decode(),
            "secs": time.monotonic() - t}
plain = run()
log_after_plain = open(query_log).read() if os.path.exists(query_log) else ""
resolved = run("--resolve")
print(json.dumps({"plain": plain, "log_after_plain": log_after_plain, "resolved": resolved}))
"#;

/// Runs inside the namespace: starts `portscope watch --format json --interval 0.2 [EXTRA]`,
/// waits for its starting state, connects to ADDR:8443 (listening there; not 443, which the
/// list's connections may still hold in TIME_WAIT), closes the connection
/// 2 s later, stops watch a second after that, and reports each line with the seconds since the
/// connection was made. With "silent", a UDP socket on RESOLVER:53 that never answers.
const CONNECT_AND_WATCH: &str = r#"
import json, os, signal, socket, subprocess, sys, threading, time
bin, addr, resolver, silent, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "silent", sys.argv[5:]
if silent:
    mute = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); mute.bind((resolver, 53))
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((addr, 8443)); srv.listen(4)
w = subprocess.Popen([bin, "watch", "--format", "json", "--interval", "0.2", *extra],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     env=dict(os.environ, LANG="C.UTF-8", RUST_LOG="portscope=debug"))
ready, lines = threading.Event(), []
def out():
    for line in w.stdout:
        lines.append((time.monotonic(), line.decode()))
def err():
    for line in w.stderr:
        if b"starting state taken" in line:
            ready.set()
threading.Thread(target=out, daemon=True).start()
threading.Thread(target=err, daemon=True).start()
if not ready.wait(30):
    sys.exit("watch did not start")
t0 = time.monotonic()
cli = socket.create_connection((addr, 8443)); peer, _ = srv.accept()
time.sleep(2.0)
cli.close(); peer.close()
time.sleep(1.0)
w.send_signal(signal.SIGTERM); w.wait(timeout=10)
print(json.dumps([[t - t0, json.loads(l)] for t, l in lines]))
"#;

/// A network namespace and its `/etc/netns/<name>` folder, removed on drop.
struct Netns {
    name: String,
    etc: PathBuf,
}

impl Netns {
    fn new(tag: &str, addrs: &[&str], resolv_conf: &str, hosts: &[u8]) -> Netns {
        let name = format!("ps{tag}{}", std::process::id());
        let etc = Path::new("/etc/netns").join(&name);
        let ns = Netns { name, etc };
        let made = Command::new("ip")
            .args(["netns", "add", &ns.name])
            .status()
            .unwrap();
        assert!(made.success(), "ip netns add");
        ns.ip(&["link", "set", "lo", "up"]);
        for a in addrs {
            ns.ip(&["addr", "add", &format!("{a}/32"), "dev", "lo"]);
        }
        std::fs::create_dir_all(&ns.etc).unwrap();
        std::fs::write(ns.etc.join("resolv.conf"), resolv_conf).unwrap();
        std::fs::write(ns.etc.join("hosts"), hosts).unwrap();
        ns
    }

    fn ip(&self, args: &[&str]) {
        let ok = Command::new("ip")
            .args(["-n", &self.name])
            .args(args)
            .status()
            .unwrap();
        assert!(ok.success(), "ip -n {} {args:?}", self.name);
    }

    fn exec(&self) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name]);
        c
    }

    /// Connect to `addrs` inside the namespace and list without and with `--resolve`.
    fn connect_and_list(
        &self,
        query_log: &Path,
        silent: bool,
        addrs: &[&str],
    ) -> serde_json::Value {
        let out = self
            .exec()
            .args(["python3", "-c", CONNECT_AND_LIST])
            .arg(portscope_bin())
            .arg(query_log)
            .arg(if silent { "silent" } else { "dns" })
            .arg(RESOLVER)
            .args(addrs)
            .output()
            .unwrap();
        json_stdout(&out)
    }
}

impl Netns {
    /// `watch` while a connection to `addr`:8443 opens and closes: each event with the seconds
    /// since the connection was made.
    fn connect_and_watch(
        &self,
        addr: &str,
        silent: bool,
        extra: &[&str],
    ) -> Vec<(f64, serde_json::Value)> {
        let out = self
            .exec()
            .args(["python3", "-c", CONNECT_AND_WATCH])
            .arg(portscope_bin())
            .args([addr, RESOLVER, if silent { "silent" } else { "dns" }])
            .args(extra)
            .output()
            .unwrap();
        let lines: Vec<(f64, serde_json::Value)> = json_stdout(&out);
        lines
            .into_iter()
            // Only this namespace's own sockets: as root, PortScope lists other tests' namespaces
            // too (which may connect to the same test address).
            .filter(|(_, e)| {
                e["row"]["remote_address"] == addr
                    && e["row"]["remote_port"] == 8443
                    && e["row"]["netns"].is_null()
            })
            .collect()
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
        let _ = std::fs::remove_dir_all(&self.etc);
    }
}

/// dnsmasq, our own child, ended by its PID on drop.
struct Dnsmasq(Child);

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The rows of one `list` run's JSON.
fn rows(run: &serde_json::Value) -> Vec<serde_json::Value> {
    assert_eq!(run["code"], 0, "{run:#}");
    let list: serde_json::Value = serde_json::from_str(run["list"].as_str().unwrap()).unwrap();
    list["rows"].as_array().unwrap().clone()
}

/// The client side of the connection to `addr`:443.
fn to(rows: &[serde_json::Value], addr: &str) -> serde_json::Value {
    rows.iter()
        .find(|r| r["remote_address"] == addr && r["remote_port"] == 443)
        .unwrap_or_else(|| panic!("no connection to {addr}: {rows:#?}"))
        .clone()
}

/// dnsmasq inside `ns`: the test's PTR and A records, every query logged to `query_log`; once
/// it has logged its start.
fn start_dnsmasq(ns: &Netns, query_log: &Path) -> Dnsmasq {
    let daemon = ns
        .exec()
        .args([
            "dnsmasq",
            "--no-daemon",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
        ])
        .args([
            "--pid-file=",
            "--user=root",
            "--bind-interfaces",
            "--log-queries",
        ])
        .arg(format!("--listen-address={RESOLVER}"))
        .arg(format!("--log-facility={}", query_log.display()))
        .args([
            "--ptr-record=8.8.8.8.in-addr.arpa,dns.google",
            "--address=/dns.google/8.8.8.8",
        ])
        .arg("--ptr-record=1.1.1.1.in-addr.arpa,login.microsoft.com")
        .arg("--address=/login.microsoft.com/20.190.160.1")
        .arg("--ptr-record=9.9.9.9.in-addr.arpa,evil\\027name.example")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let daemon = Dnsmasq(daemon);
    let ready = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(query_log).is_ok_and(|l| l.contains("started")) {
        assert!(Instant::now() < ready, "dnsmasq did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    daemon
}

const HOSTS_HEADER: &[u8] = b"127.0.0.1 localhost\n::1 localhost\n";

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_reverse_names_come_verified_from_the_system_resolver_only_with_resolve() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "needs root for a namespace"
    );
    let addrs = ["8.8.8.8", "1.1.1.1", "9.9.9.9", "5.5.5.5", "6.6.6.6"];
    let mut hosts = HOSTS_HEADER.to_vec();
    hosts.extend_from_slice(b"5.5.5.5 evil\x1b[31m.example\n6.6.6.6 ");
    hosts.extend(std::iter::repeat_n(b'a', 5000));
    hosts.extend_from_slice(b".example\n");
    let ns = Netns::new(
        "dns",
        &[&addrs[..], &[RESOLVER]].concat(),
        &format!("nameserver {RESOLVER}\n"),
        &hosts,
    );
    // Not in /etc/netns/<ns>: `ip netns exec` would mount each file there over /etc's.
    let logs = tempfile::tempdir().unwrap();
    let query_log = logs.path().join("queries.log");
    let _dnsmasq = start_dnsmasq(&ns, &query_log);

    let result = ns.connect_and_list(&query_log, false, &addrs);
    let log = result["log_after_plain"].as_str().unwrap();
    assert!(
        !log.contains("query["),
        "list without --resolve asked the DNS: {log}"
    );
    let plain = rows(&result["plain"]);
    for a in addrs {
        let row = to(&plain, a);
        assert!(row["remote_host"].is_null(), "{row:#}");
        assert!(row["remote_host_verified"].is_null(), "{row:#}");
    }

    let resolved = rows(&result["resolved"]);
    let google = to(&resolved, "8.8.8.8");
    assert_eq!(google["remote_host"], "dns.google", "{google:#}");
    assert_eq!(google["remote_host_verified"], true);
    assert_eq!(google["remote_org"], "Google LLC", "the offline facts stay");
    let claimed = to(&resolved, "1.1.1.1");
    assert_eq!(claimed["remote_host"], "login.microsoft.com", "{claimed:#}");
    assert_eq!(
        claimed["remote_host_verified"], false,
        "it resolves elsewhere"
    );
    for hostile in ["9.9.9.9", "5.5.5.5", "6.6.6.6"] {
        let row = to(&resolved, hostile);
        assert!(row["remote_host"].is_null(), "{row:#}");
        assert!(row["remote_host_verified"].is_null(), "{row:#}");
    }
    // The listeners have no peer, so no name.
    let listener = resolved
        .iter()
        .find(|r| r["local_address"] == "8.8.8.8" && r["state"] == "LISTEN")
        .unwrap();
    assert!(listener["remote_host"].is_null());
    let log = std::fs::read_to_string(&query_log).unwrap();
    assert!(log.contains("query[PTR] 8.8.8.8.in-addr.arpa"), "{log}");
    assert!(
        log.contains("query[A] dns.google"),
        "forward-confirmed: {log}"
    );
    assert!(
        !log.contains("127.0.0.1.in-addr") && !log.contains("0.53.10.in-addr"),
        "only public addresses are asked about: {log}"
    );
    watch_names_later_and_only_with_resolve(&ns, &query_log);
}

/// `watch` in the dnsmasq namespace: no query without `--resolve`; with it, the name fills in
/// on a later event and the opening is not held up.
fn watch_names_later_and_only_with_resolve(ns: &Netns, query_log: &Path) {
    let log = std::fs::read_to_string(query_log).unwrap();
    let asked = log.matches("query[").count();
    // watch: no query without --resolve; with it, the name fills in on a later event.
    let events = ns.connect_and_watch("1.1.1.1", false, &[]);
    assert!(events.len() >= 2, "opened and closed: {events:#?}");
    assert!(
        events
            .iter()
            .all(|(_, e)| e["row"]["remote_host"].is_null()),
        "{events:#?}"
    );
    let after = std::fs::read_to_string(query_log).unwrap();
    assert_eq!(
        after.matches("query[").count(),
        asked,
        "watch asked the DNS: {after}"
    );
    let events = ns.connect_and_watch("8.8.8.8", false, &["--resolve"]);
    let named = events
        .iter()
        .find(|(_, e)| e["row"]["remote_host"] == "dns.google")
        .unwrap_or_else(|| panic!("no event names dns.google: {events:#?}"));
    assert_eq!(named.1["row"]["remote_host_verified"], true, "{named:#?}");
    assert_eq!(events[0].1["event"], "opened", "{events:#?}");
    assert!(
        events[0].0 < 1.9,
        "the opening is not held up by its lookup: {events:#?}"
    );
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_a_resolver_that_never_answers_costs_list_resolve_its_2_s_and_never_stalls_watch() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "needs root for a namespace"
    );
    let addrs = ["8.8.8.8", "1.1.1.1"];
    let ns = Netns::new(
        "mute",
        &[&addrs[..], &[RESOLVER]].concat(),
        &format!("nameserver {RESOLVER}\n"),
        HOSTS_HEADER,
    );
    let result = ns.connect_and_list(Path::new("/nonexistent/queries.log"), true, &addrs);
    let resolved = &result["resolved"];
    let secs = resolved["secs"].as_f64().unwrap();
    let plain = result["plain"]["secs"].as_f64().unwrap();
    eprintln!("list --resolve against a silent resolver took {secs:.2} s, without {plain:.2} s");
    // The names may cost their 2 s; the start, the poll and the address table are the plain
    // run's (a debug build under a loaded CI takes a while for those).
    assert!(
        secs < plain.max(0.5) + 2.5,
        "list --resolve took {secs:.2} s"
    );
    assert!(secs >= 1.9, "it did wait for the names: {secs:.2} s");
    let rows = rows(resolved);
    for a in addrs {
        let row = to(&rows, a);
        assert!(row["remote_host"].is_null(), "{row:#}");
        assert!(
            row["remote_org"].is_string(),
            "the rest is printed: {row:#}"
        );
    }
    // watch never waits on the resolver: the connection's events come on time, unnamed.
    let events = ns.connect_and_watch("8.8.8.8", true, &["--resolve"]);
    let kinds: Vec<&str> = events
        .iter()
        .filter_map(|(_, e)| e["event"].as_str())
        .collect();
    assert_eq!(kinds.first(), Some(&"opened"), "{events:#?}");
    // A watch that waited on this resolver would lose 5 s or more per lookup (glibc's own
    // timeout); the margins here are for a loaded machine.
    assert!(
        events[0].0 < 1.9,
        "opened {:.2} s after the connection",
        events[0].0
    );
    let closing = events
        .iter()
        .find(|(_, e)| e["event"] != "opened")
        .unwrap_or_else(|| panic!("no change or close: {events:#?}"));
    assert!(
        (2.0..4.5).contains(&closing.0),
        "the close came {:.2} s after the connection (closed at 2 s)",
        closing.0
    );
}

#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_no_dns_server_configured_means_no_names_and_no_wait() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "needs root for a namespace"
    );
    // A resolv.conf without a nameserver reads as a missing one does: glibc asks 127.0.0.1,
    // where nothing listens inside the namespace, and fails at once.
    let addrs = ["8.8.8.8"];
    let ns = Netns::new("nores", &addrs, "# no nameserver\n", HOSTS_HEADER);
    let result = ns.connect_and_list(Path::new("/nonexistent/queries.log"), false, &addrs);
    let (secs, plain) = (
        result["resolved"]["secs"].as_f64().unwrap(),
        result["plain"]["secs"].as_f64().unwrap(),
    );
    eprintln!("list --resolve without a DNS server took {secs:.2} s, without {plain:.2} s");
    assert!(secs < plain.max(0.5) + 1.0, "it waited: {secs:.2} s");
    let google = to(&rows(&result["resolved"]), "8.8.8.8");
    assert!(google["remote_host"].is_null(), "{google:#}");
    assert!(
        result["resolved"]["stderr"].as_str().unwrap().is_empty(),
        "{result:#}"
    );
}
