//! The gzipped size of what a browser downloads from `dist/`.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Prints each downloadable file of `dist/` with its raw and gzipped size, and the total of the
/// initial download. What the panel fetches later is listed apart: the sign-in module (`msal-*`),
/// fetched only when the panel signs someone in, and the worker (`sentinel-copilot-worker*`: the
/// demo workspace and the KQL engine), started once the panel is up, and the page's lazy chunks
/// (`sc-split-*.wasm`), fetched when a lazy function is first called. Host-page examples are not
/// part of the panel.
pub fn report(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{} is empty; run `cargo xtask dist` first",
            dist.display()
        ));
    }
    let (mut raw_total, mut gz_total) = (0usize, 0usize);
    println!("{:>10} {:>10}  file", "bytes", "gzip -9");
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let files: Vec<_> = files
        .into_iter()
        .filter(|p| !name(p).starts_with("host."))
        .collect();
    let later_reason = |p: &Path| {
        let n = name(p);
        if n.starts_with("msal-") {
            Some("on demand: sign-in")
        } else if n.starts_with("sentinel-copilot-worker") {
            Some("after start-up: the worker")
        } else if n.starts_with("sc-split-") && n.ends_with(".wasm") {
            Some("on first use: a lazy chunk of the page")
        } else {
            None
        }
    };
    let (later, files): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|p| later_reason(p).is_some());
    for path in &files {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let gz = gzip_len(&bytes);
        raw_total += bytes.len();
        gz_total += gz;
        println!(
            "{:>10} {:>10}  {}",
            bytes.len(),
            gz,
            path.strip_prefix(dist).unwrap_or(path).display()
        );
    }
    println!(
        "{raw_total:>10} {gz_total:>10}  total ({:.1} KiB gzipped; budget {} KB)",
        gz_total as f64 / 1024.0,
        INITIAL_BUDGET_BYTES / 1000
    );
    for path in &later {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        println!(
            "{:>10} {:>10}  {} ({})",
            bytes.len(),
            gzip_len(&bytes),
            path.strip_prefix(dist).unwrap_or(path).display(),
            later_reason(path).unwrap_or_default()
        );
    }
    within_budget(gz_total)
}

/// The most the initial download (wasm, JS, CSS; gzipped) may weigh: 350 KB.
pub const INITIAL_BUDGET_BYTES: usize = 350_000;

/// An error when the initial download is over [`INITIAL_BUDGET_BYTES`].
fn within_budget(gz_total: usize) -> Result<(), String> {
    if gz_total > INITIAL_BUDGET_BYTES {
        return Err(format!(
            "the initial download is {gz_total} bytes gzipped, over the budget of {INITIAL_BUDGET_BYTES}"
        ));
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_initial_download_has_a_budget() {
        assert!(within_budget(INITIAL_BUDGET_BYTES).is_ok());
        let over = within_budget(INITIAL_BUDGET_BYTES + 1).unwrap_err();
        assert!(over.contains("over the budget of 350000"), "{over}");
    }
}
