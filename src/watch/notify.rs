//! Desktop notifications through the OS (freedesktop D-Bus on Linux, toast on Windows,
//! Notification Center on macOS), so alerts reach the user with the window minimised.

use std::borrow::Cow;

/// Send one notification. Errors are returned for the caller to log; they are never fatal.
///
/// The body names programs, whose names anyone may choose. A freedesktop daemon that lists
/// `body-markup` reads the body as markup, so a program named `<b>x</b>` would show in bold and
/// one named `a&b<c` would make the daemon fail to parse it: there the body is escaped
/// ([`body_markup`]). A daemon without that capability shows the body as it is, per the
/// specification, and Windows and macOS have no markup. The summary is plain text everywhere.
pub fn send(summary: &str, body: &str) -> Result<(), String> {
    let body = if reads_body_as_markup() {
        body_markup(body)
    } else {
        Cow::Borrowed(body)
    };
    notify_rust::Notification::new()
        .appname("PortScope")
        .summary(summary)
        .body(&body)
        .show()
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Asked at each notification (they are rare, and the daemon may be replaced meanwhile). If the
/// daemon cannot say, the body is escaped: a visible `&amp;` is better than a name that acts.
#[cfg(all(unix, not(target_os = "macos")))]
fn reads_body_as_markup() -> bool {
    notify_rust::get_capabilities().map_or(true, |caps| caps.iter().any(|c| c == "body-markup"))
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn reads_body_as_markup() -> bool {
    false
}

/// `text` escaped for the freedesktop notification body markup: `&`, `<` and `>` become
/// entities, so the daemon shows them as the characters they are.
pub fn body_markup(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            body_markup("“<b>x</b>a&b<c” on TCP"),
            "“&lt;b&gt;x&lt;/b&gt;a&amp;b&lt;c” on TCP"
        );
        assert!(matches!(body_markup("sshd on 22"), Cow::Borrowed(_)));
    }
}
