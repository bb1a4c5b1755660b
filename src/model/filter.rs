//! Which rows to show: a free-text search over every column plus the quick filters.

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

/// The searchable text of a row: every column, lower-cased, joined.
pub fn haystack(row: &SocketRow) -> String {
    let mut s = String::with_capacity(128);
    write_haystack(row, &mut s);
    s
}

/// Write the searchable text of `row` into `s` (cleared first), without allocating once `s`
/// is big enough: the window searches 100,000 rows per keystroke.
pub fn write_haystack(row: &SocketRow, s: &mut String) {
    use std::fmt::Write;
    s.clear();
    let text = |s: &mut String, part: &str| {
        if part.is_ascii() {
            let start = s.len();
            s.push_str(part);
            s[start..].make_ascii_lowercase();
        } else {
            // `str::to_lowercase`, as the search words get: it knows a word-final Σ is ς, which
            // lower-casing one char at a time does not.
            s.push_str(&part.to_lowercase());
        }
        s.push('\u{1f}');
    };
    // Numbers and addresses have nothing to lower-case (IPv6 prints its hex in lower case).
    let plain = |s: &mut String, part: &dyn std::fmt::Display| {
        let _ = write!(s, "{part}\u{1f}");
    };
    text(s, row.process_name());
    // What a reader sees of the name too: "sshd" finds a program named `ss\u{200b}hd`, the way
    // name-spoofing sees it.
    let seen = super::text::skeleton(row.process_name());
    if seen != row.process_name() {
        text(s, &seen);
    }
    for pid in &row.pids {
        plain(s, pid);
    }
    text(s, row.protocol_label());
    plain(s, &row.local_address);
    plain(s, &row.local_port);
    text(s, row.port_class().as_str());
    if let Some(a) = row.remote_address {
        plain(s, &a);
    }
    if let Some(p) = row.remote_port {
        plain(s, &p);
    }
    if let Some(host) = &row.remote_host {
        text(s, &host.name);
    }
    if let Some(st) = row.state {
        text(s, st.as_str());
    }
    text(s, row.user().unwrap_or(""));
    text(s, row.shown_path().as_deref().unwrap_or(""));
    text(s, row.assessment.service.as_deref().unwrap_or(""));
    text(s, row.assessment.backdoor.as_deref().unwrap_or(""));
    text(s, row.assessment.level().as_str());
    text(s, row.assessment.exposure.as_str());
}

impl RowFilter {
    /// True when `row` passes the quick filters and the text search.
    pub fn matches(&self, row: &SocketRow) -> bool {
        self.quick.matches(row) && self.text_matches(row)
    }

    /// The indices of `rows` that pass, in order: what `matches` says for each, with the
    /// search words lower-cased once and one text buffer for every row.
    pub fn matching_indices(&self, rows: &[SocketRow]) -> Vec<usize> {
        let words: Vec<String> = self
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut buffer = String::with_capacity(256);
        let mut text_ok = |row: &SocketRow| {
            words.is_empty() || {
                // The engine made it once per row; a row it never saw gets it made here.
                let hay = match &row.search_text {
                    Some(text) => text,
                    None => {
                        write_haystack(row, &mut buffer);
                        buffer.as_str()
                    }
                };
                words.iter().all(|w| hay.contains(w.as_str()))
            }
        };
        (0..rows.len())
            .filter(|&i| self.quick.matches(&rows[i]) && text_ok(&rows[i]))
            .collect()
    }

    /// True when every search word occurs in the row's text.
    pub fn text_matches(&self, row: &SocketRow) -> bool {
        let words: Vec<String> = self
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return true;
        }
        let made;
        let hay = match &row.search_text {
            Some(text) => text,
            None => {
                made = haystack(row);
                made.as_str()
            }
        };
        words.iter().all(|w| hay.contains(w.as_str()))
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
    use crate::model::TcpState;
    use crate::model::fixtures::{tcp, udp};

    fn rows() -> Vec<SocketRow> {
        let mut conn = tcp("192.168.1.5", 51000, TcpState::Established, 30, "firefox");
        conn.remote_address = Some("93.184.216.34".parse().unwrap());
        conn.remote_port = Some(443);
        vec![
            tcp("0.0.0.0", 22, TcpState::Listen, 10, "sshd"),
            tcp("127.0.0.1", 631, TcpState::Listen, 11, "cupsd"),
            udp("0.0.0.0", 5353, 12, "avahi-daemon"),
            conn,
        ]
    }

    fn shown(f: &RowFilter) -> Vec<u16> {
        rows()
            .iter()
            .filter(|r| f.matches(r))
            .map(|r| r.local_port)
            .collect()
    }

    #[test]
    fn text_matches_any_column_case_insensitively() {
        let cases: &[(&str, &[u16])] = &[
            ("", &[22, 631, 5353, 51000]),
            ("SSHD", &[22]),
            ("443", &[51000]),
            ("udp", &[5353]),
            ("/usr/bin/cups", &[631]),
            ("listen 0.0.0.0", &[22]),
            ("established", &[51000]),
            ("well-known", &[22, 631]),
            ("nothing-like-this", &[]),
        ];
        for (text, expected) in cases {
            let f = RowFilter {
                text: (*text).into(),
                ..Default::default()
            };
            assert_eq!(shown(&f), *expected, "filter {text:?}");
        }
    }

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
            let f = RowFilter {
                quick: *quick,
                ..Default::default()
            };
            assert_eq!(shown(&f), *expected, "{quick:?}");
        }
    }

    #[test]
    fn talking_to_the_internet_keeps_public_peers_and_search_finds_the_host_name() {
        let mut rows = rows();
        let public = rows.iter_mut().find(|r| r.local_port == 51000).unwrap();
        std::sync::Arc::make_mut(&mut public.assessment).public_peer = true;
        public.remote_host = Some(std::sync::Arc::new(crate::model::RemoteHost {
            name: "edge.example.net".into(),
            verified: true,
        }));
        let internet = RowFilter {
            quick: QuickFilter {
                internet_only: true,
                ..Default::default()
            },
            ..Default::default()
        };
        let kept: Vec<u16> = rows
            .iter()
            .filter(|r| internet.matches(r))
            .map(|r| r.local_port)
            .collect();
        assert_eq!(kept, [51000]);
        assert_eq!(internet.matching_indices(&rows), [3]);
        for text in ["edge.example", "EXAMPLE.NET"] {
            let f = RowFilter {
                text: text.into(),
                ..Default::default()
            };
            assert_eq!(f.matching_indices(&rows), [3], "{text}");
        }
    }

    #[test]
    fn search_sees_through_invisible_characters_in_a_name() {
        for name in ["ss\u{200b}hd", "sshd\u{a0}", "\u{feff}sshd"] {
            let row = tcp("0.0.0.0", 2222, TcpState::Listen, 1, name);
            let f = RowFilter {
                text: "sshd".into(),
                ..Default::default()
            };
            assert!(f.matches(&row), "{name:?}");
        }
    }

    #[test]
    fn hostile_text_is_just_text() {
        let mut row = tcp(
            "0.0.0.0",
            4444,
            TcpState::Listen,
            1,
            "=cmd|' /C calc'!A0\u{202e}",
        );
        std::sync::Arc::make_mut(row.process.as_mut().unwrap()).path = None;
        let f = RowFilter {
            text: "=cmd|".into(),
            ..Default::default()
        };
        assert!(f.matches(&row));
    }
}
