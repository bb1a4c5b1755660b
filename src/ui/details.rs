//! The details panel: the selected program and a one-line judgement, then the actions (end the
//! program, close the connection, block the port, trust it) in one row that never scrolls away,
//! then everything else PortScope knows in a scroll area that starts at the top for each row.

use egui::RichText;
use egui::text::{LayoutJob, TextWrapping};

use super::UiAction;
use super::palette::{self, level_color};
use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;
use crate::model::{ProcessInfo, SocketRow};
use crate::risk::text::{level_icon, level_text, title};

/// What the panel needs besides the row.
#[derive(Clone, Copy, Debug)]
pub struct DetailsContext<'a> {
    /// The row has closed and only lingers on screen.
    pub closed: bool,
    /// PortScope runs with administrator/root rights (an owner missing then lives elsewhere).
    pub privileged: bool,
    /// The UI language.
    pub tr: &'a Tr,
    /// The selected connection's rates since it was selected.
    pub history: &'a super::traffic::RateHistory,
    /// The owning program's traffic over all its connections, and how many.
    pub program_traffic: Option<(crate::model::Traffic, usize)>,
}

/// One name/value line of a grid; the value wraps.
fn field(ui: &mut egui::Ui, name: &str, value: impl Into<egui::WidgetText>) {
    ui.label(RichText::new(name).weak());
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// Draw the details of `row` (or a hint when nothing is selected).
pub fn show(
    ui: &mut egui::Ui,
    row: Option<&SocketRow>,
    cx: DetailsContext<'_>,
    actions: &mut Vec<UiAction>,
) {
    let tr = cx.tr;
    ui.heading(tr.t(Msg::DetailsTitle));
    ui.separator();
    let Some(row) = row else {
        ui.label(RichText::new(tr.t(Msg::DetailsNothingSelected)).weak());
        return;
    };
    if cx.closed {
        ui.label(RichText::new(tr.t(Msg::ClosedRowNote)).color(palette::DANGER_TEXT));
    }
    header(ui, row, cx);
    action_row(ui, row, cx, actions);
    ui.separator();
    // A scroll area per row: a new selection starts at the top.
    egui::ScrollArea::vertical()
        .id_salt(("details", row.key()))
        .show(ui, |ui| {
            // First: "it will start again" is what to know before ending it.
            super::startup_panel::section(ui, row, tr);
            super::findings::show(ui, row, tr);
            if let Some(p) = row.process() {
                ui.add_space(8.0);
                process_grid(ui, row, p, tr);
                origin_block(ui, p, tr);
            } else if let Some(user) = row.user() {
                ui.label(format!("{}: {}", tr.t(Msg::ColUser), show_invisible(user)));
            }
            ui.add_space(8.0);
            socket_grid(ui, row, cx);
            super::traffic::graph(ui, row, cx.history, tr);
            super::findings::firewall(ui, row, tr, actions);
        });
}

/// The program's name (or why it is unknown) and the row's judgement in one line.
fn header(ui: &mut egui::Ui, row: &SocketRow, cx: DetailsContext<'_>) {
    let tr = cx.tr;
    match row.process() {
        Some(p) => {
            ui.label(RichText::new(show_invisible(&p.name)).heading().strong());
        }
        None => {
            let why = if cx.privileged {
                Msg::DetailsOwnerElsewhere
            } else {
                Msg::DetailsOwnerHidden
            };
            ui.label(RichText::new(tr.t(why)).italics());
        }
    }
    let a = &row.assessment;
    let top = a.findings.iter().max_by_key(|f| f.level);
    let summary = match top {
        Some(f) if !a.trusted && f.level.is_flagged() => RichText::new(format!(
            "{} {}: {}",
            level_icon(f.level),
            level_text(f.level, tr),
            title(f, tr)
        ))
        .color(level_color(f.level))
        .strong(),
        _ if a.trusted => RichText::new(tr.t(Msg::TrustedBadge)).weak(),
        _ => RichText::new(tr.t(Msg::DetailsNothingUnusual)).weak(),
    };
    ui.add(egui::Label::new(summary).wrap());
}

/// Why End program can't be offered for `row`, as a tooltip message.
fn end_blocked(row: &SocketRow, cx: DetailsContext<'_>) -> Option<Msg> {
    if cx.closed {
        return Some(Msg::TipEndClosed);
    }
    let Some(p) = row.process() else {
        return Some(if cx.privileged {
            Msg::TipEndNoOwner
        } else {
            Msg::TipEndHidden
        });
    };
    if p.pid <= 1 || p.pid == std::process::id() {
        return Some(Msg::TipEndProtected);
    }
    None
}

/// End program (primary; red when flagged), Close connection, Block port, Mark as trusted (last).
fn action_row(
    ui: &mut egui::Ui,
    row: &SocketRow,
    cx: DetailsContext<'_>,
    actions: &mut Vec<UiAction>,
) {
    let tr = cx.tr;
    let flagged = row.assessment.is_flagged();
    ui.horizontal_wrapped(|ui| {
        let blocked = end_blocked(row, cx);
        let (fill, text_color) = if flagged {
            (palette::DANGER_BUTTON_BG, palette::DANGER_BUTTON_TEXT)
        } else {
            (
                ui.visuals().selection.bg_fill,
                ui.visuals().selection.stroke.color,
            )
        };
        let end = egui::Button::new(
            RichText::new(tr.t(Msg::MenuEndProgram))
                .strong()
                .color(text_color),
        )
        .fill(fill);
        let response = ui.add_enabled(blocked.is_none(), end);
        let response = match blocked {
            Some(why) => response.on_disabled_hover_text(tr.t(why)),
            None => response.on_hover_text(tr.t(Msg::TipEndProgram)),
        };
        if response.clicked() {
            actions.push(UiAction::AskEndProgram(row.key()));
        }
        if row.is_established() && row.remote_address.is_some() {
            let close = ui
                .add_enabled(
                    !cx.closed,
                    egui::Button::new(tr.t(Msg::ActionCloseConnection)),
                )
                .on_hover_text(tr.t(Msg::TipCloseConnection))
                .on_disabled_hover_text(tr.t(Msg::TipEndClosed));
            if close.clicked() {
                actions.push(UiAction::AskCloseConnection(row.key()));
            }
        }
        if ui
            .button(tr.t(Msg::ActionBlockPort))
            .on_hover_text(tr.t(Msg::TipBlockPort))
            .clicked()
        {
            super::findings::reveal_firewall(ui.ctx());
        }
        trust_button(ui, row, tr, actions);
    });
}

/// Mark as trusted / Remove trust, for rows with findings.
fn trust_button(ui: &mut egui::Ui, row: &SocketRow, tr: &Tr, actions: &mut Vec<UiAction>) {
    let a = &row.assessment;
    if a.findings.is_empty() {
        return;
    }
    let key = row.key();
    if a.trusted {
        if ui.button(tr.t(Msg::TrustUnmark)).clicked() {
            actions.push(UiAction::Untrust(key));
        }
        return;
    }
    let can = row.path().is_some();
    let button = ui.add_enabled(can, egui::Button::new(tr.t(Msg::TrustMark)));
    let button = if can {
        button.on_hover_text(tr.t(Msg::TrustMarkTip))
    } else {
        button.on_disabled_hover_text(tr.t(Msg::TrustNoPath))
    };
    if button.clicked() {
        actions.push(UiAction::Trust(key));
    }
}

/// The command line in at most two lines, with "show all" / "show less".
fn command_line(ui: &mut egui::Ui, row: &SocketRow, p: &ProcessInfo, tr: &Tr) {
    let text = if p.cmdline.is_empty() {
        tr.t(Msg::DetailsUnknown).to_owned()
    } else {
        crate::model::text::show_invisible_multiline(&p.cmdline.join(" ")).into_owned()
    };
    let id = ui.make_persistent_id(("cmdline-expanded", row.key()));
    let mut expanded = ui.data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let mut job = LayoutJob::simple(text, font, ui.visuals().text_color(), ui.available_width());
    if !expanded {
        job.wrap = TextWrapping {
            max_rows: 2,
            break_anywhere: true,
            overflow_character: Some('…'),
            max_width: ui.available_width(),
        };
    }
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let cut = galley.elided;
    ui.vertical(|ui| {
        ui.add(egui::Label::new(galley));
        if (cut || expanded)
            && ui
                .link(tr.t(if expanded {
                    Msg::DetailsShowLess
                } else {
                    Msg::DetailsShowAll
                }))
                .clicked()
        {
            expanded = !expanded;
            ui.data_mut(|d| d.insert_temp(id, expanded));
        }
    });
    ui.end_row();
}

/// The program's PID, path, command line, user, start time, parent and other owners.
fn process_grid(ui: &mut egui::Ui, row: &SocketRow, p: &ProcessInfo, tr: &Tr) {
    let unknown = tr.t(Msg::DetailsUnknown);
    egui::Grid::new("details-process")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            field(ui, tr.t(Msg::ColPid), p.pid.to_string());
            field(
                ui,
                tr.t(Msg::ColPath),
                show_invisible(p.shown_path().as_deref().unwrap_or(unknown)).into_owned(),
            );
            ui.label(RichText::new(tr.t(Msg::DetailsCommandLine)).weak());
            command_line(ui, row, p, tr);
            field(
                ui,
                tr.t(Msg::ColUser),
                show_invisible(p.user.as_deref().unwrap_or(unknown)).into_owned(),
            );
            let started = p.started_at.map_or(unknown.to_owned(), |t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            });
            field(ui, tr.t(Msg::DetailsStarted), started);
            field(
                ui,
                tr.t(Msg::DetailsParent),
                p.parent_pid.map_or(unknown.to_owned(), |x| x.to_string()),
            );
            if row.pids().len() > 1 {
                let all: Vec<String> = row.pids().iter().map(u32::to_string).collect();
                field(ui, tr.t(Msg::DetailsOwners), all.join(", "));
            }
        });
}

/// "Where it comes from": package and verdict (✔ green, ✖ red, with a word each, never colour
/// alone), service unit, container and launch chain.
fn origin_block(ui: &mut egui::Ui, p: &ProcessInfo, tr: &Tr) {
    use crate::risk::text::{OriginTone, origin_lines};
    let lines = origin_lines(p, tr);
    if lines.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.label(RichText::new(tr.t(Msg::DetailsOriginHeading)).strong());
    for (text, tone) in lines {
        let text = RichText::new(text);
        ui.add(
            egui::Label::new(match tone {
                OriginTone::Plain => text,
                OriginTone::Good => text.color(palette::TRUSTED),
                OriginTone::Bad => text.color(palette::DANGER_TEXT).strong(),
            })
            .wrap(),
        );
    }
}

/// The socket itself: protocol, local address, port class, peer and TCP state.
fn socket_grid(ui: &mut egui::Ui, row: &SocketRow, cx: DetailsContext<'_>) {
    let tr = cx.tr;
    ui.label(RichText::new(tr.t(Msg::DetailsSocket)).strong());
    egui::Grid::new("details-socket")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            field(ui, tr.t(Msg::ColProtocol), row.protocol_label());
            field(
                ui,
                tr.t(Msg::ColLocalAddress),
                row.local_endpoint().to_string(),
            );
            if let Some(netns) = crate::risk::text::netns_text(row, tr) {
                field(ui, tr.t(Msg::ColNetns), netns);
            }
            field(
                ui,
                tr.t(Msg::ColPortClass),
                crate::risk::text::port_class_text(row.port_class(), tr),
            );
            let remote = row
                .remote_endpoint()
                .map_or_else(|| tr.t(Msg::DetailsNoPeer).to_owned(), |e| e.to_string());
            field(ui, tr.t(Msg::ColRemoteAddress), remote);
            if let Some(host) = crate::risk::text::host_text(row, tr) {
                field(ui, tr.t(Msg::DetailsHost), host);
            }
            if let Some(ip) = row.remote_address {
                let info = crate::ipinfo::remote(ip);
                let mut text = crate::risk::text::scope_text(info.scope, tr).to_owned();
                if let Some(asn) = info.network.asn {
                    let org = crate::model::text::show_invisible(info.network.org.unwrap_or(""));
                    text += &format!(" · {}", tr.f(Msg::DetailsNetworkAs, &[&asn, &org]));
                }
                if let Some(cc) = info.network.country {
                    let name = crate::risk::text::country_text(cc, tr.lang);
                    text += &format!(" · {name}");
                }
                field(ui, tr.t(Msg::DetailsNetwork), text.trim_end().to_owned());
            }
            if let Some(s) = row.state {
                field(
                    ui,
                    tr.t(Msg::ColState),
                    crate::risk::text::state_text(s, tr),
                );
            }
            super::traffic::fields(ui, row, cx.program_traffic, cx.privileged, tr, field);
        });
}
