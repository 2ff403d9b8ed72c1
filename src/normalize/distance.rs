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
//! Consonant pairs that transliterations confuse (ky/gy/ch, hs/s, …) are
//! handled before, by the data-driven romanisation key.

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

/// Weighted distance between `a` (the query) and `b` (a candidate).
pub fn distance(a: &[char], b: &[char]) -> f32 {
    let (n, m) = (a.len(), b.len());
    if n == 0 {
        return m as f32 * DROPPED;
    }
    if m == 0 {
        return n as f32;
    }
    let w = m + 1;
    // Three rolling rows: i-2, i-1, i.
    let mut rows = vec![0f32; 3 * w];
    for (j, cell) in rows.iter_mut().take(m + 1).enumerate() {
        *cell = j as f32 * DROPPED;
    }
    for i in 1..=n {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        let ai = a[i - 1];
        let extra = if i >= 2 && a[i - 2] == ai || i < n && a[i] == ai {
            DOUBLED
        } else {
            1.0
        };
        rows[cur * w] = rows[prev * w] + extra;
        for j in 1..=m {
            let bj = b[j - 1];
            let sub = if ai == bj {
                0.0
            } else if is_vowel(ai) && is_vowel(bj) {
                VOWEL_SUB
            } else {
                1.0
            };
            let mut d = (rows[prev * w + j - 1] + sub)
                .min(rows[prev * w + j] + extra)
                .min(rows[cur * w + j - 1] + DROPPED);
            if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == bj && ai != bj {
                d = d.min(rows[prev2 * w + j - 2] + SWAPPED);
            }
            rows[cur * w + j] = d;
        }
    }
    rows[(n % 3) * w + m]
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
}
