//! `nl2kql-eval FILE.jsonl --schema FILE [--catalog YML...] [--oracle DIR] [--holdout N] [--split]
//! [--show]`
//!
//! Reads `{"context": question, "baseline": gold query}` lines, generates a query for each
//! question and prints the NL2KQL paper's offline metrics per item and in total: syntax and
//! semantic scores (from Microsoft's Kusto.Language via the oracle in `--oracle DIR`, run once over
//! all generated queries; our own `kql` checker when node or the oracle is unavailable), table
//! score, filter-column and filter-literal Jaccard, and the abstention rate. With `--holdout N`,
//! every N-th item (index % N == N-1) is reported separately as held out; with `--split`, items
//! are halved by a hash of the question into a development half and a held-out half (`--show`
//! then prints only development items, so tuning never looks at the held-out ones).

use std::io::Write;
use std::process::{Command, Stdio};

use copilot::nl2kql::{generate, metrics, Generation, Nl2KqlCatalog, Nl2KqlContext};

struct Args {
    file: String,
    schema: String,
    catalogs: Vec<String>,
    oracle: Option<String>,
    holdout: Option<usize>,
    split: bool,
    show: bool,
}

fn usage() -> ! {
    eprintln!("usage: nl2kql-eval FILE.jsonl --schema SCHEMA.json [--catalog CATALOG.yml]... [--oracle DIR] [--holdout N] [--split] [--show]");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        file: String::new(),
        schema: String::new(),
        catalogs: Vec::new(),
        oracle: std::env::var("NL2KQL_ORACLE").ok(),
        holdout: None,
        split: false,
        show: false,
    };
    while let Some(x) = it.next() {
        match x.as_str() {
            "--schema" => a.schema = it.next().unwrap_or_else(|| usage()),
            "--catalog" => a.catalogs.push(it.next().unwrap_or_else(|| usage())),
            "--oracle" => a.oracle = Some(it.next().unwrap_or_else(|| usage())),
            "--holdout" => a.holdout = it.next().and_then(|n| n.parse().ok()).filter(|n| *n >= 2),
            "--split" => a.split = true,
            "--show" => a.show = true,
            "-h" | "--help" => usage(),
            f if a.file.is_empty() && !f.starts_with("--") => a.file = f.to_string(),
            other => {
                eprintln!("nl2kql-eval: unknown argument {other}");
                usage()
            }
        }
    }
    if a.file.is_empty() || a.schema.is_empty() {
        usage()
    }
    a
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("nl2kql-eval: cannot read {path}: {e}");
        std::process::exit(1)
    })
}

/// Runs the oracle over all queries at once; `None` when it cannot run.
fn oracle_verdicts(
    dir: &str,
    schema: &str,
    queries: &[(usize, String)],
) -> Option<Vec<(bool, bool)>> {
    let script = std::path::Path::new(dir).join("check.js");
    if !script.exists() {
        return None;
    }
    let schema_abs = std::fs::canonicalize(schema).ok()?;
    let mut child = Command::new("node")
        .arg(&script)
        .arg("--schema")
        .arg(&schema_abs)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut input = String::new();
    for (id, q) in queries {
        input.push_str(&serde_json::json!({"id": id, "query": q}).to_string());
        input.push('\n');
    }
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    if !out.status.success() {
        eprintln!(
            "nl2kql-eval: oracle failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let mut verdicts = vec![(false, false); queries.len()];
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let id = v.get("id")?.as_u64()? as usize;
        if let Some(pos) = queries.iter().position(|(i, _)| *i == id) {
            verdicts[pos] = (
                v.get("syntax_ok")
                    .and_then(|b| b.as_bool())
                    .unwrap_or(false),
                v.get("semantic_ok")
                    .and_then(|b| b.as_bool())
                    .unwrap_or(false),
            );
        }
    }
    Some(verdicts)
}

#[derive(Default, Clone, Copy)]
struct Totals {
    n: usize,
    answered: usize,
    syntax: f64,
    semantic: f64,
    table: f64,
    fcol: f64,
    flit: f64,
}

impl Totals {
    fn add(&mut self, answered: bool, syn: bool, sem: bool, s: &metrics::ItemScores) {
        self.n += 1;
        if answered {
            self.answered += 1;
            self.syntax += f64::from(u8::from(syn));
            self.semantic += f64::from(u8::from(sem));
            self.table += s.table;
            self.fcol += s.filter_column;
            self.flit += s.filter_literal;
        }
    }
    fn print(&self, label: &str) {
        let a = self.answered.max(1) as f64;
        let n = self.n.max(1) as f64;
        println!(
            "{label:<10} n={:<4} syntax {:.3}  semantic {:.3}  table {:.3}  filter-column {:.3}  filter-literal {:.3}  abstention {:.3}   (over all items, abstain=0: table {:.3} fcol {:.3} flit {:.3})",
            self.n,
            self.syntax / a,
            self.semantic / a,
            self.table / a,
            self.fcol / a,
            self.flit / a,
            1.0 - self.answered as f64 / n,
            self.table / n,
            self.fcol / n,
            self.flit / n,
        );
    }
}

fn main() {
    let args = parse_args();
    let schema_json = read(&args.schema);
    let yamls: Vec<String> = args.catalogs.iter().map(|p| read(p)).collect();
    let yaml_refs: Vec<&str> = yamls.iter().map(String::as_str).collect();
    let catalog = Nl2KqlCatalog::from_files(&schema_json, &yaml_refs).unwrap_or_else(|e| {
        eprintln!("nl2kql-eval: {e}");
        std::process::exit(1)
    });
    let ctx = Nl2KqlContext {
        now: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
        ..Default::default()
    };
    let mut items = Vec::new();
    for (ln, line) in read(&args.file).lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("nl2kql-eval: {}:{}: {e}", args.file, ln + 1);
                continue;
            }
        };
        let q = v
            .get("context")
            .or_else(|| v.get("question"))
            .and_then(|s| s.as_str())
            .unwrap_or("")
            .to_string();
        let gold = v
            .get("baseline")
            .or_else(|| v.get("query"))
            .and_then(|s| s.as_str())
            .unwrap_or("")
            .to_string();
        items.push((q, gold));
    }
    let generated: Vec<Generation> = items
        .iter()
        .map(|(q, _)| generate(q, &catalog, &ctx))
        .collect();
    let queries: Vec<(usize, String)> = generated
        .iter()
        .enumerate()
        .filter_map(|(i, g)| g.query().map(|q| (i, q.kql.clone())))
        .collect();
    let oracle_dir = args
        .oracle
        .clone()
        .unwrap_or_else(|| "/work/oracle".to_string());
    let verdicts = match oracle_verdicts(&oracle_dir, &args.schema, &queries) {
        Some(v) => {
            println!("# syntax/semantic by the Kusto.Language oracle in {oracle_dir}");
            v
        }
        None => {
            println!("# note: node or the oracle in {oracle_dir} is unavailable; syntax/semantic by our own kql checker");
            queries
                .iter()
                .map(|(_, q)| {
                    let syntax = kql_syntax_ok(q);
                    (syntax, syntax && copilot::nl2kql::passes_check(q, &catalog))
                })
                .collect()
        }
    };
    let is_table = |n: &str| catalog.schema().table(n).is_some();
    let mut all = Totals::default();
    let mut tune = Totals::default();
    let mut held = Totals::default();
    let mut vi = 0;
    for (i, ((q, gold), g)) in items.iter().zip(&generated).enumerate() {
        let (answered, syn, sem, s, kql, conf) = match g.query() {
            Some(gq) => {
                let (syn, sem) = verdicts[vi];
                vi += 1;
                (
                    true,
                    syn,
                    sem,
                    metrics::score(gold, &gq.kql, &is_table),
                    gq.kql.clone(),
                    gq.confidence,
                )
            }
            None => (
                false,
                false,
                false,
                metrics::ItemScores::default(),
                String::new(),
                0.0,
            ),
        };
        all.add(answered, syn, sem, &s);
        let is_held = if args.split {
            held_out_by_hash(q)
        } else {
            args.holdout.is_some_and(|n| i % n == n - 1)
        };
        if is_held {
            held.add(answered, syn, sem, &s);
        } else {
            tune.add(answered, syn, sem, &s);
        }
        println!(
            "{i:>4} {} syn={} sem={} table={:.2} fcol={:.2} flit={:.2} conf={:.2}{}",
            if answered { "Q" } else { "A" },
            u8::from(syn),
            u8::from(sem),
            s.table,
            s.filter_column,
            s.filter_literal,
            conf,
            if is_held { " held-out" } else { "" }
        );
        if args.show && !(args.split && is_held) {
            println!("     question: {}", q.trim());
            println!("     gold:     {}", gold.replace('\n', " "));
            match g {
                Generation::Query(_) => println!("     ours:     {}", kql.replace('\n', " ")),
                Generation::Abstain(a) => println!("     abstain:  {:?}", a.not_understood),
            }
        }
    }
    println!();
    all.print("all");
    if args.split {
        tune.print("develop");
        held.print("held-out");
    } else if args.holdout.is_some() {
        tune.print("tuning");
        held.print("held-out");
    }
}

fn kql_syntax_ok(q: &str) -> bool {
    copilot::nl2kql::parses(q)
}

/// The held-out half of a split: FNV-1a of the trimmed question, odd hashes.
fn held_out_by_hash(q: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in q.trim().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h & 1 == 1
}
