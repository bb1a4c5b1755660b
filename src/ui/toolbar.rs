//! The toolbar: search box, quick filters, pause, interval, refresh and export.

use std::time::Duration;

use egui::RichText;

use super::UiAction;
use crate::i18n::{Lang, Msg, Tr};
use crate::model::{ProtocolFilter, QuickFilter, StateFilter};
use crate::watch::{AlertSettings, HighlightSettings};

/// The toolbar's editable state.
pub struct ToolbarState<'a> {
    /// Search text, edited in place.
    pub search: &'a mut String,
    /// Quick filters, edited in place.
    pub quick: &'a mut QuickFilter,
    /// Whether live updates are paused.
    pub paused: bool,
    /// Current interval.
    pub interval: Duration,
    /// Move keyboard focus to the search box this frame (Ctrl+F).
    pub focus_search: bool,
    /// Translator.
    pub tr: &'a Tr,
    /// Highlight settings, edited in place.
    pub highlight: &'a mut HighlightSettings,
    /// Alert settings, edited in place.
    pub alerts: &'a mut AlertSettings,
    /// The event log panel is open.
    pub log_open: bool,
    /// Light, dark or the system's.
    pub theme: super::help::ThemeChoice,
    /// A desktop notification failed (no notification service): say so in Settings.
    pub notifications_failed: bool,
    /// Host names are looked up (reverse DNS).
    pub resolve_names: bool,
}

/// An interval as the picker shows it ("0.5 s", "2 s").
fn interval_text(d: Duration) -> String {
    let secs = d.as_secs_f32();
    if secs < 1.0 {
        format!("{secs:.1} s")
    } else {
        format!("{secs:.0} s")
    }
}

/// Draw the toolbar: search and quick filters on the first row, the controls and menus below.
/// Each row wraps onto more lines when the window is too narrow for it (a small laptop), so
/// no control ends up off screen.
pub fn show(ui: &mut egui::Ui, state: ToolbarState<'_>, actions: &mut Vec<UiAction>) {
    let tr = state.tr;
    ui.horizontal_wrapped(|ui| {
        search_box(ui, state.search, state.focus_search, tr, actions);
        ui.separator();
        quick_filters(ui, state.quick, tr, actions);
    });
    ui.horizontal_wrapped(|ui| {
        refresh_controls(ui, state.paused, state.interval, tr, actions);
        ui.separator();
        if ui
            .button(tr.t(Msg::Export))
            .on_hover_text(tr.t(Msg::ExportTip))
            .clicked()
        {
            actions.push(UiAction::OpenExport);
        }
        ui.separator();
        if ui
            .button(tr.t(Msg::BaselineRemember))
            .on_hover_text(tr.t(Msg::BaselineRememberTip))
            .clicked()
        {
            actions.push(UiAction::RememberBaseline);
        }
        if ui
            .selectable_label(state.log_open, tr.t(Msg::EventLogButton))
            .clicked()
        {
            actions.push(UiAction::ToggleEventLog);
        }
        let notices = (state.theme, state.notifications_failed, state.resolve_names);
        settings_menu(ui, state.highlight, state.alerts, notices, tr, actions);
        help_menu(ui, tr, actions);
        ui.separator();
        language_menu(ui, tr, actions);
    });
}

/// The labelled search box; focused on Ctrl+F.
fn search_box(
    ui: &mut egui::Ui,
    search: &mut String,
    focus: bool,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    let label = ui.label(RichText::new(tr.t(Msg::SearchLabel)).strong());
    let edit = egui::TextEdit::singleline(search)
        .hint_text(tr.t(Msg::SearchHint))
        .desired_width(320.0);
    let response = ui.add(edit).labelled_by(label.id);
    if focus {
        response.request_focus();
    }
    if response.changed() {
        actions.push(UiAction::FilterChanged);
    }
}

/// State and protocol choices, hide loopback, flagged only and new since the baseline.
fn quick_filters(ui: &mut egui::Ui, quick: &mut QuickFilter, tr: &Tr, actions: &mut Vec<UiAction>) {
    let before = *quick;
    for (value, msg) in [
        (StateFilter::All, Msg::FilterAll),
        (StateFilter::Listening, Msg::FilterListening),
        (StateFilter::Established, Msg::FilterEstablished),
    ] {
        ui.selectable_value(&mut quick.state, value, tr.t(msg));
    }
    ui.separator();
    for (value, msg) in [
        (ProtocolFilter::Both, Msg::FilterBothProtocols),
        (ProtocolFilter::Tcp, Msg::FilterTcp),
        (ProtocolFilter::Udp, Msg::FilterUdp),
    ] {
        ui.selectable_value(&mut quick.protocol, value, tr.t(msg));
    }
    ui.separator();
    ui.checkbox(&mut quick.hide_loopback, tr.t(Msg::HideLoopback))
        .on_hover_text(tr.t(Msg::HideLoopbackTip));
    ui.separator();
    ui.toggle_value(&mut quick.flagged_only, tr.t(Msg::FilterFlagged))
        .on_hover_text(tr.t(Msg::FilterFlaggedTip));
    ui.toggle_value(&mut quick.new_since_baseline, tr.t(Msg::BaselineFilter))
        .on_hover_text(tr.t(Msg::BaselineFilterTip));
    ui.toggle_value(&mut quick.internet_only, tr.t(Msg::FilterInternet))
        .on_hover_text(tr.t(Msg::FilterInternetTip));
    if *quick != before {
        actions.push(UiAction::FilterChanged);
    }
}

/// Pause/Resume, Refresh now and the interval picker.
fn refresh_controls(
    ui: &mut egui::Ui,
    paused: bool,
    interval: Duration,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    let pause_text = if paused {
        tr.t(Msg::Resume)
    } else {
        tr.t(Msg::Pause)
    };
    if ui
        .button(pause_text)
        .on_hover_text(tr.t(Msg::PauseTip))
        .clicked()
    {
        actions.push(UiAction::TogglePause);
    }
    if ui
        .button(tr.t(Msg::RefreshNow))
        .on_hover_text(tr.t(Msg::RefreshTip))
        .clicked()
    {
        actions.push(UiAction::RefreshNow);
    }
    let interval_label = ui.label(tr.t(Msg::IntervalLabel));
    egui::ComboBox::from_id_salt("interval")
        .selected_text(interval_text(interval))
        .show_ui(ui, |ui| {
            for d in crate::collector::INTERVAL_CHOICES {
                if ui
                    .selectable_label(d == interval, interval_text(d))
                    .clicked()
                {
                    actions.push(UiAction::SetInterval(d));
                }
            }
        })
        .response
        .labelled_by(interval_label.id)
        .on_hover_text(tr.t(Msg::IntervalTip));
}

/// The language picker.
fn language_menu(ui: &mut egui::Ui, tr: &Tr, actions: &mut Vec<UiAction>) {
    // Named in both languages on purpose: someone who can't read the current one must find it.
    egui::ComboBox::new("language", "🌐 Language / 语言")
        .selected_text(tr.lang.native_name())
        .show_ui(ui, |ui| {
            for lang in Lang::ALL {
                if ui
                    .selectable_label(lang == tr.lang, lang.native_name())
                    .clicked()
                {
                    actions.push(UiAction::SetLanguage(lang));
                }
            }
        });
}

/// The Help menu: keyboard shortcuts and the welcome panel.
fn help_menu(ui: &mut egui::Ui, tr: &Tr, actions: &mut Vec<UiAction>) {
    ui.menu_button(tr.t(Msg::HelpButton), |ui| {
        if ui.button(tr.t(Msg::HelpShortcuts)).clicked() {
            actions.push(UiAction::ToggleShortcuts);
            ui.close();
        }
        if ui.button(tr.t(Msg::HelpShowWelcome)).clicked() {
            actions.push(UiAction::ShowWelcome);
            ui.close();
        }
        if ui.button(tr.t(Msg::HelpAbout)).clicked() {
            actions.push(UiAction::ToggleAbout);
            ui.close();
        }
    });
}

/// The settings menu; `(theme, notifications_failed, resolve_names)` are shown, not edited in
/// place.
fn settings_menu(
    ui: &mut egui::Ui,
    highlight: &mut HighlightSettings,
    alerts: &mut AlertSettings,
    (theme, notifications_failed, resolve_names): (super::help::ThemeChoice, bool, bool),
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    ui.menu_button(tr.t(Msg::SettingsButton), |ui| {
        ui.horizontal(|ui| {
            ui.label(tr.t(Msg::ThemeLabel));
            for choice in super::help::ThemeChoice::ALL {
                if ui
                    .selectable_label(choice == theme, choice.text(tr))
                    .clicked()
                {
                    actions.push(UiAction::SetTheme(choice));
                }
            }
        });
        ui.separator();
        let before = (*highlight, *alerts);
        ui.checkbox(&mut highlight.enabled, tr.t(Msg::SettingsHighlight));
        ui.horizontal(|ui| {
            let label = ui.label(tr.t(Msg::SettingsHighlightSeconds));
            ui.add(egui::Slider::new(&mut highlight.seconds, 1.0..=30.0))
                .labelled_by(label.id);
        });
        ui.separator();
        ui.checkbox(&mut alerts.new_listeners, tr.t(Msg::SettingsAlertListeners));
        ui.checkbox(&mut alerts.flagged, tr.t(Msg::SettingsAlertFlagged));
        ui.checkbox(&mut alerts.desktop, tr.t(Msg::SettingsDesktop));
        if notifications_failed {
            ui.label(
                RichText::new(tr.t(Msg::SettingsNoNotifications))
                    .color(super::palette::WARNING_TEXT),
            );
        }
        ui.add_enabled(
            alerts.desktop,
            egui::Checkbox::new(
                &mut alerts.desktop_new_listeners,
                tr.t(Msg::SettingsDesktopListeners),
            ),
        );
        if (*highlight, *alerts) != before {
            actions.push(UiAction::SettingsChanged);
        }
        ui.separator();
        let mut resolve = resolve_names;
        if ui
            .checkbox(&mut resolve, tr.t(Msg::SettingsResolveNames))
            .changed()
        {
            actions.push(UiAction::SetResolveNames(resolve));
        }
        ui.label(RichText::new(tr.t(Msg::SettingsResolveNamesTip)).weak());
    });
}
