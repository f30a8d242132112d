//! The writer worker: a Web Worker that makes the files the page asks for ([`parkcheck::job`]
//! orders: templates and XLSX exports), so the XLSX writer is in neither the page's bundle nor
//! the reader's, which every file waits for. Built by trunk as a worker, loaded by the page on
//! the first order.
//!
//! All the work is [`parkcheck::job::make`]; this file only hands it the page's messages
//! ([`parkcheck::ui::serve_worker`]).

#[cfg(target_arch = "wasm32")]
fn main() {
    parkcheck::ui::serve_worker(|order, send| send(parkcheck::job::make_bytes(order)));
}

/// Natively this binary only points at the real tools.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("parkcheck-writer is the browser app's background file maker: run `./dev serve`.");
    std::process::exit(2);
}
