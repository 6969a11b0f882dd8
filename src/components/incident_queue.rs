//! The incident queue: the workspace's incidents, sortable by severity and time.

use leptos::prelude::*;

use crate::queue::{sort_incidents, QueueOrder};
use crate::state::{IncidentList, SelectedIncident};
use crate::view_text::{
    format_opt_time, owner_label, severity_class, severity_label, status_label,
};

/// The list of incidents labelled "Incidents"; selecting one focuses the incident pane on it.
#[component]
pub fn IncidentQueue() -> impl IntoView {
    let IncidentList(incidents) = expect_context();
    let SelectedIncident(selected) = expect_context();
    let order = RwSignal::new(QueueOrder::Severity);
    let heading_id = crate::ids::unique_id("sc-queue-heading");

    let sorted = Memo::new(move |_| {
        let mut list = incidents.get();
        sort_incidents(&mut list, order.get());
        list
    });

    view! {
        <section class="sc-panel sc-queue" aria-labelledby=heading_id.to_string()>
            <div class="sc-queue-toolbar">
                <h2 id=heading_id.to_string()>"Incidents"</h2>
                <label class="sc-muted">
                    "Sort by "
                    <select
                        aria-label="Sort incidents by"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(o) = QueueOrder::ALL.into_iter().find(|o| o.label() == v) {
                                order.set(o);
                            }
                        }
                    >
                        {QueueOrder::ALL
                            .into_iter()
                            .map(|o| view! { <option value=o.label()>{o.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <ul aria-label="Incidents">
                <For
                    each=move || sorted.get()
                    key=|i| (i.name.clone(), i.etag.clone())
                    children=move |incident| {
                        let name = incident.name.clone();
                        let p = incident.properties;
                        let is_current = {
                            let name = name.clone();
                            move || selected.get().as_deref() == Some(name.as_str())
                        };
                        view! {
                            <li>
                                <button
                                    class="sc-incident-button"
                                    aria-current=move || if is_current() { "true" } else { "false" }
                                    on:click=move |_| selected.set(Some(name.clone()))
                                >
                                    <span class=format!("sc-sev {}", severity_class(&p.severity))>
                                        {severity_label(&p.severity)}
                                    </span>
                                    <span class="sc-incident-title">
                                        {format!("#{} {}", p.incident_number.unwrap_or_default(), p.title)}
                                    </span>
                                    <span class="sc-meta">
                                        {format!(
                                            "{} · {} · {}",
                                            status_label(&p.status),
                                            owner_label(p.owner.as_ref()),
                                            format_opt_time(p.created_time_utc.as_deref()),
                                        )}
                                    </span>
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}
