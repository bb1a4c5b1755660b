//! nftables, PortScope's way: every rule lives in its own table `inet portscope`, with one base
//! chain on the input hook that drops what is in two named sets, `tcp_ports` and `udp_ports`
//! (type `inet_service`, flag `timeout`). A timed block is a set element with a timeout, so the
//! kernel lifts it by itself, with no PortScope running.
//!
//! Scripts for `nft -f -` are built here only from validated numbers (a `u16` port, a protocol
//! enum, seconds); no text from outside ever reaches them. What is in force is read back with
//! `nft -j list table inet portscope` and parsed as JSON. Nothing here names any other table.
//! Pure: the runner (`Nft`) is passed in, so this is tested without a kernel.

use std::fmt::Write as _;

use serde_json::Value;

use super::{BlockId, Element};
use crate::model::Protocol;

/// The family and name of PortScope's table: `inet portscope`.
pub const TABLE: &str = "inet portscope";

/// The named set of blocked ports of `protocol`.
pub fn set_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "tcp_ports",
        Protocol::Udp => "udp_ports",
    }
}

/// The priority of our base chain: before the usual filter chains (0), so a drop is seen
/// first. A drop in any base chain drops the packet, whatever the other chains accept.
const PRIORITY: i32 = -10;

/// What PortScope's table holds, read back from the kernel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Readback {
    /// The table exists.
    pub present: bool,
    /// Both sets and the chain with exactly our two rules are there, as PortScope made them.
    pub intact: bool,
    /// The blocked ports, in set order.
    pub elements: Vec<Element>,
}

impl Readback {
    /// The element for `id`, if it is in force.
    pub fn find(&self, id: BlockId) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }
}

/// The lines that make the whole table, sets, chain and rules (for a batch).
fn create_table(out: &mut String) {
    let _ = writeln!(out, "add table {TABLE}");
    for protocol in [Protocol::Tcp, Protocol::Udp] {
        let _ = writeln!(
            out,
            "add set {TABLE} {} {{ type inet_service; flags timeout; }}",
            set_name(protocol)
        );
    }
    let _ = writeln!(
        out,
        "add chain {TABLE} input {{ type filter hook input priority {PRIORITY}; policy accept; }}"
    );
    for protocol in [Protocol::Tcp, Protocol::Udp] {
        let _ = writeln!(
            out,
            "add rule {TABLE} input {} dport @{} drop",
            protocol.as_str(),
            set_name(protocol)
        );
    }
}

/// `add element` for one port, with a timeout in seconds or none.
fn add_element(out: &mut String, id: BlockId, timeout: Option<u64>) {
    let _ = write!(
        out,
        "add element {TABLE} {} {{ {}",
        set_name(id.protocol),
        id.port
    );
    if let Some(secs) = timeout {
        let _ = write!(out, " timeout {secs}s");
    }
    out.push_str(" }\n");
}

fn delete_element(out: &mut String, id: BlockId) {
    let _ = writeln!(
        out,
        "delete element {TABLE} {} {{ {} }}",
        set_name(id.protocol),
        id.port
    );
}

/// Make the table whole where it is not: missing, made from nothing; changed by hand, made again
/// with the blocks it held (timed ones keep their time left). Returns the blocks now in it.
fn ensure_table(out: &mut String, now: &Readback) -> Vec<Element> {
    if now.present && now.intact {
        return now.elements.clone();
    }
    if now.present {
        // Ours, changed by someone: replace it as a whole, in the same batch.
        let _ = writeln!(out, "delete table {TABLE}");
    }
    create_table(out);
    for e in &now.elements {
        add_element(out, e.id, e.expires.map(|s| s.max(1)));
    }
    now.elements.clone()
}

/// The batch that blocks `id` (for `timeout` seconds, or without end), replacing a block of
/// the same port that is already there.
pub fn block_script(now: &Readback, id: BlockId, timeout: Option<u64>) -> String {
    let mut out = String::new();
    let held = ensure_table(&mut out, now);
    if held.iter().any(|e| e.id == id) {
        delete_element(&mut out, id);
    }
    add_element(&mut out, id, timeout);
    out
}

/// The batch that puts back every block of `ids` that is not in force (boot, `--restore`),
/// or `None` when all are.
pub fn restore_script(now: &Readback, ids: &[BlockId]) -> Option<String> {
    let missing: Vec<BlockId> = ids
        .iter()
        .copied()
        .filter(|id| now.find(*id).is_none_or(|e| e.timeout.is_some()))
        .collect();
    if missing.is_empty() && (!now.present || now.intact) {
        return None;
    }
    let mut out = String::new();
    let held = ensure_table(&mut out, now);
    for id in missing {
        if held.iter().any(|e| e.id == id) {
            delete_element(&mut out, id);
        }
        add_element(&mut out, id, None);
    }
    Some(out)
}

/// The batch that lifts `id`; the table goes too when it was the last block, so nothing of
/// PortScope's is left behind.
pub fn unblock_script(now: &Readback, id: BlockId) -> String {
    let mut out = String::new();
    if now.elements.iter().all(|e| e.id == id) {
        let _ = writeln!(out, "delete table {TABLE}");
    } else {
        delete_element(&mut out, id);
    }
    out
}

/// True when `stderr` of `nft list table` says the table does not exist.
pub fn says_no_such_table(stderr: &str) -> bool {
    stderr.contains("No such file or directory")
}

/// Parse `nft -j list table inet portscope`.
pub fn parse_readback(json: &str) -> Result<Readback, String> {
    let doc: Value =
        serde_json::from_str(json).map_err(|e| format!("nft printed no JSON ({e})"))?;
    let items = doc["nftables"]
        .as_array()
        .ok_or_else(|| "nft's JSON has no \"nftables\" list".to_owned())?;
    let ours = |o: &Value| o["family"] == "inet" && o["table"] == "portscope";
    let mut rb = Readback {
        present: items
            .iter()
            .any(|i| i["table"]["family"] == "inet" && i["table"]["name"] == "portscope"),
        ..Readback::default()
    };
    let mut sets_ok = 0;
    let mut chain_ok = false;
    let mut rules = Vec::new();
    for item in items {
        if let Some(set) = item.get("set").filter(|s| ours(s)) {
            let Some(protocol) = [Protocol::Tcp, Protocol::Udp]
                .into_iter()
                .find(|p| set["name"] == set_name(*p))
            else {
                continue;
            };
            let timeout_flag = set["flags"]
                .as_array()
                .is_some_and(|f| f.iter().any(|x| x == "timeout"));
            if set["type"] == "inet_service" && timeout_flag {
                sets_ok += 1;
            }
            for elem in set["elem"].as_array().into_iter().flatten() {
                rb.elements.extend(parse_element(protocol, elem));
            }
        } else if let Some(chain) = item.get("chain").filter(|c| ours(c)) {
            if chain["name"] == "input" {
                chain_ok = chain["type"] == "filter" && chain["hook"] == "input";
            }
        } else if let Some(rule) = item
            .get("rule")
            .filter(|r| ours(r) && r["chain"] == "input")
        {
            rules.push(rule_protocol(rule));
        }
    }
    rb.intact = rb.present
        && sets_ok == 2
        && chain_ok
        && rules == [Some(Protocol::Tcp), Some(Protocol::Udp)];
    Ok(rb)
}

/// One set element: a bare port, or `{"elem": {"val", "timeout", "expires"}}` (seconds).
fn parse_element(protocol: Protocol, elem: &Value) -> Option<Element> {
    let secs = |v: &Value| v.as_u64().or_else(|| v.as_f64().map(|f| f.max(0.0) as u64));
    let (val, timeout, expires) = match elem.get("elem") {
        Some(inner) => (
            &inner["val"],
            secs(&inner["timeout"]),
            secs(&inner["expires"]),
        ),
        None => (elem, None, None),
    };
    let port = u16::try_from(val.as_u64()?).ok()?;
    Some(Element {
        id: BlockId { protocol, port },
        timeout,
        // An element with a timeout always expires; nft prints no `expires` in its last second.
        expires: timeout.map(|_| expires.unwrap_or(0)),
    })
}

/// The protocol of a rule that is exactly `<proto> dport @<proto>_ports drop`, else `None`.
fn rule_protocol(rule: &Value) -> Option<Protocol> {
    let expr = rule["expr"].as_array()?;
    let [matched, verdict] = expr.as_slice() else {
        return None;
    };
    verdict.get("drop")?;
    let m = &matched["match"];
    let protocol = [Protocol::Tcp, Protocol::Udp]
        .into_iter()
        .find(|p| m["left"]["payload"]["protocol"] == p.as_str())?;
    let right = format!("@{}", set_name(protocol));
    (m["op"] == "==" && m["left"]["payload"]["field"] == "dport" && m["right"] == right.as_str())
        .then_some(protocol)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// What nft 1.0.6 printed for our table with TCP 22 (no timeout) and 8080 (90 s, 89 left).
    pub(crate) const LISTED: &str = r#"{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"table": {"family": "inet", "name": "portscope", "handle": 1}}, {"set": {"family": "inet", "name": "tcp_ports", "table": "portscope", "type": "inet_service", "handle": 2, "flags": ["timeout"], "elem": [22, {"elem": {"val": 8080, "timeout": 90, "expires": 89}}]}}, {"set": {"family": "inet", "name": "udp_ports", "table": "portscope", "type": "inet_service", "handle": 3, "flags": ["timeout"]}}, {"chain": {"family": "inet", "table": "portscope", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": -10, "policy": "accept"}}, {"rule": {"family": "inet", "table": "portscope", "chain": "input", "handle": 4, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": "@tcp_ports"}}, {"drop": null}]}}, {"rule": {"family": "inet", "table": "portscope", "chain": "input", "handle": 5, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": "@udp_ports"}}, {"drop": null}]}}]}"#;

    fn tcp(port: u16) -> BlockId {
        BlockId {
            protocol: Protocol::Tcp,
            port,
        }
    }

    #[test]
    fn the_listing_of_nft_is_read_with_its_timeouts() {
        let rb = parse_readback(LISTED).unwrap();
        assert!(rb.present && rb.intact, "{rb:?}");
        assert_eq!(
            rb.elements,
            [
                Element {
                    id: tcp(22),
                    timeout: None,
                    expires: None
                },
                Element {
                    id: tcp(8080),
                    timeout: Some(90),
                    expires: Some(89)
                },
            ]
        );
    }

    #[test]
    fn a_table_changed_by_hand_is_not_intact() {
        // An accept rule put before ours would stop our drop: the chain must be exactly ours.
        let accept = r#"{"rule": {"family": "inet", "table": "portscope", "chain": "input", "handle": 9, "expr": [{"accept": null}]}}"#;
        let extra = LISTED.replace(
            r#"{"rule": {"family": "inet", "table": "portscope", "chain": "input", "handle": 4"#,
            &format!(
                "{accept}, {}",
                r#"{"rule": {"family": "inet", "table": "portscope", "chain": "input", "handle": 4"#
            ),
        );
        assert!(!parse_readback(&extra).unwrap().intact);
        let no_udp_set = LISTED.replace("\"udp_ports\", \"table\"", "\"other\", \"table\"");
        assert!(!parse_readback(&no_udp_set).unwrap().intact);
        let no_timeout = LISTED.replace(r#""flags": ["timeout"], "elem""#, r#""elem""#);
        assert!(!parse_readback(&no_timeout).unwrap().intact);
        let output_hook = LISTED.replace(r#""hook": "input""#, r#""hook": "output""#);
        assert!(!parse_readback(&output_hook).unwrap().intact);
        // Someone else's table of the same name in another family is not ours.
        let other =
            r#"{"nftables": [{"table": {"family": "ip", "name": "portscope", "handle": 1}}]}"#;
        assert!(!parse_readback(other).unwrap().present);
        assert!(parse_readback("Error: x").is_err());
    }

    #[test]
    fn scripts_name_only_our_table_and_numbers() {
        let missing = Readback::default();
        let script = block_script(&missing, tcp(8080), Some(3600));
        assert_eq!(
            script,
            "add table inet portscope\n\
             add set inet portscope tcp_ports { type inet_service; flags timeout; }\n\
             add set inet portscope udp_ports { type inet_service; flags timeout; }\n\
             add chain inet portscope input { type filter hook input priority -10; policy accept; }\n\
             add rule inet portscope input tcp dport @tcp_ports drop\n\
             add rule inet portscope input udp dport @udp_ports drop\n\
             add element inet portscope tcp_ports { 8080 timeout 3600s }\n"
        );
        for line in script.lines() {
            assert!(line.contains(" inet portscope"), "{line}");
        }
        let rb = parse_readback(LISTED).unwrap();
        // A block of a port already blocked replaces it: its new time counts.
        assert_eq!(
            block_script(&rb, tcp(8080), None),
            "delete element inet portscope tcp_ports { 8080 }\n\
             add element inet portscope tcp_ports { 8080 }\n"
        );
        let udp = BlockId {
            protocol: Protocol::Udp,
            port: 53,
        };
        assert_eq!(
            block_script(&rb, udp, Some(5)),
            "add element inet portscope udp_ports { 53 timeout 5s }\n"
        );
    }

    #[test]
    fn a_changed_table_is_made_again_with_the_blocks_it_held() {
        let mut rb = parse_readback(LISTED).unwrap();
        rb.intact = false;
        let script = block_script(&rb, tcp(7626), None);
        assert!(
            script.starts_with("delete table inet portscope\nadd table"),
            "{script}"
        );
        assert!(script.contains("tcp_ports { 22 }\n"), "{script}");
        assert!(
            script.contains("tcp_ports { 8080 timeout 89s }\n"),
            "{script}"
        );
        assert!(script.ends_with("tcp_ports { 7626 }\n"), "{script}");
    }

    #[test]
    fn unblocking_the_last_port_removes_the_table() {
        let rb = parse_readback(LISTED).unwrap();
        assert_eq!(
            unblock_script(&rb, tcp(22)),
            "delete element inet portscope tcp_ports { 22 }\n"
        );
        let mut one = rb.clone();
        one.elements.retain(|e| e.id == tcp(22));
        assert_eq!(
            unblock_script(&one, tcp(22)),
            "delete table inet portscope\n"
        );
    }

    #[test]
    fn restoring_adds_only_what_is_missing() {
        let rb = parse_readback(LISTED).unwrap();
        assert_eq!(restore_script(&rb, &[tcp(22)]), None);
        // 8080 is there, but timed: an "always" block replaces it.
        assert_eq!(
            restore_script(&rb, &[tcp(22), tcp(8080)]).unwrap(),
            "delete element inet portscope tcp_ports { 8080 }\n\
             add element inet portscope tcp_ports { 8080 }\n"
        );
        let script = restore_script(&Readback::default(), &[tcp(22)]).unwrap();
        assert!(script.starts_with("add table inet portscope\n"), "{script}");
        assert!(script.ends_with("tcp_ports { 22 }\n"), "{script}");
        assert_eq!(restore_script(&Readback::default(), &[]), None);
    }
}
