//! A result table, cells as text.

use leptos::prelude::*;

use copilot::answer::ResultTable;

/// Shows a result table with its row count.
#[component]
pub fn ResultTableView(table: ResultTable) -> impl IntoView {
    let count = table.rows.len();
    view! {
        <p class="sc-muted">{format!("{count} row{}", if count == 1 { "" } else { "s" })}</p>
        <div class="sc-table-wrap">
            <table class="sc-table">
                <thead>
                    <tr>{table.headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {table
                        .rows
                        .into_iter()
                        .map(|r| view! { <tr>{r.into_iter().map(|c| { let tip = c.clone(); view! { <td title=tip>{c}</td> } }).collect_view()}</tr> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
