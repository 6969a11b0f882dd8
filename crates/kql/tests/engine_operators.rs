//! Tabular operators, each pinned with small inline tables.

mod engine_common;
use engine_common::*;

const T: &str = "datatable(Name:string, Count:long, Score:real)['a', 1, 1.5, 'b', 2, 2.5, 'c', 3, 0.5, 'd', long(null), 4.0]";

#[test]
fn where_drops_nulls_and_false() {
    assert_eq!(
        rows(&format!("{T} | where Count >= 2 | project Name")),
        vec!["b", "c"]
    );
    assert_eq!(
        rows(&format!("{T} | where Count != 2 | project Name")),
        vec!["a", "c"]
    );
    assert_eq!(
        rows(&format!("{T} | where isnull(Count) | project Name")),
        vec!["d"]
    );
    assert_eq!(
        rows(&format!(
            "{T} | where Count > 1 and Score > 1 | project Name"
        )),
        vec!["b"]
    );
    assert_eq!(
        rows(&format!(
            "{T} | where Count == 1 or Score > 3 | project Name"
        )),
        vec!["a", "d"]
    );
}

#[test]
fn project_variants() {
    assert_eq!(
        schema(&format!("{T} | project Name, Double = Count * 2")),
        vec!["Name:string", "Double:long"]
    );
    assert_eq!(
        schema(&format!("{T} | project-away Count")),
        vec!["Name:string", "Score:real"]
    );
    assert_eq!(
        schema(&format!("{T} | project-away S*")),
        vec!["Name:string", "Count:long"]
    );
    assert_eq!(
        schema(&format!("{T} | project-keep N*, Score")),
        vec!["Name:string", "Score:real"]
    );
    assert_eq!(
        schema(&format!("{T} | project-rename Title = Name")),
        vec!["Title:string", "Count:long", "Score:real"]
    );
    assert_eq!(
        schema(&format!("{T} | project-reorder Score, Name")),
        vec!["Score:real", "Name:string", "Count:long"]
    );
    assert_eq!(
        schema(&format!("{T} | project Count + 1")),
        vec!["Column1:long"]
    );
}

#[test]
fn extend_adds_and_replaces() {
    assert_eq!(
        rows(&format!(
            "{T} | extend Twice = Count * 2, More = Twice + 1 | take 2 | project Name, Twice, More"
        )),
        vec!["a|2|3", "b|4|5"]
    );
    assert_eq!(
        rows(&format!(
            "{T} | extend Count = Count * 10 | take 1 | project Count"
        )),
        vec!["10"]
    );
    assert_eq!(
        schema(&format!("{T} | extend R = Count / 2.0 | project R")),
        vec!["R:real"]
    );
}

#[test]
fn count_take_limit() {
    assert_eq!(scalar(&format!("{T} | count")), "4");
    assert_eq!(schema(&format!("{T} | count")), vec!["Count:long"]);
    assert_eq!(
        rows(&format!("{T} | take 2 | project Name")),
        vec!["a", "b"]
    );
    assert_eq!(rows(&format!("{T} | limit 1 | project Name")), vec!["a"]);
    assert_eq!(
        rows(&format!("{T} | take 0 | project Name")),
        Vec::<String>::new()
    );
}

#[test]
fn distinct_keeps_first_seen_order() {
    assert_eq!(
        rows("datatable(a:string, b:long)['x', 1, 'y', 2, 'x', 1, 'x', 3] | distinct a"),
        vec!["x", "y"]
    );
    assert_eq!(
        rows("datatable(a:string, b:long)['x', 1, 'y', 2, 'x', 1, 'x', 3] | distinct *"),
        vec!["x|1", "y|2", "x|3"]
    );
}

#[test]
fn sort_defaults_to_descending_with_nulls_last() {
    assert_eq!(
        rows(&format!("{T} | sort by Count | project Name")),
        vec!["c", "b", "a", "d"]
    );
    assert_eq!(
        rows(&format!("{T} | order by Count asc | project Name")),
        vec!["d", "a", "b", "c"]
    );
    assert_eq!(
        rows(&format!(
            "{T} | sort by Count asc nulls last | project Name"
        )),
        vec!["a", "b", "c", "d"]
    );
    assert_eq!(
        rows(&format!(
            "{T} | sort by Count desc nulls first | project Name"
        )),
        vec!["d", "c", "b", "a"]
    );
}

#[test]
fn sort_is_stable_and_multi_key() {
    let q = "datatable(g:string, v:long, id:long)['x', 1, 1, 'y', 1, 2, 'x', 2, 3, 'y', 2, 4] | sort by g asc, v desc | project id";
    assert_eq!(rows(q), vec!["3", "1", "4", "2"]);
    let q = "datatable(g:string, id:long)['x', 1, 'x', 2, 'x', 3] | sort by g | project id";
    assert_eq!(rows(q), vec!["1", "2", "3"]);
}

#[test]
fn sort_strings_is_ordinal() {
    assert_eq!(
        rows("datatable(s:string)['b', 'B', 'a', 'A'] | sort by s asc"),
        vec!["A", "B", "a", "b"]
    );
}

#[test]
fn top_takes_first_n_by_key() {
    assert_eq!(
        rows(&format!("{T} | top 2 by Score | project Name")),
        vec!["d", "b"]
    );
    assert_eq!(
        rows(&format!("{T} | top 2 by Score asc | project Name")),
        vec!["c", "a"]
    );
    assert_eq!(
        rows(&format!("{T} | top 10 by Count | project Name")),
        vec!["c", "b", "a", "d"]
    );
}

#[test]
fn print_and_range() {
    assert_eq!(schema("print x = 1, 'a'"), vec!["x:long", "print_1:string"]);
    assert_eq!(rows("range i from 1 to 5 step 2"), vec!["1", "3", "5"]);
    assert_eq!(rows("range i from 3 to 1 step -1"), vec!["3", "2", "1"]);
    assert_eq!(
        rows("range t from datetime(2024-01-01) to datetime(2024-01-01T02:00:00Z) step 1h"),
        vec![
            "2024-01-01T00:00:00Z",
            "2024-01-01T01:00:00Z",
            "2024-01-01T02:00:00Z"
        ]
    );
}

#[test]
fn datatable_types_and_nulls() {
    assert_eq!(
        schema("datatable(a:int, b:bool, c:datetime, d:timespan, e:guid, f:dynamic)[1, true, datetime(2024-01-01), 1h, guid(0f8fad5b-d9cb-469f-a165-70867728950e), dynamic([1])]"),
        vec!["a:int", "b:bool", "c:datetime", "d:timespan", "e:guid", "f:dynamic"]
    );
    assert_eq!(
        rows("datatable(a:long, d:dynamic)[long(null), dynamic(null)]"),
        vec!["null|null"]
    );
}

#[test]
fn union_with_source_and_outer_columns() {
    let q = "let A = datatable(x:long)[1]; let B = datatable(x:long, y:string)[2, 'b']; union withsource=Src A, B";
    assert_eq!(schema(q), vec!["Src:string", "x:long", "y:string"]);
    assert_eq!(rows(q), vec!["A|1|null", "B|2|b"]);
    let q = "let A = datatable(x:long)[1]; let B = datatable(x:long, y:string)[2, 'b']; union kind=inner A, B";
    assert_eq!(rows(q), vec!["1", "2"]);
    let q = "datatable(x:long)[1] | union (datatable(x:long)[5])";
    assert_eq!(rows(q), vec!["1", "5"]);
}

#[test]
fn serialize_row_number_prev_next() {
    let q = "datatable(v:long)[10, 20, 30] | serialize | extend n = row_number(), p = prev(v), nx = next(v, 1, -1)";
    assert_eq!(rows(q), vec!["10|1|null|20", "20|2|10|30", "30|3|20|-1"]);
    let q = "datatable(v:long)[10, 20] | sort by v asc | extend n = row_number(0)";
    assert_eq!(rows(q), vec!["10|0", "20|1"]);
}

#[test]
fn let_scalars_tables_and_functions() {
    assert_eq!(scalar("let x = 5; let y = x * 2; print y"), "10");
    assert_eq!(
        rows("let T = datatable(a:long)[1, 2, 3]; T | where a > 1"),
        vec!["2", "3"]
    );
    assert_eq!(
        scalar("let f = (a:long, b:long = 10) { a + b }; print f(1)"),
        "11"
    );
    assert_eq!(
        scalar("let f = (a:long, b:long = 10) { a + b }; print f(1, 2)"),
        "3"
    );
    assert_eq!(
        rows("let T = datatable(a:long)[1, 2, 3]; let above = (n:long) { T | where a > n }; above(2)"),
        vec!["3"]
    );
    assert_eq!(
        rows("let twice = (x:long) { x * 2 }; datatable(a:long)[1, 2] | extend d = twice(a) | project d"),
        vec!["2", "4"]
    );
    assert_eq!(
        rows("let T = materialize(datatable(a:long)[1, 2]); T | union T | count"),
        vec!["4"]
    );
}

#[test]
fn toscalar_and_in_subquery() {
    assert_eq!(
        scalar("let m = toscalar(datatable(a:long)[4, 9, 2] | summarize max(a)); print m"),
        "9"
    );
    let q = "let bad = datatable(ip:string)['1.1.1.1', '2.2.2.2']; datatable(ip:string, n:long)['1.1.1.1', 1, '3.3.3.3', 2] | where ip in (bad) | project n";
    assert_eq!(rows(q), vec!["1"]);
    let q = "datatable(ip:string, n:long)['1.1.1.1', 1, '3.3.3.3', 2] | where ip !in ((datatable(x:string)['1.1.1.1'])) | project n";
    assert_eq!(rows(q), vec!["2"]);
}

#[test]
fn stored_tables_and_query_window() {
    assert_eq!(scalar("SigninLogs | count"), "5");
    let mut o = opts();
    o.timespan = Some((NOW - 2 * 3600 * 10_000_000, NOW));
    let out = kql::engine::execute("SigninLogs | count", &db(), &o).unwrap();
    assert_eq!(cell(&out.tables[0].rows[0][0]), "4");
    o.row_limit = Some(2);
    let out = kql::engine::execute("SigninLogs", &db(), &o).unwrap();
    assert_eq!(out.tables[0].rows.len(), 2);
}

#[test]
fn render_returns_chart_beside_the_table() {
    let out = try_run(
        "datatable(x:long, y:long)[1, 2] | render timechart with (title='Sign-ins', ycolumns=y)",
    )
    .unwrap();
    let chart = out.chart.unwrap();
    assert_eq!(chart.kind, "timechart");
    assert_eq!(
        chart.properties[0],
        ("title".to_string(), "Sign-ins".to_string())
    );
    assert_eq!(out.tables[0].rows.len(), 1);
}

#[test]
fn getschema_lists_columns() {
    assert_eq!(
        rows("datatable(a:long, b:string)[] | getschema | project ColumnName, ColumnType"),
        vec!["a|long", "b|string"]
    );
}

#[test]
fn several_statements_give_several_tables() {
    let out = try_run("print 1; print 2").unwrap();
    assert_eq!(out.tables.len(), 2);
    assert_eq!(out.tables[0].name, "PrimaryResult");
}

#[test]
fn filters_on_stored_tables_feed_every_operator() {
    let w = "SigninLogs | where ResultType == '0'";
    assert_eq!(scalar(&format!("{w} | count")), "3");
    assert_eq!(
        rows(&format!("{w} | take 1 | project IPAddress")),
        vec!["10.0.0.5"]
    );
    assert_eq!(
        rows(&format!(
            "{w} | where IPAddress startswith '10.' | summarize count() by UserPrincipalName"
        )),
        vec!["alice@contoso.com|1", "Alice@Contoso.com|1"]
    );
    assert_eq!(
        rows(&format!("{w} | join kind=leftanti (datatable(IPAddress:string)['10.0.0.5']) on IPAddress | project UserPrincipalName")),
        vec!["carol@contoso.com"]
    );
    assert_eq!(
        rows(&format!(
            "{w} | extend n = strlen(UserPrincipalName) | project n"
        )),
        vec!["17", "17", "17"]
    );
    assert_eq!(
        rows("SigninLogs | serialize | where ResultType == '0' | where prev(UserPrincipalName) == 'alice@contoso.com' | project UserPrincipalName"),
        vec!["Alice@Contoso.com"]
    );
    assert_eq!(
        rows("SigninLogs | where ResultType == '0' | sort by TimeGenerated asc | project UserPrincipalName"),
        vec!["carol@contoso.com", "alice@contoso.com", "Alice@Contoso.com"]
    );
}
