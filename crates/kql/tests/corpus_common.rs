//! Shared helpers for tests that read the query corpora in `../shared` (never copied here).

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/data/<rel>` relative to the workspace, if present.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/"
    ))
    .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("note: {} is missing; skipping", p.display());
        None
    }
}

/// A corpus query: where it came from and its text.
pub struct CorpusQuery {
    pub key: String,
    pub bytes: Vec<u8>,
    /// The reference parser's syntax verdict.
    pub valid: bool,
}

impl CorpusQuery {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// The reprise99 corpus files with the reference verdicts.
pub fn reprise99() -> Option<Vec<CorpusQuery>> {
    let verdicts = shared("kql-corpus/reprise99-verdicts.jsonl")?;
    let dir = shared("kql-corpus/reprise99")?;
    let mut out = Vec::new();
    for line in std::fs::read_to_string(verdicts).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = v["file"].as_str().unwrap();
        out.push(CorpusQuery {
            key: file.to_string(),
            bytes: std::fs::read(dir.join(file)).unwrap(),
            valid: v["valid"].as_bool().unwrap(),
        });
    }
    Some(out)
}

/// The gold (`baseline`) queries of the NL2KQL Defender dev set. The reference parser accepts
/// all 230 of them (checked once with `/work/oracle`), so `valid` is always true.
pub fn dev_defender() -> Option<Vec<CorpusQuery>> {
    let path = shared("nl2kql/dev-defender.jsonl")?;
    let mut out = Vec::new();
    for (i, line) in std::fs::read_to_string(path).unwrap().lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        out.push(CorpusQuery {
            key: i.to_string(),
            bytes: v["baseline"].as_str().unwrap().as_bytes().to_vec(),
            valid: true,
        });
    }
    Some(out)
}

/// Debug text of a tree with every span removed, for comparing trees.
pub fn without_spans(debug: &str) -> String {
    let b = debug.as_bytes();
    let mut out = String::with_capacity(debug.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'@' && i + 1 < b.len() && b[i + 1].is_ascii_digit() {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') {
                j += 1;
            }
            i = j;
            continue;
        }
        let ch = debug[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}
