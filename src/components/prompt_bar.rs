//! The prompt bar: free text to the Copilot.

use leptos::prelude::*;

use crate::state::{ask, AppServices};

/// A textbox labelled "Ask Copilot" and a Send button; Enter sends, Shift+Enter adds a line.
#[component]
pub fn PromptBar() -> impl IntoView {
    let services = expect_context::<AppServices>();
    let text = RwSignal::new(String::new());
    // Earlier prompts, for Up/Down; `cursor` is the entry shown (len = the new prompt).
    let history = StoredValue::new(Vec::<String>::new());
    let cursor = StoredValue::new(0usize);
    let send = Action::new_local(move |prompt: &String| {
        let services = services.clone();
        let prompt = prompt.clone();
        async move { ask(&services, prompt).await }
    });
    let submit = move || {
        let prompt = text.get_untracked();
        if !prompt.trim().is_empty() && !send.pending().get_untracked() {
            history.update_value(|h| h.push(prompt.clone()));
            cursor.set_value(history.with_value(Vec::len));
            send.dispatch(prompt);
            text.set(String::new());
        }
    };

    view! {
        <form
            class="sc-prompt-bar"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <textarea
                aria-label="Ask Copilot"
                rows="2"
                placeholder="Ask about incidents, users, devices… e.g. incidents closed as false positive"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    match ev.key().as_str() {
                        "Enter" if !ev.shift_key() => {
                            ev.prevent_default();
                            submit();
                        }
                        // Prompt history, when the box holds a single line.
                        "ArrowUp" | "ArrowDown" if !text.get_untracked().contains('\n') => {
                            let len = history.with_value(Vec::len);
                            let at = cursor.get_value();
                            let next = if ev.key() == "ArrowUp" { at.saturating_sub(1) } else { (at + 1).min(len) };
                            if next != at {
                                ev.prevent_default();
                                cursor.set_value(next);
                                text.set(history.with_value(|h| h.get(next).cloned().unwrap_or_default()));
                            }
                        }
                        _ => {}
                    }
                }
            ></textarea>
            <button class="sc-primary" type="submit" disabled=move || send.pending().get()>
                "Send"
            </button>
        </form>
    }
}
