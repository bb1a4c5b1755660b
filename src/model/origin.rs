//! Where a program comes from (issue 16): the package that installed its file and whether the
//! running image is still that file, the service unit and the container it runs in, and the chain
//! of processes that started it. Plain data; `collector::provenance` reads it from the OS.

use serde::{Deserialize, Serialize};

/// The package manager (or bundle format) a program's file comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    /// Debian's dpkg (`/var/lib/dpkg`).
    Dpkg,
    /// RPM (`rpm -qf`).
    Rpm,
    /// A Snap (`/snap/<name>/…`).
    Snap,
    /// A Flatpak (`/proc/<pid>/root/.flatpak-info`).
    Flatpak,
    /// An AppImage (mounted at `/tmp/.mount_*`).
    #[serde(rename = "appimage")]
    AppImage,
}

impl PackageManager {
    /// The contract name, e.g. `dpkg`.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Dpkg => "dpkg",
            PackageManager::Rpm => "rpm",
            PackageManager::Snap => "snap",
            PackageManager::Flatpak => "flatpak",
            PackageManager::AppImage => "appimage",
        }
    }
}

/// The package a program's file belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Package {
    /// Who installed it.
    pub manager: PackageManager,
    /// The package's name (dpkg: with `:arch` where the database names it so).
    pub name: String,
    /// The installed version, where known.
    pub version: Option<String>,
    /// `Some(true)`: the running image is exactly the file the package installed; `Some(false)`:
    /// it differs; `None`: not (yet) checked, or it could not be.
    pub verified: Option<bool>,
    /// The digest the package recorded for the file (lowercase hex), where it records one.
    pub expected_digest: Option<String>,
    /// The digest of the running image (lowercase hex), once computed.
    pub actual_digest: Option<String>,
    /// For a program whose file was replaced on disk since it started (an update), whether the
    /// file now at its path is exactly what the package installed: `Some(true)` proves the
    /// update, `Some(false)` says the new file is not the package's; `None`: not replaced, or
    /// not (yet) checked.
    pub update_verified: Option<bool>,
}

impl Package {
    /// True when the running image differs from what the package installed.
    pub fn is_modified(&self) -> bool {
        self.verified == Some(false)
    }
}

/// A container runtime, recognised from the cgroup path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerRuntime {
    /// Docker (`docker-<id>.scope`, `/docker/<id>`).
    Docker,
    /// Podman (`libpod-<id>.scope`).
    Podman,
    /// containerd without Kubernetes (`cri-containerd-<id>.scope`).
    Containerd,
    /// A Kubernetes pod (`kubepods…`).
    Kubernetes,
    /// LXC (`/lxc/<name>`, `lxc.payload.<name>`).
    Lxc,
}

impl ContainerRuntime {
    /// The contract name, e.g. `docker`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerRuntime::Docker => "docker",
            ContainerRuntime::Podman => "podman",
            ContainerRuntime::Containerd => "containerd",
            ContainerRuntime::Kubernetes => "kubernetes",
            ContainerRuntime::Lxc => "lxc",
        }
    }
}

/// The container a process runs in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Container {
    /// Its runtime.
    pub runtime: ContainerRuntime,
    /// The container's id (a 64-hex id for Docker/Podman/containerd, the name for LXC).
    pub id: String,
    /// Its name, where the runtime's own files say it without asking a daemon.
    pub name: Option<String>,
}

impl Container {
    /// The id as people quote it: the first 12 characters of a long hex id.
    pub fn short_id(&self) -> &str {
        let hex = self.id.len() > 12 && self.id.bytes().all(|b| b.is_ascii_hexdigit());
        if hex { &self.id[..12] } else { &self.id }
    }
}

/// What an Authenticode check of a program's file found (Windows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureStatus {
    /// Signed (in the file or in a system catalog), and the signature verifies and is trusted.
    Valid,
    /// A signature is there but does not verify against the file (the file was changed after it
    /// was signed), or its certificate is revoked or explicitly distrusted.
    Invalid,
    /// No signature in the file and none in a catalog.
    Unsigned,
    /// Can't be told: the file can't be read, an API failed, or the signature verifies but its
    /// certificate is not trusted here (an unknown root, expired): none of which proves tampering.
    Unknown,
}

impl SignatureStatus {
    /// The contract name, e.g. `valid`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "valid",
            SignatureStatus::Invalid => "invalid",
            SignatureStatus::Unsigned => "unsigned",
            SignatureStatus::Unknown => "unknown",
        }
    }
}

/// The signature of a program's file (Windows Authenticode).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    /// The verdict.
    pub status: SignatureStatus,
    /// The signer's name from its certificate (may be hostile text), where a signature was read.
    pub publisher: Option<String>,
    /// Why it is `invalid` or `unknown`: the API's code by name, e.g.
    /// `TRUST_E_BAD_DIGEST (0x80096010)`.
    pub reason: Option<String>,
    /// The signature comes from a system catalog, not from the file itself.
    pub catalog: bool,
}

/// One process in a launch chain.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ancestor {
    /// Its PID.
    pub pid: u32,
    /// Its name (may be hostile text).
    pub name: String,
}

/// Everything known about where a program comes from. The default knows nothing (not even
/// whether a package has the file: `package_unknown`), as on a system PortScope can't ask.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The package its file belongs to; `None` when it belongs to none (or, while
    /// `package_pending`, until the lookup answers).
    pub package: Option<Package>,
    /// The package lookup has not answered yet (shown as "checking…").
    pub package_pending: bool,
    /// Whether the file belongs to a package can't be told (the image or the database can't be
    /// read, or it runs under another root, as in a container).
    pub package_unknown: bool,
    /// The service units (Linux: the systemd unit from the cgroup) it belongs to.
    pub services: Vec<String>,
    /// Those units are a user's own (run by that uid's `systemd --user`), not the system's.
    pub user_unit_of: Option<u32>,
    /// The container it runs in.
    pub container: Option<Container>,
    /// The processes that started it, nearest first, up to PID 1 or a service manager.
    pub ancestry: Vec<Ancestor>,
    /// The file's signature (Windows); `None` elsewhere, or while `signature_pending`.
    pub signature: Option<Signature>,
    /// The signature check has not answered yet (shown as "checking…").
    pub signature_pending: bool,
}

impl Default for Origin {
    fn default() -> Self {
        Origin {
            package: None,
            package_pending: false,
            package_unknown: true,
            services: Vec::new(),
            user_unit_of: None,
            container: None,
            ancestry: Vec::new(),
            signature: None,
            signature_pending: false,
        }
    }
}
