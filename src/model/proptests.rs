//! Property tests (issue 9) for `diff`, `sort` and `filter` over arbitrary rows, plus the row
//! strategies other modules' property tests share. PROPTEST_CASES cases each (CI: 10,000).

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::Arc;

use proptest::prelude::*;

use super::fixtures::tcp;
use super::sort::{compare, sort_indices};
use super::*;

/// Characters that hostile process names are made of: anything, plus the ones that break
/// terminals, spreadsheets, HTML and message templates, so they turn up often.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<char>().prop_map(String::from),
        2 => prop::sample::select(vec![
            '\u{0}', '\u{7}', '\u{8}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}',
            '\u{200e}', '\u{200f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{61c}',
            '\u{feff}', '"', '\'', ',', ';', '<', '>', '&', '{', '}', 'ß', 'Σ', 'İ',
        ])
        .prop_map(String::from),
        2 => prop::sample::select(vec![
            "<script>", "</script>", "<SCRIPT src=x>", "=cmd|' /C calc'!A0", "+SUM(1)", "-1",
            "@x", "{0}", "{1}", "{3}", "{{0}}", "\u{1b}]0;pwned\u{7}", "\u{1b}[2J", "</td>",
            "\"quoted\"", "a,b", "浏览器", " ", "  ",
        ])
        .prop_map(str::to_owned),
        1 => "[a-zA-Z0-9._/-]{1,8}",
    ]
}

/// Arbitrary attacker-chosen text: any Unicode, with controls, bidi overrides, markup,
/// spreadsheet formulas and template markers over-represented.
pub(crate) fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_piece(), 0..8).prop_map(|parts| parts.concat())
}

fn small_address() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        prop::sample::select(vec![
            "127.0.0.1",
            "0.0.0.0",
            "192.168.1.5",
            "::1",
            "::",
            "fe80::1",
            "::ffff:127.0.0.1",
        ])
        .prop_map(|s| s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))),
        any::<[u8; 4]>().prop_map(IpAddr::from),
        any::<[u8; 16]>().prop_map(IpAddr::from),
    ]
}

fn tcp_state() -> impl Strategy<Value = TcpState> {
    prop::sample::select(vec![
        TcpState::Listen,
        TcpState::SynSent,
        TcpState::SynReceived,
        TcpState::Established,
        TcpState::FinWait1,
        TcpState::FinWait2,
        TcpState::CloseWait,
        TcpState::Closing,
        TcpState::LastAck,
        TcpState::TimeWait,
        TcpState::Closed,
    ])
}

fn finding() -> impl Strategy<Value = Finding> {
    (
        prop::sample::select(vec![
            RuleId::KnownBackdoorPort,
            RuleId::RiskyServiceExposed,
            RuleId::ListensOnAllInterfaces,
            RuleId::ExeInTempDir,
            RuleId::ExeDeleted,
            RuleId::ExeUpdated,
            RuleId::NameSpoofing,
            RuleId::UnexpectedOwner,
            RuleId::OwnerUnknown,
        ]),
        prop::sample::select(vec![
            RiskLevel::None,
            RiskLevel::Info,
            RiskLevel::Low,
            RiskLevel::Medium,
            RiskLevel::High,
        ]),
        prop::collection::vec(hostile_text(), 0..4),
    )
        .prop_map(|(rule, level, evidence)| Finding {
            rule,
            level,
            evidence,
        })
}

fn assessment() -> impl Strategy<Value = Assessment> {
    (
        prop::sample::select(vec![
            Exposure::Loopback,
            Exposure::LocalNetwork,
            Exposure::AllInterfaces,
        ]),
        prop::option::of(prop::sample::select(vec!["ssh", "http", "dns", "SSH"])),
        prop::collection::vec(finding(), 0..3),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec!["Back Orifice", "NetBus"])),
        any::<bool>(),
    )
        .prop_map(
            |(exposure, service, findings, trusted, in_baseline, backdoor, public_peer)| {
                Assessment {
                    exposure,
                    service: service.map(str::to_owned),
                    findings,
                    trusted,
                    in_baseline,
                    backdoor: backdoor.map(str::to_owned),
                    public_peer,
                }
            },
        )
}

/// A process whose name, path and command line are hostile text.
pub(crate) fn hostile_process() -> impl Strategy<Value = ProcessInfo> {
    (
        1u32..5,
        hostile_text(),
        prop::option::of(hostile_text()),
        prop::collection::vec(hostile_text(), 0..4),
        prop::option::of(hostile_text()),
    )
        .prop_map(|(pid, name, path, cmdline, user)| ProcessInfo {
            pid,
            name,
            path: path.map(std::path::PathBuf::from),
            cmdline,
            user,
            ..super::fixtures::process(pid, "x")
        })
}

/// Any row. Ports, addresses, PIDs and inodes come from small pools so that keys collide
/// often (the interesting cases for diff and sort); names and paths are hostile text.
pub(crate) fn arb_row() -> impl Strategy<Value = SocketRow> {
    (
        (
            any::<bool>(),
            small_address(),
            prop_oneof![3 => 0u16..6, 1 => any::<u16>()],
            prop::option::of((small_address(), 0u16..4)),
            tcp_state(),
        ),
        (
            prop::collection::vec(1u32..5, 0..3),
            prop::option::of(hostile_process()),
            prop::option::of(0u32..3),
            0u64..4,
            any::<bool>(),
            assessment(),
        ),
    )
        .prop_map(
            |(
                (is_tcp, local, port, remote, state),
                (pids, process, uid, inode, hidden, assessment),
            )| {
                let mut row = tcp("127.0.0.1", port, state, 1, "x");
                if !is_tcp {
                    row.protocol = Protocol::Udp;
                    row.state = None;
                }
                row.local_address = local;
                row.remote_address = remote.map(|(a, _)| a);
                row.remote_port = remote.map(|(_, p)| p);
                row.pids = pids.into();
                row.process = process.map(Arc::new);
                row.uid = uid;
                row.socket_user = uid.map(|u| format!("user{u}").into());
                row.inode = inode;
                row.owner_hidden = hidden;
                row.assessment = std::sync::Arc::new(assessment);
                row
            },
        )
}

/// A set of rows as one snapshot has them: every key at most once.
fn snapshot_rows() -> impl Strategy<Value = Vec<SocketRow>> {
    prop::collection::vec(arb_row(), 0..24).prop_map(|rows| {
        let mut seen = BTreeSet::new();
        rows.into_iter().filter(|r| seen.insert(r.key())).collect()
    })
}

/// Two snapshots that share many sockets: `next` keeps some of `prev` (some changed), drops
/// the rest and adds new ones.
fn prev_and_next() -> impl Strategy<Value = (Vec<SocketRow>, Vec<SocketRow>)> {
    (snapshot_rows(), snapshot_rows()).prop_flat_map(|(prev, fresh)| {
        let n = prev.len();
        (
            Just(prev),
            Just(fresh),
            prop::collection::vec((any::<bool>(), prop::option::of(tcp_state())), n),
        )
            .prop_map(|(prev, fresh, plan)| {
                let mut next: Vec<SocketRow> = prev
                    .iter()
                    .zip(plan)
                    .filter(|(_, (keep, _))| *keep)
                    .map(|(r, (_, state))| {
                        let mut r = r.clone();
                        if r.protocol == Protocol::Tcp && state.is_some() {
                            r.state = state;
                        }
                        r
                    })
                    .collect();
                let mut keys: BTreeSet<SocketKey> = next.iter().map(SocketRow::key).collect();
                next.extend(fresh.into_iter().filter(|r| keys.insert(r.key())));
                (prev, next)
            })
    })
}

fn keys(rows: &[SocketRow]) -> BTreeSet<SocketKey> {
    rows.iter().map(SocketRow::key).collect()
}

/// The primary sort key of `column`, written out independently of `sort.rs`: the column's own
/// order, before any tie-break.
fn primary(column: Column, a: &SocketRow, b: &SocketRow) -> std::cmp::Ordering {
    let service = |r: &SocketRow| {
        r.assessment
            .backdoor
            .clone()
            .or_else(|| r.assessment.service.clone())
    };
    let is_v6 = |r: &SocketRow| r.local_address.is_ipv6();
    match column {
        Column::Process => a
            .process_name()
            .to_lowercase()
            .cmp(&b.process_name().to_lowercase()),
        Column::Risk => a.assessment.level().cmp(&b.assessment.level()),
        Column::Pid => a.pids.first().cmp(&b.pids.first()),
        Column::Protocol => (a.protocol, is_v6(a)).cmp(&(b.protocol, is_v6(b))),
        Column::LocalAddress => a.local_address.cmp(&b.local_address),
        Column::LocalPort => a.local_port.cmp(&b.local_port),
        Column::Service => service(a).cmp(&service(b)),
        Column::PortClass => PortClass::of(a.local_port).cmp(&PortClass::of(b.local_port)),
        Column::Exposure => a.assessment.exposure.cmp(&b.assessment.exposure),
        Column::RemoteAddress => a.remote_address.cmp(&b.remote_address),
        Column::RemotePort => a.remote_port.cmp(&b.remote_port),
        Column::State => a.state.cmp(&b.state),
        Column::User => a.user().cmp(&b.user()),
        Column::Path => a.path().cmp(&b.path()),
    }
}

fn sort_spec() -> impl Strategy<Value = SortSpec> {
    (
        prop::sample::select(Column::ALL.to_vec()),
        prop::sample::select(vec![SortOrder::Ascending, SortOrder::Descending]),
    )
        .prop_map(|(column, order)| SortSpec { column, order })
}

fn quick_filter() -> impl Strategy<Value = QuickFilter> {
    (
        prop::sample::select(vec![
            StateFilter::All,
            StateFilter::Listening,
            StateFilter::Established,
        ]),
        prop::sample::select(vec![
            ProtocolFilter::Both,
            ProtocolFilter::Tcp,
            ProtocolFilter::Udp,
        ]),
        any::<[bool; 4]>(),
    )
        .prop_map(
            |(state, protocol, [hide_loopback, flagged_only, new, internet])| QuickFilter {
                state,
                protocol,
                hide_loopback,
                flagged_only,
                new_since_baseline: new,
                internet_only: internet,
            },
        )
}

/// Flip the case of ASCII letters where `mask` says so.
fn mix_case(s: &str, mask: &[bool]) -> String {
    s.chars()
        .zip(mask.iter().copied().cycle())
        .map(|(c, up)| {
            if up {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

proptest! {
    // Cases: PROPTEST_CASES (256 by default; .ci/run sets 10,000 in a release build).
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn diff_opens_closes_and_reconstructs_next((prev, next) in prev_and_next()) {
        let d = diff(&prev, &next);
        let (before, after) = (keys(&prev), keys(&next));
        let opened = keys(&d.opened);
        let closed = keys(&d.closed);
        prop_assert_eq!(opened.len(), d.opened.len(), "a socket opened twice");
        prop_assert_eq!(closed.len(), d.closed.len(), "a socket closed twice");
        let want_opened: BTreeSet<_> = after.difference(&before).cloned().collect();
        let want_closed: BTreeSet<_> = before.difference(&after).cloned().collect();
        prop_assert_eq!(&opened, &want_opened);
        prop_assert_eq!(&closed, &want_closed);
        prop_assert!(opened.is_disjoint(&closed));
        for c in &d.changed {
            let k = c.row.key();
            prop_assert!(before.contains(&k) && after.contains(&k), "changed {k:?} not in both");
        }
        // prev − closed + opened = next.
        let rebuilt: BTreeSet<_> = before.difference(&closed).cloned().chain(opened).collect();
        prop_assert_eq!(rebuilt, after);
        prop_assert!(diff(&prev, &prev).is_empty());
        prop_assert!(diff(&next, &next).is_empty());
    }

    #[test]
    fn sort_is_a_sorted_stable_permutation(rows in prop::collection::vec(arb_row(), 0..24), spec in sort_spec(), seed in any::<u64>()) {
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        sort_indices(&rows, &mut idx, spec);
        let mut seen = idx.clone();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..rows.len()).collect::<Vec<_>>(), "not a permutation");
        for w in idx.windows(2) {
            let (a, b) = (&rows[w[0]], &rows[w[1]]);
            let by_column = match spec.order {
                SortOrder::Ascending => primary(spec.column, a, b),
                SortOrder::Descending => primary(spec.column, b, a),
            };
            prop_assert_ne!(by_column, std::cmp::Ordering::Greater, "out of order at {:?}", w);
            if compare(a, b, spec) == std::cmp::Ordering::Equal {
                prop_assert!(w[0] < w[1], "equal rows swapped: not stable");
            }
        }
        // The same rows in another order sort to an equivalent sequence.
        let mut shuffled = rows.clone();
        let n = shuffled.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let mut a = rows.clone();
        sort_rows(&mut a, spec);
        sort_rows(&mut shuffled, spec);
        for (x, y) in a.iter().zip(&shuffled) {
            prop_assert_eq!(compare(x, y, spec), std::cmp::Ordering::Equal);
        }
        // Sorting again changes nothing.
        let mut again = a.clone();
        sort_rows(&mut again, spec);
        prop_assert_eq!(again, a);
    }

    #[test]
    fn descending_reverses_ascending_for_distinct_keys(rows in prop::collection::vec(arb_row(), 0..24), column in prop::sample::select(Column::ALL.to_vec())) {
        let mut distinct: Vec<SocketRow> = Vec::new();
        for r in rows {
            if distinct.iter().all(|d| primary(column, d, &r) != std::cmp::Ordering::Equal) {
                distinct.push(r);
            }
        }
        let mut up = distinct.clone();
        sort_rows(&mut up, SortSpec { column, order: SortOrder::Ascending });
        let mut down = distinct;
        sort_rows(&mut down, SortSpec { column, order: SortOrder::Descending });
        up.reverse();
        prop_assert_eq!(up, down);
    }

    #[test]
    fn filters_narrow_and_the_empty_filter_shows_all(
        rows in prop::collection::vec(arb_row(), 0..16),
        text in "[a-z0-9. ]{0,6}",
        extra in "[a-z0-9.]{1,4}",
        quick in quick_filter(),
    ) {
        let all = RowFilter::default();
        let f = RowFilter { text: text.clone(), quick };
        let narrower = RowFilter { text: format!("{text} {extra}"), quick };
        let text_only = RowFilter { text, ..Default::default() };
        // The window's fast path (one buffer, words lower-cased once) agrees row by row.
        let one_by_one: Vec<usize> = (0..rows.len()).filter(|&i| f.matches(&rows[i])).collect();
        prop_assert_eq!(f.matching_indices(&rows), one_by_one);
        for r in &rows {
            prop_assert!(all.matches(r));
            if f.matches(r) {
                prop_assert!(quick.matches(r) && text_only.matches(r));
            }
            if narrower.matches(r) {
                prop_assert!(f.matches(r), "an extra word widened the filter");
            }
            // Each of these only adds a restriction to `quick`.
            let mut tighter = vec![
                QuickFilter { hide_loopback: true, ..quick },
                QuickFilter { flagged_only: true, ..quick },
                QuickFilter { new_since_baseline: true, ..quick },
                QuickFilter { internet_only: true, ..quick },
            ];
            if quick.state == StateFilter::All {
                tighter.push(QuickFilter { state: StateFilter::Listening, ..quick });
                tighter.push(QuickFilter { state: StateFilter::Established, ..quick });
            }
            if quick.protocol == ProtocolFilter::Both {
                tighter.push(QuickFilter { protocol: ProtocolFilter::Tcp, ..quick });
                tighter.push(QuickFilter { protocol: ProtocolFilter::Udp, ..quick });
            }
            for t in tighter {
                let tf = RowFilter { text: f.text.clone(), quick: t };
                if tf.matches(r) {
                    prop_assert!(f.matches(r), "{t:?} widened {quick:?}");
                }
            }
        }
    }

    #[test]
    fn text_search_finds_a_row_by_port_and_name_in_any_case(row in arb_row(), mask in prop::collection::vec(any::<bool>(), 1..8)) {
        let by_port = RowFilter { text: row.local_port.to_string(), ..Default::default() };
        prop_assert!(by_port.matches(&row));
        let name = row.process_name().to_owned();
        for word in name.split_whitespace() {
            for variant in [word.to_owned(), mix_case(word, &mask), word.to_lowercase()] {
                let f = RowFilter { text: variant.clone(), ..Default::default() };
                prop_assert!(f.matches(&row), "{variant:?} does not find {name:?}");
            }
            if word.is_ascii() {
                let f = RowFilter { text: word.to_uppercase(), ..Default::default() };
                prop_assert!(f.matches(&row), "upper case of {word:?}");
            }
        }
    }
}
