//! Words searched for: "contains bluedog" with no column named (any column), and more words
//! after a first ("contains cmd.exe, beacon and blue").

use super::super::mentions::Mention;
use super::super::semantic_catalog::{Nl2KqlCatalog, TableSense};
use super::super::text::{Shape, Token};
use super::comparisons::is_negation;
use super::literals::string_literal;
use super::names::value_like;
use super::Filter;

/// "evidence which contains bluedog": a searched-for word no column was named for is looked
/// for in every column.
pub(super) fn anywhere(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for i in 0..tokens.len().saturating_sub(1) {
        if !matches!(
            lw(i),
            "contains" | "contain" | "containing" | "mentions" | "mentioning" | "mention"
        ) {
            continue;
        }
        // "mentioning the ansible user": past an article.
        let j = if matches!(lw(i + 1), "the" | "a" | "an") && i + 2 < tokens.len() {
            i + 2
        } else {
            i + 1
        };
        let t = &tokens[j];
        let fits = match t.shape {
            Shape::Quoted | Shape::Identifier => true,
            Shape::Word => value_like(cat, tokens, j, true),
            _ => false,
        };
        // Not a column's name ("contain SHA1 info") nor a value the catalog knows for one.
        let names_column = table
            .columns
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(&t.raw))
            || mentions.iter().any(|m| (m.start..m.end).contains(&j));
        if used[j]
            || !fits
            || names_column
            || table.value_index.contains_key(t.lower.as_str())
            || filters.iter().any(|f| f.words.contains(t.raw.as_str()))
        {
            continue;
        }
        // "not containing x", "excluding anything mentioning x".
        let negated = (i.saturating_sub(3)..i).rev().any(|k| {
            is_negation(lw(k))
                && (k + 1..i).all(|x| {
                    matches!(
                        lw(x),
                        "anything"
                            | "something"
                            | "everything"
                            | "any"
                            | "all"
                            | "that"
                            | "which"
                            | "do"
                            | "does"
                            | "the"
                            | "events"
                            | "messages"
                            | "records"
                            | "lines"
                    )
                })
        });
        used[i..=j].fill(true);
        // A log of messages is searched in its message ("syslog mentioning ansible").
        let message = ["SyslogMessage", "RenderedDescription", "Message"]
            .iter()
            .find_map(|n| table.column(n).filter(|(_, c)| c.is_text()));
        let mut f = match message {
            Some((ci, c)) => Filter {
                negated,
                why: "a word to look for in the message".into(),
                ..Filter::one(
                    ci,
                    c,
                    "has",
                    string_literal(&t.raw),
                    format!("{} {}", tokens[i].raw, t.raw),
                    "",
                )
            },
            None => Filter {
                lhs: "*".into(),
                column: None,
                op: "contains",
                negated,
                values: vec![string_literal(&t.raw)],
                all: false,
                words: format!("{} {}", tokens[i].raw, t.raw),
                why: "a word to look for with no column named: any column".into(),
            },
        };
        more_search_words(cat, tokens, used, j + 1, &mut f);
        filters.push(f);
    }
}

/// More words searched for in the same way after a first one: "contains cmd.exe, beacon and
/// blue", "url contains contoso.com or filedrop". Words the catalog knows end the list.
pub(super) fn more_search_words(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &mut [bool],
    mut j: usize,
    f: &mut Filter,
) {
    // A list with commas in it ("cmd.exe, beacon and blue") ends with whatever word follows its
    // last "and" / "or".
    let mut commas = false;
    loop {
        let mut k = j;
        let mut joiners = Vec::new();
        while k < tokens.len()
            && k < j + 2
            && matches!(tokens[k].lower.as_str(), "," | "or" | "and")
        {
            joiners.push(tokens[k].lower.as_str());
            k += 1;
        }
        // The tokenizer trims a comma off the word before it ("cmd.exe, beacon"): one more
        // byte between the two tokens than the space.
        let comma_before = k == j
            && j > 0
            && tokens
                .get(j)
                .is_some_and(|t| t.start == tokens[j - 1].end + 2);
        if (joiners.is_empty() && !comma_before) || k >= tokens.len() || used[k] {
            return;
        }
        commas |= comma_before || joiners.contains(&",");
        let last = commas && joiners.iter().any(|w| matches!(*w, "and" | "or"));
        let t = &tokens[k];
        let fits = match t.shape {
            Shape::Quoted | Shape::Identifier | Shape::FileName | Shape::Domain | Shape::Url => {
                true
            }
            Shape::Word => value_like(cat, tokens, k, last),
            _ => false,
        };
        if !fits {
            return;
        }
        let lit = string_literal(&t.raw);
        if !f.values.contains(&lit) {
            f.values.push(lit);
            f.words
                .push_str(&format!(" {} {}", joiners.join(" "), t.raw));
            if joiners.contains(&"and") && !joiners.contains(&"or") {
                f.all = true;
            }
        }
        for x in j..=k {
            used[x] = true;
        }
        j = k + 1;
    }
}
