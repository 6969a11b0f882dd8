//! Feedback on answers: the analyst's verdict and comment, exported as JSON lines. Keeping it is
//! the app's job; this is the model and its format.

use serde::{Deserialize, Serialize};

/// The analyst's verdict on an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    LooksRight,
    NeedsImprovement,
    Inappropriate,
}

/// Feedback on one answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Feedback {
    pub answer_id: String,
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was given, ISO 8601 UTC.
    pub at: String,
}

impl Feedback {
    /// Feedback given at `now_ticks`.
    pub fn new(
        answer_id: impl Into<String>,
        verdict: Verdict,
        comment: Option<String>,
        now_ticks: i64,
    ) -> Feedback {
        Feedback {
            answer_id: answer_id.into(),
            verdict,
            comment: comment.filter(|c| !c.trim().is_empty()),
            at: sentinel::time::format_datetime(now_ticks),
        }
    }
}

/// One JSON object per line, newest last.
pub fn to_json_lines(items: &[Feedback]) -> String {
    let mut out = String::new();
    for f in items {
        out.push_str(&serde_json::to_string(f).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// Reads JSON lines back; a bad line is an error naming its line number.
pub fn from_json_lines(text: &str) -> Result<Vec<Feedback>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_round_trips_as_json_lines() {
        let items = vec![
            Feedback::new("a1", Verdict::LooksRight, None, 0),
            Feedback::new(
                "a2",
                Verdict::Inappropriate,
                Some("wrong user\nnamed".into()),
                10_000_000,
            ),
        ];
        let text = to_json_lines(&items);
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("\"verdict\":\"Inappropriate\""));
        assert_eq!(from_json_lines(&text).unwrap(), items);
        assert!(from_json_lines("{}\n").unwrap_err().starts_with("line 1"));
    }
}
