//! Installs what the build and tests need, once; every check is cheap when it is already there.
//!
//! Nothing here downloads a prebuilt binary: Rust tools are built with `cargo install` from
//! crates.io, wasm-opt from npm's binaryen package (pinned in `tools/binaryen`), Chromium and
//! ChromeDriver from Debian's packages.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run};

const TRUNK_REQ: &str = "~0.21";
const DEBIAN_PACKAGES: [(&str, &str); 2] = [
    ("chromium", "chromium"),
    ("chromedriver", "chromium-driver"),
];

/// Ensures every tool is installed, and puts cargo's bin directory on PATH for the children.
pub fn ensure_all() -> Result<(), String> {
    let bin = cargo_bin();
    let path = std::env::var_os("PATH").unwrap_or_default();
    // wasm-opt comes from npm's binaryen (pinned in tools/binaryen): Debian's 108 breaks modules that
    // use reference types, which rustc emits for wasm32 since 1.82.
    let mut dirs = vec![bin.clone(), root().join("tools/binaryen/node_modules/.bin")];
    dirs.extend(std::env::split_paths(&path));
    let joined = std::env::join_paths(dirs).map_err(|e| format!("bad PATH: {e}"))?;
    std::env::set_var("PATH", joined);

    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    ensure_debian_packages()?;
    ensure_wasm_opt()?;
    crate::msal_bundle::ensure_tools()
}

fn ensure_wasm_opt() -> Result<(), String> {
    let dir = root().join("tools/binaryen");
    if dir.join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

fn cargo_bin() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo/bin"),
    }
}

/// Output of `program args` if it runs and succeeds.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The version of a package pinned in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

fn cargo_install(krate: &str, version: &str) -> Result<(), String> {
    let locked =
        run(Command::new("cargo").args(["install", krate, "--version", version, "--locked"]));
    if locked.is_ok() {
        return Ok(());
    }
    eprintln!(
        "xtask: `--locked` install of {krate} failed (the registry mirror may lag); retrying"
    );
    run(Command::new("cargo").args(["install", krate, "--version", version]))
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let want = locked_version("wasm-bindgen")?;
    let have = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output_of("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(&want) && runner.contains(&want) {
        return Ok(());
    }
    cargo_install("wasm-bindgen-cli", &format!("={want}"))
}

fn ensure_trunk() -> Result<(), String> {
    let have = output_of("trunk", &["--version"]).unwrap_or_default();
    if have
        .split_whitespace()
        .nth(1)
        .is_some_and(|v| v.starts_with("0.21."))
    {
        return Ok(());
    }
    cargo_install("trunk", TRUNK_REQ)
}

fn ensure_debian_packages() -> Result<(), String> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .filter(|(cmd, _)| which(cmd).is_none())
        .map(|(_, pkg)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if which("apt-get").is_none() {
        return Err(format!(
            "missing {}: install them with your package manager (chromium, chromedriver)",
            missing.join(", ")
        ));
    }
    let root_user = output_of("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root_user {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root_user {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update", "-qq"]))?;
    run(apt(&["install", "-y", "-qq"]).args(&missing))
}

/// The full path of a command on PATH.
pub fn which(cmd: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(cmd))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// Trunk as installed by `ensure_all`.
pub fn trunk_path() -> PathBuf {
    which("trunk").unwrap_or_else(|| cargo_bin().join("trunk"))
}

/// ChromeDriver from Debian's chromium-driver.
pub fn chromedriver_path() -> PathBuf {
    which("chromedriver").unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// Chromium as a binary, for the WebDriver session.
pub fn chromium_path() -> PathBuf {
    which("chromium").unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// `webdriver.json` for wasm-bindgen-test-runner: headless Chromium that also runs as root on a
/// machine with a closed network.
pub fn webdriver_config(profile: &Path) -> String {
    let args = chromium_args(profile);
    serde_like_json(&chromium_path(), &args)
}

/// Flags for headless Chromium in tests.
pub fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

fn serde_like_json(binary: &Path, args: &[String]) -> String {
    let quoted: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "{{\"goog:chromeOptions\": {{\"binary\": {:?}, \"args\": [{}]}}}}\n",
        binary.display().to_string(),
        quoted.join(", ")
    )
}
