//! Loading word lists and rule tables kept as data under `corpora/`.
//!
//! Lexicons are tab-separated files with a header row; `#` starts a comment
//! line. They are configuration, so a malformed file is an error naming its
//! line, not a rejected row.

use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{path}: cannot read lexicon")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Row {
        path: String,
        line: usize,
        message: String,
    },
}

/// One data row: column name -> value, and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: BTreeMap<String, String>,
}

impl Row {
    /// The value of `column`, or "" when the row has no such cell.
    pub fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// Reads a TSV lexicon; every column in `required` must be in the header.
pub fn load_tsv(path: &Path, required: &[&str]) -> Result<Vec<Row>, LexiconError> {
    let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse_tsv(&text, &path.display().to_string(), required)
}

/// Parses TSV text (see [`load_tsv`]).
pub fn parse_tsv(text: &str, origin: &str, required: &[&str]) -> Result<Vec<Row>, LexiconError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((_, header)) = lines.next() else {
        return Err(LexiconError::Row {
            path: origin.to_string(),
            line: 1,
            message: "empty lexicon: a header row is required".into(),
        });
    };
    let columns: Vec<String> = header.split('\t').map(|c| c.trim().to_string()).collect();
    for r in required {
        if !columns.iter().any(|c| c == r) {
            return Err(LexiconError::Row {
                path: origin.to_string(),
                line: 1,
                message: format!("header lacks column `{r}`"),
            });
        }
    }
    let mut rows = Vec::new();
    for (line, l) in lines {
        let cells: Vec<&str> = l.split('\t').collect();
        if cells.len() > columns.len() {
            return Err(LexiconError::Row {
                path: origin.to_string(),
                line,
                message: format!(
                    "{} cells, the header has {} columns",
                    cells.len(),
                    columns.len()
                ),
            });
        }
        rows.push(Row {
            line,
            cells: columns
                .iter()
                .cloned()
                .zip(cells.iter().map(|c| c.trim().to_string()))
                .collect(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_comments_and_short_rows() {
        let rows = parse_tsv("# c\na\tb\n\nx\ty\nz\n", "t", &["a"]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get("b"), "y");
        assert_eq!(rows[1].get("b"), "");
        assert_eq!(rows[1].line, 5);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_tsv("a\n1\t2\n", "t.tsv", &["a"])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.tsv:2:"), "{e}");
        let e = parse_tsv("a\n", "t.tsv", &["b"]).unwrap_err().to_string();
        assert!(e.contains("`b`"), "{e}");
    }
}
