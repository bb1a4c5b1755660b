//! egui widgets. Each draws from read-only state and returns `UiAction`s that the app applies
//! after the frame (the command pattern of egui's demo and rerun).

pub mod blocks_panel;
pub mod close_dialog;
pub mod details;
pub mod export_dialog;
pub mod findings;
pub mod fonts;
pub mod help;
pub mod kill_dialog;
pub mod notice;
pub mod palette;
pub mod startup_panel;
pub mod status_bar;
pub mod table;
pub mod table_state;
pub mod toolbar;
pub mod traffic;
pub mod watch_panels;

use std::path::PathBuf;
use std::time::Duration;

use crate::actions::export::ExportFormat;
use crate::i18n::Tr;
use crate::model::{Column, SocketKey};

/// Something the user asked for during a frame.
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    /// Sort by this column (again: reverse).
    Sort(Column),
    /// Show or hide a table column (the header's right-click menu).
    ToggleColumn(Column),
    /// Start again with administrator rights.
    RestartAsAdmin,
    /// Open a file or folder with the system's default program.
    OpenPath(PathBuf),
    /// Close the welcome panel for good.
    DismissWelcome,
    /// Show the welcome panel again.
    ShowWelcome,
    /// Show or hide the keyboard shortcuts.
    ToggleShortcuts,
    /// Open or close the About window (version, licence, where the address data comes from).
    ToggleAbout,
    /// Pick light, dark or the system's theme.
    SetTheme(help::ThemeChoice),
    /// Select a row, or clear the selection.
    Select(Option<SocketKey>),
    /// Move the selection up (-1) or down (+1) in the visible order.
    MoveSelection(i32),
    /// Open the "End program?" dialog for this row.
    AskEndProgram(SocketKey),
    /// Open the "Close this connection?" dialog for this row.
    AskCloseConnection(SocketKey),
    /// The user confirmed closing the connection.
    ConfirmCloseConnection,
    /// Close the close-connection dialog without acting.
    CancelCloseConnection,
    /// The user confirmed ending the program in the dialog.
    ConfirmEnd,
    /// The user asked to force-end after a graceful stop was ignored.
    ForceEnd,
    /// Close the kill dialog.
    CloseKillDialog,
    /// Put text on the clipboard.
    Copy(String),
    /// Pause or resume live updates.
    TogglePause,
    /// Change the polling interval.
    SetInterval(Duration),
    /// Poll now.
    RefreshNow,
    /// Search text or quick filters changed.
    FilterChanged,
    /// Open the export dialog.
    OpenExport,
    /// Close the export dialog.
    CloseExport,
    /// Open the system file dialog to choose where to save.
    BrowseExportPath,
    /// Write the export now.
    SaveExport {
        /// Target file.
        path: PathBuf,
        /// Format to write.
        format: ExportFormat,
        /// All rows (true) or only those shown (false).
        all_rows: bool,
    },
    /// Dismiss the notice banner.
    DismissNotice,
    /// Mark this row's program+port+protocol as trusted.
    Trust(SocketKey),
    /// Remove this row's program+port+protocol from the trust list.
    Untrust(SocketKey),
    /// Switch the UI language.
    SetLanguage(crate::i18n::Lang),
    /// Select a row and scroll to it (from a toast).
    Reveal(SocketKey),
    /// Close a toast.
    DismissToast(usize),
    /// Show or hide the event log panel.
    ToggleEventLog,
    /// Store the current listening ports as the baseline.
    RememberBaseline,
    /// Export the (filtered) event log.
    ExportEvents(crate::watch::journal::EventFormat),
    /// Start or stop continuous event logging to the typed file.
    ToggleEventFile,
    /// Highlight or alert settings were edited.
    SettingsChanged,
    /// Turn host-name lookups (reverse DNS) on or off.
    SetResolveNames(bool),
}

/// The localized title of a column (from the column registry).
pub fn column_title(column: Column, tr: &Tr) -> &'static str {
    crate::columns::title(column, tr)
}

/// A modal question: `title`, `body`, a `confirm` button and Cancel. `Some(true)` once confirmed,
/// `Some(false)` when cancelled or closed (Escape, a click outside), `None` while it stays open.
pub fn confirm_modal(
    ctx: &egui::Context,
    id: egui::Id,
    title: &str,
    body: String,
    confirm: &str,
    tr: &crate::i18n::Tr,
) -> Option<bool> {
    let mut answer = None;
    let modal = egui::Modal::new(id).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(title);
        ui.add(egui::Label::new(body).wrap());
        ui.horizontal(|ui| {
            if ui.button(confirm).clicked() {
                answer = Some(true);
            }
            if ui.button(tr.t(crate::i18n::Msg::KillCancel)).clicked() {
                answer = Some(false);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(false);
    }
    answer
}

/// Run `f` on the state kept under `id` in egui's memory (made by `make` on first use), behind
/// a lock that a panicked holder does not poison: how a panel keeps its own state across frames
/// and worker replies.
pub fn with_memory<T: Send + 'static, R>(
    ctx: &egui::Context,
    id: egui::Id,
    make: impl FnOnce() -> T,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    let shared: std::sync::Arc<std::sync::Mutex<T>> = ctx.data_mut(|d| {
        d.get_temp_mut_or_insert_with(id, || std::sync::Arc::new(std::sync::Mutex::new(make())))
            .clone()
    });
    let mut guard = shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(&mut guard)
}

/// A result in a panel: `text` (red unless `ok`), then an undo button labelled `undo` when
/// there is one; true when it was clicked.
pub fn result_line(ui: &mut egui::Ui, text: &str, ok: bool, undo: Option<&str>) -> bool {
    let color = if ok {
        ui.visuals().text_color()
    } else {
        ui.visuals().error_fg_color
    };
    let mut clicked = false;
    ui.horizontal_wrapped(|ui| {
        ui.add(egui::Label::new(egui::RichText::new(text).color(color)).wrap());
        clicked = undo.is_some_and(|label| ui.button(label).clicked());
    });
    clicked
}
