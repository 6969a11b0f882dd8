//! Bundles the panel's JavaScript into one module: the embedding code (`embed/sentinel-copilot.js`
//! with the build's hashed names filled in), wasm-bindgen's glue, its snippets and the split
//! loader. Loaded as separate modules they cost the page five requests, a round trip of module
//! discovery and about 30 ms of start-up in headless Chromium; bundled (and minified by esbuild,
//! already used for the sign-in module) they are one request of about 10 KB gzipped.

use std::path::Path;
use std::process::Command;

use crate::{root, run};

/// esbuild bundling `input` into one minified ES module for browsers at `outfile`, licence
/// notices kept at its end.
pub fn esbuild(input: &Path, outfile: &Path) -> Command {
    let mut esbuild = Command::new(root().join("tools/msal/node_modules/.bin/esbuild"));
    esbuild
        .arg(input)
        .args([
            "--bundle",
            "--format=esm",
            "--platform=browser",
            "--target=es2020",
            "--minify",
            "--legal-comments=eof",
        ])
        .arg(format!("--outfile={}", outfile.display()));
    esbuild
}

/// Writes `source` (an ES module whose relative imports resolve in `dir`) bundled into
/// `dir/out_name`, then removes from `dir` the modules it took in: `modules` and the `snippets/`
/// directory.
pub fn app(dir: &Path, source: &str, out_name: &str, modules: &[String]) -> Result<(), String> {
    crate::msal_bundle::ensure_tools()?;
    let input = dir.join(".sc-app-entry.js");
    std::fs::write(&input, source).map_err(|e| format!("cannot write {}: {e}", input.display()))?;
    // wasm-bindgen's import object names the split loader once per chunk (same module): esbuild
    // warns about the repeated key, harmlessly.
    let result = run(esbuild(&input, &dir.join(out_name)).arg("--log-level=error"));
    let _ = std::fs::remove_file(&input);
    result?;
    for module in modules {
        std::fs::remove_file(dir.join(module))
            .map_err(|e| format!("cannot remove the bundled {module}: {e}"))?;
    }
    let snippets = dir.join("snippets");
    if snippets.exists() {
        std::fs::remove_dir_all(&snippets)
            .map_err(|e| format!("cannot remove the bundled {}: {e}", snippets.display()))?;
    }
    Ok(())
}
