//! `sentinel-proxy`: the CORS proxy in front of Azure Resource Manager and Log Analytics.

fn main() {
    eprintln!("sentinel-proxy: not built yet");
    std::process::exit(2);
}
