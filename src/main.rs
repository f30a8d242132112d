//! The wasm entry of the web app: mounts the root component. Built by trunk for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<parkcheck::ui::App>::new().render();
}

/// Natively this binary only points at the real tools, so `cargo build` on the host stays useful.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "parkcheck-web is the browser app: run `./dev serve`, or use the `parkcheck` command line."
    );
    std::process::exit(2);
}
