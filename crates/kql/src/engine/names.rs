//! The names KQL gives to columns that a query does not name.

use crate::ast::Expr;
use crate::table::Column;

/// The name a column gets from an unnamed expression: a column's own name, a dynamic path joined
/// with `_` (`Props.x` becomes `Props_x`), or the binned/converted column's name.
pub fn default_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(i) => Some(i.name.clone()),
        Expr::Member { target, name, .. } => {
            Some(format!("{}_{}", default_name(target)?, name.name))
        }
        Expr::Index { target, index, .. } => match &**index {
            Expr::Literal {
                value: crate::ast::Literal::String(s),
                ..
            } => Some(format!("{}_{}", default_name(target)?, s)),
            _ => None,
        },
        Expr::Call { name, args, .. } => {
            let keeps_name = matches!(
                name.name.as_str(),
                "bin"
                    | "floor"
                    | "bin_at"
                    | "tostring"
                    | "tolong"
                    | "toint"
                    | "todouble"
                    | "toreal"
                    | "todatetime"
                    | "totimespan"
                    | "tobool"
                    | "toguid"
                    | "todynamic"
            );
            if keeps_name {
                default_name(args.first()?)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The name of an unnamed `summarize ... by` key: like [`default_name`], and a function of a
/// column (`startofday(TimeGenerated)`, `tolower(Account)`) keeps the column's name.
pub fn key_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Call { args, .. } => default_name(expr).or_else(|| key_name(args.first()?)),
        other => default_name(other),
    }
}

/// `base`, or `base1`, `base2`... when a column of that name already exists.
pub fn unique_name(columns: &[Column], base: &str) -> String {
    if !columns.iter().any(|c| c.name == base) {
        return base.to_string();
    }
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !columns.iter().any(|c| &c.name == n))
        .expect("an unused name exists")
}

/// A name for the `n`th (1-based) unnamed computed column, as `ColumnN`.
pub fn column_n(columns: &[Column], n: &mut usize) -> String {
    loop {
        let name = format!("Column{n}");
        *n += 1;
        if !columns.iter().any(|c| c.name == name) {
            return name;
        }
    }
}

/// Whether a name matches a pattern with `*` wildcards.
pub fn wildcard_match(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == name;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(p) => rest = &rest[p + part.len()..],
                None => return false,
            }
        }
    }
    true
}
