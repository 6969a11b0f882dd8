//! Links the page's wasm with its relocations kept (`--emit-relocs`): `cargo xtask split` needs
//! them to move the `#[lazy]` functions into chunks fetched on first use.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=sentinel-copilot=--emit-relocs");
    }
}
