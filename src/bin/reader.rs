//! The reader worker: a Web Worker that answers [`parkcheck::job`] requests off the page's
//! thread, so reading a large file never freezes the page. Built by trunk as a worker
//! (`data-type="worker"`), loaded by the page only when there is something to read.
//!
//! All the work is [`parkcheck::job::Reader`]; this file only moves bytes between the page and
//! it. When ready, the worker posts an empty message so the page knows requests will be heard.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reader = RefCell::new(parkcheck::job::Reader::default());
    let post = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let request = js_sys::Uint8Array::new(&e.data()).to_vec();
            reader.borrow_mut().handle_bytes(&request, &mut |reply| {
                let _ = post.post_message(&js_sys::Uint8Array::from(reply.as_slice()));
            });
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&js_sys::Uint8Array::new_with_length(0));
}

/// Natively this binary only points at the real tools.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("parkcheck-reader is the browser app's background reader: run `./dev serve`.");
    std::process::exit(2);
}
