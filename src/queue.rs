//! The incident queue's logic: rows as the analyst sees them, and their sort orders.

use sentinel::time::parse_datetime;
use sentinel::Incident;

/// How the incident queue is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueOrder {
    /// Highest severity first, newest first within a severity.
    Severity,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

impl QueueOrder {
    /// Every order, for the sort control.
    pub const ALL: [QueueOrder; 3] = [QueueOrder::Severity, QueueOrder::Newest, QueueOrder::Oldest];

    /// The label of the sort control.
    pub fn label(self) -> &'static str {
        match self {
            QueueOrder::Severity => "Severity",
            QueueOrder::Newest => "Newest",
            QueueOrder::Oldest => "Oldest",
        }
    }
}

/// Sorts incidents in place; ties fall back to the incident number, so the order is total.
pub fn sort_incidents(incidents: &mut [Incident], order: QueueOrder) {
    incidents.sort_by(|a, b| {
        let (pa, pb) = (&a.properties, &b.properties);
        let created = |p: &sentinel::IncidentProperties| {
            p.created_time_utc.as_deref().and_then(parse_datetime)
        };
        let by_time = created(pa).cmp(&created(pb));
        let primary = match order {
            QueueOrder::Severity => pb
                .severity
                .rank()
                .cmp(&pa.severity.rank())
                .then(by_time.reverse()),
            QueueOrder::Newest => by_time.reverse(),
            QueueOrder::Oldest => by_time,
        };
        primary.then_with(|| pb.incident_number.cmp(&pa.incident_number))
    });
}
