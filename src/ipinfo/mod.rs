//! The network behind a remote address, offline: its scope (from the IANA special-purpose
//! registries, `scope.rs`), and for a public address the organisation (AS number and name) and
//! the country, from data shipped with PortScope (`assets/ipdb/ipdb.bin.z`, made by
//! `scripts/update-ipdb.sh` from the npm packages `@ip-location-db/asn` (CC BY 4.0: DB-IP and
//! RouteViews) and `@ip-location-db/geo-whois-asn-country` (CC0)). Nothing here touches the
//! network. A missing or corrupt data file is one clear warning; scopes work without it.
//!
//! The table format is described in `scripts/ipdb-convert.py`: sorted range starts with values,
//! looked up by binary search straight from the decompressed bytes.

mod scope;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use scope::{Scope, scope};

/// The name of the data file, wherever it is installed.
pub const FILE_NAME: &str = "ipdb.bin.z";

/// The largest data file PortScope reads, compressed, and the most it inflates to.
const MAX_FILE: u64 = 16 << 20;
const MAX_DATA: usize = 40 << 20;

const MAGIC: &[u8; 8] = b"PSIPDB1\0";
const NONE_ASN: u32 = u32::MAX;

/// Why the data could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IpDbError {
    /// No data file in any of the places PortScope looks.
    #[error("no address data file ({FILE_NAME}) found in {0}")]
    Missing(String),
    /// The file could not be read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
    /// The file is not PortScope's address table, or is cut short.
    #[error("{path}: not a valid address table ({why})")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: &'static str,
    },
}

/// One range table: `n` starts of `key` bytes, then `n` values of `value` bytes.
#[derive(Clone, Copy, Debug)]
struct Table {
    at: usize,
    n: usize,
    key: usize,
    value: usize,
}

impl Table {
    fn end(&self) -> usize {
        self.at + self.n * (self.key + self.value)
    }
}

/// The organisation and country of public addresses.
#[derive(Debug)]
pub struct IpDb {
    data: Vec<u8>,
    names: usize,
    n_names: usize,
    blob: usize,
    v4_asn: Table,
    v6_asn: Table,
    v4_cc: Table,
    v6_cc: Table,
}

/// What the data says of a public address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Network<'a> {
    /// The autonomous system number.
    pub asn: Option<u32>,
    /// The AS's organisation, as registered (attacker-influenced text: escape it for display).
    pub org: Option<&'a str>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<&'a str>,
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn u128_at(data: &[u8], at: usize) -> Option<u128> {
    Some(u128::from_le_bytes(data.get(at..at + 16)?.try_into().ok()?))
}

impl IpDb {
    /// Check and index decompressed table bytes.
    pub fn parse(data: Vec<u8>) -> Result<IpDb, &'static str> {
        if data.get(..8) != Some(MAGIC.as_slice()) {
            return Err("wrong magic");
        }
        let count = |i: usize| {
            u32_at(&data, 8 + 4 * i)
                .map(|n| n as usize)
                .ok_or("short header")
        };
        let (n_names, n4a, n6a, n4c, n6c) = (count(0)?, count(1)?, count(2)?, count(3)?, count(4)?);
        let blob_len = count(5)?;
        let names: usize = 8 + 6 * 4;
        let blob = names
            .checked_add(n_names.checked_mul(12).ok_or("overflow")?)
            .ok_or("overflow")?;
        let mut at = blob.checked_add(blob_len).ok_or("overflow")?;
        let mut table = |n: usize, key: usize, value: usize| -> Result<Table, &'static str> {
            let t = Table { at, n, key, value };
            let end = n
                .checked_mul(key + value)
                .and_then(|len| at.checked_add(len))
                .ok_or("overflow")?;
            at = end;
            Ok(t)
        };
        let (v4_asn, v6_asn) = (table(n4a, 4, 4)?, table(n6a, 16, 4)?);
        let (v4_cc, v6_cc) = (table(n4c, 4, 2)?, table(n6c, 16, 2)?);
        if v6_cc.end() != data.len() {
            return Err("length does not match its header");
        }
        let db = IpDb {
            data,
            names,
            n_names,
            blob,
            v4_asn,
            v6_asn,
            v4_cc,
            v6_cc,
        };
        for i in 0..n_names {
            let (off, len) = (db.name_field(i, 4), db.name_field(i, 8));
            if off
                .zip(len)
                .is_none_or(|(o, l)| o as usize + l as usize > blob_len)
            {
                return Err("a name points outside the names");
            }
        }
        Ok(db)
    }

    /// Read, inflate and check a data file (a regular file, at most 16 MiB).
    pub fn load(path: &Path) -> Result<IpDb, IpDbError> {
        let io = |error| IpDbError::Io {
            path: path.to_owned(),
            error,
        };
        let corrupt = |why| IpDbError::Corrupt {
            path: path.to_owned(),
            why,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_file() {
            return Err(corrupt("not a regular file"));
        }
        if meta.len() > MAX_FILE {
            return Err(corrupt("larger than 16 MiB"));
        }
        let compressed = std::fs::read(path).map_err(io)?;
        let data = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&compressed, MAX_DATA)
            .map_err(|_| corrupt("not zlib data, cut short, or too large"))?;
        drop(compressed);
        // The inflater's growth leaves spare room: give it back (about 1.4 MB).
        let mut data = data;
        data.shrink_to_fit();
        IpDb::parse(data).map_err(corrupt)
    }

    /// Bytes the table holds in memory.
    pub fn memory(&self) -> usize {
        self.data.capacity()
    }

    fn name_field(&self, i: usize, offset: usize) -> Option<u32> {
        u32_at(&self.data, self.names + i * 12 + offset)
    }

    /// The value bytes of the range holding `key`, if a range does.
    fn find(&self, t: Table, key: u128) -> Option<&[u8]> {
        let start = |i: usize| {
            if t.key == 4 {
                u32_at(&self.data, t.at + i * 4).map(u128::from)
            } else {
                u128_at(&self.data, t.at + i * 16)
            }
        };
        // The last start at or below `key`.
        let (mut lo, mut hi) = (0, t.n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if start(mid)? <= key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let i = lo.checked_sub(1)?;
        let at = t.at + t.n * t.key + i * t.value;
        self.data.get(at..at + t.value)
    }

    fn as_of(&self, index: u32) -> (Option<u32>, Option<&str>) {
        let i = index as usize;
        if index == NONE_ASN || i >= self.n_names {
            return (None, None);
        }
        let asn = self.name_field(i, 0);
        let name = self
            .name_field(i, 4)
            .zip(self.name_field(i, 8))
            .and_then(|(o, l)| {
                let at = self.blob + o as usize;
                std::str::from_utf8(self.data.get(at..at + l as usize)?).ok()
            });
        (asn, name.filter(|n| !n.is_empty()))
    }

    /// What the data says of `ip`, whatever its scope (see [`describe`], which asks only for
    /// public addresses).
    pub fn lookup(&self, ip: IpAddr) -> Network<'_> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let (asn_table, cc_table, key) = match ip {
            IpAddr::V4(v4) => (self.v4_asn, self.v4_cc, u128::from(u32::from(v4))),
            IpAddr::V6(v6) => (self.v6_asn, self.v6_cc, u128::from(v6)),
        };
        let (asn, org) = self
            .find(asn_table, key)
            .and_then(|v| u32_at(v, 0))
            .map_or((None, None), |i| self.as_of(i));
        let country = self
            .find(cc_table, key)
            .filter(|cc| cc.iter().all(u8::is_ascii_uppercase))
            .and_then(|cc| std::str::from_utf8(cc).ok());
        Network { asn, org, country }
    }
}

/// Where PortScope looks for the data file, in order: `$PORTSCOPE_IPDB`, beside the executable
/// (the Windows zip), the installed package's `/usr/share/portscope`, then the checkout this
/// binary was built from (`cargo run`).
pub fn search_path() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    if let Some(p) = std::env::var_os("PORTSCOPE_IPDB") {
        paths.push(PathBuf::from(p));
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_owned))
    {
        paths.push(dir.join(FILE_NAME));
    }
    if cfg!(unix) {
        paths.push(Path::new("/usr/share/portscope").join(FILE_NAME));
    }
    paths.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/ipdb")
            .join(FILE_NAME),
    );
    paths
}

/// The first data file on the search path that exists, loaded.
pub fn load_default() -> Result<IpDb, IpDbError> {
    let paths = search_path();
    match paths.iter().find(|p| p.exists()) {
        Some(p) => IpDb::load(p),
        None => Err(IpDbError::Missing(
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )),
    }
}

static GLOBAL: OnceLock<Option<IpDb>> = OnceLock::new();

/// The shipped data, loaded on first use (about 60 ms, 17.6 MB); `None`, with one logged
/// warning, when it can't be read. In the window the engine thread asks first (the search text
/// of a row with a public peer), so the UI thread never waits for the load; a computer that
/// talks only to loopback and private peers never loads it.
pub fn global() -> Option<&'static IpDb> {
    GLOBAL
        .get_or_init(|| {
            load_default()
                .inspect_err(|e| log::warn!("remote organisations and countries unavailable: {e}"))
                .ok()
        })
        .as_ref()
}

/// Everything PortScope says of a remote address offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemoteInfo<'a> {
    /// What kind of network it is.
    pub scope: Scope,
    /// Organisation and country: only for a public address, never a database's guess about a
    /// special one.
    pub network: Network<'a>,
}

/// Describe `ip` from its scope and, for a public address, the data.
pub fn describe(db: Option<&IpDb>, ip: IpAddr) -> RemoteInfo<'_> {
    let scope = scope(ip);
    let network = match (scope, db) {
        (Scope::Public, Some(db)) => db.lookup(ip),
        _ => Network::default(),
    };
    RemoteInfo { scope, network }
}

/// Describe `ip` with the shipped data, which is loaded only once a public address asks for
/// it: a list of loopback and private peers never pays for the table.
pub fn remote(ip: IpAddr) -> RemoteInfo<'static> {
    match scope(ip) {
        Scope::Public => describe(global(), ip),
        scope => RemoteInfo {
            scope,
            network: Network::default(),
        },
    }
}

#[cfg(test)]
mod tests;
