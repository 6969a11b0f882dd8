//! The chat with a language model plugged in: hunting questions go to the model, whose query is
//! repaired and checked before it runs, or replaced by the deterministic one, and the answer's
//! logic says which happened. Incident text reaches the prompt fenced as data.

use std::cell::RefCell;

use copilot::answer::{Answer, Block};
use copilot::chat::{respond, respond_with_model, Conversation};
use copilot::nl2kql::model::{ChatMessage, ChatModel, Completion, ModelError};
use sentinel::time::parse_datetime;
use sentinel::{DemoConfig, DemoWorkspace, IncidentQuery, Workspace};

fn now() -> i64 {
    parse_datetime("2026-11-27T04:00:00Z").unwrap()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    futures_executor::block_on(f)
}

/// Answers from a script and records every prompt.
struct Scripted {
    answers: RefCell<Vec<Result<String, ModelError>>>,
    seen: RefCell<Vec<Vec<ChatMessage>>>,
}

impl Scripted {
    fn new(answers: &[&str]) -> Scripted {
        Scripted {
            answers: RefCell::new(answers.iter().rev().map(|a| Ok(a.to_string())).collect()),
            seen: RefCell::new(Vec::new()),
        }
    }
}

impl ChatModel for Scripted {
    fn complete<'a>(&'a self, messages: &'a [ChatMessage]) -> Completion<'a> {
        self.seen.borrow_mut().push(messages.to_vec());
        let answer = self
            .answers
            .borrow_mut()
            .pop()
            .unwrap_or_else(|| Err(ModelError("no more answers".into())));
        Box::pin(async move { answer })
    }
}

fn kql_block(answer: &Answer) -> (String, Vec<String>) {
    answer
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Kql(k) => Some((k.query.clone(), k.explanation.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no query in {answer:?}"))
}

#[test]
fn the_models_misspelled_column_is_repaired_and_the_query_runs() {
    let ws = DemoWorkspace::new(DemoConfig::new(now()));
    let incident = block_on(ws.list_incidents(&IncidentQuery::newest(1)))
        .unwrap()
        .value
        .remove(0);
    let mut conv = Conversation::default();
    conv.focus_incident(&incident);
    let model = Scripted::new(&[
        "```kql\nSigninLogs\n| where ResultTyp != \"0\"\n| summarize count() by UserPrincipalName\n```",
    ]);
    let a = block_on(respond_with_model(
        "failed sign-ins per user",
        &mut conv,
        &ws,
        now(),
        Some(&model),
    ));
    let (query, logic) = kql_block(&a);
    assert!(query.contains("ResultType != \"0\""), "{query}");
    assert!(
        logic.iter().any(|l| l.contains("language model")),
        "{logic:?}"
    );
    assert!(
        logic.iter().any(|l| l.contains("closest real")),
        "{logic:?}"
    );
    assert!(
        a.blocks.iter().any(|b| matches!(b, Block::Table(_))),
        "the repaired query ran: {a:?}"
    );
    let seen = model.seen.borrow();
    let last = &seen[0].last().unwrap().content;
    assert!(
        last.contains("<<<DATA title of the incident in focus")
            && last.contains(&incident.properties.title),
        "the incident's title is fenced as data: {last}"
    );
}

#[test]
fn an_invented_table_falls_back_to_the_deterministic_query_and_says_so() {
    let ws = DemoWorkspace::new(DemoConfig::new(now()));
    let invented = "```kql\nSuspiciousLogins | where Risk > 5\n```";
    let model = Scripted::new(&[invented, invented]);
    let mut conv = Conversation::default();
    let a = block_on(respond_with_model(
        "failed sign-ins per user",
        &mut conv,
        &ws,
        now(),
        Some(&model),
    ));
    let (query, logic) = kql_block(&a);
    let mut plain = Conversation::default();
    let (deterministic, _) = kql_block(&block_on(respond(
        "failed sign-ins per user",
        &mut plain,
        &ws,
        now(),
    )));
    assert_eq!(query, deterministic);
    assert!(
        logic.iter().any(|l| l.contains("built without the model")),
        "{logic:?}"
    );
    assert_eq!(
        model.seen.borrow().len(),
        2,
        "one retry with the diagnostics"
    );
}

#[test]
fn without_a_model_nothing_is_asked() {
    let ws = DemoWorkspace::new(DemoConfig::new(now()));
    let mut conv = Conversation::default();
    let a = block_on(respond_with_model(
        "failed sign-ins per user",
        &mut conv,
        &ws,
        now(),
        None,
    ));
    let (_, logic) = kql_block(&a);
    assert!(!logic.iter().any(|l| l.contains("model")), "{logic:?}");
}

#[test]
fn when_the_model_fails_and_no_query_can_be_built_the_answer_says_both() {
    let ws = DemoWorkspace::new(DemoConfig::new(now()));
    let mut conv = Conversation::default();
    let model = Scripted {
        answers: RefCell::new(vec![Err(ModelError(
            "the model endpoint answered 503".into(),
        ))]),
        seen: RefCell::new(Vec::new()),
    };
    let a = block_on(respond_with_model(
        "frobnicate the quuxes of zebulon",
        &mut conv,
        &ws,
        now(),
        Some(&model),
    ));
    let text: Vec<&str> = a
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("I could not turn that into a query")),
        "{a:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("language model could not help") && t.contains("503")),
        "{a:?}"
    );
}
