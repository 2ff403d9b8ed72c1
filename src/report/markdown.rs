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

/// A short human title: "capture of LIB 321 in Shwe Nyaungbin by kia".
pub fn title(c: &ScoredClaim) -> String {
    crate::score::explain::title(c)
}

/// The claim's evidence ledger as nested Markdown lists.
fn ledger(out: &mut String, c: &ScoredClaim) {
    for line in crate::score::explain::ledger(c) {
        let _ = writeln!(
            out,
            "{}- {}",
            "  ".repeat(line.depth),
            md_escape(&line.text)
        );
    }
}

pub fn render(scored: &Scored) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Corroboration report\n");
    let _ = writeln!(out, "{}\n", super::summary(scored));
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
            let _ = writeln!(
                out,
                "### {} — `{}`\n",
                md_escape(&crate::score::explain::heading(c)),
                c.claim_id
            );
            ledger(&mut out, c);
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
