//! The "judge" and "close" parts of the details panel: what the port is, why it is flagged,
//! what to do, the trust toggle and the firewall commands.

use egui::RichText;

use super::UiAction;
use super::palette::level_color;
use crate::actions::firewall::{FirewallCommand, active_firewall, active_first, block_commands};
use crate::i18n::{Msg, Tr};
use crate::model::SocketRow;
use crate::risk::KnowledgeBase;
use crate::risk::text::{advice, detail, exposure_text, level_icon, level_text, title};

/// Draw the judgement of `row`: what it is, why it is flagged, what to do.
pub fn show(ui: &mut egui::Ui, row: &SocketRow, tr: &Tr) {
    let a = &row.assessment;
    let kb = KnowledgeBase::builtin();
    ui.add_space(8.0);
    ui.label(RichText::new(tr.t(Msg::DetailsAbout)).strong());
    if let Some(service) = crate::risk::text::service_text(a, tr) {
        ui.label(format!("{}: {service}", tr.t(Msg::DetailsService)));
    }
    if let Some(entry) = kb.port(row.local_port, row.protocol) {
        ui.label(entry.description(tr.lang));
        ui.label(RichText::new(entry.advice(tr.lang)).weak());
    }
    if let Some(backdoor) = kb.backdoor(row.local_port, row.protocol) {
        ui.label(backdoor.description(tr.lang));
    }
    ui.label(format!(
        "{}: {}",
        tr.t(Msg::DetailsExposure),
        exposure_text(a.exposure, tr)
    ));

    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr.t(Msg::DetailsFindings)).strong());
        if a.trusted {
            ui.label(RichText::new(tr.t(Msg::TrustedBadge)).color(super::palette::TRUSTED));
        }
    });
    if a.findings.is_empty() {
        ui.label(RichText::new(tr.t(Msg::DetailsNoFindings)).weak());
    }
    for f in &a.findings {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let head = format!(
                "{} {} — {}",
                level_icon(f.level),
                level_text(f.level, tr),
                title(f, tr)
            );
            let mut head = RichText::new(head).strong();
            if !a.trusted {
                head = head.color(level_color(f.level));
            }
            ui.label(head);
            ui.add(egui::Label::new(detail(f, tr)).wrap());
            ui.add(egui::Label::new(RichText::new(advice(f, tr)).italics()).wrap());
        });
    }
}

/// Draw the firewall commands that block `row`'s port (the "close it" step): this computer's
/// firewall first, the others folded under "Other firewalls".
pub fn firewall(ui: &mut egui::Ui, row: &SocketRow, tr: &Tr, actions: &mut Vec<UiAction>) {
    static ACTIVE: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    let active = *ACTIVE.get_or_init(|| active_firewall(std::path::Path::new("/")));
    ui.add_space(8.0);
    let reveal = ui
        .ctx()
        .data_mut(|d| d.remove_temp::<bool>(reveal_id()).unwrap_or(false));
    let section = egui::CollapsingHeader::new(tr.t(Msg::FirewallTitle))
        .id_salt("firewall")
        .open(reveal.then_some(true))
        .show(ui, |ui| {
            super::blocks_panel::block_section(ui, row, tr);
            ui.label(RichText::new(tr.t(Msg::FirewallNote)).weak());
            let mut commands = active_first(block_commands(row.local_port, row.protocol), active);
            let others = commands.split_off(1);
            for cmd in &commands {
                firewall_command(ui, cmd, Some(tr.t(Msg::FirewallActive)), tr, actions);
            }
            egui::CollapsingHeader::new(tr.t(Msg::FirewallOthers))
                .id_salt("firewall-others")
                .show(ui, |ui| {
                    for cmd in &others {
                        firewall_command(ui, cmd, None, tr, actions);
                    }
                });
        });
    if reveal {
        section.header_response.scroll_to_me(Some(egui::Align::TOP));
    }
}

fn firewall_command(
    ui: &mut egui::Ui,
    cmd: &FirewallCommand,
    note: Option<&str>,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    ui.horizontal(|ui| {
        let name = format!("{} ({}) {}", cmd.firewall, cmd.platform, note.unwrap_or(""));
        ui.label(RichText::new(name.trim_end()).strong());
        if ui
            .small_button(tr.t(Msg::FirewallCopy))
            .on_hover_text(&cmd.command)
            .clicked()
        {
            actions.push(UiAction::Copy(cmd.command.clone()));
        }
    });
    ui.add(egui::Label::new(RichText::new(&cmd.command).monospace()).wrap());
}

fn reveal_id() -> egui::Id {
    egui::Id::unique("portscope-reveal-firewall")
}

/// Ask the details panel to open the firewall commands and scroll to them (Block port…).
pub fn reveal_firewall(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(reveal_id(), true));
}
