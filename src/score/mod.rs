//! Stage 6: match claims across reports, count independent origins, verdicts.
//!
//! Entry point: [`run`]. First version: claims match when event, target and
//! place ids are equal; an origin is a distinct `source`. Score never sees
//! raw text.

use std::collections::BTreeMap;

use crate::config::ScoreConfig;
use crate::model::{
    Claim, Clustered, DateWindow, EntityRef, Event, ExtractedReport, MatchKind, Origin, Polarity,
    Scored, ScoredClaim, Verdict,
};

/// A stable claim id from the claim's content.
pub fn claim_id(
    event: Event,
    target: Option<&EntityRef>,
    place: Option<&EntityRef>,
    polarity: Polarity,
    window: Option<&DateWindow>,
) -> String {
    let key = format!(
        "{}|{}|{}|{}|{}",
        event,
        target.map_or("", |t| t.id.as_str()),
        place.map_or("", |p| p.id.as_str()),
        polarity,
        window.map_or(String::new(), |w| format!("{}/{}", w.from, w.to)),
    );
    format!(
        "c{:012x}",
        xxhash_rust::xxh3::xxh3_64(key.as_bytes()) & 0xffff_ffff_ffff
    )
}

type GroupKey = (Event, Option<String>, Option<String>);

fn group_key(c: &Claim) -> GroupKey {
    (
        c.event,
        c.target.as_ref().map(|t| t.id.clone()),
        c.place.as_ref().map(|p| p.id.clone()),
    )
}

fn origins_of(
    config: &ScoreConfig,
    claims: &[(&Claim, &ExtractedReport)],
    match_kind: MatchKind,
) -> Vec<Origin> {
    let mut by_source: BTreeMap<&str, Vec<&(&Claim, &ExtractedReport)>> = BTreeMap::new();
    for item in claims {
        by_source
            .entry(item.1.source.as_str())
            .or_default()
            .push(item);
    }
    by_source
        .into_iter()
        .map(|(source, items)| {
            let r = items[0].1;
            let mut reports: Vec<String> = items.iter().map(|(_, r)| r.report_id.clone()).collect();
            reports.sort();
            reports.dedup();
            let base = config.weight(r.kind);
            Origin {
                key: format!("outlet:{source}"),
                label: source.to_string(),
                kind: r.kind,
                affiliation: r.affiliation.clone(),
                reports,
                chain: items[0].0.attribution.clone(),
                base_weight: base,
                interest: 1.0,
                hedged: false,
                weight: base,
                match_kind,
                notes: Vec::new(),
            }
        })
        .collect()
}

fn is_neutral(config: &ScoreConfig, affiliation: &str) -> bool {
    config.neutral_affiliations.iter().any(|a| a == affiliation)
}

/// The verdict by the rules of DESIGN.md.
pub fn verdict(config: &ScoreConfig, support: &[Origin], contra: &[Origin]) -> Verdict {
    let support_keys: Vec<&str> = support.iter().map(|o| o.key.as_str()).collect();
    let independent_denial = contra
        .iter()
        .any(|o| !support_keys.contains(&o.key.as_str()));
    if !support.is_empty() && independent_denial {
        return Verdict::Contested;
    }
    if support.len() <= 1 {
        return Verdict::SingleSource;
    }
    let first = &support[0].affiliation;
    if !is_neutral(config, first) && support.iter().all(|o| &o.affiliation == first) {
        return Verdict::Partisan;
    }
    if support.len() >= config.min_origins {
        Verdict::Corroborated
    } else {
        Verdict::SingleSource
    }
}

fn noisy_or(origins: &[Origin]) -> f64 {
    1.0 - origins
        .iter()
        .map(|o| 1.0 - o.weight.clamp(0.0, 1.0))
        .product::<f64>()
}

pub fn run(config: &ScoreConfig, clustered: Clustered) -> Scored {
    let mut groups: BTreeMap<GroupKey, Vec<(&Claim, &ExtractedReport)>> = BTreeMap::new();
    for r in &clustered.claims {
        for c in &r.claims {
            groups.entry(group_key(c)).or_default().push((c, r));
        }
    }
    let mut claims = Vec::new();
    for items in groups.values() {
        let (asserting, denying): (Vec<_>, Vec<_>) = items
            .iter()
            .partition(|(c, _)| c.polarity == Polarity::Asserted);
        let (main, rest, polarity) = if asserting.is_empty() {
            (denying, Vec::new(), Polarity::Denied)
        } else {
            (asserting, denying, Polarity::Asserted)
        };
        let support = origins_of(config, &main, MatchKind::Exact);
        let contra = origins_of(config, &rest, MatchKind::Exact);
        let first = main[0].0;
        let window = main
            .iter()
            .filter_map(|(c, _)| c.window)
            .reduce(|a, b| DateWindow {
                from: a.from.min(b.from),
                to: a.to.max(b.to),
                precision: a.precision.max(b.precision),
            });
        let ids = |xs: &[(&Claim, &ExtractedReport)]| {
            let mut v: Vec<String> = xs.iter().map(|(_, r)| r.report_id.clone()).collect();
            v.sort();
            v.dedup();
            v
        };
        let verdict = verdict(config, &support, &contra);
        let score = (noisy_or(&support) * (1.0 - 0.5 * noisy_or(&contra))).clamp(0.0, 1.0);
        let reasons = vec![format!(
            "{} origin(s) assert, {} contradict",
            support.len(),
            contra.len()
        )];
        claims.push(ScoredClaim {
            claim_id: claim_id(
                first.event,
                first.target.as_ref(),
                first.place.as_ref(),
                polarity,
                window.as_ref(),
            ),
            event: first.event,
            polarity,
            target: first.target.clone(),
            place: first.place.clone(),
            actor: main.iter().find_map(|(c, _)| c.actor.clone()),
            window,
            quantity: first.quantity.clone(),
            verdict,
            score,
            supporting: ids(&main),
            contradicting: ids(&rest),
            origins: support,
            contra_origins: contra,
            reasons,
        });
    }
    claims.sort_by(|a, b| a.claim_id.cmp(&b.claim_id));
    Scored {
        claims,
        clusters: clustered.clusters,
        mentions: clustered.mentions,
        reports: clustered.claims,
        rejected: clustered.rejected,
        stats: clustered.stats,
        entities: Default::default(),
    }
}
