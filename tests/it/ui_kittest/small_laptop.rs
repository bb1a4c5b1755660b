//! The window at a small laptop's size (1024×600): every toolbar control and a long notice
//! stay in view.

use portscope::i18n::{Lang, Msg, Tr};
use portscope::model::Snapshot;
use portscope::risk::TrustStore;

use super::{build_with, in_language};
use egui_kittest::kittest::Queryable;

const SMALL: [f32; 2] = [1024.0, 600.0];

/// The accessible names of every toolbar control in `lang`.
fn toolbar_labels(lang: Lang) -> Vec<&'static str> {
    let tr = Tr::new(lang);
    let mut labels: Vec<&'static str> = [
        Msg::SearchLabel,
        Msg::FilterAll,
        Msg::FilterListening,
        Msg::FilterEstablished,
        Msg::FilterBothProtocols,
        Msg::FilterTcp,
        Msg::FilterUdp,
        Msg::HideLoopback,
        Msg::FilterFlagged,
        Msg::BaselineFilter,
        Msg::Pause,
        Msg::RefreshNow,
        Msg::IntervalLabel,
        Msg::Export,
        Msg::BaselineRemember,
        Msg::EventLogButton,
        Msg::SettingsButton,
        Msg::HelpButton,
    ]
    .into_iter()
    .map(|m| tr.t(m))
    .collect();
    labels.push("🌐 Language / 语言");
    labels
}

#[test]
fn every_toolbar_control_is_in_view_at_1024x600_in_english_and_chinese() {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(SMALL[0], SMALL[1]));
    for lang in Lang::ALL {
        // No rows: nothing in the table shares a control's name.
        let (h, _) = build_with(
            Snapshot::default(),
            (TrustStore::in_memory(), None),
            Some(in_language(lang)),
            SMALL,
        );
        for label in toolbar_labels(lang) {
            let nodes: Vec<_> = h.query_all_by_label(label).collect();
            assert!(!nodes.is_empty(), "{lang:?}: no control named {label:?}");
            for node in nodes {
                let rect = node.rect();
                assert!(
                    rect.width() > 0.0 && rect.height() > 0.0 && window.contains_rect(rect),
                    "{lang:?}: {label:?} at {rect:?} is not inside the {SMALL:?} window"
                );
            }
        }
    }
}

#[test]
fn a_long_notice_wraps_inside_the_window() {
    let name = "a-program-with-a-very-long-name-".repeat(8);
    let mut snap = super::snapshot();
    snap.rows.push(super::row(
        9000,
        Some(portscope::model::TcpState::Listen),
        900,
        &name,
    ));
    let (mut h, recorded) = build_with(
        snap,
        (TrustStore::in_memory(), None),
        Some(in_language(Lang::En)),
        SMALL,
    );
    h.get_by_label("Got it").click();
    h.run();
    h.get_all_by_label(&name).next().unwrap().click();
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    h.get_by_label("End program").click();
    h.run_steps(3);
    let request = recorded.borrow().kills[0].clone();
    recorded
        .borrow_mut()
        .pending_reports
        .push(portscope::actions::kill::KillReport {
            request,
            outcome: portscope::actions::kill::KillOutcome::Ended,
        });
    h.run();
    let text = h
        .state()
        .notice()
        .expect("the end is reported")
        .text
        .clone();
    assert!(text.contains(&name) && text.contains("has ended"), "{text}");
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(SMALL[0], SMALL[1]));
    let rect = h.get_by_label(&text).rect();
    assert!(
        window.contains_rect(rect),
        "the notice at {rect:?} is not inside the {SMALL:?} window"
    );
    let dismiss = h.get_by_label("✖").rect();
    assert!(window.contains_rect(dismiss), "dismiss at {dismiss:?}");
}
