//! The window's "it will start again" (issue 18): over an XDG autostart file in folders of the
//! test's own (`install_place`), the details of a flagged program say "Starts automatically:
//! from …" with **Disable…**; after the program is ended a banner says "It will start again at
//! login from …"; **Disable…** asks, then writes the user override (read back from the file),
//! and **Enable again** removes it. The host's autostart folders and journal are never touched.

use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portscope::app::PortScopeApp;
use portscope::model::TcpState;
use portscope::risk::TrustStore;
use portscope::startup::{Roots, User};
use portscope::ui::startup_panel::{Place, install_place, last_banner};

use super::{build, end_selected_program, row, snapshot};

fn run_until(
    h: &mut Harness<'static, PortScopeApp>,
    what: &str,
    done: impl Fn(&Harness<'static, PortScopeApp>) -> bool,
) {
    for _ in 0..150 {
        h.run();
        if done(h) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the window never showed {what}");
}

/// Only an XDG system folder (`<dir>/xdg/autostart`), a home and a journal, all in `dir`.
fn place_in(dir: &std::path::Path) -> Place {
    let home = dir.join("home");
    Place {
        roots: Roots {
            systemd: vec![],
            xdg_system: vec![dir.join("xdg/autostart")],
            cron_spool: dir.join("none"),
            cron_files: vec![],
            cron_dirs: vec![],
            rc_local: dir.join("none"),
            path_dirs: vec![],
            systemd_running: false,
        },
        user: Some(User {
            uid: 0,
            gid: 0,
            name: "tester".into(),
            config_home: home.join(".config"),
            home,
        }),
        journal: Some(dir.join("journal.json")),
    }
}

#[test]
fn the_details_name_the_autostart_entry_and_disable_and_enable_it_after_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("mytool");
    std::fs::write(&exe, "#!/bin/sh\n").unwrap();
    let system = dir.path().join("xdg/autostart/mytool.desktop");
    std::fs::create_dir_all(system.parent().unwrap()).unwrap();
    let bytes = format!("[Desktop Entry]\nExec={} --tray\n", exe.display());
    std::fs::write(&system, &bytes).unwrap();
    let mut flagged = row(7626, Some(TcpState::Listen), 700, "mytool");
    std::sync::Arc::make_mut(flagged.process_mut().unwrap()).path = Some(exe.clone());
    let mut shot = snapshot();
    shot.rows.push(flagged);
    let (mut h, recorded) = build(shot, (TrustStore::in_memory(), None));
    install_place(&h.ctx, place_in(dir.path()));
    h.get_all_by_label("mytool").next().unwrap().click();
    let from = format!("Starts automatically: from {}", system.display());
    run_until(&mut h, "the entry", |h| h.query_by_label(&from).is_some());

    // End it: the banner says it will start again.
    end_selected_program(&mut h, &recorded);
    let again = format!("It will start again at login from {}.", system.display());
    run_until(&mut h, "the banner", |h| h.query_by_label(&again).is_some());

    // The banner's button (the details have one too).
    let buttons = h.get_all_by_label("Disable…").count();
    assert_eq!(buttons, 2, "one in the details, one in the banner");
    h.get_all_by_label("Disable…").last().unwrap().click();
    h.run();
    assert!(
        h.query_by_label("Disable this autostart entry?").is_some(),
        "it asks first"
    );
    let user_file = dir.path().join("home/.config/autostart/mytool.desktop");
    assert!(!user_file.exists(), "nothing before confirming");
    h.get_by_label("Disable").click();
    run_until(&mut h, "the result", |h| last_banner(&h.ctx).is_some());
    let shown = last_banner(&h.ctx).unwrap();
    assert!(shown.ok, "{shown:?}");
    assert!(
        shown.text.starts_with("Disabled xdg-autostart"),
        "{shown:?}"
    );
    let over = std::fs::read_to_string(&user_file).unwrap();
    assert!(over.starts_with("[Desktop Entry]\nHidden=true\n"), "{over}");
    assert_eq!(
        std::fs::read_to_string(&system).unwrap(),
        bytes,
        "the system file untouched"
    );
    let was = format!("Disabled by PortScope: {}", user_file.display());
    run_until(&mut h, "the disabled entry", |h| {
        h.query_by_label(&was).is_some()
    });
    assert!(h.query_by_label(&again).is_none(), "the banner went");

    h.get_all_by_label("Enable again").next().unwrap().click();
    run_until(&mut h, "the undo", |h| {
        last_banner(&h.ctx).is_some_and(|b| b.undo.is_none())
    });
    let shown = last_banner(&h.ctx).unwrap();
    assert!(shown.ok && shown.text.starts_with("Enabled"), "{shown:?}");
    assert!(!user_file.exists(), "the override is gone");
    run_until(&mut h, "the entry again", |h| {
        h.query_by_label(&from).is_some()
    });
}
