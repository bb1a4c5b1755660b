//! The notice: one message about what just happened (a kill, an export, a failed save), drawn
//! over the table's top edge so that showing or dismissing it never moves the rows.

use egui::RichText;

use super::{UiAction, palette};
use crate::i18n::{Msg, Tr};

/// A message shown in the banner above the table (kill and export results).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// True for failures (shown in red).
    pub error: bool,
}

/// Float `notice` over the top edge of `area`; `saved` is the file of an export it reports.
pub fn floating(
    ctx: &egui::Context,
    area: egui::Rect,
    notice: &Notice,
    saved: Option<&std::path::Path>,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    egui::Area::new(egui::Id::unique("notice"))
        .order(egui::Order::Foreground)
        .pivot(egui::Align2::CENTER_TOP)
        .fixed_pos(area.center_top() + egui::vec2(0.0, 30.0))
        .show(ctx, |ui| {
            ui.set_max_width((area.width() - 40.0).max(200.0));
            banner(ui, notice, saved, tr, actions);
        });
}

/// The banner itself: the text, Open report/Open folder after an export, and a dismiss button.
fn banner(
    ui: &mut egui::Ui,
    notice: &Notice,
    saved: Option<&std::path::Path>,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    let (fill, text) = if notice.error {
        (palette::BANNER_ERROR_BG, palette::BANNER_ERROR_TEXT)
    } else {
        (palette::BANNER_OK_BG, palette::BANNER_OK_TEXT)
    };
    egui::Frame::new()
        .fill(fill)
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            // Wrapped, so a long text (a long program name or path) stays inside the window;
            // the buttons follow its last line.
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&notice.text).color(text).strong());
                if let Some(path) = saved {
                    if ui.small_button(tr.t(Msg::OpenReport)).clicked() {
                        actions.push(UiAction::OpenPath(path.to_path_buf()));
                    }
                    if let Some(dir) = path.parent()
                        && ui.small_button(tr.t(Msg::OpenFolder)).clicked()
                    {
                        actions.push(UiAction::OpenPath(dir.to_path_buf()));
                    }
                }
                if ui
                    .small_button("✖")
                    .on_hover_text(tr.t(Msg::Dismiss))
                    .clicked()
                {
                    actions.push(UiAction::DismissNotice);
                }
            });
        });
    ui.add_space(4.0);
}
