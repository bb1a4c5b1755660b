//! Change highlighting as a pure function of (events, time): new rows green, changed yellow,
//! closed rows linger red, each fading over the configured duration. The clock is passed in,
//! so tests need no sleeps.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::events::{ChangeEvent, EventKind};
use crate::model::{SocketKey, SocketRow};

/// User settings for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HighlightSettings {
    /// Highlight changes at all.
    pub enabled: bool,
    /// How long a mark lasts (and how long closed rows linger), in seconds.
    pub seconds: f32,
}

impl Default for HighlightSettings {
    fn default() -> Self {
        HighlightSettings {
            enabled: true,
            seconds: 5.0,
        }
    }
}

impl HighlightSettings {
    fn duration(&self) -> Duration {
        Duration::from_secs_f32(self.seconds.clamp(0.5, 120.0))
    }
}

/// How a row is decorated right now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decoration {
    /// Why it is marked.
    pub kind: EventKind,
    /// 1.0 when the change just happened, falling to 0.0 when the mark ends.
    pub strength: f32,
}

/// Tracks recent changes and closed rows that still linger. Both are maps, so a burst of
/// thousands of closing sockets costs one lookup each, not a scan of every lingering row.
#[derive(Debug, Default)]
pub struct Highlighter {
    marks: HashMap<SocketKey, (EventKind, Instant)>,
    lingering: HashMap<SocketKey, (SocketRow, Instant)>,
}

impl Highlighter {
    /// Record the events of one snapshot seen at `now`.
    pub fn record(&mut self, events: &[ChangeEvent], now: Instant, settings: &HighlightSettings) {
        self.prune(now, settings);
        if !settings.enabled {
            return;
        }
        for e in events {
            let key = e.row.key();
            match e.kind {
                EventKind::Closed => {
                    self.marks.remove(&key);
                    self.lingering.insert(key, (e.row.clone(), now));
                }
                EventKind::Opened => {
                    // A socket that reopens stops lingering as closed.
                    self.lingering.remove(&key);
                    self.marks.insert(key, (EventKind::Opened, now));
                }
                EventKind::Changed => {
                    self.marks.insert(key, (EventKind::Changed, now));
                }
            }
        }
    }

    /// Forget marks and lingering rows older than the duration, and give back the room a burst
    /// left behind.
    pub fn prune(&mut self, now: Instant, settings: &HighlightSettings) {
        if !settings.enabled {
            // Nothing is shown while highlighting is off: keep nothing either.
            self.marks.clear();
            self.lingering.clear();
        }
        let d = settings.duration();
        self.marks.retain(|_, (_, at)| now.duration_since(*at) < d);
        self.lingering
            .retain(|_, (_, at)| now.duration_since(*at) < d);
        shrink(&mut self.marks);
        shrink(&mut self.lingering);
    }

    /// The decoration of a row (live or lingering), if it changed recently.
    pub fn decoration(
        &self,
        key: &SocketKey,
        now: Instant,
        settings: &HighlightSettings,
    ) -> Option<Decoration> {
        let (kind, at) = match self.marks.get(key) {
            Some(mark) => *mark,
            None => (EventKind::Closed, self.lingering.get(key)?.1),
        };
        strength(at, now, settings).map(|strength| Decoration { kind, strength })
    }

    /// Closed rows still shown, with their fading strength, oldest first (then by socket).
    pub fn lingering(&self, now: Instant, settings: &HighlightSettings) -> Vec<(SocketRow, f32)> {
        let mut rows: Vec<(&SocketKey, &SocketRow, Instant)> = self
            .lingering
            .iter()
            .map(|(key, (row, at))| (key, row, *at))
            .collect();
        rows.sort_by(|a, b| (a.2, a.0).cmp(&(b.2, b.0)));
        rows.into_iter()
            .filter_map(|(_, row, at)| strength(at, now, settings).map(|s| (row.clone(), s)))
            .collect()
    }

    /// How many closed rows linger (as of the last prune), without copying them.
    pub fn lingering_len(&self) -> usize {
        self.lingering.len()
    }

    /// True while any mark is still fading (the UI keeps repainting).
    pub fn is_animating(&self) -> bool {
        !self.marks.is_empty() || !self.lingering.is_empty()
    }
}

/// Give back a map's room once it holds less than a quarter of it (after a burst).
fn shrink<K: Eq + std::hash::Hash, V>(map: &mut HashMap<K, V>) {
    if map.capacity() > 64 && map.len() < map.capacity() / 4 {
        map.shrink_to_fit();
    }
}

fn strength(at: Instant, now: Instant, settings: &HighlightSettings) -> Option<f32> {
    if !settings.enabled {
        return None;
    }
    let d = settings.duration().as_secs_f32();
    let age = now.saturating_duration_since(at).as_secs_f32();
    (age < d).then(|| 1.0 - age / d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TcpState;
    use crate::model::fixtures::tcp;
    use crate::watch::events::events_from_diff;

    fn settings() -> HighlightSettings {
        HighlightSettings {
            enabled: true,
            seconds: 4.0,
        }
    }

    #[test]
    fn new_rows_fade_and_closed_rows_linger_then_leave() {
        let t0 = Instant::now();
        let s = settings();
        let a = tcp("127.0.0.1", 80, TcpState::Listen, 1, "a");
        let b = tcp("127.0.0.1", 81, TcpState::Listen, 2, "b");
        let mut h = Highlighter::default();
        let opened = events_from_diff(
            &crate::model::diff(std::slice::from_ref(&a), &[a.clone(), b.clone()]),
            chrono::Utc::now(),
        );
        h.record(&opened, t0, &s);
        let d = h.decoration(&b.key(), t0, &s).unwrap();
        assert_eq!((d.kind, d.strength), (EventKind::Opened, 1.0));
        let half = h
            .decoration(&b.key(), t0 + Duration::from_secs(2), &s)
            .unwrap();
        assert!((half.strength - 0.5).abs() < 1e-3, "{half:?}");
        assert!(
            h.decoration(&b.key(), t0 + Duration::from_secs(4), &s)
                .is_none()
        );
        assert!(
            h.decoration(&a.key(), t0, &s).is_none(),
            "unchanged rows are plain"
        );

        let t1 = t0 + Duration::from_secs(10);
        let closed = events_from_diff(
            &crate::model::diff(&[a.clone(), b.clone()], std::slice::from_ref(&a)),
            chrono::Utc::now(),
        );
        h.record(&closed, t1, &s);
        let linger = h.lingering(t1 + Duration::from_secs(1), &s);
        assert_eq!(linger.len(), 1);
        assert_eq!(linger[0].0.local_port, 81);
        assert!((linger[0].1 - 0.75).abs() < 1e-3);
        assert!(h.lingering(t1 + Duration::from_secs(5), &s).is_empty());
        h.prune(t1 + Duration::from_secs(5), &s);
        assert!(!h.is_animating());
    }

    #[test]
    fn state_change_is_marked_changed_and_reopen_stops_lingering() {
        let t0 = Instant::now();
        let s = settings();
        let a = tcp("127.0.0.1", 80, TcpState::Established, 1, "a");
        let mut a2 = a.clone();
        a2.state = Some(TcpState::CloseWait);
        let mut h = Highlighter::default();
        h.record(
            &events_from_diff(
                &crate::model::diff(std::slice::from_ref(&a), std::slice::from_ref(&a2)),
                chrono::Utc::now(),
            ),
            t0,
            &s,
        );
        assert_eq!(
            h.decoration(&a2.key(), t0, &s).unwrap().kind,
            EventKind::Changed
        );
        h.record(
            &events_from_diff(&crate::model::diff(&[a2.clone()], &[]), chrono::Utc::now()),
            t0,
            &s,
        );
        assert_eq!(h.lingering(t0, &s).len(), 1);
        h.record(
            &events_from_diff(&crate::model::diff(&[], &[a2.clone()]), chrono::Utc::now()),
            t0,
            &s,
        );
        assert!(h.lingering(t0, &s).is_empty());
    }

    #[test]
    fn disabled_highlighting_marks_nothing() {
        let t0 = Instant::now();
        let s = HighlightSettings {
            enabled: false,
            seconds: 4.0,
        };
        let b = tcp("127.0.0.1", 81, TcpState::Listen, 2, "b");
        let mut h = Highlighter::default();
        h.record(
            &events_from_diff(
                &crate::model::diff(&[], std::slice::from_ref(&b)),
                chrono::Utc::now(),
            ),
            t0,
            &s,
        );
        assert!(h.decoration(&b.key(), t0, &s).is_none());
        assert!(!h.is_animating());
    }

    #[test]
    fn a_burst_that_faded_gives_its_room_back() {
        let t0 = Instant::now();
        let s = settings();
        let rows: Vec<SocketRow> = (0..10_000u32)
            .map(|i| {
                tcp(
                    "127.0.0.1",
                    20_000 + (i % 40_000) as u16,
                    TcpState::Established,
                    i,
                    "b",
                )
            })
            .collect();
        let mut h = Highlighter::default();
        let opened = events_from_diff(&crate::model::diff(&[], &rows), chrono::Utc::now());
        h.record(&opened, t0, &s);
        let closed = events_from_diff(&crate::model::diff(&rows, &[]), chrono::Utc::now());
        h.record(&closed, t0 + Duration::from_secs(1), &s);
        assert_eq!(h.lingering_len(), 10_000);
        assert_eq!(h.lingering(t0 + Duration::from_secs(1), &s).len(), 10_000);
        // Ten more close while the burst still lingers; then the burst fades and only those
        // ten remain.
        let late = t0 + Duration::from_secs(3);
        let few: Vec<SocketRow> = (0..10u16)
            .map(|i| tcp("127.0.0.2", 1000 + i, TcpState::Established, 1, "f"))
            .collect();
        h.record(
            &events_from_diff(&crate::model::diff(&[], &few), chrono::Utc::now()),
            late,
            &s,
        );
        h.record(
            &events_from_diff(&crate::model::diff(&few, &[]), chrono::Utc::now()),
            late,
            &s,
        );
        h.prune(t0 + Duration::from_millis(5500), &s);
        assert_eq!(h.lingering_len(), 10);
        assert!(
            h.lingering.capacity() < 100 && h.marks.capacity() < 100,
            "room kept: {} lingering, {} marks",
            h.lingering.capacity(),
            h.marks.capacity()
        );
    }

    #[test]
    fn turning_highlighting_off_drops_what_lingers() {
        let t0 = Instant::now();
        let b = tcp("127.0.0.1", 81, TcpState::Listen, 2, "b");
        let mut h = Highlighter::default();
        let closed = events_from_diff(
            &crate::model::diff(std::slice::from_ref(&b), &[]),
            chrono::Utc::now(),
        );
        h.record(&closed, t0, &settings());
        assert_eq!(h.lingering_len(), 1);
        let off = HighlightSettings {
            enabled: false,
            ..settings()
        };
        h.prune(t0, &off);
        // The window compares this count with the lingering rows it shows (none when off).
        assert_eq!(h.lingering_len(), h.lingering(t0, &off).len());
        assert!(!h.is_animating());
    }
}
