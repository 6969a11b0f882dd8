//! Configuration from flags, environment (`SENTINEL_PROXY_*`) and a TOML file, in that order of
//! precedence, over built-in defaults. Every value is checked at start-up; a bad one stops the
//! proxy with a message naming the setting and where it came from.

use std::ffi::OsString;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};
use serde::Deserialize;
use url::Url;

/// Default listen address: loopback only, so nothing is exposed by accident.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
/// Default Azure Resource Manager base URL.
pub const DEFAULT_ARM_URL: &str = "https://management.azure.com";
/// Default Log Analytics query API base URL.
pub const DEFAULT_LOG_ANALYTICS_URL: &str = "https://api.loganalytics.io";
/// Origins allowed when none are configured: the app's dev server (`trunk serve`).
pub const DEFAULT_ORIGINS: [&str; 2] = ["http://localhost:8080", "http://127.0.0.1:8080"];

/// Command-line flags; each also reads a `SENTINEL_PROXY_*` environment variable.
#[derive(Debug, Parser)]
#[command(
    name = "sentinel-proxy",
    version,
    about = "CORS proxy in front of Azure Resource Manager (Sentinel) and Log Analytics, or a simulated Sentinel with --simulate"
)]
pub struct Flags {
    /// TOML configuration file (flags and environment override it).
    #[arg(long, env = "SENTINEL_PROXY_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:8787.
    #[arg(long, env = "SENTINEL_PROXY_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// Browser origin allowed to call the proxy (repeatable; the variable takes a comma-separated list).
    #[arg(
        long = "allow-origin",
        env = "SENTINEL_PROXY_ALLOW_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,
    /// Azure Resource Manager base URL.
    #[arg(long, env = "SENTINEL_PROXY_ARM_URL", value_name = "URL")]
    pub arm_url: Option<String>,
    /// Log Analytics query API base URL.
    #[arg(long, env = "SENTINEL_PROXY_LOG_ANALYTICS_URL", value_name = "URL")]
    pub log_analytics_url: Option<String>,
    /// Entra tenant id allowed in the token's `tid` claim (repeatable; turns the token gate on).
    #[arg(
        long = "allow-tenant",
        env = "SENTINEL_PROXY_ALLOW_TENANTS",
        value_name = "GUID",
        value_delimiter = ','
    )]
    pub allow_tenants: Vec<String>,
    /// Audience allowed in the token's `aud` claim (repeatable; turns the token gate on).
    #[arg(
        long = "allow-audience",
        env = "SENTINEL_PROXY_ALLOW_AUDIENCES",
        value_name = "AUD",
        value_delimiter = ','
    )]
    pub allow_audiences: Vec<String>,
    /// Largest request body accepted, in bytes (larger gets 413).
    #[arg(long, env = "SENTINEL_PROXY_MAX_REQUEST_BYTES", value_name = "BYTES")]
    pub max_request_bytes: Option<String>,
    /// Largest upstream response passed on, in bytes (larger gets 502).
    #[arg(long, env = "SENTINEL_PROXY_MAX_RESPONSE_BYTES", value_name = "BYTES")]
    pub max_response_bytes: Option<String>,
    /// Time allowed to connect to the upstream, in milliseconds.
    #[arg(long, env = "SENTINEL_PROXY_CONNECT_TIMEOUT_MS", value_name = "MS")]
    pub connect_timeout_ms: Option<String>,
    /// Time allowed for a whole upstream exchange, in milliseconds (then 504).
    #[arg(long, env = "SENTINEL_PROXY_TIMEOUT_MS", value_name = "MS")]
    pub timeout_ms: Option<String>,
    /// Log format: json or compact.
    #[arg(long, env = "SENTINEL_PROXY_LOG_FORMAT", value_name = "FORMAT")]
    pub log_format: Option<String>,
    /// Serve both APIs from the demo workspace instead of Azure.
    #[arg(long, env = "SENTINEL_PROXY_SIMULATE")]
    pub simulate: bool,
    /// Simulate mode: seed of the generated demo workspace.
    #[arg(long, env = "SENTINEL_PROXY_SEED", value_name = "N")]
    pub seed: Option<String>,
    /// Simulate mode: added latency per request, in milliseconds.
    #[arg(long, env = "SENTINEL_PROXY_FAULT_LATENCY_MS", value_name = "MS")]
    pub fault_latency_ms: Option<String>,
    /// Simulate mode: answer every Nth request with 429 and Retry-After.
    #[arg(
        long = "fault-429-every",
        env = "SENTINEL_PROXY_FAULT_429_EVERY",
        value_name = "N"
    )]
    pub fault_429_every: Option<String>,
    /// Simulate mode: answer every Nth request with 500.
    #[arg(
        long = "fault-500-every",
        env = "SENTINEL_PROXY_FAULT_500_EVERY",
        value_name = "N"
    )]
    pub fault_500_every: Option<String>,
    /// Simulate mode: drop the connection on every Nth request.
    #[arg(long, env = "SENTINEL_PROXY_FAULT_DROP_EVERY", value_name = "N")]
    pub fault_drop_every: Option<String>,
    /// OpenAI-compatible chat completions endpoint behind `POST /model/chat/completions`, e.g.
    /// `https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`.
    #[arg(long, env = "SENTINEL_PROXY_MODEL_URL", value_name = "URL")]
    pub model_url: Option<String>,
    /// The model endpoint's key. Prefer the environment variable: a flag shows in the process list.
    #[arg(
        long,
        env = "SENTINEL_PROXY_MODEL_API_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub model_api_key: Option<String>,
    /// How the key is sent: `api-key` (Azure OpenAI) or `bearer` (OpenAI and most others);
    /// default: `api-key` for Azure OpenAI URLs, else `bearer`.
    #[arg(long, env = "SENTINEL_PROXY_MODEL_AUTH", value_name = "STYLE")]
    pub model_auth: Option<String>,
    /// The `model` field sent upstream, whatever the browser asked for (the deployment name for
    /// Azure OpenAI is in the URL instead).
    #[arg(long, env = "SENTINEL_PROXY_MODEL_NAME", value_name = "NAME")]
    pub model_name: Option<String>,
    /// Largest `max_tokens` a model request may ask for (and the value sent when it asks none).
    #[arg(long, env = "SENTINEL_PROXY_MODEL_MAX_TOKENS", value_name = "N")]
    pub model_max_tokens: Option<String>,
    /// Largest model request body accepted, in bytes (larger gets 413).
    #[arg(
        long,
        env = "SENTINEL_PROXY_MODEL_MAX_REQUEST_BYTES",
        value_name = "BYTES"
    )]
    pub model_max_request_bytes: Option<String>,
    /// Most model requests one caller (the token's user, else everyone without a token) may make
    /// in any minute; more get 429 with `Retry-After`.
    #[arg(
        long,
        env = "SENTINEL_PROXY_MODEL_REQUESTS_PER_MINUTE",
        value_name = "N"
    )]
    pub model_requests_per_minute: Option<String>,
}

/// The TOML file's layout. Unknown keys are errors, so typos do not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub allow_origins: Option<Vec<String>>,
    pub log_format: Option<String>,
    pub simulate: Option<bool>,
    #[serde(default)]
    pub upstreams: FileUpstreams,
    #[serde(default)]
    pub token_gate: FileTokenGate,
    #[serde(default)]
    pub limits: FileLimits,
    #[serde(default)]
    pub simulation: FileSimulation,
    #[serde(default)]
    pub model: FileModel,
}

/// `[model]` (the key is never read from the file: use `SENTINEL_PROXY_MODEL_API_KEY`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileModel {
    pub url: Option<String>,
    pub auth: Option<String>,
    pub name: Option<String>,
    pub max_tokens: Option<u64>,
    pub max_request_bytes: Option<u64>,
    pub requests_per_minute: Option<u64>,
}

/// `[upstreams]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileUpstreams {
    pub arm: Option<String>,
    pub log_analytics: Option<String>,
}

/// `[token_gate]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileTokenGate {
    pub tenants: Option<Vec<String>>,
    pub audiences: Option<Vec<String>>,
}

/// `[limits]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLimits {
    pub max_request_bytes: Option<u64>,
    pub max_response_bytes: Option<u64>,
    pub connect_timeout_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
}

/// `[simulation]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSimulation {
    pub seed: Option<u64>,
    pub latency_ms: Option<u64>,
    pub throttle_every: Option<u64>,
    pub error_every: Option<u64>,
    pub drop_every: Option<u64>,
}

/// A setting that could not be used; the proxy does not start.
#[derive(Debug)]
pub enum ConfigError {
    /// Bad flags, `--help` or `--version`: clap prints and exits.
    Flags(clap::Error),
    /// A value that does not make sense.
    Invalid {
        /// The setting's name, e.g. `listen`.
        setting: &'static str,
        /// Where the value came from, e.g. `--listen` or `SENTINEL_PROXY_LISTEN`.
        source: String,
        /// What is wrong and what is expected.
        message: String,
    },
    /// The configuration file could not be read or parsed.
    File { path: PathBuf, message: String },
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Flags(e) => write!(f, "{e}"),
            Self::Invalid {
                setting,
                source,
                message,
            } => {
                write!(f, "invalid setting `{setting}` (from {source}): {message}")
            }
            Self::File { path, message } => {
                write!(f, "cannot use config file {}: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// How requests are answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Forward to Azure (or whatever the upstream URLs point at).
    Forward,
    /// Answer from the generated demo workspace.
    Simulate(Simulation),
}

/// Settings of the simulated Sentinel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Simulation {
    /// Seed of the demo workspace generator (the demo's default when absent).
    pub seed: Option<u64>,
    /// Faults injected into simulated answers.
    pub faults: Faults,
}

/// Faults injected by the simulated Sentinel, for testing clients' retry and error paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// Added latency per request.
    pub latency: Duration,
    /// Every Nth request gets 429 with `Retry-After`.
    pub throttle_every: Option<u64>,
    /// Every Nth request gets 500.
    pub error_every: Option<u64>,
    /// Every Nth request has its connection dropped.
    pub drop_every: Option<u64>,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line.
    Json,
    /// Human-readable, one line per event.
    Compact,
}

/// The optional coarse gate on unverified token claims.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenGate {
    /// Allowed `tid` claims (lower-case GUIDs); empty means any.
    pub tenants: Vec<String>,
    /// Allowed `aud` claims; empty means any.
    pub audiences: Vec<String>,
}

impl TokenGate {
    /// Whether the gate checks anything.
    pub fn is_on(&self) -> bool {
        !self.tenants.is_empty() || !self.audiences.is_empty()
    }
}

/// Size and time limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body accepted (413 above).
    pub max_request_bytes: usize,
    /// Largest upstream response body passed on (502 above).
    pub max_response_bytes: usize,
    /// Time to connect to the upstream.
    pub connect_timeout: Duration,
    /// Time for the whole upstream exchange (504 above).
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_request_bytes: 1024 * 1024,
            max_response_bytes: 32 * 1024 * 1024,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(120),
        }
    }
}

/// How the proxy presents its key to the model endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelAuth {
    /// `api-key: KEY` (Azure OpenAI).
    ApiKey,
    /// `Authorization: Bearer KEY` (OpenAI and most compatible servers).
    Bearer,
}

/// A secret that never shows in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one header that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The one model endpoint behind `/model/chat/completions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelEndpoint {
    /// The full chat completions URL, query included (e.g. Azure's `api-version`).
    pub url: Url,
    /// The key the proxy adds; absent only for a model on this machine.
    pub api_key: Option<Secret>,
    /// How the key is sent.
    pub auth: ModelAuth,
    /// The `model` field forced on every request, if set.
    pub name: Option<String>,
    /// Largest `max_tokens` accepted, and the value sent when the request names none.
    pub max_tokens: u64,
    /// Largest request body accepted on the model route.
    pub max_request_bytes: usize,
    /// Most requests one caller may make in any minute.
    pub requests_per_minute: u32,
}

/// Default cap on `max_tokens` for model requests.
pub const DEFAULT_MODEL_MAX_TOKENS: u64 = 1024;
/// Default cap on a model request body (a prompt with a refined schema is a few KiB).
pub const DEFAULT_MODEL_MAX_REQUEST_BYTES: usize = 256 * 1024;
/// Default number of model requests one caller may make in a minute (an analyst asks a few).
pub const DEFAULT_MODEL_REQUESTS_PER_MINUTE: u32 = 20;

/// The proxy's validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Allowed browser origins, normalised to `scheme://host[:port]`.
    pub allow_origins: Vec<String>,
    /// Resource Manager base URL.
    pub arm_url: Url,
    /// Log Analytics base URL.
    pub log_analytics_url: Url,
    /// Token claim gate.
    pub token_gate: TokenGate,
    /// Size and time limits.
    pub limits: Limits,
    /// Log format.
    pub log_format: LogFormat,
    /// Forward or simulate.
    pub mode: Mode,
    /// The model endpoint, when one is configured (else `/model/...` answers 404).
    pub model: Option<ModelEndpoint>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: DEFAULT_LISTEN
                .parse()
                .expect("default listen address parses"),
            allow_origins: DEFAULT_ORIGINS.iter().map(|o| o.to_string()).collect(),
            arm_url: Url::parse(DEFAULT_ARM_URL).expect("default ARM URL parses"),
            log_analytics_url: Url::parse(DEFAULT_LOG_ANALYTICS_URL)
                .expect("default LA URL parses"),
            token_gate: TokenGate::default(),
            limits: Limits::default(),
            log_format: LogFormat::Compact,
            mode: Mode::Forward,
            model: None,
        }
    }
}

/// A raw value with where it came from, for error messages.
struct Raw<T> {
    value: T,
    source: String,
}

impl Config {
    /// Reads flags (from `args`, the first being the program name), the environment and the
    /// file named by `--config`, and validates the result.
    pub fn load<I, T>(args: I) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = Flags::command()
            .try_get_matches_from(args)
            .map_err(ConfigError::Flags)?;
        let flags = Flags::from_arg_matches(&matches).map_err(ConfigError::Flags)?;
        let file = match &flags.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let file_name = flags
            .config
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Resolver {
            matches: &matches,
            file_name,
        }
        .resolve(flags, file)
    }
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

struct Resolver<'a> {
    matches: &'a ArgMatches,
    file_name: String,
}

impl Resolver<'_> {
    /// Names the source of a flag's value: the flag itself or its environment variable.
    fn flag_source(&self, id: &str, flag: &str, env: &str) -> String {
        match self.matches.value_source(id) {
            Some(ValueSource::EnvVariable) => env.to_string(),
            _ => flag.to_string(),
        }
    }

    /// Picks flag/env over file over nothing, remembering where the value came from.
    fn pick<T>(
        &self,
        flag: Option<T>,
        id: &str,
        names: (&str, &str),
        file: Option<T>,
        key: &str,
    ) -> Option<Raw<T>> {
        match (flag, file) {
            (Some(value), _) => Some(Raw {
                value,
                source: self.flag_source(id, names.0, names.1),
            }),
            (None, Some(value)) => Some(Raw {
                value,
                source: format!("`{key}` in {}", self.file_name),
            }),
            (None, None) => None,
        }
    }

    fn pick_list(
        &self,
        flag: Vec<String>,
        id: &str,
        names: (&str, &str),
        file: Option<Vec<String>>,
        key: &str,
    ) -> Option<Raw<Vec<String>>> {
        let flag = if flag.is_empty() { None } else { Some(flag) };
        self.pick(flag, id, names, file, key)
    }

    fn resolve(&self, flags: Flags, file: FileConfig) -> Result<Config, ConfigError> {
        let defaults = Config::default();
        let model = self.model(&flags, file.model)?;
        let simulate = flags.simulate || file.simulate.unwrap_or(false);
        let mode = if simulate {
            Mode::Simulate(self.simulation(&flags, &file.simulation)?)
        } else {
            Mode::Forward
        };
        let fault_given = flags.fault_latency_ms.is_some()
            || flags.fault_429_every.is_some()
            || flags.fault_500_every.is_some()
            || flags.fault_drop_every.is_some();
        if !simulate && fault_given {
            return Err(invalid(
                "simulate",
                "--fault-*",
                "fault injection only applies with --simulate".into(),
            ));
        }
        let listen = match self.pick(
            flags.listen,
            "listen",
            ("--listen", "SENTINEL_PROXY_LISTEN"),
            file.listen,
            "listen",
        ) {
            Some(raw) => parse_listen(&raw)?,
            None => defaults.listen,
        };
        let allow_origins = match self.pick_list(
            flags.allow_origins,
            "allow_origins",
            ("--allow-origin", "SENTINEL_PROXY_ALLOW_ORIGINS"),
            file.allow_origins,
            "allow_origins",
        ) {
            Some(raw) => raw
                .value
                .iter()
                .map(|o| parse_origin(o, &raw.source))
                .collect::<Result<_, _>>()?,
            None => defaults.allow_origins,
        };
        let arm_url = match self.pick(
            flags.arm_url,
            "arm_url",
            ("--arm-url", "SENTINEL_PROXY_ARM_URL"),
            file.upstreams.arm,
            "upstreams.arm",
        ) {
            Some(raw) => parse_upstream("arm_url", &raw)?,
            None => defaults.arm_url,
        };
        let log_analytics_url = match self.pick(
            flags.log_analytics_url,
            "log_analytics_url",
            ("--log-analytics-url", "SENTINEL_PROXY_LOG_ANALYTICS_URL"),
            file.upstreams.log_analytics,
            "upstreams.log_analytics",
        ) {
            Some(raw) => parse_upstream("log_analytics_url", &raw)?,
            None => defaults.log_analytics_url,
        };
        let tenants = match self.pick_list(
            flags.allow_tenants,
            "allow_tenants",
            ("--allow-tenant", "SENTINEL_PROXY_ALLOW_TENANTS"),
            file.token_gate.tenants,
            "token_gate.tenants",
        ) {
            Some(raw) => parse_tenants(&raw)?,
            None => Vec::new(),
        };
        let audiences = match self.pick_list(
            flags.allow_audiences,
            "allow_audiences",
            ("--allow-audience", "SENTINEL_PROXY_ALLOW_AUDIENCES"),
            file.token_gate.audiences,
            "token_gate.audiences",
        ) {
            Some(raw) => parse_audiences(&raw)?,
            None => Vec::new(),
        };
        let limits = Limits {
            max_request_bytes: self
                .number(
                    flags.max_request_bytes,
                    "max_request_bytes",
                    ("--max-request-bytes", "SENTINEL_PROXY_MAX_REQUEST_BYTES"),
                    file.limits.max_request_bytes,
                    "limits.max_request_bytes",
                    (1, 1 << 30),
                )?
                .map_or(defaults.limits.max_request_bytes, |n| n as usize),
            max_response_bytes: self
                .number(
                    flags.max_response_bytes,
                    "max_response_bytes",
                    ("--max-response-bytes", "SENTINEL_PROXY_MAX_RESPONSE_BYTES"),
                    file.limits.max_response_bytes,
                    "limits.max_response_bytes",
                    (1, 1 << 32),
                )?
                .map_or(defaults.limits.max_response_bytes, |n| n as usize),
            connect_timeout: self
                .number(
                    flags.connect_timeout_ms,
                    "connect_timeout_ms",
                    ("--connect-timeout-ms", "SENTINEL_PROXY_CONNECT_TIMEOUT_MS"),
                    file.limits.connect_timeout_ms,
                    "limits.connect_timeout_ms",
                    (1, 600_000),
                )?
                .map_or(defaults.limits.connect_timeout, Duration::from_millis),
            timeout: self
                .number(
                    flags.timeout_ms,
                    "timeout_ms",
                    ("--timeout-ms", "SENTINEL_PROXY_TIMEOUT_MS"),
                    file.limits.timeout_ms,
                    "limits.timeout_ms",
                    (1, 3_600_000),
                )?
                .map_or(defaults.limits.timeout, Duration::from_millis),
        };
        let log_format = match self.pick(
            flags.log_format,
            "log_format",
            ("--log-format", "SENTINEL_PROXY_LOG_FORMAT"),
            file.log_format,
            "log_format",
        ) {
            Some(raw) => match raw.value.to_ascii_lowercase().as_str() {
                "json" => LogFormat::Json,
                "compact" | "text" => LogFormat::Compact,
                other => {
                    return Err(invalid(
                        "log_format",
                        &raw.source,
                        format!("`{other}` is not a log format; use json or compact"),
                    ))
                }
            },
            None => defaults.log_format,
        };
        Ok(Config {
            listen,
            allow_origins,
            arm_url,
            log_analytics_url,
            token_gate: TokenGate { tenants, audiences },
            limits,
            log_format,
            mode,
            model,
        })
    }

    /// The `[model]` settings: nothing unless a URL is given; a key is required unless the model
    /// runs on this machine.
    fn model(&self, flags: &Flags, file: FileModel) -> Result<Option<ModelEndpoint>, ConfigError> {
        let given_without_url = flags.model_auth.is_some()
            || flags.model_name.is_some()
            || flags.model_max_tokens.is_some()
            || flags.model_max_request_bytes.is_some()
            || flags.model_requests_per_minute.is_some()
            || file.auth.is_some()
            || file.name.is_some();
        let Some(raw) = self.pick(
            flags.model_url.clone(),
            "model_url",
            ("--model-url", "SENTINEL_PROXY_MODEL_URL"),
            file.url,
            "model.url",
        ) else {
            if given_without_url {
                return Err(invalid(
                    "model_url",
                    "--model-*",
                    "model settings need the model endpoint: set --model-url".into(),
                ));
            }
            return Ok(None);
        };
        let (url, loopback) = parse_model_url(&raw)?;
        let api_key = flags
            .model_api_key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(Secret::new);
        if let Some(key) = &api_key {
            if key.expose().chars().any(|c| c.is_control() || c == ' ') {
                return Err(invalid(
                    "model_api_key",
                    &self.flag_source(
                        "model_api_key",
                        "--model-api-key",
                        "SENTINEL_PROXY_MODEL_API_KEY",
                    ),
                    "the key has spaces or control characters; copy it again".into(),
                ));
            }
        }
        if api_key.is_none() && !loopback {
            return Err(invalid(
                "model_api_key",
                "SENTINEL_PROXY_MODEL_API_KEY",
                format!(
                    "the model endpoint {} needs a key: set SENTINEL_PROXY_MODEL_API_KEY",
                    url.host_str().unwrap_or("")
                ),
            ));
        }
        let auth = match self.pick(
            flags.model_auth.clone(),
            "model_auth",
            ("--model-auth", "SENTINEL_PROXY_MODEL_AUTH"),
            file.auth,
            "model.auth",
        ) {
            Some(raw) => match raw.value.trim().to_ascii_lowercase().as_str() {
                "api-key" | "apikey" | "api_key" => ModelAuth::ApiKey,
                "bearer" => ModelAuth::Bearer,
                other => {
                    return Err(invalid(
                        "model_auth",
                        &raw.source,
                        format!("`{other}` is not a key style; use api-key or bearer"),
                    ))
                }
            },
            None if is_azure_openai(&url) => ModelAuth::ApiKey,
            None => ModelAuth::Bearer,
        };
        let name = match self.pick(
            flags.model_name.clone(),
            "model_name",
            ("--model-name", "SENTINEL_PROXY_MODEL_NAME"),
            file.name,
            "model.name",
        ) {
            Some(raw) => {
                let name = raw.value.trim();
                if name.is_empty()
                    || name.len() > 128
                    || name.chars().any(|c| c.is_whitespace() || c.is_control())
                {
                    return Err(invalid(
                        "model_name",
                        &raw.source,
                        format!("`{name}` is not a model name (1-128 characters, no spaces)"),
                    ));
                }
                Some(name.to_string())
            }
            None => None,
        };
        let max_tokens = self
            .number(
                flags.model_max_tokens.clone(),
                "model_max_tokens",
                ("--model-max-tokens", "SENTINEL_PROXY_MODEL_MAX_TOKENS"),
                file.max_tokens,
                "model.max_tokens",
                (1, 1_000_000),
            )?
            .unwrap_or(DEFAULT_MODEL_MAX_TOKENS);
        let max_request_bytes = self
            .number(
                flags.model_max_request_bytes.clone(),
                "model_max_request_bytes",
                (
                    "--model-max-request-bytes",
                    "SENTINEL_PROXY_MODEL_MAX_REQUEST_BYTES",
                ),
                file.max_request_bytes,
                "model.max_request_bytes",
                (1, 1 << 30),
            )?
            .map_or(DEFAULT_MODEL_MAX_REQUEST_BYTES, |n| n as usize);
        let requests_per_minute = self
            .number(
                flags.model_requests_per_minute.clone(),
                "model_requests_per_minute",
                (
                    "--model-requests-per-minute",
                    "SENTINEL_PROXY_MODEL_REQUESTS_PER_MINUTE",
                ),
                file.requests_per_minute,
                "model.requests_per_minute",
                (1, 100_000),
            )?
            .map_or(DEFAULT_MODEL_REQUESTS_PER_MINUTE, |n| n as u32);
        Ok(Some(ModelEndpoint {
            url,
            api_key,
            auth,
            name,
            max_tokens,
            max_request_bytes,
            requests_per_minute,
        }))
    }

    fn simulation(&self, flags: &Flags, file: &FileSimulation) -> Result<Simulation, ConfigError> {
        let every = |flag: &Option<String>,
                     id: &'static str,
                     names: (&str, &str),
                     file: Option<u64>,
                     key: &str| {
            self.number(flag.clone(), id, names, file, key, (1, u64::MAX))
        };
        Ok(Simulation {
            seed: self.number(
                flags.seed.clone(),
                "seed",
                ("--seed", "SENTINEL_PROXY_SEED"),
                file.seed,
                "simulation.seed",
                (0, u64::MAX),
            )?,
            faults: Faults {
                latency: self
                    .number(
                        flags.fault_latency_ms.clone(),
                        "fault_latency_ms",
                        ("--fault-latency-ms", "SENTINEL_PROXY_FAULT_LATENCY_MS"),
                        file.latency_ms,
                        "simulation.latency_ms",
                        (0, 600_000),
                    )?
                    .map_or(Duration::ZERO, Duration::from_millis),
                throttle_every: every(
                    &flags.fault_429_every,
                    "fault_429_every",
                    ("--fault-429-every", "SENTINEL_PROXY_FAULT_429_EVERY"),
                    file.throttle_every,
                    "simulation.throttle_every",
                )?,
                error_every: every(
                    &flags.fault_500_every,
                    "fault_500_every",
                    ("--fault-500-every", "SENTINEL_PROXY_FAULT_500_EVERY"),
                    file.error_every,
                    "simulation.error_every",
                )?,
                drop_every: every(
                    &flags.fault_drop_every,
                    "fault_drop_every",
                    ("--fault-drop-every", "SENTINEL_PROXY_FAULT_DROP_EVERY"),
                    file.drop_every,
                    "simulation.drop_every",
                )?,
            },
        })
    }

    /// A whole number within `range`, from a flag/env string or a file integer.
    fn number(
        &self,
        flag: Option<String>,
        id: &'static str,
        names: (&str, &str),
        file: Option<u64>,
        key: &str,
        (min, max): (u64, u64),
    ) -> Result<Option<u64>, ConfigError> {
        let (value, source) = match (flag, file) {
            (Some(text), _) => {
                let source = self.flag_source(id, names.0, names.1);
                let value =
                    text.trim().replace('_', "").parse::<u64>().map_err(|_| {
                        invalid(id, &source, format!("`{text}` is not a whole number"))
                    })?;
                (value, source)
            }
            (None, Some(value)) => (value, format!("`{key}` in {}", self.file_name)),
            (None, None) => return Ok(None),
        };
        if value < min || value > max {
            return Err(invalid(
                id,
                &source,
                format!("{value} is out of range; use {min} to {max}"),
            ));
        }
        Ok(Some(value))
    }
}

fn invalid(setting: &'static str, source: &str, message: String) -> ConfigError {
    ConfigError::Invalid {
        setting,
        source: source.to_string(),
        message,
    }
}

fn parse_listen(raw: &Raw<String>) -> Result<SocketAddr, ConfigError> {
    raw.value.trim().parse().map_err(|_| {
        invalid(
            "listen",
            &raw.source,
            format!(
                "`{}` is not an address with a port, e.g. 127.0.0.1:8787 or [::1]:8787",
                raw.value
            ),
        )
    })
}

/// Normalises an origin to `scheme://host[:port]`, refusing wildcards, `null` and anything with a path.
fn parse_origin(text: &str, source: &str) -> Result<String, ConfigError> {
    let text = text.trim();
    let fail = |why: &str| invalid("allow_origins", source, format!("`{text}` {why}"));
    if text == "*" || text.contains('*') {
        return Err(fail(
            "is a wildcard; list each origin, e.g. https://portal.contoso.com",
        ));
    }
    if text.eq_ignore_ascii_case("null") {
        return Err(fail(
            "is the opaque `null` origin, which any sandboxed page can claim",
        ));
    }
    let url =
        Url::parse(text).map_err(|_| fail("is not an origin like https://portal.contoso.com"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(fail("must use http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() || url.host().is_none() {
        return Err(fail("must be scheme://host[:port] with no user name"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() || text.ends_with('/')
    {
        return Err(fail(
            "must not have a path, query or trailing '/'; an origin is scheme://host[:port]",
        ));
    }
    Ok(url.origin().ascii_serialization())
}

/// Upstreams must be https, or http to this machine (for tests against a local mock).
fn parse_upstream(setting: &'static str, raw: &Raw<String>) -> Result<Url, ConfigError> {
    let text = raw.value.trim();
    let url = Url::parse(text).map_err(|_| {
        invalid(
            setting,
            &raw.source,
            format!("`{text}` is not a URL like https://management.azure.com"),
        )
    })?;
    if url.query().is_some() {
        return Err(invalid(
            setting,
            &raw.source,
            format!("`{text}` must not have a query or fragment"),
        ));
    }
    check_upstream_url(setting, raw, url).map(|(url, _)| url)
}

/// The model endpoint: a full chat completions URL whose query (Azure's `api-version`) is kept.
fn parse_model_url(raw: &Raw<String>) -> Result<(Url, bool), ConfigError> {
    let text = raw.value.trim();
    let fail = |why: &str| invalid("model_url", &raw.source, format!("`{text}` {why}"));
    let url = Url::parse(text).map_err(|_| {
        fail("is not a URL like https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")
    })?;
    if !url
        .path()
        .trim_end_matches('/')
        .ends_with("/chat/completions")
    {
        return Err(fail(
            "must be a chat completions endpoint (its path ends in /chat/completions)",
        ));
    }
    check_upstream_url("model_url", raw, url)
}

/// Whether a URL is an Azure OpenAI endpoint (which takes its key as `api-key`).
fn is_azure_openai(url: &Url) -> bool {
    url.host_str().is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        h.ends_with(".openai.azure.com") || h.ends_with(".cognitiveservices.azure.com")
    }) || url.path().contains("/openai/deployments/")
}

/// The checks every upstream URL passes: no credentials or fragment, not link-local, https (or
/// http to this machine). Returns the URL and whether it is on this machine.
fn check_upstream_url(
    setting: &'static str,
    raw: &Raw<String>,
    url: Url,
) -> Result<(Url, bool), ConfigError> {
    let text = raw.value.trim();
    let fail = |why: &str| invalid(setting, &raw.source, format!("`{text}` {why}"));
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail("must not carry a user name or password"));
    }
    if url.fragment().is_some() {
        return Err(fail("must not have a query or fragment"));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => {
            if ip.is_link_local() {
                return Err(fail(
                    "is a link-local address (such as the cloud metadata service)",
                ));
            }
            ip.is_loopback()
        }
        Some(url::Host::Ipv6(ip)) => {
            if is_link_local(IpAddr::V6(ip)) {
                return Err(fail("is a link-local address"));
            }
            ip.is_loopback()
        }
        None => return Err(fail("has no host")),
    };
    match url.scheme() {
        "https" => Ok((url, loopback)),
        "http" if loopback => Ok((url, loopback)),
        "http" => Err(fail(
            "must use https (plain http is only accepted for this machine, e.g. a local mock)",
        )),
        _ => Err(fail("must use https")),
    }
}

fn parse_tenants(raw: &Raw<Vec<String>>) -> Result<Vec<String>, ConfigError> {
    raw.value
        .iter()
        .map(|t| {
            let t = t.trim();
            if crate::routes::is_guid(t) {
                Ok(t.to_ascii_lowercase())
            } else {
                Err(invalid(
                    "allow_tenants",
                    &raw.source,
                    format!("`{t}` is not a tenant id (a GUID)"),
                ))
            }
        })
        .collect()
}

fn parse_audiences(raw: &Raw<Vec<String>>) -> Result<Vec<String>, ConfigError> {
    raw.value
        .iter()
        .map(|a| {
            let a = a.trim();
            if a.is_empty() || a.chars().any(|c| c.is_whitespace() || c.is_control()) {
                Err(invalid(
                    "allow_audiences",
                    &raw.source,
                    format!("`{a}` is not an audience (a URI or app id, no spaces)"),
                ))
            } else {
                Ok(a.to_string())
            }
        })
        .collect()
}

/// Whether an address is one a proxy should never be pointed at (metadata service and friends).
pub fn is_link_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(args: &[&str]) -> Result<Config, ConfigError> {
        let mut all = vec!["sentinel-proxy"];
        all.extend_from_slice(args);
        Config::load(all)
    }

    fn message(args: &[&str]) -> String {
        load(args).expect_err("config must be refused").to_string()
    }

    #[test]
    fn defaults_are_safe() {
        let config = load(&[]).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.arm_url.as_str(), "https://management.azure.com/");
        assert_eq!(
            config.log_analytics_url.as_str(),
            "https://api.loganalytics.io/"
        );
        assert!(!config.token_gate.is_on());
        assert_eq!(config.mode, Mode::Forward);
    }

    #[test]
    fn flags_set_every_value() {
        let config = load(&[
            "--listen",
            "0.0.0.0:9000",
            "--allow-origin",
            "https://portal.contoso.com",
            "--allow-origin",
            "http://localhost:3000",
            "--arm-url",
            "http://127.0.0.1:5000/arm",
            "--allow-tenant",
            "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
            "--max-request-bytes",
            "2048",
            "--timeout-ms",
            "1500",
            "--log-format",
            "json",
        ])
        .unwrap();
        assert_eq!(config.listen.port(), 9000);
        assert_eq!(
            config.allow_origins,
            vec!["https://portal.contoso.com", "http://localhost:3000"]
        );
        assert_eq!(config.arm_url.as_str(), "http://127.0.0.1:5000/arm");
        assert_eq!(
            config.token_gate.tenants,
            vec!["72f988bf-86f1-41af-91ab-2d7cd011db47"]
        );
        assert_eq!(config.limits.max_request_bytes, 2048);
        assert_eq!(config.limits.timeout, Duration::from_millis(1500));
        assert_eq!(config.log_format, LogFormat::Json);
    }

    #[test]
    fn bad_values_name_the_setting_and_source() {
        assert!(message(&["--listen", "nowhere"]).contains("`listen` (from --listen)"));
        assert!(message(&["--allow-origin", "*"]).contains("wildcard"));
        assert!(message(&["--allow-origin", "null"]).contains("allow_origins"));
        assert!(message(&["--allow-origin", "https://a.example/path"]).contains("path"));
        assert!(message(&["--arm-url", "http://management.azure.com"]).contains("must use https"));
        assert!(message(&["--arm-url", "https://169.254.169.254"]).contains("link-local"));
        assert!(message(&["--arm-url", "https://u:p@management.azure.com"]).contains("user name"));
        assert!(message(&["--log-analytics-url", "ftp://x"]).contains("log_analytics_url"));
        assert!(message(&["--allow-tenant", "contoso"]).contains("GUID"));
        assert!(message(&["--max-request-bytes", "lots"]).contains("max_request_bytes"));
        assert!(message(&["--timeout-ms", "0"]).contains("out of range"));
        assert!(message(&["--log-format", "xml"]).contains("log_format"));
        assert!(message(&["--fault-429-every", "3"]).contains("--simulate"));
    }

    #[test]
    fn model_endpoint_settings() {
        assert_eq!(load(&[]).unwrap().model, None, "no model unless configured");
        let azure = "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
        let config = load(&["--model-url", azure, "--model-api-key", "k1"]).unwrap();
        let model = config.model.expect("model configured");
        assert_eq!(model.url.as_str(), azure, "the query (api-version) is kept");
        assert_eq!(model.auth, ModelAuth::ApiKey);
        assert_eq!(model.max_tokens, DEFAULT_MODEL_MAX_TOKENS);
        assert!(!format!("{model:?}").contains("k1"), "Debug hides the key");
        let openai = load(&[
            "--model-url",
            "https://api.openai.com/v1/chat/completions",
            "--model-api-key",
            "k2",
            "--model-name",
            "gpt-4o-mini",
            "--model-max-tokens",
            "300",
        ])
        .unwrap()
        .model
        .unwrap();
        assert_eq!(openai.auth, ModelAuth::Bearer);
        assert_eq!(openai.name.as_deref(), Some("gpt-4o-mini"));
        assert_eq!(openai.max_tokens, 300);
        let local = load(&["--model-url", "http://127.0.0.1:11434/v1/chat/completions"]).unwrap();
        assert!(
            local.model.unwrap().api_key.is_none(),
            "a model on this machine may need no key"
        );
        assert!(
            message(&["--model-url", "https://api.openai.com/v1/chat/completions"])
                .contains("SENTINEL_PROXY_MODEL_API_KEY")
        );
        assert!(
            message(&["--model-url", "https://api.openai.com/v1/embeddings"])
                .contains("chat completions")
        );
        assert!(
            message(&["--model-url", "http://api.openai.com/v1/chat/completions"])
                .contains("https")
        );
        assert!(
            message(&["--model-url", "https://169.254.169.254/v1/chat/completions"])
                .contains("link-local")
        );
        assert!(message(&["--model-name", "gpt-4o"]).contains("--model-url"));
        assert!(message(&[
            "--model-url",
            azure,
            "--model-api-key",
            "k",
            "--model-auth",
            "basic"
        ])
        .contains("model_auth"));
    }

    #[test]
    fn file_values_apply_under_flags() {
        let dir =
            std::env::temp_dir().join(format!("sentinel-proxy-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("proxy.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:7000\"\nallow_origins = [\"https://soc.contoso.com\"]\nsimulate = true\n\
             [limits]\ntimeout_ms = 900\n[simulation]\nthrottle_every = 4\n",
        )
        .unwrap();
        let file = path.to_str().unwrap();
        let config = load(&["--config", file, "--listen", "127.0.0.1:7001"]).unwrap();
        assert_eq!(config.listen.port(), 7001, "flag wins over file");
        assert_eq!(config.allow_origins, vec!["https://soc.contoso.com"]);
        assert_eq!(config.limits.timeout, Duration::from_millis(900));
        match config.mode {
            Mode::Simulate(sim) => assert_eq!(sim.faults.throttle_every, Some(4)),
            Mode::Forward => panic!("file asked for simulate"),
        }
        std::fs::write(&path, "listen = \"127.0.0.1:7000\"\nlisten_port = 3\n").unwrap();
        let err = load(&["--config", file]).unwrap_err().to_string();
        assert!(err.contains("listen_port"), "{err}");
        std::fs::write(&path, "[limits]\ntimeout_ms = 0\n").unwrap();
        let err = load(&["--config", file]).unwrap_err().to_string();
        assert!(
            err.contains("timeout_ms") && err.contains("proxy.toml"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
        assert!(load(&["--config", "/nonexistent/proxy.toml"])
            .unwrap_err()
            .to_string()
            .contains("/nonexistent/proxy.toml"));
    }
}
