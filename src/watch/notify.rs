//! Desktop notifications through the OS (freedesktop D-Bus on Linux, toast on Windows,
//! Notification Center on macOS), so alerts reach the user with the window minimised.

/// Send one notification. Errors are returned for the caller to log; they are never fatal.
pub fn send(summary: &str, body: &str) -> Result<(), String> {
    notify_rust::Notification::new()
        .appname("PortScope")
        .summary(summary)
        .body(body)
        .show()
        .map(|_| ())
        .map_err(|e| e.to_string())
}
