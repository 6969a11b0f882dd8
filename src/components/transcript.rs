//! The conversation: prompts and the Copilot's answers, announced to screen readers as a log.

use leptos::prelude::*;

use copilot::answer::{Answer, Block};

use crate::components::result_table::ResultTableView;
use crate::state::{KqlDraft, Transcript};

/// The transcript region (`role="log"`); each answer is an `article`.
#[component]
pub fn TranscriptView() -> impl IntoView {
    let Transcript(turns) = expect_context();
    view! {
        <div class="sc-transcript" role="log" aria-label="Copilot conversation" aria-live="polite">
            <For
                each=move || turns.get().into_iter().enumerate()
                key=|(i, _)| *i
                children=move |(_, turn)| {
                    view! {
                        <p class="sc-prompt-echo">{turn.prompt.clone()}</p>
                        <AnswerView answer=turn.answer.clone() />
                    }
                }
            />
        </div>
    }
}

/// One answer, its blocks rendered as text.
#[component]
pub fn AnswerView(answer: Answer) -> impl IntoView {
    let label = answer.title.clone();
    let title = answer.title;
    view! {
        <article aria-label=label>
            <h3>{title}</h3>
            {answer.blocks.into_iter().map(|b| view! { <BlockView block=b /> }).collect_view()}
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
