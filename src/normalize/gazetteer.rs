//! The gazetteer: places, units, groups and positions with their aliases.
//!
//! CSV header `id,kind,name,aliases,parent,lat,lon` plus an optional `level`
//! column (country/state/township/town/village/area). Loaded once per run.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{EntityKind, EntityRef};

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{path}: cannot read gazetteer")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Row {
        path: String,
        line: u64,
        message: String,
    },
}

/// One gazetteer row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub level: Option<String>,
}

impl Entry {
    pub fn to_ref(&self) -> EntityRef {
        EntityRef {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
        }
    }
}

#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    kind: String,
    name: String,
    #[serde(default)]
    aliases: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    lat: String,
    #[serde(default)]
    lon: String,
    #[serde(default)]
    level: String,
}

/// The loaded gazetteer. Entries are sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
}

impl Gazetteer {
    /// Reads a gazetteer CSV. A malformed row is an error naming its line:
    /// the gazetteer is configuration, not untrusted input.
    pub fn load(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let bytes = std::fs::read(path).map_err(|source| GazetteerError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Gazetteer::from_csv(&bytes, &path.display().to_string())
    }

    pub fn from_csv(bytes: &[u8], origin: &str) -> Result<Gazetteer, GazetteerError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
        let row_err = |line: u64, message: String| GazetteerError::Row {
            path: origin.to_string(),
            line,
            message,
        };
        let headers = reader
            .headers()
            .map_err(|e| row_err(1, e.to_string()))?
            .clone();
        let mut entries = Vec::new();
        let mut lines = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                row_err(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let row: Row = record
                .deserialize(Some(&headers))
                .map_err(|e| row_err(line, e.to_string()))?;
            let kind = EntityKind::parse(row.kind.trim()).ok_or_else(|| {
                row_err(line, format!("row {}: unknown kind {:?}", row.id, row.kind))
            })?;
            let coord = |s: &str| -> Result<Option<f64>, GazetteerError> {
                let s = s.trim();
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse()
                    .map(Some)
                    .map_err(|_| row_err(line, format!("row {}: bad coordinate {s:?}", row.id)))
            };
            let nonempty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            entries.push(Entry {
                id: row.id.trim().to_string(),
                kind,
                name: row.name.trim().to_string(),
                aliases: row
                    .aliases
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
                parent: nonempty(&row.parent),
                lat: coord(&row.lat)?,
                lon: coord(&row.lon)?,
                level: nonempty(&row.level),
            });
            lines.push(line);
        }
        Gazetteer::build(entries, &lines, origin)
    }

    /// A gazetteer of the given entries (sorted by id here), checked like a
    /// CSV (see [`Gazetteer::build`]); an error's `line` is the line the
    /// entry would have in a CSV with a header row, in the order given
    /// (entry `i`, 0-based, is line `i + 2`).
    pub fn from_entries(entries: Vec<Entry>, origin: &str) -> Result<Gazetteer, GazetteerError> {
        let lines: Vec<u64> = (2..).take(entries.len()).collect();
        Gazetteer::build(entries, &lines, origin)
    }

    /// Checks every entry, then sorts by id. `lines[i]` is the 1-based
    /// source line of `entries[i]`. Rejected, naming the line: an empty id
    /// or name, a duplicate id, a latitude outside -90..=90 or a longitude
    /// outside -180..=180 (NaN and infinities included), and a `parent`
    /// that names no entry (the first such row in file order).
    fn build(
        mut entries: Vec<Entry>,
        lines: &[u64],
        origin: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let err = |line: u64, message: String| GazetteerError::Row {
            path: origin.to_string(),
            line,
            message,
        };
        let mut first_line: HashMap<&str, u64> = HashMap::with_capacity(entries.len());
        for (e, &line) in entries.iter().zip(lines) {
            if e.id.trim().is_empty() {
                return Err(err(line, "empty id: give every row an id".into()));
            }
            if e.name.trim().is_empty() {
                return Err(err(line, format!("row {}: empty name", e.id)));
            }
            for (what, value, limit) in [("lat", e.lat, 90.0), ("lon", e.lon, 180.0)] {
                if let Some(v) = value {
                    // `!(..)` so that NaN fails too.
                    if !(v.is_finite() && (-limit..=limit).contains(&v)) {
                        return Err(err(
                            line,
                            format!(
                                "row {}: {what} {v} is not a coordinate (must lie in -{limit}..={limit})",
                                e.id
                            ),
                        ));
                    }
                }
            }
            if let Some(&first) = first_line.get(e.id.as_str()) {
                return Err(err(
                    line,
                    format!("duplicate id {:?} (first on line {first})", e.id),
                ));
            }
            first_line.insert(&e.id, line);
        }
        for (e, &line) in entries.iter().zip(lines) {
            if let Some(p) = &e.parent {
                if !first_line.contains_key(p.as_str()) {
                    return Err(err(
                        line,
                        format!(
                            "row {}: parent {p:?} names no row; add it or clear the parent",
                            e.id
                        ),
                    ));
                }
            }
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Ok(Gazetteer { entries, by_id })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Ids of the ancestors of `id`, innermost first (cycles are cut).
    pub fn ancestors(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut cur = self.get(id).and_then(|e| e.parent.clone());
        while let Some(p) = cur {
            if p == id || out.contains(&p) {
                break;
            }
            cur = self.get(&p).and_then(|e| e.parent.clone());
            out.push(p);
        }
        out
    }

    /// Counts of entries per kind (for `report.json`).
    pub fn counts(&self) -> BTreeMap<EntityKind, usize> {
        let mut m = BTreeMap::new();
        for e in &self.entries {
            *m.entry(e.kind).or_default() += 1;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,kind,name,aliases,parent,lat,lon,level\n";

    /// Loads `HEADER` + `rows`; on error returns (line, message).
    fn load(rows: &str) -> Result<Gazetteer, (u64, String)> {
        Gazetteer::from_csv(format!("{HEADER}{rows}").as_bytes(), "t.csv").map_err(|e| match e {
            GazetteerError::Row { line, message, .. } => (line, message),
            other => panic!("unexpected error {other}"),
        })
    }

    const GOOD: &str = "kachin,place,Kachin State,,,26.0,97.5,state\n\
                        myitkyina,place,Myitkyina,,kachin,25.38,97.39,town\n";

    #[test]
    fn valid_rows_load() {
        let g = load(GOOD).expect("valid");
        assert_eq!(g.len(), 2);
        assert_eq!(g.ancestors("myitkyina"), vec!["kachin".to_string()]);
    }

    #[test]
    fn empty_id_is_rejected_with_its_line() {
        let (line, msg) = load(&format!("{GOOD} ,place,Nowhere,,,,,\n")).unwrap_err();
        assert_eq!(line, 4);
        assert!(msg.contains("empty id"), "{msg}");
    }

    #[test]
    fn empty_name_is_rejected_with_its_line() {
        let (line, msg) = load(&format!("{GOOD}x,place,  ,,,,,\n")).unwrap_err();
        assert_eq!(line, 4);
        assert!(msg.contains("empty name"), "{msg}");
    }

    #[test]
    fn out_of_range_and_non_finite_coordinates_are_rejected() {
        for (lat, lon) in [
            ("90.5", "97"),
            ("-91", "97"),
            ("25", "180.01"),
            ("25", "-181"),
            ("NaN", "97"),
            ("25", "inf"),
            ("-inf", "97"),
        ] {
            let (line, msg) = load(&format!("{GOOD}x,place,X,,,{lat},{lon},\n")).unwrap_err();
            assert_eq!(line, 4, "{lat},{lon}");
            assert!(msg.contains("not a coordinate"), "{lat},{lon}: {msg}");
        }
        // The bounds themselves are coordinates.
        load(&format!(
            "{GOOD}x,place,X,,,-90,180,\ny,place,Y,,,90,-180,\n"
        ))
        .expect("bounds");
    }

    #[test]
    fn dangling_parent_is_rejected_naming_the_first_such_row() {
        let rows = format!("{GOOD}a,place,A,,nowhere,,,\nb,place,B,,elsewhere,,,\n");
        let (line, msg) = load(&rows).unwrap_err();
        assert_eq!(line, 4);
        assert!(msg.contains("\"nowhere\" names no row"), "{msg}");
        // A parent defined later in the file is fine.
        load("a,place,A,,b,,,\nb,place,B,,,,,\n").expect("forward parent");
    }

    #[test]
    fn duplicate_id_names_both_lines() {
        let (line, msg) = load(&format!("{GOOD}kachin,place,Again,,,,,\n")).unwrap_err();
        assert_eq!(line, 4);
        assert!(msg.contains("first on line 2"), "{msg}");
    }

    #[test]
    fn from_entries_checks_too() {
        let entry = |id: &str, parent: Option<&str>| Entry {
            id: id.into(),
            kind: EntityKind::Place,
            name: "N".into(),
            aliases: Vec::new(),
            parent: parent.map(str::to_string),
            lat: None,
            lon: None,
            level: None,
        };
        let err = Gazetteer::from_entries(vec![entry("a", None), entry("b", Some("z"))], "e")
            .unwrap_err();
        assert!(matches!(err, GazetteerError::Row { line: 3, .. }), "{err}");
        let mut bad = entry("c", None);
        bad.lat = Some(f64::NAN);
        assert!(Gazetteer::from_entries(vec![bad], "e").is_err());
    }
}
