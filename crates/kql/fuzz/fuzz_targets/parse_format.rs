//! Parse arbitrary text, then format and re-parse anything that parsed: never a panic, and the
//! formatter's output must parse back to an equally valid query with a stable layout.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = kql::parse(source);
    for d in &parsed.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= source.len(),
            "span out of range: {d}"
        );
    }
    if parsed.is_ok() {
        let once = kql::format(&parsed.query);
        let again = kql::parse(&once);
        assert!(
            again.is_ok(),
            "formatted query does not parse:\n{once}\n{:?}",
            again.diagnostics
        );
        let twice = kql::format(&again.query);
        assert_eq!(once, twice, "formatting is not stable");
    }
    let _ = kql::parse_expression(source);
});
