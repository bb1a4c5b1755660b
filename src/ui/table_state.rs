//! The table's state: the engine's snapshot, the closed rows that linger after it (kept apart,
//! so the engine's rows are never touched), which of them are shown in which order, the
//! selection, the search and the live counts.
//!
//! A row index counts the snapshot's rows first, then the lingering ones: [`TableState::row`]
//! is the one way to read a row by index.

use super::status_bar::LiveTotals;
use crate::columns;
use std::sync::Arc;

use crate::model::{QuickFilter, RowFilter, Snapshot, SocketKey, SocketRow, SortSpec};

/// What the table shows and where the user is in it.
#[derive(Debug, Default)]
pub struct TableState {
    /// The newest snapshot, as the engine judged it (`None` until the first one).
    snapshot: Option<Snapshot>,
    /// The engine's search texts of the snapshot's rows, in order (fewer, or none, when some
    /// are stale: the search then makes those itself).
    search_texts: Vec<Arc<str>>,
    /// Closed rows still shown, faded, after the live ones (oldest first).
    lingering: Vec<SocketRow>,
    /// Row indices (see [`TableState::row`]) that pass the filters, in display order.
    visible: Vec<usize>,
    /// The search box's text.
    search: String,
    /// Put the cursor in the search box at the next frame (Ctrl+F).
    focus_search: bool,
    selected: Option<SocketKey>,
    /// Where the selected row was in `visible` after the last rebuild.
    selected_pos: Option<usize>,
    /// Scroll to this display position at the next frame.
    scroll_to: Option<usize>,
    /// The live sockets by kind, counted when the rows change (lingering rows left out).
    live_totals: LiveTotals,
}

impl TableState {
    /// The newest snapshot, if one came.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// Show `snapshot`'s rows from now on; the lingering rows stay until
    /// [`TableState::set_lingering`], and the view until [`TableState::rebuild`].
    pub fn set_snapshot(&mut self, snapshot: Snapshot, search_texts: Vec<Arc<str>>) {
        self.snapshot = Some(snapshot);
        self.search_texts = search_texts;
    }

    /// The closed rows to show after the live ones (none while there is no snapshot).
    pub fn set_lingering(&mut self, rows: Vec<SocketRow>) {
        self.lingering = if self.snapshot.is_some() {
            rows
        } else {
            Vec::new()
        };
    }

    /// The snapshot's rows: the live sockets.
    pub fn live(&self) -> &[SocketRow] {
        self.snapshot.as_ref().map_or(&[], |s| &s.rows)
    }

    /// The closed rows that linger.
    pub fn lingering(&self) -> &[SocketRow] {
        &self.lingering
    }

    /// Every row: live, then lingering.
    pub fn len(&self) -> usize {
        self.live().len() + self.lingering.len()
    }

    /// True when there is no row at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `index`, counting the live rows first, then the lingering ones.
    ///
    /// # Panics
    /// When `index` is not below [`TableState::len`], as slice indexing does; the indices of
    /// [`TableState::visible`] always are.
    pub fn row(&self, index: usize) -> &SocketRow {
        let live = self.live();
        match live.get(index) {
            Some(row) => row,
            None => &self.lingering[index - live.len()],
        }
    }

    /// True when row `index` is a closed row that only lingers.
    pub fn lingers(&self, index: usize) -> bool {
        index >= self.live().len()
    }

    /// Every row, live first.
    pub fn rows(&self) -> impl Iterator<Item = &SocketRow> {
        self.live().iter().chain(&self.lingering)
    }

    /// Every row, live first, to mark them again (a trust or baseline change shows at once).
    /// The engine's search texts are dropped (they show the old marks) until its next snapshot:
    /// the search makes them meanwhile.
    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut SocketRow> {
        self.search_texts.clear();
        let live = self.snapshot.as_mut().map(|s| s.rows.iter_mut());
        live.into_iter().flatten().chain(&mut self.lingering)
    }

    /// The row with `key`, live or lingering.
    pub fn row_by_key(&self, key: &SocketKey) -> Option<&SocketRow> {
        self.rows().find(|r| &r.key() == key)
    }

    /// True when `key` is a closed row that only lingers.
    pub fn is_lingering(&self, key: &SocketKey) -> bool {
        self.lingering.iter().any(|r| &r.key() == key)
    }

    /// The indices of the rows shown, in display order.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// The rows shown, in display order.
    pub fn visible_rows(&self) -> impl Iterator<Item = &SocketRow> {
        self.visible.iter().map(|&i| self.row(i))
    }

    /// The live sockets by kind, as of the last rebuild; lingering rows are not counted.
    pub fn live_totals(&self) -> LiveTotals {
        self.live_totals
    }

    /// The search box's text, to edit.
    pub fn search_mut(&mut self) -> &mut String {
        &mut self.search
    }

    /// Ask for the cursor in the search box at the next frame.
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// True once after [`TableState::focus_search`].
    pub fn take_focus_search(&mut self) -> bool {
        std::mem::take(&mut self.focus_search)
    }

    /// The search and `quick` filters together.
    pub fn filter(&self, quick: QuickFilter) -> RowFilter {
        RowFilter {
            text: self.search.clone(),
            quick,
        }
    }

    /// The selected row's key (it may have left the snapshot).
    pub fn selected(&self) -> Option<&SocketKey> {
        self.selected.as_ref()
    }

    /// Select `key`, or nothing.
    pub fn select(&mut self, key: Option<SocketKey>) {
        self.selected = key;
    }

    /// The selected row, if it is still shown (live or lingering).
    pub fn selected_row(&self) -> Option<&SocketRow> {
        self.row_by_key(self.selected.as_ref()?)
    }

    /// The display position to scroll to, once.
    pub fn take_scroll_to(&mut self) -> Option<usize> {
        self.scroll_to.take()
    }

    /// Where the row with `key` is shown, if it is.
    fn position_of(&self, key: &SocketKey) -> Option<usize> {
        self.visible.iter().position(|&i| self.row(i).key() == *key)
    }

    /// Filter and sort the rows again and count the live ones. A selected row that moved is
    /// followed (scrolled to), so new rows above it never push it out of view.
    pub fn rebuild(&mut self, quick: QuickFilter, sort: SortSpec) {
        let Some(snap) = &self.snapshot else {
            self.visible.clear();
            return;
        };
        self.live_totals = LiveTotals::of(&snap.rows);
        let filter = self.filter(quick);
        let live = snap.rows.len();
        let mut visible = columns::matching_indices(&filter, &snap.rows, &self.search_texts);
        let lingering = columns::matching_indices(&filter, &self.lingering, &[]);
        visible.extend(lingering.into_iter().map(|i| live + i));
        visible.sort_by(|&i, &j| columns::compare(self.row(i), self.row(j), sort));
        self.visible = visible;
        let pos = self.selected.as_ref().and_then(|k| self.position_of(k));
        if pos.is_some() && pos != self.selected_pos {
            self.scroll_to = pos;
        }
        self.selected_pos = pos;
    }

    /// Move the selection `delta` rows down (up when negative), staying in the table; with
    /// nothing selected, down starts at the top and up at the bottom.
    pub fn move_selection(&mut self, delta: i32) {
        if self.visible.is_empty() {
            return;
        }
        let current = self.selected.as_ref().and_then(|k| self.position_of(k));
        let last = self.visible.len() as i64 - 1;
        let pos = match current {
            Some(p) => (p as i64 + i64::from(delta)).clamp(0, last),
            None if delta > 0 => 0,
            None => last,
        } as usize;
        self.selected = Some(self.row(self.visible[pos]).key());
        self.scroll_to = Some(pos);
    }

    /// Select `key` and scroll its row into view (a clicked toast).
    pub fn reveal(&mut self, key: SocketKey) {
        self.scroll_to = self.position_of(&key);
        self.selected = Some(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::{desktop, tcp, udp};
    use crate::model::{Column, ProtocolFilter, SortOrder, TcpState};

    fn table(rows: Vec<SocketRow>) -> TableState {
        let mut t = TableState::default();
        t.set_snapshot(
            Snapshot {
                rows,
                ..Default::default()
            },
            Vec::new(),
        );
        t.rebuild(QuickFilter::default(), SortSpec::default());
        t
    }

    fn ports(t: &TableState) -> Vec<u16> {
        t.visible_rows().map(|r| r.local_port).collect()
    }

    fn closed(port: u16) -> SocketRow {
        tcp("0.0.0.0", port, TcpState::Listen, 40, "nc")
    }

    #[test]
    fn lingering_rows_come_after_the_live_ones_and_go_when_faded() {
        let mut t = table(desktop());
        let engine_rows = t.live().to_vec();
        t.set_lingering(vec![closed(7), closed(9)]);
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.len(), 6);
        // Indices run over the live rows, then the lingering ones.
        assert_eq!(t.row(4).local_port, 7);
        assert_eq!(t.row(5).local_port, 9);
        assert!(!t.lingers(3) && t.lingers(4));
        assert_eq!(
            t.rows().map(|r| r.local_port).collect::<Vec<_>>(),
            [22, 631, 5353, 51000, 7, 9]
        );
        // Shown in sort order with the rest; the engine's rows are untouched.
        assert_eq!(ports(&t), [7, 9, 22, 631, 5353, 51000]);
        assert_eq!(t.live(), &engine_rows[..]);
        assert!(t.is_lingering(&closed(7).key()));
        assert!(!t.is_lingering(&t.live()[0].key()));

        t.set_lingering(vec![closed(9)]);
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(ports(&t), [9, 22, 631, 5353, 51000]);
        t.set_lingering(Vec::new());
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(ports(&t), [22, 631, 5353, 51000]);
        assert!(!t.is_lingering(&closed(9).key()));
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn a_new_snapshot_keeps_the_lingering_rows_until_they_are_set_again() {
        let mut t = table(desktop());
        t.set_lingering(vec![closed(7)]);
        t.set_snapshot(
            Snapshot {
                rows: desktop()[..2].to_vec(),
                ..Default::default()
            },
            Vec::new(),
        );
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.live().len(), 2);
        assert_eq!(t.row(2).local_port, 7);
        assert_eq!(ports(&t), [7, 22, 631]);
    }

    #[test]
    fn no_lingering_rows_without_a_snapshot() {
        let mut t = TableState::default();
        t.set_lingering(vec![closed(7)]);
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert!(t.is_empty());
        assert!(t.visible().is_empty());
        assert!(t.snapshot().is_none());
    }

    #[test]
    fn counts_leave_the_lingering_rows_out() {
        let mut t = table(desktop());
        let live = t.live_totals();
        assert_eq!((live.sockets, live.listening, live.established), (4, 3, 1));
        let mut gone = tcp("192.168.1.5", 52000, TcpState::Established, 30, "firefox");
        gone.remote_address = Some("93.184.216.34".parse().unwrap());
        gone.remote_port = Some(443);
        t.set_lingering(vec![closed(7), gone]);
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.visible().len(), 6, "shown");
        assert_eq!(t.live_totals(), live, "but not counted");
    }

    #[test]
    fn the_selection_follows_its_row_across_a_rebuild() {
        let mut t = table(desktop());
        let cupsd = t.live()[1].key();
        t.reveal(cupsd.clone());
        assert_eq!(t.take_scroll_to(), Some(1));
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(
            t.take_scroll_to(),
            Some(1),
            "the first rebuild learns where it is"
        );
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.take_scroll_to(), None, "it did not move");
        // New rows above it push it down: the view follows it.
        let mut rows = desktop();
        rows.push(udp("0.0.0.0", 53, 13, "dnsmasq"));
        rows.push(tcp("0.0.0.0", 80, TcpState::Listen, 42, "nginx"));
        t.set_snapshot(
            Snapshot {
                rows,
                ..Default::default()
            },
            Vec::new(),
        );
        t.set_lingering(vec![closed(7)]);
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.selected(), Some(&cupsd));
        assert_eq!(t.selected_row().map(|r| r.local_port), Some(631));
        assert_eq!(ports(&t), [7, 22, 53, 80, 631, 5353, 51000]);
        assert_eq!(t.take_scroll_to(), Some(4));
        // A lingering row can be selected and is found.
        t.select(Some(closed(7).key()));
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.selected_row().map(|r| r.local_port), Some(7));
        assert_eq!(t.take_scroll_to(), Some(0));
    }

    #[test]
    fn search_quick_filters_and_sort_apply_to_live_and_lingering_rows() {
        let mut t = table(desktop());
        t.set_lingering(vec![closed(7), udp("0.0.0.0", 68, 41, "dhclient")]);
        *t.search_mut() = "nc".into();
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(ports(&t), [7]);
        *t.search_mut() = "ssh".into();
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(ports(&t), [22]);
        t.search_mut().clear();
        let udp_only = QuickFilter {
            protocol: ProtocolFilter::Udp,
            ..Default::default()
        };
        t.rebuild(udp_only, SortSpec::default());
        assert_eq!(ports(&t), [68, 5353]);
        assert_eq!(t.filter(udp_only).quick, udp_only);
        let descending = SortSpec {
            column: Column::LocalPort,
            order: SortOrder::Descending,
        };
        t.rebuild(QuickFilter::default(), descending);
        assert_eq!(ports(&t), [51000, 5353, 631, 68, 22, 7]);
    }

    #[test]
    fn moving_the_selection_stays_in_the_table() {
        let mut t = table(desktop());
        t.move_selection(-1);
        assert_eq!(t.selected_row().map(|r| r.local_port), Some(51000));
        t.move_selection(5);
        assert_eq!(t.selected_row().map(|r| r.local_port), Some(51000));
        assert_eq!(t.take_scroll_to(), Some(3));
        t.move_selection(-2);
        assert_eq!(t.selected_row().map(|r| r.local_port), Some(631));
        t.select(None);
        t.move_selection(1);
        assert_eq!(t.selected_row().map(|r| r.local_port), Some(22));
        let mut empty = TableState::default();
        empty.move_selection(1);
        assert_eq!(empty.selected(), None);
    }

    #[test]
    fn search_uses_the_engines_texts_until_rows_are_marked_again() {
        let rows = desktop();
        let n = rows.len();
        let mut t = TableState::default();
        // Texts as the engine made them, the first one naming a word the row no longer shows.
        let mut texts: Vec<Arc<str>> = rows
            .iter()
            .map(|r| columns::search_text(r).into())
            .collect();
        texts[0] = "stale-word".into();
        t.set_snapshot(
            Snapshot {
                rows,
                ..Default::default()
            },
            texts,
        );
        *t.search_mut() = "stale-word".into();
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.visible(), [0], "the engine's text is what is searched");
        // Marked again: the texts are stale, so search makes them from the rows.
        for row in t.rows_mut() {
            std::sync::Arc::make_mut(&mut row.assessment).trusted = true;
        }
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert!(t.visible().is_empty());
        t.search_mut().clear();
        t.rebuild(QuickFilter::default(), SortSpec::default());
        assert_eq!(t.visible().len(), n);
    }

    #[test]
    fn marking_rows_again_reaches_the_lingering_ones() {
        let mut t = table(desktop());
        t.set_lingering(vec![closed(7)]);
        for row in t.rows_mut() {
            std::sync::Arc::make_mut(&mut row.assessment).trusted = true;
        }
        assert!(t.rows().all(|r| r.assessment.trusted));
        assert_eq!(t.rows().count(), 5);
    }

    #[test]
    fn focus_is_asked_for_once() {
        let mut t = TableState::default();
        assert!(!t.take_focus_search());
        t.focus_search();
        assert!(t.take_focus_search());
        assert!(!t.take_focus_search());
    }
}
