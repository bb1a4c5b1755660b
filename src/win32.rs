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
