//! A `render` chart drawn as SVG from the geometry in [`crate::results::chart`]: colours come from
//! the theme's `--sc-chart-*` tokens, the SVG is an image with a spoken summary, and a toggle
//! shows the same data as a table.

use std::sync::Arc;

use leptos::prelude::*;

use kql::Table;
use sentinel::workspace::ChartSpec;

use crate::results::chart::{
    chart_data, data_table, layout, layout::HEIGHT, layout::WIDTH, summary, ChartKind,
};

/// Colours cycle through this many `sc-series-N` classes.
const PALETTE: usize = 8;

/// The chart a query asked for with `render`, over its primary result. Kinds that are not drawn
/// (`table`, `card`, ...) show nothing; a chart that cannot be drawn says why.
#[component]
pub fn ChartView(table: Arc<Table>, spec: ChartSpec) -> impl IntoView {
    let kind = ChartKind::from_render(&spec.kind)?;
    let data = match chart_data(&table, kind, &spec.properties) {
        Ok(d) => d,
        Err(e) => return Some(
            view! { <p class="sc-muted">{format!("The {} cannot be drawn: {e}.", spec.kind)}</p> }
                .into_any(),
        ),
    };
    let geometry = layout(&data);
    let description = summary(&data);
    let heading = data
        .title
        .clone()
        .unwrap_or_else(|| kind.label().to_string());
    let show_table = RwSignal::new(false);
    let (headers, rows) = data_table(&data);
    let p = geometry.plot;
    let class = |i: usize| format!("sc-series-{}", i % PALETTE);

    let grid_lines = geometry
        .y_ticks
        .iter()
        .filter(|_| kind != ChartKind::Bar)
        .map(|t| view! { <line class="sc-chart-gridline" x1=p.x y1=t.pos x2=p.x + p.w y2=t.pos /> })
        .collect_view();
    let x_labels = geometry
        .x_ticks
        .iter()
        .map(|t| {
            view! {
                <line class="sc-chart-axis" x1=t.pos y1=p.y + p.h x2=t.pos y2=p.y + p.h + 4.0 />
                <text class="sc-chart-tick" x=t.pos y=p.y + p.h + 16.0 text-anchor="middle">{t.label.clone()}</text>
            }
        })
        .collect_view();
    let y_labels = geometry
        .y_ticks
        .iter()
        .map(|t| {
            view! {
                <text class="sc-chart-tick" x=p.x - 6.0 y=t.pos + 4.0 text-anchor="end">{t.label.clone()}</text>
            }
        })
        .collect_view();
    let lines = geometry
        .lines
        .iter()
        .map(|l| {
            let area = l.area.clone().map(|d| {
                view! { <path class=format!("sc-chart-area {}", class(l.series)) d=d /> }
            });
            view! {
                {area}
                <path class=format!("sc-chart-line {}", class(l.series)) d=l.d.clone() />
            }
        })
        .collect_view();
    let bars = geometry
        .bars
        .iter()
        .map(|b| {
            view! {
                <rect class=format!("sc-chart-bar {}", class(b.series)) x=b.rect.x y=b.rect.y width=b.rect.w.max(0.0) height=b.rect.h.max(0.0)>
                    <title>{b.title.clone()}</title>
                </rect>
            }
        })
        .collect_view();
    let slices = geometry
        .slices
        .iter()
        .map(|s| {
            view! {
                <path class=format!("sc-chart-slice {}", class(s.category)) d=s.d.clone()>
                    <title>{s.title.clone()}</title>
                </path>
            }
        })
        .collect_view();
    let axes = (kind != ChartKind::Pie).then(|| {
        view! {
            <line class="sc-chart-axis" x1=p.x y1=p.y x2=p.x y2=p.y + p.h />
            <line class="sc-chart-axis" x1=p.x y1=p.y + p.h x2=p.x + p.w y2=p.y + p.h />
            <text class="sc-chart-title" x=p.x + p.w / 2.0 y=HEIGHT - 6.0 text-anchor="middle">{data.x_title.clone()}</text>
            <text
                class="sc-chart-title"
                x=0
                y=0
                text-anchor="middle"
                transform=format!("translate(14 {}) rotate(-90)", p.y + p.h / 2.0)
            >
                {data.y_title.clone()}
            </text>
        }
    });
    let legend_names: Vec<String> = if kind == ChartKind::Pie {
        data.categories.clone()
    } else {
        data.series.iter().map(|s| s.name.clone()).collect()
    };
    let legend = (legend_names.len() > 1 || kind == ChartKind::Pie).then(|| {
        view! {
            <ul class="sc-chart-legend" aria-label="Legend">
                {legend_names
                    .into_iter()
                    .enumerate()
                    .map(|(i, n)| view! {
                        <li><svg class="sc-chart-swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class=class(i) width="10" height="10" /></svg>{n}</li>
                    })
                    .collect_view()}
            </ul>
        }
    });

    Some(
        view! {
            <figure class="sc-chart">
                <figcaption class="sc-chart-caption">
                    <span>{heading}</span>
                    <button
                        class="sc-secondary"
                        aria-pressed=move || show_table.get().to_string()
                        on:click=move |_| show_table.update(|s| *s = !*s)
                    >
                        "Show data as table"
                    </button>
                </figcaption>
                <svg
                    class="sc-chart-svg"
                    role="img"
                    aria-label=description
                    viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                    preserveAspectRatio="xMidYMid meet"
                >
                    {grid_lines}
                    {axes}
                    {x_labels}
                    {y_labels}
                    {lines}
                    {bars}
                    {slices}
                </svg>
                {legend}
                <Show when=move || show_table.get()>
                    <table class="sc-table sc-chart-data">
                        <thead>
                            <tr>{headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {rows
                                .iter()
                                .map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> })
                                .collect_view()}
                        </tbody>
                    </table>
                </Show>
            </figure>
        }
        .into_any(),
    )
}
