//! `corroborate check [--out DIR] --snapshot FILE [--update]`: compares the
//! claims of a finished run (`DIR/claims.csv`) with a stored snapshot
//! `claim_id,verdict,origins,score_bucket`; exits 1 listing every difference.
//! `--update` writes the snapshot from the run instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::{CliError, CliResult};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of the run to check (holding claims.csv).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// The snapshot CSV.
    #[arg(long)]
    pub snapshot: PathBuf,
    /// Write the snapshot from the run instead of comparing.
    #[arg(long)]
    pub update: bool,
}

/// `verdict, origins, score_bucket` per claim id.
pub type Snapshot = BTreeMap<String, (String, String, String)>;

/// The score rounded down to a tenth: "0.734" -> "0.7".
pub fn bucket(score: &str) -> String {
    let x: f64 = score.trim().parse().unwrap_or(0.0);
    format!("{:.1}", ((x * 10.0) + 1e-9).floor() / 10.0)
}

fn read_csv(path: &Path) -> anyhow::Result<Vec<BTreeMap<String, String>>> {
    let mut r = csv::Reader::from_path(path).with_context(|| format!("{}", path.display()))?;
    let mut rows = Vec::new();
    for row in r.deserialize() {
        rows.push(row.with_context(|| format!("{}", path.display()))?);
    }
    Ok(rows)
}

/// The snapshot of a run's `claims.csv`.
pub fn from_claims(path: &Path) -> anyhow::Result<Snapshot> {
    let get = |row: &BTreeMap<String, String>, k: &str| row.get(k).cloned().unwrap_or_default();
    Ok(read_csv(path)?
        .into_iter()
        .map(|row| {
            (
                get(&row, "claim_id"),
                (
                    get(&row, "verdict"),
                    get(&row, "origins"),
                    bucket(&get(&row, "score")),
                ),
            )
        })
        .collect())
}

fn read_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let get = |row: &BTreeMap<String, String>, k: &str| row.get(k).cloned().unwrap_or_default();
    Ok(read_csv(path)?
        .into_iter()
        .map(|row| {
            (
                get(&row, "claim_id"),
                (
                    get(&row, "verdict"),
                    get(&row, "origins"),
                    get(&row, "score_bucket"),
                ),
            )
        })
        .collect())
}

fn write_snapshot(path: &Path, snap: &Snapshot) -> anyhow::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(["claim_id", "verdict", "origins", "score_bucket"])?;
    for (id, (v, o, b)) in snap {
        w.write_record([id, v, o, b])?;
    }
    let bytes = w.into_inner()?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .context("the snapshot path names no file")?
        .to_string_lossy();
    crate::report::write_atomic(dir, &name, &bytes)?;
    Ok(())
}

/// Every difference between `want` (snapshot) and `got` (run), one line each.
pub fn diff(want: &Snapshot, got: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for (id, w) in want {
        match got.get(id) {
            None => out.push(format!("{id}: disappeared (was {} {} {})", w.0, w.1, w.2)),
            Some(g) if g != w => out.push(format!(
                "{id}: verdict {} -> {}, origins {} -> {}, score bucket {} -> {}",
                w.0, g.0, w.1, g.1, w.2, g.2
            )),
            Some(_) => {}
        }
    }
    for (id, g) in got {
        if !want.contains_key(id) {
            out.push(format!("{id}: appeared ({} {} {})", g.0, g.1, g.2));
        }
    }
    out
}

pub fn run(args: Args) -> CliResult {
    let claims = args.out.join("claims.csv");
    let got = from_claims(&claims)
        .map_err(|e| CliError::Usage(e.context("run `corroborate run` first")))?;
    if args.update {
        write_snapshot(&args.snapshot, &got).map_err(CliError::Failed)?;
        eprintln!("wrote {} ({} claims)", args.snapshot.display(), got.len());
        return Ok(ExitCode::SUCCESS);
    }
    if !args.snapshot.exists() {
        return Err(CliError::Usage(anyhow::anyhow!(
            "{}: no such snapshot; write it with `corroborate check --snapshot {} --update`",
            args.snapshot.display(),
            args.snapshot.display()
        )));
    }
    let want = read_snapshot(&args.snapshot).map_err(CliError::Usage)?;
    let differences = diff(&want, &got);
    for d in &differences {
        println!("{d}");
    }
    if differences.is_empty() {
        eprintln!("{} claims match {}", got.len(), args.snapshot.display());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} difference(s) from {}",
            differences.len(),
            args.snapshot.display()
        );
        Ok(ExitCode::from(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_round_down() {
        assert_eq!(bucket("0.734"), "0.7");
        assert_eq!(bucket("0.7"), "0.7");
        assert_eq!(bucket("0.699"), "0.6");
        assert_eq!(bucket("1.000"), "1.0");
        assert_eq!(bucket("0"), "0.0");
    }

    #[test]
    fn diff_lists_every_change() {
        let s = |v: &str, o: &str, b: &str| (v.to_string(), o.to_string(), b.to_string());
        let want: Snapshot = [
            ("a".to_string(), s("corroborated", "2", "0.7")),
            ("b".to_string(), s("partisan", "1", "0.3")),
        ]
        .into();
        let got: Snapshot = [
            ("a".to_string(), s("contested", "2", "0.7")),
            ("c".to_string(), s("single-source", "1", "0.5")),
        ]
        .into();
        let d = diff(&want, &got);
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].starts_with("a: verdict corroborated -> contested"));
        assert!(d[1].starts_with("b: disappeared"));
        assert!(d[2].starts_with("c: appeared"));
        assert!(diff(&want, &want).is_empty());
    }
}
