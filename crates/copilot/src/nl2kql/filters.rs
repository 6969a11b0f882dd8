//! Filters: values in the question (typed shapes, quoted strings, names after a cue word, known
//! enumeration values, "me", "that incident") bound to the column of the chosen table they most
//! plausibly belong to, with the comparison the words ask for.

use super::mentions::Mention;
use super::semantic_catalog::{ColumnSense, Nl2KqlCatalog, TableSense};
use super::text::Token;
use super::Nl2KqlContext;

mod accounts;
mod binding;
mod comparisons;
mod enums;
pub(crate) use enums::flag_words;
mod expiry;
mod extensions;
mod folders;
pub(crate) mod http;
mod inside;
mod lists;
mod literals;
mod names;
pub(crate) mod outcomes;
mod places;
mod presence;
mod programs;
mod protocols;
mod references;
mod scores;
mod search;
mod software;
mod typed;

pub(crate) use literals::ident;
pub(crate) use typed::{looks_like_host, looks_like_short_host, shape_columns};

/// One condition of the `where` clauses.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Filter {
    /// The column's name, or an expression over it (`tostring(Owner.userPrincipalName)`).
    pub lhs: String,
    pub column: Option<usize>,
    /// `==`, `=~`, `has`, `contains`, `startswith`, `endswith`, `matches regex`, `>`, `>=`, `<`,
    /// `<=`, `ipv4_is_in_range` (values are networks), or `isnotempty` (no values).
    pub op: &'static str,
    pub negated: bool,
    /// Literals, already in KQL form.
    pub values: Vec<String>,
    /// For several values with `has`: all of them rather than any.
    pub all: bool,
    /// The words it came from.
    pub words: String,
    /// Where the column came from, for the explanation.
    pub why: String,
}

impl Filter {
    /// `column <op> value` on the table's column `ci` (`c`), read from `words`; `value` is a KQL
    /// literal.
    pub(crate) fn one(
        ci: usize,
        c: &ColumnSense,
        op: &'static str,
        value: String,
        words: String,
        why: &str,
    ) -> Filter {
        Filter {
            lhs: literals::ident(&c.name),
            column: Some(ci),
            op,
            negated: false,
            values: vec![value],
            all: false,
            words,
            why: why.into(),
        }
    }

    /// The condition in KQL.
    pub(crate) fn kql(&self) -> String {
        let l = &self.lhs;
        let n = self.negated;
        if self.op == "isnotempty" {
            return format!("{}({l})", if n { "isempty" } else { "isnotempty" });
        }
        if self.op == "ipv4_is_in_range" {
            let call = match self.values.as_slice() {
                [v] => format!("ipv4_is_in_range({l}, {v})"),
                vs => format!("ipv4_is_in_any_range({l}, {})", vs.join(", ")),
            };
            return if n { format!("not({call})") } else { call };
        }
        if self.values.len() == 1 {
            let v = &self.values[0];
            return match (self.op, n) {
                ("==", true) => format!("{l} != {v}"),
                ("=~", true) => format!("{l} !~ {v}"),
                ("has" | "contains" | "startswith" | "endswith", true) => {
                    format!("{l} !{} {v}", self.op)
                }
                ("matches regex", true) => format!("not({l} matches regex {v})"),
                (">", true) => format!("{l} <= {v}"),
                (">=", true) => format!("{l} < {v}"),
                ("<", true) => format!("{l} >= {v}"),
                ("<=", true) => format!("{l} > {v}"),
                (op, _) => format!("{l} {op} {v}"),
            };
        }
        let list = self.values.join(", ");
        match self.op {
            "==" => format!("{l} {} ({list})", if n { "!in" } else { "in" }),
            "=~" => format!("{l} {} ({list})", if n { "!in~" } else { "in~" }),
            "has" => {
                let f = if self.all { "has_all" } else { "has_any" };
                if n {
                    format!("not({l} {f} ({list}))")
                } else {
                    format!("{l} {f} ({list})")
                }
            }
            op => {
                let joiner = if self.all { " and " } else { " or " };
                let parts: Vec<String> = self
                    .values
                    .iter()
                    .map(|v| format!("{l} {op} {v}"))
                    .collect();
                if n {
                    format!("not({})", parts.join(joiner))
                } else {
                    format!("({})", parts.join(joiner))
                }
            }
        }
    }
}

fn col_has(c: &ColumnSense, words: &[&str]) -> bool {
    c.words.iter().any(|w| words.contains(&w.as_str()))
}

/// Reads every filter the question asks for on `table`; marks the tokens it uses.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
    ctx: &Nl2KqlContext,
    not_understood: &mut Vec<String>,
) -> Vec<Filter> {
    let mut filters: Vec<Filter> = Vec::new();
    accounts::me(table, tokens, used, ctx, not_understood, &mut filters);
    accounts::owner(table, tokens, used, &mut filters);
    references::earlier(table, tokens, used, ctx, not_understood, &mut filters);
    places::countries(table, tokens, used, &mut filters);
    http::codes(table, tokens, used, &mut filters);
    outcomes::error_codes(table, tokens, used, &mut filters);
    outcomes::named_errors(table, tokens, used, &mut filters);
    expiry::expired(table, tokens, used, &mut filters);
    extensions::named_by_extension(table, tokens, used, &mut filters);
    programs::named(table, tokens, used, &mut filters);
    software::installed(table, tokens, used, &mut filters);
    folders::named(table, tokens, used, &mut filters);
    binding::values(
        cat,
        table,
        tokens,
        used,
        mentions,
        mention_used,
        not_understood,
        &mut filters,
    );
    presence::held(table, tokens, used, mentions, mention_used, &mut filters);
    presence::quality(table, tokens, used, mentions, mention_used, &mut filters);
    inside::word_in_column(table, tokens, used, mentions, mention_used, &mut filters);
    search::anywhere(cat, table, tokens, used, mentions, &mut filters);
    enums::flags(table, tokens, used, &mut filters);
    enums::compound_flags(table, tokens, used, &mut filters);
    outcomes::zero_for_success(table, tokens, used, &mut filters);
    outcomes::own_action(table, tokens, used, &mut filters);
    // Known values of enumerated columns: "failed", "high severity", "false positive".
    enums::known_values(cat, table, tokens, used, mentions, &mut filters);
    enums::described_values(table, tokens, used, &mut filters);
    enums::open_states(table, tokens, used, &mut filters);
    outcomes::other_than_success(table, tokens, used, &mut filters);
    outcomes::with_error(table, tokens, used, &mut filters);
    enums::levels(table, tokens, used, mentions, &mut filters);
    scores::numeric_levels(table, tokens, used, &mut filters);
    enums::states_of_records(table, tokens, used, &mut filters);
    accounts::whose_records(cat, table, tokens, used, &mut filters);
    accounts::run_as(table, tokens, used, &mut filters);
    protocols::named(table, tokens, used, &mut filters);
    protocols::by_port(table, tokens, used, &mut filters);
    protocols::legacy_auth(table, tokens, used, &mut filters);
    lists::continued(table, tokens, used, &mut filters);
    filters
}
