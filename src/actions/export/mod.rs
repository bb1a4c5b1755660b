//! Exporting rows as CSV, JSON or a self-contained HTML report, written atomically.

mod csv_rows;
mod html;
mod json;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};

pub use self::html::{escape_html, write_html};
pub use self::json::{
    FindingRecord, ProcessRecord, RiskRecord, RowRecord, SnapshotRecord, write_json,
};
use crate::i18n::Tr;
use crate::model::SocketRow;
pub use csv_rows::{csv_writer, neutralise_cell, safe_cell, write_csv};

/// A file format PortScope can export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values with a `#` comment header.
    Csv,
    /// The JSON contract of `portscope list --format json`.
    Json,
    /// A self-contained HTML report.
    Html,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Csv, ExportFormat::Json, ExportFormat::Html];

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Html => "html",
        }
    }

    /// The format a path's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            "html" | "htm" => Some(ExportFormat::Html),
            _ => None,
        }
    }

    /// A short name for menus.
    pub fn label(self, tr: &Tr) -> &'static str {
        tr.t(match self {
            ExportFormat::Csv => crate::i18n::Msg::FormatCsv,
            ExportFormat::Json => crate::i18n::Msg::FormatJson,
            ExportFormat::Html => crate::i18n::Msg::FormatHtml,
        })
    }
}

/// The header every export carries: when, where and by which version.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportMeta {
    /// When the snapshot was taken.
    pub taken_at: DateTime<Utc>,
    /// This computer's host name.
    pub host: String,
    /// PortScope's version.
    pub version: String,
    /// The snapshot's warnings, translated.
    pub warnings: Vec<String>,
    /// The filter that chose the rows, in words (None: every row, unfiltered).
    pub filter: Option<String>,
}

impl ExportMeta {
    /// Meta for a snapshot taken at `taken_at`, with this host's name and PortScope's version.
    pub fn new(taken_at: DateTime<Utc>, warnings: Vec<String>) -> Self {
        let host = hostname::get()
            .map(|h| h.to_string_lossy().into_owned())
            .unwrap_or_else(|_| "unknown".into());
        ExportMeta {
            taken_at,
            host,
            version: env!("CARGO_PKG_VERSION").into(),
            warnings,
            filter: None,
        }
    }

    /// The same meta, stating the filter that chose the rows.
    pub fn with_filter(mut self, filter: Option<String>) -> Self {
        self.filter = filter;
        self
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing to the target failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The target path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Writing to a stream failed.
    #[error("write failed: {0}")]
    Stream(#[from] std::io::Error),
    /// CSV encoding failed.
    #[error("CSV error: {0}")]
    Csv(#[from] csv::Error),
    /// JSON encoding failed.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

impl ExportError {
    /// The kind of the I/O error underneath, where there is one (a closed pipe, a full disk).
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            ExportError::Io { source, .. } | ExportError::Stream(source) => Some(source.kind()),
            ExportError::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            },
            ExportError::Json(e) => e.io_error_kind(),
        }
    }
}

/// Write `rows` in `format` to `w`.
pub fn write_export<W: Write>(
    w: W,
    format: ExportFormat,
    meta: &ExportMeta,
    rows: &[SocketRow],
    tr: Tr,
) -> Result<(), ExportError> {
    match format {
        ExportFormat::Csv => write_csv(w, meta, rows, tr),
        ExportFormat::Json => write_json(w, meta, rows, tr),
        ExportFormat::Html => write_html(w, meta, rows, tr),
    }
}

/// Write the export to a temporary file beside `path`, then rename it into place, so a crash or
/// a full disk never leaves a half-written file at `path`.
pub fn save_atomic(
    path: &Path,
    format: ExportFormat,
    meta: &ExportMeta,
    rows: &[SocketRow],
    tr: Tr,
) -> Result<(), ExportError> {
    save_with(path, |w| write_export(w, format, meta, rows, tr))
}

/// Write a file atomically with `write`: into a temporary file beside `path`, then renamed
/// over it, so a full disk or a crash never leaves half a file, and a symlink at `path` is
/// replaced, never followed.
pub fn save_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let io_err = |source: std::io::Error| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.as_os_str().is_empty() {
        return Err(io_err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "no file name given",
        )));
    }
    if path.is_dir() {
        return Err(io_err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "that is a folder, not a file",
        )));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".portscope-export-")
        .tempfile_in(&dir)
        .map_err(io_err)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut w).map_err(|e| match e {
            ExportError::Stream(source) => io_err(source),
            other => other,
        })?;
        w.flush().map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

/// `<home>/portscope-YYYYmmdd-HHMMSS.<ext>`: where an export goes when nobody chose a path.
pub fn default_export_path(format: ExportFormat, now: DateTime<Local>) -> PathBuf {
    let dir = dirs::home_dir().unwrap_or_else(|| PathBuf::from("."));
    dir.join(format!(
        "portscope-{}.{}",
        now.format("%Y%m%d-%H%M%S"),
        format.extension()
    ))
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
