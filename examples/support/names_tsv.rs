//! The synthetic gazetteer of `../shared/bench/names_bench.py`
//! (`gazetteer.tsv`: a header, then `id<TAB>name`) as gazetteer entries.
//! Shared by `examples/names_bench.rs` and `benches/normalize.rs`.

use corroborate::model::EntityKind;
use corroborate::normalize::Entry;

/// One place entry per data line of `gazetteer.tsv`.
pub fn entries(text: &str) -> Vec<Entry> {
    text.lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, name)| Entry {
            id: id.to_string(),
            kind: EntityKind::Place,
            name: name.to_string(),
            aliases: Vec::new(),
            parent: None,
            lat: None,
            lon: None,
            level: None,
        })
        .collect()
}
