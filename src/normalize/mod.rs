//! Stage 2: find and resolve mentions of places, units, groups and positions.
//!
//! Entry point: [`run`]. [`Normalizer`] holds the gazetteer, the
//! normalisation data ([`NormalizeLexicon`]) and their indexes; it is built
//! once and shared by all threads. Normalise never touches the filesystem
//! after loading.
//!
//! Resolving one name ([`Normalizer::resolve`]) tries, in order:
//! 1. the folded key (case, width, spacing, diacritics, Burmese digits) equal
//!    to a canonical name (`exact`) or an alias (`alias`);
//! 2. the same after stripping a trailing type word ("Katsu village"), which
//!    is kept as a hint ("Waingmaw township" picks the township row);
//! 3. the military-unit grammar (`unit`);
//! 4. the romanisation-aware key (`key`);
//! 5. fuzzy similarity over candidates from a bigram index (`fuzzy`).
//!
//! Several entities fitting equally well give `ambiguous`, unless context (a
//! parent township or nearby place named in the same report) decides.
//!
//! A name that looks Zawgyi-encoded is converted to Unicode first
//! ([`zawgyi::Converter`]) and never matched as written.

pub mod distance;
pub mod gazetteer;
pub mod index;
pub mod key;
pub mod lexicon;
mod mentions;
mod table;
pub use mentions::Memo;
pub mod units;
pub mod zawgyi;

use std::collections::BTreeSet;

// Fx hashing for the name maps: deterministic, and several times cheaper
// than SipHash on short keys (it took ~1/6 of loading a 100k-name
// gazetteer). Keys come from the user's own gazetteer and queries, so
// hash flooding is not a threat model here.
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use crate::config::NormalizeConfig;
use crate::model::{
    EntityKind, HandRefs, Ingested, MatchMethod, Mention, Normalized, NormalizedReport, Report,
};
pub use gazetteer::{Entry, Gazetteer, GazetteerError};
use index::{DeleteIndex, GramIndex};
use key::{fold_key, fold_words, Romanizer};
pub use lexicon::NormalizeLexicon;
use lexicon::TypeWord;
use table::{KeyTable, RawForm};
use units::{UnitGrammar, UnitKind, UnitParse};

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
    /// Why a name was not resolved when that is not just "no candidate"
    /// (e.g. Zawgyi-encoded Burmese).
    pub note: Option<String>,
}

impl Resolution {
    pub fn none() -> Resolution {
        Resolution {
            kind: None,
            ids: Vec::new(),
            names: Vec::new(),
            score: 0.0,
            method: MatchMethod::None,
            note: None,
        }
    }

    fn with_note(note: &str) -> Resolution {
        Resolution {
            note: Some(note.to_string()),
            ..Resolution::none()
        }
    }

    /// The mention of this resolution at `start..end` of `text`.
    pub fn to_mention(&self, report_id: &str, text: &str, start: usize, end: usize) -> Mention {
        Mention {
            report_id: report_id.to_string(),
            start,
            end,
            surface: text.get(start..end).unwrap_or_default().to_string(),
            kind: self.kind,
            id: self.ids.join("|"),
            name: self.names.join("|"),
            score: self.score,
            method: self.method,
            note: self.note.clone(),
        }
    }
}

/// A ranked candidate (see [`Normalizer::candidates`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index into `gazetteer().entries()`.
    pub entry: usize,
    pub score: f64,
    pub method: MatchMethod,
}

/// Added to the weighted distance between romanisation keys, so that two
/// spellings the key merges still rank below an identical spelling. A whole
/// edit: the key's hard merges (b/p, doubled letters, -aing/-ai) also merge
/// names that differ, and the folded distance, with its spelling pairs,
/// already prices the common alternations (measured on the synthetic bench:
/// top-1 0.936 at 0.3, 0.941 at 1.0; `variants.tsv` unchanged).
const ROM_PENALTY: f32 = 1.0;
/// Share of the weighted edit similarity in a candidate's score; the rest
/// is Jaro-Winkler of the folded forms (which rewards a common start).
const WEIGHTED_SHARE: f64 = 0.7;

/// Largest difference in length (characters of the romanisation key)
/// between a query and a fuzzy candidate.
const MAX_LEN_DIFF: usize = 3;

/// Most keys taken from the deletion index per query (short keys can
/// have many neighbours).
const MAX_DELETE_HITS: usize = 256;

/// Ranking bonus for a candidate that fits the query's type word.
const HINT_BONUS: f64 = 0.05;

/// (entry, score, method, fits the type-word hint)
type Ranked = (u32, f64, MatchMethod, bool);

/// One spelling of an entry, folded and romanised (built in parallel).
struct Spelling {
    full: String,
    spaced: String,
    method: MatchMethod,
    /// (romanisation key, folded form, type-word hint)
    variants: Vec<(String, String, Option<u16>)>,
}

/// Entities named in the same report, used to settle ambiguity.
#[derive(Debug, Clone, Default)]
pub struct Context {
    ids: BTreeSet<String>,
}

impl Context {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The gazetteer with its lookup indexes.
pub struct Normalizer {
    gazetteer: Gazetteer,
    config: NormalizeConfig,
    lexicon: NormalizeLexicon,
    romanizer: Romanizer,
    /// Spelling alternations of the fuzzy distance.
    pairs: distance::Pairs,
    /// No spelling pairs: for the distance between romanisation keys.
    no_pairs: distance::Pairs,
    /// Type words as folded word lists, longest first.
    type_words: Vec<(Vec<String>, TypeWord)>,
    /// Full folded key -> entries (exact or alias), sorted, deduplicated.
    exact: FxHashMap<String, Vec<(u32, MatchMethod)>>,
    /// Folded words joined by spaces -> entries: among exact hits, the
    /// ones spelt with the same word breaks win ("Katsu" over "Ka Tsu").
    spaced: FxHashMap<String, Vec<u32>>,
    /// Romanisation keys in length order with the forms under each.
    keys: KeyTable,
    key_ids: FxHashMap<String, u32>,
    index: GramIndex,
    /// Keys within one deletion on each side of a query's key.
    deletes: DeleteIndex,
    units: UnitGrammar,
    /// Unit number -> (abbreviation, entry) of gazetteer units.
    units_by_number: FxHashMap<u32, Vec<(String, u32)>>,
    /// Built on first use: only running text needs it.
    automaton: OnceLock<Option<(AhoCorasick, Vec<String>)>>,
}

impl Normalizer {
    pub fn new(
        gazetteer: Gazetteer,
        lexicon: NormalizeLexicon,
        config: &NormalizeConfig,
    ) -> Normalizer {
        let romanizer = lexicon.romanizer();
        let mut type_words: Vec<(Vec<String>, TypeWord)> = lexicon
            .type_words
            .iter()
            .map(|t| (fold_words(&t.word), t.clone()))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        type_words.sort_by(|a, b| {
            b.0.len()
                .cmp(&a.0.len())
                .then(b.0.concat().len().cmp(&a.0.concat().len()))
        });
        let units = UnitGrammar::new(&lexicon);
        let mut exact: FxHashMap<String, Vec<(u32, MatchMethod)>> = FxHashMap::default();
        let mut spaced: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut by_key: FxHashMap<String, Vec<RawForm>> = FxHashMap::default();
        let mut units_by_number: FxHashMap<u32, Vec<(String, u32)>> = FxHashMap::default();
        let mut nz = Normalizer {
            gazetteer: Gazetteer::default(),
            config: config.clone(),
            lexicon: NormalizeLexicon::default(),
            romanizer,
            pairs: distance::Pairs::new(&lexicon.spelling_pairs),
            no_pairs: distance::Pairs::default(),
            type_words,
            exact: FxHashMap::default(),
            spaced: FxHashMap::default(),
            keys: KeyTable::default(),
            key_ids: FxHashMap::default(),
            index: GramIndex::default(),
            deletes: DeleteIndex::default(),
            units,
            units_by_number: FxHashMap::default(),
            automaton: OnceLock::new(),
        };
        // Folding and romanising every spelling is the costly part of the
        // build: done in parallel per entry, merged in entry order (so the
        // result does not depend on the thread count).
        let prepared: Vec<Vec<Spelling>> = gazetteer
            .entries()
            .par_iter()
            .map(|e| {
                std::iter::once((&e.name, MatchMethod::Exact))
                    .chain(e.aliases.iter().map(|a| (a, MatchMethod::Alias)))
                    .filter_map(|(name, method)| {
                        let words = fold_words(name);
                        if words.is_empty() {
                            return None;
                        }
                        // Under the key without a trailing type word (with the
                        // word as a hint), and, when one was stripped, also as
                        // written, so a misspelt type word still finds it.
                        let (rest, hint) = nz.strip_type(&words);
                        let mut variants = vec![(rest.concat(), hint)];
                        if hint.is_some() {
                            variants.push((words.concat(), None));
                        }
                        let variants = variants
                            .into_iter()
                            .map(|(fold, hint)| (nz.romanizer.key(&fold), fold, hint))
                            .collect();
                        Some(Spelling {
                            full: words.concat(),
                            spaced: words.join(" "),
                            method,
                            variants,
                        })
                    })
                    .collect()
            })
            .collect();
        for (i, (e, spellings)) in gazetteer.entries().iter().zip(prepared).enumerate() {
            let i = i as u32;
            for sp in spellings {
                let ids = spaced.entry(sp.spaced).or_default();
                if !ids.contains(&i) {
                    ids.push(i);
                }
                let slot = exact.entry(sp.full).or_default();
                match slot.iter_mut().find(|(j, _)| *j == i) {
                    Some(s) => s.1 = s.1.min(sp.method),
                    None => slot.push((i, sp.method)),
                }
                for (rom, fold, hint) in sp.variants {
                    let forms = by_key.entry(rom).or_default();
                    if !forms.iter().any(|f| f.0 == i && f.1 == fold && f.2 == hint) {
                        forms.push((i, fold, hint));
                    }
                }
            }
            if e.kind == EntityKind::Unit {
                if let Some(UnitParse {
                    kind: UnitKind::Typed(abbr),
                    number,
                    ..
                }) = nz.units.parse_whole(&e.name)
                {
                    units_by_number.entry(number).or_default().push((abbr, i));
                }
            }
        }
        for v in exact.values_mut() {
            v.sort();
        }
        // Sorted by length, then text: the index needs length order.
        let mut keys: Vec<String> = by_key.keys().cloned().collect();
        keys.sort_by_cached_key(|k| (k.chars().count(), k.clone()));
        let forms: Vec<Vec<RawForm>> = keys
            .iter()
            .map(|k| by_key.remove(k).unwrap_or_default())
            .collect();
        nz.key_ids = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i as u32))
            .collect();
        nz.index = GramIndex::new(&keys);
        nz.deletes = DeleteIndex::new(&keys);
        nz.keys = KeyTable::new(&keys, forms);
        nz.exact = exact;
        nz.spaced = spaced;
        nz.units_by_number = units_by_number;
        nz.gazetteer = gazetteer;
        nz.lexicon = lexicon;
        nz
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn config(&self) -> &NormalizeConfig {
        &self.config
    }

    pub fn lexicon(&self) -> &NormalizeLexicon {
        &self.lexicon
    }

    /// Removes one trailing type word from folded `words`; the rest must
    /// not be empty. Burmese type words also strip as a suffix, since
    /// Burmese writes them without a space.
    fn strip_type(&self, words: &[String]) -> (Vec<String>, Option<u16>) {
        for (i, (tw, _)) in self.type_words.iter().enumerate() {
            if words.len() > tw.len() && words.ends_with(tw) {
                return (words[..words.len() - tw.len()].to_vec(), Some(i as u16));
            }
            if tw.len() == 1 && !tw[0].is_ascii() {
                if let Some(last) = words.last() {
                    if last.len() > tw[0].len() && last.ends_with(tw[0].as_str()) {
                        let mut rest = words.to_vec();
                        let n = rest.len() - 1;
                        rest[n] = last[..last.len() - tw[0].len()].to_string();
                        return (rest, Some(i as u16));
                    }
                }
            }
        }
        (words.to_vec(), None)
    }

    fn entry(&self, i: u32) -> &Entry {
        &self.gazetteer.entries()[i as usize]
    }

    /// True when entry `i` fits the type-word hint of the query.
    fn fits_hint(&self, i: u32, form_hint: Option<u16>, hint: Option<u16>) -> bool {
        match hint {
            None => form_hint.is_none(),
            Some(h) => {
                if form_hint == Some(h) {
                    return true;
                }
                let tw = &self.type_words[h as usize].1;
                let e = self.entry(i);
                let kind_ok = tw.kind.map_or(true, |k| k == e.kind);
                let level_ok = tw.level.is_empty() || e.level.as_deref() == Some(tw.level.as_str());
                kind_ok && level_ok && (!tw.level.is_empty() || tw.kind.is_some())
            }
        }
    }

    /// The romanisation-aware key of a name (folded, trailing type word
    /// stripped, rewritten): what fuzzy matching compares.
    pub fn name_key(&self, name: &str) -> String {
        let words = fold_words(name);
        let (rest, _) = self.strip_type(&words);
        self.romanizer.key(&rest.concat())
    }

    /// Resolves one name, without context.
    pub fn resolve(&self, name: &str) -> Resolution {
        self.resolve_with(name, &Context::default())
    }

    /// Resolves one name; `ctx` (places named nearby) settles ambiguity.
    pub fn resolve_with(&self, name: &str, ctx: &Context) -> Resolution {
        if name.len() > 512 {
            return Resolution::with_note("longer than 512 bytes: not a name");
        }
        if zawgyi::looks_zawgyi(name) {
            return self.resolve_zawgyi(name, ctx);
        }
        self.resolve_unicode(name, ctx)
    }

    /// Zawgyi text is never matched as written: it is converted, and the
    /// Unicode text's resolution is kept (with a note) when it finds a name
    /// as written (exact, alias, key) or a unit; otherwise `none` with a note.
    fn resolve_zawgyi(&self, name: &str, ctx: &Context) -> Resolution {
        let converter = &self.lexicon.zawgyi;
        if converter.is_empty() {
            return Resolution::with_note(zawgyi::NOTE);
        }
        let unicode = converter.convert(name);
        // Still Zawgyi-looking: not Zawgyi after all, or garbled; no guess.
        if zawgyi::looks_zawgyi(&unicode) {
            return Resolution::with_note(zawgyi::NOTE);
        }
        converted(self.resolve_unicode(&unicode, ctx))
    }

    /// [`Normalizer::resolve_with`] for text known not to be Zawgyi.
    fn resolve_unicode(&self, name: &str, ctx: &Context) -> Resolution {
        let words = fold_words(name);
        let full = words.concat();
        if full.is_empty() {
            return Resolution::none();
        }
        // Words that are never names alone ("battalion", "Monday").
        if self.lexicon.not_names.contains_key(&full) {
            return Resolution::none();
        }
        // 1. Exact or alias on the full key.
        if let Some(hits) = self.exact.get(&full) {
            return self.decide_exact(hits, &words.join(" "), ctx);
        }
        // 2. The same without a trailing type word, which becomes a hint.
        let (rest, hint) = self.strip_type(&words);
        let rest_key = rest.concat();
        // A plural type word stands for its singular: "Tanai townships"
        // is "Tanai Township" (exact or alias), never a fuzzy guess.
        if let Some(h) = hint {
            let singular = &self.type_words[h as usize].1.singular;
            if !singular.is_empty() {
                let mut words = rest.clone();
                words.extend(fold_words(singular));
                if let Some(hits) = self.exact.get(&words.concat()) {
                    return self.decide_exact(hits, &words.join(" "), ctx);
                }
            }
        }
        if hint.is_some() {
            if let Some(hits) = self.exact.get(&rest_key) {
                let fit: Vec<(u32, MatchMethod)> = hits
                    .iter()
                    .copied()
                    .filter(|(i, _)| self.fits_hint(*i, None, hint))
                    .collect();
                if !fit.is_empty() {
                    return self.decide_exact(&fit, &rest.join(" "), ctx);
                }
            }
        }
        // 3. Military-unit grammar.
        let unit = self
            .units
            .parse_whole(name)
            .or_else(|| self.units.parse_whole(&rest.join(" ")));
        if let Some(p) = unit {
            return self.resolve_unit(&p);
        }
        // 4 and 5: romanisation key, then fuzzy.
        let rom = self.romanizer.key(&rest_key);
        let ranked = self.rank(&rom, &rest_key, hint, self.config.min_fuzzy_len, 1);
        self.decide_ranked(&ranked, &rom, ctx)
    }

    /// Resolution of exact/alias hits: one entity, or ambiguity (settled by
    /// the hint preference and then by context).
    fn decide_exact(&self, hits: &[(u32, MatchMethod)], spaced: &str, ctx: &Context) -> Resolution {
        let mut ids: Vec<u32> = hits.iter().map(|h| h.0).collect();
        ids.dedup();
        if ids.len() > 1 {
            if let Some(same) = self.spaced.get(spaced) {
                let tight: Vec<u32> = ids.iter().copied().filter(|i| same.contains(i)).collect();
                if !tight.is_empty() {
                    ids = tight;
                }
            }
        }
        let method_of = |i: u32| {
            hits.iter()
                .find(|h| h.0 == i)
                .map_or(MatchMethod::Alias, |h| h.1)
        };
        let picked = self.settle(&ids, ctx);
        match picked.as_slice() {
            [one] => self.single(*one, 1.0, method_of(*one)),
            _ => self.ambiguous(&picked, 1.0),
        }
    }

    /// Narrows `ids` with context; returns them unchanged if context does
    /// not pick exactly one.
    fn settle(&self, ids: &[u32], ctx: &Context) -> Vec<u32> {
        if ids.len() < 2 || ctx.is_empty() {
            return ids.to_vec();
        }
        let fits: Vec<u32> = ids
            .iter()
            .copied()
            .filter(|&i| {
                let e = self.entry(i);
                ctx.ids.contains(&e.id) || e.parent.as_ref().is_some_and(|p| ctx.ids.contains(p))
            })
            .collect();
        if fits.len() == 1 {
            fits
        } else {
            ids.to_vec()
        }
    }

    fn single(&self, i: u32, score: f64, method: MatchMethod) -> Resolution {
        let e = self.entry(i);
        Resolution {
            kind: Some(e.kind),
            ids: vec![e.id.clone()],
            names: vec![e.name.clone()],
            score,
            method,
            note: None,
        }
    }

    fn ambiguous(&self, ids: &[u32], score: f64) -> Resolution {
        let mut entries: Vec<&Entry> = ids.iter().map(|&i| self.entry(i)).collect();
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        entries.dedup_by(|a, b| a.id == b.id);
        Resolution {
            kind: entries.first().map(|e| e.kind),
            ids: entries.iter().map(|e| e.id.clone()).collect(),
            names: entries.iter().map(|e| e.name.clone()).collect(),
            score,
            method: MatchMethod::Ambiguous,
            note: None,
        }
    }

    fn resolve_unit(&self, p: &UnitParse) -> Resolution {
        match &p.kind {
            UnitKind::Typed(abbr) => {
                let canonical = format!("{abbr} {}", p.number);
                let listed = self.exact.get(&fold_key(&canonical)).and_then(|hits| {
                    hits.iter()
                        .find(|(i, _)| self.entry(*i).kind == EntityKind::Unit)
                });
                if let Some((i, _)) = listed {
                    return self.single(*i, 1.0, MatchMethod::Unit);
                }
                Resolution {
                    kind: Some(EntityKind::Unit),
                    ids: vec![format!("unit:{}-{}", abbr.to_lowercase(), p.number)],
                    names: vec![canonical],
                    score: 1.0,
                    method: MatchMethod::Unit,
                    note: None,
                }
            }
            UnitKind::Generic(family) => {
                let hits: Vec<u32> = self
                    .units_by_number
                    .get(&p.number)
                    .into_iter()
                    .flatten()
                    .filter(|(abbr, _)| family.is_empty() || self.units.family(abbr) == family)
                    .map(|(_, i)| *i)
                    .collect();
                match hits.as_slice() {
                    [] => Resolution {
                        kind: Some(EntityKind::Unit),
                        note: Some(format!(
                            "{family} {} of unknown type: not in the gazetteer",
                            p.number
                        )),
                        ..Resolution::none()
                    },
                    [one] => self.single(*one, 1.0, MatchMethod::Unit),
                    many => self.ambiguous(many, 1.0),
                }
            }
        }
    }

    /// Entities ranked for a romanisation key `rom` (and its folded form
    /// `fold`): the key's own forms first (method `key`), then fuzzy
    /// candidates. Best first; ties by entry index.
    ///
    /// Key matches always rank above fuzzy ones, so when the key alone
    /// yields `need` entities the fuzzy search is skipped: it could not
    /// change the first `need` places.
    fn rank(
        &self,
        rom: &str,
        fold: &str,
        hint: Option<u16>,
        min_len: usize,
        need: usize,
    ) -> Vec<Ranked> {
        let ranked = self.rank_hinted(rom, fold, hint, min_len, need);
        // A type word no candidate fits ("Momauk village" for a town) is
        // ignored rather than allowed to make a town and its township tie.
        if hint.is_some() && ranked.first().is_some_and(|r| !r.3) {
            return self.rank_hinted(rom, fold, None, min_len, need);
        }
        ranked
    }

    fn rank_hinted(
        &self,
        rom: &str,
        fold: &str,
        hint: Option<u16>,
        min_len: usize,
        need: usize,
    ) -> Vec<Ranked> {
        // Buffers reused across lookups on this thread (taken, then put
        // back, so a nested lookup would only allocate afresh).
        let mut sc = RANK_SCRATCH.with(|c| c.take());
        let RankScratch {
            qf,
            qr,
            qdigits,
            ends,
            best,
            rows,
            near,
            by_lev,
            far,
        } = &mut sc;
        qf.clear();
        qf.extend(fold.chars());
        qr.clear();
        qr.extend(rom.chars());
        qdigits.clear();
        qdigits.extend(fold.bytes().filter(u8::is_ascii_digit));
        self.pairs.ends_in(qf, ends);
        best.clear();
        let (qf, qr, qdigits, ends) = (&*qf, &*qr, &*qdigits, &*ends);
        let (ws, rom_penalty) = (WEIGHTED_SHARE, ROM_PENALTY);
        // Best score so far among forms fitting the hint: a form that cannot
        // come within the ambiguity margin of it (even with the hint bonus)
        // is not worth finishing its distance, nor its Jaro-Winkler.
        let mut floor = f64::NEG_INFINITY;
        // Entities found so far (readable while `consider` holds `best`).
        let found = std::cell::Cell::new(0usize);
        // Best score so far.
        let top = std::cell::Cell::new(f64::NEG_INFINITY);
        let margin = self.config.ambiguity_margin + HINT_BONUS;
        let mut consider = |k: u32, method: MatchMethod| {
            let cr = self.keys.chars(k);
            // The largest distance over `max` letters that can still score
            // above the floor, given a perfect Jaro-Winkler.
            let cut = |max: f64, floor: f64| -> f32 {
                if floor == f64::NEG_INFINITY {
                    return f32::INFINITY;
                }
                let need = (floor - margin - (1.0 - ws)) / ws;
                ((1.0 - need) * max).max(0.0) as f32
            };
            for f in self.keys.forms(k) {
                // Numbers are identities, not spellings: "Aung Myay 1" is
                // never a misspelling of "Aung Myay 2" or "Battalion 58".
                if (f.digits || !qdigits.is_empty())
                    && !f
                        .fold
                        .bytes()
                        .filter(u8::is_ascii_digit)
                        .eq(qdigits.iter().copied())
                {
                    continue;
                }
                let cf = self.keys.form_chars(f);
                let max = qf.len().max(cf.len()).max(1) as f64;
                let c = cut(max, floor);
                let d_fold = distance::distance_with(qf, cf, &self.pairs, ends, rows, c);
                // The distance between the keys, plus its penalty, counts
                // only below both the cut and the folded distance: computed
                // second, it is mostly cut off within a few rows. Cut off,
                // it is only known to exceed its cut (adding the penalty to
                // that bound could round it back under); the slack keeps a
                // distance right at the cut exact.
                let rom_cut = c.min(d_fold) - rom_penalty + 1e-3;
                let d = if rom_cut < 0.0 {
                    d_fold
                } else {
                    match distance::distance_with(qr, cr, &self.no_pairs, &[], rows, rom_cut) {
                        r if r > rom_cut => d_fold,
                        r => d_fold.min(r + rom_penalty),
                    }
                };
                let fits = self.fits_hint(f.entry, f.hint, hint);
                if d > c {
                    continue;
                }
                let wsim = (1.0 - d as f64 / max).max(0.0);
                let s = ws * wsim + (1.0 - ws) * jaro_winkler(qf, cf);
                if fits {
                    floor = floor.max(s);
                }
                top.set(top.get().max(s));
                let slot = best.entry(f.entry).or_insert_with(|| {
                    found.set(found.get() + 1);
                    (s, method, fits)
                });
                if (fits, s) > (slot.2, slot.0) {
                    *slot = (s, method, fits);
                }
            }
        };
        // The query's own key, if the gazetteer has it (keys are distinct,
        // so comparing numbers is comparing keys).
        let own = self.key_ids.get(rom).copied();
        if let Some(k) = own {
            consider(k, MatchMethod::Key);
        }
        let len = qr.len();
        if len >= min_len.max(1) && found.get() < need.max(1) {
            // Keys one deletion away on each side first: they are close, so
            // the score floor rises early and cuts later distances short.
            near.clear();
            self.deletes.candidates(
                rom,
                self.config.two_deletions_from_len,
                MAX_DELETE_HITS,
                near,
            );
            near.sort_unstable();
            near.dedup();
            // Closest first by plain Levenshtein between keys (a few
            // nanoseconds each), so the floor rises early.
            let lev = distance::Levenshtein::new(rom);
            self.keys.warm(near.iter().copied());
            by_lev.clear();
            by_lev.extend(near.iter().filter(|&&k| Some(k) != own).map(|&k| {
                (
                    lev.distance_known(self.keys.text(k), self.keys.is_ascii(k)),
                    k,
                )
            }));
            by_lev.sort_unstable();
            self.keys.warm_forms(by_lev.iter().map(|x| x.1));
            for &(_, k) in by_lev.iter() {
                consider(k, MatchMethod::Fuzzy);
            }
            // The trigram search (the costly part) only when no close key
            // scored well enough to settle the question.
            if top.get() < self.config.confident_score {
                // Screened by plain Levenshtein between keys (a few
                // nanoseconds each): only the closest `max_ranked` get the
                // weighted distance, ties in Dice order.
                let picked =
                    self.index
                        .candidates(rom, self.config.max_candidates, 1, MAX_LEN_DIFF);
                self.keys.warm(picked.iter().map(|c| c.0));
                far.clear();
                far.extend(
                    picked
                        .into_iter()
                        .enumerate()
                        .filter(|&(_, (k, _))| Some(k) != own && near.binary_search(&k).is_err())
                        .map(|(i, (k, _))| {
                            (
                                lev.distance_known(self.keys.text(k), self.keys.is_ascii(k)),
                                i as u32,
                                k,
                            )
                        }),
                );
                let keep = self.config.max_ranked.min(far.len());
                if keep < far.len() {
                    far.select_nth_unstable(keep);
                    far.truncate(keep);
                }
                far.sort_unstable();
                self.keys.warm_forms(far.iter().map(|x| x.2));
                for &(_, _, k) in far.iter() {
                    consider(k, MatchMethod::Fuzzy);
                }
            }
        }
        let mut ranked: Vec<(u32, f64, MatchMethod, bool)> =
            best.iter().map(|(&i, &(s, m, f))| (i, s, m, f)).collect();
        RANK_SCRATCH.with(|c| c.replace(sc));
        // Key matches first; then by score, where fitting the type-word hint
        // is worth a small bonus (it separates a town from its township, but
        // does not lift a poor fuzzy match above a key match).
        let order = |r: &(u32, f64, MatchMethod, bool)| {
            (
                r.2 == MatchMethod::Key,
                r.1 + if r.3 { HINT_BONUS } else { 0.0 },
            )
        };
        ranked.sort_by(|a, b| {
            let (ka, sa) = order(a);
            let (kb, sb) = order(b);
            kb.cmp(&ka).then(sb.total_cmp(&sa)).then(a.0.cmp(&b.0))
        });
        ranked
    }

    fn decide_ranked(&self, ranked: &[Ranked], rom: &str, ctx: &Context) -> Resolution {
        let Some(&(top, score, method, fits)) = ranked.first() else {
            return Resolution::none();
        };
        let rejected = || Resolution {
            kind: Some(self.entry(top).kind),
            score,
            ..Resolution::none()
        };
        if method == MatchMethod::Fuzzy
            && (score < self.config.min_score
                || rom.chars().count() < self.config.min_fuzzy_len.max(1))
        {
            return rejected();
        }
        let margin = self.config.ambiguity_margin;
        let close: Vec<u32> = ranked
            .iter()
            .take_while(|(_, s, m, f)| {
                *f == fits && (*m == method || method == MatchMethod::Fuzzy) && score - *s <= margin
            })
            .map(|(i, _, _, _)| *i)
            .collect();
        let picked = self.settle(&close, ctx);
        match picked.as_slice() {
            [one] => self.single(*one, round3(score), method),
            _ => self.ambiguous(&picked, round3(score)),
        }
    }

    /// The best `n` entities for `name` with their scores, ignoring
    /// ambiguity and thresholds (for benchmarks and diagnostics).
    pub fn candidates(&self, name: &str, n: usize) -> Vec<Candidate> {
        let words = fold_words(name);
        let full = words.concat();
        if full.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Candidate> = Vec::new();
        if let Some(hits) = self.exact.get(&full) {
            out.extend(hits.iter().map(|&(i, m)| Candidate {
                entry: i as usize,
                score: 1.0,
                method: m,
            }));
        }
        let (rest, hint) = self.strip_type(&words);
        let rest_key = rest.concat();
        let rom = self.romanizer.key(&rest_key);
        for (i, s, m, _) in self.rank(&rom, &rest_key, hint, 1, n) {
            if out.len() >= n {
                break;
            }
            if out.iter().all(|c| c.entry != i as usize) {
                out.push(Candidate {
                    entry: i as usize,
                    score: s,
                    method: m,
                });
            }
        }
        out.truncate(n);
        out
    }

    /// A context of the given resolved entities: their ids and their
    /// parents (below state level), so a village's township counts.
    pub fn context_of<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Context {
        let mut ctx = Context::default();
        for id in ids {
            let Some(e) = self.gazetteer.get(id) else {
                continue;
            };
            if e.kind != EntityKind::Place {
                continue;
            }
            if !matches!(e.level.as_deref(), Some("state" | "country")) {
                ctx.ids.insert(e.id.clone());
            }
            if let Some(p) = e.parent.as_deref().and_then(|p| self.gazetteer.get(p)) {
                if !matches!(p.level.as_deref(), Some("state" | "country")) {
                    ctx.ids.insert(p.id.clone());
                }
            }
        }
        ctx
    }

    fn normalize_report(&self, report: Report, memo: &Memo) -> NormalizedReport {
        let mentions = self.find_mentions_memo(&report.id, &report.text, memo);
        let norm_text = normalized_text(&report.text, &mentions);
        let ctx = self.context_of(
            mentions
                .iter()
                .filter(|m| m.method.is_resolved())
                .map(|m| m.id.as_str()),
        );
        let hand_refs = report
            .hand_claims
            .iter()
            .map(|c| {
                let one = |name: &Option<String>| {
                    let name = name.as_deref()?;
                    let r = self.resolve_with(name, &ctx);
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

/// Scratch buffers of [`Normalizer::rank_hinted`], one set per thread.
#[derive(Default)]
struct RankScratch {
    qf: Vec<char>,
    qr: Vec<char>,
    qdigits: Vec<u8>,
    ends: Vec<(u32, u32)>,
    best: FxHashMap<u32, (f64, MatchMethod, bool)>,
    rows: Vec<f32>,
    near: Vec<u32>,
    by_lev: Vec<(usize, u32)>,
    far: Vec<(usize, u32, u32)>,
}

thread_local! {
    static RANK_SCRATCH: std::cell::RefCell<RankScratch> =
        std::cell::RefCell::new(RankScratch::default());
}

/// strsim's Jaro-Winkler over characters already decoded: the same
/// function as `strsim::jaro_winkler` on the strings (it iterates their
/// `chars()`), without decoding and counting them again on every call.
fn jaro_winkler(a: &[char], b: &[char]) -> f64 {
    struct Chars<'a>(&'a [char]);
    impl<'b> IntoIterator for &'b Chars<'_> {
        type Item = &'b char;
        type IntoIter = std::slice::Iter<'b, char>;
        fn into_iter(self) -> Self::IntoIter {
            self.0.iter()
        }
    }
    strsim::generic_jaro_winkler(&Chars(a), &Chars(b))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The text with resolved mentions replaced by canonical names, folded
/// (lowercase, no diacritics, ASCII digits) with punctuation as spaces.
pub fn normalized_text(text: &str, mentions: &[Mention]) -> String {
    let mut replaced = String::with_capacity(text.len());
    let mut at = 0;
    for m in mentions {
        if m.start < at || m.end > text.len() {
            continue;
        }
        replaced.push_str(&text[at..m.start]);
        at = m.end;
        if m.method.is_resolved() {
            replaced.push(' ');
            replaced.push_str(&m.name);
            replaced.push(' ');
            // The possessive of a replaced name goes with it ("LIB-321's").
            let rest = &text[at..];
            let mut cs = rest.char_indices();
            if let (Some((_, a)), Some((_, 's' | 'S'))) = (cs.next(), cs.next()) {
                let after = cs.next().map(|(_, c)| c);
                if key::is_apostrophe(a) && after.map_or(true, |c| !c.is_alphanumeric()) {
                    at += a.len_utf8() + 1;
                }
            }
        } else {
            replaced.push_str(&m.surface);
        }
    }
    replaced.push_str(&text[at..]);
    fold_words(&replaced).join(" ")
}

/// Finds and resolves mentions in every report, in parallel.
pub fn run(normalizer: &Normalizer, ingested: Ingested) -> Normalized {
    run_memo(normalizer, ingested, &Memo::new())
}

/// [`run`] sharing `memo` (context-free phrase resolutions) with other
/// calls: the pipeline normalises reports in chunks with one memo.
pub(crate) fn run_memo(normalizer: &Normalizer, ingested: Ingested, memo: &Memo) -> Normalized {
    let reports = ingested
        .reports
        .into_par_iter()
        .map(|r| normalizer.normalize_report(r, memo))
        .collect();
    Normalized {
        reports,
        rejected: ingested.rejected,
        stats: ingested.stats,
    }
}

/// The resolution `r` of Unicode text converted from Zawgyi, as it counts:
/// only a name found as written (exact, alias, key) or a unit, with
/// [`zawgyi::NOTE_CONVERTED`]; anything else is `none` with
/// [`zawgyi::NOTE`]. Text that merely looks Zawgyi (Shan script sets the
/// detector off too) converts to garble, and garble must not fuzzy-match a
/// Burmese name.
fn converted(mut r: Resolution) -> Resolution {
    if !matches!(
        r.method,
        MatchMethod::Exact | MatchMethod::Alias | MatchMethod::Key | MatchMethod::Unit
    ) {
        return Resolution::with_note(zawgyi::NOTE);
    }
    r.note = Some(match r.note.take() {
        Some(n) => format!("{}; {n}", zawgyi::NOTE_CONVERTED),
        None => zawgyi::NOTE_CONVERTED.to_string(),
    });
    r
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The decoded-characters Jaro-Winkler is strsim's, bit for bit
        /// (rankings compare these floats).
        #[test]
        fn jaro_winkler_over_chars_is_strsims(a in "[a-eမြစ်]{0,12}", b in "[a-eမြစ်]{0,12}") {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(
                super::jaro_winkler(&ca, &cb).to_bits(),
                strsim::jaro_winkler(&a, &b).to_bits()
            );
        }
    }
}
