//! The window at a small laptop's size (1024×600): every toolbar control stays in view.

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
