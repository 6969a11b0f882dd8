//! Runs every query of the reprise99 corpus (read in place from ../shared) whose tables the demo
//! has, and reports how many run. A query may fail with a named error (an unsupported feature,
//! an unknown function or column); the test fails on a panic or an error that names nothing.
//! Queries that exhaust the worker's memory or time are listed as engine defects.
//!
//! Queries run in a child process (this test binary, running `corpus_worker`) with an address
//! space limit, so a runaway query cannot take the machine down; the parent restarts the worker
//! after a crash or a timeout.
#![cfg(feature = "engine")]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use sentinel::workspace::WorkspaceError;
use sentinel::{DemoConfig, DemoWorkspace};

/// Memory a worker may use (KiB of address space).
const WORKER_MEMORY_KIB: u64 = 4_000_000;
/// Time one query may take.
const QUERY_TIMEOUT: Duration = Duration::from_secs(60);

fn corpus_dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/kql-corpus/reprise99"
    ))
    .to_path_buf()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "kql") {
            out.push(p);
        }
    }
}

/// The first words of an error, to group similar failures.
fn gist(message: &str) -> String {
    let cut: String = message
        .split('`')
        .next()
        .unwrap_or(message)
        .chars()
        .take(60)
        .collect();
    cut.trim().to_string()
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\t', '\r'], " ")
}

/// The worker: runs the files named in `CORPUS_WORKER_FILES` on a small demo workspace and
/// reports each outcome on stdout. Does nothing when run as an ordinary test.
#[test]
fn corpus_worker() {
    let Ok(list) = std::env::var("CORPUS_WORKER_FILES") else {
        return;
    };
    let ws = DemoWorkspace::new(DemoConfig {
        scale: 0.1,
        ..DemoConfig::new(common::now())
    });
    let mut out = std::io::stdout();
    for file in list.lines().filter(|l| !l.is_empty()) {
        let _ = writeln!(out, "START\t{file}");
        let _ = out.flush();
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let (kind, message) = match catch_unwind(AssertUnwindSafe(|| ws.run_query(&text, None))) {
            Err(_) => ("panic", String::new()),
            Ok(Ok(_)) => ("ok", String::new()),
            Ok(Err(WorkspaceError::BadQuery { message, .. }))
                if message.starts_with("unknown table") =>
            {
                ("n/a", message)
            }
            Ok(Err(WorkspaceError::Unsupported { feature })) => ("unsupported", feature),
            Ok(Err(WorkspaceError::BadQuery { message, .. })) => ("error", message),
            Ok(Err(e)) => ("error", e.to_string()),
        };
        let _ = writeln!(out, "RESULT\t{file}\t{kind}\t{}", one_line(&message));
        let _ = out.flush();
    }
}

/// Runs `files` in workers, restarting after crashes; returns (file, kind, message) for each.
fn run_in_workers(files: &[String]) -> Vec<(String, String, String)> {
    let exe = std::env::current_exe().expect("the test binary");
    let mut results: Vec<(String, String, String)> = Vec::new();
    let mut next = 0;
    while next < files.len() {
        let list = files[next..].join("\n");
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v {WORKER_MEMORY_KIB}; exec \"$0\" corpus_worker --exact --nocapture --test-threads 1"))
            .arg(&exe)
            .env("CORPUS_WORKER_FILES", list)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start a corpus worker");
        let stdout = child.stdout.take().expect("worker stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut current: Option<String> = None;
        loop {
            match rx.recv_timeout(
                QUERY_TIMEOUT + Duration::from_secs(if current.is_none() { 120 } else { 0 }),
            ) {
                Ok(line) => {
                    let parts: Vec<&str> = line.splitn(4, '\t').collect();
                    match parts.as_slice() {
                        ["START", file] => current = Some(file.to_string()),
                        ["RESULT", file, kind, message] => {
                            results.push((file.to_string(), kind.to_string(), message.to_string()));
                            current = None;
                            next += 1;
                        }
                        _ => {}
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let file = current.take().unwrap_or_else(|| files[next].clone());
                    results.push((
                        file,
                        "timeout".into(),
                        format!("took longer than {} s", QUERY_TIMEOUT.as_secs()),
                    ));
                    next += 1;
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = child.wait().ok();
                    if let Some(file) = current.take() {
                        results.push((
                            file,
                            "crash".into(),
                            format!("the worker died ({status:?}): out of memory or abort"),
                        ));
                        next += 1;
                    } else if next < files.len() && results.len() == next {
                        // The worker exited between queries (or before starting): record and move on.
                        results.push((
                            files[next].clone(),
                            "crash".into(),
                            format!("the worker exited ({status:?})"),
                        ));
                        next += 1;
                    }
                    break;
                }
            }
        }
    }
    results
}

#[test]
fn corpus_queries_run_or_fail_by_name() {
    if std::env::var_os("CORPUS_WORKER_FILES").is_some() {
        return;
    }
    let dir = corpus_dir();
    let mut paths = Vec::new();
    collect(&dir, &mut paths);
    if paths.is_empty() {
        eprintln!("note: {} is missing; skipping", dir.display());
        return;
    }
    let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let results = run_in_workers(&files);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut bad = Vec::new();
    let mut runaway = Vec::new();
    let prefix = format!("{}/", dir.display());
    for (file, kind, message) in &results {
        *counts.entry(kind.as_str()).or_default() += 1;
        let name = file.strip_prefix(&prefix).unwrap_or(file);
        match kind.as_str() {
            "ok" | "n/a" => {}
            "panic" => bad.push(format!("{name}: panicked")),
            "crash" | "timeout" => runaway.push(format!("{name}: {kind}: {message}")),
            _ => {
                if message.trim().is_empty() {
                    bad.push(format!("{name}: {kind} without a message"));
                }
                *reasons
                    .entry(format!("{kind}: {}", gist(message)))
                    .or_default() += 1;
            }
        }
    }
    let applicable = results.len() - counts.get("n/a").copied().unwrap_or(0);
    let runs = counts.get("ok").copied().unwrap_or(0);
    let share = if applicable == 0 {
        0.0
    } else {
        100.0 * runs as f64 / applicable as f64
    };
    println!(
        "corpus: {} files, {applicable} on the demo's tables; {runs} run ({share:.1}%); outcomes {counts:?}",
        files.len()
    );
    let mut reasons: Vec<_> = reasons.into_iter().collect();
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (reason, n) in reasons.iter().take(30) {
        println!("  {n:4}  {reason}");
    }
    for b in &bad {
        println!("  FAIL  {b}");
    }
    assert!(
        bad.is_empty(),
        "{} corpus queries panicked, crashed, ran away or failed without a message",
        bad.len()
    );
}
