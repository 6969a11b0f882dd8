//! The parser agrees with Microsoft's reference parser (Kusto.Language) on real queries: the
//! reprise99 Sentinel corpus, the NL2KQL Defender gold queries, and invalid variants made from
//! them (verdicts recorded once from the reference in `tests/data/oracle-variants.jsonl`).

mod corpus_common;
use corpus_common::*;

fn disagreements(queries: &[CorpusQuery]) -> Vec<String> {
    let mut bad = Vec::new();
    for q in queries {
        let parsed = kql::parse(&q.text());
        if parsed.is_ok() != q.valid {
            let first = parsed
                .diagnostics
                .first()
                .map(|d| d.to_string())
                .unwrap_or_default();
            bad.push(format!("{} (reference valid={}): {first}", q.key, q.valid));
        }
    }
    bad
}

#[test]
fn reprise99_corpus_matches_reference_verdicts() {
    let Some(queries) = reprise99() else { return };
    assert_eq!(queries.len(), 462);
    let bad = disagreements(&queries);
    println!(
        "reprise99: {}/{} agree",
        queries.len() - bad.len(),
        queries.len()
    );
    assert!(bad.is_empty(), "disagreements:\n{}", bad.join("\n"));
}

#[test]
fn dev_defender_gold_queries_all_parse() {
    let Some(queries) = dev_defender() else {
        return;
    };
    assert_eq!(queries.len(), 230);
    let bad = disagreements(&queries);
    println!(
        "dev-defender: {}/{} agree",
        queries.len() - bad.len(),
        queries.len()
    );
    assert!(bad.is_empty(), "disagreements:\n{}", bad.join("\n"));
}

/// Rebuilds a variant from its recorded edit of the original bytes.
fn apply_edit(bytes: &[u8], edit: &serde_json::Value) -> Vec<u8> {
    if let Some(n) = edit.get("truncate") {
        return bytes[..n.as_u64().unwrap() as usize].to_vec();
    }
    if let Some(d) = edit.get("delete") {
        let (s, e) = (
            d[0].as_u64().unwrap() as usize,
            d[1].as_u64().unwrap() as usize,
        );
        return [&bytes[..s], &bytes[e..]].concat();
    }
    let ins = &edit["insert"];
    let (p, text) = (ins[0].as_u64().unwrap() as usize, ins[1].as_str().unwrap());
    [&bytes[..p], text.as_bytes(), &bytes[p..]].concat()
}

#[test]
fn invalid_variants_match_reference_verdicts() {
    let (Some(corpus), Some(dev)) = (reprise99(), dev_defender()) else {
        return;
    };
    let recorded = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/oracle-variants.jsonl"
    );
    let mut total = 0;
    let mut invalid = 0;
    let mut bad = Vec::new();
    for line in std::fs::read_to_string(recorded).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = v["key"].as_str().unwrap();
        let set = if v["set"] == "corpus" { &corpus } else { &dev };
        let original = set
            .iter()
            .find(|q| q.key == key)
            .expect("variant source exists");
        let bytes = apply_edit(&original.bytes, &v["edit"]);
        let text = String::from_utf8_lossy(&bytes);
        let expected = v["valid"].as_bool().unwrap();
        total += 1;
        if !expected {
            invalid += 1;
        }
        let parsed = kql::parse(&text);
        if parsed.is_ok() != expected {
            bad.push(format!(
                "{key} {}: reference valid={expected}, ours {:?}",
                v["edit"],
                parsed.diagnostics.first()
            ));
        }
    }
    println!(
        "variants: {}/{total} agree ({invalid} invalid per the reference)",
        total - bad.len()
    );
    assert!(total > 2000);
    assert!(bad.is_empty(), "disagreements:\n{}", bad.join("\n"));
}
