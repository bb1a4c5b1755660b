//! Blocking a port in the system's firewall, for real, with undo and expiry (the "close it"
//! step done, not only shown).
//!
//! - **Linux**: nftables, only in PortScope's own table `inet portscope` (`nft.rs`). A timed
//!   block is a set element with a timeout: the kernel lifts it with no PortScope running.
//!   "Always" blocks are also kept in a root-only state file (`state.rs`,
//!   `/var/lib/portscope/blocks.json`) that the `portscope-blocks` unit of the .deb puts back at
//!   boot (`portscope blocks --restore`).
//! - **Windows**: Windows Defender Firewall rules named `PortScope-<TCP|UDP>-<port>`, through
//!   `netsh` argument vectors (`netsh.rs`). The firewall keeps them across restarts, so expiry
//!   ("1 hour", "until restart") is enforced by PortScope whenever it runs, from the state file.
//! - **macOS**: not yet ([`BlockError::Unsupported`]).
//!
//! Every change is made under a lock (two PortScopes never interleave) and read back from the
//! firewall before it is reported. What `list` shows is what the firewall holds, not what
//! PortScope remembers. Without administrator rights, `elevate.rs` builds the one fixed
//! command line of the elevated helper (`pkexec portscope block --port N --tcp --for Ns --yes`).

pub mod elevate;
pub mod lifetime;
pub mod netsh;
pub mod nft;
mod os;
pub mod state;

use std::fmt;

use chrono::{DateTime, Utc};

pub use lifetime::{Kind, Lifetime};

use crate::i18n::{Msg, Tr};
use crate::model::Protocol;

/// One blocked port: its protocol and number. Shown and parsed as `tcp-8080`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId {
    /// TCP or UDP.
    pub protocol: Protocol,
    /// The local port whose incoming traffic is dropped.
    pub port: u16,
}

impl BlockId {
    /// `TCP`/`UDP`, as people read it.
    pub fn protocol_label(self) -> &'static str {
        match self.protocol {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        }
    }
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.protocol.as_str(), self.port)
    }
}

impl std::str::FromStr for BlockId {
    type Err = String;

    /// `tcp-8080` or `udp-53` (any case).
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not a block ID such as tcp-8080 or udp-53");
        let (proto, port) = text.trim().split_once('-').ok_or_else(bad)?;
        let protocol = match proto.to_ascii_lowercase().as_str() {
            "tcp" => Protocol::Tcp,
            "udp" => Protocol::Udp,
            _ => return Err(bad()),
        };
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let port = port.parse::<u16>().map_err(|_| bad())?;
        Ok(BlockId { protocol, port })
    }
}

impl serde::Serialize for BlockId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A block to make: which port, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// The port and protocol.
    pub id: BlockId,
    /// How long it lasts.
    pub lifetime: Lifetime,
}

/// One entry of a firewall's block list, as read back (seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Element {
    /// The port and protocol.
    pub id: BlockId,
    /// The timeout it was given, if any.
    pub timeout: Option<u64>,
    /// Seconds until it lifts, if it has a timeout.
    pub expires: Option<u64>,
}

/// A block in force, read back from the firewall.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    /// `tcp-8080`: what `unblock` takes.
    pub id: BlockId,
    /// The port.
    pub port: u16,
    /// `tcp` or `udp`.
    pub protocol: Protocol,
    /// `timed`, `until-restart` or `always`.
    pub kind: Kind,
    /// When a timed block lifts.
    pub expires_at: Option<DateTime<Utc>>,
    /// Seconds until a timed block lifts.
    pub remaining_secs: Option<u64>,
    /// Whether it is put back after a restart (`always` on Linux with the boot unit, and on
    /// Windows, whose firewall keeps its rules).
    pub persists_across_reboot: bool,
}

impl Block {
    /// A block of `id` of `kind`, lifting in `remaining` seconds from `now` when timed.
    pub fn new(id: BlockId, kind: Kind, remaining: Option<u64>, now: DateTime<Utc>) -> Block {
        let secs = i64::try_from(remaining.unwrap_or(0)).unwrap_or(i64::MAX);
        Block {
            id,
            port: id.port,
            protocol: id.protocol,
            kind,
            expires_at: remaining.map(|_| now + chrono::Duration::seconds(secs)),
            remaining_secs: remaining,
            persists_across_reboot: kind == Kind::Always,
        }
    }

    /// How long it lasts, in words: "for 1 h (until 14:05)", "until the computer restarts".
    pub fn lasts(&self, tr: &Tr) -> String {
        match (self.kind, self.remaining_secs, self.expires_at) {
            // A minute or more is shown in whole minutes, rounded up: a block of 1 hour read
            // back a second later is "1 h", not "59 min 59 s" (the end time says the rest).
            (Kind::Timed, Some(secs), Some(at)) => {
                let shown = if secs >= 60 {
                    secs.div_ceil(60) * 60
                } else {
                    secs
                };
                tr.f(
                    Msg::BlockLastsFor,
                    &[&lifetime::words(shown, tr), &local_time(at)],
                )
            }
            (Kind::Always, ..) => tr.t(Msg::BlockLastsAlways).to_owned(),
            _ => tr.t(Msg::BlockLastsUntilRestart).to_owned(),
        }
    }
}

/// A local time for people: `14:05` today, else `2025-03-02 14:05`.
pub fn local_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&chrono::Local);
    if local.date_naive() == chrono::Local::now().date_naive() {
        local.format("%H:%M:%S").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// Something a listing noticed besides the blocks in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Kept to be put back at boot, but not in the firewall now (the table was removed by hand).
    RecordedNotInForce(BlockId),
    /// PortScope's table was changed by someone; the next change makes it whole again.
    TableChanged,
    /// A block whose time was up was lifted now (Windows: PortScope enforces expiry).
    Lifted(BlockId),
    /// The state file could not be read: "always" blocks show as until-restart.
    StateUnreadable(String),
    /// A block's time is up, but it was read without rights: lifted the next time PortScope
    /// runs as administrator (Windows).
    DueNeedsAdmin(BlockId),
}

impl Notice {
    /// The notice in words.
    pub fn message(&self, tr: &Tr) -> String {
        match self {
            Notice::RecordedNotInForce(id) => tr.f(
                Msg::BlocksRecordedNotInForce,
                &[&id.protocol_label(), &id.port, id],
            ),
            Notice::TableChanged => tr.t(Msg::BlocksTableChanged).to_owned(),
            Notice::Lifted(id) => tr.f(Msg::BlocksLiftedNow, &[&id.protocol_label(), &id.port]),
            Notice::StateUnreadable(why) => tr.f(Msg::BlocksStateUnreadable, &[why]),
            Notice::DueNeedsAdmin(id) => {
                tr.f(Msg::BlocksDueNeedsAdmin, &[&id.protocol_label(), &id.port])
            }
        }
    }
}

/// What the firewall holds of PortScope's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// The blocks in force, by protocol and port.
    pub blocks: Vec<Block>,
    /// What else was noticed.
    pub notices: Vec<Notice>,
}

/// Why a block, an unblock or a listing failed. In every case nothing was changed, except
/// [`BlockError::NotReadBack`], which says that the outcome is not known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BlockError {
    /// No `nft` program (Linux).
    #[error("blocking needs nftables (nft), which is not installed")]
    NoNft,
    /// Not root / not an elevated administrator.
    #[error("needs administrator rights")]
    NeedsAdmin,
    /// This system has no backend yet (macOS).
    #[error("blocking ports is not available on this system yet")]
    Unsupported,
    /// The firewall program or the kernel said no; its own words.
    #[error("the firewall refused: {0}")]
    Refused(String),
    /// `unblock` of a port PortScope has not blocked.
    #[error("{0} is not blocked by PortScope")]
    NotBlocked(BlockId),
    /// Another PortScope holds the lock.
    #[error("another PortScope is changing blocks: {0}")]
    Busy(String),
    /// The state file or its folder can't be used.
    #[error("the block list {path}: {why}")]
    State {
        /// The file or folder.
        path: String,
        /// Why.
        why: String,
    },
    /// After the change, the firewall does not show it.
    #[error("the firewall does not show the change of {0}")]
    NotReadBack(BlockId),
    /// Starting the elevated helper failed, or the user said no.
    #[error("getting administrator rights failed: {0}")]
    Elevation(String),
}

impl BlockError {
    /// The failure in the UI language, saying what was (not) changed.
    pub fn message(&self, tr: &Tr) -> String {
        match self {
            BlockError::NoNft => tr.t(Msg::BlockNeedsNft).to_owned(),
            BlockError::NeedsAdmin => tr.t(Msg::BlockNeedsAdmin).to_owned(),
            BlockError::Unsupported => tr.t(Msg::BlockUnsupported).to_owned(),
            BlockError::Refused(why) => tr.f(Msg::BlockRefused, &[why]),
            BlockError::NotBlocked(id) => {
                tr.f(Msg::BlockNotBlocked, &[&id.protocol_label(), &id.port])
            }
            BlockError::Busy(why) => tr.f(Msg::BlockBusy, &[why]),
            BlockError::State { path, why } => tr.f(Msg::BlockStateFailed, &[path, why]),
            BlockError::NotReadBack(id) => {
                tr.f(Msg::BlockNotReadBack, &[&id.protocol_label(), &id.port])
            }
            BlockError::Elevation(why) => tr.f(Msg::BlockElevationFailed, &[why]),
        }
    }
}

/// The firewall of this system, ready to block: nftables on Linux, Windows Defender Firewall on
/// Windows. Fails with [`BlockError::NoNft`] or [`BlockError::Unsupported`] before anything is
/// touched; needs no rights to make.
pub struct Blocker {
    inner: os::Backend,
}

impl Blocker {
    /// This system's firewall, with the state file in its usual folder
    /// ([`state::StateStore::system`]).
    pub fn system() -> Result<Blocker, BlockError> {
        Ok(Blocker {
            inner: os::Backend::system()?,
        })
    }

    /// The firewall's name: `nftables`, `Windows Defender Firewall`.
    pub fn firewall(&self) -> &'static str {
        os::FIREWALL
    }

    /// Block as `request` asks; returns the block as read back.
    pub fn block(&self, request: &Request) -> Result<Block, BlockError> {
        self.inner.block(request)
    }

    /// Lift the block of `id`; returns it as it was.
    pub fn unblock(&self, id: BlockId) -> Result<Block, BlockError> {
        self.inner.unblock(id)
    }

    /// What the firewall holds of PortScope's now.
    pub fn list(&self) -> Result<Listing, BlockError> {
        self.inner.list()
    }

    /// After an elevated helper changed `id` out of sight (Windows: its words stay in its own
    /// console): read the firewall back and say, in words, that `id` is now blocked (`blocked`)
    /// or open; `NotReadBack` when the firewall does not show what was asked.
    pub fn read_back(&self, id: BlockId, blocked: bool, tr: &Tr) -> Result<String, BlockError> {
        let listing = self.list()?;
        match (blocked, listing.blocks.iter().find(|b| b.id == id)) {
            (true, Some(b)) => Ok(tr.f(
                Msg::BlockDone,
                &[
                    &id.protocol_label(),
                    &id.port,
                    &b.lasts(tr),
                    &self.firewall(),
                ],
            )),
            (false, None) => Ok(tr.f(
                Msg::UnblockDone,
                &[&id.protocol_label(), &id.port, &self.firewall()],
            )),
            _ => Err(BlockError::NotReadBack(id)),
        }
    }

    /// Whether an "always" block comes back after a restart here: on Linux only where the
    /// boot service `portscope-blocks` is enabled; on Windows always (the firewall keeps it).
    pub fn always_survives_restart(&self) -> bool {
        os::always_survives_restart()
    }

    /// The state file (where "always" blocks are kept).
    pub fn state_path(&self) -> std::path::PathBuf {
        self.inner.state_path()
    }

    /// Put back the "always" blocks (at boot); returns the ones that were put back. On Windows,
    /// lifts the ones whose time is up.
    pub fn restore(&self) -> Result<Vec<Block>, BlockError> {
        self.inner.restore()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_timed_block_shows_whole_minutes_rounded_up() {
        let en = Tr::new(Lang::En);
        let id = BlockId {
            protocol: Protocol::Tcp,
            port: 1,
        };
        let lasts = |secs| Block::new(id, Kind::Timed, Some(secs), Utc::now()).lasts(&en);
        assert!(lasts(3599).starts_with("for 1 h,"), "{}", lasts(3599));
        assert!(lasts(3540).starts_with("for 59 min,"), "{}", lasts(3540));
        assert!(lasts(61).starts_with("for 2 min,"), "{}", lasts(61));
        assert!(lasts(42).starts_with("for 42 s,"), "{}", lasts(42));
    }

    #[test]
    fn ids_read_back_as_they_are_shown() {
        for text in ["tcp-8080", "udp-53", "tcp-0", "udp-65535"] {
            let id: BlockId = text.parse().unwrap();
            assert_eq!(id.to_string(), text);
        }
        assert_eq!(
            "TCP-22".parse::<BlockId>(),
            Ok(BlockId {
                protocol: Protocol::Tcp,
                port: 22
            })
        );
        for bad in [
            "",
            "tcp",
            "tcp-",
            "tcp-65536",
            "sctp-1",
            "tcp-+1",
            "tcp-1 2",
            "8080",
        ] {
            assert!(bad.parse::<BlockId>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn blocks_say_how_long_they_last_and_what_persists() {
        let now = Utc::now();
        let id = BlockId {
            protocol: Protocol::Udp,
            port: 53,
        };
        let timed = Block::new(id, Kind::Timed, Some(3600), now);
        assert_eq!(timed.expires_at, Some(now + chrono::Duration::hours(1)));
        assert!(!timed.persists_across_reboot);
        let en = Tr::new(Lang::En);
        assert!(timed.lasts(&en).contains("1 h"), "{}", timed.lasts(&en));
        let always = Block::new(id, Kind::Always, None, now);
        assert!(always.persists_across_reboot);
        let json = serde_json::to_value(&always).unwrap();
        assert_eq!(json["id"], "udp-53");
        assert_eq!(json["protocol"], "udp");
        assert_eq!(json["kind"], "always");
        assert!(json["expires_at"].is_null());
    }

    #[test]
    fn every_error_speaks_both_languages() {
        let id = BlockId {
            protocol: Protocol::Tcp,
            port: 8080,
        };
        let errors = [
            BlockError::NoNft,
            BlockError::NeedsAdmin,
            BlockError::Unsupported,
            BlockError::Refused("x".into()),
            BlockError::NotBlocked(id),
            BlockError::Busy("x".into()),
            BlockError::State {
                path: "p".into(),
                why: "w".into(),
            },
            BlockError::NotReadBack(id),
            BlockError::Elevation("x".into()),
        ];
        for lang in Lang::ALL {
            for e in &errors {
                let text = e.message(&Tr::new(lang));
                assert!(!text.contains('{'), "{e:?}: {text}");
            }
        }
        let en = Tr::new(Lang::En);
        assert!(BlockError::NoNft.message(&en).contains("nftables (nft)"));
        assert!(
            BlockError::NeedsAdmin
                .message(&en)
                .contains("needs administrator rights")
        );
    }
}
