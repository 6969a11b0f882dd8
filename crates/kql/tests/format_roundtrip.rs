//! Formatter properties over the whole corpus: formatting is stable, re-parses cleanly, and gives
//! back the same tree (spans aside).

mod corpus_common;
use corpus_common::*;

fn check_round_trip(key: &str, source: &str) -> Result<(), String> {
    let parsed = kql::parse(source);
    if !parsed.is_ok() {
        return Ok(());
    }
    let once = kql::format(&parsed.query);
    let reparsed = kql::parse(&once);
    if !reparsed.is_ok() {
        return Err(format!(
            "{key}: formatted text does not parse: {:?}\n{once}",
            reparsed.diagnostics
        ));
    }
    let a = without_spans(&format!("{:?}", parsed.query.statements));
    let b = without_spans(&format!("{:?}", reparsed.query.statements));
    if a != b {
        return Err(format!(
            "{key}: tree changed after formatting\n{once}\n--- before\n{a}\n--- after\n{b}"
        ));
    }
    let twice = kql::format(&reparsed.query);
    if once != twice {
        return Err(format!(
            "{key}: formatting is not stable\n{once}\n---\n{twice}"
        ));
    }
    Ok(())
}

#[test]
fn corpus_round_trips_through_the_formatter() {
    let Some(mut queries) = reprise99() else {
        return;
    };
    queries.extend(dev_defender().unwrap_or_default());
    let mut failures = Vec::new();
    let mut checked = 0;
    for q in &queries {
        if q.valid {
            checked += 1;
        }
        if let Err(e) = check_round_trip(&q.key, &q.text()) {
            failures.push(e);
        }
    }
    println!("round-tripped {checked} queries");
    assert!(
        failures.is_empty(),
        "{} failures, first:\n{}",
        failures.len(),
        failures[0]
    );
}
