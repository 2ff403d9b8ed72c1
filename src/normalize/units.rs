//! Military-unit grammar: a unit type (from `unit_types.tsv`) and a number.
//!
//! Accepted shapes, case-insensitive, any form of the type (English, its
//! abbreviation, its Burmese reading in Latin letters, Burmese script):
//! `LIB 321`, `LIB-321`, `LIB321`, `Light Infantry Battalion (LIB) 321`,
//! `Light Infantry Battalion No. 321`, `321 Light Infantry Battalion`,
//! `321st LIB`, `No. 321 LIB`, `Kha Ma Ya 321`, `ခမရ ၃၂၁`, and generic
//! `Battalion No. 321` (type left open; see `unit_generic.tsv`).
//!
//! The grammar is a regex generated from the data at load time, because the
//! forms are data; hand-written code only decides boundaries and numbers.

use std::collections::HashMap;

use regex::Regex;

use super::key::{fold_key, fold_words};
use super::lexicon::NormalizeLexicon;

/// The type named by a parsed unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitKind {
    /// A known type: its canonical abbreviation.
    Typed(String),
    /// A generic word ("Battalion"): only its family is known.
    Generic(String),
}

/// A unit found in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitParse {
    pub kind: UnitKind,
    pub number: u32,
    /// Byte span in the parsed string.
    pub start: usize,
    pub end: usize,
}

impl UnitParse {
    /// `LIB 321` for a typed unit; `None` for a generic one.
    pub fn canonical(&self) -> Option<String> {
        match &self.kind {
            UnitKind::Typed(abbr) => Some(format!("{abbr} {}", self.number)),
            UnitKind::Generic(_) => None,
        }
    }
}

/// The compiled grammar.
#[derive(Debug, Clone)]
pub struct UnitGrammar {
    type_first: Option<Regex>,
    number_first: Option<Regex>,
    /// folded form -> kind
    forms: HashMap<String, UnitKind>,
    /// abbreviation -> family
    families: HashMap<String, String>,
}

const SEP: &str = r"[\s\-.]*";
const NUM: &str = r"(?P<num>[0-9\x{1040}-\x{1049}]{1,5})";
const NO: &str = r"(?:(?:no|nr|number)\.?\s*|#\s*)?";

fn form_pattern(form: &str) -> Option<String> {
    let words = fold_words(form);
    if words.is_empty() {
        return None;
    }
    Some(
        words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join(SEP),
    )
}

impl UnitGrammar {
    pub fn new(lex: &NormalizeLexicon) -> UnitGrammar {
        let mut forms: HashMap<String, UnitKind> = HashMap::new();
        let mut families = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        for t in &lex.unit_types {
            families.insert(t.abbr.clone(), t.family.clone());
            for f in &t.forms {
                let k = fold_key(f);
                if k.is_empty() {
                    continue;
                }
                forms
                    .entry(k)
                    .or_insert_with(|| UnitKind::Typed(t.abbr.clone()));
                patterns.extend(form_pattern(f));
            }
        }
        for (f, family) in &lex.unit_generic {
            let k = fold_key(f);
            if k.is_empty() {
                continue;
            }
            forms
                .entry(k)
                .or_insert_with(|| UnitKind::Generic(family.clone()));
            patterns.extend(form_pattern(f));
        }
        // Longest first so that "Light Infantry Battalion" wins over "Battalion".
        patterns.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        patterns.dedup();
        let (type_first, number_first) = if patterns.is_empty() {
            (None, None)
        } else {
            let form = format!("(?P<form>{})", patterns.join("|"));
            let tf = format!(r"(?i){form}(?:\s*\((?P<paren>[^()\n]{{1,24}})\))?{SEP}{NO}{NUM}");
            let nf = format!(r"(?i){NO}{NUM}(?P<ord>st|nd|rd|th)?{SEP}{form}");
            (Regex::new(&tf).ok(), Regex::new(&nf).ok())
        };
        UnitGrammar {
            type_first,
            number_first,
            forms,
            families,
        }
    }

    /// The family of a unit type ("battalion"), or "".
    pub fn family(&self, abbr: &str) -> &str {
        self.families.get(abbr).map_or("", String::as_str)
    }

    /// Every unit in `text`, non-overlapping, sorted by start.
    pub fn find_all(&self, text: &str) -> Vec<UnitParse> {
        let mut found = Vec::new();
        for re in [&self.type_first, &self.number_first].into_iter().flatten() {
            for caps in re.captures_iter(text) {
                if let Some(p) = self.accept(text, &caps) {
                    found.push(p);
                }
            }
        }
        // Prefer longer spans, then earlier ones; drop overlaps.
        found.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<UnitParse> = Vec::new();
        for p in found {
            if kept.iter().all(|k| p.end <= k.start || p.start >= k.end) {
                kept.push(p);
            }
        }
        kept.sort_by_key(|p| (p.start, p.end));
        kept
    }

    /// The unit that spans all of `name` (ignoring surrounding spaces and
    /// punctuation), if any.
    pub fn parse_whole(&self, name: &str) -> Option<UnitParse> {
        let trimmed = name.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
        let offset = name.len()
            - name
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        self.find_all(trimmed)
            .into_iter()
            .find(|p| {
                p.start == 0
                    && trimmed[p.end..]
                        .chars()
                        .all(|c| !c.is_alphanumeric() && c != '(')
            })
            .map(|mut p| {
                p.start += offset;
                p.end += offset;
                p
            })
    }

    fn accept(&self, text: &str, caps: &regex::Captures<'_>) -> Option<UnitParse> {
        let whole = caps.get(0)?;
        let form = caps.name("form")?;
        let num = caps.name("num")?;
        // Boundaries: no Latin letter or digit glued on either side.
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let after = text[whole.end()..].chars().next();
        if after.is_some_and(|c| c.is_alphanumeric() && !super::key::is_myanmar(c)) {
            return None;
        }
        if after.is_some_and(|c| ('\u{1040}'..='\u{1049}').contains(&c)) {
            return None;
        }
        // The form must end on a word boundary (not "LIBERATION 5").
        let after_form = text[form.end()..].chars().next();
        if form.as_str().is_ascii() && after_form.is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let kind = self.forms.get(&fold_key(form.as_str()))?.clone();
        // "11 battalion headquarters" is a count: a generic word after a
        // bare number is a unit only as an ordinal ("58th Battalion") or in
        // scripts that put the number first ("၃၂၁ တပ်ရင်း").
        let number_first = num.start() < form.start();
        if matches!(kind, UnitKind::Generic(_))
            && number_first
            && form.as_str().is_ascii()
            && caps.name("ord").is_none()
            && !whole.as_str().to_ascii_lowercase().starts_with("no")
        {
            return None;
        }
        let number = parse_number(num.as_str())?;
        if number == 0 {
            return None;
        }
        Some(UnitParse {
            kind,
            number,
            start: whole.start(),
            end: whole.end(),
        })
    }
}

/// ASCII or Burmese digits to a number (None when empty, not all digits, or too big).
pub fn parse_number(s: &str) -> Option<u32> {
    digits(s).and_then(|v| u32::try_from(v).ok())
}

/// The value of ASCII or Myanmar digits; None for an empty string, any other
/// character, or overflow. Shared with extraction (dates and quantities).
pub fn digits(s: &str) -> Option<u64> {
    let mut v: u64 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u64 - '0' as u64,
            '\u{1040}'..='\u{1049}' => c as u64 - 0x1040,
            _ => return None,
        };
        v = v.checked_mul(10)?.checked_add(d)?;
        any = true;
    }
    any.then_some(v)
}
