//! Group the reports behind a claim into independent origins and weigh them.
//!
//! Every matching report claim gets a *seed*: the party whose statement it
//! relays (found in its attribution chain, or the report itself when it is a
//! party's own voice), else the first named source in its chain (a cited
//! outlet), else its own outlet; unnamed witnesses ("residents") stay with the
//! outlet that quoted them. Claims with the same seed, claims from reports in
//! one duplicate cluster, and relays of an outlet whose own reports all have
//! one seed are joined (union-find); each group is one origin.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::ScoreConfig;
use crate::model::{Claim, ExtractedReport, MatchKind, Origin, SourceKind};

use super::matching::Hit;
use super::parties::{fold_name, Parties};

/// One report claim, with what scoring needs to know about its report.
#[derive(Debug)]
pub struct Item<'a> {
    pub report: &'a ExtractedReport,
    pub claim: &'a Claim,
    /// The id of the report's duplicate cluster.
    pub cluster: &'a str,
    /// The actor's party, or the actor id when it has none.
    pub actor_key: Option<String>,
    pub seed: Seed,
}

/// Where a claim first came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seed {
    /// A party's own statement (relayed or not).
    Party(String),
    /// A named source (folded name): a cited outlet or the report's own.
    Source(String),
}

/// What the corpus says about a source name.
#[derive(Debug, Clone)]
struct SourceInfo {
    name: String,
    kind: Option<SourceKind>,
    affiliation: Option<String>,
}

/// Run-wide context: parties and every source named in the corpus.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub config: &'a ScoreConfig,
    pub parties: &'a Parties,
    sources: HashMap<String, SourceInfo>,
}

impl<'a> Ctx<'a> {
    /// `reports` must be sorted by id (the first report of a source describes it).
    pub fn new(
        config: &'a ScoreConfig,
        parties: &'a Parties,
        reports: &[&ExtractedReport],
    ) -> Ctx<'a> {
        let mut sources: HashMap<String, SourceInfo> = HashMap::new();
        for r in reports {
            let info = sources
                .entry(fold_name(&r.source))
                .or_insert_with(|| SourceInfo {
                    name: r.source.clone(),
                    kind: None,
                    affiliation: None,
                });
            if info.kind.is_none() {
                info.kind = Some(r.kind);
                info.affiliation = Some(r.affiliation.clone());
            }
        }
        for r in reports {
            for c in &r.cites {
                sources.entry(fold_name(c)).or_insert_with(|| SourceInfo {
                    name: c.clone(),
                    kind: None,
                    affiliation: None,
                });
            }
        }
        sources.remove("");
        Ctx {
            config,
            parties,
            sources,
        }
    }

    /// The seed of one report claim (see the module documentation).
    pub fn seed(&self, report: &ExtractedReport, claim: &Claim) -> Seed {
        // The claim's own chain (speaker first), then what the whole report relays.
        for a in claim.attribution.iter().chain(&report.cites) {
            if let Some(p) = self.parties.in_phrase(a) {
                return Seed::Party(p);
            }
            let f = fold_name(a);
            if self.sources.contains_key(&f) {
                return Seed::Source(f);
            }
        }
        if self.config.party_kinds.contains(&report.kind) {
            if let Some(p) = self.parties.of_affiliation(&report.affiliation) {
                return Seed::Party(p);
            }
        }
        Seed::Source(fold_name(&report.source))
    }

    fn source_party(&self, folded: &str) -> Option<String> {
        self.sources
            .get(folded)
            .and_then(|i| i.affiliation.as_deref())
            .and_then(|a| self.parties.of_affiliation(a))
    }
}

/// Interest multiplier and its reason for an origin speaking for `party`.
pub fn interest(
    config: &ScoreConfig,
    parties: &Parties,
    party: Option<&str>,
    favours: Option<&str>,
    harms: Option<&str>,
) -> (f64, String) {
    let Some(p) = party else {
        return (1.0, String::new());
    };
    let name = |x: &str| parties.name(x).to_string();
    if favours == Some(p) {
        (
            config.self_interest,
            format!("speaks for {}, which the claim favours", name(p)),
        )
    } else if harms == Some(p) {
        (
            config.against_interest,
            format!(
                "speaks for {}, which the claim harms: against its interest",
                name(p)
            ),
        )
    } else if let (None, Some(h)) = (favours, harms) {
        (
            config.self_interest,
            format!(
                "speaks for {}, an opponent of {}, which the claim harms",
                name(p),
                name(h)
            ),
        )
    } else if let (Some(f), None) = (favours, harms) {
        (
            config.against_interest,
            format!(
                "speaks for {}, yet concedes a claim that favours {}: against its interest",
                name(p),
                name(f)
            ),
        )
    } else {
        (1.0, String::new())
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller root wins, so components do not depend on call order.
            let (lo, hi) = (a.min(b), a.max(b));
            self.0[hi] = lo;
        }
    }
}

/// The independent origins behind `hits` (all supporting, or all
/// contradicting, the same claim), heaviest first.
pub fn build(
    ctx: &Ctx<'_>,
    items: &[Item<'_>],
    hits: &[&Hit],
    favours: Option<&str>,
    harms: Option<&str>,
) -> Vec<Origin> {
    let n = hits.len();
    let mut uf = UnionFind((0..n).collect());
    let mut first_by_seed: HashMap<&Seed, usize> = HashMap::new();
    let mut first_by_cluster: HashMap<&str, usize> = HashMap::new();
    let mut own: HashMap<String, (BTreeSet<&Seed>, usize)> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        let it = &items[h.item];
        let j = *first_by_seed.entry(&it.seed).or_insert(i);
        uf.union(i, j);
        // Copies of one text are one origin; a party's statement quoted in
        // the text stays that party's origin (joined through its seed).
        if matches!(it.seed, Seed::Source(_)) {
            let j = *first_by_cluster.entry(it.cluster).or_insert(i);
            uf.union(i, j);
        }
        let e = own
            .entry(fold_name(&it.report.source))
            .or_insert((BTreeSet::new(), i));
        e.0.insert(&it.seed);
    }
    // A relay of an outlet joins that outlet's origin when the outlet's own
    // reports on this claim all come from one place.
    for (i, h) in hits.iter().enumerate() {
        if let Seed::Source(x) = &items[h.item].seed {
            if let Some((seeds, j)) = own.get(x) {
                if seeds.len() == 1 {
                    uf.union(i, *j);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let root = uf.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut origins: Vec<Origin> = groups
        .into_values()
        .map(|members| origin(ctx, items, hits, &members, favours, harms))
        .collect();
    origins.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.key.cmp(&b.key)));
    origins
}

fn origin(
    ctx: &Ctx<'_>,
    items: &[Item<'_>],
    hits: &[&Hit],
    members: &[usize],
    favours: Option<&str>,
    harms: Option<&str>,
) -> Origin {
    let config = ctx.config;
    let its: Vec<&Item<'_>> = members.iter().map(|&i| &items[hits[i].item]).collect();
    let seeds: BTreeSet<&Seed> = its.iter().map(|it| &it.seed).collect();
    let party_seed = seeds.iter().find_map(|s| match s {
        Seed::Party(p) => Some(p.clone()),
        Seed::Source(_) => None,
    });
    // The earliest report speaks for a merged group of copies.
    let earliest = its
        .iter()
        .min_by(|a, b| {
            (a.report.published, &a.report.report_id)
                .cmp(&(b.report.published, &b.report.report_id))
        })
        .expect("an origin has members");
    let mut reports: Vec<String> = its.iter().map(|it| it.report.report_id.clone()).collect();
    reports.sort();
    reports.dedup();
    let (key, label, kind, affiliation, party) = if let Some(p) = party_seed {
        let own_voice = its
            .iter()
            .filter(|it| {
                config.party_kinds.contains(&it.report.kind)
                    && ctx
                        .parties
                        .of_affiliation(&it.report.affiliation)
                        .as_deref()
                        == Some(p.as_str())
            })
            .min_by(|a, b| a.report.report_id.cmp(&b.report.report_id));
        let kind = own_voice.map_or(SourceKind::Statement, |it| it.report.kind);
        (
            format!("party:{p}"),
            format!("statements of {}", ctx.parties.name(&p)),
            kind,
            p.clone(),
            Some(p),
        )
    } else {
        let clusters: BTreeSet<&str> = its.iter().map(|it| it.cluster).collect();
        let x = match (seeds.first(), &earliest.seed) {
            (Some(Seed::Source(x)), _) if seeds.len() == 1 => x.clone(),
            (_, Seed::Source(x)) | (_, Seed::Party(x)) => x.clone(),
        };
        let info = ctx.sources.get(&x);
        let name = info.map_or(x.clone(), |i| i.name.clone());
        let kind = info.and_then(|i| i.kind).unwrap_or(earliest.report.kind);
        let affiliation = info
            .and_then(|i| i.affiliation.clone())
            .unwrap_or_else(|| "unknown".to_string());
        let (key, label) = if seeds.len() > 1 && clusters.len() == 1 {
            let cluster = clusters.first().copied().unwrap_or_default();
            (
                format!("cluster:{cluster}"),
                format!("copies of one text (first: {name})"),
            )
        } else if its.iter().any(|it| fold_name(&it.report.source) == x) {
            (format!("outlet:{x}"), name)
        } else {
            (format!("cites:{x}"), name)
        };
        (key, label, kind, affiliation, ctx.source_party(&x))
    };
    let base = config.weight(kind);
    let (interest, interest_note) = interest(config, ctx.parties, party.as_deref(), favours, harms);
    // The origin weighs as much as its best evidence: an unhedged, exact
    // report outweighs a hedged or coarse relay of the same origin.
    let best = members
        .iter()
        .map(|&i| {
            let h = hits[i];
            let hedged = !items[h.item].claim.hedges.is_empty();
            let mut w = base * interest;
            if hedged {
                w *= config.hedge;
            }
            if h.kind == MatchKind::Coarse {
                w *= config.coarse;
            }
            (w.clamp(0.0, 1.0), h.kind, hedged, i)
        })
        .max_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(b.2.cmp(&a.2))
                .then(
                    items[hits[b.3].item]
                        .report
                        .report_id
                        .cmp(&items[hits[a.3].item].report.report_id),
                )
        })
        .expect("an origin has members");
    let rep = &items[hits[best.3].item];
    let mut chain: Vec<String> = rep.claim.attribution.clone();
    if chain.last() != Some(&rep.report.source) {
        chain.push(rep.report.source.clone());
    }
    chain.dedup();
    let mut notes: Vec<String> = members
        .iter()
        .flat_map(|&i| hits[i].notes.iter().cloned())
        .collect();
    notes.sort();
    notes.dedup();
    Origin {
        key,
        label,
        kind,
        affiliation,
        reports,
        chain,
        base_weight: base,
        interest,
        hedged: best.2,
        weight: best.0,
        match_kind: best.1,
        notes,
        party,
        interest_note,
        contribution: 0.0,
    }
}
