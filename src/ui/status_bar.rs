//! The status bar: totals, last refresh, poll cost and the privilege warning.

use egui::RichText;

use super::palette;
use crate::i18n::{Msg, Tr};
use crate::model::{Snapshot, SocketRow};

/// The live sockets by kind. Closed rows that linger in the table (faded, marked closed) are
/// not counted: they are gone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveTotals {
    /// Live sockets.
    pub sockets: usize,
    /// Listening ones (and unconnected UDP).
    pub listening: usize,
    /// Established TCP connections.
    pub established: usize,
    /// Live rows at low risk or above.
    pub flagged: usize,
}

impl LiveTotals {
    /// The totals of `live`, the snapshot's rows (`TableState` keeps the lingering ones apart).
    pub fn of(live: &[SocketRow]) -> LiveTotals {
        let mut totals = LiveTotals {
            sockets: live.len(),
            ..LiveTotals::default()
        };
        for row in live {
            totals.listening += usize::from(row.is_listening());
            totals.established += usize::from(row.is_established());
            totals.flagged += usize::from(row.assessment.is_flagged());
        }
        totals
    }
}

/// Counts the status bar shows, kept by the app (worked out when rows change, not per frame).
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// The live sockets.
    pub live: LiveTotals,
    /// New sockets since start.
    pub new_since_start: u64,
    /// Flagged sockets since start.
    pub flagged_since_start: u64,
}

/// Draw the status bar. `warnings` are already translated.
pub fn show(
    ui: &mut egui::Ui,
    snapshot: Option<&Snapshot>,
    counts: Counts,
    shown: usize,
    paused: bool,
    warnings: &[String],
    tr: &Tr,
) {
    ui.horizontal_wrapped(|ui| {
        let Some(snap) = snapshot else {
            ui.spinner();
            ui.label(tr.t(Msg::StatusWaiting));
            return;
        };
        let live = counts.live;
        ui.label(tr.f(
            Msg::StatusTotals,
            &[&live.sockets, &live.listening, &live.established],
        ));
        ui.separator();
        ui.label(tr.f(Msg::StatusShown, &[&shown]));
        ui.separator();
        let now = RichText::new(tr.f(Msg::StatusFlaggedNow, &[&live.flagged]));
        ui.label(if live.flagged > 0 {
            now.strong().color(palette::RISK_HIGH)
        } else {
            now
        });
        ui.separator();
        ui.label(tr.f(
            Msg::StatusSinceStart,
            &[&counts.new_since_start, &counts.flagged_since_start],
        ));
        ui.separator();
        let local = snap.taken_at.with_timezone(&chrono::Local);
        ui.label(format!(
            "{} ({} ms)",
            tr.f(Msg::StatusUpdated, &[&local.format("%H:%M:%S")]),
            snap.poll_duration.as_millis()
        ));
        if paused {
            ui.separator();
            ui.label(
                RichText::new(tr.t(Msg::StatusPaused))
                    .strong()
                    .color(palette::WARNING_TEXT),
            );
        }
        for w in warnings {
            ui.separator();
            ui.label(RichText::new(format!("⚠ {w}")).color(palette::WARNING_TEXT));
        }
    });
}

/// Without administrator rights: how many owners are hidden, and the way to fix it.
pub fn admin_banner(ui: &mut egui::Ui, hidden: usize, tr: &Tr, actions: &mut Vec<super::UiAction>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(tr.f(Msg::BannerOwnersHidden, &[&hidden]))
                .strong()
                .color(palette::WARNING_TEXT),
        );
        if ui
            .button(RichText::new(tr.t(Msg::RestartAsAdmin)).strong())
            .on_hover_text(tr.t(Msg::RestartAsAdminTip))
            .clicked()
        {
            actions.push(super::UiAction::RestartAsAdmin);
        }
    });
}
