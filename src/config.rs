//! `config.toml`: one struct per stage section, every field with its default.
//!
//! Missing keys take their defaults; an unknown key is an error that names it
//! (`deny_unknown_fields`). Paths are relative to the config file's folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Event, SourceKind};

/// Errors loading a config file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub input: InputConfig,
    pub normalize: NormalizeConfig,
    pub extract: ExtractConfig,
    pub sign: SignConfig,
    pub cluster: ClusterConfig,
    pub score: ScoreConfig,
    pub output: OutputConfig,
    /// Folder that relative paths are resolved against (the config file's
    /// folder); not a key of the file.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            input: InputConfig::default(),
            normalize: NormalizeConfig::default(),
            extract: ExtractConfig::default(),
            sign: SignConfig::default(),
            cluster: ClusterConfig::default(),
            score: ScoreConfig::default(),
            output: OutputConfig::default(),
            base_dir: PathBuf::from("."),
        }
    }
}

/// `[input]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Files and folders read by `run` when no INPUT is given.
    /// Default: `["corpora/reports/kachin-2024-05"]`.
    pub corpus: Vec<PathBuf>,
    /// The gazetteer CSV. Default: `corpora/gazetteer.csv`.
    pub gazetteer: PathBuf,
    /// Folder of lexicons (normalisation rules, unit types, event verbs, hedges…).
    /// Default: `corpora`.
    pub lexicons: PathBuf,
    /// Largest accepted report body in bytes; longer bodies are rejected. Default: 1 MiB.
    pub max_body_bytes: usize,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            corpus: vec![PathBuf::from("corpora/reports/kachin-2024-05")],
            gazetteer: PathBuf::from("corpora/gazetteer.csv"),
            lexicons: PathBuf::from("corpora"),
            max_body_bytes: 1 << 20,
        }
    }
}

/// `[normalize]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NormalizeConfig {
    /// Lowest similarity in [0, 1] for a fuzzy match. Default: 0.88.
    pub min_score: f64,
    /// When the best two candidates are closer than this, the answer is
    /// `ambiguous`. Default: 0.02.
    pub ambiguity_margin: f64,
    /// Shortest key (in characters) tried by fuzzy matching. Default: 4.
    pub min_fuzzy_len: usize,
    /// Candidates taken from the trigram index and ranked by string
    /// similarity for each fuzzy lookup that needs it. Default: 300.
    pub max_candidates: usize,
    /// A fuzzy lookup whose close keys (within one deletion on each side,
    /// from the deletion index) already score this much skips the trigram
    /// search. Above 1 the trigram search always runs. Default: 0.92.
    pub confident_score: f64,
    /// Of the trigram candidates, how many (the closest by plain
    /// Levenshtein distance between keys) are ranked by the weighted
    /// distance. Default: 40.
    pub max_ranked: usize,
    /// Shortest query key (in characters) for which the deletion index
    /// also tries every two-character deletion of the query. Default: 6.
    pub two_deletions_from_len: usize,
    /// Shortest capitalised phrase (in characters of its key) that running
    /// text may resolve by fuzzy matching; shorter ones must match a name,
    /// an alias or the romanisation key. Default: 5.
    pub min_text_fuzzy_len: usize,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            min_score: 0.88,
            ambiguity_margin: 0.02,
            min_fuzzy_len: 4,
            max_candidates: 300,
            confident_score: 0.92,
            max_ranked: 40,
            two_deletions_from_len: 6,
            min_text_fuzzy_len: 5,
        }
    }
}

/// `[extract]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// Keep hand-coded `[[claims]]` from front matter. Default: true.
    pub hand_claims: bool,
    /// Extract claims from report text by rules. Default: true.
    pub text_claims: bool,
    /// Give a claim whose sentence names no time a window of the days before
    /// publication (`default_window_days`); when false such a claim has no
    /// window, as the text gives no date. Default: false.
    pub dateless_window: bool,
    /// Days before publication covered by a claim whose sentence names no
    /// time, when `dateless_window` is true: the window is
    /// [published - N, published], precision 2 (3 when N > 7). Default: 7.
    pub default_window_days: i64,
    /// Gazetteer level at which an air strike, shelling or displacement that
    /// hits unnamed villages ("bombs on villages east of Waingmaw town") is
    /// placed: the named settlement's ancestor of this level. Empty turns the
    /// rule off. Default: "township".
    pub area_level: String,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            hand_claims: true,
            text_claims: true,
            dateless_window: false,
            default_window_days: 7,
            area_level: "township".to_string(),
        }
    }
}

/// Shingle unit for near-duplicate detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShingleKind {
    /// Character n-grams of the normalised text.
    Char,
    /// Word n-grams of the normalised text.
    Word,
}

/// `[sign]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignConfig {
    /// `char` or `word`. Default: `char`.
    pub shingle: ShingleKind,
    /// Shingle length (characters or words). Default: 5.
    pub shingle_size: usize,
    /// MinHash permutations; must equal `bands * rows`. Default: 128.
    pub num_perm: usize,
    /// Seed of the MinHash hash family. Default: 20240611.
    pub seed: u64,
    /// A report with more than `sample_above` distinct shingles keeps only
    /// one in `sample_rate` of them (by hash value, the same sample for every
    /// report), so a signature's memory stops growing with text length; the
    /// similarity of such reports is estimated on the common sample. 1 keeps
    /// every shingle. Must divide `cluster.anchor_rate`. Default: 8.
    pub sample_rate: u32,
    /// Shingle sets of at most this many shingles are kept whole, so short
    /// reports and excerpts compare exactly. Default: 512.
    pub sample_above: usize,
}

impl Default for SignConfig {
    fn default() -> Self {
        SignConfig {
            shingle: ShingleKind::Char,
            shingle_size: 5,
            num_perm: 128,
            seed: 20240611,
            sample_rate: 8,
            sample_above: 512,
        }
    }
}

/// `[cluster]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClusterConfig {
    /// LSH bands. Default: 16 (16 bands of 8 rows pair reports of Jaccard 0.8
    /// with odds of 98 %, of 0.3 with odds of 0.1 %; anchors find the
    /// lower-Jaccard excerpts).
    pub bands: usize,
    /// LSH rows per band. Default: 8.
    pub rows: usize,
    /// Jaccard similarity (of shingle sets, exact) at or above which a report
    /// joins a leader. Default: 0.6.
    pub jaccard: f64,
    /// Containment (share of the smaller report's shingles in the larger) at or
    /// above which an excerpt joins its source. Default: 0.8.
    pub containment: f64,
    /// A report with fewer shingles than this (about 10 words of char
    /// 5-grams) joins no other: short texts coincide by chance ("Point 1130
    /// was seized.") and a one-line post is contained in many reports. Default: 50.
    pub min_shingles: usize,
    /// An LSH bucket (or anchor posting list) larger than this is boilerplate:
    /// each report in it is paired only with the bucket's first
    /// `max_bucket` reports in (published, id) order, the leaders it could
    /// join, so candidate pairs stay linear in the corpus. Default: 64.
    pub max_bucket: usize,
    /// One shingle in `anchor_rate` (by hash) is an anchor; reports sharing
    /// at least half the smaller one's anchors become candidates, which finds
    /// excerpts whose Jaccard is too low for LSH. 0 turns anchors off. Default: 8.
    pub anchor_rate: u32,
    /// A detail shared by a cluster's members is shown in `shared_details` when
    /// at most this share of the reports outside the cluster carry it. Default: 0.001.
    pub rare_share: f64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            bands: 16,
            rows: 8,
            jaccard: 0.6,
            containment: 0.8,
            min_shingles: 50,
            max_bucket: 64,
            anchor_rate: 8,
            rare_share: 0.001,
        }
    }
}

/// `[score]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreConfig {
    /// Days two time windows may be apart and still be the same event (the
    /// gap is noted on the origin as a date disagreement). Default: 2.
    pub date_tolerance_days: i64,
    /// Base weight per source kind, in [0, 1].
    /// Default: statement 0.5, media 0.6, resident 0.6, official 0.5, social 0.3, ngo 0.6.
    pub weights: BTreeMap<SourceKind, f64>,
    /// Multiplier for a party claiming its own gains. Default: 0.5.
    pub self_interest: f64,
    /// Multiplier for a statement against the speaker's interest. Default: 1.5.
    pub against_interest: f64,
    /// Multiplier for a hedged claim ("reportedly", "unconfirmed"). Default: 0.7.
    pub hedge: f64,
    /// Multiplier for support through an enclosing place only. Default: 0.5.
    pub coarse: f64,
    /// How many gazetteer levels above a claim's place still match (a village
    /// and its township: 1). Default: 1.
    pub coarse_levels: usize,
    /// Fewest independent asserting origins for `corroborated`. Default: 2.
    pub min_origins: usize,
    /// Affiliations that speak for no party. Default: `["independent", "unknown"]`.
    pub neutral_affiliations: Vec<String>,
    /// Events that favour their actor when asserted (gains: taking ground,
    /// attacking); every other event is a harm that counts against its actor.
    /// Default: `["capture", "attack", "clash"]`.
    pub gain_events: Vec<Event>,
    /// Two-sided events (fighting between parties): who is named as the actor
    /// does not tell two such claims apart ("the KIA clashed with troops",
    /// "troops clashed with the KIA"). Default: `["clash"]`.
    pub two_sided_events: Vec<Event>,
    /// Events that imply others about the same target (a capture implies an
    /// attack). Default: `{ capture = ["attack"] }`.
    pub implies: BTreeMap<Event, Vec<Event>>,
    /// Source kinds whose reports are a party's own voice when the source is
    /// affiliated: all of a party's such reports are one origin per claim.
    /// Default: `["statement", "official"]`.
    pub party_kinds: Vec<SourceKind>,
    /// Names (affiliations, group ids, words in attribution) mapped to a party
    /// id, on top of the gazetteer's groups (a group's party is its outermost
    /// group ancestor). Default: empty.
    pub parties: BTreeMap<String, String>,
}

impl ScoreConfig {
    /// The base weight of a source kind; kinds missing from `weights` take the default.
    pub fn weight(&self, kind: SourceKind) -> f64 {
        match self.weights.get(&kind) {
            Some(w) => *w,
            None => ScoreConfig::default().weights[&kind],
        }
    }
}

impl Default for ScoreConfig {
    fn default() -> Self {
        let weights = [
            (SourceKind::Statement, 0.5),
            (SourceKind::Media, 0.6),
            (SourceKind::Resident, 0.6),
            (SourceKind::Official, 0.5),
            (SourceKind::Social, 0.3),
            (SourceKind::Ngo, 0.6),
        ]
        .into_iter()
        .collect();
        ScoreConfig {
            date_tolerance_days: 2,
            weights,
            self_interest: 0.5,
            against_interest: 1.5,
            hedge: 0.7,
            coarse: 0.5,
            coarse_levels: 1,
            min_origins: 2,
            neutral_affiliations: vec!["independent".into(), "unknown".into()],
            gain_events: vec![Event::Capture, Event::Attack, Event::Clash],
            two_sided_events: vec![Event::Clash],
            implies: [(Event::Capture, vec![Event::Attack])]
                .into_iter()
                .collect(),
            party_kinds: vec![SourceKind::Statement, SourceKind::Official],
            parties: BTreeMap::new(),
        }
    }
}

/// `[output]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Output folder. Default: `out`.
    pub dir: PathBuf,
    /// Last words of a casualty quantity's noun that count as deaths in
    /// `acled.csv`'s `fatalities` ("civilians killed"). The nouns come from
    /// `corpora/extract/events.tsv`. Default: `["killed", "dead"]`.
    pub fatality_nouns: Vec<String>,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("out"),
            fatality_nouns: vec!["killed".into(), "dead".into()],
        }
    }
}

impl Config {
    /// Parses a config from TOML text; `base_dir` resolves relative paths.
    pub fn from_toml(text: &str, origin: &str, base_dir: &Path) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: origin.to_string(),
            message: e.message().to_string() + &location(text, e.span()),
        })?;
        config.base_dir = base_dir.to_path_buf();
        config.validate(origin)?;
        Ok(config)
    }

    /// Reads a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let base = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        Config::from_toml(&text, &path.display().to_string(), &base)
    }

    /// Reads `config.toml` in the current folder if it exists, else the defaults.
    pub fn load_default() -> Result<Config, ConfigError> {
        let path = Path::new("config.toml");
        if path.exists() {
            Config::load(path)
        } else {
            Ok(Config::default())
        }
    }

    /// Resolves a path from the config against the config's folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() || self.base_dir == Path::new(".") {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }

    /// A stable hash of the effective configuration (for `report.json`).
    pub fn hash(&self) -> String {
        let text = toml::to_string(self).unwrap_or_default();
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
    }

    fn validate(&self, origin: &str) -> Result<(), ConfigError> {
        let bad = |message: String| {
            Err(ConfigError::Invalid {
                path: origin.to_string(),
                message,
            })
        };
        for (name, v) in [
            ("normalize.min_score", self.normalize.min_score),
            (
                "normalize.ambiguity_margin",
                self.normalize.ambiguity_margin,
            ),
            ("cluster.jaccard", self.cluster.jaccard),
            ("cluster.containment", self.cluster.containment),
            ("cluster.rare_share", self.cluster.rare_share),
            ("score.hedge", self.score.hedge),
            ("score.coarse", self.score.coarse),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(format!("{name} = {v} must be between 0 and 1"));
            }
        }
        for (kind, w) in &self.score.weights {
            if !(0.0..=1.0).contains(w) {
                return bad(format!(
                    "score.weights.{kind} = {w} must be between 0 and 1"
                ));
            }
        }
        if self.cluster.bands == 0 || self.cluster.rows == 0 {
            return bad("cluster.bands and cluster.rows must be at least 1".into());
        }
        if self.sign.sample_rate == 0 {
            return bad("sign.sample_rate must be at least 1".into());
        }
        if self.cluster.anchor_rate % self.sign.sample_rate != 0 {
            return bad(format!(
                "cluster.anchor_rate ({}) must be a multiple of sign.sample_rate ({}): anchors are taken from the sampled shingles",
                self.cluster.anchor_rate, self.sign.sample_rate
            ));
        }
        if self.cluster.bands * self.cluster.rows != self.sign.num_perm {
            return bad(format!(
                "cluster.bands ({}) * cluster.rows ({}) must equal sign.num_perm ({})",
                self.cluster.bands, self.cluster.rows, self.sign.num_perm
            ));
        }
        if self.cluster.max_bucket == 0 {
            return bad("cluster.max_bucket must be at least 1".into());
        }
        if self.sign.shingle_size == 0 {
            return bad("sign.shingle_size must be at least 1".into());
        }
        for (name, v) in [
            ("score.self_interest", self.score.self_interest),
            ("score.against_interest", self.score.against_interest),
        ] {
            if !(v >= 0.0 && v.is_finite()) {
                return bad(format!("{name} = {v} must be a finite number >= 0"));
            }
        }
        if self.score.min_origins < 2 {
            return bad(format!(
                "score.min_origins = {} must be at least 2 (one origin is single-source)",
                self.score.min_origins
            ));
        }
        if !(0..=36_500).contains(&self.extract.default_window_days) {
            return bad("extract.default_window_days must be between 0 and 36500".into());
        }
        if self.score.date_tolerance_days < 0 {
            return bad("score.date_tolerance_days must not be negative".into());
        }
        Ok(())
    }
}

/// " (line L, column C)" for a byte span of `text`, or "".
fn location(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    let Some(span) = span else {
        return String::new();
    };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!(" (line {line}, column {column})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = Config::from_toml("", "t.toml", Path::new(".")).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::from_toml("[cluster]\njacard = 0.5\n", "t.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("jacard"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn sample_rate_must_divide_the_anchor_rate() {
        let err = Config::from_toml("[sign]\nsample_rate = 3\n", "t.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("anchor_rate"), "{err}");
        let err = Config::from_toml("[sign]\nsample_rate = 0\n", "t.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("sample_rate"), "{err}");
        // Anchors off, or a rate that divides them: fine.
        for ok in [
            "[sign]\nsample_rate = 4\n",
            "[sign]\nsample_rate = 3\n[cluster]\nanchor_rate = 0\n",
        ] {
            assert!(
                Config::from_toml(ok, "t.toml", Path::new(".")).is_ok(),
                "{ok}"
            );
        }
    }

    #[test]
    fn unknown_section_is_named() {
        let err = Config::from_toml("[clustre]\n", "t.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("clustre"), "{err}");
    }

    #[test]
    fn out_of_range_threshold_is_rejected() {
        let err = Config::from_toml("[cluster]\njaccard = 1.5\n", "t.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cluster.jaccard"), "{err}");
    }

    #[test]
    fn bands_times_rows_must_match_perm() {
        let err = Config::from_toml("[cluster]\nbands = 10\n", "t.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("num_perm"), "{err}");
    }

    #[test]
    fn relative_paths_resolve_against_config_folder() {
        let c = Config::from_toml("", "x/c.toml", Path::new("x")).unwrap();
        assert_eq!(
            c.resolve(&c.input.gazetteer),
            Path::new("x/corpora/gazetteer.csv")
        );
    }

    #[test]
    fn weights_merge_partial_tables() {
        // A partial weights table sets some kinds; the others keep their defaults.
        let c =
            Config::from_toml("[score.weights]\nsocial = 0.1\n", "t.toml", Path::new(".")).unwrap();
        assert_eq!(c.score.weight(SourceKind::Social), 0.1);
        assert_eq!(c.score.weight(SourceKind::Media), 0.6);
    }
}
