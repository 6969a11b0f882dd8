//! The prompt bar: free text to the Copilot.

use leptos::prelude::*;

use crate::state::{ask, AppServices};

/// A textbox labelled "Ask Copilot" and a Send button; Enter sends, Shift+Enter adds a line.
#[component]
pub fn PromptBar() -> impl IntoView {
    let services = expect_context::<AppServices>();
    let text = RwSignal::new(String::new());
    let send = Action::new_local(move |prompt: &String| {
        let services = services.clone();
        let prompt = prompt.clone();
        async move { ask(&services, prompt).await }
    });
    let submit = move || {
        let prompt = text.get_untracked();
        if !prompt.trim().is_empty() && !send.pending().get_untracked() {
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
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        submit();
                    }
                }
            ></textarea>
            <button class="sc-primary" type="submit" disabled=move || send.pending().get()>
                "Send"
            </button>
        </form>
    }
}
