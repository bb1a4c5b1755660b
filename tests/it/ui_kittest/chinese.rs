//! The window in Chinese: service names from the knowledge base in Chinese.

use egui_kittest::kittest::Queryable;
use portscope::i18n::Lang;
use portscope::model::{Snapshot, TcpState};
use portscope::risk::TrustStore;

use super::{build_with, in_language, row};

#[test]
fn the_chinese_window_names_services_in_chinese() {
    let snap = Snapshot {
        sequence: 1,
        rows: vec![
            row(3389, Some(TcpState::Listen), 300, "xrdp"),
            row(445, Some(TcpState::Listen), 301, "smbd"),
        ],
        ..Default::default()
    };
    let (mut h, _) = build_with(
        snap,
        (TrustStore::in_memory(), None),
        Some(in_language(Lang::Zh)),
        [1500.0, 900.0],
    );
    assert!(
        h.query_by_label("SMB (Windows 文件共享)").is_some(),
        "the table"
    );
    assert!(h.query_by_label("远程桌面 (RDP)").is_some(), "the table");
    // The details panel: the Service line and the exposed-service finding.
    h.get_all_by_label("xrdp").next().unwrap().click();
    h.run();
    assert!(
        h.query_all_by_label_contains("远程桌面 (RDP)").count() >= 2,
        "the table and the details name it in Chinese"
    );
    for english in ["Remote Desktop", "Windows file sharing"] {
        assert!(
            h.query_all_by_label_contains(english).next().is_none(),
            "{english} shown in the Chinese window"
        );
    }
}
