//! The application: shared state, the `Router` with its layers, and the short handlers.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Extension, Json, Router};
use serde_json::json;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use crate::config::{Config, Mode};
use crate::error::ProxyError;
use crate::forward::Upstreams;
use crate::model::{ModelUpstream, MODEL_ROUTE};
use crate::request_log::{self, RouteTemplate};
use crate::routes::{self, AllowedRoute};
#[cfg(feature = "simulate")]
use crate::simulate::{self, SimulatedSentinel};
use crate::{cors, token_gate};

/// Where allowed requests are answered.
pub enum Backend {
    /// Forwarded to the configured upstreams.
    Forward(Upstreams),
    /// Answered by the simulated Sentinel (`--simulate`).
    #[cfg(feature = "simulate")]
    Simulate(SimulatedSentinel),
}

/// State shared by every handler and middleware.
pub struct AppState {
    /// The validated configuration.
    pub config: Config,
    /// Where allowed requests go.
    pub backend: Backend,
    /// The model endpoint behind `/model/chat/completions`, when one is configured.
    pub model: Option<ModelUpstream>,
}

impl AppState {
    /// Builds the state for a configuration (the HTTP client, or the simulated Sentinel).
    pub fn new(config: Config) -> Result<Arc<Self>, String> {
        let backend = match &config.mode {
            Mode::Forward => Backend::Forward(
                Upstreams::new(&config)
                    .map_err(|e| format!("cannot build the HTTP client: {e}"))?,
            ),
            #[cfg(feature = "simulate")]
            Mode::Simulate(simulation) => Backend::Simulate(SimulatedSentinel::new(simulation)),
            #[cfg(not(feature = "simulate"))]
            Mode::Simulate(_) => {
                return Err(
                    "this build has no --simulate (build with the `simulate` feature)".into(),
                )
            }
        };
        let model = ModelUpstream::new(&config)
            .map_err(|e| format!("cannot build the model endpoint's HTTP client: {e}"))?;
        Ok(Arc::new(Self {
            config,
            backend,
            model,
        }))
    }
}

/// The proxy's router: `/healthz`, the allowlisted `/arm/...` and `/la/...` APIs, the model route
/// `POST /model/chat/completions`, 403 for the rest.
pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/arm/{*path}", any(sentinel_api))
        .route("/la/{*path}", any(sentinel_api));
    #[cfg(feature = "simulate")]
    let api = api.layer(from_fn_with_state(state.clone(), simulate::inject_faults));
    let api = api
        .layer(from_fn_with_state(state.clone(), token_gate::check_token))
        .layer(from_fn(allowlist));
    let model = Router::new()
        .route(MODEL_ROUTE, any(model_chat))
        .layer(from_fn_with_state(state.clone(), token_gate::check_token))
        .layer(from_fn_with_state(state.clone(), model_allowlist));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(api)
        .merge(model)
        .fallback(not_proxied)
        .layer(DefaultBodyLimit::max(state.config.limits.max_request_bytes))
        .layer(
            ServiceBuilder::new()
                .layer(from_fn(request_log::sanitize_request_id))
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(request_log::layer())
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(from_fn_with_state(state.clone(), cors::cors)),
        )
        .with_state(state)
}

/// Middleware: lets only allowlisted requests through, with their classified route attached.
async fn allowlist(mut request: Request, next: Next) -> Response {
    match routes::classify(request.method(), request.uri()) {
        Ok(route) => {
            let template = route.template();
            request.extensions_mut().insert(route);
            let mut response = next.run(request).await;
            response.extensions_mut().insert(RouteTemplate(template));
            response
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// Middleware for the model route: POST only, no query, a JSON body, a configured endpoint.
async fn model_allowlist(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let refusal = if state.model.is_none() {
        Some(ProxyError::new(
            axum::http::StatusCode::NOT_FOUND,
            "ModelNotConfigured",
            "this proxy has no language model endpoint; start it with --model-url (and SENTINEL_PROXY_MODEL_API_KEY)",
        ))
    } else if request.method() != Method::POST {
        Some(ProxyError::forbidden(
            "MethodNotAllowed",
            format!(
                "{} is not allowed on {MODEL_ROUTE}; allowed: POST",
                request.method()
            ),
        ))
    } else if request.uri().query().is_some() {
        Some(ProxyError::forbidden(
            "RouteNotAllowed",
            "the model route takes no query parameters; the endpoint is fixed by the proxy's configuration",
        ))
    } else if !request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
    {
        Some(ProxyError::new(
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "the model route takes a JSON body (Content-Type: application/json)",
        ))
    } else {
        None
    };
    let mut response = match refusal {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    };
    response.extensions_mut().insert(RouteTemplate(MODEL_ROUTE));
    response
}

/// A chat completion, answered by the configured model endpoint with the proxy's key.
async fn model_chat(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Result<Response, ProxyError> {
    let Some(model) = &state.model else {
        return Err(ProxyError::forbidden(
            "ModelNotConfigured",
            "no model endpoint",
        ));
    };
    let caller = crate::token_gate::caller(
        request
            .headers()
            .get(axum::http::header::AUTHORIZATION)
            .map(|v| v.as_bytes()),
    );
    if let Some(refused) = model.refusal(caller.as_deref().unwrap_or("anonymous")) {
        return Ok(refused);
    }
    let limit = model.endpoint().max_request_bytes;
    let body = axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| {
            ProxyError::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                "RequestBodyTooLarge",
                format!("the model request is larger than the proxy's limit of {limit} bytes (model max_request_bytes)"),
            )
        })?;
    model.send(&body).await
}

/// Liveness: the process is up and serving.
async fn healthz(
    State(state): State<Arc<AppState>>,
) -> (Extension<RouteTemplate>, Json<serde_json::Value>) {
    let mode = match state.config.mode {
        Mode::Forward => "forward",
        Mode::Simulate(_) => "simulate",
    };
    let body = json!({
        "status": "ok",
        "mode": mode,
        "model": state.model.is_some(),
        "version": env!("CARGO_PKG_VERSION"),
    });
    (Extension(RouteTemplate("/healthz")), Json(body))
}

/// Anything outside `/arm/...`, `/la/...` and `/healthz`.
async fn not_proxied(method: Method, request: Request) -> ProxyError {
    match routes::classify(&method, request.uri()) {
        Err(refusal) => refusal,
        Ok(_) => ProxyError::forbidden("RouteNotAllowed", "this path is not proxied"),
    }
}

/// An allowed Sentinel or Log Analytics request, answered by the backend.
async fn sentinel_api(
    State(state): State<Arc<AppState>>,
    Extension(route): Extension<AllowedRoute>,
    method: Method,
    headers: HeaderMap,
    RequestBody(body): RequestBody,
) -> Result<Response, ProxyError> {
    match &state.backend {
        Backend::Forward(upstreams) => upstreams.send(&route, method, &headers, body).await,
        #[cfg(feature = "simulate")]
        Backend::Simulate(simulated) => Ok(simulated.answer(&route, &method, &headers, &body)),
    }
}

/// The request body, read up to `max_request_bytes` (413 in the ARM error shape above it).
pub struct RequestBody(pub Bytes);

impl FromRequest<Arc<AppState>> for RequestBody {
    type Rejection = ProxyError;

    async fn from_request(request: Request, state: &Arc<AppState>) -> Result<Self, ProxyError> {
        let limit = state.config.limits.max_request_bytes;
        match Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(Self(bytes)),
            Err(rejection) if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ProxyError::body_too_large(limit))
            }
            Err(rejection) => Err(ProxyError::new(
                rejection.status(),
                "RequestBodyUnreadable",
                "the request body could not be read",
            )),
        }
    }
}
