//! The layers of ARCHITECTURE.md, checked against the code: a module of `src/` may name
//! (`crate::x`) only modules on a lower floor. Comments are skipped; `farm-studio look` draws the
//! same graph file by file, loops included.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module of the library and its floor (0 is the ground), as ARCHITECTURE.md
/// draws them. A module may import only modules on lower floors.
const FLOORS: &[(&str, u8)] = &[
    ("model", 0),
    ("i18n", 0),
    ("files", 0),
    ("ipinfo", 0),
    ("win32", 0),
    ("risk", 1),
    ("privilege", 1),
    ("resolve", 1),
    ("block", 2),
    ("startup", 2),
    ("collector", 2),
    ("columns", 2),
    ("logging", 2),
    ("actions", 3),
    ("watch", 4),
    ("engine", 5),
    ("ui", 6),
    ("cli", 6),
    ("app", 7),
];

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names as `crate::x`, outside comments.
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn no_module_imports_from_its_own_floor_or_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|c| c.trim_end_matches(".rs").to_owned())
            .expect("a file name");
        if top == "main" || top == "lib" {
            continue; // the binary and the crate root sit above everything
        }
        let here = floor(&top).unwrap_or_else(|| {
            panic!("src/{top} is not in FLOORS: give it a floor here and in ARCHITECTURE.md")
        });
        let text = std::fs::read_to_string(file).expect("read a source file");
        for module in imports(&text) {
            if module == top {
                continue;
            }
            let there = floor(&module).unwrap_or_else(|| {
                panic!(
                    "{} names crate::{module}, which has no floor",
                    relative.display()
                )
            });
            if there >= here {
                wrong.push(format!(
                    "{} (floor {here}) → crate::{module} (floor {there})",
                    relative.display()
                ));
            }
            checked += 1;
        }
    }
    assert!(
        checked > 50,
        "only {checked} imports found: is the scan broken?"
    );
    assert!(
        wrong.is_empty(),
        "imports that run sideways or back up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_imports_and_skips_comments() {
    let text = "use crate::model::SocketRow; // crate::app in a comment\n\
                /// See `crate::ui`.\n\
                let x = crate::risk::text::level_text(l, tr);";
    let found: Vec<_> = imports(text).into_iter().collect();
    assert_eq!(found, ["model", "risk"]);
}

/// The named fields of `struct name` in `text` (one per line, as rustfmt writes them).
fn struct_fields(text: &str, name: &str) -> Vec<String> {
    let Some(start) = text.find(&format!("pub struct {name} {{")) else {
        return Vec::new();
    };
    text[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.trim() != "}")
        .filter_map(|line| {
            let code = line.split("//").next().unwrap_or("").trim();
            let (field, _) = code.split_once(':')?;
            let field = field
                .trim_start_matches("pub(super) ")
                .trim_start_matches("pub ");
            field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                .then(|| field.to_owned())
        })
        .collect()
}

/// Issue 15: the window's state lives in small named parts (`TableState`, `Modal`, `Banner`,
/// `Persistence`, `WatchState`); the app itself keeps at most 12 fields.
#[test]
fn the_app_keeps_at_most_twelve_fields() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app/mod.rs");
    let text = std::fs::read_to_string(path).expect("read src/app/mod.rs");
    let fields = struct_fields(&text, "PortScopeApp");
    assert!(fields.contains(&"table".to_owned()), "{fields:?}");
    assert!(
        fields.len() <= 12,
        "PortScopeApp has {} fields: {fields:?}",
        fields.len()
    );
    let sample = "pub struct S {\n    /// doc: with a colon\n    a: u8,\n    pub b: Vec<u8>,\n}\n";
    assert_eq!(struct_fields(sample, "S"), ["a", "b"]);
}
