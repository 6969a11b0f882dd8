//! Statements: `let`, `set`, `declare query_parameters`, and query expressions.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;
use crate::value::DataType;

impl<'a> Parser<'a> {
    /// query := statement (`;` statement)* [`;`]
    pub(crate) fn parse_query(&mut self) -> Query {
        let mut statements = Vec::new();
        loop {
            if self.is_punct(";") {
                let t = self.bump();
                self.error_at("empty statement: remove this `;`", t.span);
                continue;
            }
            if self.at_eof() {
                break;
            }
            let before = self.pos;
            match self.parse_statement() {
                Ok(s) => statements.push(s),
                Err(_) => self.recover_to_statement(),
            }
            if self.at_eof() {
                break;
            }
            if self.eat_punct(";") {
                continue;
            }
            {
                let t = self.peek().clone();
                let msg = match &t.tok {
                    Tok::Punct(")") => "unbalanced `)`: no matching `(`".to_string(),
                    Tok::Punct("]") => "unbalanced `]`: no matching `[`".to_string(),
                    Tok::Punct("}") => "unbalanced `}`: no matching `{`".to_string(),
                    _ => format!(
                        "expected `;` or `|` before {} (is a `;` missing between statements?)",
                        self.describe(&t)
                    ),
                };
                self.error_at(msg, t.span);
                self.recover_to_statement();
                if self.pos == before && !self.at_eof() && !self.is_punct(";") {
                    self.bump();
                }
                self.eat_punct(";");
            }
        }
        Query {
            statements,
            span: Span::new(0, self.src.len()),
        }
    }

    pub(crate) fn parse_statement(&mut self) -> PResult<Statement> {
        if self.is_word("let") {
            return self.parse_let().map(Statement::Let);
        }
        if self.is_word("set") && self.peek_at(1).tok == Tok::Ident {
            return self.parse_set();
        }
        if self.is_word("declare") && self.is_word_at(1, "query_parameters") {
            return self.parse_declare();
        }
        self.parse_pipe_expr().map(Statement::Expression)
    }

    fn parse_let(&mut self) -> PResult<LetStatement> {
        let start = self.bump().span.start;
        if self.at_eof() {
            // Kusto accepts a bare trailing `let` syntactically; it binds nothing.
            let span = Span::new(start, self.prev_end());
            self.diags.push(crate::Diagnostic::warning(
                "incomplete `let` statement",
                span,
            ));
            return Err(super::Abandon);
        }
        let name = self.parse_ident("a name after `let`")?;
        self.expect_punct("=", || format!("after `let {}`", name.name))?;
        let value = if self.is_word("view") && self.is_punct_at(1, "(") {
            self.bump();
            LetValue::View(self.parse_function_def()?)
        } else if self.looks_like_function_def() {
            LetValue::Function(self.parse_function_def()?)
        } else {
            if self.is_punct(";") || self.at_eof() {
                return self.expected(&format!("an expression after `let {} =`", name.name));
            }
            LetValue::Expr(self.parse_pipe_expr()?)
        };
        Ok(LetStatement {
            name,
            value,
            span: Span::new(start, self.prev_end()),
        })
    }

    /// `(` `)` `{`, or `(` name `:` ...
    fn looks_like_function_def(&self) -> bool {
        if !self.is_punct("(") {
            return false;
        }
        if self.is_punct_at(1, ")") {
            return self.is_punct_at(2, "{");
        }
        let name_len = if self.peek_at(1).tok == Tok::Ident {
            1
        } else if self.is_punct_at(1, "[") && matches!(self.peek_at(2).tok, Tok::String(_)) {
            3
        } else {
            return false;
        };
        self.is_punct_at(1 + name_len, ":")
    }

    fn parse_function_def(&mut self) -> PResult<FunctionDef> {
        let start = self.expect_punct("(", "to start the parameter list")?.start;
        self.enter()?;
        let r = self.parse_function_def_inner(start);
        self.leave();
        r
    }

    fn parse_function_def_inner(&mut self, start: usize) -> PResult<FunctionDef> {
        let params = self.parse_params(")")?;
        self.expect_punct(")", "to close the parameter list")?;
        let open = self.expect_punct("{", "to start the function body")?;
        let mut body = Vec::new();
        loop {
            while self.eat_punct(";") {}
            if self.is_punct("}") {
                break;
            }
            if self.at_eof() {
                self.error_at("unbalanced `{`: no matching `}`", open);
                return Err(super::Abandon);
            }
            body.push(self.parse_statement()?);
            if !self.is_punct(";") && !self.is_punct("}") {
                return self.expected("`;` or `}` in the function body");
            }
        }
        self.bump();
        if body.is_empty() {
            self.error_at("the function body is empty", open);
        }
        Ok(FunctionDef {
            params,
            body,
            span: Span::new(start, self.prev_end()),
        })
    }

    /// `name: type [= default], ...` up to (not including) `close`.
    pub(crate) fn parse_params(&mut self, close: &str) -> PResult<Vec<Param>> {
        let mut params = Vec::new();
        if self.is_punct(close) {
            return Ok(params);
        }
        loop {
            let start = self.peek().span.start;
            let name = self.parse_ident("a parameter name")?;
            self.expect_punct(":", || {
                format!("and a type after parameter `{}`", name.name)
            })?;
            let ty = if self.is_punct("(") {
                let (columns, open) = self.parse_tabular_schema()?;
                ParamType::Tabular { columns, open }
            } else {
                ParamType::Scalar(self.parse_type()?)
            };
            let default = if self.eat_punct("=") {
                Some(self.parse_expr()?)
            } else {
                None
            };
            params.push(Param {
                name,
                ty,
                default,
                span: Span::new(start, self.prev_end()),
            });
            if !self.eat_punct(",") {
                break;
            }
        }
        Ok(params)
    }

    /// `(col:type, ...)`, `(*)` or `(col:type, *)`.
    fn parse_tabular_schema(&mut self) -> PResult<(Vec<ColumnDecl>, bool)> {
        self.expect_punct("(", "to start a table schema")?;
        let mut columns = Vec::new();
        let mut open = false;
        loop {
            if self.eat_punct("*") {
                open = true;
            } else {
                columns.push(self.parse_column_decl()?);
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(")", "to close the table schema")?;
        Ok((columns, open))
    }

    /// `name: type`
    pub(crate) fn parse_column_decl(&mut self) -> PResult<ColumnDecl> {
        let start = self.peek().span.start;
        let name = self.parse_ident("a column name")?;
        self.expect_punct(":", || format!("and a type after column `{}`", name.name))?;
        let ty = self.parse_type()?;
        Ok(ColumnDecl {
            name,
            ty,
            span: Span::new(start, self.prev_end()),
        })
    }

    /// A scalar type name: `string`, `long`, `datetime`, `dynamic`...
    pub(crate) fn parse_type(&mut self) -> PResult<DataType> {
        let t = self.peek().clone();
        if t.tok == Tok::Ident {
            let text = self.text(&t);
            if let Some(ty) = type_from_name(text) {
                self.bump();
                return Ok(ty);
            }
            self.error_at(
                format!("unknown type `{text}`; expected one of bool, int, long, real, decimal, string, datetime, timespan, guid, dynamic"),
                t.span,
            );
            return Err(super::Abandon);
        }
        self.expected("a type name such as `string` or `long`")
    }

    fn parse_set(&mut self) -> PResult<Statement> {
        let start = self.bump().span.start;
        let name = self.parse_dotted_name("an option name after `set`")?;
        let value = if self.eat_punct("=") {
            Some(self.parse_expr()?)
        } else {
            None
        };
        Ok(Statement::Set(SetStatement {
            name,
            value,
            span: Span::new(start, self.prev_end()),
        }))
    }

    fn parse_declare(&mut self) -> PResult<Statement> {
        let start = self.bump().span.start;
        self.bump();
        self.expect_punct("(", "after `declare query_parameters`")?;
        let params = self.parse_params(")")?;
        self.expect_punct(")", "to close the query parameters")?;
        Ok(Statement::DeclareQueryParameters {
            params,
            span: Span::new(start, self.prev_end()),
        })
    }

    /// `a.b.c` as one name (option names, `hint.strategy`).
    pub(crate) fn parse_dotted_name(&mut self, what: &str) -> PResult<Ident> {
        let first = self.parse_ident(what)?;
        let mut name = first.name;
        let start = first.span.start;
        while self.is_punct(".") && self.peek_at(1).tok == Tok::Ident {
            self.bump();
            let t = self.bump();
            name.push('.');
            name.push_str(self.text(&t));
        }
        Ok(Ident::new(name, Span::new(start, self.prev_end())))
    }
}

/// A KQL scalar type from its name or alias, as the parser accepts it.
pub(crate) fn type_from_name(name: &str) -> Option<DataType> {
    Some(match name {
        "bool" | "boolean" => DataType::Bool,
        "int" | "int32" => DataType::Int,
        "long" | "int64" => DataType::Long,
        "real" | "double" => DataType::Real,
        "decimal" => DataType::Decimal,
        "string" => DataType::String,
        "datetime" | "date" => DataType::DateTime,
        "timespan" | "time" => DataType::TimeSpan,
        "guid" | "uniqueid" => DataType::Guid,
        "dynamic" => DataType::Dynamic,
        _ => return None,
    })
}
