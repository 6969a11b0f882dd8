//! Builds `msal-browser.js`, the sign-in module the panel imports only when it signs the analyst
//! in: `@azure/msal-browser` and the panel's glue (`tools/msal/glue.js`), bundled by esbuild into
//! one ES module, both pinned in `tools/msal/package-lock.json`. Also copies the redirect page
//! (`embed/msal-redirect.html` and its script) that the authority sends the analyst back to.

use std::path::Path;
use std::process::Command;

use crate::{root, run};

/// Installs the pinned npm packages when they are missing (`npm ci`).
pub fn ensure_tools() -> Result<(), String> {
    let dir = root().join("tools/msal");
    let installed = dir.join("node_modules/.bin/esbuild").exists()
        && dir
            .join("node_modules/@azure/msal-browser/package.json")
            .exists();
    if installed {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

/// Writes `msal-browser.js`, `msal-redirect.html` and `msal-redirect.js` into `dir`.
pub fn write(dir: &Path) -> Result<(), String> {
    ensure_tools()?;
    let tools = root().join("tools/msal");
    let out = dir.join("msal-browser.js");
    // MSAL's MIT licence notices stay in the bundle, at its end.
    run(crate::bundle::esbuild(&tools.join("glue.js"), &out)
        .arg("--log-level=warning")
        .current_dir(&tools))?;
    for name in ["msal-redirect.html", "msal-redirect.js"] {
        std::fs::copy(root().join("embed").join(name), dir.join(name))
            .map_err(|e| format!("cannot copy embed/{name}: {e}"))?;
    }
    Ok(())
}
