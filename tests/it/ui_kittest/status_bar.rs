//! The status bar counts live sockets, not the closed rows that linger in the table.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portscope::app::PortScopeApp;
use portscope::model::Snapshot;

use super::harness;

/// The status bar's totals as shown.
fn totals(h: &Harness<'_, PortScopeApp>) -> Vec<Option<String>> {
    h.query_all_by_label_contains(" sockets · ")
        .map(|n| n.value())
        .collect()
}

#[test]
fn after_every_socket_closed_the_status_bar_counts_none() {
    let (mut h, recorded) = harness();
    // An unconnected UDP socket counts as listening.
    let start = "4 sockets · 4 listening · 0 connected";
    assert_eq!(totals(&h), [Some(start.to_owned())]);
    // Every socket closed: the rows linger in the table, faded, but none is live.
    recorded.borrow_mut().pending_snapshot = Some(Snapshot {
        sequence: 2,
        taken_at: chrono::Utc::now(),
        ..Default::default()
    });
    h.run();
    assert_eq!(h.state().visible_rows().len(), 4, "closed rows linger");
    let none = "0 sockets · 0 listening · 0 connected";
    assert_eq!(totals(&h), [Some(none.to_owned())]);
}
