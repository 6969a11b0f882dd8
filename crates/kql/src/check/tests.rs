//! Small, specific cases per construct. Differential tests against Microsoft's analyzer live in
//! `tests/check_oracle.rs`.

use crate::schema::{Catalog, TableSchema};
use crate::table::Column;
use crate::value::DataType::{self, *};
use crate::Diagnostic;

fn table(name: &str, cols: &[(&str, DataType)]) -> TableSchema {
    TableSchema::new(
        name,
        cols.iter().map(|(n, t)| Column::new(*n, *t)).collect(),
    )
}

fn catalog() -> Catalog {
    let mut c = Catalog::new();
    let mut incidents = table("SecurityIncident", &[("Classification", String)]);
    incidents.columns[0].known_values = vec![
        "TruePositive".into(),
        "FalsePositive".into(),
        "BenignPositive".into(),
        "Undetermined".into(),
    ];
    c.add(incidents);
    c.add(table(
        "SecurityIncident",
        &[
            ("TimeGenerated", DateTime),
            ("IncidentNumber", Int),
            ("Title", String),
            ("Status", String),
            ("Severity", String),
            ("Owner", Dynamic),
            ("AlertIds", Dynamic),
            ("CreatedTime", DateTime),
        ],
    ));
    c.add(table(
        "SigninLogs",
        &[
            ("TimeGenerated", DateTime),
            ("UserPrincipalName", String),
            ("IPAddress", String),
            ("ResultType", String),
            ("AppDisplayName", String),
            ("LocationDetails", Dynamic),
            ("DurationMs", Long),
        ],
    ));
    c.add(table(
        "SecurityAlert",
        &[
            ("TimeGenerated", DateTime),
            ("AlertName", String),
            ("SystemAlertId", String),
            ("Entities", String),
        ],
    ));
    c
}

fn diags(q: &str) -> Vec<Diagnostic> {
    crate::check(q, &catalog())
}

#[track_caller]
fn ok(q: &str) {
    let d = diags(q);
    assert!(d.is_empty(), "expected no errors for {q:?}, got {d:#?}");
}

/// Asserts exactly one error whose message contains `needle`, on the source text `at`.
#[track_caller]
fn err(q: &str, needle: &str, at: &str) {
    let d = diags(q);
    assert_eq!(d.len(), 1, "expected one error for {q:?}, got {d:#?}");
    assert!(
        d[0].message.contains(needle),
        "message {:?} lacks {needle:?}",
        d[0].message
    );
    assert_eq!(&q[d[0].span.start..d[0].span.end], at, "span of {:?}", d[0]);
}

#[test]
fn unknown_table_and_column_with_suggestions() {
    err(
        "SigninLog | take 5",
        "unknown table `SigninLog`; did you mean `SigninLogs`?",
        "SigninLog",
    );
    err(
        "SecurityIncident | where Sttus == 'New'",
        "unknown column `Sttus` in SecurityIncident; did you mean `Status`?",
        "Sttus",
    );
    err(
        "SecurityIncident | where Banana == 1",
        "unknown column `Banana`",
        "Banana",
    );
}

#[test]
fn function_arity_and_unknown_functions() {
    err(
        "SigninLogs | where TimeGenerated > ago(1d, 2)",
        "`ago` takes 1 argument, got 2",
        "ago",
    );
    err(
        "SigninLogs | extend x = tolowr(IPAddress)",
        "unknown function `tolowr`; did you mean `tolower`?",
        "tolowr",
    );
    err(
        "print strcat()",
        "`strcat` takes 1 to 64 arguments, got 0",
        "strcat",
    );
}

#[test]
fn clear_type_errors_only() {
    err(
        "SigninLogs | where TimeGenerated > 'yesterday'",
        "`>` is not defined for datetime and string",
        "TimeGenerated > 'yesterday'",
    );
    err(
        "SigninLogs | summarize sum(UserPrincipalName)",
        "argument 1 of `sum` must be a number, timespan or datetime, got string",
        "UserPrincipalName",
    );
    err(
        "SigninLogs | where TimeGenerated > ago('1d')",
        "must be a timespan",
        "'1d'",
    );
    err(
        "SigninLogs | where IPAddress",
        "`where` needs a bool",
        "IPAddress",
    );
    err(
        "SigninLogs | extend x = bin(TimeGenerated, 1)",
        "`bin` cannot round a datetime by a long",
        "1",
    );
    // Kusto accepts these.
    ok("SigninLogs | where ResultType == 0 or DurationMs == '5'");
    ok("SigninLogs | extend x = tolower(DurationMs), y = iff(true, 1, 'a')");
    ok("SigninLogs | where LocationDetails.city == 'Paris' and LocationDetails.n > 3");
    ok("SigninLogs | where TimeGenerated between (ago(1d) .. 1h)");
}

#[test]
fn member_access_needs_dynamic() {
    err(
        "SecurityAlert | extend x = Entities.Name",
        "`Entities` is a string, not dynamic",
        "Entities.Name",
    );
    ok("SecurityAlert | extend x = parse_json(Entities)[0].Name");
}

#[test]
fn summarize_names_its_columns_like_kusto() {
    ok(
        "SigninLogs | summarize count(), dcount(IPAddress), make_set(AppDisplayName) \
        by UserPrincipalName, bin(TimeGenerated, 1h) \
        | project UserPrincipalName, TimeGenerated, count_, dcount_IPAddress, set_AppDisplayName",
    );
    ok("SigninLogs | summarize count(), count() | project count_, count_1");
    ok(
        "SigninLogs | summarize make_list(IPAddress), sum(DurationMs), avg(DurationMs) \
        | project list_IPAddress, sum_DurationMs, avg_DurationMs",
    );
    ok("SigninLogs | summarize percentiles(DurationMs, 50, 95) \
        | project percentile_DurationMs_50, percentile_DurationMs_95");
    ok("SigninLogs | summarize count() by tolower(UserPrincipalName) | project Column1");
    ok("SigninLogs | summarize count() by tostring(UserPrincipalName) | project UserPrincipalName");
    err(
        "SigninLogs | summarize count() | project IPAddress",
        "unknown column `IPAddress` in the output of summarize",
        "IPAddress",
    );
    err(
        "SigninLogs | summarize UserPrincipalName",
        "`UserPrincipalName` is not aggregated",
        "UserPrincipalName",
    );
    err(
        "SigninLogs | extend n = count()",
        "`count` is an aggregate function",
        "count",
    );
}

#[test]
fn arg_max_expands_star_and_lists() {
    ok(
        "SigninLogs | summarize arg_max(TimeGenerated, *) by UserPrincipalName \
        | project UserPrincipalName, TimeGenerated, IPAddress, LocationDetails",
    );
    ok(
        "SigninLogs | summarize arg_min(TimeGenerated, IPAddress) by UserPrincipalName \
        | project TimeGenerated, IPAddress",
    );
    ok("SigninLogs | summarize (t, ip) = arg_max(TimeGenerated, IPAddress) | project t, ip");
    err(
        "SigninLogs | summarize arg_max(TimeGenerated, IPAddress) | project AppDisplayName",
        "unknown column `AppDisplayName`",
        "AppDisplayName",
    );
}

#[test]
fn extend_project_rename_away_keep() {
    ok(
        "SigninLogs | extend Hour = hourofday(TimeGenerated), DurationMs + 1 \
        | project Hour, Column1, User = UserPrincipalName | project-rename Who = User \
        | project Who, Hour",
    );
    ok("SigninLogs | extend tostring(LocationDetails.city) | project LocationDetails_city");
    err(
        "SigninLogs | project-away IPAddress | project IPAddress",
        "unknown column `IPAddress`",
        "IPAddress",
    );
    ok("SigninLogs | project-away Location*, IP* | project UserPrincipalName");
    err(
        "SigninLogs | project-keep User* | project IPAddress",
        "unknown column",
        "IPAddress",
    );
    err(
        "SigninLogs | project-away IPAdress",
        "did you mean `IPAddress`?",
        "IPAdress",
    );
    // Columns added by one extend are not visible to its own later items.
    err(
        "SigninLogs | extend a = 1, b = a + 1",
        "unknown column `a`",
        "a",
    );
}

#[test]
fn joins_lookup_and_union() {
    ok(
        "SigninLogs | join kind=inner (SecurityAlert) on TimeGenerated \
        | project TimeGenerated, TimeGenerated1, AlertName, IPAddress",
    );
    ok(
        "SigninLogs | join kind=leftouter (SecurityAlert | project AlertName, Ip = Entities) \
        on $left.IPAddress == $right.Ip | project AlertName, IPAddress",
    );
    err(
        "SigninLogs | join (SecurityAlert) on $left.IPAddress == $right.IpAddress",
        "unknown column `IpAddress` in SecurityAlert",
        "IpAddress",
    );
    err(
        "SigninLogs | join kind=leftanti (SecurityAlert) on TimeGenerated | project AlertName",
        "unknown column `AlertName`",
        "AlertName",
    );
    ok("SigninLogs | lookup (SecurityAlert | project IPAddress = Entities, AlertName) on IPAddress \
        | project AlertName");
    ok("union SigninLogs, SecurityAlert | project AlertName, IPAddress, TimeGenerated");
    ok("union withsource=Source Signin*, SecurityAlert | where Source == 'x'");
    err("union Nope*", "no table matches `Nope*`", "Nope*");
    ok("union isfuzzy=true SigninLogs, MissingTable | take 1");
}

#[test]
fn let_bindings_functions_and_sources() {
    ok(
        "let window = 1d; let users = SigninLogs | where TimeGenerated > ago(window) \
        | distinct UserPrincipalName; users | project UserPrincipalName",
    );
    ok("let f = (t:datetime, n:int) { t + n * 1h }; SigninLogs | extend x = f(TimeGenerated, 2)");
    ok(
        "let T = (lookback:timespan) { SigninLogs | where TimeGenerated > ago(lookback) }; \
        T(1d) | project IPAddress",
    );
    err(
        "let T = (lookback:timespan) { SigninLogs | project IPAddress }; T(1d) | project Title",
        "unknown column `Title`",
        "Title",
    );
    ok("let ips = materialize(SigninLogs | distinct IPAddress); \
        SigninLogs | where IPAddress in (ips) | join (ips) on IPAddress");
    ok("let total = toscalar(SigninLogs | count); SigninLogs | extend share = 1.0 * DurationMs / total");
    ok("range x from 1 to 10 step 1 | extend y = x * 2 | project y");
    ok("datatable(Name:string, Age:long) ['a', 1] | where Age > 0 | project Name");
    ok("print a = 1, strcat('x', 'y') | project a, print_1");
    err(
        "let bad = 5; SigninLogs | where IPAdress == bad",
        "unknown column `IPAdress`",
        "IPAdress",
    );
}

#[test]
fn mv_expand_parse_make_series_and_open_schemas() {
    ok("SecurityIncident | mv-expand AlertIds to typeof(string) | where AlertIds startswith 'a'");
    ok("SecurityIncident | mv-expand with_itemindex=i Alert = AlertIds | project i, Alert");
    ok("SecurityAlert | parse Entities with * 'ip\":\"' Ip '\"' * | project Ip");
    ok(
        "SigninLogs | make-series n = count() default = 0 on TimeGenerated step 1h \
        by UserPrincipalName | project n, TimeGenerated, UserPrincipalName",
    );
    ok("SigninLogs | evaluate bag_unpack(LocationDetails) | project city, UserPrincipalName");
    ok(
        "SigninLogs | mv-apply d = LocationDetails on (summarize make_list(d)) \
        | project list_d, UserPrincipalName",
    );
    ok("SigninLogs | top-nested 3 of UserPrincipalName by count() \
        | project UserPrincipalName, aggregated_UserPrincipalName");
    ok("SigninLogs | getschema | project ColumnName, DataType");
    ok("SigninLogs | count | project Count");
}

#[test]
fn syntax_errors_come_first_and_silence_later_echoes() {
    let d = diags("SigninLogs | where | project Nope");
    assert!(!d.is_empty());
    assert!(
        d.iter().all(|e| !e.message.contains("unknown column")),
        "{d:#?}"
    );
}

#[test]
fn let_names_cannot_be_declared_twice() {
    err(
        "let a = 1; let a = 2; print a",
        "`a` is already declared",
        "a",
    );
    ok("let a = 1; let f = (a:long) { a + 1 }; print f(a)");
}

#[test]
fn comparing_with_a_value_the_catalog_never_lists_is_a_warning() {
    let d = diags("SecurityIncident | where Classification == 'TruePositiv' or Title == 'x'");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, crate::Severity::Warning);
    assert!(
        d[0].message
            .contains("known values: TruePositive, FalsePositive"),
        "{}",
        d[0].message
    );
    let d = diags("SecurityIncident | where Classification in ('truepositive')");
    assert!(
        d[0].message.contains("did you mean \"TruePositive\"?"),
        "{d:#?}"
    );
    ok("SecurityIncident | where Classification =~ 'truepositive' or Classification in~ ('falsepositive')");
}

#[test]
fn a_column_declared_twice_in_one_operator_is_an_error() {
    err(
        "SigninLogs | project IPAddress, IPAddress",
        "column `IPAddress` is already declared",
        "IPAddress",
    );
    err(
        "SigninLogs | extend a = 1, a = 2",
        "column `a` is already declared",
        "a",
    );
    err(
        "SigninLogs | summarize n = count(), n = dcount(IPAddress)",
        "column `n` is already declared",
        "n",
    );
    err(
        "SigninLogs | project-rename IPAddress = UserPrincipalName",
        "column `IPAddress` already exists",
        "IPAddress",
    );
    // Derived names are made unique instead, and extend may replace a column.
    ok("SigninLogs | summarize count(), count() | project count_, count_1");
    ok("SigninLogs | extend IPAddress = tolower(IPAddress)");
    ok("SigninLogs | summarize take_any(IPAddress, AppDisplayName) | project IPAddress, AppDisplayName");
}

#[test]
fn functions_calling_functions_expand_linearly() {
    // Each level calls the previous one twice: 2^40 expansions without memoization.
    let mut q = std::string::String::from("let f0 = () { SigninLogs | take 1 };");
    for i in 1..=40 {
        q.push_str(&format!(
            " let f{i} = () {{ union f{p}(), f{p}() }};",
            p = i - 1
        ));
    }
    q.push_str(" f40() | project IPAddress");
    ok(&q);
    q.push_str(" | project Nope");
    assert_eq!(diags(&q).len(), 1);
}

#[test]
fn dynamic_values_are_not_grouped_sorted_or_distinct() {
    err(
        "SecurityIncident | summarize count() by Owner",
        "Owner is dynamic, which summarize by cannot use",
        "Owner",
    );
    err(
        "SecurityIncident | sort by Owner",
        "Owner is dynamic, which sort cannot use",
        "Owner",
    );
    err(
        "SecurityIncident | distinct Owner",
        "Owner is dynamic, which distinct cannot use",
        "Owner",
    );
    ok("SecurityIncident | summarize count() by Owner = tostring(Owner)");
    ok("SecurityIncident | summarize count() by tostring(Owner.email)");
    ok("SecurityIncident | summarize make_set(Owner) by Status");
    ok("SecurityIncident | top 3 by IncidentNumber");
}
