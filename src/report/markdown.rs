//! `report.md`: claims grouped by verdict, most important first.

use std::fmt::Write;

use crate::model::{Scored, ScoredClaim, Verdict};

/// Markdown-escapes text taken from reports (it may contain `|`, `*`, `<`…).
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A short human title: "capture of LIB 321 (Waingmaw)".
pub fn title(c: &ScoredClaim) -> String {
    let mut t = c.event.as_str().to_string();
    if let Some(target) = &c.target {
        let _ = write!(t, " of {}", target.name);
    }
    if let Some(place) = &c.place {
        let _ = write!(t, " in {}", place.name);
    }
    if c.polarity == crate::model::Polarity::Denied {
        t = format!("no {t} (denial)");
    }
    t
}

pub fn render(scored: &Scored) -> String {
    let mut out = String::new();
    let s = &scored.stats;
    let _ = writeln!(out, "# Corroboration report\n");
    let _ = writeln!(
        out,
        "{} reports read ({} rejected) from {} files; {} claims; {} duplicate clusters.\n",
        s.reports_accepted,
        s.records_rejected,
        s.files_read,
        scored.claims.len(),
        scored
            .clusters
            .iter()
            .filter(|c| c.members.len() > 1)
            .count(),
    );
    for verdict in [
        Verdict::Corroborated,
        Verdict::Contested,
        Verdict::Partisan,
        Verdict::SingleSource,
    ] {
        let mut claims: Vec<&ScoredClaim> = scored
            .claims
            .iter()
            .filter(|c| c.verdict == verdict)
            .collect();
        if claims.is_empty() {
            continue;
        }
        claims.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.origins.len().cmp(&a.origins.len()))
                .then(a.claim_id.cmp(&b.claim_id))
        });
        let _ = writeln!(out, "## {} ({})\n", verdict, claims.len());
        for c in claims {
            let when = c
                .window
                .map(|w| {
                    if w.from == w.to {
                        format!(", {}", w.from)
                    } else {
                        format!(", {} to {}", w.from, w.to)
                    }
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "### {}{} — `{}`\n",
                md_escape(&title(c)),
                when,
                c.claim_id
            );
            let _ = writeln!(
                out,
                "Score {:.2}; {} independent origin(s) assert it; {} report(s) support, {} contradict.\n",
                c.score,
                c.origins.len(),
                c.supporting.len(),
                c.contradicting.len()
            );
            for o in &c.origins {
                let _ = writeln!(
                    out,
                    "- supports: {} ({}, {}), weight {:.2}: {}",
                    md_escape(&o.label),
                    o.kind,
                    md_escape(&o.affiliation),
                    o.weight,
                    o.reports.join(", ")
                );
            }
            for o in &c.contra_origins {
                let _ = writeln!(
                    out,
                    "- contradicts: {} ({}, {}), weight {:.2}: {}",
                    md_escape(&o.label),
                    o.kind,
                    md_escape(&o.affiliation),
                    o.weight,
                    o.reports.join(", ")
                );
            }
            for r in &c.reasons {
                let _ = writeln!(out, "- why: {}", md_escape(r));
            }
            out.push('\n');
        }
    }
    if !scored.rejected.is_empty() {
        let _ = writeln!(out, "## Rejected input ({})\n", scored.rejected.len());
        for r in &scored.rejected {
            let _ = writeln!(
                out,
                "- {}:{}: {}",
                md_escape(&r.file),
                r.line,
                md_escape(&r.reason)
            );
        }
    }
    out
}
