//! The checker against real queries: the NL->KQL gold queries (all valid), deterministic mutants
//! of them with a misspelled table or column (all invalid), and — when Microsoft's analyzer is
//! installed next to the checkout (`/work/oracle`, run with `--ignored`) — verdict-by-verdict
//! agreement with it on those and on the reprise99 hunting corpus.
//!
//! The shared data is read in place; tests skip with a note when it is missing.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kql::{Catalog, Severity};
use serde_json::{json, Value as Json};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
const ORACLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../oracle/check.js");

fn data(rel: &str) -> PathBuf {
    Path::new(DATA).join(rel)
}

fn schema_path(name: &str) -> PathBuf {
    data(&format!("nl2kql/schema/{name}_Schema.json"))
}

fn load_catalog(name: &str) -> Option<Catalog> {
    let text = std::fs::read_to_string(schema_path(name)).ok()?;
    Some(Catalog::from_schema_json(&text).expect("schema loads"))
}

/// The `baseline` queries of the dev set, or `None` (with a note) when the data is missing.
fn gold() -> Option<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(data("nl2kql/dev-defender.jsonl")) else {
        eprintln!("note: shared nl2kql data not found; skipping");
        return None;
    };
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: Json = serde_json::from_str(l).expect("gold line is JSON");
                v["baseline"].as_str().expect("baseline").to_string()
            })
            .collect(),
    )
}

fn errors(query: &str, catalog: &Catalog) -> Vec<kql::Diagnostic> {
    kql::check(query, catalog)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The checker's own verdict: semantic errors on the parsed tree, whatever the parser thought.
fn semantic_errors(query: &str, catalog: &Catalog) -> Vec<kql::Diagnostic> {
    kql::check_query(&kql::parse(query).query, catalog)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Queries the parser rejects, reported as a note (the parser's own tests own them).
fn note_syntax_rejections(what: &str, queries: &[&str]) {
    let rejected: Vec<String> = queries
        .iter()
        .filter_map(|q| {
            let p = kql::parse(q);
            (!p.is_ok()).then(|| format!("  {}", p.diagnostics[0]))
        })
        .collect();
    if !rejected.is_empty() {
        eprintln!(
            "note: the parser rejects {} {what}:\n{}",
            rejected.len(),
            rejected.join("\n")
        );
    }
}

/// Byte ranges of identifiers outside strings and comments.
fn identifiers(q: &str) -> Vec<(usize, usize)> {
    let b = q.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if q[i..].starts_with("```") {
            i += 3;
            match q[i..].find("```") {
                Some(end) => i += end + 3,
                None => i = b.len(),
            }
        } else if c == b'@' && matches!(b.get(i + 1), Some(b'\'' | b'"')) {
            let quote = b[i + 1];
            i += 2;
            while i < b.len() && b[i] != quote {
                i += 1;
            }
            i += 1;
        } else if c == b'\'' || c == b'"' {
            i += 1;
            while i < b.len() && b[i] != c {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((start, i));
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A query with one name misspelled, and the misspelling.
struct Mutant {
    query: String,
    misspelled: String,
}

/// Every name a misspelling must avoid becoming.
fn known_names(catalog: &Catalog) -> HashSet<String> {
    let mut names: HashSet<String> = catalog.tables().map(|t| t.name.clone()).collect();
    for t in catalog.tables() {
        names.extend(t.columns.iter().map(|c| c.column.name.clone()));
    }
    names.extend(kql::builtins::all().iter().map(|f| f.name.to_string()));
    names
}

/// `name` with one character dropped (trying positions from `first` on), not a known name.
fn misspell(name: &str, known: &HashSet<String>, first: usize) -> Option<String> {
    let n = name.len();
    (0..n)
        .map(|k| (first + k) % n)
        .map(|at| format!("{}{}", &name[..at], &name[at + 1..]))
        .find(|m| m.len() > 1 && !known.contains(m))
}

fn replace(q: &str, (start, end): (usize, usize), with: &str) -> String {
    format!("{}{}{}", &q[..start], with, &q[end..])
}

/// For each query: the first table name misspelled (last letter dropped), and the first column
/// reference after the first `|` misspelled (a middle letter dropped). Names being assigned
/// (`X = ...`) and dynamic properties (`.X`) are left alone, since changing them keeps the query
/// valid.
fn mutants(queries: &[String], catalog: &Catalog) -> Vec<Mutant> {
    let known = known_names(catalog);
    let columns: HashSet<&str> = catalog
        .tables()
        .flat_map(|t| t.columns.iter().map(|c| c.column.name.as_str()))
        .collect();
    let mut out = Vec::new();
    for q in queries {
        let ids = identifiers(q);
        if let Some(&span) = ids
            .iter()
            .find(|&&(s, e)| catalog.table(&q[s..e]).is_some())
        {
            let name = &q[span.0..span.1];
            if let Some(m) = misspell(name, &known, name.len() - 1) {
                out.push(Mutant {
                    query: replace(q, span, &m),
                    misspelled: m,
                });
            }
        }
        let Some(pipe) = q.find('|') else { continue };
        let column = ids.iter().copied().find(|&(s, e)| {
            let before = q[..s].trim_end();
            let after = q[e..].trim_start();
            let assigned = after.starts_with('=') && !after.starts_with("==");
            let property = before.ends_with('.');
            let call = after.starts_with('(');
            s > pipe
                && columns.contains(&q[s..e])
                && catalog.table(&q[s..e]).is_none()
                && !(assigned || property || call)
        });
        if let Some(span) = column {
            let name = &q[span.0..span.1];
            if let Some(m) = misspell(name, &known, name.len() / 2) {
                out.push(Mutant {
                    query: replace(q, span, &m),
                    misspelled: m,
                });
            }
        }
    }
    out
}

#[test]
fn gold_queries_are_valid() {
    let (Some(gold), Some(catalog)) = (gold(), load_catalog("Defender")) else {
        return;
    };
    note_syntax_rejections(
        "gold queries",
        &gold.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut rejected = Vec::new();
    for (i, q) in gold.iter().enumerate() {
        let errs = semantic_errors(q, &catalog);
        if !errs.is_empty() {
            rejected.push(format!("#{i}: {}\n  {q}", errs[0]));
        }
    }
    eprintln!(
        "gold: {} of {} accepted",
        gold.len() - rejected.len(),
        gold.len()
    );
    assert!(
        rejected.is_empty(),
        "rejected gold queries:\n{}",
        rejected.join("\n")
    );
}

#[test]
fn misspelled_tables_and_columns_are_invalid() {
    let (Some(gold), Some(catalog)) = (gold(), load_catalog("Defender")) else {
        return;
    };
    let mutants = mutants(&gold, &catalog);
    assert!(mutants.len() > 400, "only {} mutants", mutants.len());
    note_syntax_rejections(
        "mutants",
        &mutants.iter().map(|m| m.query.as_str()).collect::<Vec<_>>(),
    );
    let mut missed = Vec::new();
    for m in &mutants {
        if !kql::parse(&m.query).is_ok() {
            // Rejected by the parser already (noted below); the tree may have lost the name.
            assert!(!errors(&m.query, &catalog).is_empty());
            continue;
        }
        let errs = semantic_errors(&m.query, &catalog);
        let named = format!("`{}`", m.misspelled);
        if !errs.iter().any(|e| e.message.contains(&named)) {
            missed.push(format!("{}: {errs:?}\n  {}", m.misspelled, m.query));
        }
    }
    eprintln!(
        "mutants: {} of {} rejected naming the misspelling",
        mutants.len() - missed.len(),
        mutants.len()
    );
    assert!(
        missed.is_empty(),
        "accepted mutants:\n{}",
        missed.join("\n")
    );
}

/// The analyzer's verdict on one query.
struct OracleVerdict {
    semantic_ok: bool,
    /// Where its errors start, in UTF-16 code units (as JavaScript counts).
    error_starts: Vec<usize>,
}

/// Runs Microsoft's analyzer over `(id, query)` pairs; `None` when node or the oracle is missing.
fn oracle(schema: &Path, items: &[(String, String)]) -> Option<Vec<OracleVerdict>> {
    if !Path::new(ORACLE).exists() {
        eprintln!("note: oracle not installed at {ORACLE}; skipping");
        return None;
    }
    let mut child = Command::new("node")
        .arg(ORACLE)
        .arg("--schema")
        .arg(schema)
        .current_dir(Path::new(ORACLE).parent()?)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut input = String::new();
    for (id, q) in items {
        input.push_str(&json!({"id": id, "query": q}).to_string());
        input.push('\n');
    }
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    let verdicts: Vec<OracleVerdict> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| {
            let v: Json = serde_json::from_str(l).expect("oracle line");
            let starts = |key: &str| -> Vec<usize> {
                v[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|d| d["start"].as_u64())
                    .map(|s| s as usize)
                    .collect()
            };
            OracleVerdict {
                semantic_ok: v["semantic_ok"].as_bool().unwrap_or(false),
                error_starts: [starts("syntax"), starts("semantic")].concat(),
            }
        })
        .collect();
    assert_eq!(verdicts.len(), items.len(), "oracle answered every query");
    Some(verdicts)
}

#[test]
#[ignore = "runs Microsoft's analyzer under node (about a minute)"]
fn gold_and_mutants_agree_with_oracle() {
    let (Some(gold), Some(catalog)) = (gold(), load_catalog("Defender")) else {
        return;
    };
    let mutants = mutants(&gold, &catalog);
    let mut items: Vec<(String, String)> = gold
        .iter()
        .enumerate()
        .map(|(i, q)| (format!("gold-{i}"), q.clone()))
        .collect();
    items.extend(
        mutants
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("mutant-{i}"), m.query.clone())),
    );
    let Some(verdicts) = oracle(&schema_path("Defender"), &items) else {
        return;
    };
    let mut disagree = Vec::new();
    let (mut gold_ok, mut mutants_bad) = (0, 0);
    for ((id, q), verdict) in items.iter().zip(&verdicts) {
        let oracle_ok = &verdict.semantic_ok;
        let ours = errors(q, &catalog).is_empty();
        gold_ok += usize::from(id.starts_with("gold") && *oracle_ok && ours);
        mutants_bad += usize::from(id.starts_with("mutant") && !oracle_ok && !ours);
        if ours != *oracle_ok {
            disagree.push(format!("{id}: oracle {oracle_ok}, ours {ours}\n  {q}"));
        }
    }
    eprintln!(
        "oracle agreement: gold valid {gold_ok}/{}, mutants invalid {mutants_bad}/{}",
        gold.len(),
        mutants.len()
    );
    assert!(
        disagree.is_empty(),
        "disagreements:\n{}",
        disagree.join("\n")
    );
}

#[test]
#[ignore = "runs Microsoft's analyzer under node over 462 files (minutes)"]
fn corpus_false_positives_against_oracle() {
    let root = data("kql-corpus/reprise99");
    let Some(catalog) = load_catalog("Sentinel") else {
        eprintln!("note: Sentinel schema not found; skipping");
        return;
    };
    let mut files = Vec::new();
    collect_kql(&root, &mut files);
    files.sort();
    let items: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let id = p.strip_prefix(&root).ok()?.display().to_string();
            Some((id, text))
        })
        .collect();
    let Some(verdicts) = oracle(&schema_path("Sentinel"), &items) else {
        return;
    };
    let (mut false_pos, mut false_neg, mut accepted) = (Vec::new(), 0, 0);
    let (mut stray, mut semantic_total) = (Vec::new(), 0);
    for ((id, q), verdict) in items.iter().zip(&verdicts) {
        let errs = errors(q, &catalog);
        accepted += usize::from(verdict.semantic_ok);
        match (verdict.semantic_ok, errs.is_empty()) {
            (true, false) => false_pos.push(format!("{id}: {}", errs[0])),
            (false, true) => false_neg += 1,
            _ => {}
        }
        // In files that parse, each of our semantic errors must sit where the oracle has one.
        if kql::parse(q).is_ok() {
            for e in semantic_errors(q, &catalog) {
                semantic_total += 1;
                let at = q[..e.span.start].encode_utf16().count();
                if !verdict.error_starts.contains(&at) {
                    stray.push(format!("{id}: {e}"));
                }
            }
        }
    }
    eprintln!(
        "corpus: {} files, oracle accepts {accepted}; we reject {} of those (false positives), \
         accept {false_neg} it rejects; {} of our {semantic_total} semantic errors have no \
         oracle error at the same place",
        items.len(),
        false_pos.len(),
        stray.len()
    );
    assert!(
        false_pos.is_empty(),
        "false positives:\n{}",
        false_pos.join("\n")
    );
    assert!(
        stray.is_empty(),
        "errors the oracle does not report:\n{}",
        stray.join("\n")
    );
}

fn collect_kql(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_kql(&p, out);
        } else if p.extension().is_some_and(|x| x == "kql") {
            out.push(p);
        }
    }
}

/// Every file, and prefixes of it as an analyst types it, checks without a panic.
#[test]
fn checker_never_panics_on_the_corpus() {
    let root = data("kql-corpus/reprise99");
    let Some(catalog) = load_catalog("Sentinel") else {
        eprintln!("note: shared corpus not found; skipping");
        return;
    };
    let mut files = Vec::new();
    collect_kql(&root, &mut files);
    for p in files {
        if let Ok(text) = std::fs::read_to_string(&p) {
            let step = (text.len() / 10).max(1);
            for cut in (0..text.len()).step_by(step).chain([text.len()]) {
                if text.is_char_boundary(cut) {
                    let _ = kql::check(&text[..cut], &catalog);
                }
            }
        }
    }
}

/// Writes the mutants as `{"id", "query"}` lines to the file named by `KQL_DUMP_MUTANTS`, to
/// feed `kql check` and the oracle by hand.
#[test]
#[ignore = "developer tool: set KQL_DUMP_MUTANTS=FILE"]
fn dump_mutants() {
    let (Ok(path), Some(gold), Some(catalog)) = (
        std::env::var("KQL_DUMP_MUTANTS"),
        gold(),
        load_catalog("Defender"),
    ) else {
        return;
    };
    let mut out = String::new();
    for (i, m) in mutants(&gold, &catalog).iter().enumerate() {
        out.push_str(&json!({"id": i, "query": m.query, "misspelled": m.misspelled}).to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("write mutants");
}
