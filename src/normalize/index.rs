//! Candidate index for fuzzy lookup: an inverted index of padded character
//! trigrams over the romanisation keys.
//!
//! A query touches only the posting lists of its own trigrams and keeps the
//! `limit` keys with the best Dice overlap; the caller ranks those few with
//! string similarity. No query ever scans the whole gazetteer. Keys are
//! sorted by length so that a length window is a binary search in each
//! posting list; postings are `u32` in one flat array built by counting sort, so
//! 100k names index in tens of milliseconds.

use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// The index. Keys are identified by their position in the slice given to
/// [`GramIndex::new`].
#[derive(Debug, Clone, Default)]
pub struct GramIndex {
    /// gram -> slot in `offsets`
    grams: FxHashMap<u64, u32>,
    /// postings of slot `g` are `postings[offsets[g]..offsets[g + 1]]`
    offsets: Vec<u32>,
    postings: Vec<u32>,
    /// distinct grams per key
    sizes: Vec<u16>,
    /// length in characters per key; keys must come sorted by length
    lens: Vec<u16>,
}

thread_local! {
    /// Per-thread counters, one per key, reset after each query.
    #[allow(clippy::type_complexity)]
    static SCRATCH: RefCell<(Vec<u16>, Vec<u32>, Vec<u64>, Vec<u64>)> =
        const { RefCell::new((Vec::new(), Vec::new(), Vec::new(), Vec::new())) };
}

/// The distinct padded trigrams of `key`, sorted. Characters are packed
/// 21 bits each (every `char` fits).
fn grams_of(key: &str, out: &mut Vec<u64>) {
    out.clear();
    let (mut a, mut b) = (2u64, 2u64);
    for c in key.chars().map(|c| c as u64).chain([3u64]) {
        out.push((a << 42) | (b << 21) | c);
        a = b;
        b = c;
    }
    out.sort_unstable();
    out.dedup();
}

impl GramIndex {
    pub fn new(keys: &[String]) -> GramIndex {
        let mut grams: FxHashMap<u64, u32> = FxHashMap::default();
        let mut counts: Vec<u32> = Vec::new();
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(keys.len() * 10);
        let mut sizes = Vec::with_capacity(keys.len());
        let lens: Vec<u16> = keys
            .iter()
            .map(|k| k.chars().count().min(u16::MAX as usize) as u16)
            .collect();
        debug_assert!(
            lens.windows(2).all(|w| w[0] <= w[1]),
            "keys sorted by length"
        );
        let mut buf = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            grams_of(key, &mut buf);
            sizes.push(buf.len().min(u16::MAX as usize) as u16);
            for g in &buf {
                let next = grams.len() as u32;
                let slot = *grams.entry(*g).or_insert(next);
                if slot as usize == counts.len() {
                    counts.push(0);
                }
                counts[slot as usize] += 1;
                pairs.push((slot, k as u32));
            }
        }
        let mut offsets = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        offsets.push(0);
        for c in &counts {
            total += c;
            offsets.push(total);
        }
        let mut fill: Vec<u32> = offsets[..counts.len()].to_vec();
        let mut postings = vec![0u32; pairs.len()];
        // Pairs come in key order, so every posting list is sorted by key.
        for (slot, k) in pairs {
            postings[fill[slot as usize] as usize] = k;
            fill[slot as usize] += 1;
        }
        GramIndex {
            grams,
            offsets,
            postings,
            sizes,
            lens,
        }
    }

    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    /// Up to `limit` keys sharing the most trigrams with `query` (by Dice
    /// coefficient), best first, ties by key number. Only keys whose length
    /// differs from the query's by at most `max_len_diff` are considered
    /// (postings are in key order and keys in length order, so this is a
    /// binary search per list); keys sharing fewer than `min_shared`
    /// trigrams are skipped.
    pub fn candidates(
        &self,
        query: &str,
        limit: usize,
        min_shared: u16,
        max_len_diff: usize,
    ) -> Vec<(u32, f32)> {
        if self.is_empty() || limit == 0 {
            return Vec::new();
        }
        let qlen = query.chars().count();
        let lo = qlen.saturating_sub(max_len_diff).min(u16::MAX as usize) as u16;
        let hi = (qlen + max_len_diff).min(u16::MAX as usize) as u16;
        // Keys are in length order: the window is one range of key numbers.
        let klo = self.lens.partition_point(|&l| l < lo) as u32;
        let khi = self.lens.partition_point(|&l| l <= hi) as u32;
        SCRATCH.with(|cell| {
            let (counts, touched, qg, scored) = &mut *cell.borrow_mut();
            grams_of(query, qg);
            let qn = qg.len() as f32;
            if counts.len() < self.sizes.len() {
                counts.resize(self.sizes.len(), 0);
            }
            // Every key touched is pushed at most once; the push is
            // branch-free (write, then advance only on a key's first gram).
            touched.clear();
            touched.resize((khi - klo) as usize + 1, 0);
            let mut n_touched = 0usize;
            // How many keys have reached each count, kept in four
            // histograms used in turn: consecutive increments of one count
            // (most go to 1) would otherwise wait on each other.
            let mut reached = [[0u32; 256]; 4];
            let mut turn = 0usize;
            for g in qg.iter() {
                let Some(&slot) = self.grams.get(g) else {
                    continue;
                };
                let (a, b) = (
                    self.offsets[slot as usize] as usize,
                    self.offsets[slot as usize + 1] as usize,
                );
                let list = &self.postings[a..b];
                let from = list.partition_point(|&k| k < klo);
                let to = list.partition_point(|&k| k < khi);
                for &k in &list[from..to.max(from)] {
                    let c = &mut counts[k as usize];
                    touched[n_touched] = k;
                    n_touched += usize::from(*c == 0);
                    *c = c.saturating_add(1);
                    // (Counts past 255 share the last bucket: the histogram
                    // is only used for queries of fewer grams, see below.)
                    reached[turn & 3][usize::from((*c).min(255))] += 1;
                    turn += 1;
                }
            }
            touched.truncate(n_touched);
            // A key that reached count c has reached every smaller count,
            // so `at_least[c]` is how many keys share c or more grams.
            let mut at_least = [0u32; 256];
            for (c, n) in at_least.iter_mut().enumerate() {
                *n = reached.iter().map(|r| r[c]).sum();
            }
            // A query of 255 or more grams keeps every key (its histogram
            // lumps high counts together).
            let keep_from = if qg.len() < 255 {
                least_useful(&at_least, limit, qg.len() as u64, u64::from(hi) + 1)
            } else {
                1
            }
            .max(min_shared);
            // Best Dice first, ties by key number, as one integer per key:
            // the complement of the (positive) score's bits, then the key.
            scored.clear();
            for &k in touched.iter() {
                let shared = counts[k as usize];
                counts[k as usize] = 0;
                if shared < keep_from {
                    continue;
                }
                let dice = 2.0 * shared as f32 / (qn + self.sizes[k as usize] as f32);
                scored.push(((!dice.to_bits() as u64) << 32) | k as u64);
            }
            if scored.len() > limit {
                scored.select_nth_unstable(limit - 1);
                scored.truncate(limit);
            }
            scored.sort_unstable();
            scored
                .iter()
                .map(|&x| (x as u32, f32::from_bits(!((x >> 32) as u32))))
                .collect()
        })
    }
}

/// The fewest shared grams a key needs to have a chance of being among the
/// `limit` best by Dice, from `at_least[c]` (how many keys share `c` or more
/// of the query's `qn` grams, fewer than 255) and
/// `max_size` (no key in the window has more grams).
///
/// Most keys a query touches share one or two grams and cannot make the
/// cut; skipping them before computing their Dice leaves the result
/// unchanged. If `s0` is the largest count shared by at least `limit` keys,
/// each of those has Dice ≥ 2·s0 / (qn + max_size), while a key sharing `s`
/// grams has Dice ≤ 2·s / (qn + s) (it has at least `s` grams). A key is
/// kept unless that bound is strictly below: s·(qn + max_size − s0) ≥
/// s0·qn, in integers. Distinct Dice values here are rationals with small
/// denominators, far apart compared to `f32` rounding, so the exact order
/// the caller sees is the order of the kept keys.
fn least_useful(at_least: &[u32; 256], limit: usize, qn: u64, max_size: u64) -> u16 {
    let Some(s0) = (1..at_least.len())
        .rev()
        .find(|&c| at_least[c] as usize >= limit)
    else {
        return 1;
    };
    let s0 = s0 as u64;
    (1..=s0)
        .find(|&s| s * (qn + max_size).saturating_sub(s0) >= s0 * qn)
        .unwrap_or(s0) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_keys_first() {
        let keys: Vec<String> = ["laiza", "momok", "waimo", "myitcina", "laizatown"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let idx = GramIndex::new(&keys);
        let c = idx.candidates("myitcna", 2, 1, 3);
        assert_eq!(c[0].0, 3);
        let c = idx.candidates("laiza", 5, 1, 4);
        assert_eq!(c[0], (0, 1.0));
        assert!(c.iter().any(|(k, _)| *k == 4));
        // Outside the length window.
        assert!(idx
            .candidates("laiza", 5, 1, 3)
            .iter()
            .all(|(k, _)| *k != 4));
        assert!(idx.candidates("qqqq", 5, 1, 3).is_empty());
    }

    /// The plain definition [`GramIndex::candidates`] must agree with:
    /// every key in the length window scored by Dice, best `limit` kept.
    fn candidates_by_scan(
        keys: &[String],
        query: &str,
        limit: usize,
        max_len_diff: usize,
    ) -> Vec<(u32, f32)> {
        let (mut q, mut g) = (Vec::new(), Vec::new());
        grams_of(query, &mut q);
        let qlen = query.chars().count();
        let mut all: Vec<(u32, f32)> = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            if key.chars().count().abs_diff(qlen) > max_len_diff {
                continue;
            }
            grams_of(key, &mut g);
            let shared = g.iter().filter(|x| q.binary_search(x).is_ok()).count();
            if shared > 0 {
                let dice = 2.0 * shared as f32 / (q.len() as f32 + g.len() as f32);
                all.push((k as u32, dice));
            }
        }
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(limit);
        all
    }

    proptest::proptest! {
        /// Skipping keys that cannot reach the best `limit` (see
        /// `least_useful`) never changes the answer.
        #[test]
        fn pruned_candidates_equal_a_full_scan(
            mut keys in proptest::collection::vec("[abkmnosty]{1,12}", 1..300),
            query in "[abkmnosty]{1,14}",
            limit in 1usize..40,
        ) {
            keys.sort_by_cached_key(|k| (k.chars().count(), k.clone()));
            keys.dedup();
            let idx = GramIndex::new(&keys);
            proptest::prop_assert_eq!(
                idx.candidates(&query, limit, 1, 3),
                candidates_by_scan(&keys, &query, limit, 3)
            );
        }
    }

    #[test]
    fn long_keys_are_ranked_by_their_true_counts() {
        // Keys of 300 letters share more than 255 grams with a query: the
        // counters must not saturate (the closer key must win).
        let mut state = 7u64;
        let q: Vec<u8> = (0..300)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                b'a' + (state % 26) as u8
            })
            .collect();
        let edit = |n: usize| {
            let mut k = q.clone();
            for i in 0..n {
                let at = 7 + i * 23;
                k[at] = if k[at] == b'z' { b'y' } else { b'z' };
            }
            String::from_utf8(k).unwrap()
        };
        let (near, far) = (edit(5), edit(12));
        let query = String::from_utf8(q).unwrap();
        // Both 300 letters: key number 0 is the farther one.
        let keys = vec![far.clone(), near.clone()];
        let idx = GramIndex::new(&keys);
        let got = idx.candidates(&query, 1, 1, 3);
        assert_eq!(got, candidates_by_scan(&keys, &query, 1, 3));
        assert_eq!(got[0].0, 1, "{got:?}");
    }

    #[test]
    fn least_useful_keeps_every_key_that_can_make_the_cut() {
        // 10 keys share 4 of the query's 8 grams, 100 share one; for the
        // best 10, a key sharing s grams needs s·(8 + 9 − 4) ≥ 4·8.
        let mut at_least = [0u32; 256];
        at_least[1] = 110;
        at_least[2..=4].fill(10);
        assert_eq!(least_useful(&at_least, 10, 8, 9), 3);
        // Fewer keys than the limit: keep all.
        assert_eq!(least_useful(&at_least, 200, 8, 9), 1);
    }

    #[test]
    fn deletion_index_finds_one_edit_both_ways() {
        let keys: Vec<String> = ["laiza", "momok", "waimo", "myitcina", "lazia"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let idx = DeleteIndex::new(&keys);
        let hits = |q: &str| {
            let mut out = Vec::new();
            idx.candidates(q, usize::MAX, 100, &mut out);
            out.sort_unstable();
            out.dedup();
            out
        };
        // Substitution, insertion, deletion, exact.
        assert_eq!(hits("loiza"), vec![0]);
        assert_eq!(hits("laizza"), vec![0]);
        assert_eq!(hits("myitcna"), vec![3]);
        assert_eq!(hits("momok"), vec![1]);
        // "laiza" and "lazia" (one swap of adjacent letters) both become
        // "laza" by one deletion.
        assert_eq!(hits("laiza"), vec![0, 4]);
        // Two substitutions are out of reach.
        assert!(hits("wiamu").is_empty());
        // Two letters too many in the query: only with two deletions.
        assert!(hits("myiitcinna").is_empty());
        let mut out = Vec::new();
        idx.candidates("myiitcinna", 6, 100, &mut out);
        assert_eq!(out, vec![3]);
        // The limit caps the output.
        let mut out = Vec::new();
        idx.candidates("laiza", usize::MAX, 1, &mut out);
        assert_eq!(out.len(), 1);
    }
}

/// Symmetric-deletion index over the romanisation keys: every key is filed
/// under the hash of itself and of each string one character shorter. Two
/// keys share an entry when deleting at most one character from each makes
/// them equal, which covers one substitution, insertion, deletion or swap
/// of adjacent letters (and some pairs of edits). A query costs one binary
/// search per character of its key, whatever the gazetteer size, and finds
/// close short keys that share too few trigrams to rank high by Dice.
///
/// Entries are `(xxh3 of the variant, key number)` in one sorted `Vec`,
/// built in parallel; a hash collision only adds a candidate, which the
/// caller ranks by its real distance anyway.
#[derive(Debug, Clone, Default)]
pub struct DeleteIndex {
    entries: Vec<(u64, u32)>,
    /// Entries whose hash starts with the bits `b` (the top `64 - shift`
    /// bits) are `entries[starts[b]..starts[b + 1]]`: about as many runs as
    /// entries, so a lookup reads one or two entries and no binary search
    /// (which cost a cache miss per probe).
    starts: Vec<u32>,
    shift: u32,
}

/// The hashes of `key` and of each one-character deletion of it, sorted and
/// deduplicated (a doubled letter yields one deletion twice).
fn deletions(key: &str, buf: &mut Vec<u8>, hashes: &mut Vec<u64>) {
    use xxhash_rust::xxh3::xxh3_64;
    hashes.clear();
    hashes.push(xxh3_64(key.as_bytes()));
    let bytes = key.as_bytes();
    for (i, c) in key.char_indices() {
        buf.clear();
        buf.extend_from_slice(&bytes[..i]);
        buf.extend_from_slice(&bytes[i + c.len_utf8()..]);
        hashes.push(xxh3_64(buf));
    }
    hashes.sort_unstable();
    hashes.dedup();
}

/// The hashes of each two-character deletion of `key`, appended to `hashes`
/// (then sorted and deduplicated with what was there).
/// `idx` holds the byte range of each character of `key`.
fn deletions2(key: &str, idx: &[(usize, usize)], buf: &mut Vec<u8>, hashes: &mut Vec<u64>) {
    use xxhash_rust::xxh3::xxh3_64;
    let bytes = key.as_bytes();
    for a in 0..idx.len() {
        for b in a + 1..idx.len() {
            buf.clear();
            buf.extend_from_slice(&bytes[..idx[a].0]);
            buf.extend_from_slice(&bytes[idx[a].1..idx[b].0]);
            buf.extend_from_slice(&bytes[idx[b].1..]);
            hashes.push(xxh3_64(buf));
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
}

impl DeleteIndex {
    pub fn new(keys: &[String]) -> DeleteIndex {
        use rayon::prelude::*;
        type Acc = (Vec<(u64, u32)>, Vec<u8>, Vec<u64>);
        let pairs: Vec<(u64, u32)> = keys
            .par_iter()
            .enumerate()
            .fold(
                || (Vec::new(), Vec::new(), Vec::new()),
                |(mut out, mut buf, mut hashes): Acc, (k, key)| {
                    deletions(key, &mut buf, &mut hashes);
                    out.extend(hashes.iter().map(|&h| (h, k as u32)));
                    (out, buf, hashes)
                },
            )
            .map(|(out, _, _)| out)
            .flatten_iter()
            .collect();
        // Counting sort on the top `bits` bits (about one run per entry),
        // then each small run sorted: the pairs are distinct, so the order is
        // fully determined.
        let bits = (usize::BITS - pairs.len().leading_zeros()).clamp(8, 24);
        let shift = 64 - bits;
        let runs_n = 1usize << bits;
        let mut starts = vec![0u32; runs_n + 1];
        for &(h, _) in &pairs {
            starts[(h >> shift) as usize + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut fill: Vec<u32> = starts[..runs_n].to_vec();
        let mut entries = vec![(0u64, 0u32); pairs.len()];
        for p in pairs {
            let slot = &mut fill[(p.0 >> shift) as usize];
            entries[*slot as usize] = p;
            *slot += 1;
        }
        // Runs hold one or two entries on average.
        for b in 0..runs_n {
            entries[starts[b] as usize..starts[b + 1] as usize].sort_unstable();
        }
        DeleteIndex {
            entries,
            starts,
            shift,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Appends to `out` the keys within one deletion on each side of
    /// `query` and, when the query has at least `two_from` characters, the
    /// keys within two deletions from the query and one from the key
    /// (ascending per variant, possibly repeated across variants), stopping
    /// once `out` holds `limit`.
    pub fn candidates(&self, query: &str, two_from: usize, limit: usize, out: &mut Vec<u32>) {
        DELS.with(|cell| {
            let (buf, hashes, bounds) = &mut *cell.borrow_mut();
            deletions(query, buf, hashes);
            bounds.clear();
            bounds.extend(query.char_indices().map(|(i, c)| (i, i + c.len_utf8())));
            if bounds.len() >= two_from {
                deletions2(query, bounds, buf, hashes);
            }
            if self.entries.is_empty() {
                return;
            }
            for &h in hashes.iter() {
                let b = (h >> self.shift) as usize;
                let run = &self.entries[self.starts[b] as usize..self.starts[b + 1] as usize];
                let from = run.partition_point(|e| e.0 < h);
                for &(eh, k) in &run[from..] {
                    if eh != h || out.len() >= limit {
                        break;
                    }
                    out.push(k);
                }
            }
        });
    }
}

thread_local! {
    /// Scratch for [`DeleteIndex::candidates`].
    #[allow(clippy::type_complexity)]
    static DELS: RefCell<(Vec<u8>, Vec<u64>, Vec<(usize, usize)>)> =
        const { RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
}
