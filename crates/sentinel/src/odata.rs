//! The OData subset Sentinel's incident list accepts — `$filter`, `$orderby`, `$top`, `$skipToken`
//! — evaluated in plain Rust over incidents as JSON. The demo workspace and the proxy's simulated
//! upstream both use it.
//!
//! Filters: comparisons `path eq|ne|gt|ge|lt|le literal` (strings in single quotes with `''` for a
//! quote, numbers, `true`/`false`/`null`, unquoted ISO 8601 date-times), `and`, `or`, `not`,
//! parentheses, `contains|startswith|endswith(path, 'text')`, and `path/any(x: x eq '...')` or
//! `path/any(x: x/labelName eq '...')` over arrays. Paths are `/`-separated property names such as
//! `properties/owner/assignedTo`.

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;

use crate::api::Incident;
use crate::time::parse_datetime;
use crate::workspace::{IncidentQuery, WorkspaceError};

/// A malformed `$filter` or `$orderby`, with the byte position of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ODataError {
    pub message: String,
    pub position: usize,
}

impl fmt::Display for ODataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at position {})", self.message, self.position)
    }
}

impl std::error::Error for ODataError {}

impl From<ODataError> for WorkspaceError {
    fn from(e: ODataError) -> WorkspaceError {
        WorkspaceError::BadRequest {
            message: format!("Invalid OData expression: {e}"),
        }
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A string function of a path and a text argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFunction {
    Contains,
    StartsWith,
    EndsWith,
}

/// A parsed `$filter` expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Compare {
        path: Vec<String>,
        op: CompareOp,
        value: Value,
    },
    Text {
        function: TextFunction,
        path: Vec<String>,
        text: String,
    },
    /// `path/any(var: body)`: some element of the array at `path` satisfies `body`, where paths
    /// starting with `var` refer to the element.
    Any {
        path: Vec<String>,
        var: String,
        body: Box<Filter>,
    },
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Num(f64),
    LParen,
    RParen,
    Comma,
    Colon,
}

fn tokenize(src: &str) -> Result<Vec<(Token, usize)>, ODataError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => {
                out.push((Token::LParen, i));
                i += 1
            }
            b')' => {
                out.push((Token::RParen, i));
                i += 1
            }
            b',' => {
                out.push((Token::Comma, i));
                i += 1
            }
            b':' => {
                out.push((Token::Colon, i));
                i += 1
            }
            b'\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match src[i..].chars().next() {
                        None => {
                            return Err(ODataError {
                                message: "unterminated string".into(),
                                position: start,
                            })
                        }
                        Some('\'') if b.get(i + 1) == Some(&b'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            s.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                }
                out.push((Token::Str(s), start));
            }
            _ if c.is_ascii_alphanumeric()
                || c == b'_'
                || c == b'-'
                || c == b'/'
                || c == b'.'
                || c == b'$' =>
            {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b"_-/.:+$".contains(&b[i])) {
                    // A colon belongs to a word only inside a date-time (digits around it).
                    if b[i] == b':'
                        && !(i > 0
                            && b[i - 1].is_ascii_digit()
                            && b.get(i + 1).is_some_and(u8::is_ascii_digit))
                    {
                        break;
                    }
                    i += 1;
                }
                let word = &src[start..i];
                let numeric = word
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c == b'.' || c == b'-')
                    && word.bytes().any(|c| c.is_ascii_digit());
                match word.parse::<f64>() {
                    Ok(n) if numeric => out.push((Token::Num(n), start)),
                    _ => out.push((Token::Word(word.to_string()), start)),
                }
            }
            _ => {
                return Err(ODataError {
                    message: format!(
                        "unexpected character '{}'",
                        src[i..].chars().next().unwrap_or('?')
                    ),
                    position: i,
                })
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    pos: usize,
    end: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |(_, p)| *p)
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, ODataError> {
        Err(ODataError {
            message: message.into(),
            position: self.here(),
        })
    }

    fn keyword(&mut self, kw: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(kw)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, t: Token, what: &str) -> Result<(), ODataError> {
        if self.peek() == Some(&t) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(format!("expected {what}"))
        }
    }

    fn or(&mut self) -> Result<Filter, ODataError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, ODataError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, ODataError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("expression nests too deeply");
        }
        let f = if self.keyword("not") {
            Filter::Not(Box::new(self.unary()?))
        } else if self.peek() == Some(&Token::LParen) {
            self.pos += 1;
            let inner = self.or()?;
            self.expect(Token::RParen, "')'")?;
            inner
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(f)
    }

    fn path(&mut self) -> Result<Vec<String>, ODataError> {
        match self.peek().cloned() {
            Some(Token::Word(w)) => {
                self.pos += 1;
                Ok(w.split('/').map(str::to_string).collect())
            }
            _ => self.err("expected a property path such as properties/severity"),
        }
    }

    fn primary(&mut self) -> Result<Filter, ODataError> {
        let at = self.here();
        let mut path = self.path()?;
        let function = match path.as_slice() {
            [f] if f.eq_ignore_ascii_case("contains") => Some(TextFunction::Contains),
            [f] if f.eq_ignore_ascii_case("startswith") => Some(TextFunction::StartsWith),
            [f] if f.eq_ignore_ascii_case("endswith") => Some(TextFunction::EndsWith),
            _ => None,
        };
        if let Some(function) = function {
            self.expect(Token::LParen, "'(' after the function name")?;
            let path = self.path()?;
            self.expect(Token::Comma, "','")?;
            let text = match self.peek().cloned() {
                Some(Token::Str(s)) => {
                    self.pos += 1;
                    s
                }
                _ => return self.err("expected a quoted string"),
            };
            self.expect(Token::RParen, "')'")?;
            return Ok(Filter::Text {
                function,
                path,
                text,
            });
        }
        if path.last().is_some_and(|s| s.eq_ignore_ascii_case("any"))
            && self.peek() == Some(&Token::LParen)
        {
            path.pop();
            self.pos += 1;
            let var = match self.peek().cloned() {
                Some(Token::Word(w)) if !w.contains('/') => {
                    self.pos += 1;
                    w
                }
                _ => {
                    return self.err("expected a lambda variable, as in any(l: l/labelName eq 'x')")
                }
            };
            self.expect(Token::Colon, "':'")?;
            let body = self.or()?;
            self.expect(Token::RParen, "')'")?;
            return Ok(Filter::Any {
                path,
                var,
                body: Box::new(body),
            });
        }
        let op = match self.peek() {
            Some(Token::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "eq" => CompareOp::Eq,
                "ne" => CompareOp::Ne,
                "gt" => CompareOp::Gt,
                "ge" => CompareOp::Ge,
                "lt" => CompareOp::Lt,
                "le" => CompareOp::Le,
                _ => {
                    return self.err(format!(
                        "expected eq, ne, gt, ge, lt or le after {}",
                        path.join("/")
                    ))
                }
            },
            _ => {
                return Err(ODataError {
                    message: format!("expected a comparison after {}", path.join("/")),
                    position: at,
                })
            }
        };
        self.pos += 1;
        let value = match self.peek().cloned() {
            Some(Token::Str(s)) => Value::String(s),
            Some(Token::Num(n)) => {
                serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
            }
            Some(Token::Word(w)) if w == "true" => Value::Bool(true),
            Some(Token::Word(w)) if w == "false" => Value::Bool(false),
            Some(Token::Word(w)) if w == "null" => Value::Null,
            Some(Token::Word(w)) if parse_datetime(&w).is_some() => Value::String(w),
            _ => {
                return self
                    .err("expected a value: 'text', a number, true, false, null or a date-time")
            }
        };
        self.pos += 1;
        Ok(Filter::Compare { path, op, value })
    }
}

/// Parses a `$filter` expression.
pub fn parse_filter(src: &str) -> Result<Filter, ODataError> {
    let mut p = Parser {
        tokens: tokenize(src)?,
        pos: 0,
        end: src.len(),
        depth: 0,
    };
    if p.tokens.is_empty() {
        return p.err("the filter is empty");
    }
    let f = p.or()?;
    if p.pos < p.tokens.len() {
        return p.err("unexpected text after the end of the filter");
    }
    Ok(f)
}

fn lookup<'a>(root: &'a Value, path: &[String]) -> &'a Value {
    let mut v = root;
    for seg in path {
        v = match v {
            Value::Object(m) => m.get(seg).unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    v
}

/// Orders two JSON values: numbers numerically, date-time strings by time, other strings by text;
/// null first.
fn compare_values(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (Value::Null, _) => Some(Ordering::Less),
        (_, Value::Null) => Some(Ordering::Greater),
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::String(x), Value::String(y)) => match (parse_datetime(x), parse_datetime(y)) {
            (Some(tx), Some(ty)) => Some(tx.cmp(&ty)),
            _ => Some(x.cmp(y)),
        },
        _ => None,
    }
}

impl Filter {
    /// Whether a JSON document (an incident serialised) satisfies the filter.
    pub fn matches(&self, doc: &Value) -> bool {
        self.eval(doc, None)
    }

    fn resolve<'a>(path: &[String], doc: &'a Value, bound: Option<(&str, &'a Value)>) -> &'a Value {
        match (bound, path.first()) {
            (Some((var, elem)), Some(first)) if first == var => lookup(elem, &path[1..]),
            _ => lookup(doc, path),
        }
    }

    fn eval(&self, doc: &Value, bound: Option<(&str, &Value)>) -> bool {
        match self {
            Filter::And(a, b) => a.eval(doc, bound) && b.eval(doc, bound),
            Filter::Or(a, b) => a.eval(doc, bound) || b.eval(doc, bound),
            Filter::Not(a) => !a.eval(doc, bound),
            Filter::Compare { path, op, value } => {
                let actual = Filter::resolve(path, doc, bound);
                match op {
                    CompareOp::Eq => compare_values(actual, value) == Some(Ordering::Equal),
                    CompareOp::Ne => compare_values(actual, value) != Some(Ordering::Equal),
                    _ if actual.is_null() || value.is_null() => false,
                    CompareOp::Gt => compare_values(actual, value) == Some(Ordering::Greater),
                    CompareOp::Ge => matches!(
                        compare_values(actual, value),
                        Some(Ordering::Greater | Ordering::Equal)
                    ),
                    CompareOp::Lt => compare_values(actual, value) == Some(Ordering::Less),
                    CompareOp::Le => matches!(
                        compare_values(actual, value),
                        Some(Ordering::Less | Ordering::Equal)
                    ),
                }
            }
            Filter::Text {
                function,
                path,
                text,
            } => {
                let Value::String(s) = Filter::resolve(path, doc, bound) else {
                    return false;
                };
                let (s, t) = (s.to_lowercase(), text.to_lowercase());
                match function {
                    TextFunction::Contains => s.contains(&t),
                    TextFunction::StartsWith => s.starts_with(&t),
                    TextFunction::EndsWith => s.ends_with(&t),
                }
            }
            Filter::Any { path, var, body } => match Filter::resolve(path, doc, bound) {
                Value::Array(items) => items
                    .iter()
                    .any(|item| body.eval(doc, Some((var.as_str(), item)))),
                _ => false,
            },
        }
    }
}

/// One `$orderby` key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderKey {
    pub path: Vec<String>,
    pub descending: bool,
}

/// Parses `$orderby`: comma-separated paths, each optionally followed by `asc` or `desc`.
pub fn parse_orderby(src: &str) -> Result<Vec<OrderKey>, ODataError> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for part in src.split(',') {
        let words: Vec<&str> = part.split_whitespace().collect();
        let position = offset + part.len() - part.trim_start().len();
        offset += part.len() + 1;
        let (path, descending) = match words.as_slice() {
            [p] => (p, false),
            [p, d] if d.eq_ignore_ascii_case("asc") => (p, false),
            [p, d] if d.eq_ignore_ascii_case("desc") => (p, true),
            [] => {
                return Err(ODataError {
                    message: "expected a property path to order by".into(),
                    position,
                })
            }
            _ => {
                return Err(ODataError {
                    message: "expected 'asc' or 'desc' after the property path".into(),
                    position,
                })
            }
        };
        keys.push(OrderKey {
            path: path.split('/').map(str::to_string).collect(),
            descending,
        });
    }
    Ok(keys)
}

fn severity_rank(v: &Value) -> Option<i64> {
    Some(match v.as_str()? {
        "Informational" => 0,
        "Low" => 1,
        "Medium" => 2,
        "High" => 3,
        _ => return None,
    })
}

/// Selects a page of incidents: filters, orders (severity by rank, not by spelling), and returns
/// the page plus the offset of the next page when there is one. `$skipToken` is that offset.
pub fn select_incidents(
    incidents: &[Incident],
    query: &IncidentQuery,
) -> Result<(Vec<Incident>, Option<usize>), ODataError> {
    let filter = query
        .filter
        .as_deref()
        .filter(|f| !f.trim().is_empty())
        .map(parse_filter)
        .transpose()?;
    let order = match query.orderby.as_deref().filter(|o| !o.trim().is_empty()) {
        Some(o) => parse_orderby(o)?,
        None => Vec::new(),
    };
    let skip = match &query.skip_token {
        Some(t) => t.parse::<usize>().map_err(|_| ODataError {
            message: format!("'{t}' is not a skip token this service issued"),
            position: 0,
        })?,
        None => 0,
    };
    let mut docs: Vec<(Value, &Incident)> = incidents
        .iter()
        .map(|i| (serde_json::to_value(i).unwrap_or(Value::Null), i))
        .filter(|(doc, _)| filter.as_ref().is_none_or(|f| f.matches(doc)))
        .collect();
    docs.sort_by(|(a, _), (b, _)| {
        for key in &order {
            let (va, vb) = (lookup(a, &key.path), lookup(b, &key.path));
            let ord = match (
                key.path.last().map(String::as_str),
                severity_rank(va),
                severity_rank(vb),
            ) {
                (Some("severity"), Some(x), Some(y)) => x.cmp(&y),
                _ => compare_values(va, vb).unwrap_or(Ordering::Equal),
            };
            let ord = if key.descending { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    });
    let total = docs.len();
    let take = query.top.map_or(total, |t| t as usize);
    let page: Vec<Incident> = docs
        .into_iter()
        .skip(skip)
        .take(take)
        .map(|(_, i)| i.clone())
        .collect();
    let next = (skip + page.len() < total && query.top.is_some()).then_some(skip + page.len());
    Ok((page, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"properties": {"severity": "High", "status": "Active", "title": "Password spray on O'Brien",
            "createdTimeUtc": "2026-11-20T10:00:00Z", "incidentNumber": 12,
            "owner": {"assignedTo": "Avery Lindqvist"},
            "labels": [{"labelName": "vip"}],
            "additionalData": {"tactics": ["CredentialAccess", "InitialAccess"]}}})
    }

    fn check(filter: &str) -> bool {
        parse_filter(filter)
            .unwrap_or_else(|e| panic!("{filter}: {e}"))
            .matches(&doc())
    }

    #[test]
    fn filters_evaluate() {
        assert!(check("properties/severity eq 'High'"));
        assert!(!check("properties/severity eq 'Low'"));
        assert!(check(
            "properties/severity eq 'Low' or properties/status ne 'Closed'"
        ));
        assert!(!check(
            "properties/severity eq 'High' and not (properties/status eq 'Active')"
        ));
        assert!(check("properties/createdTimeUtc ge 2026-11-20T00:00:00Z and properties/createdTimeUtc le 2026-11-21T00:00:00.000Z"));
        assert!(check("properties/incidentNumber gt 11"));
        assert!(check("contains(properties/title, 'o''brien')"));
        assert!(check("startswith(properties/owner/assignedTo, 'Avery')"));
        assert!(check("properties/labels/any(l: l/labelName eq 'vip')"));
        assert!(check(
            "properties/additionalData/tactics/any(t: t eq 'InitialAccess')"
        ));
        assert!(check("properties/classification eq null"));
        assert!(!check("properties/classification gt 'A'"));
    }

    #[test]
    fn bad_filters_say_where() {
        let e = parse_filter("properties/severity eq").unwrap_err();
        assert_eq!(e.position, 22);
        let e = parse_filter("properties/severity is 'High'").unwrap_err();
        assert_eq!(e.position, 20);
        assert!(e.message.contains("eq"));
        assert_eq!(
            parse_filter("properties/title eq 'x").unwrap_err().position,
            20
        );
        assert!(parse_filter("(properties/a eq 1").is_err());
        assert!(parse_filter("properties/a eq 1 properties/b").is_err());
        assert!(parse_filter(&"(".repeat(500)).is_err());
        assert!(parse_orderby("properties/createdTimeUtc sideways").is_err());
    }
}
