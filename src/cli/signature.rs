//! `portscope signature FILE… [--format text|json]`: the Authenticode signature of program files
//! (Windows), checked as the window and `list` check the programs behind sockets: the file's own
//! signature, else the system catalog that lists it; offline, without revocation checks. It
//! answers for a file, so it works where a socket's owner can't be named (under wine every
//! socket belongs to PID 0).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{CliError, output_error};
use crate::collector::provenance::signature::{Unsupported, check_file};
use crate::i18n::{Msg, Tr};
use crate::model::text::{path_text, show_invisible};
use crate::model::{Signature, SignatureStatus};
use crate::risk::text::signature_line;

/// Output format of `signature`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SignatureFormat {
    /// One line per file.
    Text,
    /// A JSON list: `[{"path", "status", "publisher", "reason", "catalog"}]`.
    Json,
}

/// Arguments of `signature`.
#[derive(Debug, Args)]
pub struct SignatureArgs {
    /// The files to check (programs, libraries).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SignatureFormat::Text)]
    pub format: SignatureFormat,
}

/// One file's answer as JSON.
#[derive(Debug, Serialize)]
pub struct SignatureReport {
    /// The file, as given.
    pub path: String,
    /// `valid`, `invalid`, `unsigned` or `unknown` (as `process.signature.status`).
    pub status: SignatureStatus,
    /// The signer's name, where a signature was read.
    pub publisher: Option<String>,
    /// Why it is `invalid` or `unknown`, e.g. `TRUST_E_BAD_DIGEST (0x80096010)`.
    pub reason: Option<String>,
    /// The signature is a system catalog's, not the file's own.
    pub catalog: bool,
}

impl SignatureReport {
    /// The report for `path`.
    pub fn new(path: &Path, s: Signature) -> Self {
        SignatureReport {
            path: path_text(path).into_owned(),
            status: s.status,
            publisher: s.publisher,
            reason: s.reason,
            catalog: s.catalog,
        }
    }
}

/// The text line for one file: "C:\x.exe: ✔ signed by Contoso".
pub fn text_line(path: &Path, s: &Signature, tr: &Tr) -> String {
    let shown = show_invisible(&path_text(path)).into_owned();
    tr.f(Msg::SignatureCliLine, &[&shown, &signature_line(s, tr).0])
}

/// Check each file and print the answers; where Authenticode does not exist, an error.
pub fn run(args: &SignatureArgs, tr: &Tr) -> Result<(), CliError> {
    let mut checked = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let signature = check_file(file)
            .map_err(|Unsupported| CliError::Failed(tr.t(Msg::SignatureUnsupported).to_owned()))?;
        checked.push((file, signature));
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        SignatureFormat::Text => checked
            .iter()
            .try_for_each(|(path, s)| writeln!(out, "{}", text_line(path, s, tr))),
        SignatureFormat::Json => {
            let reports: Vec<SignatureReport> = checked
                .into_iter()
                .map(|(path, s)| SignatureReport::new(path, s))
                .collect();
            serde_json::to_writer_pretty(&mut out, &reports)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
    };
    written.and_then(|()| out.flush()).map_err(output_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::fixtures::signature as sig;

    #[test]
    fn lines_and_json_name_the_verdict_and_escape_hostile_names() {
        let (en, zh) = (Tr::new(Lang::En), Tr::new(Lang::Zh));
        let path = Path::new(r"C:\Program Files\App\app.exe");
        let valid = sig(SignatureStatus::Valid, Some("Contoso\u{202e}exe.gpj"), None);
        assert_eq!(
            text_line(path, &valid, &en),
            r"C:\Program Files\App\app.exe: ✔ signed by Contoso\u{202e}exe.gpj"
        );
        assert!(text_line(path, &valid, &zh).contains("由 Contoso"));
        let bad = sig(
            SignatureStatus::Invalid,
            Some("Contoso"),
            Some("TRUST_E_BAD_DIGEST (0x80096010)"),
        );
        let line = text_line(path, &bad, &en);
        assert!(
            line.contains("does not verify: TRUST_E_BAD_DIGEST"),
            "{line}"
        );
        let json = serde_json::to_value(SignatureReport::new(path, bad)).unwrap();
        assert_eq!(json["status"], "invalid");
        assert_eq!(json["publisher"], "Contoso");
        assert_eq!(json["reason"], "TRUST_E_BAD_DIGEST (0x80096010)");
        assert_eq!(json["catalog"], false);
        let none = sig(SignatureStatus::Unsigned, None, None);
        assert_eq!(
            serde_json::to_value(SignatureReport::new(path, none)).unwrap()["status"],
            "unsigned"
        );
    }
}
