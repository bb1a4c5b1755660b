//! The live socket table: virtualised rows, sortable resizable columns, selection and a
//! right-click menu.

use egui::{RichText, Sense};
use egui_extras::{Column as TableColumn, TableBuilder};

use super::palette::{self, kind_color, level_color, state_color};
use super::table_state::TableState;
use super::{UiAction, column_title};
use crate::columns;
use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;
use crate::model::{Column, RiskLevel, SocketKey, SocketRow, SortOrder, SortSpec};
use crate::risk::KnowledgeBase;
use crate::risk::text::level_icon;
use crate::risk::text::port_class_text;
use crate::ui::watch_panels::kind_text;
use crate::watch::{Decoration, EventKind};

/// What the table draws.
pub struct TableView<'a> {
    /// The rows (live, then lingering), those shown and the selection.
    pub table: &'a TableState,
    /// Current sort.
    pub sort: SortSpec,
    /// Scroll to this display position (after keyboard moves).
    pub scroll_to: Option<usize>,
    /// Translator.
    pub tr: &'a Tr,
    /// How each row is highlighted right now (new, changed, closed), if at all.
    pub decorate: &'a dyn Fn(&SocketKey) -> Option<Decoration>,
    /// The columns to draw, in order.
    pub columns: &'a [Column],
}

const ROW_HEIGHT: f32 = 22.0;

/// Starting widths, from the column registry.
fn initial_width(column: Column) -> f32 {
    columns::def(column).width
}

/// The text of one cell: the registry's text (the same as every other output), styled by what
/// it says.
fn cell_text(row: &SocketRow, column: Column, tr: &Tr) -> RichText {
    let def = columns::def(column);
    let Some(text) = (def.text)(row, tr) else {
        return match column {
            Column::Process => RichText::new(tr.t(Msg::DetailsUnknown)).italics().weak(),
            Column::Risk => RichText::new(""),
            _ => RichText::new(tr.t(Msg::EmptyValue)).weak(),
        };
    };
    let plain = RichText::new(text);
    let plain = if def.mono { plain.monospace() } else { plain };
    match column {
        Column::Process if row.process().is_some() => plain.strong(),
        Column::Process => plain.italics().weak(),
        Column::Risk => risk_style(row, plain),
        Column::Service if row.assessment.backdoor.is_some() => {
            plain.color(level_color(RiskLevel::High))
        }
        Column::Exposure if !row.assessment.exposure.is_network() => plain.weak(),
        Column::LocalPort => plain.strong(),
        Column::State => match row.state {
            Some(s) => plain.color(state_color(s)),
            None => plain,
        },
        _ => plain,
    }
}

/// The Risk column: the registry's words with the level's icon and colour.
fn risk_style(row: &SocketRow, text: RichText) -> RichText {
    let a = &row.assessment;
    if a.trusted {
        return text.color(palette::TRUSTED);
    }
    match a.level() {
        RiskLevel::None => text.weak(),
        level => {
            let text = RichText::new(format!("{} {}", level_icon(level), text.text()))
                .color(level_color(level));
            if level >= RiskLevel::Medium {
                text.strong()
            } else {
                text
            }
        }
    }
}

/// Tint a cell by its change kind, fading with the decoration's strength.
fn paint_highlight(ui: &egui::Ui, d: Decoration) {
    let alpha = if d.kind == EventKind::Closed {
        0.30
    } else {
        0.35
    };
    let color = kind_color(d.kind).gamma_multiply(alpha * d.strength.clamp(0.0, 1.0));
    let rect = ui.max_rect().expand2(egui::vec2(4.0, 2.0));
    ui.painter().rect_filled(rect, 0.0, color);
}

/// Draw the table and collect the user's actions.
pub fn show(ui: &mut egui::Ui, view: &TableView<'_>, actions: &mut Vec<UiAction>) {
    // Labels would swallow row clicks otherwise.
    ui.style_mut().interaction.selectable_labels = false;
    if view.table.visible().is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| ui.label(RichText::new(view.tr.t(Msg::NoRowsMatch)).weak()));
        return;
    }
    // Columns keep their widths; a narrow window scrolls sideways instead of squashing them.
    egui::ScrollArea::horizontal()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            draw_table(ui, view, actions);
        });
}

/// The table itself: a column each, the sortable header, then the virtualised rows.
fn draw_table(ui: &mut egui::Ui, view: &TableView<'_>, actions: &mut Vec<UiAction>) {
    // A new column set starts with fresh widths.
    let mut builder = TableBuilder::new(ui)
        .id_salt(("socket-table", view.columns))
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink([false, false]);
    let last = view.columns.last().copied();
    for &column in view.columns {
        let col = if Some(column) == last {
            TableColumn::remainder().at_least(initial_width(column))
        } else {
            TableColumn::initial(initial_width(column))
                .at_least(40.0)
                .clip(true)
        };
        builder = builder.column(col);
    }
    if let Some(pos) = view.scroll_to {
        builder = builder.scroll_to_row(pos, None);
    }
    builder
        .header(24.0, |mut header| {
            for &column in view.columns {
                header.col(|ui| header_cell(ui, view, column, actions));
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view.table.visible().len(), |table_row| {
                body_row(table_row, view, actions);
            });
        });
}

/// A column's title with the sort arrow: click sorts, right-click chooses the columns.
fn header_cell(
    ui: &mut egui::Ui,
    view: &TableView<'_>,
    column: Column,
    actions: &mut Vec<UiAction>,
) {
    let title = column_title(column, view.tr);
    let arrow = match (view.sort.column == column, view.sort.order) {
        (true, SortOrder::Ascending) => " ⬆",
        (true, SortOrder::Descending) => " ⬇",
        (false, _) => "",
    };
    let button = egui::Button::new(RichText::new(format!("{title}{arrow}")).strong()).frame(false);
    let response = ui.add(button);
    if response.clicked() {
        actions.push(UiAction::Sort(column));
    }
    response.context_menu(|ui| column_chooser(ui, view, actions));
}

/// One socket's row: its cells, selection on click and the right-click menu.
fn body_row(
    mut table_row: egui_extras::TableRow<'_, '_>,
    view: &TableView<'_>,
    actions: &mut Vec<UiAction>,
) {
    let index = view.table.visible()[table_row.index()];
    let row = view.table.row(index);
    let key = row.key();
    let closed = view.table.lingers(index);
    let decoration = (view.decorate)(&key);
    table_row.set_selected(view.table.selected() == Some(&key));
    for &column in view.columns {
        table_row.col(|ui| body_cell(ui, view, row, column, closed, decoration));
    }
    let response = table_row.response();
    if response.clicked() {
        actions.push(UiAction::Select(Some(key.clone())));
    }
    response.context_menu(|ui| row_menu(ui, row, &key, closed, view.tr, actions));
}

/// One cell: the change tint, the New/Changed/Closed tag before the program, the text (struck
/// through once closed) and its tooltip.
fn body_cell(
    ui: &mut egui::Ui,
    view: &TableView<'_>,
    row: &SocketRow,
    column: Column,
    closed: bool,
    decoration: Option<Decoration>,
) {
    if let Some(d) = decoration {
        paint_highlight(ui, d);
    }
    let mut text = cell_text(row, column, view.tr);
    if closed {
        text = text.strikethrough().weak();
    }
    let label = ui
        .horizontal(|ui| {
            if column == Column::Process
                && let Some(d) = decoration
            {
                let tag = RichText::new(format!("{} ", kind_text(d.kind, view.tr)))
                    .color(kind_color(d.kind))
                    .strong()
                    .small();
                ui.label(tag);
            }
            // The Remote column's own hover text holds the whole text and more.
            let own_tip = column == Column::RemoteAddress && row.remote_address.is_some();
            ui.add(
                egui::Label::new(text)
                    .truncate()
                    .show_tooltip_when_elided(!own_tip),
            )
        })
        .inner;
    cell_tooltip(label, row, column, view.tr);
}

/// The hover text of a cell: the service's description, why the risk is port-only, the raw TCP
/// state, the port's class.
fn cell_tooltip(label: egui::Response, row: &SocketRow, column: Column, tr: &Tr) {
    if column == Column::Service
        && let Some(entry) = KnowledgeBase::builtin().port(row.local_port, row.protocol)
    {
        label.on_hover_text(entry.description(tr.lang));
    } else if column == Column::Service
        && let Some(b) = KnowledgeBase::builtin().backdoor(row.local_port, row.protocol)
    {
        label.on_hover_text(b.description(tr.lang));
    } else if column == Column::Risk && row.owner_hidden() {
        label.on_hover_text(tr.t(Msg::RiskPortOnlyTip));
    } else if column == Column::State
        && let Some(s) = row.state
    {
        label.on_hover_text(s.as_str());
    } else if column == Column::LocalPort {
        label.on_hover_text(port_class_text(row.port_class(), tr));
    } else if column == Column::RemoteAddress
        && let Some(text) = crate::risk::text::remote_details(row, tr)
    {
        label.on_hover_text(text);
    }
}

/// A row's right-click menu: End program, Close connection, Copy row, Copy path.
fn row_menu(
    ui: &mut egui::Ui,
    row: &SocketRow,
    key: &SocketKey,
    closed: bool,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    actions.push(UiAction::Select(Some(key.clone())));
    let can_end = row.process().is_some() && !closed;
    if ui
        .add_enabled(can_end, egui::Button::new(tr.t(Msg::MenuEndProgram)))
        .clicked()
    {
        actions.push(UiAction::AskEndProgram(key.clone()));
        ui.close();
    }
    if row.is_established()
        && !closed
        && ui
            .button(tr.t(Msg::ActionCloseConnection))
            .on_hover_text(tr.t(Msg::TipCloseConnection))
            .clicked()
    {
        actions.push(UiAction::AskCloseConnection(key.clone()));
        ui.close();
    }
    if ui.button(tr.t(Msg::MenuCopyRow)).clicked() {
        actions.push(UiAction::Copy(columns::row_as_text(row, tr)));
        ui.close();
    }
    if ui
        .add_enabled(
            row.path().is_some(),
            egui::Button::new(tr.t(Msg::MenuCopyPath)),
        )
        .clicked()
    {
        // As shown: a line break or a terminal escape in a path must not reach a shell raw.
        let path = row.path_text().unwrap_or_default();
        actions.push(UiAction::Copy(show_invisible(&path).into_owned()));
        ui.close();
    }
}

/// The header's right-click menu: a checkbox per column (Program always stays).
fn column_chooser(ui: &mut egui::Ui, view: &TableView<'_>, actions: &mut Vec<UiAction>) {
    ui.label(RichText::new(view.tr.t(Msg::ColumnsMenuTitle)).strong());
    for column in Column::ALL {
        let mut shown = view.columns.contains(&column);
        let enabled = column != Column::Process;
        if ui
            .add_enabled(
                enabled,
                egui::Checkbox::new(&mut shown, column_title(column, view.tr)),
            )
            .changed()
        {
            actions.push(UiAction::ToggleColumn(column));
        }
    }
}
