//! The Windows API calls PortScope makes, each wrapped in a small safe function: the console of
//! the CLI, the process token (elevation), one process handle for check-then-end, `WM_CLOSE` to
//! a program's windows, "run as administrator" and closing a TCP connection. This is the only
//! module with `unsafe` code; every block says why it is sound.
#![allow(unsafe_code)]

use std::ffi::{OsStr, c_void};
use std::net::SocketAddrV4;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use std::path::Path;

use windows_sys::Win32::Foundation::{
    ERROR_INVALID_PARAMETER, FILETIME, GetLastError, HANDLE, HWND, INVALID_HANDLE_VALUE, LPARAM,
    WAIT_OBJECT_0,
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
    GetCurrentProcess, GetProcessTimes, OpenProcess, OpenProcessToken, PROCESS_ACCESS_RIGHTS,
    PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_SYNCHRONIZE, PROCESS_TERMINATE, TerminateProcess,
    WaitForSingleObject,
};
use windows_sys::Win32::UI::Shell::ShellExecuteW;
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
