//! The KQL editor: a plain textarea over a highlighted copy of its text, with completion and
//! diagnostics checked against the catalog as the analyst types.

use leptos::html;
use leptos::prelude::*;

use kql::complete::{complete, Completion};
use kql::Catalog;

use crate::kql_editing::{
    apply_completion, byte_offset, diagnose, line_and_column, opens_completion, utf16_offset,
};

/// How long typing must pause before the query is checked again.
const CHECK_DELAY_MS: u32 = 150;

/// At most this many completion items are shown.
const SHOWN_ITEMS: usize = 12;

/// The editor for `text`. `on_run` gets the query on Ctrl+Enter; `catalog` is what names are
/// checked and completed against.
#[component]
pub fn KqlEditor(
    text: RwSignal<String>,
    catalog: Signal<Catalog>,
    on_run: Callback<String>,
) -> impl IntoView {
    let id = crate::ids::unique_id("sc-kql-editor");
    let input = NodeRef::<html::Textarea>::new();
    let highlight_layer = NodeRef::<html::Pre>::new();
    let list_id = format!("{id}-completions");
    let problems_id = format!("{id}-problems");

    // Checked text lags typing by CHECK_DELAY_MS, so a long query does not re-check per key.
    let checked = RwSignal::new(text.get_untracked());
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    Effect::new(move |_| {
        let current = text.get();
        let delay = if checked.get_untracked().is_empty() {
            0
        } else {
            CHECK_DELAY_MS
        };
        let pending = gloo_timers::callback::Timeout::new(delay, move || checked.set(current));
        timer.set_value(Some(pending));
    });
    let diagnostics = Memo::new(move |_| catalog.with(|c| diagnose(&checked.get(), c)));
    let error_spans =
        Memo::new(move |_| diagnostics.with(|ds| ds.iter().map(|d| d.span).collect::<Vec<_>>()));
    let pieces = Memo::new(move |_| {
        let source = text.get();
        let errors = error_spans.get();
        let stale = source != checked.get();
        catalog.with(|c| {
            kql::highlight::highlight(&source, c)
                .into_iter()
                .map(|(span, class)| {
                    let marked =
                        !stale && errors.iter().any(|&(s, e)| s < span.end && span.start < e);
                    let css = if marked {
                        format!("sc-hl-{} sc-hl-error", class.css())
                    } else {
                        format!("sc-hl-{}", class.css())
                    };
                    (source[span.start..span.end].to_string(), css)
                })
                .collect::<Vec<_>>()
        })
    });

    // The completion list: open while the analyst types a word; arrows move, Enter/Tab accept.
    let completion = RwSignal::new(None::<Completion>);
    let selected = RwSignal::new(0usize);
    let scroll = RwSignal::new((0i32, 0i32));
    let caret = RwSignal::new((0usize, 0usize));
    let cursor_byte = move || {
        input.get_untracked().map_or(0, |el| {
            let units = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            byte_offset(&text.get_untracked(), units)
        })
    };
    let open_at = move |cursor: usize| {
        let source = text.get_untracked();
        let found = catalog.with_untracked(|c| complete(&source, cursor, c));
        caret.set(line_and_column(&source, found.replace.start));
        selected.set(0);
        completion.set((!found.items.is_empty()).then_some(found));
    };
    let accept = move |index: usize| {
        let Some(found) = completion.get_untracked() else {
            return;
        };
        let Some(item) = found.items.get(index) else {
            return;
        };
        let (next, cursor) = apply_completion(&text.get_untracked(), found.replace, &item.insert);
        let units = utf16_offset(&next, cursor) as u32;
        text.set(next);
        completion.set(None);
        if let Some(el) = input.get_untracked() {
            el.set_value(&text.get_untracked());
            let _ = el.set_selection_range(units, units);
            let _ = el.focus();
        }
    };

    let on_input = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        text.set(value);
        let cursor = cursor_byte();
        if opens_completion(&text.get_untracked(), cursor) {
            open_at(cursor);
        } else {
            completion.set(None);
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let open = completion.with_untracked(Option::is_some);
        let count =
            completion.with_untracked(|c| c.as_ref().map_or(0, |c| c.items.len().min(SHOWN_ITEMS)));
        match ev.key().as_str() {
            "Enter" if ev.ctrl_key() || ev.meta_key() => {
                ev.prevent_default();
                completion.set(None);
                on_run.run(text.get_untracked());
            }
            " " if ev.ctrl_key() => {
                ev.prevent_default();
                open_at(cursor_byte());
            }
            "ArrowDown" if open && count > 0 => {
                ev.prevent_default();
                selected.update(|s| *s = (*s + 1) % count);
            }
            "ArrowUp" if open && count > 0 => {
                ev.prevent_default();
                selected.update(|s| *s = (*s + count - 1) % count);
            }
            "Enter" | "Tab" if open => {
                ev.prevent_default();
                accept(selected.get_untracked());
            }
            "Escape" if open => {
                // Closing the list is all Escape does here; the panel's Escape must not also fire.
                ev.prevent_default();
                ev.stop_propagation();
                completion.set(None);
            }
            _ => {}
        }
    };
    let on_scroll = move |_| {
        if let (Some(el), Some(pre)) = (input.get_untracked(), highlight_layer.get_untracked()) {
            pre.set_scroll_top(el.scroll_top());
            pre.set_scroll_left(el.scroll_left());
            scroll.set((el.scroll_top(), el.scroll_left()));
        }
    };
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };
    let active_descendant = {
        let option_id = option_id.clone();
        move || {
            completion
                .with(Option::is_some)
                .then(|| option_id(selected.get()))
        }
    };

    view! {
        <div class="sc-editor">
            <pre class="sc-editor-layer" aria-hidden="true" node_ref=highlight_layer>
                <code>
                    {move || pieces.get().into_iter().map(|(piece, css)| view! { <span class=css>{piece}</span> }).collect_view()}
                    // A trailing newline needs something after it to take up a line.
                    " "
                </code>
            </pre>
            <textarea
                class="sc-editor-input"
                node_ref=input
                aria-label="KQL query"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-describedby=problems_id.clone()
                aria-activedescendant=active_descendant
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
                on:scroll=on_scroll
                on:blur=move |_| completion.set(None)
                on:click=move |_| completion.set(None)
            ></textarea>
            <ul
                id=list_id.clone()
                role="listbox"
                aria-label="Completions"
                class="sc-completions"
                hidden=move || completion.with(Option::is_none)
                style:top=move || format!("calc({}lh + var(--sc-editor-pad) - {}px)", caret.get().0 + 1, scroll.get().0)
                style:left=move || format!("calc({}ch + var(--sc-editor-pad) - {}px)", caret.get().1, scroll.get().1)
            >
                {move || {
                    let option_id = option_id.clone();
                    completion.get().map(|found| {
                        found.items.into_iter().take(SHOWN_ITEMS).enumerate().map(|(i, item)| {
                            view! {
                                <li
                                    id=option_id(i)
                                    role="option"
                                    aria-selected=move || (selected.get() == i).to_string()
                                    class:sc-selected=move || selected.get() == i
                                    // Keep focus in the textarea while choosing with the mouse.
                                    on:mousedown=move |ev: web_sys::MouseEvent| { ev.prevent_default(); accept(i); }
                                >
                                    <span class="sc-completion-label">{item.label}</span>
                                    <span class="sc-completion-kind">{item.kind.label()}</span>
                                    <span class="sc-completion-detail">{item.detail}</span>
                                </li>
                            }
                        }).collect_view()
                    })
                }}
            </ul>
        </div>
        <ul id=problems_id class="sc-diagnostics" aria-label="Query problems" aria-live="polite">
            {move || diagnostics.get().into_iter().map(|d| view! {
                <li class=if d.severity == "Error" { "sc-error" } else { "sc-muted" }>
                    {format!("{} at line {}, column {}: {}", d.severity, d.line, d.column, d.message)}
                </li>
            }).collect_view()}
        </ul>
    }
}
