//! The result grid: a virtualised table (only the rows on screen are in the page) that sorts by a
//! header click, resizes columns by dragging or arrow keys, and copies or downloads the result as
//! CSV, JSON or Markdown. Cells are text, never markup. The arithmetic is in [`crate::results`].

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use copilot::answer::ResultTable;
use kql::Table;

use crate::components::chart::ChartView;
use crate::results::export::{self, cell_text, Format};
use crate::results::sort::{row_order, toggled, SortKey};
use crate::results::window::{
    body_height, grid_template, group_digits, initial_width, resized, showing_text, visible_rows,
    OVERSCAN, ROW_HEIGHT,
};

/// The viewport height assumed before the grid is measured (the CSS gives it this height).
const DEFAULT_VIEWPORT: f64 = 360.0;

/// A text-only result (from the chat), shown in the grid with column types inferred from the
/// text so that sorting is by number or time where the text says so, and drawn as the `chart`
/// its query asked for.
#[component]
pub fn ResultTableView(
    table: ResultTable,
    #[prop(default = None)] chart: Option<sentinel::workspace::ChartSpec>,
) -> impl IntoView {
    let typed = Arc::new(crate::local_tables::table_from_text(
        "Result",
        table.headers,
        table.rows,
    ));
    let chart = chart.map(|spec| view! { <ChartView table=typed.clone() spec=spec /> });
    view! {
        {chart}
        <ResultGrid table=typed />
    }
}

/// The grid over a typed result table.
#[component]
pub fn ResultGrid(
    table: Arc<Table>,
    /// The accessible name of the table.
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    let total = table.len();
    let columns = table.columns.len();
    let widths = RwSignal::new(
        table
            .columns
            .iter()
            .enumerate()
            .map(|(c, col)| {
                let sample: Vec<String> = table
                    .rows
                    .iter()
                    .take(50)
                    .map(|r| cell_text(&r[c]))
                    .collect();
                initial_width(&col.name, sample.iter().map(String::as_str))
            })
            .collect::<Vec<f64>>(),
    );
    let headers: Vec<(usize, String, &'static str)> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.name.clone(), c.data_type.name()))
        .collect();
    let table = StoredValue::new(table);
    let sort = RwSignal::new(None::<SortKey>);
    // The displayed order, as indices into the rows; `version` keys the rendered rows to it.
    let order = StoredValue::new((0..total).collect::<Vec<usize>>());
    let version = RwSignal::new(0u32);
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(DEFAULT_VIEWPORT);
    let range = Memo::new(move |_| {
        visible_rows(
            scroll_top.get(),
            viewport.get(),
            ROW_HEIGHT,
            total,
            OVERSCAN,
        )
    });
    let scroller = NodeRef::<html::Div>::new();
    let status = RwSignal::new(String::new());
    let format = RwSignal::new(Format::Csv);
    let label = label.unwrap_or_else(|| "Query result".to_string());

    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            let h = el.client_height() as f64;
            if h > 0.0 {
                viewport.set(h);
            }
        }
    });

    let sort_by = move |column: usize| {
        let key = toggled(sort.get_untracked(), column);
        let new_order = table.with_value(|t| row_order(t, Some(key)));
        order.set_value(new_order);
        sort.set(Some(key));
        version.update(|v| *v += 1);
        // A new order starts at its first row.
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    };

    let exported = move |f: Format| {
        let text = table.with_value(|t| order.with_value(|o| export::write(t, o, f)));
        let name = table.with_value(|t| export::file_name(&t.name, f));
        (text, name)
    };
    let copy = move |_| {
        let f = format.get_untracked();
        let (text, _) = exported(f);
        leptos::task::spawn_local(async move {
            status.set(match crate::browser::copy_text(&text).await {
                Ok(()) => format!(
                    "Copied {} row{} as {}.",
                    group_digits(total),
                    if total == 1 { "" } else { "s" },
                    f.label()
                ),
                Err(e) => format!("Could not copy: {e}; use Download instead."),
            });
        });
    };
    let download = move |_| {
        let f = format.get_untracked();
        let (text, name) = exported(f);
        status.set(match crate::browser::download(&name, f.mime(), &text) {
            Ok(()) => format!("Downloaded {name}."),
            Err(e) => format!("Could not download: {e}"),
        });
    };

    let header_cells = headers
        .into_iter()
        .map(|(i, name, ty)| {
            let aria_sort = move || match sort.get() {
                Some(k) if k.column == i => k.direction.aria(),
                _ => "none",
            };
            let width = move || widths.with(|w| w.get(i).copied().unwrap_or(100.0));
            let drag = StoredValue::new(None::<(f64, f64)>);
            let resize_label = format!("Resize column {name}");
            let sort_label = name.clone();
            view! {
                <div role="columnheader" class="sc-grid-header" aria-sort=aria_sort aria-colindex=i + 1>
                    <button class="sc-grid-sort" title=format!("{name} ({ty}): sort") on:click=move |_| sort_by(i)>
                        {sort_label}
                        <span class="sc-grid-sort-mark" aria-hidden="true">{move || match aria_sort() {
                            "ascending" => " ▲",
                            "descending" => " ▼",
                            _ => "",
                        }}</span>
                    </button>
                    <div
                        role="separator"
                        class="sc-grid-resize"
                        tabindex="0"
                        aria-orientation="vertical"
                        aria-label=resize_label
                        aria-valuemin=crate::results::window::MIN_COLUMN_WIDTH
                        aria-valuemax=crate::results::window::MAX_COLUMN_WIDTH
                        aria-valuenow=move || width().round()
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            let step = if ev.shift_key() { 64.0 } else { 16.0 };
                            let delta = match ev.key().as_str() {
                                "ArrowLeft" => -step,
                                "ArrowRight" => step,
                                _ => return,
                            };
                            ev.prevent_default();
                            widths.update(|w| w[i] = resized(w[i], delta));
                        }
                        on:pointerdown=move |ev: web_sys::PointerEvent| {
                            ev.prevent_default();
                            let el = event_target::<web_sys::Element>(&ev);
                            let _ = el.set_pointer_capture(ev.pointer_id());
                            drag.set_value(Some((ev.client_x() as f64, width())));
                        }
                        on:pointermove=move |ev: web_sys::PointerEvent| {
                            if let Some((x0, w0)) = drag.get_value() {
                                widths.update(|w| w[i] = resized(w0, ev.client_x() as f64 - x0));
                            }
                        }
                        on:pointerup=move |_| drag.set_value(None)
                        on:pointercancel=move |_| drag.set_value(None)
                    ></div>
                </div>
            }
        })
        .collect_view();

    let row_view = move |pos: usize| {
        let index = order.with_value(|o| o.get(pos).copied().unwrap_or(pos));
        let cells: Vec<String> = table.with_value(|t| {
            t.rows
                .get(index)
                .map(|r| r.iter().map(cell_text).collect())
                .unwrap_or_default()
        });
        view! {
            <div role="row" class="sc-grid-row" aria-rowindex=pos + 2>
                {cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, text)| {
                        let tip = text.clone();
                        view! { <div role="cell" class="sc-grid-cell" aria-colindex=c + 1 title=tip>{text}</div> }
                    })
                    .collect_view()}
            </div>
        }
    };

    view! {
        <div class="sc-grid-block">
            <div class="sc-toolbar sc-grid-toolbar">
                <span class="sc-muted sc-grid-count">
                    {move || showing_text(scroll_top.get(), viewport.get(), ROW_HEIGHT, total)}
                </span>
                <select
                    aria-label="Copy or download as"
                    on:change=move |ev| {
                        format.set(match event_target_value(&ev).as_str() {
                            "json" => Format::Json,
                            "md" => Format::Markdown,
                            _ => Format::Csv,
                        })
                    }
                >
                    <option value="csv">"CSV"</option>
                    <option value="json">"JSON"</option>
                    <option value="md">"Markdown"</option>
                </select>
                <button class="sc-secondary" on:click=copy>"Copy"</button>
                <button class="sc-secondary" on:click=download>"Download"</button>
                <span class="sc-muted" role="status">{move || status.get()}</span>
            </div>
            <div
                class="sc-grid"
                role="table"
                tabindex="0"
                aria-label=label
                aria-rowcount=total + 1
                aria-colcount=columns
                node_ref=scroller
                style=("--sc-grid-columns", move || widths.with(|w| grid_template(w)))
                on:scroll=move |ev| {
                    let el = event_target::<web_sys::Element>(&ev);
                    scroll_top.set(el.scroll_top() as f64);
                    let h = el.client_height() as f64;
                    if h > 0.0 && h != viewport.get_untracked() {
                        viewport.set(h);
                    }
                }
            >
                <div role="rowgroup" class="sc-grid-head">
                    <div role="row" class="sc-grid-row" aria-rowindex="1">{header_cells}</div>
                </div>
                <div role="rowgroup" class="sc-grid-body" style:height=format!("{}px", body_height(total, ROW_HEIGHT))>
                    <div
                        class="sc-grid-window"
                        style:transform=move || format!("translateY({}px)", range.get().start as f64 * ROW_HEIGHT)
                    >
                        <For
                            each=move || {
                                let v = version.get();
                                range.get().map(move |pos| (v, pos))
                            }
                            key=|k| *k
                            children=move |(_, pos)| row_view(pos)
                        />
                    </div>
                </div>
            </div>
        </div>
    }
}
