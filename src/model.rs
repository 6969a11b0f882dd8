//! The optional language model, over the proxy: a [`ChatModel`] that POSTs an OpenAI-compatible
//! chat to `{proxy}/model/chat/completions`. The proxy holds the model's key and picks the
//! endpoint; the panel sends only the chat and, like its workspace requests, the analyst's bearer
//! token for the proxy's gate (which the proxy never passes to the model).
//!
//! Off by default (the `model` setting); what the model writes is repaired and checked by
//! `copilot::nl2kql::model::generate_with_model`, which falls back to the deterministic query.

use std::rc::Rc;

use copilot::nl2kql::model::{
    chat_request_body, parse_chat_response, ChatMessage, ChatModel, Completion, ModelError,
};
use gloo_net::http::{Method, RequestBuilder};

use crate::auth::{Audience, TokenSource};
use crate::config::{ModelRoute, Settings};

/// How long the panel waits for the model before answering without it.
pub const MODEL_TIMEOUT_MS: u32 = 20_000;

/// A chat model reached through the proxy's model route.
pub struct ProxyChatModel {
    route: ModelRoute,
    tokens: Rc<dyn TokenSource>,
    /// The request in flight, for [`ProxyChatModel::cancel`].
    in_flight: std::cell::RefCell<Option<web_sys::AbortController>>,
}

impl ProxyChatModel {
    /// A client for `route`, authenticating to the proxy with `tokens` (as the workspace does).
    pub fn new(route: ModelRoute, tokens: Rc<dyn TokenSource>) -> ProxyChatModel {
        ProxyChatModel {
            route,
            tokens,
            in_flight: Default::default(),
        }
    }

    /// Aborts the request in flight (the analyst stopped the answer).
    pub fn cancel(&self) {
        if let Some(abort) = self.in_flight.borrow_mut().take() {
            abort.abort();
        }
    }

    /// The request body: the chat, with `model` only when the settings name one.
    pub fn body(&self, messages: &[ChatMessage]) -> serde_json::Value {
        let mut body = chat_request_body(self.route.name.as_deref().unwrap_or(""), messages);
        if self.route.name.is_none() {
            if let Some(fields) = body.as_object_mut() {
                fields.remove("model");
            }
        }
        body
    }

    async fn send(&self, messages: &[ChatMessage]) -> Result<String, ModelError> {
        // The same token as the incident requests: the proxy's gate accepts it; the model never
        // sees it.
        let token = self
            .tokens
            .token(Audience::ResourceManager)
            .await
            .map_err(ModelError)?;
        // A model that does not answer in time is given up on (the deterministic query answers).
        let abort =
            web_sys::AbortController::new().expect("AbortController exists in every browser");
        let timer = {
            let abort = abort.clone();
            gloo_timers::callback::Timeout::new(MODEL_TIMEOUT_MS, move || abort.abort())
        };
        *self.in_flight.borrow_mut() = Some(abort.clone());
        let mut builder = RequestBuilder::new(&self.route.url)
            .method(Method::POST)
            .abort_signal(Some(&abort.signal()));
        if !token.is_empty() {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let request = builder
            .json(&self.body(messages))
            .map_err(|e| ModelError(format!("the request could not be built ({e})")))?;
        let timed_out = || {
            ModelError(format!(
                "the model did not answer within {} s",
                MODEL_TIMEOUT_MS / 1000
            ))
        };
        let response = request.send().await.map_err(|e| {
            if abort.signal().aborted() {
                timed_out()
            } else {
                ModelError(format!(
                    "the proxy at {} did not answer ({e})",
                    origin_of(&self.route.url)
                ))
            }
        })?;
        let status = response.status();
        let retry_after = response.headers().get("retry-after");
        let text = response.text().await;
        drop(timer);
        let text = match text {
            Ok(text) => text,
            Err(_) if abort.signal().aborted() => return Err(timed_out()),
            Err(e) => return Err(ModelError(format!("the answer could not be read ({e})"))),
        };
        if (200..300).contains(&status) {
            parse_chat_response(&text)
        } else {
            Err(error_for_status(status, &text, retry_after.as_deref()))
        }
    }
}

impl ChatModel for ProxyChatModel {
    fn complete<'a>(&'a self, messages: &'a [ChatMessage]) -> Completion<'a> {
        Box::pin(self.send(messages))
    }
}

/// `scheme://host[:port]` of a URL, for messages.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..]
        .find('/')
        .map_or(url, |i| &url[..after_scheme + i])
}

/// A clear error for a status the proxy (or the model behind it) answered.
pub fn error_for_status(status: u16, body: &str, retry_after: Option<&str>) -> ModelError {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.pointer(&format!("/error/{name}")))
            .and_then(|m| m.as_str())
            .map(str::to_string)
    };
    let code = field("code").unwrap_or_default();
    let message = field("message").unwrap_or_default();
    let detail = if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    };
    ModelError(match status {
        401 => "the proxy asked for sign-in (401); sign in again".to_string(),
        403 => format!("the proxy refused the model request (403){detail}"),
        404 if code == "ModelNotConfigured" => {
            "the proxy has no model configured (start it with --model-url)".to_string()
        }
        404 => format!("the proxy has no model route (404){detail}; update sentinel-proxy"),
        413 => format!("the prompt is larger than the proxy accepts (413){detail}"),
        429 => match retry_after.and_then(|s| s.trim().parse::<u64>().ok()) {
            Some(s) => format!("the model is busy (429); try again in {s} s"),
            None => "the model is busy (429); try again shortly".to_string(),
        },
        502 if code == "ModelKeyRefused" => {
            format!("the model endpoint refused the proxy's key (502){detail}")
        }
        504 => format!("the model did not answer in time (504){detail}"),
        500..=599 => format!("the model service failed ({status}){detail}"),
        _ => format!("the model request failed ({status}){detail}"),
    })
}

/// The panel's model from its settings, with the panel's token source (`None` when the model is
/// off or cannot work, with the reason logged to the console). Each panel keeps its own
/// (`AppServices`), so two panels on a page can differ.
pub fn configure(settings: &Settings, tokens: Rc<dyn TokenSource>) -> Option<Rc<ProxyChatModel>> {
    match settings.model_route() {
        Ok(Some(route)) => Some(Rc::new(ProxyChatModel::new(route, tokens))),
        Ok(None) => None,
        Err(why) => {
            leptos::logging::warn!("sentinel-copilot: language model off: {why}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::NoTokenSource;
    use copilot::nl2kql::model::Role;

    #[test]
    fn errors_say_what_to_do() {
        let e = |status, body: &str, retry| error_for_status(status, body, retry).0;
        assert!(e(401, "", None).contains("sign in"));
        assert!(e(429, "", Some("7")).contains("7 s"));
        assert!(e(
            404,
            r#"{"error":{"code":"ModelNotConfigured","message":"x"}}"#,
            None
        )
        .contains("--model-url"));
        assert!(e(
            502,
            r#"{"error":{"code":"ModelKeyRefused","message":"refused"}}"#,
            None
        )
        .contains("key"));
        assert!(e(500, "oops", None).contains("failed (500)"));
        assert!(e(400, r#"{"error":{"message":"content filtered"}}"#, None)
            .contains("content filtered"));
    }

    #[test]
    fn the_body_names_a_model_only_when_the_settings_do() {
        let messages = [ChatMessage {
            role: Role::User,
            content: "q".into(),
        }];
        let route = |name: Option<&str>| ModelRoute {
            url: "https://p.example/model/chat/completions".into(),
            name: name.map(str::to_string),
        };
        let unnamed = ProxyChatModel::new(route(None), Rc::new(NoTokenSource));
        assert!(unnamed.body(&messages).get("model").is_none());
        let named = ProxyChatModel::new(route(Some("gpt-4o")), Rc::new(NoTokenSource));
        assert_eq!(named.body(&messages)["model"], "gpt-4o");
        assert_eq!(named.body(&messages)["messages"][0]["content"], "q");
        assert_eq!(origin_of(&named.route.url), "https://p.example");
    }
}
