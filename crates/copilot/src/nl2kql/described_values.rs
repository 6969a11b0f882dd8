//! Values a column's description lists ("Possible values are Windows or Linux", "such as GET or
//! POST", "either High, Medium, or Low"), for catalogs that give no value list of their own: they
//! are then known values like any other, so "outbound connections" binds `Direction`.

/// What introduces a list of values in a description, most telling first.
const CUES: &[&str] = &[
    "one of the following values:",
    "following values are possible:",
    "the following values:",
    "possible values are",
    "possible values include",
    "values are possible:",
    "values include",
    "values are",
    "value is",
    "one of",
    "either",
    "such as",
    // "Environment that hosts the computer: Azure or Non-Azure"
    ":",
];

/// The values a description lists after one of [`CUES`]; empty unless it lists at least two and
/// every item reads as a value (a word, or a few capitalised words) rather than prose.
pub(crate) fn described_values(description: &str) -> Vec<String> {
    let lower = description.to_ascii_lowercase();
    for cue in CUES {
        let mut from = 0;
        while let Some(at) = lower[from..].find(cue) {
            let start = from + at;
            from = start + cue.len();
            let boundary =
                start == 0 || *cue == ":" || !lower.as_bytes()[start - 1].is_ascii_alphanumeric();
            if !boundary {
                continue;
            }
            if let Some(values) = list_at(&description[from..]) {
                return values;
            }
        }
    }
    Vec::new()
}

/// The list at the start of `text`, up to the end of its sentence.
fn list_at(text: &str) -> Option<Vec<String>> {
    let text = text.trim_start().trim_start_matches(':').trim_start();
    let end = [". ", ";", "(", "\n"]
        .iter()
        .filter_map(|p| text.find(p))
        .min()
        .unwrap_or(text.len());
    let clause = text[..end].trim().trim_end_matches('.').trim();
    let items: Vec<&str> = if clause.contains([',', ';']) || clause.contains(" or ") {
        clause
            .split([',', ';'])
            .flat_map(|p| p.split(" or "))
            // "a, b and c"
            .flat_map(|p| p.split(" and "))
            .map(|p| {
                let p = p.trim();
                p.strip_prefix("or ")
                    .or_else(|| p.strip_prefix("and "))
                    .unwrap_or(p)
                    .trim()
            })
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        // Words one after another, each a capitalised name: "White Green Amber Red".
        let words: Vec<&str> = clause.split_whitespace().collect();
        if words.len() < 3 || !words.iter().all(|w| starts_upper(w)) {
            return None;
        }
        words
    };
    (items.len() >= 2 && items.iter().all(|i| value_like(i)))
        .then(|| items.iter().map(|i| i.to_string()).collect())
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// A word ("IAMUser", "inbound", "us-east-1"), or up to four words each capitalised ("Azure
/// Monitor Agent"); not prose ("the record size", "not found").
fn value_like(item: &str) -> bool {
    let words: Vec<&str> = item.split_whitespace().collect();
    let word_ok = |w: &str| {
        w.chars().any(|c| c.is_ascii_alphanumeric())
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    };
    match words.as_slice() {
        [] => false,
        [w] => {
            word_ok(w)
                && !matches!(
                    w.to_ascii_lowercase().as_str(),
                    "the" | "a" | "an" | "not" | "none" | "other" | "others" | "etc" | "more"
                )
        }
        ws if ws.len() <= 4 => ws.iter().all(|w| {
            word_ok(w) && (starts_upper(w) || w.starts_with(|c: char| c.is_ascii_digit()))
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::described_values;

    #[test]
    fn lists_after_a_cue_are_values() {
        for (d, want) in [
            (
                "Possible values are Windows or Linux ",
                vec!["Windows", "Linux"],
            ),
            (
                "Direction of the connection value is inbound or outbound",
                vec!["inbound", "outbound"],
            ),
            (
                "The type of identity, such as Root, IAMUser, or Role.",
                vec!["Root", "IAMUser", "Role"],
            ),
            (
                "Severity, either High, Medium, or Low.",
                vec!["High", "Medium", "Low"],
            ),
            (
                "Traffic light level. Possible values are White Green Amber Red",
                vec!["White", "Green", "Amber", "Red"],
            ),
            (
                "Agent. Possible values include Azure Monitor Agent, Direct Agent or SCOM Agent",
                vec!["Azure Monitor Agent", "Direct Agent", "SCOM Agent"],
            ),
            ("The HTTP method, such as GET or POST.", vec!["GET", "POST"]),
            (
                "Environment that hosts the computer: Azure or Non-Azure",
                vec!["Azure", "Non-Azure"],
            ),
            (
                "Kind of the machine. Possible values are Kiosk, Laptop or Tower.",
                vec!["Kiosk", "Laptop", "Tower"],
            ),
            (
                "Shade of the lamp, one of amber, teal and violet.",
                vec!["amber", "teal", "violet"],
            ),
            (
                "Lamp shade. Possible values are Amber Teal Violet.",
                vec!["Amber", "Teal", "Violet"],
            ),
            (
                "How it rings: one of the following values: Bell, Chime.",
                vec!["Bell", "Chime"],
            ),
        ] {
            assert_eq!(described_values(d), want, "{d}");
        }
    }

    #[test]
    fn prose_ranges_and_single_values_are_not() {
        for d in [
            "Details such as app ID, authentication context, IP address, location",
            "Values are 0 - 100",
            "Possible values are 0 - 5 where 5 is the most severe",
            "The value is always Sign-in activity",
            "The protocol; value is tcp",
            "The key was either not found or invalid",
            "Either direct connect or Operations Manager managed",
            "Clients such as the AWS Management Console, an AWS service, or the AWS CLI",
            "such as a request to copy a blob",
            "The value is true, otherwise false",
            "The value of either the first header or the second header in the request.",
            "Possible values are 0 - 5 where 5 is the most severe.",
            "One of the actions of the service.",
            "The phone of the user, or none.",
            "",
        ] {
            assert!(
                described_values(d).is_empty(),
                "{d}: {:?}",
                described_values(d)
            );
        }
    }
}
