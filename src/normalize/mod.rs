//! Stage 2: find and resolve mentions of places, units, groups and positions.
//!
//! Entry point: [`run`]. [`Normalizer`] holds the gazetteer and its indexes;
//! it is built once and shared by all threads. Normalise never touches the
//! filesystem after the gazetteer is loaded.
//!
//! First version: exact (case- and space-insensitive) matching of names and
//! aliases. The romanisation-aware key, fuzzy lookup and unit grammar replace
//! it (issue 4).

pub mod gazetteer;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;

use crate::config::NormalizeConfig;
use crate::model::{
    EntityKind, HandRefs, Ingested, MatchMethod, Mention, Normalized, NormalizedReport, Report,
};
pub use gazetteer::{Entry, Gazetteer, GazetteerError};

/// The answer for one name.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Kind of the match (or of the best rejected candidate).
    pub kind: Option<EntityKind>,
    /// One id when resolved; several for `ambiguous`; none for `none`.
    pub ids: Vec<String>,
    pub names: Vec<String>,
    pub score: f64,
    pub method: MatchMethod,
}

impl Resolution {
    pub fn none() -> Resolution {
        Resolution {
            kind: None,
            ids: Vec::new(),
            names: Vec::new(),
            score: 0.0,
            method: MatchMethod::None,
        }
    }

    /// The mention of this resolution at `start..end` of `text`.
    pub fn to_mention(&self, report_id: &str, text: &str, start: usize, end: usize) -> Mention {
        Mention {
            report_id: report_id.to_string(),
            start,
            end,
            surface: text[start..end].to_string(),
            kind: self.kind,
            id: self.ids.join("|"),
            name: self.names.join("|"),
            score: self.score,
            method: self.method,
        }
    }
}

/// Case- and space-insensitive form of a name.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The gazetteer with its lookup indexes.
pub struct Normalizer {
    gazetteer: Gazetteer,
    #[allow(dead_code)]
    config: NormalizeConfig,
    /// folded name -> (entry index, exact or alias)
    names: HashMap<String, Vec<(usize, MatchMethod)>>,
    automaton: AhoCorasick,
}

impl Normalizer {
    pub fn new(gazetteer: Gazetteer, config: &NormalizeConfig) -> Normalizer {
        let mut names: HashMap<String, Vec<(usize, MatchMethod)>> = HashMap::new();
        for (i, e) in gazetteer.entries().iter().enumerate() {
            let mut add = |s: &str, m: MatchMethod| {
                let key = fold(s);
                if key.is_empty() {
                    return;
                }
                let slot = names.entry(key).or_default();
                if !slot.iter().any(|(j, _)| *j == i) {
                    slot.push((i, m));
                }
            };
            add(&e.name, MatchMethod::Exact);
            for a in &e.aliases {
                add(a, MatchMethod::Alias);
            }
        }
        let mut patterns: Vec<String> = names.keys().cloned().collect();
        patterns.sort();
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("gazetteer patterns build an automaton");
        Normalizer {
            gazetteer,
            config: config.clone(),
            names,
            automaton,
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Resolves one name.
    pub fn resolve(&self, name: &str) -> Resolution {
        let key = fold(name);
        let Some(hits) = self.names.get(&key) else {
            return Resolution::none();
        };
        let entries: Vec<&Entry> = hits
            .iter()
            .map(|(i, _)| &self.gazetteer.entries()[*i])
            .collect();
        if entries.len() == 1 {
            let e = entries[0];
            return Resolution {
                kind: Some(e.kind),
                ids: vec![e.id.clone()],
                names: vec![e.name.clone()],
                score: 1.0,
                method: hits[0].1,
            };
        }
        Resolution {
            kind: Some(entries[0].kind),
            ids: entries.iter().map(|e| e.id.clone()).collect(),
            names: entries.iter().map(|e| e.name.clone()).collect(),
            score: 1.0,
            method: MatchMethod::Ambiguous,
        }
    }

    /// Every gazetteer name found in `text`, on word boundaries.
    pub fn find_mentions(&self, report_id: &str, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let resolution = self.resolve(&text[s..e]);
            out.push(resolution.to_mention(report_id, text, s, e));
        }
        out
    }

    fn normalize_report(&self, report: Report) -> NormalizedReport {
        let mentions = self.find_mentions(&report.id, &report.text);
        let norm_text = normalized_text(&report.text, &mentions);
        let hand_refs = report
            .hand_claims
            .iter()
            .map(|c| {
                let one = |name: &Option<String>| {
                    let name = name.as_deref()?;
                    let r = self.resolve(name);
                    r.to_mention(&report.id, name, 0, name.len()).entity()
                };
                HandRefs {
                    target: one(&c.target),
                    place: one(&c.place),
                    actor: one(&c.actor),
                }
            })
            .collect();
        NormalizedReport {
            report,
            mentions,
            norm_text,
            hand_refs,
        }
    }
}

/// The text with resolved mentions replaced by canonical names, lowercased,
/// punctuation replaced by spaces and whitespace collapsed.
pub fn normalized_text(text: &str, mentions: &[Mention]) -> String {
    let mut replaced = String::with_capacity(text.len());
    let mut at = 0;
    for m in mentions {
        if m.start < at {
            continue;
        }
        replaced.push_str(&text[at..m.start]);
        if m.method.is_resolved() {
            replaced.push_str(&m.name);
        } else {
            replaced.push_str(&m.surface);
        }
        at = m.end;
    }
    replaced.push_str(&text[at..]);
    let mut out = String::with_capacity(replaced.len());
    for word in replaced
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Finds and resolves mentions in every report, in parallel.
pub fn run(normalizer: &Normalizer, ingested: Ingested) -> Normalized {
    let reports = ingested
        .reports
        .into_par_iter()
        .map(|r| normalizer.normalize_report(r))
        .collect();
    Normalized {
        reports,
        rejected: ingested.rejected,
        stats: ingested.stats,
    }
}
