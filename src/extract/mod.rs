//! Stage 3: turn each report into claims.
//!
//! Entry point: [`run`]. First version: only hand-coded `[[claims]]` from
//! front matter, kept as given (issue 5 adds rule-based extraction).

use rayon::prelude::*;

use crate::config::ExtractConfig;
use crate::model::{
    Claim, ClaimOrigin, DateWindow, Extracted, ExtractedReport, Interval, Normalized,
    NormalizedReport, Quantity,
};
use crate::normalize::Gazetteer;

/// Claims of one report.
pub fn extract_report(
    gazetteer: &Gazetteer,
    config: &ExtractConfig,
    nr: &NormalizedReport,
) -> ExtractedReport {
    let report = &nr.report;
    let mut claims = Vec::new();
    if config.hand_claims {
        for (hand, refs) in report.hand_claims.iter().zip(&nr.hand_refs) {
            claims.push(hand_claim(gazetteer, &report.id, &report.cites, hand, refs));
        }
    }
    ExtractedReport {
        report_id: report.id.clone(),
        source: report.source.clone(),
        kind: report.kind,
        affiliation: report.affiliation.clone(),
        published: report.published,
        cites: report.cites.clone(),
        url: report.url.clone(),
        claims,
    }
}

fn hand_claim(
    gazetteer: &Gazetteer,
    report_id: &str,
    cites: &[String],
    hand: &crate::model::HandClaim,
    refs: &crate::model::HandRefs,
) -> Claim {
    let window = match (hand.date_from, hand.date_to) {
        (Some(from), Some(to)) => Some(DateWindow {
            from: from.min(to),
            to: from.max(to),
            precision: if from == to { 1 } else { 2 },
        }),
        (Some(d), None) | (None, Some(d)) => Some(DateWindow {
            from: d,
            to: d,
            precision: 1,
        }),
        (None, None) => None,
    };
    let quantity = hand.quantity_min.map(|lo| Quantity {
        range: Interval {
            lo,
            hi: hand.quantity_max,
        },
        noun: hand.quantity_noun.clone().unwrap_or_default(),
    });
    let place_parents = refs
        .place
        .as_ref()
        .map(|p| gazetteer.ancestors(&p.id))
        .unwrap_or_default();
    Claim {
        report_id: report_id.to_string(),
        event: hand.event,
        polarity: hand.polarity,
        target: refs.target.clone(),
        place: refs.place.clone(),
        place_parents,
        actor: refs.actor.as_ref().map(|a| a.id.clone()),
        window,
        quantity,
        attribution: cites.to_vec(),
        hedges: Vec::new(),
        origin: ClaimOrigin::Hand,
        span: (0, 0),
    }
}

/// Extracts claims from every report, in parallel.
pub fn run(gazetteer: &Gazetteer, config: &ExtractConfig, normalized: Normalized) -> Extracted {
    let claims = normalized
        .reports
        .par_iter()
        .map(|nr| extract_report(gazetteer, config, nr))
        .collect();
    Extracted {
        reports: normalized.reports,
        claims,
        rejected: normalized.rejected,
        stats: normalized.stats,
    }
}
