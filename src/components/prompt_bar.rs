//! The prompt bar: free text to the Copilot.

use leptos::prelude::*;

use crate::answering::Answering;
use crate::state::AppServices;

/// After this long, a running answer shows its elapsed time and a Stop button.
const SHOW_PROGRESS_AFTER_MS: f64 = 200.0;

/// A textbox labelled "Ask Copilot" and a Send button; Enter sends, Shift+Enter adds a line.
/// While an answer takes longer than 200 ms, its elapsed time and a Stop button show (Escape
/// stops it too).
#[component]
pub fn PromptBar() -> impl IntoView {
    let services = expect_context::<AppServices>();
    let answering = expect_context::<Answering>();
    let text = RwSignal::new(String::new());
    // The caret goes to the prompt box when the panel opens, so the analyst can type at once
    // (unless the host page keeps the focus: `focusOnOpen: false`).
    let input = NodeRef::<leptos::html::Textarea>::new();
    let focus_on_open = use_context::<crate::embed::EmbedOptions>().is_none_or(|e| e.focus_on_open);
    Effect::new(move |_| {
        if let Some(el) = input.get().filter(|_| focus_on_open) {
            let _ = el.focus();
        }
    });
    // Earlier prompts, for Up/Down; `cursor` is the entry shown (len = the new prompt).
    let history = StoredValue::new(Vec::<String>::new());
    let cursor = StoredValue::new(0usize);
    let submit = {
        let services = services.clone();
        Callback::new(move |()| {
            let prompt = text.get_untracked();
            if answering.start(&services, prompt.clone()) {
                history.update_value(|h| h.push(prompt));
                cursor.set_value(history.with_value(Vec::len));
                text.set(String::new());
            }
        })
    };
    // Elapsed time of the running answer, ticking while it runs.
    let elapsed_ms = RwSignal::new(0.0);
    let ticker = StoredValue::new_local(None::<gloo_timers::callback::Interval>);
    Effect::new(move |_| {
        if answering.busy() {
            let tick = move || {
                elapsed_ms.set(crate::browser::now_ms() - answering.started_ms.get_untracked())
            };
            tick();
            ticker.set_value(Some(gloo_timers::callback::Interval::new(100, tick)));
        } else {
            ticker.set_value(None);
            elapsed_ms.set(0.0);
        }
    });
    let slow = move || answering.busy() && elapsed_ms.get() >= SHOW_PROGRESS_AFTER_MS;
    // When an answer arrives (announced by the log and the status line), the caret goes back to
    // the prompt box if the analyst's focus was on this bar (the Send or Stop button, disabled or
    // hidden meanwhile) or was lost; never away from something else they moved to.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |was_busy: Option<bool>| {
        let busy = answering.busy();
        if was_busy == Some(true) && !busy {
            if let (Some(form), Some(input)) = (form.get_untracked(), input.get_untracked()) {
                if crate::browser::focus_is_lost_or_within(&form) {
                    let _ = input.focus();
                }
            }
        }
        busy
    });

    view! {
        <form
            node_ref=form
            class="sc-prompt-bar"
            on:submit=move |ev| {
                ev.prevent_default();
                submit.run(());
            }
        >
            <textarea
                node_ref=input
                aria-label="Ask Copilot"
                rows="2"
                placeholder="Ask about incidents, users, devices… e.g. incidents closed as false positive"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    crate::state::preload_answering();
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    match ev.key().as_str() {
                        "Enter" if !ev.shift_key() => {
                            ev.prevent_default();
                            submit.run(());
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
            <button class="sc-primary" type="submit" disabled=move || answering.busy()>
                "Send"
            </button>
            <div class="sc-progress" hidden=move || !slow()>
                <span class="sc-spinner" aria-hidden="true"></span>
                <span>{move || format!("Working… {:.1} s", elapsed_ms.get() / 1000.0)}</span>
                <button type="button" class="sc-secondary" on:click=move |_| { answering.stop(&services); }>
                    "Stop"
                </button>
            </div>
        </form>
    }
}
