//! Parse arbitrary text, then format and re-parse anything that parsed: never a panic, and the
//! formatter's output must parse back to an equally valid query with a stable layout. The schema
//! checker runs on every input too, against a small catalog.

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
    for d in kql::check(source, catalog()) {
        assert!(
            d.span.start <= d.span.end && d.span.end <= source.len(),
            "check span out of range: {d}"
        );
    }
});

fn catalog() -> &'static kql::Catalog {
    use kql::{Column, DataType as T, TableSchema};
    static CATALOG: std::sync::OnceLock<kql::Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut c = kql::Catalog::new();
        c.add(TableSchema::new(
            "SecurityIncident",
            vec![
                Column::new("TimeGenerated", T::DateTime),
                Column::new("IncidentNumber", T::Int),
                Column::new("Title", T::String),
                Column::new("Severity", T::String),
                Column::new("Status", T::String),
                Column::new("Owner", T::Dynamic),
                Column::new("AlertIds", T::Dynamic),
            ],
        ));
        c.add(TableSchema::new(
            "SigninLogs",
            vec![
                Column::new("TimeGenerated", T::DateTime),
                Column::new("UserPrincipalName", T::String),
                Column::new("IPAddress", T::String),
                Column::new("ResultType", T::String),
                Column::new("DurationMs", T::Long),
                Column::new("RiskScore", T::Real),
                Column::new("SessionLength", T::TimeSpan),
            ],
        ));
        c
    })
}
