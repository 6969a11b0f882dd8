//! The incident pane: the selected incident, in tabs Summary / Guided response / Report.

use leptos::prelude::*;

use copilot::evidence::IncidentEvidence;

use crate::chunk;
use crate::chunks::{ChunkError, Chunked};
use crate::components::incident_tabs::{GuidedResponseTab, ReportTab, SummaryTab};
use crate::state::{
    focus_conversation, load_evidence, AppServices, IncidentList, SelectedIncident,
};
use crate::view_text::{
    format_opt_time, owner_label, severity_class, severity_label, status_label,
};

/// The tabs of the incident pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentTab {
    Summary,
    GuidedResponse,
    Report,
}

impl IncidentTab {
    const ALL: [IncidentTab; 3] = [
        IncidentTab::Summary,
        IncidentTab::GuidedResponse,
        IncidentTab::Report,
    ];

    fn label(self) -> &'static str {
        match self {
            IncidentTab::Summary => "Summary",
            IncidentTab::GuidedResponse => "Guided response",
            IncidentTab::Report => "Report",
        }
    }

    fn id(self) -> &'static str {
        match self {
            IncidentTab::Summary => "summary",
            IncidentTab::GuidedResponse => "guided-response",
            IncidentTab::Report => "report",
        }
    }
}

/// The selected incident, or a hint to select one.
#[component]
pub fn IncidentPane() -> impl IntoView {
    let IncidentList(incidents) = expect_context();
    let SelectedIncident(selected) = expect_context();
    let tab = RwSignal::new(IncidentTab::Summary);
    let tabs_id = crate::ids::unique_id("sc-incident");

    let incident = Memo::new(move |_| {
        let name = selected.get()?;
        incidents.with(|list| list.iter().find(|i| i.name == name).cloned())
    });
    let services = expect_context::<AppServices>();
    {
        let services = services.clone();
        Effect::new(move |_| {
            if let Some(i) = incident.get() {
                focus_conversation(&services, &i);
            }
        });
    }
    // The evidence is gathered again whenever the incident changes (a new etag).
    let evidence_res = LocalResource::new(move || {
        let key = incident.get().map(|i| (i.name.clone(), i.etag.clone()));
        let services = services.clone();
        async move {
            let (name, _) = key?;
            Some(load_evidence(&services, &name).await)
        }
    });

    view! {
        <section class="sc-panel sc-incident" aria-label="Incident">
            {move || match incident.get() {
                None => {
                    view! { <p class="sc-muted">"Select an incident in the queue to see its summary, guided response and report."</p> }
                        .into_any()
                }
                Some(inc) => {
                    let p = inc.properties.clone();
                    view! {
                        <h2>{format!("Incident #{}: {}", p.incident_number.unwrap_or_default(), p.title)}</h2>
                        <div class="sc-tabs" role="tablist" aria-label="Incident views">
                            {IncidentTab::ALL
                                .into_iter()
                                .map(|t| {
                                    view! {
                                        <button
                                            role="tab"
                                            id=format!("{tabs_id}-tab-{}", t.id())
                                            aria-controls=format!("{tabs_id}-panel-{}", t.id())
                                            aria-selected=move || (tab.get() == t).to_string()
                                            tabindex=move || if tab.get() == t { "0" } else { "-1" }
                                            on:click=move |_| tab.set(t)
                                        >
                                            {t.label()}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                        <div
                            role="tabpanel"
                            id=move || format!("{tabs_id}-panel-{}", tab.get().id())
                            aria-labelledby=move || format!("{tabs_id}-tab-{}", tab.get().id())
                        >
                            <dl class="sc-fields">
                                <dt>"Severity"</dt>
                                <dd class=format!("sc-sev {}", severity_class(&p.severity))>{severity_label(&p.severity)}</dd>
                                <dt>"Status"</dt>
                                <dd>{status_label(&p.status)}</dd>
                                <dt>"Owner"</dt>
                                <dd>{owner_label(p.owner.as_ref())}</dd>
                                <dt>"Created"</dt>
                                <dd>{format_opt_time(p.created_time_utc.as_deref())}</dd>
                                <dt>"Classification"</dt>
                                <dd>{classification_text(&p)}</dd>
                            </dl>
                            <Transition fallback=|| view! { <p class="sc-muted" role="status">"Gathering the incident's alerts, entities and logs…"</p> }>
                                {move || evidence_res.get().flatten().map(|result| match result {
                                    Err(e) => view! { <p class="sc-error" role="alert">{e}</p> }.into_any(),
                                    Ok(ev) => {
                                        let tab = tab.get();
                                        let load = move || {
                                            let ev = ev.clone();
                                            async move { chunk!(tab_view(tab, ev)) }
                                        };
                                        view! { <Chunked what="the incident's tabs" load=load /> }.into_any()
                                    }
                                })}
                            </Transition>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The view of one tab. Lazy: the summary, guided response and report code is fetched (a chunk of
/// the page's wasm) when an incident is first opened.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(tab_view, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn tab_view(tab: IncidentTab, evidence: IncidentEvidence) -> Result<AnyView, ChunkError> {
    Ok(match tab {
        IncidentTab::Summary => view! { <SummaryTab evidence=evidence /> }.into_any(),
        IncidentTab::GuidedResponse => view! { <GuidedResponseTab evidence=evidence /> }.into_any(),
        IncidentTab::Report => view! { <ReportTab evidence=evidence /> }.into_any(),
    })
}

/// "FalsePositive (IncorrectAlertLogic): comment", or "Not classified".
fn classification_text(p: &sentinel::IncidentProperties) -> String {
    let Some(c) = p.classification else {
        return "Not classified".into();
    };
    let mut out = c.as_str().to_string();
    if let Some(r) = p.classification_reason {
        out.push_str(&format!(" ({})", r.as_str()));
    }
    if let Some(comment) = p
        .classification_comment
        .as_deref()
        .filter(|c| !c.is_empty())
    {
        out.push_str(": ");
        out.push_str(comment);
    }
    out
}
