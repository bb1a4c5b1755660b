//! The selected connection's traffic in the details: bytes sent and received, the program's
//! totals over all its connections, and a small graph of the rate since it was selected.

use std::collections::VecDeque;

use egui::{Color32, RichText, Sense, Stroke, pos2, vec2};

use crate::i18n::{Msg, Tr};
use crate::model::{Rate, SocketKey, SocketRow, Traffic};
use crate::risk::text::{bytes_text, rate_text};

/// How many polls the graph shows: five minutes at the usual one-second interval.
pub const HISTORY_POINTS: usize = 300;

/// The graph's narrowest time span, in polls: a minute at the usual interval.
const GRAPH_MIN_POINTS: usize = 60;

/// The rates of one connection, poll by poll, since it was selected (only the selected one is
/// kept: ten thousand histories would cost more than the table).
#[derive(Debug, Default)]
pub struct RateHistory {
    key: Option<SocketKey>,
    points: VecDeque<Rate>,
}

impl RateHistory {
    /// Add this poll's rate of `row` (the selected row, or none): a different connection starts
    /// a new history; a poll without a rate (the first one) adds nothing.
    pub fn record(&mut self, row: Option<&SocketRow>) {
        let key = row.map(SocketRow::key);
        if key != self.key {
            self.key = key;
            self.points.clear();
        }
        if let Some(rate) = row.and_then(|r| r.rate) {
            if self.points.len() == HISTORY_POINTS {
                self.points.pop_front();
            }
            self.points.push_back(rate);
        }
    }

    /// The recorded rates of `key`, oldest first (empty for another connection).
    pub fn points(&self, key: &SocketKey) -> impl Iterator<Item = Rate> + '_ {
        let mine = self.key.as_ref() == Some(key);
        self.points.iter().copied().filter(move |_| mine)
    }
}

/// The total traffic of the program that owns `row`, over every connection it holds in
/// `rows`, and how many connections that is; `None` without an owner or without counters.
pub fn program_totals(rows: &[SocketRow], row: &SocketRow) -> Option<(Traffic, usize)> {
    let pid = row.pid()?;
    let mut total = Traffic {
        sent: 0,
        received: 0,
    };
    let mut n = 0;
    for t in rows
        .iter()
        .filter(|r| r.pid() == Some(pid))
        .filter_map(|r| r.traffic)
    {
        total.sent = total.sent.saturating_add(t.sent);
        total.received = total.received.saturating_add(t.received);
        n += 1;
    }
    (n > 0).then_some((total, n))
}

const SENT: Color32 = Color32::from_rgb(0xe0, 0x8a, 0x1e);
const RECEIVED: Color32 = Color32::from_rgb(0x2f, 0x8f, 0xd8);

/// Lines of the traffic grid (inside the details' socket grid): sent, received, rate, the
/// program's totals. UDP and systems without counters say why there are none.
pub fn fields(
    ui: &mut egui::Ui,
    row: &SocketRow,
    totals: Option<(Traffic, usize)>,
    privileged: bool,
    tr: &Tr,
    field: fn(&mut egui::Ui, &str, egui::WidgetText),
) {
    let Some(t) = row.traffic else {
        let why = match row.protocol {
            crate::model::Protocol::Udp => Msg::TrafficNoneUdp,
            // Windows counts a connection's bytes only for an administrator.
            crate::model::Protocol::Tcp if cfg!(windows) && !privileged => Msg::TrafficNeedsAdmin,
            crate::model::Protocol::Tcp => Msg::TrafficNoneHere,
        };
        field(ui, tr.t(Msg::TrafficTitle), tr.t(why).into());
        return;
    };
    field(ui, tr.t(Msg::ColSent), bytes_text(t.sent).into());
    field(ui, tr.t(Msg::ColReceived), bytes_text(t.received).into());
    if let Some(rate) = row.rate {
        field(ui, tr.t(Msg::ColRate), rate_text(rate).into());
    }
    if let Some((total, n)) = totals.filter(|(_, n)| *n > 1) {
        let text = tr.f(
            Msg::TrafficProgramTotal,
            &[&bytes_text(total.sent), &bytes_text(total.received), &n],
        );
        field(ui, tr.t(Msg::TrafficProgram), text.into());
    }
}

/// The graph of `history` for `row`: sent and received per second, scaled to the highest.
pub fn graph(ui: &mut egui::Ui, row: &SocketRow, history: &RateHistory, tr: &Tr) {
    let points: Vec<Rate> = history.points(&row.key()).collect();
    if row.traffic.is_none() {
        return;
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr.t(Msg::TrafficGraphTitle)).weak());
        ui.label(RichText::new(format!("— {}", tr.t(Msg::ColSent))).color(SENT));
        ui.label(RichText::new(format!("— {}", tr.t(Msg::ColReceived))).color(RECEIVED));
    });
    let width = ui.available_width().max(60.0);
    let (rect, response) = ui.allocate_exact_size(vec2(width, 48.0), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_stroke(
        rect,
        2.0,
        Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
    let top = points
        .iter()
        .map(|r| r.sent.max(r.received))
        .fold(0.0f64, f64::max);
    if points.len() < 2 || top <= 0.0 {
        let note = if points.len() < 2 {
            Msg::TrafficGraphWaiting
        } else {
            Msg::TrafficGraphQuiet
        };
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            tr.t(note),
            egui::FontId::proportional(11.0),
            ui.visuals().weak_text_color(),
        );
        return;
    }
    // The first minute fills the width; after that it holds up to five minutes.
    let span = points.len().clamp(GRAPH_MIN_POINTS, HISTORY_POINTS);
    let step = rect.width() / (span - 1) as f32;
    let x0 = rect.right() - step * (points.len() - 1) as f32;
    let y = |v: f64| rect.bottom() - 3.0 - (v / top) as f32 * (rect.height() - 6.0);
    for (pick, colour) in [
        ((|r: &Rate| r.received) as fn(&Rate) -> f64, RECEIVED),
        (|r: &Rate| r.sent, SENT),
    ] {
        let line: Vec<egui::Pos2> = points
            .iter()
            .enumerate()
            .map(|(i, r)| pos2(x0 + step * i as f32, y(pick(r))))
            .collect();
        painter.add(egui::Shape::line(line, Stroke::new(1.5, colour)));
    }
    response.on_hover_text(tr.f(
        Msg::TrafficGraphPeak,
        &[&format!("{}/s", bytes_text(top.round() as u64))],
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TcpState;
    use crate::model::fixtures::tcp;

    fn with_rate(port: u16, sent: f64) -> SocketRow {
        let mut row = tcp("10.0.0.2", port, TcpState::Established, 9, "curl");
        row.rate = Some(Rate {
            sent,
            received: 0.0,
        });
        row
    }

    #[test]
    fn history_follows_the_selection_and_keeps_five_minutes() {
        let mut h = RateHistory::default();
        let a = with_rate(1000, 1.0);
        for i in 0..(HISTORY_POINTS + 20) {
            h.record(Some(&with_rate(1000, i as f64)));
        }
        let kept: Vec<f64> = h.points(&a.key()).map(|r| r.sent).collect();
        assert_eq!(kept.len(), HISTORY_POINTS);
        assert_eq!(kept[0], 20.0);
        let b = with_rate(2000, 5.0);
        h.record(Some(&b));
        assert_eq!(h.points(&a.key()).count(), 0);
        assert_eq!(h.points(&b.key()).count(), 1);
        h.record(None);
        assert_eq!(h.points(&b.key()).count(), 0);
    }

    #[test]
    fn program_totals_add_every_connection_of_the_owner() {
        let mut a = tcp("10.0.0.2", 1000, TcpState::Established, 9, "curl");
        a.traffic = Some(Traffic {
            sent: 10,
            received: 100,
        });
        let mut b = a.clone();
        b.local_port = 1001;
        b.traffic = Some(Traffic {
            sent: 5,
            received: 50,
        });
        let other = tcp("10.0.0.2", 1002, TcpState::Established, 10, "ssh");
        let rows = vec![a.clone(), b, other.clone()];
        assert_eq!(
            program_totals(&rows, &a),
            Some((
                Traffic {
                    sent: 15,
                    received: 150
                },
                2
            ))
        );
        assert_eq!(program_totals(&rows, &other), None);
    }
}
