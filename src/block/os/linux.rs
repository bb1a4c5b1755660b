//! Linux: nftables, through the `nft` program in its fixed places (`/usr/sbin/nft`, …; never
//! from PATH). Scripts go to `nft -f -` on stdin and come only from `nft.rs`; the table is read
//! back with `nft -j list table inet portscope` after every change.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::Utc;

use super::super::nft::{
    Readback, block_script, parse_readback, restore_script, says_no_such_table, unblock_script,
};
use super::super::state::{Recorded, StateFile, StateStore};
use super::super::{Block, BlockError, BlockId, Element, Kind, Lifetime, Listing, Notice, Request};

/// The firewall's name.
pub const FIREWALL: &str = "nftables";

/// What `nft` printed.
pub struct NftOutput {
    /// It exited with 0.
    pub ok: bool,
    /// Its stdout.
    pub stdout: String,
    /// Its stderr.
    pub stderr: String,
}

/// Runs `nft` (a fake in tests).
pub trait Nft {
    /// `nft <args>`, with `stdin` fed to it when given.
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Result<NftOutput, BlockError>;
}

/// The real `nft` at `path`.
struct SystemNft {
    path: PathBuf,
}

impl Nft for SystemNft {
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Result<NftOutput, BlockError> {
        let mut child = Command::new(&self.path)
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => BlockError::NoNft,
                _ => BlockError::Refused(format!("{}: {e}", self.path.display())),
            })?;
        if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // A write error shows as nft's own failure below.
            let _ = pipe.write_all(text.as_bytes());
        }
        let out = child
            .wait_with_output()
            .map_err(|e| BlockError::Refused(format!("{}: {e}", self.path.display())))?;
        Ok(NftOutput {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }
}

/// Where `nft` may be: `PORTSCOPE_NFT` (tests), else the system's own folders.
fn find_nft() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PORTSCOPE_NFT").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft", "/bin/nft"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// nftables and the state file.
pub struct Backend {
    nft: Box<dyn Nft>,
    state: StateStore,
    /// Whether this process may change the firewall (root); tests set it.
    privileged: fn() -> bool,
}

/// nft's complaint, as an error: "Operation not permitted" is a lack of rights.
fn refusal(stderr: &str) -> BlockError {
    if stderr.contains("Operation not permitted") {
        return BlockError::NeedsAdmin;
    }
    let text: String = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join(" / ");
    let text: String = text.chars().take(400).collect();
    BlockError::Refused(if text.is_empty() {
        "nft failed without saying why".into()
    } else {
        text
    })
}

impl Backend {
    /// `nft` from the system and the system's state folder.
    pub fn system() -> Result<Backend, BlockError> {
        let path = find_nft().ok_or(BlockError::NoNft)?;
        Ok(Backend {
            nft: Box::new(SystemNft { path }),
            state: StateStore::system(),
            privileged: crate::privilege::is_privileged,
        })
    }

    fn rights(&self) -> Result<(), BlockError> {
        if (self.privileged)() {
            Ok(())
        } else {
            Err(BlockError::NeedsAdmin)
        }
    }

    fn read(&self) -> Result<Readback, BlockError> {
        let out = self
            .nft
            .run(&["-j", "list", "table", "inet", "portscope"], None)?;
        if out.ok {
            parse_readback(&out.stdout).map_err(BlockError::Refused)
        } else if says_no_such_table(&out.stderr) {
            Ok(Readback::default())
        } else {
            Err(refusal(&out.stderr))
        }
    }

    fn apply(&self, script: &str) -> Result<(), BlockError> {
        log::debug!("nft -f - <<\n{script}");
        let out = self.nft.run(&["-f", "-"], Some(script))?;
        if out.ok {
            Ok(())
        } else {
            Err(refusal(&out.stderr))
        }
    }

    /// Write `next` when it differs from `old`; the caller puts `old` back if the firewall
    /// then refuses.
    fn record(&self, old: &StateFile, next: &StateFile) -> Result<(), BlockError> {
        if old == next {
            Ok(())
        } else {
            self.state.write(next)
        }
    }

    fn undo_record(&self, old: &StateFile, next: &StateFile) {
        if old != next
            && let Err(e) = self.state.write(old)
        {
            log::warn!("could not put the block list back: {e}");
        }
    }

    pub fn block(&self, request: &Request) -> Result<Block, BlockError> {
        self.rights()?;
        let _lock = self.state.lock()?;
        let now = self.read()?;
        let old = self.state.read()?;
        let id = request.id;
        // Recorded first: a crash between the two steps never loses an "always" block, and
        // a block made timed is never put back at boot.
        let next = match request.lifetime {
            Lifetime::Always => old.with(Recorded {
                protocol: id.protocol,
                port: id.port,
                kind: Kind::Always,
                added_at: Utc::now(),
                expires_at: None,
                boot_time: None,
            }),
            _ => old.without(id),
        };
        self.record(&old, &next)?;
        let secs = request.lifetime.secs();
        if let Err(e) = self.apply(&block_script(&now, id, secs)) {
            self.undo_record(&old, &next);
            return Err(e);
        }
        let after = self.read()?;
        match after.find(id) {
            Some(e) if e.timeout.is_some() == secs.is_some() => Ok(to_block(e, &next)),
            _ => Err(BlockError::NotReadBack(id)),
        }
    }

    pub fn unblock(&self, id: BlockId) -> Result<Block, BlockError> {
        self.rights()?;
        let _lock = self.state.lock()?;
        let now = self.read()?;
        let old = self.state.read()?;
        let in_force = now.find(id).copied();
        let recorded = old.get(id).is_some();
        let was = match in_force {
            Some(e) => to_block(&e, &old),
            None if recorded => Block::new(id, Kind::Always, None, Utc::now()),
            None => return Err(BlockError::NotBlocked(id)),
        };
        let next = old.without(id);
        self.record(&old, &next)?;
        if in_force.is_some()
            && let Err(e) = self.apply(&unblock_script(&now, id))
        {
            self.undo_record(&old, &next);
            return Err(e);
        }
        if self.read()?.find(id).is_some() {
            return Err(BlockError::NotReadBack(id));
        }
        Ok(was)
    }

    pub fn list(&self) -> Result<Listing, BlockError> {
        self.rights()?;
        let now = self.read()?;
        let mut notices = Vec::new();
        let state = self.state.read().unwrap_or_else(|e| {
            notices.push(Notice::StateUnreadable(e.to_string()));
            StateFile::default()
        });
        if now.present && !now.intact {
            notices.push(Notice::TableChanged);
        }
        for r in state.blocks.iter().filter(|r| r.kind == Kind::Always) {
            if now.find(r.id()).is_none_or(|e| e.timeout.is_some()) {
                notices.push(Notice::RecordedNotInForce(r.id()));
            }
        }
        let mut blocks: Vec<Block> = now.elements.iter().map(|e| to_block(e, &state)).collect();
        blocks.sort_by_key(|b| b.id);
        Ok(Listing { blocks, notices })
    }

    pub fn state_path(&self) -> PathBuf {
        self.state.path()
    }

    pub fn restore(&self) -> Result<Vec<Block>, BlockError> {
        self.rights()?;
        let _lock = self.state.lock()?;
        let state = self.state.read()?;
        let ids: Vec<BlockId> = state
            .blocks
            .iter()
            .filter(|r| r.kind == Kind::Always)
            .map(Recorded::id)
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.read()?;
        let missing: Vec<BlockId> = ids
            .iter()
            .copied()
            .filter(|id| now.find(*id).is_none_or(|e| e.timeout.is_some()))
            .collect();
        if let Some(script) = restore_script(&now, &ids) {
            self.apply(&script)?;
        }
        let after = self.read()?;
        let mut restored = Vec::new();
        for id in missing {
            match after.find(id) {
                Some(e) if e.timeout.is_none() => restored.push(to_block(e, &state)),
                _ => return Err(BlockError::NotReadBack(id)),
            }
        }
        Ok(restored)
    }
}

/// Where `systemctl enable portscope-blocks` puts its link (the unit is wanted by sysinit.target,
/// as nftables.service is).
const BOOT_UNIT_LINK: &str = "/etc/systemd/system/sysinit.target.wants/portscope-blocks.service";

/// The boot service that puts "always" blocks back is enabled.
pub fn always_survives_restart() -> bool {
    std::path::Path::new(BOOT_UNIT_LINK).exists()
}

/// A set element as a block: timed when it has a timeout, "always" when it is recorded so,
/// else until the computer restarts.
fn to_block(e: &Element, state: &StateFile) -> Block {
    let kind = match (e.timeout, state.get(e.id)) {
        (Some(_), _) => Kind::Timed,
        (None, Some(r)) if r.kind == Kind::Always => Kind::Always,
        (None, _) => Kind::UntilRestart,
    };
    let mut block = Block::new(e.id, kind, e.expires, Utc::now());
    block.persists_across_reboot = kind == Kind::Always && always_survives_restart();
    block
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::model::Protocol;

    /// A fake `nft`: answers `list` from a queue of JSON documents ("" = no table), and records
    /// every script it is fed; `refuse` makes `-f -` fail with that text.
    #[derive(Default)]
    struct FakeNft {
        listings: RefCell<Vec<&'static str>>,
        scripts: RefCell<Vec<String>>,
        refuse: Option<&'static str>,
    }

    impl Nft for FakeNft {
        fn run(&self, args: &[&str], stdin: Option<&str>) -> Result<NftOutput, BlockError> {
            if args[0] == "-f" {
                self.scripts
                    .borrow_mut()
                    .push(stdin.unwrap_or("").to_owned());
                return Ok(NftOutput {
                    ok: self.refuse.is_none(),
                    stdout: String::new(),
                    stderr: self.refuse.unwrap_or("").to_owned(),
                });
            }
            let mut queue = self.listings.borrow_mut();
            let next = if queue.len() > 1 {
                queue.remove(0)
            } else {
                queue[0]
            };
            Ok(NftOutput {
                ok: !next.is_empty(),
                stdout: next.to_owned(),
                stderr: "Error: No such file or directory".into(),
            })
        }
    }

    const EMPTY: &str = "";

    fn backend(nft: FakeNft, dir: &std::path::Path, root: bool) -> Backend {
        Backend {
            nft: Box::new(nft),
            state: StateStore::at(dir),
            privileged: if root { || true } else { || false },
        }
    }

    fn tcp(port: u16) -> BlockId {
        BlockId {
            protocol: Protocol::Tcp,
            port,
        }
    }

    fn listed() -> &'static str {
        super::super::super::nft::tests::LISTED
    }

    #[test]
    fn without_rights_nothing_is_run() {
        let dir = tempfile::tempdir().unwrap();
        let nft = FakeNft {
            listings: RefCell::new(vec![EMPTY]),
            ..FakeNft::default()
        };
        let b = backend(nft, dir.path(), false);
        let req = Request {
            id: tcp(80),
            lifetime: Lifetime::Always,
        };
        assert_eq!(b.block(&req), Err(BlockError::NeedsAdmin));
        assert_eq!(b.list(), Err(BlockError::NeedsAdmin));
        assert!(!StateStore::at(dir.path()).path().exists());
    }

    #[test]
    fn a_block_not_seen_afterwards_is_not_reported_as_done() {
        let dir = tempfile::tempdir().unwrap();
        // The table stays empty after the script: the kernel did not take it.
        let nft = FakeNft {
            listings: RefCell::new(vec![EMPTY]),
            ..FakeNft::default()
        };
        let b = backend(nft, dir.path(), true);
        let req = Request {
            id: tcp(8080),
            lifetime: Lifetime::For(60),
        };
        assert_eq!(b.block(&req), Err(BlockError::NotReadBack(tcp(8080))));
    }

    #[test]
    fn a_refused_always_block_leaves_the_record_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let nft = FakeNft {
            listings: RefCell::new(vec![EMPTY]),
            refuse: Some("Error: Could not process rule: Operation not supported\n"),
            ..FakeNft::default()
        };
        let b = backend(nft, dir.path(), true);
        let req = Request {
            id: tcp(22),
            lifetime: Lifetime::Always,
        };
        let err = b.block(&req).unwrap_err();
        assert_eq!(
            err,
            BlockError::Refused("Error: Could not process rule: Operation not supported".into())
        );
        assert_eq!(StateStore::at(dir.path()).read().unwrap().blocks, []);
    }

    #[test]
    fn kinds_come_from_the_kernel_and_the_record() {
        let dir = tempfile::tempdir().unwrap();
        let nft = FakeNft {
            listings: RefCell::new(vec![listed()]),
            ..FakeNft::default()
        };
        let store = StateStore::at(dir.path());
        let always = |port| Recorded {
            protocol: Protocol::Tcp,
            port,
            kind: Kind::Always,
            added_at: Utc::now(),
            expires_at: None,
            boot_time: None,
        };
        store
            .write(&StateFile::default().with(always(22)).with(always(443)))
            .unwrap();
        let listing = backend(nft, dir.path(), true).list().unwrap();
        let kinds: Vec<(u16, Kind, Option<u64>)> = listing
            .blocks
            .iter()
            .map(|b| (b.port, b.kind, b.remaining_secs))
            .collect();
        assert_eq!(
            kinds,
            [(22, Kind::Always, None), (8080, Kind::Timed, Some(89))]
        );
        // 443 is recorded but the kernel does not have it: the listing says so.
        assert_eq!(listing.notices, [Notice::RecordedNotInForce(tcp(443))]);
    }

    #[test]
    fn unblocking_what_is_not_blocked_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let nft = FakeNft {
            listings: RefCell::new(vec![listed()]),
            ..FakeNft::default()
        };
        let b = backend(nft, dir.path(), true);
        assert_eq!(b.unblock(tcp(9)), Err(BlockError::NotBlocked(tcp(9))));
    }

    #[test]
    fn a_block_is_read_back_and_always_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let nft = FakeNft {
            listings: RefCell::new(vec![EMPTY, listed()]),
            ..FakeNft::default()
        };
        let b = backend(nft, dir.path(), true);
        let req = Request {
            id: tcp(22),
            lifetime: Lifetime::Always,
        };
        let block = b.block(&req).unwrap();
        assert_eq!((block.id, block.kind), (tcp(22), Kind::Always));
        let state = StateStore::at(dir.path()).read().unwrap();
        assert_eq!(state.get(tcp(22)).map(|r| r.kind), Some(Kind::Always));
    }
}
