//! Authenticode signatures of the programs behind sockets (Windows; issue 16 item 2).
//!
//! `win32::authenticode` asks Windows (`WinVerifyTrust` on the file's own signature, and where
//! the file carries none, on the system catalog that lists its hash: most of System32 is
//! catalog-signed). What its codes mean is decided here, by [`classify`], a pure function that is
//! unit-tested on every system over recorded codes. The rule it follows: only a signature that is
//! present and does not verify against the file (or whose certificate is revoked or explicitly
//! distrusted) is [`SignatureStatus::Invalid`]. An untrusted root, an expired certificate or a
//! failed call proves no tampering: [`SignatureStatus::Unknown`], with the reason.
//!
//! [`SignatureTracker`] checks each executable identity (path, size, modification time) once, on
//! its own thread, so a poll never waits: until the answer comes the row says "checking…".

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, SyncSender, TrySendError};
use std::time::SystemTime;

use crate::model::{Origin, ProcessInfo, Signature, SignatureStatus};

/// `HRESULT`s `WinVerifyTrust` answers with, as `i32` (the way Windows declares them).
#[allow(clippy::cast_possible_wrap)]
pub mod codes {
    /// The signature verifies and its chain ends at a trusted root.
    pub const OK: i32 = 0;
    /// No signature in the file.
    pub const TRUST_E_NOSIGNATURE: i32 = 0x800B_0100_u32 as i32;
    /// The file is of a form no trust provider knows (not a PE image, a script…).
    pub const TRUST_E_SUBJECT_FORM_UNKNOWN: i32 = 0x800B_0003_u32 as i32;
    /// No trust provider for this kind of file.
    pub const TRUST_E_PROVIDER_UNKNOWN: i32 = 0x800B_0001_u32 as i32;
    /// The file's digest differs from the signed one: changed after signing.
    pub const TRUST_E_BAD_DIGEST: i32 = 0x8009_6010_u32 as i32;
    /// A certificate's own signature does not verify.
    pub const TRUST_E_CERT_SIGNATURE: i32 = 0x8009_6004_u32 as i32;
    /// The signature block is malformed.
    pub const TRUST_E_MALFORMED_SIGNATURE: i32 = 0x8009_6011_u32 as i32;
    /// The signed message's hash does not match.
    pub const CRYPT_E_HASH_VALUE: i32 = 0x8009_1007_u32 as i32;
    /// The signer's certificate was revoked.
    pub const CERT_E_REVOKED: i32 = 0x800B_010C_u32 as i32;
    /// The certificate is explicitly distrusted (the Disallowed store).
    pub const TRUST_E_EXPLICIT_DISTRUST: i32 = 0x800B_0111_u32 as i32;
    /// The chain ends at a root that is not trusted here (a self-signed certificate).
    pub const CERT_E_UNTRUSTEDROOT: i32 = 0x800B_0109_u32 as i32;
    /// The chain could not be built to a trusted root.
    pub const CERT_E_CHAINING: i32 = 0x800B_010A_u32 as i32;
    /// A certificate has expired (and no timestamp saves it).
    pub const CERT_E_EXPIRED: i32 = 0x800B_0101_u32 as i32;
    /// The root is a test root.
    pub const CERT_E_UNTRUSTEDTESTROOT: i32 = 0x800B_010D_u32 as i32;
    /// The certificate is not valid for code signing.
    pub const CERT_E_WRONG_USAGE: i32 = 0x800B_0110_u32 as i32;
    /// The subject is not trusted for the action (policy, no UI to ask).
    pub const TRUST_E_SUBJECT_NOT_TRUSTED: i32 = 0x800B_0004_u32 as i32;
    /// The timestamp signature or certificate could not be verified.
    pub const TRUST_E_TIME_STAMP: i32 = 0x8009_6005_u32 as i32;
    /// An administrator's policy forbids the check's result.
    pub const CRYPT_E_SECURITY_SETTINGS: i32 = 0x8009_2026_u32 as i32;
    /// The file could not be read.
    pub const CRYPT_E_FILE_ERROR: i32 = 0x8009_2003_u32 as i32;
}

/// One `WinVerifyTrust` answer: its code and the signer's name, where the signature was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustAnswer {
    /// The `HRESULT`.
    pub code: i32,
    /// The signer certificate's simple display name.
    pub publisher: Option<String>,
}

/// The name of a code as Windows' headers spell it, with its number.
pub fn code_name(code: i32) -> String {
    use codes::*;
    let name = match code {
        TRUST_E_NOSIGNATURE => "TRUST_E_NOSIGNATURE",
        TRUST_E_SUBJECT_FORM_UNKNOWN => "TRUST_E_SUBJECT_FORM_UNKNOWN",
        TRUST_E_PROVIDER_UNKNOWN => "TRUST_E_PROVIDER_UNKNOWN",
        TRUST_E_BAD_DIGEST => "TRUST_E_BAD_DIGEST",
        TRUST_E_CERT_SIGNATURE => "TRUST_E_CERT_SIGNATURE",
        TRUST_E_MALFORMED_SIGNATURE => "TRUST_E_MALFORMED_SIGNATURE",
        CRYPT_E_HASH_VALUE => "CRYPT_E_HASH_VALUE",
        CERT_E_REVOKED => "CERT_E_REVOKED",
        TRUST_E_EXPLICIT_DISTRUST => "TRUST_E_EXPLICIT_DISTRUST",
        CERT_E_UNTRUSTEDROOT => "CERT_E_UNTRUSTEDROOT",
        CERT_E_CHAINING => "CERT_E_CHAINING",
        CERT_E_EXPIRED => "CERT_E_EXPIRED",
        CERT_E_UNTRUSTEDTESTROOT => "CERT_E_UNTRUSTEDTESTROOT",
        CERT_E_WRONG_USAGE => "CERT_E_WRONG_USAGE",
        TRUST_E_SUBJECT_NOT_TRUSTED => "TRUST_E_SUBJECT_NOT_TRUSTED",
        TRUST_E_TIME_STAMP => "TRUST_E_TIME_STAMP",
        CRYPT_E_SECURITY_SETTINGS => "CRYPT_E_SECURITY_SETTINGS",
        CRYPT_E_FILE_ERROR => "CRYPT_E_FILE_ERROR",
        _ => return format!("0x{:08X}", code.cast_unsigned()),
    };
    format!("{name} (0x{:08X})", code.cast_unsigned())
}

/// True when the code says the file carries no signature of its own (then the catalog is asked).
pub fn says_unsigned(code: i32) -> bool {
    matches!(
        code,
        codes::TRUST_E_NOSIGNATURE
            | codes::TRUST_E_SUBJECT_FORM_UNKNOWN
            | codes::TRUST_E_PROVIDER_UNKNOWN
    )
}

/// True when the code proves the signature does not hold: the file changed after signing, the
/// signature or a certificate is broken, or the certificate is revoked or explicitly distrusted.
fn says_invalid(code: i32) -> bool {
    matches!(
        code,
        codes::TRUST_E_BAD_DIGEST
            | codes::TRUST_E_CERT_SIGNATURE
            | codes::TRUST_E_MALFORMED_SIGNATURE
            | codes::CRYPT_E_HASH_VALUE
            | codes::CERT_E_REVOKED
            | codes::TRUST_E_EXPLICIT_DISTRUST
    )
}

/// The verdict over the file's own signature (`embedded`) and, where it carries none, the answer
/// of the catalog that lists its hash (`catalog`: `None` when no catalog does).
pub fn classify(embedded: &TrustAnswer, catalog: Option<&TrustAnswer>) -> Signature {
    let (answer, from_catalog) = match catalog {
        Some(c) if says_unsigned(embedded.code) => (c, true),
        _ => (embedded, false),
    };
    let code = answer.code;
    let status = if code == codes::OK {
        SignatureStatus::Valid
    } else if says_invalid(code) {
        SignatureStatus::Invalid
    } else if says_unsigned(code) && !from_catalog {
        SignatureStatus::Unsigned
    } else {
        SignatureStatus::Unknown
    };
    Signature {
        status,
        publisher: answer.publisher.clone(),
        reason: (code != codes::OK && status != SignatureStatus::Unsigned).then(|| code_name(code)),
        catalog: from_catalog,
    }
}

/// The verdict when the check could not be made at all (the file can't be opened, a call failed).
pub fn not_checked(reason: String) -> Signature {
    Signature {
        status: SignatureStatus::Unknown,
        publisher: None,
        reason: Some(reason),
        catalog: false,
    }
}

/// Why a file's signature can't be checked on this system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported;

/// The signature of the file at `path`, asked of Windows now (this waits for the check: the
/// `signature` command, and the tracker's own thread). `Err` where Authenticode does not exist.
#[cfg(windows)]
pub fn check_file(path: &Path) -> Result<Signature, Unsupported> {
    Ok(match crate::win32::authenticode(path) {
        Ok(found) => classify(
            &TrustAnswer {
                code: found.embedded.code,
                publisher: found.embedded.publisher,
            },
            found
                .catalog
                .map(|c| TrustAnswer {
                    code: c.code,
                    publisher: c.publisher,
                })
                .as_ref(),
        ),
        Err(e) => not_checked(e),
    })
}

/// The signature of the file at `path`: Authenticode exists only on Windows.
#[cfg(not(windows))]
pub fn check_file(_path: &Path) -> Result<Signature, Unsupported> {
    Err(Unsupported)
}

/// What one check is about: a file as it is now. While the three stay the same, so does the
/// answer; a replaced or rewritten file is checked again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileId {
    /// The path the process runs from.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time.
    pub modified: Option<SystemTime>,
}

impl FileId {
    /// The identity of the file at `path` now; `Err`: why it can't be read, in the OS's words.
    pub fn of(path: &Path) -> Result<FileId, String> {
        let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
        Ok(FileId {
            path: path.to_path_buf(),
            size: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// Checks waiting at most; a program beyond it is offered again next poll.
pub const QUEUE: usize = 256;

/// Answers kept before those no process uses any more are dropped.
const MAX_ANSWERS: usize = 4096;

/// How a file is checked: [`check_file`] for real, a fake in tests.
pub type Verifier = fn(&Path) -> Signature;

struct Entry {
    input: Arc<ProcessInfo>,
    /// `None`: the process names no file (nothing to check); `Err`: it can't be read.
    id: Option<Result<FileId, String>>,
    output: Arc<ProcessInfo>,
}

/// The signatures of the processes a poll reports, each file checked once, off the poll thread.
pub struct SignatureTracker {
    verify: Verifier,
    jobs: Option<Result<Channels, String>>,
    cache: HashMap<u32, Entry>,
    known: HashMap<FileId, Signature>,
    asked: HashSet<FileId>,
    checked: Arc<std::sync::atomic::AtomicU64>,
}

impl SignatureTracker {
    /// A tracker checking files with `verify`; its thread starts with the first check.
    pub fn new(verify: Verifier) -> Self {
        SignatureTracker {
            verify,
            jobs: None,
            cache: HashMap::new(),
            known: HashMap::new(),
            asked: HashSet::new(),
            checked: Arc::default(),
        }
    }

    /// How many checks are still under way.
    pub fn pending(&self) -> usize {
        self.asked.len()
    }

    /// How many files have been checked so far.
    pub fn checked(&self) -> u64 {
        self.checked.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Fill in `origin.signature` of every process in `details`, replacing an entry only when
    /// what is known of it changed. Never waits.
    pub fn attach(&mut self, details: &mut HashMap<u32, Arc<ProcessInfo>>) {
        self.collect_answers();
        let mut next = HashMap::with_capacity(details.len());
        for (pid, info) in details.iter_mut() {
            let mut entry = match self.cache.remove(pid) {
                Some(e) if Arc::ptr_eq(&e.input, info) => e,
                _ => Entry {
                    id: info.path.as_deref().map(FileId::of),
                    input: Arc::clone(info),
                    output: Arc::clone(info),
                },
            };
            let (signature, pending) = match entry.id.clone() {
                None => (None, false),
                Some(Err(why)) => (Some(not_checked(why)), false),
                Some(Ok(id)) => self.state_of(id),
            };
            let o = &entry.output.origin;
            if o.signature != signature || o.signature_pending != pending {
                let mut updated = (*entry.input).clone();
                updated.origin = Origin {
                    signature,
                    signature_pending: pending,
                    ..updated.origin
                };
                entry.output = Arc::new(updated);
            }
            *info = Arc::clone(&entry.output);
            next.insert(*pid, entry);
        }
        self.cache = next;
        if self.known.len() > MAX_ANSWERS {
            let used: HashSet<&FileId> = self
                .cache
                .values()
                .filter_map(|e| e.id.as_ref()?.as_ref().ok())
                .collect();
            self.known.retain(|k, _| used.contains(k));
        }
    }

    fn collect_answers(&mut self) {
        let Some(Ok((_, answers))) = &self.jobs else {
            return;
        };
        for (id, signature) in answers.try_iter() {
            self.asked.remove(&id);
            self.known.insert(id, signature);
        }
    }

    /// The file's signature where known, and whether its check is under way.
    fn state_of(&mut self, id: FileId) -> (Option<Signature>, bool) {
        if let Some(known) = self.known.get(&id) {
            return (Some(known.clone()), false);
        }
        if self.asked.contains(&id) {
            return (None, true);
        }
        let (verify, checked) = (self.verify, Arc::clone(&self.checked));
        let jobs = self.jobs.get_or_insert_with(|| start(verify, checked));
        match jobs {
            Ok((tx, _)) => match tx.try_send(id.clone()) {
                Ok(()) => {
                    self.asked.insert(id);
                    (None, true)
                }
                Err(TrySendError::Full(_)) => (None, true), // offered again next poll
                // The thread is gone (or could not start): nothing can be told.
                Err(TrySendError::Disconnected(_)) => (None, false),
            },
            Err(e) => (Some(not_checked(e.clone())), false),
        }
    }
}

type Channels = (SyncSender<FileId>, Receiver<(FileId, Signature)>);

fn start(verify: Verifier, checked: Arc<std::sync::atomic::AtomicU64>) -> Result<Channels, String> {
    let (jobs, job_rx) = std::sync::mpsc::sync_channel::<FileId>(QUEUE);
    let (answer_tx, answers): (Sender<(FileId, Signature)>, _) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("signatures".into())
        .spawn(move || {
            // Ends when the tracker (the sender) is dropped.
            for id in job_rx {
                let signature = verify(&id.path);
                checked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if answer_tx.send((id, signature)).is_err() {
                    return;
                }
            }
        })
        .map_err(|e| e.to_string())?;
    Ok((jobs, answers))
}

#[cfg(test)]
mod tests;
