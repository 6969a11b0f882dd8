//! Functions over dynamic arrays and property bags.

use serde_json::{Map, Value as Json};

use crate::value::{DataType, Value};

use super::super::values::{self, Key};
use super::args::{long, text};
use super::{spec, FnSpec, Ret};

use DataType::*;

pub const FUNCTIONS: &[FnSpec] = &[
    spec("array_length", 1, 1, Ret::Fixed(Long), |a| {
        match as_array(&a[0]) {
            Some(x) => Value::Long(x.len() as i64),
            None => Value::Null,
        }
    }),
    spec("pack", 2, 64, Ret::Fixed(Dynamic), pack),
    spec("bag_pack", 2, 64, Ret::Fixed(Dynamic), pack),
    spec("pack_dictionary", 2, 64, Ret::Fixed(Dynamic), pack),
    spec("pack_array", 1, 64, Ret::Fixed(Dynamic), |a| {
        arr(a.iter().map(values::to_json).collect())
    }),
    spec("array_concat", 1, 64, Ret::Fixed(Dynamic), |a| {
        arr(a
            .iter()
            .filter_map(as_array)
            .flat_map(|x| x.iter().cloned())
            .collect())
    }),
    spec("set_union", 1, 64, Ret::Fixed(Dynamic), |a| {
        distinct(
            a.iter()
                .filter_map(as_array)
                .flat_map(|x| x.iter().cloned()),
        )
    }),
    spec("set_intersect", 1, 64, Ret::Fixed(Dynamic), set_intersect),
    spec("set_difference", 1, 64, Ret::Fixed(Dynamic), set_difference),
    spec(
        "set_has_element",
        2,
        2,
        Ret::Fixed(Bool),
        |a| match as_array(&a[0]) {
            Some(x) => Value::Bool(
                x.iter()
                    .any(|e| values::equals(&values::from_json(e), &a[1]) == Some(true)),
            ),
            None => Value::Null,
        },
    ),
    spec(
        "array_index_of",
        2,
        2,
        Ret::Fixed(Long),
        |a| match as_array(&a[0]) {
            Some(x) => Value::Long(
                x.iter()
                    .position(|e| values::equals(&values::from_json(e), &a[1]) == Some(true))
                    .map_or(-1, |i| i as i64),
            ),
            None => Value::Null,
        },
    ),
    spec("array_slice", 3, 3, Ret::Fixed(Dynamic), array_slice),
    spec(
        "array_reverse",
        1,
        1,
        Ret::Fixed(Dynamic),
        |a| match as_array(&a[0]) {
            Some(x) => arr(x.iter().rev().cloned().collect()),
            None => Value::Null,
        },
    ),
    spec("array_sort_asc", 1, 1, Ret::Fixed(Dynamic), |a| {
        sort(a, false)
    }),
    spec("array_sort_desc", 1, 1, Ret::Fixed(Dynamic), |a| {
        sort(a, true)
    }),
    spec("array_sum", 1, 1, Ret::Fixed(Real), |a| {
        match as_array(&a[0]) {
            Some(x) => Value::Real(x.iter().filter_map(Json::as_f64).sum()),
            None => Value::Null,
        }
    }),
    spec(
        "strcat_array",
        2,
        2,
        Ret::Fixed(String),
        |a| match as_array(&a[0]) {
            Some(x) => Value::from(
                x.iter()
                    .map(|e| values::to_text(&values::from_json(e)))
                    .collect::<Vec<_>>()
                    .join(&text(a, 1)),
            ),
            None => Value::Null,
        },
    ),
    spec("bag_keys", 1, 1, Ret::Fixed(Dynamic), |a| {
        match as_object(&a[0]) {
            Some(m) => arr(m.keys().map(|k| Json::String(k.clone())).collect()),
            None => Value::Null,
        }
    }),
    spec("bag_has_key", 2, 2, Ret::Fixed(Bool), |a| {
        match as_object(&a[0]) {
            Some(m) => Value::Bool(m.contains_key(text(a, 1).as_ref())),
            None => Value::Null,
        }
    }),
    spec("bag_merge", 1, 64, Ret::Fixed(Dynamic), |a| {
        let mut out = Map::new();
        for m in a.iter().filter_map(as_object) {
            for (k, v) in m {
                out.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        Value::dynamic(Json::Object(out))
    }),
    spec("bag_remove_keys", 2, 2, Ret::Fixed(Dynamic), |a| {
        match (as_object(&a[0]), as_array(&a[1])) {
            (Some(m), Some(keys)) => {
                let mut m = m.clone();
                for k in keys.iter().filter_map(Json::as_str) {
                    m.remove(k);
                }
                Value::dynamic(Json::Object(m))
            }
            _ => Value::Null,
        }
    }),
    spec("zip", 2, 64, Ret::Fixed(Dynamic), |a| {
        let arrays: Vec<&Vec<Json>> = a.iter().filter_map(as_array).collect();
        let n = arrays.iter().map(|x| x.len()).max().unwrap_or(0);
        arr((0..n)
            .map(|i| {
                Json::Array(
                    arrays
                        .iter()
                        .map(|x| x.get(i).cloned().unwrap_or(Json::Null))
                        .collect(),
                )
            })
            .collect())
    }),
    spec("range", 2, 3, Ret::Fixed(Dynamic), range),
    spec("array_iff", 3, 3, Ret::Fixed(Dynamic), array_iff),
    spec("array_iif", 3, 3, Ret::Fixed(Dynamic), array_iff),
    spec(
        "series_fill_const",
        2,
        3,
        Ret::Fixed(Dynamic),
        |a| match as_array(&a[0]) {
            Some(x) => {
                let c = values::to_json(&a[1]);
                arr(x
                    .iter()
                    .map(|e| if e.is_null() { c.clone() } else { e.clone() })
                    .collect())
            }
            None => Value::Null,
        },
    ),
];

/// The array inside a dynamic value.
pub fn as_array(v: &Value) -> Option<&Vec<Json>> {
    match v {
        Value::Dynamic(j) => j.as_array(),
        _ => None,
    }
}

fn as_object(v: &Value) -> Option<&Map<std::string::String, Json>> {
    match v {
        Value::Dynamic(j) => j.as_object(),
        _ => None,
    }
}

fn arr(items: Vec<Json>) -> Value {
    Value::dynamic(Json::Array(items))
}

fn pack(a: &[Value]) -> Value {
    let mut m = Map::new();
    for pair in a.chunks(2) {
        if let [k, v] = pair {
            m.insert(values::to_text(k), values::to_json(v));
        }
    }
    Value::dynamic(Json::Object(m))
}

fn distinct(items: impl Iterator<Item = Json>) -> Value {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for j in items {
        if seen.insert(Key(values::from_json(&j))) {
            out.push(j);
        }
    }
    arr(out)
}

fn set_intersect(a: &[Value]) -> Value {
    let Some(first) = as_array(&a[0]) else {
        return Value::Null;
    };
    let others: Vec<std::collections::HashSet<Key>> = a[1..]
        .iter()
        .map(|v| {
            as_array(v).map_or_else(Default::default, |x| {
                x.iter().map(|j| Key(values::from_json(j))).collect()
            })
        })
        .collect();
    distinct(
        first
            .iter()
            .filter(|j| {
                let k = Key(values::from_json(j));
                others.iter().all(|o| o.contains(&k))
            })
            .cloned(),
    )
}

fn set_difference(a: &[Value]) -> Value {
    let Some(first) = as_array(&a[0]) else {
        return Value::Null;
    };
    let others: std::collections::HashSet<Key> = a[1..]
        .iter()
        .filter_map(as_array)
        .flat_map(|x| x.iter().map(|j| Key(values::from_json(j))))
        .collect();
    distinct(
        first
            .iter()
            .filter(|j| !others.contains(&Key(values::from_json(j))))
            .cloned(),
    )
}

fn array_slice(a: &[Value]) -> Value {
    let Some(x) = as_array(&a[0]) else {
        return Value::Null;
    };
    let len = x.len() as i64;
    let norm = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
    let start = norm(long(a, 1).unwrap_or(0));
    let end = norm(long(a, 2).unwrap_or(len - 1)) + 1;
    let end = end.min(len);
    if start >= end {
        return arr(vec![]);
    }
    arr(x[start as usize..end as usize].to_vec())
}

fn sort(a: &[Value], desc: bool) -> Value {
    let Some(x) = as_array(&a[0]) else {
        return Value::Null;
    };
    let mut items: Vec<Json> = x.clone();
    items.sort_by(|p, q| {
        let o = values::sort_order(&values::from_json(p), &values::from_json(q));
        if desc {
            o.reverse()
        } else {
            o
        }
    });
    arr(items)
}

fn range(a: &[Value]) -> Value {
    let step = a.get(2).cloned().unwrap_or(Value::Long(1));
    let mut out = Vec::new();
    let mut cur = a[0].clone();
    while out.len() < 1_000_000 {
        match values::compare(&cur, &a[1]) {
            Some(std::cmp::Ordering::Greater) | None => break,
            _ => {}
        }
        out.push(values::to_json(&cur));
        let next = values::arith(values::Arith::Add, &cur, &step);
        if values::compare(&next, &cur) != Some(std::cmp::Ordering::Greater) {
            break;
        }
        cur = next;
    }
    arr(out)
}

fn array_iff(a: &[Value]) -> Value {
    let Some(cond) = as_array(&a[0]) else {
        return Value::Null;
    };
    let pick = |v: &Value, i: usize| match as_array(v) {
        Some(x) => x.get(i).cloned().unwrap_or(Json::Null),
        None => values::to_json(v),
    };
    arr(cond
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if values::to_bool(&values::from_json(c)) == Some(true) {
                pick(&a[1], i)
            } else {
                pick(&a[2], i)
            }
        })
        .collect())
}
