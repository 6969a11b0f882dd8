//! Tabular operators, one or two small cases each.

use kql::ast::*;

fn ops(src: &str) -> Vec<Operator> {
    let parsed = kql::parse(src);
    assert!(parsed.is_ok(), "{src}: {:?}", parsed.diagnostics);
    match parsed.query.statements.last() {
        Some(Statement::Expression(Expr::Tabular(t))) => t.operators.clone(),
        other => panic!("{src}: {other:?}"),
    }
}

fn op(src: &str) -> Operator {
    ops(src).pop().expect("an operator")
}

fn source(src: &str) -> Source {
    let parsed = kql::parse(src);
    assert!(parsed.is_ok(), "{src}: {:?}", parsed.diagnostics);
    match parsed.query.statements.last() {
        Some(Statement::Expression(Expr::Tabular(t))) => t.source.clone(),
        other => panic!("{src}: {other:?}"),
    }
}

#[test]
fn where_and_filter() {
    assert!(matches!(op("T | where a > 1"), Operator::Where { .. }));
    assert!(matches!(op("T | filter a > 1"), Operator::Where { .. }));
    assert!(matches!(
        op("T | where a = 1"),
        Operator::Where {
            predicate: Expr::Binary {
                op: BinaryOp::Eq,
                ..
            },
            ..
        }
    ));
}

#[test]
fn project_family() {
    match op("T | project A, B = C + 1, ['x y'] = D") {
        Operator::Project { columns, .. } => {
            assert_eq!(columns.len(), 3);
            assert_eq!(columns[1].name().unwrap().name, "B");
            assert_eq!(columns[2].name().unwrap().name, "x y");
        }
        other => panic!("{other:?}"),
    }
    match op("T | project-away A, Prefix*") {
        Operator::ProjectAway { columns, .. } => assert!(columns[1].is_wildcard()),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        op("T | project-keep A*"),
        Operator::ProjectKeep { .. }
    ));
    match op("T | project-rename New = Old, B = A") {
        Operator::ProjectRename { renames, .. } => {
            assert_eq!(
                (renames[0].new.name.as_str(), renames[0].old.name.as_str()),
                ("New", "Old")
            )
        }
        other => panic!("{other:?}"),
    }
    match op("T | project-reorder B asc, A*") {
        Operator::ProjectReorder { columns, .. } => {
            assert_eq!(columns[0].order, Some(ReorderOrder::Asc))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn extend_with_tuple_names() {
    match op("T | summarize (A, B) = arg_max(T, X) by K") {
        Operator::Summarize { aggregates, .. } => assert_eq!(aggregates[0].names.len(), 2),
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(op("T | extend X = 1, Y = X * 2"), Operator::Extend { columns, .. } if columns.len() == 2)
    );
}

#[test]
fn summarize_with_by_and_bin() {
    match op("T | summarize Count = count(), dcount(User) by bin(TimeGenerated, 1h), Day = startofday(T)") {
        Operator::Summarize { aggregates, by, .. } => {
            assert_eq!(aggregates.len(), 2);
            assert_eq!(by.len(), 2);
            assert!(matches!(&by[0].expr, Expr::Call { name, .. } if name.name == "bin"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(op("T | summarize by A"), Operator::Summarize { aggregates, .. } if aggregates.is_empty())
    );
    assert!(
        matches!(op("T | summarize hint.shufflekey=A count() by A"), Operator::Summarize { params, .. } if params.len() == 1)
    );
}

#[test]
fn count_distinct_take_limit() {
    assert!(matches!(op("T | count"), Operator::Count { .. }));
    assert!(
        matches!(op("T | distinct A, B"), Operator::Distinct { columns, .. } if columns.len() == 2)
    );
    assert!(
        matches!(op("T | distinct *"), Operator::Distinct { columns, .. } if matches!(columns[0].expr, Expr::Star { .. }))
    );
    assert!(matches!(op("T | take 10"), Operator::Take { .. }));
    assert!(matches!(op("T | limit 10"), Operator::Take { .. }));
}

#[test]
fn top_and_top_nested() {
    match op("T | top 5 by Count desc nulls last") {
        Operator::Top { by, .. } => {
            assert_eq!(by.direction, Some(SortDirection::Desc));
            assert_eq!(by.nulls, Some(NullsOrder::Last));
        }
        other => panic!("{other:?}"),
    }
    match op(
        "T | top-nested 3 of A with others = 'Other' by count(), top-nested of B by sum(C) asc",
    ) {
        Operator::TopNested { levels, .. } => {
            assert_eq!(levels.len(), 2);
            assert!(levels[0].with_others.is_some());
            assert!(levels[1].count.is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sort_and_order() {
    assert!(matches!(op("T | sort by A asc, B"), Operator::Sort { keys, .. } if keys.len() == 2));
    assert!(matches!(op("T | order by A desc"), Operator::Sort { .. }));
}

#[test]
fn join_every_kind() {
    for kind in [
        "inner",
        "innerunique",
        "leftouter",
        "rightouter",
        "fullouter",
        "leftanti",
        "rightanti",
        "leftsemi",
        "rightsemi",
        "leftantisemi",
        "rightantisemi",
    ] {
        match op(&format!("T | join kind={kind} (S) on A")) {
            Operator::Join { kind: Some(k), .. } => assert_eq!(k.keyword(), kind),
            other => panic!("{kind}: {other:?}"),
        }
    }
}

#[test]
fn join_hints_and_left_right() {
    match op("T | join kind=inner hint.strategy=broadcast (S | where x) on $left.A == $right.B, C")
    {
        Operator::Join {
            params, right, on, ..
        } => {
            assert_eq!(params[0].name.name, "hint.strategy");
            assert!(matches!(right, Expr::Tabular(_)));
            assert_eq!(on.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        op("T | join S on A"),
        Operator::Join {
            right: Expr::Name(_),
            ..
        }
    ));
}

#[test]
fn lookup() {
    assert!(matches!(
        op("T | lookup kind=leftouter (S) on A"),
        Operator::Lookup {
            kind: Some(JoinKind::LeftOuter),
            ..
        }
    ));
}

#[test]
fn union_forms() {
    match source("union withsource=Src kind=outer isfuzzy=true Security*, (T | take 1), U") {
        Source::Operator(o) => match *o {
            Operator::Union { params, tables, .. } => {
                assert_eq!(params.len(), 3);
                assert!(matches!(&tables[0], Expr::Wildcard(p) if p.pattern == "Security*"));
                assert!(matches!(&tables[1], Expr::Tabular(_)));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert!(matches!(op("T | union U"), Operator::Union { .. }));
    assert!(matches!(op("(union T, U) | take 1"), Operator::Take { .. }));
}

#[test]
fn mv_expand_and_mv_apply() {
    match op("T | mv-expand bagexpansion=array with_itemindex=I X to typeof(string), Y limit 100") {
        Operator::MvExpand {
            params,
            columns,
            limit,
            ..
        } => {
            assert_eq!(params.len(), 2);
            assert_eq!(columns[0].to_type, Some(kql::DataType::String));
            assert!(limit.is_some());
        }
        other => panic!("{other:?}"),
    }
    match op("T | mv-apply X to typeof(long) on (top 1 by X | project X)") {
        Operator::MvApply { on, .. } => assert_eq!(on.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn parse_kinds_and_typed_columns() {
    match op(r#"T | parse Msg with "user=" User:string " id=" Id:long *"#) {
        Operator::Parse { kind, pattern, .. } => {
            assert_eq!(kind, ParseKind::Simple);
            assert_eq!(pattern.len(), 5);
            assert!(matches!(
                &pattern[3],
                ParsePart::Column {
                    ty: Some(kql::DataType::Long),
                    ..
                }
            ));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        op(r#"T | parse kind=regex flags=i Msg with @"(\d+)" N:int"#),
        Operator::Parse {
            kind: ParseKind::Regex,
            ..
        }
    ));
    assert!(matches!(
        op(r#"T | parse kind=relaxed Msg with "a" B"#),
        Operator::Parse {
            kind: ParseKind::Relaxed,
            ..
        }
    ));
    assert!(matches!(
        op(r#"T | parse-where Msg with "a" B"#),
        Operator::ParseWhere { .. }
    ));
}

#[test]
fn make_series_both_forms() {
    match op("T | make-series C = count() default = 0 on TimeGenerated from ago(1d) to now() step 1h by A") {
        Operator::MakeSeries { aggregates, from, to, by, .. } => {
            assert!(aggregates[0].default.is_some());
            assert!(from.is_some() && to.is_some());
            assert_eq!(by.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        op("T | make-series count() on T in range(ago(1d), now(), 1h)"),
        Operator::MakeSeries { .. }
    ));
}

#[test]
fn render_with_properties() {
    match op(r#"T | render timechart with (title = "Sign-ins", ytitle = "count")"#) {
        Operator::Render {
            chart, properties, ..
        } => {
            assert_eq!(chart.name, "timechart");
            assert_eq!(properties.len(), 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn evaluate_plugins() {
    for plugin in ["bag_unpack(Props)", "pivot(A, sum(B))", "autocluster(0.6)"] {
        assert!(
            matches!(
                op(&format!("T | evaluate {plugin}")),
                Operator::Evaluate { .. }
            ),
            "{plugin}"
        );
    }
}

#[test]
fn as_invoke_serialize_getschema_sample_facet() {
    assert!(
        matches!(op("T | as hint.materialized=true X"), Operator::As { params, .. } if params.len() == 1)
    );
    assert!(matches!(op("T | invoke f(1)"), Operator::Invoke { .. }));
    assert!(matches!(
        op("T | serialize Row = row_number()"),
        Operator::Serialize { .. }
    ));
    assert!(matches!(op("T | getschema"), Operator::GetSchema { .. }));
    assert!(matches!(op("T | sample 10"), Operator::Sample { .. }));
    assert!(matches!(
        op("T | sample-distinct 5 of A"),
        Operator::SampleDistinct { .. }
    ));
    assert!(
        matches!(op("T | facet by A, B with (take 5)"), Operator::Facet { with, .. } if with.len() == 1)
    );
}

#[test]
fn sources_that_are_operators() {
    assert!(
        matches!(source("range x from 1 to 10 step 1 | take 1"), Source::Operator(o) if matches!(*o, Operator::Range { .. }))
    );
    assert!(
        matches!(source("datatable(a:int, b:string) [1, 'x', 2, 'y'] | take 1"), Source::Operator(o) if matches!(&*o, Operator::Datatable { values, .. } if values.len() == 4))
    );
    assert!(matches!(
        source("print x = 1 | take 1"),
        Source::Operator(_)
    ));
    assert!(matches!(
        source("search in (T, U) 'x' | take 1"),
        Source::Operator(_)
    ));
    assert!(matches!(
        source("find in (T) where x == 1 project a | take 1"),
        Source::Operator(_)
    ));
    assert!(matches!(
        source(
            "externaldata (a:string) [h@'https://example.com/x.csv'] with (format='csv') | take 1"
        ),
        Source::Operator(_)
    ));
    assert!(matches!(
        source("evaluate some_plugin() | take 1"),
        Source::Operator(_)
    ));
}

#[test]
fn materialize_and_toscalar_are_calls() {
    let parsed =
        kql::parse("let x = materialize(T | take 5); let n = toscalar(x | count); x | where c < n");
    assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
}

#[test]
fn legacy_mvexpand_spelling() {
    assert!(matches!(op("T | mvexpand A"), Operator::MvExpand { .. }));
}
