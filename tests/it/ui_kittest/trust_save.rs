//! A trust change that could not be saved does not show: the row stays as the file says, and
//! the notice says so. The save fails for real: the config folder is replaced by a plain file
//! after the list was opened (nothing can be written there, not even by root).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portscope::app::PortScopeApp;
use portscope::risk::{TrustEntry, TrustStore};

use super::{build, flagged_row, flagged_snapshot};

/// The app over the trust list in `folder`, made unwritable once the list is open.
fn with_unwritable_trust_list(
    folder: &std::path::Path,
    trusted_before: bool,
) -> (
    Harness<'static, PortScopeApp>,
    std::rc::Rc<std::cell::RefCell<super::Recorded>>,
) {
    std::fs::create_dir(folder).unwrap();
    let (mut store, problem) = TrustStore::open(&folder.join("trusted.json"));
    assert!(problem.is_none(), "{problem:?}");
    if trusted_before {
        let snap = flagged_snapshot();
        let row = snap.rows.iter().find(|r| r.local_port == 7626).unwrap();
        store.add(TrustEntry::for_row(row).unwrap()).unwrap();
    }
    let built = build(flagged_snapshot(), (store, None));
    std::fs::remove_dir_all(folder).unwrap();
    std::fs::write(folder, "not a folder").unwrap();
    built
}

fn trusted(h: &Harness<'_, PortScopeApp>) -> bool {
    flagged_row(h).assessment.trusted
}

/// Click `button` in the details of the flagged row; the notice it leaves.
fn click_in_details(h: &mut Harness<'_, PortScopeApp>, button: &str) -> String {
    h.get_all_by_label("mytool").next().unwrap().click();
    h.run();
    h.get_by_label(button).click();
    h.run();
    let notice = h
        .state()
        .notice()
        .expect("the failed save is reported")
        .clone();
    assert!(notice.error, "{notice:?}");
    notice.text
}

#[test]
fn a_trust_mark_that_could_not_be_saved_is_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, recorded) = with_unwritable_trust_list(&dir.path().join("config"), false);
    let text = click_in_details(&mut h, "✔ Mark as trusted");
    assert!(
        !trusted(&h),
        "the row shows trusted although the save failed"
    );
    assert!(text.contains("not marked as trusted"), "{text}");
    assert!(h.query_all_by_label("✔ trusted").next().is_none(), "badge");
    // Nor after the engine's next update.
    let mut next = flagged_snapshot();
    next.sequence = 2;
    recorded.borrow_mut().pending_snapshot = Some(next);
    h.run();
    assert!(!trusted(&h), "trusted again after the next update");
}

#[test]
fn an_undo_that_could_not_be_saved_leaves_the_row_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = with_unwritable_trust_list(&dir.path().join("config"), true);
    assert!(trusted(&h));
    let text = click_in_details(&mut h, "Undo trust");
    assert!(
        trusted(&h),
        "the row lost its trust although the file still has it"
    );
    assert!(text.contains("still trusted"), "{text}");
}
