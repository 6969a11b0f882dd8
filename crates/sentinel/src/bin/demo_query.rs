//! Runs a KQL query on the demo workspace (being built).
fn main() {
    eprintln!("demo-query: the demo workspace is not built yet");
    std::process::exit(1);
}
