//! Where settings come from: flags > environment > file > defaults, and the example file loads.

use sentinel_proxy::config::{Config, Mode};

#[test]
fn flags_beat_environment_beat_file() {
    let dir = std::env::temp_dir().join(format!("sentinel-proxy-sources-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("proxy.toml");
    std::fs::write(
        &file,
        "listen = \"127.0.0.1:7000\"\nallow_origins = [\"https://file.example\"]\n[limits]\ntimeout_ms = 1000\nmax_request_bytes = 10\n",
    )
    .unwrap();
    // This test binary has only this test, so changing the environment races with nothing.
    std::env::set_var("SENTINEL_PROXY_LISTEN", "127.0.0.1:7001");
    std::env::set_var(
        "SENTINEL_PROXY_ALLOW_ORIGINS",
        "https://env-a.example,https://env-b.example",
    );
    std::env::set_var("SENTINEL_PROXY_TIMEOUT_MS", "2000");
    let path = file.to_str().unwrap();

    let config = Config::load(["sentinel-proxy", "--config", path]).unwrap();
    assert_eq!(config.listen.port(), 7001, "environment beats file");
    assert_eq!(
        config.allow_origins,
        vec!["https://env-a.example", "https://env-b.example"]
    );
    assert_eq!(config.limits.timeout.as_millis(), 2000);
    assert_eq!(config.limits.max_request_bytes, 10, "file beats default");

    let config = Config::load([
        "sentinel-proxy",
        "--config",
        path,
        "--listen",
        "127.0.0.1:7002",
        "--timeout-ms",
        "3000",
    ])
    .unwrap();
    assert_eq!(config.listen.port(), 7002, "flag beats environment");
    assert_eq!(config.limits.timeout.as_millis(), 3000);

    std::env::set_var("SENTINEL_PROXY_TIMEOUT_MS", "soon");
    let err = Config::load(["sentinel-proxy", "--config", path])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`timeout_ms` (from SENTINEL_PROXY_TIMEOUT_MS)"),
        "{err}"
    );
    for name in [
        "SENTINEL_PROXY_LISTEN",
        "SENTINEL_PROXY_ALLOW_ORIGINS",
        "SENTINEL_PROXY_TIMEOUT_MS",
    ] {
        std::env::remove_var(name);
    }
    std::fs::remove_dir_all(&dir).ok();

    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/sentinel-proxy.example.toml");
    let config = Config::load(["sentinel-proxy", "--config", example])
        .expect("the example configuration is valid");
    assert_eq!(config.token_gate.tenants.len(), 1);
    assert_eq!(config.mode, Mode::Forward);
}
