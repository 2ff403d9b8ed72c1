//! A transliteration-aware edit distance.
//!
//! Hand-written because it is the core of name matching: plain Levenshtein
//! treats every edit alike, but spellings of one transliterated name differ
//! mostly in vowels ("Moemauk"/"Momauk", "Sein"/"Sin"), doubled letters
//! ("Laizza") and dropped letters, and rarely by an arbitrary consonant.
//! Costs (query `a` against candidate `b`, restricted Damerau / OSA):
//! - equal characters: 0;
//! - vowel for vowel: [`VOWEL_SUB`];
//! - an extra letter in the query that doubles its neighbour: [`DOUBLED`];
//! - a letter of the candidate missing from the query: [`DROPPED`];
//! - two adjacent letters swapped: [`SWAPPED`];
//! - anything else (an arbitrary insertion or substitution): 1.
//!
//! - a letter group written for another (`spelling_pairs.tsv`: ai/ay,
//!   ya/ia, ng/n, ky/ch, …): the pair's cost, in either direction.
//!
//! The romanisation key also merges the commonest pairs outright; the pairs
//! here are the soft version, for groups a hard rewrite would get wrong
//! ("ay" is "e" in Myay but "ai" in Layza).

/// Vowel for vowel.
pub const VOWEL_SUB: f32 = 0.6;
/// An extra copy of the neighbouring letter.
pub const DOUBLED: f32 = 0.5;
/// A letter missing from the query.
pub const DROPPED: f32 = 0.8;
/// Two adjacent letters swapped.
pub const SWAPPED: f32 = 0.7;

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Spelling alternations the distance knows as one cheap edit
/// ("ai"/"ay", "ya"/"ia"): pairs of letter groups, each usable in both
/// directions, with their cost. Loaded from `spelling_pairs.tsv`.
#[derive(Debug, Clone)]
pub struct Pairs {
    /// (written in the query, written in the candidate, cost), both
    /// directions of every pair.
    pairs: Vec<(Vec<char>, Vec<char>, f32)>,
    /// Longest letter group (at most 8).
    max_len: usize,
    /// The least cost of one step off the diagonal of the DP (an insertion,
    /// a deletion, or a pair of unequal sides, per letter of difference):
    /// what bounds the band of cells that can finish under a cut-off.
    min_step: f32,
}

impl Default for Pairs {
    fn default() -> Pairs {
        Pairs::new(&[])
    }
}

impl Pairs {
    pub fn new(pairs: &[(String, String, f32)]) -> Pairs {
        let mut out = Vec::with_capacity(pairs.len() * 2);
        for (a, b, cost) in pairs {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            if a.is_empty() || b.is_empty() || a == b {
                continue;
            }
            out.push((a.clone(), b.clone(), *cost));
            out.push((b, a, *cost));
        }
        // Longer groups would outrun the row window of `distance_with`.
        out.retain(|(a, b, _)| a.len() <= 7 && b.len() <= 7);
        let max_len = out
            .iter()
            .map(|(a, b, _)| a.len().max(b.len()))
            .max()
            .unwrap_or(1);
        let min_step = out
            .iter()
            .filter(|(a, b, _)| a.len() != b.len())
            .map(|(a, b, cost)| cost / a.len().abs_diff(b.len()) as f32)
            .fold(DOUBLED.min(DROPPED).min(1.0), f32::min);
        Pairs {
            pairs: out,
            max_len,
            min_step,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Where pair sides end in the query `a`: (end position in 1-based DP
    /// terms, pair number), sorted by position. Computed once per query.
    pub fn ends_in(&self, a: &[char], out: &mut Vec<(u32, u32)>) {
        out.clear();
        for i in 1..=a.len() {
            for (p, (q, _, _)) in self.pairs.iter().enumerate() {
                if q.last() == Some(&a[i - 1]) && a[..i].ends_with(q) {
                    out.push((i as u32, p as u32));
                }
            }
        }
    }
}

/// The lesser of two costs. Costs are never NaN (finite sums or +inf), so
/// this skips the NaN handling of `f32::min`, which showed in profiles of
/// the inner loop.
#[inline(always)]
fn min(a: f32, b: f32) -> f32 {
    if b < a {
        b
    } else {
        a
    }
}

/// Weighted distance between `a` (the query) and `b` (a candidate).
pub fn distance(a: &[char], b: &[char]) -> f32 {
    distance_with(a, b, &Pairs::default(), &[], &mut Vec::new(), f32::INFINITY)
}

/// Weighted distance with spelling alternations: `ends` is
/// [`Pairs::ends_in`] of `a`; `rows` is scratch space reused across calls.
pub fn distance_with(
    a: &[char],
    b: &[char],
    pairs: &Pairs,
    ends: &[(u32, u32)],
    rows: &mut Vec<f32>,
    cutoff: f32,
) -> f32 {
    let (n, m) = (a.len(), b.len());
    if n == 0 {
        return m as f32 * DROPPED;
    }
    if m == 0 {
        return n as f32;
    }
    let w = m + 1;
    // A diagonal band (Ukkonen): a path through cell (i, j) leaves the
    // diagonal by |i - j| on its way there and by |(n - m) - (i - j)| on
    // its way on, each letter of it at `min_step` or more; cells where that
    // alone exceeds the cut-off can never finish under it and stay +inf.
    // The small slack keeps float rounding from cutting a path that ends
    // exactly at the cut-off.
    let delta = n as i64 - m as i64;
    let (kmin, kmax) = if pairs.min_step > 0.0 && cutoff.is_finite() {
        let width = ((cutoff + 1e-3) / pairs.min_step).floor() as i64;
        if delta.abs() > width {
            // Even the length difference costs more than the cut-off.
            return delta.abs() as f32 * pairs.min_step;
        }
        let r = (width - delta.abs()) / 2;
        (delta.min(0) - r, delta.max(0) + r)
    } else {
        (-(m as i64), n as i64)
    };
    // All rows are kept (n is small) so that a pair can reach back several
    // rows; a pair side is at most a few letters.
    rows.clear();
    rows.resize((n + 1) * w, f32::INFINITY);
    for (j, cell) in rows.iter_mut().take(m + 1).enumerate() {
        *cell = j as f32 * DROPPED;
    }
    // Every path to the last cell crosses one of any `reach` consecutive
    // rows (an edit spans at most that many), so the least of their minima
    // bounds the result from below: past `cutoff`, stop.
    let reach = pairs.max_len.max(2);
    let mut mins = [f32::INFINITY; 8];
    mins[0] = 0.0;
    let mut e = 0;
    for i in 1..=n {
        let (cur, prev) = (i * w, (i - 1) * w);
        // Columns of row i inside the band: i - kmax ..= i - kmin.
        let jlo = (i as i64 - kmax).max(0) as usize;
        let jhi = (i as i64 - kmin).min(m as i64);
        if jhi < jlo as i64 {
            // The band has left the table (cannot happen while the last
            // cell lies inside it, which the early return ensures).
            return cutoff.max(0.0) + 1.0;
        }
        let jhi = jhi as usize;
        let ai = a[i - 1];
        let extra = if i >= 2 && a[i - 2] == ai || i < n && a[i] == ai {
            DOUBLED
        } else {
            1.0
        };
        while e < ends.len() && (ends[e].0 as usize) < i {
            e += 1;
        }
        let mut e_end = e;
        while e_end < ends.len() && ends[e_end].0 as usize == i {
            e_end += 1;
        }
        if jlo == 0 {
            rows[cur] = rows[prev] + extra;
        }
        let ai_vowel = is_vowel(ai);
        let before = if i > 1 { Some(a[i - 2]) } else { None };
        let here_ends = &ends[e..e_end];
        let mut left = rows[cur + jlo.max(1) - 1];
        // The row's least cell (the first column counts when in the band).
        let mut row_min = if jlo == 0 { rows[cur] } else { f32::INFINITY };
        for j in jlo.max(1)..=jhi {
            let bj = b[j - 1];
            let sub = if ai == bj {
                0.0
            } else if ai_vowel && is_vowel(bj) {
                VOWEL_SUB
            } else {
                1.0
            };
            let mut d = min(
                min(rows[prev + j - 1] + sub, rows[prev + j] + extra),
                left + DROPPED,
            );
            if j > 1 && ai != bj && before == Some(bj) && ai == b[j - 2] {
                d = min(d, rows[(i - 2) * w + j - 2] + SWAPPED);
            }
            for &(_, p) in here_ends {
                let (q, c, cost) = &pairs.pairs[p as usize];
                if j >= c.len() && c.last() == Some(&bj) && b[..j].ends_with(c) {
                    d = min(d, rows[(i - q.len()) * w + j - c.len()] + cost);
                }
            }
            rows[cur + j] = d;
            left = d;
            row_min = min(row_min, d);
        }
        mins[i % 8] = row_min;
        let bound = (0..reach.min(i + 1))
            .map(|r| mins[(i - r) % 8])
            .fold(f32::INFINITY, min);
        if bound > cutoff {
            return bound;
        }
    }
    rows[n * w + m]
}

/// A query prepared for [`Levenshtein::distance`]: bit masks of where each
/// ASCII letter occurs in it.
///
/// Hand-written (Myers 1999 / Hyyrö 2001, one machine word) because it
/// screens hundreds of candidate keys per fuzzy lookup before the weighted
/// distance, at a few nanoseconds each: it must not allocate, and strsim's
/// Levenshtein allocates a row per call.
#[derive(Debug, Clone)]
pub struct Levenshtein {
    peq: [u64; 128],
    len: usize,
    /// False when the query is longer than 64 characters or not ASCII:
    /// then [`Levenshtein::distance`] falls back to strsim.
    fast: bool,
    query: String,
}

impl Levenshtein {
    pub fn new(query: &str) -> Levenshtein {
        let mut peq = [0u64; 128];
        let fast = query.is_ascii() && query.len() <= 64;
        if fast {
            for (i, b) in query.bytes().enumerate() {
                peq[b as usize] |= 1 << i;
            }
        }
        Levenshtein {
            peq,
            len: query.len(),
            fast,
            query: query.to_string(),
        }
    }

    /// Plain Levenshtein distance (unit costs) between the query and `b`.
    pub fn distance(&self, b: &str) -> usize {
        self.distance_known(b, b.is_ascii())
    }

    /// [`Levenshtein::distance`] when the caller already knows whether `b`
    /// is ASCII (the name index keeps that per key).
    pub fn distance_known(&self, b: &str, b_ascii: bool) -> usize {
        if !self.fast || !b_ascii {
            return strsim::levenshtein(&self.query, b);
        }
        let m = self.len;
        if m == 0 {
            return b.len();
        }
        let (mut pv, mut mv) = (!0u64, 0u64);
        let mut score = m;
        let last = 1u64 << (m - 1);
        for c in b.bytes() {
            let eq = self.peq[c as usize];
            let xv = eq | mv;
            let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

/// Similarity in [0, 1]: one minus the distance over the longer length.
pub fn similarity(a: &[char], b: &[char]) -> f64 {
    let max = a.len().max(b.len());
    if max == 0 {
        return 1.0;
    }
    (1.0 - distance(a, b) as f64 / max as f64).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str) -> f32 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        distance(&a, &b)
    }

    #[test]
    fn costs() {
        assert_eq!(d("laiza", "laiza"), 0.0);
        assert_eq!(d("laizza", "laiza"), DOUBLED);
        assert_eq!(d("laza", "laiza"), DROPPED);
        assert_eq!(d("loiza", "laiza"), VOWEL_SUB);
        assert_eq!(d("lazia", "laiza"), SWAPPED);
        assert_eq!(d("lxiza", "laiza"), 1.0);
        assert_eq!(d("", "ab"), 2.0 * DROPPED);
        assert_eq!(d("ab", ""), 2.0);
        assert!(d("salin", "samalin") > d("saalin", "salin"));
    }

    #[test]
    fn bit_parallel_levenshtein_matches_strsim() {
        let words = [
            "",
            "a",
            "laiza",
            "lazia",
            "myitcina",
            "myitkyina",
            "momok",
            "ab",
            "ba",
        ];
        for a in words {
            let lev = Levenshtein::new(a);
            for b in words {
                assert_eq!(lev.distance(b), strsim::levenshtein(a, b), "{a} / {b}");
            }
        }
        // Non-ASCII and long keys take the fallback.
        assert_eq!(Levenshtein::new("မြစ်").distance("မြ"), 2);
        let long = "a".repeat(70);
        assert_eq!(Levenshtein::new(&long).distance("a"), 69);
    }

    #[test]
    fn pairs_are_one_cheap_edit_both_ways() {
        let pairs = Pairs::new(&[("ai".into(), "ay".into(), 0.3)]);
        let dp = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut ends = Vec::new();
            pairs.ends_in(&a, &mut ends);
            distance_with(&a, &b, &pairs, &ends, &mut Vec::new(), f32::INFINITY)
        };
        assert_eq!(dp("layza", "laiza"), 0.3);
        assert_eq!(dp("laiza", "layza"), 0.3);
        assert_eq!(dp("laiza", "laiza"), 0.0);
        // Without the pair the same change costs a full substitution.
        assert_eq!(d("layza", "laiza"), 1.0);
        // A pair combines with ordinary edits.
        assert!((dp("layzza", "laiza") - 0.8).abs() < 1e-6);
    }
    #[test]
    fn cut_off_distances_are_exact_under_the_cut_and_above_it_otherwise() {
        // The band and the row-minimum stop may only drop work: under the
        // cut-off the distance is exact, past it the result exceeds it.
        let pairs = Pairs::new(&[
            ("ng".into(), "n".into(), 0.4),
            ("oo".into(), "u".into(), 0.4),
            ("ai".into(), "ay".into(), 0.4),
            ("hs".into(), "s".into(), 0.4),
        ]);
        let words = [
            "mawilnpyin",
            "mawinpyin",
            "mawlinpyin",
            "moelinpyin",
            "mawngpyin",
            "mawilnpyinn",
            "maylnpyin",
            "mawooilnpyin",
            "wilnpyin",
            "hsinbo",
            "sinboo",
            "ma",
            "m",
        ];
        let mut rows = Vec::new();
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let mut ends = Vec::new();
                pairs.ends_in(&a, &mut ends);
                let full = distance_with(&a, &b, &pairs, &ends, &mut rows, f32::INFINITY);
                for tenth in 0..50 {
                    let cut = tenth as f32 * 0.1;
                    let d = distance_with(&a, &b, &pairs, &ends, &mut rows, cut);
                    if full <= cut {
                        assert_eq!(d, full, "{a:?} {b:?} cut {cut}");
                    } else {
                        assert!(d > cut, "{a:?} {b:?} cut {cut}: {d} (full {full})");
                    }
                }
            }
        }
    }
}
