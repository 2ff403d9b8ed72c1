//! Mentions in running text.
//!
//! Three sources of spans, merged longest-first without overlap:
//! 1. an Aho-Corasick automaton over the folded (spaceless) names and
//!    aliases, run on the folded text; a byte map leads every match back to
//!    the original text, and matches must start and end on word boundaries
//!    (except in Burmese script, which does not separate words);
//! 2. the military-unit grammar, run on the original text;
//! 3. capitalised phrases the gazetteer does not spell, resolved by key or
//!    fuzzy matching, with guards: leading common words, months and
//!    weekdays are dropped and phrases after a title ("Col. Naw Bu") are
//!    person names, not places.
//!
//! Zawgyi-encoded stretches come first: converted with a map back to their
//! syllables, searched by the automaton and the unit grammar, and matched as
//! written only where a match's own text does not look Zawgyi.
//!
//! Ambiguous mentions are then re-resolved with the places the report names.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::key::{fold_char, fold_key, fold_words, is_apostrophe, is_myanmar, Folded};
use super::{zawgyi, Normalizer, Resolution};
use crate::model::{MatchMethod, Mention};

/// Folded text with a map back to the original bytes.
struct FoldedText {
    text: String,
    /// Per folded byte: the original byte span of the character it came from.
    src: Vec<(u32, u32)>,
    /// Per folded byte: true when a new word starts here.
    word_start: Vec<bool>,
}

impl FoldedText {
    fn new(original: &str) -> FoldedText {
        let mut text = String::with_capacity(original.len());
        let mut src = Vec::with_capacity(original.len());
        let mut word_start = Vec::with_capacity(original.len());
        let mut boundary = true;
        let mut chars = original.char_indices().peekable();
        let mut buf = String::new();
        while let Some((i, c)) = chars.next() {
            // Possessive 's ends the word ("KIA's" -> "kia").
            if is_apostrophe(c) && !boundary {
                if let Some(&(_, s)) = chars.peek() {
                    if s == 's' || s == 'S' {
                        let mut look = chars.clone();
                        look.next();
                        let ends = look.peek().map_or(true, |&(_, n)| {
                            let mut t = String::new();
                            fold_char(n, &mut t) == Folded::Sep
                        });
                        if ends {
                            chars.next();
                            boundary = true;
                            continue;
                        }
                    }
                }
            }
            buf.clear();
            match fold_char(c, &mut buf) {
                Folded::Drop => {}
                Folded::Sep => boundary = true,
                Folded::Word => {
                    let span = (i as u32, (i + c.len_utf8()) as u32);
                    for (n, _) in buf.bytes().enumerate() {
                        src.push(span);
                        word_start.push(boundary && n == 0);
                    }
                    text.push_str(&buf);
                    boundary = false;
                }
            }
        }
        FoldedText {
            text,
            src,
            word_start,
        }
    }

    fn starts_word(&self, at: usize) -> bool {
        at >= self.word_start.len() || self.word_start[at]
    }
}

/// Shards of a [`Memo`]: enough that threads rarely wait on one lock.
const MEMO_SHARDS: usize = 32;
/// Most phrases a [`Memo`] keeps (per shard), so a long-lived memo's
/// memory stays bounded; later phrases are resolved without memoising.
const MEMO_SHARD_CAPACITY: usize = 1 << 14;

/// Context-free resolutions of the phrases met in running text, shared by
/// the reports of one run (names repeat across reports: 2.1 M capitalised
/// phrases but 15 k distinct ones in 100 k synthetic reports).
///
/// [`Normalizer::resolve`] is a pure function of the phrase, so a memoised
/// answer is the answer: output does not depend on which thread filled
/// the memo first. Re-resolution with a report's context is never memoised.
/// Hand-written rather than a caching crate: a sharded `Mutex<HashMap>` is
/// all it needs.
pub struct Memo {
    shards: Vec<Mutex<HashMap<Box<str>, Resolution>>>,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo::new()
    }
}

impl Memo {
    pub fn new() -> Memo {
        Memo {
            shards: (0..MEMO_SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    fn shard(&self, phrase: &str) -> &Mutex<HashMap<Box<str>, Resolution>> {
        let h = xxhash_rust::xxh3::xxh3_64(phrase.as_bytes());
        &self.shards[(h % MEMO_SHARDS as u64) as usize]
    }

    /// The memoised resolution of `phrase`, computed by `resolve` when new.
    fn get_or(&self, phrase: &str, resolve: impl FnOnce() -> Resolution) -> Resolution {
        let shard = self.shard(phrase);
        // A poisoned lock only means another thread panicked mid-insert of
        // a pure value: the map is still valid.
        if let Some(r) = shard.lock().unwrap_or_else(|e| e.into_inner()).get(phrase) {
            return r.clone();
        }
        // Resolved outside the lock: two threads may both resolve a new
        // phrase, and get the same answer.
        let r = resolve();
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() < MEMO_SHARD_CAPACITY {
            map.insert(phrase.into(), r.clone());
        }
        r
    }
}

/// A candidate span with its resolution; lower `rank` wins ties.
struct Span {
    start: usize,
    end: usize,
    rank: u8,
    resolution: Resolution,
}

fn phrase_regex() -> &'static Option<Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\p{Lu}[\p{L}\p{M}'’]*(?:[ \-]\p{Lu}[\p{L}\p{M}'’]*|[ \-][0-9]+)*").ok()
    })
}

fn word_regex() -> &'static Option<Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[\p{L}\p{M}\p{N}'’]+").ok())
}

/// Longest Zawgyi run resolved as a name (longer ones are running text:
/// reported, not looked up).
const MAX_ZAWGYI_SPAN: usize = 512;
/// Most words of a Zawgyi name looked up inside a longer run.
const MAX_ZAWGYI_WORDS: usize = 4;

/// A word of Myanmar text: no space, no Myanmar punctuation (U+104A/B).
fn myanmar_run_regex() -> &'static Option<Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[\x{1000}-\x{1049}\x{104C}-\x{109F}]+").ok())
}

/// Myanmar words joined by spaces: a stretch converted from Zawgyi as one.
fn myanmar_stretch_regex() -> &'static Option<Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"[\x{1000}-\x{1049}\x{104C}-\x{109F}]+(?: +[\x{1000}-\x{1049}\x{104C}-\x{109F}]+)*",
        )
        .ok()
    })
}

/// Most syllables of a Zawgyi word reported `none` when nothing is found
/// in it (place names have 1 to 4).
const MAX_ZAWGYI_NONE_SYLLABLES: usize = 4;

/// Syllables of Zawgyi text: its consonants and independent vowels, but
/// not a consonant closed by the asat (U+1039 in Zawgyi), which ends the
/// syllable before it ("ေတာင္ႀကီး", taung-gyi: 2).
fn syllables(zawgyi: &str) -> usize {
    let mut chars = zawgyi.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        if ('\u{1000}'..='\u{102A}').contains(&c) && chars.peek() != Some(&'\u{1039}') {
            n += 1;
        }
    }
    n
}

/// Two or more Myanmar words joined by single spaces.
fn myanmar_words_regex() -> &'static Option<Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"[\x{1000}-\x{1049}\x{104C}-\x{109F}]+(?: [\x{1000}-\x{1049}\x{104C}-\x{109F}]+)+",
        )
        .ok()
    })
}

impl Normalizer {
    fn automaton(&self) -> Option<&(AhoCorasick, Vec<String>)> {
        self.automaton
            .get_or_init(|| {
                let mut patterns: Vec<String> = self
                    .exact
                    .keys()
                    .filter(|k| k.chars().count() >= 2)
                    .cloned()
                    .collect();
                patterns.sort();
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .ok()
                    .map(|ac| (ac, patterns))
            })
            .as_ref()
    }

    /// True when every gazetteer spelling behind folded `key` starts with a
    /// capital: then an all-lowercase occurrence in text ("muse", "shan")
    /// is an ordinary word, not the name.
    fn needs_capital(&self, key: &str) -> bool {
        let Some(hits) = self.exact.get(key) else {
            return true;
        };
        hits.iter().all(|&(i, _)| {
            let e = self.entry(i);
            std::iter::once(&e.name)
                .chain(e.aliases.iter())
                .filter(|n| fold_key(n) == key)
                .all(|n| n.chars().next().is_some_and(|c| !c.is_lowercase()))
        })
    }

    /// Every mention of a gazetteer entity or military unit in `text`,
    /// sorted by (start, end), with byte offsets into `text`.
    pub fn find_mentions(&self, report_id: &str, text: &str) -> Vec<Mention> {
        self.find_mentions_memo(report_id, text, &Memo::new())
    }

    /// [`Normalizer::resolve`] through `memo`.
    pub fn resolve_memo(&self, phrase: &str, memo: &Memo) -> Resolution {
        memo.get_or(phrase, || self.resolve(phrase))
    }

    /// [`Normalizer::find_mentions`] with the context-free resolutions of
    /// phrases shared through `memo` (same output, faster when names repeat).
    pub fn find_mentions_memo(&self, report_id: &str, text: &str, memo: &Memo) -> Vec<Mention> {
        let mut spans: Vec<Span> = Vec::new();
        // Zawgyi-encoded runs are never matched as written: each is converted
        // and resolved (with a note), or reported `none` with a note.
        self.zawgyi_spans(text, memo, &mut spans);
        let mut found = Vec::new();
        self.automaton_spans(text, memo, &mut found);
        // A match as written stands beside the Zawgyi ones unless it
        // overlaps one or is Zawgyi-looking itself: a space-less run may mix
        // Unicode and Zawgyi ("လားရှိုးလိုင္ဇာ").
        found.retain(|f| {
            spans.iter().all(|z| f.end <= z.start || f.start >= z.end)
                && !zawgyi::looks_zawgyi(&text[f.start..f.end])
        });
        spans.extend(found);
        for p in self.units.find_all(text) {
            spans.push(Span {
                start: p.start,
                end: p.end,
                rank: 2,
                resolution: self.resolve_unit(&p),
            });
        }
        self.zawgyi_unresolved(text, &mut spans);
        let mut chosen = select(spans);
        self.phrase_spans(text, memo, &mut chosen);
        chosen.sort_by_key(|s| (s.start, s.end));
        self.plural_lists(text, memo, &mut chosen);
        // Context: places resolved in this report settle the ambiguous ones.
        let ctx = self.context_of(
            chosen
                .iter()
                .filter(|s| s.resolution.method.is_resolved())
                .flat_map(|s| s.resolution.ids.iter().map(String::as_str)),
        );
        chosen
            .into_iter()
            .map(|mut s| {
                if s.resolution.method == MatchMethod::Ambiguous && !ctx.is_empty() {
                    let again = self.resolve_with(&text[s.start..s.end], &ctx);
                    if again.method.is_resolved() {
                        s.resolution = again;
                    }
                }
                s.resolution.to_mention(report_id, text, s.start, s.end)
            })
            .collect()
    }

    /// "in Momauk, Mansi and Tanai townships": a plural type word after a
    /// list of names applies its singular to each name of the list, which
    /// then resolves as "Tanai Township" would (exact or alias only; a name
    /// without such a row keeps its own resolution). `spans` are sorted.
    fn plural_lists(&self, text: &str, memo: &Memo, spans: &mut [Span]) {
        let Some(words_re) = word_regex() else {
            return;
        };
        let mut i = spans.len();
        while i > 0 {
            i -= 1;
            let end = spans[i].end;
            let Some(next) = words_re.find(&text[end..]) else {
                continue;
            };
            let gap = &text[end..end + next.start()];
            if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '-') {
                continue;
            }
            let word = fold_key(next.as_str());
            let Some((_, tw)) = self
                .type_words
                .iter()
                .find(|(w, t)| !t.singular.is_empty() && w.len() == 1 && w[0] == word)
            else {
                continue;
            };
            // Back over the list: names joined by commas, "and", "or".
            let mut j = i;
            loop {
                let surface = format!("{} {}", &text[spans[j].start..spans[j].end], tw.singular);
                let r = self.resolve_memo(&surface, memo);
                if matches!(r.method, MatchMethod::Exact | MatchMethod::Alias) {
                    spans[j].resolution = r;
                }
                if j == 0 {
                    break;
                }
                let gap = &text[spans[j - 1].end..spans[j].start];
                let plain = gap
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == ',' || c == ' ');
                let joins = fold_words(gap).iter().all(|w| w == "and" || w == "or");
                if gap.is_empty() || !plain || !joins {
                    break;
                }
                j -= 1;
            }
            i = j;
        }
    }

    /// Names in Zawgyi-encoded text, with offsets of the original text.
    ///
    /// Burmese does not separate words, so a Zawgyi "word" is often a whole
    /// clause ("in Myitkyina town"). Each stretch of Myanmar words joined by
    /// spaces that looks Zawgyi is converted with its map
    /// ([`zawgyi::Converter::convert_mapped`]); the name automaton and the
    /// unit grammar run on the Unicode text, and each match is led back to
    /// the whole syllables it came from. The whole words and short phrases
    /// are also looked up as before: a name found only by its key
    /// ("ဝိုင္းေမာ္ၿမိဳ႕") comes from there. Only names found as written (or
    /// units) count, as in [`Normalizer::resolve`].
    fn zawgyi_spans(&self, text: &str, memo: &Memo, spans: &mut Vec<Span>) {
        let (Some(word_re), Some(words_re), Some(stretch_re)) = (
            myanmar_run_regex(),
            myanmar_words_regex(),
            myanmar_stretch_regex(),
        ) else {
            return;
        };
        let converter = &self.lexicon.zawgyi;
        if !converter.is_empty() {
            for m in stretch_re.find_iter(text) {
                if zawgyi::looks_zawgyi(m.as_str()) {
                    self.converted_spans(m.as_str(), m.start(), memo, spans);
                }
            }
        }
        // Zawgyi text resolves through `converted`, which keeps only the
        // methods that count (exact, alias, key, unit) and makes the rest
        // `none`: a resolved answer is one that counts.
        let counts = |r: &Resolution| r.method.is_resolved();
        let words: Vec<regex::Match<'_>> = word_re
            .find_iter(text)
            .filter(|m| zawgyi::looks_zawgyi(m.as_str()))
            .collect();
        for m in &words {
            if m.len() <= MAX_ZAWGYI_SPAN {
                let resolution = self.resolve_memo(m.as_str(), memo);
                if counts(&resolution) {
                    spans.push(Span {
                        start: m.start(),
                        end: m.end(),
                        rank: 0,
                        resolution,
                    });
                }
            }
        }
        // Names of several words ("ခမရ ၃၂၁", "battalion 321"): every run of
        // 2 to MAX_ZAWGYI_WORDS words, and the whole, kept only when it
        // resolves as written in the gazetteer or by the unit grammar.
        for m in words_re.find_iter(text) {
            let words: Vec<(usize, usize)> = word_re
                .find_iter(m.as_str())
                .map(|w| (m.start() + w.start(), m.start() + w.end()))
                .collect();
            let n = words.len();
            let windows = (0..n)
                .flat_map(|i| (i + 1..n.min(i + MAX_ZAWGYI_WORDS)).map(move |j| (i, j)))
                .chain((n > MAX_ZAWGYI_WORDS).then_some((0, n - 1)));
            for (i, j) in windows {
                let (start, end) = (words[i].0, words[j].1);
                let phrase = &text[start..end];
                if end - start > MAX_ZAWGYI_SPAN || !zawgyi::looks_zawgyi(phrase) {
                    continue;
                }
                let resolution = self.resolve_memo(phrase, memo);
                if counts(&resolution) {
                    spans.push(Span {
                        start,
                        end,
                        rank: 0,
                        resolution,
                    });
                }
            }
        }
    }

    /// Zawgyi words where no span was found, reported `none` with the note
    /// saying to convert the text, but only when short enough to be a name
    /// the gazetteer lacks ("ေတာင္ႀကီး", Taunggyi): a longer word is a clause
    /// of running text (Burmese puts no space between words), not a name;
    /// a `none` mention per clause would flood mentions.csv with "names"
    /// that are none. Before the names inside clauses were found, every
    /// Zawgyi word was such a mention.
    fn zawgyi_unresolved(&self, text: &str, spans: &mut Vec<Span>) {
        let Some(word_re) = myanmar_run_regex() else {
            return;
        };
        let mut none = Vec::new();
        for m in word_re.find_iter(text) {
            let free = spans
                .iter()
                .all(|s| s.end <= m.start() || s.start >= m.end());
            if free
                && syllables(m.as_str()) <= MAX_ZAWGYI_NONE_SYLLABLES
                && zawgyi::looks_zawgyi(m.as_str())
            {
                none.push(Span {
                    start: m.start(),
                    end: m.end(),
                    rank: 0,
                    resolution: Resolution::with_note(zawgyi::NOTE),
                });
            }
        }
        spans.extend(none);
    }

    /// Names and units in the conversion of `stretch` (Zawgyi text found at
    /// byte `offset` of the report), with original offsets.
    fn converted_spans(&self, stretch: &str, offset: usize, memo: &Memo, spans: &mut Vec<Span>) {
        let (unicode, map) = self.lexicon.zawgyi.convert_mapped(stretch);
        // The original range of the whole units covering unicode[s..e].
        let original = |s: usize, e: usize| {
            let a = map.partition_point(|(o, _)| o.1 <= s);
            let b = map.partition_point(|(o, _)| o.1 < e);
            let (first, last) = (map.get(a)?, map.get(b.max(a))?);
            Some(((first.0 .0, last.0 .1), (first.1 .0, last.1 .1)))
        };
        let mut found: Vec<(usize, usize, Resolution)> = Vec::new();
        let mut push = |s: usize, e: usize, resolve: &dyn Fn(&str) -> Resolution| {
            let Some(((us, ue), (os, oe))) = original(s, e) else {
                return;
            };
            let words = &unicode[us..ue];
            // Still Zawgyi-looking: garbled or not Zawgyi after all. Left
            // as it was: the same in both encodings (or Unicode in a mixed
            // run), matched as written on the original text.
            if zawgyi::looks_zawgyi(words) || words == &stretch[os..oe] {
                return;
            }
            let r = super::converted(resolve(words));
            if r.method.is_resolved() {
                found.push((offset + os, offset + oe, r));
            }
        };
        for (s, e, _) in self.automaton_matches(&unicode) {
            push(s, e, &|w| self.resolve_memo(w, memo));
        }
        for p in self.units.find_all(&unicode) {
            push(p.start, p.end, &|_| self.resolve_unit(&p));
        }
        spans.extend(found.into_iter().map(|(start, end, resolution)| Span {
            start,
            end,
            rank: 0,
            resolution,
        }));
    }

    /// Gazetteer names the automaton finds in `text` (overlapping): byte
    /// ranges of `text` and the folded name, on word boundaries except at a
    /// Myanmar-script edge (Burmese does not separate words).
    fn automaton_matches(&self, text: &str) -> Vec<(usize, usize, &str)> {
        let Some((ac, patterns)) = self.automaton() else {
            return Vec::new();
        };
        let folded = FoldedText::new(text);
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(&folded.text) {
            let (s, e) = (m.start(), m.end());
            let key = &patterns[m.pattern().as_usize()];
            let first = key.chars().next().is_some_and(is_myanmar);
            let last = key.chars().next_back().is_some_and(is_myanmar);
            if (!first && !folded.starts_word(s)) || (!last && !folded.starts_word(e)) {
                continue;
            }
            let (start, end) = (folded.src[s].0 as usize, folded.src[e - 1].1 as usize);
            out.push((start, end, key.as_str()));
        }
        out
    }

    fn automaton_spans(&self, text: &str, memo: &Memo, spans: &mut Vec<Span>) {
        for (start, end, key) in self.automaton_matches(text) {
            let surface = &text[start..end];
            let capital = surface.chars().next().is_some_and(|c| !c.is_lowercase());
            if !capital && self.needs_capital(key) {
                continue;
            }
            spans.push(Span {
                start,
                end,
                rank: 1,
                resolution: self.resolve_memo(surface, memo),
            });
        }
    }

    /// Capitalised phrases outside `chosen` that resolve by key or fuzzy match.
    fn phrase_spans(&self, text: &str, memo: &Memo, chosen: &mut Vec<Span>) {
        let (Some(re), Some(words_re)) = (phrase_regex(), word_regex()) else {
            return;
        };
        let stop = &self.lexicon.not_names;
        let class = |w: &str| stop.get(&fold_key(w)).map(String::as_str);
        let mut found: Vec<Span> = Vec::new();
        for m in re.find_iter(text) {
            // The word before the phrase: a title makes it a person's name.
            let before = words_re
                .find_iter(&text[floor_boundary(text, m.start().saturating_sub(40))..m.start()])
                .last()
                .map(|w| w.as_str().to_string());
            if before.as_deref().and_then(class) == Some("title") {
                continue;
            }
            let words: Vec<regex::Match<'_>> = words_re.find_iter(m.as_str()).collect();
            // Each word's class, looked up once (folding allocates).
            let classes: Vec<Option<&str>> = words.iter().map(|w| class(w.as_str())).collect();
            let mut first = 0;
            while first < words.len() && classes[first].is_some() {
                if classes[first] == Some("title") {
                    first = words.len();
                    break;
                }
                first += 1;
            }
            let mut last = first;
            while last < words.len()
                && !matches!(classes[last], Some("month" | "weekday" | "title"))
            {
                last += 1;
            }
            if first >= last {
                continue;
            }
            let start = m.start() + words[first].start();
            let mut end = m.start() + words[last - 1].end();
            if chosen.iter().any(|c| start < c.end && c.start < end) {
                continue;
            }
            // A following lowercase type word ("Lweje town") joins as a hint.
            if let Some(next) = words_re.find(&text[end..]) {
                let gap = &text[end..end + next.start()];
                if gap.chars().all(|c| c == ' ' || c == '-')
                    && !gap.is_empty()
                    && self
                        .type_words
                        .iter()
                        .any(|(tw, _)| tw.len() == 1 && tw[0] == fold_key(next.as_str()))
                {
                    end += next.end();
                }
            }
            let surface = &text[start..end];
            let r = self.resolve_memo(surface, memo);
            let key_len = fold_key(&text[start..m.start() + words[last - 1].end()])
                .chars()
                .count();
            let ok = match r.method {
                MatchMethod::Fuzzy => key_len >= self.config.min_text_fuzzy_len,
                MatchMethod::Ambiguous => r.score >= self.config.min_score,
                MatchMethod::None => false,
                _ => true,
            };
            if ok {
                found.push(Span {
                    start,
                    end,
                    rank: 3,
                    resolution: r,
                });
            }
        }
        chosen.extend(select(found));
    }
}

/// Longest spans first, then by rank and start; drops overlaps.
fn select(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.rank.cmp(&b.rank))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Span> = Vec::new();
    for s in spans {
        if kept.iter().all(|k| s.end <= k.start || s.start >= k.end) {
            kept.push(s);
        }
    }
    kept.sort_by_key(|s| (s.start, s.end));
    kept
}

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
