//! The one pipeline from the OS to what is shown: poll → assess → trust/baseline → diff →
//! events. The window runs it on its engine thread ([`EngineHandle`]), `portscope list` once
//! and `portscope watch` in a loop; all three get the same [`Update`]s. Nothing above this layer
//! judges rows or diffs snapshots: the UI thread only swaps an update in.

mod mailbox;
mod thread;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use mailbox::Mailbox;
pub use thread::{Control, EngineHandle};

use crate::collector::Poller;
use crate::i18n::{Msg, Tr};
use crate::model::diff::{self, ChangedRow};
use crate::model::text::show_invisible;
use crate::model::{
    Assessment, CollectorWarning, NetnsFault, Rate, Snapshot, SnapshotDiff, SocketKey, SocketRow,
};
use crate::resolve::{Answer, Resolver};
use crate::risk::rules::RuleContext;
use crate::risk::{KnowledgeBase, TrustList};
use crate::watch::{ChangeEvent, events_from_diff};

/// One step of the pipeline: a judged snapshot and what changed since the previous one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// Every socket, judged, with `trusted` and `in_baseline` set.
    pub snapshot: Snapshot,
    /// Opened, changed and closed sockets since the previous update (none for the first).
    pub events: Vec<ChangeEvent>,
    /// The first snapshot: it describes the starting state, so it never alerts.
    pub first: bool,
    /// Events left out because the receiver fell far behind (see [`Mailbox`]).
    pub dropped_events: usize,
    /// Sockets seen before whose judgement rose to medium or above in this update, not by a
    /// change event's cause alone: a verdict that comes later (`package-file-modified` once the
    /// image is hashed, an owner that turns out missing). They alert as a flagged socket that
    /// opened does, since no opened event will come for them.
    pub flagged_later: Vec<SocketRow>,
    /// What the search box looks in for each of `snapshot.rows` (same order; every column,
    /// lower-cased), made once per row and reused while the row and its judgement stay the
    /// same. The window's table searches these instead of making them again every frame.
    pub search_texts: Vec<Arc<str>>,
}

/// The pipeline's state between polls: the lists that mark rows and the previous snapshot.
#[derive(Debug, Default)]
pub struct Pipeline {
    trust: TrustList,
    baseline: TrustList,
    previous: Option<Snapshot>,
    /// The search texts of `previous`'s rows, in order.
    previous_texts: Vec<Arc<str>>,
    /// Names remote addresses when set (the window's setting, `--resolve`); never waited for,
    /// except by `judge_once`, up to [`RESOLVE_WAIT`].
    resolver: Option<Resolver>,
    /// The resolver's count of skipped lookups at the previous poll.
    skipped_before: u64,
}

/// How long `portscope list --resolve` waits for host names, overall, before it prints what
/// it has.
pub const RESOLVE_WAIT: Duration = Duration::from_secs(2);

impl Pipeline {
    /// A pipeline that marks rows with `trust` (silenced) and `baseline` (known).
    pub fn new(trust: TrustList, baseline: TrustList) -> Self {
        Pipeline {
            trust,
            baseline,
            previous: None,
            previous_texts: Vec::new(),
            resolver: None,
            skipped_before: 0,
        }
    }

    /// Name remote addresses by reverse DNS from now on (`Some`), or stop and forget the names
    /// (`None`: the previous snapshot loses them too, so `remark` shows none).
    pub fn set_resolver(&mut self, resolver: Option<Resolver>) {
        if resolver.is_none()
            && let Some(previous) = &mut self.previous
        {
            for row in &mut previous.rows {
                row.remote_host = None;
            }
        }
        self.skipped_before = resolver.as_ref().map_or(0, Resolver::skipped);
        self.resolver = resolver;
    }

    /// Say in `snapshot` how many lookups this poll skipped, if any.
    fn note_skipped(&mut self, snapshot: &mut Snapshot) {
        let now = self.skipped_lookups();
        if now > self.skipped_before {
            snapshot
                .warnings
                .push(CollectorWarning::LookupsSkipped(now - self.skipped_before));
        }
        self.skipped_before = now;
    }

    /// True when remote addresses are named.
    pub fn resolves(&self) -> bool {
        self.resolver.is_some()
    }

    /// Lookups skipped because the resolver's queue was full (0 without a resolver).
    pub fn skipped_lookups(&self) -> u64 {
        self.resolver.as_ref().map_or(0, Resolver::skipped)
    }

    /// Poll `poller` once and judge the result.
    pub fn step(&mut self, poller: &mut Poller) -> Update {
        self.judge(poller.poll())
    }

    /// Judge a fresh snapshot: assess every row (reusing the previous judgement of a socket
    /// whose inputs did not change), mark trusted and known rows, and diff against the
    /// previous snapshot.
    pub fn judge(&mut self, mut snapshot: Snapshot) -> Update {
        let (diff, flagged_later, search_texts) = self.assess(&mut snapshot, true);
        self.note_skipped(&mut snapshot);
        let first = self.previous.is_none();
        let events = events_from_diff(&diff, snapshot.taken_at);
        self.previous = Some(snapshot.clone());
        self.previous_texts.clone_from(&search_texts);
        Update {
            snapshot,
            events,
            first,
            dropped_events: 0,
            flagged_later,
            search_texts,
        }
    }

    /// Judge a single snapshot (`portscope list`): as [`Pipeline::judge`], without keeping it.
    /// No search text is made: a list is printed, not searched.
    /// With a resolver, it asks for every public remote address, waits for the answers for at
    /// most [`RESOLVE_WAIT`] overall, then names the rows with what has come.
    pub fn judge_once(mut self, mut snapshot: Snapshot) -> Snapshot {
        if let Some(resolver) = &self.resolver {
            let started = Instant::now();
            let mut batch = resolver.batch();
            let mut asked: Vec<IpAddr> = Vec::new();
            for ip in snapshot.rows.iter().filter_map(|r| r.remote_address) {
                if matches!(batch.answer(ip), Answer::Pending) {
                    asked.push(ip);
                }
            }
            drop(batch);
            // Many rows share a peer: wait for each address once.
            asked.sort_unstable();
            asked.dedup();
            resolver.wait(&asked, started + RESOLVE_WAIT);
            log::debug!(
                "list: {} lookups waited for {:?} ({} skipped)",
                asked.len(),
                started.elapsed(),
                resolver.skipped()
            );
        }
        let _nothing_before = self.assess(&mut snapshot, false);
        self.note_skipped(&mut snapshot);
        snapshot
    }

    /// Assess and mark every row, reusing the previous judgement of a socket whose inputs did
    /// not change; with `searchable`, also make (or reuse) each row's search text (else none).
    /// Returns what changed since the previous snapshot (`model::diff`'s answer, from the same
    /// one lookup per row; empty for the first), the rows flagged later, and the texts.
    fn assess(
        &self,
        snapshot: &mut Snapshot,
        searchable: bool,
    ) -> (SnapshotDiff, Vec<SocketRow>, Vec<Arc<str>>) {
        let ctx = RuleContext {
            kb: KnowledgeBase::builtin(),
            privileged: snapshot.privileged,
        };
        let before: &[SocketRow] = self.previous.as_ref().map_or(&[], |p| &p.rows);
        let index: foldhash::HashMap<SocketKey, usize> = before
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key(), i))
            .collect();
        let mut still_open = vec![false; before.len()];
        let mut changes = SnapshotDiff::default();
        let mut flagged_later = Vec::new();
        let mut texts = Vec::with_capacity(if searchable { snapshot.rows.len() } else { 0 });
        // Rates are over the time between the two polls' snapshots.
        let seconds = self.previous.as_ref().map_or(0.0, |p| {
            (snapshot.taken_at - p.taken_at)
                .num_microseconds()
                .unwrap_or(0) as f64
                / 1e6
        });
        // New judgements are shared among the rows they are equal for: most sockets of a burst
        // are judged alike, and each judgement lives as long as the events that show it.
        let mut judged: foldhash::HashSet<Arc<Assessment>> = Default::default();
        let mut names = self.resolver.as_ref().map(Resolver::batch);
        for row in &mut snapshot.rows {
            row.remote_host = match (&mut names, row.remote_address) {
                (Some(names), Some(ip)) => names.host(ip),
                _ => None,
            };
            let previous_at = index.get(&row.key()).copied();
            let previous = previous_at.map(|i| {
                still_open[i] = true;
                &before[i]
            });
            row.rate = match (previous.and_then(|p| p.traffic), row.traffic) {
                (Some(before), Some(now)) => Rate::between(before, now, seconds),
                _ => None,
            };
            let old = previous.filter(|old| same_judgement_inputs(old, row));
            row.assessment = match old {
                Some(old) => Arc::clone(&old.assessment),
                None => Arc::new(crate::risk::judge(row, &ctx)),
            };
            self.mark(row);
            if old.is_none() {
                match judged.get(&row.assessment) {
                    Some(same) => row.assessment = Arc::clone(same),
                    None => {
                        judged.insert(Arc::clone(&row.assessment));
                    }
                }
            }
            // The search text shows the judgement too (level, service): reuse it only when
            // that is unchanged as well.
            if searchable {
                texts.push(self.search_text(row, old.zip(previous_at)));
            }
            if let Some(old) = previous
                && rose_to_flagged(old, row)
            {
                flagged_later.push(row.clone());
            }
            match previous {
                None if self.previous.is_some() => changes.opened.push(row.clone()),
                Some(old) if diff::changed(old, row) => changes.changed.push(ChangedRow {
                    row: row.clone(),
                    previous_state: old.state,
                }),
                _ => {}
            }
        }
        drop(names);
        changes.closed = before
            .iter()
            .zip(still_open)
            .filter(|(_, open)| !open)
            .map(|(row, _)| row.clone())
            .collect();
        (changes, flagged_later, texts)
    }

    /// `row`'s search text: the previous one when `old` (the same socket at that index of the
    /// previous snapshot, with the same inputs) had the same judgement and host name too (the
    /// text shows them), else made now.
    fn search_text(&self, row: &SocketRow, old: Option<(&SocketRow, usize)>) -> Arc<str> {
        old.filter(|(old, _)| {
            old.assessment == row.assessment && old.remote_host == row.remote_host
        })
        .and_then(|(_, i)| self.previous_texts.get(i).cloned())
        .unwrap_or_else(|| crate::columns::search_text(row).into())
    }

    /// Use a changed trust list from now on.
    pub fn set_trust(&mut self, trust: TrustList) {
        self.trust = trust;
    }

    /// Use a changed baseline from now on.
    pub fn set_baseline(&mut self, baseline: TrustList) {
        self.baseline = baseline;
    }

    /// The previous snapshot marked again with the lists as they are now (after the user
    /// trusted a program or remembered the baseline), without polling; no events.
    pub fn remark(&mut self) -> Option<Update> {
        let mut snapshot = self.previous.take()?;
        let mut search_texts = Vec::with_capacity(snapshot.rows.len());
        for row in &mut snapshot.rows {
            self.mark(row);
            search_texts.push(crate::columns::search_text(row).into());
        }
        self.previous = Some(snapshot.clone());
        self.previous_texts.clone_from(&search_texts);
        Some(Update {
            snapshot,
            search_texts,
            ..Update::default()
        })
    }

    /// Set `trusted` and `in_baseline` from the lists (copying a shared judgement only when
    /// they change).
    fn mark(&self, row: &mut SocketRow) {
        let (trusted, known) = (self.trust.covers(row), self.baseline.covers(row));
        let a = &row.assessment;
        if a.trusted != trusted || a.in_baseline != known {
            let a = Arc::make_mut(&mut row.assessment);
            a.trusted = trusted;
            a.in_baseline = known;
        }
    }
}

/// True when the rules would judge `new` as they judged `old`: the same socket (the caller
/// matched the key) in the same state, with the same owners and the same owner details. A
/// process that exec()s, or whose executable was replaced, gets a new `ProcessInfo`.
fn same_judgement_inputs(old: &SocketRow, new: &SocketRow) -> bool {
    old.state == new.state
        && old.pids() == new.pids()
        && old.owner_pending() == new.owner_pending()
        && old.owner_hidden() == new.owner_hidden()
        && old.uid == new.uid
        && old.socket_user == new.socket_user
        && match (old.process(), new.process()) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => false,
        }
}

/// True when `new` is flagged (medium or above, not trusted) and `old`, the same socket in the
/// previous update, was not.
fn rose_to_flagged(old: &SocketRow, new: &SocketRow) -> bool {
    let flagged = |r: &SocketRow| {
        !r.assessment.trusted && r.assessment.level() >= crate::model::RiskLevel::Medium
    };
    flagged(new) && !flagged(old)
}

/// The collector's warnings as plain sentences.
pub fn warning_texts(warnings: &[CollectorWarning], tr: &Tr) -> Vec<String> {
    warnings
        .iter()
        .map(|w| match w {
            CollectorWarning::OwnersHidden(n) => tr.f(Msg::WarnOwnersHidden, &[n]),
            CollectorWarning::SocketsUnavailable(e) => tr.f(Msg::WarnSocketsUnavailable, &[e]),
            CollectorWarning::ProcessTableUnavailable(e) => {
                tr.f(Msg::WarnProcessTableUnavailable, &[e])
            }
            CollectorWarning::ForeignProc(seen, own) => tr.f(Msg::WarnForeignProc, &[seen, own]),
            CollectorWarning::LookupsSkipped(n) => tr.f(Msg::WarnLookupsSkipped, &[n]),
            CollectorWarning::NamespacesDenied(n) => tr.f(Msg::WarnNamespacesDenied, &[n]),
            CollectorWarning::NamespacesUnseen(n) => tr.f(Msg::WarnNamespacesUnseen, &[n]),
            CollectorWarning::NamespaceUnread(ns, fault) => {
                let why = match fault {
                    NetnsFault::Vanished => tr.t(Msg::NetnsVanished).to_owned(),
                    NetnsFault::NoAnswer(s) => tr.f(Msg::NetnsNoAnswer, &[s]),
                    NetnsFault::Busy => tr.t(Msg::NetnsBusy).to_owned(),
                    NetnsFault::Failed(e) => e.clone(),
                };
                tr.f(Msg::WarnNamespaceUnread, &[&show_invisible(ns), &why])
            }
        })
        .collect()
}

/// What to tell the user, once, when the usual config folder was not used (run as root with
/// another user's home): which folder was refused, and where PortScope keeps its files instead.
pub fn config_dir_notice(dir: &crate::files::ConfigDir, tr: &Tr) -> Option<String> {
    use crate::files::Refusal;
    let refused = match dir.refused.as_ref()? {
        Refusal::Symlink { wanted, part } => {
            tr.f(Msg::ConfigDirLinked, &[&wanted.display(), &part.display()])
        }
        Refusal::Foreign { wanted, part } => {
            tr.f(Msg::ConfigDirForeign, &[&wanted.display(), &part.display()])
        }
    };
    let instead = match &dir.path {
        Some(path) => tr.f(Msg::ConfigDirInstead, &[&path.display()]),
        None => tr.t(Msg::ConfigDirNotSaved).to_owned(),
    };
    Some(format!("{refused} {instead}"))
}

#[cfg(test)]
mod tests;
