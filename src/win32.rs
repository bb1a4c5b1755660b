//! The Windows API calls PortScope makes, each wrapped in a small safe function: the console of
//! the CLI, the process token (elevation), one process handle for check-then-end, `WM_CLOSE` to
//! a program's windows, "run as administrator", closing a TCP connection and Authenticode
//! verification of a file (its own signature, or the system catalog's). This is the only
//! module with `unsafe` code; every block says why it is sound.
#![allow(unsafe_code)]

use std::ffi::{OsStr, c_void};
use std::net::SocketAddrV4;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use std::path::Path;

use windows_sys::Win32::Foundation::{
    ERROR_CANCELLED, ERROR_INVALID_PARAMETER, FILETIME, GetLastError, HANDLE, HWND,
    INVALID_HANDLE_VALUE, LPARAM, WAIT_OBJECT_0,
};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    GetPerTcpConnectionEStats, MIB_TCP_STATE_DELETE_TCB, MIB_TCP_STATE_ESTAB, MIB_TCPROW_LH,
    MIB_TCPROW_LH_0, SetPerTcpConnectionEStats, SetTcpEntry, TCP_ESTATS_DATA_ROD_v0,
    TCP_ESTATS_DATA_RW_v0, TcpConnectionEstatsData,
};
use windows_sys::Win32::Security::{
    GetTokenInformation, TOKEN_ELEVATION, TOKEN_QUERY, TokenElevation,
};
use windows_sys::Win32::Storage::FileSystem::{FILE_TYPE_UNKNOWN, GetFileType};
use windows_sys::Win32::System::Console::{
    ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE,
    STD_OUTPUT_HANDLE, SetStdHandle,
};
use windows_sys::Win32::System::Threading::{
    GetCurrentProcess, GetExitCodeProcess, GetProcessTimes, INFINITE, OpenProcess,
    OpenProcessToken, PROCESS_ACCESS_RIGHTS, PROCESS_QUERY_LIMITED_INFORMATION,
    PROCESS_SYNCHRONIZE, PROCESS_TERMINATE, TerminateProcess, WaitForSingleObject,
};
use windows_sys::Win32::UI::Shell::{
    SEE_MASK_FLAG_NO_UI, SEE_MASK_NOASYNC, SEE_MASK_NOCLOSEPROCESS, SHELLEXECUTEINFOW,
    ShellExecuteExW, ShellExecuteW,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    EnumWindows, GetWindowThreadProcessId, PostMessageW, SW_SHOWNORMAL, WM_CLOSE,
};
use windows_sys::core::BOOL;

/// A Windows error code (`GetLastError` or a returned status).
pub type Win32Error = u32;

/// The OS's own words for an error code.
pub fn error_text(code: Win32Error) -> String {
    std::io::Error::from_raw_os_error(i32::try_from(code).unwrap_or(i32::MAX)).to_string()
}

fn last_error() -> Win32Error {
    // SAFETY: GetLastError only reads this thread's last-error value.
    unsafe { GetLastError() }
}

/// True when `handle` leads somewhere (a console, file or pipe).
fn is_usable(handle: HANDLE) -> bool {
    if handle.is_null() || handle == INVALID_HANDLE_VALUE {
        return false;
    }
    // SAFETY: GetFileType only inspects the handle value; an invalid one gives FILE_TYPE_UNKNOWN.
    unsafe { GetFileType(handle) != FILE_TYPE_UNKNOWN }
}

fn std_handle(which: STD_HANDLE) -> HANDLE {
    // SAFETY: GetStdHandle takes a constant and returns a handle value that is not dereferenced.
    unsafe { GetStdHandle(which) }
}

/// The exe is a GUI program (no console of its own). For the CLI, write to the console of the
/// shell that started it (cmd, PowerShell), unless output already goes somewhere: a redirect to
/// a file or pipe stays as it is. Returns true when it attached.
pub fn attach_parent_console() -> bool {
    let out = std_handle(STD_OUTPUT_HANDLE);
    let err = std_handle(STD_ERROR_HANDLE);
    if is_usable(out) && is_usable(err) {
        return false;
    }
    // SAFETY: AttachConsole takes a process id constant and no pointers.
    if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
        return false;
    }
    // Attaching may replace the standard handles: put back any that were redirected.
    for (which, before) in [(STD_OUTPUT_HANDLE, out), (STD_ERROR_HANDLE, err)] {
        if is_usable(before) {
            // SAFETY: `before` is a handle this process already had as a standard handle.
            unsafe { SetStdHandle(which, before) };
        }
    }
    true
}

/// True when this process runs elevated (an administrator past UAC).
pub fn is_elevated() -> bool {
    let mut raw: HANDLE = std::ptr::null_mut();
    // SAFETY: GetCurrentProcess returns a pseudo-handle that needs no closing; `raw` is a valid
    // place for the token handle.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut raw) } == 0 {
        return false;
    }
    // SAFETY: OpenProcessToken succeeded, so `raw` is an open handle that we now own.
    let token = unsafe { OwnedHandle::from_raw_handle(raw) };
    let mut elevation = TOKEN_ELEVATION { TokenIsElevated: 0 };
    let mut len = 0u32;
    let size = u32::try_from(std::mem::size_of::<TOKEN_ELEVATION>()).unwrap_or(4);
    // SAFETY: the buffer is a TOKEN_ELEVATION of `size` bytes, as TokenElevation requires, and
    // `len` is a valid out pointer.
    let ok = unsafe {
        GetTokenInformation(
            token.as_raw_handle(),
            TokenElevation,
            (&raw mut elevation).cast::<c_void>(),
            size,
            &mut len,
        )
    };
    ok != 0 && elevation.TokenIsElevated != 0
}

fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(std::iter::once(0)).collect()
}

/// Start `exe` with `parameters` through the UAC prompt ("Run as administrator").
pub fn run_as_administrator(exe: &Path, parameters: &str) -> Result<(), Win32Error> {
    let verb = wide(OsStr::new("runas"));
    let file = wide(exe.as_os_str());
    let params = wide(OsStr::new(parameters));
    // SAFETY: every string is NUL-terminated UTF-16 that outlives the call; no window handle.
    let code = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            params.as_ptr(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    } as usize;
    // ShellExecute returns a value above 32 on success, an error code otherwise.
    if code > 32 {
        Ok(())
    } else {
        Err(u32::try_from(code).unwrap_or(u32::MAX))
    }
}

/// How an elevated run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elevated {
    /// It ran as administrator and exited with this code.
    Exited(u32),
    /// The user declined the administrator prompt (UAC): nothing ran.
    Declined,
}

/// Run `exe` with `parameters` as administrator through the UAC prompt, hidden, and wait for it
/// to end. `parameters` must be made only of fixed words and numbers (see `block::elevate`).
pub fn run_elevated_and_wait(exe: &Path, parameters: &str) -> Result<Elevated, Win32Error> {
    let verb = wide(OsStr::new("runas"));
    let file = wide(exe.as_os_str());
    let params = wide(OsStr::new(parameters));
    // SAFETY: SHELLEXECUTEINFOW is plain data; all-zero is its documented empty state.
    let mut info: SHELLEXECUTEINFOW = unsafe { std::mem::zeroed() };
    info.cbSize = u32::try_from(std::mem::size_of::<SHELLEXECUTEINFOW>()).unwrap_or(u32::MAX);
    info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI;
    info.lpVerb = verb.as_ptr();
    info.lpFile = file.as_ptr();
    info.lpParameters = params.as_ptr();
    info.nShow = 0; // SW_HIDE: the helper has nothing to show
    // SAFETY: `info` is initialised as the call requires; the strings outlive the call.
    if unsafe { ShellExecuteExW(&raw mut info) } == 0 {
        let code = last_error();
        return if code == ERROR_CANCELLED {
            Ok(Elevated::Declined)
        } else {
            Err(code)
        };
    }
    if info.hProcess.is_null() {
        return Err(ERROR_INVALID_PARAMETER);
    }
    // SAFETY: SEE_MASK_NOCLOSEPROCESS hands us the process handle, ours to close.
    let process = unsafe { OwnedHandle::from_raw_handle(info.hProcess) };
    let mut code = 0u32;
    // SAFETY: a valid process handle; waiting on it and reading its exit code.
    let ok = unsafe {
        WaitForSingleObject(process.as_raw_handle(), INFINITE) == WAIT_OBJECT_0
            && GetExitCodeProcess(process.as_raw_handle(), &raw mut code) != 0
    };
    if ok {
        Ok(Elevated::Exited(code))
    } else {
        Err(last_error())
    }
}

/// One open process handle: what is checked through it is what is ended through it.
pub struct Process {
    handle: OwnedHandle,
}

impl Process {
    /// Open `pid` for reading its times, waiting on it and, with `terminate`, ending it.
    pub fn open(pid: u32, terminate: bool) -> Result<Process, Win32Error> {
        let mut access: PROCESS_ACCESS_RIGHTS =
            PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_SYNCHRONIZE;
        if terminate {
            access |= PROCESS_TERMINATE;
        }
        // SAFETY: OpenProcess takes plain values; it returns null on failure.
        let raw = unsafe { OpenProcess(access, 0, pid) };
        if raw.is_null() {
            return Err(last_error());
        }
        // SAFETY: OpenProcess succeeded: `raw` is an open handle that we now own.
        let handle = unsafe { OwnedHandle::from_raw_handle(raw) };
        Ok(Process { handle })
    }

    /// When the process was created, as a FILETIME (100 ns since 1601) in one number.
    pub fn creation_time(&self) -> Option<u64> {
        let zero = FILETIME {
            dwLowDateTime: 0,
            dwHighDateTime: 0,
        };
        let (mut created, mut exited, mut kernel, mut user) = (zero, zero, zero, zero);
        // SAFETY: the handle is open with PROCESS_QUERY_LIMITED_INFORMATION; the four pointers
        // are valid FILETIMEs.
        let ok = unsafe {
            GetProcessTimes(
                self.handle.as_raw_handle(),
                &mut created,
                &mut exited,
                &mut kernel,
                &mut user,
            )
        };
        (ok != 0).then(|| filetime(created))
    }

    /// True when the process has ended (its handle is signalled).
    pub fn has_exited(&self) -> bool {
        // SAFETY: the handle is open with SYNCHRONIZE; a zero timeout never blocks.
        unsafe { WaitForSingleObject(self.handle.as_raw_handle(), 0) == WAIT_OBJECT_0 }
    }

    /// End the process at once (`TerminateProcess`, exit code 1).
    pub fn terminate(&self) -> Result<(), Win32Error> {
        // SAFETY: the handle was opened with PROCESS_TERMINATE (`open(pid, true)`).
        if unsafe { TerminateProcess(self.handle.as_raw_handle(), 1) } == 0 {
            Err(last_error())
        } else {
            Ok(())
        }
    }
}

/// A FILETIME as one 64-bit number.
pub fn filetime(t: FILETIME) -> u64 {
    (u64::from(t.dwHighDateTime) << 32) | u64::from(t.dwLowDateTime)
}

/// The creation time of `pid` (see `Process::creation_time`), where it can be read.
pub fn creation_time(pid: u32) -> Option<u64> {
    Process::open(pid, false).ok()?.creation_time()
}

/// State shared with the `EnumWindows` callback.
struct CloseWindows {
    pid: u32,
    posted: usize,
}

unsafe extern "system" fn close_if_owned(hwnd: HWND, lparam: LPARAM) -> BOOL {
    // SAFETY: `lparam` is the address of the `CloseWindows` that `ask_windows_to_close` keeps
    // alive (and borrows for nothing else) for the whole EnumWindows call.
    let state = unsafe { &mut *(lparam as *mut CloseWindows) };
    let mut owner = 0u32;
    // SAFETY: `hwnd` comes from EnumWindows; `owner` is a valid out pointer.
    unsafe { GetWindowThreadProcessId(hwnd, &mut owner) };
    // SAFETY: posting WM_CLOSE with no parameters to a window handle; a stale handle just fails.
    if owner == state.pid && unsafe { PostMessageW(hwnd, WM_CLOSE, 0, 0) } != 0 {
        state.posted += 1;
    }
    1
}

/// Ask `pid` to close as a user would: `WM_CLOSE` to each of its top-level windows. Returns how
/// many windows were asked; 0 for a program without windows.
pub fn ask_windows_to_close(pid: u32) -> usize {
    let mut state = CloseWindows { pid, posted: 0 };
    // SAFETY: the callback matches WNDENUMPROC and gets `state`'s address, valid until
    // EnumWindows returns (it calls back only during the call).
    unsafe { EnumWindows(Some(close_if_owned), (&raw mut state) as LPARAM) };
    state.posted
}

/// Why `delete_tcp_connection` failed.
#[derive(Debug, PartialEq, Eq)]
pub enum TcpDeleteError {
    /// Not elevated (Windows answers access denied, or 317 as SetTcpEntry does).
    AccessDenied,
    /// No such connection.
    NotFound,
    /// Anything else.
    Other(Win32Error),
}

/// Close one IPv4 TCP connection (`SetTcpEntry` with `MIB_TCP_STATE_DELETE_TCB`).
pub fn delete_tcp_connection(
    local: SocketAddrV4,
    remote: SocketAddrV4,
) -> Result<(), TcpDeleteError> {
    let row = tcp_row(MIB_TCP_STATE_DELETE_TCB, local, remote);
    // SAFETY: `row` is a fully initialised MIB_TCPROW that outlives the call.
    match unsafe { SetTcpEntry(&row) } {
        0 => Ok(()),
        // ERROR_ACCESS_DENIED, and ERROR_MR_MID_NOT_FOUND: SetTcpEntry's answer when not elevated.
        5 | 317 => Err(TcpDeleteError::AccessDenied),
        // ERROR_NOT_FOUND; ERROR_INVALID_PARAMETER for a row that matches no connection.
        1168 | ERROR_INVALID_PARAMETER => Err(TcpDeleteError::NotFound),
        code => Err(TcpDeleteError::Other(code)),
    }
}

/// The row that names one IPv4 TCP connection to the IP Helper API: addresses and ports in
/// network byte order, as the table lists them.
fn tcp_row(state: i32, local: SocketAddrV4, remote: SocketAddrV4) -> MIB_TCPROW_LH {
    MIB_TCPROW_LH {
        Anonymous: MIB_TCPROW_LH_0 { State: state },
        dwLocalAddr: u32::from_ne_bytes(local.ip().octets()),
        dwLocalPort: u32::from(local.port().to_be()),
        dwRemoteAddr: u32::from_ne_bytes(remote.ip().octets()),
        dwRemotePort: u32::from(remote.port().to_be()),
    }
}

/// The size `GetPerTcpConnectionEStats` writes for `TcpConnectionEstatsData`'s read-only
/// dynamic part (`collector/os/estats.rs` reads it; its `ROD_LEN` is the same, tested there).
pub const ESTATS_DATA_ROD_LEN: usize = std::mem::size_of::<TCP_ESTATS_DATA_ROD_v0>();

/// The buffer the statistics are written into, aligned as the structure is.
#[repr(C, align(8))]
struct RodBuffer([u8; ESTATS_DATA_ROD_LEN]);

/// Windows' extended data statistics of one IPv4 TCP connection (`GetPerTcpConnectionEStats`,
/// `TcpConnectionEstatsData`), as the bytes of `TCP_ESTATS_DATA_ROD_v0`. Collection is switched
/// on for the connection first (`SetPerTcpConnectionEStats`, which needs administrator rights),
/// so the counts start from the first poll that asked. `None` when Windows refuses.
pub fn tcp_connection_estats(
    local: SocketAddrV4,
    remote: SocketAddrV4,
) -> Option<[u8; ESTATS_DATA_ROD_LEN]> {
    let row = tcp_row(MIB_TCP_STATE_ESTAB, local, remote);
    let enable = TCP_ESTATS_DATA_RW_v0 {
        EnableCollection: true,
    };
    let rw_size = std::mem::size_of::<TCP_ESTATS_DATA_RW_v0>() as u32;
    // SAFETY: `row` and `enable` are initialised and outlive the call; the size is `enable`'s.
    let enabled = unsafe {
        SetPerTcpConnectionEStats(
            &row,
            TcpConnectionEstatsData,
            (&raw const enable).cast::<u8>(),
            0,
            rw_size,
            0,
        )
    };
    if enabled != 0 {
        return None;
    }
    let mut rod = RodBuffer([0; ESTATS_DATA_ROD_LEN]);
    // SAFETY: only the read-only dynamic part is asked for, into `rod`, aligned and of the
    // structure's size; the other parts are null with size 0, as the API allows.
    let read = unsafe {
        GetPerTcpConnectionEStats(
            &row,
            TcpConnectionEstatsData,
            std::ptr::null_mut(),
            0,
            0,
            std::ptr::null_mut(),
            0,
            0,
            rod.0.as_mut_ptr(),
            0,
            ESTATS_DATA_ROD_LEN as u32,
        )
    };
    (read == 0).then_some(rod.0)
}

// --- issue 16: Authenticode signatures ---

use windows_sys::Win32::Foundation::{
    TRUST_E_NOSIGNATURE, TRUST_E_PROVIDER_UNKNOWN, TRUST_E_SUBJECT_FORM_UNKNOWN,
};
use windows_sys::Win32::Security::Cryptography::Catalog::{
    CATALOG_INFO, CryptCATAdminAcquireContext, CryptCATAdminAcquireContext2,
    CryptCATAdminCalcHashFromFileHandle, CryptCATAdminCalcHashFromFileHandle2,
    CryptCATAdminEnumCatalogFromHash, CryptCATAdminReleaseCatalogContext,
    CryptCATAdminReleaseContext, CryptCATCatalogInfoFromContext,
};
use windows_sys::Win32::Security::Cryptography::{
    CERT_NAME_SIMPLE_DISPLAY_TYPE, CertGetNameStringW,
};
use windows_sys::Win32::Security::WinTrust::{
    WINTRUST_ACTION_GENERIC_VERIFY_V2, WINTRUST_CATALOG_INFO, WINTRUST_DATA,
    WINTRUST_DATA_UNION_CHOICE, WINTRUST_FILE_INFO, WTD_CACHE_ONLY_URL_RETRIEVAL,
    WTD_CHOICE_CATALOG, WTD_CHOICE_FILE, WTD_REVOKE_NONE, WTD_STATEACTION_CLOSE,
    WTD_STATEACTION_VERIFY, WTD_UI_NONE, WTD_UICONTEXT_EXECUTE, WTHelperGetProvSignerFromChain,
    WTHelperProvDataFromStateData, WinVerifyTrust,
};
use windows_sys::core::HRESULT;

/// One `WinVerifyTrust` answer: its `HRESULT` and the signer's name where a signature was read.
#[derive(Clone, Debug)]
pub struct TrustAnswer {
    /// The `HRESULT` (0: verified and trusted).
    pub code: HRESULT,
    /// The signer certificate's simple display name.
    pub publisher: Option<String>,
}

/// What Windows says of a file's signatures: its own (`embedded`) and, when it carries none, the
/// catalog's that lists its hash (`catalog`; `None` when no catalog does). What the codes mean
/// is decided by `collector::provenance::signature::classify`.
#[derive(Clone, Debug)]
pub struct Authenticode {
    /// `WinVerifyTrust` over the file's embedded signature.
    pub embedded: TrustAnswer,
    /// `WinVerifyTrust` over the catalog member, where a catalog lists the file's hash.
    pub catalog: Option<TrustAnswer>,
}

fn struct_size<T>() -> u32 {
    u32::try_from(std::mem::size_of::<T>()).unwrap_or(u32::MAX)
}

/// `HRESULT_FROM_WIN32`.
fn hresult_of(error: Win32Error) -> HRESULT {
    if error == 0 {
        return 0;
    }
    ((error & 0xFFFF) | 0x8007_0000).cast_signed()
}

/// A `WINTRUST_DATA` that never shows UI, checks no revocation and never goes online.
fn trust_data(choice: WINTRUST_DATA_UNION_CHOICE) -> WINTRUST_DATA {
    WINTRUST_DATA {
        cbStruct: struct_size::<WINTRUST_DATA>(),
        dwUIChoice: WTD_UI_NONE,
        fdwRevocationChecks: WTD_REVOKE_NONE,
        dwUnionChoice: choice,
        dwProvFlags: WTD_CACHE_ONLY_URL_RETRIEVAL,
        dwUIContext: WTD_UICONTEXT_EXECUTE,
        ..Default::default()
    }
}

/// Run `WinVerifyTrust` (generic Authenticode policy) over `data`, whose union member points
/// at a live structure, read the signer's name from its state and always close the state.
fn verify_trust(data: &mut WINTRUST_DATA) -> TrustAnswer {
    data.dwStateAction = WTD_STATEACTION_VERIFY;
    let code = win_verify_trust(data);
    let publisher = signer_name(data.hWVTStateData);
    // Always done, whatever the verify call answered: frees the state it left in `data`.
    data.dwStateAction = WTD_STATEACTION_CLOSE;
    win_verify_trust(data);
    TrustAnswer { code, publisher }
}

fn win_verify_trust(data: &mut WINTRUST_DATA) -> HRESULT {
    let mut action = WINTRUST_ACTION_GENERIC_VERIFY_V2;
    let raw: *mut WINTRUST_DATA = data;
    // SAFETY: `raw` points at a filled WINTRUST_DATA (cbStruct set); its union member and the
    // strings it points to are owned by the caller and outlive this call. No window is given
    // (and WTD_UI_NONE): nothing is shown.
    unsafe { WinVerifyTrust(std::ptr::null_mut(), &mut action, raw.cast()) }
}

/// The first signer's certificate's simple display name from a `WinVerifyTrust` state.
fn signer_name(state: HANDLE) -> Option<String> {
    if state.is_null() {
        return None;
    }
    // SAFETY: `state` is the open state handle of a verify call; the provider data it gives
    // lives until the state is closed, after this function returns.
    let provider = unsafe { WTHelperProvDataFromStateData(state) };
    if provider.is_null() {
        return None;
    }
    // SAFETY: `provider` is live (above); signer 0, no countersigner.
    let signer = unsafe { WTHelperGetProvSignerFromChain(provider, 0, 0, 0) };
    if signer.is_null() {
        return None;
    }
    // SAFETY: non-null, pointing into the provider data, read only.
    let signer = unsafe { &*signer };
    if signer.csCertChain == 0 || signer.pasCertChain.is_null() {
        return None;
    }
    // SAFETY: the chain has at least one element (checked); element 0 is the signer's own.
    let cert = unsafe { (*signer.pasCertChain).pCert };
    if cert.is_null() {
        return None;
    }
    let name = |buffer: *mut u16, len: u32| {
        // SAFETY: `cert` is a live CERT_CONTEXT; `buffer` is null (asking the length) or holds
        // `len` u16s.
        unsafe {
            CertGetNameStringW(
                cert,
                CERT_NAME_SIMPLE_DISPLAY_TYPE,
                0,
                std::ptr::null(),
                buffer,
                len,
            )
        }
    };
    let len = name(std::ptr::null_mut(), 0);
    if len <= 1 {
        return None;
    }
    let mut buffer = vec![0u16; usize::try_from(len).ok()?];
    let written = name(buffer.as_mut_ptr(), len);
    buffer.truncate(usize::try_from(written.saturating_sub(1)).ok()?);
    Some(String::from_utf16_lossy(&buffer))
}

/// A catalog administrator context, released on drop. `legacy`: acquired through the first
/// API (SHA-1 only), where `CryptCATAdminAcquireContext2` is not there (wine 8 has it as a stub).
struct CatAdmin {
    handle: isize,
    legacy: bool,
}

impl CatAdmin {
    /// A context for `algorithm` ("SHA256", "SHA1"); for SHA-1, the first API if the second
    /// fails.
    fn acquire(algorithm: &str) -> Option<CatAdmin> {
        let name = wide(OsStr::new(algorithm));
        let mut handle = 0isize;
        // SAFETY: out-pointer to a local; the algorithm name is a NUL-terminated wide string;
        // the default subsystem and no strong-hash policy (null).
        let ok = unsafe {
            CryptCATAdminAcquireContext2(
                &mut handle,
                std::ptr::null(),
                name.as_ptr(),
                std::ptr::null(),
                0,
            )
        };
        if ok != 0 {
            return Some(CatAdmin {
                handle,
                legacy: false,
            });
        }
        if algorithm != "SHA1" {
            return None;
        }
        // SAFETY: out-pointer to a local; the default subsystem (null).
        let ok = unsafe { CryptCATAdminAcquireContext(&mut handle, std::ptr::null(), 0) };
        (ok != 0).then_some(CatAdmin {
            handle,
            legacy: true,
        })
    }
}

impl Drop for CatAdmin {
    fn drop(&mut self) {
        // SAFETY: a context CryptCATAdminAcquireContext(2) gave, released once.
        unsafe { CryptCATAdminReleaseContext(self.handle, 0) };
    }
}

/// A catalog found for a hash, released on drop (before its administrator context).
struct CatInfo<'a>(&'a CatAdmin, isize);

impl Drop for CatInfo<'_> {
    fn drop(&mut self) {
        // SAFETY: a catalog context CryptCATAdminEnumCatalogFromHash gave for this admin context.
        unsafe { CryptCATAdminReleaseCatalogContext(self.0.handle, self.1, 0) };
    }
}

fn rewind(file: &std::fs::File) -> Option<()> {
    use std::io::Seek as _;
    let mut f = file;
    f.seek(std::io::SeekFrom::Start(0)).ok().map(drop)
}

/// The file's hash as the catalog administrator `admin` computes it.
fn catalog_hash(admin: &CatAdmin, file: &std::fs::File) -> Option<Vec<u8>> {
    rewind(file)?;
    let mut hash = vec![0u8; 64]; // SHA-256 is 32 bytes, SHA-1 20
    let mut len = struct_size::<[u8; 64]>();
    // SAFETY: `hash` holds `len` bytes; the file handle is open for reading.
    let ok = unsafe {
        if admin.legacy {
            CryptCATAdminCalcHashFromFileHandle(
                file.as_raw_handle(),
                &mut len,
                hash.as_mut_ptr(),
                0,
            )
        } else {
            CryptCATAdminCalcHashFromFileHandle2(
                admin.handle,
                file.as_raw_handle(),
                &mut len,
                hash.as_mut_ptr(),
                0,
            )
        }
    };
    if ok == 0 {
        return None;
    }
    hash.truncate(usize::try_from(len).ok()?);
    Some(hash)
}

/// The answer of the catalog that lists the file's hash (SHA-256 first, then SHA-1, as older
/// catalogs use); `None` when no catalog does.
fn catalog_check(path: &[u16], file: &std::fs::File) -> Option<TrustAnswer> {
    for algorithm in ["SHA256", "SHA1"] {
        let Some(admin) = CatAdmin::acquire(algorithm) else {
            continue;
        };
        let Some(mut hash) = catalog_hash(&admin, file) else {
            continue;
        };
        let hash_len = u32::try_from(hash.len()).unwrap_or(0);
        // SAFETY: `hash` holds `hash_len` bytes; no previous catalog (start of the search).
        let found = unsafe {
            CryptCATAdminEnumCatalogFromHash(
                admin.handle,
                hash.as_ptr(),
                hash_len,
                0,
                std::ptr::null_mut(),
            )
        };
        if found == 0 {
            continue;
        }
        let info = CatInfo(&admin, found);
        let mut catalog = CATALOG_INFO {
            cbStruct: struct_size::<CATALOG_INFO>(),
            wszCatalogFile: [0; 260],
        };
        // SAFETY: a live catalog context and a CATALOG_INFO with cbStruct set.
        if unsafe { CryptCATCatalogInfoFromContext(info.1, &mut catalog, 0) } == 0 {
            return Some(TrustAnswer {
                code: hresult_of(last_error()),
                publisher: None,
            });
        }
        let tag: Vec<u16> = hash
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
            .encode_utf16()
            .chain(std::iter::once(0))
            .collect();
        rewind(file)?;
        let mut member = WINTRUST_CATALOG_INFO {
            cbStruct: struct_size::<WINTRUST_CATALOG_INFO>(),
            dwCatalogVersion: 0,
            pcwszCatalogFilePath: catalog.wszCatalogFile.as_ptr(),
            pcwszMemberTag: tag.as_ptr(),
            pcwszMemberFilePath: path.as_ptr(),
            hMemberFile: file.as_raw_handle(),
            pbCalculatedFileHash: hash.as_mut_ptr(),
            cbCalculatedFileHash: hash_len,
            pcCatalogContext: std::ptr::null_mut(),
            hCatAdmin: admin.handle,
        };
        let mut data = trust_data(WTD_CHOICE_CATALOG);
        data.Anonymous.pCatalog = &mut member;
        let answer = verify_trust(&mut data);
        drop(info);
        return Some(answer);
    }
    None
}

/// Authenticode verification of the file at `path`: its embedded signature, and when it has
/// none, the system catalog that lists its hash. Offline (cached URLs only), no revocation
/// check, no UI. `Err` when the file can't be opened: why, in the OS's words.
pub fn authenticode(path: &Path) -> Result<Authenticode, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let wide_path = wide(path.as_os_str());
    let mut info = WINTRUST_FILE_INFO {
        cbStruct: struct_size::<WINTRUST_FILE_INFO>(),
        pcwszFilePath: wide_path.as_ptr(),
        hFile: file.as_raw_handle(),
        pgKnownSubject: std::ptr::null_mut(),
    };
    let mut data = trust_data(WTD_CHOICE_FILE);
    data.Anonymous.pFile = &mut info;
    let embedded = verify_trust(&mut data);
    let unsigned = matches!(
        embedded.code,
        TRUST_E_NOSIGNATURE | TRUST_E_SUBJECT_FORM_UNKNOWN | TRUST_E_PROVIDER_UNKNOWN
    );
    let catalog = if unsigned {
        catalog_check(&wide_path, &file)
    } else {
        None
    };
    Ok(Authenticode { embedded, catalog })
}

// --- issue 18: autostart (Run/RunOnce registry values) ---

/// A registry hive PortScope reads Run keys from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hive {
    /// `HKEY_CURRENT_USER`.
    CurrentUser,
    /// `HKEY_LOCAL_MACHINE`.
    LocalMachine,
}

/// One registry value: its name (UTF-16, exactly), type and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegValue {
    /// The value's name as UTF-16 units.
    pub name: Vec<u16>,
    /// `REG_SZ`, `REG_EXPAND_SZ`, `REG_DWORD`, …
    pub kind: u32,
    /// The raw data.
    pub bytes: Vec<u8>,
}

/// The largest value read (a Run command is a path and a few arguments).
const MAX_VALUE_BYTES: u32 = 1024 * 1024;

/// An open registry key, closed on drop.
struct RegKey(windows_sys::Win32::System::Registry::HKEY);

impl Drop for RegKey {
    fn drop(&mut self) {
        // SAFETY: the key was opened by RegOpenKeyExW and is closed once, here.
        unsafe { windows_sys::Win32::System::Registry::RegCloseKey(self.0) };
    }
}

fn wide_units(units: &[u16]) -> Vec<u16> {
    units.iter().copied().chain(std::iter::once(0)).collect()
}

/// Open `subkey` of `hive` for `access`; `None` when it does not exist.
fn reg_open(hive: Hive, subkey: &str, access: u32) -> Result<Option<RegKey>, Win32Error> {
    use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{
        HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, RegOpenKeyExW,
    };
    let root = match hive {
        Hive::CurrentUser => HKEY_CURRENT_USER,
        Hive::LocalMachine => HKEY_LOCAL_MACHINE,
    };
    let path = wide(OsStr::new(subkey));
    let mut key = std::ptr::null_mut();
    // SAFETY: `path` is NUL-terminated and outlives the call; `key` receives the handle.
    let status = unsafe { RegOpenKeyExW(root, path.as_ptr(), 0, access, &mut key) };
    match status {
        ERROR_SUCCESS => Ok(Some(RegKey(key))),
        ERROR_FILE_NOT_FOUND => Ok(None),
        e => Err(e),
    }
}

/// Every value of `subkey` (none when the key is missing). Values larger than 1 MiB are skipped.
pub fn reg_values(hive: Hive, subkey: &str) -> Result<Vec<RegValue>, Win32Error> {
    use windows_sys::Win32::Foundation::{ERROR_MORE_DATA, ERROR_NO_MORE_ITEMS, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{KEY_QUERY_VALUE, RegEnumValueW};
    let Some(key) = reg_open(hive, subkey, KEY_QUERY_VALUE)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut index = 0u32;
    let mut data = vec![0u8; 64 * 1024];
    loop {
        // Value names are at most 16,383 characters.
        let mut name = vec![0u16; 16_384];
        let mut name_len = 16_384u32;
        let mut kind = 0u32;
        let mut data_len = u32::try_from(data.len()).unwrap_or(u32::MAX);
        // SAFETY: every pointer is to a live buffer whose length is passed beside it.
        let status = unsafe {
            RegEnumValueW(
                key.0,
                index,
                name.as_mut_ptr(),
                &mut name_len,
                std::ptr::null(),
                &mut kind,
                data.as_mut_ptr(),
                &mut data_len,
            )
        };
        match status {
            ERROR_SUCCESS => {
                name.truncate(name_len as usize);
                out.push(RegValue {
                    name,
                    kind,
                    bytes: data[..data_len as usize].to_vec(),
                });
                index += 1;
            }
            ERROR_MORE_DATA if data_len <= MAX_VALUE_BYTES && data.len() < data_len as usize => {
                data.resize(data_len as usize, 0); // the same index again, with room
            }
            ERROR_MORE_DATA => index += 1,
            ERROR_NO_MORE_ITEMS => return Ok(out),
            e => return Err(e),
        }
    }
}

/// The value `name` of `subkey`, or `None` when it (or the key) is missing.
pub fn reg_value(hive: Hive, subkey: &str, name: &[u16]) -> Result<Option<RegValue>, Win32Error> {
    use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{KEY_QUERY_VALUE, RegQueryValueExW};
    let Some(key) = reg_open(hive, subkey, KEY_QUERY_VALUE)? else {
        return Ok(None);
    };
    let value = wide_units(name);
    let mut kind = 0u32;
    let mut len = 0u32;
    // SAFETY: a size query: no data pointer, `len` receives the size.
    let status = unsafe {
        RegQueryValueExW(
            key.0,
            value.as_ptr(),
            std::ptr::null(),
            &mut kind,
            std::ptr::null_mut(),
            &mut len,
        )
    };
    match status {
        ERROR_SUCCESS if len <= MAX_VALUE_BYTES => {}
        ERROR_SUCCESS => return Err(windows_sys::Win32::Foundation::ERROR_MORE_DATA),
        ERROR_FILE_NOT_FOUND => return Ok(None),
        e => return Err(e),
    }
    let mut bytes = vec![0u8; len as usize];
    // SAFETY: `bytes` has `len` bytes of room, as passed.
    let status = unsafe {
        RegQueryValueExW(
            key.0,
            value.as_ptr(),
            std::ptr::null(),
            &mut kind,
            bytes.as_mut_ptr(),
            &mut len,
        )
    };
    match status {
        ERROR_SUCCESS => {
            bytes.truncate(len as usize);
            Ok(Some(RegValue {
                name: name.to_vec(),
                kind,
                bytes,
            }))
        }
        ERROR_FILE_NOT_FOUND => Ok(None),
        e => Err(e),
    }
}

/// Write `value` into the existing key `subkey`, exactly (its type and bytes).
pub fn reg_set(hive: Hive, subkey: &str, value: &RegValue) -> Result<(), Win32Error> {
    use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{KEY_SET_VALUE, RegSetValueExW};
    let key = reg_open(hive, subkey, KEY_SET_VALUE)?.ok_or(ERROR_FILE_NOT_FOUND)?;
    let name = wide_units(&value.name);
    let len = u32::try_from(value.bytes.len())
        .map_err(|_| windows_sys::Win32::Foundation::ERROR_MORE_DATA)?;
    // SAFETY: `name` is NUL-terminated; `bytes` holds `len` bytes; both outlive the call.
    let status = unsafe {
        RegSetValueExW(
            key.0,
            name.as_ptr(),
            0,
            value.kind,
            value.bytes.as_ptr(),
            len,
        )
    };
    if status == ERROR_SUCCESS {
        Ok(())
    } else {
        Err(status)
    }
}

/// Delete the value `name` of `subkey` (already gone: fine).
pub fn reg_delete(hive: Hive, subkey: &str, name: &[u16]) -> Result<(), Win32Error> {
    use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{KEY_SET_VALUE, RegDeleteValueW};
    let Some(key) = reg_open(hive, subkey, KEY_SET_VALUE)? else {
        return Ok(());
    };
    let name = wide_units(name);
    // SAFETY: `name` is NUL-terminated and outlives the call.
    let status = unsafe { RegDeleteValueW(key.0, name.as_ptr()) };
    match status {
        ERROR_SUCCESS | ERROR_FILE_NOT_FOUND => Ok(()),
        e => Err(e),
    }
}

/// The names of the subkeys of `subkey` (none when it is missing).
pub fn reg_subkeys(hive: Hive, subkey: &str) -> Result<Vec<String>, Win32Error> {
    use windows_sys::Win32::Foundation::{ERROR_NO_MORE_ITEMS, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{KEY_ENUMERATE_SUB_KEYS, RegEnumKeyExW};
    let Some(key) = reg_open(hive, subkey, KEY_ENUMERATE_SUB_KEYS)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for index in 0u32.. {
        // Key names are at most 255 characters.
        let mut name = [0u16; 256];
        let mut len = 256u32;
        // SAFETY: `name` has `len` units of room; class and time are not asked for (null).
        let status = unsafe {
            RegEnumKeyExW(
                key.0,
                index,
                name.as_mut_ptr(),
                &mut len,
                std::ptr::null(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        match status {
            ERROR_SUCCESS => out.push(String::from_utf16_lossy(&name[..len as usize])),
            ERROR_NO_MORE_ITEMS => break,
            e => return Err(e),
        }
    }
    Ok(out)
}

/// The service control manager, closed on drop.
struct ServiceManager(windows_sys::Win32::System::Services::SC_HANDLE);

impl Drop for ServiceManager {
    fn drop(&mut self) {
        // SAFETY: the handle came from OpenSCManagerW, is not null and is closed only here.
        unsafe { windows_sys::Win32::System::Services::CloseServiceHandle(self.0) };
    }
}

/// A NUL-terminated UTF-16 string (lossy: a service name is the system's, not a path).
///
/// # Safety
/// `p` is null or points to a NUL-terminated UTF-16 string that stays alive during the call.
unsafe fn wide_string(p: *const u16) -> String {
    if p.is_null() {
        return String::new();
    }
    let mut len = 0;
    // SAFETY: the caller's promise: every unit up to and including the NUL is readable.
    while unsafe { *p.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: the `len` units before the NUL are readable, as just walked.
    String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Every running Win32 service and the process it runs in, as `EnumServicesStatusExW`
/// (`SC_ENUM_PROCESS_INFO`) answers: `(process id, service name)`. Needs no administrator
/// rights (`SC_MANAGER_ENUMERATE_SERVICE` is granted to every signed-in user).
pub fn running_services() -> Result<Vec<(u32, String)>, Win32Error> {
    use windows_sys::Win32::Foundation::ERROR_MORE_DATA;
    use windows_sys::Win32::System::Services::{
        ENUM_SERVICE_STATUS_PROCESSW, EnumServicesStatusExW, OpenSCManagerW, SC_ENUM_PROCESS_INFO,
        SC_MANAGER_ENUMERATE_SERVICE, SERVICE_ACTIVE, SERVICE_WIN32,
    };
    // SAFETY: null machine and database names mean this computer's active database.
    let handle = unsafe {
        OpenSCManagerW(
            std::ptr::null(),
            std::ptr::null(),
            SC_MANAGER_ENUMERATE_SERVICE,
        )
    };
    if handle.is_null() {
        return Err(last_error());
    }
    let manager = ServiceManager(handle);
    let entry = std::mem::size_of::<ENUM_SERVICE_STATUS_PROCESSW>();
    // u64 elements: the buffer is aligned for the entries' pointers.
    let mut buffer: Vec<u64> = vec![0; 64 * 1024 / 8];
    let mut out = Vec::new();
    let mut resume = 0u32;
    loop {
        let (mut needed, mut returned) = (0u32, 0u32);
        let size = u32::try_from(buffer.len() * 8).unwrap_or(u32::MAX);
        // SAFETY: `buffer` is writable for `size` bytes and aligned for the entries; the counts
        // and the resume handle are valid for writes; no group name filters.
        let ok = unsafe {
            EnumServicesStatusExW(
                manager.0,
                SC_ENUM_PROCESS_INFO,
                SERVICE_WIN32,
                SERVICE_ACTIVE,
                buffer.as_mut_ptr().cast::<u8>(),
                size,
                &mut needed,
                &mut returned,
                &mut resume,
                std::ptr::null(),
            )
        };
        let more = ok == 0 && last_error() == ERROR_MORE_DATA;
        if ok == 0 && !more {
            return Err(last_error());
        }
        let entries = buffer.as_ptr().cast::<ENUM_SERVICE_STATUS_PROCESSW>();
        for i in 0..(returned as usize).min(buffer.len() * 8 / entry) {
            // SAFETY: Windows wrote `returned` entries at the start of the buffer; their names
            // point into the same buffer, which lives until the next call.
            let (pid, name) = unsafe {
                let e = &*entries.add(i);
                (
                    e.ServiceStatusProcess.dwProcessId,
                    wide_string(e.lpServiceName),
                )
            };
            out.push((pid, name));
        }
        if !more {
            return Ok(out);
        }
        // Room for what is left (Windows says how much), then the next part from `resume`.
        let wanted = (needed as usize).div_ceil(8);
        if wanted > buffer.len() {
            buffer.resize(wanted.min(16 * 1024 * 1024 / 8), 0);
        }
    }
}

#[cfg(test)]
mod tests {
    /// Every Windows (and wine) runs services, each in a process: the list has names and
    /// process ids, and the services of one process are found together.
    #[test]
    fn running_services_name_their_processes() {
        let running = super::running_services().expect("EnumServicesStatusExW");
        assert!(!running.is_empty(), "no services running");
        assert!(running.iter().all(|(_, name)| !name.is_empty()));
        assert!(running.iter().any(|&(pid, _)| pid != 0), "{running:?}");
        println!("{running:?}");
    }
}
