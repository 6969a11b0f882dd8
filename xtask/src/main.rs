//! Project commands: `cargo xtask <command>`.
//!
//! - `setup`  installs what the build needs (wasm32 target, wasm-bindgen-cli at the Cargo.lock
//!   version, Trunk 0.21, and on Debian binaryen, chromium, chromium-driver). Idempotent.
//! - `serve`  setup, then serves the panel on the demo workspace at http://127.0.0.1:8080.
//! - `test`   setup, then every test: fmt check, clippy (native and wasm32) with warnings as errors,
//!   native tests, and browser tests in headless Chromium.
//! - `dist`   setup, then a size-tuned release build into `dist/`, printing the gzipped download.
//! - `nl2kql-eval FILE --schema FILE`  the NL->KQL evaluation harness (release build).

mod bundle;
mod embed_entry;
mod msal_bundle;
mod setup;
mod size;
mod split;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("usage: cargo xtask <setup|serve|test|dist|size|startup|nl2kql-eval> [args]");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "setup" => setup::ensure_all(),
        "serve" => setup::ensure_all().and_then(|()| serve(rest)),
        "test" => setup::ensure_all().and_then(|()| test(rest)),
        "dist" => setup::ensure_all().and_then(|()| dist()),
        "size" => size::report(&root().join("dist")),
        "nl2kql-eval" => nl2kql_eval(rest),
        "startup" => setup::ensure_all().and_then(|()| startup()),
        // Trunk's post-build hook: the page's wasm split at its lazy functions, the stable
        // `sentinel-copilot.js` entry for host pages, and the sign-in module with its redirect page.
        "embed-entry" => {
            let dir: PathBuf = std::env::var_os("TRUNK_STAGING_DIR")
                .map_or_else(|| root().join("dist"), Into::into);
            split::apply(&dir)
                .and_then(|()| embed_entry::write(&dir))
                .and_then(|()| msal_bundle::write(&dir))
        }
        other => Err(format!(
            "unknown command `{other}`; try setup, serve, test, dist, size, startup or nl2kql-eval"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the directory above `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root, failing with its command line if it does not succeed.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: running {shown}");
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn serve(rest: &[String]) -> Result<(), String> {
    run(Command::new(setup::trunk_path())
        .args(["serve", "--address", "127.0.0.1", "--port", "8080"])
        .args(rest))
}

fn test(rest: &[String]) -> Result<(), String> {
    let quick = rest.iter().any(|a| a == "--no-browser");
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "sentinel-copilot",
        "-p",
        "kql",
        "-p",
        "sentinel",
        "-p",
        "copilot",
        "-p",
        "sentinel-copilot-worker",
        // The page as Trunk builds it, with its lazy functions.
        "--features",
        "sentinel-copilot/split",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    if !quick {
        browser_tests()?;
        e2e()?;
    }
    eprintln!("xtask: all tests passed");
    Ok(())
}

/// Runs the root package's wasm-bindgen tests in headless Chromium.
fn browser_tests() -> Result<(), String> {
    let profile = std::env::temp_dir().join(format!("sc-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).map_err(|e| format!("cannot create {profile:?}: {e}"))?;
    let config = setup::webdriver_config(&profile);
    let config_path = root().join("webdriver.json");
    std::fs::write(&config_path, config)
        .map_err(|e| format!("cannot write webdriver.json: {e}"))?;
    let result = run(cargo()
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "sentinel-copilot",
        ])
        .env("CHROMEDRIVER", setup::chromedriver_path())
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"));
    let _ = std::fs::remove_file(&config_path);
    let _ = std::fs::remove_dir_all(&profile);
    result
}

/// Builds `dist/` and drives it in headless Chromium with Playwright (tests/e2e), by accessible
/// names. Screenshots land in `target/e2e/`.
fn e2e() -> Result<(), String> {
    run(Command::new(setup::trunk_path()).args(["build"]))?;
    // The simulated Sentinel the panel talks to through the real HTTP path.
    run(cargo().args(["build", "-p", "proxy", "--bin", "sentinel-proxy"]))?;
    let dir = root().join("tests/e2e");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir))?;
    let mut node = Command::new("node");
    node.args(["--test", "--test-concurrency=1", "tests/e2e/"])
        .env("CHROMIUM", setup::chromium_path());
    run(&mut node)
}

fn dist() -> Result<(), String> {
    run(Command::new(setup::trunk_path()).args(["build", "--release"]))?;
    size::report(&root().join("dist"))
}

/// Builds the panel and a one-component Leptos page with the same release profile, then times
/// navigation -> interactive for both in headless Chromium (tests/e2e/startup.mjs).
fn startup() -> Result<(), String> {
    let out = root().join("target/startup");
    let panel = out.join("panel");
    let baseline = out.join("baseline");
    run(Command::new(setup::trunk_path())
        .args(["build", "--release", "--dist"])
        .arg(&panel))?;
    run(Command::new(setup::trunk_path())
        .args(["build", "--release", "--dist"])
        .arg(&baseline)
        .current_dir(root().join("benches/startup-baseline")))?;
    size::report(&panel)?;
    size::report(&baseline)?;
    let dir = root().join("tests/e2e");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir))?;
    run(Command::new("node")
        .arg("tests/e2e/startup.mjs")
        .arg(&panel)
        .arg(&baseline)
        .env("CHROMIUM", setup::chromium_path()))
}

fn nl2kql_eval(rest: &[String]) -> Result<(), String> {
    run(cargo()
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "copilot",
            "--bin",
            "nl2kql-eval",
            "--",
        ])
        .args(rest))
}
