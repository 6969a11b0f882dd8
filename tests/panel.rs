//! Browser tests of the panel shell on the demo workspace, in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn queue_lists_demo_incidents_and_selection_shows_title_and_severity() {
    let host = container();
    // The demo workspace in this page: the worker's files are not served to browser tests.
    let _app = leptos::mount::mount_to(host.clone(), || {
        let demo = sentinel::DemoWorkspace::new(sentinel::DemoConfig::new(
            sentinel_copilot::state::now_ticks(),
        ));
        leptos::prelude::provide_context(sentinel_copilot::state::GivenWorkspace(
            send_wrapper::SendWrapper::new(std::rc::Rc::new(demo)),
        ));
        leptos::prelude::view! { <sentinel_copilot::app::App /> }
    });

    let list = by_role(&host, "list", "Incidents");
    let items = wait_for("the demo incidents", 20_000, || {
        let items = all_by_role(&list, "listitem", None);
        (items.len() >= 25).then_some(items)
    })
    .await;

    // The queue opens sorted by severity: the first incident is High.
    let first = items[0].text_content().unwrap_or_default();
    assert!(
        first.starts_with("High"),
        "first incident by severity: {first}"
    );

    // Select the fourth incident and read it back from the incident pane.
    let button = all_by_role(&items[3], "button", None).remove(0);
    let title = button
        .query_selector(".sc-incident-title")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    let severity = button
        .query_selector(".sc-sev")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    click(&button);
    let pane = by_role(&host, "region", "Incident");
    wait_for("the incident pane", 10_000, || {
        let text = pane.text_content().unwrap_or_default();
        text.contains(
            title
                .trim_start_matches('#')
                .split_once(' ')
                .map(|(_, t)| t)
                .unwrap_or(&title),
        )
        .then_some(())
    })
    .await;
    let heading = all_by_role(&pane, "heading", None)
        .remove(0)
        .text_content()
        .unwrap();
    assert!(
        heading.ends_with(title.split_once(' ').unwrap().1),
        "{heading} vs {title}"
    );
    assert_eq!(
        button.get_attribute("aria-current").as_deref(),
        Some("true")
    );
    let dd: Vec<String> = {
        let nodes = pane.query_selector_all("dd").unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(dd[0], severity, "severity in the pane");

    // The tabs exist and switch.
    for tab in ["Summary", "Guided response", "Report"] {
        click(&by_role(&pane, "tab", tab));
        wait_for(&format!("the {tab} tab selected"), 5_000, || {
            let selected = by_role(&pane, "tab", tab).get_attribute("aria-selected");
            (selected.as_deref() == Some("true")).then_some(())
        })
        .await;
    }

    // The test contract's other names are there.
    by_role(&host, "textbox", "Ask Copilot");
    // The KQL sidebar's code is fetched once the first view is painted and the page is idle.
    wait_for("the KQL editor", 10_000, || {
        all_by_role(&host, "textbox", Some("KQL query")).pop()
    })
    .await;
    let log = all_by_role(&host, "log", None);
    assert_eq!(log.len(), 1, "one transcript log region");
}
