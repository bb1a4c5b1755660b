//! Which rows to show: the quick filters, and the words of a free-text search (each column's
//! search text is the column registry's, `columns::search_text`).

use serde::{Deserialize, Serialize};

use super::socket::{Protocol, SocketRow};

/// Quick filter on the socket's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StateFilter {
    /// Every socket.
    #[default]
    All,
    /// Only sockets waiting for connections (TCP LISTEN, unconnected UDP).
    Listening,
    /// Only established TCP connections.
    Established,
}

/// Quick filter on the protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProtocolFilter {
    /// TCP and UDP.
    #[default]
    Both,
    /// TCP only.
    Tcp,
    /// UDP only.
    Udp,
}

/// The quick filters shown as toggles above the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickFilter {
    /// State filter.
    pub state: StateFilter,
    /// Protocol filter.
    pub protocol: ProtocolFilter,
    /// Hide sockets that only this computer can reach.
    pub hide_loopback: bool,
    /// Only rows with a low-or-above risk level.
    #[serde(default)]
    pub flagged_only: bool,
    /// Only rows not in the baseline of known ports.
    #[serde(default)]
    pub new_since_baseline: bool,
    /// Only rows talking to a public internet address (the judgement's `public_peer`).
    #[serde(default)]
    pub internet_only: bool,
}

/// Search text plus quick filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowFilter {
    /// Free text; every whitespace-separated word must appear in some column (case-insensitive).
    pub text: String,
    /// Quick filters.
    pub quick: QuickFilter,
}

impl RowFilter {
    /// The search words, lower-cased: every one must be in a row's search text (which
    /// `columns::search_text` writes from every column).
    pub fn words(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    }

    /// True when every word of `words` occurs in `search_text`.
    pub fn all_in(words: &[String], search_text: &str) -> bool {
        words.iter().all(|w| search_text.contains(w.as_str()))
    }
}

impl QuickFilter {
    /// True when `row` passes every quick filter.
    pub fn matches(&self, row: &SocketRow) -> bool {
        let state_ok = match self.state {
            StateFilter::All => true,
            StateFilter::Listening => row.is_listening(),
            StateFilter::Established => row.is_established(),
        };
        let proto_ok = match self.protocol {
            ProtocolFilter::Both => true,
            ProtocolFilter::Tcp => row.protocol == Protocol::Tcp,
            ProtocolFilter::Udp => row.protocol == Protocol::Udp,
        };
        let flagged_ok = !self.flagged_only || row.assessment.is_flagged();
        let new_ok = !self.new_since_baseline || !row.assessment.in_baseline;
        let internet_ok = !self.internet_only || row.assessment.public_peer;
        state_ok
            && proto_ok
            && flagged_ok
            && new_ok
            && internet_ok
            && !(self.hide_loopback && row.is_loopback())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::desktop;
    #[test]
    fn quick_filters_combine() {
        let cases: &[(QuickFilter, &[u16])] = &[
            (
                QuickFilter {
                    state: StateFilter::Listening,
                    ..Default::default()
                },
                &[22, 631, 5353],
            ),
            (
                QuickFilter {
                    state: StateFilter::Established,
                    ..Default::default()
                },
                &[51000],
            ),
            (
                QuickFilter {
                    protocol: ProtocolFilter::Udp,
                    ..Default::default()
                },
                &[5353],
            ),
            (
                QuickFilter {
                    protocol: ProtocolFilter::Tcp,
                    hide_loopback: true,
                    ..Default::default()
                },
                &[22, 51000],
            ),
        ];
        for (quick, expected) in cases {
            let shown: Vec<u16> = desktop()
                .iter()
                .filter(|r| quick.matches(r))
                .map(|r| r.local_port)
                .collect();
            assert_eq!(shown, *expected, "{quick:?}");
        }
    }

    #[test]
    fn words_are_lower_cased_and_all_must_be_in_the_text() {
        let f = RowFilter {
            text: "  SSHD  Listen ".into(),
            ..Default::default()
        };
        let words = f.words();
        assert_eq!(words, ["sshd", "listen"]);
        assert!(RowFilter::all_in(&words, "sshd\u{1f}listen\u{1f}"));
        assert!(!RowFilter::all_in(&words, "sshd\u{1f}"));
        assert!(RowFilter::all_in(&[], ""));
    }
}
