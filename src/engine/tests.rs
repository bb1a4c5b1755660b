use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use crate::model::fixtures::{process, tcp};
use crate::model::{ProcessInfo, RuleId, TcpState};
use crate::risk::{BaselineStore, TrustEntry, TrustStore};
use crate::watch::EventKind;

fn snapshot(sequence: u64, rows: Vec<SocketRow>) -> Snapshot {
    Snapshot {
        sequence,
        rows,
        privileged: true,
        ..Snapshot::default()
    }
}

/// Every row's search text (one per row, in order) is what search would make from the row as
/// it is now.
fn assert_search_text_is_current(update: &Update) {
    assert_eq!(update.search_texts.len(), update.snapshot.rows.len());
    for (row, text) in update.snapshot.rows.iter().zip(&update.search_texts) {
        let made = crate::columns::search_text(row);
        assert_eq!(&**text, made.as_str());
    }
}

fn rules(row: &SocketRow) -> Vec<RuleId> {
    row.assessment.findings.iter().map(|f| f.rule).collect()
}

#[test]
fn the_first_update_is_the_starting_state_then_changes_are_events() {
    let mut pipeline = Pipeline::default();
    let ssh = tcp("0.0.0.0", 22, TcpState::Listen, 10, "sshd");
    let first = pipeline.judge(snapshot(1, vec![ssh.clone()]));
    assert!(first.first);
    assert!(first.events.is_empty());
    assert_eq!(
        first.snapshot.rows[0].assessment.service.as_deref(),
        Some("SSH")
    );

    let backdoor = tcp("0.0.0.0", 31337, TcpState::Listen, 11, "nc");
    let second = pipeline.judge(snapshot(2, vec![ssh.clone(), backdoor]));
    assert!(!second.first);
    let kinds: Vec<_> = second
        .events
        .iter()
        .map(|e| (e.kind, e.row.local_port))
        .collect();
    assert_eq!(kinds, [(EventKind::Opened, 31337)]);
    // The event carries the judgement: alerts and the journal need it.
    assert!(second.events[0].row.assessment.is_flagged());

    let third = pipeline.judge(snapshot(3, vec![ssh]));
    let kinds: Vec<_> = third
        .events
        .iter()
        .map(|e| (e.kind, e.row.local_port))
        .collect();
    assert_eq!(kinds, [(EventKind::Closed, 31337)]);
}

#[test]
fn a_socket_whose_owner_execs_into_a_temp_binary_is_judged_again() {
    let mut pipeline = Pipeline::default();
    let row = tcp("127.0.0.1", 8080, TcpState::Listen, 42, "python3");
    let before = pipeline.judge(snapshot(1, vec![row.clone()]));
    assert!(!rules(&before.snapshot.rows[0]).contains(&RuleId::ExeInTempDir));

    // Same socket, same PID: the process exec()ed a binary in /tmp (a new ProcessInfo).
    let mut exec = row.clone();
    *exec.process_mut().unwrap() = Arc::new(ProcessInfo {
        name: "sleep".into(),
        path: Some("/tmp/x/sleep".into()),
        ..process(42, "sleep")
    });
    let after = pipeline.judge(snapshot(2, vec![exec]));
    assert!(rules(&after.snapshot.rows[0]).contains(&RuleId::ExeInTempDir));
    assert_eq!(after.events.len(), 1);
    assert_eq!(after.events[0].kind, EventKind::Changed);

    // Its file deleted under it, then found replaced (a package upgrade): only the flag differs
    // between the two polls, and the judgement follows it.
    let with_exe = |replaced: bool| {
        let mut r = row.clone();
        *r.process_mut().unwrap() = Arc::new(ProcessInfo {
            path: Some("/usr/bin/python3".into()),
            exe_deleted: true,
            exe_replaced: replaced,
            ..process(42, "python3")
        });
        r
    };
    let deleted = pipeline.judge(snapshot(3, vec![with_exe(false)]));
    assert!(rules(&deleted.snapshot.rows[0]).contains(&RuleId::ExeDeleted));
    let replaced = pipeline.judge(snapshot(4, vec![with_exe(true)]));
    let found = rules(&replaced.snapshot.rows[0]);
    assert!(found.contains(&RuleId::ExeUpdated), "{found:?}");
    assert!(!found.contains(&RuleId::ExeDeleted), "{found:?}");
}

#[test]
fn an_unchanged_socket_keeps_its_judgement_and_a_state_change_is_judged_again() {
    let mut pipeline = Pipeline::default();
    let listen = tcp("0.0.0.0", 23, TcpState::Listen, 7, "telnetd");
    let first = pipeline.judge(snapshot(1, vec![listen.clone()]));
    let again = pipeline.judge(snapshot(2, vec![listen.clone()]));
    assert_eq!(first.snapshot.rows, again.snapshot.rows);
    // Reused, not made again.
    assert!(std::sync::Arc::ptr_eq(
        &first.search_texts[0],
        &again.search_texts[0]
    ));
    assert_search_text_is_current(&again);
    assert!(again.events.is_empty());
    // The same key in another state: telnet exposed only matters while it listens.
    let closing = SocketRow {
        state: Some(TcpState::Closed),
        ..listen
    };
    let third = pipeline.judge(snapshot(3, vec![closing]));
    assert_ne!(
        third.snapshot.rows[0].assessment,
        first.snapshot.rows[0].assessment
    );
    assert_search_text_is_current(&third);
    assert_eq!(third.events[0].kind, EventKind::Changed);
}

#[test]
fn trust_and_baseline_mark_rows_and_remark_applies_them_without_polling() {
    let row = tcp("0.0.0.0", 31337, TcpState::Listen, 5, "nc");
    let mut trust = TrustStore::in_memory();
    let mut pipeline = Pipeline::new(trust.list(), Default::default());
    let first = pipeline.judge(snapshot(1, vec![row.clone()]));
    assert!(first.snapshot.rows[0].assessment.is_flagged());

    trust
        .add(TrustEntry::for_row(&row).unwrap())
        .expect("in memory");
    pipeline.set_trust(trust.list());
    let remarked = pipeline.remark().expect("a previous snapshot");
    assert!(remarked.snapshot.rows[0].assessment.trusted);
    assert_search_text_is_current(&remarked);
    assert!(!remarked.snapshot.rows[0].assessment.is_flagged());
    assert!(remarked.events.is_empty() && !remarked.first);
    assert_eq!(remarked.snapshot.sequence, 1, "no new poll");

    let mut baseline = BaselineStore::in_memory();
    let (count, _save) = baseline.remember(&remarked.snapshot.rows);
    assert_eq!(count, 1);
    pipeline.set_baseline(baseline.list());
    let next = pipeline.judge(snapshot(2, vec![row]));
    assert_search_text_is_current(&next);
    assert!(next.snapshot.rows[0].assessment.in_baseline);
    assert!(next.snapshot.rows[0].assessment.trusted);
}

#[test]
fn the_mailbox_keeps_every_event_and_only_the_newest_snapshot() {
    let mut pipeline = Pipeline::default();
    let mailbox = Mailbox::default();
    let a = tcp("127.0.0.1", 1000, TcpState::Listen, 1, "a");
    let b = tcp("127.0.0.1", 1001, TcpState::Listen, 2, "b");
    mailbox.put(pipeline.judge(snapshot(1, vec![])));
    // The first update not yet taken stays the starting state.
    mailbox.put(pipeline.judge(snapshot(2, vec![a.clone()])));
    let start = mailbox.take().expect("an update");
    assert!(start.first && start.events.is_empty());
    assert_eq!(start.snapshot.sequence, 2);
    assert!(mailbox.take().is_none());

    mailbox.put(pipeline.judge(snapshot(3, vec![a.clone(), b])));
    mailbox.put(pipeline.judge(snapshot(4, vec![a])));
    let merged = mailbox.take().expect("an update");
    assert_eq!(merged.snapshot.sequence, 4);
    let kinds: Vec<_> = merged
        .events
        .iter()
        .map(|e| (e.kind, e.row.local_port))
        .collect();
    assert_eq!(
        kinds,
        [(EventKind::Opened, 1001), (EventKind::Closed, 1001)]
    );
}

#[test]
fn a_mailbox_nobody_reads_stays_bounded() {
    let mailbox = Mailbox::default();
    let event = |port| ChangeEvent {
        time: chrono::Utc::now(),
        kind: EventKind::Opened,
        row: tcp("127.0.0.1", port, TcpState::Listen, 1, "a"),
        previous_state: None,
    };
    for batch in 0..6u16 {
        mailbox.put(Update {
            snapshot: snapshot(u64::from(batch), vec![]),
            events: (0..10_000).map(|i| event(i % 60_000 + batch)).collect(),
            first: false,
            dropped_events: 0,
            flagged_later: vec![],
            search_texts: vec![],
        });
    }
    let merged = mailbox.take().expect("an update");
    assert_eq!(merged.events.len(), mailbox::MAX_WAITING_EVENTS);
    assert_eq!(merged.dropped_events, 10_000);
    // The oldest were dropped: the newest batch is all there.
    assert_eq!(merged.events.last().unwrap().row.local_port, 9_999 + 5);
}

#[test]
fn pause_refresh_and_stop_take_effect() {
    // A listener of ours: the row a trust list marks below.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let ours = |r: &&SocketRow| {
        r.local_port == port && r.is_listening() && r.pids().contains(&std::process::id())
    };
    let handle = EngineHandle::spawn(
        Pipeline::default(),
        Duration::from_millis(100),
        Box::new(|| {}),
    )
    .unwrap();
    let first = handle
        .next_timeout(Duration::from_secs(10))
        .expect("first update");
    let row = first.snapshot.rows.iter().find(ours);
    let row = row.expect("our listener in the first snapshot");
    let mut trust = TrustStore::in_memory();
    trust.add(TrustEntry::for_row(row).unwrap()).unwrap();
    // The engine handles controls in order: once the list sent after Pause has marked our
    // row, the pause is in effect, and nothing arrives after that mark until we ask.
    handle.send(Control::Pause);
    handle.send(Control::SetTrust(trust.list()));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let update = handle
            .next_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("no update marked our row trusted within 10 s of Pause and SetTrust");
        let row = update.snapshot.rows.iter().find(ours);
        if row.is_some_and(|r| r.assessment.trusted) {
            break;
        }
    }
    // Four intervals: a running engine would have polled by then.
    std::thread::sleep(Duration::from_millis(400));
    assert!(handle.latest().is_none(), "paused engine kept polling");
    handle.send(Control::RefreshNow);
    let refreshed = handle
        .next_timeout(Duration::from_secs(10))
        .expect("refresh while paused");
    assert!(refreshed.snapshot.sequence > first.snapshot.sequence);
    // A changed trust list is applied to the rows at once, without a poll.
    handle.send(Control::SetTrust(TrustStore::in_memory().list()));
    let remarked = handle
        .next_timeout(Duration::from_secs(10))
        .expect("remarked update");
    assert_eq!(remarked.snapshot.sequence, refreshed.snapshot.sequence);
    let started = Instant::now();
    drop(handle);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stop was not prompt"
    );
}

proptest::proptest! {
    /// The engine's one-lookup diff says what `model::diff` says, event for event.
    #[test]
    fn the_engine_diff_agrees_with_model_diff(
        before in proptest::collection::vec(crate::model::proptests::arb_row(), 0..12),
        after in proptest::collection::vec(crate::model::proptests::arb_row(), 0..12),
        kept in proptest::collection::vec(proptest::bool::ANY, 12),
    ) {
        // Some sockets stay (perhaps changed), some close, some open; keys are unique per side.
        let mut next: Vec<SocketRow> = before
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(r, _)| r.clone())
            .collect();
        next.extend(after);
        let unique = |rows: Vec<SocketRow>| {
            let mut seen = std::collections::HashSet::new();
            rows.into_iter().filter(|r| seen.insert(r.key())).collect::<Vec<_>>()
        };
        let (before, next) = (unique(before), unique(next));
        let mut pipeline = Pipeline::default();
        let judged_before = pipeline.judge(snapshot(1, before)).snapshot.rows;
        let update = pipeline.judge(snapshot(2, next));
        let expected = crate::watch::events_from_diff(
            &crate::model::diff(&judged_before, &update.snapshot.rows),
            update.snapshot.taken_at,
        );
        let summary = |events: &[ChangeEvent]| {
            events
                .iter()
                .map(|e| (e.kind, e.row.key(), e.previous_state))
                .collect::<Vec<_>>()
        };
        proptest::prop_assert_eq!(summary(&update.events), summary(&expected));
    }
}

#[test]
fn rows_judged_alike_share_one_judgement() {
    let mut pipeline = Pipeline::default();
    let rows: Vec<SocketRow> = (0..500u16)
        .map(|i| tcp("127.0.0.1", 40_000 + i, TcpState::Listen, 7, "python3"))
        .collect();
    let update = pipeline.judge(snapshot(1, rows));
    let first = &update.snapshot.rows[0].assessment;
    assert!(
        update
            .snapshot
            .rows
            .iter()
            .all(|r| Arc::ptr_eq(&r.assessment, first)),
        "each row has its own copy of the same judgement"
    );
    // A different judgement is not shared.
    let ssh = tcp("0.0.0.0", 22, TcpState::Listen, 8, "sshd");
    let update = pipeline.judge(snapshot(2, vec![ssh]));
    assert!(!Arc::ptr_eq(&update.snapshot.rows[0].assessment, first));
}

/// The search text names the network behind a public remote address, so "google" finds a
/// connection to 8.8.8.8; a private peer adds nothing.
#[test]
fn search_text_names_the_network_of_a_public_peer() {
    let mut google = tcp("192.168.1.20", 51000, TcpState::Established, 7, "curl");
    google.remote_address = Some("8.8.8.8".parse().unwrap());
    google.remote_port = Some(443);
    let mut private = google.clone();
    private.local_port = 51001;
    private.remote_address = Some("10.0.0.9".parse().unwrap());
    let mut pipeline = Pipeline::new(Default::default(), Default::default());
    let update = pipeline.judge(snapshot(1, vec![google, private]));
    assert_search_text_is_current(&update);
    let texts: Vec<&str> = update.search_texts.iter().map(|t| &**t).collect();
    assert!(texts[0].contains("google llc, us"), "{:?}", texts[0]);
    assert!(
        texts[1].contains("10.0.0.9") && !texts[1].contains("google"),
        "{:?}",
        texts[1]
    );
}

/// A socket's rate is what its counters grew by over the time between the two snapshots; the
/// first poll, a socket first seen, and UDP (no counters) have none; growing counters are not a
/// change event.
#[test]
fn rates_come_from_consecutive_polls() {
    use crate::model::{Rate, Traffic};
    let mut conn = tcp("192.168.1.20", 51000, TcpState::Established, 7, "curl");
    conn.remote_address = Some("10.0.0.9".parse().unwrap());
    conn.remote_port = Some(443);
    conn.traffic = Some(Traffic {
        sent: 1_000,
        received: 50_000,
    });
    let udp_row = crate::model::fixtures::udp("0.0.0.0", 5353, 8, "avahi-daemon");
    let t0 = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let mut pipeline = Pipeline::new(Default::default(), Default::default());
    let mut first = snapshot(1, vec![conn.clone(), udp_row.clone()]);
    first.taken_at = t0;
    let update = pipeline.judge(first);
    assert!(update.snapshot.rows.iter().all(|r| r.rate.is_none()));
    conn.traffic = Some(Traffic {
        sent: 3_000,
        received: 250_000,
    });
    let mut second = snapshot(2, vec![conn, udp_row]);
    second.taken_at = t0 + chrono::Duration::milliseconds(500);
    let update = pipeline.judge(second);
    assert_eq!(
        update.snapshot.rows[0].rate,
        Some(Rate {
            sent: 4_000.0,
            received: 400_000.0
        })
    );
    assert_eq!(update.snapshot.rows[1].rate, None);
    assert!(update.events.is_empty(), "{:?}", update.events);
}

/// A resolver that takes `delay` per reverse lookup and names 8.8.8.8 `dns.google`.
struct SlowDns(Duration);

impl crate::resolve::Lookup for SlowDns {
    fn reverse(&self, ip: std::net::IpAddr) -> Result<String, crate::resolve::Failure> {
        std::thread::sleep(self.0);
        match ip.to_string().as_str() {
            "8.8.8.8" => Ok("dns.google".into()),
            _ => Err(crate::resolve::Failure::NoName),
        }
    }
    fn forward(&self, _: &str) -> Result<Vec<std::net::IpAddr>, crate::resolve::Failure> {
        Ok(vec!["8.8.8.8".parse().unwrap()])
    }
}

fn to_google() -> SocketRow {
    let mut row = tcp("192.168.1.20", 51000, TcpState::Established, 7, "curl");
    row.remote_address = Some("8.8.8.8".parse().unwrap());
    row.remote_port = Some(443);
    row
}

#[test]
fn names_fill_in_on_later_polls_and_a_poll_never_waits_for_them() {
    use crate::resolve::{Limits, Resolver};
    let mut pipeline = Pipeline::default();
    pipeline.set_resolver(Some(Resolver::new(
        SlowDns(Duration::from_millis(300)),
        Limits::default(),
    )));
    let started = Instant::now();
    let first = pipeline.judge(snapshot(1, vec![to_google()]));
    assert!(
        started.elapsed() < Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(first.snapshot.rows[0].remote_host, None, "not answered yet");
    assert!(first.snapshot.rows[0].assessment.public_peer);
    let deadline = Instant::now() + Duration::from_secs(5);
    let named = loop {
        std::thread::sleep(Duration::from_millis(50));
        let update = pipeline.judge(snapshot(2, vec![to_google()]));
        if update.snapshot.rows[0].remote_host.is_some() || Instant::now() > deadline {
            break update;
        }
    };
    let host = named.snapshot.rows[0].remote_host.clone().unwrap();
    assert_eq!((host.name.as_str(), host.verified), ("dns.google", true));
    assert!(
        named.events.is_empty(),
        "a name is not a change of the socket"
    );
    assert_search_text_is_current(&named);
    let f = crate::model::RowFilter {
        text: "dns.google".into(),
        ..Default::default()
    };
    assert!(
        crate::columns::matches(&f, &named.snapshot.rows[0]),
        "search finds the host"
    );
    // Turned off: the names go at once.
    pipeline.set_resolver(None);
    let off = pipeline.remark().unwrap();
    assert_eq!(off.snapshot.rows[0].remote_host, None);
    assert!(!crate::columns::matches(&f, &off.snapshot.rows[0]));
}

#[test]
fn list_waits_for_names_at_most_its_deadline() {
    use crate::resolve::{Limits, Resolver};
    let mut quick = Pipeline::default();
    quick.set_resolver(Some(Resolver::new(
        SlowDns(Duration::from_millis(10)),
        Limits::default(),
    )));
    let rows = quick.judge_once(snapshot(1, vec![to_google()])).rows;
    assert_eq!(rows[0].remote_host.as_ref().unwrap().name, "dns.google");
    let mut hung = Pipeline::default();
    hung.set_resolver(Some(Resolver::new(
        SlowDns(Duration::from_secs(30)),
        Limits::default(),
    )));
    let started = Instant::now();
    let rows = hung.judge_once(snapshot(1, vec![to_google()])).rows;
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1900) && took < RESOLVE_WAIT + Duration::from_millis(500),
        "{took:?}"
    );
    assert_eq!(rows[0].remote_host, None);
}

#[test]
fn lookups_skipped_for_a_full_queue_are_a_warning() {
    use crate::resolve::{Limits, Resolver};
    let limits = Limits {
        threads: 1,
        queue: 2,
        ..Limits::default()
    };
    let mut pipeline = Pipeline::default();
    pipeline.set_resolver(Some(Resolver::new(SlowDns(Duration::from_secs(1)), limits)));
    let rows: Vec<SocketRow> = (1..=10u8)
        .map(|i| {
            let mut row = to_google();
            row.local_port = 50_000 + u16::from(i);
            row.remote_address = Some(std::net::IpAddr::from([8, 8, 9, i]));
            row
        })
        .collect();
    let update = pipeline.judge(snapshot(1, rows));
    // One taken by the thread (or still queued), two queued: at least seven skipped.
    let skipped = update.snapshot.warnings.iter().find_map(|w| match w {
        CollectorWarning::LookupsSkipped(n) => Some(*n),
        _ => None,
    });
    assert!(
        skipped.is_some_and(|n| (7..=8).contains(&n)),
        "{:?}",
        update.snapshot.warnings
    );
    let tr = Tr::new(crate::i18n::Lang::En);
    let texts = warning_texts(&update.snapshot.warnings, &tr);
    assert!(
        texts.iter().any(|t| t.contains("were not looked up")),
        "{texts:?}"
    );
}

/// A socket already shown whose judgement rises to flagged in a later poll (here its program
/// turns out to run from /tmp, as a verdict that arrives later would) is handed on as
/// `flagged_later`, once; one that was flagged from the start, a trusted one and the first
/// update are not.
#[test]
fn a_judgement_that_rises_later_is_handed_on_to_alert_once() {
    let mut pipeline = Pipeline::new(Default::default(), Default::default());
    let quiet = tcp("127.0.0.1", 5000, TcpState::Listen, 7, "tool");
    let flagged_from_start = tcp("0.0.0.0", 7626, TcpState::Listen, 8, "nc");
    let first = pipeline.judge(snapshot(1, vec![quiet.clone(), flagged_from_start.clone()]));
    assert!(first.flagged_later.is_empty());
    let mut later = quiet.clone();
    std::sync::Arc::make_mut(later.process_mut().unwrap()).path = Some("/tmp/.x/tool".into());
    let second = pipeline.judge(snapshot(2, vec![later.clone(), flagged_from_start.clone()]));
    let ports: Vec<u16> = second.flagged_later.iter().map(|r| r.local_port).collect();
    assert_eq!(ports, [5000]);
    assert!(second.flagged_later[0].assessment.level() >= crate::model::RiskLevel::Medium);
    let third = pipeline.judge(snapshot(3, vec![later, flagged_from_start]));
    assert!(third.flagged_later.is_empty(), "once, not every poll");
}

/// A Windows program whose signature check answers after its socket was first shown: while
/// it is checked the row is quiet; once the check says the signature does not verify, the
/// same socket is judged again, `signature-invalid` fires and the row is handed on to alert.
#[test]
fn a_signature_that_turns_out_invalid_is_judged_again_and_alerts() {
    use crate::model::{RuleId, SignatureStatus};
    let mut pipeline = Pipeline::new(Default::default(), Default::default());
    let mut checking = tcp("127.0.0.1", 5000, TcpState::Listen, 7, "app.exe");
    std::sync::Arc::make_mut(checking.process_mut().unwrap())
        .origin
        .signature_pending = true;
    let first = pipeline.judge(snapshot(1, vec![checking.clone()]));
    assert!(first.snapshot.rows[0].assessment.findings.is_empty());
    let mut answered = checking.clone();
    let origin = &mut std::sync::Arc::make_mut(answered.process_mut().unwrap()).origin;
    origin.signature_pending = false;
    origin.signature = Some(crate::model::fixtures::signature(
        SignatureStatus::Invalid,
        Some("Contoso"),
        Some("TRUST_E_BAD_DIGEST (0x80096010)"),
    ));
    let second = pipeline.judge(snapshot(2, vec![answered]));
    let rules: Vec<RuleId> = second.snapshot.rows[0]
        .assessment
        .findings
        .iter()
        .map(|f| f.rule)
        .collect();
    assert_eq!(rules, [RuleId::SignatureInvalid]);
    assert_eq!(second.flagged_later.len(), 1);
}
