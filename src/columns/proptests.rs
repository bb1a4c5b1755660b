//! Property tests for the registry's sorting and search over arbitrary rows (issue 9; they were
//! `model`'s before the sort key and search text moved here). PROPTEST_CASES cases each (CI:
//! 10,000).

use proptest::prelude::*;

use super::{compare, matches, matching_indices, sort_indices, sort_rows};
use crate::model::proptests::arb_row;
use crate::model::*;

/// The primary sort key of `column`, written out independently of the registry: the column's own
/// order, before any tie-break.
fn primary(column: Column, a: &SocketRow, b: &SocketRow) -> std::cmp::Ordering {
    let service = |r: &SocketRow| {
        r.assessment
            .backdoor
            .clone()
            .or_else(|| r.assessment.service.clone())
    };
    let is_v6 = |r: &SocketRow| r.local_address.is_ipv6();
    let origin = |r: &SocketRow| {
        let o = r.process().map(|p| &p.origin)?;
        if let Some(p) = &o.package {
            return Some(p.name.clone());
        }
        if let Some(c) = &o.container {
            return Some(c.id.clone());
        }
        o.services.first().cloned()
    };
    match column {
        Column::Process => a
            .process_name()
            .to_lowercase()
            .cmp(&b.process_name().to_lowercase()),
        Column::Risk => a.assessment.level().cmp(&b.assessment.level()),
        Column::Pid => a.pids().first().cmp(&b.pids().first()),
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
        Column::Origin => origin(a).cmp(&origin(b)),
        Column::Netns => a.netns.cmp(&b.netns),
        Column::Sent => a.traffic.map(|t| t.sent).cmp(&b.traffic.map(|t| t.sent)),
        Column::Received => a
            .traffic
            .map(|t| t.received)
            .cmp(&b.traffic.map(|t| t.received)),
        Column::Rate => {
            // Rates are finite; no rate sorts first.
            let total = |r: &SocketRow| r.rate.map(|r| r.sent + r.received);
            match (total(a), total(b)) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, Some(_)) => std::cmp::Ordering::Less,
                (Some(_), None) => std::cmp::Ordering::Greater,
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap(),
            }
        }
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
        let one_by_one: Vec<usize> = (0..rows.len()).filter(|&i| matches(&f, &rows[i])).collect();
        prop_assert_eq!(&matching_indices(&f, &rows, &[]), &one_by_one);
        // And with the engine's texts made beforehand.
        let texts: Vec<std::sync::Arc<str>> =
            rows.iter().map(|r| super::search_text(r).into()).collect();
        prop_assert_eq!(matching_indices(&f, &rows, &texts), one_by_one);
        for r in &rows {
            prop_assert!(matches(&all, r));
            if matches(&f, r) {
                prop_assert!(quick.matches(r) && matches(&text_only, r));
            }
            if matches(&narrower, r) {
                prop_assert!(matches(&f, r), "an extra word widened the filter");
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
                if matches(&tf, r) {
                    prop_assert!(matches(&f, r), "{t:?} widened {quick:?}");
                }
            }
        }
    }

    #[test]
    fn text_search_finds_a_row_by_port_and_name_in_any_case(row in arb_row(), mask in prop::collection::vec(any::<bool>(), 1..8)) {
        let by_port = RowFilter { text: row.local_port.to_string(), ..Default::default() };
        prop_assert!(matches(&by_port, &row));
        let name = row.process_name().to_owned();
        for word in name.split_whitespace() {
            for variant in [word.to_owned(), mix_case(word, &mask), word.to_lowercase()] {
                let f = RowFilter { text: variant.clone(), ..Default::default() };
                prop_assert!(matches(&f, &row), "{variant:?} does not find {name:?}");
            }
            if word.is_ascii() {
                let f = RowFilter { text: word.to_uppercase(), ..Default::default() };
                prop_assert!(matches(&f, &row), "upper case of {word:?}");
            }
        }
    }
}
