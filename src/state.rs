//! App-wide state, shared through context as small newtypes, and the async glue between the
//! views and the library crates.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::chunk;
use crate::chunks::ChunkError;

use copilot::answer::Answer;
use copilot::evidence::IncidentEvidence;

use crate::auth::{HostTokenSource, MsalConfig, NoTokenSource, SignIn, TokenSource};
use crate::http::{HttpWorkspace, HttpWorkspaceConfig};
use copilot::chat::Conversation;
use copilot::nl2kql::Identity;
use sentinel::{Incident, IncidentQuery, Workspace};

/// The incidents shown in the queue.
#[derive(Clone, Copy)]
pub struct IncidentList(pub RwSignal<Vec<Incident>>);

/// The incident in focus, by its name (GUID).
#[derive(Clone, Copy)]
pub struct SelectedIncident(pub RwSignal<Option<String>>);

/// The text of the KQL editor.
#[derive(Clone, Copy)]
pub struct KqlDraft(pub RwSignal<String>);

/// A prompt and the answer it got.
#[derive(Clone, Debug)]
pub struct Turn {
    /// Stable across reloads for the same session start: the feedback key.
    pub id: String,
    pub prompt: String,
    pub answer: Answer,
}

/// The conversation shown in the transcript.
#[derive(Clone, Copy)]
pub struct Transcript(pub RwSignal<Vec<Turn>>);

/// Non-reactive services: the workspace and the conversation's memory. Browser-only values are not
/// `Send`; the wrapper keeps them on the one thread the app runs on.
#[derive(Clone)]
pub struct AppServices {
    workspace: SendWrapper<Rc<RefCell<Rc<dyn Workspace>>>>,
    /// The workspace badge's text, which changes when the configuration connects a real one.
    pub workspace_label: RwSignal<String>,
    conversation: SendWrapper<Rc<std::cell::RefCell<Conversation>>>,
    /// The optional language model, once the settings are read.
    model: SendWrapper<Rc<RefCell<Option<Rc<crate::model::ProxyChatModel>>>>>,
    incidents: IncidentList,
    transcript: Transcript,
}

impl AppServices {
    /// The workspace the panel talks to.
    pub fn workspace(&self) -> Rc<dyn Workspace> {
        Rc::clone(&self.workspace.borrow())
    }

    /// Aborts the model's request in flight, if any (Escape or Stop).
    pub fn cancel_model(&self) {
        if let Some(model) = self.model.borrow().as_ref() {
            model.cancel();
        }
    }

    /// Switches to another workspace and reloads the queue.
    pub fn connect(&self, workspace: Rc<dyn Workspace>) {
        self.workspace_label.set(label_of(workspace.as_ref()));
        *self.workspace.borrow_mut() = workspace;
    }
}

/// The text of the workspace badge.
pub fn label_of(workspace: &dyn Workspace) -> String {
    let info = workspace.info();
    if info.is_demo {
        format!("Demo workspace · {}", info.name)
    } else {
        info.name
    }
}

/// A workspace handed to the panel by the code that mounts it, used instead of the demo when no
/// real workspace is configured: the browser tests give it an in-page demo workspace, since the
/// worker's files are not served to them.
#[derive(Clone)]
pub struct GivenWorkspace(pub SendWrapper<Rc<dyn Workspace>>);

/// The current time as KQL ticks (100 ns since 1970).
pub fn now_ticks() -> i64 {
    (js_sys::Date::now() * 10_000.0) as i64
}

/// Provides every piece of app state to the component tree, on the demo workspace, and starts
/// loading the incident queue.
pub fn provide_app_state() {
    let embed = use_context::<crate::embed::EmbedOptions>();
    let theme = use_context::<crate::app::PanelTheme>();
    let mode = use_context::<crate::app::PanelMode>();
    let given = use_context::<GivenWorkspace>();
    // The demo tenant (200,000 generated rows) is built only when no real workspace is set.
    let workspace: Rc<dyn Workspace> = Rc::new(crate::starting::Starting);
    let incidents = IncidentList(RwSignal::new(Vec::new()));
    let selected = SelectedIncident(RwSignal::new(None));
    let transcript = Transcript(RwSignal::new(Vec::new()));
    provide_context(incidents);
    provide_context(selected);
    provide_context(transcript);
    provide_context(KqlDraft(RwSignal::new(String::new())));
    crate::local_tables::LocalTables::provide();
    let services = AppServices {
        workspace_label: RwSignal::new(label_of(workspace.as_ref())),
        workspace: SendWrapper::new(Rc::new(RefCell::new(workspace))),
        conversation: SendWrapper::new(Rc::new(RefCell::new(Conversation::for_analyst(analyst(
            embed.as_ref(),
        ))))),
        model: SendWrapper::new(Rc::new(RefCell::new(None))),
        incidents,
        transcript,
    };
    provide_context(services.clone());
    // MSAL sign-in, when the settings ask for it; its account is "me" unless the host names one.
    let sign_in = SignIn::new(embed.as_ref().and_then(|e| e.user.as_ref()).is_none());
    provide_context(sign_in.clone());
    // After the first paint: the panel shows (and takes typing) first; then it reads its settings
    // and opens the workspace they name, or the demo.
    crate::browser::after_paint(move || {
        // Unless the panel was unmounted in the meantime.
        if !services.incidents.0.is_disposed() {
            leptos::task::spawn_local(open_workspace(services, sign_in, embed, theme, mode, given))
        }
    });
}

/// Reads the settings (config.json, the analyst's saved ones, the page's query, the host's
/// options) and opens the workspace they name: a real one through the proxy, or the demo.
async fn open_workspace(
    services: AppServices,
    sign_in: SignIn,
    embed: Option<crate::embed::EmbedOptions>,
    theme: Option<crate::app::PanelTheme>,
    mode: Option<crate::app::PanelMode>,
    given: Option<GivenWorkspace>,
) {
    let mut settings = crate::settings_store::load(embed.is_some()).await;
    if let (Some(crate::app::PanelTheme(theme)), Some(wanted)) = (theme, &settings.theme) {
        if theme.get_untracked().is_none() {
            theme.set(Some(wanted.clone()));
        }
    }
    if let (Some(crate::app::PanelMode(mode)), Some(wanted)) = (mode, &settings.mode) {
        if mode.get_untracked().is_none() {
            mode.set(Some(wanted.clone()));
        }
    }
    let mut tokens: Rc<dyn TokenSource> = Rc::new(NoTokenSource);
    if let Some(embed) = &embed {
        settings = settings.merged(embed.settings.clone());
        if let Some(f) = &embed.get_token {
            tokens = HostTokenSource::new(f.clone().take());
        }
    }
    if embed.as_ref().is_none_or(|e| e.get_token.is_none()) && settings.connection().is_ok() {
        match MsalConfig::from_settings(&settings) {
            Some(Ok(mut config)) => {
                config.login_hint = crate::settings_store::sign_in_hint();
                tokens = sign_in.configure(config);
            }
            Some(Err(e)) => sign_in.misconfigured(e),
            None => {}
        }
    }
    // The optional language model, with the same tokens as the workspace's requests.
    *services.model.borrow_mut() = crate::model::configure(&settings, tokens.clone());
    let mut demo_in_worker = false;
    if let Ok((proxy_url, workspace, api_version)) = settings.connection() {
        let config = HttpWorkspaceConfig {
            proxy_url,
            workspace,
            api_version,
        };
        services.connect(Rc::new(HttpWorkspace::new(config, tokens)));
        // A real workspace: "me" is the host's user, the configured UPN, or nobody (never the
        // demo analyst).
        if embed.as_ref().and_then(|e| e.user.as_ref()).is_none() {
            let mut conversation = services.conversation.borrow_mut();
            conversation.me = settings.user_principal_name.clone().map(|upn| Identity {
                upn,
                display_name: None,
                object_id: None,
            });
        }
    } else {
        // The demo tenant is generated in the panel's worker, off this thread.
        crate::browser::mark("sc-demo-start");
        demo_in_worker = given.is_none();
        let demo = match given {
            Some(GivenWorkspace(ws)) => Ok(ws.take()),
            None => crate::worker_link::demo_workspace(now_ticks())
                .await
                .map(|d| Rc::new(d) as Rc<dyn Workspace>),
        };
        match demo {
            Ok(demo) => services.connect(demo),
            Err(e) => {
                push_turn(
                    &services,
                    "Start the demo workspace".into(),
                    Answer {
                        title: "Could not start the demo workspace".into(),
                        blocks: vec![copilot::answer::Block::Error(e.to_string())],
                    },
                );
                return;
            }
        }
        crate::browser::mark("sc-demo-ready");
        crate::browser::measure("sc-demo-generate", "sc-demo-start", "sc-demo-ready");
    }
    if let Some(msal) = sign_in.source() {
        if let Ok(Some(account)) = msal.start().await {
            set_signed_in(&services, &sign_in, Some(account.identity()));
        }
    }
    if let Some(disabled) = settings.disabled_sources.clone().filter(|d| !d.is_empty()) {
        let inner = services.workspace();
        services.connect(Rc::new(crate::sources::SourceFilter { inner, disabled }));
    }
    reload_incidents(&services).await;
    if demo_in_worker {
        // The demo's 200,000 log rows, generated in the worker once the queue is shown.
        crate::browser::mark("sc-demo-logs-start");
        if crate::worker_link::generate_demo_logs().await.is_ok() {
            crate::browser::mark("sc-demo-logs-ready");
            crate::browser::measure("sc-demo-logs", "sc-demo-logs-start", "sc-demo-logs-ready");
        }
    }
}

/// Loads every incident of the workspace into the queue, following `nextLink` pages.
pub async fn reload_incidents(services: &AppServices) {
    let ws = services.workspace();
    let mut query = IncidentQuery::newest(200);
    let mut all = Vec::new();
    loop {
        match ws.list_incidents(&query).await {
            Ok(page) => {
                all.extend(page.value);
                match page.next_link.as_deref().and_then(skip_token_of) {
                    Some(token) => query.skip_token = Some(token),
                    None => break,
                }
            }
            Err(e) => {
                services.transcript.0.update(|t| {
                    t.push(Turn {
                        id: turn_id(t.len()),
                        prompt: "Load incidents".into(),
                        answer: Answer {
                            title: "Could not load incidents".into(),
                            blocks: vec![copilot::answer::Block::Error(e.to_string())],
                        },
                    })
                });
                break;
            }
        }
    }
    services.incidents.0.set(all);
}

/// The `$skipToken` of a `nextLink`.
fn skip_token_of(next_link: &str) -> Option<String> {
    let query = next_link.split_once('?')?.1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("$skipToken=").map(str::to_string))
}

/// Sends a prompt to the Copilot and appends the answer to the transcript.
///
/// When `stopped()` says the analyst stopped it meanwhile (Escape, Stop), the answer is dropped
/// and the conversation is left as it was.
pub async fn ask(services: &AppServices, prompt: String, stopped: impl Fn() -> bool) {
    let ws = services.workspace();
    // The language model, when the settings switch it on (off: the deterministic generator).
    let model = services.model.borrow().clone();
    // Work on a copy so that no borrow is held across the await.
    let conversation = services.conversation.borrow().clone();
    let answering = match chunk!(respond(
        prompt.clone(),
        conversation,
        ws,
        now_ticks(),
        model
    )) {
        Ok(answering) => answering,
        Err(e) => {
            if !stopped() {
                let error = format!(
                    "Could not load the chat's answering: {e}. Check the connection, then ask again."
                );
                push_turn(
                    services,
                    prompt,
                    Answer {
                        title: "Could not answer".into(),
                        blocks: vec![copilot::answer::Block::Error(error)],
                    },
                );
            }
            return;
        }
    };
    let (answer, conversation) = answering.await;
    if stopped() {
        return;
    }
    *services.conversation.borrow_mut() = conversation;
    push_turn(services, prompt, answer);
}

/// Starts fetching the chat's answering (a chunk of the page's wasm) while the analyst types the
/// first question, so that the answer does not wait for it. Once per page.
pub fn preload_answering() {
    #[cfg(feature = "split")]
    {
        thread_local! {
            static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if !ASKED.with(|a| a.replace(true)) {
            leptos::task::spawn_local(async {
                // A failure shows when the question is asked (and that call tries again).
                let _ = __preload_respond().await;
            });
        }
    }
}

/// The Copilot's answer to `prompt` and the conversation after it. Lazy: the NL->KQL generator
/// and the chat are fetched (a chunk of the page's wasm) when the first question is asked.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        respond,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(__preload_respond)
    )
)]
fn respond(
    prompt: String,
    mut conversation: Conversation,
    ws: Rc<dyn Workspace>,
    now: i64,
    model: Option<Rc<crate::model::ProxyChatModel>>,
) -> Result<PendingAnswer, ChunkError> {
    Ok(Box::pin(async move {
        let model = model
            .as_deref()
            .map(|m| m as &dyn copilot::nl2kql::model::ChatModel);
        let answer =
            copilot::chat::respond_with_model(&prompt, &mut conversation, ws.as_ref(), now, model)
                .await;
        (answer, conversation)
    }))
}

/// The chat working out an answer: the answer and the conversation after it.
type PendingAnswer = std::pin::Pin<Box<dyn std::future::Future<Output = (Answer, Conversation)>>>;

/// Appends a prompt and its answer to the transcript.
pub fn push_turn(services: &AppServices, prompt: String, answer: copilot::answer::Answer) {
    services.transcript.0.update(|t| {
        t.push(Turn {
            id: turn_id(t.len()),
            prompt,
            answer,
        })
    });
}

/// Runs the KQL editor's query: in the browser when it reads tables from dropped files (with
/// the demo tables it joins, on the demo workspace), else on the workspace.
pub async fn run_kql(
    services: &AppServices,
    local: crate::local_tables::LocalTables,
    query: &str,
) -> Result<sentinel::QueryResult, String> {
    use crate::local_tables::routing::{route, Route};
    let ws = services.workspace();
    let catalog = sentinel::core_catalog();
    let Route::Local { workspace, .. } =
        route(query, &local.names(), |n| catalog.table(n).is_some())
    else {
        return ws.query(query, None).await.map_err(|e| e.to_string());
    };
    if !workspace.is_empty() && !ws.info().is_demo {
        return Err(format!(
            "This query joins tables from your files with {} from the workspace. Files are queried \
             in the browser and workspace tables are not downloaded into it: query the file's \
             tables on their own, or bring the workspace rows in as a `datatable`.",
            workspace.join(", ")
        ));
    }
    crate::worker_link::run_local(local.panel, query, now_ticks(), &workspace)
        .await
        .map_err(|e| e.to_string())
}

/// Gathers an incident's alerts, entities, comments, history and threat intelligence.
pub async fn load_evidence(
    services: &AppServices,
    incident_name: &str,
) -> Result<IncidentEvidence, String> {
    let ws = services.workspace();
    IncidentEvidence::load(ws.as_ref(), incident_name)
        .await
        .map_err(|e| e.to_string())
}

/// Reloads the queue after a change, keeping the selection.
pub fn refresh_incidents(services: &AppServices) {
    let services = services.clone();
    leptos::task::spawn_local(async move { reload_incidents(&services).await });
}

/// After sign-in or sign-out: the account becomes (or stops being) "me" of the chat, unless the
/// host page named the analyst.
pub fn set_signed_in(services: &AppServices, sign_in: &SignIn, me: Option<Identity>) {
    if sign_in.sets_me {
        services.conversation.borrow_mut().me = me;
    }
}

/// The analyst in the conversation ("me").
pub fn me(services: &AppServices) -> Option<sentinel::IncidentOwner> {
    services.conversation.borrow().me_as_owner()
}

/// The id of the n-th answer of this page load.
fn turn_id(n: usize) -> String {
    thread_local! {
        static SESSION: String = format!("{:x}", js_sys::Date::now() as u64);
    }
    SESSION.with(|s| format!("{s}-{n}"))
}

/// "Me" in the chat: the host's signed-in user when embedded with one, else the demo analyst.
fn analyst(embed: Option<&crate::embed::EmbedOptions>) -> Identity {
    match embed.and_then(|e| e.user.clone()) {
        Some((upn, object_id, name)) if !upn.is_empty() => Identity {
            upn,
            display_name: (!name.is_empty()).then_some(name),
            object_id: (!object_id.is_empty()).then_some(object_id),
        },
        _ => copilot::chat::identity_of(&sentinel::DEMO_ANALYST),
    }
}

/// Tells the conversation which incident the analyst selected, so "that incident" means it.
pub fn focus_conversation(services: &AppServices, incident: &Incident) {
    services.conversation.borrow_mut().focus_incident(incident);
}
