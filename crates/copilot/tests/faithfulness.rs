//! Faithfulness over the whole demo workspace: every user, host, IP address, time and count that
//! a summary, report or guided-response card states is found in that incident's data.

#[path = "experiences/common.rs"]
mod common;

use common::{all_evidence, all_incidents, demo};
use copilot::evidence::IncidentEvidence;
use copilot::faithfulness::unsupported_claims;
use copilot::guided_response::{guided_response, similar_among};
use copilot::report::incident_report;
use copilot::summary::summarize_incident;

fn check(label: &str, text: &str, ev: &IncidentEvidence, problems: &mut Vec<String>) {
    for p in unsupported_claims(text, ev) {
        problems.push(format!(
            "incident {} {label}: {p}\n    in: {text}",
            ev.number()
        ));
    }
}

#[test]
fn every_statement_is_found_in_the_incident_data() {
    let ws = demo();
    let incidents = all_incidents(ws);
    let mut problems = Vec::new();
    let mut checked = 0;
    for ev in all_evidence(ws) {
        let s = summarize_incident(&ev);
        for st in s.statements() {
            check("summary", &st, &ev, &mut problems);
            checked += 1;
        }
        let r = incident_report(&ev);
        check("report", &r.to_markdown(), &ev, &mut problems);
        for p in &r.executive.paragraphs {
            check("executive report", p, &ev, &mut problems);
        }
        let similar = similar_among(&ev.incident, &incidents);
        for c in guided_response(&ev, &[], None) {
            let text = format!(
                "{} {} {}",
                c.title,
                c.target.clone().unwrap_or_default(),
                c.why
            );
            check("card", &text, &ev, &mut problems);
            checked += 1;
        }
        // Similar incidents' facts come from those incidents, so only this incident's own cards
        // are checked above; the triage evidence must name only closed incidents that exist.
        for sim in &similar {
            assert!(incidents
                .iter()
                .any(|i| i.properties.incident_number == Some(sim.number)));
        }
    }
    assert!(checked > 300, "{checked}");
    assert!(
        problems.is_empty(),
        "{} unsupported claims:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checker_catches_invented_facts() {
    let ws = demo();
    let ev = all_evidence(ws).into_iter().next().unwrap();
    let n = ev.alerts.len();
    assert!(unsupported_claims(&format!("It has {n} alerts."), &ev).is_empty());
    assert_eq!(
        unsupported_claims(&format!("It has {} alerts.", n + 7), &ev).len(),
        1
    );
    assert_eq!(
        unsupported_claims(
            "Sign-in from 203.0.113.250 by eve@evil.example on XX-HOST-99.",
            &ev
        )
        .len(),
        3
    );
    assert_eq!(unsupported_claims("At 1999-01-01 00:00 UTC.", &ev).len(), 1);
}
