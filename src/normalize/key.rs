//! Canonical keys of names.
//!
//! Two layers:
//! - [`fold_words`] / [`fold_key`]: script-independent folding. NFKD
//!   compatibility forms (full-width letters, NBSP, ligatures) become plain
//!   characters, Latin diacritics go, zero-width characters and soft hyphens
//!   vanish, Burmese digits become ASCII, case is folded, a possessive `'s`
//!   is dropped, apostrophes vanish and every other non-word character
//!   separates words. The spaceless join of the words is the key, so
//!   "Waing Maw", "Waingmaw" and "Waing-maw" are one key.
//! - [`Romanizer`]: the romanisation-aware key, driven entirely by data
//!   (`rewrite_rules.tsv`, `alternations.tsv`): ordered string rewrites that
//!   merge the many ways Burmese and Jinghpaw sounds are written in Latin
//!   letters, then whole-key equivalences.
//!
//! Folding works one input character at a time so that running text can be
//! folded with a byte-offset map back into the original (see `mentions`).

use rustc_hash::FxHashMap;

use unicode_normalization::char::decompose_compatible;

/// What one input character folds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded {
    /// Nothing at all (zero-width characters, soft hyphen, diacritics, apostrophes).
    Drop,
    /// A word separator (space, punctuation, hyphen).
    Sep,
    /// Part of a word: these characters (at most a few).
    Word,
}

/// True for characters of the Myanmar blocks that belong inside words
/// (letters, vowel signs, medials, asat, virama, digits).
pub fn is_myanmar_word(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{1049}' | '\u{104C}'..='\u{109F}' | '\u{AA60}'..='\u{AA7F}' | '\u{A9E0}'..='\u{A9FF}')
}

/// True for characters of any Myanmar block.
pub fn is_myanmar(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{109F}' | '\u{AA60}'..='\u{AA7F}' | '\u{A9E0}'..='\u{A9FF}')
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

fn is_latin_diacritic(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// True for the apostrophes that join rather than split a word (N'Mawk, Ta'ang, KIA's).
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}'
    )
}

/// Folds one character, pushing its word characters onto `out`.
pub fn fold_char(c: char, out: &mut String) -> Folded {
    if is_invisible(c) || is_apostrophe(c) {
        return Folded::Drop;
    }
    if ('\u{1040}'..='\u{1049}').contains(&c) {
        // Burmese digits to ASCII.
        out.push(char::from(b'0' + (c as u32 - 0x1040) as u8));
        return Folded::Word;
    }
    if is_myanmar(c) {
        if is_myanmar_word(c) {
            out.push(c);
            return Folded::Word;
        }
        return Folded::Sep;
    }
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            Folded::Word
        } else {
            Folded::Sep
        };
    }
    let before = out.len();
    let mut sep = false;
    decompose_compatible(c, |d| {
        if is_latin_diacritic(d) || is_invisible(d) {
            return;
        }
        if d.is_alphanumeric() || (is_myanmar_word(d)) {
            if d.is_ascii_digit() {
                out.push(d);
            } else {
                out.extend(d.to_lowercase());
            }
        } else if !is_apostrophe(d) {
            sep = true;
        }
    });
    if out.len() > before {
        // A compatibility character with a separator inside (e.g. "⑴") still
        // counts as one word piece.
        Folded::Word
    } else if sep {
        Folded::Sep
    } else if c.is_alphanumeric() {
        Folded::Drop
    } else {
        // Combining marks of other scripts and the like: keep words together.
        if c.is_whitespace() || c.is_ascii_punctuation() || !is_mark_like(c) {
            Folded::Sep
        } else {
            Folded::Drop
        }
    }
}

/// Non-spacing marks we cannot classify finely without extra tables: the
/// general ranges of combining characters outside the Latin ones.
fn is_mark_like(c: char) -> bool {
    matches!(c, '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0E31}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// The folded words of `s`.
pub fn fold_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        // Possessive 's: an apostrophe, then s, then the end of the word.
        if is_apostrophe(c) && matches!(chars.peek(), Some('s') | Some('S')) {
            let mut look = chars.clone();
            look.next();
            let ends = match look.peek() {
                None => true,
                Some(&n) => {
                    let mut tmp = String::new();
                    fold_char(n, &mut tmp) == Folded::Sep
                }
            };
            if ends && !cur.is_empty() {
                chars.next();
                continue;
            }
        }
        match fold_char(c, &mut cur) {
            Folded::Drop | Folded::Word => {}
            Folded::Sep => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The spaceless folded key of `s`.
pub fn fold_key(s: &str) -> String {
    fold_words(s).concat()
}

/// Where a rewrite rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Any,
    Start,
    End,
}

/// One ordered rewrite of the romanisation key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub from: String,
    pub to: String,
    pub position: Position,
}

/// The romanisation-aware key: ordered rewrites, then whole-key equivalences.
#[derive(Debug, Clone, Default)]
pub struct Romanizer {
    rules: Vec<Rewrite>,
    /// One automaton over the rules' distinct `from` texts, and the rules
    /// under each: one scan tells which rules can apply, instead of one
    /// substring search per rule (most keys need few or no rewrites).
    finder: Option<(aho_corasick::AhoCorasick, Vec<Vec<usize>>)>,
    /// key -> representative of its equivalence class.
    classes: FxHashMap<String, String>,
}

impl Romanizer {
    /// Builds from rewrites (applied in order) and equivalent pairs (already
    /// in rewritten form; each class is represented by its smallest key, so
    /// the result does not depend on the order of pairs).
    pub fn new(rules: Vec<Rewrite>, pairs: &[(String, String)]) -> Romanizer {
        // Union-find over the keys named in pairs.
        let mut parent: FxHashMap<String, String> = FxHashMap::default();
        fn find(parent: &mut FxHashMap<String, String>, k: &str) -> String {
            let mut cur = k.to_string();
            loop {
                let p = parent.get(&cur).cloned().unwrap_or_else(|| cur.clone());
                if p == cur {
                    return cur;
                }
                cur = p;
            }
        }
        for (a, b) in pairs {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent.insert(hi, lo.clone());
                parent.entry(lo.clone()).or_insert(lo);
            }
        }
        let keys: Vec<String> = pairs
            .iter()
            .flat_map(|(a, b)| [a.clone(), b.clone()])
            .collect();
        let mut classes = FxHashMap::default();
        for k in keys {
            let rep = find(&mut parent, &k);
            if rep != k {
                classes.insert(k, rep);
            }
        }
        let mut texts: Vec<&str> = Vec::new();
        let mut rules_of: Vec<Vec<usize>> = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.from.is_empty() {
                continue;
            }
            match texts.iter().position(|t| *t == r.from) {
                Some(p) => rules_of[p].push(i),
                None => {
                    texts.push(&r.from);
                    rules_of.push(vec![i]);
                }
            }
        }
        // Building can only fail on absurd sizes; without the automaton
        // every rule is tried (same result, slower).
        let finder = aho_corasick::AhoCorasick::new(&texts)
            .ok()
            .map(|ac| (ac, rules_of));
        Romanizer {
            rules,
            finder,
            classes,
        }
    }

    /// Which rules' `from` text occurs in `key`.
    fn present(&self, key: &str, out: &mut Vec<bool>) {
        out.clear();
        match &self.finder {
            Some((ac, rules_of)) => {
                out.resize(self.rules.len(), false);
                for m in ac.find_overlapping_iter(key) {
                    for &i in &rules_of[m.pattern().as_usize()] {
                        out[i] = true;
                    }
                }
            }
            None => out.extend(
                self.rules
                    .iter()
                    .map(|r| !r.from.is_empty() && key.contains(r.from.as_str())),
            ),
        }
    }

    /// The romanisation key of an already folded (spaceless) key. Keys with
    /// non-Latin letters are returned unchanged (the rules are about Latin
    /// spellings; Burmese script is matched through the gazetteer's aliases).
    pub fn key(&self, folded: &str) -> String {
        if !folded.is_ascii() {
            return folded.to_string();
        }
        // Rules and classes run to a fixed point (bounded), so the key of a
        // key is the key itself: "attt" -> "att" -> "at".
        let mut k = folded.to_string();
        for _ in 0..8 {
            let next = self.step(&k);
            if next == k {
                break;
            }
            k = next;
        }
        k
    }

    fn step(&self, key: &str) -> String {
        let mut k = key.to_string();
        let mut present = Vec::new();
        self.present(&k, &mut present);
        for (i, r) in self.rules.iter().enumerate() {
            if !present[i] {
                continue;
            }
            // `present` must describe the current text: after a rewrite,
            // scan again (rare).
            let changed = match r.position {
                Position::Any => {
                    k = k.replace(r.from.as_str(), &r.to);
                    true
                }
                Position::Start => match k.strip_prefix(r.from.as_str()) {
                    Some(rest) => {
                        k = format!("{}{}", r.to, rest);
                        true
                    }
                    None => false,
                },
                Position::End => match k.strip_suffix(r.from.as_str()) {
                    Some(rest) => {
                        k = format!("{}{}", rest, r.to);
                        true
                    }
                    None => false,
                },
            };
            if changed {
                self.present(&k, &mut present);
            }
        }
        match self.classes.get(&k) {
            Some(rep) => rep.clone(),
            None => k,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_handles_width_case_spaces_and_invisibles() {
        assert_eq!(fold_key("Ｗａｉｎｇｍａｗ"), "waingmaw");
        assert_eq!(fold_key("Waing\u{00A0}Maw"), "waingmaw");
        assert_eq!(fold_key("Waing-maw"), "waingmaw");
        assert_eq!(fold_key("Wai\u{200B}ng\u{00AD}maw"), "waingmaw");
        assert_eq!(fold_key("Mōmauk"), "momauk");
        assert_eq!(fold_key("KIA's"), "kia");
        assert_eq!(fold_key("N'Mawk"), "nmawk");
        assert_eq!(fold_key("ခမရ ၃၂၁"), "ခမရ321");
        assert_eq!(fold_words("Light Infantry Battalion (LIB) 321").len(), 5);
    }

    #[test]
    fn romanizer_applies_rules_in_order_and_classes() {
        let rules = vec![
            Rewrite {
                from: "ky".into(),
                to: "c".into(),
                position: Position::Any,
            },
            Rewrite {
                from: "gy".into(),
                to: "c".into(),
                position: Position::Any,
            },
            Rewrite {
                from: "ar".into(),
                to: "a".into(),
                position: Position::End,
            },
        ];
        let r = Romanizer::new(rules, &[("liza".into(), "laiza".into())]);
        assert_eq!(r.key("myitkyina"), r.key("myitgyina"));
        assert_eq!(r.key("laizar"), "laiza");
        assert_eq!(r.key("liza"), "laiza");
        assert_eq!(r.key("arlaiza"), "arlaiza");
    }
}
