//! Writes `sentinel-copilot.js`, the stable embedding entry, beside Trunk's hashed assets.

use std::path::Path;

use crate::root;

/// Fills `embed/sentinel-copilot.js` with the hashed names found in `dir` and writes it there.
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
    let template = std::fs::read_to_string(root().join("embed/sentinel-copilot.js"))
        .map_err(|e| format!("cannot read embed/sentinel-copilot.js: {e}"))?;
    let entry = template
        .replace("__BINDGEN_JS__", &js)
        .replace("__BINDGEN_WASM__", &wasm)
        .replace("__CSS__", &css);
    std::fs::write(dir.join("sentinel-copilot.js"), entry)
        .map_err(|e| format!("cannot write the entry: {e}"))?;
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    std::fs::write(&index, without_inline_loader(&html))
        .map_err(|e| format!("cannot write {}: {e}", index.display()))
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
}
