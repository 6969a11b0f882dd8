//! `join` (every kind) and `lookup`, as hash joins on equality keys.

use std::borrow::Cow;
use std::cell::Cell;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::ast::{BinaryOp, Expr, JoinKind, Span};
use crate::table::Column;
use crate::value::Value;

use super::columns::ColumnCopy;
use super::expr::{Compiler, Eval, RowRef};
use super::frame::{Frame, Row};
use super::names;
use super::scope::{Env, Scope};
use super::values::{self, KeyRef};
use super::ExecError;

/// Which side a `$left.X`/`$right.X` reference names.
fn side_column(e: &Expr) -> Option<(bool, &str)> {
    if let Expr::Member { target, name, .. } = e {
        if let Expr::Name(t) = &**target {
            match t.name.as_str() {
                "$left" => return Some((true, &name.name)),
                "$right" => return Some((false, &name.name)),
                _ => {}
            }
        }
    }
    None
}

/// Reads the `on` clause into pairs of (left column expression, right column expression).
fn key_pairs(on: &[Expr], out: &mut Vec<(Expr, Expr)>) -> Result<(), ExecError> {
    for item in on {
        match item {
            Expr::Name(_) => out.push((item.clone(), item.clone())),
            Expr::Binary {
                op: BinaryOp::And,
                left,
                right,
                ..
            } => {
                key_pairs(std::slice::from_ref(left), out)?;
                key_pairs(std::slice::from_ref(right), out)?;
            }
            Expr::Binary {
                op: BinaryOp::Eq,
                left,
                right,
                span,
            } => {
                let (l, r) = match (side_column(left), side_column(right)) {
                    (Some((true, a)), Some((false, b))) => (a, b),
                    (Some((false, b)), Some((true, a))) => (a, b),
                    _ => {
                        return Err(ExecError::at(
                            "join conditions must compare $left.Column with $right.Column",
                            *span,
                        ))
                    }
                };
                let l = Expr::Name(crate::ast::Ident::new(l, left.span()));
                let r = Expr::Name(crate::ast::Ident::new(r, right.span()));
                out.push((l, r));
            }
            other => {
                return Err(ExecError::at(
                    "join keys must be column names or $left.X == $right.Y equalities",
                    other.span(),
                ))
            }
        }
    }
    Ok(())
}

/// Where one side's key value comes from: a column read in place, or a computed expression.
enum KeySource {
    Column(usize),
    Computed(Eval),
}

fn compile_side(
    frame: &Frame,
    exprs: &[&Expr],
    env: &Env,
    scope: &Scope,
    side: &str,
) -> Result<Vec<KeySource>, ExecError> {
    let cx = Compiler::new(env, scope, &frame.columns);
    exprs
        .iter()
        .map(|e| {
            if let Expr::Name(i) = e {
                if frame.column_index(&i.name).is_none() {
                    return Err(ExecError::at(
                        format!("join key `{}` is not a column of the {side} table", i.name),
                        i.span,
                    ));
                }
            }
            let c = cx.compile(e)?;
            Ok(match c.column {
                Some(ix) => KeySource::Column(ix),
                None => KeySource::Computed(c.eval),
            })
        })
        .collect()
}

/// Row `i`'s key value (dynamic scalars unwrapped), borrowed from the row when it is a plain
/// column; `None` for null, which matches nothing.
#[inline]
fn row_key1<'a>(src: &KeySource, rows: &'a [Row], i: usize) -> Option<KeyRef<'a>> {
    let v = match src {
        KeySource::Column(ix) => {
            let v = &rows[i][*ix];
            match v {
                Value::Null => return None,
                Value::Dynamic(_) => values::unwrap_dynamic(v),
                _ => Cow::Borrowed(v),
            }
        }
        KeySource::Computed(eval) => {
            let v = eval(&RowRef { rows, i });
            match v {
                Value::Null => return None,
                Value::Dynamic(_) => Cow::Owned(values::unwrap_dynamic(&v).into_owned()),
                other => Cow::Owned(other),
            }
        }
    };
    (!v.is_null()).then_some(KeyRef(v))
}

fn row_key<'a>(srcs: &[KeySource], rows: &'a [Row], i: usize) -> Option<Vec<KeyRef<'a>>> {
    srcs.iter().map(|s| row_key1(s, rows, i)).collect()
}

/// A left row's key: its dictionary index, or its value(s).
enum LeftKey<'k> {
    Id(u32),
    One(KeyRef<'k>),
    Many(Vec<KeyRef<'k>>),
}

/// The right rows matching one left row, with the left key.
type Probe<'a, 'k> = (&'a [usize], LeftKey<'k>);

/// Runs a join (or, with `lookup` set, a lookup) of `left` with `right`.
///
/// A hash join: the right side is indexed by key (keys borrowed from its rows, not copied), and
/// each left row probes that index with a key read in place, so nothing is cloned until an
/// output row is built.
#[allow(clippy::too_many_arguments)]
pub fn join(
    left: Frame,
    right: Frame,
    kind: JoinKind,
    on: &[Expr],
    lookup: bool,
    read: Option<&[String]>,
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let mut pairs = Vec::new();
    key_pairs(on, &mut pairs)?;
    if pairs.is_empty() {
        return Err(ExecError::at("join needs `on` keys", span));
    }
    if lookup && !matches!(kind, JoinKind::LeftOuter | JoinKind::Inner) {
        return Err(ExecError::at(
            "lookup supports kind=leftouter and kind=inner",
            span,
        ));
    }
    let lexprs: Vec<&Expr> = pairs.iter().map(|p| &p.0).collect();
    let rexprs: Vec<&Expr> = pairs.iter().map(|p| &p.1).collect();
    let lkeys = compile_side(&left, &lexprs, env, scope, "left")?;
    let rkeys = compile_side(&right, &rexprs, env, scope, "right")?;
    // The left side may carry a selection from an earlier `where`; `lorder` are its positions.
    let lrows = left.all_rows();
    let lorder: Vec<usize> = left.indices().collect();
    let right = right.materialize();
    let rrows = right.rows();

    // Build on the right side: key -> right rows. A single key (the usual case) is hashed as
    // one value, several as a vector.
    let mut index: FxHashMap<Vec<KeyRef>, Vec<usize>> = FxHashMap::default();
    let mut index1: FxHashMap<KeyRef, Vec<usize>> = FxHashMap::default();
    let single = rkeys.len() == 1;
    for i in 0..rrows.len() {
        if single {
            if let Some(k) = row_key1(&rkeys[0], rrows, i) {
                index1.entry(k).or_default().push(i);
            }
        } else if let Some(k) = row_key(&rkeys, rrows, i) {
            index.entry(k).or_default().push(i);
        }
    }
    // A left key that is a string column of a stored table probes once per distinct value of
    // its dictionary-encoded copy (on the value's first use); every row then only looks up its
    // value's matches.
    let dict = match (single, &lkeys[0], left.stored(env)) {
        (true, KeySource::Column(ix), Some((t, cache))) => match cache.column(t, *ix) {
            ColumnCopy::Dictionary { ids, values } => {
                let matches: Vec<Cell<Option<Option<&[usize]>>>> =
                    (0..values.len()).map(|_| Cell::new(None)).collect();
                Some((ids.as_slice(), values.as_slice(), matches))
            }
            ColumnCopy::Plain(_) => None,
        },
        _ => None,
    };
    let dict_matches = |id: u32| -> Option<&[usize]> {
        let (_, values, matches) = dict.as_ref().expect("a dictionary key");
        let cell = &matches[id as usize];
        if let Some(m) = cell.get() {
            return m;
        }
        let v = &values[id as usize];
        let m = match v {
            Value::Null => None,
            _ => {
                let k = match v {
                    Value::Dynamic(_) => values::unwrap_dynamic(v),
                    _ => Cow::Borrowed(v),
                };
                Some(index1.get(&KeyRef(k)).map_or(&[][..], Vec::as_slice))
            }
        };
        cell.set(Some(m));
        m
    };
    let lookup_left = |i: usize| -> Option<Probe> {
        if let Some((ids, _, _)) = &dict {
            let id = ids[i];
            return dict_matches(id).map(|m| (m, LeftKey::Id(id)));
        }
        if single {
            let k = row_key1(&lkeys[0], lrows, i)?;
            let m = index1.get(&k).map(Vec::as_slice).unwrap_or(&[]);
            Some((m, LeftKey::One(k)))
        } else {
            let k = row_key(&lkeys, lrows, i)?;
            let m = index.get(&k).map(Vec::as_slice).unwrap_or(&[]);
            Some((m, LeftKey::Many(k)))
        }
    };
    use JoinKind::*;
    let kind = match kind {
        LeftAntiSemi => LeftAnti,
        RightAntiSemi => RightAnti,
        k => k,
    };
    match kind {
        LeftSemi | LeftAnti => {
            let want = kind == LeftSemi;
            let rows: Vec<Row> = lorder
                .iter()
                .copied()
                .filter(|i| lookup_left(*i).is_some_and(|(m, _)| !m.is_empty()) == want)
                .map(|i| lrows[i].clone())
                .collect();
            return Ok(Frame::owned(left.columns.clone(), rows));
        }
        RightSemi | RightAnti => {
            let mut matched = vec![false; rrows.len()];
            for &i in &lorder {
                if let Some((m, _)) = lookup_left(i) {
                    for j in m {
                        matched[*j] = true;
                    }
                }
            }
            let want = kind == RightSemi;
            let rows: Vec<Row> = (0..rrows.len())
                .filter(|j| matched[*j] == want)
                .map(|j| rrows[j].clone())
                .collect();
            return Ok(Frame::owned(right.columns.clone(), rows));
        }
        _ => {}
    }

    // Output columns: left, then right (lookup drops the right key columns); clashing right
    // names get a numeric suffix.
    let right_key_names: Vec<&str> = rexprs
        .iter()
        .filter_map(|e| match e {
            Expr::Name(i) => Some(i.name.as_str()),
            _ => None,
        })
        .collect();
    let mut right_keep: Vec<usize> = (0..right.columns.len())
        .filter(|i| !(lookup && right_key_names.contains(&right.columns[*i].name.as_str())))
        .collect();
    let mut columns: Vec<Column> = left.columns.clone();
    for i in &right_keep {
        let c = &right.columns[*i];
        let name = names::unique_name(&columns, &c.name);
        columns.push(Column::new(name, c.data_type));
    }
    // When the next operator reads only some columns, only those are copied out.
    let mut left_keep: Vec<usize> = (0..left.columns.len()).collect();
    if let Some(read) = read {
        let wanted = |c: &Column| read.contains(&c.name);
        let lw = left.columns.len();
        left_keep.retain(|i| wanted(&columns[*i]));
        let right_names: Vec<bool> = (0..right_keep.len())
            .map(|k| wanted(&columns[lw + k]))
            .collect();
        columns = left_keep
            .iter()
            .map(|i| columns[*i].clone())
            .chain(
                (0..right_keep.len())
                    .filter(|k| right_names[*k])
                    .map(|k| columns[lw + k].clone()),
            )
            .collect();
        right_keep = right_keep
            .iter()
            .zip(&right_names)
            .filter(|(_, w)| **w)
            .map(|(i, _)| *i)
            .collect();
    }
    let lw = left_keep.len();
    let combine = |l: Option<&Row>, r: Option<&Row>| -> Row {
        let mut row: Row = Vec::with_capacity(lw + right_keep.len());
        match l {
            Some(l) => row.extend(left_keep.iter().map(|i| l[*i].clone())),
            None => row.extend(std::iter::repeat_n(Value::Null, lw)),
        }
        match r {
            Some(r) => row.extend(right_keep.iter().map(|i| r[*i].clone())),
            None => row.extend(std::iter::repeat_n(Value::Null, right_keep.len())),
        }
        row
    };
    let mut out: Vec<Row> = Vec::new();
    let mut right_matched = vec![false; rrows.len()];
    let mut seen_left: FxHashSet<KeyRef> = FxHashSet::default();
    let mut seen_left_multi: FxHashSet<Vec<KeyRef>> = FxHashSet::default();
    let mut seen_ids: FxHashSet<u32> = FxHashSet::default();
    for &i in &lorder {
        let found = lookup_left(i);
        if kind == InnerUnique {
            if let Some((_, k)) = &found {
                let first = match k {
                    LeftKey::Id(id) => seen_ids.insert(*id),
                    LeftKey::One(k) => seen_left.insert(k.clone()),
                    LeftKey::Many(k) => seen_left_multi.insert(k.clone()),
                };
                if !first {
                    continue;
                }
            }
        }
        match found {
            Some((ms, _)) if !ms.is_empty() => {
                for j in ms {
                    right_matched[*j] = true;
                    out.push(combine(Some(&lrows[i]), Some(&rrows[*j])));
                }
            }
            _ => {
                if matches!(kind, LeftOuter | FullOuter) {
                    out.push(combine(Some(&lrows[i]), None));
                }
            }
        }
    }
    if matches!(kind, RightOuter | FullOuter) {
        for (j, m) in right_matched.iter().enumerate() {
            if !m {
                out.push(combine(None, Some(&rrows[j])));
            }
        }
    }
    Ok(Frame::owned(columns, out))
}
