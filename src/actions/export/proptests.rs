//! Property tests (issue 9): exports of rows whose process names, paths, command lines and
//! finding evidence are arbitrary hostile text. PROPTEST_CASES cases (CI: 10,000).

use proptest::prelude::*;

use super::*;
use crate::i18n::Lang;
use crate::model::proptests::{arb_row, hostile_process};
use crate::model::text::is_hostile_char;

fn meta() -> ExportMeta {
    ExportMeta {
        taken_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
        host: "testhost".into(),
        version: "9.9.9".into(),
        warnings: vec!["w".into()],
        filter: Some("f".into()),
    }
}

/// Rows that all have an owner with hostile text.
fn hostile_rows() -> impl Strategy<Value = Vec<SocketRow>> {
    prop::collection::vec((arb_row(), hostile_process()), 0..4).prop_map(|rows| {
        rows.into_iter()
            .map(|(mut row, process)| {
                row.owner = crate::model::Owner::known(
                    [process.pid][..].into(),
                    Some(std::sync::Arc::new(process)),
                );
                row
            })
            .collect()
    })
}

/// `row` with every piece of hostile text replaced by `x`.
fn benign(row: &SocketRow) -> SocketRow {
    let mut row = row.clone();
    if let Some(p) = row.process_mut() {
        let p = std::sync::Arc::make_mut(p);
        p.name = "x".into();
        p.path = p.path.as_ref().map(|_| "x".into());
        p.user = p.user.as_ref().map(|_| "x".into());
        p.cmdline = vec!["x".into(); p.cmdline.len()];
    }
    if let Some(n) = row.netns.as_mut().filter(|n| n.name.is_some()) {
        std::sync::Arc::make_mut(n).name = Some("x".into());
    }
    for f in &mut std::sync::Arc::make_mut(&mut row.assessment).findings {
        for text in f.evidence.texts_mut() {
            *text = "x".into();
        }
    }
    row
}

fn tr() -> impl Strategy<Value = Tr> {
    prop::sample::select(vec![Tr::new(Lang::En), Tr::new(Lang::Zh)])
}

fn export(format: ExportFormat, rows: &[SocketRow], tr: Tr) -> String {
    let mut buf = Vec::new();
    write_export(&mut buf, format, &meta(), rows, tr).unwrap();
    String::from_utf8(buf).unwrap()
}

proptest! {
    // Cases: PROPTEST_CASES (256 by default; .ci/run sets 10,000 in a release build).
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn json_export_parses_back_with_every_name_verbatim(rows in hostile_rows(), tr in tr()) {
        let text = export(ExportFormat::Json, &rows, tr);
        let back: SnapshotRecord = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back.rows.len(), rows.len());
        for (record, row) in back.rows.iter().zip(&rows) {
            prop_assert_eq!(record.netns.as_ref(), row.netns.as_deref());
            let p = record.process.as_ref().unwrap();
            let original = row.process().unwrap();
            prop_assert_eq!(&p.name, &original.name);
            // Lossless text: the path itself, or escaped where it is not valid UTF-8 or looks escaped.
            let path = original.path_text().map(std::borrow::Cow::into_owned);
            prop_assert_eq!(&p.path, &path);
            prop_assert_eq!(&p.cmdline, &original.cmdline);
        }
    }

    #[test]
    fn json_written_from_views_equals_the_records(
        rows in hostile_rows(),
        tr in tr(),
        filtered in any::<bool>(),
    ) {
        let mut meta = meta();
        if !filtered {
            meta.filter = None;
        }
        let mut written = Vec::new();
        write_json(&mut written, &meta, &rows, tr).unwrap();
        let records = serde_json::to_string_pretty(&SnapshotRecord::new(&meta, &rows, &tr)).unwrap();
        prop_assert_eq!(String::from_utf8(written).unwrap(), records + "\n");
    }

    #[test]
    fn csv_export_parses_and_carries_no_raw_control_characters(rows in hostile_rows(), tr in tr()) {
        let text = export(ExportFormat::Csv, &rows, tr);
        for c in text.chars() {
            prop_assert!(c == '\n' || !is_hostile_char(c), "raw {:?} in {:?}", c, text);
        }
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(records.len(), rows.len());
        for (record, row) in records.iter().zip(&rows) {
            prop_assert_eq!(record.len(), 42);
            let netns = row.netns.as_ref().map(|n| n.label()).unwrap_or_default();
            prop_assert_eq!(&record[40], safe_cell(&netns));
            prop_assert_eq!(&record[10], safe_cell(row.process_name()));
            prop_assert_eq!(&record[3], row.local_port.to_string());
            for cell in record.iter() {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@']) || cell.parse::<f64>().is_ok(), "formula cell {:?}", cell);
            }
        }
    }

    #[test]
    fn html_export_has_no_markup_or_control_characters_from_the_data(rows in hostile_rows(), tr in tr()) {
        let html = export(ExportFormat::Html, &rows, tr);
        // The data adds no markup: the same rows with harmless text give as many tags.
        let plain = export(ExportFormat::Html, &rows.iter().map(benign).collect::<Vec<_>>(), tr);
        prop_assert_eq!(html.matches('<').count(), plain.matches('<').count());
        prop_assert!(!html.to_lowercase().contains("<script"), "script tag in {:?}", html);
        for c in html.chars() {
            prop_assert!(c == '\n' || !is_hostile_char(c), "raw {:?} in the report", c);
        }
        for row in &rows {
            let name = &row.process().unwrap().name;
            prop_assert!(html.contains(&escape_html(&crate::model::text::show_invisible(name))));
        }
    }
}
