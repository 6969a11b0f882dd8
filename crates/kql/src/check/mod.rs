//! The schema checker: resolves table, column, variable and function names through a query's
//! pipeline against a [`Catalog`], and reports what Kusto itself would reject — unknown names
//! (with a "did you mean"), wrong arity and clear type errors — with byte spans.
//!
//! It is deliberately conservative: where the result shape is not known statically (after
//! `evaluate bag_unpack`, `search`, a wildcard `union`...) it stops reporting unknown columns
//! rather than guessing.

mod naming;
mod scalar;
mod scope;
mod tabular;

use std::collections::HashMap;

use crate::ast::{self, Span};
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::Catalog;

use scope::Scope;

/// Parses and checks a query: the parser's diagnostics first, then the semantic ones.
///
/// Semantic diagnostics at or after the first syntax error are dropped, since they are usually
/// echoes of it.
pub fn check(source: &str, catalog: &Catalog) -> Vec<Diagnostic> {
    let parsed = crate::parse(source);
    let mut out = parsed.diagnostics;
    let first_syntax_error = out
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.span.start)
        .min();
    let semantic = check_query(&parsed.query, catalog);
    out.extend(
        semantic
            .into_iter()
            .filter(|d| first_syntax_error.is_none_or(|at| d.span.end <= at)),
    );
    out
}

/// Checks a parsed query against the catalog and returns the semantic diagnostics.
pub fn check_query(query: &ast::Query, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut checker = Checker::new(catalog);
    checker.statements(&query.statements);
    checker.diagnostics
}

/// What a query produces, as far as the checker can tell: for the editor's completion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutputShape {
    /// The columns of the last tabular statement, with their types when known.
    pub columns: Vec<(String, Option<crate::value::DataType>)>,
    /// Whether more columns may exist than are listed.
    pub open: bool,
    /// Values the catalog says each listed column takes, by column name.
    pub known_values: Vec<(String, Vec<String>)>,
    /// Names bound by `let` statements, sorted.
    pub lets: Vec<String>,
}

/// The shape of the rows a query's last statement produces (`None` when it is scalar or does
/// not parse into a statement).
pub fn output_shape(source: &str, catalog: &Catalog) -> Option<OutputShape> {
    let parsed = crate::parse(source);
    let mut checker = Checker::new(catalog);
    let last = checker.statements(&parsed.query.statements);
    let mut lets: Vec<String> = checker.scope.names().map(|(n, _)| n.to_string()).collect();
    lets.sort();
    lets.dedup();
    match last {
        scope::Value::Table(schema) => Some(OutputShape {
            known_values: schema
                .columns
                .iter()
                .filter_map(|c| c.known.map(|k| (c.name.to_string(), k.to_vec())))
                .collect(),
            columns: schema
                .columns
                .into_iter()
                .map(|c| (c.name.into_owned(), c.ty))
                .collect(),
            open: schema.open,
            lets,
        }),
        _ if parsed.query.statements.is_empty() || lets.is_empty() => None,
        _ => Some(OutputShape {
            lets,
            ..OutputShape::default()
        }),
    }
}

/// Walks a query, carrying the names in scope and the diagnostics found so far.
struct Checker<'a> {
    catalog: &'a Catalog,
    scope: Scope<'a>,
    diagnostics: Vec<Diagnostic>,
    /// While positive, diagnostics are not recorded (re-evaluating a function body at a call).
    quiet: u32,
    /// Nesting of user-function expansions, bounded to stop runaway recursion.
    depth: u32,
    /// Results of user functions with scalar parameters only, by definition.
    expansions: HashMap<*const ast::FunctionDef, scope::Value<'a>>,
}

impl<'a> Checker<'a> {
    fn new(catalog: &'a Catalog) -> Checker<'a> {
        Checker {
            catalog,
            scope: Scope::default(),
            diagnostics: Vec::new(),
            quiet: 0,
            depth: 0,
            expansions: HashMap::new(),
        }
    }

    fn error(&mut self, message: impl Into<String>, span: Span) {
        if self.quiet == 0 {
            self.diagnostics.push(Diagnostic::error(message, span));
        }
    }

    /// Checks `;`-separated statements in order, binding `let` names as it goes. Returns what the
    /// last expression statement produces.
    fn statements(&mut self, statements: &'a [ast::Statement]) -> scope::Value<'a> {
        let mut last = scope::Value::Scalar(None);
        for statement in statements {
            match statement {
                ast::Statement::Let(l) => self.let_statement(l),
                ast::Statement::Set(s) => {
                    if let Some(v) = &s.value {
                        let _ = self.scalar(v, &scalar::Row::None);
                    }
                }
                ast::Statement::DeclareQueryParameters { params, .. } => {
                    for p in params {
                        let value = scope::param_value(p);
                        self.scope.bind(&p.name.name, value);
                    }
                }
                ast::Statement::Expression(e) => last = self.value(e),
            }
        }
        last
    }

    fn let_statement(&mut self, l: &'a ast::LetStatement) {
        if self.scope.bound_here(&l.name.name) {
            self.error(
                format!(
                    "`{}` is already declared by an earlier `let`; use another name",
                    l.name.name
                ),
                l.name.span,
            );
        }
        let value = match &l.value {
            ast::LetValue::Expr(e) => self.value(e),
            ast::LetValue::Function(def) | ast::LetValue::View(def) => {
                // Check the body once, with parameters of their declared types.
                self.scope.push();
                for p in &def.params {
                    if let Some(d) = &p.default {
                        let _ = self.scalar(d, &scalar::Row::None);
                    }
                    self.scope.bind(&p.name.name, scope::param_value(p));
                }
                self.statements(&def.body);
                self.scope.pop();
                scope::Value::Function(def)
            }
        };
        self.scope.bind(&l.name.name, value);
    }

    /// Checks an expression that may be tabular or scalar, as in a `let` or a statement.
    fn value(&mut self, e: &'a ast::Expr) -> scope::Value<'a> {
        // A bare unknown name at statement level is most likely a misspelled table.
        let unknown_name = matches!(e, ast::Expr::Name(id) if self.scope.get(&id.name).is_none());
        if unknown_name || self.is_tabular(e) {
            scope::Value::Table(self.tabular_expr(e))
        } else {
            scope::Value::Scalar(self.scalar(e, &scalar::Row::None))
        }
    }
}

#[cfg(test)]
mod tests;
