//! The window on a fake backend, driven like a user with egui_kittest: sort, filter, kill dialog.

use std::cell::RefCell;
use std::rc::Rc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portscope::actions::kill::{KillOutcome, KillReport, KillRequest, StopSignal};
use portscope::app::{Backend, PortScopeApp};
use portscope::engine::{Control, Pipeline, Update};
use portscope::model::{ProcessInfo, Protocol, Snapshot, SocketRow, TcpState};
use portscope::risk::TrustStore;

#[derive(Default)]
struct Recorded {
    controls: Vec<Control>,
    kills: Vec<KillRequest>,
    pending_snapshot: Option<Snapshot>,
    /// The real pipeline judges the fake snapshots, as the engine thread would.
    pipeline: Pipeline,
    /// The last snapshot marked again after a trust or baseline change.
    remarked: Option<Update>,
    pending_reports: Vec<KillReport>,
    notifications: Vec<(String, String)>,
    closes: Vec<(std::net::SocketAddr, std::net::SocketAddr)>,
    restarts: usize,
}

/// A backend that serves a prepared snapshot (judged by the real pipeline) and records what
/// the UI asks for.
struct FakeBackend(Rc<RefCell<Recorded>>);

impl Backend for FakeBackend {
    fn latest(&mut self) -> Option<Update> {
        let recorded = &mut *self.0.borrow_mut();
        match recorded.pending_snapshot.take() {
            Some(snapshot) => Some(recorded.pipeline.judge(snapshot)),
            None => recorded.remarked.take(),
        }
    }
    fn control(&mut self, control: Control) {
        let recorded = &mut *self.0.borrow_mut();
        match &control {
            Control::SetTrust(list) => recorded.pipeline.set_trust(list.clone()),
            Control::SetBaseline(list) => recorded.pipeline.set_baseline(list.clone()),
            _ => {}
        }
        if matches!(control, Control::SetTrust(_) | Control::SetBaseline(_)) {
            recorded.remarked = recorded.pipeline.remark();
        }
        recorded.controls.push(control);
    }
    fn end_program(&mut self, request: KillRequest) {
        self.0.borrow_mut().kills.push(request);
    }
    fn notify(&mut self, summary: String, body: String) {
        self.0.borrow_mut().notifications.push((summary, body));
    }
    fn kill_reports(&mut self) -> Vec<KillReport> {
        std::mem::take(&mut self.0.borrow_mut().pending_reports)
    }
    fn restart_as_administrator(&mut self) -> Result<(), String> {
        self.0.borrow_mut().restarts += 1;
        Err("no polkit agent in tests".into())
    }
    fn close_connection(
        &mut self,
        local: std::net::SocketAddr,
        remote: std::net::SocketAddr,
    ) -> Result<(), portscope::actions::close::CloseError> {
        self.0.borrow_mut().closes.push((local, remote));
        Ok(())
    }
}

fn row(port: u16, state: Option<TcpState>, pid: u32, name: &str) -> SocketRow {
    SocketRow {
        protocol: if state.is_some() {
            Protocol::Tcp
        } else {
            Protocol::Udp
        },
        state,
        owner: portscope::model::Owner::known(
            [pid][..].into(),
            Some(std::sync::Arc::new(ProcessInfo {
                pid,
                name: name.into(),
                path: Some(format!("/usr/sbin/{name}").into()),
                cmdline: vec![name.into()],
                user: Some("root".into()),
                started_at: chrono::DateTime::from_timestamp(1_700_000_000, 0),
                parent_pid: Some(1),
                exe_deleted: false,
                exe_replaced: false,
                start_token: None,
                origin: Default::default(),
            })),
        ),
        uid: Some(0),
        socket_user: Some("root".into()),
        inode: u64::from(port),
        ..SocketRow::new(Protocol::Tcp, "0.0.0.0".parse().unwrap(), port)
    }
}

fn snapshot() -> Snapshot {
    Snapshot {
        sequence: 1,
        taken_at: chrono::Utc::now(),
        rows: vec![
            row(8080, Some(TcpState::Listen), 300, "webserver"),
            row(22, Some(TcpState::Listen), 100, "sshd"),
            row(631, Some(TcpState::Listen), 200, "cupsd"),
            row(5353, None, 400, "avahi-daemon"),
        ],
        ..Default::default()
    }
}

fn harness() -> (Harness<'static, PortScopeApp>, Rc<RefCell<Recorded>>) {
    build(snapshot(), (TrustStore::in_memory(), None))
}

/// The app on a fake backend serving `snapshot`, with the fonts the real app installs.
fn build(
    snapshot: Snapshot,
    trust: (TrustStore, Option<portscope::risk::trust::TrustError>),
) -> (Harness<'static, PortScopeApp>, Rc<RefCell<Recorded>>) {
    build_with(snapshot, trust, None, [1500.0, 900.0])
}

/// Like `build`, in a window of `size`.
fn build_sized(
    snapshot: Snapshot,
    trust: (TrustStore, Option<portscope::risk::trust::TrustError>),
    size: [f32; 2],
) -> (Harness<'static, PortScopeApp>, Rc<RefCell<Recorded>>) {
    build_with(snapshot, trust, None, size)
}

/// `build`, with settings from a file, in a window of `size`.
fn build_with(
    snapshot: Snapshot,
    trust: (TrustStore, Option<portscope::risk::trust::TrustError>),
    settings: Option<portscope::app::LoadedSettings>,
    size: [f32; 2],
) -> (Harness<'static, PortScopeApp>, Rc<RefCell<Recorded>>) {
    let recorded = Rc::new(RefCell::new(Recorded {
        pending_snapshot: Some(snapshot),
        ..Default::default()
    }));
    let backend = FakeBackend(Rc::clone(&recorded));
    // Settings are saved by a background thread that wakes the UI when done: allow a few extra
    // frames for that wake-up to settle.
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        .build_eframe(move |cc| {
            // The language picker always shows 语言, so Chinese glyphs are always needed.
            assert!(
                portscope::ui::fonts::install(&cc.egui_ctx),
                "a CJK font is needed (apt install fonts-noto-cjk)"
            );
            PortScopeApp::new(Box::new(backend), settings, trust)
        });
    harness.run();
    (harness, recorded)
}

fn shown_ports(h: &Harness<'_, PortScopeApp>) -> Vec<u16> {
    h.state()
        .visible_rows()
        .iter()
        .map(|r| r.local_port)
        .collect()
}

#[test]
fn clicking_a_header_sorts_and_clicking_again_reverses() {
    let (mut h, _) = harness();
    assert_eq!(
        shown_ports(&h),
        vec![22, 631, 5353, 8080],
        "default: by local port"
    );
    h.get_by_label("Program").click();
    h.run();
    let names: Vec<String> = h
        .state()
        .visible_rows()
        .iter()
        .map(|r| r.process_name().to_owned())
        .collect();
    assert_eq!(names, vec!["avahi-daemon", "cupsd", "sshd", "webserver"]);
    h.get_by_label_contains("Program").click();
    h.run();
    assert_eq!(shown_ports(&h), vec![8080, 22, 631, 5353]);
}

#[test]
fn typing_a_filter_narrows_rows() {
    let (mut h, _) = harness();
    h.get_by_label("🔍 Search").click();
    h.run();
    h.get_by_label("🔍 Search").type_text("cups");
    h.run();
    assert_eq!(shown_ports(&h), vec![631]);
    h.get_by_label("UDP").click();
    h.run();
    assert!(shown_ports(&h).is_empty());
    assert!(
        h.query_by_label("No sockets match the search and filters.")
            .is_some()
    );
}

#[test]
fn kill_dialog_cancels_then_confirms_and_reports() {
    let (mut h, recorded) = harness();
    h.get_all_by_label("sshd").next().unwrap().click();
    h.run();
    assert_eq!(h.state().selected_row().map(|r| r.local_port), Some(22));

    h.key_press(egui::Key::Delete);
    h.run();
    assert!(
        h.query_by_label_contains("End “sshd” (PID 100)?").is_some(),
        "dialog names program and pid"
    );
    assert!(
        h.query_by_label_contains("TCP 0.0.0.0:22").is_some(),
        "dialog lists the port"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(
        h.query_by_label_contains("End “sshd”").is_none(),
        "dialog closed"
    );
    assert!(recorded.borrow().kills.is_empty(), "cancel sends nothing");

    h.key_press(egui::Key::Delete);
    h.run();
    h.get_by_label("End program").click();
    h.run_steps(3); // a spinner runs while the request is out
    let kills = recorded.borrow().kills.clone();
    assert_eq!(kills.len(), 1);
    assert_eq!(kills[0].target.pid, 100);
    assert_eq!(
        kills[0].target.path.as_deref(),
        Some(std::path::Path::new("/usr/sbin/sshd"))
    );
    assert_eq!(kills[0].signal, StopSignal::Graceful);

    recorded.borrow_mut().pending_reports.push(KillReport {
        request: kills[0].clone(),
        outcome: KillOutcome::StillRunning,
    });
    h.run();
    h.get_by_label("Force end").click();
    h.run_steps(3);
    let kills = recorded.borrow().kills.clone();
    assert_eq!(kills.len(), 2);
    assert_eq!(kills[1].signal, StopSignal::Force);
    recorded.borrow_mut().pending_reports.push(KillReport {
        request: kills[1].clone(),
        outcome: KillOutcome::Ended,
    });
    h.run();
    assert!(h.query_all_by_label_contains("has ended").next().is_some());
}

#[test]
fn enter_confirms_and_escape_cancels() {
    let (mut h, recorded) = harness();
    h.get_all_by_label("cupsd").next().unwrap().click();
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label_contains("End “cupsd”").is_none());
    h.key_press(egui::Key::Delete);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert_eq!(recorded.borrow().kills.len(), 1);
    assert_eq!(recorded.borrow().kills[0].target.pid, 200);
}

#[test]
fn pause_and_refresh_reach_the_collector() {
    let (mut h, recorded) = harness();
    h.get_by_label("⏸ Pause").click();
    h.run();
    h.key_press(egui::Key::F5);
    h.run();
    let controls = recorded.borrow().controls.clone();
    assert!(controls.contains(&Control::Pause), "{controls:?}");
    assert!(controls.contains(&Control::RefreshNow), "{controls:?}");
    assert!(h.query_by_label("▶ Resume").is_some());
}

#[test]
fn export_through_the_dialog_writes_the_shown_rows() {
    let (mut h, _) = harness();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("ports.json");
    h.get_by_label("🔍 Search").click();
    h.run();
    h.get_by_label("🔍 Search").type_text("ssh");
    h.run();
    h.get_by_label("💾 Export…").click();
    h.run();
    h.get_by_label("JSON").click();
    h.run();
    let path_field = h.get_by_label("Save to");
    path_field.focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Save to")
        .type_text(&target.to_string_lossy());
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["local_port"], 22);
    assert_eq!(
        doc["filter"], "search “ssh”",
        "the report states its filter"
    );
    let notice = h.state().notice().expect("a notice").clone();
    assert!(
        !notice.error && notice.text.contains("ports.json"),
        "{notice:?}"
    );
}

#[test]
fn export_to_an_unwritable_path_says_why_and_keeps_the_dialog() {
    let (mut h, _) = harness();
    h.get_by_label("💾 Export…").click();
    h.run();
    let field = h.get_by_label("Save to");
    field.focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Save to")
        .type_text("/nonexistent-dir/ports.csv");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let notice = h.state().notice().expect("a notice").clone();
    assert!(notice.error, "{notice:?}");
    assert!(
        notice.text.contains("/nonexistent-dir/ports.csv"),
        "{notice:?}"
    );
    assert!(
        h.query_by_label("Save to").is_some(),
        "dialog stays open to fix the path"
    );
}

#[test]
fn sort_filters_and_interval_survive_a_restart_and_corrupt_settings_fall_back() {
    use portscope::app::SettingsFile;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    let (mut h, _) = build_with(
        snapshot(),
        (TrustStore::in_memory(), None),
        Some(SettingsFile::open(&path)),
        [1500.0, 900.0],
    );
    // PID is not a default column: the header's right-click menu shows it.
    assert!(h.query_by_label("PID").is_none());
    h.get_by_label("Program").click_secondary();
    h.run();
    h.get_by_label("PID").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.state()
            .settings()
            .columns
            .contains(&portscope::model::Column::Pid)
    );
    h.get_by_label("PID").click();
    h.run();
    h.get_by_label("Listening").click();
    h.run();
    // Saved off the UI thread as they change…
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read_to_string(&path).map_or(true, |t| !t.contains("Listening"))
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    assert!(std::fs::read_to_string(&path).unwrap().contains("\"Pid\""));
    // …and closing the window waits for the last save.
    h.state_mut().save_now();
    assert!(std::fs::symlink_metadata(&path).unwrap().is_file());

    let recorded = Rc::new(RefCell::new(Recorded {
        pending_snapshot: Some(snapshot()),
        ..Default::default()
    }));
    let restored = PortScopeApp::new(
        Box::new(FakeBackend(recorded)),
        Some(SettingsFile::open(&path)),
        (TrustStore::in_memory(), None),
    );
    assert_eq!(restored.settings(), h.state().settings());
    assert_eq!(
        restored.settings().sort.column,
        portscope::model::Column::Pid
    );
    assert!(restored.notice().is_none());

    std::fs::write(&path, "{not json").unwrap();
    let recorded = Rc::new(RefCell::new(Recorded::default()));
    let fresh = PortScopeApp::new(
        Box::new(FakeBackend(recorded)),
        Some(SettingsFile::open(&path)),
        (TrustStore::in_memory(), None),
    );
    assert_eq!(fresh.settings(), &portscope::app::Settings::default());
    let notice = fresh.notice().expect("the corrupt file is reported");
    assert!(
        notice.error && notice.text.contains("settings.json.corrupt-"),
        "{notice:?}"
    );
}

fn flagged_snapshot() -> Snapshot {
    let mut s = snapshot();
    s.rows
        .push(row(7626, Some(TcpState::Listen), 700, "mytool"));
    s
}

/// The row of `flagged_snapshot`'s backdoor listener as the window shows it.
fn flagged_row(h: &Harness<'_, PortScopeApp>) -> SocketRow {
    h.state()
        .visible_rows()
        .into_iter()
        .find(|r| r.local_port == 7626)
        .expect("the flagged row is shown")
        .clone()
}

fn harness_with(
    snapshot: Snapshot,
    trust_path: &std::path::Path,
) -> (Harness<'static, PortScopeApp>, Rc<RefCell<Recorded>>) {
    build(snapshot, TrustStore::open(trust_path))
}

#[test]
fn flagged_row_explains_itself_and_trust_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let trust_path = dir.path().join("trusted.json");
    let (mut h, _) = harness_with(flagged_snapshot(), &trust_path);
    let level = |h: &Harness<'_, PortScopeApp>| flagged_row(h).assessment.level();
    assert_eq!(level(&h), portscope::model::RiskLevel::High);

    h.get_by_label("⚠ Flagged only").click();
    h.run();
    assert_eq!(shown_ports(&h), vec![7626], "only the flagged row remains");

    h.get_all_by_label("mytool").next().unwrap().click();
    h.run();
    assert!(
        h.query_by_label_contains("⚠ high — Known backdoor port")
            .is_some(),
        "finding title shown"
    );
    assert!(
        h.query_all_by_label_contains("Glacier").next().is_some(),
        "reason names the backdoor"
    );
    assert!(
        h.query_all_by_label_contains("What you can do")
            .next()
            .is_some(),
        "advice shown"
    );

    h.get_by_label("✔ Mark as trusted").click();
    h.run();
    assert!(
        shown_ports(&h).is_empty(),
        "a trusted row is no longer flagged"
    );
    h.get_by_label("⚠ Flagged only").click();
    h.run();
    assert_eq!(level(&h), portscope::model::RiskLevel::None);
    assert!(
        h.query_all_by_label("✔ trusted").next().is_some(),
        "trusted badge"
    );
    assert!(trust_path.exists(), "trust list written");
    drop(h);

    let (h2, _) = harness_with(flagged_snapshot(), &trust_path);
    let row = h2
        .state()
        .visible_rows()
        .into_iter()
        .find(|r| r.local_port == 7626)
        .unwrap()
        .clone();
    assert!(row.assessment.trusted, "still trusted after restart");
    assert_eq!(row.assessment.level(), portscope::model::RiskLevel::None);

    let (mut h3, _) = harness_with(flagged_snapshot(), &trust_path);
    h3.get_all_by_label("mytool").next().unwrap().click();
    h3.run();
    h3.get_by_label("Undo trust").click();
    h3.run();
    assert_eq!(
        level(&h3),
        portscope::model::RiskLevel::High,
        "undo restores the flag"
    );
}

#[test]
fn corrupt_trust_file_is_reported_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let trust_path = dir.path().join("trusted.json");
    std::fs::write(&trust_path, "[[[ broken").unwrap();
    let (h, _) = harness_with(snapshot(), &trust_path);
    let notice = h
        .state()
        .notice()
        .expect("notice about the trust list")
        .clone();
    assert!(
        notice.error && notice.text.contains("could not be read"),
        "{notice:?}"
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert!(
        kept.iter()
            .any(|e| std::fs::read_to_string(e.path()).unwrap() == "[[[ broken"),
        "old file kept"
    );
}

#[test]
fn the_window_switches_to_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness_with(flagged_snapshot(), &dir.path().join("t.json"));
    h.get_all_by_label("🌐 Language / 语言")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("简体中文").click();
    h.run();
    assert_eq!(h.state().settings().lang, Some(portscope::i18n::Lang::Zh));
    h.get_all_by_label("mytool").next().unwrap().click();
    h.run();
    assert!(
        h.query_all_by_label_contains("冰河").next().is_some(),
        "Chinese finding text with the backdoor's name"
    );
}

#[test]
fn a_new_socket_is_marked_a_closed_one_lingers_and_the_toast_selects_it() {
    let (mut h, recorded) = harness();
    assert!(
        h.state().watch_state().toasts.is_empty(),
        "the first snapshot never alerts"
    );

    let mut next = flagged_snapshot();
    next.sequence = 2;
    next.rows.retain(|r| r.local_port != 5353);
    recorded.borrow_mut().pending_snapshot = Some(next);
    h.run();

    let now = std::time::Instant::now();
    let settings = h.state().settings().highlight;
    let rows: Vec<SocketRow> = h.state().visible_rows().into_iter().cloned().collect();
    let new_row = rows
        .iter()
        .find(|r| r.local_port == 7626)
        .expect("new row shown");
    let mark = h
        .state()
        .watch_state()
        .highlighter
        .decoration(&new_row.key(), now, &settings);
    assert_eq!(
        mark.map(|d| d.kind),
        Some(portscope::watch::EventKind::Opened)
    );
    let closed = rows
        .iter()
        .find(|r| r.local_port == 5353)
        .expect("closed row lingers");
    assert!(h.state().is_lingering(&closed.key()));
    assert!(
        h.query_all_by_label("new ").next().is_some(),
        "'new' marker, not colour only"
    );
    assert!(
        h.query_all_by_label_contains("closed").next().is_some(),
        "'closed' marker"
    );
    assert_eq!(h.state().watch_state().new_since_start, 1);

    // A lingering row can't be ended.
    h.get_all_by_label("avahi-daemon").next().unwrap().click();
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    assert!(h.query_by_label_contains("End “avahi-daemon”").is_none());

    let toast = h.get_by_label_contains("high risk: “mytool” on TCP port 7626");
    toast.click();
    h.run();
    assert_eq!(h.state().selected_row().map(|r| r.local_port), Some(7626));
    let sent = recorded.borrow().notifications.clone();
    assert_eq!(
        sent.len(),
        1,
        "flagged sockets also go to the desktop: {sent:?}"
    );
    assert!(sent[0].1.contains("mytool") && sent[0].1.contains("7626"));

    h.get_by_label("📜 Event log").click();
    h.run();
    assert_eq!(
        h.state().watch_state().log.events().len(),
        2,
        "opened + closed"
    );
}

/// The app on a fake backend serving `snapshot()`, with the baseline file at `path`.
fn harness_with_baseline(
    path: &std::path::Path,
) -> (Harness<'static, PortScopeApp>, Rc<RefCell<Recorded>>) {
    let baseline = portscope::risk::BaselineStore::open(path);
    let recorded = Rc::new(RefCell::new(Recorded {
        pending_snapshot: Some(snapshot()),
        ..Default::default()
    }));
    let backend = FakeBackend(Rc::clone(&recorded));
    let harness = Harness::builder()
        .with_size([1500.0, 900.0])
        .build_eframe(move |cc| {
            portscope::ui::fonts::install(&cc.egui_ctx);
            PortScopeApp::new(Box::new(backend), None, (TrustStore::in_memory(), None))
                .with_baseline(baseline)
        });
    (harness, recorded)
}

#[test]
fn baseline_hides_known_ports_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let baseline_path = dir.path().join("baseline.json");
    let (mut h, recorded2) = harness_with_baseline(&baseline_path);
    h.run();
    h.get_by_label("📌 Remember current ports as known").click();
    // Step, don't run: the background write wakes the UI at a time of its own choosing.
    h.step();
    // The file is written off the UI thread; the notice comes when it is done.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while h.state().notice().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    assert!(
        h.state().notice().unwrap().text.contains("Remembered 4"),
        "{:?}",
        h.state().notice()
    );
    h.get_by_label("New since baseline").click();
    h.run();
    assert!(shown_ports(&h).is_empty(), "everything known is hidden");

    let mut next = flagged_snapshot();
    next.sequence = 2;
    recorded2.borrow_mut().pending_snapshot = Some(next);
    h.run();
    assert_eq!(
        shown_ports(&h),
        vec![7626],
        "only what is new since the baseline"
    );

    let reopened = TrustStore::open(&baseline_path).0;
    assert_eq!(reopened.entries().len(), 4, "baseline persisted");
}

#[test]
fn corrupt_baseline_is_reported_not_silently_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let baseline_path = dir.path().join("baseline.json");
    std::fs::write(&baseline_path, "{ broken").unwrap();
    let (mut h, _) = harness_with_baseline(&baseline_path);
    h.run();
    let notice = h
        .state()
        .notice()
        .expect("a notice about the baseline")
        .clone();
    assert!(notice.error, "{notice:?}");
    assert!(
        notice.text.contains("baseline") && notice.text.contains("corrupt-"),
        "names the baseline and where it was kept: {notice:?}"
    );
    assert!(
        h.query_by_label_contains("baseline.json.corrupt-")
            .is_some(),
        "shown in the window"
    );
}

#[test]
fn ctrl_l_toggles_the_event_log() {
    let (mut h, _) = harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    h.run();
    assert!(h.state().watch_state().panel.open);
    assert!(h.query_by_label("Export CSV").is_some());
}

/// An established connection from a program with a 2,000-character command line.
fn connected_row_with_long_command_line() -> SocketRow {
    let mut r = row(40123, Some(TcpState::Established), 500, "glacier-client");
    r.local_address = "10.0.0.2".parse().unwrap();
    r.remote_address = Some("10.0.0.9".parse().unwrap());
    r.remote_port = Some(7626);
    std::sync::Arc::make_mut(r.process_mut().unwrap()).cmdline =
        vec!["/opt/x/glacier-client".into(), "--opt=".repeat(333)];
    r
}

#[test]
fn the_actions_stay_in_view_at_1280x760_whatever_the_command_line() {
    let mut snap = snapshot();
    snap.rows.push(connected_row_with_long_command_line());
    let (mut h, _) = build_sized(snap, (TrustStore::in_memory(), None), [1280.0, 760.0]);
    h.get_all_by_label("glacier-client").next().unwrap().click();
    h.run();
    assert_eq!(h.state().selected_row().map(|r| r.local_port), Some(40123));
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 730.0));
    for label in ["End program…", "Close connection", "Block port…"] {
        let rect = h.get_by_label(label).rect();
        assert!(
            window.contains_rect(rect),
            "{label} at {rect:?} is outside the visible window"
        );
    }
    // The long command line is cut to two lines with a way to see all of it.
    assert!(h.query_by_label("show all").is_some());
}

#[test]
fn close_connection_asks_then_reaches_the_backend() {
    let mut snap = snapshot();
    snap.rows.push(connected_row_with_long_command_line());
    let (mut h, recorded) = build(snap, (TrustStore::in_memory(), None));
    h.get_all_by_label("glacier-client").next().unwrap().click();
    h.run();
    h.get_by_label("Close connection").click();
    h.run();
    assert!(
        h.query_by_label_contains("10.0.0.2:40123 → 10.0.0.9:7626")
            .is_some(),
        "the dialog names both ends"
    );
    assert!(
        recorded.borrow().closes.is_empty(),
        "nothing before confirming"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        recorded.borrow().closes,
        vec![(
            "10.0.0.2:40123".parse().unwrap(),
            "10.0.0.9:7626".parse().unwrap()
        )]
    );
    assert!(h.query_by_label_contains("program keeps running").is_some());
}

/// Delete, **End program**, and the backend answers that the selected program has ended.
fn end_selected_program(h: &mut Harness<'static, PortScopeApp>, recorded: &Rc<RefCell<Recorded>>) {
    h.key_press(egui::Key::Delete);
    h.run();
    h.get_by_label("End program").click();
    h.run_steps(3);
    let kills = recorded.borrow().kills.clone();
    recorded.borrow_mut().pending_reports.push(KillReport {
        request: kills[0].clone(),
        outcome: KillOutcome::Ended,
    });
}

#[test]
fn a_successful_end_closes_the_dialog_and_reports_in_the_banner() {
    let (mut h, recorded) = harness();
    h.get_all_by_label("sshd").next().unwrap().click();
    h.run();
    end_selected_program(&mut h, &recorded);
    h.run();
    assert!(
        h.query_by_label_contains("End “sshd”").is_none(),
        "dialog closed itself"
    );
    assert!(h.query_all_by_label_contains("has ended").next().is_some());
}

#[test]
fn the_first_risk_click_puts_the_worst_first_and_the_status_counts_flagged_now() {
    let (mut h, _) = build(flagged_snapshot(), (TrustStore::in_memory(), None));
    assert_eq!(shown_ports(&h)[0], 22, "default: by local port");
    h.get_by_label("Risk").click();
    h.run();
    assert_eq!(shown_ports(&h)[0], 7626, "the high-risk row comes first");
    assert!(h.query_by_label("⚠ 1 flagged now").is_some());
    // The trojan is named where people look: the Service column.
    assert!(h.query_by_label("Glacier (冰河) trojan port").is_some());
}

#[test]
fn a_notice_floats_over_the_table_without_moving_rows() {
    let mut snap = snapshot();
    snap.rows.push(connected_row_with_long_command_line());
    let (mut h, _) = build(snap, (TrustStore::in_memory(), None));
    let before = h.get_all_by_label("sshd").next().unwrap().rect();
    h.get_all_by_label("glacier-client").next().unwrap().click();
    h.run();
    h.get_by_label("Close connection").click();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().notice().is_some(), "a notice is shown");
    let after = h.get_all_by_label("sshd").next().unwrap().rect();
    assert_eq!(before, after, "rows stay where they were");
}

#[test]
fn the_welcome_explains_then_goes_and_help_lists_every_shortcut() {
    let (mut h, _) = harness();
    assert!(h.query_by_label("Welcome to PortScope").is_some());
    h.get_by_label("Got it").click();
    h.run();
    assert!(h.query_by_label("Welcome to PortScope").is_none());
    assert!(h.state().settings().welcome_dismissed, "remembered");
    h.get_by_label("❓ Help").click();
    h.run();
    h.get_by_label("Keyboard shortcuts").click();
    h.run();
    for keys in [
        "Ctrl+F", "Delete", "Space", "F5", "Ctrl+L", "Ctrl+Q", "Esc", "Enter",
    ] {
        assert!(h.query_by_label(keys).is_some(), "shortcut {keys} listed");
    }
}

/// Help → About names the version, the licence and the address data's sources with their
/// licences (DB-IP and Route Views ask for the attribution); it replaces the shortcuts window.
#[test]
fn about_names_the_address_data_and_its_licences() {
    let (mut h, _) = harness();
    h.get_by_label("Got it").click();
    h.run();
    h.get_by_label("❓ Help").click();
    h.run();
    h.get_by_label("Keyboard shortcuts").click();
    h.run();
    h.get_by_label("❓ Help").click();
    h.run();
    h.get_by_label("About PortScope").click();
    h.run();
    assert!(
        h.query_by_label("Ctrl+Q").is_none(),
        "one help window at a time"
    );
    assert!(h.query_by_label_contains("DB-IP (db-ip.com)").is_some());
    assert!(h.query_all_by_label_contains("CC BY 4.0").count() >= 2);
    assert!(h.query_by_label_contains("@ip-location-db/asn ").is_some());
    assert!(
        h.query_by_label_contains(&format!("PortScope {}", env!("CARGO_PKG_VERSION")))
            .is_some()
    );
}

#[test]
fn without_rights_a_banner_offers_the_restart_and_hidden_rows_say_so() {
    let mut snap = snapshot();
    let mut hidden = row(9100, Some(TcpState::Listen), 0, "x");
    hidden.owner = portscope::model::Owner::Hidden;
    hidden.uid = Some(0);
    snap.rows.push(hidden);
    snap.privileged = false;
    snap.warnings
        .push(portscope::model::CollectorWarning::OwnersHidden(1));
    let (mut h, recorded) = build(snap, (TrustStore::in_memory(), None));
    h.get_by_label("Got it").click();
    h.run();
    assert!(
        h.query_by_label_contains(
            "1 socket has its owner hidden because PortScope isn't running as administrator"
        )
        .is_some()
    );
    assert!(h.query_by_label("hidden (needs administrator)").is_some());
    // Delete on the hidden row explains instead of "no program".
    h.get_by_label("hidden (needs administrator)").click();
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    let notice = h.state().notice().expect("explained").text.clone();
    assert!(notice.contains("Restart as administrator"), "{notice}");
    h.get_by_label("Restart as administrator").click();
    h.run();
    assert_eq!(recorded.borrow().restarts, 1);
}

/// The text the last frame put on the clipboard.
fn copied(h: &Harness<'_, PortScopeApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

/// "Copy path" and "Copy row" copy the text as shown: a line break, a terminal escape and a
/// zero-width space in the program's path arrive escaped, never raw.
#[test]
fn copy_path_and_copy_row_copy_the_escaped_text() {
    let mut hostile = row(4444, Some(TcpState::Listen), 500, "spoof");
    std::sync::Arc::make_mut(hostile.process_mut().unwrap()).path =
        Some("/tmp/a\nb\u{1b}[31m\u{200b}c".into());
    let shown = r"/tmp/a\u{a}b\u{1b}[31m\u{200b}c";
    for (item, wanted) in [
        ("Copy path", shown.to_owned()),
        // The path, then the traffic columns (empty: no counters in this row).
        ("Copy row", format!("\t{shown}\t\t\t")),
    ] {
        let snapshot = Snapshot {
            sequence: 1,
            taken_at: chrono::Utc::now(),
            rows: vec![hostile.clone()],
            ..Default::default()
        };
        let (mut h, _) = build(snapshot, (TrustStore::in_memory(), None));
        h.get_by_label("spoof").click_secondary();
        h.run();
        h.get_by_label(item).click();
        h.step();
        let text = copied(&h).unwrap_or_else(|| panic!("{item} copied nothing"));
        assert!(text.ends_with(&wanted), "{item}: {text:?}");
        assert!(
            !text.contains(['\n', '\u{1b}', '\u{200b}']),
            "{item}: {text:?}"
        );
    }
}

/// Settings that pick `lang`, saved nowhere.
fn in_language(lang: portscope::i18n::Lang) -> portscope::app::LoadedSettings {
    portscope::app::LoadedSettings {
        settings: portscope::app::Settings {
            lang: Some(lang),
            ..Default::default()
        },
        ..Default::default()
    }
}

mod blocking;
mod chinese;
mod small_laptop;
mod startup;
mod status_bar;
mod trust_save;

/// sshd from openssh-server, verified, in ssh.service, started by systemd.
fn verified_sshd() -> SocketRow {
    use portscope::model::{Ancestor, Origin, Package, PackageManager};
    let mut r = row(22, Some(TcpState::Listen), 100, "sshd");
    std::sync::Arc::make_mut(r.process_mut().unwrap()).origin = Origin {
        package: Some(Package {
            manager: PackageManager::Dpkg,
            name: "openssh-server".into(),
            version: Some("1:9.2p1-2+deb12u3".into()),
            verified: Some(true),
            expected_digest: Some("61b1600a764d9e2947a52ad348b2b0dd".into()),
            actual_digest: Some("61b1600a764d9e2947a52ad348b2b0dd".into()),
            update_verified: None,
        }),
        package_pending: false,
        package_unknown: false,
        services: vec!["ssh.service".into()],
        user_unit_of: None,
        container: None,
        ancestry: vec![Ancestor {
            pid: 1,
            name: "systemd".into(),
        }],
        ..Origin::default()
    };
    r
}

#[test]
fn comes_from_is_shown_at_1280_px_and_the_details_say_where_it_comes_from() {
    let mut snap = snapshot();
    snap.rows.retain(|r| r.local_port != 22);
    snap.rows.push(verified_sshd());
    let (mut h, _) = build_sized(snap, (TrustStore::in_memory(), None), [1280.0, 760.0]);
    h.run();
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 730.0));
    let header = h.get_by_label("Comes from").rect();
    // Left of the details panel, not merely inside the window (the table clips what is beyond).
    // The Path column after it still starts in view, as before this column.
    let details = h.get_by_label("Details").rect();
    let path = h.get_by_label("Path").rect();
    assert!(
        window.contains_rect(header) && header.right() <= details.left(),
        "Comes from at {header:?}, the details at {details:?}"
    );
    assert!(path.left() + 30.0 <= details.left(), "Path at {path:?}");
    let cell = h.get_by_label("openssh-server ✔").rect();
    assert!(window.contains_rect(cell), "its cell at {cell:?}");
    h.get_all_by_label("sshd").next().unwrap().click();
    h.run();
    assert!(h.query_by_label("Where it comes from").is_some());
    assert!(
        h.query_by_label("✔ exactly as installed by openssh-server 1:9.2p1-2+deb12u3")
            .is_some()
    );
    assert!(h.query_by_label("System unit: ssh.service").is_some());
    assert!(h.query_by_label("started by: systemd").is_some());
}

#[test]
fn talking_to_the_internet_and_the_reverse_dns_setting_which_survives_a_restart() {
    use portscope::app::SettingsFile;
    let mut snap = snapshot();
    let mut conn = row(51000, Some(TcpState::Established), 500, "curl");
    conn.remote_address = Some("8.8.8.8".parse().unwrap());
    conn.remote_port = Some(443);
    let mut lan = row(51001, Some(TcpState::Established), 501, "ssh");
    lan.remote_address = Some("192.168.1.9".parse().unwrap());
    lan.remote_port = Some(22);
    snap.rows.extend([conn, lan]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    let (mut h, recorded) = build_with(
        snap.clone(),
        (TrustStore::in_memory(), None),
        Some(SettingsFile::open(&path)),
        [1500.0, 900.0],
    );
    let controls = recorded.borrow().controls.clone();
    assert!(
        controls.contains(&Control::SetResolve(true)),
        "on by default: {controls:?}"
    );
    h.get_by_label("Talking to the internet").click();
    h.run();
    assert_eq!(shown_ports(&h), vec![51000], "only the public peer");
    h.get_by_label("Talking to the internet").click();
    h.run();
    assert_eq!(shown_ports(&h).len(), 6);

    h.get_by_label("⚙ Settings").click();
    h.run();
    assert!(
        h.query_by_label_contains("tells your DNS server").is_some(),
        "the setting says what a lookup tells"
    );
    h.get_by_label("Look up the host names of remote addresses (reverse DNS)")
        .click();
    h.run();
    let controls = recorded.borrow().controls.clone();
    assert_eq!(
        controls.last(),
        Some(&Control::SetResolve(false)),
        "{controls:?}"
    );
    assert!(!h.state().settings().resolve_names);
    h.state_mut().save_now();

    let again = Rc::new(RefCell::new(Recorded {
        pending_snapshot: Some(snap),
        ..Default::default()
    }));
    let restored = PortScopeApp::new(
        Box::new(FakeBackend(Rc::clone(&again))),
        Some(SettingsFile::open(&path)),
        (TrustStore::in_memory(), None),
    );
    assert!(!restored.settings().resolve_names);
    let controls = again.borrow().controls.clone();
    assert!(
        controls.contains(&Control::SetResolve(false)),
        "{controls:?}"
    );
}

/// The details of a selected connection show what the kernel counted and the program's totals
/// over its connections; a UDP socket says why it has no counts. (Rates need two polls: the
/// engine's tests check them.)
#[test]
fn details_show_a_connections_traffic_and_why_udp_has_none() {
    use portscope::model::Traffic;
    let mut first = row(51000, Some(TcpState::Established), 700, "curl");
    first.remote_address = Some("10.0.0.9".parse().unwrap());
    first.remote_port = Some(443);
    first.traffic = Some(Traffic {
        sent: 18_211,
        received: 1_204_398,
    });
    let mut second = first.clone();
    second.local_port = 51001;
    second.inode = 51001;
    second.traffic = Some(Traffic {
        sent: 1_000,
        received: 2_000,
    });
    let dns = row(5353, None, 701, "resolver");
    let snapshot = Snapshot {
        sequence: 1,
        taken_at: chrono::Utc::now(),
        rows: vec![first, second, dns],
        ..Default::default()
    };
    let (mut h, _) = build(snapshot, (TrustStore::in_memory(), None));
    h.get_by_label("51000").click();
    h.run();
    for text in [
        "18.2 kB",
        "1.2 MB",
        "19.2 kB sent, 1.2 MB received over 2 connections",
    ] {
        assert!(h.query_by_label(text).is_some(), "{text}");
    }
    h.get_by_label("resolver").click();
    h.run();
    assert!(
        h.query_by_label("not counted: UDP has no per-connection counters")
            .is_some()
    );
}

/// A Windows program whose signature verifies, and one whose signature does not: Comes from
/// names the signers, and the details reassure for the first and alarm for the second, with
/// the rule's finding.
#[test]
fn signatures_show_in_comes_from_and_in_the_details() {
    use portscope::model::{Origin, Signature, SignatureStatus};
    let signed = |port, pid, name: &str, status, publisher: &str, reason: Option<&str>| {
        let mut r = row(port, Some(TcpState::Listen), pid, name);
        std::sync::Arc::make_mut(r.process_mut().unwrap()).origin = Origin {
            signature: Some(Signature {
                status,
                publisher: Some(publisher.into()),
                reason: reason.map(str::to_owned),
                catalog: status == SignatureStatus::Valid,
            }),
            ..Origin::default()
        };
        r
    };
    let mut snap = snapshot();
    snap.rows.push(signed(
        49670,
        610,
        "svchost.exe",
        SignatureStatus::Valid,
        "Microsoft Windows",
        None,
    ));
    snap.rows.push(signed(
        49671,
        611,
        "tampered.exe",
        SignatureStatus::Invalid,
        "Contoso",
        Some("TRUST_E_BAD_DIGEST (0x80096010)"),
    ));
    let (mut h, _) = build_sized(snap, (TrustStore::in_memory(), None), [1280.0, 760.0]);
    h.run();
    assert!(h.query_by_label("Microsoft Windows ✔").is_some());
    assert!(h.query_by_label("Contoso ✖ signature invalid").is_some());
    h.get_all_by_label("svchost.exe").next().unwrap().click();
    h.run();
    assert!(
        h.query_by_label("✔ signed by Microsoft Windows (system catalog)")
            .is_some()
    );
    h.get_all_by_label("tampered.exe").next().unwrap().click();
    h.run();
    assert!(
        h.query_by_label(
            "✖ signed by Contoso, but the signature does not verify: TRUST_E_BAD_DIGEST (0x80096010)"
        )
        .is_some()
    );
    assert!(
        h.query_all_by_label_contains("Program's signature does not verify")
            .next()
            .is_some()
    );
}

/// Issue 16, item 5: a listener inside another network namespace says so in the details, and
/// that it is reachable only through that namespace (not "all networks").
#[test]
fn the_details_name_a_sockets_network_namespace() {
    let mut snap = snapshot();
    let mut inside = row(7626, Some(TcpState::Listen), 500, "python3");
    inside.netns = Some(std::sync::Arc::new(portscope::model::NetNs {
        id: 4_026_532_281,
        name: Some("lab".into()),
    }));
    snap.rows.push(inside);
    let (mut h, _) = build_sized(snap, (TrustStore::in_memory(), None), [1280.0, 760.0]);
    h.run();
    h.get_all_by_label("python3").next().unwrap().click();
    h.run();
    assert!(h.query_by_label("Network namespace").is_some());
    assert!(
        h.query_by_label(
            "lab (net:[4026532281]): reachable only through that namespace's own interfaces, \
             not this computer's"
        )
        .is_some()
    );
    assert!(
        h.query_by_label("Reachable from: its own network namespace only")
            .is_some()
    );
}
