//! `list` and `watch` end to end over recorded systems (the OS seam, `collector::recorded`): a
//! Linux desktop run without rights, a server with forked nginx workers run as root, and a
//! Windows table whose listing names owner PIDs (0 for "not named"). Everything after the OS
//! runs for real: the poller's owner grace and ordering, hidden owners, the engine's judging
//! and diff, and the output formats. On Linux this is the only way the Windows owner logic runs.

use clap::Parser;
use portscope::cli::watch::event_line;
use portscope::cli::{Cli, Command, ListArgs, ListRun, WatchFormat};
use portscope::collector::Poller;
use portscope::collector::recorded::RecordedOs;
use portscope::engine::Pipeline;
use portscope::i18n::{Lang, Tr};

fn recording(name: &str) -> RecordedOs {
    let path = format!(
        "{}/tests/it/recorded/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    RecordedOs::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn list_args(args: &[&str]) -> ListArgs {
    let cli = Cli::try_parse_from(["portscope", "list"].iter().chain(args)).unwrap();
    match cli.command {
        Some(Command::List(args)) => args,
        other => panic!("not list: {other:?}"),
    }
}

/// What `portscope list ARGS` prints over the recording, stdout then the table's warnings.
fn list(name: &str, args: &[&str], lang: Lang) -> String {
    let mut poller = Poller::with_source(Box::new(recording(name)));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let run = ListRun {
        pipeline: Pipeline::new(Default::default(), Default::default()),
        warnings: Vec::new(),
        poller: &mut poller,
        out: &mut out,
        err: &mut err,
    };
    run.list(&list_args(args), &Tr::new(lang)).unwrap();
    let text = String::from_utf8(out).unwrap() + &String::from_utf8(err).unwrap();
    // The version changes with every release; the rest is the contract.
    text.replace(env!("CARGO_PKG_VERSION"), "0.0.0-recorded")
}

/// What `portscope watch --format json` prints while the recording plays, one poll per frame.
fn watch(name: &str) -> String {
    let os = recording(name);
    let frames = os.frames();
    let mut poller = Poller::with_source(Box::new(os));
    let mut pipeline = Pipeline::new(Default::default(), Default::default());
    let tr = Tr::new(Lang::En);
    let first = pipeline.step(&mut poller);
    assert!(first.first && first.events.is_empty(), "the starting state");
    let mut lines = String::new();
    for _ in 1..frames {
        for event in pipeline.step(&mut poller).events {
            lines += &event_line(&event, WatchFormat::Json, &tr).unwrap();
            lines.push('\n');
        }
    }
    assert!(
        !lines.is_empty(),
        "{name}: the frames differ, so there are events"
    );
    lines
}

#[test]
fn linux_desktop_without_rights() {
    let table = list("linux_desktop", &[], Lang::En);
    assert!(table.contains("hidden (needs administrator)"), "{table}");
    insta::assert_snapshot!("linux_desktop_table", table);
    insta::assert_snapshot!(
        "linux_desktop_json",
        list("linux_desktop", &["--format", "json"], Lang::En)
    );
    insta::assert_snapshot!("linux_desktop_watch", watch("linux_desktop"));
}

#[test]
fn server_with_forked_workers_as_root() {
    let table = list("server_forked", &[], Lang::En);
    assert!(!table.contains("hidden"), "root sees every owner: {table}");
    insta::assert_snapshot!("server_forked_table", table);
    insta::assert_snapshot!(
        "server_forked_json",
        list(
            "server_forked",
            &["--format", "json", "--listening"],
            Lang::En
        )
    );
    insta::assert_snapshot!("server_forked_watch", watch("server_forked"));
}

#[test]
fn windows_table_with_listed_owners() {
    let table = list("windows", &[], Lang::En);
    insta::assert_snapshot!("windows_table", table);
    insta::assert_snapshot!("windows_table_chinese", list("windows", &[], Lang::Zh));
    insta::assert_snapshot!(
        "windows_json",
        list("windows", &["--format", "json"], Lang::En)
    );
    insta::assert_snapshot!("windows_watch", watch("windows"));
}
