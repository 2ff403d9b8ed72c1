//! Counted quantities as intervals: "over 100 outposts" = [101, ∞) outposts.
//!
//! Number words, quantifiers and counted nouns come from `numbers.tsv`,
//! `quantifiers.tsv` and `nouns.tsv`.

use super::lex::{Lexicons, QuantOp};
use super::time::digits;
use crate::model::{Event, Interval};

/// A quantity found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qty {
    pub start: usize,
    pub end: usize,
    /// End of the number itself (before the noun).
    pub num_end: usize,
    pub range: Interval<u64>,
    /// The counted noun, if one follows.
    pub noun: Option<String>,
    /// Events the noun counts for.
    pub events: Vec<Event>,
}

/// A word or punctuation token.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    word: bool,
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                // Combining marks (Burmese vowel signs) stay in the word.
                if d.is_alphanumeric() || is_mark(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            out.push(Tok {
                start: i,
                end,
                text: &text[i..end],
                word: true,
            });
        } else if !c.is_whitespace() {
            let end = i + c.len_utf8();
            out.push(Tok {
                start: i,
                end,
                text: &text[i..end],
                word: false,
            });
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 | 0x1062..=0x1064 | 0x1067..=0x106D | 0x1071..=0x1074 | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D)
}

fn eq_words(toks: &[Tok], at: usize, words: &[String]) -> bool {
    words.len() <= toks.len().saturating_sub(at)
        && words
            .iter()
            .zip(&toks[at..])
            .all(|(w, t)| t.word && t.text.eq_ignore_ascii_case(w))
}

/// The number starting at token `i`: its interval and the next token index.
fn number(lex: &Lexicons, toks: &[Tok], i: usize) -> Option<((u64, Option<u64>), usize)> {
    for (words, v) in &lex.number_phrases {
        if eq_words(toks, i, words) {
            return Some((*v, i + words.len()));
        }
    }
    let t = toks.get(i)?;
    if !t.word {
        return None;
    }
    if let Some(v) = digits(t.text) {
        // "1,200": a comma and three digits with no spaces continue the number.
        let mut v = v;
        let mut j = i + 1;
        while j + 1 < toks.len()
            && toks[j].text == ","
            && toks[j].start == toks[j - 1].end
            && toks[j + 1].start == toks[j].end
            && toks[j + 1].text.len() == 3
        {
            match digits(toks[j + 1].text) {
                Some(d) => v = v.saturating_mul(1000).saturating_add(d),
                None => break,
            }
            j += 2;
        }
        return Some(((v, Some(v)), j));
    }
    let lower = t.text.to_lowercase();
    let &(lo, hi) = lex.numbers.get(&lower)?;
    let mut j = i + 1;
    let (mut lo, mut hi) = (lo, hi);
    // Tens + units: "twenty-six", "twenty six".
    if hi == Some(lo) && (20..100).contains(&lo) && lo % 10 == 0 {
        let k = if toks.get(j).is_some_and(|t| t.text == "-") {
            j + 1
        } else {
            j
        };
        if let Some(u) = toks
            .get(k)
            .and_then(|t| lex.numbers.get(&t.text.to_lowercase()))
        {
            if u.1 == Some(u.0) && (1..10).contains(&u.0) {
                lo += u.0;
                hi = Some(lo);
                j = k + 1;
            }
        }
    }
    // "two hundred"
    if let Some(h) = toks
        .get(j)
        .and_then(|t| lex.numbers.get(&t.text.to_lowercase()))
    {
        if h.1 == Some(100) && h.0 == 100 && hi == Some(lo) && lo < 100 {
            lo *= 100;
            hi = Some(lo);
            j += 1;
        }
    }
    Some(((lo, hi), j))
}

fn apply(op: Option<QuantOp>, (lo, hi): (u64, Option<u64>)) -> Interval<u64> {
    match op {
        None | Some(QuantOp::Eq) => Interval { lo, hi },
        Some(QuantOp::Gt) => Interval {
            lo: hi.unwrap_or(lo).saturating_add(1),
            hi: None,
        },
        Some(QuantOp::Ge) => Interval { lo, hi: None },
        Some(QuantOp::Lt) => Interval {
            lo: 0,
            hi: Some(lo.saturating_sub(1)),
        },
        Some(QuantOp::Le) => Interval {
            lo: 0,
            hi: Some(hi.unwrap_or(lo)),
        },
        Some(QuantOp::About) => {
            let top = hi.unwrap_or(lo);
            let band = (top / 10).max(1);
            Interval {
                lo: lo.saturating_sub(band),
                hi: Some(top.saturating_add(band)),
            }
        }
    }
}

/// Every quantity in `text` (offsets relative to `text`).
pub fn find(lex: &Lexicons, text: &str) -> Vec<Qty> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut op = None;
        let mut j = i;
        for (words, o) in &lex.quantifiers {
            if eq_words(&toks, i, words) {
                op = Some(*o);
                j = i + words.len();
                break;
            }
        }
        let Some((value, mut k)) = number(lex, &toks, j) else {
            i += 1;
            continue;
        };
        // "Y-12", "LIB-321": a number glued to a word by a hyphen is part of a name.
        let glued = j >= 2
            && toks[j - 1].text == "-"
            && toks[j - 1].start == toks[j - 2].end
            && toks[j].start == toks[j - 1].end
            && toks[j - 2].word;
        if glued && op.is_none() {
            i = k;
            continue;
        }
        let start = toks[i].start;
        let num_end = toks[k - 1].end;
        let mut end = num_end;
        // "11 of them battalion headquarters", "dozens of junta positions"
        let mut noun = None;
        let mut events = Vec::new();
        let mut skipped = 0;
        while k < toks.len() && toks[k].word && skipped <= 3 {
            if let Some((words, n, evs)) = lex.nouns.iter().find(|(w, _, _)| eq_words(&toks, k, w))
            {
                noun = Some(n.clone());
                events = evs.clone();
                end = toks[k + words.len() - 1].end;
                break;
            }
            if digits(toks[k].text).is_some()
                || lex.numbers.contains_key(&toks[k].text.to_lowercase())
            {
                break;
            }
            k += 1;
            skipped += 1;
        }
        out.push(Qty {
            start,
            end,
            num_end,
            range: apply(op, value),
            noun,
            events,
        });
        i = k.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicons {
        Lexicons::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/extract"))
            .unwrap()
    }

    fn q(text: &str) -> Vec<(u64, Option<u64>, Option<String>)> {
        find(&lex(), text)
            .into_iter()
            .map(|q| (q.range.lo, q.range.hi, q.noun))
            .collect()
    }

    #[test]
    fn intervals() {
        assert_eq!(
            q("over 100 junta outposts"),
            vec![(101, None, Some("outposts".into()))]
        );
        assert_eq!(
            q("more than 90 outposts and camps"),
            vec![(91, None, Some("outposts".into()))]
        );
        assert_eq!(
            q("at least 11 of them battalion headquarters"),
            vec![(11, None, Some("battalion headquarters".into()))]
        );
        assert_eq!(
            q("about 20 civilians"),
            vec![(18, Some(22), Some("civilians".into()))]
        );
        assert_eq!(
            q("a dozen outposts"),
            vec![(12, Some(12), Some("outposts".into()))]
        );
        assert_eq!(
            q("dozens of junta positions"),
            vec![(24, None, Some("positions".into()))]
        );
        assert_eq!(
            q("Twenty-six civilians"),
            vec![(26, Some(26), Some("civilians".into()))]
        );
        assert_eq!(
            q("ခမရ ၃၂၁ camps"),
            vec![(321, Some(321), Some("camps".into()))]
        );
        assert_eq!(
            q("1,200 people"),
            vec![(1200, Some(1200), Some("people".into()))]
        );
        assert_eq!(
            q("a Y-12 dropped bombs on 3 villages"),
            vec![(3, Some(3), Some("villages".into()))]
        );
        assert_eq!(
            q("six villagers were killed and 11 injured"),
            vec![(6, Some(6), Some("civilians".into())), (11, Some(11), None)]
        );
    }
}
