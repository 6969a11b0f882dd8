//! The history of queries the analyst ran, newest first, kept in this browser (queries only —
//! never results or tokens).

/// How many queries are kept.
pub const MAX_QUERIES: usize = 50;

const KEY: &str = "sentinel-copilot.kql-history";

/// Puts `query` first, removing an earlier identical run, and keeps at most [`MAX_QUERIES`].
pub fn remember(history: &mut Vec<String>, query: &str) {
    let query = query.trim();
    if query.is_empty() {
        return;
    }
    history.retain(|q| q != query);
    history.insert(0, query.to_string());
    history.truncate(MAX_QUERIES);
}

/// The first line of a query, shortened, for a list of past queries.
pub fn label(query: &str) -> String {
    let line = query.lines().next().unwrap_or("").trim();
    let more = query.lines().nth(1).is_some();
    let mut out: String = line.chars().take(70).collect();
    if more || line.chars().count() > 70 {
        out.push('…');
    }
    out
}

/// The saved history (empty when there is none or storage is unavailable).
pub fn load() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Saves the history; storage being full or disabled only loses the history.
pub fn save(history: &[String]) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(history)) {
        let _ = storage.set_item(KEY, &text);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_repeats_and_bounded() {
        let mut h = Vec::new();
        remember(&mut h, "A | take 1");
        remember(&mut h, "B | take 1");
        remember(&mut h, "  A | take 1\n");
        remember(&mut h, "   ");
        assert_eq!(h, vec!["A | take 1", "B | take 1"]);
        for i in 0..100 {
            remember(&mut h, &format!("T | take {i}"));
        }
        assert_eq!(h.len(), MAX_QUERIES);
        assert_eq!(h[0], "T | take 99");
    }

    #[test]
    fn labels_are_one_short_line() {
        assert_eq!(label("SigninLogs\n| take 5"), "SigninLogs…");
        assert_eq!(label("print 1"), "print 1");
        assert_eq!(label(&"x".repeat(100)).chars().count(), 71);
    }
}
