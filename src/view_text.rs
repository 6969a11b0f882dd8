//! How incident fields read in the panel: plain functions, tested natively.

use sentinel::time::parse_datetime;
use sentinel::{IncidentOwner, IncidentSeverity, IncidentStatus};

/// "High", "Medium", "Low", "Informational".
pub fn severity_label(s: &IncidentSeverity) -> &'static str {
    s.as_str()
}

/// The CSS class that colours a severity.
pub fn severity_class(s: &IncidentSeverity) -> &'static str {
    match s {
        IncidentSeverity::High => "sc-sev-high",
        IncidentSeverity::Medium => "sc-sev-medium",
        IncidentSeverity::Low => "sc-sev-low",
        IncidentSeverity::Informational => "sc-sev-informational",
    }
}

/// "New", "Active", "Closed".
pub fn status_label(s: &IncidentStatus) -> &'static str {
    s.as_str()
}

/// Who the incident is assigned to, or "Unassigned".
pub fn owner_label(owner: Option<&IncidentOwner>) -> String {
    owner
        .filter(|o| !o.is_unassigned())
        .and_then(|o| {
            o.assigned_to
                .clone()
                .or_else(|| o.user_principal_name.clone())
                .or_else(|| o.email.clone())
        })
        .unwrap_or_else(|| "Unassigned".into())
}

/// An API timestamp as the analyst reads it: `2026-11-27 04:12 UTC`; unparseable text is shown as is.
pub fn format_time(iso: &str) -> String {
    match parse_datetime(iso) {
        Some(_) if iso.len() >= 16 => format!("{} {} UTC", &iso[..10], &iso[11..16]),
        _ => iso.to_string(),
    }
}

/// An optional API timestamp; empty when absent.
pub fn format_opt_time(iso: Option<&str>) -> String {
    iso.map(format_time).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_minutes() {
        assert_eq!(
            format_time("2026-11-27T04:12:33.1234567Z"),
            "2026-11-27 04:12 UTC"
        );
        assert_eq!(format_time("not a time"), "not a time");
        assert_eq!(format_opt_time(None), "");
    }

    #[test]
    fn unassigned_owner() {
        assert_eq!(owner_label(None), "Unassigned");
        let o = IncidentOwner {
            assigned_to: Some("Ana Analyst".into()),
            ..Default::default()
        };
        assert_eq!(owner_label(Some(&o)), "Ana Analyst");
    }
}
