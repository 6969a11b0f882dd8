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
            .cloned()
            .ok_or_else(|| format!("no sentinel-copilot*{suffix} in {}", dir.display()))
    };
    let js = find(".js")?;
    let wasm = find("_bg.wasm")?;
    let css = names
        .iter()
        .find(|n| n.starts_with("main") && n.ends_with(".css"))
        .cloned()
        .ok_or_else(|| format!("no main*.css in {}", dir.display()))?;
    let template = std::fs::read_to_string(root().join("embed/sentinel-copilot.js"))
        .map_err(|e| format!("cannot read embed/sentinel-copilot.js: {e}"))?;
    let entry = template
        .replace("__BINDGEN_JS__", &js)
        .replace("__BINDGEN_WASM__", &wasm)
        .replace("__CSS__", &css);
    std::fs::write(dir.join("sentinel-copilot.js"), entry)
        .map_err(|e| format!("cannot write the entry: {e}"))
}
