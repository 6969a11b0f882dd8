//! The standalone page: mounts the panel on `<body>`.

fn main() {
    sentinel_copilot::start();
}
