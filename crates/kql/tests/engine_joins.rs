//! Every join kind, with duplicate keys on both sides, and lookup.

mod engine_common;
use engine_common::*;

const L: &str = "let L = datatable(k:string, l:long)['a', 1, 'a', 2, 'b', 3, 'c', 4];";
const R: &str = "let R = datatable(k:string, r:long)['a', 10, 'a', 20, 'b', 30, 'd', 40];";

fn join(kind: &str) -> Vec<String> {
    let q = format!("{L}{R} L | join {kind} R on k | sort by l asc, r asc nulls last");
    rows(&q)
}

#[test]
fn innerunique_is_the_default_and_dedupes_left_keys() {
    let q = format!("{L}{R} L | join R on k | sort by l asc, r asc");
    assert_eq!(rows(&q), vec!["a|1|a|10", "a|1|a|20", "b|3|b|30"]);
    assert_eq!(
        join("kind=innerunique"),
        vec!["a|1|a|10", "a|1|a|20", "b|3|b|30"]
    );
    let q = format!("{L}{R} L | join R on k");
    assert_eq!(
        schema(&q),
        vec!["k:string", "l:long", "k1:string", "r:long"]
    );
}

#[test]
fn inner_is_the_full_cross_product_per_key() {
    assert_eq!(
        join("kind=inner"),
        vec!["a|1|a|10", "a|1|a|20", "a|2|a|10", "a|2|a|20", "b|3|b|30"]
    );
}

#[test]
fn outer_joins_fill_nulls() {
    assert_eq!(
        join("kind=leftouter"),
        vec![
            "a|1|a|10",
            "a|1|a|20",
            "a|2|a|10",
            "a|2|a|20",
            "b|3|b|30",
            "c|4|null|null"
        ]
    );
    let q = format!("{L}{R} L | join kind=rightouter R on k | sort by r asc");
    assert_eq!(
        rows(&q),
        vec![
            "a|1|a|10",
            "a|2|a|10",
            "a|1|a|20",
            "a|2|a|20",
            "b|3|b|30",
            "null|null|d|40"
        ]
    );
    let q = format!("{L}{R} L | join kind=fullouter R on k | summarize count()");
    assert_eq!(rows(&q), vec!["7"]);
}

#[test]
fn semi_and_anti_joins_keep_one_side() {
    let q = format!("{L}{R} L | join kind=leftsemi R on k");
    assert_eq!(rows(&q), vec!["a|1", "a|2", "b|3"]);
    assert_eq!(schema(&q), vec!["k:string", "l:long"]);
    let q = format!("{L}{R} L | join kind=leftanti R on k");
    assert_eq!(rows(&q), vec!["c|4"]);
    let q = format!("{L}{R} L | join kind=rightsemi R on k");
    assert_eq!(rows(&q), vec!["a|10", "a|20", "b|30"]);
    let q = format!("{L}{R} L | join kind=rightanti R on k");
    assert_eq!(rows(&q), vec!["d|40"]);
    let q = format!("{L}{R} L | join kind=leftantisemi R on k");
    assert_eq!(rows(&q), vec!["c|4"]);
}

#[test]
fn join_on_differently_named_columns() {
    let q = "let A = datatable(ip:string, n:long)['1.1.1.1', 1, '2.2.2.2', 2]; let B = datatable(Indicator:string, Threat:string)['1.1.1.1', 'botnet']; A | join kind=inner B on $left.ip == $right.Indicator | project n, Threat";
    assert_eq!(rows(q), vec!["1|botnet"]);
}

#[test]
fn join_keys_are_case_sensitive() {
    let q = "datatable(k:string)['A'] | join kind=inner (datatable(k:string)['a']) on k";
    assert_eq!(rows(q), Vec::<String>::new());
}

#[test]
fn join_with_subquery_on_the_right() {
    let q = format!(
        "{L}{R} L | join kind=inner (R | where r > 15) on k | project l, r | sort by l asc, r asc"
    );
    assert_eq!(rows(&q), vec!["1|20", "2|20", "3|30"]);
}

#[test]
fn lookup_adds_columns_without_repeating_keys() {
    let q = "let F = datatable(ip:string, n:long)['1.1.1.1', 1, '9.9.9.9', 2]; let D = datatable(ip:string, Country:string)['1.1.1.1', 'FR']; F | lookup D on ip";
    assert_eq!(schema(q), vec!["ip:string", "n:long", "Country:string"]);
    assert_eq!(rows(q), vec!["1.1.1.1|1|FR", "9.9.9.9|2|null"]);
    let q = "let F = datatable(ip:string, n:long)['1.1.1.1', 1, '9.9.9.9', 2]; let D = datatable(ip:string, Country:string)['1.1.1.1', 'FR']; F | lookup kind=inner D on ip";
    assert_eq!(rows(q), vec!["1.1.1.1|1|FR"]);
}

#[test]
fn joins_with_stored_tables() {
    let q = "SigninLogs | where ResultType != '0' | join kind=inner (datatable(IPAddress:string, Tag:string)['203.0.113.7', 'tor']) on IPAddress | project UserPrincipalName, Tag";
    assert_eq!(rows(q), vec!["bob@contoso.com|tor", "bob@contoso.com|tor"]);
}
