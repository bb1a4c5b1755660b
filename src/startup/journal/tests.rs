//! The finders and the journal over a folder of the test's own: every crash point of a
//! disabling is reconciled, enabling restores byte for byte, the user's XDG file overrides the
//! system's.

use std::path::{Path, PathBuf};

use super::super::{Kind, Roots, Scope, User, find};
use super::*;

struct World {
    _dir: tempfile::TempDir,
    root: PathBuf,
    scope: Scope,
    journal: PathBuf,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_owned();
    let exe = root.join("bin/prog");
    std::fs::create_dir_all(exe.parent().unwrap()).unwrap();
    std::fs::write(&exe, "#!/bin/sh\n").unwrap();
    let (uid, gid) = ids(&root);
    let scope = Scope {
        exe: Some(exe),
        units: Vec::new(),
        user: User {
            uid,
            gid,
            name: "tester".into(),
            home: root.join("home"),
            config_home: root.join("home/.config"),
        },
        roots: Roots {
            systemd: vec![
                root.join("etc/systemd/system"),
                root.join("lib/systemd/system"),
            ],
            xdg_system: vec![root.join("etc/xdg/autostart")],
            cron_spool: root.join("spool"),
            cron_files: vec![root.join("etc/crontab")],
            cron_dirs: vec![root.join("etc/cron.d")],
            rc_local: root.join("etc/rc.local"),
            path_dirs: vec![root.join("bin")],
            systemd_running: false,
        },
    };
    World {
        journal: root.join("config/startup-journal.json"),
        _dir: dir,
        root,
        scope,
    }
}

fn ids(path: &Path) -> (u32, u32) {
    let p = crate::startup::perms_of(path).unwrap();
    (p.uid, p.gid)
}

fn put_file(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn entries(w: &World) -> Vec<crate::startup::Entry> {
    let journal = Journal::load(&w.journal).unwrap();
    find(&w.scope, &journal).entries
}

fn only(w: &World, kind: Kind) -> crate::startup::Entry {
    let all: Vec<_> = entries(w).into_iter().filter(|e| e.kind == kind).collect();
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

#[test]
fn the_users_file_overrides_the_system_file_of_the_same_name() {
    let w = world();
    let system = w.root.join("etc/xdg/autostart/a.desktop");
    put_file(&system, b"[Desktop Entry]\nExec=prog --x %U\n");
    let e = only(&w, Kind::XdgAutostart);
    assert!(e.enabled);
    assert_eq!(e.path, crate::startup::text(&system));
    assert_eq!(e.command, "prog --x %U");
    // The user's file of that name replaces it: here it runs something else.
    let user = w.root.join("home/.config/autostart/a.desktop");
    put_file(&user, b"[Desktop Entry]\nExec=/usr/bin/other\n");
    assert!(entries(&w).iter().all(|e| e.kind != Kind::XdgAutostart));
    // An override that only hides it: inert, and still the program's entry.
    put_file(&user, b"[Desktop Entry]\nHidden=true\n");
    let e = only(&w, Kind::XdgAutostart);
    assert!(!e.enabled);
    assert_eq!(e.path, crate::startup::text(&user));
}

#[test]
fn disabling_a_system_autostart_file_writes_a_user_override_and_enable_removes_it() {
    let w = world();
    let system = w.root.join("etc/xdg/autostart/a.desktop");
    let bytes = b"[Desktop Entry]\nName=\xff odd\nExec=\"prog\" %f\n".to_vec();
    put_file(&system, &bytes);
    let id = only(&w, Kind::XdgAutostart).id;
    let mut open = Open::at(&w.journal).unwrap();
    let done = open.disable(&w.scope, &id).unwrap();
    assert!(done.disabled_by_portscope);
    let user = w.root.join("home/.config/autostart/a.desktop");
    let over = std::fs::read(&user).unwrap();
    assert!(
        over.starts_with(b"[Desktop Entry]\nHidden=true\n"),
        "{over:?}"
    );
    assert_eq!(
        std::fs::read(&system).unwrap(),
        bytes,
        "the system file is untouched"
    );
    drop(open);
    let e = only(&w, Kind::XdgAutostart);
    assert!(!e.enabled && e.disabled_by_portscope && e.id == id);
    let mut open = Open::at(&w.journal).unwrap();
    open.enable(&id, false).unwrap();
    assert!(!user.exists());
    assert!(only(&w, Kind::XdgAutostart).enabled);
    assert!(open.journal.records.is_empty());
}

#[cfg(unix)]
#[test]
fn a_cron_line_is_commented_and_restored_with_its_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    let w = world();
    let tab = w.root.join("spool/tester");
    let bytes = b"# m h dom mon dow command\n@reboot A=1 nohup prog --serve &\n* * * * * prog\n@reboot /bin/true\n";
    put_file(&tab, bytes);
    std::fs::set_permissions(&tab, std::fs::Permissions::from_mode(0o600)).unwrap();
    let e = only(&w, Kind::Cron);
    assert_eq!(e.command, "A=1 nohup prog --serve &");
    let mut open = Open::at(&w.journal).unwrap();
    open.disable(&w.scope, &e.id).unwrap();
    let now = std::fs::read_to_string(&tab).unwrap();
    assert!(
        now.contains(&format!(
            "\n#portscope-disabled {}: @reboot A=1 nohup prog --serve &\n",
            e.id
        )),
        "{now}"
    );
    assert_eq!(
        std::fs::metadata(&tab).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let again = only(&w, Kind::Cron);
    assert!(!again.enabled && again.id == e.id);
    assert!(matches!(
        open.disable(&w.scope, &e.id),
        Err(StartupError::AlreadyInert(_))
    ));
    open.enable(&e.id, false).unwrap();
    assert_eq!(std::fs::read(&tab).unwrap(), bytes);
    assert_eq!(
        std::fs::metadata(&tab).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[cfg(unix)]
#[test]
fn a_unit_is_enabled_by_its_wants_links_which_disabling_removes_and_enable_puts_back() {
    let w = world();
    let unit = w.root.join("lib/systemd/system/p.service");
    put_file(
        &unit,
        b"[Service]\nExecStart=/bin/prog -d\n[Install]\nWantedBy=multi-user.target\n",
    );
    let wants = w.root.join("etc/systemd/system/multi-user.target.wants");
    std::fs::create_dir_all(&wants).unwrap();
    std::os::unix::fs::symlink(&unit, wants.join("p.service")).unwrap();
    // Found by its ExecStart through PATH? No: `/bin/prog` is another path; by the cgroup then.
    assert!(entries(&w).iter().all(|e| e.kind != Kind::Systemd));
    let mut scope = w.scope.clone();
    scope.units = vec!["p.service".into()];
    let e = find(&scope, &Journal::default())
        .entries
        .into_iter()
        .find(|e| e.kind == Kind::Systemd)
        .unwrap();
    assert!(e.enabled);
    assert_eq!(e.wanted_by, ["multi-user.target"]);
    let mut open = Open::at(&w.journal).unwrap();
    open.disable(&scope, &e.id).unwrap();
    assert!(std::fs::symlink_metadata(wants.join("p.service")).is_err());
    open.enable(&e.id, false).unwrap();
    assert_eq!(std::fs::read_link(wants.join("p.service")).unwrap(), unit);
}

/// A pending record for the cron line of `w`, as written just before acting.
fn pending_cron(w: &World) -> (PathBuf, Vec<u8>, Record) {
    let tab = w.root.join("etc/crontab");
    let bytes = b"@reboot root prog\n@reboot root /bin/prog2\n".to_vec();
    put_file(&tab, &bytes);
    let e = only(w, Kind::Cron);
    let record = Record::pending(&e);
    (tab, bytes, record)
}

fn journal_with(w: &World, record: &Record) {
    Journal {
        version: 1,
        records: vec![record.clone()],
    }
    .save(&w.journal)
    .unwrap();
}

fn after_bytes(record: &Record) -> Vec<u8> {
    match &record.changes[0] {
        Change::File { after, .. } => after.as_ref().unwrap().bytes.clone(),
        other => panic!("not a file change: {other:?}"),
    }
}

#[test]
fn a_crash_after_the_journal_and_before_acting_leaves_the_entry_enabled() {
    let w = world();
    let (tab, bytes, record) = pending_cron(&w);
    journal_with(&w, &record);
    let open = Open::at(&w.journal).unwrap();
    assert_eq!(open.recovered, [Recovery::NeverMade(record.path.clone())]);
    assert!(open.journal.records.is_empty());
    assert_eq!(std::fs::read(&tab).unwrap(), bytes);
    drop(open);
    assert!(
        Journal::load(&w.journal).unwrap().records.is_empty(),
        "saved"
    );
}

#[test]
fn a_crash_after_acting_and_before_marking_done_is_finished_and_can_be_enabled() {
    let w = world();
    let (tab, bytes, record) = pending_cron(&w);
    journal_with(&w, &record);
    std::fs::write(&tab, after_bytes(&record)).unwrap();
    let mut open = Open::at(&w.journal).unwrap();
    assert_eq!(open.recovered, [Recovery::Finished(record.path.clone())]);
    assert!(open.journal.holds(&record.id));
    open.enable(&record.id, false).unwrap();
    assert_eq!(std::fs::read(&tab).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn a_crash_halfway_through_two_changes_is_rolled_back() {
    let w = world();
    let unit = w.root.join("etc/systemd/system/q.service");
    put_file(&unit, b"[Service]\nExecStart=prog\n");
    let mut links = Vec::new();
    for target in ["multi-user.target.wants", "graphical.target.requires"] {
        let dir = w.root.join("etc/systemd/system").join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::symlink(&unit, dir.join("q.service")).unwrap();
        links.push(dir.join("q.service"));
    }
    let e = only(&w, Kind::Systemd);
    assert_eq!(e.plan.len(), 2);
    let record = Record::pending(&e);
    journal_with(&w, &record);
    std::fs::remove_file(&links[0]).unwrap(); // the first link went, then the crash
    let open = Open::at(&w.journal).unwrap();
    assert_eq!(open.recovered, [Recovery::RolledBack(record.path.clone())]);
    for link in &links {
        assert_eq!(std::fs::read_link(link).unwrap(), unit);
    }
    assert!(open.journal.records.is_empty());
}

#[test]
fn a_file_changed_by_someone_else_is_left_alone_and_enable_refuses() {
    let w = world();
    let (tab, _, record) = pending_cron(&w);
    journal_with(&w, &record);
    std::fs::write(&tab, b"@reboot root something-else\n").unwrap();
    let open = Open::at(&w.journal).unwrap();
    assert_eq!(open.recovered, [Recovery::Stuck(record.path.clone())]);
    drop(open);
    // A done record whose file changed since: enable restores nothing.
    let mut done = record.clone();
    done.state = State::Done;
    journal_with(&w, &done);
    let mut open = Open::at(&w.journal).unwrap();
    assert!(matches!(
        open.enable(&done.id, false),
        Err(StartupError::ChangedMeanwhile(_))
    ));
    assert_eq!(
        std::fs::read(&tab).unwrap(),
        b"@reboot root something-else\n"
    );
    assert!(open.journal.holds(&done.id), "the record is kept");
}

#[test]
fn an_unreadable_journal_is_an_error_and_is_not_replaced() {
    let w = world();
    put_file(&w.journal, b"{not json");
    assert!(matches!(
        Open::at(&w.journal),
        Err(StartupError::Journal { .. })
    ));
    assert_eq!(std::fs::read(&w.journal).unwrap(), b"{not json");
}

#[test]
fn hostile_files_are_noted_not_fatal() {
    let w = world();
    let dir = w.root.join("home/.config/autostart");
    std::fs::create_dir_all(&dir).unwrap();
    #[cfg(unix)]
    {
        crate::files::make_fifo(&dir.join("fifo.desktop"));
        std::os::unix::fs::symlink("/etc/passwd", dir.join("link.desktop")).unwrap();
    }
    let long = [
        b"[Desktop Entry]\nName=".as_slice(),
        &vec![b'x'; 1 << 20],
        b"\nExec=prog\n",
    ]
    .concat();
    put_file(&dir.join("long.desktop"), &long);
    let found = find(&w.scope, &Journal::default());
    let xdg: Vec<_> = found
        .entries
        .iter()
        .filter(|e| e.kind == Kind::XdgAutostart)
        .collect();
    assert_eq!(
        xdg.len(),
        1,
        "the file with a 1 MB line still counts: {xdg:#?}"
    );
    #[cfg(unix)]
    assert_eq!(found.unreadable.len(), 2, "{:#?}", found.unreadable);
}
