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

/// A union whose rows end in a `summarize`/`project`/`count` builds only the columns read on
/// the way; what it answers must be what the whole union answers.
#[test]
fn union_read_through_later_operators_answers_as_the_whole_union() {
    let tables = "let A = datatable(x:long, k:string)[1, 'p', 2, 'q']; let B = datatable(x:long, y:string, k:string)[3, 'b', 'p'];";
    let q = |rest: &str| rows(&format!("{tables} union withsource=S A, B | {rest}"));
    assert_eq!(
        q("where y == 'b' | summarize n = count() by S"),
        vec!["B|1"]
    );
    assert_eq!(
        q("extend z = x * 2 | where k == 'p' | summarize sum(z)"),
        vec!["8"]
    );
    assert_eq!(q("count"), vec!["3"]);
    assert_eq!(
        q("sort by x desc | take 2 | project S, x"),
        vec!["B|3", "A|2"]
    );
    assert_eq!(q("top 1 by x asc | project k"), vec!["p"]);
    assert_eq!(q("distinct k | sort by k asc"), vec!["p", "q"]);
    // Names the later operators do not spell out keep every column.
    assert_eq!(
        q("summarize count() by v = column_ifexists('y', 'none') | sort by v asc"),
        vec!["null|2", "b|1"]
    );
    assert_eq!(
        q("where x == 3 | project p = pack_all()"),
        vec![r#"{"S":"B","k":"p","x":3,"y":"b"}"#]
    );
    assert_eq!(q("where * has 'b' | project x"), vec!["3"]);
    // Rows that reach the output whole keep every column.
    assert_eq!(
        q("where x > 1 | sort by x asc"),
        vec!["A|2|q|null", "B|3|p|b"]
    );
}

/// `* has "x"` and its kin look in every column of the row; the negated forms in none.
#[test]
fn term_search_over_every_column() {
    let t = "datatable(a:string, b:long, c:dynamic)['alpha beta', 7, dynamic({'k':'Gamma'}), 'delta', 17, dynamic(null)]";
    let q = |w: &str| rows(&format!("{t} | where {w} | project a"));
    assert_eq!(q("* has 'beta'"), vec!["alpha beta"]);
    assert_eq!(q("* has 'bet'"), Vec::<String>::new());
    assert_eq!(q("* contains 'gam'"), vec!["alpha beta"]);
    assert_eq!(q("* contains_cs 'gam'"), Vec::<String>::new());
    assert_eq!(q("* has '17'"), vec!["delta"]);
    assert_eq!(q("* !has 'beta'"), vec!["delta"]);
    assert_eq!(q("* startswith 'del'"), vec!["delta"]);
    assert_eq!(q("* matches regex '^1[0-9]$'"), vec!["delta"]);
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

/// `search`: the rows of every table that match, under their columns and `$table`; a bare
/// string is a term in any column; a column some tables lack rules those tables out.
#[test]
fn search_across_tables() {
    use kql::engine::{execute, Database};
    use kql::table::{Column, Table};
    use kql::value::{DataType, Value};
    let mut db = Database::new();
    let mut sign = Table::new(
        "Sign",
        vec![
            Column::new("User", DataType::String),
            Column::new("Ip", DataType::String),
        ],
    );
    sign.push_row(vec![Value::string("ana"), Value::string("10.0.0.5")]);
    sign.push_row(vec![Value::string("bo"), Value::string("203.0.113.7")]);
    db.add(sign);
    let mut proc_ = Table::new(
        "Proc",
        vec![
            Column::new("User", DataType::String),
            Column::new("Cmd", DataType::String),
        ],
    );
    proc_.push_row(vec![Value::string("ana"), Value::string("whoami /all")]);
    proc_.push_row(vec![
        Value::string("cy"),
        Value::string("net user bo /domain"),
    ]);
    db.add(proc_);
    let run = |q: &str| -> Vec<String> {
        let out = execute(q, &db, &engine_common::opts()).unwrap_or_else(|e| panic!("{e}\n{q}"));
        let t = &out.tables[0];
        let mut rows: Vec<String> = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(engine_common::cell)
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        run("search \"bo\" | project $table, User"),
        vec!["Proc|cy", "Sign|bo"]
    );
    assert_eq!(
        run("search \"who*\" | project $table, User"),
        vec!["Proc|ana"]
    );
    assert_eq!(
        run("search in (Sign) \"ana\" or \"bo\" | project User"),
        vec!["ana", "bo"]
    );
    // Only Proc has Cmd; the term applies to every column of the rows that remain.
    assert_eq!(
        run("search Cmd has \"user\" and \"bo\" | project $table, User"),
        vec!["Proc|cy"]
    );
    assert_eq!(
        run("search \"ANA\" | summarize count() by $table"),
        vec!["Proc|1", "Sign|1"]
    );
    assert_eq!(run("search kind=case_sensitive \"ANA\" | count"), vec!["0"]);
    assert_eq!(
        run("Sign | search \"203.0.113.7\" | project User"),
        vec!["bo"]
    );
    assert_eq!(
        run("search * | summarize count() by $table"),
        vec!["Proc|2", "Sign|2"]
    );
}
