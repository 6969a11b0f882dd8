//! The conversation: prompts and the Copilot's answers, announced to screen readers as a log.

use leptos::prelude::*;

use copilot::answer::{Answer, Block};

use crate::answering::Answering;
use crate::chunk;
use crate::chunks::{ChunkError, Chunked};
use crate::components::feedback::FeedbackBar;
use crate::components::result_table::ResultTableView;
use crate::state::{AppServices, KqlDraft, Transcript};

/// The transcript region (`role="log"`); each answer is an `article`.
#[component]
pub fn TranscriptView() -> impl IntoView {
    let Transcript(turns) = expect_context();
    let log = NodeRef::<leptos::html::Div>::new();
    // Bring each new answer into view; the log role announces it to screen readers.
    Effect::new(move |_| {
        let n = turns.with(Vec::len);
        if n > 0 {
            if let Some(last) = log
                .get()
                .and_then(|el| el.query_selector("article:last-of-type").ok().flatten())
            {
                last.scroll_into_view_with_bool(false);
            }
        }
    });
    view! {
        <div class="sc-transcript" role="log" aria-label="Copilot conversation" aria-live="polite" node_ref=log>
            <For
                each=move || turns.get().into_iter().enumerate()
                key=|(i, _)| *i
                children=move |(_, turn)| {
                    view! {
                        <p class="sc-prompt-echo">{turn.prompt.clone()}</p>
                        <Chunked what="the answer's view" load=move || {
                            let answer = turn.answer.clone();
                            async move { chunk!(answer_view(answer)) }
                        } />
                        <FeedbackBar answer_id=turn.id.clone() />
                    }
                }
            />
        </div>
    }
}

/// An answer's view. Lazy: its tables and charts are fetched (a chunk of the page's wasm) with the
/// first answer.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(answer_view, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn answer_view(answer: Answer) -> Result<AnyView, ChunkError> {
    Ok(view! { <AnswerView answer=answer /> }.into_any())
}

/// One answer, its blocks rendered as text.
#[component]
pub fn AnswerView(answer: Answer) -> impl IntoView {
    let label = answer.title.clone();
    let title = answer.title;
    view! {
        <article aria-label=label>
            <h3>{title}</h3>
            {
                // A table after a query that ends in `render` is drawn as that chart too.
                let mut chart = None;
                answer
                    .blocks
                    .into_iter()
                    .map(|b| match b {
                        Block::Table(t) => view! { <ResultTableView table=t chart=chart.take() /> }.into_any(),
                        b => {
                            if let Block::Kql(k) = &b {
                                chart = crate::results::chart::render_of(&k.query);
                            }
                            view! { <BlockView block=b /> }.into_any()
                        }
                    })
                    .collect_view()
            }
        </article>
    }
}

#[component]
fn BlockView(block: Block) -> impl IntoView {
    match block {
        Block::Text(t) => view! { <p>{t}</p> }.into_any(),
        Block::List(items) => {
            view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
                .into_any()
        }
        Block::Table(t) => view! { <ResultTableView table=t /> }.into_any(),
        Block::Error(e) => view! { <p class="sc-error" role="alert">{e}</p> }.into_any(),
        Block::Timeline(entries) => view! {
            <ol class="sc-timeline" aria-label="Timeline">
                {entries.into_iter().map(|e| view! {
                    <li><time>{copilot::evidence::display_time(e.time)}</time>" · "{e.source}": "{e.text}</li>
                }).collect_view()}
            </ol>
        }.into_any(),
        Block::Entities(assets) => view! {
            <ul class="sc-assets" aria-label="Entities">
                {assets.into_iter().map(|a| view! {
                    <li><strong>{a.kind.label()}": "</strong>{a.name}{a.detail.map(|d| format!(" ({d})"))}
                    {(a.alert_count > 0).then(|| format!(" · in {} alert{}", a.alert_count, if a.alert_count == 1 { "" } else { "s" }))}</li>
                }).collect_view()}
            </ul>
        }.into_any(),
        Block::Actions(cards) => view! {
            <ul class="sc-cards" aria-label="Suggested actions">
                {cards.into_iter().map(|c| view! {
                    <li class="sc-card"><p class="sc-muted">{c.category.label()}</p><h4>{c.title}</h4>
                    {c.target.map(|t| view! { <p><strong>"Target: "</strong>{t}</p> })}<p>{c.why}</p></li>
                }).collect_view()}
                <li class="sc-muted">"Open the incident's Guided response tab to act on these, with confirmation."</li>
            </ul>
        }.into_any(),
        Block::Suggestions(prompts) => {
            let services = expect_context::<AppServices>();
            view! {
                <ul class="sc-suggestions" aria-label="Suggested prompts">
                    {prompts.into_iter().map(|p| {
                        let services = services.clone();
                        let label = p.clone();
                        view! { <li><button class="sc-link" on:click=move |_| {
                            expect_context::<Answering>().start(&services, p.clone());
                        }>{label}</button></li> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }
        Block::Workspace(name) => view! { <p class="sc-muted">{format!("Workspace: {name}")}</p> }.into_any(),
        Block::Kql(k) => {
            let KqlDraft(draft) = expect_context();
            let query = k.query.clone();
            view! {
                <pre class="sc-code">{k.query.clone()}</pre>
                <ul class="sc-muted">{k.explanation.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                <button class="sc-secondary" on:click=move |_| draft.set(query.clone())>"Add to editor"</button>
            }
                .into_any()
        }
    }
}
