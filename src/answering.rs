//! The answer being worked on: one at a time, stoppable with Escape or the Stop button, with its
//! progress announced to screen readers.

use leptos::prelude::*;

use copilot::answer::{Answer, Block};

use crate::state::{ask, push_turn, AppServices};

/// Shared by the prompt bar, the suggestions and the panel's Escape key (provided as context).
#[derive(Clone, Copy)]
pub struct Answering {
    /// The prompt being answered, if any.
    pub prompt: RwSignal<Option<String>>,
    /// When it started (`performance.now()`, ms), for the elapsed time shown after 200 ms.
    pub started_ms: RwSignal<f64>,
    /// A short status for screen readers: "Working on an answer", "Stopped".
    pub status: RwSignal<String>,
    generation: StoredValue<u64>,
}

impl Answering {
    /// Nothing is being answered.
    pub fn new() -> Answering {
        Answering {
            prompt: RwSignal::new(None),
            started_ms: RwSignal::new(0.0),
            status: RwSignal::new(String::new()),
            generation: StoredValue::new(0),
        }
    }

    /// Whether an answer is being worked on.
    pub fn busy(self) -> bool {
        self.prompt.with(Option::is_some)
    }

    /// Starts answering `prompt` unless an answer is already being worked on; returns whether it
    /// started.
    pub fn start(self, services: &AppServices, prompt: String) -> bool {
        if self.prompt.with_untracked(Option::is_some) || prompt.trim().is_empty() {
            return false;
        }
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        self.prompt.set(Some(prompt.clone()));
        self.started_ms.set(crate::browser::now_ms());
        self.status.set("Working on an answer…".into());
        let services = services.clone();
        leptos::task::spawn_local(async move {
            let stopped = move || self.generation.get_value() != mine;
            ask(&services, prompt, stopped).await;
            if !stopped() {
                self.prompt.set(None);
                self.status.set("Answer ready.".into());
            }
        });
        true
    }

    /// Stops the answer being worked on: requests in flight are cancelled, whatever comes back
    /// is dropped, and the transcript says so. Returns whether there was one.
    pub fn stop(self, services: &AppServices) -> bool {
        let Some(prompt) = self.prompt.get_untracked() else {
            return false;
        };
        self.generation.update_value(|g| *g += 1);
        services.workspace().cancel();
        services.cancel_model();
        self.prompt.set(None);
        self.status.set("Stopped.".into());
        push_turn(services, prompt, stopped_answer());
        true
    }
}

impl Default for Answering {
    fn default() -> Answering {
        Answering::new()
    }
}

/// What the transcript shows for a stopped answer.
pub fn stopped_answer() -> Answer {
    Answer {
        title: "Stopped".into(),
        blocks: vec![Block::Text(
            "You stopped this answer; nothing from it was kept. Ask again when ready.".into(),
        )],
    }
}
