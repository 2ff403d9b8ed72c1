//! Finding input files: files and folders, recursively, in sorted order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::Rejected;

/// Input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Jsonl,
}

impl Format {
    fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path as shown in outputs: as reached from the input, with `/`.
    pub display: String,
    pub format: Format,
}

#[derive(Debug, Default)]
pub struct Walked {
    /// Sorted by `display`, each real file once.
    pub files: Vec<InputFile>,
    /// Files skipped for their extension, sorted.
    pub skipped: Vec<String>,
    /// Inputs that could not be walked (missing path, symlink loop, permission).
    pub errors: Vec<Rejected>,
}

pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Walks `inputs`. Symbolic links are followed; walkdir detects loops, which
/// are reported as errors instead of hanging. A file reached twice (the same
/// folder given twice, or through a link) is read once, under its smallest
/// display path, so the result is independent of the order of `inputs`.
pub fn walk(inputs: &[PathBuf]) -> Walked {
    let mut walked = Walked::default();
    // canonical path -> file; BTreeMap keeps the choice deterministic.
    let mut by_real: BTreeMap<PathBuf, InputFile> = BTreeMap::new();
    let mut skipped = std::collections::BTreeSet::new();
    for input in inputs {
        for entry in WalkDir::new(input).follow_links(true).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(display).unwrap_or_else(|| display(input));
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else {
                        format!("cannot read: {}", io_reason(&e))
                    };
                    walked.errors.push(Rejected {
                        file: path,
                        line: 0,
                        reason,
                    });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let Some(format) = Format::from_path(path) else {
                if entry.depth() == 0 {
                    // Named on the command line: the user meant it to be read.
                    walked.errors.push(Rejected {
                        file: display(path),
                        line: 0,
                        reason: "unsupported file type: expected .md, .csv or .jsonl".into(),
                    });
                } else {
                    skipped.insert(display(path));
                }
                continue;
            };
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let file = InputFile {
                path: path.to_path_buf(),
                display: display(path),
                format,
            };
            match by_real.get(&real) {
                Some(existing) if existing.display <= file.display => {}
                _ => {
                    by_real.insert(real, file);
                }
            }
        }
    }
    walked.files = by_real.into_values().collect();
    walked.files.sort_by(|a, b| a.display.cmp(&b.display));
    walked.skipped = skipped.into_iter().collect();
    walked.errors.sort();
    walked.errors.dedup();
    walked
}

fn io_reason(e: &walkdir::Error) -> String {
    match e.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound => "no such file or folder".into(),
        Some(io) => io.to_string(),
        None => e.to_string(),
    }
}
