//! Feedback on an answer: Looks right / Needs improvement / Inappropriate, with a comment. Kept in
//! localStorage across reloads, exportable as JSON lines, and posted to the configured URL if any.

use leptos::prelude::*;

use copilot::feedback::{from_json_lines, to_json_lines, Feedback, Verdict};

use crate::state::now_ticks;

const STORAGE_KEY: &str = "sentinel-copilot.feedback";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Every feedback given in this browser, oldest first.
pub fn stored_feedback() -> Vec<Feedback> {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|t| from_json_lines(&t).ok())
        .unwrap_or_default()
}

fn store(all: &[Feedback]) -> Result<(), String> {
    let s = storage().ok_or("this browser does not allow saving feedback")?;
    s.set_item(STORAGE_KEY, &to_json_lines(all))
        .map_err(|_| "the feedback could not be saved".to_string())
}

/// The feedback controls under an answer.
#[component]
pub fn FeedbackBar(answer_id: String) -> impl IntoView {
    let existing = stored_feedback()
        .into_iter()
        .rev()
        .find(|f| f.answer_id == answer_id);
    let verdict = RwSignal::new(existing.as_ref().map(|f| f.verdict));
    let comment = RwSignal::new(existing.and_then(|f| f.comment).unwrap_or_default());
    let message = RwSignal::new(None::<Result<String, String>>);
    let id = StoredValue::new(answer_id);

    let save = move |v: Verdict| {
        verdict.set(Some(v));
        let fb = Feedback::new(
            id.get_value(),
            v,
            Some(comment.get_untracked()),
            now_ticks(),
        );
        let mut all = stored_feedback();
        all.retain(|f| f.answer_id != fb.answer_id);
        all.push(fb.clone());
        // The comment stays in the box whatever happens, so nothing typed is lost.
        message.set(Some(store(&all).map(|_| "Thanks — feedback saved.".into())));
        post_if_configured(fb, message);
    };
    let button = move |v: Verdict, label: &'static str| {
        view! {
            <button
                class="sc-secondary"
                aria-pressed=move || (verdict.get() == Some(v)).to_string()
                on:click=move |_| save(v)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="sc-feedback" role="group" aria-label="Feedback on this answer">
            {button(Verdict::LooksRight, "Looks right")}
            {button(Verdict::NeedsImprovement, "Needs improvement")}
            {button(Verdict::Inappropriate, "Inappropriate")}
            <input
                type="text"
                aria-label="Feedback comment"
                placeholder="Comment (optional)"
                prop:value=move || comment.get()
                on:input=move |ev| comment.set(event_target_value(&ev))
            />
            {move || message.get().map(|r| match r {
                Ok(m) => view! { <span role="status" class="sc-muted">{m}</span> }.into_any(),
                Err(e) => view! { <span role="alert" class="sc-error">{e}</span> }.into_any(),
            })}
        </div>
    }
}

fn post_if_configured(fb: Feedback, message: RwSignal<Option<Result<String, String>>>) {
    let Some(url) = crate::settings_store::saved().and_then(|s| s.feedback_url) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let sent = gloo_net::http::Request::post(&url)
            .json(&fb)
            .map_err(|e| e.to_string());
        let result = match sent {
            Ok(req) => req.send().await.map_err(|e| e.to_string()).and_then(|r| {
                if r.ok() {
                    Ok(())
                } else {
                    Err(format!("HTTP {}", r.status()))
                }
            }),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            message.set(Some(Err(format!(
                "Saved here, but posting to {url} failed: {e}"
            ))));
        }
    });
}

/// All feedback as JSON lines, for export.
pub fn feedback_json_lines() -> String {
    to_json_lines(&stored_feedback())
}
