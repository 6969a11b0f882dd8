//! Literals: numbers, timespans, and the typed forms `datetime(...)`, `dynamic(...)`, `long(null)`.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Tok, Token};
use crate::time::{parse_datetime, parse_timespan, timespan_unit};
use crate::value::DataType;

impl<'a> Parser<'a> {
    /// A number token: `42`, `1.5`, `1e3`, `0x1F`, or a timespan such as `30m` or `2.5h`.
    pub(crate) fn number_literal(&mut self, t: &Token) -> PResult<Literal> {
        let text = self.text(t);
        match number_value(text) {
            Some(l) => Ok(l),
            None => {
                // Kusto reads this as one (invalid) literal token, a semantic error.
                self.diags.push(crate::Diagnostic::warning(
                    format!("`{text}` is not a valid number or timespan (timespan units are d, h, m, s, ms, microsecond, tick); it will be null"),
                    t.span,
                ));
                Ok(Literal::Null(DataType::TimeSpan))
            }
        }
    }

    /// `datetime(...)`, `timespan(...)`, `dynamic(...)`, `long(null)`... at the cursor, if any.
    pub(crate) fn try_typed_literal(&mut self, word: &str) -> PResult<Option<Expr>> {
        let ty = match word {
            "datetime" | "date" => DataType::DateTime,
            "timespan" | "time" => DataType::TimeSpan,
            "guid" | "uniqueid" => DataType::Guid,
            "dynamic" => DataType::Dynamic,
            "real" | "double" => DataType::Real,
            "long" | "int64" => DataType::Long,
            "int" | "int32" => DataType::Int,
            "bool" | "boolean" => DataType::Bool,
            "decimal" => DataType::Decimal,
            _ => return Ok(None),
        };
        if !self.is_punct_at(1, "(") {
            return Ok(None);
        }
        let start = self.bump().span.start;
        let open = self.bump().span;
        let value = if ty == DataType::Dynamic {
            self.enter()?;
            let v = self.parse_dynamic_value();
            self.leave();
            let v = v?;
            Literal::Dynamic(v)
        } else if matches!(self.peek().tok, Tok::Raw) || self.is_punct(")") {
            // `datetime(...)`, `timespan(...)`, `guid(...)`: the lexer kept the body raw.
            let (body, body_span) = if matches!(self.peek().tok, Tok::Raw) {
                let t = self.bump();
                (self.text(&t).trim(), t.span)
            } else {
                ("", open)
            };
            let unquoted = unquote(body);
            match typed_value(ty, body, unquoted.as_deref()) {
                Some(v) => v,
                None => {
                    // Kusto accepts any text here syntactically; the value is null.
                    let shown: String = body.chars().take(40).collect();
                    self.diags.push(crate::Diagnostic::warning(
                        format!(
                            "`{shown}` is not a valid {} value; it will be null",
                            ty.name()
                        ),
                        body_span,
                    ));
                    Literal::Null(ty)
                }
            }
        } else {
            self.parse_scalar_literal_body(ty, word, open)?
        };
        self.close_paren(open, || format!("`{word}(...)`"))?;
        Ok(Some(Expr::Literal {
            value,
            span: Span::new(start, self.prev_end()),
        }))
    }

    /// The body of `long(...)`, `int(...)`, `real(...)`, `bool(...)`, `decimal(...)`: a signed
    /// number, a word such as `null`, `nan`, `true`, or `+inf`.
    fn parse_scalar_literal_body(
        &mut self,
        ty: DataType,
        word: &str,
        open: Span,
    ) -> PResult<Literal> {
        let body_start = open.end;
        let mut n = 0;
        if self.is_punct("-") || self.is_punct("+") {
            self.bump();
            n += 1;
        }
        let t = self.peek().clone();
        if !matches!(t.tok, Tok::Number | Tok::Ident) {
            return self.expected(&format!("a value inside `{word}(...)`"));
        }
        self.bump();
        let _ = n;
        let body = &self.src[body_start..t.span.end];
        match typed_value(ty, body.trim(), None) {
            Some(v) => Ok(v),
            None => {
                self.diags.push(crate::Diagnostic::warning(
                    format!(
                        "`{}` is not a valid {} value; it will be null",
                        body.trim(),
                        ty.name()
                    ),
                    Span::new(body_start, t.span.end),
                ));
                Ok(Literal::Null(ty))
            }
        }
    }

    /// The body of `dynamic(...)`: JSON-like arrays, property bags, scalars and `null`.
    fn parse_dynamic_value(&mut self) -> PResult<serde_json::Value> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Punct("[") => {
                self.bump();
                self.enter()?;
                let mut items = Vec::new();
                let r = (|| {
                    if !self.is_punct("]") {
                        loop {
                            items.push(self.parse_dynamic_value()?);
                            if !self.eat_punct(",") {
                                break;
                            }
                        }
                    }
                    self.expect_punct("]", "to close the dynamic array")
                })();
                self.leave();
                r?;
                Ok(serde_json::Value::Array(items))
            }
            Tok::Punct("{") => {
                self.bump();
                self.enter()?;
                let mut map = serde_json::Map::new();
                let r = (|| {
                    if !self.is_punct("}") {
                        loop {
                            let k = self.peek().clone();
                            let key = match &k.tok {
                                Tok::String(s) => s.clone(),
                                Tok::Ident => self.text(&k).to_string(),
                                _ => return self.expected("a property name in the dynamic bag"),
                            };
                            self.bump();
                            self.expect_punct(":", "after the property name")?;
                            let v = self.parse_dynamic_value()?;
                            map.insert(key, v);
                            if !self.eat_punct(",") {
                                break;
                            }
                        }
                    }
                    self.expect_punct("}", "to close the dynamic property bag")
                })();
                self.leave();
                r?;
                Ok(serde_json::Value::Object(map))
            }
            Tok::String(s) => {
                let mut s = s.clone();
                self.bump();
                while let Tok::String(more) = &self.peek().tok {
                    s.push_str(more);
                    self.bump();
                }
                Ok(serde_json::Value::String(s))
            }
            Tok::Punct("-" | "+") | Tok::Number => {
                let neg = self.is_punct("-");
                if matches!(t.tok, Tok::Punct(_)) {
                    self.bump();
                }
                let n = self.peek().clone();
                if n.tok != Tok::Number {
                    return self.expected("a number");
                }
                self.bump();
                let lit = self.number_literal(&n)?;
                Ok(json_of_number(lit, neg))
            }
            Tok::Ident => {
                let w = self.text(&t);
                match w {
                    "null" => {
                        self.bump();
                        Ok(serde_json::Value::Null)
                    }
                    "true" | "false" => {
                        self.bump();
                        Ok(serde_json::Value::Bool(w == "true"))
                    }
                    _ => match self.try_typed_literal(w)? {
                        Some(Expr::Literal { value, .. }) => Ok(json_of_literal(value)),
                        _ => self.expected("a constant value inside `dynamic(...)`"),
                    },
                }
            }
            _ => self.expected("a constant value inside `dynamic(...)`"),
        }
    }
}

fn json_of_number(lit: Literal, neg: bool) -> serde_json::Value {
    match lit {
        Literal::Long(v) => serde_json::Value::from(if neg { v.wrapping_neg() } else { v }),
        Literal::Real(v) => serde_json::Number::from_f64(if neg { -v } else { v })
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        other => {
            let mut j = json_of_literal(other);
            if neg {
                if let serde_json::Value::String(s) = &mut j {
                    s.insert(0, '-');
                }
            }
            j
        }
    }
}

/// How a scalar literal nested in `dynamic(...)` is stored as JSON.
fn json_of_literal(lit: Literal) -> serde_json::Value {
    use serde_json::Value as J;
    match lit {
        Literal::String(s) | Literal::Decimal(s) => J::String(s),
        Literal::Long(v) => J::from(v),
        Literal::Int(v) => J::from(v),
        Literal::Real(v) => serde_json::Number::from_f64(v)
            .map(J::Number)
            .unwrap_or(J::Null),
        Literal::Bool(b) => J::Bool(b),
        Literal::DateTime(t) => J::String(crate::time::format_datetime_iso(t, true)),
        Literal::TimeSpan(t) => J::String(crate::time::format_timespan(t)),
        Literal::Guid(g) => J::String(format_guid(g)),
        Literal::Dynamic(v) => v,
        Literal::Null(_) => J::Null,
    }
}

/// A guid in its canonical lowercase 8-4-4-4-12 form.
pub(crate) fn format_guid(g: u128) -> String {
    let h = format!("{g:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn parse_guid(s: &str) -> Option<u128> {
    let s = s.trim().trim_start_matches('{').trim_end_matches('}');
    let parts: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if parts.len() == 5 && parts.iter().zip(lens).all(|(p, l)| p.len() == l) {
        return u128::from_str_radix(&parts.concat(), 16).ok();
    }
    if s.len() == 32 {
        return u128::from_str_radix(s, 16).ok();
    }
    None
}

/// The value of a number token's text.
pub(crate) fn number_value(text: &str) -> Option<Literal> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok().map(Literal::Long);
    }
    let num_end = numeric_prefix_len(text);
    let (num, unit) = text.split_at(num_end);
    if num.is_empty() {
        return None;
    }
    if !unit.is_empty() {
        let per = timespan_unit(unit)?;
        let v: f64 = num.parse().ok()?;
        let ticks = (v * per).round();
        if !ticks.is_finite() || ticks.abs() > i64::MAX as f64 {
            return None;
        }
        return Some(Literal::TimeSpan(ticks as i64));
    }
    if num.contains(['.', 'e', 'E']) {
        return num.parse().ok().map(Literal::Real);
    }
    num.parse().ok().map(Literal::Long)
}

fn numeric_prefix_len(text: &str) -> usize {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < b.len()
        && (b[i] == b'e' || b[i] == b'E')
        && (b.get(i + 1).is_some_and(|c| c.is_ascii_digit())
            || (matches!(b.get(i + 1), Some(b'+' | b'-'))
                && b.get(i + 2).is_some_and(|c| c.is_ascii_digit())))
    {
        i += 2;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    i
}

/// The value of `type(body)`; `string_body` is set when the body is one string literal.
fn typed_value(ty: DataType, body: &str, string_body: Option<&str>) -> Option<Literal> {
    if body == "null" {
        return Some(Literal::Null(ty));
    }
    let text = string_body.unwrap_or(body);
    match ty {
        DataType::DateTime => parse_datetime(text)
            .or_else(|| parse_us_datetime(text))
            .map(Literal::DateTime),
        DataType::TimeSpan => parse_timespan(text).map(Literal::TimeSpan),
        DataType::Guid => parse_guid(text).map(Literal::Guid),
        DataType::Real => {
            let t = text.replace(char::is_whitespace, "");
            match t.as_str() {
                "nan" | "NaN" => Some(Literal::Real(f64::NAN)),
                "inf" | "+inf" => Some(Literal::Real(f64::INFINITY)),
                "-inf" => Some(Literal::Real(f64::NEG_INFINITY)),
                _ => {
                    let (neg, digits) = signed(&t);
                    match number_value(digits)? {
                        Literal::Real(v) => Some(Literal::Real(if neg { -v } else { v })),
                        Literal::Long(v) => {
                            Some(Literal::Real(if neg { -(v as f64) } else { v as f64 }))
                        }
                        _ => None,
                    }
                }
            }
        }
        DataType::Long | DataType::Int => {
            let t = text.replace(char::is_whitespace, "");
            let (neg, digits) = signed(&t);
            let v = match number_value(digits)? {
                Literal::Long(v) => v,
                _ => return None,
            };
            let v = if neg { -v } else { v };
            if ty == DataType::Int {
                i32::try_from(v).ok().map(Literal::Int)
            } else {
                Some(Literal::Long(v))
            }
        }
        DataType::Bool => match text {
            "true" | "True" | "TRUE" => Some(Literal::Bool(true)),
            "false" | "False" | "FALSE" => Some(Literal::Bool(false)),
            _ => None,
        },
        DataType::Decimal => {
            let t = text.replace(char::is_whitespace, "");
            let (_, digits) = signed(&t);
            if t == "nan" || matches!(number_value(digits)?, Literal::Real(_) | Literal::Long(_)) {
                Some(Literal::Decimal(t))
            } else {
                None
            }
        }
        DataType::String | DataType::Dynamic => None,
    }
}

fn signed(t: &str) -> (bool, &str) {
    if let Some(r) = t.strip_prefix('-') {
        (true, r)
    } else if let Some(r) = t.strip_prefix('+') {
        (false, r)
    } else {
        (false, t)
    }
}

/// The text of a quoted string body (`"x"`, `'x'`), if the body is one.
fn unquote(body: &str) -> Option<String> {
    let b = body.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        Some(body[1..body.len() - 1].to_string())
    } else {
        None
    }
}

/// `M/d/yyyy [h:mm[:ss] [AM|PM]]` and `M-d-yyyy ...`, which Kusto also accepts.
fn parse_us_datetime(text: &str) -> Option<i64> {
    use crate::time::{days_from_civil, days_in_month, TICKS_PER_DAY};
    let text = text.trim();
    let (date, time) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], text[i + 1..].trim()),
        None => (text, ""),
    };
    let sep = if date.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = date.split(sep).collect();
    let [m, d, y] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (month, day, year) = (num(m)?, num(d)?, num(y)?);
    if y.len() != 4 || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    if day > days_in_month(year as i64, month) {
        return None;
    }
    let mut ticks = days_from_civil(year as i64, month, day) * TICKS_PER_DAY;
    if !time.is_empty() {
        let upper = time.to_ascii_uppercase();
        let (clock, pm) = if let Some(c) = upper.strip_suffix("PM") {
            (c.trim().to_string(), Some(true))
        } else if let Some(c) = upper.strip_suffix("AM") {
            (c.trim().to_string(), Some(false))
        } else {
            (upper.clone(), None)
        };
        let f: Vec<&str> = clock.split(':').collect();
        if f.len() < 2 || f.len() > 3 {
            return None;
        }
        let mut h = num(f[0])?;
        let min = num(f[1])?;
        let sec: f64 = if f.len() == 3 {
            f[2].parse().ok()?
        } else {
            0.0
        };
        match pm {
            Some(true) if h < 12 => h += 12,
            Some(false) if h == 12 => h = 0,
            _ => {}
        }
        if h > 23 || min > 59 || !(0.0..60.0).contains(&sec) {
            return None;
        }
        ticks += (h as i64 * 3600 + min as i64 * 60) * crate::value::TICKS_PER_SECOND
            + (sec * crate::value::TICKS_PER_SECOND as f64).round() as i64;
    }
    Some(ticks)
}
