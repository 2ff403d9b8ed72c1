//! The binary's contract: exit codes, config errors, usage errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corroborate(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn unknown_config_key_is_named_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("config.toml"), "[score]\nmin_origin = 3\n").unwrap();
    let o = corroborate(&["run"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("min_origin"), "{e}");
    assert!(e.contains("config.toml"), "{e}");
}

#[test]
fn malformed_config_exits_2_with_location() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("c.toml");
    std::fs::write(&cfg, "[input]\ncorpus = [\n").unwrap();
    let o = corroborate(&["run", "--config", cfg.to_str().unwrap()], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("line"), "{}", stderr(&o));
}

#[test]
fn missing_config_file_given_explicitly_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = corroborate(&["run", "--config", "nope.toml"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.toml"));
}

#[test]
fn missing_input_is_a_usage_error() {
    let o = corroborate(&["run", "no/such/folder", "--quiet"], &repo());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/folder"), "{}", stderr(&o));
}

#[test]
fn unknown_flag_exits_2_and_help_exits_0() {
    assert_eq!(
        corroborate(&["run", "--frobnicate"], &repo()).status.code(),
        Some(2)
    );
    assert_eq!(corroborate(&["--help"], &repo()).status.code(), Some(0));
    assert_eq!(
        corroborate(&["run", "--threads", "0"], &repo())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn missing_gazetteer_fails_the_run_with_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("config.toml"),
        "[input]\ngazetteer = \"missing.csv\"\ncorpus = []\n",
    )
    .unwrap();
    let o = corroborate(&["run", "--quiet"], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.csv"), "{}", stderr(&o));
}

#[test]
fn normalize_reads_names_from_arguments_and_stdin() {
    let o = corroborate(&["normalize", "Myitkyina", "zzzz"], &repo());
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].len(), 6);
    assert_eq!(&lines[0][..3], &["Myitkyina", "place", "myitkyina"]);
    assert_eq!(lines[1][0], "zzzz");
    assert_eq!(lines[1][2], "");
    assert_eq!(lines[1][5], "none");

    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .arg("normalize")
        .current_dir(repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Laiza\r\nBhamo\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    let ids: Vec<&str> = out.lines().map(|l| l.split('\t').nth(2).unwrap()).collect();
    assert_eq!(ids, ["laiza", "bhamo"]);
}

#[test]
fn check_reports_differences_and_update_writes_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("claims.csv"),
        "claim_id,event,polarity,target,target_name,place,place_name,actor,date_from,date_to,verdict,score,origins,supporting,contradicting\n\
         c1,capture,asserted,,,,,,,,corroborated,0.750,2,a;b,\n",
    )
    .unwrap();
    let snap = tmp.path().join("snap.csv");
    let args = |extra: &[&str]| {
        let mut v = vec!["check", "--out", out.to_str().unwrap(), "--snapshot"];
        v.push(snap.to_str().unwrap());
        v.extend_from_slice(extra);
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        corroborate(&a, tmp.path())
    };
    // No snapshot yet: a usage error that says how to write one.
    let o = run(args(&[]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--update"));
    assert_eq!(run(args(&["--update"])).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&snap).unwrap(),
        "claim_id,verdict,origins,score_bucket\nc1,corroborated,2,0.7\n"
    );
    assert_eq!(run(args(&[])).status.code(), Some(0));
    std::fs::write(
        &snap,
        "claim_id,verdict,origins,score_bucket\nc1,partisan,1,0.7\nc2,contested,2,0.5\n",
    )
    .unwrap();
    let o = run(args(&[]));
    assert_eq!(o.status.code(), Some(1));
    let printed = String::from_utf8(o.stdout).unwrap();
    assert!(
        printed.contains("c1: verdict partisan -> corroborated"),
        "{printed}"
    );
    assert!(printed.contains("c2: disappeared"), "{printed}");
}
