//! Property tests (issue 9) for `diff` over arbitrary rows, plus the row strategies other
//! modules' property tests share (`columns`' sort and search ones among them). PROPTEST_CASES cases each (CI: 10,000).

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::Arc;

use proptest::prelude::*;

use super::fixtures::tcp;
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

/// Evidence of every kind, its texts hostile.
fn evidence() -> impl Strategy<Value = Evidence> {
    let text = hostile_text;
    prop_oneof![
        (text(), any::<u16>()).prop_map(|(backdoor, port)| Evidence::BackdoorPort {
            backdoor,
            port,
            protocol: "TCP"
        }),
        (text(), any::<u16>())
            .prop_map(|(service, port)| Evidence::ExposedService { service, port }),
        any::<std::net::Ipv4Addr>().prop_map(|a| Evidence::ListenAddress(a.into())),
        text().prop_map(Evidence::ProgramPath),
        (text(), prop::option::of(text()))
            .prop_map(|(path, disowned_by)| Evidence::DeletedFile { path, disowned_by }),
        (text(), prop::option::of(text()))
            .prop_map(|(path, proved_by)| Evidence::UpdatedFile { path, proved_by }),
        text().prop_map(|shown| Evidence::HiddenCharacters { shown }),
        (text(), text()).prop_map(|(name, path)| Evidence::SystemNameElsewhere { name, path }),
        (text(), text(), text()).prop_map(|(service, usual, actual)| {
            Evidence::UnexpectedOwner {
                service,
                usual,
                actual,
            }
        }),
        text().prop_map(Evidence::SocketUser),
        (text(), text()).prop_map(|(path, reason)| Evidence::BadSignature { path, reason }),
        (text(), text(), text(), text()).prop_map(|(path, package, expected, actual)| {
            Evidence::ModifiedPackageFile {
                path,
                package,
                expected,
                actual,
            }
        }),
    ]
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
        evidence(),
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
            prop::option::of((any::<u64>(), any::<u64>())),
            prop::option::of((0.0f64..1e12, 0.0f64..1e12)),
            // Another network namespace (a small pool of ids: the same endpoints in two).
            prop::option::of((1u64..3, prop::option::of(hostile_text()))),
        ),
    )
        .prop_map(
            |(
                (is_tcp, local, port, remote, state),
                (pids, process, uid, inode, hidden, assessment, traffic, rate, netns),
            )| {
                let mut row = tcp("127.0.0.1", port, state, 1, "x");
                if !is_tcp {
                    row.protocol = Protocol::Udp;
                    row.state = None;
                }
                row.local_address = local;
                row.remote_address = remote.map(|(a, _)| a);
                row.remote_port = remote.map(|(_, p)| p);
                row.owner = Owner::known(pids.into(), process.map(Arc::new));
                row.uid = uid;
                row.socket_user = uid.map(|u| format!("user{u}").into());
                row.inode = inode;
                if hidden && row.pids().is_empty() {
                    row.owner = Owner::Hidden;
                }
                row.assessment = std::sync::Arc::new(assessment);
                row.traffic = traffic.map(|(sent, received)| Traffic { sent, received });
                row.rate = rate.map(|(sent, received)| Rate { sent, received });
                row.netns = netns.map(|(id, name)| Arc::new(NetNs { id, name }));
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
}
