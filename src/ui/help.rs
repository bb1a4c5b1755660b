//! Help for a first-time user: a short welcome that explains rows, risk words and colours and
//! the look–judge–close steps, and the list of keyboard shortcuts.

use egui::RichText;

use super::UiAction;
use crate::i18n::{Msg, Tr};

/// The user's choice of light or dark, or the system's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// egui's preference for this choice.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }

    /// The choice's name in the UI language.
    pub fn text(self, tr: &Tr) -> &'static str {
        tr.t(match self {
            ThemeChoice::System => Msg::ThemeSystem,
            ThemeChoice::Light => Msg::ThemeLight,
            ThemeChoice::Dark => Msg::ThemeDark,
        })
    }
}

/// The welcome panel, shown until dismissed (Help brings it back).
pub fn welcome(ctx: &egui::Context, tr: &Tr, actions: &mut Vec<UiAction>) {
    egui::Window::new(tr.t(Msg::WelcomeTitle))
        .id(egui::Id::unique("welcome"))
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            for msg in [
                Msg::WelcomeRows,
                Msg::WelcomeRisk,
                Msg::WelcomeChanges,
                Msg::WelcomeSteps,
            ] {
                ui.add(egui::Label::new(tr.t(msg)).wrap());
                ui.add_space(6.0);
            }
            if ui
                .button(RichText::new(tr.t(Msg::WelcomeDismiss)).strong())
                .clicked()
            {
                actions.push(UiAction::DismissWelcome);
            }
        });
}

/// Every keyboard shortcut, with what it does.
pub fn shortcuts(ctx: &egui::Context, tr: &Tr, actions: &mut Vec<UiAction>) {
    let rows = [
        ("Ctrl+F", Msg::ShortcutSearch),
        ("↑ / ↓", Msg::ShortcutMove),
        ("Delete", Msg::ShortcutEnd),
        ("Enter", Msg::ShortcutConfirm),
        ("Esc", Msg::ShortcutCancel),
        ("Space", Msg::ShortcutPause),
        ("F5", Msg::ShortcutRefresh),
        ("Ctrl+L", Msg::ShortcutLog),
        ("Ctrl+Q", Msg::ShortcutQuit),
    ];
    egui::Window::new(tr.t(Msg::ShortcutsTitle))
        .id(egui::Id::unique("shortcuts"))
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcut-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (keys, msg) in rows {
                        ui.label(RichText::new(keys).monospace().strong());
                        ui.label(tr.t(msg));
                        ui.end_row();
                    }
                });
            ui.label(RichText::new(tr.t(Msg::ShortcutColumns)).weak());
            if ui.button(tr.t(Msg::CloseButton)).clicked() {
                actions.push(UiAction::ToggleShortcuts);
            }
        });
}

/// The help windows the Help menu opens; one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpWindow {
    /// Every keyboard shortcut.
    Shortcuts,
    /// Version, licence and the sources of the address data, as their licences ask.
    About,
}

/// The packages the shipped address table was made from, with their versions, as
/// `scripts/update-ipdb.sh` recorded them.
fn address_data_versions() -> impl Iterator<Item = &'static str> {
    include_str!("../../assets/ipdb/SOURCES.md")
        .lines()
        .filter_map(|l| l.strip_prefix("- @ip-location-db/"))
        .map(|l| l.split(" — ").next().unwrap_or(l))
}

/// What PortScope is, its licence, and where the organisation and country of an address come
/// from (DB-IP and Route Views ask for attribution, CC BY 4.0).
pub fn about(ctx: &egui::Context, tr: &Tr, actions: &mut Vec<UiAction>) {
    egui::Window::new(tr.t(Msg::AboutTitle))
        .id(egui::Id::unique("about"))
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label(RichText::new(format!("PortScope {}", env!("CARGO_PKG_VERSION"))).strong());
            ui.label(tr.t(Msg::AboutWhat));
            ui.label(tr.f(Msg::AboutLicence, &[&env!("CARGO_PKG_LICENSE")]));
            ui.add_space(6.0);
            ui.label(RichText::new(tr.t(Msg::AboutDataTitle)).strong());
            ui.label(tr.t(Msg::AboutDataAsn));
            ui.label(tr.t(Msg::AboutDataCountry));
            ui.label(tr.t(Msg::AboutDataOffline));
            for version in address_data_versions() {
                ui.label(
                    RichText::new(format!("@ip-location-db/{version}"))
                        .monospace()
                        .weak(),
                );
            }
            if ui.button(tr.t(Msg::CloseButton)).clicked() {
                actions.push(UiAction::ToggleAbout);
            }
        });
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_about_window_names_the_address_data_and_its_versions() {
        let versions: Vec<&str> = super::address_data_versions().collect();
        assert_eq!(versions.len(), 2, "{versions:?}");
        assert!(
            versions.iter().any(|v| v.starts_with("asn ")),
            "{versions:?}"
        );
        assert!(
            versions
                .iter()
                .any(|v| v.starts_with("geo-whois-asn-country ")),
            "{versions:?}"
        );
    }
}
