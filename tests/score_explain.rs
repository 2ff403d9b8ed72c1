//! `corroborate explain` on a run of the default corpus.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_corroborate"))
}

#[test]
fn explain_prints_the_ledger_and_rejects_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let run = bin()
        .args(["run", "--quiet", "--out", out])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let csv = std::fs::read_to_string(dir.path().join("claims.csv")).unwrap();
    let id = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();

    let text = bin().args(["explain", &id, "--out", out]).output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(&id), "{text}");
    assert!(text.contains("supporting origins"), "{text}");
    assert!(text.contains("weight "), "{text}");

    let json = bin()
        .args(["explain", &id, "--out", out, "--json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["claim_id"], id.as_str());
    assert!(v["origins"].is_array());

    let unknown = bin()
        .args(["explain", "c-nope", "--out", out])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no claim \"c-nope\""));
}
