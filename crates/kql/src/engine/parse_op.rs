//! `parse` and `parse-where`: extract columns from text with a pattern of literals, columns and
//! wildcards (compiled once to a regular expression).

use crate::ast::{Expr, OperatorParam, ParseKind, ParsePart, Span};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::expr::{Compiler, RowRef};
use super::frame::{Frame, Row};
use super::scope::{Env, Scope};
use super::{regex_cache, values, ExecError};

/// Runs `parse` (or `parse-where` when `only_matching` is set).
#[allow(clippy::too_many_arguments)]
pub fn parse(
    frame: Frame,
    kind: ParseKind,
    params: &[OperatorParam],
    source: &Expr,
    pattern: &[ParsePart],
    only_matching: bool,
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let cx = Compiler::new(env, scope, &frame.columns);
    let mut flags = String::new();
    for p in params {
        match p.name.name.as_str() {
            "flags" => {
                flags = match &p.value {
                    Expr::Name(i) => i.name.clone(),
                    other => values::to_text(&cx.constant(other)?),
                }
            }
            "kind" => {}
            other => {
                return Err(ExecError::at(
                    format!("unknown parse parameter `{other}`"),
                    p.span,
                ))
            }
        }
    }
    let text = cx.compile(source)?;
    let mut re = String::new();
    if kind != ParseKind::Regex {
        re.push('^');
    }
    let inline: String = flags.chars().filter(|c| "imsU".contains(*c)).collect();
    if !inline.is_empty() {
        re = format!("(?{inline}){re}");
    }
    let mut cols: Vec<(String, DataType)> = Vec::new();
    for (i, part) in pattern.iter().enumerate() {
        let last = i == pattern.len() - 1;
        match part {
            ParsePart::Literal { text, .. } => {
                if kind == ParseKind::Regex {
                    re.push_str(text);
                } else {
                    re.push_str(&regex_lite::escape(text));
                }
            }
            ParsePart::Column { name, ty, .. } => {
                re.push_str(if last { "(.*)" } else { "(.*?)" });
                cols.push((name.name.clone(), ty.unwrap_or(DataType::String)));
            }
            ParsePart::Wildcard { .. } => re.push_str(if last { ".*" } else { ".*?" }),
        }
    }
    if cols.is_empty() {
        return Err(ExecError::at(
            "parse needs at least one column to extract",
            span,
        ));
    }
    let regex = regex_cache::compile(&re, span)?;
    let rows = frame.rows();
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    let mut columns = frame.columns.clone();
    let targets: Vec<usize> = cols
        .iter()
        .map(|(n, t)| match columns.iter().position(|c| &c.name == n) {
            Some(ix) => {
                columns[ix].data_type = *t;
                ix
            }
            None => {
                columns.push(Column::new(n.clone(), *t));
                columns.len() - 1
            }
        })
        .collect();
    let width = columns.len();
    for i in 0..rows.len() {
        let v = (text.eval)(&RowRef { rows, i });
        let t = values::text_of(&v);
        let mut extracted: Option<Vec<Value>> = regex.captures(&t).map(|caps| {
            cols.iter()
                .enumerate()
                .map(|(k, (_, ty))| {
                    let s = caps.get(k + 1).map_or("", |m| m.as_str());
                    match ty {
                        DataType::String => Value::string(s),
                        t => values::convert(&Value::string(s.trim()), *t),
                    }
                })
                .collect()
        });
        // Simple mode: a typed column that does not convert fails the whole match.
        if kind == ParseKind::Simple {
            if let Some(vals) = &extracted {
                if vals
                    .iter()
                    .zip(&cols)
                    .any(|(v, (_, t))| v.is_null() && *t != DataType::String)
                {
                    extracted = None;
                }
            }
        }
        if only_matching && extracted.is_none() {
            continue;
        }
        let mut row = rows[i].clone();
        row.resize(width, Value::Null);
        match extracted {
            Some(vals) => {
                for (ix, v) in targets.iter().zip(vals) {
                    row[*ix] = v;
                }
            }
            None => {
                for (ix, (_, t)) in targets.iter().zip(&cols) {
                    row[*ix] = if *t == DataType::String {
                        Value::string("")
                    } else {
                        Value::Null
                    };
                }
            }
        }
        out.push(row);
    }
    Ok(Frame::owned(columns, out))
}
