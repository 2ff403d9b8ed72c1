//! Stage 6: match claims across reports, count independent origins, weigh
//! them, find contradictions, give verdicts with reasons.
//!
//! Entry point: [`run`]. Score never sees raw text: it works on the claims,
//! the duplicate clusters and the gazetteer's party structure.
//!
//! 1. Report claims are grouped into *scored claims* by (event, polarity,
//!    target — or place when there is no target), then split by conflicting
//!    actors (not for two-sided events such as clashes), by time windows more than
//!    `date_tolerance_days` apart and by incompatible quantities.
//! 2. Each scored claim looks up its candidate report claims through an index
//!    (same target; same, enclosing or enclosed place), never all pairs, and
//!    [`matching::compare`] decides support or contradiction, exact or coarse.
//! 3. [`origins::build`] groups the supporters (and the contradictors) into
//!    independent origins and weighs them by source kind and interest.
//! 4. The score is the noisy-OR of supporting weights discounted by the
//!    noisy-OR of contradicting weights; each origin's additive share is kept.

pub mod explain;
pub mod matching;
pub mod origins;
pub mod parties;

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::config::ScoreConfig;
use crate::model::{
    Claim, Cluster, Clustered, DateWindow, EntityRef, Event, ExtractedReport, Interval, MatchKind,
    Origin, Polarity, Quantity, Scored, ScoredClaim, Verdict,
};
use crate::normalize::Gazetteer;

use matching::{compare, fmt_range, fmt_window, Events, Hit, Index, Role, View};
use origins::{Ctx, Item};
pub use parties::Parties;

/// A stable claim id from the claim's content: event, target, place,
/// polarity and time window, plus actor and quantity when there are any (so
/// "6 killed" and "11 injured" on one day get different ids).
pub fn claim_id(
    event: Event,
    target: Option<&EntityRef>,
    place: Option<&EntityRef>,
    polarity: Polarity,
    window: Option<&DateWindow>,
    actor: Option<&str>,
    quantity: Option<&Quantity>,
) -> String {
    let mut key = format!(
        "{}|{}|{}|{}|{}",
        event,
        target.map_or("", |t| t.id.as_str()),
        place.map_or("", |p| p.id.as_str()),
        polarity,
        window.map_or(String::new(), |w| format!("{}/{}", w.from, w.to)),
    );
    if let Some(a) = actor {
        key.push_str("|actor=");
        key.push_str(a);
    }
    if let Some(q) = quantity {
        key.push_str(&format!(
            "|qty={}-{}:{}",
            q.range.lo,
            q.range.hi.map_or(String::new(), |h| h.to_string()),
            parties::fold_name(&q.noun)
        ));
    }
    format!("c{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// Runs the stage.
pub fn run(config: &ScoreConfig, gazetteer: &Gazetteer, clustered: Clustered) -> Scored {
    let parties = Parties::new(gazetteer, config);
    let claims = score(config, &parties, &clustered.clusters, &clustered.claims);
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

type ClaimOrder<'a> = (
    &'a str,
    Event,
    Polarity,
    Option<&'a EntityRef>,
    Option<&'a EntityRef>,
    Option<&'a str>,
    Option<&'a DateWindow>,
    Option<&'a Quantity>,
    &'a [String],
    &'a [String],
    (usize, usize),
);

/// A total order on report claims that does not depend on input order.
fn claim_order<'a>(r: &'a ExtractedReport, c: &'a Claim) -> ClaimOrder<'a> {
    (
        r.report_id.as_str(),
        c.event,
        c.polarity,
        c.target.as_ref(),
        c.place.as_ref(),
        c.actor.as_deref(),
        c.window.as_ref(),
        c.quantity.as_ref(),
        &c.attribution,
        &c.hedges,
        c.span,
    )
}

/// Scores every claim of `reports`; the result is sorted by claim id.
pub fn score(
    config: &ScoreConfig,
    parties: &Parties,
    clusters: &[Cluster],
    reports: &[ExtractedReport],
) -> Vec<ScoredClaim> {
    let events = Events::new(config);
    let mut cluster_of: HashMap<&str, &str> = HashMap::new();
    for c in clusters {
        for m in &c.members {
            cluster_of.insert(m.report_id.as_str(), c.id.as_str());
        }
    }
    let mut sorted: Vec<&ExtractedReport> = reports.iter().collect();
    sorted.sort_by(|a, b| a.report_id.cmp(&b.report_id));
    let ctx = Ctx::new(config, parties, &sorted);
    let mut pairs: Vec<(&ExtractedReport, &Claim)> = sorted
        .iter()
        .flat_map(|r| r.claims.iter().map(move |c| (*r, c)))
        .collect();
    pairs.par_sort_by(|a, b| claim_order(a.0, a.1).cmp(&claim_order(b.0, b.1)));
    let items: Vec<Item<'_>> = pairs
        .par_iter()
        .map(|(r, c)| Item {
            report: r,
            claim: c,
            cluster: cluster_of
                .get(r.report_id.as_str())
                .copied()
                .unwrap_or(r.report_id.as_str()),
            actor_key: actor_key(parties, c.actor.as_deref()),
            seed: ctx.seed(r, c),
        })
        .collect();
    let index = Index::new(&events, items.iter().map(|i| i.claim), config.coarse_levels);
    let groups = group(config, &items);
    let mut scored: Vec<ScoredClaim> = groups
        .par_iter()
        .map(|(g, noun)| score_group(&ctx, &events, &index, &items, g, noun.as_deref()))
        .collect();
    scored.sort_by(|a, b| {
        a.claim_id
            .cmp(&b.claim_id)
            .then_with(|| a.supporting.cmp(&b.supporting))
    });
    // Equal ids need equal content, which grouping rules out; keep ids
    // unique anyway, deterministically.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in &mut scored {
        let n = seen.entry(c.claim_id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.claim_id = format!("{}-{}", c.claim_id, n);
        }
    }
    scored
}

fn actor_key(parties: &Parties, actor: Option<&str>) -> Option<String> {
    actor.map(|a| {
        parties
            .of_entity(a)
            .or_else(|| parties.of_affiliation(a))
            .unwrap_or_else(|| a.to_string())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Key<'a> {
    event: Event,
    polarity: Polarity,
    /// (0, target id), (1, place id) or (2, "").
    anchor: (u8, &'a str),
}

fn key<'a>(c: &'a Claim) -> Key<'a> {
    let anchor = match (&c.target, &c.place) {
        (Some(t), _) => (0, t.id.as_str()),
        (None, Some(p)) => (1, p.id.as_str()),
        (None, None) => (2, ""),
    };
    Key {
        event: c.event,
        polarity: c.polarity,
        anchor,
    }
}

/// A scored claim's report claims (indices into `items`, sorted) and the
/// counted noun its counts were compared on.
type Group = (Vec<usize>, Option<String>);

/// Groups report claims into scored claims.
fn group(config: &ScoreConfig, items: &[Item<'_>]) -> Vec<Group> {
    let mut by_key: BTreeMap<Key<'_>, Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        by_key.entry(key(it.claim)).or_default().push(i);
    }
    let by_key: Vec<Vec<usize>> = by_key.into_values().collect();
    by_key
        .par_iter()
        .flat_map_iter(|members| {
            split_actor(config, items, members)
                .into_iter()
                .flat_map(|g| split_window(config, items, &g))
                .flat_map(|g| split_quantity(config, items, &g))
                .map(|(mut g, noun)| {
                    g.sort_unstable();
                    (g, noun)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Attaches members without a value to the largest chain (the first on ties).
fn attach(mut chains: Vec<Vec<usize>>, rest: Vec<usize>) -> Vec<Vec<usize>> {
    if chains.is_empty() {
        return if rest.is_empty() { vec![] } else { vec![rest] };
    }
    let mut best = 0;
    for (i, c) in chains.iter().enumerate() {
        if c.len() > chains[best].len() {
            best = i;
        }
    }
    chains[best].extend(rest);
    chains
}

fn split_actor(config: &ScoreConfig, items: &[Item<'_>], members: &[usize]) -> Vec<Vec<usize>> {
    // Members share one event (the grouping key); two-sided fighting is one
    // event whoever is named as its actor.
    if members
        .first()
        .is_some_and(|&i| config.two_sided_events.contains(&items[i].claim.event))
    {
        return vec![members.to_vec()];
    }
    let mut by_actor: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut none = Vec::new();
    for &i in members {
        match items[i].actor_key.as_deref() {
            Some(a) => by_actor.entry(a).or_default().push(i),
            None => none.push(i),
        }
    }
    attach(by_actor.into_values().collect(), none)
}

fn split_window(config: &ScoreConfig, items: &[Item<'_>], members: &[usize]) -> Vec<Vec<usize>> {
    let mut dated: Vec<(DateWindow, usize)> = Vec::new();
    let mut none = Vec::new();
    for &i in members {
        match items[i].claim.window {
            Some(w) => dated.push((w, i)),
            None => none.push(i),
        }
    }
    dated.sort();
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut end: Option<DateWindow> = None;
    for (w, i) in dated {
        match (&mut end, chains.last_mut()) {
            (Some(e), Some(chain)) if matching::gap_days(e, &w) <= config.date_tolerance_days => {
                chain.push(i);
                e.to = e.to.max(w.to);
            }
            _ => {
                chains.push(vec![i]);
                end = Some(w);
            }
        }
    }
    attach(chains, none)
}

/// Splits members whose counts of the most counted thing over the most
/// common period cannot both be true ("6 killed", "20 killed"); other counts
/// ("11 injured"), other periods and claims without a count go with the
/// largest part.
fn split_quantity(config: &ScoreConfig, items: &[Item<'_>], members: &[usize]) -> Vec<Group> {
    // Only counts over the most common period are compared.
    let period = mode(
        members.iter().filter_map(|&i| items[i].claim.window),
        |a, b| a.cmp(b),
    );
    let comparable = |i: usize| match (&period, &items[i].claim.window) {
        (Some(p), Some(w)) => matching::same_period(p, w, config.date_tolerance_days),
        _ => true,
    };
    let noun = |i: usize| {
        items[i]
            .claim
            .quantity
            .as_ref()
            .map(|q| parties::fold_name(&q.noun))
    };
    let main = mode(members.iter().filter_map(|&i| noun(i)), |a, b| a.cmp(b));
    let mut counted: Vec<(u64, Option<u64>, usize)> = Vec::new();
    let mut none = Vec::new();
    for &i in members {
        match &items[i].claim.quantity {
            Some(q) if noun(i) == main && comparable(i) => {
                counted.push((q.range.lo, q.range.hi, i))
            }
            _ => none.push(i),
        }
    }
    // `None` (unbounded) sorts first among equal `lo`; order only needs to be fixed.
    counted.sort();
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut hi: Option<Option<u64>> = None;
    for (lo, h, i) in counted {
        match (&mut hi, chains.last_mut()) {
            (Some(cur), Some(chain)) if cur.map_or(true, |c| lo <= c) => {
                chain.push(i);
                *cur = match (*cur, h) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => {
                chains.push(vec![i]);
                hi = Some(h);
            }
        }
    }
    attach(chains, none)
        .into_iter()
        .map(|g| (g, main.clone()))
        .collect()
}

/// The most frequent value; ties go to the value `prefer` ranks first.
fn mode<T: Ord + Clone>(
    values: impl Iterator<Item = T>,
    prefer: impl Fn(&T, &T) -> Ordering,
) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, na), (b, nb)| na.cmp(nb).then_with(|| prefer(b, a)))
        .map(|(v, _)| v)
}

fn window_days(w: &DateWindow) -> i64 {
    matching::gap_days(
        &DateWindow {
            from: w.from,
            to: w.from,
            precision: 1,
        },
        &DateWindow {
            from: w.to,
            to: w.to,
            precision: 1,
        },
    )
}

fn width(r: &Interval<u64>) -> u64 {
    r.hi.map_or(u64::MAX, |h| h.saturating_sub(r.lo))
}

/// Who the claim favours and harms, from the data: for gains (config
/// `gain_events`) the actor's party and the target's side; for harms the
/// actor's party is the one harmed. A denial swaps the roles.
fn interests(
    ctx: &Ctx<'_>,
    event: Event,
    polarity: Polarity,
    actor: Option<&str>,
    target: Option<&EntityRef>,
) -> (Option<String>, Option<String>) {
    let parties = ctx.parties;
    let actor = actor.and_then(|a| parties.of_entity(a).or_else(|| parties.of_affiliation(a)));
    let side = target.and_then(|t| parties.of_entity(&t.id));
    let gain = ctx.config.gain_events.contains(&event);
    let (f, h) = match (gain, polarity) {
        (true, Polarity::Asserted) => (actor, side),
        (true, Polarity::Denied) => (side, actor),
        (false, Polarity::Asserted) => (None, actor),
        (false, Polarity::Denied) => (actor, None),
    };
    if f.is_some() && f == h {
        (None, None)
    } else {
        (f, h)
    }
}

fn score_group(
    ctx: &Ctx<'_>,
    events: &Events,
    index: &Index<'_>,
    items: &[Item<'_>],
    members: &[usize],
    noun: Option<&str>,
) -> ScoredClaim {
    let config = ctx.config;
    let first = items[members[0]].claim;
    let claims = || members.iter().map(|&i| items[i].claim);
    let target = first.target.as_ref();
    // The place most members give; ties go to the most specific.
    let place_holder = mode(
        claims().filter_map(|c| c.place.as_ref().map(|p| (p, c.place_parents.len()))),
        |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)),
    )
    .and_then(|(p, _)| claims().find(|c| c.place.as_ref() == Some(p)));
    let place = place_holder.and_then(|c| c.place.as_ref());
    let parents: &[String] = place_holder.map_or(&[], |c| &c.place_parents);
    let actor = mode(claims().filter_map(|c| c.actor.as_deref()), |a, b| a.cmp(b));
    let window = mode(claims().filter_map(|c| c.window), |a, b| {
        window_days(a).cmp(&window_days(b)).then(a.cmp(b))
    });
    // The count shown is one of the counted noun the group was split on, given
    // by a member over the claim's own period: "over 100 outposts since March
    // 7" is not the count of a weekend's captures it was chained with.
    let own_period = |c: &Claim| match (&window, &c.window) {
        (Some(w), Some(cw)) => matching::same_period(w, cw, config.date_tolerance_days),
        _ => true,
    };
    let quantity = mode(
        claims()
            .filter(|c| own_period(c))
            .filter_map(|c| c.quantity.as_ref())
            .filter(|q| noun.map_or(true, |n| parties::fold_name(&q.noun) == n)),
        |a, b| {
            width(&a.range)
                .cmp(&width(&b.range))
                .then(a.range.cmp(&b.range))
                .then(a.noun.cmp(&b.noun))
        },
    )
    .cloned();
    let view = View {
        event: first.event,
        polarity: first.polarity,
        target,
        place,
        parents,
        actor_key: actor_key(ctx.parties, actor),
        window,
        quantity: quantity.clone(),
    };
    let mut hits: Vec<Hit> = Vec::new();
    for i in index.candidates(events, &view, config.coarse_levels) {
        let it = &items[i];
        match compare(config, events, &view, it.claim, it.actor_key.as_deref(), i) {
            Some(h) => hits.push(h),
            None if members.binary_search(&i).is_ok() => hits.push(Hit {
                item: i,
                role: Role::Support,
                kind: MatchKind::Exact,
                notes: vec![format!(
                    "{}: kept with this claim as part of a chain of overlapping dates or numbers{}",
                    it.report.report_id,
                    it.claim
                        .window
                        .map(|w| format!(" (says {})", fmt_window(&w)))
                        .unwrap_or_default()
                )],
            }),
            None => {}
        }
    }
    let (favours, harms) = interests(ctx, view.event, view.polarity, actor, target);
    let hits_of = |role: Role, kind: MatchKind| -> Vec<&Hit> {
        hits.iter()
            .filter(|h| h.role == role && h.kind == kind)
            .collect()
    };
    let support = hits_of(Role::Support, MatchKind::Exact);
    let coarse = hits_of(Role::Support, MatchKind::Coarse);
    let contra = hits_of(Role::Contra, MatchKind::Exact);
    let (f, h) = (favours.as_deref(), harms.as_deref());
    let origins = origins::build(ctx, items, &support, f, h);
    let mut coarse_origins = origins::build(ctx, items, &coarse, f, h);
    coarse_origins.retain(|c| !origins.iter().any(|o| o.key == c.key));
    // A contradiction speaks for the opposite claim: its interests are swapped.
    let mut contra_origins = origins::build(ctx, items, &contra, h, f);
    let mut coarse_contra =
        origins::build(ctx, items, &hits_of(Role::Contra, MatchKind::Coarse), h, f);
    coarse_contra.retain(|c| !contra_origins.iter().any(|o| o.key == c.key));
    contra_origins.extend(coarse_contra);
    contra_origins.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.key.cmp(&b.key)));
    // Shares are computed over exact and coarse support together, heaviest first.
    let mut all: Vec<Origin> = origins.into_iter().chain(coarse_origins).collect();
    all.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.key.cmp(&b.key)));
    let support_score = shares(&mut all, 1.0);
    let (origins, coarse_origins): (Vec<Origin>, Vec<Origin>) = all
        .into_iter()
        .partition(|o| o.match_kind == MatchKind::Exact);
    let contra_score = noisy_or(&contra_origins);
    shares(&mut contra_origins, -support_score);
    let score = (support_score * (1.0 - contra_score)).clamp(0.0, 1.0);
    let ids = |hs: &[&Hit]| {
        let mut v: Vec<String> = hs
            .iter()
            .map(|h| items[h.item].report.report_id.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let verdict = verdict(config, &origins, &contra_origins, favours.as_deref());
    let mut claim = ScoredClaim {
        claim_id: claim_id(
            view.event,
            target,
            place,
            view.polarity,
            window.as_ref(),
            actor,
            quantity.as_ref(),
        ),
        event: view.event,
        polarity: view.polarity,
        target: target.cloned(),
        place: place.cloned(),
        actor: actor.map(str::to_string),
        window,
        quantity,
        verdict,
        score,
        supporting: ids(&support),
        contradicting: ids(&contra),
        origins,
        contra_origins,
        reasons: Vec::new(),
        favours,
        harms,
        support_score,
        contra_score,
        coarse_origins,
    };
    claim.reasons = reasons(config, ctx.parties, &claim);
    claim
}

fn noisy_or(origins: &[Origin]) -> f64 {
    1.0 - origins
        .iter()
        .map(|o| 1.0 - o.weight.clamp(0.0, 1.0))
        .product::<f64>()
}

/// Sets each origin's additive share of the noisy-OR (heaviest first: the
/// i-th adds `w_i * prod_{j<i} (1 - w_j)`), scaled by `scale`; returns the
/// noisy-OR.
fn shares(origins: &mut [Origin], scale: f64) -> f64 {
    let mut rest = 1.0;
    for o in origins.iter_mut() {
        let w = o.weight.clamp(0.0, 1.0);
        o.contribution = scale * w * rest;
        rest *= 1.0 - w;
    }
    1.0 - rest
}

/// Contradicting origins that count against the verdict: exact matches from
/// origins that do not also support the claim.
fn independent_contra<'a>(support: &[Origin], contra: &'a [Origin]) -> Vec<&'a Origin> {
    contra
        .iter()
        .filter(|o| o.match_kind == MatchKind::Exact && !support.iter().any(|s| s.key == o.key))
        .collect()
}

/// The verdict by the rules of DESIGN.md; `favours` is the party the claim favours.
pub fn verdict(
    config: &ScoreConfig,
    support: &[Origin],
    contra: &[Origin],
    favours: Option<&str>,
) -> Verdict {
    if !support.is_empty() && !independent_contra(support, contra).is_empty() {
        return Verdict::Contested;
    }
    if support.len() <= 1 {
        return Verdict::SingleSource;
    }
    if let Some(p) = &support[0].party {
        if support.iter().all(|o| o.party.as_ref() == Some(p)) {
            return Verdict::Partisan;
        }
    }
    let disinterested = support
        .iter()
        .any(|o| o.party.is_none() || o.party.as_deref() != favours);
    if support.len() >= config.min_origins && disinterested {
        Verdict::Corroborated
    } else {
        // Too few independent origins for `corroborated`.
        Verdict::SingleSource
    }
}

fn list(origins: &[&Origin], max: usize) -> String {
    let mut names: Vec<String> = origins.iter().take(max).map(|o| o.label.clone()).collect();
    if origins.len() > max {
        names.push(format!("{} more", origins.len() - max));
    }
    names.join(", ")
}

/// The explanation, most important first.
fn reasons(config: &ScoreConfig, parties: &Parties, c: &ScoredClaim) -> Vec<String> {
    let mut out = Vec::new();
    let n = c.origins.len();
    let all: Vec<&Origin> = c.origins.iter().collect();
    let indep = independent_contra(&c.origins, &c.contra_origins);
    let party_name = |p: &str| parties.name(p).to_string();
    let favours = c.favours.as_deref().map(party_name);
    out.push(match c.verdict {
        Verdict::Contested => format!(
            "contested: {n} independent origin(s) assert it ({}) and {} independent origin(s) contradict it ({})",
            list(&all, 4),
            indep.len(),
            list(&indep, 4)
        ),
        Verdict::SingleSource if n <= 1 => format!(
            "single-source: one origin ({}{})",
            list(&all, 1),
            c.origins
                .first()
                .filter(|o| o.reports.len() > 1)
                .map(|o| format!(", in {} reports", o.reports.len()))
                .unwrap_or_default()
        ),
        Verdict::SingleSource => format!(
            "single-source: {n} independent origins, fewer than the {} needed to corroborate",
            config.min_origins
        ),
        Verdict::Partisan => format!(
            "partisan: all {n} asserting origins speak for {}",
            c.origins[0].party.as_deref().map(party_name).unwrap_or_default()
        ),
        Verdict::Corroborated => {
            let free = c
                .origins
                .iter()
                .filter(|o| o.party.is_none() || o.party != c.favours)
                .count();
            format!(
                "corroborated: {n} independent origins assert it, {free} of them not speaking for {}; no independent origin contradicts it",
                favours.clone().unwrap_or_else(|| "the party it favours".into())
            )
        }
    });
    let mut positive: Vec<&Origin> = c.origins.iter().chain(&c.coarse_origins).collect();
    positive.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
    let mut parts: Vec<String> = positive
        .into_iter()
        .chain(&c.contra_origins)
        .take(6)
        .map(|o| {
            let sign = if o.contribution < 0.0 { '-' } else { '+' };
            format!("{sign} {:.2} {}", o.contribution.abs(), o.label)
        })
        .collect();
    let shown = parts.len();
    let total = c.origins.len() + c.coarse_origins.len() + c.contra_origins.len();
    if total > shown {
        parts.push(format!("{} more", total - shown));
    }
    out.push(format!("score {:.2} = {}", c.score, parts.join(" ")));
    match (&favours, c.harms.as_deref().map(party_name)) {
        (Some(f), Some(h)) => out.push(format!("the claim favours {f} and harms {h}")),
        (Some(f), None) => out.push(format!("the claim favours {f}")),
        (None, Some(h)) => out.push(format!("the claim harms {h}")),
        (None, None) => {}
    }
    for o in c.origins.iter().filter(|o| o.reports.len() > 1).take(3) {
        out.push(format!(
            "{} reports count as one origin, {} ({})",
            o.reports.len(),
            o.label,
            o.key
        ));
    }
    let coarse = c.coarse_origins.len();
    if coarse > 0 {
        out.push(format!(
            "{coarse} more origin(s) support it only through an enclosing place ({}): weight x{}, not counted as origins",
            list(&c.coarse_origins.iter().collect::<Vec<_>>(), 3),
            config.coarse
        ));
    }
    let noted = |origins: &[Origin], what: &str| {
        origins
            .iter()
            .flat_map(|o| &o.notes)
            .filter(|n| n.contains(what))
            .count()
    };
    let dates = noted(&c.origins, matching::DATE_NOTE);
    if dates > 0 {
        out.push(format!(
            "{dates} date disagreement(s) within {} day(s), noted on the origins; counted as the same event",
            config.date_tolerance_days
        ));
    }
    let numbers = noted(&c.contra_origins, matching::NUMBER_NOTE);
    if numbers > 0 {
        out.push(format!(
            "{numbers} report(s) give an incompatible number{}",
            c.quantity
                .as_ref()
                .map(|q| format!(" (the claim: {})", fmt_range(q)))
                .unwrap_or_default()
        ));
    }
    let own = c.contra_origins.len() - indep.len();
    if own > 0 {
        out.push(format!(
            "{own} contradicting origin(s) also support it or match only coarsely: they lower the score but do not make it contested"
        ));
    }
    out
}
