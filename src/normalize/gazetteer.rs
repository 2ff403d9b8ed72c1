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
        }
        Gazetteer::from_entries(entries, origin)
    }

    /// A gazetteer of the given entries (sorted by id here); a duplicate id
    /// is an error.
    pub fn from_entries(
        mut entries: Vec<Entry>,
        origin: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_id = HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            if by_id.insert(e.id.clone(), i).is_some() {
                return Err(GazetteerError::Row {
                    path: origin.to_string(),
                    line: 0,
                    message: format!("duplicate id {:?}", e.id),
                });
            }
        }
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
