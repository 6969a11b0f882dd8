//! NL->KQL end to end: the product documentation's four questions on the demo workspace, grounding
//! (every query passes the checker), abstention, conversation context, and the dev set.

use copilot::nl2kql::{
    generate, Aspect, EntityKind, Generation, Identity, NamedEntity, Nl2KqlCatalog, Nl2KqlContext,
};
use sentinel::{DemoConfig, DemoWorkspace, DEMO_ANALYST};

const TICKS_PER_SECOND: i64 = 10_000_000;
// 2026-11-27T04:00:00Z
const NOW: i64 = 1_795_752_000;

fn demo() -> (DemoWorkspace, Nl2KqlCatalog, Nl2KqlContext) {
    let ws = DemoWorkspace::new(DemoConfig::new(NOW * TICKS_PER_SECOND));
    let catalog = Nl2KqlCatalog::new(ws.catalog().clone());
    let ctx = Nl2KqlContext {
        me: Some(Identity {
            upn: DEMO_ANALYST.upn.to_string(),
            display_name: Some(DEMO_ANALYST.name.to_string()),
            object_id: Some(DEMO_ANALYST.object_id.to_string()),
        }),
        entities: Vec::new(),
        now: ws.now() / TICKS_PER_SECOND,
    };
    (ws, catalog, ctx)
}

fn query(g: &Generation) -> &copilot::nl2kql::GeneratedQuery {
    match g {
        Generation::Query(q) => q,
        Generation::Abstain(a) => panic!("abstained: {a:?}"),
    }
}

fn rows(ws: &DemoWorkspace, kql: &str) -> Vec<Vec<kql::Value>> {
    let r = ws
        .run_query(kql, None)
        .unwrap_or_else(|e| panic!("{kql}\n failed: {e:?}"));
    r.tables
        .into_iter()
        .next()
        .map(|t| t.rows)
        .unwrap_or_default()
}

fn count(ws: &DemoWorkspace, kql: &str) -> usize {
    rows(ws, kql).len()
}

#[test]
fn documented_false_positive_incidents() {
    let (ws, cat, ctx) = demo();
    let g = generate(
        "Show me Sentinel incidents that were closed as a false positive. Supply the Incident number, Incident Title, and the time they were created.",
        &cat,
        &ctx,
    );
    let q = query(&g);
    assert!(
        q.kql
            .contains("arg_max(TimeGenerated, *) by IncidentNumber"),
        "{}",
        q.kql
    );
    assert!(
        q.kql.contains("Classification == \"FalsePositive\""),
        "{}",
        q.kql
    );
    assert!(
        q.kql.contains("project IncidentNumber, Title, CreatedTime"),
        "{}",
        q.kql
    );
    let expected = count(
        &ws,
        "SecurityIncident | summarize arg_max(TimeGenerated, *) by IncidentNumber | where Status == 'Closed' and Classification == 'FalsePositive'",
    );
    let got = count(&ws, &q.kql);
    println!("false positives: {got} rows\n{}", q.kql);
    assert_eq!(got, expected);
    assert!(got > 0, "the demo has closed false positives");
}

#[test]
fn documented_my_recent_incidents_highest_first() {
    let (ws, cat, ctx) = demo();
    let g = generate(
        "What Sentinel incidents created in the last 24 hours are assigned to me? List them with highest priority incidents at the top.",
        &cat,
        &ctx,
    );
    let q = query(&g);
    assert!(q.kql.contains("CreatedTime > ago(24h)"), "{}", q.kql);
    assert!(q.kql.contains(DEMO_ANALYST.upn), "{}", q.kql);
    assert!(q.explanation.iter().any(|s| s.aspect == Aspect::Order));
    let got = rows(&ws, &q.kql);
    println!("assigned to me, last 24h: {} rows\n{}", got.len(), q.kql);
    let expected = count(
        &ws,
        &format!(
            "SecurityIncident | summarize arg_max(TimeGenerated, *) by IncidentNumber | where CreatedTime > ago(24h) | where tostring(Owner.userPrincipalName) =~ '{}'",
            DEMO_ANALYST.upn
        ),
    );
    assert_eq!(got.len(), expected);
}

#[test]
fn documented_entities_of_an_incident() {
    let (ws, cat, ctx) = demo();
    let first = rows(&ws, "SecurityIncident | summarize arg_max(TimeGenerated, *) by IncidentNumber | where array_length(AlertIds) > 0 | top 1 by IncidentNumber asc | project IncidentNumber");
    let number = match first.first().and_then(|r| r.first()) {
        Some(kql::Value::Int(n)) => i64::from(*n),
        Some(kql::Value::Long(n)) => *n,
        other => panic!("no incident with alerts in the demo: {other:?}"),
    };
    let g = generate(
        &format!("Show me the entities of incident {number}"),
        &cat,
        &ctx,
    );
    let q = query(&g);
    assert!(
        q.kql.contains(&format!("IncidentNumber == {number}")),
        "{}",
        q.kql
    );
    assert_eq!(q.tables, ["SecurityIncident", "SecurityAlert"]);
    let got = count(&ws, &q.kql);
    println!("entities of incident {number}: {got} rows\n{}", q.kql);
    assert!(got > 0);
    // Context: "that incident" resolves to the last incident named in the conversation.
    let ctx2 = Nl2KqlContext {
        entities: vec![NamedEntity {
            kind: EntityKind::Incident,
            value: number.to_string(),
        }],
        ..ctx.clone()
    };
    let g2 = generate("list the entities of that incident", &cat, &ctx2);
    assert!(query(&g2)
        .kql
        .contains(&format!("IncidentNumber == {number}")));
}

#[test]
fn documented_top_high_severity_incidents_in_a_workspace() {
    let (ws, cat, ctx) = demo();
    let g = generate(
        &format!(
            "Show the top 5 high severity incidents in workspace {}",
            sentinel::demo::WORKSPACE_NAME
        ),
        &cat,
        &ctx,
    );
    let q = query(&g);
    assert_eq!(q.workspace.as_deref(), Some(sentinel::demo::WORKSPACE_NAME));
    assert!(q.kql.contains("Severity == \"High\""), "{}", q.kql);
    let got = count(&ws, &q.kql);
    println!("top 5 high severity: {got} rows\n{}", q.kql);
    assert!(got > 0 && got <= 5);
}

#[test]
fn paraphrases_typos_and_word_order_agree() {
    let (_, cat, ctx) = demo();
    for q in [
        "incidents closed as false positive",
        "false positive incidents that were closed",
        "show closed incidnets classified as false positve",
    ] {
        let g = generate(q, &cat, &ctx);
        let kql = &query(&g).kql;
        assert!(
            kql.contains("FalsePositive") && kql.contains("\"Closed\""),
            "{q}: {kql}"
        );
    }
}

#[test]
fn failed_and_successful_sign_ins_are_result_codes_and_find_rows() {
    let (ws, cat, ctx) = demo();
    for (q, op) in [
        ("failed sign-ins in the last 7 days", "!="),
        ("count of unsuccessful sign-ins per user", "!="),
        ("successful sign-ins in the last 7 days", "=="),
    ] {
        let g = generate(q, &cat, &ctx);
        let kql = &query(&g).kql;
        assert!(
            kql.contains(&format!("ResultType {op} \"0\"")),
            "{q}: {kql}"
        );
        assert!(count(&ws, kql) > 0, "{q}: no rows for {kql}");
    }
}

#[test]
fn every_query_passes_the_checker() {
    let (_, cat, ctx) = demo();
    for q in [
        "failed sign-ins per user in the last 7 days, top 10",
        "how many high severity alerts per day over the last week? chart it",
        "sign-ins from 10.1.2.3 matched against threat intelligence indicators",
        "processes on host ws-07 whose command line contains \"-enc\" since Monday",
        "audit log operations by admin@lakeshoremills.example in March",
        "unique IP addresses per user for sign-ins yesterday",
        "average duration of sign-ins by app",
        "latest 20 security events with event id 4625",
    ] {
        match generate(q, &cat, &ctx) {
            Generation::Query(g) => {
                let errors: Vec<_> = kql::check(&g.kql, cat.schema())
                    .into_iter()
                    .filter(|d| d.severity == kql::Severity::Error)
                    .collect();
                assert!(errors.is_empty(), "{q}\n{}\n{errors:?}", g.kql);
                assert!((0.0..=1.0).contains(&g.confidence));
                assert!(!g.explanation.is_empty());
            }
            Generation::Abstain(a) => println!("abstained on {q:?}: {:?}", a.not_understood),
        }
    }
}

#[test]
fn abstains_plainly_when_it_does_not_understand() {
    let (_, cat, ctx) = demo();
    for q in [
        "what is the weather in Paris tomorrow",
        "tell me a joke",
        "which alerts mention that IP?",
    ] {
        match generate(q, &cat, &ctx) {
            Generation::Abstain(a) => {
                assert!(!a.not_understood.is_empty(), "{q}");
                assert!(!a.can_answer.is_empty() && !a.examples.is_empty());
            }
            Generation::Query(g) => panic!("{q} should abstain, got {}", g.kql),
        }
    }
}

#[test]
fn me_without_a_signed_in_identity_is_not_guessed() {
    let (_, cat, ctx) = demo();
    let ctx = Nl2KqlContext { me: None, ..ctx };
    let g = generate("incidents assigned to me", &cat, &ctx);
    if let Generation::Query(q) = g {
        assert!(!q.kql.contains("userPrincipalName"), "{}", q.kql);
        assert!(q.explanation.iter().any(|s| s.aspect == Aspect::Caveat));
    }
}

fn shared(path: &str) -> Option<String> {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/nl2kql/").to_string() + path;
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(_) => {
            println!("skipped: {p} is missing");
            None
        }
    }
}

#[test]
fn dev_set_is_grounded_and_rarely_abstains() {
    let (Some((cat, ctx)), Some(dev)) = (defender(), shared("dev-defender.jsonl")) else {
        return;
    };
    let (mut n, mut abstained) = (0, 0);
    for line in dev.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let q = v["context"].as_str().unwrap_or_default();
        n += 1;
        match generate(q, &cat, &ctx) {
            Generation::Query(g) => {
                assert!(copilot::nl2kql::parses(&g.kql), "{q}\n{}", g.kql);
                assert!(
                    copilot::nl2kql::passes_check(&g.kql, &cat),
                    "{q}\n{}",
                    g.kql
                );
            }
            Generation::Abstain(_) => abstained += 1,
        }
    }
    assert!(n >= 200);
    assert!(abstained * 10 <= n, "abstained on {abstained} of {n}");
}

/// Our own questions over the Sentinel tables of the NL2KQL catalog, scored as the paper does.
fn own_questions_meet_the_goals(name: &str, own: &str) {
    if let Some((abstained, table, fcol, flit)) = own_questions_score(name, own) {
        assert!(abstained <= 0.1, "{name}: abstained too often");
        assert!(table >= 0.85 && fcol >= 0.70 && flit >= 0.60, "{name}");
    }
}

/// Abstention, table, filter-column and filter-literal scores over a file of our own questions
/// (every query generated passes the checker); printed.
fn own_questions_score(name: &str, own: &str) -> Option<(f64, f64, f64, f64)> {
    own_questions_score_over(name, own, sentinel()?)
}

/// [`own_questions_score`] over a given catalog.
fn own_questions_score_over(
    name: &str,
    own: &str,
    (cat, ctx): (Nl2KqlCatalog, Nl2KqlContext),
) -> Option<(f64, f64, f64, f64)> {
    let is_table = |n: &str| cat.schema().table(n).is_some();
    let (mut n, mut answered, mut table, mut fcol, mut flit) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for line in own.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let g = generate(v["context"].as_str().unwrap_or_default(), &cat, &ctx);
        n += 1.0;
        let s = match g.query() {
            Some(q) => {
                answered += 1.0;
                assert!(copilot::nl2kql::passes_check(&q.kql, &cat), "{}", q.kql);
                copilot::nl2kql::metrics::score(
                    v["baseline"].as_str().unwrap_or_default(),
                    &q.kql,
                    &is_table,
                )
            }
            None => Default::default(),
        };
        table += s.table;
        fcol += s.filter_column;
        flit += s.filter_literal;
    }
    println!(
        "{name}: {n} questions, abstention {:.2}, table {:.2} filter-column {:.2} filter-literal {:.2}",
        1.0 - answered / n,
        table / n,
        fcol / n,
        flit / n
    );
    Some((1.0 - answered / n, table / n, fcol / n, flit / n))
}

/// Written blind by writers who had seen neither the generator nor the other sets, and never
/// tuned on (do not: they are the honest figure for unseen questions; see the session notes),
/// over the Sentinel and the Defender tables. Grounded and answered.
#[test]
fn blind_questions_are_grounded_and_answered() {
    for (name, file, catalog) in [
        (
            "blind Sentinel questions",
            include_str!("data/nl2kql-blind-sentinel.jsonl"),
            sentinel(),
        ),
        (
            "blind Defender questions",
            include_str!("data/nl2kql-blind-defender.jsonl"),
            defender(),
        ),
        (
            "second blind Sentinel questions",
            include_str!("data/nl2kql-blind2-sentinel.jsonl"),
            sentinel(),
        ),
        (
            "second blind Defender questions",
            include_str!("data/nl2kql-blind2-defender.jsonl"),
            defender(),
        ),
        (
            "third blind Sentinel questions",
            include_str!("data/nl2kql-blind3-sentinel.jsonl"),
            sentinel(),
        ),
        (
            "third blind Defender questions",
            include_str!("data/nl2kql-blind3-defender.jsonl"),
            defender(),
        ),
    ] {
        let Some(catalog) = catalog else { return };
        if let Some((abstained, ..)) = own_questions_score_over(name, file, catalog) {
            assert!(abstained <= 0.1, "{name}: abstained too often");
        }
    }
}

/// Written blind (by someone who had not seen the generator) after the others, in the style of
/// analysts' hunting descriptions, and tuned on only in part: a harder figure than the held-out
/// set's. Grounded and answered; the goals are not met yet (see the notes for figures).
#[test]
fn blind_probe_questions_are_grounded_and_answered() {
    if let Some((abstained, table, _, _)) = own_questions_score(
        "blind probe questions",
        include_str!("data/nl2kql-probe-sentinel.jsonl"),
    ) {
        assert!(abstained <= 0.1, "abstained too often");
        assert!(table >= 0.75, "table score fell");
    }
}

#[test]
fn own_sentinel_questions_meet_the_goals() {
    own_questions_meet_the_goals(
        "own Sentinel questions",
        include_str!("data/nl2kql-sentinel-own.jsonl"),
    );
    own_questions_meet_the_goals(
        "own development questions",
        include_str!("data/nl2kql-develop-sentinel.jsonl"),
    );
}

/// Written before tuning and never tuned against: the honest figure for unseen questions.
#[test]
fn held_out_sentinel_questions_meet_the_goals() {
    own_questions_meet_the_goals(
        "held-out Sentinel questions",
        include_str!("data/nl2kql-heldout-sentinel.jsonl"),
    );
}

#[test]
fn an_email_address_filters_the_user_principal_name() {
    let (_, cat, ctx) = demo();
    for q in [
        "successful sign-ins for alice@contoso.com",
        "sign-ins by bob@contoso.com yesterday",
    ] {
        let g = generate(q, &cat, &ctx);
        let kql = &query(&g).kql;
        assert!(kql.contains("UserPrincipalName =~ \""), "{q}\n{kql}");
    }
}

#[test]
fn this_or_that_with_the_value_at_hand_is_not_a_conversation_reference() {
    let (_, cat, ctx) = demo();
    let g = generate("Show heartbeats from this computer Finance-PC", &cat, &ctx);
    assert!(
        query(&g).kql.contains("Computer =~ \"Finance-PC\""),
        "{}",
        query(&g).kql
    );
    let g = generate(
        "processes named \"powershell.exe\" per hour: chart that file over the last day",
        &cat,
        &ctx,
    );
    assert!(
        query(&g).kql.contains("\"powershell.exe\""),
        "{}",
        query(&g).kql
    );
    // With nothing named, "that file" still asks the conversation.
    assert!(generate("processes that touched that file", &cat, &ctx)
        .query()
        .is_none());
}

/// Over the Defender tables: a question about alerts that names a device reads the alerts'
/// evidence for the device and joins the alerts on their id.
#[test]
fn alerts_about_a_device_join_their_evidence() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let g = generate("alerts raised on machine web-07 yesterday", &cat, &ctx);
    let q = query(&g);
    assert!(q.kql.starts_with("AlertEvidence\n"), "{}", q.kql);
    assert!(q.kql.contains("DeviceName =~ \"web-07\""), "{}", q.kql);
    assert!(
        q.kql.contains("join kind=inner AlertInfo on AlertId"),
        "{}",
        q.kql
    );
    assert!(q.explanation.iter().any(|s| s.aspect == Aspect::Join));
    // The users asked for are in the evidence; the alerts themselves are not asked for.
    let g = generate("which users triggered alerts on machine web-07", &cat, &ctx);
    assert_eq!(query(&g).tables, vec!["AlertEvidence".to_string()]);
    // Nothing only the evidence holds: the alerts alone.
    let g = generate("high severity alerts this week per category", &cat, &ctx);
    assert_eq!(query(&g).tables, vec!["AlertInfo".to_string()]);
}

/// Over the Defender tables: a name with a space is a display name, a word the catalog does not
/// know after "logons by" is the account, and a compared number no column takes is a count per
/// the thing named ("accounts with more than 5 failed logons").
#[test]
fn display_names_and_counts_over_a_threshold() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let g = generate(
        "active directory logons of the user Jane Doe this week",
        &cat,
        &ctx,
    );
    assert!(
        query(&g).kql.contains("AccountDisplayName =~ \"Jane Doe\""),
        "{}",
        query(&g).kql
    );
    let g = generate("logons by kwilson since Monday", &cat, &ctx);
    assert!(
        query(&g).kql.contains("AccountName =~ \"kwilson\""),
        "{}",
        query(&g).kql
    );
    let g = generate(
        "alerts that contain \"token replay\" in the past 14-days",
        &cat,
        &ctx,
    );
    let kql = &query(&g).kql;
    assert!(kql.contains("ago(14d)"), "{kql}");
    assert!(kql.contains("Title contains \"token replay\""), "{kql}");
    let g = generate("accounts with more than 5 failed logons today", &cat, &ctx);
    let kql = &query(&g).kql;
    assert!(kql.contains("summarize count() by AccountName"), "{kql}");
    assert!(kql.contains("where count_ > 5"), "{kql}");
    assert!(!kql.contains("\"5\""), "{kql}");
}

/// Over the Defender tables: "logons" are Windows sessions on machines, "logins" and
/// "authentication" the directory's and online services' words; things asked for in the plural
/// ("devices affected by ...") need a table with a column of that kind.
#[test]
fn logon_words_and_asked_for_things_choose_the_table() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let table = |q: &str| query(&generate(q, &cat, &ctx)).tables[0].clone();
    assert_eq!(table("logon events on web-07 today"), "DeviceLogonEvents");
    assert_eq!(
        table("authentication events for kwilson"),
        "IdentityLogonEvents"
    );
    assert_eq!(
        table("which devices are affected by CVE-2021-44228"),
        "DeviceTvmSoftwareVulnerabilities"
    );
    assert_eq!(
        table("machines that visited contoso.com this week"),
        "DeviceNetworkEvents"
    );
    // Traffic is connections, not the machines' network configuration.
    assert_eq!(
        table("traffic over the network whose source ip is 10.1.2.3"),
        "DeviceNetworkEvents"
    );
    // The outcome of the records' own action, not a logon type that mentions failure.
    let q = query(&generate("failed logins this week", &cat, &ctx))
        .kql
        .clone();
    assert!(q.starts_with("IdentityLogonEvents\n"), "{q}");
    assert!(q.contains("ActionType == \"LogonFailed\""), "{q}");
    // In records not about processes, the process is the one that did it.
    let q = query(&generate(
        "image loads but exclude the processes 'cmd.exe' 'dotnet.exe'",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("InitiatingProcessFileName !in~"), "{q}");
}

/// Over the Defender tables: a question that names two kinds of record of its own joins them on
/// the id of the thing it talks about, while a word a column of the chosen table explains
/// ("initiating process", "file location") or a verb ("attached") names no second table.
#[test]
fn two_kinds_of_record_join_on_the_thing_they_share() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let tables = |q: &str| {
        let mut t = query(&generate(q, &cat, &ctx)).tables.clone();
        t.sort();
        t
    };
    let q = query(&generate(
        "accounts named in alerts this week and their failed logons",
        &cat,
        &ctx,
    ))
    .clone();
    let mut t = q.tables.clone();
    t.sort();
    assert_eq!(t, vec!["AlertEvidence", "DeviceLogonEvents"], "{}", q.kql);
    assert!(q.kql.contains("on AccountName"), "{}", q.kql);
    assert_eq!(
        tables("process events on machines of the machine group Finance since Monday"),
        vec!["DeviceInfo", "DeviceProcessEvents"]
    );
    assert_eq!(
        tables("registry changes where the initiating process is reg.exe"),
        vec!["DeviceRegistryEvents"]
    );
    assert_eq!(
        tables("usb drive events per machine and file location"),
        vec!["DeviceEvents"]
    );
    assert_eq!(
        tables("usb drives attached to machine web-07 this week"),
        vec!["DeviceEvents"]
    );
}

/// The Defender catalog from ../shared, or `None` (with a note) when it is missing.
fn defender() -> Option<(Nl2KqlCatalog, Nl2KqlContext)> {
    shared_catalog(
        "schema/Defender_Schema.json",
        "catalog/Defender_DataCatalog.yml",
    )
}

/// The NL2KQL paper's Sentinel tables (schema and catalog), if ../shared is there.
fn sentinel() -> Option<(Nl2KqlCatalog, Nl2KqlContext)> {
    shared_catalog(
        "schema/Sentinel_Schema.json",
        "catalog/Sentinel_DataCatalog.yml",
    )
}

/// A catalog from shared files, with a context at `NOW`; `None` (noted) when they are missing.
fn shared_catalog(schema: &str, catalog: &str) -> Option<(Nl2KqlCatalog, Nl2KqlContext)> {
    let (Some(schema), Some(yaml)) = (shared(schema), shared(catalog)) else {
        println!("note: ../shared/data/nl2kql is missing; skipped");
        return None;
    };
    let cat = Nl2KqlCatalog::from_files(&schema, &[&yaml]).expect("catalog");
    let ctx = Nl2KqlContext {
        now: NOW,
        ..Default::default()
    };
    Some((cat, ctx))
}

/// Over the Defender tables: kinds of value the words around them do not name — a dotted version
/// number, 40 hex digits that no word calls a hash, a country — find their columns.
#[test]
fn versions_device_ids_and_countries_find_their_columns() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("machines whose firmware version is 2.19.0");
    assert!(k.contains("ComponentVersion == \"2.19.0\""), "{k}");
    let k = kql("computers on linux 5.15.0.1034 this week");
    assert!(k.contains("OSVersion == \"5.15.0.1034\""), "{k}");
    // No word speaks of hashes or files: a machine's id.
    let k = kql("accounts that logged on to 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567 today");
    assert!(
        k.contains("DeviceId == \"0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\""),
        "{k}"
    );
    let k = kql("process events where the sha1 is 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
    assert!(
        k.contains("SHA1 == \"0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\""),
        "{k}"
    );
    // The column's description says it holds two-letter codes.
    let k = kql("failed active directory logins from Brazil");
    assert!(k.contains("Location == \"BR\""), "{k}");
    let k = kql("identity logon events outside the UK");
    assert!(k.contains("Location != \"GB\""), "{k}");
}

/// Over the Defender tables: a logon told as done ("users who logged on") is a successful one;
/// "ids" is not the "IDS" device subtype.
#[test]
fn a_logon_told_as_done_succeeded() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("which accounts have logged on to web-07 since Monday");
    assert!(k.contains("ActionType == \"LogonSuccess\""), "{k}");
    assert!(k.contains("DeviceName =~ \"web-07\""), "{k}");
    let k = kql("accounts that failed to log on to web-07 since Monday");
    assert!(!k.contains("LogonSuccess"), "{k}");
    let k = kql("device ids and names of devices onboarded this month");
    assert!(!k.contains("\"IDS\""), "{k}");
    // Capitalized, "Ids" is still no acronym.
    let k = kql("Ids of the machines onboarded this month");
    assert!(!k.contains("\"IDS\""), "{k}");
    // "sender domain" names the column, not the policy value "SenderDomainList".
    let k = kql("count of malware emails per sender domain");
    assert!(!k.contains("SenderDomainList"), "{k}");
}

/// Over the Defender tables: words that together spell a known value of a column ("antivirus
/// detections" is the ActionType AntivirusDetection) name the records that take it.
#[test]
fn words_spelling_a_known_value_choose_its_table() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let table = |q: &str| query(&generate(q, &cat, &ctx)).tables[0].clone();
    assert_eq!(
        table("antivirus detections on laptop-3 this month"),
        "DeviceEvents"
    );
    assert_eq!(
        table("which accounts made open process api calls against lsass.exe"),
        "DeviceEvents"
    );
}

/// Over the Defender tables: words searched for with no column named are looked for in every
/// column, and a search goes on over the words listed after the first.
#[test]
fn searched_for_words_without_a_column_and_lists_of_them() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("alert evidence containing zebrafish or Get-Secrets");
    assert!(k.contains("* contains \"zebrafish\""), "{k}");
    assert!(k.contains("* contains \"Get-Secrets\""), "{k}");
    // A known value of a column is still that column's.
    let k = kql("device events containing UsbDriveMount today");
    assert!(k.contains("ActionType == \"UsbDriveMount\""), "{k}");
    assert!(!k.contains("* contains"), "{k}");
    let k = kql("network events where the url contains fabrikam.net or dropzone");
    assert!(k.contains("RemoteUrl contains \"fabrikam.net\""), "{k}");
    assert!(k.contains("RemoteUrl contains \"dropzone\""), "{k}");
}

/// Over the Defender tables: the side of a connection named before its column, a relative
/// pronoun between a column and its value, port lists typed with commas, a word beside a known
/// value that names its column, and "has" as an auxiliary verb.
#[test]
fn sides_pronouns_port_lists_and_auxiliaries() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("network connections whose source ip is 10.9.8.7");
    assert!(k.contains("LocalIP == \"10.9.8.7\""), "{k}");
    let k = kql("logon events for accounts that start with 'svc_' this week");
    assert!(k.contains("AccountName startswith \"svc_\""), "{k}");
    let k = kql("network events on ports 22,3389 today");
    assert!(k.contains("Port in (22, 3389)"), "{k}");
    let k = kql("connections from private remote addresses today");
    assert!(k.contains("RemoteIPType == \"Private\""), "{k}");
    let k = kql("accounts who has recently logged on to web-07");
    assert!(!k.contains("\"recently\""), "{k}");
}

/// Over the Defender tables: a third kind of record named as such (a table's whole name said,
/// "device information"; a noun or action of its own, "clicked") joins whichever table read so
/// far shares a key with it.
#[test]
fn a_third_kind_of_record_joins_the_table_it_shares_a_key_with() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let q = query(&generate(
        "medium severity alerts since Monday, their evidence details and device information",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(
        q.tables,
        vec!["AlertInfo", "AlertEvidence", "DeviceInfo"],
        "{}",
        q.kql
    );
    assert!(
        q.kql.contains("join kind=inner (DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId) on DeviceId"),
        "{}",
        q.kql
    );
    let q = query(&generate(
        "emails sent to bob@contoso.com, the url in email and whether the recipient clicked it",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(
        q.tables,
        vec!["EmailEvents", "EmailUrlInfo", "UrlClickEvents"],
        "{}",
        q.kql
    );
    assert!(
        q.explanation
            .iter()
            .filter(|s| s.aspect == Aspect::Join)
            .count()
            == 2
    );
}

/// Over the Defender tables: a question about a vulnerability by its id alone reads the knowledge
/// base; one that asks where it is (machines, devices) reads the inventory of vulnerable software.
#[test]
fn a_thing_named_alone_reads_its_knowledge_base() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let table = |q: &str| query(&generate(q, &cat, &ctx)).tables[0].clone();
    assert_eq!(
        table("what do we know about vulnerability CVE-2021-44228"),
        "DeviceTvmSoftwareVulnerabilitiesKB"
    );
    assert_eq!(
        table("which machines have vulnerability CVE-2021-44228"),
        "DeviceTvmSoftwareVulnerabilities"
    );
}

/// Over the Defender tables: a domain against email addresses is the addresses at it, on the
/// side the verb says ("received by"), and "and not from" ends the words that name a column.
#[test]
fn domains_of_addresses_and_the_side_of_a_message() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("email events received by fabrikam.com addresses and not from spam.example.net");
    assert!(
        k.contains("RecipientEmailAddress endswith \"fabrikam.com\""),
        "{k}"
    );
    assert!(k.contains("FromDomain !~ \"spam.example.net\""), "{k}");
}

/// Over the Defender tables: a column named by its several words (or run together as a column is
/// written) that the chosen table lacks joins the table that has it on their shared key; a kind
/// of column the chosen table has ("ip address") does not.
#[test]
fn a_column_only_another_table_has_joins_it() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let q = query(&generate(
        "count of critical vulnerabilities per DeviceName and MachineGroup",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(
        q.tables,
        vec!["DeviceTvmSoftwareVulnerabilities", "DeviceInfo"],
        "{}",
        q.kql
    );
    assert!(
        q.kql.contains("join kind=inner (DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId) on DeviceId"),
        "{}",
        q.kql
    );
    let q = query(&generate(
        "network connections with source ip address 10.1.2.3",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(q.tables, vec!["DeviceNetworkEvents"], "{}", q.kql);
}

/// Over the Defender tables: a quoted name after "named" is the name of what the records are
/// about, a stray quote inside the quotes is not part of it, and a column's words followed by
/// "ends with" take the word after as the value.
#[test]
fn named_things_and_values_after_ends_with() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("image load events for modules named \"'zlibwapi.dll\" today");
    assert!(k.contains("FileName =~ \"zlibwapi.dll\""), "{k}");
    let k = kql("registry events where the value data ends with pwnd");
    assert!(k.contains("RegistryValueData endswith \"pwnd\""), "{k}");
}

/// Over the Defender tables: a word of ours that names only one table ("compliant") calls for
/// it beside the records asked for when it is nearly as likely; a program name after "by" in
/// image loads does not; the post-delivery events of an email join it on its message id.
#[test]
fn a_word_naming_only_one_table_joins_it_when_nearly_as_likely() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let tables = |q: &str| query(&generate(q, &cat, &ctx)).tables.clone();
    assert_eq!(
        tables("file events on non compliant devices this week"),
        vec!["DeviceFileEvents", "DeviceTvmSecureConfigurationAssessment"]
    );
    assert_eq!(
        tables("image loads on devices started by powershell"),
        vec!["DeviceImageLoadEvents"]
    );
    assert_eq!(
        tables("post delivery actions on the email with subject invoice from billing@contoso.com"),
        vec!["EmailEvents", "EmailPostDeliveryEvents"]
    );
}

/// Over the Defender tables: a dotted number after an OS's name is its version, a value's
/// clipped word ("Admin") is met by the word spelled out ("administrators"), and a value of
/// three telling words is named by its first and last.
#[test]
fn os_versions_and_clipped_value_words() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("how many machines run Windows Server 20348.1850");
    assert!(k.contains("OSVersion == \"20348.1850\""), "{k}");
    let k = kql("post-delivery actions on emails taken by administrators");
    assert!(k.contains("ActionTrigger == \"AdminAction\""), "{k}");
    // All but a middle word of a value of three: UsbDriveMount.
    let k = kql("device events: usb mount on web-07 this week");
    assert!(k.contains("ActionType == \"UsbDriveMount\""), "{k}");
}

/// Over the Defender tables: the words only the joined records answer filter them before the
/// join ("non compliant" devices), never what the records read first hold themselves.
#[test]
fn words_only_the_joined_records_answer_filter_them() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let kql = query(&generate(
        "file events on non compliant devices this week",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(
        kql.contains("join kind=leftsemi (DeviceTvmSecureConfigurationAssessment | where IsCompliant == false) on DeviceId"),
        "{kql}"
    );
}

/// Over the Defender tables: a column written as one word says the table words it is made of
/// ("registrykey" names the registry records), the things themselves asked for read the table of
/// information about them, and a column of several values ("ip address" of IPAddresses) speaks
/// for its table.
#[test]
fn one_word_columns_and_the_things_themselves() {
    let Some((cat, ctx)) = defender() else { return };
    let tables = |q: &str| query(&generate(q, &cat, &ctx)).tables.clone();
    assert_eq!(
        tables("device events yesterday whose registrykey has run"),
        vec!["DeviceRegistryEvents"]
    );
    assert_eq!(
        tables("list the users whose country is Canada"),
        vec!["IdentityInfo"]
    );
    assert_eq!(
        tables("which machines were given the ip address 10.4.4.9"),
        vec!["DeviceNetworkInfo"]
    );
    // Things named with another kind of record are about those records.
    assert_eq!(
        tables("list users with failed logons on machines today"),
        vec!["DeviceLogonEvents"]
    );
}

/// Over the Defender tables: two kinds of record named side by side ("registry or file events")
/// are read as one union, each side filtered by what it holds.
#[test]
fn two_kinds_of_record_side_by_side_are_a_union() {
    let Some((cat, ctx)) = defender() else { return };
    let q = query(&generate(
        "registry or file events on laptop-77 over the past day",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(q.tables, vec!["DeviceRegistryEvents", "DeviceFileEvents"]);
    assert!(
        q.kql.starts_with("union (DeviceRegistryEvents | "),
        "{}",
        q.kql
    );
    assert_eq!(
        q.kql.matches("DeviceName =~ \"laptop-77\"").count(),
        2,
        "{}",
        q.kql
    );
    // Records that a known relation joins are joined, not put side by side.
    let q = query(&generate(
        "emails and their url clicks this week",
        &cat,
        &ctx,
    ))
    .clone();
    assert!(!q.kql.contains("union"), "{}", q.kql);
}

/// Over the Defender tables: a device's state joined beside records is its latest row per
/// device, or only a test of which devices qualify (leftsemi) when nothing of it is shown, and
/// the answer may be grouped by the joined table's columns.
#[test]
fn joined_state_of_devices_neither_repeats_rows_nor_hides_columns() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("how many high vulnerabilities for each MachineGroup and DeviceName");
    assert!(
        k.contains("(DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId)"),
        "{k}"
    );
    assert!(
        k.contains("by MachineGroup, DeviceName") || k.contains("by DeviceName, MachineGroup"),
        "{k}"
    );
    let k = kql("registry events yesterday on non compliant machines");
    assert!(
        k.contains("join kind=leftsemi (DeviceTvmSecureConfigurationAssessment"),
        "{k}"
    );
}

/// Over the Defender tables: the records asked for come before the state of the devices that
/// restricts them, and a column one letter off that neither table read has joins a third.
#[test]
fn records_before_device_state_and_a_third_by_a_misspelt_column() {
    let Some((cat, ctx)) = defender() else { return };
    let q = query(&generate(
        "processes launched on machines in machine group finance",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(
        q.tables,
        vec!["DeviceProcessEvents", "DeviceInfo"],
        "{}",
        q.kql
    );
    assert!(
        q.kql
            .contains("join kind=leftsemi (DeviceInfo | where MachineGroup"),
        "{}",
        q.kql
    );
    let q = query(&generate(
        "critical vulnerabilities on android devices with device info and their cvs score",
        &cat,
        &ctx,
    ))
    .clone();
    assert!(
        q.tables
            .contains(&"DeviceTvmSoftwareVulnerabilitiesKB".to_string()),
        "{}",
        q.kql
    );
}

/// Over the Defender tables: things asked for by two kinds of their records ("machines that ...
/// and also ...") are the records of one kind whose device has records of the other, each side
/// with its own filters and the time window.
#[test]
fn things_with_records_of_two_kinds_are_a_semi_join() {
    let Some((cat, ctx)) = defender() else { return };
    let q = query(&generate(
        "machines which saw a usb mount and also a failed logon in the past 3 days",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(
        q.tables,
        vec!["DeviceEvents", "DeviceLogonEvents"],
        "{}",
        q.kql
    );
    assert!(
        q.kql.contains("join kind=leftsemi (DeviceLogonEvents | where Timestamp > ago(3d) | where ActionType == \"LogonFailed\") on DeviceId"),
        "{}",
        q.kql
    );
    assert!(
        q.kql.contains("ActionType == \"UsbDriveMount\""),
        "{}",
        q.kql
    );
}

/// Over the Defender tables: a word that begins several known values of one column (an OS
/// family: "Windows" of WindowsServer2019, "Windows Server") is that column's values beginning
/// with it, rather than the one equal value of a coarser column; an email or domain goes to the
/// plain sender column rather than its variant with one more word; "launched by x.exe" is the
/// initiating process, not its parent.
#[test]
fn value_families_plain_columns_and_initiating_sides() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("list the linux or windows machines and their os version");
    assert!(
        k.contains("OSPlatform startswith \"Windows\"") && !k.contains("OSDistribution"),
        "{k}"
    );
    let k = kql("devices running windows server seen this month");
    assert!(k.contains("OSPlatform startswith \"WindowsServer\""), "{k}");
    let k = kql("emails sent from alerts@fabrikam.example last week");
    assert!(
        k.contains("SenderFromAddress =~ \"alerts@fabrikam.example\""),
        "{k}"
    );
    let k = kql("connections launched by updater.exe today");
    assert!(
        k.contains("InitiatingProcessFileName =~ \"updater.exe\""),
        "{k}"
    );
}

/// Over the Defender tables: words that shape the answer ("per hour") and verbs standing in for
/// our words ("received" for inbound) do not choose the records.
#[test]
fn shaping_words_and_stand_in_verbs_do_not_choose_tables() {
    let Some((cat, ctx)) = defender() else { return };
    let tables = |q: &str| query(&generate(q, &cat, &ctx)).tables.clone();
    assert_eq!(
        tables("how many events mention \"notepad.exe\" per hour"),
        vec!["DeviceProcessEvents"]
    );
    assert_eq!(
        tables("all events received from device lab-9 in the last hour"),
        vec!["DeviceEvents"]
    );
}

/// Over the Defender tables: in a union, a word both sides' names share through our words
/// ("host" for Device...) still names the other side's column.
#[test]
fn a_union_filters_both_sides_by_a_shared_word() {
    let Some((cat, ctx)) = defender() else { return };
    let k = query(&generate(
        "network or registry activity on host kiosk-2",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(k.starts_with("union ("), "{k}");
    assert_eq!(k.matches("DeviceName =~ \"kiosk-2\"").count(), 2, "{k}");
}

/// Over the Defender tables: what is installed on devices is the software inventory, and a
/// service installed is still an event of the device.
#[test]
fn installed_things_read_the_software_inventory() {
    let Some((cat, ctx)) = defender() else { return };
    let tables = |q: &str| query(&generate(q, &cat, &ctx)).tables.clone();
    assert_eq!(
        tables("which machines have chrome installed"),
        vec!["DeviceTvmSoftwareInventory"]
    );
    assert_eq!(
        tables("service installed on kiosk-4 this week"),
        vec!["DeviceEvents"]
    );
}

/// Over the Defender tables: several words said together that are one of our words for a table
/// ("password changes") speak for it as its name would, unless a word of them is another table's
/// own name word ("active directory").
#[test]
fn our_words_of_several_words_said_together() {
    let Some((cat, ctx)) = defender() else { return };
    let tables = |q: &str| query(&generate(q, &cat, &ctx)).tables.clone();
    assert_eq!(
        tables("password changes by helpdesk accounts last week"),
        vec!["IdentityDirectoryEvents"]
    );
    assert_eq!(
        tables("accounts newly created in active directory"),
        vec!["IdentityDirectoryEvents"]
    );
    // "queries" said for our "query".
    assert_eq!(
        tables("dns queries sent to the domain controllers"),
        vec!["IdentityQueryEvents"]
    );
}

/// A title, a description or a message is free text: a word named as its value is looked up in
/// it (`has`) rather than matched against the whole text.
#[test]
fn titles_and_descriptions_are_searched_by_word() {
    let (_, cat, ctx) = demo();
    let k = query(&generate("incidents whose title is Ransomware", &cat, &ctx))
        .kql
        .clone();
    assert!(k.contains("Title has \"Ransomware\""), "{k}");
    let k = query(&generate(
        "alerts where the description contains mimikatz",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(k.contains("Description contains \"mimikatz\""), "{k}");
}

/// Over the Defender tables: alerts asked for by what each of the two alert tables holds (the
/// severity in one, the device in the other) read both, joined on the alert.
#[test]
fn alerts_by_severity_and_device_read_both_alert_tables() {
    let Some((cat, ctx)) = defender() else { return };
    let q = query(&generate(
        "alerts raised on device kiosk-9 with medium severity",
        &cat,
        &ctx,
    ))
    .clone();
    assert_eq!(q.tables, vec!["AlertInfo", "AlertEvidence"], "{}", q.kql);
    assert!(
        q.kql.contains(
            "join kind=inner (AlertEvidence | where DeviceName =~ \"kiosk-9\") on AlertId"
        ),
        "{}",
        q.kql
    );
}

/// Over the Defender tables: a program's events are its process's; a known value spelled whole
/// ("powershell commands") reads the table that records it; "that file" after a file name refers
/// back to it rather than naming file events.
#[test]
fn programs_known_values_and_references_back_choose_tables() {
    let Some((cat, ctx)) = defender() else { return };
    let tables = |q: &str| query(&generate(q, &cat, &ctx)).tables.clone();
    assert_eq!(
        tables("hourly activity of svchost.exe, and how busy that file has been"),
        vec!["DeviceProcessEvents"]
    );
    assert_eq!(
        tables("list the powershell commands seen on host alpha yesterday"),
        vec!["DeviceEvents"]
    );
    // Records named in full keep their table; the program is their value.
    assert_eq!(
        tables("file events for evil.exe this week"),
        vec!["DeviceFileEvents"]
    );
    assert_eq!(
        tables("network connections made by beacon.exe"),
        vec!["DeviceNetworkEvents"]
    );
    // A cloud app named inside a known value ("OneDrive Page", "SharePoint Site").
    assert_eq!(
        tables("list documents uploaded to SharePoint this week"),
        vec!["CloudAppEvents"]
    );
    assert_eq!(
        tables("show files shared on OneDrive by alice"),
        vec!["CloudAppEvents"]
    );
}

/// Over the Defender tables: what the recipients of an email went on to run, named by a word of
/// ours for process events alone ("powershell"), joins the emails to the processes of their
/// recipients' accounts.
#[test]
fn email_recipients_processes_join_on_their_account() {
    let Some((cat, ctx)) = defender() else { return };
    let q = query(&generate(
        "powershell runs by the people who got mail from promo@shady.example today",
        &cat,
        &ctx,
    ))
    .clone();
    let mut t = q.tables.clone();
    t.sort();
    assert_eq!(t, vec!["DeviceProcessEvents", "EmailEvents"], "{}", q.kql);
    assert!(
        q.kql
            .contains("on $left.RecipientObjectId == $right.AccountObjectId"),
        "{}",
        q.kql
    );
    // The users of email records are their recipients.
    let q = query(&generate(
        "which users got mail from hr@contoso.example",
        &cat,
        &ctx,
    ))
    .clone();
    assert!(q.kql.contains("RecipientEmailAddress"), "{}", q.kql);
}

/// Over the Defender tables: a yes/no column named with one typo ("complient"), the last word of
/// a comma list after its "and", and an "@domain" of accounts (the addresses ending with it, not
/// a name equal to it).
#[test]
fn typo_flags_list_ends_and_at_domains() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("secure configuration assessments of devices that are not complient");
    assert!(k.contains("IsCompliant == false"), "{k}");
    let k = kql("process events whose command line has rundll32, mimikatz and green today");
    assert!(
        k.contains("\"rundll32\"") && k.contains("\"mimikatz\"") && k.contains("\"green\""),
        "{k}"
    );
    let k = kql("logons today excluding @fabrikam.com accounts");
    assert!(
        k.contains("AccountDomain !~ \"fabrikam.com\"") || k.contains("!endswith \"fabrikam.com\""),
        "{k}"
    );
}

/// Over the Defender tables: sign-ins named apart as the table's name spells them ("sign-ins")
/// read the AAD sign-in records; what users did ("signed in") stays a logon.
#[test]
fn sign_ins_named_as_the_table_spells_them() {
    let Some((cat, ctx)) = defender() else { return };
    let t = query(&generate(
        "show sign-ins for bob@contoso.com in the last day",
        &cat,
        &ctx,
    ))
    .tables
    .clone();
    assert_eq!(t, vec!["AADSignInEventsBeta"]);
    let t = query(&generate(
        "which users signed in from a new country",
        &cat,
        &ctx,
    ))
    .tables
    .clone();
    assert!(!t.iter().any(|n| n.starts_with("AAD")), "{t:?}");
}

/// Over the Defender tables: a file name after a kind of thing whose column is an enumeration
/// ("activity") is the process's file name; a quoted name after "sent by" is the sender; an
/// address is never bound to a domain column; a state word before the records' name is their
/// type; a column asked to hold something (or nothing) is tested for emptiness.
#[test]
fn senders_states_and_columns_asked_to_hold_something() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("activity of lsass.exe per hour in the past 3 days");
    assert!(k.contains("where FileName =~ \"lsass.exe\""), "{k}");
    let k = kql("emails sent by \"Fabrikam Deals\" last week");
    assert!(
        k.contains("where SenderDisplayName =~ \"Fabrikam Deals\""),
        "{k}"
    );
    let k = kql("attachments sent by \"PromoBot\" this month");
    assert!(k.contains("where SenderFromAddress =~ \"PromoBot\""), "{k}");
    let k = kql("mail from bob@fabrikam.com, with the URL clicks of its recipients");
    assert!(
        k.contains("SenderMailFromAddress =~ \"bob@fabrikam.com\""),
        "{k}"
    );
    let k = kql("unknown logons on web-07 this week");
    assert!(k.contains("where LogonType == \"Unknown\""), "{k}");
    let k = kql("file events that contain SHA256 info, grouped by file name");
    assert!(k.contains("where isnotempty(SHA256)"), "{k}");
    let k = kql("processes that have no command line");
    assert!(k.contains("where isempty(ProcessCommandLine)"), "{k}");
    // Two words of a value written as one ("powershell" for Power and Shell).
    let k = kql("powershell commands on device abc77");
    assert!(
        k.contains("where ActionType == \"PowerShellCommand\""),
        "{k}"
    );
    // The kind of thing a value begins with goes unsaid ("Account Password changed").
    let k = kql("When was the password of \"mlee\" last changed?");
    assert!(
        k.contains("ActionType == \"Account Password changed\""),
        "{k}"
    );
    // A yes/no column of several words, said together.
    let k = kql("certificates where Microsoft is the root signer");
    assert!(k.contains("where IsRootSignerMicrosoft == true"), "{k}");
    let k = kql("cloud app events that are not admin operations");
    assert!(k.contains("where IsAdminOperation == false"), "{k}");
    // A country column holding names or codes as entered: the name's abbreviations too.
    let k = kql("users located in the UK");
    assert!(
        k.contains("Country in (\"United Kingdom\", \"GB\", \"UK\")"),
        "{k}"
    );
    // A file name is never the name of the process's account.
    let k = kql("logons on devices with vulnerabilities for \"chrome.exe\"");
    assert!(
        k.contains("InitiatingProcessFileName =~ \"chrome.exe\""),
        "{k}"
    );
    // A place after a value is where it was, not what it is.
    let k = kql("10 HTTP requests from chrome.exe on device 1a2b3c4d5e6f");
    assert!(
        k.contains("InitiatingProcessFileName =~ \"chrome.exe\""),
        "{k}"
    );
    assert!(!k.contains("DeviceName"), "{k}");
    // Well-known programs named without their extension, one of several names.
    let k = kql("lsass and winlogon process events today");
    assert!(
        k.contains("FileName has_any (\"lsass\", \"winlogon\")"),
        "{k}"
    );
    let k = kql("processes launched by outlook in the last day");
    assert!(
        k.contains("InitiatingProcessFileName =~ \"outlook.exe\""),
        "{k}"
    );
    // A word of a column named in several, or one something is said of, is no known value.
    let k = kql("alert evidence whose service source contains endpoint");
    assert!(!k.contains("EvidenceDirection"), "{k}");
    let k = kql("alerts for device 9f8e7d6c5b4a where the source contains defender");
    assert!(!k.contains("EvidenceDirection"), "{k}");
    // A program by or from which something happened is the initiating one; "emails to" a
    // name are its recipient's.
    let k = kql("files created by winword.exe");
    assert!(
        k.contains("InitiatingProcessFileName =~ \"winword.exe\""),
        "{k}"
    );
    let k = kql("emails to \"Sales Team\" with attachments");
    assert!(k.contains("RecipientEmailAddress =~ \"Sales Team\""), "{k}");
}

/// Over the Defender tables: the records a question means by what they are about, not by a
/// table's name — a device's name look-ups, what starts by itself, a value of the column the
/// next word names.
#[test]
fn records_named_by_their_meaning_find_their_tables() {
    let Some((cat, ctx)) = defender() else { return };
    let tables = |q: &str| query(&generate(q, &cat, &ctx)).tables.clone();
    // Name look-ups made by devices are among their miscellaneous events.
    assert_eq!(
        tables("which laptops resolved evil.example.org this morning"),
        vec!["DeviceEvents"]
    );
    assert_eq!(
        tables("least common dns names looked up this week"),
        vec!["DeviceEvents"]
    );
    // What Windows starts by itself is set in the registry.
    assert_eq!(
        tables("drivers configured to start automatically on host web-07"),
        vec!["DeviceRegistryEvents"]
    );
    // "Unknown" is a logon type of device logons (and an OS platform of identity logons).
    let k = query(&generate(
        "unknown logons from 10.1.1.9 per account",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(k.starts_with("DeviceLogonEvents\n"), "{k}");
    assert!(k.contains("LogonType == \"Unknown\""), "{k}");
}

/// Over the Defender tables: the year in "Windows Server 2022" is part of the system's name, not
/// the name of a device ("server" also names devices).
#[test]
fn a_release_year_after_an_os_name_is_no_device_name() {
    let Some((cat, ctx)) = defender() else { return };
    let k = query(&generate(
        "machines on Windows Server 2016 onboarded in the past month",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(k.starts_with("DeviceInfo\n"), "{k}");
    assert!(!k.contains("DeviceName"), "{k}");
    assert!(k.contains("OSPlatform"), "{k}");
}

/// Over the shared Sentinel catalog, whose protocol columns list no values: a protocol named by
/// its abbreviation goes to the protocol column, unless its description says that column holds
/// protocols of another layer (a transport's "tcp or udp" does not hold SMB).
#[test]
fn a_protocol_named_by_its_abbreviation_finds_the_protocol_column() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let k = query(&generate(
        "VM connections over UDP in the past hour",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(k.starts_with("VMConnection\n"), "{k}");
    assert!(k.contains("Protocol =~ \"UDP\""), "{k}");
    let k = query(&generate("VM connections carrying SMB today", &cat, &ctx))
        .kql
        .clone();
    assert!(!k.contains("Protocol"), "{k}");
}

#[test]
fn things_quiet_in_a_window_are_last_seen_before_it() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    for (question, thing, since) in [
        (
            "machines that have not reported in the last 5 days",
            "DeviceName",
            "ago(5d)",
        ),
        (
            "service principals that have not signed in for 45 days",
            "ServicePrincipal",
            "ago(45d)",
        ),
        ("accounts idle for two weeks", "Account", "ago(14d)"),
        (
            "how many devices have not been seen since 2026-06-01",
            "DeviceName",
            "datetime(2026-06-01",
        ),
    ] {
        let g = generate(question, &cat, &ctx);
        let q = query(&g);
        assert!(
            q.kql.contains("summarize LastSeen = max(Timestamp) by ")
                && q.kql.contains(&format!("where LastSeen < {since}")),
            "{question}\n{}",
            q.kql
        );
        let by = q.kql.split(" by ").nth(1).unwrap_or("");
        assert!(by.starts_with(thing), "{question}\n{}", q.kql);
        assert!(!q.kql.contains("Timestamp >"), "{question}\n{}", q.kql);
    }
    let q = query(&generate(
        "how many devices have not been seen in a week",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.ends_with("| count"), "{q}");
    // Without activity words, or in a closed window, "no" and "not" are about values.
    for question in [
        "sign-ins with no MFA in the last day",
        "processes not signed by Microsoft in the last 7 days",
    ] {
        let q = query(&generate(question, &cat, &ctx)).kql.clone();
        assert!(
            q.contains("Timestamp > ago(") && !q.contains("LastSeen"),
            "{question}\n{q}"
        );
    }
}

#[test]
fn values_a_description_lists_are_known_values() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    // VMConnection's Direction says "value is inbound or outbound"; Heartbeat's OSType lists
    // Windows or Linux.
    let q = query(&generate(
        "inbound VM connections on port 3389 today",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("Direction == \"inbound\""), "{q}");
    let q = query(&generate(
        "linux agents sending heartbeats in the past hour",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(
        q.starts_with("Heartbeat") && q.contains("OSType == \"Linux\""),
        "{q}"
    );
}

#[test]
fn numbered_columns_lists_and_bare_spans() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    // "event 4688" names the table with EventID and binds it; a list goes on with "or".
    let q = query(&generate(
        "event 4688 or 4689 on build-02 in 2 days",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.starts_with("Event\n"), "{q}");
    assert!(q.contains("EventID in (4688, 4689)"), "{q}");
    assert!(q.contains("TimeGenerated > ago(2d)"), "{q}");
    let q = query(&generate(
        "syslog with severity err, crit or alert",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(
        q.contains("SeverityLevel in~ (\"err\", \"crit\", \"alert\")"),
        "{q}"
    );
    // "non-expired" is not the non-interactive sign-in table.
    let g = generate(
        "non-expired threat intelligence indicators by confidence",
        &cat,
        &ctx,
    );
    assert!(
        query(&g).kql.starts_with("ThreatIntelligenceIndicator"),
        "{}",
        query(&g).kql
    );
    // A count over a kind of thing the table is named for ("users" of a user risk table).
    let q = query(&generate(
        "users with over 5 risk detections within 30 days",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(
        q.contains("where count_ > 5") && q.contains("by UserPrincipalName"),
        "{q}"
    );
}

#[test]
fn http_statuses_outcome_codes_and_bare_locations() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    // A status code beside a word of responses finds the table and column that keep it; a
    // compared count does not.
    let q = kql("hosts returning over 50 500 errors per hour on the IIS servers");
    assert!(
        q.starts_with("W3CIISLog") && q.contains("scStatus == \"500\""),
        "{q}"
    );
    assert!(q.contains("count_ > 50"), "{q}");
    let q = kql("file share requests that failed with 404 since yesterday");
    assert!(
        q.starts_with("StorageFileLogs") && q.contains("StatusCode == \"404\""),
        "{q}"
    );
    // Entra ID's error code: failed is non-zero, unless another column's outcome is meant.
    let q = kql("failed service principal sign-ins this week");
    assert!(q.contains("ResultType != \"0\""), "{q}");
    let q = kql("service principal sign-ins where conditional access failed");
    assert!(
        !q.contains("ResultType") && q.contains("ConditionalAccessStatus"),
        "{q}"
    );
    // A bare Location column takes the country's name or code.
    let q = kql("non-interactive sign-ins from Germany today");
    assert!(q.contains("Location in (\"Germany\", \"DE\")"), "{q}");
}

#[test]
fn words_in_a_column_things_counted_and_values_compared() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    // A word said to be in a text column.
    let q = kql("high severity incidents with phishing in the title");
    assert!(q.contains("Title has \"phishing\""), "{q}");
    // "how many <things>" counts distinct things; a compared count still counts rows per thing.
    let q = kql("how many computers sent a heartbeat today");
    assert!(q.contains("summarize dcount(Computer)"), "{q}");
    let q = kql("how many computers sent more than 10 heartbeats today");
    assert!(
        q.contains("summarize count() by Computer") && q.contains("count_ > 10"),
        "{q}"
    );
    // Values set against each other are groups.
    let q = kql("heartbeats from windows versus linux agents this week");
    assert!(q.contains("by OSType") && !q.contains("OSType in"), "{q}");
    // An error code of Entra ID's outcome column; a word of the records' kind before the
    // grouped column.
    let q = kql("managed identity sign-ins with error code 7000215 per identity");
    assert!(q.contains("ResultType == \"7000215\""), "{q}");
    let q = kql("blob requests per storage account this week");
    assert!(q.contains("by AccountName"), "{q}");
}

/// A building's badge readers, with what some of their event kinds mean, as a data catalog
/// describes them.
fn badge_reader_catalog() -> Nl2KqlCatalog {
    let schema = r#"[{"Tables":[{"Table":"CardReaderEvents","Columns":[
        {"Name":"Timestamp","Type":"System.DateTime"},
        {"Name":"ReaderName","Type":"System.String"},
        {"Name":"ActionType","Type":"System.String"},
        {"Name":"ErrorCode","Type":"System.Int32"}]}]}]"#;
    let yaml = r#"
- Name: CardReaderEvents
  Description: Events from the card readers of a building.
  Columns:
  - Name: ActionType
    Description: What happened at the reader.
    Values:
    - Value: BadgeSwipeRequest
      Description: A card was held to the reader.
    - Value: BadgeSwipeAnswer
      Description: The controller answered a badge swipe.
    - Value: DoorForcedOpen
      Description: A door opened without a granted swipe.
    - Value: TamperAlarmRaised
      Description: The reader's case was opened.
    - Value: FirmwareUpdated
      Description: New firmware was installed.
  - Name: ErrorCode
    Description: Why the controller refused a swipe, 0 when it did not.
    Values:
    - Value: 0
      Description: Success.
    - Value: 31
      Description: BadgeRevoked - The badge was revoked by its issuer.
    - Value: 32
      Description: BadgeExpired - The badge is past its end date.
    - Value: 40
      Description: ZoneClosed - The zone is closed at this hour.
"#;
    Nl2KqlCatalog::from_files(schema, &[yaml]).expect("catalog")
}

/// A value of several words named by all but its last ("tamper alarms" for TamperAlarmRaised);
/// values sharing those words are told apart by the one whose description says them.
#[test]
fn an_event_kind_names_the_value_it_begins() {
    let cat = badge_reader_catalog();
    let ctx = Nl2KqlContext {
        now: NOW,
        ..Default::default()
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("tamper alarms on reader lobby-2 this week");
    assert!(k.contains("ActionType == \"TamperAlarmRaised\""), "{k}");
    // Both swipe values begin "badge swipe"; only the answer's description speaks of one.
    let k = kql("badge swipes at reader lobby-2 today");
    assert!(k.contains("ActionType == \"BadgeSwipeAnswer\""), "{k}");
    // Two words of a two-word value are the value itself, not its beginning.
    let k = kql("firmware updated on reader lobby-2");
    assert!(k.contains("ActionType == \"FirmwareUpdated\""), "{k}");
}

/// Over the Defender tables: a name typed in lower case right before a column that holds names of
/// groups is still that group's name; a word saying which one is not.
#[test]
fn a_lower_case_name_before_a_group_column() {
    let Some((cat, ctx)) = defender() else { return };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("machines in the northwind machine group");
    assert!(k.contains("MachineGroup =~ \"northwind\""), "{k}");
    let k = kql("machines in the entire machine group");
    assert!(!k.contains("\"entire\""), "{k}");
}

/// A known value named by what its description says, when no words name it: an error code by the
/// meaning of the error, an event kind by a paraphrase; words that several descriptions say
/// alike name none.
#[test]
fn a_value_named_by_what_its_description_says() {
    let cat = badge_reader_catalog();
    let ctx = Nl2KqlContext {
        now: NOW,
        ..Default::default()
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let k = kql("swipes refused for revoked badges this week");
    assert!(k.contains("ErrorCode == 31"), "{k}");
    let k = kql("card readers whose case was opened yesterday");
    assert!(k.contains("ActionType == \"TamperAlarmRaised\""), "{k}");
    // "badge" alone is said of two error codes: no one value.
    let k = kql("swipes refused for badges this week");
    assert!(!k.contains("ErrorCode =="), "{k}");
}

/// Values a column's description lists are known values of it, and a schema's System.SByte
/// column is Kusto's bool.
#[test]
fn values_a_description_lists_and_sbyte_flags() {
    let schema = r#"[{"Tables":[{"Table":"StandInventory","Columns":[
        {"Name":"TimeGenerated","Type":"System.DateTime"},
        {"Name":"StandName","Type":"System.String"},
        {"Name":"Enclosure","Type":"System.String"},
        {"Name":"Locked","Type":"System.SByte"}]}]}]"#;
    let yaml = r#"
- Name: StandInventory
  Description: The display stands of a shop floor.
  Columns:
  - Name: Enclosure
    Description: How the stand is built. Possible values are Pedestal, WallMount or Freestanding.
  - Name: Locked
    Description: Whether the stand is locked.
"#;
    let cat = Nl2KqlCatalog::from_files(schema, &[yaml]).expect("catalog");
    let ctx = Nl2KqlContext {
        now: NOW,
        ..Default::default()
    };
    let k = query(&generate("locked stands built as a Pedestal", &cat, &ctx))
        .kql
        .clone();
    assert!(k.contains("Enclosure == \"Pedestal\""), "{k}");
    assert!(k.contains("Locked == true"), "{k}");
}

/// Bounds said in words: "higher or equal to" and "greater than or equal to" take the bound in,
/// "no more than" and "up to" are at most.
#[test]
fn inclusive_bounds_in_words() {
    let cat = badge_reader_catalog();
    let ctx = Nl2KqlContext {
        now: NOW,
        ..Default::default()
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    for (q, want) in [
        (
            "swipes with an error code higher or equal to 32",
            "ErrorCode >= 32",
        ),
        (
            "swipes with an error code greater than or equal to 32",
            "ErrorCode >= 32",
        ),
        (
            "swipes with an error code lower or equal to 32",
            "ErrorCode <= 32",
        ),
        (
            "swipes with an error code no more than 32",
            "ErrorCode <= 32",
        ),
        ("swipes with an error code up to 32", "ErrorCode <= 32"),
        ("swipes with an error code above 32", "ErrorCode > 32"),
    ] {
        let k = kql(q);
        assert!(k.contains(want), "{q}\n{k}");
    }
}

#[test]
fn expired_and_unexpired_compare_the_expiry_with_now() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = kql("unexpired TI indicators for domains");
    assert!(q.contains("ExpirationDateTime > now()"), "{q}");
    let q = kql("threat indicators that already expired");
    assert!(q.contains("ExpirationDateTime < now()"), "{q}");
    // A column named for a quality, named with no value: the records that have it.
    let q = kql("VM connections with malicious IPs today");
    assert!(q.contains("isnotempty(MaliciousIp)"), "{q}");
}

#[test]
fn defender_sign_in_outcomes_are_error_codes() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    // ErrorCode "contains the Azure Active Directory error code if a sign-in error occurs".
    let q = kql("unsuccessful Entra ID sign-ins over the past day");
    assert!(q.contains("ErrorCode != 0"), "{q}");
    let q = kql("service principal sign-ins that succeeded this week");
    assert!(q.contains("ErrorCode == 0"), "{q}");
    let q = kql("sign-ins that got error code 50126 yesterday");
    assert!(q.contains("ErrorCode == 50126"), "{q}");
}

/// The word that named the table ("sign-ins", "signins") is not also a column to project
/// (SignInEventTypes, AlternateSignInName).
#[test]
fn the_tables_own_word_is_not_a_projected_column() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let q = query(&generate(
        "non-interactive signins with conditional access failure from 10.9.8.7",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(!q.contains("project"), "{q}");
}

#[test]
fn a_verb_and_its_particle_in_a_value_are_one_word() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    // BehaviorAnalytics' ActivityType knows FailedLogOn and LogOn.
    let q = query(&generate(
        "UEBA failed logons for bob this week",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("ActivityType == \"FailedLogOn\""), "{q}");
}

/// "No sign-ins" means none that succeeded (a failed attempt is no use of the account), and the
/// negation that asked for the absence does not also negate the outcome.
#[test]
fn quiet_sign_ins_are_successful_ones() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let kql = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = kql("service principals without any sign-ins over the past 60 days");
    assert!(
        q.contains("ErrorCode == 0") && q.contains("LastSeen < ago(60d)"),
        "{q}"
    );
    let q = kql("accounts that have not logged on in 3 weeks");
    assert!(q.contains("ActionType == \"LogonSuccess\""), "{q}");
    let q = kql("accounts with no failed sign-ins in the last week");
    assert!(q.contains("ErrorCode != 0"), "{q}");
}

#[test]
fn short_host_names_after_a_place_word_are_hosts() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let q = query(&generate(
        "syslog entries from srv12 in the last hour",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("Computer =~ \"srv12\""), "{q}");
    // Not without a word of place: "win10 heartbeats" is no host.
    let q = query(&generate("heartbeats of win10 agents today", &cat, &ctx))
        .kql
        .clone();
    assert!(!q.contains("Computer =~ \"win10\""), "{q}");
}

#[test]
fn mistyped_nouns_of_things_are_read_as_typed_correctly() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let q = query(&generate(
        "which computrs sent heartbeats today",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("distinct Computer"), "{q}");
    // A verb form one letter away is no noun.
    let q = query(&generate("heartbeats computed today", &cat, &ctx))
        .kql
        .clone();
    assert!(!q.contains("distinct"), "{q}");
}

#[test]
fn the_account_a_process_ran_as_is_the_user_column() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let q = query(&generate(
        "VM processes executing as svc_backup this week",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("UserName =~ \"svc_backup\""), "{q}");
}

#[test]
fn documented_values_of_well_known_columns_are_known() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    // The table's own name word ("blob") does not have to name the value again.
    let q = ask("blob deletions in storage account prodbackups over the past 48 hours");
    assert!(q.contains("OperationName == \"DeleteBlob\""), "{q}");
    let q = ask("container deletions in the last day");
    assert!(q.contains("OperationName == \"DeleteContainer\""), "{q}");
    let q = ask("aws console logins in the last 7 days");
    assert!(q.contains("EventName == \"ConsoleLogin\""), "{q}");
    // Only the service's own tables: no blob operations for file shares.
    let q = ask("file deletions on file shares this week");
    assert!(q.contains("OperationName == \"DeleteFile\""), "{q}");
}

#[test]
fn failures_of_a_status_that_knows_only_success_are_every_other_status() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("falied file share operations in last 3 days");
    assert!(q.contains("StatusText != \"Success\""), "{q}");
    let q = ask("successful blob requests yesterday");
    assert!(q.contains("StatusText == \"Success\""), "{q}");
    // A word one edit from "failed" that is a word of its own is not a failure.
    let q = ask("blob requests filed yesterday");
    assert!(!q.contains("StatusText"), "{q}");
}

#[test]
fn days_relative_to_now_are_written_relative_to_now() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("heartbeats today");
    assert!(q.contains("TimeGenerated >= startofday(now())"), "{q}");
    let q = ask("heartbeats yesterday");
    assert!(
        q.contains("TimeGenerated between (startofday(ago(1d)) .. startofday(now()))"),
        "{q}"
    );
    // Since yesterday includes today.
    let q = ask("heartbeats since yesterday");
    assert!(q.contains("TimeGenerated >= startofday(ago(1d))"), "{q}");
    assert!(!q.contains("between"), "{q}");
    let q = ask("heartbeats this month");
    assert!(q.contains("TimeGenerated >= startofmonth(now())"), "{q}");
}

#[test]
fn the_word_right_before_an_address_says_which_side_it_is() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("emails sent to cfo@contoso.com yesterday");
    assert!(
        q.contains("RecipientEmailAddress =~ \"cfo@contoso.com\""),
        "{q}"
    );
    let q = ask("emails from bad@evil.com to cfo@contoso.com");
    assert!(q.contains("SenderFromAddress =~ \"bad@evil.com\""), "{q}");
    assert!(
        q.contains("RecipientEmailAddress =~ \"cfo@contoso.com\""),
        "{q}"
    );
}

#[test]
fn files_named_by_their_extension_end_with_it() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("iso attachments received in the last 7d");
    assert!(q.contains("FileName endswith \".iso\""), "{q}");
    let q = ask("how many .ps1 files were created per device");
    assert!(q.contains("FileName endswith \".ps1\""), "{q}");
    // Not a word that only looks like an extension.
    let q = ask("one files event on web-01");
    assert!(!q.contains("endswith"), "{q}");
}

#[test]
fn flags_are_read_negated_by_prefix_and_in_full_after_the_records_name() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("non-compliant security configurations");
    assert!(q.contains("IsCompliant == false"), "{q}");
    // "clicks" named the records; "clicked through" is the flag.
    let q = ask("url clicks where the user clicked through");
    assert!(q.contains("IsClickedThrough == true"), "{q}");
    let q = ask("url clicks in the last day");
    assert!(!q.contains("IsClickedThrough"), "{q}");
    // The plain column rather than its latest state, unless that is said.
    let q = ask("quarantined emails");
    assert!(q.contains("where DeliveryLocation =="), "{q}");
}

#[test]
fn networks_hold_addresses_in_their_range() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("service principal sign-ins over the past day that did not come from 10.0.0.0/8");
    assert!(
        q.contains("not(ipv4_is_in_range(IPAddress, \"10.0.0.0/8\"))"),
        "{q}"
    );
    let q = ask("service principal sign-ins from 192.168.0.0/16 or 10.0.0.0/8");
    assert!(
        q.contains("ipv4_is_in_any_range(IPAddress, \"192.168.0.0/16\", \"10.0.0.0/8\")"),
        "{q}"
    );
}

#[test]
fn host_names_and_regions_are_read_by_their_shape() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("heartbeats per hour for web-01 over the past day");
    assert!(q.contains("Computer =~ \"web-01\""), "{q}");
    // Not the processes' column the words before name.
    let q = ask("powershell.exe processes on FIN-WS-12 in the last day");
    assert!(q.contains("Computer =~ \"FIN-WS-12\""), "{q}");
    let q = ask("top 10 event names in us-east-1 in the past 24h");
    assert!(q.contains("AWSRegion =~ \"us-east-1\""), "{q}");
    // Syslog's clipped severities named in full.
    let q = ask("any syslog errors in the last hour?");
    assert!(q.contains("SeverityLevel == \"err\""), "{q}");
}

#[test]
fn more_than_n_distinct_things_counts_them_per_subject() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q =
        ask("service principals that signed in from more than 5 distinct IPs in the last 30 days");
    assert!(
        q.contains("summarize dcount(IPAddress) by ServicePrincipalName"),
        "{q}"
    );
    assert!(q.contains("where dcount_IPAddress > 5"), "{q}");
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let q = query(&generate(
        "accounts that failed to log on from at least 5 different devices in the last hour",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("summarize dcount(DeviceName) by"), "{q}");
    assert!(q.contains("where dcount_DeviceName >= 5"), "{q}");
}

#[test]
fn programs_by_bare_name_and_command_line_switches() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("powershell -enc on srv-db01 last 7d");
    assert!(q.contains("FileName =~ \"powershell.exe\""), "{q}");
    assert!(q.contains("ProcessCommandLine contains \"-enc\""), "{q}");
    assert!(q.contains("DeviceName =~ \"srv-db01\""), "{q}");
    // The one that started something is the initiating process.
    let q = ask("w3wp spawning cmd");
    assert!(
        q.contains("InitiatingProcessFileName =~ \"w3wp.exe\""),
        "{q}"
    );
    assert!(q.contains("where FileName =~ \"cmd.exe\""), "{q}");
    let q = ask("DLLs that rundll32 loaded in the last day");
    assert!(
        q.contains("InitiatingProcessFileName =~ \"rundll32.exe\""),
        "{q}"
    );
    // PowerShell's own command events are a value, not the program.
    let q = ask("powershell commands on web-01 today");
    assert!(!q.contains("powershell.exe"), "{q}");
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    // Syslog names linux programs bare.
    let q = query(&generate(
        "sudo activity on db-02 in the last 3 days",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("ProcessName == \"sudo\""), "{q}");
}

#[test]
fn installed_software_service_ports_and_integer_flags() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("wich devices have anydesk installed");
    assert!(q.contains("SoftwareName has \"anydesk\""), "{q}");
    assert!(q.contains("distinct DeviceName"), "{q}");
    let q = ask("rdp connections made from wks-hr-007 in the past 12 hours");
    assert!(q.contains("RemotePort == 3389"), "{q}");
    let q = ask("smb (4455) traffic in the last day");
    assert!(q.contains("RemotePort == 4455"), "{q}");
    let q = ask("sign-ins by external users per country, last 7 days");
    assert!(q.contains("IsExternalUser == 1"), "{q}");
    assert!(q.contains("by Country"), "{q}");
    // A word of ours for the records is no value of a column named before it.
    let q = ask("failed AD logons per account over the last day");
    assert!(!q.contains("\"AD\""), "{q}");
}

#[test]
fn named_sign_in_failures_and_several_things() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("attempts to sign in to disabled accounts, listed by IP address");
    assert!(q.contains("ErrorCode == 50057"), "{q}");
    let q = ask("sign-ins blocked by conditional access today");
    assert!(q.contains("ErrorCode == 53003"), "{q}");
    let q = ask("users that signed in from multiple locations in the last 7 days");
    assert!(q.contains("summarize dcount("), "{q}");
    assert!(q.contains(" > 1"), "{q}");
    // A switch after "ending with" is the compared value, not the command line's.
    let q = ask("registry values set ending with -thecatman");
    assert!(!q.contains("CommandLine"), "{q}");
}

#[test]
fn numeric_severities_encoded_commands_and_subjects() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("High severity GuardDuty findings from the last 7 days");
    assert!(q.contains("Severity >= 7"), "{q}");
    let q = ask("medium severity guardduty findings");
    assert!(
        q.contains("Severity >= 4") && q.contains("Severity < 7"),
        "{q}"
    );
    let q = ask("powershell processes started with an encoded command");
    assert!(q.contains("CommandLine contains \"-enc\""), "{q}");
    // The subject is the first kind of thing named.
    let q = ask("which processes are bound on wildcard addresses on more than 10 servers");
    assert!(q.contains("dcount(Computer) by ProcessName"), "{q}");
    // A clause's comma is no list: "sudo" is syslog's program.
    let q = ask("On web-01, sudo commands run yesterday");
    assert!(q.contains("ProcessName == \"sudo\""), "{q}");
    // A status code said is the outcome; "root account" is not the AWSAccount identity type.
    let q = ask("SAS authenticated blob requests that failed with 403 in last 24h");
    assert!(!q.contains("StatusText"), "{q}");
    let q = ask("AWS console logins by the root account in the last 7 days");
    assert!(!q.contains("AWSAccount"), "{q}");
}

#[test]
fn json_text_holds_values_and_listed_things_are_distinct() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("List all devices that have been assigned IP address 192.168.1.5");
    assert!(q.contains("IPAddresses has \"192.168.1.5\""), "{q}");
    assert!(q.contains("distinct DeviceName"), "{q}");
    // Records that are no kind of thing are listed as they are.
    let q = ask("show all logons for mhair");
    assert!(!q.contains("distinct"), "{q}");
}

#[test]
fn searched_messages_negations_and_one_word_numbers() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("syslog from db-02, excluding anything mentioning ansible");
    assert!(q.contains("SyslogMessage !has \"ansible\""), "{q}");
    let q = ask("aws api calls, skip read-only calls");
    assert!(q.contains("ReadOnly == false"), "{q}");
    let q = ask("indicators with confidence of at least 90");
    assert!(q.contains("ConfidenceScore >= 90"), "{q}");
    // A typo keeps its first letter: "match" is no PATCH request.
    let q = ask("iis requests from client IPs that match a threat intel network ip indicator");
    assert!(!q.contains("PATCH"), "{q}");
}

#[test]
fn places_named_by_their_common_name() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("DLLs that rundll32 loaded out of a Temp folder in the last day");
    assert!(q.contains(r#"FolderPath contains @"\Temp\""#), "{q}");
    let q = ask("Run key modifications in the last 7 days");
    assert!(
        q.contains(r#"RegistryKey contains @"\CurrentVersion\Run""#),
        "{q}"
    );
    let q = ask("admin ops in cloud apps coming from anonymous proxies");
    assert!(q.contains("IsAdminOperation == true"), "{q}");
}

#[test]
fn future_windows_and_the_time_a_verb_names() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let q = query(&generate(
        "indicators with confidence over 80 that expire within the next 7 days",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(
        q.contains("ExpirationDateTime between (now() .. now() + 7d)"),
        "{q}"
    );
    let Some((cat, ctx)) = defender() else {
        return;
    };
    // Files created today: the records' time, not the initiating process's creation time.
    let q = query(&generate("files created on web-01 today", &cat, &ctx))
        .kql
        .clone();
    assert!(q.contains("Timestamp >= startofday(now())"), "{q}");
}

#[test]
fn actions_named_by_another_verb() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("how many .ps1 files got dropped per device since yesterday");
    assert!(q.contains("ActionType == \"FileCreated\""), "{q}");
    let q = ask("registry value changes on web-01");
    assert!(q.contains("ActionType == \"RegistryValueSet\""), "{q}");
}

#[test]
fn errors_kept_in_their_own_column_and_values_after_a_colon() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("hourly count of aws api errors over the last 2 days as a timechart");
    assert!(q.contains("isnotempty(ErrorCode)"), "{q}");
    let q = ask("SQL ATP instances reporting an error in the last 7 days");
    assert!(q.contains("isnotempty(LastError)"), "{q}");
    let q = ask("non-azure machines that sent heartbeats in the last 7 days");
    assert!(q.contains("ComputerEnvironment == \"Non-Azure\""), "{q}");
}

#[test]
fn a_column_named_in_full_and_flags_kept_as_text() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("count of emails by delivery action per day");
    assert!(q.contains("by DeliveryAction"), "{q}");
    assert!(!q.contains("\"Delivered\""), "{q}");
    let q = ask("emails with delivery action delivered");
    assert!(q.contains("DeliveryAction == \"Delivered\""), "{q}");
    let q = ask("devices with critical vulnerabilities and an exploit available");
    assert!(q.contains("tobool(IsExploitAvailable) == true"), "{q}");
}

#[test]
fn technique_ids_and_things_gone_missing() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let q = query(&generate("alerts with MITRE technique T1059", &cat, &ctx))
        .kql
        .clone();
    assert!(q.contains("AttackTechniques has \"T1059\""), "{q}");
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let q = query(&generate(
        "heartbeats missing for more than 1 hour",
        &cat,
        &ctx,
    ))
    .kql
    .clone();
    assert!(q.contains("where LastSeen < ago(1h)"), "{q}");
}

#[test]
fn things_that_did_something_are_listed() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("devices that talked to evil.com");
    assert!(q.starts_with("DeviceNetworkEvents"), "{q}");
    assert!(q.contains("distinct DeviceName"), "{q}");
    let q = ask("users who clicked on phishing links");
    assert!(q.contains("distinct AccountUpn"), "{q}");
    let q = ask("processes running from temp");
    assert!(q.contains(r#"FolderPath contains @"\Temp\""#), "{q}");
}

#[test]
fn incident_owners_named_and_open_incidents() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("security incidents owned by alice@contoso.com that are still open");
    assert!(
        q.contains("tostring(Owner.userPrincipalName) =~ \"alice@contoso.com\""),
        "{q}"
    );
    assert!(q.contains("Status != \"Closed\""), "{q}");
    assert!(!q.contains("distinct"), "{q}");
    let q = ask("incidents assigned to Alice Smith");
    assert!(
        q.contains("tostring(Owner.assignedTo) =~ \"Alice Smith\""),
        "{q}"
    );
    // "with high severity" filters; it does not also show Severity.
    let q = ask("open incidents with high severity");
    assert!(!q.contains("project"), "{q}");
    let q = ask("unassigned high severity incidents");
    assert!(q.contains("isempty(tostring(Owner.objectId))"), "{q}");
    assert!(q.contains("Severity == \"High\""), "{q}");
}

#[test]
fn exclusions_places_pronouns_and_short_units() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    // "leave out" excludes, and the excluded process is the child, whatever started the others.
    let q = ask("processes started by winword.exe or excel.exe, but leave out splwow64.exe");
    assert!(q.contains("FileName !~ \"splwow64.exe\""), "{q}");
    assert!(!q.contains("distinct"), "{q}");
    let q = ask("connections not initiated by chrome.exe");
    assert!(
        q.contains("InitiatingProcessFileName !~ \"chrome.exe\""),
        "{q}"
    );
    let q = ask("emails not sent from evil.com");
    assert!(q.contains("!~ \"evil.com\""), "{q}");
    // A machine named as the place of logons: the device's own logon records.
    let q = ask("failed logins on SRV-DB01 last 24h");
    assert!(q.starts_with("DeviceLogonEvents"), "{q}");
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("who is her manager, alice.wong@contoso.com");
    assert!(!q.contains("\"her\""), "{q}");
    let q = ask("powershell processes on any vm in the past 24 h");
    assert!(q.contains("ago(24h)"), "{q}");
    let q = ask("risk detections from anonymous IPs with high risk level");
    assert!(
        q.contains("RiskEventType == \"anonymizedIPAddress\""),
        "{q}"
    );
    assert!(!q.contains("project"), "{q}");
}

#[test]
fn legacy_auth_rdp_levels_row_counts_and_cves() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    // Protocols said without their version; legacy authentication as the non-modern clients.
    let q = ask("legacy auth sign-ins (imap / pop) this week");
    assert!(q.starts_with("AADSignInEventsBeta"), "{q}");
    assert!(q.contains("\"IMAP4\"") && q.contains("\"POP3\""), "{q}");
    let q = ask("legacy authentication sign-ins last week");
    assert!(
        q.contains("ClientAppUsed !in~ (\"Browser\", \"Mobile Apps and Desktop clients\")"),
        "{q}"
    );
    // RDP logons by their logon type.
    let q = ask("RDP logons from public IPs last week");
    assert!(q.contains("LogonType == \"RemoteInteractive\""), "{q}");
    // A level before a numeric column the catalog describes; no value that spells the word.
    let q = ask("sign-ins with high risk level");
    assert!(q.contains("== 100"), "{q}");
    let q = ask("high risk sign-ins during the last day");
    assert!(!q.contains("RISK OS"), "{q}");
    // "top 10" is how many rows, not a value.
    let q = ask("top 10 users with error 50126 sign in failures last 24h");
    assert!(q.contains("top 10 by count_"), "{q}");
    assert!(!q.contains("== 10\n") && !q.ends_with("== 10"), "{q}");
    // A host's name is no version.
    let q = ask("what os version is srv-db01 running?");
    assert!(q.contains("DeviceName =~ \"srv-db01\""), "{q}");
    // A CVE alone asks for the reference.
    let q = ask("whats CVE-2023-23397 about");
    assert!(q.starts_with("DeviceTvmSoftwareVulnerabilitiesKB"), "{q}");
}

#[test]
fn counts_asked_for_and_columns_of_counts() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    // "attachment count by file type" counts attachments; "file type" is the grouping column,
    // no value of the emails' policies; "malicious" is malware.
    let q = ask("malicious attachment count by file type, last 30 days");
    assert!(q.starts_with("EmailAttachmentInfo"), "{q}");
    assert!(!q.contains("join") && !q.contains("FileTypePolicy"), "{q}");
    assert!(q.contains("ThreatTypes has \"Malware\""), "{q}");
    assert!(q.contains("summarize count() by FileType"), "{q}");
    // A column of counts compared is no count asked for.
    let q = ask("emails with attachment count above 3");
    assert!(q.contains("AttachmentCount > 3"), "{q}");
    assert!(!q.contains("| count"), "{q}");
}

#[test]
fn names_of_several_capitalized_words_before_their_column() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("Users that hold the Global Administrator role");
    assert!(
        q.contains("AssignedRoles has \"Global Administrator\""),
        "{q}"
    );
}

#[test]
fn what_is_left_out_does_not_choose_the_table() {
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask(
        "sudo activity on db-02 in the last 3 days, excluding anything mentioning the ansible user",
    );
    assert!(q.starts_with("Syslog"), "{q}");
    assert!(q.contains("SyslogMessage !has \"ansible\""), "{q}");
}

#[test]
fn a_name_before_a_verb_of_signing_in_is_whose_records() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("which devices did alice log on to last week");
    assert!(q.contains("AccountName =~ \"alice\""), "{q}");
    assert!(q.contains("distinct DeviceName"), "{q}");
    let q = ask("on which devices was alice logged on in the past 7 days");
    assert!(q.contains("AccountName =~ \"alice\""), "{q}");
    // A word the catalog knows is no name: "failed logons" keeps its outcome.
    let q = ask("failed logons on FILESRV02 past 24h");
    assert!(!q.contains("AccountName"), "{q}");
}

#[test]
fn a_file_that_is_no_program_is_not_a_process() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("processes that loaded vaultcli.dll in the past 3 days");
    assert!(q.contains("where FileName =~ \"vaultcli.dll\""), "{q}");
    // A program is still the process that did it.
    let q = ask("files downloaded by msedge.exe");
    assert!(
        q.contains("InitiatingProcessFileName =~ \"msedge.exe\""),
        "{q}"
    );
    // Words that say the file started something keep it on the initiating side.
    let q = ask("processes started by invoice.docm");
    assert!(q.contains("InitiatingProcessFileName"), "{q}");
}

#[test]
fn a_state_beside_its_column_word_is_that_columns_value() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("devices reporting an inactive sensor in the past day");
    assert!(q.contains("SensorHealthState == \"Inactive\""), "{q}");
    assert!(!q.contains("DeviceSubtype"), "{q}");
    assert!(!q.contains("LastSeen"), "{q}");
    // Without such a column word, "inactive" still asks what went quiet.
    let q = ask("inactive devices in the last 30 days");
    assert!(q.contains("LastSeen < ago(30d)"), "{q}");
}

#[test]
fn a_value_with_its_number_run_together_is_said_in_two_words() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("devices running windows 7");
    assert!(q.contains("OSPlatform == \"Windows7\""), "{q}");
    let q = ask("windows server 2019 machines");
    assert!(q.contains("OSPlatform == \"WindowsServer2019\""), "{q}");
    // A number with no word of the value before it names nothing.
    let q = ask("devices with more than 7 alerts");
    assert!(!q.contains("Windows7"), "{q}");
}

#[test]
fn external_and_internal_addresses_are_the_far_ends_type() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("network connections from powershell to external ips");
    assert!(q.contains("RemoteIPType == \"Public\""), "{q}");
    let q = ask("connections to internal ips on port 445");
    assert!(q.contains("RemoteIPType == \"Private\""), "{q}");
    // The near end when a word names it.
    let q = ask("connections from a local private ip");
    assert!(q.contains("LocalIPType == \"Private\""), "{q}");
}

#[test]
fn remote_desktop_is_a_connection_out_and_a_logon_in() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("outbound rdp to public ips past day, by device");
    assert!(q.starts_with("DeviceNetworkEvents"), "{q}");
    assert!(q.contains("RemotePort == 3389"), "{q}");
    assert!(q.contains("RemoteIPType == \"Public\""), "{q}");
    let q = ask("rdp connections from wks-01");
    assert!(q.starts_with("DeviceNetworkEvents"), "{q}");
    let q = ask("rdp logons in the last day");
    assert!(q.starts_with("DeviceLogonEvents"), "{q}");
    assert!(q.contains("LogonType == \"RemoteInteractive\""), "{q}");
    // A device's own public address is still its information.
    let q = ask("what is the public ip of srv-web02");
    assert!(q.starts_with("DeviceInfo"), "{q}");
}

#[test]
fn encoded_powershell_commands_are_the_enc_switch() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("processes with encoded powershell commands");
    assert!(q.contains("ProcessCommandLine contains \"-enc\""), "{q}");
    // Not any word between: "encoded files in commands" is no switch.
    let q = ask("encoded file names in process commands");
    assert!(!q.contains("-enc"), "{q}");
}

#[test]
fn windows_event_numbers_are_event_ids() {
    let (_, cat, ctx) = demo();
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    for (q, id) in [
        ("security events 4625 on dc01 in the last hour", "4625"),
        ("4624 logons on dc01", "4624"),
        ("failed logons 4625 yesterday", "4625"),
        ("4688 events on web-01", "4688"),
    ] {
        let k = ask(q);
        assert!(k.starts_with("SecurityEvent"), "{q}: {k}");
        assert!(k.contains(&format!("EventID == {id}")), "{q}: {k}");
    }
    // A port is no event.
    let k = ask("connections to port 4700");
    assert!(!k.contains("EventID"), "{k}");
    let Some((cat, ctx)) = sentinel() else {
        return;
    };
    let k = query(&generate("security events 4625 on dc01", &cat, &ctx))
        .kql
        .clone();
    assert!(
        k.starts_with("Event\n") && k.contains("EventID == 4625"),
        "{k}"
    );
}

#[test]
fn a_domain_asked_of_dns_is_the_name_queried() {
    let (_, cat, ctx) = demo();
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("dns events for evil.com");
    assert!(q.starts_with("DnsEvents"), "{q}");
    assert!(q.contains("Name =~ \"evil.com\""), "{q}");
    let q = ask("dns queries to evil.com in the last day");
    assert!(q.contains("Name =~ \"evil.com\""), "{q}");
}

#[test]
fn azure_control_plane_and_product_names() {
    let (_, cat, ctx) = demo();
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("who deleted virtual machines in azure this week");
    assert!(q.starts_with("AzureActivity"), "{q}");
    let q = ask("key vault secret reads in the last 24h");
    assert!(q.starts_with("AzureDiagnostics"), "{q}");
    // "Office 365" names a product, not an office ID.
    let q = ask("office 365 file downloads by guest users");
    assert!(q.starts_with("OfficeActivity") && !q.contains("365"), "{q}");
}

#[test]
fn a_tables_whole_name_is_that_table_and_type_is_no_filter() {
    let (_, cat, ctx) = demo();
    let ask = |q: &str| query(&generate(q, &cat, &ctx)).kql.clone();
    let q = ask("signinlogs failures");
    assert!(q.starts_with("SigninLogs"), "{q}");
    let q = ask("commonsecuritylog traffic to port 4444");
    assert!(q.starts_with("CommonSecurityLog"), "{q}");
    assert!(q.contains("DestinationPort == 4444"), "{q}");
    // Log Analytics' Type column is the table's name on every row.
    let q = ask("logons of type 10 on srv-01");
    assert!(!q.contains("where Type"), "{q}");
}

#[test]
fn logon_type_numbers_become_names_where_names_are_kept() {
    let Some((cat, ctx)) = defender() else {
        return;
    };
    let q = query(&generate("logon type 10 on srv-01", &cat, &ctx))
        .kql
        .clone();
    assert!(q.contains("LogonType == \"RemoteInteractive\""), "{q}");
    let q = query(&generate("logons with logon type 3 yesterday", &cat, &ctx))
        .kql
        .clone();
    assert!(q.contains("LogonType == \"Network\""), "{q}");
}
