//! The writer worker: a Web Worker that makes the files the page asks for ([`parkcheck::job`]
//! orders: templates and XLSX exports), so the XLSX writer is in neither the page's bundle nor
//! the reader's, which every file waits for. Built by trunk as a worker, loaded by the page on
//! the first order.
//!
//! All the work is [`parkcheck::job::make`]; this file only moves bytes between the page and
//! it. When ready, the worker posts an empty message so the page knows orders will be heard.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let order = js_sys::Uint8Array::new(&e.data()).to_vec();
            let reply = parkcheck::job::make_bytes(&order);
            let _ = post.post_message(&js_sys::Uint8Array::from(reply.as_slice()));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&js_sys::Uint8Array::new_with_length(0));
}

/// Natively this binary only points at the real tools.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("parkcheck-writer is the browser app's background file maker: run `./dev serve`.");
    std::process::exit(2);
}
