//! Countries as analysts name them ("China", "the US", "Russian") with their ISO 3166 two-letter
//! codes, so a place in the question can filter a country column in whichever spelling the
//! catalog says it holds.

use super::super::semantic_catalog::{ColumnSense, HashMap, TableSense};
use super::super::text::joined_raw;
use super::super::text::Token;
use super::comparisons::is_negation;
use super::literals::{ident, string_literal};
use super::Filter;

/// A country: its usual English name and its ISO 3166-1 alpha-2 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Country {
    pub name: &'static str,
    pub code: &'static str,
}

/// (words as typed in lower case, name, code). Codes typed as words count only in capitals and
/// only where they cannot be an English word ("US", "UK"; never "in", "it", "no").
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("united states of america", "United States", "US"),
    ("united states", "United States", "US"),
    ("america", "United States", "US"),
    ("american", "United States", "US"),
    ("united kingdom", "United Kingdom", "GB"),
    ("great britain", "United Kingdom", "GB"),
    ("britain", "United Kingdom", "GB"),
    ("british", "United Kingdom", "GB"),
    ("england", "United Kingdom", "GB"),
    ("china", "China", "CN"),
    ("chinese", "China", "CN"),
    ("russia", "Russia", "RU"),
    ("russian federation", "Russia", "RU"),
    ("russian", "Russia", "RU"),
    ("north korea", "North Korea", "KP"),
    ("north korean", "North Korea", "KP"),
    ("south korea", "South Korea", "KR"),
    ("korea", "South Korea", "KR"),
    ("iran", "Iran", "IR"),
    ("iranian", "Iran", "IR"),
    ("india", "India", "IN"),
    ("germany", "Germany", "DE"),
    ("france", "France", "FR"),
    ("japan", "Japan", "JP"),
    ("japanese", "Japan", "JP"),
    ("canada", "Canada", "CA"),
    ("canadian", "Canada", "CA"),
    ("mexico", "Mexico", "MX"),
    ("brazil", "Brazil", "BR"),
    ("brazilian", "Brazil", "BR"),
    ("argentina", "Argentina", "AR"),
    ("colombia", "Colombia", "CO"),
    ("chile", "Chile", "CL"),
    ("australia", "Australia", "AU"),
    ("australian", "Australia", "AU"),
    ("new zealand", "New Zealand", "NZ"),
    ("ukraine", "Ukraine", "UA"),
    ("ukrainian", "Ukraine", "UA"),
    ("belarus", "Belarus", "BY"),
    ("poland", "Poland", "PL"),
    ("netherlands", "Netherlands", "NL"),
    ("holland", "Netherlands", "NL"),
    ("dutch", "Netherlands", "NL"),
    ("belgium", "Belgium", "BE"),
    ("spain", "Spain", "ES"),
    ("portugal", "Portugal", "PT"),
    ("italy", "Italy", "IT"),
    ("ireland", "Ireland", "IE"),
    ("switzerland", "Switzerland", "CH"),
    ("austria", "Austria", "AT"),
    ("sweden", "Sweden", "SE"),
    ("norway", "Norway", "NO"),
    ("denmark", "Denmark", "DK"),
    ("finland", "Finland", "FI"),
    ("greece", "Greece", "GR"),
    ("czech republic", "Czechia", "CZ"),
    ("czechia", "Czechia", "CZ"),
    ("hungary", "Hungary", "HU"),
    ("romania", "Romania", "RO"),
    ("bulgaria", "Bulgaria", "BG"),
    ("turkey", "Turkey", "TR"),
    ("israel", "Israel", "IL"),
    ("egypt", "Egypt", "EG"),
    ("nigeria", "Nigeria", "NG"),
    ("south africa", "South Africa", "ZA"),
    ("kenya", "Kenya", "KE"),
    ("saudi arabia", "Saudi Arabia", "SA"),
    ("united arab emirates", "United Arab Emirates", "AE"),
    ("pakistan", "Pakistan", "PK"),
    ("bangladesh", "Bangladesh", "BD"),
    ("kazakhstan", "Kazakhstan", "KZ"),
    ("vietnam", "Vietnam", "VN"),
    ("thailand", "Thailand", "TH"),
    ("malaysia", "Malaysia", "MY"),
    ("singapore", "Singapore", "SG"),
    ("indonesia", "Indonesia", "ID"),
    ("philippines", "Philippines", "PH"),
    ("taiwan", "Taiwan", "TW"),
    ("hong kong", "Hong Kong", "HK"),
];

/// Codes an analyst types as a word, in capitals.
const TYPED_CODES: &[(&str, &str, &str)] = &[
    ("US", "United States", "US"),
    ("USA", "United States", "US"),
    ("UK", "United Kingdom", "GB"),
    ("GB", "United Kingdom", "GB"),
    ("UAE", "United Arab Emirates", "AE"),
    ("PRC", "China", "CN"),
    ("DPRK", "North Korea", "KP"),
];

/// The country named by the tokens starting at `i`, with how many tokens name it.
pub(crate) fn country_at(tokens: &[Token], i: usize) -> Option<(Country, usize)> {
    let t = tokens.get(i)?;
    if let Some(&(_, name, code)) = TYPED_CODES.iter().find(|(w, _, _)| t.raw == *w) {
        return Some((Country { name, code }, 1));
    }
    // "U.S." and "U.K." keep their dots as one token.
    match t.raw.trim_end_matches('.') {
        "U.S" => {
            return Some((
                Country {
                    name: "United States",
                    code: "US",
                },
                1,
            ))
        }
        "U.K" => {
            return Some((
                Country {
                    name: "United Kingdom",
                    code: "GB",
                },
                1,
            ))
        }
        _ => {}
    }
    // Most words are no country: compare the first word before anything else.
    if t.lower.len() < 4 || !t.lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut best: Option<(Country, usize)> = None;
    let entries = countries_by_first_word().get(t.lower.as_str())?;
    for &(words, name, code) in entries.iter().map(|&e| &COUNTRIES[e]) {
        let first_word = words
            .strip_prefix(t.lower.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
        if !first_word {
            continue;
        }
        let n = words.split(' ').count();
        if best.is_some_and(|(_, b)| b >= n) || i + n > tokens.len() {
            continue;
        }
        if words
            .split(' ')
            .zip(&tokens[i..i + n])
            .all(|(w, t)| t.lower == w)
        {
            best = Some((Country { name, code }, n));
        }
    }
    best
}

/// The entries of [`COUNTRIES`] by their first word, in their order: most words begin none.
fn countries_by_first_word() -> &'static HashMap<&'static str, Vec<usize>> {
    static BY_FIRST: std::sync::OnceLock<HashMap<&'static str, Vec<usize>>> =
        std::sync::OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let mut by_first: HashMap<&'static str, Vec<usize>> = HashMap::default();
        for (e, (words, _, _)) in COUNTRIES.iter().enumerate() {
            let first = words.split(' ').next().unwrap_or(words);
            by_first.entry(first).or_default().push(e);
        }
        by_first
    })
}

/// "in China", "outside the US", "Russian sign-ins": a country filters the table's country column,
/// spelled as its catalog description says the column holds it (a two-letter code, a name, or
/// either).
pub(super) fn countries(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    // Most questions name no country: the column is looked for only when one does.
    if !(0..tokens.len()).any(|i| !used[i] && country_at(tokens, i).is_some()) {
        return;
    }
    let Some((ci, c)) = country_column(table) else {
        return;
    };
    let desc = &c.description_lower;
    let bare = c.name == "Location" && !desc.contains("country");
    let code = desc.contains("two-letter")
        || desc.contains("2-letter")
        || c.name.ends_with("Code")
        || bare;
    let either = code && (desc.contains("name") || bare);
    let free_text = !code && !c.name.contains("Country");
    let mut i = 0;
    while i < tokens.len() {
        let Some((country, n)) = (!used[i])
            .then(|| country_at(tokens, i))
            .flatten()
            .filter(|(_, n)| (i..i + n).all(|k| !used[k]))
        else {
            i += 1;
            continue;
        };
        let lead = (i.saturating_sub(3)..i)
            .rev()
            .take_while(|&k| !used[k])
            .collect::<Vec<_>>();
        let negated = lead.iter().any(|&k| {
            let w = tokens[k].lower.as_str();
            w == "outside" || is_negation(w)
        });
        let mut values = Vec::new();
        if !code || either {
            values.push(string_literal(country.name));
        }
        if code {
            values.push(string_literal(country.code));
        }
        // A column that holds names or codes as entered may also hold the name's other
        // abbreviations ("USA", "UK"; not "PRC" for China).
        if either {
            for (alias, name, code) in TYPED_CODES {
                if *name == country.name
                    && *code != *alias
                    && alias.as_bytes().first() == name.as_bytes().first()
                {
                    values.push(string_literal(alias));
                }
            }
        }
        let words = joined_raw(tokens, i, i + n);
        for k in i..i + n {
            used[k] = true;
        }
        if let Some(f) = filters
            .iter_mut()
            .find(|f| f.column == Some(ci) && f.negated == negated)
        {
            f.values.extend(values);
            f.words.push_str(&format!(", {words}"));
        } else {
            filters.push(Filter {
                lhs: ident(&c.name),
                column: Some(ci),
                op: if free_text { "has" } else { "==" },
                negated,
                values,
                all: false,
                words,
                why: format!(
                    "a country, as {} holds it ({})",
                    c.name,
                    if either {
                        "a name or a two-letter code"
                    } else if code {
                        "a two-letter code"
                    } else {
                        "a name"
                    }
                ),
            });
        }
        i += n;
    }
}

/// The column that holds the country of a record: named for it, else a location whose
/// description speaks of countries.
pub(super) fn country_column(table: &TableSense) -> Option<(usize, &ColumnSense)> {
    let mut best: Option<(u8, usize, &ColumnSense)> = None;
    for (ci, c) in table.columns.iter().enumerate() {
        if !c.is_text() {
            continue;
        }
        let rank = if c.name == "Country" || c.name == "CountryCode" {
            0
        } else if c.name.contains("Country") && !c.name.starts_with("Initiating") {
            1
        } else if (c.name.contains("Location") || c.name.contains("Region"))
            && c.description_lower.contains("country")
        {
            2
        } else if c.name == "Location" {
            // A bare location (Entra ID's sign-in records keep the country code there).
            3
        } else {
            continue;
        };
        if best.is_none_or(|(r, _, _)| rank < r) {
            best = Some((rank, ci, c));
        }
    }
    best.map(|(_, ci, c)| (ci, c))
}

#[cfg(test)]
mod tests {
    use super::super::super::text::tokenize;
    use super::*;

    #[test]
    fn names_adjectives_and_typed_codes() {
        let t = tokenize("logins from the United States or Russian hosts, not the US or us");
        let at = |i: usize| country_at(&t, i).map(|(c, n)| (c.code, n));
        assert_eq!(at(3), Some(("US", 2)));
        assert_eq!(at(6), Some(("RU", 1)));
        assert_eq!(at(10), Some(("US", 1)));
        // "us" in lower case is the pronoun.
        assert_eq!(at(12), None);
        assert_eq!(at(0), None);
    }
}
