//! Errors: clear messages, byte spans, recovery, and limits that keep the parser safe.

fn errors(src: &str) -> Vec<kql::Diagnostic> {
    kql::parse(src)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == kql::Severity::Error)
        .collect()
}

#[test]
fn missing_operand_names_the_operator() {
    let e = errors("T | where x ==");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("expected an expression after `==`"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].span.start, 14);
}

#[test]
fn unbalanced_parenthesis_points_at_the_open_bracket() {
    let e = errors("T | where (a > 1");
    assert!(e[0].message.contains("unbalanced `(`"), "{}", e[0].message);
    assert_eq!(e[0].span.start, 10);
}

#[test]
fn stray_closing_parenthesis() {
    let e = errors("T | take 1)");
    assert!(e[0].message.contains("unbalanced `)`"), "{}", e[0].message);
}

#[test]
fn unknown_operator_has_a_hint() {
    let e = errors("T | select A");
    assert!(e[0].message.contains("unknown tabular operator `select`"));
    assert!(e[0].message.contains("project"));
    assert_eq!((e[0].span.start, e[0].span.end), (4, 10));
}

#[test]
fn recovers_at_pipes_to_report_several_errors() {
    let e = errors("T | where == 1 | project , | take 5 | select x");
    assert_eq!(e.len(), 3, "{e:?}");
}

#[test]
fn recovers_at_statements() {
    let e = errors("let a = ; let b = (1 + ; T | where x > 1");
    assert_eq!(e.len(), 2, "{e:?}");
}

#[test]
fn unterminated_string() {
    let e = errors("T | where a == 'abc");
    assert!(e[0].message.contains("unterminated string"));
}

#[test]
fn empty_statement_is_an_error() {
    assert!(!errors(";T").is_empty());
}

#[test]
fn keyword_as_extend_name_needs_brackets() {
    assert!(!errors("T | extend project = 1").is_empty());
    assert!(errors("T | extend ['project'] = 1").is_empty());
}

#[test]
fn spans_are_within_the_source() {
    for src in [
        "T | where",
        "let",
        "print (",
        "T | join kind=inner (S",
        "x ``` y",
        "print 'a\\",
    ] {
        for d in kql::parse(src).diagnostics {
            assert!(
                d.span.start <= d.span.end && d.span.end <= src.len(),
                "{src}: {d}"
            );
        }
    }
}

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    // wasm32's default stack is 1 MiB; debug builds use far more stack per level than release.
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn ten_thousand_open_parentheses_are_an_error_not_a_crash() {
    on_small_stack(|| {
        let src = format!("print {}1", "(".repeat(10_000));
        let e = errors(&src);
        assert!(
            e.iter().any(|d| d.message.contains("nested too deeply")),
            "{e:?}"
        );
    });
}

#[test]
fn deep_nesting_of_every_kind_is_bounded() {
    on_small_stack(|| {
        for (open, close) in [
            ("f(", ")"),
            ("-", ""),
            ("dynamic([", "])"),
            ("(T | where ", ")"),
            ("a[", "]"),
        ] {
            let src = format!("print {}1{}", open.repeat(5_000), close.repeat(5_000));
            let parsed = kql::parse(&src);
            assert!(!parsed.is_ok(), "{open}");
        }
    });
}

#[test]
fn long_operator_chains_are_bounded() {
    on_small_stack(|| {
        let src = format!("print {}", vec!["a"; 100_000].join(" + "));
        assert!(!kql::parse(&src).is_ok());
        let src = format!("print x{}", ".y".repeat(100_000));
        assert!(!kql::parse(&src).is_ok());
    });
}

#[test]
fn moderate_chains_are_fine() {
    let src = format!(
        "T | where {}",
        (0..300)
            .map(|i| format!("a == {i}"))
            .collect::<Vec<_>>()
            .join(" or ")
    );
    assert!(kql::parse(&src).is_ok());
}

#[test]
fn one_mebibyte_of_input_is_rejected_with_an_error() {
    let src = format!("print '{}'", "x".repeat(1 << 20));
    let e = errors(&src);
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("too long"));
}

#[test]
fn parse_expression_rejects_trailing_text() {
    assert!(kql::parse_expression("a b").is_err());
    assert!(kql::parse_expression("a + 1").is_ok());
}
