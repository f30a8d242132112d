//! The reader worker: a Web Worker that answers [`parkcheck::job`] requests off the page's
//! thread, so reading a large file never freezes the page. Built by trunk as a worker
//! (`data-type="worker"`), loaded by the page when the user is about to read.
//!
//! All the work is [`parkcheck::job::Reader`]; this file only hands it the page's messages
//! ([`parkcheck::ui::serve_worker`]).

#[cfg(target_arch = "wasm32")]
fn main() {
    let mut reader = parkcheck::job::Reader::default();
    parkcheck::ui::serve_worker(move |request, send| reader.handle_bytes(request, send));
}

/// Natively this binary only points at the real tools.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("parkcheck-reader is the browser app's background reader: run `./dev serve`.");
    std::process::exit(2);
}
