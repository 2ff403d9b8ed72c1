//! `corroborate stage`: the stages chained as JSON-lines filters, with the
//! per-report stages split into partitions in a scrambled order, give the same
//! files as `corroborate run` (only `report.json`'s `run` object may differ).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stage(name: &str, input: &[u8], extra: &[&str]) -> Vec<u8> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["stage", name])
        .args(extra)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "stage {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs a per-report stage on two partitions (odd and even lines, each
/// reversed) and concatenates the outputs, as a cluster engine might.
fn partitioned(name: &str, input: &[u8]) -> Vec<u8> {
    let lines: Vec<&[u8]> = input
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let part = |parity: usize| {
        let mut p: Vec<u8> = Vec::new();
        for l in lines.iter().skip(parity).step_by(2).rev() {
            p.extend_from_slice(l);
            p.push(b'\n');
        }
        p
    };
    let mut out = stage(name, &part(1), &[]);
    out.extend(stage(name, &part(0), &[]));
    out
}

fn without_run(path: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("run");
    v
}

#[test]
fn chained_stages_equal_run() {
    let tmp = tempfile::tempdir().unwrap();
    let ingested = stage("ingest", b"corpora/reports/kachin-2024-05\n", &[]);
    let normalized = partitioned("normalize", &ingested);
    let extracted = partitioned("extract", &normalized);
    let signed = partitioned("sign", &extracted);
    let clustered = stage("cluster", &signed, &[]);
    let scored = stage("score", &clustered, &[]);
    let staged = tmp.path().join("staged");
    let out = stage("report", &scored, &["--out", staged.to_str().unwrap()]);
    assert!(out.is_empty());

    let direct = tmp.path().join("direct");
    let o = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["run", "--quiet", "--out", direct.to_str().unwrap()])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(o.status.success());
    for f in corroborate::report::FILES {
        if f == "report.json" {
            assert_eq!(
                without_run(&staged.join(f)),
                without_run(&direct.join(f)),
                "report.json"
            );
        } else {
            let a = std::fs::read(staged.join(f)).unwrap();
            let b = std::fs::read(direct.join(f)).unwrap();
            assert!(a == b, "{f} differs between stages and run");
        }
    }
    // The chain did real work: claims and mentions came through.
    let claims = std::fs::read_to_string(staged.join("claims.csv")).unwrap();
    assert!(claims.lines().count() > 10);
}

#[test]
fn a_bad_stage_record_is_a_usage_error() {
    let o = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["stage", "normalize"])
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .unwrap()
                .write_all(b"{\"type\":\"bogus\"}\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("stdin line 1"));
}
