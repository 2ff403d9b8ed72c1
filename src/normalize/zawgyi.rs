//! Zawgyi detection and conversion to Unicode.
//!
//! Much Burmese text online is typed in the Zawgyi font encoding, which
//! reuses the Myanmar code points with other meanings and a visual order.
//! Matching such text against Unicode aliases would silently fail or, worse,
//! match the wrong name, so normalisation never matches it as written: it
//! converts it ([`Converter`]) and resolves the Unicode text, with a note,
//! or reports it (`none` with [`NOTE`]) when the converted text resolves to
//! nothing.
//!
//! The test is a pattern heuristic adapted from the `ZAWGYI_DETECT_PATTERN`
//! of Unicode CLDR's `MyanmarZawgyiConverter.java`
//! (<https://github.com/unicode-org/cldr>, Copyright © Unicode, Inc. and
//! IBM Corp., distributed under the Unicode License, see
//! <https://www.unicode.org/license.txt>). We keep its strongest signals:
//! code points Zawgyi uses outside standard Burmese, the vowel sign E
//! (U+1031) stored before its consonant, and medials out of order. Google's
//! myanmar-tools (Apache-2.0) uses a trained Markov model instead; a port of
//! that model would be the next step if the heuristic proves too coarse.
//!
//! The conversion follows the approach of the published converters
//! (Parabaik, Rabbit, CLDR's `MyanmarZawgyiConverter`): map code points,
//! then reorder each syllable. Its code-point table is our own, kept as data
//! (`corpora/normalize/zawgyi.tsv`, loaded by [`super::NormalizeLexicon`]);
//! the reordering below is code, since Unicode's storage order is part of
//! the Unicode standard, not of any one encoding.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::lexicon::Row;

fn pattern() -> &'static Option<Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            // Zawgyi-only code points (stacked consonants, medial shapes)
            r"[\x{105A}\x{1060}-\x{1097}]",
            // Mon letters used by Zawgyi for u/uu shapes
            r"|[\x{1033}\x{1034}]",
            // vowel sign E before a medial or at the start of a word
            r"|\x{1031}[\x{103B}-\x{103E}]",
            r"|(?:^|[\s\x{104A}\x{104B}])[\x{1031}\x{103B}]",
            // vowel sign directly before E
            r"|[\x{102B}-\x{1030}\x{1032}]\x{1031}",
            // visarga then E or medial ya
            r"|\x{1038}[\x{1031}\x{103B}]",
            // medials out of Unicode order
            r"|\x{103C}\x{103B}|\x{103D}\x{103B}|\x{103E}\x{103B}|\x{103D}\x{103C}",
            r"|\x{103E}\x{103C}|\x{103E}\x{103D}",
            // virama at the end or before a non-consonant
            r"|\x{1039}$|\x{1039}[^\x{1000}-\x{1021}]",
            // nga with Zawgyi's asat: Unicode writes the asat U+103A, and
            // kinzi as nga, U+103A, U+1039 ("-aing", "-ang" syllables)
            r"|\x{1004}\x{1039}",
        ))
        .ok()
    })
}

/// True when `s` contains Myanmar text that looks Zawgyi-encoded.
pub fn looks_zawgyi(s: &str) -> bool {
    if !s.chars().any(super::key::is_myanmar) {
        return false;
    }
    pattern().as_ref().is_some_and(|re| re.is_match(s))
}

/// The note given to a name or mention that looks Zawgyi-encoded.
pub const NOTE: &str = "looks Zawgyi-encoded; convert the text to Unicode Burmese first";

/// The note given to a name or mention resolved through its conversion
/// from Zawgyi.
pub const NOTE_CONVERTED: &str = "converted from Zawgyi encoding";

/// Kinzi in Unicode: nga, asat, virama, stored before the consonant it
/// sits on.
const KINZI: [char; 3] = ['\u{1004}', '\u{103A}', '\u{1039}'];
const VIRAMA: char = '\u{1039}';

/// One rule of the table: a Zawgyi sequence and its Unicode text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    from: Vec<char>,
    to: Vec<char>,
    /// A mark Zawgyi types before its consonant (vowel sign E, medial ra).
    before: bool,
}

/// Zawgyi -> Unicode converter: a code-point table (data) and the
/// reordering of each syllable into Unicode storage order (code).
///
/// [`Converter::convert`] is pure and total: any string converts, nothing
/// panics, and characters outside the Myanmar block pass through in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converter {
    /// First Zawgyi character -> rules starting with it, longest first.
    rules: BTreeMap<char, Vec<Rule>>,
}

/// A piece of text after mapping, before reordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// U+1004 U+103A U+1039.
    Kinzi,
    /// A consonant, independent vowel or digit: starts a syllable.
    Base(char),
    /// U+1039 and the consonant stacked under the base.
    Stack(char),
    /// A dependent mark; `true` when Zawgyi typed it before its consonant.
    Mark(char, bool),
    /// Anything else (spaces, punctuation, other scripts): ends a syllable.
    Other(char),
}

/// Parses `U+XXXX U+YYYY` (code points separated by spaces) into text.
pub fn parse_code_points(cell: &str) -> Result<String, String> {
    cell.split_whitespace()
        .map(|t| {
            let hex = t
                .strip_prefix("U+")
                .or_else(|| t.strip_prefix("u+"))
                .filter(|h| (4..=6).contains(&h.len()))
                .ok_or_else(|| format!("{t:?} is not a code point written U+XXXX"))?;
            u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| format!("{t:?} is not a Unicode scalar value"))
        })
        .collect()
}

impl Converter {
    /// Adds a rule: Zawgyi `from` (not empty) becomes Unicode `to`;
    /// `before` marks a mark typed before its consonant. A later rule for
    /// the same `from` replaces the earlier one.
    pub fn add(&mut self, from: &str, to: &str, before: bool) {
        let from: Vec<char> = from.chars().collect();
        let Some(&first) = from.first() else {
            return;
        };
        let rules = self.rules.entry(first).or_default();
        rules.retain(|r| r.from != from);
        rules.push(Rule {
            from,
            to: to.chars().collect(),
            before,
        });
        rules.sort_by(|a, b| b.from.len().cmp(&a.from.len()).then(a.from.cmp(&b.from)));
    }

    /// The converter of a `zawgyi.tsv` table (columns `zawgyi`, `unicode`,
    /// optional `place`); an error gives the line and what is wrong.
    pub fn from_rows(rows: &[Row]) -> Result<Converter, (usize, String)> {
        let mut c = Converter::default();
        for r in rows {
            let cell = |col: &str| {
                parse_code_points(r.get(col)).map_err(|m| (r.line, format!("{col}: {m}")))
            };
            let (from, to) = (cell("zawgyi")?, cell("unicode")?);
            if from.is_empty() {
                return Err((r.line, "empty zawgyi cell".into()));
            }
            let before = match r.get("place") {
                "" => false,
                "before" => true,
                other => return Err((r.line, format!("place {other:?} must be empty or before"))),
            };
            c.add(&from, &to, before);
        }
        Ok(c)
    }

    /// True when the table has no rule: nothing can be converted.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.values().map(Vec::len).sum()
    }

    /// Converts Zawgyi text to Unicode: maps each code point by the table,
    /// then, syllable by syllable, moves the marks typed before a consonant
    /// after its cluster (kinzi before it), sorts the marks into Unicode
    /// storage order (stable) and drops repeated marks. Call it only on
    /// text that [`looks_zawgyi`]: Unicode Burmese would be garbled.
    pub fn convert(&self, s: &str) -> String {
        self.convert_mapped(s).0
    }

    /// [`Converter::convert`] with a map back to `s`: one `(output, input)`
    /// pair of byte ranges per reorder unit (a syllable, a character outside
    /// syllables, or syllables merged when one table rule fed both). The
    /// ranges tile the output and `s` in order, without gaps or overlaps,
    /// and end on char boundaries; so an output range that starts and ends
    /// on unit boundaries maps back to the input range from the start of
    /// its first unit to the end of its last.
    pub fn convert_mapped(&self, s: &str) -> (String, Vec<(Range, Range)>) {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
        let mut units = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let rule = self.rules.get(&chars[i].1).and_then(|rules| {
                rules.iter().find(|r| {
                    r.from.len() <= chars.len() - i
                        && r.from.iter().zip(&chars[i..]).all(|(a, (_, b))| a == b)
                })
            });
            let (to, before, n) = match rule {
                Some(r) => (&r.to[..], r.before, r.from.len()),
                None => (std::slice::from_ref(&chars[i].1), false, 1),
            };
            split_units(to, before, (chars[i].0, end_of(i + n)), &mut units);
            i += n;
        }
        let mut sink = Sink::default();
        reorder(&units, &mut sink);
        // Tile the input: text a rule deleted joins the unit before it
        // (or the first unit).
        let mut map = sink.map;
        if map.is_empty() && !s.is_empty() {
            map.push(((0, 0), (0, s.len())));
        }
        let mut at = 0;
        let count = map.len();
        for (k, (_, input)) in map.iter_mut().enumerate() {
            input.0 = at;
            if k + 1 == count {
                input.1 = s.len();
            }
            at = input.1;
        }
        (sink.out, map)
    }
}

/// A byte range `(start, end)`.
pub type Range = (usize, usize);

/// Splits mapped text into units, each with the input byte range of the
/// rule it came from: a leading kinzi, stacked consonants (U+1039 and the
/// next letter), bases, marks, others.
fn split_units(text: &[char], before: bool, from: Range, out: &mut Vec<(Unit, Range)>) {
    let mut rest = text;
    if rest.starts_with(&KINZI) {
        out.push((Unit::Kinzi, from));
        rest = &rest[KINZI.len()..];
    }
    while let Some((&c, tail)) = rest.split_first() {
        rest = tail;
        if c == VIRAMA {
            if let Some((&next, tail)) = rest.split_first() {
                out.push((Unit::Stack(next), from));
                rest = tail;
                continue;
            }
        }
        let u = if is_base(c) {
            Unit::Base(c)
        } else if is_mark(c) {
            Unit::Mark(c, before)
        } else {
            Unit::Other(c)
        };
        out.push((u, from));
    }
}

/// Letters, independent vowels and digits: each starts a syllable.
fn is_base(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{102A}' | '\u{103F}'..='\u{1049}' | '\u{104C}'..='\u{104F}')
}

/// Myanmar-block characters that attach to the base before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{109F}') && !is_base(c) && !matches!(c, '\u{104A}' | '\u{104B}')
}

/// Position of a unit in Unicode storage order (UTN #11): kinzi,
/// consonant, stacked consonant, medials ya, ra, wa, ha, vowel sign E,
/// upper vowels, lower vowels, aa, anusvara, dot below, asat, visarga.
/// Other marks keep their place after those.
fn rank(u: &Unit) -> u8 {
    match *u {
        Unit::Kinzi => 0,
        Unit::Base(_) | Unit::Other(_) => 1,
        Unit::Stack(_) => 2,
        Unit::Mark(c, _) => match c {
            '\u{103B}' => 3,
            '\u{103C}' => 4,
            '\u{103D}' => 5,
            '\u{103E}' => 6,
            '\u{1031}' => 7,
            '\u{102D}' | '\u{102E}' | '\u{1032}' => 8,
            '\u{102F}' | '\u{1030}' => 9,
            '\u{102B}' | '\u{102C}' => 10,
            '\u{1036}' => 11,
            '\u{1037}' => 12,
            '\u{103A}' => 13,
            '\u{1038}' => 14,
            _ => 15,
        },
    }
}

/// The converted text and its map, written one reorder unit at a time.
#[derive(Default)]
struct Sink {
    out: String,
    map: Vec<(Range, Range)>,
}

impl Sink {
    /// Writes one syllable: `marks` sorted into storage order without
    /// repeats, kinzi before the base; records its output range and the
    /// input range of its units (merged with the unit before when one rule
    /// fed both, so that input ranges never overlap).
    fn emit(&mut self, base: Option<(char, Range)>, marks: &mut Vec<(Unit, Range)>) {
        let Some(input) = base
            .map(|(_, r)| r)
            .into_iter()
            .chain(marks.iter().map(|&(_, r)| r))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
        else {
            return;
        };
        let start = self.out.len();
        marks.sort_by_key(|(u, _)| rank(u));
        marks.dedup_by(|a, b| unit_text(&a.0) == unit_text(&b.0));
        let out = &mut self.out;
        let write = |u: &Unit, out: &mut String| match *u {
            Unit::Kinzi => out.extend(KINZI),
            Unit::Stack(c) => {
                out.push(VIRAMA);
                out.push(c);
            }
            Unit::Base(c) | Unit::Mark(c, _) | Unit::Other(c) => out.push(c),
        };
        for (u, _) in marks.iter().filter(|(u, _)| matches!(u, Unit::Kinzi)) {
            write(u, out);
        }
        if let Some((b, _)) = base {
            out.push(b);
        }
        for (u, _) in marks.iter().filter(|(u, _)| !matches!(u, Unit::Kinzi)) {
            write(u, out);
        }
        marks.clear();
        let end = self.out.len();
        match self.map.last_mut() {
            Some((o, i)) if input.0 < i.1 => {
                o.1 = end;
                i.1 = i.1.max(input.1);
            }
            _ => self.map.push(((start, end), input)),
        }
    }
}

/// The text of a unit without its Zawgyi position (for dropping repeats).
fn unit_text(u: &Unit) -> (u8, char) {
    match *u {
        Unit::Kinzi => (0, '\u{1004}'),
        Unit::Base(c) | Unit::Other(c) => (1, c),
        Unit::Stack(c) => (2, c),
        Unit::Mark(c, _) => (3, c),
    }
}

/// Groups units into syllables (a base with the marks after it, and the
/// marks typed before it) and writes each in Unicode order.
fn reorder(units: &[(Unit, Range)], sink: &mut Sink) {
    sink.out.reserve(units.len() * 3);
    // The syllable being built: its base and marks.
    let mut base: Option<(char, Range)> = None;
    let mut marks: Vec<(Unit, Range)> = Vec::new();
    // Marks typed before the next base (they start the next syllable).
    let mut pending: Vec<(Unit, Range)> = Vec::new();
    for &(u, r) in units {
        match u {
            Unit::Base(b) => {
                if base.is_some() {
                    sink.emit(base, &mut marks);
                }
                base = Some((b, r));
                marks.append(&mut pending);
            }
            Unit::Other(_) => {
                if base.is_some() {
                    sink.emit(base.take(), &mut marks);
                }
                sink.emit(None, &mut pending);
                sink.emit(None, &mut vec![(u, r)]);
            }
            Unit::Mark(_, true) => {
                if base.is_some() {
                    sink.emit(base.take(), &mut marks);
                }
                pending.push((u, r));
            }
            Unit::Kinzi | Unit::Stack(_) | Unit::Mark(_, false) => {
                if !pending.is_empty() {
                    pending.push((u, r));
                } else if base.is_some() {
                    marks.push((u, r));
                } else {
                    // A mark with nothing to attach to stays where it is.
                    sink.emit(None, &mut vec![(u, r)]);
                }
            }
        }
    }
    if base.is_some() {
        sink.emit(base, &mut marks);
    }
    sink.emit(None, &mut pending);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_burmese_is_not_zawgyi() {
        for s in [
            "ဝိုင်းမော်",
            "မြစ်ကြီးနား",
            "ခမရ ၃၂၁",
            "ကချင်လွတ်မြောက်ရေးတပ်မတော်",
            "မိုးမောက်မြို့",
            "Waingmaw",
        ] {
            assert!(!looks_zawgyi(s), "{s}");
        }
    }

    #[test]
    fn zawgyi_patterns_are_detected() {
        // Myitkyina in Zawgyi: medial ra (U+103B there) stored before its consonant.
        assert!(looks_zawgyi(
            "\u{103B}\u{1019}\u{1005}\u{1039}\u{1080}\u{1000}\u{102E}\u{1038}\u{1014}\u{102C}\u{1038}"
        ));
        // Waingmaw in Zawgyi: E (U+1031) typed before its consonant at word start.
        assert!(looks_zawgyi(
            "\u{101D}\u{102D}\u{102F}\u{1004}\u{1039}\u{1038}\u{1031}\u{1019}\u{102C}\u{1039}"
        ));
        // Zawgyi-only stacked consonant.
        assert!(looks_zawgyi("\u{1000}\u{1060}"));
    }

    /// The shipped table.
    fn converter() -> Converter {
        let rows = crate::lexicon::parse_tsv(
            include_str!("../../corpora/normalize/zawgyi.tsv"),
            "zawgyi.tsv",
            &["zawgyi", "unicode"],
        )
        .unwrap();
        Converter::from_rows(&rows).unwrap()
    }

    /// Zawgyi spellings of gazetteer names convert to exactly the Unicode
    /// alias of `corpora/gazetteer.csv`.
    #[test]
    fn zawgyi_names_convert_to_the_gazetteer_aliases() {
        let c = converter();
        for (zawgyi, unicode) in [
            // Waingmaw: E before its consonant, asat U+1039
            ("ဝိုင္းေမာ္", "ဝိုင်းမော်"),
            // Myitkyina: medial ra U+103B and U+1080 before their consonant
            ("ျမစ္ႀကီးနား", "မြစ်ကြီးနား"),
            ("ဗန္းေမာ္", "ဗန်းမော်"),
            ("လိုင္ဇာ", "လိုင်ဇာ"),
            ("မိုးေမာက္", "မိုးမောက်"),
            ("ခမရ ၃၂၁", "ခမရ ၃၂၁"),
            // medial ha + u (U+1088), vowels typed out of order
            ("လားရႈိး", "လားရှိုး"),
            // medial ya U+103A, medial wa U+103C
            ("ကခ်င္ျပည္နယ္", "ကချင်ပြည်နယ်"),
            ("လြယ္ဂ်ယ္", "လွယ်ဂျယ်"),
            // E and medial ra both before the consonant
            ("ကခ်င္လြတ္ေျမာက္ေရးတပ္မေတာ္", "ကချင်လွတ်မြောက်ရေးတပ်မတော်"),
            // short na U+108F and stacked na U+1077
            ("သိႏၷီ", "သိန္နီ"),
            // medial ra U+107F, short u U+1033, dot below U+1095
            ("ဝိုင္းေမာ္ၿမိဳ႕နယ္", "ဝိုင်းမော်မြို့နယ်"),
            ("မိုးေကာင္း", "မိုးကောင်း"),
            ("အင္းေတာ္ႀကီး", "အင်းတော်ကြီး"),
            // medial ha U+103D
            ("ခ်င္းေ႐ႊေဟာ္", "ချင်းရွှေဟော်"),
            // ya with wa and ha
            ("ေနာင္ခ်ိဳ", "နောင်ချို"),
        ] {
            assert_eq!(c.convert(zawgyi), unicode, "{zawgyi}");
            assert!(looks_zawgyi(zawgyi) || zawgyi == unicode, "{zawgyi}");
            assert!(!looks_zawgyi(unicode), "{unicode}");
        }
    }

    #[test]
    fn kinzi_and_stacks_move_into_place() {
        let c = converter();
        // English (a-kinzi-ga-li-p): kinzi typed after ga, stored before it.
        assert_eq!(c.convert("အဂၤလိပ္"), "အင်္ဂလိပ်");
        // kinzi with vowel i (U+108B)
        assert_eq!(c.convert("သ\u{108B}"), "င်္သိ");
        // a consonant with its stacked partner in one glyph
        assert_eq!(c.convert("\u{1092}"), "\u{100B}\u{1039}\u{100C}");
        // stacked ta with medial wa after a base
        assert_eq!(c.convert("သ\u{1096}"), "သ\u{1039}\u{1010}\u{103D}");
        // ဉ typed as ဥ with asat
        assert_eq!(c.convert("ဥ\u{1039}"), "\u{1009}\u{103A}");
    }

    #[test]
    fn marks_are_sorted_and_repeats_dropped() {
        let c = converter();
        // u typed before i, anusvara before u, a doubled vowel
        assert_eq!(c.convert("က\u{102F}\u{102D}"), "က\u{102D}\u{102F}");
        assert_eq!(c.convert("က\u{1036}\u{102F}"), "က\u{102F}\u{1036}");
        assert_eq!(c.convert("က\u{102C}\u{102C}"), "က\u{102C}");
        // medial wa (Zawgyi U+103C) then ya (Zawgyi U+103A): ya first
        assert_eq!(c.convert("က\u{103C}\u{103A}"), "က\u{103B}\u{103D}");
    }

    #[test]
    fn other_text_passes_through() {
        let c = converter();
        assert_eq!(c.convert("LIB 321, Waingmaw"), "LIB 321, Waingmaw");
        assert_eq!(c.convert("in ဝိုင္းေမာ္ town"), "in ဝိုင်းမော် town");
        // marks with nothing to attach to stay as they are
        assert_eq!(c.convert("\u{1031}"), "\u{1031}");
        assert_eq!(c.convert("\u{102C} ေ"), "\u{102C} \u{1031}");
        assert_eq!(c.convert(""), "");
    }

    /// The map of `convert_mapped` tiles both strings in order.
    fn check_map(s: &str, out: &str, map: &[(Range, Range)]) {
        let (mut o, mut i) = (0, 0);
        for &((os, oe), (is, ie)) in map {
            assert_eq!((os, is), (o, i), "{s:?} -> {out:?}: {map:?}");
            assert!(os <= oe && is <= ie, "{map:?}");
            assert!(
                out.is_char_boundary(oe) && s.is_char_boundary(ie),
                "{map:?}"
            );
            (o, i) = (oe, ie);
        }
        assert_eq!((o, i), (out.len(), s.len()), "{s:?} -> {out:?}: {map:?}");
    }

    #[test]
    fn the_map_leads_syllables_back_to_their_zawgyi_text() {
        let c = converter();
        let s = "ျမစ္ႀကီးနားၿမိဳ႕တြင္ ေတာင္";
        let (out, map) = c.convert_mapped(s);
        assert_eq!(out, c.convert(s));
        assert_eq!(out, "မြစ်ကြီးနားမြို့တွင် တောင်");
        check_map(s, &out, &map);
        let back = |o: &str| {
            let at = out.find(o).unwrap();
            let first = map.iter().find(|(r, _)| r.0 == at).unwrap();
            let last = map.iter().find(|(r, _)| r.1 == at + o.len()).unwrap();
            &s[first.1 .0..last.1 .1]
        };
        assert_eq!(back("မြစ်ကြီးနား"), "ျမစ္ႀကီးနား");
        assert_eq!(back("မြို့"), "ၿမိဳ႕");
        assert_eq!(back("တောင်"), "ေတာင္");
        // kinzi typed after its consonant, E before: one unit each
        for s in [
            "အဂၤလိပ္",
            "သ\u{108B}",
            "\u{1031}",
            "\u{102C} ေ",
            "",
            "ခ\u{1039}\u{1039}\u{1031}",
        ] {
            let (out, map) = c.convert_mapped(s);
            assert_eq!(out, c.convert(s));
            check_map(s, &out, &map);
        }
    }

    #[test]
    fn table_rows_are_checked() {
        let rows = |t: &str| crate::lexicon::parse_tsv(t, "t", &["zawgyi", "unicode"]).unwrap();
        let e = Converter::from_rows(&rows("zawgyi\tunicode\nU+103G\tU+1000\n")).unwrap_err();
        assert_eq!(e.0, 2);
        let e = Converter::from_rows(&rows("zawgyi\tunicode\tplace\nU+1031\tU+1031\tafter\n"))
            .unwrap_err();
        assert!(e.1.contains("before"), "{e:?}");
        assert!(Converter::from_rows(&rows("zawgyi\tunicode\n\tU+1000\n")).is_err());
        let c = converter();
        assert!(c.len() > 60);
        // every Zawgyi-only code point the detector knows has a rule
        for cp in (0x1060..=0x1097).chain([0x1033, 0x1034, 0x105A]) {
            let ch = char::from_u32(cp).unwrap();
            assert!(c.rules.contains_key(&ch), "U+{cp:04X}");
        }
    }
}
