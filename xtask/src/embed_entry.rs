//! Writes `sentinel-copilot.js`, the stable embedding entry, beside Trunk's hashed assets, and
//! the bundle of the panel's JavaScript it re-exports (see [`crate::bundle`]).

use std::path::Path;

use crate::root;

/// Fills `embed/sentinel-copilot.js` with the hashed names found in `dir`, bundles it with the
/// glue into `sc-app-<hash>.js`, and writes the entry and the page's preload for it.
pub fn write(dir: &Path) -> Result<(), String> {
    let names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // The worker's files (sentinel-copilot-worker*) are loaded by the panel itself.
    let names: Vec<&String> = names
        .iter()
        .filter(|n| !n.starts_with("sentinel-copilot-worker"))
        .collect();
    let find = |suffix: &str| {
        names
            .iter()
            .find(|n| {
                n.starts_with("sentinel-copilot-")
                    && n.ends_with(suffix)
                    && !n.ends_with(&format!("_bg{suffix}"))
            })
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.starts_with("sentinel-copilot") && n.ends_with(suffix))
            })
            .map(|n| n.to_string())
            .ok_or_else(|| format!("no sentinel-copilot*{suffix} in {}", dir.display()))
    };
    let js = find(".js")?;
    let wasm = find("_bg.wasm")?;
    let css = names
        .iter()
        .find(|n| n.starts_with("main") && n.ends_with(".css"))
        .map(|n| n.to_string())
        .ok_or_else(|| format!("no main*.css in {}", dir.display()))?;
    let app = std::fs::read_to_string(root().join("embed/sentinel-copilot.js"))
        .map_err(|e| format!("cannot read embed/sentinel-copilot.js: {e}"))?
        .replace("__BINDGEN_JS__", &js)
        .replace("__BINDGEN_WASM__", &wasm)
        .replace("__CSS__", &css);
    // The glue, its split loader (if the page is split) and its snippets go into the bundle.
    let hash = js
        .trim_start_matches("sentinel-copilot-")
        .trim_end_matches(".js");
    let bundle = format!("sc-app-{hash}.js");
    let mut modules = vec![js.clone()];
    modules.extend(
        names
            .iter()
            .filter(|n| n.starts_with("sc-split-") && n.ends_with(".js"))
            .map(|n| n.to_string()),
    );
    crate::bundle::app(dir, &app, &bundle, &modules)?;
    std::fs::write(dir.join("sentinel-copilot.js"), stable_entry(&bundle))
        .map_err(|e| format!("cannot write the entry: {e}"))?;
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    std::fs::write(
        &index,
        with_one_preload(&without_inline_loader(&html), &format!("./{bundle}")),
    )
    .map_err(|e| format!("cannot write {}: {e}", index.display()))
}

/// `sentinel-copilot.js`: the stable entry, which re-exports the build's hashed bundle (so that a
/// CDN can cache the bundle for good and only this small file is revalidated).
pub fn stable_entry(bundle: &str) -> String {
    format!(
        "// sentinel-copilot.js: the stable entry a host page loads with one <script type=\"module\">.\n\
         // It defines <sentinel-copilot> and exports SentinelCopilot (also on globalThis).\n\
         export * from \"./{bundle}\";\n"
    )
}

/// Replaces Trunk's inline loader script with the entry module, so the page runs under a
/// Content-Security-Policy without `'unsafe-inline'`.
pub fn without_inline_loader(html: &str) -> String {
    let Some(start) = html.find("<script type=\"module\">") else {
        return html.to_string();
    };
    let Some(len) = html[start..].find("</script>") else {
        return html.to_string();
    };
    let end = start + len + "</script>".len();
    format!(
        "{}<script type=\"module\" src=\"./sentinel-copilot.js\"></script>{}",
        &html[..start],
        &html[end..]
    )
}

/// Replaces the page's `<link rel="modulepreload">`s (Trunk's, for modules now in the bundle)
/// with one for `module`, so that the HTML parser starts fetching it at once.
pub fn with_one_preload(html: &str, module: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<link rel=\"modulepreload\"") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
    }
    out.push_str(rest);
    let link = format!("<link rel=\"modulepreload\" href=\"{module}\" crossorigin=\"anonymous\">");
    match out.find("</head>") {
        Some(at) => format!("{}{link}{}", &out[..at], &out[at..]),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_loader_becomes_the_entry_module() {
        let html = "<head><script type=\"module\">\nimport init from './a.js';\n</script><link rel=\"modulepreload\"></head>";
        assert_eq!(
            without_inline_loader(html),
            "<head><script type=\"module\" src=\"./sentinel-copilot.js\"></script><link rel=\"modulepreload\"></head>"
        );
        assert_eq!(
            without_inline_loader("<p>no script</p>"),
            "<p>no script</p>"
        );
    }

    #[test]
    fn the_bundle_is_the_one_module_preloaded() {
        let html = "<head><link rel=\"modulepreload\" href=\"./glue.js\" crossorigin=\"anonymous\"><link rel=\"modulepreload\" href=\"./snippets/a.js\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"./x.wasm\"></head>";
        assert_eq!(
            with_one_preload(html, "./sc-app-1.js"),
            "<head><link rel=\"preload\" href=\"./x.wasm\"><link rel=\"modulepreload\" href=\"./sc-app-1.js\" crossorigin=\"anonymous\"></head>"
        );
        assert!(stable_entry("sc-app-1.js").contains("export * from \"./sc-app-1.js\";"));
    }
}
