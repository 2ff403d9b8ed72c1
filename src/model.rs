//! Typed data passed between pipeline stages.
//!
//! Every stage consumes one of the collections below and produces the next:
//! `Ingested -> Normalized -> Extracted -> Signed -> Clustered -> Scored`.
//! The serde form of each record is also the JSON-lines format of
//! `corroborate stage <name>` (see ARCHITECTURE.md), so field names here are a
//! public contract: rename with care.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use jiff::civil::Date;

/// Who a report's source is, as declared in the input (`kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A party's own statement (an armed group, the junta's information team).
    Statement,
    /// A news outlet.
    Media,
    /// A resident or eyewitness, usually relayed.
    Resident,
    /// An official body (state media, a ministry).
    Official,
    /// A social-media page or channel.
    Social,
    /// A non-governmental organisation (rescue, IDP support, rights groups).
    Ngo,
}

impl SourceKind {
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Statement,
        SourceKind::Media,
        SourceKind::Resident,
        SourceKind::Official,
        SourceKind::Social,
        SourceKind::Ngo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Statement => "statement",
            SourceKind::Media => "media",
            SourceKind::Resident => "resident",
            SourceKind::Official => "official",
            SourceKind::Social => "social",
            SourceKind::Ngo => "ngo",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a record came from: the input file (as given, with `/` separators)
/// and the 1-based line where the record starts (0 for a whole-file error).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Provenance {
    pub file: String,
    pub line: u64,
}

/// One input report, validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: String,
    pub source: String,
    pub kind: SourceKind,
    /// The party the source speaks for (`kia`, `junta`, …), `independent` or `unknown`.
    pub affiliation: String,
    /// The publication date (the date part of an ISO date-time).
    pub published: Date,
    /// The `published` field exactly as given (keeps a time of day if there was one).
    pub published_raw: String,
    pub language: String,
    pub url: Option<String>,
    /// Sources the whole report relays (`cites`).
    pub cites: Vec<String>,
    pub text: String,
    /// Claims hand-coded in the input (`[[claims]]` in front matter).
    pub hand_claims: Vec<HandClaim>,
    pub provenance: Provenance,
}

/// A claim hand-coded in a report's front matter; names are resolved by
/// `normalize`, the rest is kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandClaim {
    pub event: Event,
    #[serde(default)]
    pub polarity: Polarity,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub date_from: Option<Date>,
    #[serde(default)]
    pub date_to: Option<Date>,
    #[serde(default)]
    pub quantity_min: Option<u64>,
    #[serde(default)]
    pub quantity_max: Option<u64>,
    #[serde(default)]
    pub quantity_noun: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A row that could not be used, with the reason. Written to `rejected.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rejected {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

/// Counters kept by ingest for `report.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestStats {
    pub files_read: u64,
    /// Files skipped because of their extension, with a note on stderr.
    pub files_skipped: Vec<String>,
    pub records_seen: u64,
    pub reports_accepted: u64,
    pub records_rejected: u64,
    /// Unknown input fields and how often each was seen (they are ignored).
    pub unknown_fields: BTreeMap<String, u64>,
}

/// Output of `ingest`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ingested {
    /// Sorted by report id.
    pub reports: Vec<Report>,
    /// Sorted by (file, line, reason).
    pub rejected: Vec<Rejected>,
    pub stats: IngestStats,
}

/// What a gazetteer row (or a mention) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Place,
    Unit,
    Group,
    Position,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Place => "place",
            EntityKind::Unit => "unit",
            EntityKind::Group => "group",
            EntityKind::Position => "position",
        }
    }

    pub fn parse(s: &str) -> Option<EntityKind> {
        match s {
            "place" => Some(EntityKind::Place),
            "unit" => Some(EntityKind::Unit),
            "group" => Some(EntityKind::Group),
            "position" => Some(EntityKind::Position),
            _ => None,
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a name was resolved (the `method` column of `normalize` and `mentions.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMethod {
    /// Equal to a canonical name (case- and space-insensitive).
    Exact,
    /// Equal to an alias.
    Alias,
    /// Equal after the romanisation-aware key.
    Key,
    /// Close by string similarity.
    Fuzzy,
    /// Parsed by the military-unit grammar.
    Unit,
    /// Several candidates fit equally well.
    Ambiguous,
    /// Nothing fits.
    None,
}

impl MatchMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchMethod::Exact => "exact",
            MatchMethod::Alias => "alias",
            MatchMethod::Key => "key",
            MatchMethod::Fuzzy => "fuzzy",
            MatchMethod::Unit => "unit",
            MatchMethod::Ambiguous => "ambiguous",
            MatchMethod::None => "none",
        }
    }

    /// True when the mention names exactly one entity.
    pub fn is_resolved(self) -> bool {
        !matches!(self, MatchMethod::Ambiguous | MatchMethod::None)
    }
}

impl fmt::Display for MatchMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resolved reference to a gazetteer entity (or a synthetic unit).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityRef {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
}

/// A name found in a report's text (or in a hand-coded claim).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub report_id: String,
    /// Byte offsets into the report's original `text`.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// The kind of the match, or of the best rejected candidate.
    pub kind: Option<EntityKind>,
    /// The resolved id; for `ambiguous`, the candidates joined by `|`; empty for `none`.
    pub id: String,
    pub name: String,
    pub score: f64,
    pub method: MatchMethod,
    /// Why the mention is unresolved when that is more than "no candidate"
    /// (e.g. Zawgyi-encoded Burmese); set by `normalize`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Mention {
    /// The entity this mention names, when it names exactly one.
    pub fn entity(&self) -> Option<EntityRef> {
        match (self.method.is_resolved(), self.kind) {
            (true, Some(kind)) => Some(EntityRef {
                id: self.id.clone(),
                name: self.name.clone(),
                kind,
            }),
            _ => None,
        }
    }
}

/// A report with its mentions and its name-normalised text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormalizedReport {
    pub report: Report,
    /// Sorted by (start, end).
    pub mentions: Vec<Mention>,
    /// Text with resolved names replaced by canonical names, lowercased and
    /// with punctuation stripped: the input of `sign`.
    pub norm_text: String,
    /// Hand-coded claims with their names resolved, in input order.
    pub hand_refs: Vec<HandRefs>,
}

/// Resolved names of one hand-coded claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandRefs {
    pub target: Option<EntityRef>,
    pub place: Option<EntityRef>,
    pub actor: Option<EntityRef>,
}

/// Output of `normalize`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Normalized {
    pub reports: Vec<NormalizedReport>,
    pub rejected: Vec<Rejected>,
    pub stats: IngestStats,
}

/// Event classes, each mapped to an ACLED event and sub-event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    Capture,
    Attack,
    Clash,
    Airstrike,
    Shelling,
    Displacement,
    Casualties,
}

impl Event {
    pub const ALL: [Event; 7] = [
        Event::Capture,
        Event::Attack,
        Event::Clash,
        Event::Airstrike,
        Event::Shelling,
        Event::Displacement,
        Event::Casualties,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::Capture => "capture",
            Event::Attack => "attack",
            Event::Clash => "clash",
            Event::Airstrike => "airstrike",
            Event::Shelling => "shelling",
            Event::Displacement => "displacement",
            Event::Casualties => "casualties",
        }
    }

    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// ACLED event type and sub-event type.
    pub fn acled(self) -> (&'static str, &'static str) {
        match self {
            Event::Capture => ("Battles", "Non-state actor overtakes territory"),
            Event::Attack => ("Battles", "Armed clash"),
            Event::Clash => ("Battles", "Armed clash"),
            Event::Airstrike => ("Explosions/Remote violence", "Air/drone strike"),
            Event::Shelling => (
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
            ),
            Event::Displacement => ("Strategic developments", "Displacement"),
            Event::Casualties => ("Violence against civilians", "Attack"),
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a claim asserts or denies its event.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    #[default]
    Asserted,
    Denied,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Asserted => "asserted",
            Polarity::Denied => "denied",
        }
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A closed interval `[lo, hi]`; `hi == None` means unbounded above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Interval<T> {
    pub lo: T,
    pub hi: Option<T>,
}

impl<T: PartialOrd + Copy> Interval<T> {
    pub fn exact(v: T) -> Self {
        Interval { lo: v, hi: Some(v) }
    }

    pub fn overlaps(&self, other: &Interval<T>) -> bool {
        let below = |a: &Interval<T>, b: &Interval<T>| matches!(a.hi, Some(hi) if hi < b.lo);
        !below(self, other) && !below(other, self)
    }
}

/// How precise a time window is, like ACLED's `time_precision` (1 = day,
/// 2 = week or a few days, 3 = month or longer).
pub type TimePrecision = u8;

/// When a claimed event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DateWindow {
    pub from: Date,
    pub to: Date,
    pub precision: TimePrecision,
}

/// A counted quantity: "over 100 outposts" = `[101, ∞)` of `outposts`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quantity {
    pub range: Interval<u64>,
    pub noun: String,
}

/// Where a claim came from inside its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimOrigin {
    /// Extracted from the text by rules.
    Extracted,
    /// Hand-coded in the front matter, kept as given.
    Hand,
}

/// One claim made by one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub report_id: String,
    pub event: Event,
    pub polarity: Polarity,
    /// The unit or position acted on.
    pub target: Option<EntityRef>,
    /// The innermost named place.
    pub place: Option<EntityRef>,
    /// Ancestors of `place` (innermost first), from gazetteer parents.
    pub place_parents: Vec<String>,
    /// The group said to act (canonical group id), if any.
    pub actor: Option<String>,
    pub window: Option<DateWindow>,
    pub quantity: Option<Quantity>,
    /// Who the claim is ascribed to inside the text, speaker first
    /// ("kia spokesperson", "residents", …), then the report-level `cites`.
    pub attribution: Vec<String>,
    /// Hedge words found ("reportedly", "claimed", …).
    pub hedges: Vec<String>,
    pub origin: ClaimOrigin,
    /// Byte span of the sentence in the report text (0,0 for hand-coded claims).
    pub span: (usize, usize),
}

/// A report's claims, with what later stages need of the report (but not its text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedReport {
    pub report_id: String,
    pub source: String,
    pub kind: SourceKind,
    pub affiliation: String,
    pub published: Date,
    pub cites: Vec<String>,
    pub url: Option<String>,
    pub claims: Vec<Claim>,
}

/// Output of `extract`, which keeps the normalised reports for `sign`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Extracted {
    pub reports: Vec<NormalizedReport>,
    /// Same order as `reports`.
    pub claims: Vec<ExtractedReport>,
    pub rejected: Vec<Rejected>,
    pub stats: IngestStats,
}

/// A report's MinHash signature, the shingle set it was computed from, and
/// the details `cluster` shows as evidence of copying. Everything `cluster`
/// needs of a report is here (it runs as its own JSONL stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub report_id: String,
    pub published: Date,
    /// Sorted, deduplicated 32-bit shingle hashes, for exact Jaccard and
    /// containment in `cluster` (32 bits: half the memory of 64, and a false
    /// collision inside two ~1000-shingle sets has odds of about 1 in 10^4,
    /// changing a similarity by 0.001).
    pub shingles: Vec<u32>,
    /// Distinct shingles of the report before sampling (0 in records written
    /// before sampling existed: then `shingles` is the whole set).
    #[serde(default)]
    pub shingle_count: u32,
    /// `shingles` holds the values divisible by this (1: every shingle).
    #[serde(default = "one")]
    pub sample_rate: u32,
    /// MinHash signature: `sign.num_perm` minima, one per seeded permutation
    /// (all `u32::MAX` for a report without shingles).
    pub minhash: Vec<u32>,
    /// Candidate details that betray copying, sorted: `number:26`,
    /// `quote:every junta post`, `spelling:Waing Maw`. `cluster` keeps those
    /// shared by every member of a cluster and rare outside it.
    #[serde(default)]
    pub details: Vec<String>,
}

fn one() -> u32 {
    1
}

impl Signature {
    /// Distinct shingles of the report (sampled or not).
    pub fn shingle_count(&self) -> usize {
        (self.shingle_count as usize).max(self.shingles.len())
    }
}

/// Output of `sign`: everything `cluster` and `score` need; report bodies are dropped here.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Signed {
    pub signatures: Vec<Signature>,
    pub mentions: Vec<Mention>,
    pub claims: Vec<ExtractedReport>,
    pub rejected: Vec<Rejected>,
    pub stats: IngestStats,
}

/// One member of a duplicate cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterMember {
    pub report_id: String,
    /// Jaccard similarity of shingle sets to the cluster's leader (1.0 for the leader).
    pub jaccard: f64,
    /// Share of the smaller shingle set contained in the larger.
    pub containment: f64,
}

/// A group of near-duplicate reports; the leader is the earliest (then smallest id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// The leader's report id.
    pub id: String,
    pub members: Vec<ClusterMember>,
    /// Rare details shared by all members (numbers, quotes, unusual spellings).
    pub shared_details: Vec<String>,
}

impl Cluster {
    /// A report alone: its own cluster and leader.
    pub fn alone(report_id: &str) -> Cluster {
        Cluster {
            id: report_id.to_string(),
            members: vec![ClusterMember {
                report_id: report_id.to_string(),
                jaccard: 1.0,
                containment: 1.0,
            }],
            shared_details: Vec::new(),
        }
    }
}

/// Output of `cluster`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Clustered {
    /// Sorted by id; every report is in exactly one cluster.
    pub clusters: Vec<Cluster>,
    pub mentions: Vec<Mention>,
    pub claims: Vec<ExtractedReport>,
    pub rejected: Vec<Rejected>,
    pub stats: IngestStats,
}

/// The verdict on a claim (rules in DESIGN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Corroborated,
    Contested,
    Partisan,
    SingleSource,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Corroborated => "corroborated",
            Verdict::Contested => "contested",
            Verdict::Partisan => "partisan",
            Verdict::SingleSource => "single-source",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        [
            Verdict::Corroborated,
            Verdict::Contested,
            Verdict::Partisan,
            Verdict::SingleSource,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a supporting claim matched the scored claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Same target/place.
    Exact,
    /// Only through an enclosing place (e.g. the township): weaker.
    Coarse,
}

/// One independent origin among a claim's supporters or contradictors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// Stable key: `cluster:<id>`, `cites:<source>`, `outlet:<source>`.
    pub key: String,
    /// A readable label.
    pub label: String,
    pub kind: SourceKind,
    pub affiliation: String,
    pub reports: Vec<String>,
    /// Attribution chain (speaker → relaying outlet → reposting report).
    pub chain: Vec<String>,
    pub base_weight: f64,
    /// Multiplier for interest (< 1 self-serving, > 1 against interest).
    pub interest: f64,
    pub hedged: bool,
    pub weight: f64,
    pub match_kind: MatchKind,
    /// Date or number disagreements with the claim, in words.
    pub notes: Vec<String>,
    /// The party this origin speaks for (`None`: neutral).
    #[serde(default)]
    pub party: Option<String>,
    /// Why `interest` is what it is, in words (empty when it is 1).
    #[serde(default)]
    pub interest_note: String,
    /// This origin's additive share of the claim's score (negative for a
    /// contradicting origin); the shares of a claim sum to its score.
    #[serde(default)]
    pub contribution: f64,
}

/// A claim after scoring: the unit users read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredClaim {
    pub claim_id: String,
    pub event: Event,
    pub polarity: Polarity,
    pub target: Option<EntityRef>,
    pub place: Option<EntityRef>,
    pub actor: Option<String>,
    pub window: Option<DateWindow>,
    pub quantity: Option<Quantity>,
    pub verdict: Verdict,
    pub score: f64,
    /// Independent origins among the supporters.
    pub origins: Vec<Origin>,
    /// Independent origins among the contradictors.
    pub contra_origins: Vec<Origin>,
    pub supporting: Vec<String>,
    pub contradicting: Vec<String>,
    /// Lines of the explanation, most important first.
    pub reasons: Vec<String>,
    /// The party the claim favours, when the data says (e.g. the actor of a capture).
    #[serde(default)]
    pub favours: Option<String>,
    /// The party the claim harms, when the data says (e.g. the side of a captured unit).
    #[serde(default)]
    pub harms: Option<String>,
    /// Noisy-OR of the supporting origins' weights, before contradictions.
    #[serde(default)]
    pub support_score: f64,
    /// Noisy-OR of the contradicting origins' weights.
    #[serde(default)]
    pub contra_score: f64,
    /// Origins that support the claim only through an enclosing place
    /// ("an outpost in the township was taken"): weaker, listed and weighed
    /// into the score, but not counted among `origins` or `supporting`.
    #[serde(default)]
    pub coarse_origins: Vec<Origin>,
}

/// Gazetteer facts about an entity a claim names (place, target or actor),
/// for geocoded and named outputs (`acled.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityInfo {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub level: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `(level, name)` of the enclosing places, innermost first (level may be empty).
    pub ancestors: Vec<(String, String)>,
}

/// Output of `score`: everything `report` writes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Scored {
    /// Sorted by claim id.
    pub claims: Vec<ScoredClaim>,
    pub clusters: Vec<Cluster>,
    pub mentions: Vec<Mention>,
    pub reports: Vec<ExtractedReport>,
    pub rejected: Vec<Rejected>,
    pub stats: IngestStats,
    /// Entities named by claims (places, targets, actors), by id; filled by
    /// the pipeline from the gazetteer after scoring (score never reads it).
    #[serde(default)]
    pub entities: BTreeMap<String, EntityInfo>,
}

/// A report after `extract`, as one record of `corroborate stage extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedRecord {
    pub report: NormalizedReport,
    pub claims: ExtractedReport,
}

/// A report after `sign`, as one record of `corroborate stage sign`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedRecord {
    pub signature: Signature,
    pub mentions: Vec<Mention>,
    pub claims: ExtractedReport,
}

/// One JSON line read or written by `corroborate stage STAGE`. The per-report
/// stages (`normalize`, `extract`, `sign`) turn each record of the previous
/// stage into one of theirs and pass `rejected` and `stats` lines through;
/// `cluster`, `score` and `report` read the whole stream (or one partition).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", content = "record", rename_all = "snake_case")]
pub enum StageRecord {
    Report(Report),
    Rejected(Rejected),
    Stats(IngestStats),
    Normalized(NormalizedReport),
    Extracted(ExtractedRecord),
    Signed(SignedRecord),
    Clustered(Clustered),
    Scored(Scored),
}
