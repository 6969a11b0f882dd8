//! `--simulate`: the Sentinel incident API and the Log Analytics query API answered from the
//! generated demo workspace, in the services' own shapes, so the app, its tests and demos run the
//! whole browser -> proxy -> "Sentinel" path on one machine.
//!
//! Any subscription, resource group, workspace name and workspace id address the one demo
//! workspace. Changes (incident updates, comments) last for the life of the process.

mod arm;
pub mod faults;
mod log_query;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sentinel::{DemoConfig, DemoWorkspace, WorkspaceError};

use crate::config::Simulation;
use crate::error::ProxyError;
use crate::routes::{AllowedRoute, Target};

pub use faults::inject_faults;

/// The simulated upstream: the demo workspace and the fault counters.
pub struct SimulatedSentinel {
    demo: DemoWorkspace,
    faults: faults::FaultState,
}

impl SimulatedSentinel {
    /// Generates the demo workspace (seeded, ending now).
    pub fn new(simulation: &Simulation) -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_micros() as i64 * 10);
        let mut config = DemoConfig::new(now);
        if let Some(seed) = simulation.seed {
            config.seed = seed;
        }
        Self {
            demo: DemoWorkspace::new(config),
            faults: faults::FaultState::new(simulation.faults.clone()),
        }
    }

    /// The demo workspace behind it.
    pub fn demo(&self) -> &DemoWorkspace {
        &self.demo
    }

    /// Answers an allowed request as the real service would.
    pub fn answer(
        &self,
        route: &AllowedRoute,
        method: &Method,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Response {
        let mut response = match &route.target {
            Target::Arm { resource, .. } => {
                arm::answer(&self.demo, route, resource, method, headers, body)
            }
            Target::LogQuery { .. } => log_query::answer(&self.demo, route, method, body),
        };
        let request_id = uuid::Uuid::new_v4().to_string();
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            response.headers_mut().insert("x-ms-request-id", value);
        }
        response
    }
}

/// An error in the ARM shape, with the status the service uses for it.
fn arm_error(error: &WorkspaceError) -> Response {
    let (status, code) = match error {
        WorkspaceError::NotFound { .. } => (StatusCode::NOT_FOUND, "NotFound"),
        WorkspaceError::Conflict { .. } => (StatusCode::PRECONDITION_FAILED, "PreconditionFailed"),
        WorkspaceError::Throttled { .. } => (StatusCode::TOO_MANY_REQUESTS, "TooManyRequests"),
        WorkspaceError::Unauthorized { .. } => (StatusCode::UNAUTHORIZED, "AuthenticationFailed"),
        WorkspaceError::Forbidden { .. } => (StatusCode::FORBIDDEN, "AuthorizationFailed"),
        WorkspaceError::BadQuery { .. } | WorkspaceError::BadRequest { .. } => {
            (StatusCode::BAD_REQUEST, "BadRequest")
        }
        WorkspaceError::Unsupported { .. } => (StatusCode::BAD_REQUEST, "NotSupported"),
        WorkspaceError::Network { .. } => (StatusCode::BAD_GATEWAY, "BadGateway"),
        WorkspaceError::Server { .. } => (StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError"),
    };
    ProxyError::new(status, code, error.to_string()).into_response()
}

/// A JSON body with status 200.
fn json_ok(value: serde_json::Value) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}
