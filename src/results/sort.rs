//! Sorting a result by one column, on the typed values: numbers, datetimes and timespans sort as
//! such, strings ordinally, and nulls (and empty strings) always last.

use std::cmp::Ordering;

use kql::{Table, Value};

/// Which way a column is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// The `aria-sort` value for a header sorted this way.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }
}

/// The column the analyst sorted by, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub column: usize,
    pub direction: Direction,
}

/// The sort after clicking the header of `column`: ascending first, then descending, then back
/// to ascending.
pub fn toggled(current: Option<SortKey>, column: usize) -> SortKey {
    match current {
        Some(SortKey {
            column: c,
            direction: Direction::Ascending,
        }) if c == column => SortKey {
            column,
            direction: Direction::Descending,
        },
        _ => SortKey {
            column,
            direction: Direction::Ascending,
        },
    }
}

/// The row order for `key`: indices into `table.rows`. Stable, so equal values keep the query's
/// order; `None` is the query's order.
pub fn row_order(table: &Table, key: Option<SortKey>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..table.rows.len()).collect();
    let Some(key) = key else { return order };
    if key.column >= table.columns.len() {
        return order;
    }
    let c = key.column;
    order.sort_by(|&a, &b| {
        compare_cells(
            table.rows[a].get(c).unwrap_or(&Value::Null),
            table.rows[b].get(c).unwrap_or(&Value::Null),
            key.direction,
        )
    });
    order
}

/// Two cells in the order `direction` asks for, with blanks (null, empty string) last either way.
pub fn compare_cells(a: &Value, b: &Value, direction: Direction) -> Ordering {
    match (is_blank(a), is_blank(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => {
            let o = typed_order(a, b);
            match direction {
                Direction::Ascending => o,
                Direction::Descending => o.reverse(),
            }
        }
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Real(r) => r.is_nan(),
        _ => false,
    }
}

fn typed_order(a: &Value, b: &Value) -> Ordering {
    use Value::*;
    match (a, b) {
        (Long(x), Long(y)) => x.cmp(y),
        (Int(x), Int(y)) => x.cmp(y),
        (Real(x), Real(y)) => x.total_cmp(y),
        (Int(_) | Long(_) | Real(_), Int(_) | Long(_) | Real(_)) => number(a).total_cmp(&number(b)),
        (String(x), String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (DateTime(x), DateTime(y)) | (TimeSpan(x), TimeSpan(y)) => x.cmp(y),
        (Bool(x), Bool(y)) => x.cmp(y),
        (Guid(x), Guid(y)) => x.cmp(y),
        _ => kql::engine::values::sort_order(a, b),
    }
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Long(i) => *i as f64,
        Value::Real(r) => *r,
        _ => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kql::{Column, DataType};

    fn table(ty: DataType, values: Vec<Value>) -> Table {
        let mut t = Table::new("T", vec![Column::new("x", ty)]);
        for v in values {
            t.push_row(vec![v]);
        }
        t
    }

    fn sorted(t: &Table, direction: Direction) -> Vec<Value> {
        row_order(
            t,
            Some(SortKey {
                column: 0,
                direction,
            }),
        )
        .into_iter()
        .map(|i| t.rows[i][0].clone())
        .collect()
    }

    #[test]
    fn numbers_sort_as_numbers_with_nulls_last() {
        let t = table(
            DataType::Long,
            vec![
                Value::Long(10),
                Value::Null,
                Value::Long(9),
                Value::Long(-1),
            ],
        );
        assert_eq!(
            sorted(&t, Direction::Ascending),
            vec![
                Value::Long(-1),
                Value::Long(9),
                Value::Long(10),
                Value::Null
            ]
        );
        assert_eq!(
            sorted(&t, Direction::Descending),
            vec![
                Value::Long(10),
                Value::Long(9),
                Value::Long(-1),
                Value::Null
            ]
        );
        let r = table(
            DataType::Real,
            vec![Value::Real(2.5), Value::Real(f64::NAN), Value::Real(-0.5)],
        );
        assert_eq!(
            sorted(&r, Direction::Ascending)[..2],
            [Value::Real(-0.5), Value::Real(2.5)]
        );
    }

    #[test]
    fn datetimes_and_timespans_sort_by_time() {
        let d = |s: &str| Value::DateTime(kql::time::parse_datetime(s).unwrap());
        let t = table(
            DataType::DateTime,
            vec![d("2026-11-27T10:00:00Z"), d("2025-01-01"), d("2026-02-01")],
        );
        assert_eq!(
            sorted(&t, Direction::Ascending),
            vec![d("2025-01-01"), d("2026-02-01"), d("2026-11-27T10:00:00Z")]
        );
        let ts = |s: &str| Value::TimeSpan(kql::time::parse_timespan(s).unwrap());
        let t = table(
            DataType::TimeSpan,
            vec![ts("1.00:00:00"), ts("00:00:09"), ts("02:00:00")],
        );
        assert_eq!(
            sorted(&t, Direction::Ascending),
            vec![ts("00:00:09"), ts("02:00:00"), ts("1.00:00:00")]
        );
    }

    #[test]
    fn strings_sort_ordinally_with_empty_last_and_ties_stable() {
        let mut t = Table::new(
            "T",
            vec![
                Column::new("s", DataType::String),
                Column::new("n", DataType::Long),
            ],
        );
        for (s, n) in [("b", 0), ("", 1), ("a", 2), ("b", 3), ("B", 4)] {
            t.push_row(vec![Value::string(s), Value::Long(n)]);
        }
        let order = row_order(
            &t,
            Some(SortKey {
                column: 0,
                direction: Direction::Ascending,
            }),
        );
        assert_eq!(order, vec![4, 2, 0, 3, 1]);
        let order = row_order(
            &t,
            Some(SortKey {
                column: 0,
                direction: Direction::Descending,
            }),
        );
        assert_eq!(order, vec![0, 3, 2, 4, 1]);
        assert_eq!(row_order(&t, None), vec![0, 1, 2, 3, 4]);
        // A column that no longer exists leaves the order alone.
        assert_eq!(
            row_order(
                &t,
                Some(SortKey {
                    column: 9,
                    direction: Direction::Ascending
                })
            ),
            vec![0, 1, 2, 3, 4]
        );
    }

    #[test]
    fn clicking_a_header_toggles() {
        let asc = toggled(None, 2);
        assert_eq!(asc.direction, Direction::Ascending);
        let desc = toggled(Some(asc), 2);
        assert_eq!(desc.direction, Direction::Descending);
        assert_eq!(toggled(Some(desc), 2).direction, Direction::Ascending);
        assert_eq!(
            toggled(Some(desc), 1),
            SortKey {
                column: 1,
                direction: Direction::Ascending
            }
        );
        assert_eq!(Direction::Descending.aria(), "descending");
    }
}
