//! Which changes deserve an alert: a new listener, or a new socket at medium risk or above.
//! The first snapshot never alerts (everything is "new" then), and a burst becomes one summary.

use super::events::{ChangeEvent, EventKind};
use crate::model::{RiskLevel, SocketRow};

/// More alert-worthy sockets than this in one snapshot give one summary instead.
pub const BURST_LIMIT: usize = 3;

/// What the user asked to be alerted about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AlertSettings {
    /// Alert when a new listening port appears.
    pub new_listeners: bool,
    /// Alert when a socket at medium risk or above appears.
    pub flagged: bool,
    /// Also send desktop notifications for new listeners (flagged ones always go when `flagged`).
    pub desktop_new_listeners: bool,
    /// Send desktop notifications at all.
    pub desktop: bool,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            new_listeners: true,
            flagged: true,
            desktop_new_listeners: false,
            desktop: true,
        }
    }
}

/// Why a socket is alerted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertReason {
    /// A program started listening.
    NewListener,
    /// A socket appeared at this risk level.
    Flagged(RiskLevel),
}

/// One alert.
#[derive(Clone, Debug, PartialEq)]
pub enum Alert {
    /// A single socket worth attention.
    Socket {
        /// The socket.
        row: Box<SocketRow>,
        /// Why.
        reason: AlertReason,
    },
    /// Too many at once: how many, and how many of them were flagged.
    Summary {
        /// Alert-worthy sockets in the burst.
        count: usize,
        /// Of those, at medium risk or above.
        flagged: usize,
    },
}

impl Alert {
    /// True when the alert concerns risk (these go to the desktop by default).
    pub fn is_flagged(&self) -> bool {
        match self {
            Alert::Socket { reason, .. } => matches!(reason, AlertReason::Flagged(_)),
            Alert::Summary { flagged, .. } => *flagged > 0,
        }
    }
}

/// The alerts for one snapshot's events. `first` is true for the first snapshot after start.
pub fn alerts_for(events: &[ChangeEvent], first: bool, settings: &AlertSettings) -> Vec<Alert> {
    if first {
        return Vec::new();
    }
    let candidates: Vec<(SocketRow, AlertReason)> = events
        .iter()
        .filter(|e| e.kind == EventKind::Opened)
        .filter_map(|e| {
            let level = e.row.assessment.level();
            if settings.flagged && level >= RiskLevel::Medium {
                Some((e.row.clone(), AlertReason::Flagged(level)))
            } else if settings.new_listeners && e.row.is_listening() {
                Some((e.row.clone(), AlertReason::NewListener))
            } else {
                None
            }
        })
        .collect();
    if candidates.len() > BURST_LIMIT {
        let flagged = candidates
            .iter()
            .filter(|(_, r)| matches!(r, AlertReason::Flagged(_)))
            .count();
        return vec![Alert::Summary {
            count: candidates.len(),
            flagged,
        }];
    }
    candidates
        .into_iter()
        .map(|(row, reason)| Alert::Socket {
            row: Box::new(row),
            reason,
        })
        .collect()
}

/// Alerts for sockets already shown whose judgement rose to flagged later (the engine's
/// `Update::flagged_later`): one each, or one summary for a burst, never on the first update,
/// and only when flagged sockets alert at all.
pub fn alerts_for_flagged_later(
    rows: &[SocketRow],
    first: bool,
    settings: &AlertSettings,
) -> Vec<Alert> {
    if first || !settings.flagged {
        return Vec::new();
    }
    if rows.len() > BURST_LIMIT {
        return vec![Alert::Summary {
            count: rows.len(),
            flagged: rows.len(),
        }];
    }
    rows.iter()
        .map(|row| Alert::Socket {
            row: Box::new(row.clone()),
            reason: AlertReason::Flagged(row.assessment.level()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::tcp;
    use crate::model::{Finding, RuleId, TcpState};
    use crate::watch::events::events_from_diff;

    fn opened(rows: Vec<SocketRow>) -> Vec<ChangeEvent> {
        events_from_diff(&crate::model::diff(&[], &rows), chrono::Utc::now())
    }

    fn flagged(mut row: SocketRow, level: RiskLevel) -> SocketRow {
        std::sync::Arc::make_mut(&mut row.assessment)
            .findings
            .push(Finding {
                rule: RuleId::KnownBackdoorPort,
                level,
                evidence: crate::model::Evidence::BackdoorPort {
                    backdoor: "Glacier".into(),
                    port: 7626,
                    protocol: "TCP",
                },
            });
        row
    }

    #[test]
    fn first_snapshot_never_alerts() {
        let events = opened(vec![tcp("0.0.0.0", 7626, TcpState::Listen, 1, "x")]);
        assert!(alerts_for(&events, true, &AlertSettings::default()).is_empty());
    }

    #[test]
    fn one_alert_per_new_listener_or_flagged_socket() {
        let mut client = tcp("10.0.0.1", 50000, TcpState::Established, 3, "curl");
        client.remote_address = Some("10.0.0.2".parse().unwrap());
        let events = opened(vec![
            tcp("0.0.0.0", 8080, TcpState::Listen, 1, "node"),
            flagged(
                tcp("0.0.0.0", 7626, TcpState::Listen, 2, "x"),
                RiskLevel::High,
            ),
            client.clone(),
        ]);
        let alerts = alerts_for(&events, false, &AlertSettings::default());
        assert_eq!(alerts.len(), 2, "{alerts:?}");
        assert!(
            matches!(&alerts[0], Alert::Socket { reason: AlertReason::NewListener, row } if row.local_port == 8080)
        );
        assert!(matches!(
            &alerts[1],
            Alert::Socket {
                reason: AlertReason::Flagged(RiskLevel::High),
                ..
            }
        ));
        assert!(alerts[1].is_flagged() && !alerts[0].is_flagged());

        let low = opened(vec![flagged(client, RiskLevel::Low)]);
        assert!(
            alerts_for(&low, false, &AlertSettings::default()).is_empty(),
            "low risk does not alert"
        );
    }

    #[test]
    fn a_burst_of_500_gives_one_summary() {
        let rows: Vec<SocketRow> = (0..500)
            .map(|i| tcp("127.0.0.1", 20000 + i, TcpState::Listen, 9, "spawner"))
            .collect();
        let alerts = alerts_for(&opened(rows), false, &AlertSettings::default());
        assert_eq!(
            alerts,
            vec![Alert::Summary {
                count: 500,
                flagged: 0
            }]
        );
    }

    #[test]
    fn settings_can_silence_new_listeners() {
        let settings = AlertSettings {
            new_listeners: false,
            ..Default::default()
        };
        let events = opened(vec![tcp("0.0.0.0", 8080, TcpState::Listen, 1, "node")]);
        assert!(alerts_for(&events, false, &settings).is_empty());
    }

    #[test]
    fn a_judgement_that_rose_later_alerts_like_an_opened_flagged_socket() {
        let row = tcp("0.0.0.0", 7626, TcpState::Listen, 9, "nc");
        let on = AlertSettings::default();
        let alerts = alerts_for_flagged_later(std::slice::from_ref(&row), false, &on);
        assert_eq!(alerts.len(), 1);
        assert!(alerts[0].is_flagged());
        assert!(alerts_for_flagged_later(std::slice::from_ref(&row), true, &on).is_empty());
        let off = AlertSettings {
            flagged: false,
            ..on
        };
        assert!(alerts_for_flagged_later(std::slice::from_ref(&row), false, &off).is_empty());
        let burst = vec![row; BURST_LIMIT + 1];
        assert!(matches!(
            alerts_for_flagged_later(&burst, false, &on)[..],
            [Alert::Summary { .. }]
        ));
    }
}
