//! Every colour the window paints, by what it means (in the spirit of sniffnet's `palette.rs`).
//! Widgets name a colour here instead of writing RGB values, so a colour is changed in one place
//! and the same meaning always looks the same. The colours are the same in the light and the
//! dark theme; each is shown with an icon or a word too, never alone.

use egui::Color32;

use crate::model::RiskLevel;
use crate::watch::EventKind;

// Risk levels (table, details, findings).
/// Nothing found: the row is not judged.
pub const RISK_NONE: Color32 = Color32::GRAY;
/// Worth knowing, not a problem.
pub const RISK_INFO: Color32 = Color32::from_rgb(0x4a, 0x90, 0xd9);
/// A small risk.
pub const RISK_LOW: Color32 = Color32::from_rgb(0xc9, 0xa2, 0x27);
/// A real risk.
pub const RISK_MEDIUM: Color32 = Color32::from_rgb(0xe6, 0x7e, 0x22);
/// A serious risk (also the "flagged now" count in the status bar).
pub const RISK_HIGH: Color32 = Color32::from_rgb(0xe5, 0x39, 0x35);
/// The "trusted" badge of a row the user marked as trusted.
pub const TRUSTED: Color32 = Color32::from_rgb(0x43, 0xa0, 0x47);

// Live changes (row tags and tints, event log).
/// A socket that just opened.
pub const EVENT_OPENED: Color32 = Color32::from_rgb(0x2e, 0xa0, 0x43);
/// A socket whose owner or state changed.
pub const EVENT_CHANGED: Color32 = Color32::from_rgb(0xd4, 0xa0, 0x17);
/// A socket that closed.
pub const EVENT_CLOSED: Color32 = Color32::from_rgb(0xd3, 0x2f, 0x2f);

// TCP states in the table's State column.
/// A listening socket.
pub const STATE_LISTEN: Color32 = Color32::from_rgb(0x2e, 0x7d, 0xd7);
/// An established connection.
pub const STATE_ESTABLISHED: Color32 = Color32::from_rgb(0x2e, 0x9d, 0x4e);
/// Every other TCP state (closing, waiting, …).
pub const STATE_OTHER: Color32 = Color32::GRAY;

// Warnings and alarms in text.
/// Warnings: paused, collector warnings, hidden owners, notifications unavailable.
pub const WARNING_TEXT: Color32 = Color32::from_rgb(0xd0, 0x8a, 0x00);
/// Alarming text: the lingering closed row's note, the kill dialog's critical-process warning.
pub const DANGER_TEXT: Color32 = Color32::from_rgb(0xd3, 0x2f, 0x2f);

// Destructive buttons (End program when flagged, the kill dialog's confirm).
/// The fill of a destructive button.
pub const DANGER_BUTTON_BG: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
/// The text on a destructive button.
pub const DANGER_BUTTON_TEXT: Color32 = Color32::WHITE;

// Toasts (always dark, whatever the theme).
/// A toast about a flagged socket: fill.
pub const TOAST_FLAGGED_BG: Color32 = Color32::from_rgb(0x4a, 0x1c, 0x1c);
/// A toast about a flagged socket: border.
pub const TOAST_FLAGGED_STROKE: Color32 = RISK_HIGH;
/// A toast about a new listener: fill.
pub const TOAST_BG: Color32 = Color32::from_rgb(0x1c, 0x3a, 0x24);
/// A toast about a new listener: border.
pub const TOAST_STROKE: Color32 = EVENT_OPENED;
/// The text of every toast.
pub const TOAST_TEXT: Color32 = Color32::WHITE;

// The notice banner above the table (always light, whatever the theme).
/// An error notice: fill.
pub const BANNER_ERROR_BG: Color32 = Color32::from_rgb(0xfd, 0xec, 0xea);
/// An error notice: text.
pub const BANNER_ERROR_TEXT: Color32 = Color32::from_rgb(0xb7, 0x1c, 0x1c);
/// A success notice: fill.
pub const BANNER_OK_BG: Color32 = Color32::from_rgb(0xe8, 0xf5, 0xe9);
/// A success notice: text.
pub const BANNER_OK_TEXT: Color32 = Color32::from_rgb(0x1b, 0x5e, 0x20);

/// The colour of a risk level; always paired with an icon and a word.
pub fn level_color(level: RiskLevel) -> Color32 {
    match level {
        RiskLevel::None => RISK_NONE,
        RiskLevel::Info => RISK_INFO,
        RiskLevel::Low => RISK_LOW,
        RiskLevel::Medium => RISK_MEDIUM,
        RiskLevel::High => RISK_HIGH,
    }
}

/// Colour of a change kind (always shown with a word too).
pub fn kind_color(kind: EventKind) -> Color32 {
    match kind {
        EventKind::Opened => EVENT_OPENED,
        EventKind::Changed => EVENT_CHANGED,
        EventKind::Closed => EVENT_CLOSED,
    }
}

/// The colour of a TCP state in the State column.
pub fn state_color(state: crate::model::TcpState) -> Color32 {
    match state {
        crate::model::TcpState::Listen => STATE_LISTEN,
        crate::model::TcpState::Established => STATE_ESTABLISHED,
        _ => STATE_OTHER,
    }
}
