//! The export dialog: format, which rows, and where to save. The path field is always there,
//! prefilled, so an export is never lost when no system file dialog exists.

use std::path::PathBuf;

use egui::RichText;

use super::UiAction;
use crate::actions::export::ExportFormat;
use crate::i18n::{Msg, Tr};

/// The dialog's state, kept by the app while it is open.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportDialog {
    /// Chosen format.
    pub format: ExportFormat,
    /// Export all rows rather than only those shown.
    pub all_rows: bool,
    /// Target path as typed.
    pub path: String,
    /// A system file dialog can be shown here.
    pub system_dialog: bool,
    /// The system file dialog is open.
    pub browsing: bool,
}

impl ExportDialog {
    /// Swap the path's extension to match the chosen format.
    pub fn sync_extension(&mut self) {
        let mut path = PathBuf::from(&self.path);
        path.set_extension(self.format.extension());
        self.path = path.to_string_lossy().into_owned();
    }
}

/// True when a system save dialog can appear (Linux needs the desktop portal or zenity).
pub fn system_dialog_available() -> bool {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return true;
    }
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("zenity").is_file()));
    zenity || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|_| portal_running())
}

fn portal_running() -> bool {
    // The portal service lives on the session bus; its binary being installed is our best cheap hint.
    [
        "/usr/libexec/xdg-desktop-portal",
        "/usr/lib/xdg-desktop-portal",
    ]
    .iter()
    .any(|p| std::path::Path::new(p).exists())
}

/// Draw the dialog.
pub fn show(
    ctx: &egui::Context,
    dialog: &mut ExportDialog,
    shown: usize,
    total: usize,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    let modal = egui::Modal::new(egui::Id::unique("export-dialog")).show(ctx, |ui| {
        ui.set_min_width(480.0);
        ui.heading(tr.t(Msg::ExportTitle));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(tr.t(Msg::ExportFormat));
            for format in ExportFormat::ALL {
                if ui
                    .selectable_value(&mut dialog.format, format, format.label(tr))
                    .changed()
                {
                    dialog.sync_extension();
                }
            }
        });
        ui.radio_value(
            &mut dialog.all_rows,
            false,
            tr.f(Msg::ExportScopeShown, &[&shown]),
        );
        ui.radio_value(
            &mut dialog.all_rows,
            true,
            tr.f(Msg::ExportScopeAll, &[&total]),
        );
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let label = ui.label(tr.t(Msg::ExportPathLabel));
            ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(320.0))
                .labelled_by(label.id);
            let browse = ui.add_enabled(
                dialog.system_dialog && !dialog.browsing,
                egui::Button::new(tr.t(Msg::ExportChoose)),
            );
            if browse.clicked() {
                actions.push(UiAction::BrowseExportPath);
            }
        });
        if !dialog.system_dialog {
            ui.label(RichText::new(tr.t(Msg::ExportNoDialog)).weak());
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(tr.t(Msg::ExportSave)).strong())
                .clicked()
            {
                actions.push(UiAction::SaveExport {
                    path: PathBuf::from(dialog.path.trim()),
                    format: dialog.format,
                    all_rows: dialog.all_rows,
                });
            }
            if ui.button(tr.t(Msg::KillCancel)).clicked() {
                actions.push(UiAction::CloseExport);
            }
        });
    });
    if modal.should_close() {
        actions.push(UiAction::CloseExport);
    }
}
