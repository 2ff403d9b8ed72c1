//! Stage 4: shingles and MinHash signatures of the normalised text.
//!
//! Entry point: [`run`]; per report: [`sign_report`]. Each report's
//! `norm_text` (names already replaced by canonical names by `normalize`) is
//! folded once more ([`fold`]), cut into character or word shingles
//! ([`shingles`]), hashed with seeded xxh3, and summarised by a MinHash
//! signature ([`MinHasher`]). The details that `cluster` shows as evidence of
//! copying (numbers, quotations, variant spellings) are picked here too, since
//! report bodies are dropped at the end of this stage: later stages never see
//! raw text.

use std::borrow::Cow;
use std::collections::BTreeSet;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::config::{ShingleKind, SignConfig};
use crate::model::{Extracted, Mention, NormalizedReport, Signature, Signed};

/// At most this many details of each kind are kept per report (the first ones
/// in text order); a report listing hundreds of figures is not made heavier
/// than the evidence needs.
const MAX_DETAILS_PER_KIND: usize = 16;
/// Quotations longer than this many words are cut to their first words.
const MAX_QUOTE_WORDS: usize = 12;

/// The text shingled: words split on whitespace, lowercased, joined by one
/// space. `normalize` already gives this form; folding again keeps `sign`
/// correct on hand-made JSONL input (`corroborate stage sign`).
pub fn fold(norm_text: &str) -> Cow<'_, str> {
    let clean = !norm_text.starts_with(' ')
        && !norm_text.ends_with(' ')
        && !norm_text.contains("  ")
        && !norm_text
            .chars()
            .any(|c| c.is_uppercase() || (c.is_whitespace() && c != ' '));
    if clean {
        return Cow::Borrowed(norm_text);
    }
    let mut out = String::with_capacity(norm_text.len());
    for word in norm_text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    Cow::Owned(out)
}

/// Sorted, deduplicated 64-bit hashes of the shingles of folded text: every
/// window of `size` characters (`Char`, spaces included, so word boundaries
/// count) or `size` words (`Word`). A text shorter than one window is one
/// shingle; an empty text has none.
pub fn shingles(folded: &str, kind: ShingleKind, size: usize, seed: u64) -> Vec<u64> {
    let size = size.max(1);
    let mut out = Vec::new();
    if folded.is_empty() {
        return out;
    }
    let hash = |s: &str| xxh3_64_with_seed(s.as_bytes(), seed);
    match kind {
        ShingleKind::Char if folded.is_ascii() => {
            let bytes = folded.as_bytes();
            if bytes.len() <= size {
                out.push(hash(folded));
            } else {
                out.extend(bytes.windows(size).map(|w| xxh3_64_with_seed(w, seed)));
            }
        }
        ShingleKind::Char => {
            let mut starts: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
            starts.push(folded.len());
            if starts.len() <= size + 1 {
                out.push(hash(folded));
            } else {
                out.extend(
                    starts
                        .windows(size + 1)
                        .map(|w| hash(&folded[w[0]..w[size]])),
                );
            }
        }
        ShingleKind::Word => {
            // (start, end) byte spans of the words; an n-gram is the slice from
            // its first word's start to its last word's end (single spaces).
            let mut spans = Vec::new();
            let mut at = 0;
            for word in folded.split(' ') {
                if !word.is_empty() {
                    spans.push((at, at + word.len()));
                }
                at += word.len() + 1;
            }
            if spans.len() <= size {
                out.push(hash(folded));
            } else {
                out.extend(
                    spans
                        .windows(size)
                        .map(|w| hash(&folded[w[0].0..w[size - 1].1])),
                );
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// MinHash signatures by one-permutation hashing with optimal densification
/// (Li, Owen, Zhang 2012; Shrivastava 2017).
///
/// Written here rather than taken from a crate because it is ~60 lines, the
/// core of the product, and must be byte-stable across versions and
/// platforms. The textbook scheme applies `k` seeded permutations to every
/// shingle (`k` multiply-adds per shingle); measured on the 100k-report
/// benchmark that was 3/4 of the whole run. Here each 64-bit shingle hash is
/// permuted once (`x -> mul * (x ^ xor)`, an odd multiplier: a bijection of
/// u64), its top bits pick one of `k` bins (multiply-shift range reduction),
/// and each bin keeps its minimum: one pass, O(shingles + k). A bin left
/// empty (a report shorter than `k` shingles) borrows the value of the first
/// filled bin on its own seeded probe sequence, which keeps
/// `P[sig_a[i] == sig_b[i]] = Jaccard(a, b)`, the property LSH banding needs.
/// Every constant comes from SplitMix64 on `sign.seed`.
#[derive(Debug, Clone)]
pub struct MinHasher {
    bins: usize,
    mul: u64,
    xor: u64,
    /// Seed of the densification probe sequence.
    probe: u64,
}

/// SplitMix64 (Steele, Lea, Flood 2014): a full-period generator and a good mixer.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl MinHasher {
    pub fn new(num_perm: usize, seed: u64) -> MinHasher {
        let mut state = seed;
        MinHasher {
            bins: num_perm.max(1),
            mul: splitmix64(&mut state) | 1,
            xor: splitmix64(&mut state),
            probe: splitmix64(&mut state),
        }
    }

    pub fn num_perm(&self) -> usize {
        self.bins
    }

    /// The signature of a set of 64-bit shingle hashes (`u32::MAX` everywhere
    /// for the empty set).
    pub fn signature(&self, hashes: &[u64]) -> Vec<u32> {
        let k = self.bins as u64;
        let mut mins = vec![u64::MAX; self.bins];
        let mut filled = vec![false; self.bins];
        for &x in hashes {
            let y = (x ^ self.xor).wrapping_mul(self.mul);
            let bin = (((y >> 32) * k) >> 32) as usize;
            filled[bin] = true;
            if y < mins[bin] {
                mins[bin] = y;
            }
        }
        if !hashes.is_empty() {
            for i in 0..self.bins {
                if filled[i] {
                    continue;
                }
                let mut state = self.probe ^ (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93);
                loop {
                    let j = (((splitmix64(&mut state) >> 32) * k) >> 32) as usize;
                    if filled[j] {
                        mins[i] = mins[j];
                        break;
                    }
                }
            }
        }
        // The low 32 bits: the top bits only say which bin the value is in.
        mins.into_iter()
            .map(|m| if m == u64::MAX { u32::MAX } else { m as u32 })
            .collect()
    }
}

/// The 32-bit shingle set kept for verification: the top half of each 64-bit
/// hash, sorted and deduplicated.
pub fn shingle_set(hashes: &[u64]) -> Vec<u32> {
    let mut set: Vec<u32> = hashes.iter().map(|h| (h >> 32) as u32).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Details of a report that betray copying when another report shares them:
/// numbers (words of the folded text made of digits), quotations from the raw
/// text (normalised to lowercase words), and names spelled otherwise than
/// their canonical form (the mention's surface as written). Sorted, at most
/// [`MAX_DETAILS_PER_KIND`] of each kind (the first in text order).
pub fn details(text: &str, folded: &str, mentions: &[Mention]) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for word in folded.split(' ') {
        if numbers.len() == MAX_DETAILS_PER_KIND {
            break;
        }
        if !word.is_empty() && word.chars().all(|c| c.is_numeric()) {
            numbers.insert(word);
        }
    }
    out.extend(numbers.into_iter().map(|n| format!("number:{n}")));
    let mut quotes = BTreeSet::new();
    for quote in quotations(text) {
        if quotes.len() == MAX_DETAILS_PER_KIND {
            break;
        }
        quotes.insert(quote);
    }
    out.extend(quotes.into_iter().map(|q| format!("quote:{q}")));
    let mut spellings = BTreeSet::new();
    for m in mentions {
        if spellings.len() == MAX_DETAILS_PER_KIND {
            break;
        }
        let surface = m.surface.split_whitespace().collect::<Vec<_>>().join(" ");
        if surface.is_empty() || fold(&surface) == fold(&m.name) {
            continue;
        }
        spellings.insert(surface);
    }
    out.extend(spellings.into_iter().map(|s| format!("spelling:{s}")));
    out.into_iter().collect()
}

/// Quoted passages of two or more words between typographic or straight
/// double quotes (or guillemets), as lowercase words joined by spaces.
fn quotations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '“' | '"' | '«') => open = Some((c, i + c.len_utf8())),
            (Some((o, start)), '”' | '"' | '»')
                if matches!((o, c), ('“', '”') | ('"', '"') | ('«', '»')) =>
            {
                let words: Vec<String> = text[start..i]
                    .split(|ch: char| !ch.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .take(MAX_QUOTE_WORDS)
                    .map(|w| w.to_lowercase())
                    .collect();
                if words.len() >= 2 {
                    out.push(words.join(" "));
                }
                open = None;
            }
            (Some(_), '\n') => open = None,
            _ => {}
        }
    }
    out
}

/// The signature of one report.
pub fn sign_report(config: &SignConfig, hasher: &MinHasher, nr: &NormalizedReport) -> Signature {
    let folded = fold(&nr.norm_text);
    let hashes = shingles(&folded, config.shingle, config.shingle_size, config.seed);
    let mut set = shingle_set(&hashes);
    let count = u32::try_from(set.len()).unwrap_or(u32::MAX);
    // (A fresh vector for the sample: filtering in place would keep the
    // whole set's allocation.)
    let (shingles, sample_rate) = if config.sample_rate > 1 && set.len() > config.sample_above {
        let rate = config.sample_rate;
        (
            set.iter().copied().filter(|h| h % rate == 0).collect(),
            rate,
        )
    } else {
        set.shrink_to_fit();
        (set, 1)
    };
    Signature {
        report_id: nr.report.id.clone(),
        published: nr.report.published,
        shingles,
        shingle_count: count,
        sample_rate,
        minhash: hasher.signature(&hashes),
        details: details(&nr.report.text, &folded, &nr.mentions),
    }
}

/// Signs every report in parallel; report bodies are dropped here.
pub fn run(config: &SignConfig, extracted: Extracted) -> Signed {
    let hasher = MinHasher::new(config.num_perm, config.seed);
    let signatures = extracted
        .reports
        .par_iter()
        .map(|nr| sign_report(config, &hasher, nr))
        .collect();
    let mentions = extracted
        .reports
        .into_iter()
        .flat_map(|nr| nr.mentions)
        .collect();
    Signed {
        signatures,
        mentions,
        claims: extracted.claims,
        rejected: extracted.rejected,
        stats: extracted.stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jaccard(a: &[u64], b: &[u64]) -> f64 {
        let a: BTreeSet<_> = a.iter().collect();
        let b: BTreeSet<_> = b.iter().collect();
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    #[test]
    fn fold_lowercases_and_collapses_spaces() {
        assert_eq!(fold("KIA  took\tLIB 321 "), "kia took lib 321");
        assert!(matches!(fold("kia took lib 321"), Cow::Borrowed(_)));
    }

    #[test]
    fn char_shingles_count_windows() {
        let s = shingles("abcdefg", ShingleKind::Char, 5, 1);
        assert_eq!(s.len(), 3);
        assert_eq!(shingles("abc", ShingleKind::Char, 5, 1).len(), 1);
        assert!(shingles("", ShingleKind::Char, 5, 1).is_empty());
    }

    #[test]
    fn non_ascii_char_shingles_cut_on_chars() {
        // Five Burmese code points, each 3 bytes: exactly one 5-char window.
        let s = shingles("ခမရ၃၂", ShingleKind::Char, 5, 1);
        assert_eq!(s.len(), 1);
        assert_eq!(shingles("ခမရ၃၂၁", ShingleKind::Char, 5, 1).len(), 2);
    }

    #[test]
    fn word_shingles_are_ngrams() {
        let a = shingles("a b c d", ShingleKind::Word, 2, 7);
        let b = shingles("x a b c", ShingleKind::Word, 2, 7);
        assert_eq!(a.len(), 3);
        // "a b" and "b c" shared out of 4 distinct bigrams.
        assert!((jaccard(&a, &b) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn minhash_estimates_jaccard() {
        let text_a: String = (0..400).map(|i| format!("w{i} ")).collect();
        let text_b: String = (100..500).map(|i| format!("w{i} ")).collect();
        let a = shingles(fold(&text_a).as_ref(), ShingleKind::Word, 1, 3);
        let b = shingles(fold(&text_b).as_ref(), ShingleKind::Word, 1, 3);
        let exact = jaccard(&a, &b); // 300 / 500
        let h = MinHasher::new(256, 9);
        let (sa, sb) = (h.signature(&a), h.signature(&b));
        let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        assert!((est - exact).abs() < 0.1, "estimate {est} vs exact {exact}");
    }

    #[test]
    fn same_seed_same_signature_other_seed_differs() {
        let s = shingles(
            "kia took lib 321 near shwe nyaungbin",
            ShingleKind::Char,
            5,
            1,
        );
        assert_eq!(
            MinHasher::new(16, 5).signature(&s),
            MinHasher::new(16, 5).signature(&s)
        );
        assert_ne!(
            MinHasher::new(16, 5).signature(&s),
            MinHasher::new(16, 6).signature(&s)
        );
        assert_eq!(MinHasher::new(4, 5).signature(&[]), vec![u32::MAX; 4]);
    }

    #[test]
    fn short_sets_fill_every_bin_from_their_own_values() {
        // 3 shingles, 128 bins: densification borrows filled bins only.
        let hashes = [11u64, 2u64 << 40, u64::MAX - 5];
        let h = MinHasher::new(128, 1);
        let sig = h.signature(&hashes);
        let own: BTreeSet<u32> = hashes
            .iter()
            .map(|&x| (x ^ h.xor).wrapping_mul(h.mul) as u32)
            .collect();
        assert!(sig.iter().all(|v| own.contains(v)), "{sig:?}");
        assert_eq!(own.len(), sig.iter().collect::<BTreeSet<_>>().len());
    }

    #[test]
    fn details_pick_numbers_quotes_and_spellings() {
        let text = "The KIA said “every junta post” fell; 26 wounded in Waing Maw, 26 again.";
        let folded = "the kia said every junta post fell 26 wounded in waingmaw 26 again";
        let mention = Mention {
            report_id: "r".into(),
            start: 52,
            end: 61,
            surface: "Waing Maw".into(),
            kind: Some(crate::model::EntityKind::Place),
            id: "waingmaw".into(),
            name: "Waingmaw".into(),
            score: 1.0,
            method: crate::model::MatchMethod::Key,
            note: None,
        };
        let mut canonical = mention.clone();
        canonical.surface = "waingmaw".into();
        assert_eq!(
            details(text, folded, &[mention, canonical]),
            vec![
                "number:26".to_string(),
                "quote:every junta post".to_string(),
                "spelling:Waing Maw".to_string(),
            ]
        );
    }

    #[test]
    fn unbalanced_quote_gives_nothing() {
        assert!(quotations("he said \"no more\nand left").is_empty());
        assert_eq!(quotations("«two words»"), vec!["two words".to_string()]);
    }
}
