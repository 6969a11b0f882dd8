//! The incident pane's tabs: Summary, Guided response and Report, built by `copilot` from the
//! incident's evidence and rendered as text.

use leptos::prelude::*;

use copilot::evidence::IncidentEvidence;
use copilot::guided_response::{
    filter_cards, guided_response, similar_among, CardAction, CardCategory, CardStatus,
    GuidedResponseCard,
};
use copilot::report::{executive_report, incident_report};
use copilot::summary::summarize_incident;

use crate::answering::Answering;
use crate::browser::{copy_text, download};
use crate::components::transcript::AnswerView;
use crate::state::{me, refresh_incidents, AppServices, IncidentList, KqlDraft};

/// The incident summary, with regenerate and copy.
#[component]
pub fn SummaryTab(evidence: IncidentEvidence) -> impl IntoView {
    let services = expect_context::<AppServices>();
    let summary = summarize_incident(&evidence);
    let text = summary.statements().join("\n");
    let answer = summary.to_answer();
    let status = RwSignal::new(String::new());
    let follow_ups = summary.follow_ups.clone();
    view! {
        <div class="sc-toolbar">
            <button class="sc-secondary" on:click=move |_| {
                let text = text.clone();
                leptos::task::spawn_local(async move {
                    status.set(match copy_text(&text).await { Ok(()) => "Summary copied.".into(), Err(e) => e });
                });
            }>"Copy"</button>
            <button class="sc-secondary" on:click={
                let services = services.clone();
                move |_| refresh_incidents(&services)
            }>"Regenerate"</button>
            <span role="status" class="sc-muted">{move || status.get()}</span>
        </div>
        <AnswerView answer=answer />
        <h4>"Ask next"</h4>
        <ul class="sc-suggestions">
            {follow_ups
                .into_iter()
                .map(|prompt| {
                    let services = services.clone();
                    let label = prompt.clone();
                    view! {
                        <li><button class="sc-link" on:click=move |_| {
                            expect_context::<Answering>().start(&services, prompt.clone());
                        }>{label}</button></li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Guided response cards, filterable, with confirmation before anything changes.
#[component]
pub fn GuidedResponseTab(evidence: IncidentEvidence) -> impl IntoView {
    let services = expect_context::<AppServices>();
    let IncidentList(incidents) = expect_context();
    let similar = incidents.with_untracked(|all| similar_among(&evidence.incident, all));
    let cards = RwSignal::new(guided_response(&evidence, &similar, me(&services).as_ref()));
    let category = RwSignal::new(None::<CardCategory>);
    let status = RwSignal::new(None::<CardStatus>);
    let incident = StoredValue::new(evidence.incident.clone());

    let shown = move || {
        cards.with(|all| {
            filter_cards(all, category.get(), status.get())
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="sc-toolbar">
            <label>"Category "
                <select aria-label="Filter cards by category" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    category.set(CATEGORIES.into_iter().find(|c| c.label() == v));
                }>
                    <option value="">"All"</option>
                    {CATEGORIES.into_iter().map(|c| view! { <option value=c.label()>{c.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Status "
                <select aria-label="Filter cards by status" on:change=move |ev| {
                    status.set(match event_target_value(&ev).as_str() {
                        "Open" => Some(CardStatus::Open),
                        "Done" => Some(CardStatus::Done),
                        _ => None,
                    });
                }>
                    <option value="">"All"</option>
                    <option value="Open">"Open"</option>
                    <option value="Done">"Done"</option>
                </select>
            </label>
        </div>
        <ul class="sc-cards" aria-label="Guided response">
            <For each=shown key=|c| (c.id.clone(), c.status == CardStatus::Done) children=move |card| {
                view! { <CardView card=card cards=cards incident=incident /> }
            } />
        </ul>
    }
}

const CATEGORIES: [CardCategory; 4] = [
    CardCategory::Triage,
    CardCategory::Containment,
    CardCategory::Investigation,
    CardCategory::Remediation,
];

#[component]
fn CardView(
    card: GuidedResponseCard,
    cards: RwSignal<Vec<GuidedResponseCard>>,
    incident: StoredValue<sentinel::Incident>,
) -> impl IntoView {
    let services = expect_context::<AppServices>();
    let KqlDraft(draft) = expect_context();
    let confirming = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<String, String>>);
    let done = card.status == CardStatus::Done;
    let id = card.id.clone();
    let action = StoredValue::new(card.action.clone());
    let heading_id = crate::ids::unique_id("sc-card").to_string();
    let heading_ref = heading_id.clone();

    // The host page, read here: the action runs in a task, outside the component's context.
    let embed = use_context::<crate::embed::EmbedOptions>();

    let run = {
        let services = services.clone();
        let id = id.clone();
        move || {
            let services = services.clone();
            let id = id.clone();
            let inc = incident.get_value();
            let embed = embed.clone();
            leptos::task::spawn_local(async move {
                let outcome =
                    run_card_action(&services, embed.as_ref(), &inc, action.get_value()).await;
                if outcome.is_ok() {
                    cards.update(|all| {
                        copilot::guided_response::mark_done(all, &id);
                    });
                }
                result.set(Some(outcome));
            });
        }
    };
    let act = {
        let run = run.clone();
        move |_| match action.get_value() {
            CardAction::Hunt(k) => {
                draft.set(k.query);
                result.set(Some(Ok("The query is in the KQL editor.".into())));
            }
            a if a.needs_confirmation() => confirming.set(true),
            _ => run(),
        }
    };
    let action_label = match &card.action {
        CardAction::Sentinel(_) => "Apply…",
        CardAction::Host(_) => "Hand to portal…",
        CardAction::Hunt(_) => "Open in KQL editor",
    };
    let confirm_text = match &card.action {
        CardAction::Sentinel(a) => a.confirm_text.clone(),
        CardAction::Host(h) => format!(
            "Ask the portal to {} and copy the steps?",
            h.event
                .trim_start_matches("sentinel-copilot:")
                .replace('-', " ")
        ),
        CardAction::Hunt(_) => String::new(),
    };
    view! {
        <li class="sc-card" aria-labelledby=heading_ref>
            <p class="sc-muted">{format!("{} · {}", card.category.label(), if done { "Done" } else { "Open" })}</p>
            <h4 id=heading_id>{card.title.clone()}</h4>
            {card.target.clone().map(|t| view! { <p><strong>"Target: "</strong>{t}</p> })}
            <p>{card.why.clone()}</p>
            {(!card.evidence.is_empty()).then(|| view! {
                <ul class="sc-muted">{card.evidence.clone().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            })}
            {(!done).then(|| view! { <button class="sc-secondary" on:click=act.clone()>{action_label}</button> })}
            <Show when=move || confirming.get()>
                <div class="sc-confirm" role="alertdialog" aria-label="Confirm action">
                    <p>{confirm_text.clone()}</p>
                    <button class="sc-primary" on:click={
                        let run = run.clone();
                        move |_| { confirming.set(false); run(); }
                    }>"Confirm"</button>
                    <button class="sc-secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                </div>
            </Show>
            {move || result.get().map(|r| match r {
                Ok(m) => view! { <p role="status">{m}</p> }.into_any(),
                Err(e) => view! { <p class="sc-error" role="alert">{e}</p> }.into_any(),
            })}
        </li>
    }
}

/// Carries out a confirmed card action: Sentinel changes with the incident's etag; host actions
/// as an event to the embedding page plus the steps on the clipboard.
async fn run_card_action(
    services: &AppServices,
    embed: Option<&crate::embed::EmbedOptions>,
    incident: &sentinel::Incident,
    action: CardAction,
) -> Result<String, String> {
    let ws = services.workspace();
    match action {
        CardAction::Sentinel(a) => {
            let mut done = Vec::new();
            if let Some(mut update) = a.update {
                update.etag = incident.etag.clone();
                let updated = ws
                    .update_incident(&incident.name, &update)
                    .await
                    .map_err(|e| e.to_string())?;
                done.push(format!(
                    "Incident is now {}.",
                    updated.properties.status.as_str()
                ));
            }
            if let Some(comment) = a.comment {
                ws.add_comment(&incident.name, &comment)
                    .await
                    .map_err(|e| e.to_string())?;
                done.push("Comment added.".into());
            }
            refresh_incidents(services);
            Ok(done.join(" "))
        }
        CardAction::Host(h) => {
            if let Some(embed) = embed {
                embed.emit("host-action", &serde_json::json!({
                    "action": h.event, "payload": h.payload, "incident": incident.name, "instructions": h.instructions,
                }));
            }
            let steps = h.instructions.join("\n");
            match copy_text(&steps).await {
                Ok(()) => Ok("Handed to the portal; the steps are on the clipboard.".into()),
                Err(_) => Ok(format!("Handed to the portal. Steps:\n{steps}")),
            }
        }
        CardAction::Hunt(k) => Ok(k.query),
    }
}

/// The incident report (and its executive version): copy, post as a comment, export.
#[component]
pub fn ReportTab(evidence: IncidentEvidence) -> impl IntoView {
    let services = expect_context::<AppServices>();
    let executive = RwSignal::new(false);
    let report = StoredValue::new(incident_report(&evidence));
    let exec = StoredValue::new(executive_report(&evidence));
    let number = evidence.number();
    let name = evidence.incident.name.clone();
    let status = RwSignal::new(None::<Result<String, String>>);
    let markdown = move || {
        if executive.get() {
            exec.with_value(|r| r.to_markdown())
        } else {
            report.with_value(|r| r.to_markdown())
        }
    };

    let post = Action::new_local(move |text: &String| {
        let services = services.clone();
        let name = name.clone();
        let text = text.clone();
        async move {
            let ws = services.workspace();
            ws.add_comment(&name, &text)
                .await
                .map(|_| "Posted to the incident as a comment.".to_string())
                .map_err(|e| e.to_string())
        }
    });
    Effect::new(move |_| {
        if let Some(r) = post.value().get() {
            status.set(Some(r));
        }
    });
    view! {
        <div class="sc-toolbar">
            <label><input type="checkbox" on:change=move |ev| executive.set(event_target_checked(&ev)) />" Executive version"</label>
            <button class="sc-secondary" on:click=move |_| {
                let text = markdown();
                leptos::task::spawn_local(async move {
                    status.set(Some(copy_text(&text).await.map(|_| "Report copied.".into())));
                });
            }>"Copy"</button>
            <button class="sc-secondary" disabled=move || post.pending().get() on:click=move |_| { post.dispatch(markdown()); }>"Post as comment"</button>
            <button class="sc-secondary" on:click=move |_| {
                status.set(Some(download(&format!("incident-{number}-report.md"), "text/markdown", &markdown()).map(|_| "Exported.".into())));
            }>"Export Markdown"</button>
            <button class="sc-secondary" on:click=move |_| {
                let html = report.with_value(|r| r.to_printable_html());
                status.set(Some(download(&format!("incident-{number}-report.html"), "text/html", &html).map(|_| "Exported; open it and print to PDF.".into())));
            }>"Export printable HTML"</button>
        </div>
        {move || status.get().map(|r| match r {
            Ok(m) => view! { <p role="status">{m}</p> }.into_any(),
            Err(e) => view! { <p class="sc-error" role="alert">{e}</p> }.into_any(),
        })}
        {move || if executive.get() {
            view! { <AnswerView answer=exec.with_value(|r| r.to_answer()) /> }.into_any()
        } else {
            view! { <AnswerView answer=report.with_value(|r| r.to_answer()) /> }.into_any()
        }}
    }
}
