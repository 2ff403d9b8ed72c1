//! The data files of normalisation, under `<lexicons>/normalize/`:
//!
//! | file | header | use |
//! | --- | --- | --- |
//! | `rewrite_rules.tsv` | `from to position note` | ordered romanisation rewrites |
//! | `alternations.tsv` | `a b note` | whole-key equivalences (romanised form) |
//! | `spelling_pairs.tsv` | `a b cost note` | letter groups the fuzzy distance swaps cheaply |
//! | `unit_types.tsv` | `abbr canonical forms family note` | military-unit grammar |
//! | `unit_generic.tsv` | `form family note` | "Battalion 58": type left open |
//! | `type_words.tsv` | `word kind level singular note` | trailing type words kept as a hint; a plural names its singular |
//! | `not_names.tsv` | `word class note` | words that never start a name in text |
//! | `zawgyi.tsv` | `zawgyi unicode place note` | Zawgyi -> Unicode code points (`U+XXXX …`); `place` = `before` for marks typed before their consonant |
//!
//! Everything language- or region-specific lives in these files.

use std::collections::BTreeMap;
use std::path::Path;

use super::key::{Position, Rewrite, Romanizer};
use super::zawgyi::Converter;
use crate::lexicon::{load_tsv, LexiconError, Row};
use crate::model::EntityKind;

/// One unit type of the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitType {
    /// Canonical abbreviation: `LIB`.
    pub abbr: String,
    /// Full name: `Light Infantry Battalion`.
    pub canonical: String,
    /// Every written form (English and Burmese), the abbreviation included.
    pub forms: Vec<String>,
    /// Family for generic forms ("battalion", "division", "command"), or "".
    pub family: String,
}

/// A type word ("township", "village", "battalion hq") with the hint it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeWord {
    pub word: String,
    pub kind: Option<EntityKind>,
    /// Gazetteer `level` the word points to (`township`, `town`, …), or "".
    pub level: String,
    /// For a plural ("townships"): the singular it stands for after each
    /// name of a list ("Mansi and Tanai townships"), or "".
    pub singular: String,
}

/// All normalisation data, loaded once.
#[derive(Debug, Clone, Default)]
pub struct NormalizeLexicon {
    pub rewrites: Vec<Rewrite>,
    pub alternations: Vec<(String, String)>,
    /// Letter groups written for one another, with the edit cost.
    pub spelling_pairs: Vec<(String, String, f32)>,
    pub unit_types: Vec<UnitType>,
    /// Generic unit words ("Battalion") and their family.
    pub unit_generic: Vec<(String, String)>,
    pub type_words: Vec<TypeWord>,
    /// Folded word -> class (`month`, `weekday`, `common`, `title`).
    pub not_names: BTreeMap<String, String>,
    /// Zawgyi -> Unicode conversion table (empty: Zawgyi is only reported).
    pub zawgyi: Converter,
}

impl NormalizeLexicon {
    /// Reads the files from `dir` (normally `corpora/normalize`). The two
    /// romanisation files and `unit_types.tsv` are required; the others are
    /// optional and empty when absent.
    pub fn load(dir: &Path) -> Result<NormalizeLexicon, LexiconError> {
        let opt = |name: &str, cols: &[&str]| -> Result<Vec<Row>, LexiconError> {
            let p = dir.join(name);
            if p.exists() {
                load_tsv(&p, cols)
            } else {
                Ok(Vec::new())
            }
        };
        let bad = |name: &str, line: usize, message: String| LexiconError::Row {
            path: dir.join(name).display().to_string(),
            line,
            message,
        };
        let mut lex = NormalizeLexicon::default();
        for r in load_tsv(&dir.join("rewrite_rules.tsv"), &["from", "to", "position"])? {
            let position = match r.get("position") {
                "" | "any" => Position::Any,
                "start" => Position::Start,
                "end" => Position::End,
                other => {
                    return Err(bad(
                        "rewrite_rules.tsv",
                        r.line,
                        format!("position {other:?} must be any, start or end"),
                    ))
                }
            };
            lex.rewrites.push(Rewrite {
                from: r.get("from").to_lowercase(),
                to: r.get("to").to_lowercase(),
                position,
            });
        }
        for r in load_tsv(&dir.join("alternations.tsv"), &["a", "b"])? {
            let (a, b) = (r.get("a").to_lowercase(), r.get("b").to_lowercase());
            if a.is_empty() || b.is_empty() {
                return Err(bad("alternations.tsv", r.line, "empty key".into()));
            }
            lex.alternations.push((a, b));
        }
        for r in opt("spelling_pairs.tsv", &["a", "b", "cost"])? {
            let (a, b) = (r.get("a").to_lowercase(), r.get("b").to_lowercase());
            let cost: f32 = r.get("cost").parse().map_err(|_| {
                bad(
                    "spelling_pairs.tsv",
                    r.line,
                    format!("cost {:?} must be a number", r.get("cost")),
                )
            })?;
            if a.is_empty() || b.is_empty() || !(0.0..=1.0).contains(&cost) {
                return Err(bad(
                    "spelling_pairs.tsv",
                    r.line,
                    "needs two non-empty letter groups and a cost in [0, 1]".into(),
                ));
            }
            lex.spelling_pairs.push((a, b, cost));
        }
        for r in load_tsv(&dir.join("unit_types.tsv"), &["abbr", "canonical", "forms"])? {
            let abbr = r.get("abbr").to_string();
            if abbr.is_empty() {
                return Err(bad("unit_types.tsv", r.line, "empty abbr".into()));
            }
            let mut forms: Vec<String> = r
                .get("forms")
                .split('|')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect();
            for extra in [abbr.clone(), r.get("canonical").to_string()] {
                if !extra.is_empty() && !forms.contains(&extra) {
                    forms.push(extra);
                }
            }
            lex.unit_types.push(UnitType {
                abbr,
                canonical: r.get("canonical").to_string(),
                forms,
                family: r.get("family").to_string(),
            });
        }
        for r in opt("unit_generic.tsv", &["form", "family"])? {
            lex.unit_generic
                .push((r.get("form").to_string(), r.get("family").to_string()));
        }
        for r in opt("type_words.tsv", &["word", "kind", "level"])? {
            let kind = match r.get("kind") {
                "" => None,
                k => Some(EntityKind::parse(k).ok_or_else(|| {
                    bad(
                        "type_words.tsv",
                        r.line,
                        format!("kind {k:?} must be place, unit, group or position"),
                    )
                })?),
            };
            lex.type_words.push(TypeWord {
                word: r.get("word").to_string(),
                kind,
                level: r.get("level").to_string(),
                singular: r.get("singular").to_string(),
            });
        }
        for r in opt("not_names.tsv", &["word", "class"])? {
            let k = super::key::fold_key(r.get("word"));
            if !k.is_empty() {
                lex.not_names.insert(k, r.get("class").to_string());
            }
        }
        lex.zawgyi = Converter::from_rows(&opt("zawgyi.tsv", &["zawgyi", "unicode"])?)
            .map_err(|(line, message)| bad("zawgyi.tsv", line, message))?;
        Ok(lex)
    }

    /// The romanisation key builder of these rules.
    pub fn romanizer(&self) -> Romanizer {
        Romanizer::new(self.rewrites.clone(), &self.alternations)
    }
}
