//! Splits the page's wasm at its split functions (`wasm_split`, crate `wasm_split_helpers` as
//! Leptos 0.8 re-exports it; see src/chunks.rs), in Trunk's post-build hook before the embedding
//! entry is written.
//!
//! Trunk builds the page (with the `split` feature, see index.html) and runs wasm-bindgen on the
//! whole module; that output cannot load, since the lazy functions import their loaders from a
//! placeholder module. This step redoes the page's output from rustc's module (linked with
//! `--emit-relocs`, see build.rs) the way `cargo leptos --split` does: wasm-split, then
//! wasm-bindgen `--keep-lld-exports --no-demangle` on the main module, then (release) wasm-opt on
//! the main module and on every chunk. The files keep Trunk's hashed name
//! (`sentinel-copilot-<hash>.js`, `..._bg.wasm`); the loader module is `sc-split-<hash>.js` and
//! the chunks `sc-split-<hash>-<name>.wasm`, all relative to the glue, so `dist/` works under any
//! path and a strict CSP (`script-src 'self' 'wasm-unsafe-eval'`) holds. The glue and the loader
//! are then bundled into one module (see `bundle.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run};

/// The module name the lazy functions import their loaders from until the page is split.
const PLACEHOLDER: &str = "__wasm_split_placeholder__";

/// wasm-opt's settings for the page, as Trunk's would be (index.html's `data-wasm-opt*`).
const WASM_OPT: [&str; 4] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
];

/// Splits the page's module in Trunk's staging directory `dir`, if it has lazy functions.
pub fn apply(dir: &Path) -> Result<(), String> {
    let Some(stem) = page_stem(dir)? else {
        return Ok(());
    };
    let glue = dir.join(format!("{stem}.js"));
    let glue_text = read_text(&glue)?;
    if !glue_text.contains(PLACEHOLDER) {
        return Ok(());
    }
    let hash = stem.trim_start_matches("sentinel-copilot-");
    let input = rustc_output()?;
    let release = profile_dir()? == "release";
    eprintln!(
        "xtask: splitting {} at its split functions",
        input.display()
    );

    let work = dir.join(".split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let wasm =
        std::fs::read(&input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let link_name = format!("./sc-split-{hash}.js");
    let main_module = format!("./{stem}.js");
    let main_out = work.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &work;
        opts.main_out_path = &main_out;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| format!("wasm-split failed on {}: {e:#}", input.display()))?;
    drop(wasm);

    // The chunks, renamed after the build's hash so a CDN can cache them for good.
    let mut loader = read_text(&work.join(&link_name))?;
    let mut chunks = Vec::new();
    for path in &split.split_modules {
        let name = file_name(path);
        let hashed = format!("sc-split-{hash}-{name}");
        loader = loader.replace(&format!("\"./{name}\""), &format!("\"./{hashed}\""));
        let to = dir.join(&hashed);
        std::fs::rename(path, &to).map_err(|e| format!("cannot move {name}: {e}"))?;
        chunks.push(to);
    }
    std::fs::write(dir.join(link_name.trim_start_matches("./")), loader)
        .map_err(|e| format!("cannot write the split loader: {e}"))?;

    // wasm-bindgen on the main module, keeping the exports the chunks link against.
    let bindgen = work.join("bindgen");
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name",
            &stem,
            "--out-dir",
        ])
        .arg(&bindgen)
        .arg(&main_out))?;
    copy_tree(&bindgen, dir)?;
    if release {
        let opt = root().join("tools/binaryen/node_modules/.bin/wasm-opt");
        for file in std::iter::once(dir.join(format!("{stem}_bg.wasm"))).chain(chunks) {
            run(Command::new(&opt)
                .args(WASM_OPT)
                .arg(&file)
                .arg("-o")
                .arg(&file))?;
        }
    }
    std::fs::remove_dir_all(&work).map_err(|e| format!("cannot remove {}: {e}", work.display()))
}

/// `sentinel-copilot-<hash>`, the page's wasm-bindgen output in `dir`, if there is one.
fn page_stem(dir: &Path) -> Result<Option<String>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    Ok(entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| {
            n.starts_with("sentinel-copilot-")
                && !n.starts_with("sentinel-copilot-worker")
                && n.ends_with("_bg.wasm")
        })
        .map(|n| n.trim_end_matches("_bg.wasm").to_string()))
}

/// rustc's module of the page, which Trunk has just built.
fn rustc_output() -> Result<PathBuf, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"));
    let path = target
        .join("wasm32-unknown-unknown")
        .join(profile_dir()?)
        .join("sentinel-copilot.wasm");
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "no {} to split; is CARGO_TARGET_DIR the one Trunk built into?",
            path.display()
        ))
    }
}

/// The cargo profile directory of Trunk's build: `release` or `debug`.
fn profile_dir() -> Result<&'static str, String> {
    match std::env::var("TRUNK_PROFILE").as_deref() {
        Ok("release") => Ok("release"),
        Ok("debug") | Ok("dev") => Ok("debug"),
        Ok(other) => Err(format!("unexpected TRUNK_PROFILE `{other}`")),
        Err(_) => Err("TRUNK_PROFILE is not set: run this as Trunk's post-build hook".into()),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Copies the files under `from` into `to`, replacing those of the same name.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            std::fs::create_dir_all(&dest)
                .map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
            copy_tree(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest)
                .map_err(|e| format!("cannot copy to {}: {e}", dest.display()))?;
        }
    }
    Ok(())
}
