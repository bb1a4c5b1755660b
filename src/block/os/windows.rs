//! Windows: Windows Defender Firewall rules through `%SystemRoot%\System32\netsh.exe`, with the
//! argument vectors of `netsh.rs`. The firewall keeps its rules across restarts, and has no
//! expiry of its own: PortScope records each block's end in the state file and lifts the ones
//! whose time is up whenever it runs (`block`, `unblock`, `blocks`, the window).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::Utc;

use super::super::netsh::{add_rule, delete_rule, netsh_path, show_rule};
use super::super::state::{Recorded, StateFile, StateStore};
use super::super::{Block, BlockError, BlockId, Kind, Lifetime, Listing, Notice, Request};

/// The firewall's name.
pub const FIREWALL: &str = "Windows Defender Firewall";

/// Two boot times closer than this are the same boot (Windows computes it from the uptime).
const SAME_BOOT_SECS: u64 = 120;

/// netsh and the state file.
pub struct Backend {
    netsh: PathBuf,
    state: StateStore,
}

fn boot_time() -> Option<u64> {
    sysinfo::System::boot_time().ok()
}

impl Backend {
    pub fn system() -> Result<Backend, BlockError> {
        Ok(Backend {
            netsh: netsh_path(std::env::var_os("SystemRoot")),
            state: StateStore::system(),
        })
    }

    fn rights(&self) -> Result<(), BlockError> {
        if crate::privilege::is_privileged() {
            Ok(())
        } else {
            Err(BlockError::NeedsAdmin)
        }
    }

    /// Run netsh; true when it exited with 0.
    fn netsh(&self, argv: &[OsString]) -> Result<bool, BlockError> {
        Command::new(&self.netsh)
            .args(argv)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .map_err(|e| BlockError::Refused(format!("{}: {e}", self.netsh.display())))
    }

    fn exists(&self, id: BlockId) -> Result<bool, BlockError> {
        self.netsh(&show_rule(id))
    }

    /// Lift the blocks whose time is up (timed ones past their end, until-restart ones from
    /// an earlier boot); returns the file without them and what was lifted.
    fn enforce(&self, state: &StateFile) -> (StateFile, Vec<Notice>) {
        let now = Utc::now();
        let boot = boot_time();
        let mut next = state.clone();
        let mut notices = Vec::new();
        for r in &state.blocks {
            if !is_over(r, now, boot) {
                continue;
            }
            let _ = self.netsh(&delete_rule(r.id()));
            if !self.exists(r.id()).unwrap_or(true) {
                next = next.without(r.id());
                notices.push(Notice::Lifted(r.id()));
            }
        }
        (next, notices)
    }

    /// The blocks whose time is up, unlifted (read without rights).
    fn due_unlifted(&self, state: &StateFile) -> Vec<Notice> {
        let now = Utc::now();
        let boot = boot_time();
        state
            .blocks
            .iter()
            .filter(|r| is_over(r, now, boot))
            .map(|r| Notice::DueNeedsAdmin(r.id()))
            .collect()
    }

    fn enforced(&self) -> Result<(StateFile, Vec<Notice>), BlockError> {
        let old = self.state.read()?;
        let (next, notices) = self.enforce(&old);
        if next != old {
            self.state.write(&next)?;
        }
        Ok((next, notices))
    }

    pub fn block(&self, request: &Request) -> Result<Block, BlockError> {
        self.rights()?;
        let _lock = self.state.lock()?;
        let (state, _) = self.enforced()?;
        let id = request.id;
        if self.exists(id)? {
            // Replaced, so that the new time counts and no second rule of the same name stays.
            self.netsh(&delete_rule(id))?;
        }
        if !self.netsh(&add_rule(id))? {
            return Err(BlockError::Refused(format!("netsh could not add {id}")));
        }
        if !self.exists(id)? {
            return Err(BlockError::NotReadBack(id));
        }
        let now = Utc::now();
        let secs = request.lifetime.secs();
        let record = Recorded {
            protocol: id.protocol,
            port: id.port,
            kind: request.lifetime.kind(),
            added_at: now,
            expires_at: secs.map(|s| now + chrono::Duration::seconds(s as i64)),
            boot_time: (request.lifetime == Lifetime::UntilRestart)
                .then(boot_time)
                .flatten(),
        };
        self.state.write(&state.with(record.clone()))?;
        Ok(to_block(&record))
    }

    pub fn unblock(&self, id: BlockId) -> Result<Block, BlockError> {
        self.rights()?;
        let _lock = self.state.lock()?;
        let (state, _) = self.enforced()?;
        let exists = self.exists(id)?;
        let was = match state.get(id) {
            Some(r) => to_block(r),
            None if exists => Block::new(id, Kind::Always, None, Utc::now()),
            None => return Err(BlockError::NotBlocked(id)),
        };
        if exists {
            self.netsh(&delete_rule(id))?;
            if self.exists(id)? {
                return Err(BlockError::NotReadBack(id));
            }
        }
        self.state.write(&state.without(id))?;
        Ok(was)
    }

    /// As administrator, lifts what is due first. Without rights the rules and the state file
    /// are only read (both are readable by every user): nothing is lifted until PortScope runs
    /// as administrator again, and a notice says so when something is due.
    pub fn list(&self) -> Result<Listing, BlockError> {
        let privileged = self.rights().is_ok();
        let _lock = if privileged {
            Some(self.state.lock()?)
        } else {
            None
        };
        let (state, mut notices) = if privileged {
            self.enforced()?
        } else {
            let state = self.state.read()?;
            let due = self.due_unlifted(&state);
            (state, due)
        };
        let mut blocks = Vec::new();
        for r in &state.blocks {
            if self.exists(r.id())? {
                blocks.push(to_block(r));
            } else {
                notices.push(Notice::RecordedNotInForce(r.id()));
            }
        }
        Ok(Listing { blocks, notices })
    }

    pub fn state_path(&self) -> PathBuf {
        self.state.path()
    }

    /// Nothing to put back (the firewall keeps its rules); lifts what is due.
    pub fn restore(&self) -> Result<Vec<Block>, BlockError> {
        self.rights()?;
        let _lock = self.state.lock()?;
        self.enforced()?;
        Ok(Vec::new())
    }
}

/// Whether a recorded block's time is up: a timed one past its end, an until-restart one from
/// an earlier boot.
fn is_over(r: &Recorded, now: chrono::DateTime<Utc>, boot: Option<u64>) -> bool {
    match r.kind {
        Kind::Timed => r.expires_at.is_some_and(|at| at <= now),
        Kind::UntilRestart => match (r.boot_time, boot) {
            (Some(then), Some(now)) => then.abs_diff(now) > SAME_BOOT_SECS,
            _ => false,
        },
        Kind::Always => false,
    }
}

/// A recorded block as shown: every kind persists in the firewall across a restart, but only
/// "always" is meant to.
fn to_block(r: &Recorded) -> Block {
    let now = Utc::now();
    let remaining = r
        .expires_at
        .map(|at| u64::try_from((at - now).num_seconds()).unwrap_or(0));
    Block::new(r.id(), r.kind, remaining, now)
}

/// The firewall keeps its rules across restarts.
pub fn always_survives_restart() -> bool {
    true
}
