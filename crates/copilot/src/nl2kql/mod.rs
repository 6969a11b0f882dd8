//! Natural language to KQL, deterministically: a question and the semantic catalog in, a query
//! that passes the schema checker out — with the reasons behind every part of it and a
//! confidence — or a plain "I did not understand" with what it can answer instead.
//!
//! The reading works on meaning rather than sentence templates: the question is cut into words
//! and typed values (IPs, hashes, file names...), tables are scored by the evidence of their
//! names, descriptions, known values and analysts' synonyms, values are bound to the most plausible
//! column by shape and nearby words, and time windows, aggregations, ordering and projections are
//! read from their cue words. [`model`] adds an optional language model behind the same guarantees.

// Token positions are the natural index when reading a question left to right.
#![allow(clippy::needless_range_loop)]

mod absence;
mod assemble;
mod described_values;
mod filters;
mod intent;
mod mentions;
pub mod metrics;
pub mod model;
mod said;
mod semantic_catalog;
mod senses;
mod tables;
mod text;
mod time;
mod unions;
mod well_known_values;

use serde::Serialize;

pub use semantic_catalog::{merge_yaml, schema_from_json, CatalogError, Nl2KqlCatalog};

/// The signed-in analyst ("me").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Identity {
    /// User principal name, e.g. `alice@contoso.com`.
    pub upn: String,
    pub display_name: Option<String>,
    pub object_id: Option<String>,
}

/// The kind of a named identifier from the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityKind {
    Incident,
    Alert,
    Ip,
    User,
    Host,
    Domain,
    Url,
    FileName,
    FileHash,
}

/// An identifier named earlier in the conversation ("incident 42", "10.1.2.3").
#[derive(Clone, Debug, PartialEq)]
pub struct NamedEntity {
    pub kind: EntityKind,
    pub value: String,
}

/// What the generator knows beyond the question.
#[derive(Clone, Debug, Default)]
pub struct Nl2KqlContext {
    pub me: Option<Identity>,
    /// Identifiers named earlier in the conversation, oldest first (the last one of a kind is what
    /// "that incident" or "the same IP" refers to).
    pub entities: Vec<NamedEntity>,
    /// Now, in seconds since the Unix epoch (UTC); anchors "since Monday" and "in March".
    pub now: i64,
}

/// Which part of the query a step explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Table,
    Join,
    Time,
    Filter,
    Context,
    Latest,
    Aggregation,
    Grouping,
    Order,
    Limit,
    Projection,
    Chart,
    Workspace,
    Caveat,
}

/// One line of "the logic behind the query": which words led to which part.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplanationStep {
    pub aspect: Aspect,
    /// The words of the question this came from (empty when it is a default).
    pub words: String,
    /// What was decided, in plain words, naming the KQL it produced.
    pub decision: String,
}

/// A query that passed the schema checker.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GeneratedQuery {
    pub kql: String,
    pub explanation: Vec<ExplanationStep>,
    /// How sure the generator is, in [0, 1].
    pub confidence: f32,
    /// The tables the query reads.
    pub tables: Vec<String>,
    /// A workspace the question named ("in workspace contoso-soc"), for the caller to route to.
    pub workspace: Option<String>,
}

/// Why no query was returned, and what to ask instead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Abstention {
    /// Words or values of the question that could not be placed.
    pub not_understood: Vec<String>,
    /// The kinds of data it can answer about (table, in words).
    pub can_answer: Vec<String>,
    /// Questions it can answer, similar to this one.
    pub examples: Vec<String>,
    /// When a language model was asked first: why its answer could not be used.
    pub model_problem: Option<String>,
}

/// The outcome of a question.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Generation {
    Query(GeneratedQuery),
    Abstain(Abstention),
}

impl Generation {
    /// The query, if one was generated.
    pub fn query(&self) -> Option<&GeneratedQuery> {
        match self {
            Generation::Query(q) => Some(q),
            Generation::Abstain(_) => None,
        }
    }
}

/// Below this confidence the generator abstains rather than guess.
pub const MIN_CONFIDENCE: f32 = 0.2;

/// Turns a question into a checked KQL query, or abstains.
pub fn generate(question: &str, catalog: &Nl2KqlCatalog, ctx: &Nl2KqlContext) -> Generation {
    let tokens = text::tokenize(question);
    let mut used = vec![false; tokens.len()];
    let mut window = time::find_window(&tokens, ctx.now);
    if let Some(w) = &window {
        for &i in &w.used {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
        }
    }
    let absence = absence::read(catalog, &tokens, &mut window, &mut used);
    let choice = tables::choose(catalog, &tokens, &used);
    let Some(mut choice) = choice else {
        return Generation::Abstain(abstain(catalog, &tokens, &used, None));
    };
    // Two kinds of record side by side are read as a union; otherwise the records the question
    // also names are joined.
    let union = unions::union_partner(catalog, &tokens, &choice);
    let mut joins: Vec<tables::JoinPlan> = Vec::new();
    if union.is_none() {
        joins.extend(
            unions::things_with_both(catalog, &tokens, &used, &choice)
                .or_else(|| tables::join_partner(catalog, &tokens, &mut choice))
                .or_else(|| tables::sibling_join(catalog, &tokens, &used, &mut choice)),
        );
        if joins.is_empty() {
            joins.extend(tables::column_partner(
                catalog,
                &tokens,
                &used,
                &choice,
                &[choice.table],
            ));
        }
        if let Some(third) = tables::third_table(catalog, &tokens, &choice, &joins) {
            joins.push(third);
        } else if let [j] = joins.as_slice() {
            // Or a column that neither table read has, from a third that shares a key.
            let read = [j.left, j.right];
            joins.extend(tables::column_partner(
                catalog, &tokens, &used, &choice, &read,
            ));
        }
    }
    let plan = assemble::plan(
        question,
        catalog,
        &tokens,
        &mut used,
        &choice,
        window,
        absence.as_ref(),
        &joins,
        union.as_ref(),
        ctx,
    );
    match plan {
        Ok(q) if q.confidence >= MIN_CONFIDENCE => {
            let problems = assemble::check(&q.kql, catalog);
            if problems.is_empty() {
                Generation::Query(q)
            } else {
                let mut a = abstain(catalog, &tokens, &used, Some(&choice));
                a.not_understood.push(format!(
                    "could not build a query that passes the schema check ({})",
                    problems.join("; ")
                ));
                Generation::Abstain(a)
            }
        }
        Ok(_) | Err(_) => {
            let mut a = abstain(catalog, &tokens, &used, Some(&choice));
            if let Err(e) = plan {
                a.not_understood.push(e);
            }
            Generation::Abstain(a)
        }
    }
}

fn abstain(
    catalog: &Nl2KqlCatalog,
    tokens: &[text::Token],
    used: &[bool],
    choice: Option<&tables::TableChoice>,
) -> Abstention {
    let mut not_understood: Vec<String> = tokens
        .iter()
        .zip(used)
        .filter(|(t, u)| {
            !**u && (t.shape == text::Shape::Word
                && !text::is_stopword(&t.lower)
                && t.lower.len() > 2
                || t.shape.is_value())
        })
        .filter(|(t, _)| {
            let mut out = Vec::new();
            catalog.lookup(&t.stem, &t.lower, &mut out);
            out.is_empty() || t.shape.is_value()
        })
        .map(|(t, _)| t.raw.to_string())
        .collect();
    if not_understood.is_empty() && choice.is_none() {
        not_understood.push("which data the question is about: no table matches its words".into());
    }
    let mut can_answer: Vec<String> = catalog
        .tables
        .iter()
        .take(40)
        .map(|t| {
            let about = t
                .description
                .split(['.', ';'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if about.is_empty() {
                t.name.clone()
            } else {
                format!("{}: {}", t.name, about)
            }
        })
        .collect();
    can_answer.sort();
    let mut examples: Vec<String> = senses::EXAMPLES
        .iter()
        .filter(|(t, _)| catalog.table_index(t).is_some())
        .map(|(_, q)| q.to_string())
        .collect();
    if examples.len() < 3 {
        for t in catalog.tables.iter().take(3 - examples.len()) {
            examples.push(format!("Show {} from the last 24 hours", t.name));
        }
    }
    examples.truncate(5);
    Abstention {
        not_understood,
        can_answer,
        examples,
        model_problem: None,
    }
}

/// Whether `query` passes the schema checker against the catalog.
pub fn passes_check(query: &str, catalog: &Nl2KqlCatalog) -> bool {
    assemble::check(query, catalog).is_empty()
}

/// Whether `query` parses as KQL.
pub fn parses(query: &str) -> bool {
    assemble::syntax_errors(query).is_empty()
}

/// The table scores for a question, best first (for tuning and tests).
#[doc(hidden)]
pub fn table_scores(question: &str, catalog: &Nl2KqlCatalog) -> Vec<(String, f32)> {
    let tokens = text::tokenize(question);
    let used = vec![false; tokens.len()];
    let Some(c) = tables::choose(catalog, &tokens, &used) else {
        return Vec::new();
    };
    let mut v: Vec<(String, f32)> = catalog
        .tables
        .iter()
        .zip(&c.scores)
        .map(|(t, s)| (t.name.clone(), *s))
        .collect();
    v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    v.truncate(4);
    v
}
